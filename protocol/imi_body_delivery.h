/*  imi_body_delivery: the plain bodies of the delivery family of messages.

        PING      [ manifest_version: uint ]
        PONG      [ ping_id: bin(16), manifest_version: uint ]
        RECEIPT   [ first_seq: uint, last_seq: uint, header_hashes: [ bin(32) ... ] ]
                  version 2 adds: refused: [ [ seq: uint, kind: str, reason: str ] ... ]
        TEXT      [ text: str (<= IMI_TEXT_MAX_BYTES, UTF-8) ]
        MANIFEST  [ manifest: bin ]   (an encoded, signed imi_manifest)

    A RECEIPT says: "I have applied every sequenced message you sent me on
    this link up to last_seq, and those numbered first_seq..last_seq had
    exactly these header hashes". It is cumulative (the link is applied in
    order) and lists the hashes of the batch it closes, so one signature
    acknowledges many messages and still names each of them. Version 2
    adds which of those messages were refused (their seq consumed, their
    content not applied) and why, so that a refusal reaches the sender
    instead of passing for a delivery. The header's version says which
    schema a body follows: the codec of RECEIPT takes it as an argument.
*/
#ifndef IMI_BODY_DELIVERY_H
#define IMI_BODY_DELIVERY_H

#include "imi_codec.h"
#include "imi_envelope.h"

#define IMI_TEXT_MAX_BYTES          4096
#define IMI_RECEIPT_MAX_HASHES      4096
#define IMI_REFUSAL_KIND_MAX        32      //  bytes of [a-z_]
#define IMI_REFUSAL_REASON_MAX      256     //  bytes of UTF-8

typedef struct {
    uint64_t manifest_version;
} imi_ping_t;

typedef struct {
    uint8_t ping_id [IMI_MESSAGE_ID_BYTES];
    uint64_t manifest_version;
} imi_pong_t;

//  One refused message of a receipt (version 2).
typedef struct {
    uint64_t seq;                           //  first_seq .. last_seq, ascending
    char kind [IMI_REFUSAL_KIND_MAX + 1];   //  the receiver's rejection kind ("malformed")
    char reason [IMI_REFUSAL_REASON_MAX + 1];   //  for people
} imi_refusal_t;

typedef struct {
    uint64_t first_seq;
    uint64_t last_seq;
    uint32_t hash_count;                    //  last_seq - first_seq + 1
    const uint8_t *hashes;                  //  hash_count * IMI_HASH_BYTES
    uint32_t refused_count;                 //  version 2 only; 0 .. hash_count
    const imi_refusal_t *refused;           //  refused_count of them
} imi_receipt_t;

//  Encoders return 0 with *out malloc'd (caller frees), or -1.
int imi_ping_encode (const imi_ping_t *ping, uint8_t **out, size_t *size);
int imi_pong_encode (const imi_pong_t *pong, uint8_t **out, size_t *size);
//  A RECEIPT in the schema of header version (1 or 2); version 1 has no
//  room for refusals and refuses a receipt that carries any.
int imi_receipt_encode (const imi_receipt_t *receipt, uint32_t version, uint8_t **out,
                        size_t *size);
int imi_text_encode (const char *text, uint8_t **out, size_t *size);
int imi_manifest_body_encode (const uint8_t *manifest, size_t manifest_size,
                              uint8_t **out, size_t *size);

//  Decoders return 0 or -2 (reason names the field).
int imi_ping_decode (imi_ping_t *ping, const uint8_t *data, size_t size) IMI_WARN_UNUSED;
int imi_pong_decode (imi_pong_t *pong, const uint8_t *data, size_t size) IMI_WARN_UNUSED;
//  A RECEIPT in the schema of header version (1 or 2). receipt->hashes and
//  ->refused are malloc'd: free with imi_receipt_cleanup. Checks that
//  first_seq >= 1, last_seq >= first_seq, the count of hashes matches, and
//  that refusals are in the range, ascending, with a kind and a reason.
int imi_receipt_decode (imi_receipt_t *receipt, uint32_t version, const uint8_t *data,
                        size_t size) IMI_WARN_UNUSED;
void imi_receipt_cleanup (imi_receipt_t *receipt);
//  text is malloc'd and NUL-terminated; caller frees.
int imi_text_decode (char **text, const uint8_t *data, size_t size) IMI_WARN_UNUSED;
//  *manifest points into data.
int imi_manifest_body_decode (const uint8_t **manifest, size_t *manifest_size,
                              const uint8_t *data, size_t size) IMI_WARN_UNUSED;

void imi_body_delivery_test (void);

#endif
