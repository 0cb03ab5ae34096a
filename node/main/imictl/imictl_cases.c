/*  imictl_cases: case, the information requests, as the session's user
    (imi_case_control on the node describes the subcommands and fields).
    Every answer but an attachment's is data (imi_cases.h): rendered here
    as the lines imictl has always printed, or printed as it came with
    --json. case list and case overdue are pages: --limit N rows after
    --cursor C (the next_cursor of the page before); so is case show's
    timeline: the N events before --cursor C (its timeline_earlier_cursor),
    by default the newest 20.
*/
#include "imictl_internal.h"
#include "imi_lines.h"

#include <czmq.h>
#include <string.h>

//  The member name of object as a string, or fallback.
static const char *
s_text (json_t *object, const char *name, const char *fallback)
{
    const char *text = json_string_value (json_object_get (object, name));
    return text? text: fallback;
}

//  An action's answer: the case's id, and whether its personal part waits.
static void
s_render_acted (json_t *value, zlist_t *lines)
{
    imi_lines_add (lines, "%s", s_text (value, "id", ""));
    if (json_is_true (json_object_get (value, "held")))
        imi_lines_add (lines, "held: its text, files and personal data stay on this node until "
                              "the responder accepts the request (never sent if it does not)");
}

static void
s_render_nothing (json_t *value, zlist_t *lines)
{
    (void) value, (void) lines;
}

static void
s_render_list (json_t *value, zlist_t *lines)
{
    json_t *total = json_object_get (value, "total");
    if (total) {
        imi_lines_add (lines, "total\t%" JSON_INTEGER_FORMAT, json_integer_value (total));
        return;
    }
    static const char *const header [] = { "case", "direction", "state", "procedure",
        "our authority", "counterpart", "reply by", "overdue", "updated", "personal data" };
    imictl_row (lines, 10, header);
    size_t index;
    json_t *row;
    json_array_foreach (json_object_get (value, "items"), index, row) {
        char updated [40];
        const char *fields [] = { s_text (row, "id", "-"), s_text (row, "direction", "-"),
            s_text (row, "state", "-"), s_text (row, "procedure", "-"),
            s_text (row, "our_authority", "-"), s_text (row, "counterpart", "-"),
            s_text (row, "reply_by", "-"), s_text (row, "overdue", "-"),
            imictl_time (json_object_get (row, "updated"), updated),
            s_text (row, "personal_data", "-") };
        imictl_row (lines, 10, fields);
    }
    imictl_render_more (value, "case list", lines);
}

static void
s_render_overdue (json_t *value, zlist_t *lines)
{
    static const char *const header [] = { "case", "our authority", "counterpart", "overdue",
                                           "days", "procedure" };
    imictl_row (lines, 6, header);
    size_t index;
    json_t *row;
    json_array_foreach (json_object_get (value, "items"), index, row) {
        char days [24];
        snprintf (days, sizeof days, "%" JSON_INTEGER_FORMAT,
                  json_integer_value (json_object_get (row, "overdue_days")));
        const char *fields [] = { s_text (row, "id", "-"), s_text (row, "our_authority", "-"),
            s_text (row, "counterpart", "-"), s_text (row, "overdue", "-"), days,
            s_text (row, "procedure", "-") };
        imictl_row (lines, 6, fields);
    }
    imictl_render_more (value, "case overdue", lines);
}

#define S_UNKNOWN_QUESTION "(not in this node's catalogue)"

//  An event's content (imi_case_view: what it asks, answers, says,
//  attaches), indented under it.
static void
s_render_content (json_t *event, zlist_t *lines)
{
    if (json_object_get (event, "reply_by"))
        imi_lines_add (lines, "    reply by: %s", s_text (event, "reply_by", ""));
    if (json_object_get (event, "to"))
        imi_lines_add (lines, "    to: %s", s_text (event, "to", ""));
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (event, "questions"), index, item)
        imi_lines_add (lines, "    question %s: %s", s_text (item, "id", ""),
               s_text (item, "text", S_UNKNOWN_QUESTION));
    json_array_foreach (json_object_get (event, "answers"), index, item) {
        imi_lines_add (lines, "    answer %s: %s", s_text (item, "id", ""),
               s_text (item, "question", S_UNKNOWN_QUESTION));
        if (json_object_get (item, "value_text"))
            imi_lines_add (lines, "      = %s", s_text (item, "value_text", ""));
    }
    json_array_foreach (json_object_get (event, "subject"), index, item)
        imi_lines_add (lines, "    personal data %s (%s): %s", s_text (item, "id", ""),
               s_text (item, "field", S_UNKNOWN_QUESTION), s_text (item, "value_text", ""));
    json_t *text = json_object_get (event, "text");
    if (text) {
        imi_lines_add (lines, "    text [%s, as written]: %s", s_text (text, "lang", ""),
               s_text (text, "original", ""));
        json_t *translation = json_object_get (text, "machine_translation");
        if (translation && json_object_get (translation, "error"))
            imi_lines_add (lines, "      (%s)", s_text (translation, "error", ""));
        else
        if (translation)
            imi_lines_add (lines, "      machine translation [%s\u2192%s, %s]: %s",
                           s_text (text, "lang", ""),
                   s_text (translation, "lang", ""), s_text (translation, "engine", ""),
                   s_text (translation, "text", ""));
    }
    json_array_foreach (json_object_get (event, "attachments"), index, item)
        imi_lines_add (lines, "    attachment %s: %" JSON_INTEGER_FORMAT " bytes, sha256 %s",
               s_text (item, "name", ""), json_integer_value (json_object_get (item, "size")),
               s_text (item, "sha256", ""));
    if (json_object_get (event, "withheld"))
        imi_lines_add (lines, "    %s", s_text (event, "withheld", ""));
    if (json_object_get (event, "timely"))
        imi_lines_add (lines, "    timeliness: %s", s_text (event, "timely", ""));
    if (json_object_get (event, "effort"))
        imi_lines_add (lines, "    effort: %s", s_text (event, "effort", ""));
}

//  What our side holds back until the responder accepts.
static void
s_render_held (json_t *held, zlist_t *lines)
{
    if (!json_is_object (held))
        return;
    imi_lines_add (lines, json_is_true (json_object_get (held, "will_send"))
                  ? "held here until %s accepts (then sent):"
                  : "held here, never sent (%s did not accept):",
           s_text (held, "responder", ""));
    size_t index;
    json_t *event;
    json_array_foreach (json_object_get (held, "events"), index, event) {
        char when [40];
        imictl_time (json_object_get (event, "time"), when);
        if (strcmp (s_text (event, "kind", ""), "disclose") == 0)
            imi_lines_add (lines, "  %s  the personal data of the request", when);
        else
            imi_lines_add (lines, "  %s  written by %s (%s)", when, s_text (event, "actor", ""),
                   s_text (event, "authority", ""));
        s_render_content (event, lines);
    }
}

static void
s_render_show (json_t *value, zlist_t *lines)
{
    json_t *procedure = json_object_get (value, "procedure");
    imi_lines_add (lines, "case: %s", s_text (value, "id", ""));
    imi_lines_add (lines, "procedure: %s (%s)",
                   s_text (procedure, "name", s_text (procedure, "code", "")),
           s_text (procedure, "code", ""));
    imi_lines_add (lines, "state: %s", s_text (value, "state", ""));
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (value, "refusals"), index, item) {
        char when [40];
        imi_lines_add (lines, "refused by %s: %s seq %" JSON_INTEGER_FORMAT ", %s: %s (%s)",
               s_text (item, "by", ""), s_text (item, "type", ""),
               json_integer_value (json_object_get (item, "seq")), s_text (item, "kind", ""),
               s_text (item, "reason", ""), imictl_time (json_object_get (item, "time"), when));
    }
    bool out = strcmp (s_text (value, "direction", ""), "out") == 0;
    imi_lines_add (lines, "direction: %s", out? "out (we request)": "in (we respond)");
    imi_lines_add (lines, "requester: %s", s_text (value, "requester", ""));
    imi_lines_add (lines, "responder: %s", s_text (value, "responder", ""));
    if (strcmp (s_text (value, "state", ""), "draft") == 0) {
        json_t *draft = json_object_get (value, "draft_request");
        if (json_is_object (draft)) {
            imi_lines_add (lines, "draft request:");
            s_render_content (draft, lines);
        }
        s_render_held (json_object_get (value, "held"), lines);
        return;
    }
    json_t *dates = json_object_get (value, "reply_date");
    imi_lines_add (lines, "reply date: proposed %s, agreed %s", s_text (dates, "proposed", ""),
           s_text (dates, "agreed", "(not yet)"));
    imi_lines_add (lines, "overdue: %s", s_text (value, "overdue", "no"));
    json_t *retention = json_object_get (value, "retention");
    json_t *reader = json_object_get (value, "reader");
    if (s_text (retention, "deleted_on", NULL))
        imi_lines_add (lines, "personal data: deleted on %s (IMI Regulation Art. 14); the timeline "
                      "remains as proof of the exchange", s_text (retention, "deleted_on", ""));
    else
    if (s_text (retention, "blocked_on", NULL)) {
        imi_lines_add (lines, "personal data: blocked since %s: visible only as proof of an "
                              "exchange%s",
               s_text (retention, "blocked_on", ""),
               s_text (reader, "withheld", NULL)? ", to a coordinator": "");
        if (s_text (value, "machine_translation", NULL))
            imi_lines_add (lines, "machine translation: %s",
                           s_text (value, "machine_translation", ""));
    }
    else
    if (json_is_true (json_object_get (reader, "after_acceptance")))
        imi_lines_add (lines, "personal data: shown once your authority accepts the request");
    json_t *rating = json_object_get (value, "rating");
    if (json_is_object (rating))
        imi_lines_add (lines, "rating: timeliness %s, effort %s", s_text (rating, "timely", ""),
               s_text (rating, "effort", ""));
    imi_lines_add (lines, "timeline:");
    const char *earlier = s_text (value, "timeline_earlier_cursor", NULL);
    if (earlier)
        imi_lines_add (lines, "  (%" JSON_INTEGER_FORMAT " events in all; earlier ones: imictl "
                       "case show %s --cursor %s)",
                       json_integer_value (json_object_get (value, "timeline_events")),
                       s_text (value, "id", ""), earlier);
    json_array_foreach (json_object_get (value, "timeline"), index, item) {
        char when [40];
        const char *reason = s_text (item, "void", NULL);
        imi_lines_add (lines, "  %s  %s %s (%s) %s%s%s", imictl_time (json_object_get (item, "time"), when),
               s_text (item, "side", ""), s_text (item, "actor", ""),
               s_text (item, "authority", ""), s_text (item, "kind_text", ""),
               reason? " -- no effect: ": "", reason? reason: "");
        s_render_content (item, lines);
    }
    s_render_held (json_object_get (value, "held"), lines);
}

//  The subcommands, each with how its result is rendered (NULL: the answer
//  is content, an attachment's).
static const struct {
    imictl_subcommand_t subcommand;
    imictl_render_fn *render;
} s_subcommands [] = {
    { { "new", 0 }, s_render_acted }, { { "send", 1 }, s_render_acted },
    { { "withdraw", 1 }, s_render_acted }, { { "accept", 1 }, s_render_acted },
    { { "forward", 1 }, s_render_acted }, { { "ask-clarification", 1 }, s_render_acted },
    { { "clarify", 1 }, s_render_acted }, { { "answer", 1 }, s_render_acted },
    { { "follow-up", 1 }, s_render_acted }, { { "close", 1 }, s_render_acted },
    { { "message", 1 }, s_render_acted }, { { "discard", 1 }, s_render_nothing },
    { { "list", 0 }, s_render_list }, { { "show", 1 }, s_render_show },
    { { "overdue", 0 }, s_render_overdue }, { { "attachment", 2 }, NULL },
    { { "erase", 1 }, s_render_acted },
};

static int
s_case (imictl_options_t *options)
{
    const char *usage = "usage: imictl [-c CONFIG] case new|send|withdraw|accept|forward|"
                        "ask-clarification|clarify|answer|follow-up|close|message|discard|"
                        "list|show|overdue|attachment|erase ... (see docs/cli.md)";
    size_t row = 0, count = sizeof s_subcommands / sizeof s_subcommands [0];
    while (row < count && (options->argc < 1
                           || strcmp (options->argv [0], s_subcommands [row].subcommand.name)))
        row++;
    if (row == count)
        return imictl_fail ("%s", usage);
    const imictl_subcommand_t *subcommand = &s_subcommands [row].subcommand;
    if (options->argc != 1 + subcommand->positional)
        return imictl_fail ("usage: imictl [-c CONFIG] case %s%s%s", subcommand->name,
                            subcommand->positional? " ID": "",
                            subcommand->positional > 1? " NAME|SHA256 [--out FILE]": "");
    //  A page's size goes by name with the fields (--cursor is one)
    char limit [24];
    if (options->limit_given) {
        if (strcmp (subcommand->name, "list") != 0 && strcmp (subcommand->name, "overdue") != 0
        &&  strcmp (subcommand->name, "show") != 0)
            return imictl_fail ("--limit: only case list, case overdue and case show's "
                                "timeline are pages");
        if (options->field_count >= IMICTL_FIELDS_MAX)
            return imictl_fail ("too many options");
        snprintf (limit, sizeof limit, "%ld", options->limit);
        options->fields [2 * options->field_count] = "limit";
        options->fields [2 * options->field_count++ + 1] = limit;
    }
    char command [64];
    snprintf (command, sizeof command, "case-%s", subcommand->name);
    zmsg_t *request;
    if (imictl_user_request (options, command, subcommand->positional, &request))
        return 1;
    if (!s_subcommands [row].render)
        return imictl_call_content (options, &request);
    return imictl_call_data (options, &request, s_subcommands [row].render);
}

const imictl_command_t imictl_cases_commands [] = {
    { "case", s_case, "case new|send|withdraw|accept|forward|ask-clarification|clarify|answer|"
      "follow-up|close|message|discard|list|show|overdue|attachment|erase (as the session's "
      "user; list, overdue and show's timeline: [--limit N] [--cursor C])" },
    { NULL, NULL, NULL }
};
