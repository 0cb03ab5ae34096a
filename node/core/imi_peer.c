/*  imi_peer: a peer's socket and keys. The delivery logic that uses the
    sending fields lives in imi_node; this file owns the resources.
*/
#include "imi_peer.h"
#include "imi_error.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

#define S_REDIAL_MIN_MS     100
#define S_REDIAL_MAX_MS     5000

//  The events that tell whether libzmq is still working on the connection:
//  those that show progress, and those that may leave the DEALER idle.
#define S_PROGRESS_EVENTS   (ZMQ_EVENT_CONNECTED | ZMQ_EVENT_CONNECT_DELAYED \
                           | ZMQ_EVENT_CONNECT_RETRIED | ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
#define S_STALL_EVENTS      (ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL \
                           | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

//  (Re)make the DEALER and its monitor and connect. 0 or -1 with a reason.
static int
s_dial (imi_peer_t *self, imi_transport_t *transport)
{
    imi_monitor_destroy (&self->monitor);
    zsock_destroy (&self->dealer);
    self->dealer = zsock_new (ZMQ_DEALER);
    if (!self->dealer)
        return imi_error_set ("out of memory");
    imi_transport_configure_client (transport, self->dealer, self->previous_trusted?
                                    self->previous_curve_key: self->node.curve_key);
    self->monitor = imi_monitor_new (self->dealer, S_PROGRESS_EVENTS | S_STALL_EVENTS);
    if (!self->monitor)
        return imi_error_wrap ("peer %s", self->node.state);
    if (zsock_connect (self->dealer, "%s", self->node.endpoint))
        return imi_error_set ("cannot connect to %s at %s: %s", self->node.state,
                              self->node.endpoint, zmq_strerror (zmq_errno ()));
    return 0;
}

imi_peer_t *
imi_peer_new (const imi_manifest_node_t *node, const imi_manifest_node_t *previous,
              bool previous_trusted, imi_transport_t *transport,
              const uint8_t *const our_curve_secrets [], size_t our_count, long retry_min_ms)
{
    imi_peer_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    self->node = *node;
    self->rtt_ms = -1;
    self->retry_ms = retry_min_ms;
    self->redial_ms = S_REDIAL_MIN_MS;
    if (previous) {
        self->has_previous = true;
        self->previous_trusted = previous_trusted;
        memcpy (self->previous_sign_key, previous->sign_key, IMI_SIGN_PUBLIC_BYTES);
        memcpy (self->previous_curve_key, previous->curve_key, IMI_BOX_PUBLIC_BYTES);
    }
    self->shared_key = sodium_malloc (2 * IMI_PEER_OUR_KEYS_MAX * IMI_BOX_SHARED_BYTES);
    if (!self->shared_key) {
        imi_peer_destroy (&self);
        imi_error_set ("out of memory");
        return NULL;
    }
    //  The sealing key first: its current key with our current one.
    assert (our_count >= 1 && our_count <= IMI_PEER_OUR_KEYS_MAX);
    for (size_t our = 0; our < our_count; our++)
        if (imi_peer_add_secret (self, our_curve_secrets [our])) {
            imi_peer_destroy (&self);
            return NULL;
        }
    if (s_dial (self, transport)) {
        imi_peer_destroy (&self);
        return NULL;
    }
    return self;
}

bool
imi_peer_heartbeat (imi_peer_t *self, int64_t now, long heartbeat_ms)
{
    if (now - self->last_heartbeat_ms < heartbeat_ms)
        return false;
    self->last_heartbeat_ms = now;
    self->heartbeats++;
    if (self->probe_in > 0)
        self->probe_in--;
    bool heard = self->last_seen_ms && now - self->last_seen_ms < heartbeat_ms;
    return !heard || self->heartbeats % IMI_PEER_PING_EVERY_HEARTBEATS == 0;
}

void
imi_peer_destroy (imi_peer_t **self_p)
{
    if (*self_p) {
        imi_peer_t *self = *self_p;
        imi_monitor_destroy (&self->monitor);
        zsock_destroy (&self->dealer);
        zframe_destroy (&self->batch_routing_id);
        zframe_destroy (&self->rewind_routing_id);
        sodium_free (self->shared_key);
        free (self);
        *self_p = NULL;
    }
}

int
imi_peer_send (imi_peer_t *self, const uint8_t *data, size_t size)
{
    //  DEALER with ZMQ_IMMEDIATE: fails at once when no connection is up,
    //  instead of queueing stale messages for a peer that is down.
    if (!self->dealer)
        return -1;
    self->sent = true;
    return zmq_send (zsock_resolve (self->dealer), data, size, ZMQ_DONTWAIT) < 0? -1: 0;
}

int
imi_peer_add_secret (imi_peer_t *self, const uint8_t our_curve_secret [IMI_BOX_SECRET_BYTES])
{
    const uint8_t *theirs [2] = { self->node.curve_key,
                                  self->has_previous? self->previous_curve_key: NULL };
    assert (self->shared_key_count + 2 <= 2 * IMI_PEER_OUR_KEYS_MAX);
    for (size_t their = 0; their < 2 && theirs [their]; their++) {
        uint8_t *key = self->shared_key + self->shared_key_count * IMI_BOX_SHARED_BYTES;
        if (imi_box_shared_key (key, theirs [their], our_curve_secret))
            return imi_error_wrap ("peer %s", self->node.state);
        self->shared_key_count++;
    }
    return 0;
}

int
imi_peer_open (imi_peer_t *self, const imi_envelope_view_t *view, uint8_t **plain,
               size_t *plain_size)
{
    for (size_t index = 0; index < self->shared_key_count; index++)
        if (imi_envelope_open (view, self->shared_key + index * IMI_BOX_SHARED_BYTES,
                               plain, plain_size) == 0)
            return 0;
    return imi_error_set ("body does not decrypt");
}

int
imi_peer_trust_current (imi_peer_t *self, imi_transport_t *transport)
{
    self->previous_trusted = false;
    self->redial_at_ms = 0;
    return s_dial (self, transport);
}

bool
imi_peer_changed (imi_peer_t *self, const imi_manifest_node_t *node)
{
    return strcmp (self->node.endpoint, node->endpoint) != 0
        || memcmp (self->node.sign_key, node->sign_key, sizeof node->sign_key) != 0
        || memcmp (self->node.curve_key, node->curve_key, sizeof node->curve_key) != 0;
}

void
imi_peer_watch (imi_peer_t *self, int64_t now)
{
    imi_monitor_event_t event;
    while (self->monitor && imi_monitor_next (self->monitor, &event) == 0) {
        if (event.event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED)
            self->redial_ms = S_REDIAL_MIN_MS;
        if (event.event & S_PROGRESS_EVENTS)
            self->redial_at_ms = 0;
        else
        //  A handshake failed or the connection dropped. If libzmq retries,
        //  CONNECT_RETRIED follows within a millisecond and cancels this;
        //  after a refused handshake nothing follows.
        if (!self->redial_at_ms) {
            self->redial_at_ms = now + self->redial_ms;
            self->stalled_by = event.event;
        }
    }
}

int
imi_peer_redial (imi_peer_t *self, imi_transport_t *transport, int64_t now)
{
    if (!self->redial_at_ms || now < self->redial_at_ms)
        return 0;
    self->redial_ms = self->redial_ms * 2 > S_REDIAL_MAX_MS? S_REDIAL_MAX_MS: self->redial_ms * 2;
    self->redial_at_ms = 0;
    if (s_dial (self, transport)) {
        self->redial_at_ms = now + self->redial_ms;
        return -1;
    }
    return 1;
}
