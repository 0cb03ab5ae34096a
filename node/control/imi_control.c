/*  imi_control: the control commands, one table row each.

    Who runs a command is the row's caller column:
        S_OPERATOR  [command, args...]: whoever reaches the socket (the
                    node's operator); no token frame
        S_USER      [command, token, args...]: a user, named by the session
                    token of `login`; the command sees call->user
        S_EITHER    [command, token | "-", args...]: "-" is the operator
                    (call->has_user false), anything else must be a token
    A token frame that is missing, empty, invalid or expired gets the error
    "not logged in or session expired: run imictl login" before the command
    runs. Case commands are S_USER rows and check call->user with the rules
    of imi_users.h.

    The node's HTTP server (node/http) sends its requests on the same socket,
    in-process, from connections whose routing id starts with
    IMI_CONTROL_HTTP_PREFIX. For those the row's http column decides instead
    of its caller column, and every request has a token frame:
        S_HTTP_NONE     not reachable over HTTP: "no such route" (the
                        operator's commands: manifest, keys, retention, stop)
        S_HTTP_OPEN     the token frame is ignored (health, metrics, login)
        S_HTTP_SESSION  a live session required, as S_USER, whatever the
                        caller column says (search: the operator's without
                        a session on the local socket, any user's over HTTP)
        S_HTTP_INTERNAL the HTTP server's own, in-process (an inproc
                        connection: it has no Peer-Address), never the
                        control socket's, whoever reaches it: login-oidc
                        opens a session for the person the HTTP server's
                        check of an ID token vouched for (imi_oidc.h)
    There is no operator over HTTP.

    Results are data: a command converted to it sets call->result (a jansson
    value) instead of lines; the reply is then [status, the value as JSON]
    and both clients render it (imictl as its table, or with --json as it
    is; the HTTP server as the response body). See docs/http.md.
*/
#include "imi_control.h"
#include "imi_idempotency.h"
#include "imi_events.h"
#include "imi_login.h"
#include "imi_page.h"
#include "imi_node_internal.h"
#include "imi_audit.h"
#include "imi_witness.h"
#include "imi_authority_json.h"
#include "imi_alert_control.h"
#include "imi_case_control.h"
#include "imi_notification_control.h"
#include "imi_body_delivery.h"
#include "imi_config.h"
#include "imi_dirsync.h"
#include "imi_search.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_operator.h"
#include "imi_outbox.h"
#include "imi_retention.h"
#include "imi_translate.h"
#include "imi_users.h"
#include "imi_apikeys.h"
#include "imi_options.h"
#include "imi_readers.h"
#include "imi_spool.h"

#include <assert.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    imi_node_t *node;
    zmsg_t *request;            //  remaining argument frames
    zframe_t *client;           //  routing id; a command that answers later takes it
    zlist_t *lines;             //  reply lines
    imi_user_t user;            //  the session's user, if has_user
    bool has_user;              //  false: the operator
    const char *name;           //  the command
    zframe_t *data;             //  binary content after the lines, or NULL
    bool degraded;              //  health: answered, but the reply's status is "degraded"
    char peer_address [128];    //  the request's "Peer-Address" property, or ""
    char operator_name [160];   //  without a user: "operator os_user=NAME uid=N pid=N"
    json_t *result;             //  a data command's answer (owned), instead of lines
    const char *status;         //  the reply's status on failure (IMI_CONTROL_*), or NULL
                                //  for IMI_CONTROL_ERROR
    bool http;                  //  from the node's HTTP server
    char *idempotency_key;      //  a keyed run's key, its answer kept by s_answer (a
                                //  command that answers later takes it along)
    char *spool;                //  a spooled request's file (IMI_CONTROL_SPOOLED), or NULL
} s_call_t;

typedef enum {
    S_OPERATOR,                 //  no token frame
    S_USER,                     //  token frame, a live session required
    S_EITHER                    //  token frame, "-" for the operator
} s_caller_t;

typedef enum {
    S_HTTP_NONE,                //  local control socket only
    S_HTTP_OPEN,                //  over HTTP without a session
    S_HTTP_SESSION,             //  over HTTP with a live session
    S_HTTP_INTERNAL             //  the node's own HTTP server only (in-process)
} s_http_t;

//  Which OS user runs the imictl at the other end of the control socket.
//  For an ipc endpoint libzmq reads the connection's SO_PEERCRED when it
//  accepts it (the connecting process's credentials at connect(2), which
//  that process cannot choose) and appends ":UID:GID:PID" to the
//  "Peer-Address" property of each message part it received (not of the
//  routing id frame the ROUTER adds: imi_control_handle copies it from the
//  command's frame); a tcp endpoint carries no credentials, and the
//  operator is then "os_user=unknown". Reads the passwd database (NSS) for
//  the name, so it runs for operator commands only.
static void
s_operator_identify (s_call_t *call)
{
    char copy [sizeof call->peer_address];
    memcpy (copy, call->peer_address, sizeof copy);
    //  From the end: PID, GID, UID (the host part may hold colons)
    char *fields [3] = { NULL };
    for (int field = 0; field < 3; field++) {
        char *colon = strrchr (copy, ':');
        if (!colon)
            break;
        *colon = 0;
        fields [field] = colon + 1;
    }
    bool known = fields [2] && *fields [2] && *fields [0]
              && strspn (fields [2], "0123456789") == strlen (fields [2])
              && strspn (fields [0], "0123456789") == strlen (fields [0]);
    if (!known) {
        snprintf (call->operator_name, sizeof call->operator_name, "operator os_user=unknown");
        return;
    }
    unsigned long uid = strtoul (fields [2], NULL, 10), pid = strtoul (fields [0], NULL, 10);
    struct passwd entry, *found = NULL;
    char buffer [1024], quoted [96];
    getpwuid_r ((uid_t) uid, &entry, buffer, sizeof buffer, &found);
    snprintf (call->operator_name, sizeof call->operator_name,
              "operator os_user=%s uid=%lu pid=%lu",
              found? imi_log_quote (quoted, sizeof quoted, found->pw_name): "-", uid, pid);
}

typedef int (s_command_fn) (s_call_t *call);

//  Next argument as a string (caller frees), or NULL.
static char *
s_argument (s_call_t *call)
{
    return zmsg_popstr (call->request);
}

//  Append a formatted line to lines (an autofree list, which copies it).
static void
s_lines_add (zlist_t *lines, const char *format, va_list args)
{
    char *line = zsys_vprintf (format, args);
    zlist_append (lines, line);
    zstr_free (&line);
}

static void
s_line (s_call_t *call, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static void
s_line (s_call_t *call, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    s_lines_add (call->lines, format, args);
    va_end (args);
}

//  A reply line of a long command's step that failed.
static void
s_step_line (zlist_t *lines, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static void
s_step_line (zlist_t *lines, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    s_lines_add (lines, format, args);
    va_end (args);
}

static int
s_error (s_call_t *call, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

static int
s_error (s_call_t *call, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    zlist_purge (call->lines);
    s_lines_add (call->lines, format, args);
    va_end (args);
    return -1;
}

//  An error of a kind the reply's status names (IMI_CONTROL_INVALID, ...),
//  which the HTTP server turns into its status code.
static int
s_refuse (s_call_t *call, const char *status, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

static int
s_refuse (s_call_t *call, const char *status, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    zlist_purge (call->lines);
    s_lines_add (call->lines, format, args);
    va_end (args);
    call->status = status;
    return -1;
}

//  The error of a domain call that returned rc: input refused (-2) has
//  the status of its kind (imi_error_kind: invalid, not_found, forbidden,
//  conflict), anything else IMI_CONTROL_ERROR. Returns -1.
static int
s_failed (s_call_t *call, int rc)
{
    static const char *statuses [] = {
        [IMI_ERROR_FAILED] = IMI_CONTROL_INVALID, [IMI_ERROR_MALFORMED] = IMI_CONTROL_INVALID,
        [IMI_ERROR_NOT_FOUND] = IMI_CONTROL_NOT_FOUND,
        [IMI_ERROR_FORBIDDEN] = IMI_CONTROL_FORBIDDEN,
        [IMI_ERROR_CONFLICT] = IMI_CONTROL_CONFLICT,
        [IMI_ERROR_WRITER] = IMI_CONTROL_LOOP,
    };
    return s_refuse (call, rc == -2? statuses [imi_error_kind ()]: NULL, "%s",
                     imi_error_last ());
}

//  The peer named by the next argument, or NULL after an error reply line.
static imi_peer_t *
s_peer_argument (s_call_t *call)
{
    char *state = s_argument (call);
    if (!state) {
        s_error (call, "missing STATE (a member state code such as FR)");
        return NULL;
    }
    imi_peer_t *peer = imi_node_peer (call->node, state);
    if (!peer)
        s_error (call, "%s is not a peer of this node (not in the manifest, or this node)", state);
    zstr_free (&state);
    return peer;
}

//  Optional numeric argument within [minimum, maximum] (absent or "-":
//  fallback); -1 after an error line.
static int
s_number_argument (s_call_t *call, const char *name, long fallback, long minimum, long maximum,
                   long *value)
{
    char *text = s_argument (call);
    *value = fallback;
    if (!text || strcmp (text, "-") == 0) {
        zstr_free (&text);
        return 0;
    }
    int rc = imi_parse_number (text, name, minimum, maximum, value)?
             s_refuse (call, IMI_CONTROL_INVALID, "%s", imi_error_last ()): 0;
    zstr_free (&text);
    return rc;
}

//  status: {state, federation, manifest_version, listen, uptime_s, peers,
//  connected, handshakes_refused}.
static int
s_status (s_call_t *call)
{
    imi_node_t *node = call->node;
    imi_manifest_t *manifest = imi_federation_manifest (node->federation);
    size_t connected = 0;
    for (size_t index = 0; index < node->peer_count; index++)
        connected += node->peers [index]->connected;
    //  All kinds together: `counters` and `metrics` tell them apart.
    uint64_t refused = 0;
    for (int counter = IMI_COUNT_HANDSHAKE_REFUSED_FIRST;
         counter <= IMI_COUNT_HANDSHAKE_REFUSED_LAST; counter++)
        refused += node->counters.values [counter];
    call->result = json_pack ("{s:s, s:s, s:I, s:s, s:I, s:I, s:I, s:I}",
                              "state", node->settings.state,
                              "federation", imi_manifest_federation (manifest),
                              "manifest_version", (json_int_t) imi_manifest_version (manifest),
                              "listen", node->settings.listen,
                              "uptime_s", (json_int_t) (imi_node_clock () - node->started_ms) / 1000,
                              "peers", (json_int_t) node->peer_count,
                              "connected", (json_int_t) connected,
                              "handshakes_refused", (json_int_t) refused);
    return call->result? 0: s_error (call, "out of memory");
}

//  A peer's undelivered messages: how many, and the age of the oldest in
//  seconds. The age is the time since its signed timestamp on our clock,
//  0 if that lies ahead of now: the only way it can is our clock (or
//  clock_offset_s) having been set back since it was queued, and a negative
//  age would mean nothing. 0 or -1.
static int
s_backlog (imi_node_t *node, imi_peer_t *peer, int64_t *depth, double *oldest_s)
{
    int64_t oldest_ms;
    if (imi_outbox_backlog (node->store, peer, depth, &oldest_ms))
        return -1;
    int64_t age_ms = *depth? imi_node_now () - oldest_ms: 0;
    *oldest_s = age_ms > 0? age_ms / 1000.0: 0;
    return 0;
}

//  Our oldest checkpoint beyond the last one witness ?1 cosigned: when we
//  signed it, and its size (NULL if it cosigned our latest).
static const char *s_oldest_uncosigned =
    "SELECT created_ms, size FROM audit_checkpoints WHERE size > (SELECT coalesce (max (size), 0)"
    " FROM audit_cosignatures WHERE witness = ?1) ORDER BY size LIMIT 1";

//  Why a node may be degraded: each check writes what it found into detail
//  and returns true if it holds.
typedef bool (s_degraded_fn) (imi_node_t *node, char *detail, size_t size);

#define S_HEALTH_WINDOW_MS 60000    //  errors and refusals this recent count

//  Store errors (imi_store: the disk full, the database busy, I/O, ...).
static bool
s_store_errors (imi_node_t *node, char *detail, size_t size)
{
    int64_t age = imi_store_error_age_ms (node->store);
    if (age < 0 || age >= S_HEALTH_WINDOW_MS)
        return false;
    size_t used = (size_t) snprintf (detail, size, "the last %.1f s ago; since start:",
                                     age / 1000.0);
    for (int kind = 0; kind < IMI_STORE_ERROR_KINDS && used < size; kind++)
        used += (size_t) snprintf (detail + used, size - used, " %s %llu",
                                   imi_store_error_kind_name (kind),
                                   (unsigned long long) imi_store_error_count (node->store, kind));
    return true;
}

//  Peers that did not answer within peer_timeout_ms: nothing reaches them.
static bool
s_peers_unreachable (imi_node_t *node, char *detail, size_t size)
{
    size_t used = 0, count = 0;
    *detail = 0;
    for (size_t index = 0; index < node->peer_count && used < size; index++)
        if (!node->peers [index]->connected)
            used += (size_t) snprintf (detail + used, size - used, "%s%s", count++? " ": "",
                                       node->peers [index]->node.state);
    if (count && used < size)
        snprintf (detail + used, size - used, " (%zu of %zu peers)", count, node->peer_count);
    return count > 0;
}

//  Envelopes refused because their time is more than the tolerated skew
//  ahead of our clock (future) or, unsequenced, behind it (expired): a
//  peer's clock or ours is wrong, and nothing of that peer gets through.
static bool
s_clock_skew (imi_node_t *node, char *detail, size_t size)
{
    static const imi_counter_t reasons [] = { IMI_COUNT_REJECTED_FUTURE,
                                              IMI_COUNT_REJECTED_EXPIRED };
    int64_t now = imi_node_clock (), last = -1;
    for (size_t index = 0; index < sizeof reasons / sizeof reasons [0]; index++)
        //  logged_ms is within a second of the last refusal of each reason
        if (node->counters.values [reasons [index]]
        &&  now - node->logged_ms [reasons [index]] < S_HEALTH_WINDOW_MS
        &&  node->logged_ms [reasons [index]] > last)
            last = node->logged_ms [reasons [index]];
    if (last < 0)
        return false;
    snprintf (detail, size, "envelopes refused as stamped too far ahead or behind our clock, "
              "the last %.0f s ago; since start: future %llu, expired %llu",
              (now - last) / 1000.0,
              (unsigned long long) node->counters.values [IMI_COUNT_REJECTED_FUTURE],
              (unsigned long long) node->counters.values [IMI_COUNT_REJECTED_EXPIRED]);
    return true;
}

//  Links whose oldest undelivered message is older than health_outbox_max_s.
static bool
s_outbox_age (imi_node_t *node, char *detail, size_t size)
{
    size_t used = 0, count = 0;
    *detail = 0;
    for (size_t index = 0; index < node->peer_count && used < size; index++) {
        int64_t depth;
        double oldest_s;
        //  A read that fails is a store error, reported as such.
        if (s_backlog (node, node->peers [index], &depth, &oldest_s) == 0
        &&  oldest_s > node->settings.health_outbox_max_s)
            used += (size_t) snprintf (detail + used, size - used, "%s%s %lld messages, "
                                       "the oldest %.0f s", count++? "; ": "",
                                       node->peers [index]->node.state, (long long) depth,
                                       oldest_s);
    }
    if (count && used < size)
        snprintf (detail + used, size - used, " (health_outbox_max_s %ld)",
                  node->settings.health_outbox_max_s);
    return count > 0;
}

//  Links held at a sequence conflict: a peer's signed receipt names another
//  message than ours at one of our numbers (our database restored without
//  the repair, or our key used elsewhere).
static bool
s_link_conflicts (imi_node_t *node, char *detail, size_t size)
{
    size_t used = 0, count = 0;
    *detail = 0;
    for (size_t index = 0; index < node->peer_count && used < size; index++) {
        imi_peer_t *peer = node->peers [index];
        if (peer->conflict_seq)
            used += (size_t) snprintf (detail + used, size - used, "%s%s at our seq %llu",
                                       count++? "; ": "", peer->node.state,
                                       (unsigned long long) peer->conflict_seq);
    }
    if (count && used < size)
        snprintf (detail + used, size - used, ": the peer applied other messages of ours at "
                  "these numbers; if our database was restored from a backup, restart with "
                  "imi-node --recover (docs/operating.md)");
    return count > 0;
}

//  Peers that send us other messages at numbers of theirs we applied: their
//  database was restored from a backup without the repair, or their key is
//  used elsewhere.
static bool
s_peer_conflicts (imi_node_t *node, char *detail, size_t size)
{
    imi_counter_t reason = IMI_COUNT_REJECTED_SEQUENCE_CONFLICT;
    int64_t age = imi_node_clock () - node->logged_ms [reason];
    if (!node->counters.values [reason] || age >= S_HEALTH_WINDOW_MS)
        return false;
    snprintf (detail, size, "a peer sent other messages at numbers we applied, the last %.0f s "
              "ago (%llu since start; the log names it: message.rejected "
              "reason=sequence_conflict)", age / 1000.0,
              (unsigned long long) node->counters.values [reason]);
    return true;
}

//  Links being repaired after our database was restored (imi_recovery).
static bool
s_links_in_repair (imi_node_t *node, char *detail, size_t size)
{
    size_t used = 0, count = 0;
    *detail = 0;
    for (size_t index = 0; index < node->peer_count && used < size; index++)
        if (node->peers [index]->restored_next)
            used += (size_t) snprintf (detail + used, size - used, "%s%s", count++? " ": "",
                                       node->peers [index]->node.state);
    if (count && used < size)
        snprintf (detail + used, size - used, ": restored from a backup, waiting for these "
                  "peers to return what they hold (nothing is sent to them meanwhile)");
    return count > 0;
}

//  Connected peers that have not cosigned a checkpoint of ours signed more
//  than health_witness_max_s ago: a witness refusing our log (it holds a
//  branch ours does not extend, or our key is not the one it knows). A
//  peer that is not connected is reported as unreachable instead.
static bool
s_witness_behind (imi_node_t *node, char *detail, size_t size)
{
    size_t used = 0, count = 0;
    *detail = 0;
    int64_t now = imi_node_now ();
    sqlite3_stmt *statement = imi_store_statement (node->store, s_oldest_uncosigned);
    for (size_t index = 0; statement && index < node->peer_count && used < size; index++) {
        imi_peer_t *peer = node->peers [index];
        if (!peer->connected)
            continue;
        sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
        if (sqlite3_step (statement) == SQLITE_ROW
        &&  sqlite3_column_type (statement, 0) != SQLITE_NULL) {
            double age_s = (now - sqlite3_column_int64 (statement, 0)) / 1000.0;
            if (age_s > node->settings.health_witness_max_s)
                used += (size_t) snprintf (detail + used, size - used, "%s%s since size %lld "
                                           "(%.0f s)", count++? "; ": "", peer->node.state,
                                           (long long) sqlite3_column_int64 (statement, 1),
                                           age_s);
        }
        sqlite3_reset (statement);
    }
    if (count && used < size)
        snprintf (detail + used, size - used, ": connected, but no cosignature of our "
                  "checkpoints (health_witness_max_s %ld; its log says why)",
                  node->settings.health_witness_max_s);
    return count > 0;
}

static const struct {
    const char *name;
    s_degraded_fn *check;
} s_degraded [] = {
    { "witness_behind", s_witness_behind },
    { "link_conflict", s_link_conflicts },
    { "peer_conflict", s_peer_conflicts },
    { "link_repair", s_links_in_repair },
    { "store_errors", s_store_errors },
    { "peers_unreachable", s_peers_unreachable },
    { "clock_skew", s_clock_skew },
    { "outbox_age", s_outbox_age },
};

//  For monitoring and service managers: the node answers and its database
//  can be read (else an error); it is degraded (the reply's status says so,
//  imictl exits 3, /health/ready answers 503) if any check of s_degraded
//  holds. The result: {healthy, degraded: [{check, detail}], peers_connected,
//  peers}.
static int
s_health (s_call_t *call)
{
    imi_node_t *node = call->node;
    sqlite3_stmt *statement = imi_store_statement (node->store, "SELECT count(*) FROM links");
    int rc = statement? sqlite3_step (statement): SQLITE_ERROR;
    if (statement)
        sqlite3_reset (statement);
    if (rc != SQLITE_ROW)
        return s_error (call, "database unreadable: %s", imi_error_last ());
    json_t *degraded = json_array ();
    for (size_t index = 0; degraded && index < sizeof s_degraded / sizeof s_degraded [0];
         index++) {
        char detail [1024];
        if (s_degraded [index].check (node, detail, sizeof detail)
        &&  json_array_append_new (degraded, json_pack ("{s:s, s:s}", "check",
                                                        s_degraded [index].name,
                                                        "detail", detail)))
            json_decref (degraded), degraded = NULL;
    }
    size_t connected = 0;
    for (size_t index = 0; index < node->peer_count; index++)
        connected += node->peers [index]->connected;
    call->degraded = json_array_size (degraded) > 0;
    call->result = degraded? json_pack ("{s:b, s:o, s:I, s:I}", "healthy", !call->degraded,
                                        "degraded", degraded,
                                        "peers_connected", (json_int_t) connected,
                                        "peers", (json_int_t) node->peer_count): NULL;
    return call->result? 0: s_error (call, "out of memory");
}

//  A list's answer: {items}, items as made (NULL: out of memory). 0, or
//  -1 after an error.
static int
s_items (s_call_t *call, json_t *items)
{
    call->result = items? json_pack ("{s:o}", "items", items): NULL;
    return call->result? 0: s_error (call, "out of memory");
}

//  An action's answer: {outcome, name: the value format makes}, which
//  imictl prints as one line ("removed<TAB>DE:42"). 0, or -1 after an
//  error.
static int
s_outcome (s_call_t *call, const char *outcome, const char *name, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));

static int
s_outcome (s_call_t *call, const char *outcome, const char *name, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *value = zsys_vprintf (format, args);
    va_end (args);
    call->result = value? json_pack ("{s:s, s:s}", "outcome", outcome, name, value): NULL;
    zstr_free (&value);
    return call->result? 0: s_error (call, "out of memory");
}

//  peers: {items}, a peer each: its link, outbox and what it refused. Ages
//  in milliseconds (last_seen_age_ms: since we last heard from it,
//  oldest_age_ms: of the oldest message it has not receipted). A time or
//  number the peer has not given yet is null (never heard from, no round
//  trip, no version, no conflict, nothing waiting).
static int
s_peers (s_call_t *call)
{
    imi_node_t *node = call->node;
    int64_t now = imi_node_clock ();
    json_t *items = json_array ();
    for (size_t index = 0; items && index < node->peer_count; index++) {
        imi_peer_t *peer = node->peers [index];
        int64_t depth, refused;
        double oldest_s;
        if (s_backlog (node, peer, &depth, &oldest_s)
        ||  imi_outbox_refused_count (node->store, peer, &refused)) {
            json_decref (items);
            return s_error (call, "%s", imi_error_last ());
        }
        json_t *item = json_pack ("{s:s, s:s, s:b, s:o, s:o, s:I, s:o, s:I, s:I, s:o, s:I, s:o}",
            "state", peer->node.state, "endpoint", peer->node.endpoint,
            "connected", peer->connected,
            "last_seen_age_ms", peer->last_seen_ms? json_integer (now - peer->last_seen_ms)
                                                  : json_null (),
            "rtt_ms", peer->rtt_ms >= 0? json_integer (peer->rtt_ms): json_null (),
            "outbox", (json_int_t) depth,
            "oldest_age_ms", depth? json_integer ((json_int_t) (oldest_s * 1000 + 0.5))
                                  : json_null (),
            "sent_seq", (json_int_t) peer->next_out_seq - 1,
            "acked_seq", (json_int_t) peer->acked_out_seq,
            "version", peer->version? json_integer (peer->version): json_null (),
            "refused", (json_int_t) refused,
            "conflict_seq", peer->conflict_seq? json_integer ((json_int_t) peer->conflict_seq)
                                              : json_null ());
        if (json_array_append_new (items, item))
            json_decref (items), items = NULL;
    }
    return s_items (call, items);
}

//  Answered later, when the PONG arrives or the ping times out.
static int
s_ping (s_call_t *call)
{
    imi_peer_t *peer = s_peer_argument (call);
    if (!peer)
        return -1;
    if (imi_node_ping (call->node, peer, &call->client))
        return s_error (call, "%s", imi_error_last ());
    return 0;
}

//  messages [STATE|-] [LIMIT]: {items}, the last LIMIT received (from
//  STATE), oldest first (imi_operator_list).
static int
s_messages (s_call_t *call)
{
    char *state = s_argument (call);
    const char *peer = state && strcmp (state, "-") != 0? state: NULL;
    long limit;
    int rc = s_number_argument (call, "LIMIT", 20, 1, 1000000, &limit);
    if (rc == 0) {
        json_t *items = json_array ();
        if (items && imi_operator_list (call->node->store, peer, limit, items)) {
            json_decref (items);
            rc = s_error (call, "%s", imi_error_last ());
        }
        else
            rc = s_items (call, items);
    }
    zstr_free (&state);
    return rc;
}

//  message-count [STATE|-]: {count, distinct} of the messages received
//  (from STATE).
static int
s_message_count (s_call_t *call)
{
    char *state = s_argument (call);
    const char *peer = state && strcmp (state, "-") != 0? state: NULL;
    int64_t count, distinct;
    int rc = imi_operator_count (call->node->store, peer, &count, &distinct);
    zstr_free (&state);
    if (rc)
        return s_error (call, "%s", imi_error_last ());
    call->result = json_pack ("{s:I, s:I}", "count", (json_int_t) count,
                              "distinct", (json_int_t) distinct);
    return call->result? 0: s_error (call, "out of memory");
}

//  counters: {items}, {counter, value, meaning} each: the node's counters,
//  then the database's errors by kind.
static int
s_counters (s_call_t *call)
{
    json_t *items = json_array ();
    for (int counter = 0; items && counter < IMI_COUNT_LIMIT + IMI_STORE_ERROR_KINDS; counter++) {
        int kind = counter - IMI_COUNT_LIMIT;
        char name [64];
        if (kind >= 0)
            snprintf (name, sizeof name, "store_errors_%s", imi_store_error_kind_name (kind));
        json_t *item = json_pack ("{s:s, s:I, s:s}",
            "counter", kind >= 0? name: imi_counter_name (counter),
            "value", (json_int_t) (kind >= 0? imi_store_error_count (call->node->store, kind)
                                            : call->node->counters.values [counter]),
            "meaning", kind >= 0? "database errors of this kind (SQLite's result code)"
                                : imi_counter_help (counter));
        if (json_array_append_new (items, item))
            json_decref (items), items = NULL;
    }
    return s_items (call, items);
}

//  Prometheus text exposition format.
static int
s_metrics (s_call_t *call)
{
    imi_node_t *node = call->node;
    const char *state = node->settings.state;
    for (int counter = 0; counter < IMI_COUNT_LIMIT; counter++) {
        if (imi_counter_is_rejection (counter))
            continue;
        s_line (call, "# HELP imi_%s_total %s", imi_counter_name (counter),
                imi_counter_help (counter));
        s_line (call, "# TYPE imi_%s_total counter", imi_counter_name (counter));
        s_line (call, "imi_%s_total{state=\"%s\"} %llu", imi_counter_name (counter), state,
                (unsigned long long) node->counters.values [counter]);
    }
    s_line (call, "# HELP imi_rejected_total messages rejected, by reason");
    s_line (call, "# TYPE imi_rejected_total counter");
    for (int counter = IMI_COUNT_REJECTED_FIRST; counter < IMI_COUNT_LIMIT; counter++)
        s_line (call, "imi_rejected_total{state=\"%s\",reason=\"%s\"} %llu", state,
                imi_counter_reason (counter),
                (unsigned long long) node->counters.values [counter]);
    s_line (call, "# HELP imi_store_errors_total database errors, by kind (full, busy, io, "
                  "corrupt, other)");
    s_line (call, "# TYPE imi_store_errors_total counter");
    for (int kind = 0; kind < IMI_STORE_ERROR_KINDS; kind++)
        s_line (call, "imi_store_errors_total{state=\"%s\",kind=\"%s\"} %llu", state,
                imi_store_error_kind_name (kind),
                (unsigned long long) imi_store_error_count (node->store, kind));
    if (node->readers) {
        uint64_t answered, handed;
        imi_readers_counts (node->readers, &answered, &handed);
        s_line (call, "# HELP imi_http_reader_requests_total the HTTP API's reads sent to the "
                      "readers, by outcome: answered there, or handed to the loop");
        s_line (call, "# TYPE imi_http_reader_requests_total counter");
        s_line (call, "imi_http_reader_requests_total{state=\"%s\",outcome=\"answered\"} %llu",
                state, (unsigned long long) answered);
        s_line (call, "imi_http_reader_requests_total{state=\"%s\",outcome=\"handed\"} %llu",
                state, (unsigned long long) handed);
    }
    s_line (call, "# HELP imi_password_jobs_pending Argon2id jobs (logins, passwords set) "
                  "handed to the login worker and not yet answered");
    s_line (call, "# TYPE imi_password_jobs_pending gauge");
    s_line (call, "imi_password_jobs_pending{state=\"%s\"} %zu", state,
            imi_logins_pending (node->logins));
    s_line (call, "# HELP imi_peer_connected 1 if the peer answered within peer_timeout_ms");
    s_line (call, "# TYPE imi_peer_connected gauge");
    s_line (call, "# HELP imi_outbox_depth messages not yet receipted by the peer");
    s_line (call, "# TYPE imi_outbox_depth gauge");
    s_line (call, "# HELP imi_outbox_oldest_seconds age of the oldest message not yet receipted "
                  "(0: none)");
    s_line (call, "# TYPE imi_outbox_oldest_seconds gauge");
    for (size_t index = 0; index < node->peer_count; index++) {
        imi_peer_t *peer = node->peers [index];
        int64_t depth;
        double oldest_s;
        if (s_backlog (node, peer, &depth, &oldest_s))
            return s_error (call, "%s", imi_error_last ());
        s_line (call, "imi_peer_connected{state=\"%s\",peer=\"%s\"} %d", state, peer->node.state,
                peer->connected);
        s_line (call, "imi_outbox_depth{state=\"%s\",peer=\"%s\"} %lld", state, peer->node.state,
                (long long) depth);
        s_line (call, "imi_outbox_oldest_seconds{state=\"%s\",peer=\"%s\"} %.1f", state,
                peer->node.state, oldest_s);
    }
    return 0;
}

//  array with key (IMI_SIGN_PUBLIC_BYTES) appended in hex; NULL, array
//  gone, if out of memory (or array NULL).
static json_t *
s_key_append (json_t *array, const uint8_t *key)
{
    char hex [2 * IMI_SIGN_PUBLIC_BYTES + 1];
    imi_hex_encode (hex, key, IMI_SIGN_PUBLIC_BYTES);
    if (array && json_array_append_new (array, json_string (hex)))
        json_decref (array), array = NULL;
    return array;
}

json_t *
imi_control_manifest_value (imi_manifest_t *manifest)
{
    size_t signatures = imi_manifest_signature_count (manifest);
    json_t *signed_by = json_array (), *governance = json_array ();
    for (size_t index = 0; index < signatures; index++)
        signed_by = s_key_append (signed_by, imi_manifest_signer_at (manifest, index));
    //  The governance of the versions after this one, if it names one.
    const uint8_t *keys;
    size_t threshold;
    size_t count = imi_manifest_governance (manifest, &keys, &threshold);
    for (size_t index = 0; index < count; index++)
        governance = s_key_append (governance, keys + index * IMI_SIGN_PUBLIC_BYTES);
    json_t *nodes = json_array ();
    for (size_t index = 0; nodes && index < imi_manifest_node_count (manifest); index++) {
        const imi_manifest_node_t *node = imi_manifest_node_at (manifest, index);
        char sign_hex [2 * IMI_SIGN_PUBLIC_BYTES + 1], curve_hex [2 * IMI_SIGN_PUBLIC_BYTES + 1];
        imi_hex_encode (sign_hex, node->sign_key, IMI_SIGN_PUBLIC_BYTES);
        imi_hex_encode (curve_hex, node->curve_key, IMI_SIGN_PUBLIC_BYTES);
        if (json_array_append_new (nodes, json_pack ("{s:s, s:s, s:s, s:s}", "state", node->state,
                                                     "endpoint", node->endpoint,
                                                     "sign_key", sign_hex,
                                                     "curve_key", curve_hex)))
            json_decref (nodes), nodes = NULL;
    }
    //  "o" takes each value, also when one is NULL and packing fails
    return json_pack ("{s:s, s:I, s:I, s:I, s:o, s:o, s:o, s:o}",
                      "federation", imi_manifest_federation (manifest),
                      "version", (json_int_t) imi_manifest_version (manifest),
                      "issued_ms", (json_int_t) imi_manifest_issued_ms (manifest),
                      "signatures", (json_int_t) signatures,
                      "signed_by", signed_by, "next_governance_keys", governance,
                      "next_governance_threshold", count? json_integer ((json_int_t) threshold)
                                                        : json_null (),
                      "nodes", nodes);
}

//  manifest: the manifest the node holds (imi_control_manifest_value).
static int
s_manifest (s_call_t *call)
{
    call->result = imi_control_manifest_value (imi_federation_manifest (call->node->federation));
    return call->result? 0: s_error (call, "out of memory");
}

static int
s_manifest_install (s_call_t *call)
{
    zframe_t *bytes = zmsg_pop (call->request);
    if (!bytes)
        return s_error (call, "missing manifest bytes");
    int rc = imi_node_offer_manifest (call->node, zframe_data (bytes), zframe_size (bytes),
                                      "control");
    zframe_destroy (&bytes);
    if (rc < 0)
        return s_error (call, "manifest refused: %s", imi_error_last ());
    imi_manifest_t *manifest = imi_federation_manifest (call->node->federation);
    call->result = json_pack ("{s:s, s:I}", "outcome", rc == 1? "installed": "already_held",
                              "version", (json_int_t) imi_manifest_version (manifest));
    return call->result? 0: s_error (call, "out of memory");
}

//  ---------------------------------------------------------------------------
//  The directory of authorities

#define S_IMPORT_CHUNK 256              //  authorities per transaction in an import, at most
#define S_SEND_STEP 1000                //  operator test messages per transaction in a send
#define S_IMPORT_STEP_MS 100            //  ... fewer if a step would take longer

//  An optional argument: NULL if absent or "-".
static char *
s_optional (s_call_t *call)
{
    char *value = s_argument (call);
    if (value && strcmp (value, "-") == 0)
        zstr_free (&value);
    return value;
}

//  The option pairs that are the rest of the request (imi_options_take).
//  0, or -1 after an "invalid" error.
static int
s_options (s_call_t *call, const char *const names [], char *values [], size_t count)
{
    return imi_options_take (call->request, names, values, count)? s_failed (call, -2): 0;
}

//  A source of one authority for imi_dirsync_publish: the one context holds.
static int
s_authority_copy (void *context, size_t index, imi_authority_t *authority)
{
    (void) index;
    *authority = *(const imi_authority_t *) context;
    return 0;
}

//  authority-add JSON / authority-update JSON: {outcome (added, updated),
//  authority (its key)}.
static int
s_authority_put (s_call_t *call, int must_exist)
{
    char *json = s_argument (call);
    if (!json)
        return s_error (call, "missing the authority (JSON)");
    imi_authority_t *authority = malloc (sizeof *authority);
    int rc = authority? imi_authority_from_json (authority, json, strlen (json))
                      : imi_error_set ("out of memory");
    if (rc == 0)
        rc = imi_dirsync_publish (call->node, s_authority_copy, authority, 1, NULL,
                                  must_exist) < 0? -1: 0;
    if (rc)
        s_error (call, "%s", imi_error_last ());
    else
        rc = s_outcome (call, must_exist? "updated": "added", "authority", "%s:%s",
                        call->node->settings.state, authority->id);
    free (authority);
    zstr_free (&json);
    return rc;
}

static int
s_authority_add (s_call_t *call)
{
    return s_authority_put (call, 0);
}

static int
s_authority_update (s_call_t *call)
{
    return s_authority_put (call, 1);
}

//  ---------------------------------------------------------------------------
//  Long commands: run in steps between turns of the loop, so that the node
//  keeps answering pings, delivering and serving imictl while, say, 12,500
//  authorities are imported. The client is told "progress" every second
//  (imictl's time-out is for silence) and gets the reply when it is done.
//  One long command runs at a time. The node's own retention run (every
//  retention_check_ms) is a job without a client: a command stops it, and
//  the node starts it again when the command is done (each case is done or
//  untouched between steps, so the next run does the rest).

#define S_JOB_SLICE_MS      50          //  steps per turn of the loop, at most this long
#define S_JOB_PROGRESS_MS   1000        //  a "progress" answer this often

//  One step: 1 if there is more to do, 0 when done, -1 on failure; the
//  result (s_step_value) or the error (s_step_line) goes into lines, what
//  is done so far into progress.
typedef int (s_job_step_fn) (imi_node_t *node, void *context, char *progress,
                             size_t progress_size, zlist_t *lines);

struct _imi_job_t {
    zframe_t *client;                   //  who asked (NULL: the node's own run)
    char name [32];                     //  the command (the request's own is freed)
    s_job_step_fn *step;
    void *context;                      //  the step's own state, owned
    void (*destroy) (void **context_p);
    int64_t progress_ms;                //  when progress was last told
    char progress [128];                //  what the last step said
};

//  A long command's result, value (consumed), as the line of its reply: it
//  is data as call->result is. 0, or -1 after an error line if value is
//  NULL (out of memory).
static int
s_step_value (zlist_t *lines, json_t *value)
{
    char *json = imi_lines_json (value);
    json_decref (value);
    if (!json) {
        s_step_line (lines, "out of memory");
        return -1;
    }
    zlist_append (lines, json);
    free (json);
    return 0;
}

static void
s_job_end (imi_node_t *node, const char *status, zlist_t *lines)
{
    imi_job_t *job = node->job;
    node->job = NULL;
    if (job->client)
        imi_node_reply (node, &job->client, status, lines);
    job->destroy (&job->context);
    free (job);
}

//  Make room for a long command: 0, or -1 after an error line if another
//  one runs. The node's own retention run gives way (and runs again later).
static int
s_job_room (s_call_t *call)
{
    imi_node_t *node = call->node;
    if (node->job && node->job->client)
        return s_error (call, "%s is running (%s): try again when it has finished",
                        node->job->name, node->job->progress);
    if (node->job) {
        imi_log (IMI_LOG_INFO, "job.interrupted", "job=%s by=%s progress=\"%s\"",
                 node->job->name, call->name, node->job->progress);
        s_job_end (node, "error", NULL);
        node->last_retention_ms = 0;
    }
    return 0;
}

//  Make a long command the node's job: its client (consumed; NULL for the
//  node's own run) and context (consumed). 0, or -1 out of memory.
static int
s_job_begin (imi_node_t *node, zframe_t **client_p, const char *name, s_job_step_fn *step,
             void **context_p, void (*destroy) (void **context_p))
{
    assert (!node->job);
    imi_job_t *job = calloc (1, sizeof *job);
    if (!job) {
        destroy (context_p);
        return imi_error_set ("out of memory");
    }
    job->client = client_p? *client_p: NULL;
    if (client_p)
        *client_p = NULL;
    snprintf (job->name, sizeof job->name, "%s", name);
    job->step = step;
    job->context = *context_p;
    *context_p = NULL;
    job->destroy = destroy;
    job->progress_ms = imi_node_clock ();
    snprintf (job->progress, sizeof job->progress, "starting");
    node->job = job;
    return 0;
}

//  Make call a long command (after s_job_room): its client and context
//  (consumed) now belong to the job. 0, or -1 after an error line.
static int
s_job_start (s_call_t *call, s_job_step_fn *step, void **context_p,
             void (*destroy) (void **context_p))
{
    if (s_job_begin (call->node, &call->client, call->name, step, context_p, destroy))
        return s_error (call, "%s", imi_error_last ());
    return 0;
}

static void
s_module_step (imi_node_t *self)
{
    imi_job_t *job = self->job;
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    int64_t deadline = imi_node_clock () + S_JOB_SLICE_MS;
    int rc;
    do
        rc = job->step (self, job->context, job->progress, sizeof job->progress, lines);
    while (rc == 1 && imi_node_clock () < deadline);
    if (rc <= 0)
        s_job_end (self, rc == 0? "ok": "error", lines);
    else
    if (job->client && imi_node_clock () - job->progress_ms >= S_JOB_PROGRESS_MS) {
        job->progress_ms = imi_node_clock ();
        zlist_append (lines, job->progress);
        zframe_t *client = zframe_dup (job->client);
        imi_node_reply (self, &client, "progress", lines);
    }
    zlist_destroy (&lines);
}

static int
s_module_start (imi_node_t *self)
{
    self->logins = imi_logins_new ();
    if (!self->logins)
        return -1;
    //  For the HTTP API's reads: imictl's commands all go to the loop
    bool readers = *self->settings.http_listen && self->settings.http_readers > 0;
    if (readers)
        self->readers = imi_readers_new (self, (size_t) self->settings.http_readers);
    return readers && !self->readers? -1: 0;
}

static void *
s_module_socket (imi_node_t *self)
{
    return imi_logins_socket (self->logins);
}

static void
s_module_stop (imi_node_t *self)
{
    imi_readers_destroy (&self->readers);
    imi_logins_destroy (&self->logins);
    if (!self->job)
        return;
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    zlist_append (lines, "the node stopped before the command finished");
    s_job_end (self, "error", lines);
    zlist_destroy (&lines);
}

//  send: up to S_SEND_STEP messages are queued at once, in one transaction;
//  more go in steps of S_SEND_STEP (each one transaction), as a long
//  command, so that the loop answers pings and imictl between them.
typedef struct {
    char state [3];                     //  the peer, looked up each step (a manifest
                                        //  may remove it meanwhile)
    char *text;                         //  owned
    long count;                         //  asked for
    long queued;                        //  so far
} s_send_t;

static void
s_send_destroy (void **context_p)
{
    s_send_t *send = (s_send_t *) *context_p;
    if (send) {
        zstr_free (&send->text);
        free (send);
        *context_p = NULL;
    }
}

//  Queue the next step of send; 0 or -1 (reason set).
static int
s_send_some (imi_node_t *node, s_send_t *send)
{
    imi_peer_t *peer = imi_node_peer (node, send->state);
    if (!peer)
        return imi_error_set ("%s is no longer a peer", send->state);
    long step = send->count - send->queued < S_SEND_STEP? send->count - send->queued: S_SEND_STEP;
    if (imi_operator_send (node, peer, send->text, send->queued + 1, step, send->count > 1))
        return -1;
    send->queued += step;
    return 0;
}

//  send's result: {queued, to, last_seq}, or NULL if out of memory.
static json_t *
s_send_result (imi_node_t *node, s_send_t *send)
{
    imi_peer_t *peer = imi_node_peer (node, send->state);
    return json_pack ("{s:I, s:s, s:I}", "queued", (json_int_t) send->queued, "to", send->state,
                      "last_seq", peer? (json_int_t) peer->next_out_seq - 1: 0);
}

static int
s_send_step (imi_node_t *node, void *context, char *progress, size_t progress_size,
             zlist_t *lines)
{
    s_send_t *send = (s_send_t *) context;
    if (s_send_some (node, send)) {
        s_step_line (lines, "after %ld of %ld messages: %s", send->queued, send->count,
                     imi_error_last ());
        return -1;
    }
    if (send->queued == send->count)
        return s_step_value (lines, s_send_result (node, send));
    snprintf (progress, progress_size, "queued %ld of %ld messages", send->queued, send->count);
    return 1;
}

static int
s_send (s_call_t *call)
{
    imi_peer_t *peer = s_peer_argument (call);
    if (!peer)
        return -1;
    s_send_t *send = calloc (1, sizeof *send);
    if (!send)
        return s_error (call, "out of memory");
    snprintf (send->state, sizeof send->state, "%s", peer->node.state);
    send->text = s_argument (call);
    int rc = -1;
    if (!send->text)
        s_error (call, "missing TEXT to send");
    else
    if (strlen (send->text) > IMI_TEXT_MAX_BYTES - 16)
        s_error (call, "text is %zu bytes; the limit is %d", strlen (send->text),
                 IMI_TEXT_MAX_BYTES - 16);
    else
    if (s_number_argument (call, "COUNT", 1, 1, 100000, &send->count) == 0) {
        if (send->count > S_SEND_STEP) {
            if (s_job_room (call) == 0)
                return s_job_start (call, s_send_step, (void **) &send, s_send_destroy);
        }
        else
        if (s_send_some (call->node, send))
            s_error (call, "%s", imi_error_last ());
        else {
            call->result = s_send_result (call->node, send);
            rc = call->result? 0: s_error (call, "out of memory");
        }
    }
    s_send_destroy ((void **) &send);
    return rc;
}

//  authority-import JSONL: every line is checked before anything is
//  published (pass 0); then they are published, added or updated, in
//  transactions of up to S_IMPORT_CHUNK (pass 1). Each step takes one chunk.
//  Lines are parsed as they are needed, into one authority at a time.
typedef struct {
    char *text;                         //  the JSON lines, owned
    char *cursor;                       //  next line to read
    size_t line_number;                 //  of the line before cursor
    int pass;                           //  0 checking, 1 publishing
    size_t lines;                       //  authorities found by pass 0
    size_t published;                   //  by pass 1
    size_t chunk_size;                  //  authorities in pass 1's next step
    imi_authority_t authority;          //  pass 0 parses into it
    struct {
        const char *start;
        size_t size;
        size_t line_number;
    } chunk [S_IMPORT_CHUNK];           //  the lines of pass 1's step
} s_import_t;

static void
s_import_destroy (void **context_p)
{
    s_import_t *import = (s_import_t *) *context_p;
    if (import) {
        zstr_free (&import->text);
        free (import);
        *context_p = NULL;
    }
}

//  The source of imi_dirsync_publish in pass 1: the index-th line of the step.
static int
s_import_source (void *context, size_t index, imi_authority_t *authority)
{
    s_import_t *import = (s_import_t *) context;
    if (imi_authority_from_json (authority, import->chunk [index].start,
                                 import->chunk [index].size))
        return imi_error_malformed ("line %zu: %s", import->chunk [index].line_number,
                                    imi_error_last ());
    return 0;
}

static int
s_import_step (imi_node_t *node, void *context, char *progress, size_t progress_size,
               zlist_t *lines)
{
    s_import_t *import = (s_import_t *) context;
    size_t in_chunk = 0, chunk_size = import->pass == 0? S_IMPORT_CHUNK: import->chunk_size;
    while (in_chunk < chunk_size && import->cursor && *import->cursor) {
        char *line = import->cursor;
        char *end = strchr (line, '\n');
        size_t size = end? (size_t) (end - line): strlen (line);
        import->cursor = end? end + 1: NULL;
        import->line_number++;
        if (size == 0 || line [0] == '#')
            continue;
        if (import->pass == 0
        &&  imi_authority_from_json (&import->authority, line, size)) {
            s_step_line (lines, "line %zu: %s", import->line_number, imi_error_last ());
            return -1;
        }
        import->chunk [in_chunk].start = line;
        import->chunk [in_chunk].size = size;
        import->chunk [in_chunk].line_number = import->line_number;
        in_chunk++;
    }
    if (import->pass == 0)
        import->lines += in_chunk;
    else
    if (in_chunk > 0) {
        //  A step publishes what takes about S_IMPORT_STEP_MS here (its cost
        //  grows with the peers each entry is pushed to, and under a
        //  sanitizer): the loop is back to pings and imictl in time.
        int64_t started = imi_node_clock ();
        if (imi_dirsync_publish (node, s_import_source, import, in_chunk, NULL, -1) < 0) {
            s_step_line (lines, "after %zu of %zu authorities: %s", import->published,
                         import->lines, imi_error_last ());
            return -1;
        }
        import->published += in_chunk;
        int64_t took = imi_node_clock () - started;
        size_t fits = took > 0? in_chunk * S_IMPORT_STEP_MS / (size_t) took: S_IMPORT_CHUNK;
        import->chunk_size = fits < 1? 1: fits > S_IMPORT_CHUNK? S_IMPORT_CHUNK: fits;
    }
    bool pass_done = !import->cursor || !*import->cursor;
    if (pass_done && import->pass == 1)
        return s_step_value (lines, json_pack ("{s:I}", "imported",
                                               (json_int_t) import->published));
    if (pass_done) {
        import->pass = 1;
        import->cursor = import->text;
        import->line_number = 0;
    }
    if (import->pass == 0)
        snprintf (progress, progress_size, "checked %zu lines", import->line_number);
    else
        snprintf (progress, progress_size, "imported %zu of %zu authorities", import->published,
                  import->lines);
    return 1;
}

static int
s_authority_import (s_call_t *call)
{
    if (s_job_room (call))
        return -1;
    s_import_t *import = calloc (1, sizeof *import);
    if (!import)
        return s_error (call, "out of memory");
    import->text = s_argument (call);
    import->cursor = import->text;
    import->chunk_size = 64;            //  a first guess, then measured
    if (!import->text) {
        s_import_destroy ((void **) &import);
        return s_error (call, "missing the authorities (JSON lines)");
    }
    return s_job_start (call, s_import_step, (void **) &import, s_import_destroy);
}

static int
s_authority_remove (s_call_t *call)
{
    char *id = s_argument (call);
    if (!id)
        return s_error (call, "missing the authority's id");
    int rc = imi_dirsync_publish (call->node, NULL, NULL, 0, id, 1) < 0? -1: 0;
    if (rc)
        s_error (call, "%s", imi_error_last ());
    else
        rc = s_outcome (call, "removed", "authority", "%s:%s", call->node->settings.state, id);
    zstr_free (&id);
    return rc;
}

//  The directory's record of key into *authority (malloc'd, the caller's).
//  0, or -1 after a "not found" or other error.
static int
s_authority_get (s_call_t *call, const char *key, imi_authority_t **authority)
{
    *authority = malloc (sizeof **authority);
    if (!*authority)
        return s_error (call, "out of memory");
    int rc = imi_directory_get (call->node->directory, key, *authority);
    if (rc == 0)
        return 0;
    free (*authority);
    *authority = NULL;
    if (rc == 1)
        return s_refuse (call, IMI_CONTROL_NOT_FOUND, "there is no authority %s in the directory",
                         key);
    return s_failed (call, rc);
}

//  authority-show KEY [LANG]: {authority: the record, legal_areas: [{code,
//  name}]}, its legal areas named in LANG (or English; null if not in our
//  catalogue).
static int
s_authority_show (s_call_t *call)
{
    char *key = s_argument (call);
    char *lang = s_optional (call);
    imi_authority_t *authority = NULL;
    int rc = key? s_authority_get (call, key, &authority)
                : s_refuse (call, IMI_CONTROL_INVALID, "missing the authority's key (STATE:id)");
    if (rc == 0) {
        json_t *areas = json_array ();
        for (size_t index = 0; areas && index < authority->competence_count; index++) {
            const char *area = authority->competences [index].legal_area;
            const char *name = imi_catalogue_area_name (call->node->catalogue, area,
                                                        lang? lang: "en");
            if (json_array_append_new (areas, json_pack ("{s:s, s:s*}", "code", area,
                                                         "name", name)))
                json_decref (areas), areas = NULL;
        }
        json_t *record = imi_authority_to_value (authority);
        call->result = areas && record? json_pack ("{s:o, s:o}", "authority", record,
                                                   "legal_areas", areas): NULL;
        if (!call->result)
            rc = s_error (call, "out of memory");
    }
    free (authority);
    zstr_free (&key);
    zstr_free (&lang);
    return rc;
}

//  authority-list [STATE] [LIMIT]: {items}, the first LIMIT authorities (of
//  STATE) by key (imi_directory_list).
static int
s_authority_list (s_call_t *call)
{
    char *state = s_optional (call);
    long limit;
    int rc = s_number_argument (call, "LIMIT", 100, 1, 1000000, &limit);
    json_t *items = rc == 0? json_array (): NULL;
    if (items && imi_directory_list (call->node->directory, state, limit, items)) {
        json_decref (items);
        rc = s_error (call, "%s", imi_error_last ());
    }
    else
    if (rc == 0)
        rc = s_items (call, items);
    zstr_free (&state);
    return rc;
}

//  search TEXT STATE AREA PROCEDURE LANG LIMIT [OFFSET] ("-" for none): a
//  page of results (imi_search_run). imictl and HTTP pass what they were
//  given: the codes and numbers are checked here and in imi_search_run,
//  one message each. A state must be one of the federation's.
static int
s_search (s_call_t *call)
{
    char *text = s_optional (call);        //  "-": no words, the filters alone
    char *state = s_optional (call);
    char *area = s_optional (call);
    char *procedure = s_optional (call);
    char *lang = s_optional (call);
    imi_search_query_t query = { state, area, procedure, lang, 20, 0 };
    int rc = s_number_argument (call, "limit", 20, 1, IMI_SEARCH_LIMIT_MAX, &query.limit);
    if (rc == 0)
        rc = s_number_argument (call, "offset", 0, 0, IMI_SEARCH_OFFSET_MAX, &query.offset);
    //  The manifest is the loop's: a reader hands a state filter over.
    if (rc == 0 && state && call->node->reader)
        rc = s_refuse (call, IMI_CONTROL_LOOP, "the loop checks the state");
    else
    if (rc == 0 && state
    &&  !imi_manifest_find (imi_federation_manifest (call->node->federation), state))
        rc = s_refuse (call, IMI_CONTROL_INVALID, "unknown state '%s'", state);
    if (rc == 0 && !(call->result = json_object ()))
        rc = s_error (call, "out of memory");
    int found = rc? 0: imi_search_run (call->node->store, call->node->catalogue,
                                       text? text: "", &query, call->result);
    if (found < 0)
        rc = s_failed (call, found);
    zstr_free (&text);
    zstr_free (&state);
    zstr_free (&area);
    zstr_free (&procedure);
    zstr_free (&lang);
    return rc;
}

//  ---------------------------------------------------------------------------
//  The catalogue of information requests, for whoever starts one (the web
//  application's wizard): read by any user or API key, or the operator.
//  Texts in the option lang, else the user's language (the operator's:
//  English); the values are built by imi_catalogue_view.

#define S_DAY_MS (24LL * 3600 * 1000)

//  procedure-list, options lang L, to KEY: the information request
//  procedures the caller may start, {lang, procedures}: those its authority
//  handles (every one for the operator; none for a user who may not act
//  for the authority, an auditor say) and, with to, that authority too.
static int
s_procedure_list (s_call_t *call)
{
    enum { S_LANG, S_TO, S_COUNT };
    static const char *const names [S_COUNT] = { "lang", "to" };
    char *values [S_COUNT];
    int rc = s_options (call, names, values, S_COUNT);
    imi_authority_t *authorities [2] = { NULL, NULL };
    size_t count = 0;
    bool may_start = !call->has_user || imi_user_can_act (&call->user, call->user.authority);
    if (rc == 0 && call->has_user && may_start)
        rc = s_authority_get (call, call->user.authority, &authorities [count++]);
    if (rc == 0 && values [S_TO])
        rc = s_authority_get (call, values [S_TO], &authorities [count++]);
    if (rc == 0) {
        const char *lang = values [S_LANG]? values [S_LANG]: call->has_user? call->user.lang: NULL;
        call->result = imi_catalogue_requests_value (call->node->catalogue, lang,
                                                     (const imi_authority_t *const *) authorities,
                                                     count);
        if (call->result && !may_start)
            json_array_clear (json_object_get (call->result, "procedures"));
        if (!call->result)
            rc = s_error (call, "out of memory");
    }
    free (authorities [0]);
    free (authorities [1]);
    imi_options_free (values, S_COUNT);
    return rc;
}

//  procedure-show CODE, option lang L: an information request procedure
//  with its questions, subject fields and default reply date
//  (imi_catalogue_request_value), and what a request may carry in files
//  (attachments: {max_bytes, max_files}).
static int
s_procedure_show (s_call_t *call)
{
    static const char *const names [] = { "lang" };
    char *code = s_argument (call);
    char *lang = NULL;
    int rc = code? s_options (call, names, &lang, 1)
                 : s_refuse (call, IMI_CONTROL_INVALID, "missing the procedure's code");
    const imi_request_rules_t *rules = rc? NULL: imi_catalogue_request_rules (call->node->catalogue,
                                                                              code);
    if (rc == 0 && !rules)
        rc = s_refuse (call, IMI_CONTROL_NOT_FOUND, "there is no information request procedure "
                       "'%s' in the catalogue", code);
    if (rc == 0) {
        call->result = imi_catalogue_request_value (call->node->catalogue, rules,
                                                    lang? lang: call->has_user? call->user.lang: NULL,
                                                    imi_node_now () / S_DAY_MS);
        if (!call->result
        ||  json_object_set_new (call->result, "attachments",
                                 json_pack ("{s:I, s:i}", "max_bytes",
                                            (json_int_t) call->node->settings.attachment_max_bytes,
                                            "max_files", IMI_CASE_ATTACHMENTS_MAX)))
            rc = s_error (call, "out of memory");
    }
    imi_options_free (&lang, 1);
    zstr_free (&code);
    return rc;
}

//  procedure-catalogue, option lang L: every legal area and procedure of
//  the catalogue named in L, for the filters of a search
//  (imi_catalogue_index_value).
static int
s_procedure_catalogue (s_call_t *call)
{
    static const char *const names [] = { "lang" };
    char *lang = NULL;
    int rc = s_options (call, names, &lang, 1);
    if (rc == 0) {
        call->result = imi_catalogue_index_value (call->node->catalogue,
                                                  lang? lang: call->has_user? call->user.lang: NULL);
        if (!call->result)
            rc = s_error (call, "out of memory");
    }
    imi_options_free (&lang, 1);
    return rc;
}

//  directory-status: {items}, each origin's feed (imi_directory_status).
static int
s_directory_status (s_call_t *call)
{
    json_t *items = json_array ();
    if (items && imi_directory_status (call->node->directory, items)) {
        json_decref (items);
        return s_error (call, "%s", imi_error_last ());
    }
    return s_items (call, items);
}

//  directory-resolve ORIGIN: forget a frozen origin and fetch it again.
//  {outcome: resolved, origin, action}
static int
s_directory_resolve (s_call_t *call)
{
    char *origin = s_argument (call);
    if (!origin)
        return s_error (call, "missing ORIGIN (a member state code)");
    imi_node_t *node = call->node;
    int rc = imi_store_begin (node->store);
    if (rc == 0)
        rc = imi_store_finish (node->store, imi_directory_resolve (node->directory, origin));
    if (rc)
        s_error (call, "%s", imi_error_last ());
    else {
        for (size_t index = 0; index < node->peer_count; index++)
            node->peers [index]->frontier_wanted = true;
        imi_log (IMI_LOG_WARN, "directory.resolved", "origin=%s action=refetch", origin);
        call->result = json_pack ("{s:s, s:s, s:s}", "outcome", "resolved", "origin", origin,
                                  "action", "refetching from peers");
        rc = call->result? 0: s_error (call, "out of memory");
    }
    zstr_free (&origin);
    return rc? -1: 0;
}

//  ---------------------------------------------------------------------------
//  Users and sessions. The operator ("-" for the token) may do anything
//  here; a user in a session what imi_users.h allows. Argon2id (0.05 to
//  0.5 s and 64 MiB each) never runs here: login, user-add with a password,
//  user-password and password check the request and the caller's rights,
//  hand the hash to the login worker (imi_login.h) with s_hand_over and
//  finish when its result arrives (s_worker_result, with the caller as it
//  was). What may change meanwhile is checked again when they write: the
//  user added or disabled meanwhile, another password set meanwhile. The
//  caller's rights are those of the request. A node stopping meanwhile
//  answers nothing and writes nothing.

//  Free a string that held a password, wiping it first.
static void
s_secret_free (char **secret_p)
{
    if (*secret_p)
        sodium_memzero (*secret_p, strlen (*secret_p));
    zstr_free (secret_p);
}

//  Who runs the call, for the log and the audit log: the user, or the
//  operator with the OS user that ran imictl.
static const char *
s_caller_name (s_call_t *call)
{
    return call->has_user? call->user.name: call->operator_name;
}

//  May the caller manage a user (or an API key) of authority who has (or
//  is to get) role? 0, or -1 after a "forbidden" error.
static int
s_may_manage (s_call_t *call, const char *authority, imi_role_t role)
{
    if (!call->has_user || (imi_user_can_manage (&call->user, authority)
                        &&  imi_user_can_manage_role (&call->user, role)))
        return 0;
    return s_refuse (call, IMI_CONTROL_FORBIDDEN, "%s (%s of %s) may not manage %s users of %s",
                     call->user.name, imi_role_name (call->user.role), call->user.authority,
                     imi_role_name (role), authority);
}

//  The active user named name, into *user, if the caller may manage them
//  (or is them: a user may change their own password, and disable
//  themself, on the control socket; over HTTP their own password only
//  with the current one, `password`). 0, or -1 after an error.
static int
s_managed_user (s_call_t *call, const char *name, imi_user_t *user)
{
    if (!name)
        return s_refuse (call, IMI_CONTROL_INVALID, "missing the user's NAME");
    int rc = imi_users_get (call->node->store, name, user);
    if (rc == 1)
        return s_refuse (call, IMI_CONTROL_NOT_FOUND, "there is no active user named %.64s",
                         name);
    if (rc)
        return s_error (call, "%s", imi_error_last ());
    if (call->has_user && strcmp (call->user.name, name) == 0 && call->http
    &&  strcmp (call->name, "user-password") == 0)
        return s_refuse (call, IMI_CONTROL_FORBIDDEN, "change your own password with your "
                         "current one (POST /api/v1/password)");
    //  Who you are at the identity provider is for whoever manages you to
    //  say: linking yourself could hand your account to another person.
    if (call->has_user && strcmp (call->user.name, name) == 0
    &&  strncmp (call->name, "user-link", 9) != 0 && strcmp (call->name, "user-unlink") != 0)
        return 0;
    return s_may_manage (call, user->authority, user->role);
}

//  Finish a change to the users begun with imi_store_begin: log it in the
//  audit log (event, detail) and commit, or roll back. 0, or -1 with the
//  change's (or the log's) reason.
static int
s_commit_logged (imi_store_t *store, int rc, const char *event, const char *detail)
{
    if (rc == 0)
        rc = imi_audit_local (store, event, detail, imi_node_now ());
    return imi_store_finish (store, rc);
}

//  Run change (with context) in a transaction with its audit leaf (event,
//  detail, read once change has run: it may write it). 0, or -1 after an
//  error (the change's malformed input: "invalid").
typedef int (s_change_fn) (s_call_t *call, void *context);
#define S_DETAIL_MAX 384

static int
s_change_logged (s_call_t *call, s_change_fn *change, void *context, const char *event,
                 const char *detail)
{
    imi_store_t *store = call->node->store;
    int rc = imi_store_begin (store);
    if (rc == 0)
        rc = s_commit_logged (store, change (call, context), event, detail);
    return rc? s_failed (call, rc): 0;
}

//  authority is one of the node's own authorities, in the directory. 0, or
//  -1 after an error.
static int
s_own_authority (s_call_t *call, const char *authority)
{
    imi_node_t *node = call->node;
    if (strlen (authority) < 4 || strlen (authority) > IMI_CASE_AUTHORITY_MAX
    ||  authority [2] != ':' || strncmp (authority, node->settings.state, 2) != 0)
        return s_refuse (call, IMI_CONTROL_INVALID, "the users of this node belong to its own "
                         "authorities (%s:...), not to %.80s", node->settings.state, authority);
    imi_authority_t *record = malloc (sizeof *record);
    int found = record? imi_directory_get (node->directory, authority, record): -1;
    free (record);
    if (found == 1)
        return s_refuse (call, IMI_CONTROL_INVALID, "there is no authority %s in the directory "
                         "(see imictl authority list)", authority);
    if (found)
        return s_error (call, "%s", record? imi_error_last (): "out of memory");
    return 0;
}

//  The options of a list command, [authority KEY] [cursor C] [limit N],
//  into values (all S_LIST_OPTIONS of them; the caller frees them with
//  imi_options_free, also after a failure). *which is the authority the
//  list is about as the caller may see it with may (the rule for what is
//  listed): the one asked for, or with none asked the caller's own unless
//  they are the operator or a coordinator (NULL: every authority of the
//  node). *limit is the page size (IMI_PAGE_LIMIT_DEFAULT if not given). 0, or -1
//  after an error ("forbidden" naming what is listed, the users or the API
//  keys; "invalid").
enum { S_LIST_AUTHORITY, S_LIST_CURSOR, S_LIST_LIMIT, S_LIST_OPTIONS };

static int
s_list_options (s_call_t *call, bool (*may) (const imi_user_t *user, const char *authority),
                const char *what, char *values [S_LIST_OPTIONS], const char **which,
                long *limit)
{
    static const char *const names [S_LIST_OPTIONS] = { "authority", "cursor", "limit" };
    if (s_options (call, names, values, S_LIST_OPTIONS))
        return -1;
    const char *authority = values [S_LIST_AUTHORITY];
    *which = authority;
    *limit = IMI_PAGE_LIMIT_DEFAULT;
    if (values [S_LIST_LIMIT] && imi_page_limit (values [S_LIST_LIMIT], limit))
        return s_failed (call, -2);
    if (!call->has_user)
        return 0;
    const char *asked = authority? authority: call->user.authority;
    if (!may (&call->user, asked))
        return s_refuse (call, IMI_CONTROL_FORBIDDEN, "%s (%s of %s) may not see the %s of %.80s",
                         call->user.name, imi_role_name (call->user.role),
                         call->user.authority, what, asked);
    if (!authority && call->user.role != IMI_ROLE_COORDINATOR)
        *which = call->user.authority;
    return 0;
}

static int
s_user_add_change (s_call_t *call, void *context)
{
    void **parts = (void **) context;
    return imi_users_add (call->node->store, (const imi_user_t *) parts [0],
                          (const char *) parts [1], imi_node_now ());
}

//  Hand call's Argon2id work to the login worker (imi_logins_submit's
//  name, hash, password and new_password) with args (frames the command
//  finishes with; taken). The call answers when the result arrives
//  (s_worker_result). Only a hash (hash NULL) is refused here while the
//  worker has too many jobs waiting (a verification is by s_throttled,
//  before): too_many, with the wait in seconds as the second line (the HTTP
//  API's Retry-After). 0, or -1 after an error.
static int
s_hand_over (s_call_t *call, const char *name, const char *hash, const char *password,
             const char *new_password, zmsg_t *args)
{
    int64_t wait_ms = hash? 0: imi_logins_wait (call->node->logins, NULL, imi_node_now ());
    if (wait_ms > 0) {
        zmsg_destroy (&args);
        long seconds = (long) ((wait_ms + 999) / 1000);
        s_refuse (call, IMI_CONTROL_TOO_MANY, "the node is busy hashing passwords: nothing "
                  "was changed, try again in %ld s", seconds);
        s_line (call, "%ld", seconds);
        return -1;
    }
    //  [command, the caller's imi_user_t or "" (the operator), the
    //  operator's name, "1" over HTTP, the Idempotency-Key or "", args...]
    zmsg_t *context = zmsg_new ();
    zmsg_addstr (context, call->name);
    zmsg_addmem (context, &call->user, call->has_user? sizeof call->user: 0);
    zmsg_addstr (context, call->operator_name);
    zmsg_addstr (context, call->http? "1": "0");
    zmsg_addstr (context, call->idempotency_key? call->idempotency_key: "");
    for (zframe_t *frame = zmsg_pop (args); frame; frame = zmsg_pop (args))
        zmsg_append (context, &frame);
    zmsg_destroy (&args);
    if (imi_logins_submit (call->node->logins, &call->client, name, hash, password,
                           new_password, &context))
        return s_error (call, "%s", imi_error_last ());
    zstr_free (&call->idempotency_key);     //  kept when the call answers
    return 0;
}

//  Add user with the password whose hash is password_hash (NULL: none),
//  with its audit leaf and log line: {name, authority, role, lang}. 0, or
//  -1 after an error.
static int
s_user_add_write (s_call_t *call, imi_user_t *user, const char *password_hash)
{
    char detail [S_DETAIL_MAX];
    snprintf (detail, sizeof detail, "name=%s authority=%s role=%s by=%s", user->name,
              user->authority, imi_role_name (user->role), s_caller_name (call));
    void *parts [] = { user, (void *) password_hash };
    if (s_change_logged (call, s_user_add_change, parts, "user.added", detail))
        return -1;
    imi_log (IMI_LOG_INFO, "user.added", "name=%s authority=%s role=%s by=%s password=%s",
             user->name, user->authority, imi_role_name (user->role), s_caller_name (call),
             password_hash? "set": "none");
    call->result = json_pack ("{s:s, s:s, s:s, s:s}", "name", user->name,
                              "authority", user->authority, "role", imi_role_name (user->role),
                              "lang", user->lang);
    return call->result? 0: s_error (call, "out of memory");
}

//  user-add [token|-] name NAME authority KEY role ROLE lang LL [password
//  PASSWORD]: {name, authority, role, lang}. With a password, written when
//  the login worker has hashed it (s_user_add_finish).
static int
s_user_add (s_call_t *call)
{
    enum { NAME, AUTHORITY, ROLE, LANG, PASSWORD, COUNT };
    static const char *const names [COUNT] = { "name", "authority", "role", "lang", "password" };
    char *values [COUNT];
    if (s_options (call, names, values, COUNT))
        return -1;
    const char *name = values [NAME], *authority = values [AUTHORITY], *lang = values [LANG];
    imi_user_t user = { .role = IMI_ROLE_HANDLER };
    int rc = -1;
    if (!name || !authority || !values [ROLE] || !lang)
        s_refuse (call, IMI_CONTROL_INVALID, "usage: user-add name NAME authority KEY role ROLE "
                  "lang LL [password PASSWORD]");
    else
    if (!imi_user_name_valid (name))
        s_refuse (call, IMI_CONTROL_INVALID, "the user name '%.64s' is not valid: 1 to %d of "
                  "a-z 0-9 . _ - (and not 'system' nor apikey.*)", name, IMI_USER_NAME_MAX);
    else
    if (imi_role_parse (values [ROLE], &user.role))
        s_failed (call, -2);
    else
    if (strlen (lang) >= sizeof user.lang)
        s_refuse (call, IMI_CONTROL_INVALID, "'%.16s' is not a language code: two lower-case "
                  "letters (ISO 639-1, e.g. de)", lang);
    else
    if (s_own_authority (call, authority) || s_may_manage (call, authority, user.role))
        ;
    else
    if (values [PASSWORD] && imi_users_password_check (values [PASSWORD]))
        s_failed (call, -2);
    else {
        memcpy (user.name, name, strlen (name) + 1);
        memcpy (user.authority, authority, strlen (authority) + 1);
        memcpy (user.lang, lang, strlen (lang) + 1);
        zmsg_t *args = values [PASSWORD]? zmsg_new (): NULL;
        if (args)
            zmsg_addmem (args, &user, sizeof user);
        rc = args? s_hand_over (call, NULL, NULL, NULL, values [PASSWORD], args)
                 : s_user_add_write (call, &user, NULL);
    }
    imi_options_free (values, COUNT);
    return rc;
}

//  ... with its password hashed: [the imi_user_t] as args. The authority
//  is checked again (removed meanwhile?), the name by imi_users_add (a
//  user of that name added meanwhile?).
static int
s_user_add_finish (s_call_t *call, imi_login_result_t *result)
{
    zframe_t *frame = zmsg_pop (call->request);
    imi_user_t user;
    int rc = -1;
    if (!frame || zframe_size (frame) != sizeof user)
        s_error (call, "the login worker's result is malformed");
    else {
        memcpy (&user, zframe_data (frame), sizeof user);
        if (s_own_authority (call, user.authority) == 0)
            rc = s_user_add_write (call, &user, result->new_hash);
    }
    zframe_destroy (&frame);
    return rc;
}

//  parts: the user's name, the new password's hash, and the hash the
//  current password was verified against (NULL: none was), which must
//  still be the user's.
static int
s_user_password_change (s_call_t *call, void *context)
{
    const char *const *parts = (const char *const *) context;
    imi_store_t *store = call->node->store;
    if (parts [2]) {
        char current [crypto_pwhash_STRBYTES];
        int rc = imi_users_login_hash (store, parts [0], current);
        bool same = rc == 0 && strcmp (current, parts [2]) == 0;
        sodium_memzero (current, sizeof current);
        if (rc)
            return -1;
        if (!same)
            return imi_error_refuse (IMI_ERROR_CONFLICT, "the password of %s was set anew while "
                                     "the current one was checked: nothing was changed",
                                     parts [0]);
    }
    return imi_users_set_password (store, parts [0], parts [1]);
}

//  Set the password of user name (the caller has checked who may) to the
//  one whose hash is password_hash, if the user's password is still the
//  one verified_hash verified (NULL: none was verified), with its audit
//  leaf and log line: {name}. 0, or -1 after an error.
static int
s_password_set (s_call_t *call, const char *name, const char *password_hash,
                const char *verified_hash)
{
    char detail [256];
    snprintf (detail, sizeof detail, "name=%s by=%s", name, s_caller_name (call));
    const char *parts [] = { name, password_hash, verified_hash };
    if (s_change_logged (call, s_user_password_change, parts, "user.password_set", detail))
        return -1;
    imi_log (IMI_LOG_INFO, "user.password_set", "name=%s by=%s", name, s_caller_name (call));
    call->result = json_pack ("{s:s}", "name", name);
    return call->result? 0: s_error (call, "out of memory");
}

//  user-password [token|-] NAME password PASSWORD: by the operator, a
//  manager of the user, or (not over HTTP) the user themself. {name}, when
//  the login worker has hashed it (s_user_password_finish).
static int
s_user_password (s_call_t *call)
{
    static const char *const names [] = { "password" };
    char *name = s_argument (call);
    char *password = NULL;
    imi_user_t user;
    int rc = s_options (call, names, &password, 1);
    if (rc == 0 && !password)
        rc = s_refuse (call, IMI_CONTROL_INVALID, "usage: user-password NAME password PASSWORD");
    if (rc == 0)
        rc = s_managed_user (call, name, &user);
    if (rc == 0 && imi_users_password_check (password))
        rc = s_failed (call, -2);
    if (rc == 0) {
        zmsg_t *args = zmsg_new ();
        zmsg_addstr (args, name);
        rc = s_hand_over (call, NULL, NULL, NULL, password, args);
    }
    zstr_free (&name);
    s_secret_free (&password);
    return rc;
}

//  ... with it hashed: [name] as args. imi_users_set_password refuses a
//  user disabled meanwhile.
static int
s_user_password_finish (s_call_t *call, imi_login_result_t *result)
{
    char *name = s_argument (call);
    int rc = name? s_password_set (call, name, result->new_hash, NULL)
                 : s_error (call, "the login worker's result is malformed");
    zstr_free (&name);
    return rc;
}

//  How a refused login names its user in the log: the name if it is one of
//  our active users; else, since people type passwords into name fields,
//  "unknown" and a tag, 8 hex digits of a hash of the name keyed with a
//  random key of this process. The tag tells repeated attempts with one
//  name apart from attempts with many, and cannot be checked against a
//  guess by anyone who reads the log.
static void
s_login_name (imi_node_t *node, const char *name, char *text, size_t size)
{
    static uint8_t key [crypto_generichash_KEYBYTES];
    static bool keyed = false;
    imi_user_t user;
    if (imi_users_get (node->store, name, &user) == 0) {
        char quoted [IMI_USER_NAME_MAX + 16];
        snprintf (text, size, "name=%s", imi_log_quote (quoted, sizeof quoted, name));
        return;
    }
    if (!keyed) {
        randombytes_buf (key, sizeof key);
        keyed = true;
    }
    uint8_t tag [4];
    crypto_generichash (tag, sizeof tag, (const uint8_t *) name, strlen (name), key, sizeof key);
    char hex [2 * sizeof tag + 1];
    imi_hex_encode (hex, tag, sizeof tag);
    snprintf (text, size, "name=unknown name_tag=%s", hex);
}

//  Whether name's passwords may not be verified now (imi_logins_wait: its
//  failed logins and current-password checks, or the worker's load); if so
//  the call is refused (too_many) with the wait in seconds as its second
//  line (the HTTP API's Retry-After), and that is logged.
static bool
s_throttled (s_call_t *call, const char *name)
{
    int64_t wait_ms = imi_logins_wait (call->node->logins, name, imi_node_now ());
    if (wait_ms <= 0)
        return false;
    long seconds = (long) ((wait_ms + 999) / 1000);
    char quoted [IMI_USER_NAME_MAX + 16];
    s_refuse (call, IMI_CONTROL_TOO_MANY, "too many failed logins for %s (or the node is "
              "busy with logins): try again in %ld s",
              imi_log_quote (quoted, sizeof quoted, name), seconds);
    s_line (call, "%ld", seconds);
    char who [IMI_USER_NAME_MAX + 32];
    s_login_name (call->node, name, who, sizeof who);
    imi_log (IMI_LOG_WARN, "user.login_throttled", "%s wait_s=%ld", who, seconds);
    return true;
}

//  password token current PASSWORD new PASSWORD: the session's user changes
//  their own password, proving they know the current one (so that a
//  stolen session cannot take the account for good). Every session of the
//  user ends, this one too. The login worker checks the current password
//  and hashes the new one (s_password_finish answers); the check is
//  throttled with the user's logins: a wrong one counts as a failed login,
//  and while the name must wait it is not verified at all (a stolen
//  session cannot guess at Argon2id speed). {name}
static int
s_password (s_call_t *call)
{
    enum { CURRENT, NEW, COUNT };
    static const char *const names [COUNT] = { "current", "new" };
    char *values [COUNT];
    if (s_options (call, names, values, COUNT))
        return -1;
    char hash [crypto_pwhash_STRBYTES];
    int rc = -1;
    if (!values [CURRENT] || !values [NEW])
        s_refuse (call, IMI_CONTROL_INVALID, "usage: password current PASSWORD new PASSWORD");
    else
    if (call->user.api_key)
        s_refuse (call, IMI_CONTROL_FORBIDDEN, "an API key has no password");
    else
    if (imi_users_password_check (values [NEW]))
        s_failed (call, -2);
    else
    if (s_throttled (call, call->user.name))
        ;
    else
    if (imi_users_login_hash (call->node->store, call->user.name, hash))
        s_error (call, "%s", imi_error_last ());
    else
        rc = s_hand_over (call, call->user.name, hash, values [CURRENT], values [NEW],
                          zmsg_new ());
    sodium_memzero (hash, sizeof hash);
    imi_options_free (values, COUNT);
    return rc;
}

//  ... with the current password checked and the new one hashed (no
//  args): set, unless it was wrong, or another was set meanwhile.
static int
s_password_finish (s_call_t *call, imi_login_result_t *result)
{
    if (!result->verified) {
        //  A guess, perhaps with a stolen session: logged as refused logins are
        imi_log (IMI_LOG_WARN, "user.password_refused", "name=%s", call->user.name);
        return s_refuse (call, IMI_CONTROL_FORBIDDEN, "the current password is wrong");
    }
    return s_password_set (call, call->user.name, result->new_hash, result->hash);
}

static int
s_user_disable_change (s_call_t *call, void *context)
{
    return imi_users_disable (call->node->store, (const char *) context, imi_node_now ());
}

//  A change to the user NAME (the next argument) by one who manages them:
//  change, with the name as its context, in a transaction with its audit
//  leaf event (also the log's event); the result {name} and the members of
//  more (consumed). 0, or -1 after an error.
static int
s_user_change (s_call_t *call, s_change_fn *change, const char *event, json_t *more)
{
    char *name = s_argument (call);
    imi_user_t user;
    int rc = s_managed_user (call, name, &user);
    char detail [256];
    snprintf (detail, sizeof detail, "name=%s by=%s", name? name: "", s_caller_name (call));
    if (rc == 0)
        rc = s_change_logged (call, change, name, event, detail);
    if (rc == 0) {
        imi_log (IMI_LOG_INFO, event, "%s", detail);
        call->result = json_pack ("{s:s}", "name", name);
        if (!call->result || json_object_update (call->result, more))
            rc = s_error (call, "out of memory");
    }
    json_decref (more);
    zstr_free (&name);
    return rc;
}

//  user-disable [token|-] NAME: {name, status}
static int
s_user_disable (s_call_t *call)
{
    return s_user_change (call, s_user_disable_change, "user.disabled",
                          json_pack ("{s:s}", "status", "disabled"));
}

//  user-link [token|-] NAME subject SUBJECT: the user is the person the
//  identity provider names SUBJECT (the value of its claim oidc_claim), and
//  signs in through it. {name, subject}
static int
s_user_link_change (s_call_t *call, void *context)
{
    const char *const *parts = (const char *const *) context;
    return imi_users_link (call->node->store, parts [0], parts [1]);
}

static int
s_user_link (s_call_t *call)
{
    static const char *const names [] = { "subject" };
    char *name = s_argument (call), *subject = NULL;
    imi_user_t user;
    int rc = s_managed_user (call, name, &user);
    if (rc == 0)
        rc = s_options (call, names, &subject, 1);
    if (rc == 0 && !subject)
        rc = s_refuse (call, IMI_CONTROL_INVALID, "usage: user-link NAME subject SUBJECT");
    char detail [S_DETAIL_MAX], quoted [IMI_OIDC_SUBJECT_MAX + 16];
    snprintf (detail, sizeof detail, "name=%s subject=%s by=%s", name? name: "",
              imi_log_quote (quoted, sizeof quoted, subject? subject: ""), s_caller_name (call));
    const char *parts [] = { name, subject };
    if (rc == 0)
        rc = s_change_logged (call, s_user_link_change, parts, "user.linked", detail);
    if (rc == 0) {
        imi_log (IMI_LOG_INFO, "user.linked", "%s", detail);
        call->result = json_pack ("{s:s, s:s}", "name", name, "subject", subject);
        rc = call->result? 0: s_error (call, "out of memory");
    }
    zstr_free (&name);
    zstr_free (&subject);
    return rc;
}

//  user-unlink [token|-] NAME: the user no longer signs in through the
//  identity provider, and their sessions end. {name, subject: null}
static int
s_user_unlink_change (s_call_t *call, void *context)
{
    return imi_users_unlink (call->node->store, (const char *) context);
}

static int
s_user_unlink (s_call_t *call)
{
    return s_user_change (call, s_user_unlink_change, "user.unlinked",
                          json_pack ("{s:n}", "subject"));
}

//  user-list [token|-] [authority KEY] [cursor C] [limit N]: a page of the
//  users (imi_users_list). The operator sees every user; a user those of
//  the authorities they can read (a coordinator every authority of the
//  node's state, which are all the node's users hold).
static int
s_user_list (s_call_t *call)
{
    char *values [S_LIST_OPTIONS];
    const char *which;
    long limit;
    int rc = s_list_options (call, imi_user_can_read, "users", values, &which, &limit);
    if (rc == 0 && !(call->result = imi_page_new ()))
        rc = s_error (call, "out of memory");
    int listed = rc? 0: imi_users_list (call->node->store, which, values [S_LIST_CURSOR], limit,
                                        call->result);
    if (listed)
        rc = s_failed (call, listed);
    imi_options_free (values, S_LIST_OPTIONS);
    return rc;
}

//  ---------------------------------------------------------------------------
//  API keys (imi_apikeys): made, listed and revoked by whoever may manage
//  users of the key's authority and role, or the operator; never by a key.

//  The caller is a person or the operator. 0, or -1 after a "forbidden" error.
static int
s_not_a_key (s_call_t *call)
{
    if (call->has_user && call->user.api_key)
        return s_refuse (call, IMI_CONTROL_FORBIDDEN, "API keys are made, listed and revoked "
                         "by people (log in) or the operator, not by an API key");
    return 0;
}

//  The key of parts [0] made: its id into parts [1], its text into parts
//  [2], and the audit leaf's detail, which names the id, into parts [3].
static int
s_apikey_create_change (s_call_t *call, void *context)
{
    void **parts = (void **) context;
    const imi_apikey_t *key = (const imi_apikey_t *) parts [0];
    int64_t *id = (int64_t *) parts [1];
    int rc = imi_apikeys_create (call->node->store, key, imi_node_now (), id, (char *) parts [2]);
    snprintf ((char *) parts [3], S_DETAIL_MAX, "id=%lld authority=%s role=%s by=%s",
              (long long) *id, key->authority, imi_role_name (key->role), key->created_by);
    return rc;
}

//  apikey-create [token|-] authority KEY role ROLE label TEXT [lang LL]:
//  {id, key, name, authority, role, lang, label, created_by}; key is the
//  secret, shown this once.
static int
s_apikey_create (s_call_t *call)
{
    enum { AUTHORITY, ROLE, LABEL, LANG, COUNT };
    static const char *const names [COUNT] = { "authority", "role", "label", "lang" };
    char *values [COUNT];
    if (s_options (call, names, values, COUNT))
        return -1;
    imi_apikey_t key = { .role = IMI_ROLE_HANDLER };
    int rc = s_not_a_key (call);
    if (rc == 0 && (!values [AUTHORITY] || !values [ROLE] || !values [LABEL]))
        rc = s_refuse (call, IMI_CONTROL_INVALID, "usage: apikey-create authority KEY role ROLE "
                       "label TEXT [lang LL]");
    if (rc == 0 && (imi_role_parse (values [ROLE], &key.role)
                ||  imi_option_copy (key.label, sizeof key.label, values [LABEL], "label")
                ||  imi_option_copy (key.lang, sizeof key.lang, values [LANG]? values [LANG]: "en",
                                     "lang")))
        rc = s_failed (call, -2);
    if (rc == 0)
        rc = s_own_authority (call, values [AUTHORITY]);
    if (rc == 0)
        rc = s_may_manage (call, values [AUTHORITY], key.role);
    int64_t id = 0;
    char text [IMI_APIKEY_CHARS + 1] = "", detail [S_DETAIL_MAX] = "";
    if (rc == 0) {
        snprintf (key.authority, sizeof key.authority, "%s", values [AUTHORITY]);
        snprintf (key.creator, sizeof key.creator, "%s", call->has_user? call->user.name: "");
        snprintf (key.created_by, sizeof key.created_by, "%s", s_caller_name (call));
        void *parts [] = { &key, &id, text, detail };
        rc = s_change_logged (call, s_apikey_create_change, parts, "apikey.created", detail);
    }
    if (rc == 0) {
        imi_log (IMI_LOG_INFO, "apikey.created", "%s", detail);
        char name [IMI_USER_NAME_MAX + 1];
        imi_apikey_user_name (id, name);
        call->result = json_pack ("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                                  "id", (json_int_t) id, "key", text, "name", name,
                                  "authority", key.authority, "role", imi_role_name (key.role),
                                  "lang", key.lang, "label", key.label,
                                  "created_by", key.created_by);
        rc = call->result? 0: s_error (call, "out of memory");
    }
    sodium_memzero (text, sizeof text);
    imi_options_free (values, COUNT);
    return rc;
}

//  apikey-list [token|-] [authority KEY] [cursor C] [limit N]: a page of
//  the keys the caller may manage (imi_apikeys_list).
static int
s_apikey_list (s_call_t *call)
{
    char *values [S_LIST_OPTIONS];
    const char *which;
    long limit, cursor = 0;
    int rc = s_list_options (call, imi_user_can_manage, "API keys", values, &which, &limit);
    if (rc == 0)
        rc = s_not_a_key (call);
    if (rc == 0 && values [S_LIST_CURSOR]
    &&  imi_parse_number (values [S_LIST_CURSOR], "cursor", 0, LONG_MAX, &cursor))
        rc = s_failed (call, -2);
    if (rc == 0 && !(call->result = imi_page_new ()))
        rc = s_error (call, "out of memory");
    if (rc == 0 && imi_apikeys_list (call->node->store, which, cursor, limit, call->result))
        rc = s_error (call, "%s", imi_error_last ());
    imi_options_free (values, S_LIST_OPTIONS);
    return rc;
}

static int
s_apikey_revoke_change (s_call_t *call, void *context)
{
    return imi_apikeys_revoke (call->node->store, *(int64_t *) context, s_caller_name (call),
                               imi_node_now ());
}

//  apikey-revoke [token|-] ID: {id, status}; the key is refused from now on.
static int
s_apikey_revoke (s_call_t *call)
{
    char *text = s_argument (call);
    long id = 0;
    imi_apikey_t key;
    int rc = s_not_a_key (call);
    if (rc == 0 && (!text || imi_parse_number (text, "ID", 1, LONG_MAX, &id)))
        rc = s_refuse (call, IMI_CONTROL_INVALID, "usage: apikey-revoke ID (the key's number, "
                       "as apikey list shows it)");
    int found = rc? 0: imi_apikeys_get (call->node->store, id, &key);
    if (found == 1 || (found == 0 && rc == 0 && key.revoked))
        rc = s_refuse (call, IMI_CONTROL_NOT_FOUND, "there is no API key %ld that is not "
                       "revoked already", id);
    else
    if (found < 0)
        rc = s_error (call, "%s", imi_error_last ());
    if (rc == 0)
        rc = s_may_manage (call, key.authority, key.role);
    if (rc == 0) {
        char detail [256];
        snprintf (detail, sizeof detail, "id=%ld by=%s", id, s_caller_name (call));
        int64_t key_id = id;
        rc = s_change_logged (call, s_apikey_revoke_change, &key_id, "apikey.revoked", detail);
    }
    if (rc == 0) {
        imi_log (IMI_LOG_INFO, "apikey.revoked", "id=%ld by=%s", id, s_caller_name (call));
        call->result = json_pack ("{s:I, s:s}", "id", (json_int_t) id, "status", "revoked");
        rc = call->result? 0: s_error (call, "out of memory");
    }
    zstr_free (&text);
    return rc;
}

//  login NAME PASSWORD: {token}, the session's. The password is verified
//  on the login worker (imi_login.h): the answer comes from s_login_verdict.
static int
s_login (s_call_t *call)
{
    char *name = s_argument (call);
    char *password = s_argument (call);
    char hash [crypto_pwhash_STRBYTES];
    int rc = -1;
    if (!password)
        s_error (call, "usage: login NAME PASSWORD");
    else
    if (!call->node->settings.password_login)
        s_refuse (call, IMI_CONTROL_FORBIDDEN, "password login is off on this node "
                  "(password_login = no): sign in through %s", call->node->settings.oidc_provider_name);
    else
    if (s_throttled (call, name))
        ;
    else
    if (imi_users_login_hash (call->node->store, name, hash)
    ||  imi_logins_submit (call->node->logins, &call->client, name, hash, password, NULL, NULL))
        s_error (call, "%s", imi_error_last ());
    else
        rc = 0;
    sodium_memzero (hash, sizeof hash);
    zstr_free (&name);
    s_secret_free (&password);
    return rc;
}

//  The login worker's verdict on a login (result): the session opened, or
//  the refusal, to the client of the login.
static void
s_login_verdict (imi_node_t *self, imi_login_result_t *result)
{
    char token [IMI_SESSION_TOKEN_CHARS + 1], who [IMI_USER_NAME_MAX + 32];
    int rc = result->verified? imi_users_login_open (self->store, result->name, result->hash,
                                                     imi_node_now (), token)
                             : imi_error_malformed ("wrong user name or password");
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    s_login_name (self, result->name, who, sizeof who);
    json_t *answer = rc? NULL: json_pack ("{s:s}", "token", token);
    char *text = imi_lines_json (answer);
    json_decref (answer);
    sodium_memzero (token, sizeof token);
    bool answered = rc == 0 && text;
    if (answered) {
        imi_log (IMI_LOG_INFO, "user.login", "%s", who);
        zlist_append (lines, text);
        sodium_memzero (text, strlen (text));
    }
    else {
        if (rc == -2)
            imi_log (IMI_LOG_WARN, "user.login_refused", "%s", who);
        zlist_append (lines, rc? (char *) imi_error_last (): "out of memory");
    }
    free (text);
    imi_node_reply (self, &result->client, answered? IMI_CONTROL_OK
                                 : rc == -2? IMI_CONTROL_UNAUTHORIZED: IMI_CONTROL_ERROR, lines);
    zlist_destroy (&lines);
}

//  logout TOKEN: the session ends (a token that names none is fine).
//  {outcome: logged_out}; over HTTP {id_token} for the HTTP server.
static int
s_logout (s_call_t *call)
{
    char *token = s_argument (call), *id_token = NULL;
    int rc = token? imi_users_logout (call->node->store, token, &id_token)
                  : s_error (call, "usage: logout TOKEN");
    if (token && rc)
        s_error (call, "%s", imi_error_last ());
    else
    if (token && call->http) {
        //  A session the identity provider opened: the HTTP server ends
        //  the person's session there too, with this (imi_oidc_logout_url)
        call->result = json_pack ("{s:s?}", "id_token", id_token);
        rc = call->result? 0: s_error (call, "out of memory");
    }
    else
    if (token) {
        call->result = json_pack ("{s:s}", "outcome", "logged_out");
        rc = call->result? 0: s_error (call, "out of memory");
    }
    s_secret_free (&token);
    s_secret_free (&id_token);
    return rc;
}

//  login-oidc - SUBJECT ID_TOKEN: {token}, a session for the user linked
//  to SUBJECT, whom the HTTP server's check of ID_TOKEN (imi_oidc) vouched
//  for; kept with the session for the provider's logout. A person no user
//  is linked to: not_found; a disabled user: forbidden. Both logged.
static int
s_login_oidc (s_call_t *call)
{
    char *subject = s_argument (call), *id_token = s_argument (call);
    char token [IMI_SESSION_TOKEN_CHARS + 1], name [IMI_USER_NAME_MAX + 1];
    char quoted [IMI_OIDC_SUBJECT_MAX + 16];
    int rc = -1;
    if (!subject || !id_token)
        s_error (call, "usage: login-oidc - SUBJECT ID_TOKEN");
    else {
        rc = imi_users_login_subject (call->node->store, subject, id_token, imi_node_now (),
                                      token, name);
        imi_log_quote (quoted, sizeof quoted, subject);
        if (rc == 0) {
            imi_log (IMI_LOG_INFO, "user.login", "name=%s method=oidc subject=%s", name, quoted);
            call->result = json_pack ("{s:s}", "token", token);
            sodium_memzero (token, sizeof token);
            rc = call->result? 0: s_error (call, "out of memory");
        }
        else
        if (rc == -2) {
            bool disabled = imi_error_kind () == IMI_ERROR_FORBIDDEN;
            imi_log (IMI_LOG_WARN, "user.oidc_refused", "reason=%s subject=%s%s%s",
                     disabled? "disabled": "unlinked", quoted, disabled? " name=": "",
                     disabled? name: "");
            s_failed (call, rc);
        }
        else
            s_error (call, "%s", imi_error_last ());
    }
    zstr_free (&subject);
    s_secret_free (&id_token);
    return rc? -1: 0;
}

//  oidc-event - EVENT DETAIL: what the HTTP server saw of the identity
//  provider, for the log (the loop's): provider_down, provider_up, or
//  refused:REASON (a sign-in refused before the users table was asked,
//  imi_oidc_outcome_name). The HTTP server does not log (imi_http.c).
static int
s_oidc_event (s_call_t *call)
{
    char *event = s_argument (call), *detail = s_argument (call);
    char quoted [600], reason [32];
    int rc = 0;
    imi_log_quote (quoted, sizeof quoted, detail? detail: "");
    if (event && strcmp (event, "provider_down") == 0)
        imi_log (IMI_LOG_WARN, "oidc.provider_down", "issuer=%s detail=%s",
                 call->node->settings.oidc_issuer, quoted);
    else
    if (event && strcmp (event, "provider_up") == 0)
        imi_log (IMI_LOG_INFO, "oidc.provider_up", "issuer=%s", call->node->settings.oidc_issuer);
    else
    if (event && strncmp (event, "refused:", 8) == 0
    &&  strspn (event + 8, "abcdefghijklmnopqrstuvwxyz") == strlen (event + 8)
    &&  strlen (event + 8) < sizeof reason) {
        snprintf (reason, sizeof reason, "%s", event + 8);
        imi_log (IMI_LOG_WARN, "user.oidc_refused", "reason=%s detail=%s", reason, quoted);
    }
    else
        rc = s_refuse (call, IMI_CONTROL_INVALID, "usage: oidc-event - provider_down|provider_up|"
                       "refused:REASON DETAIL");
    zstr_free (&event);
    zstr_free (&detail);
    return rc;
}

//  events [CURSOR] [LIMIT]: the changes in the user's reach after CURSOR
//  (absent or "-": from now on), as imi_events_since says.
static int
s_events (s_call_t *call)
{
    long cursor = -1, limit = 100;
    int rc = s_number_argument (call, "CURSOR", -1, 0, LONG_MAX, &cursor);
    if (rc == 0)
        rc = s_number_argument (call, "LIMIT", 100, 1, IMI_EVENTS_LIMIT_MAX, &limit);
    if (rc == 0 && imi_events_since (call->node, &call->user, cursor, (size_t) limit,
                                     &call->result))
        rc = s_error (call, "%s", imi_error_last ());
    return rc;
}

//  events-head: {head}, the latest change's number. For the HTTP server's
//  event stream, which asks it once a second for all its clients.
static int
s_events_head (s_call_t *call)
{
    int64_t head;
    if (imi_events_head (call->node, &head))
        return s_error (call, "%s", imi_error_last ());
    call->result = json_pack ("{s:I}", "head", (json_int_t) head);
    return call->result? 0: s_error (call, "out of memory");
}

//  whoami: {name, authority, role, lang} of the session's user.
static int
s_whoami (s_call_t *call)
{
    call->result = json_pack ("{s:s, s:s, s:s, s:s}", "name", call->user.name,
                              "authority", call->user.authority,
                              "role", imi_role_name (call->user.role), "lang", call->user.lang);
    return call->result? 0: s_error (call, "out of memory");
}

//  stop: {outcome: stopping, state}
static int
s_stop (s_call_t *call)
{
    call->node->stopping = true;
    return s_outcome (call, "stopping", "state", "%s", call->node->settings.state);
}

//  The audit commands a user reaches over HTTP (audit-status, audit-proof)
//  are an auditor's: the log holds no personal data, but reading it is
//  their job, not a handler's. On the control socket, the operator's.
//  0, or -1 after a "forbidden" error.
static int
s_auditor (s_call_t *call)
{
    if (!call->has_user || call->user.role == IMI_ROLE_AUDITOR)
        return 0;
    return s_refuse (call, IMI_CONTROL_FORBIDDEN, "%s (%s of %s) may not read the audit log: "
                     "it is for auditors", call->user.name, imi_role_name (call->user.role),
                     call->user.authority);
}

//  audit-status: our log, its latest checkpoint and cosigners, what we
//  witnessed, equivocations found (imi_witness_status).
static int
s_audit_status (s_call_t *call)
{
    if (s_auditor (call))
        return -1;
    if (imi_witness_status (call->node, &call->result))
        return s_error (call, "%s", imi_error_last ());
    return 0;
}

//  audit-checkpoint: sign a checkpoint now (offered to witnesses at once).
//  {outcome (signed, or unchanged if the log has not grown), size, root}
static int
s_audit_checkpoint (s_call_t *call)
{
    int rc = imi_witness_checkpoint (call->node);
    if (rc < 0)
        return s_error (call, "%s", imi_error_last ());
    uint64_t size;
    uint8_t root [IMI_HASH_BYTES];
    if (imi_audit_head (call->node->store, &size, root))
        return s_error (call, "%s", imi_error_last ());
    for (size_t index = 0; index < call->node->peer_count; index++)
        call->node->peers [index]->last_checkpoint_offer_ms = 0;
    char hex [IMI_HASH_BYTES * 2 + 1];
    imi_hex_encode (hex, root, IMI_HASH_BYTES);
    call->result = json_pack ("{s:s, s:I, s:s}", "outcome", rc? "signed": "unchanged",
                              "size", (json_int_t) size, "root", hex);
    return call->result? 0: s_error (call, "out of memory");
}

//  audit-export DIR: the auditor's bundle, a long command. {exported (the
//  directory), leaves, checkpoints}
static int
s_audit_export_step (imi_node_t *node, void *context, char *progress, size_t progress_size,
                     zlist_t *lines)
{
    (void) node;
    imi_witness_export_t *export = (imi_witness_export_t *) context;
    int rc = imi_witness_export_step (export);
    uint64_t leaves, size;
    size_t checkpoints;
    const char *dir = imi_witness_export_written (export, &leaves, &size, &checkpoints);
    snprintf (progress, progress_size, "wrote %llu of %llu leaves, %zu checkpoints",
              (unsigned long long) leaves, (unsigned long long) size, checkpoints);
    if (rc < 0)
        s_step_line (lines, "%s (%s)", imi_error_last (), progress);
    if (rc == 0)
        rc = s_step_value (lines, json_pack ("{s:s, s:I, s:I}", "exported", dir,
                                             "leaves", (json_int_t) leaves,
                                             "checkpoints", (json_int_t) checkpoints));
    return rc;
}

static void
s_audit_export_destroy (void **context_p)
{
    imi_witness_export_destroy ((imi_witness_export_t **) context_p);
}

static int
s_audit_export (s_call_t *call)
{
    char *dir = s_argument (call);
    if (!dir)
        return s_error (call, "usage: audit-export DIR");
    int rc = s_job_room (call);
    imi_witness_export_t *export = rc? NULL: imi_witness_export_new (call->node, dir);
    if (export)
        rc = s_job_start (call, s_audit_export_step, (void **) &export, s_audit_export_destroy);
    else
    if (rc == 0)
        rc = s_error (call, "%s", imi_error_last ());
    zstr_free (&dir);
    return rc;
}

//  backup FILE: an online copy of the database (imi_store_copy_t), a long
//  command: a few hundred pages a step between turns of the loop, then the
//  copy checked and synced in a thread of its own, then placed at FILE.
#define S_BACKUP_STEP_PAGES 256         //  1 MB of 4 KB pages: some milliseconds

typedef struct {
    imi_store_copy_t *copy;
    char *path;                         //  FILE, owned
} s_backup_t;

static void
s_backup_destroy (void **context_p)
{
    s_backup_t *backup = (s_backup_t *) *context_p;
    if (backup) {
        imi_store_copy_destroy (&backup->copy);
        zstr_free (&backup->path);
        free (backup);
        *context_p = NULL;
    }
}

static int
s_backup_step (imi_node_t *node, void *context, char *progress, size_t progress_size,
               zlist_t *lines)
{
    (void) node;
    s_backup_t *backup = (s_backup_t *) context;
    int rc = imi_store_copy_step (backup->copy, S_BACKUP_STEP_PAGES);
    if (rc == 0)
        rc = imi_store_copy_place (backup->copy);
    int copied, total, version;
    int64_t bytes;
    imi_store_copy_progress (backup->copy, &copied, &total, &bytes, &version);
    if (copied < total)
        snprintf (progress, progress_size, "copied %d of %d pages", copied, total);
    else
        snprintf (progress, progress_size, "copied %d pages, checking the copy", total);
    if (rc < 0)
        s_step_line (lines, "%s (%s)", imi_error_last (), progress);
    if (rc == 0) {
        char quoted [IMI_PATH_MAX + 8];
        imi_log (IMI_LOG_INFO, "store.backup", "path=%s bytes=%lld schema_version=%d",
                 imi_log_quote (quoted, sizeof quoted, backup->path), (long long) bytes, version);
        rc = s_step_value (lines, json_pack ("{s:s, s:I, s:i}", "backup", backup->path,
                                             "bytes", (json_int_t) bytes,
                                             "schema_version", version));
    }
    return rc;
}

static int
s_backup (s_call_t *call)
{
    s_backup_t *backup = calloc (1, sizeof *backup);
    if (!backup)
        return s_error (call, "out of memory");
    backup->path = s_argument (call);
    int rc = backup->path? s_job_room (call): s_error (call, "usage: backup FILE");
    if (rc == 0) {
        backup->copy = imi_store_copy_new (call->node->store, backup->path, false);
        rc = backup->copy? s_job_start (call, s_backup_step, (void **) &backup, s_backup_destroy)
                         : s_error (call, "%s", imi_error_last ());
    }
    s_backup_destroy ((void **) &backup);
    return rc;
}

//  audit-proof message_id ID: where an exchange is in the log, and the
//  proof that it is in the tree of our latest checkpoint (imi_audit_proof).
static int
s_audit_proof (s_call_t *call)
{
    static const char *const names [] = { "message_id" };
    char *hex = NULL;
    if (s_auditor (call) || s_options (call, names, &hex, 1))
        return -1;
    uint8_t message_id [IMI_MESSAGE_ID_BYTES];
    int rc = !hex || imi_hex_decode (message_id, sizeof message_id, hex)
           ? imi_error_malformed ("usage: audit-proof message_id MESSAGE_ID (32 hex digits)")
           : imi_audit_proof (call->node->store, message_id, &call->result);
    zstr_free (&hex);
    if (rc == 1)
        return s_refuse (call, IMI_CONTROL_NOT_FOUND, "no message with that id in the log");
    return rc? s_failed (call, rc): 0;
}

//  retention-run: the retention job now, a long command (it also runs every
//  retention_check_ms, as the node's own job): how many cases it blocked,
//  deleted, swept, and attachment pieces dropped, {blocked, deleted,
//  swept, pieces}.
static int
s_retention_step (imi_node_t *node, void *context, char *progress, size_t progress_size,
                  zlist_t *lines)
{
    imi_retention_run_t *run = (imi_retention_run_t *) context;
    int rc = imi_retention_run_step (run);
    const imi_retention_report_t *report = imi_retention_run_report (run);
    snprintf (progress, progress_size, "checked %zu closed cases: blocked %zu, deleted %zu, "
              "swept %zu", report->checked, report->blocked, report->deleted, report->swept);
    if (rc < 0) {
        imi_log (IMI_LOG_ERROR, "retention.failed", "reason=%s", imi_error_last ());
        s_step_line (lines, "%s (%s before)", imi_error_last (), progress);
    }
    if (rc == 0) {
        node->last_retention_ms = imi_node_clock ();
        if (report->blocked || report->deleted || report->swept || report->pieces)
            imi_log (IMI_LOG_INFO, "retention.run", "blocked=%zu deleted=%zu swept=%zu "
                     "pieces=%zu", report->blocked, report->deleted, report->swept,
                     report->pieces);
        rc = s_step_value (lines, json_pack ("{s:I, s:I, s:I, s:I}",
                                             "blocked", (json_int_t) report->blocked,
                                             "deleted", (json_int_t) report->deleted,
                                             "swept", (json_int_t) report->swept,
                                             "pieces", (json_int_t) report->pieces));
    }
    return rc;
}

static void
s_retention_destroy (void **context_p)
{
    imi_retention_run_destroy ((imi_retention_run_t **) context_p);
}

//  A retention run as a job: for the client, or the node's own if NULL.
static int
s_retention_begin (imi_node_t *node, zframe_t **client_p, const char *name)
{
    imi_retention_run_t *run = imi_retention_run_new (node->store, node->catalogue,
                                                      imi_node_now ());
    if (!run)
        return -1;
    return s_job_begin (node, client_p, name, s_retention_step, (void **) &run,
                        s_retention_destroy);
}

static int
s_retention_run (s_call_t *call)
{
    if (s_job_room (call))
        return -1;
    if (s_retention_begin (call->node, &call->client, call->name))
        return s_error (call, "%s", imi_error_last ());
    return 0;
}

//  The node's own retention run, every retention_check_ms, goes in steps
//  as a job; when a long command runs, it waits for the next tick.
static void
s_module_tick (imi_node_t *self, int64_t now)
{
    if (imi_events_prune (self, imi_node_now ()))
        imi_log (IMI_LOG_ERROR, "events.prune_failed", "reason=\"%s\"", imi_error_last ());
    if (self->last_retention_ms
    &&  now - self->last_retention_ms < self->settings.retention_check_ms)
        return;
    if (self->job)
        return;
    if (s_retention_begin (self, NULL, "retention-run (timer)"))
        imi_log (IMI_LOG_ERROR, "retention.failed", "reason=%s", imi_error_last ());
    self->last_retention_ms = now;
}

//  Finish a command that may answer with content (an attachment): the
//  reason on failure, else the content (consumed) after the lines.
static int
s_answer_with (s_call_t *call, int rc, uint8_t *data, size_t size)
{
    if (rc) {
        free (data);
        return s_failed (call, rc);
    }
    if (data) {
        call->data = zframe_new (data, size);
        free (data);
    }
    return 0;
}

//  Cases and indicators: imi_case_control, as the session's user. The
//  result is data, or (case-attachment) the content.
static int
s_case (s_call_t *call)
{
    uint8_t *data = NULL;
    size_t size = 0;
    int rc = imi_case_command (call->node, &call->user, call->name, call->request,
                               &call->result, &data, &size, &call->client);
    return s_answer_with (call, rc, data, size);
}

//  translate, options from F, to T, text X (pairs of frames): free text
//  through the node's translation service, {lang, original,
//  machine_translation: {lang, engine, text}} (imi_translate_text);
//  answered later if the worker is asked.
static int
s_translate (s_call_t *call)
{
    char *values [3] = { NULL, NULL, NULL };        //  from, to, text
    static const char *names [3] = { "from", "to", "text" };
    char *name, *value;
    int rc = 0;
    while (rc == 0 && (name = s_argument (call))) {
        value = s_argument (call);
        size_t index = 0;
        while (index < 3 && strcmp (name, names [index]) != 0)
            index++;
        if (!value)
            rc = imi_error_malformed ("option %s without a value", name);
        else
        if (index == 3 || values [index])
            rc = imi_error_malformed ("%s option '%s'", index == 3? "unknown": "repeated", name);
        else
            values [index] = value, value = NULL;
        zstr_free (&name);
        zstr_free (&value);
    }
    if (rc == 0)
        rc = values [0] && values [1] && values [2]
           ? imi_translate_command (call->node, values [0], values [1], values [2],
                                    &call->result, &call->client)
           : imi_error_malformed ("translate needs from, to and text (languages as ISO 639-1 "
                                  "codes)");
    for (size_t index = 0; index < 3; index++)
        zstr_free (&values [index]);
    return rc < 0? s_failed (call, rc): 0;
}

//  Alerts: imi_alert_control, as the session's user.
static int
s_alert (s_call_t *call)
{
    uint8_t *data = NULL;
    size_t size = 0;
    int rc = imi_alert_command (call->node, &call->user, call->name, call->request,
                                &call->result, &call->client, &data, &size);
    return s_answer_with (call, rc, data, size);
}

//  Notifications and the repository: imi_notification_control, as the
//  session's user.
static int
s_notification (s_call_t *call)
{
    int rc = imi_notification_command (call->node, &call->user, call->name, call->request,
                                       &call->result, &call->client);
    return rc? s_failed (call, rc): 0;
}

//  audited: run by the operator, it changes the node (or, backup, copies
//  its whole database out, personal data and all), and is not logged by
//  a leaf of its own that names the operator (the user-* commands are):
//  an "operator.command" LOCAL leaf names it and the OS user (s_audit_operator).
//  Not the audit commands: a checkpoint is its own record, and a leaf per
//  export would leave every bundle one leaf behind the log it exports.
static const struct {
    const char *name;
    s_command_fn *run;
    s_caller_t caller;          //  who runs it, and so the token frame
    bool audited;               //  an operator.command leaf once it succeeded
    s_http_t http;              //  who runs it over HTTP (node/http)
    bool reads;                 //  only reads: the readers answer it over HTTP
    bool batches;               //  a change of its own rows, answered at once: it may
                                //  share a transaction with others (request_batches)
} s_commands [] = {
    { "status", s_status, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "health", s_health, S_OPERATOR, false, S_HTTP_OPEN, false, false },
    { "peers", s_peers, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "ping", s_ping, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "send", s_send, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "messages", s_messages, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "message-count", s_message_count, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "counters", s_counters, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "metrics", s_metrics, S_OPERATOR, false, S_HTTP_OPEN, false, false },
    { "manifest", s_manifest, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "manifest-install", s_manifest_install, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "authority-add", s_authority_add, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "authority-update", s_authority_update, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "authority-import", s_authority_import, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "authority-remove", s_authority_remove, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "authority-show", s_authority_show, S_OPERATOR, false, S_HTTP_SESSION, true, false },
    { "authority-list", s_authority_list, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "search", s_search, S_OPERATOR, false, S_HTTP_SESSION, true, false },
    { "procedure-list", s_procedure_list, S_EITHER, false, S_HTTP_SESSION, true, false },
    { "procedure-show", s_procedure_show, S_EITHER, false, S_HTTP_SESSION, true, false },
    { "procedure-catalogue", s_procedure_catalogue, S_EITHER, false, S_HTTP_SESSION, true, false },
    { "directory-status", s_directory_status, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "directory-resolve", s_directory_resolve, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "user-add", s_user_add, S_EITHER, false, S_HTTP_SESSION, false, false },
    { "user-password", s_user_password, S_EITHER, false, S_HTTP_SESSION, false, false },
    { "user-disable", s_user_disable, S_EITHER, false, S_HTTP_SESSION, false, false },
    { "user-list", s_user_list, S_EITHER, false, S_HTTP_SESSION, true, false },
    { "user-link", s_user_link, S_EITHER, false, S_HTTP_SESSION, false, false },
    { "user-unlink", s_user_unlink, S_EITHER, false, S_HTTP_SESSION, false, false },
    { "password", s_password, S_USER, false, S_HTTP_SESSION, false, false },
    { "apikey-create", s_apikey_create, S_EITHER, false, S_HTTP_SESSION, false, false },
    { "apikey-list", s_apikey_list, S_EITHER, false, S_HTTP_SESSION, true, false },
    { "apikey-revoke", s_apikey_revoke, S_EITHER, false, S_HTTP_SESSION, false, false },
    { "login", s_login, S_OPERATOR, false, S_HTTP_OPEN, false, false },
    { "logout", s_logout, S_OPERATOR, false, S_HTTP_SESSION, false, false },
    { "login-oidc", s_login_oidc, S_OPERATOR, false, S_HTTP_INTERNAL, false, false },
    { "oidc-event", s_oidc_event, S_OPERATOR, false, S_HTTP_INTERNAL, false, false },
    { "whoami", s_whoami, S_USER, false, S_HTTP_SESSION, true, false },
    { "events", s_events, S_USER, false, S_HTTP_SESSION, true, false },
    { "events-head", s_events_head, S_OPERATOR, false, S_HTTP_OPEN, true, false },
    { "case-new", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-send", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-withdraw", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-accept", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-forward", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-ask-clarification", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-clarify", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-answer", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-follow-up", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-close", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-message", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-discard", s_case, S_USER, false, S_HTTP_SESSION, false, true },
    { "case-list", s_case, S_USER, false, S_HTTP_SESSION, true, false },
    { "case-show", s_case, S_USER, false, S_HTTP_SESSION, true, false },
    { "case-overdue", s_case, S_USER, false, S_HTTP_SESSION, true, false },
    { "case-attachment", s_case, S_USER, false, S_HTTP_SESSION, true, false },
    { "case-erase", s_case, S_USER, false, S_HTTP_SESSION, false, false },
    { "kpi", s_case, S_USER, false, S_HTTP_SESSION, true, false },
    { "translate", s_translate, S_EITHER, false, S_HTTP_SESSION, false, false },
    { "alert-new", s_alert, S_USER, false, S_HTTP_SESSION, false, true },
    { "alert-correct", s_alert, S_USER, false, S_HTTP_SESSION, false, true },
    { "alert-withdraw", s_alert, S_USER, false, S_HTTP_SESSION, false, true },
    { "alert-close", s_alert, S_USER, false, S_HTTP_SESSION, false, true },
    { "alert-ack", s_alert, S_USER, false, S_HTTP_SESSION, false, true },
    { "alert-list", s_alert, S_USER, false, S_HTTP_SESSION, true, false },
    { "alert-attachment", s_alert, S_USER, false, S_HTTP_SESSION, true, false },
    { "alert-show", s_alert, S_USER, false, S_HTTP_SESSION, true, false },
    { "alert-procedures", s_alert, S_USER, false, S_HTTP_SESSION, true, false },
    { "notification-new", s_notification, S_USER, false, S_HTTP_SESSION, false, true },
    { "notification-modify", s_notification, S_USER, false, S_HTTP_SESSION, false, true },
    { "notification-comment", s_notification, S_USER, false, S_HTTP_SESSION, false, true },
    { "notification-withdraw", s_notification, S_USER, false, S_HTTP_SESSION, false, true },
    { "notification-close", s_notification, S_USER, false, S_HTTP_SESSION, false, true },
    { "notification-list", s_notification, S_USER, false, S_HTTP_SESSION, true, false },
    { "notification-show", s_notification, S_USER, false, S_HTTP_SESSION, true, false },
    { "notification-procedures", s_notification, S_USER, false, S_HTTP_SESSION, true, false },
    { "repository-search", s_notification, S_USER, false, S_HTTP_SESSION, true, false },
    { "repository-show", s_notification, S_USER, false, S_HTTP_SESSION, true, false },
    { "audit-status", s_audit_status, S_OPERATOR, false, S_HTTP_SESSION, false, false },
    { "audit-checkpoint", s_audit_checkpoint, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "audit-export", s_audit_export, S_OPERATOR, false, S_HTTP_NONE, false, false },
    { "audit-proof", s_audit_proof, S_OPERATOR, false, S_HTTP_SESSION, false, false },
    { "backup", s_backup, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "retention-run", s_retention_run, S_OPERATOR, true, S_HTTP_NONE, false, false },
    { "stop", s_stop, S_OPERATOR, true, S_HTTP_NONE, false, false },
};

//  An audited operator command succeeded: a LOCAL leaf naming it and the
//  OS user who ran it, in a transaction of its own (the command's own are
//  committed, or its job has started). If that fails the command stays
//  done; the failure is logged.
static void
s_audit_operator (s_call_t *call)
{
    char detail [256];
    snprintf (detail, sizeof detail, "command=%s by=%s", call->name, call->operator_name);
    imi_store_t *store = call->node->store;
    if (imi_store_begin (store)
    ||  s_commit_logged (store, 0, "operator.command", detail))
        imi_log (IMI_LOG_ERROR, "audit.failed", "event=operator.command %s reason=\"%s\"",
                 detail, imi_error_last ());
}

//  Take the token frame of a command run by caller (over HTTP: as http
//  says), and resolve it into call->user. 0, or -1 after an error line.
static int
s_caller (s_call_t *call, s_caller_t caller, s_http_t http)
{
    if (call->http && http == S_HTTP_NONE)
        return s_refuse (call, IMI_CONTROL_NOT_FOUND, "no such route");
    //  The control socket's connections (ipc, tcp) carry a Peer-Address,
    //  inproc ones none: only code in this process reaches these.
    if (http == S_HTTP_INTERNAL && (!call->http || *call->peer_address))
        return s_refuse (call, IMI_CONTROL_NOT_FOUND, "%s is the node's own HTTP server's "
                         "(in-process only)", call->name);
    if (call->http)
        caller = http == S_HTTP_SESSION? S_USER: S_OPERATOR;
    char *token = caller != S_OPERATOR || call->http? s_argument (call): NULL;
    int rc = 0;
    if (caller == S_EITHER && token && strcmp (token, "-") == 0)
        call->has_user = false;
    else
    if (caller != S_OPERATOR) {
        rc = token? imi_users_session (call->node->store, token, imi_node_now (), &call->user)
                  : -2;
        if (rc == -2 && imi_error_kind () == IMI_ERROR_WRITER)
            s_failed (call, rc);
        else
        if (rc == -2 && imi_apikey_token (token))
            s_refuse (call, IMI_CONTROL_UNAUTHORIZED, "%s", imi_error_last ());
        else
        if (rc == -2)
            s_refuse (call, IMI_CONTROL_UNAUTHORIZED,
                      "not logged in or session expired: run imictl login");
        else
        if (rc)
            s_error (call, "%s", imi_error_last ());
        call->has_user = rc == 0;
    }
    s_secret_free (&token);
    return rc? -1: 0;
}

//  An HTTP request with an Idempotency-Key (imi_idempotency.h), before it
//  runs: 0 to run it; 1 answered with the first answer (call's lines);
//  -1 refused (a conflict) or failed. The request's hash covers the command
//  and every argument frame after the token.
static int
s_idempotency_begin (s_call_t *call, const char *key)
{
    uint8_t hash [IMI_IDEMPOTENCY_HASH_BYTES];
    crypto_generichash_state state;
    crypto_generichash_init (&state, NULL, 0, sizeof hash);
    for (zframe_t *frame = NULL; ; ) {
        const uint8_t *data = frame? zframe_data (frame): (const uint8_t *) call->name;
        uint64_t size = frame? zframe_size (frame): strlen (call->name);
        uint8_t size_bytes [8];
        for (int index = 0; index < 8; index++)
            size_bytes [index] = (uint8_t) (size >> (8 * index));
        crypto_generichash_update (&state, size_bytes, sizeof size_bytes);
        crypto_generichash_update (&state, data, size);
        frame = frame? zmsg_next (call->request): zmsg_first (call->request);
        if (!frame)
            break;
    }
    crypto_generichash_final (&state, hash, sizeof hash);
    char *status, *answer;
    int rc = imi_idempotency_begin (call->node->store, call->user.name, key, hash,
                                    imi_node_now (), &status, &answer);
    if (rc == -2)
        return s_refuse (call, IMI_CONTROL_CONFLICT, "%s", imi_error_last ());
    if (rc < 0)
        return s_error (call, "%s", imi_error_last ());
    if (rc == 1)
        zlist_append (call->lines, answer);
    free (status);
    free (answer);
    return rc;
}

//  ... after it ran (rc): its answer kept, or the key forgotten if it was
//  refused (it changed nothing) or answers later (not kept: documented).
static void
s_idempotency_end (s_call_t *call, const char *key, int rc)
{
    bool kept = rc == 0 && call->client && !call->data;
    const char *answer = kept? (const char *) zlist_first (call->lines): NULL;
    if (imi_idempotency_end (call->node->store, call->user.name, key,
                             kept? IMI_CONTROL_OK: NULL, answer? answer: ""))
        imi_log (IMI_LOG_ERROR, "control.idempotency_failed", "user=%s reason=\"%s\"",
                 call->user.name, imi_error_last ());
}

//  A spooled request's content (call->data) into the spool file the HTTP
//  server made for it (opened, never created: one the server gave up on
//  is gone), and the content's size in its place. 0, or -1 with the
//  reason (IMI_CONTROL_UNAVAILABLE: the server answers 503 and removes its
//  file, whatever part of the content it holds).
static int
s_spool_fill (s_call_t *call)
{
    int fd = imi_spool_open (call->node->settings.data_dir, call->spool, O_WRONLY | O_TRUNC);
    int rc = fd < 0? -1: imi_spool_write (fd, zframe_data (call->data), zframe_size (call->data));
    if (fd >= 0)
        close (fd);
    char size [24];
    snprintf (size, sizeof size, "%zu", zframe_size (call->data));
    zframe_destroy (&call->data);
    if (rc)
        return s_refuse (call, IMI_CONTROL_UNAVAILABLE, "%s", imi_error_last ());
    call->data = zframe_new (size, strlen (size));
    return 0;
}

//  Answer call, whose command returned rc, on self's control socket: its
//  value as one line of JSON, its lines, or its data (unless the command
//  took the client frame: it answers later; a spooled request's through
//  its file), and keep a keyed run's answer (unless the command took the
//  key along).
static void
s_answer (imi_node_t *self, s_call_t *call, int rc)
{
    if (rc == 0 && call->data && call->spool)
        rc = s_spool_fill (call);
    char *json = rc == 0 && call->result? imi_lines_json (call->result): NULL;
    if (rc == 0 && call->result && !json)
        rc = s_error (call, "out of memory");
    else
    if (json) {
        zlist_purge (call->lines);
        zlist_append (call->lines, json);
        free (json);
    }
    json_decref (call->result);
    call->result = NULL;
    if (call->idempotency_key)
        s_idempotency_end (call, call->idempotency_key, rc);
    zstr_free (&call->idempotency_key);
    if (call->client && call->data && rc == 0) {
        zmsg_t *reply = zmsg_new ();
        zmsg_append (reply, &call->client);
        zmsg_addstr (reply, IMI_CONTROL_OK);
        zmsg_append (reply, &call->data);
        imi_node_reply_send (self, &reply);
    }
    else
    if (call->client)
        imi_node_reply (self, &call->client,
                        rc? (call->status? call->status: IMI_CONTROL_ERROR)
                          : call->degraded? IMI_CONTROL_DEGRADED: IMI_CONTROL_OK, call->lines);
    zframe_destroy (&call->data);
    zstr_free (&call->spool);
}

//  The value of a marker that may lead the HTTP server's requests
//  ([marker, value, command, ...]: IMI_CONTROL_SPOOLED,
//  IMI_CONTROL_IDEMPOTENT), popped with it, *name_p then the command (the
//  caller's); NULL if *name_p is not marker.
static char *
s_marker (s_call_t *call, char **name_p, const char *marker)
{
    if (!*name_p || !call->http || strcmp (*name_p, marker) != 0)
        return NULL;
    char *value = zmsg_popstr (call->request);
    zstr_free (name_p);
    *name_p = zmsg_popstr (call->request);
    return value;
}

//  A control request: its command run as its caller (the session's user,
//  or the operator), answered on self's control socket. On a reader's view
//  (imi_readers), only the commands that read, without an
//  Idempotency-Key: anything else, or a command that would write after
//  all, is answered IMI_CONTROL_LOOP (the HTTP server asks the loop):
//  true then.
static bool
s_serve (imi_node_t *self, zmsg_t **request_p)
{
    s_call_t call = { .node = self, .request = *request_p, .client = zmsg_pop (*request_p),
                      .lines = zlist_new () };
    zlist_autofree (call.lines);
    zframe_t *command = zmsg_first (call.request);
    const char *address = command? zframe_meta (command, "Peer-Address"): NULL;
    snprintf (call.peer_address, sizeof call.peer_address, "%s", address? address: "");
    char *name = zmsg_popstr (call.request);
    int rc = -1;
    char *idempotency_key = NULL;
    if (!call.client) {
        zmsg_destroy (request_p);
        zlist_destroy (&call.lines);
        return false;
    }
    //  Whoever reaches the socket can name its connection so: it then only
    //  gets less (the operator's commands are not reachable over HTTP).
    call.http = zframe_size (call.client) > strlen (IMI_CONTROL_HTTP_PREFIX)
             && memcmp (zframe_data (call.client), IMI_CONTROL_HTTP_PREFIX,
                        strlen (IMI_CONTROL_HTTP_PREFIX)) == 0;
    call.spool = s_marker (&call, &name, IMI_CONTROL_SPOOLED);
    idempotency_key = s_marker (&call, &name, IMI_CONTROL_IDEMPOTENT);
    size_t index = 0;
    while (name && index < sizeof s_commands / sizeof s_commands [0]
                && strcmp (name, s_commands [index].name) != 0)
        index++;
    bool known = name && index < sizeof s_commands / sizeof s_commands [0];
    if (!name)
        s_error (&call, "empty request");
    else
    if (self->reader && (!known || !s_commands [index].reads || idempotency_key || !call.http))
        s_refuse (&call, IMI_CONTROL_LOOP, "%s is answered by the loop", name);
    else
    if (known) {
        call.name = name;
        if (s_caller (&call, s_commands [index].caller, s_commands [index].http) == 0) {
            if (!call.has_user && !call.http)
                s_operator_identify (&call);
            bool keyed = idempotency_key && call.has_user;
            int first = keyed? s_idempotency_begin (&call, idempotency_key): 0;
            if (first == 0) {
                if (keyed) {
                    call.idempotency_key = idempotency_key;
                    idempotency_key = NULL;
                }
                rc = s_commands [index].run (&call);
                if (rc == 0 && s_commands [index].audited)
                    s_audit_operator (&call);
            }
            else
                rc = first == 1? 0: -1;
        }
    }
    else
    if (call.http)
        s_refuse (&call, IMI_CONTROL_NOT_FOUND, "no such route");
    else
        s_error (&call, "unknown command '%s'", name);
    zstr_free (&idempotency_key);
    s_answer (self, &call, rc);
    bool handed = rc && call.status && strcmp (call.status, IMI_CONTROL_LOOP) == 0;
    zstr_free (&name);
    zlist_destroy (&call.lines);
    zmsg_destroy (request_p);
    return handed;
}

//  The command of a request read from frame on (its command, or the marker
//  IMI_CONTROL_SPOOLED, and IMI_CONTROL_IDEMPOTENT if idempotent may lead
//  it): its index in s_commands, or -1.
static int
s_command_of (zmsg_t *request, zframe_t *frame, bool idempotent)
{
    while (frame && (zframe_streq (frame, IMI_CONTROL_SPOOLED)
                 ||  (idempotent && zframe_streq (frame, IMI_CONTROL_IDEMPOTENT)))) {
        zmsg_next (request);
        frame = zmsg_next (request);
    }
    for (size_t index = 0; frame && index < sizeof s_commands / sizeof s_commands [0]; index++)
        if (zframe_streq (frame, s_commands [index].name))
            return (int) index;
    return -1;
}

bool
imi_control_reads (zmsg_t *request)
{
    int index = s_command_of (request, zmsg_first (request), false);
    return index >= 0 && s_commands [index].reads;
}

static void
s_module_request (imi_node_t *self, zmsg_t **request_p)
{
    s_serve (self, request_p);
}

//  [client, markers..., command, ...]
static bool
s_module_request_batches (imi_node_t *self, zmsg_t *request)
{
    (void) self;
    zmsg_first (request);
    int index = s_command_of (request, zmsg_next (request), true);
    return index >= 0 && s_commands [index].batches;
}

bool
imi_control_read (imi_node_t *reader, zmsg_t **request_p)
{
    assert (reader->reader);
    return s_serve (reader, request_p);
}

//  The commands that finish when the login worker has hashed a password
//  for them (s_hand_over).
typedef int (s_finish_fn) (s_call_t *call, imi_login_result_t *result);
static const struct {
    const char *name;
    s_finish_fn *finish;
} s_finishers [] = {
    { "user-add", s_user_add_finish },
    { "user-password", s_user_password_finish },
    { "password", s_password_finish },
};

//  A result of the login worker: a login's verdict, or a command handed
//  over (s_hand_over), which finishes as its caller and answers.
static void
s_worker_result (imi_node_t *self)
{
    imi_login_result_t result;
    if (imi_logins_result (self->logins, imi_node_now (), &result))
        return;
    char *name = zmsg_popstr (result.context);
    if (!name) {
        s_login_verdict (self, &result);
        imi_logins_result_free (&result);
        return;
    }
    s_call_t call = { .node = self, .request = result.context, .client = result.client,
                      .lines = zlist_new () };
    result.client = NULL;
    zlist_autofree (call.lines);
    zframe_t *caller = zmsg_pop (result.context);
    char *operator_name = zmsg_popstr (result.context);
    char *http = zmsg_popstr (result.context);
    call.idempotency_key = zmsg_popstr (result.context);
    call.has_user = caller && zframe_size (caller) == sizeof call.user;
    if (call.has_user)
        memcpy (&call.user, zframe_data (caller), sizeof call.user);
    snprintf (call.operator_name, sizeof call.operator_name, "%s",
              operator_name? operator_name: "");
    call.http = http && strcmp (http, "1") == 0;
    if (call.idempotency_key && !*call.idempotency_key)
        zstr_free (&call.idempotency_key);
    size_t index = 0;
    while (index < sizeof s_finishers / sizeof s_finishers [0]
       &&  strcmp (name, s_finishers [index].name) != 0)
        index++;
    int rc = -1;
    if (index == sizeof s_finishers / sizeof s_finishers [0] || !http)
        s_error (&call, "the login worker's result is malformed");
    else
    if (result.verified && !*result.new_hash)
        s_error (&call, "hashing a password: out of memory");
    else {
        call.name = s_finishers [index].name;
        rc = s_finishers [index].finish (&call, &result);
    }
    s_answer (self, &call, rc);
    zframe_destroy (&caller);
    zstr_free (&operator_name);
    zstr_free (&http);
    zstr_free (&name);
    zlist_destroy (&call.lines);
    imi_logins_result_free (&result);
}

//  ---------------------------------------------------------------------------
//  The control module (imi_module.h)

const imi_module_t imi_control_module = {
    .name = "control", .start = s_module_start, .stop = s_module_stop, .tick = s_module_tick,
    .socket = s_module_socket, .readable = s_worker_result, .request = s_module_request,
    .request_batches = s_module_request_batches, .step = s_module_step
};
