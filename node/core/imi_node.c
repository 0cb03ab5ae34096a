/*  imi_node: the loop, the checks every incoming envelope passes, and
    durable delivery (grouping, receipts, retransmission). See imi_node.h
    for the path of a message.

    Grouping. Received messages are applied inside one transaction, the
    group, which stays open across turns of the loop: each turn reads for
    at most S_SLICE_MS from one socket, then the loop answers imictl, runs
    its timers and comes back. The group commits (one fsync) when the
    sockets run dry (on a busy link, after waiting a little for the next
    message: s_group_linger), when it is S_GROUP_MS old, or when it holds
    S_GROUP_MAX messages; then one receipt per peer leaves for what it
    applied. So a loaded node commits a few times a second, not once per
    slice (commits are what a node of 31 pays for: every fsync, every FTS
    segment, every receipt), and an idle node commits each message at
    once. If anything fails the whole group rolls back, nothing is
    receipted, and the senders retransmit.

    While a group is open, only what needs no database runs beside it:
    pings, pongs, retransmission timers. Everything that writes or sends
    what the database holds (an imictl command, transmission from the
    outbox, the directory, audit and retention timers, translation
    results) first commits the group: it sees only committed state, and
    nothing leaves the node that a rollback could take back.

    Control requests are batched the same way: a turn takes the changes
    queued on the control socket that may share a transaction (a case,
    alert or notification action: imi_module_t request_batches), each in
    its own savepoint, commits once and only then answers them
    (s_control_turn). A change refused rolls back alone; a commit that
    fails answers every request of the batch with the error.

    In-memory link counters (peer->next_out_seq, acked_out_seq) are updated
    inside transactions; after a rollback they are reloaded from the
    database, which is the only source of truth.
*/
#include "imi_node_internal.h"
#include "imi_body_delivery.h"
#include "imi_error.h"
#include "imi_audit.h"
#include "imi_backup.h"
#include "imi_data_dir.h"
#include "imi_inbox.h"
#include "imi_lines.h"
#include "imi_log.h"
#include "imi_outbox.h"
#include "imi_recovery.h"
#include "imi_rotation.h"
#include "imi_schema.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define S_GROUP_MAX             512         //  messages per group (one transaction)
#define S_GROUP_MS              250         //  ... or this old, whichever comes first
#define S_GROUP_LINGER_MS       2           //  wait for more before a commit (s_group_linger)
#define S_GAP_MAX_US            1000000     //  a longer silence counts as this, in the average
#define S_SLICE_MS              50          //  reading one socket, per turn of the loop
#define S_CONTROL_BATCH_MAX     64          //  control requests in one transaction, at most
#define S_TRANSMIT_CHUNK        256         //  envelopes read from the outbox at a time
#define S_CLOCK_SKEW_MS         300000      //  tolerated clock difference
#define S_TICK_MS               50          //  timer resolution of the loop
#define S_LOG_EVERY_MS          1000        //  one log line per counter per second
#define S_OFFER_EVERY_HEARTBEATS 10         //  manifest offers to one peer, at most
#define S_PROBE_EVERY_HEARTBEATS 10         //  version probes to a peer not known to speak 2

//  One receipt closes one group's messages from one peer.
_Static_assert (S_GROUP_MAX <= IMI_RECEIPT_MAX_HASHES, "a group must fit in one receipt");

//  ---------------------------------------------------------------------------
//  Small helpers

//  Setting clock_offset_s, for tests and drills of deadlines: one node per
//  process, so a process-wide value.
static int64_t s_clock_offset_ms;

int64_t
imi_node_now (void)
{
    struct timeval now;
    gettimeofday (&now, NULL);
    return (int64_t) now.tv_sec * 1000 + now.tv_usec / 1000 + s_clock_offset_ms;
}

int64_t
imi_node_clock (void)
{
    return zclock_mono ();
}

imi_peer_t *
imi_node_peer (imi_node_t *self, const char *state)
{
    for (size_t index = 0; index < self->peer_count; index++)
        if (strcmp (self->peers [index]->node.state, state) == 0)
            return self->peers [index];
    return NULL;
}

//  Count an event of counter; true if it may be logged (the last line for
//  that counter is at least S_LOG_EVERY_MS old), so that a flood of bad
//  input cannot flood the log.
static bool
s_count_and_log_due (imi_node_t *self, imi_counter_t counter)
{
    self->counters.values [counter]++;
    int64_t now = imi_node_clock ();
    if (now - self->logged_ms [counter] < S_LOG_EVERY_MS)
        return false;
    self->logged_ms [counter] = now;
    return true;
}

//  Count a rejection and log it (at most once per second per reason).
void
imi_node_reject (imi_node_t *self, imi_counter_t reason, const char *from, const char *detail)
{
    if (!s_count_and_log_due (self, reason))
        return;
    char quoted [IMI_ERROR_MAX + 16];
    imi_log (IMI_LOG_WARN, "message.rejected", "reason=%s from=%s total=%llu detail=%s",
             imi_counter_reason (reason), from && *from? from: "?",
             (unsigned long long) self->counters.values [reason],
             imi_log_quote (quoted, sizeof quoted, detail));
}

//  The protocol version we write to peer: the highest it has shown us it
//  reads, version 1 until it shows any (PROTOCOL.md §2.5).
static uint32_t
s_peer_version (const imi_peer_t *peer)
{
    return peer->version > IMI_PROTOCOL_VERSION_MIN? peer->version: IMI_PROTOCOL_VERSION_MIN;
}

//  Seal and sign an unsequenced envelope of type for peer in version. 0 or -1.
static int
s_seal (imi_node_t *self, imi_peer_t *peer, uint32_t version, uint32_t type,
        const uint8_t *plain, size_t plain_size, uint8_t **out, size_t *out_size,
        uint8_t *message_id)
{
    imi_header_t header = {
        .version = version,
        .type = type,
        .seq = 0,
        .timestamp_ms = (uint64_t) imi_node_now (),
    };
    imi_random (header.message_id, sizeof header.message_id);
    if (message_id)
        memcpy (message_id, header.message_id, sizeof header.message_id);
    memcpy (header.from, self->settings.state, 3);
    memcpy (header.to, peer->node.state, 3);
    return imi_envelope_seal (out, out_size, &header, plain, plain_size, peer->shared_key,
                              imi_identity_sign_secret (self->identity), NULL);
}

int
imi_node_seal_unsequenced (imi_node_t *self, imi_peer_t *peer, uint32_t type, const uint8_t *plain,
                    size_t plain_size, uint8_t **out, size_t *out_size, uint8_t *message_id)
{
    return s_seal (self, peer, s_peer_version (peer), type, plain, plain_size, out, out_size,
                   message_id);
}

//  Send bytes back to a client of our ROUTER. 0 or -1.
int
imi_node_router_send (imi_node_t *self, zframe_t *routing_id, const uint8_t *data, size_t size)
{
    void *router = zsock_resolve (imi_transport_socket (self->transport));
    if (zmq_send (router, zframe_data (routing_id), zframe_size (routing_id),
                  ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0
    ||  zmq_send (router, data, size, ZMQ_DONTWAIT) < 0)
        return -1;
    self->counters.values [IMI_COUNT_SENT]++;
    return 0;
}

//  Where a reply goes: back on the ROUTER to routing_id, or on the peer's DEALER.
static int
s_reply (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id, const uint8_t *data,
         size_t size)
{
    if (routing_id)
        return imi_node_router_send (self, routing_id, data, size);
    if (imi_peer_send (peer, data, size))
        return -1;
    self->counters.values [IMI_COUNT_SENT]++;
    return 0;
}

//  Offer our manifest to peer, on the connection the peer's message came in on;
//  at most once per S_OFFER_EVERY_HEARTBEATS heartbeats, so a peer that keeps
//  refusing it (other governance keys, say) is not sent it every second. A
//  peer behind a change of governance is offered that change first: it
//  could not verify what the new governance signed.
static void
s_offer_manifest_to (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id)
{
    int64_t now = imi_node_clock ();
    if (peer->last_offer_ms
    &&  now - peer->last_offer_ms < S_OFFER_EVERY_HEARTBEATS * self->settings.heartbeat_ms)
        return;
    peer->last_offer_ms = now;
    uint8_t *step = NULL;
    size_t manifest_size;
    const uint8_t *manifest;
    if (imi_rotation_offer_for (self->store, peer->manifest_version, &step, &manifest_size) > 0)
        manifest = step;
    else
        manifest = imi_federation_bytes (self->federation, &manifest_size);
    uint8_t *plain, *envelope;
    size_t plain_size, envelope_size;
    int rc = imi_manifest_body_encode (manifest, manifest_size, &plain, &plain_size);
    free (step);
    if (rc)
        return;
    if (imi_node_seal_unsequenced (self, peer, IMI_TYPE_MANIFEST, plain, plain_size, &envelope,
                            &envelope_size, NULL) == 0) {
        s_reply (self, peer, routing_id, envelope, envelope_size);
        free (envelope);
    }
    free (plain);
}

//  ---------------------------------------------------------------------------
//  The modules' message handlers (imi_module.h)

const imi_message_handler_t *
imi_node_handler (imi_node_t *self, uint32_t type)
{
    for (size_t index = 0; self->modules [index]; index++) {
        const imi_message_handler_t *row = self->modules [index]->messages;
        for (; row && row->type; row++)
            if (row->type == type)
                return row;
    }
    return NULL;
}

//  ---------------------------------------------------------------------------
//  Peers and manifest changes

static void
s_peer_log_state (imi_node_t *self, imi_peer_t *peer, int64_t now)
{
    bool connected = peer->last_seen_ms && now - peer->last_seen_ms < self->settings.peer_timeout_ms;
    if (connected == peer->connected)
        return;
    peer->connected = connected;
    if (connected) {
        imi_log (IMI_LOG_INFO, "peer.connected", "state=%s endpoint=%s", peer->node.state,
                 peer->node.endpoint);
        //  Whatever was in flight when the link went down may be lost: resend
        //  it now rather than after the backoff.
        peer->cursor = peer->acked_out_seq + 1;
        peer->retry_ms = self->settings.retry_min_ms;
        peer->last_progress_ms = now;
        for (size_t index = 0; self->modules [index]; index++)
            if (self->modules [index]->peer_connected)
                self->modules [index]->peer_connected (self, peer);
    }
    else
        imi_log (IMI_LOG_WARN, "peer.disconnected", "state=%s last_seen_ms_ago=%lld",
                 peer->node.state, (long long) (now - peer->last_seen_ms));
}

int
imi_node_commit (imi_node_t *self, int rc)
{
    rc = imi_store_finish (self->store, rc);
    if (rc) {
        char reason [IMI_ERROR_MAX];
        snprintf (reason, sizeof reason, "%s", imi_error_last ());
        imi_node_reload_links (self);
        imi_error_set ("%s", reason);
    }
    return rc;
}

void
imi_node_reload_links (imi_node_t *self)
{
    for (size_t index = 0; index < self->peer_count; index++)
        if (imi_outbox_load_link (self->store, self->peers [index]))
            imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
}

//  Make the peer of a manifest node: with the keys its state had before,
//  if it rotated them, trusted until it is seen using its current ones.
static imi_peer_t *
s_peer_make (imi_node_t *self, const imi_manifest_node_t *node)
{
    imi_manifest_t *manifest = imi_federation_manifest (self->federation);
    imi_manifest_node_t previous;
    int has_previous = imi_rotation_previous (self->store, imi_manifest_version (manifest),
                                              node, &previous);
    uint8_t seen [IMI_SIGN_PUBLIC_BYTES];
    int has_seen = has_previous > 0? imi_outbox_peer_key (self->store, node->state, seen): 0;
    if (has_previous < 0 || has_seen < 0)
        return NULL;
    bool trusted = has_previous && !(has_seen && imi_equal (seen, node->sign_key,
                                                            IMI_SIGN_PUBLIC_BYTES));
    const uint8_t *ours [IMI_PEER_OUR_KEYS_MAX] = { imi_identity_curve_secret (self->identity) };
    size_t our_count = 1;
    if (self->next_identity)
        ours [our_count++] = imi_identity_curve_secret (self->next_identity);
    if (self->previous_identity)
        ours [our_count++] = imi_identity_curve_secret (self->previous_identity);
    return imi_peer_new (node, has_previous? &previous: NULL, trusted, self->transport, ours,
                         our_count, self->settings.retry_min_ms);
}

//  Bring the set of peers in line with the held manifest (every peer made
//  again if all). Returns true if a peer was removed or changed keys (then
//  the ROUTER must drop connections).
static bool
s_sync_peers (imi_node_t *self, bool all)
{
    imi_manifest_t *manifest = imi_federation_manifest (self->federation);
    bool cut = false;
    //  Remove peers that left or changed.
    for (size_t index = 0; index < self->peer_count;) {
        imi_peer_t *peer = self->peers [index];
        const imi_manifest_node_t *node = imi_manifest_find (manifest, peer->node.state);
        if (node && !all && !imi_peer_changed (peer, node)) {
            index++;
            continue;
        }
        imi_log (IMI_LOG_WARN, "peer.removed", "state=%s reason=%s", peer->node.state,
                 !node? "not_in_manifest": imi_peer_changed (peer, node)?
                 "keys_or_endpoint_changed": "own_keys_changed");
        cut = true;
        imi_peer_destroy (&self->peers [index]);
        self->peers [index] = self->peers [--self->peer_count];
        self->poller_stale = true;
    }
    //  Add peers that are new (or re-made after a change).
    for (size_t index = 0; index < imi_manifest_node_count (manifest); index++) {
        const imi_manifest_node_t *node = imi_manifest_node_at (manifest, index);
        if (strcmp (node->state, self->settings.state) == 0 || imi_node_peer (self, node->state))
            continue;
        imi_peer_t *peer = s_peer_make (self, node);
        if (!peer || imi_outbox_load_link (self->store, peer)) {
            imi_log (IMI_LOG_ERROR, "peer.failed", "state=%s detail=\"%s\"", node->state,
                     imi_error_last ());
            imi_peer_destroy (&peer);
            continue;
        }
        self->peers [self->peer_count++] = peer;
        self->poller_stale = true;
        imi_log (IMI_LOG_INFO, "peer.added", "state=%s endpoint=%s%s", node->state,
                 node->endpoint, peer->previous_trusted? " previous_keys=trusted": "");
    }
    return cut;
}

//  Restart zauth with the manifest's keys and the previous CURVE keys of
//  the peers still trusted with them; bind the ROUTER again if rebind.
static void
s_update_transport (imi_node_t *self, bool rebind)
{
    imi_manifest_node_t also [IMI_MANIFEST_MAX_NODES];
    size_t count = 0;
    for (size_t index = 0; index < self->peer_count; index++) {
        imi_peer_t *peer = self->peers [index];
        if (!peer->previous_trusted)
            continue;
        also [count] = peer->node;
        memcpy (also [count].curve_key, peer->previous_curve_key, IMI_BOX_PUBLIC_BYTES);
        count++;
    }
    if (imi_transport_update (self->transport, imi_federation_manifest (self->federation),
                              also, count, rebind))
        imi_log (IMI_LOG_ERROR, "transport.error", "detail=\"%s\"", imi_error_last ());
    self->poller_stale = true;
}

void
imi_node_apply_manifest (imi_node_t *self, bool rekey)
{
    //  A peer made again forgets what it applied in the open group, whose
    //  receipt would then never be sent: a sender retransmitting those
    //  messages got no stored receipt for them either. The group commits
    //  first (the manifest offer that got here, if any, with it).
    imi_node_settle (self);
    bool cut = s_sync_peers (self, rekey);
    s_update_transport (self, cut || rekey);
}

int
imi_node_offer_manifest (imi_node_t *self, const uint8_t *data, size_t size, const char *source)
{
    //  A manifest naming keys of ours we do not hold yet may name the next
    //  ones, made since the start.
    imi_rotation_look_for_next (self);
    uint64_t before = imi_manifest_version (imi_federation_manifest (self->federation));
    int rc = imi_federation_offer (self->federation, data, size);
    if (rc < 0) {
        imi_log (IMI_LOG_WARN, "manifest.refused", "source=%s reason=\"%s\"", source,
                 imi_error_last ());
        return -1;
    }
    if (rc == 0)
        return 0;
    imi_manifest_t *manifest = imi_federation_manifest (self->federation);
    imi_log (IMI_LOG_INFO, "manifest.installed", "source=%s version=%llu previous=%llu nodes=%zu",
             source, (unsigned long long) imi_manifest_version (manifest),
             (unsigned long long) before, imi_manifest_node_count (manifest));
    //  The federation's membership is what the log's signatures are checked
    //  against: a change of it belongs in the log, and the manifest is kept
    //  for the auditor's bundle.
    char detail [128];
    snprintf (detail, sizeof detail, "version=%llu previous=%llu nodes=%zu source=%s",
              (unsigned long long) imi_manifest_version (manifest),
              (unsigned long long) before, imi_manifest_node_count (manifest), source);
    int64_t now = imi_node_now ();
    if (imi_rotation_keep_manifest (self->store, data, size, now)
    ||  imi_audit_local (self->store, "manifest.accepted", detail, now))
        imi_log (IMI_LOG_ERROR, "audit.error", "detail=\"%s\"", imi_error_last ());
    imi_node_apply_manifest (self, false);
    return 1;
}

//  ---------------------------------------------------------------------------
//  Pings

//  Send a PING in version to peer; answer client (if any) on its PONG.
static int
s_ping (imi_node_t *self, imi_peer_t *peer, uint32_t version, zframe_t **client)
{
    imi_ping_t ping = { imi_manifest_version (imi_federation_manifest (self->federation)) };
    uint8_t *plain, *envelope;
    size_t plain_size, envelope_size;
    uint8_t id [IMI_MESSAGE_ID_BYTES];
    if (imi_ping_encode (&ping, &plain, &plain_size))
        return -1;
    int rc = s_seal (self, peer, version, IMI_TYPE_PING, plain, plain_size, &envelope,
                     &envelope_size, id);
    free (plain);
    if (rc)
        return -1;
    rc = imi_peer_send (peer, envelope, envelope_size);
    free (envelope);
    if (rc)
        return imi_error_set ("%s is not connected (endpoint %s)", peer->node.state,
                              peer->node.endpoint);
    self->counters.values [IMI_COUNT_SENT]++;
    //  Take the oldest slot if all are used: an unanswered ping is forgotten.
    size_t slot = 0;
    for (size_t index = 0; index < IMI_PENDING_PINGS_MAX; index++) {
        if (!self->pings [index].used) {
            slot = index;
            break;
        }
        if (self->pings [index].sent_ms < self->pings [slot].sent_ms)
            slot = index;
    }
    imi_pending_ping_t *pending = &self->pings [slot];
    if (pending->used && pending->client) {
        zlist_t *lines = zlist_new ();
        zlist_autofree (lines);
        zlist_append (lines, "too many pings in flight");
        imi_node_reply (self, &pending->client, "error", lines);
        zlist_destroy (&lines);
    }
    pending->used = true;
    memcpy (pending->id, id, sizeof id);
    memcpy (pending->state, peer->node.state, 3);
    pending->sent_ms = imi_node_clock ();
    pending->client = client? *client: NULL;
    if (client)
        *client = NULL;
    return 0;
}

int
imi_node_ping (imi_node_t *self, imi_peer_t *peer, zframe_t **client)
{
    return s_ping (self, peer, s_peer_version (peer), client);
}

//  While peer is not known to speak our version: one PING in it as soon as
//  one can leave, then one every S_PROBE_EVERY_HEARTBEATS heartbeats (the
//  heartbeat counts probe_in down). It also tells the peer our version, and
//  goes out before our sequenced messages on the same connection, so that
//  the peer's receipts for them can name refusals. A version 1 peer refuses
//  it (and counts it malformed); a version 2 peer's answer tells us.
static void
s_probe_version (imi_node_t *self, imi_peer_t *peer)
{
    if (peer->version < IMI_PROTOCOL_VERSION && peer->probe_in == 0
    &&  s_ping (self, peer, IMI_PROTOCOL_VERSION, NULL) == 0)
        peer->probe_in = S_PROBE_EVERY_HEARTBEATS;
}

static void
s_handle_pong (imi_node_t *self, imi_peer_t *peer, const imi_pong_t *pong)
{
    int64_t now = imi_node_clock ();
    for (size_t index = 0; index < IMI_PENDING_PINGS_MAX; index++) {
        imi_pending_ping_t *pending = &self->pings [index];
        if (!pending->used || strcmp (pending->state, peer->node.state) != 0
        ||  !imi_equal (pending->id, pong->ping_id, IMI_MESSAGE_ID_BYTES))
            continue;
        peer->rtt_ms = now - pending->sent_ms;
        //  ping's answer: {state, rtt_ms, manifest_version (the peer's)}
        if (pending->client)
            imi_node_reply_value (self, &pending->client,
                                  json_pack ("{s:s, s:I, s:I}", "state", peer->node.state,
                                             "rtt_ms", (json_int_t) peer->rtt_ms,
                                             "manifest_version",
                                             (json_int_t) pong->manifest_version));
        pending->used = false;
        break;
    }
}

static void
s_expire_pings (imi_node_t *self, int64_t now)
{
    for (size_t index = 0; index < IMI_PENDING_PINGS_MAX; index++) {
        imi_pending_ping_t *pending = &self->pings [index];
        if (!pending->used || now - pending->sent_ms < self->settings.peer_timeout_ms)
            continue;
        if (pending->client) {
            zlist_t *lines = zlist_new ();
            zlist_autofree (lines);
            char line [128];
            snprintf (line, sizeof line, "no answer from %s within %ld ms", pending->state,
                      self->settings.peer_timeout_ms);
            zlist_append (lines, line);
            imi_node_reply (self, &pending->client, "error", lines);
            zlist_destroy (&lines);
        }
        pending->used = false;
    }
}

//  ---------------------------------------------------------------------------
//  Receiving

//  A send that may leave only after the group commits (a receipt).
static void
s_group_defer (imi_group_t *group, zframe_t *routing_id, const uint8_t *data, size_t size)
{
    zlist_append (group->routing_ids, zframe_dup (routing_id));
    zlist_append (group->payloads, zchunk_new (data, size));
}

//  Send (if send) or drop the group's deferred sends.
static void
s_group_flush_sends (imi_node_t *self, bool send)
{
    imi_group_t *group = &self->group;
    zframe_t *routing_id;
    while ((routing_id = (zframe_t *) zlist_pop (group->routing_ids))) {
        zchunk_t *payload = (zchunk_t *) zlist_pop (group->payloads);
        if (send
        &&  imi_node_router_send (self, routing_id, zchunk_data (payload), zchunk_size (payload)) == 0)
            self->counters.values [IMI_COUNT_RECEIPTS_SENT]++;
        zframe_destroy (&routing_id);
        zchunk_destroy (&payload);
    }
}

//  A duplicate: send again the stored receipt that covers it (once per group).
static int
s_resend_receipt (imi_node_t *self, imi_peer_t *peer, uint64_t seq, zframe_t *routing_id)
{
    if (seq <= peer->batch_resent_last_seq)
        return 0;
    uint8_t *envelope;
    size_t size;
    int rc = imi_inbox_find_receipt (self->store, peer->node.state, seq, &envelope, &size);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        imi_envelope_view_t view;
        imi_receipt_t receipt = { 0 };
        uint8_t *plain = NULL;
        size_t plain_size;
        //  Our own stored receipt: decode it to learn the range it covers.
        bool decoded = imi_envelope_decode (&view, envelope, size) == 0;
        if (decoded
        &&  imi_peer_open (peer, &view, &plain, &plain_size) == 0
        &&  imi_receipt_decode (&receipt, view.header.version, plain, plain_size) == 0)
            peer->batch_resent_last_seq = receipt.last_seq;
        //  Signed before we switched keys: the peer now knows only the new
        //  one. Signed again as it leaves; what is stored stays as signed.
        if (decoded && self->previous_identity
        &&  imi_envelope_verify (&view, imi_identity_sign_public (self->identity))
        &&  imi_envelope_resign (envelope, size, imi_identity_sign_secret (self->identity)))
            imi_log (IMI_LOG_ERROR, "receipt.resign_failed", "state=%s seq=%llu",
                     peer->node.state, (unsigned long long) seq);
        imi_receipt_cleanup (&receipt);
        free (plain);
        s_group_defer (&self->group, routing_id, envelope, size);
        free (envelope);
    }
    return 0;
}

//  Apply the next sequenced message inside the group's transaction.
//  0 on success (applied or recorded as rejected), -1 on a database error.
static int
s_apply_next (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
              const uint8_t *envelope, size_t size)
{
    const char *rejected = NULL;
    imi_counter_t rejected_as = IMI_COUNT_REJECTED_MALFORMED;
    char reason [IMI_ERROR_MAX];
    uint8_t *plain = NULL;
    size_t plain_size = 0;
    //  After a restore, our own messages this one may follow come first.
    if (imi_recovery_before (self, peer, view->header.timestamp_ms))
        return -1;
    const imi_message_handler_t *handler = imi_node_handler (self, view->header.type);
    imi_apply_fn *apply = handler? handler->apply: NULL;
    //  An applier may queue messages (a disclosure, a push): if the message
    //  is then refused, the savepoint takes the rows back and this the links'
    //  counters in memory.
    uint64_t next_out_seq [IMI_MANIFEST_MAX_NODES];
    for (size_t index = 0; index < self->peer_count; index++)
        next_out_seq [index] = self->peers [index]->next_out_seq;
    if (imi_store_exec (self->store, "SAVEPOINT message"))
        return -1;
    if (imi_peer_open (peer, view, &plain, &plain_size)) {
        rejected = "body does not decrypt";
        rejected_as = IMI_COUNT_REJECTED_BAD_BODY;
    }
    else
    if (!apply) {
        rejected = "no handler for this message type";
        rejected_as = IMI_COUNT_REJECTED_UNEXPECTED;
    }
    else {
        int rc = apply (self, peer, view, plain, plain_size);
        if (rc == -1) {
            free (plain);
            return -1;
        }
        if (rc == -2) {
            snprintf (reason, sizeof reason, "%s", imi_error_last ());
            rejected = reason;
        }
    }
    free (plain);
    //  A message its sender signed but we cannot apply is still recorded,
    //  its seq consumed (otherwise it would block the link forever), and
    //  named as refused, with the reason, in a version 2 receipt.
    if (rejected) {
        if (imi_store_exec (self->store, "ROLLBACK TO message"))
            return -1;
        for (size_t index = 0; index < self->peer_count; index++)
            self->peers [index]->next_out_seq = next_out_seq [index];
        imi_node_reject (self, rejected_as, peer->node.state, rejected);
    }
    if (imi_store_exec (self->store, "RELEASE message")
    ||  imi_inbox_record (self->store, peer->node.state, view, envelope, size, imi_node_now (),
                          imi_counter_reason (rejected_as), rejected))
        return -1;
    if (!rejected)
        self->counters.values [IMI_COUNT_APPLIED]++;
    if (peer->batch_first_seq == 0)
        peer->batch_first_seq = view->header.seq;
    peer->batch_last_seq = view->header.seq;
    return 0;
}

static int
s_handle_sequenced (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                    const uint8_t *envelope, size_t size, zframe_t *routing_id)
{
    imi_inbox_class_t kind;
    if (imi_inbox_classify (self->store, peer->node.state, view, &kind))
        return -1;
    if (peer->restored_next)
        return 0;       //  the link is being repaired: it sends again once that is done
    switch (kind) {
        case IMI_INBOX_NEXT:
            zframe_destroy (&peer->batch_routing_id);
            peer->batch_routing_id = zframe_dup (routing_id);
            return s_apply_next (self, peer, view, envelope, size);
        case IMI_INBOX_DUPLICATE:
            self->counters.values [IMI_COUNT_DUPLICATES]++;
            return s_resend_receipt (self, peer, view->header.seq, routing_id);
        case IMI_INBOX_CONFLICT:
            //  Answered with our signed receipt for that seq: it names the
            //  message we applied, so the sender can see that it was not its.
            imi_node_reject (self, IMI_COUNT_REJECTED_SEQUENCE_CONFLICT, peer->node.state,
                      "a different message for a sequence number already applied");
            return s_resend_receipt (self, peer, view->header.seq, routing_id);
        case IMI_INBOX_GAP: {
            //  Logged like every rejection: a peer stuck sending past a gap
            //  is otherwise invisible but for a counter.
            char detail [64];
            snprintf (detail, sizeof detail, "seq %llu is beyond the next expected",
                      (unsigned long long) view->header.seq);
            imi_node_reject (self, IMI_COUNT_REJECTED_OUT_OF_ORDER, peer->node.state, detail);
            return 0;
        }
    }
    return 0;
}

//  At the end of a group: sign and store one receipt per peer that had
//  messages applied, to be sent after commit.
static int
s_receipt_group (imi_node_t *self)
{
    for (size_t index = 0; index < self->peer_count; index++) {
        imi_peer_t *peer = self->peers [index];
        if (peer->batch_first_seq == 0)
            continue;
        imi_receipt_t receipt = {
            .first_seq = peer->batch_first_seq,
            .last_seq = peer->batch_last_seq,
            .hash_count = (uint32_t) (peer->batch_last_seq - peer->batch_first_seq + 1),
        };
        //  A version 1 peer cannot read refusals: they stay in our inbox
        //  and counters only.
        uint32_t version = s_peer_version (peer);
        uint8_t *hashes = malloc (receipt.hash_count * IMI_HASH_BYTES);
        imi_refusal_t *refused = version >= 2? malloc (receipt.hash_count * sizeof *refused): NULL;
        uint8_t *plain = NULL, *envelope = NULL;
        size_t plain_size, envelope_size;
        int rc = -1;
        if (hashes && (version < 2 || refused)
        &&  imi_inbox_hashes (self->store, peer->node.state, receipt.first_seq, receipt.last_seq,
                              hashes, refused, &receipt.refused_count) == 0) {
            receipt.hashes = hashes;
            receipt.refused = refused;
            if (imi_receipt_encode (&receipt, version, &plain, &plain_size) == 0
            &&  s_seal (self, peer, version, IMI_TYPE_RECEIPT, plain, plain_size, &envelope,
                        &envelope_size, NULL) == 0
            &&  imi_inbox_store_receipt (self->store, peer->node.state, receipt.first_seq,
                                         receipt.last_seq, envelope, envelope_size,
                                         imi_node_now ()) == 0) {
                s_group_defer (&self->group, peer->batch_routing_id, envelope, envelope_size);
                rc = 0;
            }
        }
        free (hashes);
        free (refused);
        free (plain);
        free (envelope);
        if (rc)
            return -1;
    }
    return 0;
}

static void
s_batch_reset_peers (imi_node_t *self)
{
    for (size_t index = 0; index < self->peer_count; index++) {
        imi_peer_t *peer = self->peers [index];
        peer->batch_first_seq = 0;
        peer->batch_last_seq = 0;
        peer->batch_resent_last_seq = 0;
        zframe_destroy (&peer->batch_routing_id);
    }
}

//  A receipt signed by peer names another message than ours at seq: the
//  peer applied something else under our number (a restore from backup on
//  one side, or a forgery). Recorded on the link, counted and logged once
//  per seq; our message stays undelivered (PROTOCOL.md §3, conflicts).
static void
s_link_conflict (imi_node_t *self, imi_peer_t *peer, uint64_t seq, const char *detail)
{
    //  The link is held at the lowest: receipts sent again for later
    //  batches mismatch too, and must not move it (nor log each).
    if (peer->conflict_seq && peer->conflict_seq <= seq)
        return;
    peer->conflict_seq = seq;
    self->counters.values [IMI_COUNT_LINK_CONFLICTS]++;
    char quoted [IMI_ERROR_MAX + 16];
    imi_log (IMI_LOG_ERROR, "link.conflict", "state=%s seq=%llu detail=%s", peer->node.state,
             (unsigned long long) seq, imi_log_quote (quoted, sizeof quoted, detail));
}

static void
s_handle_receipt (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                  const uint8_t *envelope, size_t size, const uint8_t *plain, size_t plain_size)
{
    imi_receipt_t receipt = { 0 };
    if (imi_receipt_decode (&receipt, view->header.version, plain, plain_size)) {
        imi_node_reject (self, IMI_COUNT_REJECTED_MALFORMED, peer->node.state, imi_error_last ());
        return;
    }
    imi_receipt_outcome_t outcome;
    int rc = imi_outbox_accept_receipt (self->store, peer, &receipt, envelope, size,
                                        imi_node_now (), &outcome);
    imi_receipt_cleanup (&receipt);
    if (rc == -2) {
        if (outcome.conflict_seq)
            s_link_conflict (self, peer, outcome.conflict_seq, imi_error_last ());
        imi_node_reject (self, IMI_COUNT_REJECTED_BAD_RECEIPT, peer->node.state, imi_error_last ());
        return;
    }
    if (rc < 0) {
        imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
        return;
    }
    self->counters.values [IMI_COUNT_RECEIPTS_ACCEPTED]++;
    self->counters.values [IMI_COUNT_REFUSED_BY_PEER] += (uint64_t) outcome.refused;
    if (peer->conflict_seq && peer->acked_out_seq >= peer->conflict_seq) {
        imi_log (IMI_LOG_INFO, "link.conflict_resolved", "state=%s seq=%llu", peer->node.state,
                 (unsigned long long) peer->conflict_seq);
        peer->conflict_seq = 0;
    }
    int delivered = outcome.delivered;
    if (delivered > 0) {
        self->counters.values [IMI_COUNT_DELIVERED] += (uint64_t) delivered;
        peer->last_progress_ms = imi_node_clock ();
        peer->retry_ms = self->settings.retry_min_ms;
        if (peer->cursor <= peer->acked_out_seq)
            peer->cursor = peer->acked_out_seq + 1;
    }
}

//  What a peer's unsequenced envelope says of the version it speaks (its
//  sequenced ones are all stamped 1, §2.5): a higher version is taken at
//  once; a lower one only after S_PROBE_EVERY_HEARTBEATS of its PINGs in a
//  row say so (it went back to older software), since a peer that merely
//  forgot us also writes version 1 until our probe reaches it. Kept in the
//  links table, so that a restart forgets nothing. 0, or -1 on a database
//  error.
static int
s_learn_version (imi_node_t *self, imi_peer_t *peer, const imi_header_t *header)
{
    if (header->version >= peer->version)
        peer->lower_pings = 0;
    else
    if (header->type == IMI_TYPE_PING
    &&  ++peer->lower_pings < S_PROBE_EVERY_HEARTBEATS)
        return 0;
    if (header->version == peer->version
    ||  (header->version < peer->version && header->type != IMI_TYPE_PING))
        return 0;
    peer->version = header->version;
    peer->lower_pings = 0;
    imi_log (IMI_LOG_INFO, "peer.version", "state=%s version=%u", peer->node.state,
             peer->version);
    return imi_outbox_set_version (self->store, peer);
}

//  Peer was seen signing with its current key: it has switched. Its
//  previous keys are no longer trusted (recorded, so that a restart does
//  not trust them again), zauth forgets its previous CURVE key, and its
//  DEALER is dialled again with the current one. 0, or -1 on a database error.
static int
s_peer_switched (imi_node_t *self, imi_peer_t *peer)
{
    if (imi_outbox_set_peer_key (self->store, peer))
        return -1;
    imi_log (IMI_LOG_INFO, "peer.keys_switched", "state=%s", peer->node.state);
    if (imi_peer_trust_current (peer, self->transport))
        imi_log (IMI_LOG_ERROR, "peer.failed", "state=%s detail=\"%s\"", peer->node.state,
                 imi_error_last ());
    s_update_transport (self, false);
    return 0;
}

//  Check one incoming message and act on it. routing_id is set for messages
//  that came in on the ROUTER, dealer_peer for those on a peer's DEALER.
//  Returns -1 only on a database error (the group must roll back).
static int
s_handle_message (imi_node_t *self, zframe_t *routing_id, imi_peer_t *dealer_peer,
                  zframe_t *payload)
{
    const uint8_t *data = zframe_data (payload);
    size_t size = zframe_size (payload);
    //  The CURVE identity of the connection: zauth tagged the ROUTER's
    //  connection with the state of the certificate it matched; a DEALER
    //  talks only to the server key of its peer.
    const char *connection_state = routing_id? zframe_meta (payload, "state"): dealer_peer->node.state;
    if (!connection_state) {
        imi_node_reject (self, IMI_COUNT_REJECTED_IDENTITY_MISMATCH, NULL,
                  "connection has no authenticated state");
        return 0;
    }
    if ((long) size > self->settings.max_message_bytes) {
        char detail [128];
        snprintf (detail, sizeof detail, "%zu bytes, limit %ld", size,
                  self->settings.max_message_bytes);
        imi_node_reject (self, IMI_COUNT_REJECTED_OVERSIZED, connection_state, detail);
        return 0;
    }
    imi_envelope_view_t view;
    if (imi_envelope_decode (&view, data, size)) {
        static const imi_counter_t kinds [] = {
            [IMI_ENVELOPE_MALFORMED] = IMI_COUNT_REJECTED_MALFORMED,
            [IMI_ENVELOPE_UNSUPPORTED_VERSION] = IMI_COUNT_REJECTED_UNSUPPORTED_VERSION,
            [IMI_ENVELOPE_UNKNOWN_TYPE] = IMI_COUNT_REJECTED_UNKNOWN_TYPE,
        };
        imi_node_reject (self, kinds [view.fault], connection_state, imi_error_last ());
        return 0;
    }
    const imi_header_t *header = &view.header;
    if (strcmp (header->from, connection_state) != 0) {
        char detail [96];
        snprintf (detail, sizeof detail, "signed as %s on a connection authenticated as %s",
                  header->from, connection_state);
        imi_node_reject (self, IMI_COUNT_REJECTED_IDENTITY_MISMATCH, connection_state, detail);
        return 0;
    }
    if (strcmp (header->to, self->settings.state) != 0) {
        imi_node_reject (self, IMI_COUNT_REJECTED_MISADDRESSED, header->from, header->to);
        return 0;
    }
    //  zauth and the identity check make this unreachable for connections
    //  made under the current manifest; it guards the moment of a change.
    imi_peer_t *peer = imi_node_peer (self, header->from);
    if (!peer) {
        imi_node_reject (self, IMI_COUNT_REJECTED_UNKNOWN_SENDER, header->from,
                  "state not in the held manifest");
        return 0;
    }
    uint8_t body_hash [IMI_HASH_BYTES];
    imi_hash (body_hash, view.body, view.body_size);
    if (!imi_equal (body_hash, header->body_hash, IMI_HASH_BYTES)) {
        imi_node_reject (self, IMI_COUNT_REJECTED_BAD_BODY, header->from, "body does not match its hash");
        return 0;
    }
    //  A peer in the midst of a rotation signs with its previous key until
    //  it switches; its first message under the current key ends that.
    if (imi_envelope_verify (&view, peer->node.sign_key) == 0) {
        if (peer->previous_trusted && s_peer_switched (self, peer))
            return -1;
    }
    else
    if (!peer->previous_trusted || imi_envelope_verify (&view, peer->previous_sign_key)) {
        imi_node_reject (self, IMI_COUNT_REJECTED_BAD_SIGNATURE, header->from, imi_error_last ());
        return 0;
    }
    //  The timestamp is compared as the unsigned integer it is: cast to
    //  int64_t, 2^63 and above would turn negative and pass as old.
    int64_t now = imi_node_now ();
    bool sequenced = imi_message_type_sequenced (header->type);
    if (header->timestamp_ms > (uint64_t) (now + S_CLOCK_SKEW_MS)) {
        imi_node_reject (self, IMI_COUNT_REJECTED_FUTURE, header->from, "timestamp ahead of our clock");
        return 0;
    }
    if (!sequenced && header->timestamp_ms < (uint64_t) (now - S_CLOCK_SKEW_MS)) {
        imi_node_reject (self, IMI_COUNT_REJECTED_EXPIRED, header->from, imi_message_type_name (header->type));
        return 0;
    }
    peer->last_seen_ms = imi_node_clock ();
    self->counters.values [IMI_COUNT_RECEIVED]++;
    if (!sequenced && s_learn_version (self, peer, header))
        return -1;

    //  Requests come in on the ROUTER, answers on the DEALER; manifests on
    //  both. The modules' unsequenced types say which they are.
    const imi_message_handler_t *handler = sequenced? NULL: imi_node_handler (self, header->type);
    bool expected = header->type == IMI_TYPE_MANIFEST
                 || (routing_id && (sequenced || header->type == IMI_TYPE_PING))
                 || (!routing_id && (header->type == IMI_TYPE_PONG
                                     || header->type == IMI_TYPE_RECEIPT))
                 || (handler && handler->handle && handler->request == (routing_id != NULL));
    if (!expected) {
        imi_node_reject (self, IMI_COUNT_REJECTED_UNEXPECTED, header->from,
                  imi_message_type_name (header->type));
        return 0;
    }
    if (sequenced)
        return s_handle_sequenced (self, peer, &view, data, size, routing_id);

    uint8_t *plain;
    size_t plain_size;
    if (imi_peer_open (peer, &view, &plain, &plain_size)) {
        imi_node_reject (self, IMI_COUNT_REJECTED_BAD_BODY, header->from, imi_error_last ());
        return 0;
    }
    uint64_t our_version = imi_manifest_version (imi_federation_manifest (self->federation));
    switch (header->type) {
        case IMI_TYPE_PING: {
            imi_ping_t ping;
            if (imi_ping_decode (&ping, plain, plain_size)) {
                imi_node_reject (self, IMI_COUNT_REJECTED_MALFORMED, header->from, imi_error_last ());
                break;
            }
            peer->manifest_version = ping.manifest_version;
            //  A PING older than what the peer has shown it speaks: it has
            //  forgotten our version (a restart): tell it now, before its
            //  receipts for what we send next.
            if (header->version < peer->version)
                s_ping (self, peer, peer->version, NULL);
            imi_pong_t pong = { .manifest_version = our_version };
            memcpy (pong.ping_id, header->message_id, IMI_MESSAGE_ID_BYTES);
            uint8_t *pong_plain, *envelope;
            size_t pong_size, envelope_size;
            if (imi_pong_encode (&pong, &pong_plain, &pong_size) == 0) {
                //  In the PING's version, which its sender reads for sure.
                if (s_seal (self, peer, header->version, IMI_TYPE_PONG, pong_plain, pong_size,
                            &envelope, &envelope_size, NULL) == 0) {
                    imi_node_router_send (self, routing_id, envelope, envelope_size);
                    free (envelope);
                }
                free (pong_plain);
            }
            if (ping.manifest_version < our_version)
                s_offer_manifest_to (self, peer, routing_id);
            break;
        }
        case IMI_TYPE_PONG: {
            imi_pong_t pong;
            if (imi_pong_decode (&pong, plain, plain_size)) {
                imi_node_reject (self, IMI_COUNT_REJECTED_MALFORMED, header->from, imi_error_last ());
                break;
            }
            peer->manifest_version = pong.manifest_version;
            s_handle_pong (self, peer, &pong);
            if (pong.manifest_version < our_version)
                s_offer_manifest_to (self, peer, NULL);
            break;
        }
        case IMI_TYPE_RECEIPT:
            s_handle_receipt (self, peer, &view, data, size, plain, plain_size);
            break;
        case IMI_TYPE_MANIFEST: {
            const uint8_t *manifest;
            size_t manifest_size;
            if (imi_manifest_body_decode (&manifest, &manifest_size, plain, plain_size)) {
                imi_node_reject (self, IMI_COUNT_REJECTED_MALFORMED, header->from, imi_error_last ());
                break;
            }
            char source [16];
            snprintf (source, sizeof source, "peer:%s", header->from);
            if (imi_node_offer_manifest (self, manifest, manifest_size, source) < 0)
                imi_node_reject (self, IMI_COUNT_REJECTED_MANIFEST, header->from, imi_error_last ());
            break;
        }
        default:
            if (handler->handle (self, peer, routing_id, plain, plain_size)) {
                free (plain);
                return -1;
            }
    }
    free (plain);
    return 0;
}

//  End the group: sign the receipts, commit, and only then send them; on
//  any failure roll everything back (the senders retransmit).
static void
s_group_close (imi_node_t *self, bool failed)
{
    imi_group_t *group = &self->group;
    if (!group->open)
        return;
    if (!failed)
        failed = s_receipt_group (self) || imi_store_commit (self->store);
    if (failed) {
        imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\" action=group_rolled_back "
                 "messages=%d", imi_error_last (), group->messages);
        imi_store_rollback (self->store);
        imi_node_reload_links (self);
    }
    s_batch_reset_peers (self);
    s_group_flush_sends (self, !failed);
    group->open = false;
    group->messages = 0;
}

void
imi_node_settle (imi_node_t *self)
{
    s_group_close (self, false);
}

//  A message came: the average gap between messages moves (by an eighth
//  of the difference).
static void
s_group_arrived (imi_group_t *group)
{
    int64_t now_us = zclock_usecs ();
    if (group->arrived_us) {
        int64_t gap_us = now_us - group->arrived_us;
        group->gap_us += ((gap_us < S_GAP_MAX_US? gap_us: S_GAP_MAX_US) - group->gap_us) / 8;
    }
    else
        group->gap_us = S_GAP_MAX_US;
    group->arrived_us = now_us;
}

//  How long a turn with the group open waits for input before it commits.
//  When messages come one every few milliseconds (a busy link: an API's
//  actions sent one by one, their receipts), the input runs dry between
//  any two of them, and a group committed at once held one message: one
//  commit and one fsync each, 45 % of a receiving node's CPU (perf, under
//  bench-http's mix). So while the average gap is under twice
//  S_GROUP_LINGER_MS, the group waits that long for the next message,
//  and one commit serves several. A lone message (a quiet federation, a
//  heartbeat every second from each peer) commits at once, as before.
static int
s_group_linger (imi_node_t *self)
{
    return self->group.gap_us < 2 * S_GROUP_LINGER_MS * 1000? S_GROUP_LINGER_MS: 0;
}

//  Read from socket (poll index poll_index) into the group until it has
//  nothing left, the group is full or the deadline passed (one message at
//  least). A socket left with input is marked for the next wait.
static void
s_drain (imi_node_t *self, zsock_t *socket, int poll_index, imi_peer_t *dealer_peer,
         int64_t deadline)
{
    imi_group_t *group = &self->group;
    int64_t now = imi_node_clock ();
    if (!group->open) {
        if (imi_store_begin (self->store)) {
            imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
            imi_poll_mark (self->poll, poll_index);
            return;
        }
        group->open = true;
        group->started_ms = now;
    }
    bool failed = false, drained = false;
    for (int count = 0; !failed && group->messages < S_GROUP_MAX; count++) {
        if (count && imi_node_clock () > deadline)
            break;
        //  Without waiting: an empty socket ends the drain with one call,
        //  where asking ZMQ_EVENTS first would cost a system call a message.
        zmsg_t *message = zmsg_recv_nowait (zsock_resolve (socket));
        if (!message) {
            drained = true;
            break;
        }
        group->messages++;
        s_group_arrived (group);
        zframe_t *routing_id = dealer_peer? NULL: zmsg_pop (message);
        zframe_t *payload = zmsg_pop (message);
        if (!payload || zmsg_size (message) != 0)
            imi_node_reject (self, IMI_COUNT_REJECTED_MALFORMED, NULL, "not a one-frame message");
        else
        if (s_handle_message (self, routing_id, dealer_peer, payload))
            failed = true;
        zframe_destroy (&routing_id);
        zframe_destroy (&payload);
        zmsg_destroy (&message);
        //  A manifest change may have destroyed the socket being drained.
        if (self->poller_stale)
            break;
    }
    if (!drained)
        imi_poll_mark (self->poll, poll_index);
    if (failed || self->poller_stale || group->messages >= S_GROUP_MAX)
        s_group_close (self, failed);
}

//  Read the sockets that have input, for at most S_SLICE_MS in all: the
//  ROUTER (requests and sequenced messages) and each peer's DEALER
//  (receipts, pongs, answers). The first socket read turns round from one
//  turn of the loop to the next, so a busy ROUTER never starves the
//  answers our own sends wait for, nor the other way round. Returns
//  whether any socket had input.
static bool
s_receive (imi_node_t *self)
{
    bool received = false;
    int64_t deadline = imi_node_clock () + S_SLICE_MS;
    size_t sockets = self->peer_count + 1;
    size_t first = self->receive_first++ % sockets;
    for (size_t turn = 0; turn < sockets && !self->poller_stale; turn++) {
        size_t index = (first + turn) % sockets;
        imi_peer_t *peer = index < self->peer_count? self->peers [index]: NULL;
        int poll_index = peer? self->poll_dealer [index]: self->poll_router;
        if (imi_poll_readable (self->poll, poll_index)) {
            received = true;
            s_drain (self, peer? peer->dealer: imi_transport_socket (self->transport),
                     poll_index, peer, deadline);
        }
    }
    return received;
}

//  ---------------------------------------------------------------------------
//  Sending

static int
s_transmit_one (void *context, uint64_t seq, const uint8_t *envelope, size_t size)
{
    imi_peer_t *peer = (imi_peer_t *) context;
    (void) seq;
    return imi_peer_send (peer, envelope, size);
}

static void
s_transmit (imi_node_t *self, imi_peer_t *peer, int64_t now)
{
    if (peer->restored_next)
        return;         //  being repaired after a restore (imi_recovery)
    if (peer->cursor <= peer->acked_out_seq)
        peer->cursor = peer->acked_out_seq + 1;
    uint64_t in_flight = peer->cursor - 1 - peer->acked_out_seq;
    if (peer->cursor >= peer->next_out_seq || in_flight >= (uint64_t) self->settings.window)
        return;
    long budget = self->settings.window - (long) in_flight;
    if (budget > S_TRANSMIT_CHUNK)
        budget = S_TRANSMIT_CHUNK;
    if (in_flight == 0)
        peer->last_progress_ms = now;
    s_probe_version (self, peer);
    int sent = imi_outbox_each (self->store, peer->node.state, peer->cursor, budget,
                                s_transmit_one, peer);
    if (sent < 0) {
        imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
        return;
    }
    peer->cursor += (uint64_t) sent;
    self->counters.values [IMI_COUNT_SENT] += (uint64_t) sent;
}

//  Go back to the oldest unreceipted message when receipts stop coming.
static void
s_retransmit_check (imi_node_t *self, imi_peer_t *peer, int64_t now)
{
    uint64_t in_flight = peer->cursor > peer->acked_out_seq + 1?
                         peer->cursor - 1 - peer->acked_out_seq: 0;
    if (in_flight == 0 || now - peer->last_progress_ms < peer->retry_ms)
        return;
    imi_log (IMI_LOG_INFO, "delivery.retry", "state=%s from_seq=%llu in_flight=%llu "
             "timeout_ms=%lld", peer->node.state, (unsigned long long) peer->acked_out_seq + 1,
             (unsigned long long) in_flight, (long long) peer->retry_ms);
    self->counters.values [IMI_COUNT_RETRANSMITS] += in_flight;
    peer->cursor = peer->acked_out_seq + 1;
    peer->retry_ms = peer->retry_ms * 2 > self->settings.retry_max_ms?
                     self->settings.retry_max_ms: peer->retry_ms * 2;
    peer->last_progress_ms = now;
}

//  ---------------------------------------------------------------------------
//  The loop

//  Read the socket monitors that have events: count and log the handshakes
//  our ROUTER refused, and let each peer note whether libzmq gave up on its
//  DEALER. Each is read until it has nothing left.
static void
s_watch (imi_node_t *self, int64_t now)
{
    imi_handshake_refusal_t refusal;
    if (imi_poll_readable (self->poll, self->poll_router_monitor))
        while (imi_transport_next_refusal (self->transport, &refusal))
            if (s_count_and_log_due (self, refusal.kind))
                imi_log (IMI_LOG_WARN, "handshake.refused", "kind=%s remote=%s total=%llu",
                         imi_counter_reason (refusal.kind), refusal.remote,
                         (unsigned long long) self->counters.values [refusal.kind]);
    for (size_t index = 0; index < self->peer_count && !self->poller_stale; index++)
        if (imi_poll_readable (self->poll, self->poll_monitor [index]))
            imi_peer_watch (self->peers [index], now);
}

//  Make a new DEALER for a peer whose old one libzmq stopped retrying.
static void
s_redial (imi_node_t *self, imi_peer_t *peer, int64_t now)
{
    int stalled_by = peer->stalled_by;
    int rc = imi_peer_redial (peer, self->transport, now);
    if (rc == 0)
        return;
    self->poller_stale = true;
    if (rc < 0) {
        imi_log (IMI_LOG_ERROR, "peer.failed", "state=%s detail=\"%s\"", peer->node.state,
                 imi_error_last ());
        return;
    }
    self->counters.values [IMI_COUNT_PEER_REDIALS]++;
    imi_log (IMI_LOG_INFO, "peer.redial", "state=%s endpoint=%s after=%s next_wait_ms=%lld",
             peer->node.state, peer->node.endpoint, imi_monitor_event_name (stalled_by),
             (long long) peer->redial_ms);
}

//  Timers that need no database: they run beside an open group.
static void
s_timers_link (imi_node_t *self, int64_t now)
{
    for (size_t index = 0; index < self->peer_count; index++) {
        imi_peer_t *peer = self->peers [index];
        if (imi_peer_heartbeat (peer, now, self->settings.heartbeat_ms))
            imi_node_ping (self, peer, NULL);
        s_probe_version (self, peer);
        s_peer_log_state (self, peer, now);
        s_redial (self, peer, now);
        s_retransmit_check (self, peer, now);
    }
    s_expire_pings (self, now);
}

//  Timers that read or write the database: only between groups.
static void
s_timers_store (imi_node_t *self, int64_t now)
{
    for (size_t index = 0; self->modules [index]; index++)
        if (self->modules [index]->tick)
            self->modules [index]->tick (self, now);
}

//  The set of sockets the loop waits on, made again when it changed.
static int
s_poll_rebuild (imi_node_t *self)
{
    imi_poll_clear (self->poll);
    //  The ROUTER's monitor first: the sooner an ACCEPTED event is read, the
    //  likelier its connection is still open to tell its remote address.
    self->poll_router_monitor = imi_poll_add (self->poll,
                                              imi_transport_monitor_socket (self->transport));
    self->poll_router = imi_poll_add (self->poll, imi_transport_socket (self->transport));
    self->poll_control = imi_poll_add (self->poll, self->control);
    if (self->poll_router_monitor < 0 || self->poll_router < 0 || self->poll_control < 0)
        return -1;
    for (size_t index = 0; self->modules [index]; index++) {
        const imi_module_t *module = self->modules [index];
        void *socket = module->socket? module->socket (self): NULL;
        self->poll_module [index] = socket? imi_poll_add (self->poll, socket): -1;
        if (socket && self->poll_module [index] < 0)
            return -1;
    }
    for (size_t index = 0; index < self->peer_count; index++) {
        imi_peer_t *peer = self->peers [index];
        self->poll_dealer [index] = peer->dealer? imi_poll_add (self->poll, peer->dealer): -1;
        self->poll_monitor [index] = peer->monitor?
            imi_poll_add (self->poll, imi_monitor_socket (peer->monitor)): -1;
        peer->sent = false;
    }
    self->poller_stale = false;
    return 0;
}

//  Before a wait: mark what this turn sent on (see imi_poll.h). The ROUTER,
//  the control socket and the modules' sockets are marked every turn: the
//  loop answers on each of them in many places.
static void
s_poll_mark_sent (imi_node_t *self)
{
    imi_poll_mark (self->poll, self->poll_router);
    imi_poll_mark (self->poll, self->poll_control);
    for (size_t index = 0; self->modules [index]; index++)
        if (self->poll_module [index] >= 0)
            imi_poll_mark (self->poll, self->poll_module [index]);
    for (size_t index = 0; index < self->peer_count; index++)
        if (self->peers [index]->sent) {
            self->peers [index]->sent = false;
            imi_poll_mark (self->poll, self->poll_dealer [index]);
        }
}

//  Hand a control request (consumed) to the modules.
static void
s_control_request (imi_node_t *self, zmsg_t **request_p)
{
    for (size_t index = 0; *request_p && self->modules [index]; index++)
        if (self->modules [index]->request)
            self->modules [index]->request (self, request_p);
    zmsg_destroy (request_p);
}

static bool
s_control_batches (imi_node_t *self, zmsg_t *request)
{
    for (size_t index = 0; self->modules [index]; index++)
        if (self->modules [index]->request_batches
        &&  self->modules [index]->request_batches (self, request))
            return true;
    return false;
}

//  The replies a batch held: sent if it committed; else each client is
//  told its change was not kept, whatever its reply said: "unavailable"
//  (HTTP 503 with Retry-After), for the same request may succeed later.
static void
s_control_release (imi_node_t *self, zlist_t **held_p, bool committed, const char *reason)
{
    zmsg_t *reply;
    while ((reply = (zmsg_t *) zlist_pop (*held_p))) {
        if (!committed) {
            zframe_t *client = zmsg_pop (reply);
            zmsg_destroy (&reply);
            reply = zmsg_new ();
            zmsg_append (reply, &client);
            zmsg_addstr (reply, "unavailable");     //  IMI_CONTROL_UNAVAILABLE
            zmsg_addstrf (reply, "not stored: %s", reason);
        }
        if (zmsg_send (&reply, self->control))
            zmsg_destroy (&reply);
    }
    zlist_destroy (held_p);
}

//  A turn's control requests. One, if it changes more than its own rows
//  or answers later: while peers keep the ROUTER busy (a directory import
//  replicating), imictl still gets its answer. Else it and those queued
//  after it that may join (request_batches), for at most S_SLICE_MS and
//  S_CONTROL_BATCH_MAX requests, run in one transaction, each change its
//  own savepoint, and are answered once it committed: one fsync for all.
//  An API under load makes many small changes (a message on a case each);
//  one fsync each kept the loop waiting on the disk, and delivery with it.
static void
s_control_turn (imi_node_t *self)
{
    zmsg_t *request = zmsg_recv_nowait (zsock_resolve (self->control));
    imi_node_settle (self);
    if (!request || !s_control_batches (self, request)
    ||  !(self->held_replies = zlist_new ()) || imi_store_batch_begin (self->store)) {
        zlist_destroy (&self->held_replies);
        s_control_request (self, &request);
        return;
    }
    int64_t deadline = imi_node_clock () + S_SLICE_MS;
    size_t count = 0;
    do {
        s_control_request (self, &request);
        count++;
        if (count < S_CONTROL_BATCH_MAX && imi_node_clock () < deadline)
            request = zmsg_recv_nowait (zsock_resolve (self->control));
    } while (request && s_control_batches (self, request));
    bool committed = imi_store_batch_end (self->store) == 0;
    char reason [IMI_ERROR_MAX];
    snprintf (reason, sizeof reason, "%s", committed? "": imi_error_last ());
    if (!committed) {
        imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\" action=control_batch_rolled_back "
                 "requests=%zu", reason, count);
        imi_node_reload_links (self);
    }
    zlist_t *held = self->held_replies;
    self->held_replies = NULL;
    s_control_release (self, &held, committed, reason);
    if (request)
        s_control_request (self, &request);     //  the one that may not join, alone
}

int
imi_node_run (imi_node_t *self)
{
    int64_t last_link_timers = 0, last_store_timers = 0;
    while (!self->stopping) {
        if (self->poller_stale && s_poll_rebuild (self))
            return -1;
        s_poll_mark_sent (self);
        //  With a long command in steps, only look. With a group open, look
        //  or wait a little (s_group_linger): nothing readable means the
        //  input ran dry, and it commits.
        int ready = imi_poll_wait (self->poll, self->job? 0
                                             : self->group.open? s_group_linger (self)
                                             : S_TICK_MS);
        if (zsys_interrupted)
            break;
        //  After SIGHUP (logrotate), before this turn logs anything
        imi_log_reopen_pending ();
        //  Monitors first, before any work: the sooner the ROUTER's ACCEPTED
        //  event is read, the likelier its connection is still open to tell
        //  its remote address.
        if (ready > 0)
            s_watch (self, imi_node_clock ());
        for (size_t index = 0; ready > 0 && self->modules [index]; index++)
            if (self->poll_module [index] >= 0
            &&  imi_poll_readable (self->poll, self->poll_module [index])) {
                imi_node_settle (self);
                self->modules [index]->readable (self);
            }
        bool received = ready > 0 && s_receive (self);
        int64_t now = imi_node_clock ();
        //  A long command waiting gets every other turn, as imictl does.
        if (!received || self->job || now - self->group.started_ms >= S_GROUP_MS)
            imi_node_settle (self);
        if (ready > 0 && imi_poll_readable (self->poll, self->poll_control))
            s_control_turn (self);
        now = imi_node_clock ();
        if (now - last_link_timers >= S_TICK_MS) {
            last_link_timers = now;
            s_timers_link (self, now);
        }
        if (self->group.open)
            continue;
        for (size_t index = 0; self->job && self->modules [index]; index++)
            if (self->modules [index]->step)
                self->modules [index]->step (self);
        now = imi_node_clock ();
        if (now - last_store_timers >= S_TICK_MS) {
            last_store_timers = now;
            s_timers_store (self, now);
            imi_rotation_tick (self);
        }
        for (size_t index = 0; index < self->peer_count; index++)
            s_transmit (self, self->peers [index], now);
    }
    imi_node_settle (self);
    imi_log (IMI_LOG_INFO, "node.stopping", "state=%s", self->settings.state);
    return 0;
}

void
imi_node_control_inproc (imi_node_t *self, char *endpoint, size_t size)
{
    snprintf (endpoint, size, "inproc://imi-control-%p", (void *) self);
}

void
imi_node_reply (imi_node_t *self, zframe_t **client_p, const char *status, zlist_t *lines)
{
    zmsg_t *reply = zmsg_new ();
    zmsg_append (reply, client_p);
    zmsg_addstr (reply, status);
    for (char *line = (char *) zlist_first (lines); line; line = (char *) zlist_next (lines))
        zmsg_addstr (reply, line);
    imi_node_reply_send (self, &reply);
}

void
imi_node_reply_send (imi_node_t *self, zmsg_t **reply_p)
{
    //  A reader's view has no socket: a reply it cannot hold (out of
    //  memory) is lost, and its reader answers the request 503
    if (self->held_replies && zlist_append (self->held_replies, *reply_p) == 0)
        *reply_p = NULL;
    else
    if (!self->control || zmsg_send (reply_p, self->control))
        zmsg_destroy (reply_p);
}

void
imi_node_reply_value (imi_node_t *self, zframe_t **client_p, json_t *value)
{
    char *json = imi_lines_json (value);
    zlist_t *lines = zlist_new ();
    if (lines) {
        zlist_autofree (lines);
        zlist_append (lines, json? json: "out of memory");
        imi_node_reply (self, client_p, json? "ok": "error", lines);
    }
    zlist_destroy (&lines);
    free (json);
    json_decref (value);
}

//  ---------------------------------------------------------------------------
//  Readers

imi_node_t *
imi_node_reader_new (imi_node_t *node)
{
    imi_node_t *reader = calloc (1, sizeof *reader);
    if (!reader) {
        imi_error_set ("out of memory");
        return NULL;
    }
    reader->settings = node->settings;
    reader->modules = node->modules;
    reader->identity = node->identity;
    reader->started_ms = node->started_ms;
    reader->reader = true;
    reader->lock_fd = -1;
    char path [IMI_PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/node.db", node->settings.data_dir);
    reader->store = imi_store_open_readonly (path);
    int rc = reader->store? 0: -1;
    while (rc == 0 && reader->modules [reader->modules_started]) {
        const imi_module_t *module = reader->modules [reader->modules_started];
        if (module->reader_open && module->reader_open (node, reader))
            rc = imi_error_wrap ("a reader of module %s", module->name);
        else
            reader->modules_started++;
    }
    if (rc)
        imi_node_reader_destroy (&reader);
    return reader;
}

void
imi_node_reader_destroy (imi_node_t **reader_p)
{
    imi_node_t *reader = *reader_p;
    if (!reader)
        return;
    assert (reader->reader);
    while (reader->modules_started > 0) {
        const imi_module_t *module = reader->modules [--reader->modules_started];
        if (module->reader_close)
            module->reader_close (reader);
    }
    imi_store_destroy (&reader->store);
    free (reader);
    *reader_p = NULL;
}

//  ---------------------------------------------------------------------------
//  Construction

//  A node that has run before (it keeps the manifest it accepted in
//  data_dir) but has no database, or an empty one, lost it: starting afresh
//  would reuse sequence numbers its peers have applied. Refused, unless the
//  operator asks for the repair (imi_recovery). 0, or -1 with the reason.
static int
s_database_lost (const imi_settings_t *settings, const char *database)
{
    char manifest [IMI_PATH_MAX + 32], marker [IMI_PATH_MAX + 32];
    snprintf (manifest, sizeof manifest, "%s/manifest.imi", settings->data_dir);
    snprintf (marker, sizeof marker, "%s/%s", settings->data_dir, IMI_RECOVERY_MARKER);
    struct stat info;
    bool lost = stat (database, &info) != 0 || info.st_size == 0;
    if (!lost || access (manifest, F_OK) != 0 || settings->recover || access (marker, F_OK) == 0)
        return 0;
    return imi_error_set ("%s is missing or empty, but this node has run before (%s): "
                          "restore a backup with `imictl restore FILE`, or start with "
                          "`imi-node --recover CONFIG` to rebuild from what the peers hold",
                          database, manifest);
}

imi_node_t *
imi_node_new (const imi_settings_t *settings, const imi_module_t *const *modules)
{
    imi_node_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    self->settings = *settings;
    self->modules = modules;
    s_clock_offset_ms = settings->clock_offset_s * 1000LL;
    imi_audit_enable (settings->audit_log != 0);
    self->started_ms = imi_node_clock ();
    self->lock_fd = -1;
    self->group.routing_ids = zlist_new ();
    self->group.payloads = zlist_new ();
    self->poll = imi_poll_new ();
    if (!self->poll) {
        imi_node_destroy (&self);
        return NULL;
    }
    char path [IMI_PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/node.db", settings->data_dir);
    if (s_database_lost (settings, path) || imi_data_dir_secure (settings->data_dir)) {
        imi_node_destroy (&self);
        return NULL;
    }
    self->lock_fd = imi_data_dir_lock (settings->data_dir);
    if (self->lock_fd < 0) {
        imi_node_destroy (&self);
        return NULL;
    }
    self->identity = imi_identity_load (settings->data_dir);
    if (!self->identity) {
        imi_error_wrap ("no usable identity in %s (create one with: imictl -c CONFIG init)",
                        settings->data_dir);
        imi_node_destroy (&self);
        return NULL;
    }
    if (strcmp (imi_identity_state (self->identity), settings->state) != 0) {
        imi_error_set ("identity in %s is for %s, but the config says state = %s",
                       settings->data_dir, imi_identity_state (self->identity), settings->state);
        imi_node_destroy (&self);
        return NULL;
    }
    self->store = imi_schema_open (path);
    if (!self->store || imi_rotation_start (self)) {
        imi_node_destroy (&self);
        return NULL;
    }
    if (imi_backup_record (self->store, settings->state,
                           imi_identity_sign_public (self->identity), imi_node_now ())) {
        imi_error_wrap ("opening database %s", path);
        imi_node_destroy (&self);
        return NULL;
    }
    for (size_t index = 0; modules [index]; index++) {
        if (index == IMI_MODULES_MAX) {
            imi_error_set ("more than %d modules", IMI_MODULES_MAX);
            imi_node_destroy (&self);
            return NULL;
        }
        if (modules [index]->start && modules [index]->start (self)) {
            imi_node_destroy (&self);
            return NULL;
        }
        self->modules_started = index + 1;
    }
    imi_identity_t *next = self->next_identity;
    self->federation = imi_federation_new (&self->settings,
                                           imi_identity_sign_public (self->identity),
                                           imi_identity_curve_public (self->identity),
                                           next? imi_identity_sign_public (next): NULL,
                                           next? imi_identity_curve_public (next): NULL);
    if (!self->federation) {
        imi_node_destroy (&self);
        return NULL;
    }
    //  The manifest held at start joins the kept ones (the first start of a
    //  node, or of a node made before manifests were kept).
    size_t held_size;
    const uint8_t *held = imi_federation_bytes (self->federation, &held_size);
    if (imi_rotation_keep_manifest (self->store, held, held_size, imi_node_now ())) {
        imi_node_destroy (&self);
        return NULL;
    }
    imi_manifest_t *manifest = imi_federation_manifest (self->federation);
    self->transport = imi_transport_new (settings->listen, self->identity, manifest,
                                         settings->max_message_bytes, settings->heartbeat_ms);
    if (!self->transport) {
        imi_node_destroy (&self);
        return NULL;
    }
    self->control = zsock_new (ZMQ_ROUTER);
    if (!self->control) {
        imi_error_set ("cannot create the control socket");
        imi_node_destroy (&self);
        return NULL;
    }
    zsock_set_linger (self->control, 0);
    zsock_set_sndtimeo (self->control, 0);
    if (strncmp (settings->control, "ipc://", 6) == 0)
        unlink (settings->control + 6);     //  left by a node that was killed
    //  Whoever can connect to the control socket is the operator: the
    //  socket file is born 0600 (bind(2) takes its mode from the umask),
    //  whatever umask the process runs with and wherever the socket is.
    mode_t umask_before = umask (0177);
    int bound = zsock_bind (self->control, "%s", settings->control);
    umask (umask_before);
    char inproc [64];
    imi_node_control_inproc (self, inproc, sizeof inproc);
    if (bound < 0 || zsock_bind (self->control, "%s", inproc) < 0) {
        imi_error_set ("cannot bind control endpoint %s: %s", bound < 0? settings->control: inproc,
                       zmq_strerror (zmq_errno ()));
        imi_node_destroy (&self);
        return NULL;
    }
    s_sync_peers (self, false);
    //  zauth started with the manifest's keys; it starts again only if a
    //  peer in the midst of a rotation adds its previous one.
    for (size_t index = 0; index < self->peer_count; index++)
        if (self->peers [index]->previous_trusted) {
            s_update_transport (self, false);
            break;
        }
    if (imi_recovery_begin (self)) {
        imi_node_destroy (&self);
        return NULL;
    }
    self->poller_stale = true;
    imi_log (IMI_LOG_INFO, "node.started", "state=%s listen=%s manifest_version=%llu peers=%zu",
             settings->state, settings->listen,
             (unsigned long long) imi_manifest_version (manifest), self->peer_count);
    return self;
}

void
imi_node_destroy (imi_node_t **self_p)
{
    if (*self_p) {
        imi_node_t *self = *self_p;
        for (size_t index = 0; index < IMI_PENDING_PINGS_MAX; index++)
            zframe_destroy (&self->pings [index].client);
        imi_poll_destroy (&self->poll);
        while (self->modules_started > 0) {
            const imi_module_t *module = self->modules [--self->modules_started];
            if (module->stop)
                module->stop (self);
        }
        s_group_flush_sends (self, false);
        zlist_destroy (&self->group.routing_ids);
        zlist_destroy (&self->group.payloads);
        for (size_t index = 0; index < self->peer_count; index++)
            imi_peer_destroy (&self->peers [index]);
        if (self->control && strncmp (self->settings.control, "ipc://", 6) == 0)
            unlink (self->settings.control + 6);
        zsock_destroy (&self->control);
        imi_transport_destroy (&self->transport);
        imi_federation_destroy (&self->federation);
        imi_store_destroy (&self->store);
        imi_identity_destroy (&self->identity);
        imi_identity_destroy (&self->next_identity);
        imi_identity_destroy (&self->previous_identity);
        if (self->lock_fd >= 0)
            close (self->lock_fd);
        free (self);
        *self_p = NULL;
    }
}
