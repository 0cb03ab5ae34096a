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

//  Create a new identity for state in folder dir (created 0700 if missing).
//  Refuses to overwrite an existing identity.key. Returns 0 or -1.
int imi_identity_generate (const char *dir, const char *state);

//  Load the identity in dir. Returns NULL on failure (missing, unreadable,
//  too open, wrong size, public file not matching the secret), with a reason.
imi_identity_t *imi_identity_load (const char *dir);

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
