/*  bench_delivery: how fast one node delivers to another, printed beside
    the ceilings set by the parts a delivery is made of.

    A delivered message is: signed (Ed25519) and sealed (crypto_box) by the
    sender, stored in its outbox in a transaction, sent over ZeroMQ CURVE,
    checked and verified by the recipient, applied and recorded in one
    transaction with its batch (one fsync), and acknowledged by a signed
    receipt that the sender verifies and stores. So the figure that matters
    is measured end to end, between two real imi-node processes on loopback,
    and read against what each part allows on this machine in the same run:
      - Ed25519 sign and verify of 64..200-byte messages, and "one sign and
        one verify" on one core: each message costs the pair, on two
        processes, so on two cores the pair rate is a natural yardstick;
      - crypto_box (afternm) seal of a 512-byte body;
      - libzmq PUSH/PULL of 600-byte messages over tcp://127.0.0.1 between
        two threads, plain and with CURVE;
      - SQLite WAL synchronous=FULL, one row per commit: what one fsync per
        message would allow, and why the node commits in batches.
    End to end: a throw-away federation (governance key, DE and FR
    identities, signed manifest) in a folder under /tmp, two nodes started,
    and for each run `send FR TEXT N` to DE (N messages of ~512-byte bodies
    enqueued in one transaction), then DE's counters polled every 10 ms until
    all N are receipted (and `peers` confirms FR's acked_seq). The figure is
    N / (enqueue + delivery time). Runs continue the link's sequence; the
    median is kept. --log-level is the nodes' (info logs every message
    applied, as a node in service would).
    Memory is VmRSS (now) and VmHWM (peak) from /proc/PID/status.

    This is not a test: it prints figures and checks no timing. It fails
    (exit 1, with the nodes' last log lines) only if the federation cannot
    be built or the messages are not delivered.

    Usage: bench_delivery [--messages N] [--runs R] [--build DIR]
                          [--log-level LEVEL] [--audit-log on|off] [--keep]
    --audit-log off runs the nodes without their audit log, to measure what
    it costs (scripts/bench-audit.sh compares both in one run).
    DIR holds imi-node (default: the parent of this program's folder).
*/
#include "bench_util.h"
#include "imi_config.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_federation.h"
#include "imi_keys.h"
#include "imi_manifest.h"

#include <czmq.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <libgen.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define S_MEASURE_SECONDS   0.3         //  each baseline sample lasts at least this
#define S_TEXT_BYTES        505         //  + " #n" the node appends: a ~512-byte body
#define S_ZMQ_MESSAGE_BYTES 600         //  about one envelope with a 512-byte body
#define S_ZMQ_PLAIN_COUNT   200000
#define S_ZMQ_CURVE_COUNT   100000
#define S_POLL_MS           10          //  how often DE is asked for progress
#define S_CONNECT_SECONDS   15
#define S_RUNS_MAX          25
#define S_PATH_BYTES        1024

//  ---------------------------------------------------------------------------
//  Small helpers

static char s_folder [256];             //  the temporary federation

static int
s_compare_doubles (const void *a, const void *b)
{
    double left = *(const double *) a, right = *(const double *) b;
    return (left > right) - (left < right);
}

//  Median of count values (sorts them in place).
static double
s_median (double *values, size_t count)
{
    qsort (values, count, sizeof values [0], s_compare_doubles);
    return count % 2? values [count / 2]: (values [count / 2 - 1] + values [count / 2]) / 2;
}

//  Rate of work (operations per second), over at least S_MEASURE_SECONDS.
//  work returns 0, or -1 if it failed (then so does this).
typedef int (s_work_fn) (void *context, long iterations);

static double
s_rate (s_work_fn *work, void *context)
{
    long iterations = 16;
    for (;;) {
        double start = bench_now ();
        if (work (context, iterations))
            return -1;
        double elapsed = bench_now () - start;
        if (elapsed >= S_MEASURE_SECONDS)
            return iterations / elapsed;
        iterations = elapsed > 0.02? (long) (iterations * 1.2 * S_MEASURE_SECONDS / elapsed)
                                   : iterations * 8;
    }
}

//  Median over runs of s_rate.
static double
s_median_rate (s_work_fn *work, void *context, int runs)
{
    double rates [S_RUNS_MAX];
    for (int run = 0; run < runs; run++)
        if ((rates [run] = s_rate (work, context)) < 0)
            return -1;
    return s_median (rates, (size_t) runs);
}

//  ---------------------------------------------------------------------------
//  Baselines: libsodium

#define S_SIGN_SAMPLES 64

typedef struct {
    uint8_t public_key [crypto_sign_PUBLICKEYBYTES];
    uint8_t secret_key [crypto_sign_SECRETKEYBYTES];
    uint8_t messages [S_SIGN_SAMPLES][200];
    size_t sizes [S_SIGN_SAMPLES];                      //  64..200 bytes
    uint8_t signatures [S_SIGN_SAMPLES][crypto_sign_BYTES];
    uint8_t shared [crypto_box_BEFORENMBYTES];
    uint8_t nonce [crypto_box_NONCEBYTES];
    uint8_t body [512];
    uint8_t sealed [512 + crypto_box_MACBYTES];
} s_crypto_t;

static void
s_crypto_prepare (s_crypto_t *self)
{
    crypto_sign_keypair (self->public_key, self->secret_key);
    for (size_t index = 0; index < S_SIGN_SAMPLES; index++) {
        self->sizes [index] = 64 + (index * 37) % 137;
        randombytes_buf (self->messages [index], self->sizes [index]);
        crypto_sign_detached (self->signatures [index], NULL, self->messages [index],
                              self->sizes [index], self->secret_key);
    }
    uint8_t box_public [crypto_box_PUBLICKEYBYTES], box_secret [crypto_box_SECRETKEYBYTES];
    crypto_box_keypair (box_public, box_secret);
    if (crypto_box_beforenm (self->shared, box_public, box_secret) != 0)
        randombytes_buf (self->shared, sizeof self->shared);
    randombytes_buf (self->nonce, sizeof self->nonce);
    randombytes_buf (self->body, sizeof self->body);
}

static int
s_work_sign (void *context, long iterations)
{
    s_crypto_t *self = (s_crypto_t *) context;
    uint8_t signature [crypto_sign_BYTES];
    for (long iteration = 0; iteration < iterations; iteration++) {
        size_t index = (size_t) iteration % S_SIGN_SAMPLES;
        crypto_sign_detached (signature, NULL, self->messages [index], self->sizes [index],
                              self->secret_key);
    }
    return 0;
}

static int
s_work_verify (void *context, long iterations)
{
    s_crypto_t *self = (s_crypto_t *) context;
    for (long iteration = 0; iteration < iterations; iteration++) {
        size_t index = (size_t) iteration % S_SIGN_SAMPLES;
        if (crypto_sign_verify_detached (self->signatures [index], self->messages [index],
                                         self->sizes [index], self->public_key) != 0)
            return -1;
    }
    return 0;
}

static int
s_work_sign_verify (void *context, long iterations)
{
    s_crypto_t *self = (s_crypto_t *) context;
    uint8_t signature [crypto_sign_BYTES];
    for (long iteration = 0; iteration < iterations; iteration++) {
        size_t index = (size_t) iteration % S_SIGN_SAMPLES;
        crypto_sign_detached (signature, NULL, self->messages [index], self->sizes [index],
                              self->secret_key);
        if (crypto_sign_verify_detached (signature, self->messages [index],
                                         self->sizes [index], self->public_key) != 0)
            return -1;
    }
    return 0;
}

static int
s_work_seal (void *context, long iterations)
{
    s_crypto_t *self = (s_crypto_t *) context;
    for (long iteration = 0; iteration < iterations; iteration++) {
        sodium_increment (self->nonce, sizeof self->nonce);
        crypto_box_easy_afternm (self->sealed, self->body, sizeof self->body, self->nonce,
                                 self->shared);
    }
    return 0;
}

//  ---------------------------------------------------------------------------
//  Baseline: libzmq over loopback, two threads of one process

typedef struct {
    void *context;
    char endpoint [256];
    bool curve;
    char server_public [41], client_public [41], client_secret [41];
    long count;
    int rc;                         //  the sender's outcome
} s_zmq_link_t;

static void *
s_zmq_sender (void *argument)
{
    s_zmq_link_t *link = (s_zmq_link_t *) argument;
    void *push = zmq_socket (link->context, ZMQ_PUSH);
    int linger = 5000;
    link->rc = -1;
    if (!push)
        return NULL;
    zmq_setsockopt (push, ZMQ_LINGER, &linger, sizeof linger);
    if (link->curve
    &&  (zmq_setsockopt (push, ZMQ_CURVE_SERVERKEY, link->server_public, 40)
    ||   zmq_setsockopt (push, ZMQ_CURVE_PUBLICKEY, link->client_public, 40)
    ||   zmq_setsockopt (push, ZMQ_CURVE_SECRETKEY, link->client_secret, 40))) {
        zmq_close (push);
        return NULL;
    }
    if (zmq_connect (push, link->endpoint) == 0) {
        uint8_t message [S_ZMQ_MESSAGE_BYTES] = { 0 };
        long sent = 0;
        while (sent < link->count && zmq_send (push, message, sizeof message, 0) >= 0)
            sent++;
        link->rc = sent == link->count? 0: -1;
    }
    zmq_close (push);
    return NULL;
}

//  Messages per second from a PUSH thread to a PULL socket. -1 on failure.
static double
s_zmq_rate (bool curve, long count)
{
    s_zmq_link_t link = { .context = zmq_ctx_new (), .curve = curve, .count = count, .rc = -1 };
    void *pull = link.context? zmq_socket (link.context, ZMQ_PULL): NULL;
    double rate = -1;
    if (!pull) {
        if (link.context)
            zmq_ctx_term (link.context);
        return -1;
    }
    int timeout = 10000, linger = 0, server = 1;
    zmq_setsockopt (pull, ZMQ_RCVTIMEO, &timeout, sizeof timeout);
    zmq_setsockopt (pull, ZMQ_LINGER, &linger, sizeof linger);
    char server_secret [41];
    size_t endpoint_size = sizeof link.endpoint;
    bool ready = !curve
              || (zmq_curve_keypair (link.server_public, server_secret) == 0
              &&  zmq_curve_keypair (link.client_public, link.client_secret) == 0
              &&  zmq_setsockopt (pull, ZMQ_CURVE_SERVER, &server, sizeof server) == 0
              &&  zmq_setsockopt (pull, ZMQ_CURVE_SECRETKEY, server_secret, 40) == 0);
    ready = ready && zmq_bind (pull, "tcp://127.0.0.1:*") == 0
         && zmq_getsockopt (pull, ZMQ_LAST_ENDPOINT, link.endpoint, &endpoint_size) == 0;
    pthread_t thread;
    if (ready && pthread_create (&thread, NULL, s_zmq_sender, &link) == 0) {
        uint8_t message [S_ZMQ_MESSAGE_BYTES];
        //  The clock starts at the first message: the handshake is not timed.
        long received = zmq_recv (pull, message, sizeof message, 0) >= 0? 1: 0;
        double start = bench_now ();
        while (received > 0 && received < count
           &&  zmq_recv (pull, message, sizeof message, 0) >= 0)
            received++;
        double elapsed = bench_now () - start;
        pthread_join (thread, NULL);
        if (received == count && link.rc == 0 && elapsed > 0)
            rate = (count - 1) / elapsed;
    }
    zmq_close (pull);
    zmq_ctx_term (link.context);
    return rate;
}

static double
s_zmq_median_rate (bool curve, long count, int runs)
{
    double rates [S_RUNS_MAX];
    for (int run = 0; run < runs; run++)
        if ((rates [run] = s_zmq_rate (curve, count)) < 0)
            return -1;
    return s_median (rates, (size_t) runs);
}

//  ---------------------------------------------------------------------------
//  Baseline: SQLite, one fsync'd commit per row

typedef struct {
    sqlite3 *database;
    sqlite3_stmt *insert;
    uint8_t row [S_ZMQ_MESSAGE_BYTES];
} s_sqlite_t;

static int
s_work_commit (void *context, long iterations)
{
    s_sqlite_t *self = (s_sqlite_t *) context;
    for (long iteration = 0; iteration < iterations; iteration++) {
        sqlite3_bind_blob (self->insert, 1, self->row, sizeof self->row, SQLITE_STATIC);
        int rc = sqlite3_step (self->insert);
        sqlite3_reset (self->insert);
        if (rc != SQLITE_DONE)
            return -1;
    }
    return 0;
}

//  Single-row commits per second in a WAL database in folder. -1 on failure.
static double
s_sqlite_rate (const char *folder, int runs)
{
    char path [S_PATH_BYTES + 32];
    snprintf (path, sizeof path, "%s/sqlite-baseline.db", folder);
    s_sqlite_t self = { NULL, NULL, { 0 } };
    double rate = -1;
    if (sqlite3_open (path, &self.database) == SQLITE_OK
    &&  sqlite3_exec (self.database, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                      "CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL);",
                      NULL, NULL, NULL) == SQLITE_OK
    &&  sqlite3_prepare_v2 (self.database, "INSERT INTO rows (body) VALUES (?1)", -1,
                            &self.insert, NULL) == SQLITE_OK)
        rate = s_median_rate (s_work_commit, &self, runs);
    if (rate < 0)
        bench_fail ("SQLite baseline: %s\n",
                self.database? sqlite3_errmsg (self.database): "cannot open");
    sqlite3_finalize (self.insert);
    sqlite3_close (self.database);
    return rate;
}

//  ---------------------------------------------------------------------------
//  The federation: two node processes and a control client for each

typedef struct {
    const char *state;              //  "DE" or "FR"
    char folder [S_PATH_BYTES];     //  its config, logs and data/
    int port;
    pid_t pid;                      //  0 when not running
    zsock_t *control;               //  DEALER to its control endpoint
} s_node_t;

//  Print title and the last lines of a text file to stderr, if it exists.
static void
s_tail (const char *title, const char *path, int lines)
{
    FILE *file = fopen (path, "r");
    if (!file)
        return;
    static char ring [20][512];
    int count = 0;
    while (fgets (ring [count % 20], sizeof ring [0], file))
        count++;
    fclose (file);
    fprintf (stderr, "---- %s ----\n", title);
    for (int index = count > lines? count - lines: 0; index < count; index++)
        fputs (ring [index % 20], stderr);
}

static void
s_show_logs (s_node_t *nodes, size_t count)
{
    for (size_t index = 0; index < count; index++) {
        char path [S_PATH_BYTES + 32], title [64];
        snprintf (title, sizeof title, "last lines of %s's node.log", nodes [index].state);
        snprintf (path, sizeof path, "%s/node.log", nodes [index].folder);
        s_tail (title, path, 15);
        snprintf (title, sizeof title, "last lines of %s's stderr", nodes [index].state);
        snprintf (path, sizeof path, "%s/stderr.log", nodes [index].folder);
        s_tail (title, path, 10);
    }
}

//  A port on 127.0.0.1 that nothing listens on now (the kernel picks it). 0 on failure.
static int
s_free_port (void)
{
    int handle = socket (AF_INET, SOCK_STREAM, 0);
    if (handle < 0)
        return 0;
    struct sockaddr_in address = { .sin_family = AF_INET,
                                   .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
    socklen_t size = sizeof address;
    int port = 0;
    if (bind (handle, (struct sockaddr *) &address, sizeof address) == 0
    &&  getsockname (handle, (struct sockaddr *) &address, &size) == 0)
        port = ntohs (address.sin_port);
    close (handle);
    return port;
}

//  Governance key, the nodes' folders, configs and identities, and a signed
//  manifest naming both, in s_folder. 0, or -1 after printing why.
static int
s_federation_create (s_node_t *nodes, size_t count, const char *log_level, bool audit_log)
{
    char path [S_PATH_BYTES + 64];
    uint8_t governance_public [IMI_SIGN_PUBLIC_BYTES];
    snprintf (path, sizeof path, "%s/governance.key", s_folder);
    if (imi_governance_key_generate (path, governance_public))
        return bench_fail ("governance key: %s\n", imi_error_last ());
    char governance_hex [2 * IMI_SIGN_PUBLIC_BYTES + 1];
    imi_hex_encode (governance_hex, governance_public, sizeof governance_public);
    imi_manifest_t *manifest = imi_manifest_new ("bench-federation");
    int rc = manifest? 0: -1;
    for (size_t index = 0; rc == 0 && index < count; index++) {
        s_node_t *node = &nodes [index];
        snprintf (node->folder, sizeof node->folder, "%s/%s", s_folder, node->state);
        node->port = s_free_port ();
        if (!node->port || mkdir (node->folder, 0700)) {
            imi_error_set ("cannot make %s or find a free port", node->folder);
            rc = -1;
            break;
        }
        //  Defaults everywhere but the heartbeat (a short one connects sooner)
        //  and the catalogue (the source tree's: no install needed).
        snprintf (path, sizeof path, "%s/node.conf", node->folder);
        FILE *config = fopen (path, "w");
        if (!config) {
            imi_error_set ("cannot write %s: %s", path, strerror (errno));
            rc = -1;
            break;
        }
        fprintf (config, "# node of %s, made by bench_delivery\nstate = %s\ndata_dir = data\n"
                         "listen = tcp://127.0.0.1:%d\nmanifest = ../manifest.imi\n"
                         "log_file = node.log\nlog_level = %s\ngovernance_key = %s\n"
                         "heartbeat_ms = 200\naudit_log = %d\ncatalogue_dir = %s\n",
                 node->state, node->state, node->port, log_level, governance_hex,
                 audit_log? 1: 0, IMI_SOURCE_CATALOGUE_DIR);
        fclose (config);
        snprintf (path, sizeof path, "%s/data", node->folder);
        imi_identity_public_t identity;
        imi_manifest_node_t entry;
        memset (&entry, 0, sizeof entry);
        rc = imi_identity_generate (path, node->state);
        snprintf (path, sizeof path, "%s/data/identity.pub", node->folder);
        if (rc == 0)
            rc = imi_identity_public_load (path, &identity);
        if (rc == 0) {
            memcpy (entry.state, identity.state, sizeof entry.state);
            memcpy (entry.sign_key, identity.sign_key, sizeof entry.sign_key);
            memcpy (entry.curve_key, identity.curve_key, sizeof entry.curve_key);
            snprintf (entry.endpoint, sizeof entry.endpoint, "tcp://127.0.0.1:%d", node->port);
            rc = imi_manifest_add_node (manifest, &entry);
        }
    }
    if (rc == 0) {
        snprintf (path, sizeof path, "%s/governance.key", s_folder);
        uint8_t *secret = imi_governance_key_load (path);
        uint8_t *bytes = NULL;
        size_t size;
        rc = secret? imi_manifest_sign (manifest, secret): -1;
        imi_secret_free (secret);
        if (rc == 0)
            rc = imi_manifest_encode (manifest, &bytes, &size);
        snprintf (path, sizeof path, "%s/manifest.imi", s_folder);
        if (rc == 0)
            rc = imi_file_write_atomic (path, bytes, size, 0644);
        free (bytes);
    }
    imi_manifest_destroy (&manifest);
    if (rc)
        bench_fail ("cannot build the federation: %s\n", imi_error_last ());
    return rc;
}

//  Start node's imi-node and connect a control client. 0, or -1 after printing why.
static int
s_node_start (s_node_t *node, const char *imi_node)
{
    char path [S_PATH_BYTES + 64];
    snprintf (path, sizeof path, "%s/stderr.log", node->folder);
    pid_t pid = fork ();
    if (pid < 0)
        return bench_fail ("fork: %s\n", strerror (errno));
    if (pid == 0) {
        int error_log = open (path, O_WRONLY | O_CREAT | O_APPEND, 0600);
        int null = open ("/dev/null", O_RDWR);
        if (error_log < 0 || null < 0 || chdir (node->folder)
        ||  dup2 (null, 0) < 0 || dup2 (null, 1) < 0 || dup2 (error_log, 2) < 0)
            _exit (126);
        execl (imi_node, "imi-node", "node.conf", (char *) NULL);
        _exit (127);
    }
    node->pid = pid;
    snprintf (path, sizeof path, "%s/data/control.sock", node->folder);
    for (double deadline = bench_now () + 10; access (path, F_OK) != 0; bench_sleep_ms (20)) {
        int status;
        if (waitpid (pid, &status, WNOHANG) == pid) {
            node->pid = 0;
            bench_fail ("%s's imi-node (%s) exited at start (status %d)\n", node->state,
                    imi_node, WIFEXITED (status)? WEXITSTATUS (status): -1);
            return -1;
        }
        if (bench_now () > deadline)
            return bench_fail ("%s's node made no control socket in 10 s\n", node->state);
    }
    node->control = zsock_new_dealer (NULL);
    if (!node->control || zsock_connect (node->control, "ipc://%s", path))
        return bench_fail ("cannot connect to %s\n", path);
    zsock_set_linger (node->control, 0);
    return 0;
}

//  Stop the node with SIGTERM (SIGKILL after 15 s) and reap it.
static void
s_node_stop (s_node_t *node)
{
    zsock_destroy (&node->control);
    if (!node->pid)
        return;
    kill (node->pid, SIGTERM);
    for (double deadline = bench_now () + 15; ; bench_sleep_ms (20)) {
        if (waitpid (node->pid, NULL, WNOHANG) == node->pid)
            break;
        if (bench_now () > deadline) {
            bench_fail ("%s did not stop within 15 s of SIGTERM; killed\n", node->state);
            kill (node->pid, SIGKILL);
            waitpid (node->pid, NULL, 0);
            break;
        }
    }
    node->pid = 0;
}

//  True if the node process is still running.
static bool
s_node_alive (s_node_t *node)
{
    int status;
    if (node->pid && waitpid (node->pid, &status, WNOHANG) == node->pid) {
        bench_fail ("%s's node exited (%s %d)\n", node->state,
                WIFSIGNALED (status)? "signal": "status",
                WIFSIGNALED (status)? WTERMSIG (status): WEXITSTATUS (status));
        node->pid = 0;
    }
    return node->pid != 0;
}

//  Send a control request (argument strings up to NULL) and read the reply
//  lines into lines (autofree, caller destroys). 0 if the node answered ok,
//  -1 after printing why.
static int
s_control (s_node_t *node, int timeout_ms, zlist_t *lines, const char *command, ...)
{
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    va_list args;
    va_start (args, command);
    for (const char *argument; (argument = va_arg (args, const char *)); )
        zmsg_addstr (request, argument);
    va_end (args);
    zsock_set_rcvtimeo (node->control, timeout_ms);
    zmsg_send (&request, node->control);
    zmsg_t *reply = zmsg_recv (node->control);
    if (!reply)
        return bench_fail ("no answer from %s to '%s' within %d ms\n", node->state, command,
                       timeout_ms);
    char *status = zmsg_popstr (reply);
    char *line;
    zlist_autofree (lines);
    zlist_purge (lines);
    while ((line = zmsg_popstr (reply))) {
        zlist_append (lines, line);
        zstr_free (&line);
    }
    zmsg_destroy (&reply);
    int rc = 0;
    if (!status || strcmp (status, "ok") != 0) {
        bench_fail ("%s answered '%s' with an error: %s\n", node->state, command,
                zlist_first (lines)? (char *) zlist_first (lines): "(no reason)");
        rc = -1;
    }
    zstr_free (&status);
    return rc;
}

//  A control command's answer (lines after s_control), which is data: the
//  caller's, or NULL if it is none.
static json_t *
s_answer (zlist_t *lines)
{
    const char *text = zlist_first (lines);
    return text? json_loads (text, 0, NULL): NULL;
}

//  From node's `peers`: whether peer is connected, and its acked_seq. 0 or -1.
static int
s_peer_link (s_node_t *node, const char *peer, bool *connected, unsigned long long *acked)
{
    zlist_t *lines = zlist_new ();
    int rc = s_control (node, 5000, lines, "peers", NULL);
    json_t *peers = rc == 0? s_answer (lines): NULL;
    json_t *link = bench_item (peers, "state", peer);
    if (link) {
        *connected = json_is_true (json_object_get (link, "connected"));
        *acked = (unsigned long long) json_integer_value (json_object_get (link, "acked_seq"));
    }
    json_decref (peers);
    zlist_destroy (&lines);
    if (rc == 0 && !link)
        bench_fail ("%s's `peers` has no readable row for %s\n", node->state, peer);
    return link? 0: -1;
}

//  A counter of node's `counters`, or 0.
static unsigned long long
s_counter (s_node_t *node, const char *name)
{
    zlist_t *lines = zlist_new ();
    json_t *counters = s_control (node, 5000, lines, "counters", NULL) == 0? s_answer (lines)
                                                                          : NULL;
    unsigned long long value = (unsigned long long) json_integer_value (
        json_object_get (bench_item (counters, "counter", name), "value"));
    json_decref (counters);
    zlist_destroy (&lines);
    return value;
}

static int
s_remove_entry (const char *path, const struct stat *status, int flag, struct FTW *walk)
{
    (void) status; (void) flag; (void) walk;
    return remove (path);
}

//  ---------------------------------------------------------------------------
//  The end-to-end measurement

typedef struct {
    long messages;                  //  per run
    int runs;
    char build [S_PATH_BYTES];      //  where imi-node is
    const char *log_level;
    bool audit_log;                 //  --audit-log on|off: the nodes' audit log
    bool keep;                      //  leave the folder for a look afterwards
} s_options_t;

typedef struct {
    double enqueue_s, delivery_s, rate;
    unsigned long long retransmits, duplicates;
} s_run_t;

//  One run: queue messages on DE for FR, wait until all are receipted.
//  Progress is read from DE's in-memory "delivered" counter rather than
//  from `peers`, whose outbox backlog query scans the link's whole outbox
//  history: polled every 10 ms it took a third of DE's time once the outbox
//  held 100k rows. `peers` is asked once at the end, untimed, to confirm
//  that acked_seq reached the last seq queued.
static int
s_run_once (s_node_t *de, s_node_t *fr, const char *text, long messages, s_run_t *run)
{
    char count [32];
    snprintf (count, sizeof count, "%ld", messages);
    zlist_t *lines = zlist_new ();
    unsigned long long retransmits = s_counter (de, "retransmits");
    unsigned long long duplicates = s_counter (fr, "duplicates");
    unsigned long long delivered = s_counter (de, "delivered");
    unsigned long long goal = delivered + (unsigned long long) messages;
    double start = bench_now ();
    int rc = s_control (de, 600000, lines, "send", "FR", text, count, NULL);
    json_t *sent = rc == 0? s_answer (lines): NULL;
    unsigned long long target = (unsigned long long) json_integer_value (
        json_object_get (sent, "last_seq"));
    json_decref (sent);
    zlist_destroy (&lines);
    double queued = bench_now ();
    if (rc || target == 0)
        return bench_fail ("DE did not queue the messages\n");
    double deadline = queued + 60 + messages / 500.0;
    while (delivered < goal) {
        if (bench_now () > deadline)
            return bench_fail ("FR receipted %llu of %ld within %.0f s\n",
                           delivered + messages - goal, messages, deadline - queued);
        if (!s_node_alive (de) || !s_node_alive (fr))
            return -1;
        bench_sleep_ms (S_POLL_MS);
        lines = zlist_new ();
        rc = s_control (de, 5000, lines, "counters", NULL);
        json_t *counters = rc == 0? s_answer (lines): NULL;
        delivered = (unsigned long long) json_integer_value (
            json_object_get (bench_item (counters, "counter", "delivered"), "value"));
        json_decref (counters);
        zlist_destroy (&lines);
        if (rc)
            return -1;
    }
    double done = bench_now ();
    unsigned long long acked;
    bool connected;
    if (s_peer_link (de, "FR", &connected, &acked))
        return -1;
    if (acked < target)
        return bench_fail ("DE counted %ld delivered, but FR's acked_seq is %llu, not %llu\n",
                       messages, acked, target);
    run->enqueue_s = queued - start;
    run->delivery_s = done - queued;
    run->rate = messages / (done - start);
    run->retransmits = s_counter (de, "retransmits") - retransmits;
    run->duplicates = s_counter (fr, "duplicates") - duplicates;
    return 0;
}

//  Build the federation, start the nodes, measure. Fills the figures; 0 or -1.
static int
s_end_to_end (s_options_t *options, s_node_t *nodes, s_run_t *runs, double memory [2][4])
{
    char imi_node [S_PATH_BYTES + 16];
    snprintf (imi_node, sizeof imi_node, "%s/imi-node", options->build);
    if (access (imi_node, X_OK) != 0)
        return bench_fail ("no imi-node in %s (build it, or give --build DIR)\n", options->build);
    if (s_federation_create (nodes, 2, options->log_level, options->audit_log)
    ||  s_node_start (&nodes [0], imi_node) || s_node_start (&nodes [1], imi_node))
        return -1;
    printf ("  nodes     DE pid %d, FR pid %d, in %s; audit log %s\n", (int) nodes [0].pid,
            (int) nodes [1].pid, s_folder, options->audit_log? "on": "off");
    fflush (stdout);
    bool connected = false;
    unsigned long long acked;
    for (double deadline = bench_now () + S_CONNECT_SECONDS; !connected; bench_sleep_ms (50)) {
        if (bench_now () > deadline)
            return bench_fail ("DE did not see FR connected within %d s\n", S_CONNECT_SECONDS);
        if (!s_node_alive (&nodes [0]) || !s_node_alive (&nodes [1])
        ||  s_peer_link (&nodes [0], "FR", &connected, &acked))
            return -1;
    }
    bench_sleep_ms (1000);          //  let start-up settle before reading idle memory
    for (int index = 0; index < 2; index++)
        bench_memory (nodes [index].pid, &memory [index][0], &memory [index][1]);

    char text [S_TEXT_BYTES + 1];
    static const char sentence [] = "Request for information under the IMI Regulation. ";
    for (size_t index = 0; index < S_TEXT_BYTES; index++)
        text [index] = sentence [index % (sizeof sentence - 1)];
    text [S_TEXT_BYTES] = 0;
    for (int run = 0; run < options->runs; run++) {
        if (s_run_once (&nodes [0], &nodes [1], text, options->messages, &runs [run]))
            return -1;
        char rate [32];
        printf ("  run %-5d %ld messages: enqueue %.2f s, delivery %.2f s, %s /s "
                "(retransmits %llu, duplicates %llu)\n", run + 1, options->messages,
                runs [run].enqueue_s, runs [run].delivery_s,
                bench_grouped (rate, sizeof rate, runs [run].rate), runs [run].retransmits,
                runs [run].duplicates);
        fflush (stdout);
    }
    for (int index = 0; index < 2; index++)
        bench_memory (nodes [index].pid, &memory [index][2], &memory [index][3]);
    return 0;
}

//  ---------------------------------------------------------------------------

static int
s_number (const char *text, const char *name, long minimum, long maximum, long *value)
{
    if (imi_parse_number (text, name, minimum, maximum, value)) {
        bench_fail ("%s\n", imi_error_last ());
        return -1;
    }
    return 0;
}

//  Options into options. 0, 1 for --help, -1 on a usage error.
static int
s_parse (int argc, char *argv [], s_options_t *options)
{
    static const struct option long_options [] = {
        { "messages", required_argument, NULL, 'n' },
        { "runs", required_argument, NULL, 'r' },
        { "build", required_argument, NULL, 'b' },
        { "log-level", required_argument, NULL, 'l' },
        { "audit-log", required_argument, NULL, 'a' },
        { "keep", no_argument, NULL, 'k' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    //  Default build folder: the parent of this program's folder (build/tests/..).
    char self [S_PATH_BYTES];
    ssize_t length = readlink ("/proc/self/exe", self, sizeof self - 1);
    if (length > 0)
        self [length] = 0;
    else
        snprintf (self, sizeof self, "%s", argv [0]);
    snprintf (options->build, sizeof options->build, "%s", dirname (dirname (self)));
    int option;
    long value;
    while ((option = getopt_long (argc, argv, "h", long_options, NULL)) != -1) {
        switch (option) {
            case 'n':
                if (s_number (optarg, "--messages", 1, 1000000, &value))
                    return -1;
                options->messages = value;
                break;
            case 'r':
                if (s_number (optarg, "--runs", 1, S_RUNS_MAX, &value))
                    return -1;
                options->runs = (int) value;
                break;
            case 'b': snprintf (options->build, sizeof options->build, "%s", optarg); break;
            case 'l': options->log_level = optarg; break;
            case 'a':
                if (strcmp (optarg, "on") && strcmp (optarg, "off"))
                    return bench_fail ("--audit-log is on or off\n");
                options->audit_log = strcmp (optarg, "on") == 0;
                break;
            case 'k': options->keep = true; break;
            case 'h': return 1;
            default: return -1;
        }
    }
    return optind == argc? 0: -1;
}

int
main (int argc, char *argv [])
{
    s_options_t options = { .messages = 20000, .runs = 3, .log_level = "info",
                            .audit_log = true };
    int parsed = s_parse (argc, argv, &options);
    if (parsed) {
        fprintf (parsed > 0? stdout: stderr, "usage: bench_delivery [--messages N (20000)] "
                 "[--runs R (3)] [--build DIR] [--log-level LEVEL (info)] [--audit-log on|off (on)] "
                 "[--keep]\n");
        return parsed > 0? 0: 2;
    }
    if (imi_crypto_init ())
        return -bench_fail ("%s\n", imi_error_last ());
    zsys_init ();
    zsys_set_logstream (NULL);
    snprintf (s_folder, sizeof s_folder, "/tmp/imi-bench.XXXXXX");
    if (!mkdtemp (s_folder))
        return -bench_fail ("mkdtemp: %s\n", strerror (errno));

    double load [3] = { 0 };
    getloadavg (load, 3);
    printf ("bench_delivery: %ld online cores, load average %.2f; median of %d; "
            "build %s\n\n", sysconf (_SC_NPROCESSORS_ONLN), load [0], options.runs,
            options.build);
    fflush (stdout);

    s_crypto_t crypto;
    s_crypto_prepare (&crypto);
    double sign = s_median_rate (s_work_sign, &crypto, options.runs);
    bench_row ("baseline", "ed25519 sign, 64..200 B (1 core)", sign, NULL);
    double verify = s_median_rate (s_work_verify, &crypto, options.runs);
    bench_row ("baseline", "ed25519 verify, 64..200 B (1 core)", verify, NULL);
    double pair = s_median_rate (s_work_sign_verify, &crypto, options.runs);
    bench_row ("baseline", "ed25519 one sign + one verify (1 core)", pair, NULL);
    bench_row ("baseline", "crypto_box afternm seal, 512 B", s_median_rate (s_work_seal, &crypto,
                                                                       options.runs), NULL);
    bench_row ("baseline", "libzmq PUSH/PULL tcp loopback, 600 B",
           s_zmq_median_rate (false, S_ZMQ_PLAIN_COUNT, options.runs), "(2 threads)");
    bench_row ("baseline", "  same with CURVE",
           s_zmq_median_rate (true, S_ZMQ_CURVE_COUNT, options.runs), "(2 threads)");
    bench_row ("baseline", "sqlite WAL FULL, 1 row per commit", s_sqlite_rate (s_folder,
                                                                          options.runs),
           "(one fsync per message)");
    printf ("\n");

    s_node_t nodes [2] = { { .state = "DE" }, { .state = "FR" } };
    s_run_t runs [S_RUNS_MAX];
    double memory [2][4];           //  per node: idle RSS, idle peak, final RSS, final peak
    int rc = s_end_to_end (&options, nodes, runs, memory);
    if (rc == 0) {
        double rates [S_RUNS_MAX], enqueue [S_RUNS_MAX], delivery [S_RUNS_MAX];
        for (int run = 0; run < options.runs; run++) {
            rates [run] = runs [run].rate;
            enqueue [run] = options.messages / runs [run].enqueue_s;
            delivery [run] = options.messages / runs [run].delivery_s;
        }
        double rate = s_median (rates, (size_t) options.runs);
        char note [256], target [32];
        bench_row ("node", "enqueue (sign + seal + store)", s_median (enqueue, (size_t) options.runs),
               "(DE, one transaction)");
        bench_row ("node", "send to receipted (after enqueue)",
               s_median (delivery, (size_t) options.runs), NULL);
        snprintf (note, sizeof note, "(target 5,000/s: %s; %.0f%% of sign+verify, target 35%%: "
                  "%s)", rate >= 5000? "met": "NOT met", pair > 0? 100 * rate / pair: 0,
                  pair > 0 && rate >= 0.35 * pair? "met": "NOT met");
        bench_row ("node", "delivered end to end", rate, note);
        bench_row ("node", "  for scale: X-Road, per server pair", 110, "(reported)");
        printf ("  all runs  ");
        for (int run = 0; run < options.runs; run++)
            printf ("%s%s", run? ", ": "", bench_grouped (target, sizeof target, runs [run].rate));
        printf (" /s\n");
        for (int index = 0; index < 2; index++)
            printf ("  memory    %s idle %.1f MiB (peak %.1f); after the runs %.1f MiB, "
                    "peak %.1f MiB   (targets: idle < 30 MB, load < 100 MB)\n", nodes [index].state,
                    memory [index][0], memory [index][1], memory [index][2], memory [index][3]);
    }
    else
        s_show_logs (nodes, 2);
    for (int index = 0; index < 2; index++)
        s_node_stop (&nodes [index]);
    if (options.keep)
        printf ("kept %s\n", s_folder);
    else
        nftw (s_folder, s_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (rc)
        bench_fail ("FAILED (see above)\n");
    return rc? 1: 0;
}
