/*  imi_audit: the node's verifiable log (DESIGN §8, docs/audit.md).

    Every sequenced envelope the node sends or receives, every receipt it
    signs or takes, and every local change that matters to an auditor is
    appended, in the same transaction as the change itself, to an
    append-only Merkle tree (RFC 9162 hashing, imi_merkle) stored in
    SQLite: audit_leaves holds the leaves, audit_nodes the complete subtree
    hashes from which roots and proofs are computed. Leaves hold signed
    headers and signatures (imi_body_audit), never bodies: erasing a case's
    bodies later leaves every leaf, root and proof as it was.
*/
#ifndef IMI_AUDIT_H
#define IMI_AUDIT_H

#include "imi_body_audit.h"
#include "imi_merkle.h"
#include "imi_store.h"

#include <czmq.h>
#include <jansson.h>
#include <stdbool.h>

//  Turn appending on (the default) or off for this process: off only to
//  measure what the log costs (setting audit_log = 0, bench_delivery).
void imi_audit_enable (bool enabled);

//  Within the caller's transaction: log an envelope (decoded) that we sent
//  to (IMI_LEAF_SENT) or received from (IMI_LEAF_RECEIVED) peer; note is
//  NULL or why it was not applied. 0, or -1 on error.
int imi_audit_envelope (imi_store_t *store, uint32_t kind, const char *peer,
                        const imi_envelope_view_t *view, const char *note, int64_t now_ms);

//  The same for an envelope's bytes (decoded here). 0 or -1.
int imi_audit_envelope_bytes (imi_store_t *store, uint32_t kind, const char *peer,
                              const uint8_t *envelope, size_t size, int64_t now_ms);

//  Within the caller's transaction: log a local change (event like
//  "user.added", detail naming ids and user names, never a case's content;
//  docs/audit.md lists every event). 0 or -1.
int imi_audit_local (imi_store_t *store, const char *event, const char *detail, int64_t now_ms);

//  The log's size and root now. 0 or -1.
int imi_audit_head (imi_store_t *store, uint64_t *size, uint8_t root [IMI_HASH_BYTES]);

//  Root of the first size leaves; inclusion proof of leaf index in the tree
//  of size leaves; consistency proof from old_size to new_size. 0, -2 (out
//  of range), -1.
int imi_audit_root (imi_store_t *store, uint64_t size, uint8_t root [IMI_HASH_BYTES]);
int imi_audit_inclusion (imi_store_t *store, uint64_t index, uint64_t size,
                         uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES], size_t *count);
int imi_audit_consistency (imi_store_t *store, uint64_t old_size, uint64_t new_size,
                           uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES], size_t *count);

//  The index of the leaf of the envelope with message_id (the first, if it
//  was both sent and received here). A scan: for audit commands, not for
//  the message path. 0, 1 if none, -1.
int imi_audit_find (imi_store_t *store, const uint8_t message_id [IMI_MESSAGE_ID_BYTES],
                    uint64_t *index);

//  Leaf index's bytes (malloc'd). 0, 1 if none, -1.
int imi_audit_leaf (imi_store_t *store, uint64_t index, uint8_t **leaf, size_t *size);

//  Where the envelope with message_id is in the log, and the proof that it
//  is in the tree of our latest checkpoint, into *proof (the caller's):
//  {message_id, index, size, leaf_hash, root, proof: [hash...]}, hashes in
//  lower-case hex, size the checkpoint's. 0, 1 if no envelope has that id,
//  -2 if it comes after the latest checkpoint (the reason says so), -1.
int imi_audit_proof (imi_store_t *store, const uint8_t message_id [IMI_MESSAGE_ID_BYTES],
                     json_t **proof);

#endif
