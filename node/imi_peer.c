/*  imi_peer: a peer's socket and keys. The delivery logic that uses the
    sending fields lives in imi_node; this file owns the resources.
*/
#include "imi_peer.h"
#include "imi_error.h"

#include <sodium.h>
#include <string.h>

imi_peer_t *
imi_peer_new (const imi_manifest_node_t *node, imi_transport_t *transport,
              const uint8_t our_curve_secret [IMI_BOX_SECRET_BYTES], long retry_min_ms)
{
    imi_peer_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    self->node = *node;
    self->rtt_ms = -1;
    self->retry_ms = retry_min_ms;
    self->shared_key = sodium_malloc (IMI_BOX_SHARED_BYTES);
    self->dealer = zsock_new (ZMQ_DEALER);
    if (!self->shared_key || !self->dealer) {
        imi_peer_destroy (&self);
        imi_error_set ("out of memory");
        return NULL;
    }
    if (imi_box_shared_key (self->shared_key, node->curve_key, our_curve_secret)) {
        imi_error_wrap ("peer %s", node->state);
        imi_peer_destroy (&self);
        return NULL;
    }
    imi_transport_configure_client (transport, self->dealer, node->curve_key);
    if (zsock_connect (self->dealer, "%s", node->endpoint)) {
        imi_error_set ("cannot connect to %s at %s: %s", node->state, node->endpoint,
                       zmq_strerror (zmq_errno ()));
        imi_peer_destroy (&self);
        return NULL;
    }
    return self;
}

void
imi_peer_destroy (imi_peer_t **self_p)
{
    if (*self_p) {
        imi_peer_t *self = *self_p;
        zsock_destroy (&self->dealer);
        zframe_destroy (&self->batch_routing_id);
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
    if (zmq_send (zsock_resolve (self->dealer), data, size, ZMQ_DONTWAIT) < 0)
        return -1;
    return 0;
}

bool
imi_peer_changed (imi_peer_t *self, const imi_manifest_node_t *node)
{
    return strcmp (self->node.endpoint, node->endpoint) != 0
        || memcmp (self->node.sign_key, node->sign_key, sizeof node->sign_key) != 0
        || memcmp (self->node.curve_key, node->curve_key, sizeof node->curve_key) != 0;
}
