/*  imictl_alerts: alert, as the session's user (imi_alert_control on the
    node). Every subcommand but attachment answers with data
    (imi_alerts.h describes it), rendered here as the lines imictl printed
    before the answer was data.
*/
#include "imictl_internal.h"
#include "imi_lines.h"

#include <czmq.h>
#include <string.h>

//  Whether the issue went out in time: "yes (1 day after the decision; the
//  limit is 3)", or "-" when the procedure has no deadline.
static void
s_in_time (json_t *alert, char *text, size_t size)
{
    json_t *in_time = json_object_get (alert, "in_time");
    if (!json_is_object (in_time)) {
        snprintf (text, size, "-");
        return;
    }
    json_int_t days = json_integer_value (json_object_get (in_time, "days"));
    snprintf (text, size, "%s (%lld day%s after the decision; the limit is %lld)",
              json_is_true (json_object_get (in_time, "on_time"))? "yes": "no", (long long) days,
              days == 1? "": "s",
              (long long) json_integer_value (json_object_get (in_time, "limit")));
}

//  The alert's recipient states, space-separated.
static void
s_states (json_t *states, char *text, size_t size)
{
    size_t index, used = 0;
    json_t *state;
    *text = 0;
    json_array_foreach (states, index, state)
        if (used < size)
            used += (size_t) snprintf (text + used, size - used, "%s%s", index? " ": "",
                                       json_string_value (state));
}

//  alert list: a header, then a row per alert.
static void
s_render_list (json_t *page, zlist_t *lines)
{
    static const char *const columns [] = { "id", "procedure", "sender", "state", "version",
                                            "issued", "decision", "in_time", "acks",
                                            "direction" };
    imictl_row (lines, 10, columns);
    size_t index;
    json_t *alert;
    json_array_foreach (json_object_get (page, "items"), index, alert) {
        char version [24], issued [40], in_time [96], acks [48];
        snprintf (version, sizeof version, "%lld",
                  (long long) json_integer_value (json_object_get (alert, "version")));
        imictl_time (json_object_get (alert, "issued"), issued);
        issued [10] = 0;
        s_in_time (alert, in_time, sizeof in_time);
        in_time [strcspn (in_time, " ")] = 0;
        json_t *recipients = json_object_get (alert, "recipients");
        long long acked = json_integer_value (json_object_get (alert, "acknowledged"));
        if (json_is_integer (recipients))
            snprintf (acks, sizeof acks, "%lld/%lld", acked,
                      (long long) json_integer_value (recipients));
        else
            snprintf (acks, sizeof acks, "%lld", acked);
        const char *decision = json_string_value (json_object_get (alert, "decision_date"));
        imictl_row (lines, 10, (const char *[]) {
            imictl_string (alert, "id"), imictl_string (alert, "procedure"),
            imictl_string (alert, "sender"), imictl_string (alert, "state"), version, issued,
            decision? decision: "-", in_time, acks, imictl_string (alert, "direction") });
    }
    imictl_render_more (page, "alert list", lines);
}

//  One event of the history.
static void
s_render_event (json_t *event, zlist_t *lines)
{
    char at [40], states [128];
    imi_lines_add (lines, "%lld. %s  %s by %s (%s)",
                   (long long) json_integer_value (json_object_get (event, "n")),
                   imictl_time (json_object_get (event, "time"), at),
                   imictl_string (event, "kind"), imictl_string (event, "actor"),
                   imictl_string (event, "authority"));
    s_states (json_object_get (event, "states"), states, sizeof states);
    if (*states)
        imi_lines_add (lines, "    to: %s", states);
    if (!json_object_get (event, "fields")) {
        if (json_is_true (json_object_get (event, "content_hidden")))
            imi_lines_add (lines, "    (fields, text and attachments are not shown to auditors)");
        return;
    }
    size_t index;
    json_t *field;
    json_array_foreach (json_object_get (event, "fields"), index, field) {
        const char *name = json_string_value (json_object_get (field, "name"));
        imi_lines_add (lines, "    field %s: %s = %s", imictl_string (field, "id"),
                       name? name: "(not in this node's catalogue)",
                       imictl_string (field, "value"));
    }
    json_t *text = json_object_get (event, "text");
    if (json_is_object (text)) {
        imi_lines_add (lines, "    text [%s, as written]: %s", imictl_string (text, "lang"),
                       imictl_string (text, "original"));
        imictl_render_translation (text, lines);
    }
    json_t *file;
    json_array_foreach (json_object_get (event, "attachments"), index, file)
        imi_lines_add (lines, "    attachment %s: %lld bytes, sha256 %s",
                       imictl_string (file, "name"),
                       (long long) json_integer_value (json_object_get (file, "size")),
                       imictl_string (file, "sha256"));
}

//  alert show: the facts, the history, the acknowledgements.
static void
s_render_show (json_t *alert, zlist_t *lines)
{
    char at [40], states [128], in_time [96];
    const char *decision = json_string_value (json_object_get (alert, "decision_date"));
    s_states (json_object_get (alert, "states"), states, sizeof states);
    s_in_time (alert, in_time, sizeof in_time);
    imictl_render_head (alert, "alert", lines);
    imi_lines_add (lines, "direction: %s", imictl_string (alert, "direction"));
    imi_lines_add (lines, "to states: %s", states);
    imi_lines_add (lines, "issued: %s", imictl_time (json_object_get (alert, "issued"), at));
    imi_lines_add (lines, "decision date: %s", decision? decision: "-");
    imi_lines_add (lines, "sent in time: %s", in_time);
    imi_lines_add (lines, "history:");
    size_t index;
    json_t *each;
    json_array_foreach (json_object_get (alert, "history"), index, each)
        s_render_event (each, lines);
    bool ours = strcmp (imictl_string (alert, "direction"), "out") == 0;
    imi_lines_add (lines, "%s", ours? "acknowledged by:": "our recipients:");
    json_array_foreach (json_object_get (alert, "acknowledgements"), index, each) {
        json_t *version = json_object_get (each, "version");
        if (!json_is_integer (version))
            imi_lines_add (lines, "    %s: not acknowledged", imictl_string (each, "authority"));
        else
            imi_lines_add (lines, "    %s: acknowledged version %lld by %s at %s",
                           imictl_string (each, "authority"),
                           (long long) json_integer_value (version), imictl_string (each, "by"),
                           imictl_time (json_object_get (each, "time"), at));
    }
}

//  alert procedures: each with its fields (imictl_render_procedures).
static void
s_render_procedures (json_t *value, zlist_t *lines)
{
    imictl_render_procedures (value, lines, "may_issue", "send_within", "fields", "id", "name");
}

//  An action's answer: the alert as it is now; shown as its id.
static void
s_render_id (json_t *alert, zlist_t *lines)
{
    zlist_append (lines, (void *) imictl_string (alert, "id"));
}

//  Alerts: a request as the session's user (imi_alert_control).
static int
s_alert (imictl_options_t *options)
{
    static const imictl_subcommand_t subcommands [] = {
        { "new", 0 }, { "correct", 1 }, { "withdraw", 1 }, { "close", 1 }, { "ack", 1 },
        { "list", 0 }, { "show", 1 }, { "attachment", 2 }, { "procedures", 0 },
    };
    static imictl_render_fn *renders [] = {
        s_render_id, s_render_id, s_render_id, s_render_id, s_render_id, s_render_list,
        s_render_show, NULL, s_render_procedures
    };
    size_t count = sizeof subcommands / sizeof subcommands [0];
    const imictl_subcommand_t *subcommand = imictl_subcommand_find (options, subcommands, count);
    if (!subcommand || options->argc != 1 + subcommand->positional)
        return imictl_fail ("usage: imictl [-c CONFIG] alert new|correct ID|withdraw ID|close ID|"
                            "ack ID|list|show ID|attachment ID NAME|SHA256 [--out FILE]|procedures ... "
                            "(see docs/cli.md)");
    return imictl_subcommand_call_data (options, "alert", subcommand,
                                        renders [subcommand - subcommands]);
}

const imictl_command_t imictl_alerts_commands [] = {
    { "alert", s_alert, "alert new --procedure P --to XX|all [--field ID=VALUE] --text T "
      "[--text-lang LL] [--attach FILE] | correct ID [--field ID=VALUE] [--text T] "
      "[--attach FILE] | withdraw ID [--text T] | close ID | ack ID [--authority KEY] | list "
      "[--limit N] [--cursor C] | show ID [--lang LL] [--translate] | attachment ID "
      "NAME|SHA256 [--out FILE] | procedures [--lang LL]" },
    { NULL, NULL, NULL }
};
