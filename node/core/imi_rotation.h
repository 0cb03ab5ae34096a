/*  imi_rotation: a node changing its identity keys under traffic, and the
    manifests it held, kept for that and for the auditor.

    The operator makes the next key pair ahead (imictl keys-next:
    data_dir/identity.next.key/.pub); governance publishes a manifest
    version that lists it for the node's state. The node accepts such a
    manifest (installed or gossiped) while still on its old keys, and
    switches only once one peer has shown (in a PING or PONG) that it holds
    that version too, or at once if it has no peer: switching first would
    leave no one able to talk to it, since a node that lacks the manifest
    knows only the old keys. The switch, between groups:

      1. one transaction: every undelivered message of the outbox is signed
         again with the new key (header and body unchanged: the header hash
         that receipts and the log name stays), the switch is recorded in
         key_switches and as a LOCAL leaf (keys.switched);
      2. the key files: identity.* become identity.previous.*, identity.next.*
         become identity.* (imi_identity_promote; a crash between 1 and 2 is
         finished at the next start, which finds the switch recorded);
      3. in memory: the identity object takes the new keys (every module
         holding it sees them), the ROUTER is bound again with the new CURVE
         key, every peer is made again (shared keys, DEALERs with the new
         client key).

    Bodies sealed for the old CURVE key (what peers queued before they had
    the manifest) are opened with the previous key pair, kept loaded; a
    stored receipt signed with the old key is signed again as it leaves.
    A peer's side of the same rotation is in imi_peer.h ("Rotated keys").

    Every manifest the node accepts is kept (table manifests), with the one
    it held at its first start under this version: a peer's previous keys
    are read from there, the auditor's bundle carries them all, and a peer
    behind a change of governance is offered that change from there.
*/
#ifndef IMI_ROTATION_H
#define IMI_ROTATION_H

#include "imi_node_internal.h"

//  At start, with the identity loaded and the store open, before the
//  federation: finish a switch the database records but the key files do
//  not show yet (the identity is loaded again), and load the next and
//  previous key pairs if there are any. 0 or -1 with a reason.
int imi_rotation_start (imi_node_t *self);

//  Look for a next key pair made since the node started (imictl keys-next
//  while it runs) and tell the federation that manifests may list it.
void imi_rotation_look_for_next (imi_node_t *self);

//  Keep an accepted manifest's signed bytes (a version kept already is left
//  as it is). 0 or -1.
int imi_rotation_keep_manifest (imi_store_t *store, const uint8_t *data, size_t size,
                                int64_t now_ms);

//  The entry of current->state in the newest kept manifest older than
//  version whose keys differ from current's (the keys the state had before
//  it rotated them) into previous, looking back only through versions that
//  list the state. 1 found, 0 none, -1 on a database error.
int imi_rotation_previous (imi_store_t *store, uint64_t version,
                           const imi_manifest_node_t *current,
                           imi_manifest_node_t *previous);

//  Call each on every kept manifest, oldest first, until one call returns
//  non-zero: returns that, else 0; -1 on a database error.
typedef int (imi_rotation_each_fn) (void *context, uint64_t version, const uint8_t *data,
                                    size_t size);
int imi_rotation_each_manifest (imi_store_t *store, imi_rotation_each_fn *each, void *context);

//  What to offer a peer that holds version peer_version: the oldest kept
//  manifest above it that names another governance than the one before it
//  (a peer must take each governance change in turn: it can verify a
//  manifest only with the governance of the one it holds). 1 with *data
//  (malloc'd), 0 if there is none (offer the held one), -1 on error.
int imi_rotation_offer_for (imi_store_t *store, uint64_t peer_version, uint8_t **data,
                            size_t *size);

//  Between groups: if the held manifest lists this node's next keys and a
//  peer holds it (or there is no peer), switch to them.
void imi_rotation_tick (imi_node_t *self);

#endif
