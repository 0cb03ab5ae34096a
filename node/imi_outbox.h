/*  imi_outbox: the sending side of durable delivery, in SQL.

    Enqueueing runs inside the caller's transaction, the same one that records
    the change the message announces: either both are committed or neither.
    The envelope is sealed and signed once, at enqueue time, and the exact
    bytes are retransmitted until a receipt covers them. Rows stay after
    delivery (marked delivered_ms), as the sender's record of what it sent.
*/
#ifndef IMI_OUTBOX_H
#define IMI_OUTBOX_H

#include "imi_body_delivery.h"
#include "imi_keys.h"
#include "imi_peer.h"
#include "imi_store.h"

//  Load the peer's link counters (creating the link row if new) into peer.
int imi_outbox_load_link (imi_store_t *store, imi_peer_t *peer);

//  Within an open transaction: seal plain as a sequenced message of type to
//  peer, store it, advance peer->next_out_seq. The caller must roll back on
//  failure (and then reload the link). 0 or -1.
int imi_outbox_enqueue (imi_store_t *store, imi_peer_t *peer, imi_identity_t *identity,
                        uint32_t type, const uint8_t *plain, size_t plain_size,
                        int64_t now_ms);

//  Call send for each stored envelope to peer from seq first upwards, at most
//  limit of them, in order; stops early when send returns non-zero.
//  Returns the number sent, or -1 on a database error.
typedef int (imi_outbox_send_fn) (void *context, uint64_t seq, const uint8_t *envelope,
                                  size_t size);
int imi_outbox_each (imi_store_t *store, const char *peer, uint64_t first, long limit,
                     imi_outbox_send_fn *send, void *context);

//  Within an open transaction: apply a decoded receipt from peer. Checks
//  the range against what we sent and every listed header hash against the
//  stored one; then marks all up to last_seq delivered, stores the receipt
//  envelope, and advances peer->acked_out_seq. Returns the number of messages
//  newly delivered, -2 if the receipt does not match what we sent (reason
//  says how), -1 on a database error.
int imi_outbox_accept_receipt (imi_store_t *store, imi_peer_t *peer,
                               const imi_receipt_t *receipt, const uint8_t *envelope,
                               size_t envelope_size, int64_t now_ms);

//  Undelivered count and the creation time of the oldest (0 if none).
int imi_outbox_backlog (imi_store_t *store, imi_peer_t *peer, int64_t *depth,
                        int64_t *oldest_ms);

#endif
