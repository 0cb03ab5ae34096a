/*  imi_recovery: repairing the links after our database was restored from
    a backup (or lost, and the node started with --recover).

    A restored database has forgotten what happened after the backup: the
    messages each peer sent us since (the peer holds our receipts for them)
    and the ones we sent (the peer applied them). Left alone, the link
    sticks: our next messages reuse numbers the peer already applied
    (sequence conflict), and the peer's new ones are beyond what we expect
    (gaps). So, for each peer, before we send or apply anything on the link:

      1. we ask for our own messages from the first number our restored
         database would give (LINK_STATE step 1), page by page: the peer
         returns them as it received them (LINK_RETURN), with when;
      2. we tell it the last of its messages we hold (step 2): it marks the
         ones after as undelivered, and its outbox sends them again;
      3. we renumber what we queued meanwhile after the last of ours it
         applied, store the returned ones in our outbox as delivered, and
         open the link.

    Our returned messages are then applied to our own side again (the
    `own` hook of their type, imi_module.h), each just before the first of
    the peer's resent messages that the peer wrote after receiving it, so
    that both sides' events fold in the order they happened. Design, and
    what is not restored: docs/delivery.md; wire format: PROTOCOL.md §3.1.
*/
#ifndef IMI_RECOVERY_H
#define IMI_RECOVERY_H

#include "imi_module.h"

#include <stdint.h>

//  The file that `imictl restore` leaves in data_dir for the next start.
#define IMI_RECOVERY_MARKER "recovery.pending"

//  At start, once the peers are loaded: if data_dir holds the marker, or
//  the node was started with --recover, put every link into repair and log
//  it (then the marker goes). 0, or -1 (the node does not start).
int imi_recovery_begin (imi_node_t *node);

//  Within the group, before applying peer's message stamped timestamp_ms:
//  apply our own messages that peer returned and had received before then.
//  0 or -1 on a database error.
int imi_recovery_before (imi_node_t *node, imi_peer_t *peer, uint64_t timestamp_ms);

extern const imi_module_t imi_recovery_module;

#endif
