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

#include <czmq.h>
#include <jansson.h>

//  The longest id a message can belong to (a case, alert or notification id).
#define IMI_OWNER_MAX 64

//  Load the peer's link counters and protocol version (creating the link
//  row if new) into peer.
int imi_outbox_load_link (imi_store_t *store, imi_peer_t *peer);

//  Within a transaction: store peer->version, the protocol version the peer
//  speaks, so that a restart does not forget it. 0 or -1.
int imi_outbox_set_version (imi_store_t *store, imi_peer_t *peer);

//  The signing key state was last seen using (links.peer_sign_key), into
//  key. 1 if one is recorded, 0 if none, -1 on a database error.
int imi_outbox_peer_key (imi_store_t *store, const char *state,
                         uint8_t key [IMI_SIGN_PUBLIC_BYTES]);

//  Within a transaction: record that peer was seen signing with its current
//  key (it has switched to the keys of the held manifest). 0 or -1.
int imi_outbox_set_peer_key (imi_store_t *store, imi_peer_t *peer);

//  Within a transaction: sign every undelivered message to peer again with
//  sign_secret (this node switched keys); headers, bodies and so header
//  hashes unchanged. Adds their number to *count. 0 or -1.
int imi_outbox_resign (imi_store_t *store, imi_peer_t *peer,
                       const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES], int64_t *count);

//  Within an open transaction: seal plain as a sequenced message of type to
//  peer, store it, advance peer->next_out_seq. The caller must roll back on
//  failure (and then reload the link). 0 or -1.
int imi_outbox_enqueue (imi_store_t *store, imi_peer_t *peer, imi_identity_t *identity,
                        uint32_t type, const uint8_t *plain, size_t plain_size,
                        int64_t now_ms);

//  Within an open transaction: store one of our envelopes to peer (decoded
//  as view) that peer returned after our database was restored from a
//  backup: as it is, delivered at now_ms, and logged. 0 or -1.
int imi_outbox_restore (imi_store_t *store, imi_peer_t *peer, const imi_envelope_view_t *view,
                        const uint8_t *envelope, size_t size, int64_t now_ms);

//  Within an open transaction: move our messages to peer numbered from
//  `from` upwards (made after a restore, never sent) up by shift: sealed and
//  signed again with the new numbers (same ids, times and content), logged,
//  and next_out_seq moved too. renumbered (may be NULL) is told of each, so
//  that what refers to a message by its seq follows. 0 or -1.
typedef int (imi_outbox_renumbered_fn) (void *context, uint64_t seq, uint64_t new_seq);
int imi_outbox_renumber (imi_store_t *store, imi_peer_t *peer, imi_identity_t *identity,
                         uint64_t from, uint64_t shift, int64_t now_ms,
                         imi_outbox_renumbered_fn *renumbered, void *context);

//  Call send for each stored envelope to peer from seq first upwards, at most
//  limit of them, in order; stops early when send returns non-zero.
//  Returns the number sent, or -1 on a database error.
typedef int (imi_outbox_send_fn) (void *context, uint64_t seq, const uint8_t *envelope,
                                  size_t size);
int imi_outbox_each (imi_store_t *store, const char *peer, uint64_t first, long limit,
                     imi_outbox_send_fn *send, void *context);

//  What a receipt did.
typedef struct {
    int delivered;                  //  our messages it newly receipted
    int refused;                    //  of them, newly recorded as refused by the peer
    uint64_t conflict_seq;          //  on -2: the peer names another message at this seq of ours
} imi_receipt_outcome_t;

//  Within an open transaction: apply a decoded receipt from peer. Checks
//  the range against what we sent and every listed header hash against the
//  stored one; then marks all up to last_seq delivered, records (and logs)
//  the ones the peer refused in refused_out with the case, alert or
//  notification they belonged to, stores the receipt envelope, and advances
//  peer->acked_out_seq. 0 with *outcome; -2 if the receipt does not match
//  what we sent (reason says how; outcome->conflict_seq set if a hash
//  differs for a message we hold), -1 on a database error.
int imi_outbox_accept_receipt (imi_store_t *store, imi_peer_t *peer,
                               const imi_receipt_t *receipt, const uint8_t *envelope,
                               size_t envelope_size, int64_t now_ms,
                               imi_receipt_outcome_t *outcome);

//  Append to refusals (a JSON array) {by, type, seq, kind, reason, at_ms}
//  for each of our messages belonging to owner (a case, alert or
//  notification id) that a peer refused: the peer's state, the message
//  type's name, our seq, the refusal's kind and reason, when it came.
//  0 or -1.
int imi_outbox_refusals_value (imi_store_t *store, const char *owner, json_t *refusals);

//  The same as lines "refused by XX: TYPE seq N, KIND: REASON (TIME)"
//  appended to lines. 0 or -1.
int imi_outbox_refusals (imi_store_t *store, const char *owner, zlist_t *lines);

//  The same as data: an object {by, type, seq, kind, reason, time} appended
//  to the array refusals for each. 0 or -1.
int imi_outbox_refusals_data (imi_store_t *store, const char *owner, json_t *refusals);

//  How many of our messages peer refused, ever. 0 or -1.
int imi_outbox_refused_count (imi_store_t *store, imi_peer_t *peer, int64_t *count);

//  Undelivered count and the creation time of the oldest (0 if none).
int imi_outbox_backlog (imi_store_t *store, imi_peer_t *peer, int64_t *depth,
                        int64_t *oldest_ms);

#endif
