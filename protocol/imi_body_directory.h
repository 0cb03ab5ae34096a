/*  imi_body_directory: the shared directory of authorities on the wire.

    Each member state's node is the only writer of its own authorities. Its
    changes form an append-only feed of signed entries:

        entry = [ body: bin(<= IMI_DIRECTORY_ENTRY_MAX_BYTES), signature: bin(64) ]
        body  = [ "imi-dir-1", origin: str(2), seq: uint (>= 1), prev_hash: bin(32),
                  timestamp_ms: uint, op: uint, authority_id: str, authority: authority | nil ]
        op 1 = upsert (authority present, authority.id == authority_id),
        op 2 = remove (authority nil)
        prev_hash = entry hash of seq - 1 (32 zero bytes for seq 1)
        entry hash = SHA-256 (body bytes); signature = Ed25519 by the origin's
        signing key over "imi.directory.v1" || body bytes

    The authority is written inline as the body's last item (a msgpack
    array, not a bin), so it is part of the signed bytes; a decoded entry's
    view->authority points at exactly those bytes inside the body.

        authority = [ id: str, names: [ [lang, text] ... ], acronym: str,
                      address: str, postcode: str, city: str,
                      contacts: [ [kind, value] ... ],
                      competences: [ [legal_area: str, procedures: [str ...],
                                      keywords: [ [lang, text] ... ]] ... ] ]

    Limits and character rules are the IMI_DIRECTORY_* constants below; a
    lang is 2 or 3 lower-case ASCII letters (ISO 639); an id, a legal area
    and a procedure code are 1..64 of [a-z0-9._-]; contact kinds are email,
    phone, fax, web; every text is UTF-8 without control characters and, where
    required, not empty or blank. Whether a legal area or procedure code
    exists is the catalogue's business (node/), not the codec's.

    Replication messages (bodies of envelope types, see imi_envelope.h):
        DIR_PUSH      (sequenced)   [ entries: [ entry ... ] ]            (1..IMI_DIRECTORY_BATCH_MAX)
        DIR_FRONTIER  (unsequenced) [ [origin: str(2), last_seq: uint, head_hash: bin(32)] ... ]  (0..64)
        DIR_ENTRIES   (unsequenced) [ entries: [ entry ... ], more: bool ] (1..IMI_DIRECTORY_BATCH_MAX)
    Entries inside these bodies are carried as the bytes of a bin each, so
    that signatures are checked on the exact bytes the origin signed.
*/
#ifndef IMI_BODY_DIRECTORY_H
#define IMI_BODY_DIRECTORY_H

#include "imi_codec.h"
#include "imi_crypto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_DIRECTORY_SIGN_CONTEXT      "imi.directory.v1"
#define IMI_DIRECTORY_ENTRY_MAX_BYTES   (64 * 1024)
#define IMI_DIRECTORY_BATCH_MAX         256         //  entries per PUSH / ENTRIES message
#define IMI_DIRECTORY_ORIGINS_MAX       64          //  rows in a FRONTIER
#define IMI_DIRECTORY_ID_MAX            64
#define IMI_DIRECTORY_NAMES_MAX         16
#define IMI_DIRECTORY_NAME_MAX          256
#define IMI_DIRECTORY_ACRONYM_MAX       32
#define IMI_DIRECTORY_ADDRESS_MAX       256
#define IMI_DIRECTORY_POSTCODE_MAX      16
#define IMI_DIRECTORY_CITY_MAX          128
#define IMI_DIRECTORY_CONTACTS_MAX      8
#define IMI_DIRECTORY_CONTACT_MAX       256
#define IMI_DIRECTORY_COMPETENCES_MAX   24
#define IMI_DIRECTORY_PROCEDURES_MAX    32
#define IMI_DIRECTORY_KEYWORDS_MAX      32          //  per competence
#define IMI_DIRECTORY_KEYWORD_MAX       128
#define IMI_DIRECTORY_CODE_MAX          64          //  legal area and procedure codes

typedef enum {
    IMI_DIRECTORY_UPSERT = 1,
    IMI_DIRECTORY_REMOVE = 2
} imi_directory_op_t;

typedef struct {
    char lang [4];                                      //  "de", "fr", "ga", ...
    char text [IMI_DIRECTORY_NAME_MAX + 1];
} imi_text_t;

typedef struct {
    char lang [4];
    char text [IMI_DIRECTORY_KEYWORD_MAX + 1];
} imi_keyword_t;

typedef struct {
    char kind [8];                                      //  email, phone, fax, web
    char value [IMI_DIRECTORY_CONTACT_MAX + 1];
} imi_contact_t;

typedef struct {
    char legal_area [IMI_DIRECTORY_CODE_MAX + 1];
    char procedures [IMI_DIRECTORY_PROCEDURES_MAX][IMI_DIRECTORY_CODE_MAX + 1];
    size_t procedure_count;
    imi_keyword_t keywords [IMI_DIRECTORY_KEYWORDS_MAX];
    size_t keyword_count;
} imi_competence_t;

//  One authority, decoded. Large (~160 KB): allocate it, do not put it on the stack.
typedef struct {
    char id [IMI_DIRECTORY_ID_MAX + 1];
    imi_text_t names [IMI_DIRECTORY_NAMES_MAX];
    size_t name_count;
    char acronym [IMI_DIRECTORY_ACRONYM_MAX + 1];
    char address [IMI_DIRECTORY_ADDRESS_MAX + 1];
    char postcode [IMI_DIRECTORY_POSTCODE_MAX + 1];
    char city [IMI_DIRECTORY_CITY_MAX + 1];
    imi_contact_t contacts [IMI_DIRECTORY_CONTACTS_MAX];
    size_t contact_count;
    imi_competence_t competences [IMI_DIRECTORY_COMPETENCES_MAX];
    size_t competence_count;
} imi_authority_t;

//  A decoded entry: fields plus pointers into the input, which must outlive it.
typedef struct {
    char origin [3];
    uint64_t seq;
    uint8_t prev_hash [IMI_HASH_BYTES];
    uint64_t timestamp_ms;
    uint32_t op;                                        //  imi_directory_op_t
    char authority_id [IMI_DIRECTORY_ID_MAX + 1];
    const uint8_t *authority;                           //  encoded authority (upsert) or NULL
    size_t authority_size;
    const uint8_t *body;                                //  the signed bytes
    size_t body_size;
    const uint8_t *signature;                           //  IMI_SIGNATURE_BYTES
    uint8_t hash [IMI_HASH_BYTES];                      //  SHA-256 (body)
} imi_entry_view_t;

typedef struct {
    char origin [3];
    uint64_t last_seq;
    uint8_t head_hash [IMI_HASH_BYTES];
} imi_frontier_row_t;

//  True if code is 1..maximum bytes of [a-z0-9._-] (reads at most maximum + 1
//  bytes): the rule of authority ids, legal areas and procedure codes, which
//  the case codec and user names follow too.
bool imi_directory_code_valid (const char *code, size_t maximum);

//  Check an authority's fields against the rules above (the codec does this
//  on both encode and decode). 0 or -2 with a reason naming the field.
int imi_authority_validate (const imi_authority_t *authority) IMI_WARN_UNUSED;

//  Encode an authority (validated first). 0 with *out malloc'd, -2 if invalid.
int imi_authority_encode (const imi_authority_t *authority, uint8_t **out, size_t *size);

//  Decode an encoded authority into *authority (caller allocates). 0 or -2.
int imi_authority_decode (imi_authority_t *authority, const uint8_t *data,
                          size_t size) IMI_WARN_UNUSED;

//  Build and sign an entry. authority is the encoded authority for an upsert,
//  NULL for a remove. 0 with *out malloc'd, -1/-2 on failure.
int imi_entry_seal (uint8_t **out, size_t *size, const char *origin, uint64_t seq,
                    const uint8_t prev_hash [IMI_HASH_BYTES], uint64_t timestamp_ms,
                    uint32_t op, const char *authority_id, const uint8_t *authority,
                    size_t authority_size, const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES]);

//  Decode an entry's structure (also decodes the embedded authority to check
//  it, and that its id matches authority_id). Computes view->hash. 0 or -2.
int imi_entry_decode (imi_entry_view_t *view, const uint8_t *data, size_t size) IMI_WARN_UNUSED;

//  Verify the origin's signature. 0 or -1.
int imi_entry_verify (const imi_entry_view_t *view,
                      const uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES]) IMI_WARN_UNUSED;

//  A list of encoded entries (for PUSH and ENTRIES bodies).
typedef struct {
    const uint8_t *data [IMI_DIRECTORY_BATCH_MAX];      //  each points into the body
    size_t size [IMI_DIRECTORY_BATCH_MAX];
    size_t count;
} imi_entry_list_t;

//  Encoders return 0 with *out malloc'd (caller frees), or -1 if the list is
//  empty or longer than IMI_DIRECTORY_BATCH_MAX, an entry is larger than
//  IMI_DIRECTORY_ENTRY_MAX_BYTES, or the body would exceed IMI_BODY_MAX_BYTES
//  (entries whose sizes add up to at most IMI_BODY_MAX_BYTES - 8 - 5 x count
//  always fit). Decoders return 0 or -2; entries->data point into data.
int imi_dir_push_encode (const imi_entry_list_t *entries, uint8_t **out, size_t *size);
int imi_dir_push_decode (imi_entry_list_t *entries, const uint8_t *data,
                         size_t size) IMI_WARN_UNUSED;
int imi_dir_entries_encode (const imi_entry_list_t *entries, bool more, uint8_t **out,
                            size_t *size);
int imi_dir_entries_decode (imi_entry_list_t *entries, bool *more, const uint8_t *data,
                            size_t size) IMI_WARN_UNUSED;
//  -1 if count exceeds IMI_DIRECTORY_ORIGINS_MAX or an origin is invalid or repeated.
int imi_dir_frontier_encode (const imi_frontier_row_t *rows, size_t count, uint8_t **out,
                             size_t *size);
//  rows has room for IMI_DIRECTORY_ORIGINS_MAX; origins must be valid state codes, unique.
int imi_dir_frontier_decode (imi_frontier_row_t *rows, size_t *count, const uint8_t *data,
                             size_t size) IMI_WARN_UNUSED;

void imi_body_directory_test (void);

#endif
