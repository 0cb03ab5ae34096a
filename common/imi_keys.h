/*  imi_keys: secret key files and a node's identity.

    Secret material lives in files that only the owner can read (mode 0600);
    loading refuses a file that group or others can read, as ssh does. At run
    time secrets sit in sodium_malloc'd memory (guard pages, locked, wiped on
    free) and are never logged.

    A node's identity is a folder holding:
      identity.key   secret, 96 raw bytes:
                     Ed25519 secret key (64, libsodium form) || X25519 secret (32)
      identity.pub   public, text, one "name value" per line:
                       state DE
                       sign_key <64 hex>      Ed25519 public key
                       curve_key <64 hex>     X25519 (CURVE) public key
    A node rotating its keys holds two more pairs of the same form beside
    it: identity.next.key/.pub (made ahead, not yet in use) and, once it has
    switched, identity.previous.key/.pub (the keys it used before, kept to
    open what peers sealed for them and for the record). The node switches
    with imi_identity_promote: previous <- current <- next.
    A governance key is one file of 64 raw bytes (Ed25519 secret key, libsodium
    form), mode 0600; its public key is printed when it is made.
*/
#ifndef IMI_KEYS_H
#define IMI_KEYS_H

#include "imi_crypto.h"

typedef struct _imi_identity_t imi_identity_t;

//  True if state is a member state code: exactly two upper-case ASCII
//  letters (ISO 3166 alpha-2, EL for Greece as the EU uses). NULL is false.
int imi_state_code_valid (const char *state);

//  The names of a node's key pairs in its folder (files NAME.key, NAME.pub).
#define IMI_IDENTITY_CURRENT    "identity"
#define IMI_IDENTITY_NEXT       "identity.next"
#define IMI_IDENTITY_PREVIOUS   "identity.previous"

//  Create a new identity for state in folder dir (created 0700 if missing).
//  Refuses to overwrite an existing identity.key. Returns 0 or -1.
int imi_identity_generate (const char *dir, const char *state);

//  The same for the key pair called name (IMI_IDENTITY_NEXT: keys made
//  ahead of a rotation). Returns 0 or -1.
int imi_identity_generate_named (const char *dir, const char *name, const char *state);

//  Load the identity in dir. Returns NULL on failure (missing, unreadable,
//  too open, wrong size, public file not matching the secret), with a reason.
//  A promotion cut short by a crash (imi_identity_promote) is finished first.
imi_identity_t *imi_identity_load (const char *dir);

//  Load the key pair called name in dir, as imi_identity_load. NULL with a
//  reason.
imi_identity_t *imi_identity_load_named (const char *dir, const char *name);

//  Make the next keys current: identity.* become identity.previous.*
//  (replacing older previous ones) and identity.next.* become identity.*,
//  by links and renames that a crash at any point leaves resumable: calling
//  it again, or imi_identity_load, finishes the job. 0 or -1.
int imi_identity_promote (const char *dir);

//  Exchange the keys of two loaded identities, so that whoever holds a
//  pointer to self sees the other's keys from now on. Both must be of one state.
void imi_identity_swap (imi_identity_t *self, imi_identity_t *other);

//  Wipe and free. Safe to call twice; sets *self_p to NULL.
void imi_identity_destroy (imi_identity_t **self_p);

//  Accessors. Returned pointers live as long as the identity.
const char *imi_identity_state (imi_identity_t *self);
const uint8_t *imi_identity_sign_public (imi_identity_t *self);
const uint8_t *imi_identity_sign_secret (imi_identity_t *self);
const uint8_t *imi_identity_curve_public (imi_identity_t *self);
const uint8_t *imi_identity_curve_secret (imi_identity_t *self);

//  Public half of an identity, read from identity.pub alone (used to add a
//  node to the manifest without touching its secrets).
typedef struct {
    char state [3];
    uint8_t sign_key [IMI_SIGN_PUBLIC_BYTES];
    uint8_t curve_key [IMI_BOX_PUBLIC_BYTES];
} imi_identity_public_t;

//  Read path (an identity.pub file). Returns 0, or -1 with the line at fault.
int imi_identity_public_load (const char *path, imi_identity_public_t *public_part);

//  Create a governance key file at path (refuses to overwrite). Writes its
//  public key into public_key. Returns 0 or -1.
int imi_governance_key_generate (const char *path, uint8_t public_key [IMI_SIGN_PUBLIC_BYTES]);

//  Load a governance key into a sodium_malloc'd 64-byte buffer (free with
//  imi_secret_free). Returns NULL on failure.
uint8_t *imi_governance_key_load (const char *path);

//  Write size secret bytes to path with mode 0600, refusing to overwrite.
int imi_secret_file_write (const char *path, const uint8_t *secret, size_t size);

//  Read exactly size bytes from a 0600 file into sodium_malloc'd memory.
//  NULL on failure (missing, other size, readable by group/others).
uint8_t *imi_secret_file_read (const char *path, size_t size);

//  Wipe and free memory from imi_secret_file_read. Accepts NULL.
void imi_secret_free (uint8_t *secret);

void imi_keys_test (void);

#endif
