/*  imi_probe: a hostile (or merely curious) peer, for the integration tests.

    It does what a node's DEALER does, once, on purpose badly if asked:
    connect to a node's ROUTER with CURVE under a given identity (a real
    member's, or one the manifest does not list), send one message, and
    print what comes back. The message is one of:
      send-file FILE      bytes from a file (e.g. an envelope taken from a
                          node's outbox), optionally mutated first: a byte of
                          the header, body or signature flipped, truncated to
                          half, or padded past the node's size limit;
      send-text TEXT      a fresh TEXT envelope sealed and signed by --signer
                          (default: the connection's identity), with the
                          header fields --from, --to, --seq, --skew chosen by
                          the caller, so it can lie about who it is, and the
                          body sealed with another identity's key if asked
                          (--seal-with: a body the recipient cannot open);
      send-ping           a fresh PING (seq 0 unless --seq) carrying
                          --manifest-version, with the same header options:
                          --skew -600000 makes it ten minutes old;
      send-receipt FILE.. a fresh RECEIPT (seq 0 unless --seq) naming the
                          envelopes in the files by their header hashes, as
                          seq N, N+1, ... where N is the first one's seq;
                          --mutate hash flips a byte of the first hash;
      send-garbage N      N random bytes.
    With --frames N the message leaves as N ZeroMQ frames, each a copy of it
    (a node takes only one-frame messages).
    The message is queued before the connection is up (ZMQ_IMMEDIATE=0), so
    it leaves as soon as the node's ZAP handler lets us in. A socket monitor
    reports whether the handshake succeeded or the node refused it.

    Output, one line each on stdout: "connected" once authenticated,
    "refused <reason>" if the node turned the handshake down, and with
    --wait the reply: "reply <type> from=XX to=XX ... signature=valid|invalid",
    receipts with first_seq/last_seq and whether they name the envelope sent,
    pongs with whether they answer the ping sent.
    Exit codes: 0 sent (connected, and a reply came if --wait was given);
    3 nothing came back (no reply within --wait, or never authenticated);
    1 usage or any other error, with the reason on stderr.

    The other way round, serve-receipt plays a node whose keys were stolen:
    it binds a CURVE ROUTER on --listen with --identity's keys (no ZAP: any
    client key is let in) and waits up to --wait ms (default 10 s) for a
    sequenced envelope signed by --target, ignoring everything else (pings
    from any node go unanswered). It answers that envelope, on the same
    connection, with a RECEIPT for its seq signed by --identity and sealed
    for --target; --mutate hash flips a byte of the header hash it names, a
    receipt for a message the target did not send. Then it keeps the
    connection up for --hold ms (default 2 s), answering nothing more: a
    DEALER with ZMQ_IMMEDIATE (as a node's is) drops what it has received but
    not yet read when the connection goes, so closing at once can lose the
    receipt. It prints "connected" when the target's first valid envelope
    arrives, "ignored ..." for what it skips, "received <type> from=XX to=XX
    seq=N", "sent receipt ..." and "held N more messages unanswered", and
    exits 0 once the receipt is sent, 3 if no envelope came, 1 on errors.
*/
#include "imi_body_delivery.h"
#include "imi_crypto.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <czmq.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_EXIT_OK           0
#define S_EXIT_ERROR        1
#define S_EXIT_NO_REPLY     3
#define S_LINGER_MS         2000        //  time to flush the message on close
#define S_FILE_MAX_BYTES    (4 * IMI_ENVELOPE_MAX_BYTES)
#define S_MONITOR_ENDPOINT  "inproc://imi-probe-monitor"
#define S_SERVE_WAIT_MS     10000       //  serve-receipt's default --wait
#define S_SERVE_HOLD_MS     2000        //  serve-receipt's default --hold
#define S_FRAMES_MAX        16

typedef struct {
    const char *identity;           //  --identity DIR: the CURVE identity we connect with
    const char *target;             //  --target DIR: the node's identity folder (public half)
    const char *endpoint;           //  --endpoint EP: the node's ROUTER
    const char *listen;             //  --listen EP: where serve-receipt binds
    const char *mutate;             //  --mutate header|body|signature|truncate|oversize|hash
    long size;                      //  --size N: total size for --mutate oversize
    long wait_ms;                   //  --wait MS: wait for a reply (0: do not)
    long handshake_ms;              //  --handshake MS: give up connecting after this
    const char *signer;             //  --signer DIR: who signs a send-text envelope
    const char *seal_with;          //  --seal-with DIR: whose CURVE key seals its body
    const char *from;               //  --from XX: header.from (default: the signer's state)
    const char *to;                 //  --to XX: header.to (default: the target's state)
    long seq;                       //  --seq N: header.seq (-1: the command's default)
    long skew_ms;                   //  --skew MS: added to header.timestamp_ms
    long manifest_version;          //  --manifest-version N: what a send-ping carries
    long frames;                    //  --frames N: send the message as N frames
    long hold_ms;                   //  --hold MS: serve-receipt stays up after answering
    int argc;                       //  the command's arguments
    char **argv;
} s_options_t;

//  What the probe holds while it works: keys in, message out.
typedef struct {
    s_options_t *options;
    imi_identity_t *identity;               //  connection identity (owned)
    imi_identity_public_t target;           //  the node we talk to
    uint8_t *payload;                       //  the one message we send (owned)
    size_t payload_size;
} s_probe_t;

static int
s_fail (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

static int
s_fail (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    fprintf (stderr, "imi_probe: ");
    vfprintf (stderr, format, args);
    fprintf (stderr, "\n");
    va_end (args);
    return S_EXIT_ERROR;
}

//  ---------------------------------------------------------------------------
//  Mutations of an envelope read from a file. Each returns 0 or -1 with a
//  reason; the ones that flip a byte need a decodable envelope.

typedef int (s_mutate_fn) (s_probe_t *self, imi_envelope_view_t *view);

//  Flip the last byte of the message id: the header still decodes, so only
//  the signature can tell.
static int
s_mutate_header (s_probe_t *self, imi_envelope_view_t *view)
{
    const uint8_t *found = memmem (view->header_bytes, view->header_size,
                                   view->header.message_id, IMI_MESSAGE_ID_BYTES);
    if (!found)
        return imi_error_set ("message id not found in the header bytes");
    self->payload [found - self->payload + IMI_MESSAGE_ID_BYTES - 1] ^= 0x01;
    return 0;
}

static int
s_mutate_body (s_probe_t *self, imi_envelope_view_t *view)
{
    if (view->body_size == 0)
        return imi_error_set ("the envelope has an empty body");
    self->payload [view->body - self->payload + view->body_size - 1] ^= 0x01;
    return 0;
}

static int
s_mutate_signature (s_probe_t *self, imi_envelope_view_t *view)
{
    self->payload [view->signature - self->payload] ^= 0x01;
    return 0;
}

static int
s_mutate_truncate (s_probe_t *self, imi_envelope_view_t *view)
{
    (void) view;
    self->payload_size /= 2;
    return 0;
}

//  Pad with zero bytes up to --size: still under the socket's limit (twice
//  max_message_bytes) so that the node, not libzmq, sees and counts it.
static int
s_mutate_oversize (s_probe_t *self, imi_envelope_view_t *view)
{
    (void) view;
    size_t size = (size_t) self->options->size;
    if (size <= self->payload_size)
        return imi_error_set ("--mutate oversize needs --size larger than the envelope (%zu)",
                              self->payload_size);
    uint8_t *bigger = realloc (self->payload, size);
    if (!bigger)
        return imi_error_set ("out of memory");
    memset (bigger + self->payload_size, 0, size - self->payload_size);
    self->payload = bigger;
    self->payload_size = size;
    return 0;
}

static const struct {
    const char *name;
    s_mutate_fn *mutate;
    bool needs_view;                //  needs an envelope that decodes
} s_mutations [] = {
    { "header", s_mutate_header, true },
    { "body", s_mutate_body, true },
    { "signature", s_mutate_signature, true },
    { "truncate", s_mutate_truncate, false },
    { "oversize", s_mutate_oversize, false },
};

//  ---------------------------------------------------------------------------
//  Commands: each builds self->payload. 0, or S_EXIT_ERROR with a message.

//  Read a whole file (up to S_FILE_MAX_BYTES) into *data (caller frees).
static int
s_read_file (const char *path, uint8_t **data, size_t *size)
{
    *data = NULL;
    FILE *file = fopen (path, "rb");
    if (!file)
        return s_fail ("cannot open %s: %s", path, strerror (errno));
    uint8_t *buffer = malloc (S_FILE_MAX_BYTES);
    size_t got = buffer? fread (buffer, 1, S_FILE_MAX_BYTES, file): 0;
    bool failed = !buffer || ferror (file) || !feof (file);
    fclose (file);
    if (failed || got == 0) {
        free (buffer);
        return failed? s_fail ("cannot read %s (or it is larger than %d bytes)", path,
                               S_FILE_MAX_BYTES):
                       s_fail ("%s is empty", path);
    }
    *data = buffer;
    *size = got;
    return 0;
}

static int
s_send_file (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 1)
        return s_fail ("usage: send-file FILE [--mutate header|body|signature|truncate|oversize]");
    const char *path = options->argv [0];
    if (s_read_file (path, &self->payload, &self->payload_size))
        return S_EXIT_ERROR;
    if (!options->mutate)
        return 0;
    for (size_t index = 0; index < sizeof s_mutations / sizeof s_mutations [0]; index++) {
        if (strcmp (options->mutate, s_mutations [index].name) != 0)
            continue;
        imi_envelope_view_t view;
        if (s_mutations [index].needs_view
        &&  imi_envelope_decode (&view, self->payload, self->payload_size))
            return s_fail ("--mutate %s: %s does not decode: %s", options->mutate, path,
                           imi_error_last ());
        if (s_mutations [index].mutate (self, &view))
            return s_fail ("--mutate %s: %s", options->mutate, imi_error_last ());
        return 0;
    }
    return s_fail ("unknown --mutate '%s' (header, body, signature, truncate, oversize)",
                   options->mutate);
}

//  Seal plain into a fresh envelope of type for the target, as the options
//  say: signed by --signer (default: the connection's identity), the body
//  sealed with --seal-with's CURVE key (default: the signer's), header.from
//  and header.to from --from and --to (default: the signer's and the target's
//  states), header.seq from --seq (default: default_seq), the timestamp now
//  plus --skew. 0 with *out (malloc'd, caller frees), or S_EXIT_ERROR.
static int
s_seal (s_probe_t *self, uint32_t type, uint64_t default_seq, const uint8_t *plain,
        size_t plain_size, uint8_t **out, size_t *out_size)
{
    s_options_t *options = self->options;
    imi_identity_t *signer = options->signer? imi_identity_load (options->signer): NULL;
    if (options->signer && !signer)
        return s_fail ("--signer %s: %s", options->signer, imi_error_last ());
    imi_identity_t *sealer = options->seal_with? imi_identity_load (options->seal_with): NULL;
    if (options->seal_with && !sealer) {
        imi_identity_destroy (&signer);
        return s_fail ("--seal-with %s: %s", options->seal_with, imi_error_last ());
    }
    imi_identity_t *signing = signer? signer: self->identity;
    imi_identity_t *sealing = sealer? sealer: signing;
    imi_header_t header = {
        .version = IMI_PROTOCOL_VERSION,
        .type = type,
        .seq = options->seq >= 0? (uint64_t) options->seq: default_seq,
        .timestamp_ms = (uint64_t) (zclock_time () + options->skew_ms),
    };
    imi_random (header.message_id, sizeof header.message_id);
    snprintf (header.from, sizeof header.from, "%s",
              options->from? options->from: imi_identity_state (signing));
    snprintf (header.to, sizeof header.to, "%s", options->to? options->to: self->target.state);
    int rc = S_EXIT_ERROR;
    uint8_t *shared = sodium_malloc (IMI_BOX_SHARED_BYTES);
    if (!shared)
        s_fail ("out of memory");
    else
    if (imi_box_shared_key (shared, self->target.curve_key, imi_identity_curve_secret (sealing)))
        s_fail ("target's CURVE key: %s", imi_error_last ());
    else
    if (imi_envelope_seal (out, out_size, &header, plain, plain_size, shared,
                           imi_identity_sign_secret (signing), NULL))
        s_fail ("%s", imi_error_last ());
    else
        rc = 0;
    sodium_free (shared);
    imi_identity_destroy (&signer);
    imi_identity_destroy (&sealer);
    return rc;
}

//  A RECEIPT for seqs first_seq.. naming count header hashes (hashes is
//  changed in place by --mutate hash), sealed as s_seal does.
static int
s_seal_receipt (s_probe_t *self, uint64_t first_seq, uint8_t *hashes, uint32_t count,
                uint8_t **out, size_t *out_size)
{
    if (self->options->mutate && strcmp (self->options->mutate, "hash") == 0)
        hashes [0] ^= 0x01;
    imi_receipt_t receipt = {
        .first_seq = first_seq,
        .last_seq = first_seq + count - 1,
        .hash_count = count,
        .hashes = hashes,
    };
    uint8_t *plain = NULL;
    size_t plain_size;
    if (imi_receipt_encode (&receipt, &plain, &plain_size))
        return s_fail ("receipt: %s", imi_error_last ());
    int rc = s_seal (self, IMI_TYPE_RECEIPT, 0, plain, plain_size, out, out_size);
    free (plain);
    return rc;
}

//  --mutate for the commands that know only "hash".
static int
s_check_mutate_hash (s_probe_t *self, const char *command)
{
    const char *mutate = self->options->mutate;
    if (mutate && strcmp (mutate, "hash") != 0)
        return s_fail ("%s: unknown --mutate '%s' (only hash)", command, mutate);
    return 0;
}

static int
s_send_text (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 1)
        return s_fail ("usage: send-text TEXT [--signer DIR] [--seal-with DIR] [--from XX] "
                       "[--to XX] [--seq N] [--skew MS]");
    uint8_t *plain = NULL;
    size_t plain_size;
    if (imi_text_encode (options->argv [0], &plain, &plain_size))
        return s_fail ("text: %s", imi_error_last ());
    int rc = s_seal (self, IMI_TYPE_TEXT, 1, plain, plain_size, &self->payload,
                     &self->payload_size);
    free (plain);
    return rc;
}

static int
s_send_ping (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 0)
        return s_fail ("usage: send-ping [--manifest-version N] [--signer DIR] [--from XX] "
                       "[--to XX] [--seq N] [--skew MS]");
    imi_ping_t ping = { .manifest_version = (uint64_t) options->manifest_version };
    uint8_t *plain = NULL;
    size_t plain_size;
    if (imi_ping_encode (&ping, &plain, &plain_size))
        return s_fail ("ping: %s", imi_error_last ());
    int rc = s_seal (self, IMI_TYPE_PING, 0, plain, plain_size, &self->payload,
                     &self->payload_size);
    free (plain);
    return rc;
}

static int
s_send_receipt (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc < 1 || options->argc > IMI_RECEIPT_MAX_HASHES)
        return s_fail ("usage: send-receipt FILE... [--mutate hash] [--signer DIR] [--from XX] "
                       "[--to XX] [--seq N] [--skew MS]");
    if (s_check_mutate_hash (self, "send-receipt"))
        return S_EXIT_ERROR;
    uint32_t count = (uint32_t) options->argc;
    uint8_t *hashes = malloc ((size_t) count * IMI_HASH_BYTES);
    if (!hashes)
        return s_fail ("out of memory");
    uint64_t first_seq = 0;
    int rc = 0;
    for (uint32_t index = 0; rc == 0 && index < count; index++) {
        const char *path = options->argv [index];
        uint8_t *data;
        size_t size;
        imi_envelope_view_t view;
        if (s_read_file (path, &data, &size))
            rc = S_EXIT_ERROR;
        else
        if (imi_envelope_decode (&view, data, size))
            rc = s_fail ("%s does not decode: %s", path, imi_error_last ());
        else {
            imi_envelope_header_hash (&view, hashes + (size_t) index * IMI_HASH_BYTES);
            if (index == 0)
                first_seq = view.header.seq;
        }
        free (data);
    }
    if (rc == 0)
        rc = s_seal_receipt (self, first_seq, hashes, count, &self->payload,
                             &self->payload_size);
    free (hashes);
    return rc;
}

static int
s_send_garbage (s_probe_t *self)
{
    s_options_t *options = self->options;
    char *end = NULL;
    long size = options->argc == 1? strtol (options->argv [0], &end, 10): 0;
    if (options->argc != 1 || *end || size < 1 || size > S_FILE_MAX_BYTES)
        return s_fail ("usage: send-garbage N (1 to %d bytes)", S_FILE_MAX_BYTES);
    self->payload = malloc ((size_t) size);
    if (!self->payload)
        return s_fail ("out of memory");
    imi_random (self->payload, (size_t) size);
    self->payload_size = (size_t) size;
    return 0;
}

//  ---------------------------------------------------------------------------
//  The exchange

//  Print one reply from the node: its type, header, whether the target's key
//  signed it, for a receipt the range it covers and for a pong whether it
//  answers the ping we sent.
static void
s_print_reply (s_probe_t *self, const uint8_t *data, size_t size)
{
    imi_envelope_view_t view;
    if (imi_envelope_decode (&view, data, size)) {
        printf ("reply malformed size=%zu reason=\"%s\"\n", size, imi_error_last ());
        return;
    }
    const imi_header_t *header = &view.header;
    bool signed_by_target = imi_envelope_verify (&view, self->target.sign_key) == 0;
    printf ("reply %s from=%s to=%s seq=%llu", imi_message_type_name (header->type), header->from,
            header->to, (unsigned long long) header->seq);
    uint8_t *shared = sodium_malloc (IMI_BOX_SHARED_BYTES);
    uint8_t *plain = NULL;
    size_t plain_size = 0;
    if (!shared
    ||  imi_box_shared_key (shared, self->target.curve_key,
                            imi_identity_curve_secret (self->identity))
    ||  imi_envelope_open (&view, shared, &plain, &plain_size))
        printf (" body=unreadable");
    else
    if (header->type == IMI_TYPE_RECEIPT) {
        imi_receipt_t receipt = { 0 };
        if (imi_receipt_decode (&receipt, plain, plain_size))
            printf (" body=malformed");
        else {
            //  Does the receipt name the envelope we sent, by its header hash?
            imi_envelope_view_t sent;
            uint8_t sent_hash [IMI_HASH_BYTES];
            bool covers = false;
            if (imi_envelope_decode (&sent, self->payload, self->payload_size) == 0) {
                imi_envelope_header_hash (&sent, sent_hash);
                for (uint32_t index = 0; index < receipt.hash_count; index++)
                    if (imi_equal (receipt.hashes + index * IMI_HASH_BYTES, sent_hash,
                                   IMI_HASH_BYTES))
                        covers = true;
            }
            printf (" first_seq=%llu last_seq=%llu covers_sent=%s",
                    (unsigned long long) receipt.first_seq, (unsigned long long) receipt.last_seq,
                    covers? "yes": "no");
        }
        imi_receipt_cleanup (&receipt);
    }
    else
    if (header->type == IMI_TYPE_PONG) {
        imi_pong_t pong;
        if (imi_pong_decode (&pong, plain, plain_size))
            printf (" body=malformed");
        else {
            imi_envelope_view_t sent;
            bool answers = imi_envelope_decode (&sent, self->payload, self->payload_size) == 0
                        && imi_equal (pong.ping_id, sent.header.message_id, IMI_MESSAGE_ID_BYTES);
            printf (" manifest_version=%llu answers_sent=%s",
                    (unsigned long long) pong.manifest_version, answers? "yes": "no");
        }
    }
    printf (" signature=%s\n", signed_by_target? "valid": "invalid");
    free (plain);
    sodium_free (shared);
}

//  Read one monitor event: returns its id, and its value in *value.
static int
s_monitor_event (zsock_t *monitor, uint32_t *value)
{
    zmsg_t *message = zmsg_recv (monitor);
    if (!message)
        return 0;
    zframe_t *frame = zmsg_first (message);
    int event = 0;
    if (frame && zframe_size (frame) == 6) {
        uint16_t id;
        memcpy (&id, zframe_data (frame), 2);
        memcpy (value, zframe_data (frame) + 2, 4);
        event = id;
    }
    zmsg_destroy (&message);
    return event;
}

//  Connect, send the payload, wait for the handshake's outcome and (with
//  --wait) a reply. Returns the exit code.
static int
s_exchange (s_probe_t *self)
{
    s_options_t *options = self->options;
    zcert_t *certificate = zcert_new_from (imi_identity_curve_public (self->identity),
                                           imi_identity_curve_secret (self->identity));
    zsock_t *dealer = zsock_new (ZMQ_DEALER);
    zsock_t *monitor = NULL;
    zpoller_t *poller = NULL;
    int rc = S_EXIT_ERROR;
    if (!certificate || !dealer) {
        s_fail ("cannot create the socket");
        goto cleanup;
    }
    zcert_apply (certificate, dealer);
    zsock_set_curve_serverkey_bin (dealer, self->target.curve_key);
    zsock_set_immediate (dealer, 0);
    zsock_set_handshake_ivl (dealer, (int) options->handshake_ms);
    zsock_set_linger (dealer, S_LINGER_MS);
    int events = ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
               | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL;
    if (zmq_socket_monitor (zsock_resolve (dealer), S_MONITOR_ENDPOINT, events)) {
        s_fail ("cannot monitor the socket: %s", zmq_strerror (zmq_errno ()));
        goto cleanup;
    }
    monitor = zsock_new_pair (">" S_MONITOR_ENDPOINT);
    if (!monitor || zsock_connect (dealer, "%s", options->endpoint)) {
        s_fail ("cannot connect to %s: %s", options->endpoint, zmq_strerror (zmq_errno ()));
        goto cleanup;
    }
    for (long frame = 0; frame < options->frames; frame++) {
        int flags = frame + 1 < options->frames? ZMQ_SNDMORE: 0;
        if (zmq_send (zsock_resolve (dealer), self->payload, self->payload_size, flags) < 0) {
            s_fail ("cannot queue the message: %s", zmq_strerror (zmq_errno ()));
            goto cleanup;
        }
    }
    poller = zpoller_new (dealer, monitor, NULL);
    if (!poller) {
        s_fail ("cannot create the poller");
        goto cleanup;
    }
    bool connected = false;
    const char *refused = NULL;
    int64_t started = zclock_mono ();
    rc = S_EXIT_NO_REPLY;
    while (true) {
        int64_t limit = connected? options->wait_ms: options->handshake_ms;
        int64_t left = started + limit - zclock_mono ();
        if (left <= 0 || refused || (connected && options->wait_ms == 0))
            break;
        void *which = zpoller_wait (poller, (int) left);
        if (zpoller_terminated (poller))
            break;
        if (which == monitor) {
            uint32_t value = 0;
            int event = s_monitor_event (monitor, &value);
            if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
                connected = true;
                started = zclock_mono ();
                printf ("connected\n");
            }
            else
            if (event == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
                refused = "authentication";
            else
            if (event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
                refused = "protocol";
            else
            if (event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
                refused = "no_detail";
            if (refused)
                printf ("refused %s status=%u\n", refused, value);
        }
        else
        if (which == dealer) {
            zmsg_t *reply = zmsg_recv (dealer);
            zframe_t *frame = reply? zmsg_first (reply): NULL;
            if (frame && zmsg_size (reply) == 1) {
                s_print_reply (self, zframe_data (frame), zframe_size (frame));
                rc = S_EXIT_OK;
            }
            else
                printf ("reply malformed frames=%zu\n", reply? zmsg_size (reply): 0);
            zmsg_destroy (&reply);
            break;
        }
    }
    if (connected && options->wait_ms == 0)
        rc = S_EXIT_OK;
    fflush (stdout);
    if (rc == S_EXIT_NO_REPLY)
        fprintf (stderr, "imi_probe: %s\n",
                 refused? "the node refused the handshake":
                 !connected? "not authenticated within the handshake timeout":
                 "no reply within --wait");

cleanup:
    zpoller_destroy (&poller);
    if (dealer)
        zmq_socket_monitor (zsock_resolve (dealer), NULL, 0);
    zsock_destroy (&monitor);
    zsock_destroy (&dealer);        //  lingers up to S_LINGER_MS to flush the message
    zcert_destroy (&certificate);
    return rc;
}

//  ---------------------------------------------------------------------------
//  serve-receipt: the impostor's side

//  Look at one message that came in on the impostor's ROUTER. Returns
//  S_EXIT_OK once the receipt is sent, S_EXIT_NO_REPLY if the message was
//  ignored, S_EXIT_ERROR on errors.
static int
s_serve_one (s_probe_t *self, zsock_t *router, zmsg_t *message, bool *target_seen)
{
    zframe_t *routing_id = zmsg_first (message);
    zframe_t *frame = zmsg_next (message);
    if (!routing_id || !frame || zmsg_size (message) != 2) {
        printf ("ignored frames=%zu\n", zmsg_size (message));
        return S_EXIT_NO_REPLY;
    }
    imi_envelope_view_t view;
    if (imi_envelope_decode (&view, zframe_data (frame), zframe_size (frame))) {
        printf ("ignored malformed size=%zu\n", zframe_size (frame));
        return S_EXIT_NO_REPLY;
    }
    const imi_header_t *header = &view.header;
    bool from_target = strcmp (header->from, self->target.state) == 0
                    && imi_envelope_verify (&view, self->target.sign_key) == 0;
    if (from_target && !*target_seen) {
        *target_seen = true;
        printf ("connected\n");
    }
    if (!from_target || !imi_message_type_sequenced (header->type)) {
        printf ("ignored %s from=%s seq=%llu%s\n", imi_message_type_name (header->type),
                header->from, (unsigned long long) header->seq,
                from_target? "": " (not signed by the target)");
        return S_EXIT_NO_REPLY;
    }
    printf ("received %s from=%s to=%s seq=%llu\n", imi_message_type_name (header->type),
            header->from, header->to, (unsigned long long) header->seq);
    uint8_t hash [IMI_HASH_BYTES];
    imi_envelope_header_hash (&view, hash);
    uint8_t *receipt = NULL;
    size_t receipt_size = 0;
    if (s_seal_receipt (self, header->seq, hash, 1, &receipt, &receipt_size))
        return S_EXIT_ERROR;
    void *socket = zsock_resolve (router);
    int rc = S_EXIT_OK;
    if (zmq_send (socket, zframe_data (routing_id), zframe_size (routing_id), ZMQ_SNDMORE) < 0
    ||  zmq_send (socket, receipt, receipt_size, 0) < 0)
        rc = s_fail ("cannot send the receipt: %s", zmq_strerror (zmq_errno ()));
    else
        printf ("sent receipt first_seq=%llu last_seq=%llu hash=%s\n",
                (unsigned long long) header->seq, (unsigned long long) header->seq,
                self->options->mutate? "flipped": "matching");
    free (receipt);
    return rc;
}

//  Bind, wait for the target's sequenced envelope, answer it. Returns the
//  exit code.
static int
s_serve_receipt (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 0)
        return s_fail ("usage: serve-receipt --listen EP [--mutate hash] [--wait MS] "
                       "[--hold MS]");
    if (s_check_mutate_hash (self, "serve-receipt"))
        return S_EXIT_ERROR;
    zcert_t *certificate = zcert_new_from (imi_identity_curve_public (self->identity),
                                           imi_identity_curve_secret (self->identity));
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    zpoller_t *poller = NULL;
    int rc = S_EXIT_ERROR;
    if (!certificate || !router) {
        s_fail ("cannot create the socket");
        goto cleanup;
    }
    zcert_apply (certificate, router);
    zsock_set_curve_server (router, 1);
    zsock_set_router_mandatory (router, 1);
    zsock_set_linger (router, S_LINGER_MS);
    if (zsock_bind (router, "%s", options->listen) < 0) {
        s_fail ("cannot listen on %s: %s (is a node still bound to it?)", options->listen,
                zmq_strerror (zmq_errno ()));
        goto cleanup;
    }
    poller = zpoller_new (router, NULL);
    if (!poller) {
        s_fail ("cannot create the poller");
        goto cleanup;
    }
    long wait_ms = options->wait_ms? options->wait_ms: S_SERVE_WAIT_MS;
    int64_t deadline = zclock_mono () + wait_ms;
    bool target_seen = false;
    rc = S_EXIT_NO_REPLY;
    while (rc == S_EXIT_NO_REPLY) {
        int64_t left = deadline - zclock_mono ();
        if (left <= 0)
            break;
        void *which = zpoller_wait (poller, (int) left);
        if (zpoller_terminated (poller))
            break;
        if (which != router)
            continue;
        zmsg_t *message = zmsg_recv (router);
        if (!message)
            continue;
        rc = s_serve_one (self, router, message, &target_seen);
        zmsg_destroy (&message);
    }
    //  Stay connected while the target reads the receipt; answer nothing more.
    if (rc == S_EXIT_OK) {
        size_t held = 0;
        int64_t until = zclock_mono () + options->hold_ms;
        int64_t left;
        while ((left = until - zclock_mono ()) > 0) {
            void *which = zpoller_wait (poller, (int) left);
            if (zpoller_terminated (poller))
                break;
            zmsg_t *message = which == router? zmsg_recv (router): NULL;
            if (message)
                held++;
            zmsg_destroy (&message);
        }
        printf ("held %zu more messages unanswered\n", held);
    }
    fflush (stdout);
    if (rc == S_EXIT_NO_REPLY)
        fprintf (stderr, "imi_probe: no sequenced envelope from %s within %ld ms\n",
                 self->target.state, wait_ms);

cleanup:
    zpoller_destroy (&poller);
    zsock_destroy (&router);        //  lingers up to S_LINGER_MS to flush the receipt
    zcert_destroy (&certificate);
    return rc;
}

//  ---------------------------------------------------------------------------
//  The commands: build a payload (send-*) or not (serve-*), then run.

static const struct {
    const char *name;
    int (*build) (s_probe_t *self);     //  NULL: nothing to build
    int (*run) (s_probe_t *self);       //  s_exchange (needs --endpoint) or s_serve_receipt
    const char *help;
} s_commands [] = {
    { "send-file", s_send_file, s_exchange,
      "send-file FILE [--mutate header|body|signature|truncate|oversize --size N]" },
    { "send-text", s_send_text, s_exchange,
      "send-text TEXT [--signer DIR] [--seal-with DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]" },
    { "send-ping", s_send_ping, s_exchange,
      "send-ping [--manifest-version N] [--signer DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]" },
    { "send-receipt", s_send_receipt, s_exchange,
      "send-receipt FILE... [--mutate hash] [--signer DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]" },
    { "send-garbage", s_send_garbage, s_exchange, "send-garbage N: N random bytes" },
    { "serve-receipt", NULL, s_serve_receipt,
      "serve-receipt --listen EP [--mutate hash] [--wait MS] [--hold MS]: answer the "
      "target's first sequenced envelope with a receipt" },
};

//  ---------------------------------------------------------------------------

static void
s_usage (FILE *stream)
{
    fprintf (stream, "usage: imi_probe --identity DIR --target DIR (--endpoint EP | --listen EP) "
                     "[--wait MS] [--handshake MS] [--frames N] COMMAND [ARGS]\n\n"
                     "commands:\n");
    for (size_t index = 0; index < sizeof s_commands / sizeof s_commands [0]; index++)
        fprintf (stream, "  %s\n", s_commands [index].help);
    fprintf (stream, "\nexit: 0 sent (and replied, with --wait), 3 nothing came back, "
                     "1 error\n");
}

static int
s_number (const char *text, const char *name, long minimum, long maximum, long *value)
{
    char *end;
    *value = strtol (text, &end, 10);
    if (!*text || *end || *value < minimum || *value > maximum)
        return s_fail ("%s '%s' is not a number from %ld to %ld", name, text, minimum, maximum);
    return 0;
}

int
main (int argc, char *argv [])
{
    if (imi_crypto_init ())
        return s_fail ("%s", imi_error_last ());
    zsys_init ();
    zsys_set_logstream (NULL);
    s_options_t options = { .handshake_ms = 3000, .seq = -1, .frames = 1,
                            .hold_ms = S_SERVE_HOLD_MS };
    enum { O_IDENTITY = 256, O_TARGET, O_ENDPOINT, O_LISTEN, O_MUTATE, O_SIZE, O_WAIT,
           O_HANDSHAKE, O_SIGNER, O_SEAL_WITH, O_FROM, O_TO, O_SEQ, O_SKEW, O_MANIFEST_VERSION,
           O_FRAMES, O_HOLD };
    static const struct option long_options [] = {
        { "help", no_argument, NULL, 'h' },
        { "identity", required_argument, NULL, O_IDENTITY },
        { "target", required_argument, NULL, O_TARGET },
        { "endpoint", required_argument, NULL, O_ENDPOINT },
        { "listen", required_argument, NULL, O_LISTEN },
        { "mutate", required_argument, NULL, O_MUTATE },
        { "size", required_argument, NULL, O_SIZE },
        { "wait", required_argument, NULL, O_WAIT },
        { "handshake", required_argument, NULL, O_HANDSHAKE },
        { "signer", required_argument, NULL, O_SIGNER },
        { "seal-with", required_argument, NULL, O_SEAL_WITH },
        { "from", required_argument, NULL, O_FROM },
        { "to", required_argument, NULL, O_TO },
        { "seq", required_argument, NULL, O_SEQ },
        { "skew", required_argument, NULL, O_SKEW },
        { "manifest-version", required_argument, NULL, O_MANIFEST_VERSION },
        { "frames", required_argument, NULL, O_FRAMES },
        { "hold", required_argument, NULL, O_HOLD },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "h", long_options, NULL)) != -1) {
        int failed = 0;
        switch (option) {
            case 'h': s_usage (stdout); return S_EXIT_OK;
            case O_IDENTITY: options.identity = optarg; break;
            case O_TARGET: options.target = optarg; break;
            case O_ENDPOINT: options.endpoint = optarg; break;
            case O_LISTEN: options.listen = optarg; break;
            case O_MUTATE: options.mutate = optarg; break;
            case O_SIGNER: options.signer = optarg; break;
            case O_SEAL_WITH: options.seal_with = optarg; break;
            case O_FROM: options.from = optarg; break;
            case O_TO: options.to = optarg; break;
            case O_SIZE:
                failed = s_number (optarg, "--size", 1, S_FILE_MAX_BYTES, &options.size);
                break;
            case O_WAIT:
                failed = s_number (optarg, "--wait", 0, 600000, &options.wait_ms);
                break;
            case O_HANDSHAKE:
                failed = s_number (optarg, "--handshake", 1, 600000, &options.handshake_ms);
                break;
            case O_SEQ:
                failed = s_number (optarg, "--seq", 0, LONG_MAX, &options.seq);
                break;
            case O_SKEW:
                failed = s_number (optarg, "--skew", -86400000L * 365, 86400000L * 365,
                                   &options.skew_ms);
                break;
            case O_MANIFEST_VERSION:
                failed = s_number (optarg, "--manifest-version", 0, LONG_MAX,
                                   &options.manifest_version);
                break;
            case O_FRAMES:
                failed = s_number (optarg, "--frames", 1, S_FRAMES_MAX, &options.frames);
                break;
            case O_HOLD:
                failed = s_number (optarg, "--hold", 0, 600000, &options.hold_ms);
                break;
            default:
                s_usage (stderr);
                return S_EXIT_ERROR;
        }
        if (failed)
            return S_EXIT_ERROR;
    }
    if (optind >= argc || !options.identity || !options.target) {
        s_usage (stderr);
        return S_EXIT_ERROR;
    }
    if ((options.from && !imi_state_code_valid (options.from))
    ||  (options.to && !imi_state_code_valid (options.to)))
        return s_fail ("--from and --to take a two-letter upper-case state code");
    const char *command = argv [optind];
    options.argc = argc - optind - 1;
    options.argv = argv + optind + 1;
    size_t found = 0;
    while (found < sizeof s_commands / sizeof s_commands [0]
       &&  strcmp (command, s_commands [found].name) != 0)
        found++;
    if (found == sizeof s_commands / sizeof s_commands [0])
        return s_fail ("unknown command '%s' (imi_probe --help)", command);
    bool serves = s_commands [found].run == s_serve_receipt;
    if (serves? !options.listen || options.endpoint: !options.endpoint || options.listen)
        return s_fail ("%s takes %s, not %s", command, serves? "--listen EP": "--endpoint EP",
                       serves? "--endpoint": "--listen");

    s_probe_t probe = { .options = &options };
    char target_path [4096];
    snprintf (target_path, sizeof target_path, "%s/identity.pub", options.target);
    if (imi_identity_public_load (target_path, &probe.target))
        return s_fail ("--target: %s", imi_error_last ());
    probe.identity = imi_identity_load (options.identity);
    if (!probe.identity)
        return s_fail ("--identity %s: %s", options.identity, imi_error_last ());
    int rc = s_commands [found].build? s_commands [found].build (&probe): 0;
    if (rc == 0)
        rc = s_commands [found].run (&probe);
    free (probe.payload);
    imi_identity_destroy (&probe.identity);
    return rc;
}
