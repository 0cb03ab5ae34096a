/*  imi_witness: checkpoints of our audit log, and witnessing each other's.

    Every audit_checkpoint_ms, if the log grew, the node signs a checkpoint
    (C2SP tlog-checkpoint in a signed note, imi_note) and offers it to each
    connected peer with a consistency proof from the size that peer last
    cosigned. A peer checks the signature and the proof against what it
    holds of our log, stores the checkpoint, answers with a cosignature and
    gossips the checkpoint to its other peers. Two checkpoints of one origin
    at one size with different roots, however they reached a node, are
    stored as evidence of equivocation. docs/audit.md has the design.
    Everything here runs on the node's loop.
*/
#ifndef IMI_WITNESS_H
#define IMI_WITNESS_H

#include "imi_node_internal.h"

#include <jansson.h>

//  Sign a checkpoint of our log if it grew since the last one. 1 if one was
//  made, 0 if there was nothing new, -1 on error.
int imi_witness_checkpoint (imi_node_t *self);

//  A peer's checkpoint (on our ROUTER): verify, store, cosign on routing_id,
//  gossip. 0, or -1 on a database error (bad input is counted and logged).
int imi_witness_handle_checkpoint (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                                   const uint8_t *plain, size_t plain_size);

//  A witness's cosignature of our checkpoint (on its DEALER's reply). 0 or -1.
int imi_witness_handle_cosignature (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                                    const uint8_t *plain, size_t plain_size);

//  A checkpoint of another origin that peer witnessed. 0 or -1.
int imi_witness_handle_gossip (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                               const uint8_t *plain, size_t plain_size);

//  `imictl audit status` as data, into *status (the caller's): {log:
//  {origin, size, root}, checkpoint: {size, root, cosigners: [state...]} or
//  null (our latest), witnessed: [{origin, size, root}] (the latest of each
//  peer we cosigned directly), equivocations: [{origin, size, found_ms}]};
//  roots in lower-case hex. 0 or -1.
int imi_witness_status (imi_node_t *self, json_t **status);

//  The auditor's bundle (docs/audit.md), written in steps so that the loop
//  keeps answering meanwhile. It holds the log as it is when the export
//  begins: leaves appended later, and their checkpoints, are left out.
typedef struct _imi_witness_export_t imi_witness_export_t;

//  Begin the bundle in dir, a folder it creates (it must not exist): write
//  origin and manifest.imi. NULL with a reason (malformed if the folder
//  cannot be made or written).
imi_witness_export_t *imi_witness_export_new (imi_node_t *self, const char *dir);

//  Close the files. An unfinished bundle stays as it is: stopped among the
//  leaves it has no checkpoint (it does not verify), among the checkpoints
//  it lacks the latest ones.
void imi_witness_export_destroy (imi_witness_export_t **self_p);

//  Write the next 1,024 leaves, or (after the last leaf) the next 64
//  checkpoints with their cosignatures. 1 if there is more, 0 when the
//  bundle is complete, -1 on error (reason set).
int imi_witness_export_step (imi_witness_export_t *self);

//  What is written so far: leaves, of size (the log's when the export
//  began), and checkpoints. Returns the bundle's folder.
const char *imi_witness_export_written (imi_witness_export_t *self, uint64_t *leaves,
                                        uint64_t *size, size_t *checkpoints);

//  The witness module: checkpoints (its timer), AUDIT_CHECKPOINT,
//  AUDIT_COSIGNATURE, AUDIT_GOSSIP (imi_module.h).
extern const imi_module_t imi_witness_module;

#endif
