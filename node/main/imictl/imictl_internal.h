/*  imictl_internal.h: what the files of imictl share.

    imictl.c parses the options into one imictl_options_t and walks the
    command groups' tables; each imictl_<group>.c holds a group's commands
    and exports its table; imictl_call.c is the plumbing every online
    command uses to talk to a node. Nothing here is a library: it is one
    program cut into files.
*/
#ifndef IMICTL_INTERNAL_H
#define IMICTL_INTERNAL_H

#include "imi_users.h"

#include <czmq.h>
#include <jansson.h>
#include <stdbool.h>

#define IMICTL_FIELDS_MAX 256
#define IMICTL_COLUMNS_MAX 16       //  of a table imictl aligns (imictl_print_lines)

//  Every option of the command line, parsed once by main for all commands.
typedef struct {
    const char *config;             //  -c CONFIG
    const char *control;            //  --control ENDPOINT
    bool raw;                       //  --raw
    bool json;                      //  --json: a data command's result as the node sent it
    long timeout_ms;                //  --timeout
    //  Options of particular commands
    const char *dir, *state, *endpoint, *identity, *sign_key, *curve_key, *key, *federation;
    const char *governance_key, *from, *area, *procedure, *lang;
    const char *authority, *role;   //  user add, user list, apikey create
    const char *label;              //  apikey create
    const char *cursor;             //  user list, apikey list: the page after this
    const char *session;            //  --session - or --session-fd N (else IMI_SESSION)
    bool password_stdin;            //  user add --password-stdin
    const char *out;                //  case attachment --out FILE
    //  Fields of case and kpi commands, in the order given: name, value, ...
    const char *fields [2 * IMICTL_FIELDS_MAX];
    int field_count;
    long threshold, count, limit, offset;
    bool limit_given;               //  --limit was given (else limit is its default)
    const char *limit_text;         //  --limit and --offset as given, or NULL: for
    const char *offset_text;        //  commands whose node checks them (s_word_commands)
    int argc;                       //  positional arguments after the command
    char **argv;
} imictl_options_t;

//  A command: returns the exit code.
typedef int (imictl_run_fn) (imictl_options_t *options);

//  One row of a group's table, one line of imictl --help.
typedef struct {
    const char *name;               //  as typed after imictl
    imictl_run_fn *run;
    const char *help;
} imictl_command_t;

//  The groups' tables, each ended by a row whose name is NULL; imictl.c
//  lists them in the order of imictl --help.
extern const imictl_command_t imictl_keys_commands [];
extern const imictl_command_t imictl_node_commands [];
extern const imictl_command_t imictl_store_commands [];
extern const imictl_command_t imictl_directory_commands [];
extern const imictl_command_t imictl_users_commands [];
extern const imictl_command_t imictl_events_commands [];
extern const imictl_command_t imictl_cases_commands [];
extern const imictl_command_t imictl_procedures_commands [];
extern const imictl_command_t imictl_translate_commands [];
extern const imictl_command_t imictl_retention_commands [];
extern const imictl_command_t imictl_notifications_commands [];
extern const imictl_command_t imictl_alerts_commands [];
extern const imictl_command_t imictl_audit_commands [];
extern const imictl_command_t imictl_kpi_commands [];
extern const imictl_command_t imictl_manifest_commands [];

//  imictl.c: the program's output

//  Print "imictl: " and the message to stderr. Returns 1, the exit code
//  of a failed command, so that a command can return imictl_fail (...).
int imictl_fail (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

//  Print tab-separated lines as aligned columns (or as they are with --raw).
void imictl_print_lines (imictl_options_t *options, zlist_t *lines);

//  imictl_call.c: talking to a node. Each takes a request it consumes and
//  returns the exit code (0, or 1 after a message).

//  Send frames to the node and wait for its reply (*reply_p, the caller's).
int imictl_exchange (imictl_options_t *options, zmsg_t **request_p, zmsg_t **reply_p);

//  Send frames to the node and wait for its reply: print it, or with result
//  (the caller's list) append its lines there. 3 for a "degraded" answer.
int imictl_call (imictl_options_t *options, zmsg_t **request_p, zlist_t *result);

//  A command whose result is data (node/control/imi_control.h): how its
//  table is made from the value, appended to lines (an autofree list).
typedef void (imictl_render_fn) (json_t *value, zlist_t *lines);

//  Send frames to a command whose result is data and parse its answer into
//  *value (the caller's; NULL after a failure), and its text into *text
//  (the caller's) unless text is NULL. 0, 3 for a "degraded" answer, or 1
//  after a message.
int imictl_call_value (imictl_options_t *options, zmsg_t **request_p, json_t **value,
                       char **text);

//  Print a result that is data: with --json as text (the JSON as the node
//  sent it; NULL: value written as the node writes it), else as the table
//  render makes of value. 0, or 1 after a message.
int imictl_print_data (imictl_options_t *options, json_t *value, const char *text,
                       imictl_render_fn *render);

//  Send frames to a command whose result is data and print the result:
//  with --json as the node sent it, else as the table render makes of it.
//  3 for a "degraded" answer.
int imictl_call_data (imictl_options_t *options, zmsg_t **request_p, imictl_render_fn *render);

//  Append to text (size bytes, *used of them used) as printf would, adding
//  to *used; what does not fit is cut.
void imictl_append (char *text, size_t size, size_t *used, const char *format, ...)
    __attribute__ ((format (printf, 4, 5)));

//  Append to lines one row of fields (count of them), tab-separated; tabs
//  and line breaks in a field become spaces.
void imictl_row (zlist_t *lines, size_t count, const char *const fields []);

//  A paged list, command as the session's user with --authority as its
//  filter, whose result is {items, next_cursor} (user list, apikey list):
//  a header of count columns, then a row per item made by row. Without
//  --json, every page is asked for and printed as one table, from --cursor
//  (or the first) on: the table stops nowhere by itself. With --json, the
//  page asked for (--cursor, --limit) as the node sent it.
typedef void (imictl_row_fn) (json_t *item, zlist_t *lines);
int imictl_call_pages (imictl_options_t *options, const char *command,
                       const char *const columns [], size_t count, imictl_row_fn *row);

//  A free text of a data command's result ({lang, original,
//  machine_translation}, imi_translate_text on the node): its translation,
//  if it has one, as the line after the last of lines, indented two more
//  than that line.
void imictl_render_translation (json_t *text, zlist_t *lines);

//  A page's last line, if there are more pages: how command (as typed)
//  gets the next.
void imictl_render_more (json_t *page, const char *command, zlist_t *lines);

//  Refusals of a case's, alert's or notification's messages
//  (imi_outbox_refusals_value on the node), a line each.
void imictl_render_refusals (json_t *refusals, zlist_t *lines);

//  The head of an alert's or a notification's show: "LABEL: id", the
//  procedure and its name, the state, the refusals, the version, the
//  sender, a line each.
void imictl_render_head (json_t *value, const char *label, zlist_t *lines);

//  A time of the data (RFC 3339, "2026-11-29T22:32:28Z") as imictl prints
//  times: "2026-11-29 22:32:28 UTC".
const char *imictl_time (json_t *time, char text [40]);

//  A member of object as a string ("" if it is not one).
const char *imictl_string (json_t *object, const char *name);

//  The procedures of a form's choice ({procedures: [...]}: alert
//  procedures, notification procedures): a header (procedure, may, detail,
//  name), a row per procedure (its code; its member may as yes or no; its
//  member detail, a number of days as "3d", or "-"; its name), and under
//  it a row per element of its member fields (its member id, indented; its
//  type; "required" if it is, or is the procedure's decision_field; its
//  member label).
void imictl_render_procedures (json_t *value, zlist_t *lines, const char *may,
                               const char *detail, const char *fields, const char *id,
                               const char *label);

//  A value as a cell of a table: a string as it is, an integer in
//  decimal, a real with one decimal, true and false as yes and no,
//  anything else (null, absent) as "-". Returns the string or text.
const char *imictl_cell (json_t *value, char text [32]);

//  An object's members, one "name<TAB>value" line each (imictl_cell).
void imictl_render_pairs (json_t *value, zlist_t *lines);

//  An object's members as one line, their values tab-separated in order
//  (imictl_cell): an action's outcome, such as "installed<TAB>7".
void imictl_render_row (json_t *value, zlist_t *lines);

//  A list (items, an array of objects; a list's result is {items}): a
//  header of count columns (at most IMICTL_COLUMNS_MAX), then a row per
//  item of its members named so (imictl_cell; a null shows as that
//  column's nulls entry if nulls, count entries, is not NULL and the
//  entry is not NULL).
void imictl_render_items (json_t *items, const char *const columns [],
                          const char *const nulls [], size_t count, zlist_t *lines);


//  Call command with the positional arguments as strings, if there are
//  between expected_min and expected_max of them; else print usage. Its
//  result is data printed as render makes it (imictl_call_data), or with
//  render NULL lines (imictl_call).
int imictl_forward (imictl_options_t *options, const char *command, int expected_min,
                    int expected_max, const char *usage, imictl_render_fn *render);

//  Call command with the contents of the file at path (at most max_bytes)
//  as its one argument; its answer printed as imictl_forward says.
int imictl_forward_file (imictl_options_t *options, const char *command, const char *path,
                         size_t max_bytes, imictl_render_fn *render);

//  A page's size (--limit, if given) as the option "limit" among the
//  fields sent (limit holds its text); refused unless the command is
//  paged. 0, or 1 after a message.
int imictl_page_limit (imictl_options_t *options, bool paged, char limit [24]);

//  Send request and write the content the node answers with to --out FILE,
//  or to stdout: an attachment of a case or an alert.
int imictl_call_content (imictl_options_t *options, zmsg_t **request_p);

//  A new request for a command run as a user: [command, token]. The caller
//  owns it and appends the arguments.
zmsg_t *imictl_request_as_user (imictl_options_t *options, const char *command);

//  A request as the session's user with the positional arguments after the
//  subcommand and the fields given as options (*request_p, the caller's).
int imictl_user_request (imictl_options_t *options, const char *command, int positional,
                         zmsg_t **request_p);

//  A subcommand of case, alert or notification: a request as the session's
//  user, named GROUP-NAME, with positional arguments after the subcommand.
typedef struct {
    const char *name;
    int positional;                 //  arguments after the subcommand
} imictl_subcommand_t;

//  The row of table (count rows) named by the first argument, or NULL if
//  there is none; the caller checks the count of arguments.
const imictl_subcommand_t *imictl_subcommand_find (imictl_options_t *options,
                                                   const imictl_subcommand_t *table,
                                                   size_t count);

//  The same for a subcommand whose result is data: printed as render makes
//  it (imictl_call_data); render NULL: as imictl_subcommand_call.
int imictl_subcommand_call_data (imictl_options_t *options, const char *group,
                                 const imictl_subcommand_t *subcommand,
                                 imictl_render_fn *render);

//  Read a session token, one line, from the file descriptor named by text.
int imictl_session_from_fd (const char *text, char token [IMI_SESSION_TOKEN_CHARS + 1]);

#endif
