/*  imictl_events: the change feed of the session's reach (imi_events.h). */
#include "imictl_internal.h"

#include <stdio.h>
#include <string.h>

//  A table of the events, then where to go on.
static void
s_render_events (json_t *value, zlist_t *lines)
{
    static const char *const columns [] = { "id", "kind", "ref", "event", "at" };
    size_t count = sizeof columns / sizeof columns [0];
    imictl_row (lines, count, columns);
    size_t index;
    json_t *event;
    json_array_foreach (json_object_get (value, "events"), index, event) {
        char id [24];
        snprintf (id, sizeof id, "%" JSON_INTEGER_FORMAT,
                  json_integer_value (json_object_get (event, "id")));
        const char *fields [] = { id,
            json_string_value (json_object_get (event, "kind")),
            json_string_value (json_object_get (event, "ref")),
            json_string_value (json_object_get (event, "event")),
            json_string_value (json_object_get (event, "at")) };
        for (size_t column = 1; column < count; column++)
            fields [column] = fields [column]? fields [column]: "";
        imictl_row (lines, count, fields);
    }
    char *line = zsys_sprintf ("next_cursor %" JSON_INTEGER_FORMAT "%s",
                               json_integer_value (json_object_get (value, "next_cursor")),
                               json_is_true (json_object_get (value, "gap"))
                               ? " (events before it were pruned: reload)": "");
    if (line)
        zlist_append (lines, line);
    zstr_free (&line);
}

//  events [CURSOR] [--limit N]
static int
s_events (imictl_options_t *options)
{
    if (options->argc > 1)
        return imictl_fail ("usage: imictl [--session ...] events [CURSOR] [--limit N]");
    zmsg_t *request = imictl_request_as_user (options, "events");
    zmsg_addstr (request, options->argc? options->argv [0]: "-");
    zmsg_addstrf (request, "%ld", options->limit);
    return imictl_call_data (options, &request, s_render_events);
}

const imictl_command_t imictl_events_commands [] = {
    { "events", s_events, "events [CURSOR] [--limit N]: what changed in your reach after "
      "CURSOR (an event id; none: the latest), and the cursor to go on from" },
    { NULL, NULL, NULL }
};
