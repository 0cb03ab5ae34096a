/*  imi_peer: one other member state's node, as this node sees it.

    Each peer has one DEALER connected to the peer's ROUTER, with the peer's
    CURVE key pinned as server key, so whatever arrives on it comes from that
    peer. Our sequenced messages, PINGs and manifest offers go out on it;
    receipts and PONGs come back on it.

    Redialling. libzmq retries a connection that failed or dropped, but
    not one whose handshake the peer refused, nor one it closed for a
    protocol error: that DEALER stays idle for good. Each peer watches its
    DEALER's events (imi_monitor); when the DEALER is left disconnected and
    libzmq is not retrying, the peer makes a new DEALER after redial_ms,
    which starts at 100 ms and doubles up to 5 s until a handshake succeeds.

    Rotated keys. When the peer's state has other keys in the held manifest
    than in the one held before (it rotated them), the peer keeps the
    previous ones and trusts them beside the current ones until the peer is
    seen signing with its current key (previous_trusted; links.peer_sign_key
    keeps what was seen across restarts): its DEALER pins the previous CURVE
    server key meanwhile, since the peer switches only once a node holds the
    manifest that names its new keys. Bodies are opened with every key the
    two sides can share: the peer's current and previous CURVE keys with
    ours, our next and our previous ones (what was sealed before either
    side switched); a body authenticates under one key only.

    Sending state (go-back-N over a durable outbox):
      acked_out_seq < cursor <= next_out_seq; messages acked_out_seq+1 ..
      cursor-1 are in flight; at most `window` of them. When no receipt has
      moved acked_out_seq for retry_ms, cursor falls back to acked_out_seq+1
      and retry_ms doubles up to retry_max_ms; progress resets it.
*/
#ifndef IMI_PEER_H
#define IMI_PEER_H

#include "imi_envelope.h"
#include "imi_manifest.h"
#include "imi_monitor.h"
#include "imi_transport.h"

#include <czmq.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct {
    imi_manifest_node_t node;           //  state, endpoint, keys from the manifest
    zsock_t *dealer;                    //  connected to the peer's ROUTER
    imi_monitor_t *monitor;             //  the DEALER's connection events
    bool sent;                          //  sent on since the loop last looked (imi_poll)
    int64_t redial_at_ms;               //  make a new DEALER then (0: libzmq is trying)
    int64_t redial_ms;                  //  wait before the next redial
    int stalled_by;                     //  ZMQ_EVENT_* that left the DEALER idle
    uint8_t *shared_key;                //  sodium_malloc: shared_key_count crypto_box keys with
    size_t shared_key_count;            //  this peer; the first (its current key, our current
                                        //  key) seals, every one opens
    bool has_previous;                  //  its state had other keys before (a rotation):
    uint8_t previous_sign_key [IMI_SIGN_PUBLIC_BYTES];  //  ... these
    uint8_t previous_curve_key [IMI_BOX_PUBLIC_BYTES];
    bool previous_trusted;              //  ... still trusted: not seen signing with its current
    //  Liveness (times on the monotonic clock, imi_node_clock)
    int64_t last_seen_ms;               //  last valid envelope from this peer (0 = never)
    int64_t last_heartbeat_ms;          //  when the last heartbeat was due
    uint32_t heartbeats;                //  heartbeats so far (every Nth always pings)
    int64_t rtt_ms;                     //  last measured round trip (-1 = none)
    bool connected;                     //  as last reported in the log
    uint64_t manifest_version;          //  the peer's, from its last PING or PONG
    uint32_t version;                   //  protocol version it speaks (0: unknown; links table)
    uint32_t probe_in;                  //  heartbeats until the next version 2 probe
    uint32_t lower_pings;               //  its PINGs in a row below version (went back?)
    int64_t last_offer_ms;              //  when we last offered it our manifest
    //  Sending
    uint64_t next_out_seq;              //  seq the next enqueued message gets
    uint64_t acked_out_seq;             //  every seq <= this is receipted
    uint64_t cursor;                    //  next seq to transmit
    int64_t last_progress_ms;           //  last time acked_out_seq moved or sending began
    int64_t retry_ms;                   //  current retransmit timeout
    uint64_t conflict_seq;              //  a receipt named another message at this seq (0: none)
    //  Directory replication
    int64_t last_frontier_ms;           //  when we last sent this peer our frontier
    bool frontier_wanted;               //  send it at the next tick (gap, "more", peer ahead)
    bool frontier_answered;             //  entries came from it since we last sent it
    bool frontier_ahead;                //  its last frontier named entries we lacked
    //  Receiving, within the batch being read (reset after each batch)
    uint64_t batch_first_seq;           //  first seq applied in this batch (0 = none)
    uint64_t batch_last_seq;            //  last seq applied in this batch
    uint64_t batch_resent_last_seq;     //  end of the last stored receipt resent
    zframe_t *batch_routing_id;         //  connection to send the batch's receipt on
    //  Repair of the link after a restore (imi_recovery)
    uint64_t restored_next;             //  > 0: being repaired; the seq our restored
                                        //  database was to give next (links table)
    uint64_t resend_until;              //  > 0: the peer sends again up to here; our
                                        //  messages it returned wait in recovery_own
    uint64_t return_from;               //  step 1: the next of ours to ask back
    bool returned_all;                  //  step 1 done: ask it to send again (step 2)
    int64_t last_link_state_ms;         //  when we last asked (monotonic)
    bool rewind_wanted;                 //  it asked us to send again after rewind_to
    uint64_t rewind_to;
    zframe_t *rewind_routing_id;        //  where to answer once that is committed
    //  Witnessing (imi_witness)
    int64_t last_checkpoint_offer_ms;   //  when we last offered this peer our checkpoint
} imi_peer_t;

#define IMI_PEER_OUR_KEYS_MAX 3     //  our current, next and previous CURVE secrets

//  Make a peer for a manifest node: DEALER configured by the transport and
//  connected, shared box keys derived from its keys (and previous ones, if
//  previous is not NULL: the same state's entry before it rotated, trusted
//  as previous_trusted says) and our_count CURVE secrets of ours, the
//  current one first. NULL with a reason on failure.
imi_peer_t *imi_peer_new (const imi_manifest_node_t *node, const imi_manifest_node_t *previous,
                          bool previous_trusted, imi_transport_t *transport,
                          const uint8_t *const our_curve_secrets [], size_t our_count,
                          long retry_min_ms);

//  Add the keys shared with this peer's keys and one more CURVE secret of
//  ours (next keys made while the node runs). 0 or -1.
int imi_peer_add_secret (imi_peer_t *self, const uint8_t our_curve_secret [IMI_BOX_SECRET_BYTES]);

//  Open the body of an envelope from (or sealed by us for) this peer with
//  the first shared key that authenticates it. 0 with *plain (malloc'd), or -1.
int imi_peer_open (imi_peer_t *self, const imi_envelope_view_t *view, uint8_t **plain,
                   size_t *plain_size) IMI_WARN_UNUSED;

//  The peer was seen signing with its current key: stop trusting the
//  previous one and dial it again with its current CURVE key. 0 or -1.
int imi_peer_trust_current (imi_peer_t *self, imi_transport_t *transport);

#define IMI_PEER_PING_EVERY_HEARTBEATS 10   //  a PING even to a peer heard from

//  The heartbeat timer at now: when heartbeat_ms have passed since the last
//  heartbeat, count one (and count probe_in down) and say whether to PING.
//  A peer heard from within the heartbeat (its messages, its receipts, its
//  PING) is alive: no PING, except every IMI_PEER_PING_EVERY_HEARTBEATS-th
//  heartbeat, which keeps round trips and manifest versions current. Two
//  idle nodes so ping once per heartbeat between them, not twice, and busy
//  links hardly at all. True if a PING is due now.
bool imi_peer_heartbeat (imi_peer_t *self, int64_t now, long heartbeat_ms);

//  Read the DEALER's connection events (without blocking) and note whether
//  libzmq has given up on it.
void imi_peer_watch (imi_peer_t *self, int64_t now);

//  If the DEALER was left idle for redial_ms, replace it with a new one
//  connected afresh (the caller rebuilds its poller). 1 redialled, 0 not
//  due, -1 failed with a reason (tried again after the next backoff).
int imi_peer_redial (imi_peer_t *self, imi_transport_t *transport, int64_t now);

//  Close the socket, wipe the key. Safe to call twice.
void imi_peer_destroy (imi_peer_t **self_p);

//  Send bytes on the DEALER without blocking. 0, or -1 if the peer is not
//  connected or its queue is full (the caller retries later).
int imi_peer_send (imi_peer_t *self, const uint8_t *data, size_t size);

//  True if the peer's manifest entry differs from node (keys or endpoint).
bool imi_peer_changed (imi_peer_t *self, const imi_manifest_node_t *node);

#endif
