/*  imi_dirsync: how the directory of authorities travels between nodes.

    Our own changes are published in one transaction with their DIR_PUSH
    to every peer (sequenced, durable, exactly once: imi_outbox). Each node
    also sends each connected peer its frontier (per origin: last seq, head
    hash) when the peer connects, every directory_sync_ms, and whenever it
    sees a gap or a peer ahead of it; the peer answers with DIR_ENTRIES, the
    entries above that frontier for every origin it holds. imi_directory
    decides what each entry does; this module moves them and counts.
    Everything here runs on the node's loop, inside its batch transaction
    where it handles received messages.
*/
#ifndef IMI_DIRSYNC_H
#define IMI_DIRSYNC_H

#include "imi_directory.h"
#include "imi_node_internal.h"

//  Applier of a DIR_PUSH body (sequenced) from peer: take its entries.
//  0, -2 if the body is malformed, -1 on a database error.
int imi_dirsync_apply_push (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                            const uint8_t *plain, size_t plain_size);

//  A DIR_FRONTIER from peer (on our ROUTER): note it, and answer on
//  routing_id with the entries it lacks. 0, or -1 on a database error.
int imi_dirsync_handle_frontier (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                                 const uint8_t *plain, size_t plain_size);

//  A DIR_ENTRIES from peer (on its DEALER, answering our frontier): take
//  them; ask again if it said there is more and some were new to us. 0, or
//  -1 on a database error.
int imi_dirsync_handle_entries (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                                const uint8_t *plain, size_t plain_size);

//  Where imi_dirsync_publish takes its authorities: the index-th (0 ..
//  count - 1) into *authority; 0, or -2 with a reason.
typedef int (imi_dirsync_source_fn) (void *context, size_t index, imi_authority_t *authority);

//  Publish our own changes in one transaction: each of the count authorities
//  of source is added (must_exist 0), updated (1) or either (-1: an import's
//  step); or, with source NULL, authority_id is removed. An added, updated or
//  removed authority goes to every peer through the outbox in the same
//  transaction (DIR_PUSH); an import step is announced after it commits
//  (every peer is sent our frontier and pulls). Returns the number of
//  entries published, -2 for invalid input (reason set), -1 on error.
int imi_dirsync_publish (imi_node_t *self, imi_dirsync_source_fn *source, void *context,
                         size_t count, const char *authority_id, int must_exist);

//  The directory's module: the shared directory, DIR_PUSH, DIR_FRONTIER,
//  DIR_ENTRIES, the frontier timer (imi_module.h).
extern const imi_module_t imi_directory_module;

#endif
