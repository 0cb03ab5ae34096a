/*  imictl_procedures: the catalogue's information request procedures, as
    a requester sees them (procedure list, procedure show), as the
    session's user or, without a session, the operator. The node builds
    the values (imi_catalogue_view); here they become tables.
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <stdio.h>
#include <string.h>

//  procedure list: a header, then code, legal area and name per procedure.
static void
s_render_list (json_t *value, zlist_t *lines)
{
    imictl_row (lines, 3, (const char *[]) { "code", "legal_area", "name" });
    size_t index;
    json_t *procedure;
    json_array_foreach (json_object_get (value, "procedures"), index, procedure)
        imictl_row (lines, 3, (const char *[]) {
            imictl_string (procedure, "code"),
            imictl_string (json_object_get (procedure, "legal_area"), "code"),
            imictl_string (procedure, "name") });
}

//  One question or subject field: part, id, type, text, then its options
//  as "code=text" comma-separated.
static void
s_render_field (json_t *field, const char *part, zlist_t *lines)
{
    char options [1024] = "";
    size_t used = 0, index;
    json_t *option;
    json_array_foreach (json_object_get (field, "options"), index, option)
        imictl_append (options, sizeof options, &used, "%s%s=%s", index? ", ": "",
                       imictl_string (option, "code"), imictl_string (option, "text"));
    imictl_row (lines, 5, (const char *[]) { part, imictl_string (field, "id"),
                                             imictl_string (field, "type"),
                                             imictl_string (field, "text"), options });
}

//  procedure show: the procedure's facts a line each, then its subject
//  fields (personal data) and questions.
static void
s_render_show (json_t *value, zlist_t *lines)
{
    json_t *within = json_object_get (value, "reply_within");
    json_t *attachments = json_object_get (value, "attachments");
    char reply [64], files [64];
    snprintf (reply, sizeof reply, "%" JSON_INTEGER_FORMAT " %sdays",
              json_integer_value (json_object_get (within, "days")),
              json_is_true (json_object_get (within, "working_days"))? "working ": "");
    snprintf (files, sizeof files, "%" JSON_INTEGER_FORMAT " files, %" JSON_INTEGER_FORMAT
              " bytes in all", json_integer_value (json_object_get (attachments, "max_files")),
              json_integer_value (json_object_get (attachments, "max_bytes")));
    const char *facts [][2] = {
        { "procedure", imictl_string (value, "code") }, { "name", imictl_string (value, "name") },
        { "legal_area", imictl_string (json_object_get (value, "legal_area"), "name") },
        { "reply_within", reply },
        { "default_reply_by", imictl_string (value, "default_reply_by") },
        { "attachments", files },
    };
    for (size_t index = 0; index < sizeof facts / sizeof facts [0]; index++)
        imictl_row (lines, 2, facts [index]);
    size_t index;
    json_t *field;
    json_array_foreach (json_object_get (value, "subject_fields"), index, field)
        s_render_field (field, "subject (personal data)", lines);
    json_array_foreach (json_object_get (value, "questions"), index, field)
        s_render_field (field, "question", lines);
}

//  procedure catalogue: "area CODE NAME" per legal area, then "procedure
//  CODE AREA NAME" per procedure of every kind.
static void
s_render_catalogue (json_t *value, zlist_t *lines)
{
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (value, "legal_areas"), index, item)
        imictl_row (lines, 3, (const char *[]) { "area", imictl_string (item, "code"),
                                                 imictl_string (item, "name") });
    json_array_foreach (json_object_get (value, "procedures"), index, item)
        imictl_row (lines, 4, (const char *[]) { "procedure", imictl_string (item, "code"),
                                                 imictl_string (item, "legal_area"),
                                                 imictl_string (item, "name") });
}

//  procedure list [--lang xx] [--to KEY] | show CODE [--lang xx] |
//  catalogue [--lang xx]
static int
s_procedure (imictl_options_t *options)
{
    static const imictl_subcommand_t list = { "list", 0 }, show = { "show", 1 },
                                     catalogue = { "catalogue", 0 };
    const char *verb = options->argc > 0? options->argv [0]: "";
    if (options->argc == 1 && strcmp (verb, "list") == 0)
        return imictl_subcommand_call_data (options, "procedure", &list, s_render_list);
    if (options->argc == 2 && strcmp (verb, "show") == 0)
        return imictl_subcommand_call_data (options, "procedure", &show, s_render_show);
    if (options->argc == 1 && strcmp (verb, "catalogue") == 0)
        return imictl_subcommand_call_data (options, "procedure", &catalogue, s_render_catalogue);
    return imictl_fail ("usage: imictl [-c CONFIG] procedure list [--lang xx] [--to KEY] | "
                        "show CODE [--lang xx] | catalogue [--lang xx]");
}

const imictl_command_t imictl_procedures_commands [] = {
    { "procedure", s_procedure, "procedure list [--lang xx] [--to KEY] | show CODE [--lang xx] | "
      "catalogue [--lang xx]: the information requests one may start, their questions and "
      "subject fields; every legal area and procedure" },
    { NULL, NULL, NULL }
};
