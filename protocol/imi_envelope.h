/*  imi_envelope: the signed, encrypted unit every node-to-node message travels in.

    Wire form (PROTOCOL.md has the normative text):
        envelope = [ header: bin, body: bin, signature: bin(64) ]
        header   = msgpack [ version, type, message_id: bin(16), from: str(2),
                             to: str(2), seq, timestamp_ms, body_hash: bin(32) ]
        body     = nonce (24) || crypto_box_afternm (plain body)   (imi_crypto)
        body_hash = SHA-256 (body as sent, i.e. the sealed bytes)
        signature = Ed25519 by the sender over "imi.envelope.v1" || header bytes
    The header travels as the exact bytes that were signed: the receiver
    verifies those bytes, never a re-encoding. Because the signature covers
    the body's hash and not the body, a body can be erased later (retention)
    and the header still proves the exchange.

    Decoding is structural (shape, types, bounds); verifying is cryptographic
    (signature, body hash); opening decrypts. The node runs them in that order
    and only then looks at the plain body (imi_body).
*/
#ifndef IMI_ENVELOPE_H
#define IMI_ENVELOPE_H

#include "imi_crypto.h"
#include "imi_keys.h"

#include <stddef.h>
#include <stdint.h>

//  The version this code writes where the peer speaks it, and the oldest
//  it still reads and writes (PROTOCOL.md §2.5: links to version 1 peers).
#define IMI_PROTOCOL_VERSION        2
#define IMI_PROTOCOL_VERSION_MIN    1
#define IMI_MESSAGE_ID_BYTES        16
#define IMI_ENVELOPE_SIGN_CONTEXT   "imi.envelope.v1"
//  Largest plain body and largest envelope any node accepts.
#define IMI_BODY_MAX_BYTES          (1024 * 1024)
#define IMI_ENVELOPE_MAX_BYTES      (IMI_BODY_MAX_BYTES + IMI_BOX_OVERHEAD + 512)

typedef enum {
    IMI_TYPE_PING = 1,          //  liveness + manifest version; answered by PONG
    IMI_TYPE_PONG = 2,
    IMI_TYPE_RECEIPT = 3,       //  signed acknowledgement of sequenced messages
    IMI_TYPE_TEXT = 4,          //  operator test message (sequenced, durable)
    IMI_TYPE_MANIFEST = 5,      //  a federation manifest, offered to a peer
    IMI_TYPE_DIR_PUSH = 6,      //  an origin's new directory entries (sequenced)
    IMI_TYPE_DIR_FRONTIER = 7,  //  "what I hold of each origin's feed"
    IMI_TYPE_DIR_ENTRIES = 8,   //  entries above a peer's frontier, any origin
    IMI_TYPE_CASE_EVENT = 9,    //  one event of a case (sequenced)
    IMI_TYPE_CASE_PART = 10,    //  a piece of a case attachment (sequenced)
    IMI_TYPE_AUDIT_CHECKPOINT = 11,     //  our log's checkpoint, for a witness
    IMI_TYPE_AUDIT_COSIGNATURE = 12,    //  a witness's answer
    IMI_TYPE_AUDIT_GOSSIP = 13,         //  a checkpoint of another log we witnessed
    IMI_TYPE_ALERT_EVENT = 14,  //  one event of an alert (sequenced)
    IMI_TYPE_NOTIFICATION_EVENT = 15,   //  one step of a notification (sequenced)
    IMI_TYPE_LINK_STATE = 16,   //  a restored node asks a peer to repair their link
    IMI_TYPE_LINK_RETURN = 17,  //  the peer's answer: its view, our lost messages
    IMI_TYPE_LIMIT              //  one past the last known type
} imi_message_type_t;

typedef struct {
    uint32_t version;                           //  IMI_PROTOCOL_VERSION_MIN .. IMI_PROTOCOL_VERSION
    uint32_t type;                              //  imi_message_type_t
    uint8_t message_id [IMI_MESSAGE_ID_BYTES];  //  random, unique per message
    char from [3];                              //  sender state, e.g. "DE"
    char to [3];                                //  recipient state
    uint64_t seq;                               //  per-link sequence, 1, 2, ...; 0 = unsequenced
    uint64_t timestamp_ms;                      //  sender's clock, ms since 1970 UTC
    uint8_t body_hash [IMI_HASH_BYTES];         //  SHA-256 of the sealed body
} imi_header_t;

//  Why a decode failed (PROTOCOL.md §7.1): a header of another protocol
//  version and a type this version does not know are told apart from other
//  malformed input, so that a newer peer shows as such in the counters.
typedef enum {
    IMI_ENVELOPE_MALFORMED,             //  any other fault of shape or field
    IMI_ENVELOPE_UNSUPPORTED_VERSION,   //  header.version is not IMI_PROTOCOL_VERSION
    IMI_ENVELOPE_UNKNOWN_TYPE           //  header.type is not a type of this version
} imi_envelope_fault_t;

//  A decoded envelope: the header fields plus pointers into the input
//  buffer, which must outlive the view.
typedef struct {
    imi_header_t header;
    const uint8_t *header_bytes;    //  the exact signed bytes
    size_t header_size;
    const uint8_t *body;            //  sealed body
    size_t body_size;
    const uint8_t *signature;       //  IMI_SIGNATURE_BYTES
    imi_envelope_fault_t fault;     //  after a failed decode: what kind of fault
} imi_envelope_view_t;

//  True if type is sequenced (durable, receipted, applied exactly once).
int imi_message_type_sequenced (uint32_t type);

//  Name of a message type for logs ("ping", ...; "unknown" otherwise).
const char *imi_message_type_name (uint32_t type);

//  True if type's body is an array whose first item is the id of the case,
//  alert or notification the message belongs to (CASE_EVENT, CASE_PART,
//  ALERT_EVENT, NOTIFICATION_EVENT): what a refusal of it is recorded under.
int imi_message_type_owned (uint32_t type);

//  Build an envelope: seal plain (size bytes) with the shared key, fill the
//  header's body_hash, encode the header, sign it. header supplies every
//  other field. nonce NULL means random (known-answer tests pass one).
//  Returns 0 with *out (malloc'd, caller frees) and *out_size, or -1.
int imi_envelope_seal (uint8_t **out, size_t *out_size, imi_header_t *header,
                       const uint8_t *plain, size_t plain_size,
                       const uint8_t shared [IMI_BOX_SHARED_BYTES],
                       const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES],
                       const uint8_t nonce [IMI_BOX_NONCE_BYTES]);

//  Sign an encoded envelope again, in place, with sign_secret (a node that
//  rotated its keys, for what it stored signed with the old ones): header
//  and body stay byte for byte, and so does the header hash by which
//  receipts and the audit log name the message. 0, or -2 if data does not
//  decode as an envelope.
int imi_envelope_resign (uint8_t *data, size_t size,
                         const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES]) IMI_WARN_UNUSED;

//  Decode the structure of an envelope of size bytes. Returns 0, or -2 with a
//  reason (bad shape, wrong types, unknown version or type, bad state codes,
//  oversized, trailing bytes); then every field of view is zero but fault,
//  which says whether the version, the type or anything else was wrong.
int imi_envelope_decode (imi_envelope_view_t *view, const uint8_t *data,
                         size_t size) IMI_WARN_UNUSED;

//  Decode signed header bytes alone (as the audit log keeps them, without
//  the body): the same checks as imi_envelope_decode makes on the header.
//  Returns 0, or -2 with a reason.
int imi_envelope_header_decode (imi_header_t *header, const uint8_t *data,
                                size_t size) IMI_WARN_UNUSED;

//  Check the signature with the sender's public key and the body hash.
//  Returns 0, or -1 with the reason ("signature does not verify",
//  "body hash does not match").
int imi_envelope_verify (const imi_envelope_view_t *view,
                         const uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES]) IMI_WARN_UNUSED;

//  Decrypt the body. Returns 0 with *plain (malloc'd, caller frees; may be
//  size 0) or -1 if it does not authenticate.
int imi_envelope_open (const imi_envelope_view_t *view,
                       const uint8_t shared [IMI_BOX_SHARED_BYTES],
                       uint8_t **plain, size_t *plain_size) IMI_WARN_UNUSED;

//  SHA-256 of the header bytes: how receipts and the audit log name a message.
void imi_envelope_header_hash (const imi_envelope_view_t *view, uint8_t out [IMI_HASH_BYTES]);

void imi_envelope_test (void);

#endif
