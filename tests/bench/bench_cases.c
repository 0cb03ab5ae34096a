/*  bench_cases: case transitions per second, end to end between two nodes,
    printed beside raw durable delivery between the same nodes in the same run.

    scripts/bench-cases.sh builds the federation (DE and FR with the demo
    authorities, a handler at DE:aek-berlin and one at FR:cnom, logged in)
    and runs this program against the two running nodes. It speaks to each
    node's control socket with a DEALER, as imictl does, but pipelines its
    requests (up to S_WINDOW outstanding) so that neither a process start
    per command nor a round trip per command is measured: what is timed is
    the nodes' work.

    Every phase acts on N cases at one node and ends when the OTHER node
    has applied all N events: its `applied` counter (sequenced messages
    applied exactly once, rejections not counted) is polled every
    S_POLL_MS ms and must grow by exactly N. Nothing else travels between
    the two nodes meanwhile, so the count is exact.
      a. send     N `case-new ... send yes` at DE (pq-information-request
                  to FR:cnom, question pq.registered, subject
                  pq.family-name=Test, reply by today + 20 days); FR applies
                  N requests. The subject field stays at DE until acceptance.
      b. accept   N `case-accept` at FR (reply by today + 20 days); DE
                  applies N acceptances. Each acceptance makes DE send the
                  request's personal data (a disclose event): timed apart,
                  from the start of the phase until FR has applied N.
      c. answer   N `case-answer` (pq.registered=yes) at FR; DE applies N.
      d. close    N `case-close` (timely yes, effort yes) at DE; FR applies N.
    A phase's rate is N / (first request sent .. last event applied at the
    other node); the total is 4 N over the sum of the four phases (the wait
    for the disclosures between b and c is left out of it, and printed).
    At the end neither node may hold a case in any state but closed, and
    each holds N closed (counted with `case-list total yes`).

    Baseline: the operator's test messages, `send FR TEXT N` at DE (N
    messages of ~512 bytes, one transaction), timed until FR has applied N:
    signed, sealed, stored, sent, verified, applied and receipted, as a case
    event is, without the case logic. Measured before and after the case
    phases (the databases grow in between); the ratios use their mean.
    Memory: VmRSS and VmHWM of both nodes before and after.

    Not a test: it prints figures and checks no timing. It fails (exit 1)
    only if a request is refused or an event does not arrive.

    Usage: bench_cases --de ENDPOINT --fr ENDPOINT [--de-pid PID]
                       [--fr-pid PID] [--cases N (2000)] [--to AUTHORITY]
    The session tokens of the two users come from the environment
    (IMI_DE_SESSION, IMI_FR_SESSION), to keep them out of `ps`.
*/
#include "bench_util.h"
#include "imi_config.h"
#include "imi_error.h"

#include <czmq.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define S_WINDOW            256         //  requests in flight on one socket
#define S_POLL_MS           10          //  how often the other node is asked for progress
#define S_REPLY_MS          60000       //  longest wait for one reply
#define S_TEXT_BYTES        505         //  + " #n" the node appends: a ~512-byte body
#define S_REPLY_DAYS        20
#define S_ID_BYTES          40

//  ---------------------------------------------------------------------------
//  Small helpers

//  ---------------------------------------------------------------------------
//  The nodes and their control sockets

typedef struct {
    const char *state;              //  "DE" or "FR"
    const char *endpoint;           //  its control endpoint
    const char *token;              //  the session of its user
    pid_t pid;                      //  for memory figures; 0 if not given
    zsock_t *control;               //  DEALER to endpoint
} s_node_t;

//  The member name of the JSON object text as a string into value (size
//  bytes), or as a decimal number if it is one; -1 if there is none.
static int
s_member (const char *text, const char *name, char *value, size_t size)
{
    json_t *document = json_loads (text, 0, NULL);
    json_t *member = json_object_get (document, name);
    int rc = json_is_string (member) || json_is_integer (member)? 0: -1;
    if (json_is_string (member))
        snprintf (value, size, "%s", json_string_value (member));
    else
    if (json_is_integer (member))
        snprintf (value, size, "%" JSON_INTEGER_FORMAT, json_integer_value (member));
    json_decref (document);
    return rc;
}

//  The reply's status; its lines into lines (autofree, purged first).
//  0 if "ok", -1 otherwise (the first line is the reason).
static int
s_reply (zmsg_t **reply_p, zlist_t *lines)
{
    zmsg_t *reply = *reply_p;
    char *status = zmsg_popstr (reply);
    zlist_autofree (lines);
    zlist_purge (lines);
    char *line;
    while ((line = zmsg_popstr (reply))) {
        zlist_append (lines, line);
        zstr_free (&line);
    }
    int rc = status && strcmp (status, "ok") == 0? 0: -1;
    zstr_free (&status);
    zmsg_destroy (reply_p);
    return rc;
}

//  One request (argument strings up to NULL), its reply lines into lines.
//  0 if the node answered ok, -1 after printing why.
static int
s_control (s_node_t *node, zlist_t *lines, const char *command, ...)
{
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    va_list args;
    va_start (args, command);
    for (const char *argument; (argument = va_arg (args, const char *)); )
        zmsg_addstr (request, argument);
    va_end (args);
    zmsg_send (&request, node->control);
    zmsg_t *reply = zmsg_recv (node->control);
    if (!reply)
        return bench_fail ("no answer from %s to '%s' within %d ms\n", node->state, command,
                       S_REPLY_MS);
    if (s_reply (&reply, lines))
        return bench_fail ("%s answered '%s' with an error: %s\n", node->state, command,
                       zlist_first (lines)? (char *) zlist_first (lines): "(no reason)");
    return 0;
}

//  node's counters ({items: [{counter, value, meaning}]}, the operator's
//  `counters`): the caller's, or NULL after printing why.
static json_t *
s_counters (s_node_t *node)
{
    zlist_t *lines = zlist_new ();
    json_t *counters = s_control (node, lines, "counters", NULL) == 0 && zlist_first (lines)
                     ? json_loads ((const char *) zlist_first (lines), 0, NULL): NULL;
    zlist_destroy (&lines);
    return counters;
}

//  A counter of node. 0 or -1.
static int
s_counter (s_node_t *node, const char *name, unsigned long long *value)
{
    json_t *counters = s_counters (node);
    json_t *counter = bench_item (counters, "counter", name);
    if (counter)
        *value = (unsigned long long) json_integer_value (json_object_get (counter, "value"));
    json_decref (counters);
    if (!counter)
        return bench_fail ("%s has no counter '%s'\n", node->state, name);
    return 0;
}

//  Sum of node's rejected_* counters (events refused are not applied).
static unsigned long long
s_rejected (s_node_t *node)
{
    json_t *counters = s_counters (node);
    unsigned long long total = 0;
    size_t index;
    json_t *counter;
    json_array_foreach (json_object_get (counters, "items"), index, counter) {
        const char *name = json_string_value (json_object_get (counter, "counter"));
        if (name && strncmp (name, "rejected_", 9) == 0)
            total += (unsigned long long) json_integer_value (json_object_get (counter, "value"));
    }
    json_decref (counters);
    return total;
}

//  Poll node until its `applied` counter reaches goal; *done_at is when it
//  was seen. 0, or -1 after printing why (a timeout says what arrived).
static int
s_wait_applied (s_node_t *node, unsigned long long goal, long expected, double *done_at)
{
    double deadline = bench_now () + 60 + expected / 100.0;
    unsigned long long applied = 0;
    unsigned long long rejected = s_rejected (node);
    for (;;) {
        if (s_counter (node, "applied", &applied))
            return -1;
        if (applied >= goal)
            break;
        if (bench_now () > deadline)
            return bench_fail ("%s applied %llu too few of %ld events in %.0f s "
                           "(rejections meanwhile: %llu; see its node.log)\n", node->state,
                           goal - applied, expected, 60 + expected / 100.0,
                           s_rejected (node) - rejected);
        bench_sleep_ms (S_POLL_MS);
    }
    *done_at = bench_now ();
    if (applied > goal)
        printf ("  note      %s applied %llu more messages than this phase sent it: "
                "something else travelled meanwhile\n", node->state, applied - goal);
    return 0;
}

//  ---------------------------------------------------------------------------
//  Pipelined requests

typedef struct {
    s_node_t de, fr;
    long cases;                     //  N
    const char *to;                 //  the responding authority
    char reply_date [16];           //  today + S_REPLY_DAYS, UTC
    char (*ids) [S_ID_BYTES];       //  the case ids, from DE's replies to case-new
} s_bench_t;

//  The request for case index of a phase (without the routing: the DEALER
//  adds none).
typedef zmsg_t *(s_build_fn) (s_bench_t *bench, s_node_t *node, long index);

static zmsg_t *
s_user_request (s_node_t *node, const char *command, const char *case_id)
{
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    zmsg_addstr (request, node->token);
    if (case_id)
        zmsg_addstr (request, case_id);
    return request;
}

static void
s_option (zmsg_t *request, const char *name, const char *value)
{
    zmsg_addstr (request, name);
    zmsg_addstr (request, value);
}

static zmsg_t *
s_build_new (s_bench_t *bench, s_node_t *node, long index)
{
    (void) index;
    zmsg_t *request = s_user_request (node, "case-new", NULL);
    s_option (request, "procedure", "pq-information-request");
    s_option (request, "to", bench->to);
    s_option (request, "reply-by", bench->reply_date);
    s_option (request, "question", "pq.registered");
    s_option (request, "subject", "pq.family-name=Test");
    s_option (request, "send", "yes");
    return request;
}

static zmsg_t *
s_build_accept (s_bench_t *bench, s_node_t *node, long index)
{
    zmsg_t *request = s_user_request (node, "case-accept", bench->ids [index]);
    s_option (request, "reply-by", bench->reply_date);
    return request;
}

static zmsg_t *
s_build_answer (s_bench_t *bench, s_node_t *node, long index)
{
    zmsg_t *request = s_user_request (node, "case-answer", bench->ids [index]);
    s_option (request, "answer", "pq.registered=yes");
    return request;
}

static zmsg_t *
s_build_close (s_bench_t *bench, s_node_t *node, long index)
{
    zmsg_t *request = s_user_request (node, "case-close", bench->ids [index]);
    s_option (request, "timely", "yes");
    s_option (request, "effort", "yes");
    return request;
}

//  Send bench->cases requests made by build to node, at most S_WINDOW
//  unanswered at a time (the node's ROUTER drops replies beyond its
//  high-water mark, so the window keeps every reply). The node answers one
//  client in order, so reply k is for request k; the case id of each ok
//  reply (the case's row, as JSON) goes into ids if ids is not NULL. 0, or
//  -1 after printing the first refusal.
static int
s_pipeline (s_bench_t *bench, s_node_t *node, s_build_fn *build, char (*ids) [S_ID_BYTES])
{
    long sent = 0, received = 0, refused = 0;
    char first_refusal [256] = "";
    zlist_t *lines = zlist_new ();
    while (received < bench->cases) {
        if (sent < bench->cases && sent - received < S_WINDOW) {
            zmsg_t *request = build (bench, node, sent++);
            if (zmsg_send (&request, node->control)) {
                zmsg_destroy (&request);
                zlist_destroy (&lines);
                return bench_fail ("cannot send to %s\n", node->state);
            }
            continue;
        }
        zmsg_t *reply = zmsg_recv (node->control);
        if (!reply) {
            zlist_destroy (&lines);
            return bench_fail ("%s answered %ld of %ld requests, then nothing for %d ms\n",
                           node->state, received, bench->cases, S_REPLY_MS);
        }
        const char *first;
        //  An action answers the case's row (imi_cases.h): its id
        if (s_reply (&reply, lines) == 0 && (first = zlist_first (lines))) {
            if (ids && s_member (first, "id", ids [received], S_ID_BYTES) && refused++ == 0)
                snprintf (first_refusal, sizeof first_refusal, "no case id in %s", first);
        }
        else
        if (refused++ == 0)
            snprintf (first_refusal, sizeof first_refusal, "%s",
                      zlist_first (lines)? (char *) zlist_first (lines): "(no reason)");
        received++;
    }
    zlist_destroy (&lines);
    if (refused)
        return bench_fail ("%s refused %ld of %ld requests; the first: %s\n", node->state, refused,
                       bench->cases, first_refusal);
    return 0;
}

//  ---------------------------------------------------------------------------
//  The phases

typedef struct {
    double answered_s;              //  until the acting node had answered every request
    double seconds;                 //  until the other node had applied every event
    double echo_s;                  //  until the acting node had applied the echoes (or 0)
} s_phase_t;

//  N requests made by build at actor, timed until other has applied N
//  events; if echoes, then until actor has applied N events as well (the
//  disclosures that follow acceptances). 0 or -1.
static int
s_phase (s_bench_t *bench, s_node_t *actor, s_node_t *other, s_build_fn *build,
         char (*ids) [S_ID_BYTES], bool echoes, s_phase_t *phase)
{
    unsigned long long other_before, actor_before;
    if (s_counter (other, "applied", &other_before)
    ||  s_counter (actor, "applied", &actor_before))
        return -1;
    double start = bench_now (), done, echoed;
    if (s_pipeline (bench, actor, build, ids))
        return -1;
    phase->answered_s = bench_now () - start;
    if (s_wait_applied (other, other_before + (unsigned long long) bench->cases, bench->cases,
                        &done))
        return -1;
    phase->seconds = done - start;
    phase->echo_s = 0;
    if (echoes) {
        if (s_wait_applied (actor, actor_before + (unsigned long long) bench->cases,
                            bench->cases, &echoed))
            return -1;
        phase->echo_s = echoed - start;
    }
    return 0;
}

//  The baseline: N operator messages DE to FR, until FR has applied them.
//  Messages per second, or -1.
static double
s_baseline (s_bench_t *bench)
{
    char text [S_TEXT_BYTES + 1], count [32];
    static const char sentence [] = "Request for information under the IMI Regulation. ";
    for (size_t index = 0; index < S_TEXT_BYTES; index++)
        text [index] = sentence [index % (sizeof sentence - 1)];
    text [S_TEXT_BYTES] = 0;
    snprintf (count, sizeof count, "%ld", bench->cases);
    unsigned long long before;
    if (s_counter (&bench->fr, "applied", &before))
        return -1;
    zlist_t *lines = zlist_new ();
    double start = bench_now (), done;
    int rc = s_control (&bench->de, lines, "send", "FR", text, count, NULL);
    zlist_destroy (&lines);
    if (rc || s_wait_applied (&bench->fr, before + (unsigned long long) bench->cases,
                              bench->cases, &done))
        return -1;
    return bench->cases / (done - start);
}

//  How many cases in state node's user reaches: the count `case-list`
//  gives with "total yes" ({"total": N}), not a page of its rows. -1 on
//  failure.
static long
s_listed (s_node_t *node, const char *state)
{
    zlist_t *lines = zlist_new ();
    long count = -1;
    char total [32];
    if (s_control (node, lines, "case-list", node->token, "state", state, "total", "yes",
                   NULL) == 0
    &&  zlist_size (lines) == 1
    &&  s_member ((const char *) zlist_first (lines), "total", total, sizeof total) == 0)
        count = strtol (total, NULL, 10);
    zlist_destroy (&lines);
    return count;
}

//  Whether node holds every case closed: none in another state, and cases
//  closed. 0 or -1.
static int
s_all_closed (s_node_t *node, long cases)
{
    static const char *others [] = { "draft", "sent", "accepted", "clarification", "answered",
                                     "withdrawn" };
    long listed;
    if ((listed = s_listed (node, "closed")) != cases)
        return bench_fail ("%s lists %ld closed cases, not %ld\n", node->state, listed, cases);
    for (size_t index = 0; index < sizeof others / sizeof others [0]; index++)
        if ((listed = s_listed (node, others [index])) != 0)
            return bench_fail ("%s lists %ld cases %s, after closing all\n", node->state, listed,
                           others [index]);
    return 0;
}

//  ---------------------------------------------------------------------------

static int
s_connect (s_node_t *node)
{
    node->control = zsock_new_dealer (NULL);
    if (!node->control || zsock_connect (node->control, "%s", node->endpoint))
        return bench_fail ("cannot connect to %s's control endpoint %s\n", node->state,
                       node->endpoint);
    zsock_set_linger (node->control, 0);
    zsock_set_rcvtimeo (node->control, S_REPLY_MS);
    return 0;
}

//  Options into bench. 0, 1 for --help, -1 on a usage error.
static int
s_parse (int argc, char *argv [], s_bench_t *bench)
{
    static const struct option long_options [] = {
        { "de", required_argument, NULL, 'd' },
        { "fr", required_argument, NULL, 'f' },
        { "de-pid", required_argument, NULL, 'D' },
        { "fr-pid", required_argument, NULL, 'F' },
        { "cases", required_argument, NULL, 'n' },
        { "to", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    long value;
    while ((option = getopt_long (argc, argv, "h", long_options, NULL)) != -1) {
        switch (option) {
            case 'd': bench->de.endpoint = optarg; break;
            case 'f': bench->fr.endpoint = optarg; break;
            case 'D':
            case 'F':
                if (imi_parse_number (optarg, option == 'D'? "--de-pid": "--fr-pid", 1,
                                      1L << 30, &value))
                    return bench_fail ("%s\n", imi_error_last ());
                (option == 'D'? &bench->de: &bench->fr)->pid = (pid_t) value;
                break;
            case 'n':
                if (imi_parse_number (optarg, "--cases", 1, 100000, &value))
                    return bench_fail ("%s\n", imi_error_last ());
                bench->cases = value;
                break;
            case 't': bench->to = optarg; break;
            case 'h': return 1;
            default: return -1;
        }
    }
    if (optind != argc || !bench->de.endpoint || !bench->fr.endpoint)
        return -1;
    bench->de.token = getenv ("IMI_DE_SESSION");
    bench->fr.token = getenv ("IMI_FR_SESSION");
    if (!bench->de.token || !bench->fr.token)
        return bench_fail ("set IMI_DE_SESSION and IMI_FR_SESSION to the users' session tokens\n");
    return 0;
}

//  "transitions/s ... (x.xx of the baseline)".
static const char *
s_ratio (char *text, size_t size, double rate, double baseline, const char *more)
{
    snprintf (text, size, "(%.2f x baseline%s%s)", rate / baseline, more? "; ": "",
              more? more: "");
    return text;
}

int
main (int argc, char *argv [])
{
    s_bench_t bench = { .de = { .state = "DE" }, .fr = { .state = "FR" }, .cases = 2000,
                        .to = "FR:cnom" };
    int parsed = s_parse (argc, argv, &bench);
    if (parsed) {
        fprintf (parsed > 0? stdout: stderr, "usage: IMI_DE_SESSION=TOKEN IMI_FR_SESSION=TOKEN "
                 "bench_cases --de ENDPOINT --fr ENDPOINT [--de-pid PID] [--fr-pid PID] "
                 "[--cases N (2000)] [--to AUTHORITY (FR:cnom)]\n");
        return parsed > 0? 0: 2;
    }
    zsys_init ();
    zsys_set_logstream (NULL);
    time_t now = time (NULL) + S_REPLY_DAYS * 24 * 3600;
    struct tm day;
    gmtime_r (&now, &day);
    strftime (bench.reply_date, sizeof bench.reply_date, "%Y-%m-%d", &day);
    bench.ids = calloc ((size_t) bench.cases, S_ID_BYTES);
    if (!bench.ids || s_connect (&bench.de) || s_connect (&bench.fr))
        return 1;

    double load [3] = { 0 };
    getloadavg (load, 3);
    printf ("bench_cases: %ld online cores, load average %.2f; %ld cases DE -> %s; "
            "up to %d requests in flight\n\n", sysconf (_SC_NPROCESSORS_ONLN), load [0],
            bench.cases, bench.to, S_WINDOW);
    fflush (stdout);
    double memory [2][4];           //  per node: RSS and peak before, RSS and peak after
    s_node_t *nodes [2] = { &bench.de, &bench.fr };
    for (int index = 0; index < 2; index++)
        bench_memory (nodes [index]->pid, &memory [index][0], &memory [index][1]);

    static const struct {
        const char *what;
        bool at_de;                 //  DE acts (FR applies); else FR acts
        s_build_fn *build;
        bool ids;                   //  the replies are the new cases' ids
        bool echoes;                //  the other node answers each with an event
    } phases [] = {
        { "a. send    (case-new + send at DE, at FR)", true, s_build_new, true, false },
        { "b. accept  (case-accept at FR, at DE)", false, s_build_accept, false, true },
        { "c. answer  (case-answer at FR, at DE)", false, s_build_answer, false, false },
        { "d. close   (case-close at DE, at FR)", true, s_build_close, false, false },
    };
    enum { S_PHASES = sizeof phases / sizeof phases [0] };
    s_phase_t results [S_PHASES];
    double baseline_before = s_baseline (&bench), baseline_after = -1;
    int rc = baseline_before > 0? 0: -1;
    if (rc == 0)
        bench_row ("baseline", "operator messages DE -> FR, 512 B (before)", baseline_before,
               "(send N: enqueue to applied at FR)");
    for (int index = 0; rc == 0 && index < S_PHASES; index++) {
        s_node_t *actor = phases [index].at_de? &bench.de: &bench.fr;
        s_node_t *other = phases [index].at_de? &bench.fr: &bench.de;
        rc = s_phase (&bench, actor, other, phases [index].build,
                      phases [index].ids? bench.ids: NULL, phases [index].echoes,
                      &results [index]);
        if (rc == 0) {
            printf ("  %-9s %-44s %9.2f s   (%s answered all in %.2f s)\n", "phase",
                    phases [index].what, results [index].seconds, actor->state,
                    results [index].answered_s);
            fflush (stdout);
        }
    }
    if (rc == 0) {
        baseline_after = s_baseline (&bench);
        rc = baseline_after > 0? 0: -1;
    }
    for (int index = 0; rc == 0 && index < 2; index++)
        rc = s_all_closed (nodes [index], bench.cases);
    if (rc == 0) {
        bench_row ("baseline", "operator messages DE -> FR, 512 B (after)", baseline_after, NULL);
        double baseline = (baseline_before + baseline_after) / 2, total_s = 0;
        char note [128];
        printf ("\n");
        for (int index = 0; index < S_PHASES; index++) {
            double rate = bench.cases / results [index].seconds;
            bench_row ("cases", phases [index].what, rate,
                   s_ratio (note, sizeof note, rate, baseline, NULL));
            total_s += results [index].seconds;
            if (results [index].echo_s > 0) {
                char when [64];
                snprintf (when, sizeof when, "%.2f s after accepting began",
                          results [index].echo_s);
                double echo_rate = bench.cases / results [index].echo_s;
                bench_row ("cases", "   then disclosures (DE -> FR, at FR)", echo_rate,
                       s_ratio (note, sizeof note, echo_rate, baseline, when));
            }
        }
        double total = S_PHASES * bench.cases / total_s;
        char more [64];
        snprintf (more, sizeof more, "%ld in %.2f s", S_PHASES * bench.cases, total_s);
        bench_row ("cases", "all transitions, end to end", total,
               s_ratio (note, sizeof note, total, baseline, more));
        printf ("  ratio     %-44s %9.2f      (transitions/s over the mean baseline's "
                "messages/s)\n", "transitions / baseline messages", total / baseline);
        printf ("  checked   DE and FR hold no case in any state but closed, and %ld closed\n",
                bench.cases);
        for (int index = 0; index < 2; index++)
            bench_memory (nodes [index]->pid, &memory [index][2], &memory [index][3]);
        for (int index = 0; index < 2; index++)
            if (nodes [index]->pid)
                printf ("  memory    %s before %.1f MiB (peak %.1f); after %.1f MiB, "
                        "peak %.1f MiB\n", nodes [index]->state, memory [index][0],
                        memory [index][1], memory [index][2], memory [index][3]);
    }
    for (int index = 0; index < 2; index++)
        zsock_destroy (&nodes [index]->control);
    free (bench.ids);
    if (rc)
        bench_fail ("FAILED (see above)\n");
    return rc? 1: 0;
}
