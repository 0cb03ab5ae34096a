/*  imi_transport: the node's listening side, a CURVE-secured ROUTER.

    Order matters (DESIGN §3, §11): the ZAP handler (CZMQ's zauth) starts
    first, with a certificate store holding exactly the CURVE keys of the
    manifest's other nodes, each tagged with its state; then the ROUTER is
    created with a ZAP domain and ZMQ_ZAP_ENFORCE_DOMAIN, so that a client
    is refused whenever no handler answers, and only then bound. Each message
    that arrives carries the "state" property of the certificate its
    connection authenticated with: the node checks it against the signer.

    The socket refuses messages over twice max_message_bytes at the libzmq
    level (the connection is dropped); the node itself rejects, counts and
    logs those between max_message_bytes and that limit. ZMTP heartbeats
    detect dead connections; ROUTER_MANDATORY makes a reply to a vanished
    peer fail instead of vanishing silently.

    Outgoing connections (configure_client): a connect attempt gives up
    after 1 s (ZMQ_CONNECT_TIMEOUT) and libzmq tries again after 100 ms,
    doubling up to 1 s. Without the timeout, a connect made while the
    network was cut sat in SYN-SENT under the kernel's backoff (1, 3, 7,
    15, 31 s) long after the network healed.
*/
#ifndef IMI_TRANSPORT_H
#define IMI_TRANSPORT_H

#include "imi_keys.h"
#include "imi_manifest.h"

#include <czmq.h>
#include <stdbool.h>

#define IMI_ZAP_DOMAIN "imi"

typedef struct _imi_transport_t imi_transport_t;

//  Start zauth with the manifest's keys (except our own state's), then
//  create and bind the ROUTER on listen. NULL with a reason on failure.
imi_transport_t *imi_transport_new (const char *listen, imi_identity_t *identity,
                                    imi_manifest_t *manifest, long max_message_bytes,
                                    long heartbeat_ms);

void imi_transport_destroy (imi_transport_t **self_p);

//  Take a new manifest: restart zauth with its keys; if rebind, also close and
//  re-create the ROUTER, dropping every connection (so peers that were
//  removed are cut off; the others reconnect on their own). 0 or -1.
int imi_transport_update (imi_transport_t *self, imi_manifest_t *manifest, bool rebind);

//  The ROUTER socket (changes after a rebind).
zsock_t *imi_transport_socket (imi_transport_t *self);

//  Apply our CURVE client keys and a peer's server key, heartbeats and
//  limits to an outgoing socket.
void imi_transport_configure_client (imi_transport_t *self, zsock_t *socket,
                                     const uint8_t server_key [IMI_BOX_PUBLIC_BYTES]);

#endif
