/*  bench_http: a load generator for the node's HTTP API (docs/http.md).

    N keep-alive connections to http_listen on 127.0.0.1, one request at a
    time on each (HTTP/1.1, no pipelining). Two ways to send:
    - a closed loop (the default): each connection sends its next request
      as soon as the answer is in, so the rate is what the node serves, not
      what we offer. The way to find the node's greatest rate; but its mean
      latency is N over that rate whatever the node does (Little's law).
    - an open loop (--rate R): R requests per second offered in all, spread
      evenly over the N connections: each has its own schedule, a request
      every N / R seconds from a random phase (so that they do not fire
      together). A connection whose answer has not come by its next send
      time sends as soon as the answer is in, and every latency is counted
      from the request's scheduled time, not from when it could be sent
      (wrk2's correction for "coordinated omission"): a node that falls
      behind shows it in the figures, instead of slowing the clients down.
      The way to read a latency goal that is set at a rate.
    Each request is of a kind drawn from a weighted table given on the
    command line; a kind is a name, a weight, a method, a path and, for the
    methods that change something, an optional JSON body. "{id}" in a path
    or body is replaced by an id drawn from --ids FILE (e.g. the cases
    seeded before the run), so that a "show" kind does not ask for one
    thing only. Every request carries the session cookie
    (imi_session=TOKEN); a POST also carries the session's X-CSRF-Token
    and, with a body, Content-Type: application/json.

    One thread, plain POSIX sockets and epoll (the open loop's schedule on
    a timerfd): the client must not take the 2-core machine from the node
    it measures (one thread at 500 connections uses far less CPU than the
    node's answers); it prints its own CPU time per request
    (getrusage) so that a reader can see what it took. Answers are parsed
    as far as the figures need: the status line, Content-Length,
    Connection: close. Chunked answers are refused (the node always sends a
    length; a run that meets one stops with that error); an answer with
    neither is read to the connection's end.

    The run: every connection opens at once, then WARMUP seconds whose
    answers are not counted (connections, caches, the node's first
    allocations), then DURATION seconds measured: an answer counts if it
    arrives within them, with its latency from the request's first byte
    written (closed loop) or from its scheduled time (open loop) to the
    answer's last byte read. Latencies are kept as samples (microseconds)
    and sorted at the end, so the percentiles are exact. Printed per kind
    and for all reads (GET) and all requests: requests, requests/s, p50,
    p99, p99.9, the longest, and the answers not 2xx (with their status
    codes); connections the node closed before an answer are counted
    apart, and reopened. The open loop also prints the rate offered, the
    rate achieved, and the requests that were due but not answered when
    the window closed (in no figure of the table).

    Not a test: it prints figures and checks no timing. It fails (exit 1)
    only if the node cannot be reached or speaks something this program
    does not read; bad arguments are exit 2 with the reason.

    Usage: bench_http --port PORT --kind "NAME WEIGHT METHOD PATH [BODY]"...
                      [--connections N (100)] [--duration S (10)]
                      [--warmup S (2)] [--ids FILE] [--rate R]
    The session comes from the environment (IMI_HTTP_SESSION: the token of
    the imi_session cookie; IMI_HTTP_CSRF: its CSRF token, for POST kinds),
    to keep them out of `ps`, as bench_cases does.
    Example: --kind "search 3 GET /api/v1/search?q=amt"
             --kind "message 1 POST /api/v1/cases/{id}/message {\"text\":\"hi\"}"
*/
#include "bench_util.h"
#include "imi_config.h"
#include "imi_error.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define S_KINDS_MAX         16
#define S_NAME_MAX          32          //  a kind's name, for the table
#define S_REQUEST_MAX       8192        //  one request, headers and body
#define S_HEAD_MAX          16384       //  an answer's status line and headers
#define S_IDS_MAX           100000
#define S_ID_MAX            128
#define S_STATUSES_MAX      8           //  distinct non-2xx codes kept per kind
#define S_CONNECTIONS_MAX   20000
#define S_EVENTS            256         //  epoll events per wait
#define S_FAILURES_MAX      100000      //  closed before an answer: beyond this, give up

//  ---------------------------------------------------------------------------
//  Small helpers

//  A pseudo-random number (xorshift64*): the same mix in every run.
static uint64_t
s_random (uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 2685821657736338717ULL;
}

//  ---------------------------------------------------------------------------
//  Kinds of request, and what was measured of each

typedef struct {
    int code;
    long count;
} s_status_t;

typedef struct {
    char name [S_NAME_MAX + 1];
    long weight;
    char method [8];
    char *path;                     //  may hold {id}; points into the argument
    char *body;                     //  NULL: none; may hold {id}
    bool read;                      //  GET: counted with the reads
    //  In the measured window:
    uint32_t *samples;              //  latencies of the answers, microseconds
    size_t count, capacity;
    long not_ok;                    //  answers not 2xx
    s_status_t statuses [S_STATUSES_MAX];
    long failed;                    //  connections closed before an answer
} s_kind_t;

//  Add one answer's latency and status to kind. 0, or -1 if out of memory.
static int
s_record (s_kind_t *kind, double seconds, int status)
{
    if (kind->count == kind->capacity) {
        size_t capacity = kind->capacity? kind->capacity * 2: 4096;
        uint32_t *samples = realloc (kind->samples, capacity * sizeof *samples);
        if (!samples)
            return bench_fail ("out of memory for %zu samples\n", capacity);
        kind->samples = samples;
        kind->capacity = capacity;
    }
    double microseconds = seconds * 1e6;
    kind->samples [kind->count++] = microseconds > UINT32_MAX? UINT32_MAX
                                                             : (uint32_t) microseconds;
    if (status < 200 || status > 299) {
        kind->not_ok++;
        s_status_t *slot = kind->statuses;
        while (slot < kind->statuses + S_STATUSES_MAX && slot->code && slot->code != status)
            slot++;
        if (slot < kind->statuses + S_STATUSES_MAX) {
            slot->code = status;
            slot->count++;
        }
    }
    return 0;
}

//  "NAME WEIGHT METHOD PATH [BODY]" (BODY: the rest, spaces and all) into
//  kind; text is kept and cut. 0, or -1 after printing why.
static int
s_parse_kind (char *text, s_kind_t *kind)
{
    static const char *methods [] = { "GET", "POST", "PUT", "PATCH", "DELETE" };
    char *fields [4], *rest = text, whole [128];
    snprintf (whole, sizeof whole, "%s", text);     //  for the message: text is cut
    for (int index = 0; index < 4; index++) {
        while (*rest == ' ')
            rest++;
        fields [index] = rest;
        while (*rest && *rest != ' ')
            rest++;
        if (rest == fields [index])
            return bench_fail ("--kind '%s': want \"NAME WEIGHT METHOD PATH [BODY]\"\n", whole);
        if (*rest)
            *rest++ = 0;
    }
    while (*rest == ' ')
        rest++;
    if (strlen (fields [0]) > S_NAME_MAX)
        return bench_fail ("--kind: the name '%s' is longer than %d characters\n", fields [0],
                       S_NAME_MAX);
    snprintf (kind->name, sizeof kind->name, "%s", fields [0]);
    if (imi_parse_number (fields [1], "a kind's weight", 1, 1000, &kind->weight))
        return bench_fail ("--kind %s: %s\n", kind->name, imi_error_last ());
    bool known = false;
    for (size_t index = 0; index < sizeof methods / sizeof methods [0]; index++)
        known |= strcmp (fields [2], methods [index]) == 0;
    if (!known)
        return bench_fail ("--kind %s: the method '%s' is not GET, POST, PUT, PATCH or DELETE\n",
                       kind->name, fields [2]);
    snprintf (kind->method, sizeof kind->method, "%s", fields [2]);
    kind->read = strcmp (kind->method, "GET") == 0;
    kind->path = fields [3];
    if (kind->path [0] != '/')
        return bench_fail ("--kind %s: the path '%s' does not start with /\n", kind->name,
                       kind->path);
    for (const char *next = kind->path; *next; next++)
        if (!isgraph ((unsigned char) *next))
            return bench_fail ("--kind %s: the path holds a character that is not printable "
                           "ASCII (encode it: %%xx)\n", kind->name);
    kind->body = *rest? rest: NULL;
    if (kind->body && kind->read)
        return bench_fail ("--kind %s: a GET has no body\n", kind->name);
    for (const char *next = kind->body; next && *next; next++)
        if (*next == '\r' || *next == '\n')
            return bench_fail ("--kind %s: the body holds a line break\n", kind->name);
    return 0;
}

//  ---------------------------------------------------------------------------
//  The run

//  S_IDLE: open loop only, waiting for the next scheduled time.
typedef enum { S_CONNECTING, S_IDLE, S_WRITING, S_READING } s_phase_t;

typedef struct {
    int fd;                         //  -1 when closed
    s_phase_t phase;
    s_kind_t *kind;                 //  of the request under way
    double started;                 //  when its first byte was written, or
                                    //  (open loop) when it was scheduled
    double scheduled;               //  open loop: when the next request is due
    char request [S_REQUEST_MAX];
    size_t request_length, written;
    char head [S_HEAD_MAX];         //  the answer's status line and headers, as read
    size_t head_length;
    int status;                     //  0 until the head is in
    long long remaining;            //  body bytes still to read; -1: until the end
    bool closing;                   //  the node said Connection: close
    bool queued;                    //  open loop: in the schedule (bench->due)
} s_connection_t;

//  An entry of the open loop's schedule: connection is idle until at.
typedef struct {
    double at;
    s_connection_t *connection;
} s_due_t;

typedef struct {
    struct sockaddr_in address;
    int port;
    long connections;               //  N
    long duration_s, warmup_s;
    const char *session, *csrf;     //  from the environment; may be NULL
    s_kind_t kinds [S_KINDS_MAX];
    int kind_count;
    long weight_total;
    char (*ids) [S_ID_MAX + 1];     //  from --ids FILE
    long id_count;
    uint64_t random;
    int epoll;
    s_connection_t *pool;           //  N connections
    double measure_from, measure_to;
    long opened;                    //  connections opened, first ones included
    long failures;                  //  closed before an answer, in all
    bool uses_ids;                  //  a kind's path or body holds {id}
    long answers;                   //  in all, warm-up included
    //  The open loop (rate 0: a closed loop):
    long rate;                      //  requests per second offered, in all
    double interval;                //  between one connection's requests: N / rate
    int timer;                      //  timerfd, armed for the schedule's first entry
    double armed;                   //  when it is armed for; 0: not armed
    s_due_t *due;                   //  the idle connections, a min-heap on at
    long due_count;
    long late;                      //  due but not answered when the window closed
} s_bench_t;

//  template into out with each {id} replaced by id. Its length, or -1 if
//  it does not fit.
static long
s_expand (char *out, size_t size, const char *template, const char *id)
{
    size_t used = 0;
    for (const char *next = template; *next; ) {
        const char *piece = next;
        size_t length = 1;
        if (strncmp (next, "{id}", 4) == 0) {
            piece = id;
            length = strlen (id);
            next += 4;
        }
        else
            next++;
        if (used + length >= size)
            return -1;
        memcpy (out + used, piece, length);
        used += length;
    }
    out [used] = 0;
    return (long) used;
}

//  Draw the next request's kind and build the request into connection.
//  0, or -1 if it does not fit S_REQUEST_MAX.
static int
s_build (s_bench_t *bench, s_connection_t *connection)
{
    long draw = (long) (s_random (&bench->random) % (uint64_t) bench->weight_total);
    s_kind_t *kind = bench->kinds;
    while (draw >= kind->weight)
        draw -= kind++->weight;
    const char *id = bench->id_count
                   ? bench->ids [s_random (&bench->random) % (uint64_t) bench->id_count]: "";
    char path [2048], body [4096];
    long body_length = 0;
    if (s_expand (path, sizeof path, kind->path, id) < 0
    ||  (kind->body && (body_length = s_expand (body, sizeof body, kind->body, id)) < 0))
        return bench_fail ("kind %s: the path or the body is too long\n", kind->name);
    int length = snprintf (connection->request, S_REQUEST_MAX,
                           "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%s%s%s", kind->method,
                           path, bench->port, bench->session? "Cookie: imi_session=": "",
                           bench->session? bench->session: "", bench->session? "\r\n": "");
    if (!kind->read && length > 0 && length < S_REQUEST_MAX)
        length += snprintf (connection->request + length, S_REQUEST_MAX - (size_t) length,
                            "%s%s%s%sContent-Length: %ld\r\n",
                            bench->csrf? "X-CSRF-Token: ": "", bench->csrf? bench->csrf: "",
                            bench->csrf? "\r\n": "",
                            kind->body? "Content-Type: application/json\r\n": "",
                            body_length);
    if (length > 0 && length < S_REQUEST_MAX)
        length += snprintf (connection->request + length, S_REQUEST_MAX - (size_t) length,
                            "\r\n%s", kind->body? body: "");
    if (length <= 0 || length >= S_REQUEST_MAX)
        return bench_fail ("kind %s: the request is longer than %d bytes\n", kind->name,
                       S_REQUEST_MAX);
    connection->kind = kind;
    connection->request_length = (size_t) length;
    connection->written = 0;
    connection->head_length = 0;
    connection->status = 0;
    connection->remaining = 0;
    connection->closing = false;
    return 0;
}

//  Watch connection's socket for events (EPOLLOUT while connecting or
//  writing, EPOLLIN while reading or idle). 0 or -1.
static int
s_watch (s_bench_t *bench, s_connection_t *connection, int operation)
{
    struct epoll_event event = {
        .events = connection->phase == S_READING || connection->phase == S_IDLE? EPOLLIN
                                                                                : EPOLLOUT,
        .data.ptr = connection
    };
    if (epoll_ctl (bench->epoll, operation, connection->fd, &event))
        return bench_fail ("epoll_ctl: %s\n", strerror (errno));
    return 0;
}

//  Open connection (again). 0, or -1 after printing why.
static int
s_open (s_bench_t *bench, s_connection_t *connection)
{
    connection->fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (connection->fd < 0)
        return bench_fail ("socket: %s\n", strerror (errno));
    int one = 1;
    setsockopt (connection->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect (connection->fd, (struct sockaddr *) &bench->address, sizeof bench->address)
    &&  errno != EINPROGRESS)
        return bench_fail ("cannot connect to 127.0.0.1:%d: %s\n", bench->port, strerror (errno));
    connection->phase = S_CONNECTING;
    bench->opened++;
    return s_watch (bench, connection, EPOLL_CTL_ADD);
}

//  Close connection and open it again; a request under way counts as
//  failed. 0 or -1.
static int
s_reopen (s_bench_t *bench, s_connection_t *connection, bool request_lost)
{
    close (connection->fd);
    connection->fd = -1;
    if (request_lost) {
        double now = bench_now ();
        if (connection->kind && now >= bench->measure_from && now <= bench->measure_to)
            connection->kind->failed++;
        if (++bench->failures > S_FAILURES_MAX)
            return bench_fail ("the node closed %d connections before answering: giving up\n",
                           S_FAILURES_MAX);
    }
    return s_open (bench, connection);
}

//  Write what is left of connection's request; once it is all out, wait
//  for the answer. 0 or -1.
static int
s_write (s_bench_t *bench, s_connection_t *connection)
{
    while (connection->written < connection->request_length) {
        ssize_t sent = send (connection->fd, connection->request + connection->written,
                             connection->request_length - connection->written, MSG_NOSIGNAL);
        if (sent < 0 && errno == EAGAIN)
            return 0;                       //  EPOLLOUT tells when to go on
        if (sent < 0)
            return s_reopen (bench, connection, true);
        connection->written += (size_t) sent;
    }
    connection->phase = S_READING;
    return s_watch (bench, connection, EPOLL_CTL_MOD);
}

//  Start the next request on connection; in the open loop its latency
//  counts from when it was due, and the one after is due an interval
//  later, whenever this one is answered. 0 or -1.
static int
s_start (s_bench_t *bench, s_connection_t *connection)
{
    if (s_build (bench, connection))
        return -1;
    connection->phase = S_WRITING;
    if (bench->rate) {
        connection->started = connection->scheduled;
        connection->scheduled += bench->interval;
    }
    else
        connection->started = bench_now ();
    if (s_watch (bench, connection, EPOLL_CTL_MOD))
        return -1;
    return s_write (bench, connection);
}

//  ---------------------------------------------------------------------------
//  The open loop's schedule: the idle connections in a min-heap on the
//  time their next request is due, the timerfd armed for the first. A
//  connection is in it once at most (queued); an entry can outlive its
//  reason (a connection reopened while idle may have started since), so
//  an entry that comes due only hands its connection to s_next again.

//  Add connection, due at at, to the schedule.
static void
s_due_push (s_bench_t *bench, s_connection_t *connection, double at)
{
    long index = bench->due_count++;
    while (index > 0 && bench->due [(index - 1) / 2].at > at) {
        bench->due [index] = bench->due [(index - 1) / 2];
        index = (index - 1) / 2;
    }
    bench->due [index] = (s_due_t) { at, connection };
    connection->queued = true;
}

//  Take the schedule's first entry out; its connection.
static s_connection_t *
s_due_pop (s_bench_t *bench)
{
    s_due_t first = bench->due [0], last = bench->due [--bench->due_count];
    long index = 0, child;
    while ((child = 2 * index + 1) < bench->due_count) {
        if (child + 1 < bench->due_count && bench->due [child + 1].at < bench->due [child].at)
            child++;
        if (bench->due [child].at >= last.at)
            break;
        bench->due [index] = bench->due [child];
        index = child;
    }
    bench->due [index] = last;
    first.connection->queued = false;
    return first.connection;
}

//  Arm the timer for the schedule's first entry, unless it is already. 0
//  or -1.
static int
s_arm (s_bench_t *bench)
{
    if (!bench->due_count || bench->due [0].at == bench->armed)
        return 0;
    double at = bench->due [0].at;
    time_t seconds = (time_t) at;
    struct itimerspec when = {
        .it_value = { .tv_sec = seconds, .tv_nsec = (long) ((at - (double) seconds) * 1e9) }
    };
    if (timerfd_settime (bench->timer, TFD_TIMER_ABSTIME, &when, NULL))
        return bench_fail ("timerfd_settime: %s\n", strerror (errno));
    bench->armed = at;
    return 0;
}

//  What connection does once it is connected or answered: its next request
//  now (a closed loop, or its time has come), or nothing until then. 0 or
//  -1.
static int
s_next (s_bench_t *bench, s_connection_t *connection)
{
    if (!bench->rate || connection->scheduled <= bench_now ())
        return s_start (bench, connection);
    if (!connection->queued)
        s_due_push (bench, connection, connection->scheduled);
    if (connection->phase == S_IDLE)
        return 0;
    connection->phase = S_IDLE;
    return s_watch (bench, connection, EPOLL_CTL_MOD);
}

//  The timer fired: every idle connection whose time has come sends. 0 or
//  -1.
static int
s_tick (s_bench_t *bench)
{
    uint64_t expirations;
    if (read (bench->timer, &expirations, sizeof expirations) < 0 && errno != EAGAIN)
        return bench_fail ("read from the timerfd: %s\n", strerror (errno));
    bench->armed = 0;
    double now = bench_now ();
    int rc = 0;
    while (rc == 0 && bench->due_count && bench->due [0].at <= now) {
        s_connection_t *connection = s_due_pop (bench);
        if (connection->phase == S_IDLE)
            rc = s_next (bench, connection);
    }
    return rc;
}

//  An idle connection (open loop) is readable: the node closed it, and it
//  is opened again (no request was under way), or the node sent what was
//  not asked for. 0 or -1.
static int
s_idle (s_bench_t *bench, s_connection_t *connection)
{
    char byte;
    ssize_t got = recv (connection->fd, &byte, 1, 0);
    if (got < 0 && errno == EAGAIN)
        return 0;
    if (got > 0)
        return bench_fail ("127.0.0.1:%d sent bytes with no request under way\n", bench->port);
    return s_reopen (bench, connection, false);
}

//  The answer on connection is complete: count it if it ended within the
//  measured window, then the next request (on a new connection if the node
//  closes this one). 0 or -1.
static int
s_answered (s_bench_t *bench, s_connection_t *connection)
{
    double now = bench_now ();
    bench->answers++;
    if (now >= bench->measure_from && now <= bench->measure_to
    &&  s_record (connection->kind, now - connection->started, connection->status))
        return -1;
    if (connection->closing) {
        close (connection->fd);
        connection->fd = -1;
        return s_open (bench, connection);
    }
    return s_next (bench, connection);
}

//  Whether header line (up to end) is NAME: and its value into value.
static bool
s_header (const char *line, const char *end, const char *name, const char **value)
{
    size_t length = strlen (name);
    if ((size_t) (end - line) <= length || strncasecmp (line, name, length) != 0
    ||  line [length] != ':')
        return false;
    *value = line + length + 1;
    while (*value < end && (**value == ' ' || **value == '\t'))
        (*value)++;
    return true;
}

//  Parse connection's head (complete, its blank line at head_end): the
//  status, the body's length, whether the node closes. 0, or -1 after
//  printing why (this program does not read such an answer).
static int
s_parse_head (s_bench_t *bench, s_connection_t *connection, const char *head_end)
{
    const char *head = connection->head;
    if (strncmp (head, "HTTP/1.", 7) != 0 || !isdigit ((unsigned char) head [7])
    ||  head [8] != ' ' || !isdigit ((unsigned char) head [9])
    ||  !isdigit ((unsigned char) head [10]) || !isdigit ((unsigned char) head [11]))
        return bench_fail ("not an HTTP/1.x status line from 127.0.0.1:%d: '%.40s'\n",
                       bench->port, head);
    connection->status = (head [9] - '0') * 100 + (head [10] - '0') * 10 + head [11] - '0';
    connection->closing = head [7] == '0';  //  HTTP/1.0: closes unless told otherwise
    long long length = -1;
    for (const char *line = strstr (head, "\r\n") + 2; line < head_end; ) {
        const char *end = strstr (line, "\r\n"), *value;
        if (s_header (line, end, "Content-Length", &value)) {
            char *after;
            errno = 0;
            length = strtoll (value, &after, 10);
            if (errno || length < 0 || after == value || (after != end && *after != ' '))
                return bench_fail ("a Content-Length that is not a length: '%.*s'\n",
                               (int) (end - line), line);
        }
        else
        if (s_header (line, end, "Transfer-Encoding", &value))
            return bench_fail ("the answer to %s is chunked (Transfer-Encoding: %.*s): this "
                           "program reads answers with a Content-Length only\n",
                           connection->kind->name, (int) (end - value), value);
        else
        if (s_header (line, end, "Connection", &value))
            connection->closing = strncasecmp (value, "close", 5) == 0;
        line = end + 2;
    }
    bool no_body = connection->status / 100 == 1 || connection->status == 204
                || connection->status == 304;
    connection->remaining = no_body? 0: length;
    if (connection->remaining < 0)
        connection->closing = true;         //  read to the end
    return 0;
}

//  Read what connection has; on a complete answer, go on. 0 or -1.
static int
s_read (s_bench_t *bench, s_connection_t *connection)
{
    char scratch [65536];
    for (;;) {
        char *into = connection->status? scratch: connection->head + connection->head_length;
        size_t room = connection->status? sizeof scratch
                                        : S_HEAD_MAX - 1 - connection->head_length;
        if (room == 0)
            return bench_fail ("an answer's headers are longer than %d bytes\n", S_HEAD_MAX);
        ssize_t got = recv (connection->fd, into, room, 0);
        if (got < 0 && errno == EAGAIN)
            return 0;
        if (got == 0 && connection->status && connection->remaining < 0)
            return s_answered (bench, connection);     //  read to the end: it ended
        if (got <= 0)
            return s_reopen (bench, connection, true);
        size_t body = (size_t) got;
        if (!connection->status) {
            connection->head_length += (size_t) got;
            connection->head [connection->head_length] = 0;
            char *head_end = strstr (connection->head, "\r\n\r\n");
            if (!head_end)
                continue;
            if (s_parse_head (bench, connection, head_end + 2))
                return -1;
            body = connection->head_length - (size_t) (head_end + 4 - connection->head);
        }
        if (connection->remaining < 0)
            continue;
        if ((long long) body > connection->remaining)
            return bench_fail ("127.0.0.1:%d sent more than the answer's Content-Length\n",
                           bench->port);
        connection->remaining -= (long long) body;
        if (connection->remaining == 0)
            return s_answered (bench, connection);
    }
}

//  connection's connect has finished: its first request (now, or when it
//  is due). A connection refused ends the run: the node is not there (or
//  no longer); one over the node's limit is accepted and closed, and
//  counted as lost.
static int
s_connected (s_bench_t *bench, s_connection_t *connection)
{
    int error = 0;
    socklen_t length = sizeof error;
    getsockopt (connection->fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error)
        return bench_fail ("cannot connect to 127.0.0.1:%d: %s\n", bench->port, strerror (error));
    return s_next (bench, connection);
}

//  One connection's event. 0 or -1.
static int
s_event (s_bench_t *bench, s_connection_t *connection, uint32_t events)
{
    if (connection->phase == S_CONNECTING)
        return s_connected (bench, connection);
    if (connection->phase == S_IDLE)
        return s_idle (bench, connection);
    if (connection->phase == S_WRITING)
        return (events & (EPOLLERR | EPOLLHUP)) && !(events & EPOLLOUT)
             ? s_reopen (bench, connection, true): s_write (bench, connection);
    return s_read (bench, connection);
}

//  Open loop: the requests due by the window's end that were not answered
//  in it (under way, or not sent yet: the node is behind) into bench.
static void
s_count_late (s_bench_t *bench)
{
    for (long index = 0; index < bench->connections; index++) {
        s_connection_t *connection = &bench->pool [index];
        if (connection->phase == S_WRITING || connection->phase == S_READING)
            bench->late++;
        if (connection->scheduled <= bench->measure_to)
            bench->late += 1 + (long) ((bench->measure_to - connection->scheduled)
                                       / bench->interval);
    }
}

//  Open every connection (in the open loop, each with its first request
//  due at a random time within one interval), then serve their events
//  (the timer's: data.ptr NULL) until the end of the measured window. 0
//  or -1.
static int
s_run (s_bench_t *bench)
{
    bench->epoll = epoll_create1 (EPOLL_CLOEXEC);
    bench->pool = calloc ((size_t) bench->connections, sizeof *bench->pool);
    bool open_loop = bench->rate > 0;
    bench->due = open_loop? calloc ((size_t) bench->connections, sizeof *bench->due): NULL;
    bench->timer = open_loop? timerfd_create (CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC): -1;
    struct epoll_event tick = { .events = EPOLLIN, .data.ptr = NULL };
    if (bench->epoll < 0 || !bench->pool
    ||  (open_loop && (!bench->due || bench->timer < 0
                       || epoll_ctl (bench->epoll, EPOLL_CTL_ADD, bench->timer, &tick))))
        return bench_fail ("cannot set up: %s\n", strerror (errno));
    double start = bench_now ();
    bench->measure_from = start + bench->warmup_s;
    bench->measure_to = bench->measure_from + bench->duration_s;
    for (long index = 0; index < bench->connections; index++) {
        bench->pool [index].fd = -1;
        if (open_loop)
            bench->pool [index].scheduled = start + bench->interval
                                          * (double) (s_random (&bench->random) % 1000000) / 1e6;
    }
    int rc = 0;
    for (long index = 0; rc == 0 && index < bench->connections; index++)
        rc = s_open (bench, &bench->pool [index]);
    struct epoll_event events [S_EVENTS];
    while (rc == 0) {
        double left = bench->measure_to - bench_now ();
        if (left <= 0)
            break;
        if (open_loop && (rc = s_arm (bench)))
            break;
        int ready = epoll_wait (bench->epoll, events, S_EVENTS, (int) (left * 1000) + 1);
        if (ready < 0 && errno != EINTR)
            rc = bench_fail ("epoll_wait: %s\n", strerror (errno));
        for (int index = 0; rc == 0 && index < ready; index++)
            rc = events [index].data.ptr
               ? s_event (bench, events [index].data.ptr, events [index].events)
               : s_tick (bench);
    }
    if (open_loop)
        s_count_late (bench);
    for (long index = 0; index < bench->connections; index++)
        if (bench->pool [index].fd >= 0)
            close (bench->pool [index].fd);
    if (bench->timer >= 0)
        close (bench->timer);
    close (bench->epoll);
    free (bench->due);
    free (bench->pool);
    return rc;
}

//  ---------------------------------------------------------------------------
//  The report

static int
s_compare (const void *left, const void *right)
{
    uint32_t a = *(const uint32_t *) left, b = *(const uint32_t *) right;
    return (a > b) - (a < b);
}

//  The p-quantile (nearest rank) of sorted samples, in milliseconds.
static double
s_quantile (const uint32_t *samples, size_t count, double p)
{
    if (count == 0)
        return 0;
    size_t rank = (size_t) (p * (double) count + 0.999999);
    return samples [rank? rank - 1: 0] / 1000.0;
}

//  One row: name, share of the mix, method, then the figures of samples
//  (sorted here). Fields are separated by spaces, "-" where none applies,
//  so that scripts can read a row with awk.
static void
s_row (s_bench_t *bench, const char *name, const char *share, const char *method,
       uint32_t *samples, size_t count, long not_ok, long failed)
{
    qsort (samples, count, sizeof *samples, s_compare);
    char requests [32], rate [32];
    printf ("  %-14s %6s %-6s %10s %9s %8.2f %8.2f %8.2f %8.2f %7ld %6ld\n", name, share, method,
            bench_grouped (requests, sizeof requests, (double) count),
            bench_grouped (rate, sizeof rate, (double) count / (double) bench->duration_s),
            s_quantile (samples, count, 0.50), s_quantile (samples, count, 0.99),
            s_quantile (samples, count, 0.999), s_quantile (samples, count, 1.0), not_ok,
            failed);
}

//  The figures of every kind, of the reads and of all. 0, or -1 if out of
//  memory.
static int
s_report (s_bench_t *bench)
{
    size_t total = 0, reads = 0;
    for (int index = 0; index < bench->kind_count; index++) {
        total += bench->kinds [index].count;
        reads += bench->kinds [index].read? bench->kinds [index].count: 0;
    }
    uint32_t *all = malloc ((total + 1) * sizeof *all);
    uint32_t *read = malloc ((reads + 1) * sizeof *read);
    if (!all || !read) {
        free (all);
        free (read);
        return bench_fail ("out of memory for the report\n");
    }
    printf ("  %-14s %6s %-6s %10s %9s %8s %8s %8s %8s %7s %6s\n", "kind", "share", "method",
            "requests", "per s", "p50 ms", "p99 ms", "p999 ms", "max ms", "not2xx", "lost");
    size_t all_count = 0, read_count = 0;
    long not_ok = 0, failed = 0, read_not_ok = 0, read_failed = 0;
    for (int index = 0; index < bench->kind_count; index++) {
        s_kind_t *kind = &bench->kinds [index];
        memcpy (all + all_count, kind->samples, kind->count * sizeof *all);
        all_count += kind->count;
        not_ok += kind->not_ok;
        failed += kind->failed;
        if (kind->read) {
            memcpy (read + read_count, kind->samples, kind->count * sizeof *read);
            read_count += kind->count;
            read_not_ok += kind->not_ok;
            read_failed += kind->failed;
        }
        char share [16];
        snprintf (share, sizeof share, "%.0f%%", 100.0 * kind->weight / bench->weight_total);
        s_row (bench, kind->name, share, kind->method, kind->samples, kind->count,
               kind->not_ok, kind->failed);
    }
    s_row (bench, "reads", "-", "GET", read, read_count, read_not_ok, read_failed);
    s_row (bench, "all", "-", "-", all, all_count, not_ok, failed);
    free (all);
    free (read);
    for (int index = 0; index < bench->kind_count; index++) {
        s_kind_t *kind = &bench->kinds [index];
        if (!kind->not_ok)
            continue;
        printf ("  not 2xx   %s:", kind->name);
        for (int slot = 0; slot < S_STATUSES_MAX && kind->statuses [slot].code; slot++)
            printf (" %d x %ld", kind->statuses [slot].code, kind->statuses [slot].count);
        printf ("\n");
    }
    printf ("  connections opened %ld (%ld at the start); closed by the node before an "
            "answer (\"lost\", in all) %ld\n", bench->opened, bench->connections,
            bench->failures);
    char offered [32], achieved [32], late [32];
    if (bench->rate)
        printf ("  open loop: offered %s requests/s (one every %.1f ms on each connection), "
                "achieved %s/s; due and not answered when the window closed %s\n",
                bench_grouped (offered, sizeof offered, (double) bench->rate),
                1000 * bench->interval,
                bench_grouped (achieved, sizeof achieved,
                               (double) all_count / (double) bench->duration_s),
                bench_grouped (late, sizeof late, (double) bench->late));
    struct rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    double cpu = (double) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
               + (double) (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    printf ("  bench_http's own CPU (user + system, warm-up included) %.2f s: %.3f ms per "
            "answer, %.0f %% of one core\n", cpu,
            bench->answers? 1000 * cpu / (double) bench->answers: 0,
            100 * cpu / (double) (bench->warmup_s + bench->duration_s));
    return 0;
}

//  ---------------------------------------------------------------------------

//  The ids of FILE (one a line, blank lines skipped) into bench. 0 or -1.
static int
s_load_ids (s_bench_t *bench, const char *path)
{
    FILE *file = fopen (path, "r");
    if (!file)
        return bench_fail ("cannot read --ids %s: %s\n", path, strerror (errno));
    bench->ids = calloc (S_IDS_MAX, sizeof *bench->ids);
    char line [S_ID_MAX + 2];
    int rc = bench->ids? 0: bench_fail ("out of memory for the ids\n");
    while (rc == 0 && fgets (line, sizeof line, file)) {
        size_t length = strcspn (line, "\r\n");
        if (length == 0)
            continue;
        if (line [length] == 0 && !feof (file))
            rc = bench_fail ("--ids %s: a line is longer than %d characters\n", path, S_ID_MAX);
        else
        if (bench->id_count == S_IDS_MAX)
            rc = bench_fail ("--ids %s: more than %d ids\n", path, S_IDS_MAX);
        else {
            line [length] = 0;
            for (const char *next = line; rc == 0 && *next; next++)
                if (!isgraph ((unsigned char) *next) || *next == '"' || *next == '\\')
                    rc = bench_fail ("--ids %s: the id '%s' holds a space, a quote or a "
                                 "character that is not printable ASCII\n", path, line);
            if (rc == 0)
                memcpy (bench->ids [bench->id_count++], line, length + 1);
        }
    }
    fclose (file);
    if (rc == 0 && bench->id_count == 0)
        rc = bench_fail ("--ids %s holds no id\n", path);
    return rc;
}

//  Options into bench. 0, 1 for --help, -1 on a usage error (after
//  printing why, for an option's value).
static int
s_parse (int argc, char *argv [], s_bench_t *bench)
{
    static const struct option long_options [] = {
        { "port", required_argument, NULL, 'p' },
        { "connections", required_argument, NULL, 'c' },
        { "duration", required_argument, NULL, 'd' },
        { "warmup", required_argument, NULL, 'w' },
        { "kind", required_argument, NULL, 'k' },
        { "ids", required_argument, NULL, 'i' },
        { "rate", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *ids_path = NULL;
    int option;
    long value;
    while ((option = getopt_long (argc, argv, "h", long_options, NULL)) != -1) {
        switch (option) {
            case 'p':
                if (imi_parse_number (optarg, "--port", 1, 65535, &value))
                    return bench_fail ("%s\n", imi_error_last ());
                bench->port = (int) value;
                break;
            case 'c':
                if (imi_parse_number (optarg, "--connections", 1, S_CONNECTIONS_MAX,
                                      &bench->connections))
                    return bench_fail ("%s\n", imi_error_last ());
                break;
            case 'd':
                if (imi_parse_number (optarg, "--duration", 1, 3600, &bench->duration_s))
                    return bench_fail ("%s\n", imi_error_last ());
                break;
            case 'w':
                if (imi_parse_number (optarg, "--warmup", 0, 600, &bench->warmup_s))
                    return bench_fail ("%s\n", imi_error_last ());
                break;
            case 'k':
                if (bench->kind_count == S_KINDS_MAX)
                    return bench_fail ("more than %d kinds\n", S_KINDS_MAX);
                if (s_parse_kind (optarg, &bench->kinds [bench->kind_count]))
                    return -1;
                for (int index = 0; index < bench->kind_count; index++)
                    if (strcmp (bench->kinds [index].name,
                                bench->kinds [bench->kind_count].name) == 0)
                        return bench_fail ("two kinds are named '%s'\n", bench->kinds [index].name);
                bench->weight_total += bench->kinds [bench->kind_count++].weight;
                break;
            case 'i': ids_path = optarg; break;
            case 'r':
                if (imi_parse_number (optarg, "--rate", 1, 10000000, &bench->rate))
                    return bench_fail ("%s\n", imi_error_last ());
                break;
            case 'h': return 1;
            default: return -1;
        }
    }
    if (optind != argc)
        return bench_fail ("unexpected argument '%s'\n", argv [optind]);
    if (!bench->port)
        return bench_fail ("--port is needed (the node's http_listen on 127.0.0.1)\n");
    if (!bench->kind_count)
        return bench_fail ("give at least one --kind\n");
    bench->interval = bench->rate? (double) bench->connections / (double) bench->rate: 0;
    for (int index = 0; index < bench->kind_count; index++)
        bench->uses_ids |= strstr (bench->kinds [index].path, "{id}")
                        || (bench->kinds [index].body && strstr (bench->kinds [index].body,
                                                                 "{id}"));
    if (bench->uses_ids && !ids_path)
        return bench_fail ("a kind holds {id}: give --ids FILE\n");
    if (ids_path && s_load_ids (bench, ids_path))
        return -1;
    bench->session = getenv ("IMI_HTTP_SESSION");
    bench->csrf = getenv ("IMI_HTTP_CSRF");
    for (const char *next = bench->session; next && *next; next++)
        if (!isalnum ((unsigned char) *next))
            return bench_fail ("IMI_HTTP_SESSION is not a session token\n");
    for (const char *next = bench->csrf; next && *next; next++)
        if (!isxdigit ((unsigned char) *next))
            return bench_fail ("IMI_HTTP_CSRF is not a CSRF token\n");
    return 0;
}

//  Room for N connections besides stdio: raise the soft limit on open
//  files up to the hard one. 0, or -1 after printing why.
static int
s_files (long connections)
{
    struct rlimit limit;
    if (getrlimit (RLIMIT_NOFILE, &limit))
        return bench_fail ("getrlimit: %s\n", strerror (errno));
    rlim_t needed = (rlim_t) connections + 16;
    if (limit.rlim_cur < needed) {
        limit.rlim_cur = limit.rlim_max < needed? limit.rlim_max: needed;
        setrlimit (RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur < needed)
        return bench_fail ("%ld connections need %lu open files; the limit is %lu (ulimit -n)\n",
                       connections, (unsigned long) needed, (unsigned long) limit.rlim_cur);
    return 0;
}

int
main (int argc, char *argv [])
{
    s_bench_t bench = { .connections = 100, .duration_s = 10, .warmup_s = 2,
                        .random = 0x9E3779B97F4A7C15ULL };
    int parsed = s_parse (argc, argv, &bench);
    if (parsed) {
        fprintf (parsed > 0? stdout: stderr, "usage: [IMI_HTTP_SESSION=TOKEN] "
                 "[IMI_HTTP_CSRF=TOKEN] bench_http --port PORT --kind \"NAME WEIGHT METHOD "
                 "PATH [BODY]\"... [--connections N (100)] [--duration S (10)] "
                 "[--warmup S (2)] [--ids FILE] [--rate R (none: a closed loop)]\n");
        free (bench.ids);
        return parsed > 0? 0: 2;
    }
    bench.address.sin_family = AF_INET;
    bench.address.sin_port = htons ((uint16_t) bench.port);
    bench.address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    if (s_files (bench.connections)) {
        free (bench.ids);
        return 1;
    }
    double load [3] = { 0 };
    getloadavg (load, 3);
    char rate [64];
    if (bench.rate)
        snprintf (rate, sizeof rate, "an open loop at %ld requests/s", bench.rate);
    printf ("bench_http: %ld online cores, load average %.2f; %ld keep-alive connections "
            "to 127.0.0.1:%d, %s; %ld s warm-up, %ld s measured\n",
            sysconf (_SC_NPROCESSORS_ONLN), load [0], bench.connections, bench.port,
            bench.rate? rate: "a closed loop", bench.warmup_s, bench.duration_s);
    fflush (stdout);
    int rc = s_run (&bench);
    if (rc == 0)
        rc = s_report (&bench);
    for (int index = 0; index < bench.kind_count; index++)
        free (bench.kinds [index].samples);
    free (bench.ids);
    if (rc)
        bench_fail ("FAILED (see above)\n");
    return rc? 1: 0;
}
