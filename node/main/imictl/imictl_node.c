/*  imictl_node: the node itself: status, health, peers, ping, send,
    messages, message-count, counters, metrics, stop.

    Every one but metrics (Prometheus' text) answers with data,
    rendered here as the table it always printed; ping, send and the
    message commands carry their arguments.
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <stdio.h>

static int
s_metrics (imictl_options_t *options)
{
    options->raw = true;
    return imictl_forward (options, "metrics", 0, 0, "metrics", NULL);
}

//  health's result: healthy, each check that found the node degraded, the
//  peers.
static void
s_render_health (json_t *value, zlist_t *lines)
{
    bool healthy = json_is_true (json_object_get (value, "healthy"));
    imictl_row (lines, 2, (const char *[]) { "healthy", healthy? "yes": "no" });
    size_t index;
    json_t *check;
    json_array_foreach (json_object_get (value, "degraded"), index, check) {
        const char *name = json_string_value (json_object_get (check, "check"));
        const char *detail = json_string_value (json_object_get (check, "detail"));
        imictl_row (lines, 3, (const char *[]) { "degraded", name? name: "", detail? detail: "" });
    }
    char connected [32], peers [32];
    snprintf (connected, sizeof connected, "%" JSON_INTEGER_FORMAT,
              json_integer_value (json_object_get (value, "peers_connected")));
    snprintf (peers, sizeof peers, "%" JSON_INTEGER_FORMAT,
              json_integer_value (json_object_get (value, "peers")));
    imictl_row (lines, 2, (const char *[]) { "peers_connected", connected });
    imictl_row (lines, 2, (const char *[]) { "peers", peers });
}

static int
s_health (imictl_options_t *options)
{
    if (options->argc != 0)
        return imictl_fail ("usage: imictl [-c CONFIG] health");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "health");
    return imictl_call_data (options, &request, s_render_health);
}

static int
s_status (imictl_options_t *options)
{
    return imictl_forward (options, "status", 0, 0, "status", imictl_render_pairs);
}

//  The columns of peers, and what a null shows as in each.
static const char *const s_peer_columns [] = { "state", "endpoint", "connected", "last_seen_s",
    "rtt_ms", "outbox", "oldest_s", "sent_seq", "acked_seq", "version", "refused",
    "conflict_seq" };
static const char *const s_peer_nulls [sizeof s_peer_columns / sizeof s_peer_columns [0]] = {
    [3] = "never" };

//  The ages of the data, in milliseconds, are the table's seconds.
static void
s_render_peers (json_t *value, zlist_t *lines)
{
    static const char *const ages [][2] = { { "last_seen_age_ms", "last_seen_s" },
                                            { "oldest_age_ms", "oldest_s" } };
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (value, "items"), index, item)
        for (size_t age = 0; age < sizeof ages / sizeof ages [0]; age++) {
            json_t *ms = json_object_get (item, ages [age][0]);
            json_object_set_new (item, ages [age][1], json_is_integer (ms)
                                 ? json_real (json_integer_value (ms) / 1000.0): json_null ());
        }
    imictl_render_items (json_object_get (value, "items"), s_peer_columns, s_peer_nulls,
                         sizeof s_peer_columns / sizeof s_peer_columns [0], lines);
}

static int
s_peers (imictl_options_t *options)
{
    return imictl_forward (options, "peers", 0, 0, "peers", s_render_peers);
}

//  ping's result {state, rtt_ms, manifest_version} as a sentence.
static void
s_render_ping (json_t *value, zlist_t *lines)
{
    char line [160];
    snprintf (line, sizeof line, "%s answered a signed ping in %" JSON_INTEGER_FORMAT " ms (its "
              "manifest version: %" JSON_INTEGER_FORMAT ")", imictl_string (value, "state"),
              json_integer_value (json_object_get (value, "rtt_ms")),
              json_integer_value (json_object_get (value, "manifest_version")));
    zlist_append (lines, line);
}

static int
s_ping (imictl_options_t *options)
{
    return imictl_forward (options, "ping", 1, 1, "ping STATE", s_render_ping);
}

static int
s_send (imictl_options_t *options)
{
    if (options->argc != 2)
        return imictl_fail ("usage: imictl [-c CONFIG] send STATE TEXT [--count N]");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "send");
    zmsg_addstr (request, options->argv [0]);
    zmsg_addstr (request, options->argv [1]);
    zmsg_addstrf (request, "%ld", options->count);
    return imictl_call_data (options, &request, imictl_render_pairs);
}

static void
s_render_messages (json_t *value, zlist_t *lines)
{
    static const char *const columns [] = { "id", "from", "seq", "sent_ms", "received_ms",
                                            "text" };
    imictl_render_items (json_object_get (value, "items"), columns, NULL,
                         sizeof columns / sizeof columns [0], lines);
}

//  messages and message-count: the command with --from (or "-"), and
//  with its --limit if limited; usage unless there are no arguments.
static int
s_messages_call (imictl_options_t *options, const char *command, bool limited,
                 const char *usage, imictl_render_fn *render)
{
    if (options->argc != 0)
        return imictl_fail ("usage: imictl [-c CONFIG] %s", usage);
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    zmsg_addstr (request, options->from? options->from: "-");
    if (limited)
        zmsg_addstrf (request, "%ld", options->limit);
    return imictl_call_data (options, &request, render);
}

static int
s_messages (imictl_options_t *options)
{
    return s_messages_call (options, "messages", true, "messages [--from STATE] [--limit N]",
                            s_render_messages);
}

static int
s_message_count (imictl_options_t *options)
{
    return s_messages_call (options, "message-count", false, "message-count [--from STATE]",
                            imictl_render_pairs);
}

static void
s_render_counters (json_t *value, zlist_t *lines)
{
    static const char *const columns [] = { "counter", "value", "meaning" };
    imictl_render_items (json_object_get (value, "items"), columns, NULL,
                         sizeof columns / sizeof columns [0], lines);
}

static int
s_counters (imictl_options_t *options)
{
    return imictl_forward (options, "counters", 0, 0, "counters", s_render_counters);
}

static int
s_stop (imictl_options_t *options)
{
    return imictl_forward (options, "stop", 0, 0, "stop", imictl_render_row);
}

const imictl_command_t imictl_node_commands [] = {
    { "status", s_status, "the node's state, manifest version, uptime, peers" },
    { "health", s_health, "exit 0 if healthy, 3 if degraded (each reason printed), 1 if the node "
      "does not answer or its database cannot be read (for monitoring)" },
    { "peers", s_peers, "each peer: connected, last seen, round trip, outbox depth and age, "
                     "protocol version, messages it refused, sequence conflict" },
    { "ping", s_ping, "ping STATE: a signed round trip to a peer; prints latency" },
    { "send", s_send, "send STATE TEXT [--count N]: operator test message(s), durable" },
    { "messages", s_messages, "messages [--from STATE] [--limit N]: test messages received" },
    { "message-count", s_message_count, "message-count [--from STATE]: how many received" },
    { "counters", s_counters, "messages sent, received, rejected by reason" },
    { "metrics", s_metrics, "the counters in Prometheus text format" },
    { "stop", s_stop, "stop the node cleanly" },
    { NULL, NULL, NULL }
};
