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

    Refused handshakes. libzmq refuses a client quietly; a monitor on the
    ROUTER (imi_monitor) lets the node count and log each refusal by kind:
    HANDSHAKE_FAILED_AUTH (zauth did not know the CURVE key),
    HANDSHAKE_FAILED_PROTOCOL (not CURVE, a broken greeting),
    HANDSHAKE_FAILED_NO_DETAIL (closed or timed out half-way), and a
    connection that closes with no handshake event at all: libzmq drops
    bytes that are not a ZMTP 3 greeting (raw TCP, HTTP) without one, so
    "accepted, then disconnected, and no handshake ended in between" is
    how those are told. libzmq 4.3's events name our endpoint, not the
    client's: the remote address is read from the fd of the ACCEPTED event
    when the loop gets to it, which a client that fails within microseconds
    may have closed already ("unknown"; under a flood of connections the fd
    may even be a newer connection's: the address is a hint, the count is
    exact); a failure is matched with the DISCONNECTED event that follows
    it for the same connection.

    Outgoing connections (configure_client): a connect attempt gives up
    after 1 s (ZMQ_CONNECT_TIMEOUT) and libzmq tries again after 100 ms,
    doubling up to 1 s. Without the timeout, a connect made while the
    network was cut sat in SYN-SENT under the kernel's backoff (SYNs resent
    1, 3, 7, 15, 31 s after the first) long after the network healed.
*/
#ifndef IMI_TRANSPORT_H
#define IMI_TRANSPORT_H

#include "imi_counters.h"
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

//  Take a new manifest: restart zauth with its keys (unless they are the
//  keys it runs with); if rebind, also close and
//  re-create the ROUTER, dropping every connection (so peers that were
//  removed are cut off; the others reconnect on their own). 0 or -1.
//  also allowed are the count nodes of also (a peer's previous CURVE keys,
//  while it is in the midst of a rotation; NULL if none).
int imi_transport_update (imi_transport_t *self, imi_manifest_t *manifest,
                          const imi_manifest_node_t *also, size_t count, bool rebind);

//  The ROUTER socket (changes after a rebind).
zsock_t *imi_transport_socket (imi_transport_t *self);

//  The ROUTER's monitor, to poll (changes after a rebind).
zsock_t *imi_transport_monitor_socket (imi_transport_t *self);

#define IMI_REMOTE_ADDRESS_MAX 64

//  A handshake the ROUTER refused.
typedef struct {
    imi_counter_t kind;                 //  IMI_COUNT_HANDSHAKE_REFUSED_*
    char remote [IMI_REMOTE_ADDRESS_MAX];   //  "ADDRESS:PORT", or "unknown"
} imi_handshake_refusal_t;

//  Read the ROUTER's connection events without blocking: 1 with *refusal
//  filled when they complete a refused handshake, 0 once none is waiting.
int imi_transport_next_refusal (imi_transport_t *self, imi_handshake_refusal_t *refusal);

//  Apply our CURVE client keys and a peer's server key, heartbeats and
//  limits to an outgoing socket.
void imi_transport_configure_client (imi_transport_t *self, zsock_t *socket,
                                     const uint8_t server_key [IMI_BOX_PUBLIC_BYTES]);

#endif
