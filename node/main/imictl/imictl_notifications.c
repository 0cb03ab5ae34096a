/*  imictl_notifications: notification and repository, as the session's
    user (imi_notification_control on the node). Every answer is data
    (imi_notifications.h, imi_repository.h describe it), rendered here as
    the lines imictl printed before the answer was data.
*/
#include "imictl_internal.h"
#include "imi_lines.h"

#include <czmq.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

//  notification list: a header, then a row per notification.
static void
s_render_list (json_t *page, zlist_t *lines)
{
    static const char *const columns [] = { "id", "state", "version", "procedure", "sender",
                                            "title" };
    imictl_row (lines, 6, columns);
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (page, "items"), index, item) {
        char version [24];
        snprintf (version, sizeof version, "%lld",
                  (long long) json_integer_value (json_object_get (item, "version")));
        const char *title = json_string_value (json_object_get (item, "title"));
        imictl_row (lines, 6, (const char *[]) {
            imictl_string (item, "id"), imictl_string (item, "state"), version,
            imictl_string (item, "procedure"), imictl_string (item, "sender"),
            title? title: "-" });
    }
    imictl_render_more (page, "notification list", lines);
}

//  notification show: the facts, the text, the events.
static void
s_render_show (json_t *note, zlist_t *lines)
{
    imictl_render_head (note, "id", lines);
    char recipients [128] = "";
    size_t index, used = 0;
    json_t *each;
    json_array_foreach (json_object_get (note, "recipients"), index, each)
        if (used < sizeof recipients)
            used += (size_t) snprintf (recipients + used, sizeof recipients - used, "%s%s",
                                       index? ",": "", json_string_value (each));
    imi_lines_add (lines, "recipients: %s", recipients);
    json_t *text = json_object_get (note, "text");
    if (json_is_true (json_object_get (note, "content_hidden")))
        imi_lines_add (lines, "(title, text and comments not shown to you: role %s)",
                       imictl_string (note, "reader_role"));
    else {
        imi_lines_add (lines, "title: %s", imictl_string (note, "title"));
        imi_lines_add (lines, "text [%s, as written]: %s", imictl_string (text, "lang"),
                       imictl_string (text, "original"));
        imictl_render_translation (text, lines);
    }
    if (json_is_string (json_object_get (note, "register")))
        imi_lines_add (lines, "register entry: %s %s", imictl_string (note, "register"),
                       imictl_string (note, "entry_key"));
    json_array_foreach (json_object_get (note, "events"), index, each) {
        text = json_object_get (each, "text");
        const char *said = json_string_value (json_object_get (text, "original"));
        const char *void_reason = json_string_value (json_object_get (each, "void"));
        imi_lines_add (lines, "event %s.%lld %s by %s (%s)%s%s%s", imictl_string (each, "author"),
                       (long long) json_integer_value (json_object_get (each, "n")),
                       imictl_string (each, "kind"), imictl_string (each, "actor"),
                       imictl_string (each, "authority"), said? ": ": "", said? said: "",
                       void_reason? " [no effect: ": "");
        if (void_reason)
            imi_lines_add (lines, "    %s]", void_reason);
        imictl_render_translation (text, lines);
    }
}

//  An action's answer: the notification as it is now; shown as its id.
static void
s_render_id (json_t *note, zlist_t *lines)
{
    zlist_append (lines, (void *) imictl_string (note, "id"));
}

//  repository search: a header, then a row per entry (its text fields and
//  the end of its validity as details).
static void
s_render_search (json_t *page, zlist_t *lines)
{
    static const char *const columns [] = { "key", "register", "state", "status", "details" };
    imictl_row (lines, 5, columns);
    size_t index;
    json_t *entry;
    json_array_foreach (json_object_get (page, "items"), index, entry) {
        const char *row [5 + IMICTL_FIELDS_MAX] = {
            imictl_string (entry, "key"), imictl_string (entry, "register"),
            imictl_string (entry, "state"), imictl_string (entry, "status") };
        size_t count = 4, each;
        json_t *field;
        json_array_foreach (json_object_get (entry, "fields"), each, field) {
            const char *type = imictl_string (field, "type");
            if ((strcmp (type, "text") == 0 || strcmp (type, "date-to") == 0)
            &&  count < sizeof row / sizeof row [0])
                row [count++] = imictl_string (field, "value");
        }
        imictl_row (lines, count, row);
    }
    imictl_render_more (page, "repository search WORDS", lines);
}

//  repository show: each entry of the key, a field a line.
static void
s_render_entries (json_t *value, zlist_t *lines)
{
    size_t index, each;
    json_t *entry, *field;
    json_array_foreach (json_object_get (value, "entries"), index, entry) {
        imi_lines_add (lines, "register: %s", imictl_string (entry, "register"));
        imi_lines_add (lines, "key: %s", imictl_string (entry, "key"));
        json_array_foreach (json_object_get (entry, "fields"), each, field)
            imi_lines_add (lines, "%s [%s]: %s", imictl_string (field, "label"),
                           imictl_string (field, "field"), imictl_string (field, "value"));
        imi_lines_add (lines, "notification: %s version %lld",
                       imictl_string (entry, "notification"),
                       (long long) json_integer_value (json_object_get (entry, "version")));
    }
}

//  notification procedures: each with its register entry's fields
//  (imictl_render_procedures).
static void
s_render_procedures (json_t *value, zlist_t *lines)
{
    imictl_render_procedures (value, lines, "may_send", "register", "entry_fields", "field",
                              "label");
}

//  notification new|modify|comment|withdraw|close|list|show and repository
//  search|show: requests as the session's user, fields as options.
static int
s_notification (imictl_options_t *options)
{
    static const imictl_subcommand_t subcommands [] = {
        { "new", 0 }, { "modify", 1 }, { "comment", 1 }, { "withdraw", 1 }, { "close", 1 },
        { "list", 0 }, { "show", 1 }, { "procedures", 0 },
    };
    static imictl_render_fn *renders [] = {
        s_render_id, s_render_id, s_render_id, s_render_id, s_render_id, s_render_list,
        s_render_show, s_render_procedures
    };
    size_t count = sizeof subcommands / sizeof subcommands [0];
    const imictl_subcommand_t *subcommand = imictl_subcommand_find (options, subcommands, count);
    if (!subcommand || options->argc != 1 + subcommand->positional)
        return imictl_fail ("usage: imictl [-c CONFIG] notification new --procedure P "
                            "--to all|XX,YY --title T --text T [--entry FIELD=VALUE ...] | "
                            "modify ID [--title T] [--text T] [--entry FIELD=VALUE ...] | "
                            "comment ID --text T | withdraw ID [--text T] | close ID [--text T] | "
                            "list [--limit N] [--cursor C] | show ID [--lang LL] [--translate] | "
                            "procedures [--lang LL]");
    return imictl_subcommand_call_data (options, "notification", subcommand,
                                        renders [subcommand - subcommands]);
}

static int
s_repository (imictl_options_t *options)
{
    bool show = options->argc == 2 && strcmp (options->argv [0], "show") == 0;
    if (!show && (options->argc < 1 || strcmp (options->argv [0], "search") != 0))
        return imictl_fail ("usage: imictl [-c CONFIG] repository search WORDS [--register R] "
                            "[--state XX] [--limit N] [--cursor C] | show KEY [--register R]");
    zmsg_t *request;
    char limit [24];
    if (imictl_page_limit (options, !show, limit)
    ||  imictl_user_request (options, show? "repository-show": "repository-search", 0,
                             &request))
        return 1;
    if (show) {
        zmsg_addstr (request, "key");
        zmsg_addstr (request, options->argv [1]);
    }
    if (!show && options->argc > 1) {
        //  The words, as one text
        size_t size = 1;
        for (int index = 1; index < options->argc; index++)
            size += strlen (options->argv [index]) + 1;
        char *words = calloc (1, size);
        for (int index = 1; words && index < options->argc; index++)
            strcat (strcat (words, index > 1? " ": ""), options->argv [index]);
        zmsg_addstr (request, "q");
        zmsg_addstr (request, words? words: "");
        free (words);
    }
    return imictl_call_data (options, &request, show? s_render_entries: s_render_search);
}

const imictl_command_t imictl_notifications_commands [] = {
    { "notification", s_notification, "notification new|modify|comment|withdraw|close|list|"
      "show|procedures (as the session's user; see docs/cli.md)" },
    { "repository", s_repository, "repository search WORDS [--register R] [--state XX] "
      "[--limit N] [--cursor C] | show KEY: registers fed by notifications" },
    { NULL, NULL, NULL }
};
