/*  imi_transport: zauth + CURVE ROUTER. See imi_transport.h for the order
    of operations and why it matters.
*/
#include "imi_transport.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_monitor.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#define S_CONNECT_TIMEOUT_MS    1000    //  one outgoing connect attempt, at most
#define S_RECONNECT_MIN_MS      100     //  libzmq's wait before retrying a connect ...
#define S_RECONNECT_MAX_MS      1000    //  ... doubling up to this
#define S_ACCEPTED_MAX          256     //  accepted connections remembered (by fd)
#define S_BIND_ATTEMPTS         100     //  a rebind waits for the old port this many times ...
#define S_BIND_WAIT_MS          10      //  ... this long each

#define S_MONITORED_EVENTS  (ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED \
                           | ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL \
                           | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

//  Which counter a handshake failure event goes to.
static const struct {
    int event;
    imi_counter_t kind;
} s_failures [] = {
    { ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, IMI_COUNT_HANDSHAKE_REFUSED_AUTH },
    { ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, IMI_COUNT_HANDSHAKE_REFUSED_PROTOCOL },
    { ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, IMI_COUNT_HANDSHAKE_REFUSED_NO_DETAIL },
};

//  A connection the ROUTER accepted, until it disconnects. Slot fd % S_ACCEPTED_MAX.
typedef struct {
    int fd;                             //  -1: slot free
    uint64_t outcomes;                  //  handshake outcomes seen when it was accepted
    char remote [IMI_REMOTE_ADDRESS_MAX];
} s_accepted_t;

struct _imi_transport_t {
    char listen [1024];                 //  bind endpoint
    imi_identity_t *identity;           //  our keys (not owned)
    zactor_t *auth;                     //  zauth actor; guards every socket of the context
    zsock_t *router;                    //  the listening socket
    imi_monitor_t *monitor;             //  its connection events
    s_accepted_t accepted [S_ACCEPTED_MAX];
    uint64_t outcomes;                  //  handshakes ended (succeeded or failed) so far
    bool failure_pending;               //  a failure waits for its DISCONNECTED
    imi_counter_t pending_kind;         //  ... of this kind
    long max_message_bytes;
    long heartbeat_ms;
    imi_manifest_node_t allowed [2 * IMI_MANIFEST_MAX_NODES];  //  what zauth lets in (state,
    size_t allowed_count;                                      //  curve_key used)
};

//  Make a public-only certificate of node's CURVE key, tagged with its
//  state (what the loop reads back as the connection's identity), into
//  certstore. 0 or -1.
static int
s_auth_allow (zcertstore_t *certstore, const imi_manifest_node_t *node)
{
    //  zcertstore keys public-only certificates by their public key; the
    //  "secret" given here is a placeholder never used for anything.
    uint8_t unused [32] = { 0 };
    zcert_t *certificate = zcert_new_from (node->curve_key, unused);
    if (!certificate)
        return imi_error_set ("cannot make a certificate for %s", node->state);
    zcert_set_meta (certificate, "state", "%s", node->state);
    zcertstore_insert (certstore, &certificate);
    return 0;
}

//  Stop zauth (if running) and start it again with the manifest's keys and
//  the count nodes of also; unless it runs with exactly those already. A
//  restart is not free: twice, under the sanitizers, a connection made
//  around a restart carried no state (the tag zauth gives), and every
//  message on it was refused; keys that do not change keep zauth running.
static int
s_auth_start (imi_transport_t *self, imi_manifest_t *manifest, const imi_manifest_node_t *also,
              size_t count)
{
    imi_manifest_node_t allowed [2 * IMI_MANIFEST_MAX_NODES];
    size_t allowed_count = 0;
    const char *own_state = imi_identity_state (self->identity);
    for (size_t index = 0; index < imi_manifest_node_count (manifest); index++) {
        const imi_manifest_node_t *node = imi_manifest_node_at (manifest, index);
        if (strcmp (node->state, own_state) != 0)
            allowed [allowed_count++] = *node;
    }
    for (size_t index = 0; index < count && allowed_count < 2 * IMI_MANIFEST_MAX_NODES; index++)
        allowed [allowed_count++] = also [index];
    bool same = self->auth && allowed_count == self->allowed_count;
    for (size_t index = 0; same && index < allowed_count; index++)
        same = strcmp (allowed [index].state, self->allowed [index].state) == 0
            && memcmp (allowed [index].curve_key, self->allowed [index].curve_key,
                       IMI_BOX_PUBLIC_BYTES) == 0;
    if (same)
        return 0;
    zactor_destroy (&self->auth);
    self->allowed_count = 0;
    //  zauth takes the store over and destroys it when it ends.
    zcertstore_t *certstore = zcertstore_new (NULL);
    if (!certstore)
        return imi_error_set ("cannot create the certificate store");
    for (size_t index = 0; index < allowed_count; index++)
        if (s_auth_allow (certstore, &allowed [index])) {
            zcertstore_destroy (&certstore);
            return -1;
        }
    self->auth = zactor_new (zauth, certstore);
    if (!self->auth)
        return imi_error_set ("cannot start the ZAP handler (zauth)");
    memcpy (self->allowed, allowed, allowed_count * sizeof allowed [0]);
    self->allowed_count = allowed_count;
    return 0;
}

//  Our CURVE key pair, straight from the identity's guarded memory: no
//  other copy than the one libzmq keeps inside the socket.
static void
s_apply_keys (imi_transport_t *self, zsock_t *socket)
{
    zsock_set_curve_publickey_bin (socket, imi_identity_curve_public (self->identity));
    zsock_set_curve_secretkey_bin (socket, imi_identity_curve_secret (self->identity));
}

static int
s_router_open (imi_transport_t *self)
{
    imi_monitor_destroy (&self->monitor);
    zsock_destroy (&self->router);
    for (size_t index = 0; index < S_ACCEPTED_MAX; index++)
        self->accepted [index].fd = -1;
    self->failure_pending = false;
    self->router = zsock_new (ZMQ_ROUTER);
    if (!self->router)
        return imi_error_set ("cannot create the ROUTER socket");
    //  Watch before binding, so that no connection goes unseen.
    self->monitor = imi_monitor_new (self->router, S_MONITORED_EVENTS);
    if (!self->monitor)
        return -1;
    zsock_set_zap_domain (self->router, IMI_ZAP_DOMAIN);
    zsock_set_zap_enforce_domain (self->router, 1);
    s_apply_keys (self, self->router);
    zsock_set_curve_server (self->router, 1);
    zsock_set_router_mandatory (self->router, 1);
    zsock_set_maxmsgsize (self->router, (int) (2 * self->max_message_bytes));
    //  No ZMTP heartbeats of its own: each client's DEALER sends them with a
    //  time to live, after which the ROUTER drops a connection gone silent.
    //  Heartbeats both ways were half the frames 31 idle nodes exchanged.
    zsock_set_sndtimeo (self->router, 0);
    zsock_set_sndhwm (self->router, 100000);
    zsock_set_rcvhwm (self->router, 100000);
    zsock_set_linger (self->router, 0);
    //  A ROUTER closed just before (a rebind) lets go of its port in
    //  libzmq's I/O thread, a little later: until then the port is in use.
    for (int attempt = 0; zsock_bind (self->router, "%s", self->listen) < 0; attempt++) {
        if (zmq_errno () != EADDRINUSE || attempt == S_BIND_ATTEMPTS)
            return imi_error_set ("cannot listen on %s: %s", self->listen,
                                  zmq_strerror (zmq_errno ()));
        zclock_sleep (S_BIND_WAIT_MS);
    }
    return 0;
}

imi_transport_t *
imi_transport_new (const char *listen, imi_identity_t *identity, imi_manifest_t *manifest,
                   long max_message_bytes, long heartbeat_ms)
{
    imi_transport_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    snprintf (self->listen, sizeof self->listen, "%s", listen);
    self->identity = identity;
    self->max_message_bytes = max_message_bytes;
    self->heartbeat_ms = heartbeat_ms;
    if (s_auth_start (self, manifest, NULL, 0)
    ||  s_router_open (self)) {
        imi_transport_destroy (&self);
        return NULL;
    }
    return self;
}

void
imi_transport_destroy (imi_transport_t **self_p)
{
    if (*self_p) {
        imi_transport_t *self = *self_p;
        imi_monitor_destroy (&self->monitor);
        zsock_destroy (&self->router);
        zactor_destroy (&self->auth);
        free (self);
        *self_p = NULL;
    }
}

int
imi_transport_update (imi_transport_t *self, imi_manifest_t *manifest,
                      const imi_manifest_node_t *also, size_t count, bool rebind)
{
    if (s_auth_start (self, manifest, also, count))
        return -1;
    if (rebind)
        return s_router_open (self);
    return 0;
}

zsock_t *
imi_transport_socket (imi_transport_t *self)
{
    return self->router;
}

zsock_t *
imi_transport_monitor_socket (imi_transport_t *self)
{
    return imi_monitor_socket (self->monitor);
}

//  "ADDRESS:PORT" of the other end of fd, or "unknown" if it is closed.
static void
s_remote_address (int fd, char *remote, size_t size)
{
    struct sockaddr_storage address;
    socklen_t length = sizeof address;
    char host [INET6_ADDRSTRLEN], port [8];
    if (getpeername (fd, (struct sockaddr *) &address, &length)
    ||  getnameinfo ((struct sockaddr *) &address, length, host, sizeof host, port, sizeof port,
                     NI_NUMERICHOST | NI_NUMERICSERV))
        snprintf (remote, size, "unknown");
    else
    if (address.ss_family == AF_INET6)
        snprintf (remote, size, "[%s]:%s", host, port);
    else
        snprintf (remote, size, "%s:%s", host, port);
}

static int
s_refusal (imi_handshake_refusal_t *refusal, imi_counter_t kind, const char *remote)
{
    refusal->kind = kind;
    snprintf (refusal->remote, sizeof refusal->remote, "%s", remote);
    return 1;
}

int
imi_transport_next_refusal (imi_transport_t *self, imi_handshake_refusal_t *refusal)
{
    imi_monitor_event_t event;
    while (imi_monitor_next (self->monitor, &event) == 0) {
        //  The slot of the connection, for the events whose value is its fd.
        s_accepted_t *accepted = &self->accepted [event.value % S_ACCEPTED_MAX];
        if (event.event == ZMQ_EVENT_ACCEPTED) {
            accepted->fd = (int) event.value;
            accepted->outcomes = self->outcomes;
            s_remote_address (accepted->fd, accepted->remote, sizeof accepted->remote);
            continue;
        }
        if (event.event == ZMQ_EVENT_DISCONNECTED) {
            bool known = accepted->fd == (int) event.value;
            const char *remote = known? accepted->remote: "unknown";
            bool handshook = !known || accepted->outcomes != self->outcomes;
            if (known)
                accepted->fd = -1;
            if (self->failure_pending) {
                self->failure_pending = false;
                return s_refusal (refusal, self->pending_kind, remote);
            }
            if (!handshook)
                return s_refusal (refusal, IMI_COUNT_HANDSHAKE_REFUSED_NOT_ZMTP, remote);
            continue;
        }
        self->outcomes++;
        for (size_t index = 0; index < sizeof s_failures / sizeof s_failures [0]; index++) {
            if (event.event != s_failures [index].event)
                continue;
            //  Its DISCONNECTED follows; one still waiting lost its own.
            bool earlier = self->failure_pending;
            imi_counter_t earlier_kind = self->pending_kind;
            self->failure_pending = true;
            self->pending_kind = s_failures [index].kind;
            if (earlier)
                return s_refusal (refusal, earlier_kind, "unknown");
            break;
        }
    }
    return 0;
}

void
imi_transport_configure_client (imi_transport_t *self, zsock_t *socket,
                                const uint8_t server_key [IMI_BOX_PUBLIC_BYTES])
{
    s_apply_keys (self, socket);
    zsock_set_curve_serverkey_bin (socket, server_key);
    zsock_set_immediate (socket, 1);
    zsock_set_maxmsgsize (socket, (int) (2 * self->max_message_bytes));
    zsock_set_heartbeat_ivl (socket, (int) self->heartbeat_ms);
    zsock_set_heartbeat_timeout (socket, (int) (3 * self->heartbeat_ms));
    zsock_set_heartbeat_ttl (socket, (int) (3 * self->heartbeat_ms));
    zsock_set_sndtimeo (socket, 0);
    zsock_set_sndhwm (socket, 100000);
    zsock_set_rcvhwm (socket, 100000);
    zsock_set_connect_timeout (socket, S_CONNECT_TIMEOUT_MS);
    zsock_set_reconnect_ivl (socket, S_RECONNECT_MIN_MS);
    zsock_set_reconnect_ivl_max (socket, S_RECONNECT_MAX_MS);
    zsock_set_linger (socket, 0);
}
