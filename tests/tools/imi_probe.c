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
      send-garbage N      N random bytes;
      send-entries FILE.. a fresh DIR_ENTRIES carrying the bytes of the entry
                          files (e.g. made by make-entry), unasked for: a node
                          takes those only on its DEALER, as the answer to its
                          own frontier; with --push a DIR_PUSH instead
                          (sequenced: seq 1 unless --seq), which a node
                          takes on its ROUTER;
      send-case FILE      a fresh CASE_EVENT (CASE_PART with --part,
                          ALERT_EVENT with --alert) whose plain body is the
                          file (e.g. a fuzz corpus file);
      send-body TYPE FILE a fresh envelope of TYPE (a type's name: text,
                          case_event, ...) whose plain body is the file's
                          bytes as they are, however bad (seq 1 unless --seq
                          for a sequenced type, 0 otherwise);
      send-frontier XX:N.. a fresh DIR_FRONTIER claiming to hold origin XX's
                          feed up to seq N, for each pair given, with the
                          head hash given as XX:N:HEX (64 hex digits) or
                          else all zeros (the node then adds its entry at
                          N, so that a peer sees a fork).
    With --frames N the message leaves as N ZeroMQ frames, each a copy of it
    (a node takes only one-frame messages). --version N stamps the header
    with protocol version N (default: the newest; 1 plays a version 1 peer)
    and --timestamp MS sets header.timestamp_ms to any unsigned value
    (instead of now plus --skew).
    The message is queued before the connection is up (ZMQ_IMMEDIATE=0), so
    it leaves as soon as the node's ZAP handler lets us in. A socket monitor
    reports whether the handshake succeeded or the node refused it.

    Output, one line each on stdout: "connected" once authenticated,
    "refused <reason>" if the node turned the handshake down, and with
    --wait the reply: "reply <type> from=XX to=XX ... signature=valid|invalid",
    receipts with first_seq/last_seq and whether they name the envelope sent,
    pongs with whether they answer the ping sent, directory entries with
    "count=N more=true|false entry_bytes=N body_bytes=N first=XX:N last=XX:N
    last_hash=HEX" (entry_bytes: the entries' own, without their framing); then "version N", the
    reply header's protocol version, and for a version 2 receipt one line
    "refused seq=N kind=K reason=R" per message it says was refused.
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

    serve-entries FILE... plays such a node for the directory: on the same
    terms it waits for the target's DIR_FRONTIER (the target's DEALER sends
    one once the link is up, and every directory_sync_ms) and answers it,
    on the same connection, with one DIR_ENTRIES signed by --identity and
    sealed for --target, carrying the bytes of the entry files in order
    (--more sets its "more" flag); then it holds the connection as above.
    The target sends its frontier only to a peer it believes alive, so until
    then the impostor answers the target's PINGs with PONGs (echoing its
    manifest version). It prints "connected", "received dir_frontier
    from=XX to=XX origins=DE:3,FR:1,...", "sent dir_entries count=N
    more=true|false", "answered N pings" and "held N more messages
    unanswered"; exits 0 once the entries are sent, 3 if no frontier came.

    refuse plays a node whose listener turns every client away for a while
    (its operator swapping keys, a manifest half-installed): it binds a
    CURVE ROUTER on --listen with --identity's keys behind a ZAP handler that
    knows no client key, for --wait ms (default 10 s), then closes. It prints
    "listening" once bound and "refused N handshakes" at the end (counting
    the refusals its socket monitor saw); exits 0 if it refused any, 3 if
    none came, 1 on errors.

    make-entry makes, offline, the entries serve-entries hands out: a
    directory entry of --origin at --seq, chained to --prev-hash HEX or to
    the entry in --prev-file (default: 32 zero bytes, as for seq 1), an
    upsert of the authority in --authority-json FILE (one JSON object, as
    imictl authority add takes) or a removal of --remove ID, timestamped now
    plus --skew and signed by --signer's key, whoever the origin is. It
    writes the entry's bytes to --out and prints "made entry origin=XX
    seq=N hash=HEX". Takes no --identity, --target, --endpoint or --listen.
*/
#include "imi_authority_json.h"
#include "imi_body_delivery.h"
#include "imi_body_directory.h"
#include "imi_config.h"
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
    long version;                   //  --version N: header.version of what we seal
    uint64_t timestamp_ms;          //  --timestamp MS: header.timestamp_ms (0: now + skew)
    long hold_ms;                   //  --hold MS: serve-* stays up after answering
    bool more;                      //  --more: serve-entries sets DIR_ENTRIES' more flag
    bool push;                      //  --push: send-entries sends a DIR_PUSH
    bool part;                      //  --part: send-case sends a CASE_PART
    bool alert;                     //  --alert: send-case sends an ALERT_EVENT
    const char *origin;             //  --origin XX: make-entry's origin
    const char *prev_hash;          //  --prev-hash HEX: make-entry chains to this hash
    const char *prev_file;          //  --prev-file FILE: ... or to this entry's hash
    const char *authority_json;     //  --authority-json FILE: make-entry upserts this
    const char *remove;             //  --remove ID: ... or removes this authority
    const char *out;                //  --out FILE: where make-entry writes the entry
    int argc;                       //  the command's arguments
    char **argv;
} s_options_t;

//  What the probe holds while it works: keys in, message out.
typedef struct {
    s_options_t *options;
    imi_identity_t *identity;               //  connection identity (owned)
    imi_identity_public_t target;           //  the node we talk to
    uint8_t *payload;                       //  the message we send (owned); for
                                            //  serve-entries the DIR_ENTRIES body
    size_t payload_size;
    size_t pings_answered;                  //  serve-entries: PONGs sent
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
        .version = (uint32_t) options->version,
        .type = type,
        .seq = options->seq >= 0? (uint64_t) options->seq: default_seq,
        .timestamp_ms = options->timestamp_ms? options->timestamp_ms
                                             : (uint64_t) (zclock_time () + options->skew_ms),
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
    if (imi_receipt_encode (&receipt, (uint32_t) self->options->version, &plain, &plain_size))
        return s_fail ("receipt: %s", imi_error_last ());
    int rc = s_seal (self, IMI_TYPE_RECEIPT, 0, plain, plain_size, out, out_size);
    free (plain);
    return rc;
}

//  Open the body of an envelope from the target, sealed for our identity.
//  0 with *plain (malloc'd, caller frees), or -1 with a reason.
static int
s_open (s_probe_t *self, const imi_envelope_view_t *view, uint8_t **plain, size_t *plain_size)
{
    uint8_t *shared = sodium_malloc (IMI_BOX_SHARED_BYTES);
    int rc = !shared? imi_error_set ("out of memory"):
             imi_box_shared_key (shared, self->target.curve_key,
                                 imi_identity_curve_secret (self->identity))?
             -1: imi_envelope_open (view, shared, plain, plain_size);
    sodium_free (shared);
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
s_send_frontier (s_probe_t *self)
{
    s_options_t *options = self->options;
    imi_frontier_row_t rows [IMI_DIRECTORY_ORIGINS_MAX];
    size_t count = 0;
    if (options->argc < 1 || options->argc > IMI_DIRECTORY_ORIGINS_MAX)
        return s_fail ("usage: send-frontier XX:N...");
    for (int index = 0; index < options->argc; index++) {
        const char *pair = options->argv [index];
        unsigned long long seq;
        char origin [3], hash [2 * IMI_HASH_BYTES + 1] = "";
        int consumed = 0;
        int fields = sscanf (pair, "%2[A-Z]:%llu%n:%64[0-9a-f]%n", origin, &seq, &consumed,
                             hash, &consumed);
        memset (&rows [count], 0, sizeof rows [count]);
        if ((fields != 2 && fields != 3) || pair [consumed]
        ||  (fields == 3 && imi_hex_decode (rows [count].head_hash, IMI_HASH_BYTES, hash)))
            return s_fail ("send-frontier: '%s' is not XX:N or XX:N:HEAD_HASH", pair);
        memcpy (rows [count].origin, origin, 3);
        rows [count++].last_seq = seq;
    }
    uint8_t *plain = NULL;
    size_t plain_size;
    if (imi_dir_frontier_encode (rows, count, &plain, &plain_size))
        return s_fail ("frontier: %s", imi_error_last ());
    int rc = s_seal (self, IMI_TYPE_DIR_FRONTIER, 0, plain, plain_size, &self->payload,
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

//  serve-entries FILE...: the DIR_ENTRIES (or with --push DIR_PUSH) body of
//  the entry files, sealed when the frontier comes.
static int
s_build_entries (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc < 1 || options->argc > IMI_DIRECTORY_BATCH_MAX)
        return s_fail ("give 1 to %d entry files", IMI_DIRECTORY_BATCH_MAX);
    uint8_t *data [IMI_DIRECTORY_BATCH_MAX] = { NULL };
    imi_entry_list_t entries = { .count = (size_t) options->argc };
    int rc = 0;
    for (size_t index = 0; rc == 0 && index < entries.count; index++) {
        rc = s_read_file (options->argv [index], &data [index], &entries.size [index]);
        entries.data [index] = data [index];
    }
    if (rc == 0 && (options->push?
                    imi_dir_push_encode (&entries, &self->payload, &self->payload_size):
                    imi_dir_entries_encode (&entries, options->more, &self->payload,
                                            &self->payload_size)))
        rc = s_fail ("%s: %s", options->push? "dir_push": "dir_entries", imi_error_last ());
    for (size_t index = 0; index < entries.count; index++)
        free (data [index]);
    return rc;
}

//  send-entries FILE...: the entries in a fresh envelope, sealed as s_seal does.
static int
s_send_entries (s_probe_t *self)
{
    if (s_build_entries (self))
        return S_EXIT_ERROR;
    uint8_t *plain = self->payload;
    size_t plain_size = self->payload_size;
    self->payload = NULL;
    bool push = self->options->push;
    int rc = s_seal (self, push? IMI_TYPE_DIR_PUSH: IMI_TYPE_DIR_ENTRIES, push? 1: 0, plain,
                     plain_size, &self->payload, &self->payload_size);
    free (plain);
    return rc;
}

//  send-case FILE: the file's bytes as the plain body of a fresh CASE_EVENT
//  (a CASE_PART with --part, an ALERT_EVENT with --alert), sequenced (seq 1
//  unless --seq).
static int
s_send_case (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 1)
        return s_fail ("usage: send-case FILE [--part|--alert] [--signer DIR] [--from XX] [--to XX] "
                       "[--seq N] [--skew MS]");
    uint8_t *plain;
    size_t plain_size;
    if (s_read_file (options->argv [0], &plain, &plain_size))
        return S_EXIT_ERROR;
    uint32_t type = options->part? IMI_TYPE_CASE_PART
                  : options->alert? IMI_TYPE_ALERT_EVENT: IMI_TYPE_CASE_EVENT;
    int rc = s_seal (self, type, 1, plain,
                     plain_size, &self->payload, &self->payload_size);
    free (plain);
    return rc;
}

//  send-body TYPE FILE: the file's bytes, unchecked, as the plain body of a
//  fresh envelope of TYPE.
static int
s_send_body (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 2)
        return s_fail ("usage: send-body TYPE FILE [--signer DIR] [--seal-with DIR] [--from XX] "
                       "[--to XX] [--seq N] [--skew MS] [--timestamp MS]");
    uint32_t type = 1;
    while (type < IMI_TYPE_LIMIT && strcmp (imi_message_type_name (type), options->argv [0]))
        type++;
    if (type == IMI_TYPE_LIMIT)
        return s_fail ("send-body: '%s' is not a message type (text, case_event, ...)",
                       options->argv [0]);
    uint8_t *plain;
    size_t plain_size;
    if (s_read_file (options->argv [1], &plain, &plain_size))
        return S_EXIT_ERROR;
    int rc = s_seal (self, type, imi_message_type_sequenced (type)? 1: 0, plain, plain_size,
                     &self->payload, &self->payload_size);
    free (plain);
    return rc;
}

//  The hash make-entry chains to: --prev-hash, the hash of --prev-file's
//  entry, or zeros. 0 or S_EXIT_ERROR.
static int
s_prev_hash (s_options_t *options, uint8_t prev_hash [IMI_HASH_BYTES])
{
    memset (prev_hash, 0, IMI_HASH_BYTES);
    if (options->prev_hash && imi_hex_decode (prev_hash, IMI_HASH_BYTES, options->prev_hash))
        return s_fail ("--prev-hash takes %d hex digits", 2 * IMI_HASH_BYTES);
    if (!options->prev_file)
        return 0;
    uint8_t *data;
    size_t size;
    if (s_read_file (options->prev_file, &data, &size))
        return S_EXIT_ERROR;
    imi_entry_view_t view;
    int rc = imi_entry_decode (&view, data, size)?
             s_fail ("--prev-file %s: %s", options->prev_file, imi_error_last ()): 0;
    if (rc == 0)
        memcpy (prev_hash, view.hash, IMI_HASH_BYTES);
    free (data);
    return rc;
}

//  The encoded authority of --authority-json (an upsert), or none (a
//  removal). 0 with *encoded malloc'd (NULL for a removal), or S_EXIT_ERROR.
static int
s_entry_authority (s_options_t *options, uint8_t **encoded, size_t *encoded_size,
                   char *id, size_t id_size)
{
    *encoded = NULL;
    *encoded_size = 0;
    if (options->remove) {
        snprintf (id, id_size, "%s", options->remove);
        return 0;
    }
    uint8_t *text;
    size_t size;
    if (s_read_file (options->authority_json, &text, &size))
        return S_EXIT_ERROR;
    imi_authority_t *authority = malloc (sizeof *authority);
    int rc = !authority? s_fail ("out of memory"):
             imi_authority_from_json (authority, (const char *) text, size)
             || imi_authority_encode (authority, encoded, encoded_size)?
             s_fail ("--authority-json %s: %s", options->authority_json, imi_error_last ()): 0;
    if (rc == 0)
        snprintf (id, id_size, "%s", authority->id);
    free (authority);
    free (text);
    return rc;
}

//  make-entry: seal one directory entry as the options say and write it out.
static int
s_make_entry (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 0 || !options->signer || !options->origin || options->seq < 1
    ||  !options->out || !options->authority_json == !options->remove
    ||  (options->prev_hash && options->prev_file))
        return s_fail ("usage: make-entry --signer DIR --origin XX --seq N "
                       "[--prev-hash HEX | --prev-file ENTRY] "
                       "(--authority-json FILE | --remove ID) --out FILE [--skew MS]");
    uint8_t prev_hash [IMI_HASH_BYTES];
    uint8_t *encoded = NULL, *entry = NULL;
    size_t encoded_size, entry_size = 0;
    char id [IMI_DIRECTORY_ID_MAX + 1];
    if (s_prev_hash (options, prev_hash)
    ||  s_entry_authority (options, &encoded, &encoded_size, id, sizeof id))
        return S_EXIT_ERROR;
    imi_identity_t *signer = imi_identity_load (options->signer);
    int rc = 0;
    if (!signer)
        rc = s_fail ("--signer %s: %s", options->signer, imi_error_last ());
    else
    if (imi_entry_seal (&entry, &entry_size, options->origin, (uint64_t) options->seq,
                        prev_hash, (uint64_t) (zclock_time () + options->skew_ms),
                        encoded? IMI_DIRECTORY_UPSERT: IMI_DIRECTORY_REMOVE, id, encoded,
                        encoded_size, imi_identity_sign_secret (signer)))
        rc = s_fail ("entry: %s", imi_error_last ());
    imi_entry_view_t view;
    if (rc == 0 && imi_entry_decode (&view, entry, entry_size))
        rc = s_fail ("the entry made does not decode: %s", imi_error_last ());
    FILE *file = rc == 0? fopen (options->out, "wb"): NULL;
    if (rc == 0 && !file)
        rc = s_fail ("cannot create %s: %s", options->out, strerror (errno));
    if (file) {
        bool written = fwrite (entry, 1, entry_size, file) == entry_size;
        if (fclose (file) || !written)
            rc = s_fail ("cannot write %s: %s", options->out, strerror (errno));
    }
    if (rc == 0) {
        char hash [2 * IMI_HASH_BYTES + 1];
        imi_hex_encode (hash, view.hash, IMI_HASH_BYTES);
        printf ("made entry origin=%s seq=%ld hash=%s\n", options->origin, options->seq, hash);
    }
    imi_identity_destroy (&signer);
    free (entry);
    free (encoded);
    return rc;
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
    uint8_t *plain = NULL;
    size_t plain_size = 0;
    if (s_open (self, &view, &plain, &plain_size))
        printf (" body=unreadable");
    else
    if (header->type == IMI_TYPE_RECEIPT) {
        imi_receipt_t receipt = { 0 };
        if (imi_receipt_decode (&receipt, header->version, plain, plain_size))
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
    if (header->type == IMI_TYPE_DIR_ENTRIES) {
        imi_entry_list_t entries;
        bool more;
        imi_entry_view_t first, last;
        if (imi_dir_entries_decode (&entries, &more, plain, plain_size)
        ||  imi_entry_decode (&first, entries.data [0], entries.size [0])
        ||  imi_entry_decode (&last, entries.data [entries.count - 1],
                              entries.size [entries.count - 1]))
            printf (" body=malformed");
        else {
            char hash [2 * IMI_HASH_BYTES + 1];
            imi_hex_encode (hash, last.hash, IMI_HASH_BYTES);
            size_t entry_bytes = 0;
            for (size_t index = 0; index < entries.count; index++)
                entry_bytes += entries.size [index];
            printf (" count=%zu more=%s entry_bytes=%zu body_bytes=%zu first=%s:%llu last=%s:%llu"
                    " last_hash=%s", entries.count, more? "true": "false", entry_bytes,
                    plain_size, first.origin,
                    (unsigned long long) first.seq, last.origin,
                    (unsigned long long) last.seq, hash);
        }
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
    printf ("version %u\n", header->version);
    imi_receipt_t receipt = { 0 };
    if (plain && header->type == IMI_TYPE_RECEIPT
    &&  imi_receipt_decode (&receipt, header->version, plain, plain_size) == 0)
        for (uint32_t index = 0; index < receipt.refused_count; index++)
            printf ("refused seq=%llu kind=%s reason=%s\n",
                    (unsigned long long) receipt.refused [index].seq,
                    receipt.refused [index].kind, receipt.refused [index].reason);
    imi_receipt_cleanup (&receipt);
    free (plain);
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
            //  A reply came through an authenticated connection: when the
            //  poller hands us the reply before the monitor's handshake
            //  event (both ready in one wait, on a loaded machine), the
            //  handshake has still succeeded.
            if (!connected) {
                connected = true;
                printf ("connected\n");
            }
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
//  serve-receipt and serve-entries: the impostor's side

//  What an impostor does with a valid envelope from the target: returns
//  S_EXIT_OK once its one answer is sent, S_EXIT_NO_REPLY to wait for more,
//  S_EXIT_ERROR on errors.
typedef int (s_answer_fn) (s_probe_t *self, zsock_t *router, zframe_t *routing_id,
                           const imi_envelope_view_t *view);

static void
s_print_ignored (const imi_envelope_view_t *view, bool from_target)
{
    printf ("ignored %s from=%s seq=%llu%s\n", imi_message_type_name (view->header.type),
            view->header.from, (unsigned long long) view->header.seq,
            from_target? "": " (not signed by the target)");
}

//  Send envelope back on the connection routing_id came in on. 0 or S_EXIT_ERROR.
static int
s_router_send (zsock_t *router, zframe_t *routing_id, const uint8_t *envelope,
               size_t envelope_size)
{
    void *socket = zsock_resolve (router);
    if (zmq_send (socket, zframe_data (routing_id), zframe_size (routing_id), ZMQ_SNDMORE) < 0
    ||  zmq_send (socket, envelope, envelope_size, 0) < 0)
        return s_fail ("cannot send the answer: %s", zmq_strerror (zmq_errno ()));
    return 0;
}

//  Seal plain as a message of type for the target and send it back on the
//  connection routing_id came in on. 0 or S_EXIT_ERROR.
static int
s_answer (s_probe_t *self, zsock_t *router, zframe_t *routing_id, uint32_t type,
          const uint8_t *plain, size_t plain_size)
{
    uint8_t *envelope = NULL;
    size_t envelope_size = 0;
    int rc = s_seal (self, type, 0, plain, plain_size, &envelope, &envelope_size);
    if (rc == 0)
        rc = s_router_send (router, routing_id, envelope, envelope_size);
    free (envelope);
    return rc;
}

//  serve-receipt: a RECEIPT for the target's first sequenced envelope.
static int
s_answer_receipt (s_probe_t *self, zsock_t *router, zframe_t *routing_id,
                  const imi_envelope_view_t *view)
{
    const imi_header_t *header = &view->header;
    if (!imi_message_type_sequenced (header->type)) {
        s_print_ignored (view, true);
        return S_EXIT_NO_REPLY;
    }
    printf ("received %s from=%s to=%s seq=%llu\n", imi_message_type_name (header->type),
            header->from, header->to, (unsigned long long) header->seq);
    uint8_t hash [IMI_HASH_BYTES];
    imi_envelope_header_hash (view, hash);
    uint8_t *receipt = NULL;
    size_t receipt_size = 0;
    int rc = s_seal_receipt (self, header->seq, hash, 1, &receipt, &receipt_size);
    if (rc == 0)
        rc = s_router_send (router, routing_id, receipt, receipt_size);
    free (receipt);
    if (rc)
        return S_EXIT_ERROR;
    printf ("sent receipt first_seq=%llu last_seq=%llu hash=%s\n",
            (unsigned long long) header->seq, (unsigned long long) header->seq,
            self->options->mutate? "flipped": "matching");
    return S_EXIT_OK;
}

//  A PONG for the target's PING, so that it takes us for alive.
static int
s_answer_ping (s_probe_t *self, zsock_t *router, zframe_t *routing_id,
               const imi_envelope_view_t *view)
{
    uint8_t *plain = NULL, *pong_plain = NULL;
    size_t plain_size, pong_size;
    imi_ping_t ping;
    imi_pong_t pong;
    int rc = S_EXIT_NO_REPLY;
    if (s_open (self, view, &plain, &plain_size) || imi_ping_decode (&ping, plain, plain_size))
        printf ("ignored ping from=%s: %s\n", view->header.from, imi_error_last ());
    else {
        pong.manifest_version = ping.manifest_version;
        memcpy (pong.ping_id, view->header.message_id, IMI_MESSAGE_ID_BYTES);
        if (imi_pong_encode (&pong, &pong_plain, &pong_size))
            rc = s_fail ("pong: %s", imi_error_last ());
        else
        if (s_answer (self, router, routing_id, IMI_TYPE_PONG, pong_plain, pong_size))
            rc = S_EXIT_ERROR;
        else
            self->pings_answered++;
    }
    free (pong_plain);
    free (plain);
    return rc;
}

//  serve-entries: answer PINGs, then the first DIR_FRONTIER with our entries.
static int
s_answer_entries (s_probe_t *self, zsock_t *router, zframe_t *routing_id,
                  const imi_envelope_view_t *view)
{
    const imi_header_t *header = &view->header;
    if (header->type == IMI_TYPE_PING)
        return s_answer_ping (self, router, routing_id, view);
    if (header->type != IMI_TYPE_DIR_FRONTIER) {
        s_print_ignored (view, true);
        return S_EXIT_NO_REPLY;
    }
    uint8_t *plain = NULL;
    size_t plain_size;
    imi_frontier_row_t rows [IMI_DIRECTORY_ORIGINS_MAX];
    size_t count = 0;
    if (s_open (self, view, &plain, &plain_size)
    ||  imi_dir_frontier_decode (rows, &count, plain, plain_size)) {
        printf ("ignored dir_frontier from=%s: %s\n", header->from, imi_error_last ());
        free (plain);
        return S_EXIT_NO_REPLY;
    }
    free (plain);
    printf ("received dir_frontier from=%s to=%s origins=", header->from, header->to);
    for (size_t index = 0; index < count; index++)
        printf ("%s%s:%llu", index? ",": "", rows [index].origin,
                (unsigned long long) rows [index].last_seq);
    printf ("\n");
    if (s_answer (self, router, routing_id, IMI_TYPE_DIR_ENTRIES, self->payload,
                  self->payload_size))
        return S_EXIT_ERROR;
    printf ("sent dir_entries count=%d more=%s\n", self->options->argc,
            self->options->more? "true": "false");
    return S_EXIT_OK;
}

//  Look at one message that came in on the impostor's ROUTER and pass it to
//  answer if the target signed it.
static int
s_serve_one (s_probe_t *self, zsock_t *router, zmsg_t *message, bool *target_seen,
             s_answer_fn *answer)
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
    bool from_target = strcmp (view.header.from, self->target.state) == 0
                    && imi_envelope_verify (&view, self->target.sign_key) == 0;
    if (!from_target) {
        s_print_ignored (&view, false);
        return S_EXIT_NO_REPLY;
    }
    if (!*target_seen) {
        *target_seen = true;
        printf ("connected\n");
    }
    return answer (self, router, routing_id, &view);
}

//  Bind, wait for the target's envelope that answer answers, hold the
//  connection. Returns the exit code.
static int
s_serve (s_probe_t *self, s_answer_fn *answer, const char *awaited)
{
    s_options_t *options = self->options;
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
        rc = s_serve_one (self, router, message, &target_seen, answer);
        zmsg_destroy (&message);
    }
    if (self->pings_answered)
        printf ("answered %zu pings\n", self->pings_answered);
    //  Stay connected while the target reads the answer; answer nothing more.
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
        fprintf (stderr, "imi_probe: no %s from %s within %ld ms\n", awaited,
                 self->target.state, wait_ms);

cleanup:
    zpoller_destroy (&poller);
    zsock_destroy (&router);        //  lingers up to S_LINGER_MS to flush the answer
    zcert_destroy (&certificate);
    return rc;
}

static int
s_serve_receipt (s_probe_t *self)
{
    if (self->options->argc != 0)
        return s_fail ("usage: serve-receipt --listen EP [--mutate hash] [--wait MS] "
                       "[--hold MS]");
    if (s_check_mutate_hash (self, "serve-receipt"))
        return S_EXIT_ERROR;
    return s_serve (self, s_answer_receipt, "sequenced envelope");
}

static int
s_serve_entries (s_probe_t *self)
{
    if (self->options->push)
        return s_fail ("serve-entries answers with DIR_ENTRIES: --push is for send-entries");
    return s_serve (self, s_answer_entries, "dir_frontier");
}

//  Bind a CURVE ROUTER that refuses every client for --wait ms, counting
//  the refusals. Returns the exit code.
static int
s_refuse (s_probe_t *self)
{
    s_options_t *options = self->options;
    if (options->argc != 0)
        return s_fail ("usage: refuse --listen EP [--wait MS]");
    zcert_t *certificate = zcert_new_from (imi_identity_curve_public (self->identity),
                                           imi_identity_curve_secret (self->identity));
    //  zauth takes the (empty) store over: no client key is known, all are refused.
    zcertstore_t *certstore = zcertstore_new (NULL);
    zactor_t *auth = certstore? zactor_new (zauth, certstore): NULL;
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    zsock_t *monitor = NULL;
    int rc = S_EXIT_ERROR;
    if (!certificate || !auth || !router) {
        s_fail ("cannot create the socket or the ZAP handler");
        goto cleanup;
    }
    zsock_set_zap_domain (router, "imi");
    zsock_set_zap_enforce_domain (router, 1);
    zcert_apply (certificate, router);
    zsock_set_curve_server (router, 1);
    zsock_set_linger (router, 0);
    if (zmq_socket_monitor (zsock_resolve (router), S_MONITOR_ENDPOINT,
                            ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
    ||  !(monitor = zsock_new_pair (">" S_MONITOR_ENDPOINT))) {
        s_fail ("cannot monitor the socket: %s", zmq_strerror (zmq_errno ()));
        goto cleanup;
    }
    if (zsock_bind (router, "%s", options->listen) < 0) {
        s_fail ("cannot listen on %s: %s (is a node still bound to it?)", options->listen,
                zmq_strerror (zmq_errno ()));
        goto cleanup;
    }
    printf ("listening\n");
    fflush (stdout);
    size_t refused = 0;
    int64_t deadline = zclock_mono () + (options->wait_ms? options->wait_ms: S_SERVE_WAIT_MS);
    int64_t left;
    while ((left = deadline - zclock_mono ()) > 0) {
        zmq_pollitem_t item = { zsock_resolve (monitor), 0, ZMQ_POLLIN, 0 };
        if (zmq_poll (&item, 1, left) <= 0)
            continue;
        uint32_t value;
        if (s_monitor_event (monitor, &value) == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
            refused++;
    }
    printf ("refused %zu handshakes\n", refused);
    fflush (stdout);
    rc = refused? S_EXIT_OK: S_EXIT_NO_REPLY;

cleanup:
    if (router)
        zmq_socket_monitor (zsock_resolve (router), NULL, 0);
    zsock_destroy (&monitor);
    zsock_destroy (&router);
    zactor_destroy (&auth);
    zcert_destroy (&certificate);
    return rc;
}

//  ---------------------------------------------------------------------------
//  The commands: build a payload (send-*) or not (serve-*), then run.
//  make-entry only builds, offline.

typedef enum {
    S_SENDS,                            //  connects: --endpoint, --identity, --target
    S_SERVES,                           //  binds: --listen, --identity, --target
    S_MAKES                             //  offline: none of those
} s_kind_t;

static const struct {
    const char *name;
    s_kind_t kind;
    int (*build) (s_probe_t *self);     //  NULL: nothing to build
    int (*run) (s_probe_t *self);       //  NULL: nothing to run
    const char *help;
} s_commands [] = {
    { "send-file", S_SENDS, s_send_file, s_exchange,
      "send-file FILE [--mutate header|body|signature|truncate|oversize --size N]" },
    { "send-text", S_SENDS, s_send_text, s_exchange,
      "send-text TEXT [--signer DIR] [--seal-with DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]" },
    { "send-ping", S_SENDS, s_send_ping, s_exchange,
      "send-ping [--manifest-version N] [--signer DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]" },
    { "send-receipt", S_SENDS, s_send_receipt, s_exchange,
      "send-receipt FILE... [--mutate hash] [--signer DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]" },
    { "send-garbage", S_SENDS, s_send_garbage, s_exchange, "send-garbage N: N random bytes" },
    { "send-entries", S_SENDS, s_send_entries, s_exchange,
      "send-entries ENTRY-FILE... [--push] [--signer DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]: a DIR_ENTRIES (a DIR_PUSH with --push) of these entries" },
    { "send-case", S_SENDS, s_send_case, s_exchange,
      "send-case FILE [--part|--alert] [--signer DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]: the file as the body of a CASE_EVENT (a CASE_PART with --part, an "
      "ALERT_EVENT with --alert)" },
    { "send-body", S_SENDS, s_send_body, s_exchange,
      "send-body TYPE FILE [--signer DIR] [--seal-with DIR] [--from XX] [--to XX] [--seq N] "
      "[--skew MS]: the file's bytes, unchecked, as the body of a TYPE (text, case_event...)" },
    { "send-frontier", S_SENDS, s_send_frontier, s_exchange,
      "send-frontier XX:N[:HEAD_HASH]... [--signer DIR] [--from XX] [--to XX]: a DIR_FRONTIER "
      "claiming these seqs" },
    { "serve-receipt", S_SERVES, NULL, s_serve_receipt,
      "serve-receipt --listen EP [--mutate hash] [--wait MS] [--hold MS]: answer the "
      "target's first sequenced envelope with a receipt" },
    { "serve-entries", S_SERVES, s_build_entries, s_serve_entries,
      "serve-entries --listen EP ENTRY-FILE... [--more] [--wait MS] [--hold MS]: answer the "
      "target's DIR_FRONTIER with these entries" },
    { "refuse", S_SERVES, NULL, s_refuse,
      "refuse --listen EP [--wait MS]: refuse every client's handshake for MS, then close" },
    { "make-entry", S_MAKES, s_make_entry, NULL,
      "make-entry --signer DIR --origin XX --seq N [--prev-hash HEX | --prev-file ENTRY] "
      "(--authority-json FILE | --remove ID) --out FILE [--skew MS]: no --identity, "
      "--target, --endpoint or --listen" },
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
    fprintf (stream, "\nexit: 0 sent (and replied, with --wait) or made, 3 nothing came "
                     "back, 1 error\n");
}

static int
s_number (const char *text, const char *name, long minimum, long maximum, long *value)
{
    if (imi_parse_number (text, name, minimum, maximum, value))
        return s_fail ("%s", imi_error_last ());
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
                            .hold_ms = S_SERVE_HOLD_MS, .version = IMI_PROTOCOL_VERSION };
    enum { O_IDENTITY = 256, O_TARGET, O_ENDPOINT, O_LISTEN, O_MUTATE, O_SIZE, O_WAIT,
           O_HANDSHAKE, O_SIGNER, O_SEAL_WITH, O_FROM, O_TO, O_SEQ, O_SKEW, O_MANIFEST_VERSION,
           O_FRAMES, O_HOLD, O_MORE, O_ORIGIN, O_PREV_HASH, O_PREV_FILE, O_AUTHORITY_JSON,
           O_REMOVE, O_OUT, O_PUSH, O_PART, O_ALERT, O_VERSION, O_TIMESTAMP };
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
        { "more", no_argument, NULL, O_MORE },
        { "push", no_argument, NULL, O_PUSH },
        { "part", no_argument, NULL, O_PART },
        { "alert", no_argument, NULL, O_ALERT },
        { "origin", required_argument, NULL, O_ORIGIN },
        { "prev-hash", required_argument, NULL, O_PREV_HASH },
        { "prev-file", required_argument, NULL, O_PREV_FILE },
        { "authority-json", required_argument, NULL, O_AUTHORITY_JSON },
        { "remove", required_argument, NULL, O_REMOVE },
        { "out", required_argument, NULL, O_OUT },
        { "version", required_argument, NULL, O_VERSION },
        { "timestamp", required_argument, NULL, O_TIMESTAMP },
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
            case O_MORE: options.more = true; break;
            case O_PUSH: options.push = true; break;
            case O_PART: options.part = true; break;
            case O_ALERT: options.alert = true; break;
            case O_ORIGIN: options.origin = optarg; break;
            case O_PREV_HASH: options.prev_hash = optarg; break;
            case O_PREV_FILE: options.prev_file = optarg; break;
            case O_AUTHORITY_JSON: options.authority_json = optarg; break;
            case O_REMOVE: options.remove = optarg; break;
            case O_OUT: options.out = optarg; break;
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
            case O_VERSION:
                failed = s_number (optarg, "--version", IMI_PROTOCOL_VERSION_MIN,
                                   IMI_PROTOCOL_VERSION, &options.version);
                break;
            case O_TIMESTAMP: {
                char *end = NULL;
                errno = 0;
                options.timestamp_ms = strtoull (optarg, &end, 10);
                failed = *optarg < '0' || *optarg > '9' || *end || errno || !options.timestamp_ms?
                         s_fail ("--timestamp takes 1 to 18446744073709551615"): 0;
                break;
            }
            default:
                s_usage (stderr);
                return S_EXIT_ERROR;
        }
        if (failed)
            return S_EXIT_ERROR;
    }
    if (optind >= argc) {
        s_usage (stderr);
        return S_EXIT_ERROR;
    }
    if ((options.from && !imi_state_code_valid (options.from))
    ||  (options.to && !imi_state_code_valid (options.to))
    ||  (options.origin && !imi_state_code_valid (options.origin)))
        return s_fail ("--from, --to and --origin take a two-letter upper-case state code");
    const char *command = argv [optind];
    options.argc = argc - optind - 1;
    options.argv = argv + optind + 1;
    size_t found = 0;
    while (found < sizeof s_commands / sizeof s_commands [0]
       &&  strcmp (command, s_commands [found].name) != 0)
        found++;
    if (found == sizeof s_commands / sizeof s_commands [0])
        return s_fail ("unknown command '%s' (imi_probe --help)", command);
    s_kind_t kind = s_commands [found].kind;
    if (kind == S_MAKES) {
        if (options.identity || options.target || options.endpoint || options.listen)
            return s_fail ("%s takes no --identity, --target, --endpoint or --listen", command);
    }
    else {
        if (!options.identity || !options.target) {
            s_usage (stderr);
            return S_EXIT_ERROR;
        }
        bool serves = kind == S_SERVES;
        if (serves? !options.listen || options.endpoint: !options.endpoint || options.listen)
            return s_fail ("%s takes %s, not %s", command, serves? "--listen EP": "--endpoint EP",
                           serves? "--endpoint": "--listen");
    }

    s_probe_t probe = { .options = &options };
    if (kind != S_MAKES) {
        char target_path [4096];
        snprintf (target_path, sizeof target_path, "%s/identity.pub", options.target);
        if (imi_identity_public_load (target_path, &probe.target))
            return s_fail ("--target: %s", imi_error_last ());
        probe.identity = imi_identity_load (options.identity);
        if (!probe.identity)
            return s_fail ("--identity %s: %s", options.identity, imi_error_last ());
    }
    int rc = s_commands [found].build? s_commands [found].build (&probe): 0;
    if (rc == 0 && s_commands [found].run)
        rc = s_commands [found].run (&probe);
    free (probe.payload);
    imi_identity_destroy (&probe.identity);
    return rc;
}
