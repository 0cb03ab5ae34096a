/*  imictl_directory: the directory of authorities: our own authorities
    (authority), the federation's search, and the directory's sync state.
*/
#include "imictl_internal.h"
#include "imi_authority_json.h"

#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  The largest authority file we send: an import of a whole state's directory.
#define S_FILE_MAX_BYTES (256 * 1024 * 1024)

//  authority show's result: the record as one line of JSON, then its legal
//  areas with their names.
static void
s_render_authority (json_t *value, zlist_t *lines)
{
    char *record = json_dumps (json_object_get (value, "authority"), IMI_AUTHORITY_JSON_FLAGS);
    zlist_append (lines, record? record: "{}");
    free (record);
    size_t index;
    json_t *area;
    json_array_foreach (json_object_get (value, "legal_areas"), index, area) {
        const char *code = json_string_value (json_object_get (area, "code"));
        const char *name = json_string_value (json_object_get (area, "name"));
        imictl_row (lines, 3, (const char *[]) { "legal_area", code? code: "",
                                                 name? name: "(not in our catalogue)" });
    }
}

static void
s_render_list (json_t *value, zlist_t *lines)
{
    static const char *const columns [] = { "key", "state", "name", "lang" };
    imictl_render_items (json_object_get (value, "items"), columns, NULL,
                         sizeof columns / sizeof columns [0], lines);
}

//  authority add|update|import FILE, remove ID, show KEY [--lang], list [--state] [--limit]
static int
s_authority (imictl_options_t *options)
{
    static const char *usage = "usage: imictl [-c CONFIG] authority "
        "add FILE | update FILE | import FILE | remove ID | show STATE:ID [--lang xx] | "
        "list [--state XX] [--limit N]";
    const char *verb = options->argc > 0? options->argv [0]: "";
    const char *argument = options->argc > 1? options->argv [1]: NULL;
    if (options->argc == 2 && (strcmp (verb, "add") == 0 || strcmp (verb, "update") == 0
                           ||  strcmp (verb, "import") == 0)) {
        char command [32];
        snprintf (command, sizeof command, "authority-%s", verb);
        //  add, update: "added<TAB>DE:42"; import: "imported<TAB>12500"
        return imictl_forward_file (options, command, argument, S_FILE_MAX_BYTES,
                                    strcmp (verb, "import") == 0? imictl_render_pairs
                                                                : imictl_render_row);
    }
    zmsg_t *request = zmsg_new ();
    if (options->argc == 2 && strcmp (verb, "remove") == 0) {
        zmsg_addstr (request, "authority-remove");
        zmsg_addstr (request, argument);
        return imictl_call_data (options, &request, imictl_render_row);
    }
    else
    if (options->argc == 2 && strcmp (verb, "show") == 0) {
        zmsg_addstr (request, "authority-show");
        zmsg_addstr (request, argument);
        zmsg_addstr (request, options->lang? options->lang: "-");
        return imictl_call_data (options, &request, s_render_authority);
    }
    else
    if (options->argc == 1 && strcmp (verb, "list") == 0) {
        zmsg_addstr (request, "authority-list");
        zmsg_addstr (request, options->state? options->state: "-");
        zmsg_addstrf (request, "%ld", options->limit);
        return imictl_call_data (options, &request, s_render_list);
    }
    zmsg_destroy (&request);
    return imictl_fail ("%s", usage);
}

//  search's result: a header, then a row per result (its legal areas
//  comma-separated).
static void
s_render_search (json_t *value, zlist_t *lines)
{
    static const char *const columns [] = { "key", "state", "name", "name_lang", "city",
                                            "legal_areas" };
    size_t count = sizeof columns / sizeof columns [0];
    const char *corrected = json_string_value (json_object_get (value, "corrected"));
    if (corrected) {
        const char *fields [] = { "showing results for", corrected };
        imictl_row (lines, 2, fields);
    }
    imictl_row (lines, count, columns);
    size_t index;
    json_t *result;
    json_array_foreach (json_object_get (value, "results"), index, result) {
        const char *fields [sizeof columns / sizeof columns [0]];
        for (size_t column = 0; column + 1 < count; column++) {
            fields [column] = json_string_value (json_object_get (result, columns [column]));
            fields [column] = fields [column]? fields [column]: "";
        }
        char areas [1024] = "";
        size_t used = 0, each;
        json_t *code;
        json_array_foreach (json_object_get (result, "legal_areas"), each, code)
            imictl_append (areas, sizeof areas, &used, "%s%s", each? ",": "",
                           json_string_value (code));
        fields [count - 1] = areas;
        imictl_row (lines, count, fields);
    }
}

//  search WORDS... [--state XX] [--area CODE] [--procedure CODE] [--lang xx] [--limit N]
//  [--offset N]: the words joined by spaces. The node checks the text, the
//  codes, the limit and the offset (one message for each, as over HTTP).
static int
s_search (imictl_options_t *options)
{
    zchunk_t *text = zchunk_new (NULL, 0);
    for (int index = 0; index < options->argc; index++) {
        if (index)
            zchunk_extend (text, " ", 1);
        zchunk_extend (text, options->argv [index], strlen (options->argv [index]));
    }
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "search");
    zmsg_addmem (request, zchunk_data (text), zchunk_size (text));
    zchunk_destroy (&text);
    const char *filters [] = { options->state, options->area, options->procedure, options->lang,
                               options->limit_text, options->offset_text };
    for (size_t index = 0; index < sizeof filters / sizeof filters [0]; index++)
        zmsg_addstr (request, filters [index]? filters [index]: "-");
    return imictl_call_data (options, &request, s_render_search);
}

//  directory status's result: a row per origin, its head shortened to 16
//  hex digits, its state "ok" or "frozen: REASON".
static void
s_render_directory (json_t *value, zlist_t *lines)
{
    static const char *const columns [] = { "origin", "entries", "last_seq", "lag",
                                            "authorities", "head", "state" };
    enum { HEAD = 5, STATE, COUNT };
    imictl_row (lines, COUNT, columns);
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (value, "items"), index, item) {
        char texts [COUNT][32], head [17], state [512];
        const char *fields [COUNT];
        for (size_t column = 0; column < HEAD; column++)
            fields [column] = imictl_cell (json_object_get (item, columns [column]),
                                           texts [column]);
        snprintf (head, sizeof head, "%s", imictl_cell (json_object_get (item, "head"),
                                                        texts [HEAD]));
        json_t *frozen = json_object_get (item, "frozen");
        snprintf (state, sizeof state, "%s%s", frozen && !json_is_null (frozen)? "frozen: ": "ok",
                  json_is_string (frozen)? json_string_value (frozen): "");
        fields [HEAD] = head;
        fields [STATE] = state;
        imictl_row (lines, COUNT, fields);
    }
}

//  directory status | directory resolve ORIGIN
static int
s_directory (imictl_options_t *options)
{
    if (options->argc == 1 && strcmp (options->argv [0], "status") == 0) {
        options->argc = 0;
        return imictl_forward (options, "directory-status", 0, 0, "directory status",
                              s_render_directory);
    }
    if (options->argc == 2 && strcmp (options->argv [0], "resolve") == 0) {
        options->argc = 1;
        options->argv++;
        return imictl_forward (options, "directory-resolve", 1, 1, "directory resolve ORIGIN",
                               imictl_render_row);
    }
    return imictl_fail ("usage: imictl [-c CONFIG] directory status | directory resolve ORIGIN");
}

const imictl_command_t imictl_directory_commands [] = {
    { "authority", s_authority,
      "authority add|update|import FILE, remove ID, show STATE:ID, list: our own authorities" },
    { "search", s_search,
      "search WORDS [--state XX] [--area CODE] [--procedure CODE] [--lang xx] [--limit N] "
      "[--offset N]: \"a phrase\", a OR b, -word to exclude" },
    { "directory", s_directory, "directory status | directory resolve ORIGIN" },
    { NULL, NULL, NULL }
};
