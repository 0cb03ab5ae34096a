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
      send-garbage N      N random bytes.
    The message is queued before the connection is up (ZMQ_IMMEDIATE=0), so
    it leaves as soon as the node's ZAP handler lets us in. A socket monitor
    reports whether the handshake succeeded or the node refused it.

    Output, one line each on stdout: "connected" once authenticated,
    "refused <reason>" if the node turned the handshake down, and with
    --wait the reply: "reply <type> from=XX to=XX ... signature=valid|invalid",
    receipts with first_seq/last_seq and whether they name the envelope sent.
    Exit codes: 0 sent (connected, and a reply came if --wait was given);
    3 nothing came back (no reply within --wait, or never authenticated);
    1 usage or any other error, with the reason on stderr.
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

typedef struct {
    const char *identity;           //  --identity DIR: the CURVE identity we connect with
    const char *target;             //  --target DIR: the node's identity folder (public half)
    const char *endpoint;           //  --endpoint EP: the node's ROUTER
    const char *mutate;             //  --mutate header|body|signature|truncate|oversize
    long size;                      //  --size N: total size for --mutate oversize
    long wait_ms;                   //  --wait MS: wait for a reply (0: do not)
    long handshake_ms;              //  --handshake MS: give up connecting after this
    const char *signer;             //  --signer DIR: who signs a send-text envelope
    const char *seal_with;          //  --seal-with DIR: whose CURVE key seals its body
    const char *from;               //  --from XX: header.from (default: the signer's state)
    const char *to;                 //  --to XX: header.to (default: the target's state)
    long seq;                       //  --seq N: header.seq of a send-text envelope
    long skew_ms;                   //  --skew MS: added to header.timestamp_ms
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

static int
s_send_file (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 1)
        return s_fail ("usage: send-file FILE [--mutate header|body|signature|truncate|oversize]");
    const char *path = options->argv [0];
    FILE *file = fopen (path, "rb");
    if (!file)
        return s_fail ("cannot open %s: %s", path, strerror (errno));
    self->payload = malloc (S_FILE_MAX_BYTES);
    size_t size = self->payload? fread (self->payload, 1, S_FILE_MAX_BYTES, file): 0;
    bool failed = !self->payload || ferror (file) || !feof (file);
    fclose (file);
    if (failed)
        return s_fail ("cannot read %s (or it is larger than %d bytes)", path, S_FILE_MAX_BYTES);
    if (size == 0)
        return s_fail ("%s is empty", path);
    self->payload_size = size;
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

static int
s_send_text (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 1)
        return s_fail ("usage: send-text TEXT [--signer DIR] [--seal-with DIR] [--from XX] "
                       "[--to XX] [--seq N] [--skew MS]");
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
        .type = IMI_TYPE_TEXT,
        .seq = (uint64_t) options->seq,
        .timestamp_ms = (uint64_t) (zclock_time () + options->skew_ms),
    };
    imi_random (header.message_id, sizeof header.message_id);
    snprintf (header.from, sizeof header.from, "%s",
              options->from? options->from: imi_identity_state (signing));
    snprintf (header.to, sizeof header.to, "%s", options->to? options->to: self->target.state);
    int rc = S_EXIT_ERROR;
    uint8_t *plain = NULL;
    size_t plain_size;
    uint8_t *shared = sodium_malloc (IMI_BOX_SHARED_BYTES);
    if (!shared)
        s_fail ("out of memory");
    else
    if (imi_box_shared_key (shared, self->target.curve_key, imi_identity_curve_secret (sealing)))
        s_fail ("target's CURVE key: %s", imi_error_last ());
    else
    if (imi_text_encode (options->argv [0], &plain, &plain_size))
        s_fail ("text: %s", imi_error_last ());
    else
    if (imi_envelope_seal (&self->payload, &self->payload_size, &header, plain, plain_size,
                           shared, imi_identity_sign_secret (signing), NULL))
        s_fail ("%s", imi_error_last ());
    else
        rc = 0;
    free (plain);
    sodium_free (shared);
    imi_identity_destroy (&signer);
    imi_identity_destroy (&sealer);
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

static const struct {
    const char *name;
    int (*build) (s_probe_t *self);
    const char *help;
} s_commands [] = {
    { "send-file", s_send_file, "send-file FILE [--mutate header|body|signature|truncate|"
                                "oversize --size N]" },
    { "send-text", s_send_text, "send-text TEXT [--signer DIR] [--seal-with DIR] [--from XX] "
                                "[--to XX] [--seq N] [--skew MS]" },
    { "send-garbage", s_send_garbage, "send-garbage N: N random bytes" },
};

//  ---------------------------------------------------------------------------
//  The exchange

//  Print one reply from the node: its type, header, whether the target's key
//  signed it, and for a receipt the range it covers.
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
        else
            printf (" manifest_version=%llu", (unsigned long long) pong.manifest_version);
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
    if (zmq_send (zsock_resolve (dealer), self->payload, self->payload_size, 0) < 0) {
        s_fail ("cannot queue the message: %s", zmq_strerror (zmq_errno ()));
        goto cleanup;
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

static void
s_usage (FILE *stream)
{
    fprintf (stream, "usage: imi_probe --identity DIR --target DIR --endpoint EP [--wait MS] "
                     "[--handshake MS] COMMAND [ARGS]\n\ncommands:\n");
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
    s_options_t options = { .handshake_ms = 3000, .seq = 1 };
    enum { O_IDENTITY = 256, O_TARGET, O_ENDPOINT, O_MUTATE, O_SIZE, O_WAIT, O_HANDSHAKE,
           O_SIGNER, O_SEAL_WITH, O_FROM, O_TO, O_SEQ, O_SKEW };
    static const struct option long_options [] = {
        { "help", no_argument, NULL, 'h' },
        { "identity", required_argument, NULL, O_IDENTITY },
        { "target", required_argument, NULL, O_TARGET },
        { "endpoint", required_argument, NULL, O_ENDPOINT },
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
            default:
                s_usage (stderr);
                return S_EXIT_ERROR;
        }
        if (failed)
            return S_EXIT_ERROR;
    }
    if (optind >= argc || !options.identity || !options.target || !options.endpoint) {
        s_usage (stderr);
        return S_EXIT_ERROR;
    }
    if ((options.from && !imi_state_code_valid (options.from))
    ||  (options.to && !imi_state_code_valid (options.to)))
        return s_fail ("--from and --to take a two-letter upper-case state code");
    const char *command = argv [optind];
    options.argc = argc - optind - 1;
    options.argv = argv + optind + 1;

    s_probe_t probe = { .options = &options };
    char target_path [4096];
    snprintf (target_path, sizeof target_path, "%s/identity.pub", options.target);
    if (imi_identity_public_load (target_path, &probe.target))
        return s_fail ("--target: %s", imi_error_last ());
    probe.identity = imi_identity_load (options.identity);
    if (!probe.identity)
        return s_fail ("--identity %s: %s", options.identity, imi_error_last ());
    int rc = -1;
    for (size_t index = 0; index < sizeof s_commands / sizeof s_commands [0]; index++)
        if (strcmp (command, s_commands [index].name) == 0)
            rc = s_commands [index].build (&probe);
    if (rc == -1)
        rc = s_fail ("unknown command '%s' (imi_probe --help)", command);
    else
    if (rc == 0)
        rc = s_exchange (&probe);
    free (probe.payload);
    imi_identity_destroy (&probe.identity);
    return rc;
}
