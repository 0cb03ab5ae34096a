/*  imi_note: the C2SP text formats of transparency logs, so that existing
    tooling (witnesses, monitors, the Go sumdb/note and transparency-dev
    libraries) can read our checkpoints and we can read their cosignatures.

    Three specifications, one module because each builds on the one before:
      - signed note (c2sp.org/signed-note): a UTF-8 text ending in a newline,
        a blank line, then one or more signature lines
            "— " key-name " " base64 (key id (4, big-endian) || signature) "\n"
        Ed25519 signatures (type 0x01) are over the note text, which includes
        its final newline but not the blank line. A key id is the first four
        bytes of SHA-256 (key name || "\n" || type || 32-byte public key). A
        verifier key ("vkey") is the text "name+<8 hex key id>+base64(type || key)".
      - checkpoint (c2sp.org/tlog-checkpoint): a note text of origin, tree size
        (decimal), root hash (base64 of 32 bytes), then optional extension lines.
      - cosignature v1 (c2sp.org/tlog-cosignature): a witness's Ed25519
        signature (type 0x04) on a checkpoint, over
            "cosignature/v1\ntime " decimal-seconds "\n" || checkpoint text
        carried in a note signature line as key id || timestamp (8 bytes,
        big-endian) || signature (64).

    Our limits, above the specifications' minimums: a note of at most 1 MiB
    and 100 signature lines, key names and origins of at most 255 bytes, and
    signatures of at most 8192 bytes after the key id (room for post-quantum
    signatures by keys we do not know, which we keep but never check).

    Domain separation: every Ed25519 signature elsewhere in the protocol is
    over a context starting with "imi." (imi_crypto). A note signature is over
    the bare note text, so no note text we sign, and no checkpoint origin,
    may start with "imi.": then no note signature is ever also a valid
    envelope or manifest signature. Cosignatures start with "cosignature/v1".

    Parsing is strict (every rule of the specifications, canonical base64), so
    a note that decodes encodes back to exactly the bytes received.
*/
#ifndef IMI_NOTE_H
#define IMI_NOTE_H

#include "imi_crypto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_NOTE_MAX_BYTES              (1024 * 1024)
#define IMI_NOTE_MAX_SIGNATURES         100
#define IMI_NOTE_NAME_MAX               255
#define IMI_NOTE_SIGNATURE_MAX          8192
#define IMI_NOTE_KEY_ID_BYTES           4
#define IMI_NOTE_TYPE_ED25519           0x01    //  plain Ed25519 note signature
#define IMI_NOTE_TYPE_COSIGNATURE       0x04    //  timestamped Ed25519 cosignature/v1
#define IMI_NOTE_COSIGNATURE_BYTES      (8 + IMI_SIGNATURE_BYTES)
//  "name+xxxxxxxx+" and base64 of 33 bytes (44 characters)
#define IMI_NOTE_VKEY_MAX               (IMI_NOTE_NAME_MAX + 10 + 44)
//  "— " (4 bytes), name, " ", base64 of 4 + 72 bytes (104 characters), "\n"
#define IMI_NOTE_COSIGNATURE_LINE_MAX   (4 + IMI_NOTE_NAME_MAX + 1 + 104 + 1)
#define IMI_NOTE_ORIGIN_MAX             255
#define IMI_NOTE_ORIGIN_PREFIX          "federated-imi/"

//  A key we know: a log's (type 0x01) or a witness's (type 0x04).
typedef struct {
    char name [IMI_NOTE_NAME_MAX + 1];
    uint8_t type;                               //  IMI_NOTE_TYPE_*
    uint32_t key_id;                            //  always imi_note_key_id of the rest
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES];
} imi_note_key_t;

//  One signature line of a note, by a known key or not.
typedef struct {
    char name [IMI_NOTE_NAME_MAX + 1];
    uint32_t key_id;
    uint8_t *signature;                         //  the bytes after the key id; owned by the note
    size_t signature_size;                      //  1 .. IMI_NOTE_SIGNATURE_MAX
} imi_note_signature_t;

//  What imi_note_verify found for one known key.
typedef struct {
    bool valid;                                 //  the key signed the note, validly
    uint64_t timestamp;                         //  cosignature keys: when the witness signed
} imi_note_verified_t;

//  A checkpoint's fields. extensions points into the parsed text (or the
//  caller's memory when formatting): zero or more lines, each non-empty and
//  ending in a newline; NULL or "" when there are none.
typedef struct {
    char origin [IMI_NOTE_ORIGIN_MAX + 1];
    uint64_t size;                              //  leaves in the tree
    uint8_t root [IMI_HASH_BYTES];              //  RFC 9162 root hash at that size
    const char *extensions;
    size_t extensions_size;
} imi_note_checkpoint_t;

typedef struct _imi_note_t imi_note_t;

//  True if name (size bytes) is a valid key name: 1 to 255 bytes of UTF-8
//  without control characters, Unicode spaces or '+'.
bool imi_note_name_valid (const char *name, size_t size);

//  The key id of a valid key name (imi_note_name_valid): first 4 bytes,
//  big-endian, of SHA-256 (name || "\n" || type || public_key).
uint32_t imi_note_key_id (const char *name, uint8_t type,
                          const uint8_t public_key [IMI_SIGN_PUBLIC_BYTES]);

//  Fill key from a name, a type (0x01 or 0x04) and a public key, computing
//  its id. 0, or -1 if the name or type is invalid.
int imi_note_key_set (imi_note_key_t *key, const char *name, uint8_t type,
                      const uint8_t public_key [IMI_SIGN_PUBLIC_BYTES]);

//  Parse a vkey "name+<8 hex>+base64 (type || public key)" (NUL-terminated)
//  of type 0x01 or 0x04 whose id matches. 0, or -2 with the reason.
int imi_note_vkey_parse (imi_note_key_t *key, const char *vkey) IMI_WARN_UNUSED;

//  Format key as a vkey (lower-case hex id), NUL-terminated.
void imi_note_vkey_format (const imi_note_key_t *key, char vkey [IMI_NOTE_VKEY_MAX + 1]);

//  New note with text (size bytes, copied): valid UTF-8 without control
//  characters other than newline, ending in a newline. No signatures yet.
//  NULL with the reason.
imi_note_t *imi_note_new (const char *text, size_t size);

//  Decode a signed note (size bytes; does not verify the signatures). NULL
//  with the reason if malformed: too large, bad UTF-8 or a control character,
//  no blank line before the signatures, a line not "— name base64", a bad key
//  name, bad base64, a signature of fewer than 5 or more than 4 + 8192
//  bytes, no signature or more than 100.
imi_note_t *imi_note_decode (const char *data, size_t size);

//  Free the note and null the caller's pointer.
void imi_note_destroy (imi_note_t **self_p);

//  Encode text, blank line, signature lines into *out (malloc'd, caller
//  frees; NUL-terminated, *size excludes the NUL). 0, or -1 if the note has
//  no signature (a signed note has at least one) or memory runs out.
int imi_note_encode (imi_note_t *self, char **out, size_t *size);

//  The note text (NUL-terminated, ending in a newline); *size its length.
const char *imi_note_text (imi_note_t *self, size_t *size);

size_t imi_note_signature_count (imi_note_t *self);
//  The n-th signature line, or NULL.
const imi_note_signature_t *imi_note_signature_at (imi_note_t *self, size_t index);

//  Sign the text with an Ed25519 key (type 0x01) under name, replacing an
//  earlier line with the same name and key id. 0, or -1 if the name is
//  invalid, the text starts with "imi.", or the note has 100 lines already.
int imi_note_sign (imi_note_t *self, const char *name,
                   const uint8_t secret_key [IMI_SIGN_SECRET_BYTES]);

//  Add a signature line received from elsewhere (size bytes, ending in a
//  newline; e.g. a witness's cosignature), replacing an earlier line with
//  the same name and key id. Not verified here. 0, -1 if the note has 100
//  lines already, -2 if the line is malformed.
int imi_note_add_signature (imi_note_t *self, const char *line, size_t size) IMI_WARN_UNUSED;

//  Check the signatures by known keys (key_count of them). Lines by unknown
//  keys (name and id not both matching) are ignored; every line by a known
//  key must verify. verified, if not NULL, holds key_count results filled
//  in key order. 0 if at least one known key signed validly; -1 with the
//  reason otherwise ("note has no verifiable signatures", "invalid signature
//  for key NAME+ID", "ambiguous key NAME+ID" when two known keys share both).
int imi_note_verify (imi_note_t *self, const imi_note_key_t *keys, size_t key_count,
                     imi_note_verified_t *verified) IMI_WARN_UNUSED;

//  The origin of a node's log: "federated-imi/" federation "/" state, with
//  every byte of the federation name outside [A-Za-z0-9._~-] written %XX
//  (upper-case hex), so that the origin is also a valid key name. 0, or -1
//  if the federation name (1 to 64 printable ASCII) or state code is invalid.
int imi_note_checkpoint_origin (char origin [IMI_NOTE_ORIGIN_MAX + 1],
                                const char *federation, const char *state);

//  Format a checkpoint's text into *text (malloc'd, caller frees;
//  NUL-terminated, *size excludes the NUL). 0, or -1 with the reason if a
//  field breaks a rule of imi_note_checkpoint_parse.
int imi_note_checkpoint_format (const imi_note_checkpoint_t *checkpoint, char **text,
                                size_t *size);

//  Parse a checkpoint text (size bytes, a note text): origin (1 to 255
//  bytes, not starting with "imi."), tree size (decimal, no leading zero,
//  at most 2^64 - 1), root hash (canonical base64 of 32 bytes), then
//  non-empty extension lines. 0, or -2 with the reason.
int imi_note_checkpoint_parse (imi_note_checkpoint_t *checkpoint, const char *text,
                               size_t size) IMI_WARN_UNUSED;

//  Our extension line "imi-restored N": the log was restored from a backup
//  when it held N leaves, and went on from there (PROTOCOL.md §12.2). 1 with
//  *at_size if a checkpoint's extensions hold one (the last, if several), 0
//  if none, -2 if one is not a decimal size within the checkpoint's.
#define IMI_NOTE_RESTORED_EXTENSION     "imi-restored"
int imi_note_checkpoint_restored (const imi_note_checkpoint_t *checkpoint,
                                  uint64_t *at_size) IMI_WARN_UNUSED;

//  Cosign a checkpoint text (size bytes, must parse) as witness name at
//  timestamp (seconds since 1970, at most 2^63 - 1): writes the signature
//  line, NUL-terminated and ending in a newline, into line. 0, or -1 with the reason.
int imi_note_cosign (char line [IMI_NOTE_COSIGNATURE_LINE_MAX + 1], const char *checkpoint,
                     size_t size, const char *name, uint64_t timestamp,
                     const uint8_t secret_key [IMI_SIGN_SECRET_BYTES]);

//  Verify one cosignature line (size bytes, ending in a newline) on a
//  checkpoint text by witness (a type 0x04 key); *timestamp gets its time.
//  0; -2 if the line is malformed or not by this witness's name and key id;
//  -1 if the signature does not verify.
int imi_note_cosignature_verify (const char *line, size_t line_size, const char *checkpoint,
                                 size_t size, const imi_note_key_t *witness,
                                 uint64_t *timestamp) IMI_WARN_UNUSED;

void imi_note_test (void);

#endif
