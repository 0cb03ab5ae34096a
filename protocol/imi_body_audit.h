/*  imi_body_audit: the leaves of a node's audit log, and the bodies of the
    messages by which nodes witness each other's logs.

    A leaf is what the log says happened, never a body or a case's content:
        SENT / RECEIVED  [ kind: uint, peer: str(2), header: bin, signature: bin(64),
                           note: str ]
            an envelope we sent to / received from peer: its exact signed
            header bytes (which carry the body's SHA-256, the type, the link
            sequence and the sender's time) and the sender's Ed25519
            signature, so anyone with the sender's public key can check it;
            note is "" or why a received message was not applied
        LOCAL            [ kind: uint, at_ms: uint, event: str, detail: str ]
            a change made on this node that an auditor should see (a user
            added or disabled, a manifest accepted); detail names ids and
            the node's own user names (docs/audit.md lists every event),
            never a case's subject
    The leaf's bytes are hashed into the Merkle tree (RFC 9162:
    SHA-256 (0x00 || leaf)).

    Witnessing (unsequenced, node to node):
        AUDIT_CHECKPOINT  [ note: str, old_size: uint, proof: [ bin(32) ... ] ]
            our new signed checkpoint (C2SP signed note), with a consistency
            proof from old_size, the size of our last checkpoint this peer
            cosigned (0: none)
        AUDIT_COSIGNATURE [ size: uint, cosignature: str ]
            the witness's C2SP cosignature line for our checkpoint of size
        AUDIT_GOSSIP      [ note: str ]
            a checkpoint of another origin that the sender witnessed, so that
            two witnesses shown different roots for one size find out
*/
#ifndef IMI_BODY_AUDIT_H
#define IMI_BODY_AUDIT_H

#include "imi_codec.h"
#include "imi_envelope.h"

#define IMI_LEAF_SENT               1
#define IMI_LEAF_RECEIVED           2
#define IMI_LEAF_LOCAL              3
#define IMI_LEAF_NOTE_MAX           512
#define IMI_LEAF_EVENT_MAX          64
#define IMI_LEAF_DETAIL_MAX         1024
#define IMI_LEAF_HEADER_MAX         512
#define IMI_AUDIT_NOTE_MAX          (16 * 1024)     //  a checkpoint with its signatures
#define IMI_AUDIT_PROOF_MAX         65      //  IMI_MERKLE_PROOF_MAX

typedef struct {
    uint32_t kind;                              //  IMI_LEAF_*
    //  SENT, RECEIVED
    char peer [3];
    const uint8_t *header;                      //  points into the leaf
    size_t header_size;
    const uint8_t *signature;                   //  IMI_SIGNATURE_BYTES
    char note [IMI_LEAF_NOTE_MAX + 1];
    //  LOCAL
    uint64_t at_ms;
    char event [IMI_LEAF_EVENT_MAX + 1];
    char detail [IMI_LEAF_DETAIL_MAX + 1];
} imi_leaf_t;

//  A leaf for an envelope (SENT or RECEIVED): its header and signature.
//  note may be NULL. 0 with *out malloc'd, or -1/-2.
int imi_leaf_envelope_encode (uint32_t kind, const char *peer, const imi_envelope_view_t *view,
                              const char *note, uint8_t **out, size_t *size);

//  A LOCAL leaf. 0 with *out malloc'd, or -1/-2.
int imi_leaf_local_encode (uint64_t at_ms, const char *event, const char *detail,
                           uint8_t **out, size_t *size);

//  0, or -2 naming the field. Pointers point into data.
int imi_leaf_decode (imi_leaf_t *leaf, const uint8_t *data, size_t size) IMI_WARN_UNUSED;

//  Witness message bodies. proof is count hashes of IMI_HASH_BYTES.
int imi_audit_checkpoint_encode (const char *note, uint64_t old_size, const uint8_t *proof,
                                 size_t count, uint8_t **out, size_t *size);
//  note is malloc'd (caller frees); proof receives up to IMI_AUDIT_PROOF_MAX hashes.
int imi_audit_checkpoint_decode (char **note, uint64_t *old_size,
                                 uint8_t proof [IMI_AUDIT_PROOF_MAX][IMI_HASH_BYTES],
                                 size_t *count, const uint8_t *data, size_t size) IMI_WARN_UNUSED;
int imi_audit_cosignature_encode (uint64_t size, const char *line, uint8_t **out,
                                  size_t *out_size);
//  line is malloc'd (caller frees).
int imi_audit_cosignature_decode (uint64_t *size, char **line, const uint8_t *data,
                                  size_t data_size) IMI_WARN_UNUSED;
int imi_audit_gossip_encode (const char *note, uint8_t **out, size_t *size);
int imi_audit_gossip_decode (char **note, const uint8_t *data, size_t size) IMI_WARN_UNUSED;

void imi_body_audit_test (void);

#endif
