/*  imictl_call: how imictl talks to a node.

    A request is a message of string frames, the command first; for a
    command run as a user, the session token follows it (from --session -,
    --session-fd N or IMI_SESSION, else "-", the operator). The node answers
    with a status frame ("ok", "degraded", "progress" or an error) and lines.
    Every function here consumes the request it is given and returns the
    exit code, after a message on stderr if it is not 0.
*/
#include "imictl_internal.h"
#include "imi_page.h"
#include "imi_config.h"
#include "imi_error.h"
#include "imi_federation.h"
#include "imi_lines.h"
#include "imi_settings.h"

#include <assert.h>
#include <czmq.h>
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_EXIT_DEGRADED 3          //  health: the node answered, degraded

//  Send frames to the node and wait for its reply (*reply_p). Returns the
//  exit code (0, or 1 after a message if the node cannot be reached).
int
imictl_exchange (imictl_options_t *options, zmsg_t **request_p, zmsg_t **reply_p)
{
    char endpoint [IMI_PATH_MAX];
    if (options->control)
        snprintf (endpoint, sizeof endpoint, "%s", options->control);
    else
    if (!options->config) {
        zmsg_destroy (request_p);
        return imictl_fail ("this command talks to a node: give its config with -c CONFIG "
                            "(or --control ENDPOINT)");
    }
    else
    if (imi_settings_control_endpoint (options->config, endpoint, sizeof endpoint)) {
        zmsg_destroy (request_p);
        return imictl_fail ("%s", imi_error_last ());
    }
    if (strncmp (endpoint, "ipc://", 6) == 0 && !zsys_file_exists (endpoint + 6)) {
        zmsg_destroy (request_p);
        return imictl_fail ("no node is running at %s (is imi-node started?)", endpoint);
    }
    zsock_t *socket = zsock_new (ZMQ_DEALER);
    if (!socket) {
        zmsg_destroy (request_p);
        return imictl_fail ("cannot connect to %s", endpoint);
    }
    zsock_set_linger (socket, 0);
    //  Watch the connection, from before it is made: a node that is not
    //  listening refuses it (a killed node leaves its socket file behind),
    //  and one that stops while we wait closes it; saying so at once beats
    //  waiting out the time-out.
    char watch [64];
    snprintf (watch, sizeof watch, "inproc://imictl-watch-%d", (int) getpid ());
    zsock_t *monitor = NULL;
    if (zmq_socket_monitor (zsock_resolve (socket), watch,
                            ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CONNECT_RETRIED) == 0)
        monitor = zsock_new_pair (watch);
    if (zsock_connect (socket, "%s", endpoint)) {
        if (monitor)
            zmq_socket_monitor (zsock_resolve (socket), NULL, 0);
        zsock_destroy (&monitor);
        zsock_destroy (&socket);
        zmsg_destroy (request_p);
        return imictl_fail ("cannot connect to %s", endpoint);
    }
    zpoller_t *poller = zpoller_new (socket, monitor, NULL);
    zmsg_send (request_p, socket);
    //  A long command (an import) answers "progress" while it runs: the
    //  time-out is for silence, not for the whole command.
    uint16_t event = 0;                 //  what the monitor saw, if anything
    *reply_p = NULL;
    while (!*reply_p) {
        void *which = zpoller_wait (poller, (int) options->timeout_ms);
        if (which == monitor && monitor) {
            zmsg_t *note = zmsg_recv (monitor);
            zframe_t *first = note? zmsg_first (note): NULL;
            if (first && zframe_size (first) >= sizeof event)
                memcpy (&event, zframe_data (first), sizeof event);
            zmsg_destroy (&note);
            break;
        }
        if (which != socket || !(*reply_p = zmsg_recv (socket)))
            break;
        char *status = zmsg_popstr (*reply_p);
        bool progress = status && strcmp (status, "progress") == 0;
        if (!progress) {
            zmsg_pushstr (*reply_p, status? status: "");
            zstr_free (&status);
            break;
        }
        char *line = zmsg_popstr (*reply_p);
        if (line && isatty (STDERR_FILENO))
            fprintf (stderr, "%s\n", line);
        zstr_free (&line);
        zstr_free (&status);
        zmsg_destroy (reply_p);
    }
    zpoller_destroy (&poller);
    if (monitor)
        zmq_socket_monitor (zsock_resolve (socket), NULL, 0);
    zsock_destroy (&monitor);
    zsock_destroy (&socket);
    if (event == ZMQ_EVENT_CONNECT_RETRIED)
        return imictl_fail ("no node is running at %s (it refused the connection: is imi-node "
                            "started?)", endpoint);
    if (event)
        return imictl_fail ("the node at %s closed the connection before answering (did it stop?)",
                            endpoint);
    if (!*reply_p)
        return imictl_fail ("no answer from the node at %s within %ld ms", endpoint,
                            options->timeout_ms);
    return 0;
}

//  Send frames to the node and wait for its reply; print it. Returns the
//  exit code (0 ok, 1 error reply or no answer).
int
imictl_call (imictl_options_t *options, zmsg_t **request_p, zlist_t *result)
{
    zmsg_t *reply;
    if (options->json) {
        zmsg_destroy (request_p);
        return imictl_fail ("--json: this command does not answer with data (docs/cli.md "
                            "says which do not)");
    }
    if (imictl_exchange (options, request_p, &reply))
        return 1;
    char *status = zmsg_popstr (reply);
    zlist_t *lines = result? result: zlist_new ();
    zlist_autofree (lines);
    char *line;
    while ((line = zmsg_popstr (reply))) {
        zlist_append (lines, line);
        zstr_free (&line);
    }
    zmsg_destroy (&reply);
    //  "degraded" (health): an answer, printed, with its own exit status.
    bool degraded = status && strcmp (status, "degraded") == 0;
    int rc = degraded? S_EXIT_DEGRADED: 0;
    if (!degraded && (!status || strcmp (status, "ok") != 0)) {
        char *first = zlist_first (lines);
        rc = imictl_fail ("%s", first? first: "the node answered with an error");
    }
    else
    if (!result)
        imictl_print_lines (options, lines);
    zstr_free (&status);
    if (!result)
        zlist_destroy (&lines);
    return rc;
}

int
imictl_call_value (imictl_options_t *options, zmsg_t **request_p, json_t **value, char **text)
{
    zmsg_t *reply;
    *value = NULL;
    if (text)
        *text = NULL;
    if (imictl_exchange (options, request_p, &reply))
        return 1;
    char *status = zmsg_popstr (reply);
    char *json = zmsg_popstr (reply);
    zmsg_destroy (&reply);
    bool degraded = status && strcmp (status, "degraded") == 0;
    int rc = degraded? S_EXIT_DEGRADED: 0;
    json_error_t error;
    if (!degraded && (!status || strcmp (status, "ok") != 0))
        rc = imictl_fail ("%s", json? json: "the node answered with an error");
    else
    if (!json || !(*value = json_loads (json, JSON_REJECT_DUPLICATES, &error)))
        rc = imictl_fail ("the node's answer is not JSON: %s", json? error.text: "empty");
    if (text && *value)
        *text = json;
    else
        zstr_free (&json);
    zstr_free (&status);
    return rc;
}

int
imictl_print_data (imictl_options_t *options, json_t *value, const char *text,
                   imictl_render_fn *render)
{
    char *dumped = options->json && !text? imi_lines_json (value): NULL;
    if (options->json && !text && !dumped)
        return imictl_fail ("out of memory");
    if (options->json)
        printf ("%s\n", text? text: dumped);
    else {
        zlist_t *lines = zlist_new ();
        zlist_autofree (lines);
        render (value, lines);
        imictl_print_lines (options, lines);
        zlist_destroy (&lines);
    }
    free (dumped);
    return 0;
}

int
imictl_call_data (imictl_options_t *options, zmsg_t **request_p, imictl_render_fn *render)
{
    json_t *value;
    char *text;
    int rc = imictl_call_value (options, request_p, &value, &text);
    if (value)
        imictl_print_data (options, value, text, render);
    json_decref (value);
    zstr_free (&text);
    return rc;
}

//  A request for one page of command after cursor (NULL: the first).
static zmsg_t *
s_page_request (imictl_options_t *options, const char *command, const char *cursor, long limit)
{
    zmsg_t *request = imictl_request_as_user (options, command);
    if (options->authority) {
        zmsg_addstr (request, "authority");
        zmsg_addstr (request, options->authority);
    }
    if (cursor) {
        zmsg_addstr (request, "cursor");
        zmsg_addstr (request, cursor);
    }
    zmsg_addstr (request, "limit");
    zmsg_addstrf (request, "%ld", limit);
    return request;
}

int
imictl_call_pages (imictl_options_t *options, const char *command,
                   const char *const columns [], size_t count, imictl_row_fn *row)
{
    if (options->json) {
        zmsg_t *request = s_page_request (options, command, options->cursor, options->limit);
        return imictl_call_data (options, &request, NULL);     //  renders nothing
    }
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    imictl_row (lines, count, columns);
    char *cursor = options->cursor? strdup (options->cursor): NULL;
    int rc = 0;
    do {
        zmsg_t *request = s_page_request (options, command, cursor, IMI_PAGE_LIMIT_MAX);
        json_t *value;
        rc = imictl_call_value (options, &request, &value, NULL);
        size_t index;
        json_t *item;
        json_array_foreach (json_object_get (value, "items"), index, item)
            row (item, lines);
        const char *next = json_string_value (json_object_get (value, "next_cursor"));
        free (cursor);
        cursor = next? strdup (next): NULL;
        json_decref (value);
    } while (rc == 0 && cursor);
    if (rc == 0)
        imictl_print_lines (options, lines);
    free (cursor);
    zlist_destroy (&lines);
    return rc;
}

void
imictl_append (char *text, size_t size, size_t *used, const char *format, ...)
{
    if (*used >= size)
        return;
    va_list args;
    va_start (args, format);
    int length = vsnprintf (text + *used, size - *used, format, args);
    va_end (args);
    *used += length > 0? (size_t) length: 0;
}

void
imictl_row (zlist_t *lines, size_t count, const char *const fields [])
{
    size_t size = 1;
    for (size_t index = 0; index < count; index++)
        size += strlen (fields [index]) + 1;
    char *line = malloc (size), *cursor = line;
    if (!line)
        return;
    for (size_t index = 0; index < count; index++) {
        if (index)
            *cursor++ = '\t';
        for (const char *field = fields [index]; *field; field++)
            *cursor++ = strchr ("\t\r\n", *field)? ' ': *field;
    }
    *cursor = 0;
    zlist_append (lines, line);
    free (line);
}

void
imictl_render_translation (json_t *text, zlist_t *lines)
{
    json_t *translation = json_object_get (text, "machine_translation");
    if (!translation)
        return;
    const char *last = zlist_tail (lines);
    int indent = (int) strspn (last? last: "", " ") + 2;
    const char *error = json_string_value (json_object_get (translation, "error"));
    char *line = error
               ? zsys_sprintf ("%*s(%s)", indent, "", error)
               : zsys_sprintf ("%*smachine translation [%s\u2192%s, %s]: %s", indent, "",
                               imictl_string (text, "lang"), imictl_string (translation, "lang"),
                               imictl_string (translation, "engine"),
                               imictl_string (translation, "text"));
    zlist_append (lines, line);
    zstr_free (&line);
}

void
imictl_render_refusals (json_t *refusals, zlist_t *lines)
{
    size_t index;
    json_t *refusal;
    json_array_foreach (refusals, index, refusal) {
        char when [40];
        imi_lines_add (lines, "refused by %s: %s seq %lld, %s: %s (%s)",
                       imictl_string (refusal, "by"), imictl_string (refusal, "type"),
                       (long long) json_integer_value (json_object_get (refusal, "seq")),
                       imictl_string (refusal, "kind"), imictl_string (refusal, "reason"),
                       imictl_time (json_object_get (refusal, "time"), when));
    }
}

void
imictl_render_head (json_t *value, const char *label, zlist_t *lines)
{
    const char *name = json_string_value (json_object_get (value, "procedure_name"));
    imi_lines_add (lines, "%s: %s", label, imictl_string (value, "id"));
    imi_lines_add (lines, "procedure: %s (%s)", imictl_string (value, "procedure"),
                   name? name: "?");
    imi_lines_add (lines, "state: %s", imictl_string (value, "state"));
    imictl_render_refusals (json_object_get (value, "refusals"), lines);
    imi_lines_add (lines, "version: %lld",
                   (long long) json_integer_value (json_object_get (value, "version")));
    imi_lines_add (lines, "sender: %s", imictl_string (value, "sender"));
}

void
imictl_render_procedures (json_t *value, zlist_t *lines, const char *may,
                          const char *detail, const char *fields, const char *id,
                          const char *label)
{
    imictl_row (lines, 4, (const char *[]) { "procedure", may, detail, "name" });
    size_t index, at;
    json_t *procedure, *field;
    json_array_foreach (json_object_get (value, "procedures"), index, procedure) {
        char text [32] = "-";
        json_t *about = json_object_get (procedure, detail);
        if (json_is_integer (about))
            snprintf (text, sizeof text, "%lldd", (long long) json_integer_value (about));
        else
        if (json_is_string (about))
            snprintf (text, sizeof text, "%s", json_string_value (about));
        const char *name = json_string_value (json_object_get (procedure, "name"));
        imictl_row (lines, 4, (const char *[]) {
            imictl_string (procedure, "code"),
            json_is_true (json_object_get (procedure, may))? "yes": "no", text, name? name: "-" });
        const char *decision = imictl_string (procedure, "decision_field");
        json_array_foreach (json_object_get (procedure, fields), at, field) {
            char indented [IMI_CASE_CODE_MAX + 8];
            snprintf (indented, sizeof indented, "  %s", imictl_string (field, id));
            const char *shown = json_string_value (json_object_get (field, label));
            bool required = json_is_true (json_object_get (field, "required"))
                         || strcmp (imictl_string (field, id), decision) == 0;
            imictl_row (lines, 4, (const char *[]) {
                indented, imictl_string (field, "type"), required? "required": "",
                shown? shown: "-" });
        }
    }
}

void
imictl_render_more (json_t *page, const char *command, zlist_t *lines)
{
    const char *next = json_string_value (json_object_get (page, "next_cursor"));
    if (next)
        imi_lines_add (lines, "(more: imictl %s --cursor %s for the next page)", command, next);
}

const char *
imictl_time (json_t *time, char text [40])
{
    const char *value = json_string_value (time);
    value = value? value: "";
    if (strlen (value) == 20 && value [10] == 'T' && value [19] == 'Z')
        snprintf (text, 40, "%.10s %.8s UTC", value, value + 11);
    else
        snprintf (text, 40, "%s", value);
    return text;
}

const char *
imictl_string (json_t *object, const char *name)
{
    const char *value = json_string_value (json_object_get (object, name));
    return value? value: "";
}

const char *
imictl_cell (json_t *value, char text [32])
{
    if (json_is_string (value))
        return json_string_value (value);
    if (json_is_integer (value))
        snprintf (text, 32, "%" JSON_INTEGER_FORMAT, json_integer_value (value));
    else
    if (json_is_real (value))
        snprintf (text, 32, "%.1f", json_real_value (value));
    else
        snprintf (text, 32, "%s", json_is_true (value)? "yes": json_is_false (value)? "no": "-");
    return text;
}

void
imictl_render_pairs (json_t *value, zlist_t *lines)
{
    const char *name;
    json_t *member;
    json_object_foreach (value, name, member) {
        char text [32];
        imictl_row (lines, 2, (const char *[]) { name, imictl_cell (member, text) });
    }
}

void
imictl_render_row (json_t *value, zlist_t *lines)
{
    char texts [IMICTL_COLUMNS_MAX][32];
    const char *fields [IMICTL_COLUMNS_MAX];
    size_t count = 0;
    const char *name;
    json_t *member;
    json_object_foreach (value, name, member)
        if (count < IMICTL_COLUMNS_MAX) {
            fields [count] = imictl_cell (member, texts [count]);
            count++;
        }
    imictl_row (lines, count, fields);
}

void
imictl_render_items (json_t *items, const char *const columns [], const char *const nulls [],
                     size_t count, zlist_t *lines)
{
    assert (count <= IMICTL_COLUMNS_MAX);
    imictl_row (lines, count, columns);
    size_t index;
    json_t *item;
    json_array_foreach (items, index, item) {
        char texts [IMICTL_COLUMNS_MAX][32];
        const char *fields [IMICTL_COLUMNS_MAX];
        for (size_t column = 0; column < count; column++) {
            json_t *cell = json_object_get (item, columns [column]);
            fields [column] = json_is_null (cell) && nulls && nulls [column]? nulls [column]
                            : imictl_cell (cell, texts [column]);
        }
        imictl_row (lines, count, fields);
    }
}

//  A request of command and the positional arguments, as strings.
int
imictl_forward (imictl_options_t *options, const char *command, int expected_min, int expected_max,
                const char *usage, imictl_render_fn *render)
{
    if (options->argc < expected_min || options->argc > expected_max)
        return imictl_fail ("usage: imictl [-c CONFIG] %s", usage);
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    for (int index = 0; index < options->argc; index++)
        zmsg_addstr (request, options->argv [index]);
    return render? imictl_call_data (options, &request, render)
                 : imictl_call (options, &request, NULL);
}

//  Send command with the contents of the file at path (at most max_bytes)
//  as its one argument.
int
imictl_forward_file (imictl_options_t *options, const char *command, const char *path,
                     size_t max_bytes, imictl_render_fn *render)
{
    uint8_t *bytes;
    size_t size;
    if (imi_file_read (path, max_bytes, &bytes, &size))
        return imictl_fail ("%s", imi_error_last ());
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    zmsg_addmem (request, bytes, size);
    free (bytes);
    return render? imictl_call_data (options, &request, render)
                 : imictl_call (options, &request, NULL);
}

//  A request for a command run as a user: [command, token], the token from
//  --session (- or read from --session-fd), else IMI_SESSION, else "-" (the
//  operator; the node refuses it for commands that need a user). The
//  caller appends the arguments.
zmsg_t *
imictl_request_as_user (imictl_options_t *options, const char *command)
{
    const char *token = options->session? options->session: getenv ("IMI_SESSION");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    zmsg_addstr (request, token && *token? token: "-");
    return request;
}

//  Read a session token, one line, from file descriptor fd into token.
//  Byte by byte, so that with fd 0 the rest of stdin (a password) is left
//  to whoever reads it next. 0, or 1 after a message.
int
imictl_session_from_fd (const char *text, char token [IMI_SESSION_TOKEN_CHARS + 1])
{
    long fd;
    if (imi_parse_number (text, "--session-fd", 0, 1023, &fd))
        return imictl_fail ("%s", imi_error_last ());
    size_t length = 0;
    char byte;
    ssize_t got;
    while ((got = read ((int) fd, &byte, 1)) == 1 && byte != '\n') {
        if (length == IMI_SESSION_TOKEN_CHARS)
            return imictl_fail ("--session-fd %ld: not a session token (longer than %d "
                                "characters)", fd, IMI_SESSION_TOKEN_CHARS);
        token [length++] = byte;
    }
    token [length] = 0;
    if (got < 0)
        return imictl_fail ("--session-fd %ld: %s", fd, strerror (errno));
    if (!length)
        return imictl_fail ("--session-fd %ld: no session token there", fd);
    return 0;
}

//  Cases, alerts, indicators, notifications: a request as the session's
//  user, with the fields given as options (imi_case_control describes
//  them); --attach FILE sends the file's name and content.
int
imictl_user_request (imictl_options_t *options, const char *command, int positional,
                     zmsg_t **request_p)
{
    zmsg_t *request = imictl_request_as_user (options, command);
    for (int index = 1; index <= positional; index++)
        zmsg_addstr (request, options->argv [index]);
    const char *scalars [][2] = {
        { "procedure", options->procedure }, { "lang", options->lang },
        { "from", options->from }, { "authority", options->authority },
        { "state", options->state }, { "cursor", options->cursor },
    };
    for (size_t index = 0; index < sizeof scalars / sizeof scalars [0]; index++)
        if (scalars [index][1]) {
            zmsg_addstr (request, scalars [index][0]);
            zmsg_addstr (request, scalars [index][1]);
        }
    for (int index = 0; index < options->field_count; index++) {
        const char *name = options->fields [2 * index], *value = options->fields [2 * index + 1];
        if (strcmp (name, "attach") != 0) {
            zmsg_addstr (request, name);
            zmsg_addstr (request, value);
            continue;
        }
        zfile_t *file = zfile_new (NULL, value);
        zchunk_t *content = file && zfile_input (file) == 0? zfile_read (file, zfile_cursize (file), 0)
                                                          : NULL;
        zfile_destroy (&file);
        if (!content) {
            zmsg_destroy (&request);
            return imictl_fail ("cannot read %s", value);
        }
        const char *slash = strrchr (value, '/');
        zmsg_addstr (request, "file");
        zmsg_addstr (request, slash? slash + 1: value);
        zmsg_addmem (request, zchunk_data (content), zchunk_size (content));
        zchunk_destroy (&content);
    }
    *request_p = request;
    return 0;
}

int
imictl_page_limit (imictl_options_t *options, bool paged, char limit [24])
{
    if (!options->limit_given)
        return 0;
    if (!paged)
        return imictl_fail ("--limit: only the lists are pages");
    if (options->field_count >= IMICTL_FIELDS_MAX)
        return imictl_fail ("too many options");
    snprintf (limit, 24, "%ld", options->limit);
    options->fields [2 * options->field_count] = "limit";
    options->fields [2 * options->field_count++ + 1] = limit;
    return 0;
}

//  Send request (consumed) and write the content the node answers with to
//  --out FILE, or to stdout: an attachment of a case or an alert.
int
imictl_call_content (imictl_options_t *options, zmsg_t **request_p)
{
    //  The reply is the content: one binary frame after the status
    zmsg_t *reply;
    if (options->json) {
        zmsg_destroy (request_p);
        return imictl_fail ("--json: an attachment is its content, not data");
    }
    if (imictl_exchange (options, request_p, &reply))
        return 1;
    char *status = zmsg_popstr (reply);
    zframe_t *content = zmsg_pop (reply);
    int rc = 0;
    if (!status || strcmp (status, "ok") != 0 || !content) {
        char *reason = content? zframe_strdup (content): NULL;
        rc = imictl_fail ("%s", reason? reason: "the node answered with an error");
        zstr_free (&reason);
    }
    else {
        FILE *out = options->out? fopen (options->out, "wb"): stdout;
        if (!out)
            rc = imictl_fail ("cannot write %s", options->out);
        else {
            if (fwrite (zframe_data (content), 1, zframe_size (content), out)
                != zframe_size (content))
                rc = imictl_fail ("cannot write %s", options->out? options->out: "stdout");
            if (options->out && fclose (out))
                rc = imictl_fail ("cannot write %s", options->out);
        }
    }
    zstr_free (&status);
    zframe_destroy (&content);
    zmsg_destroy (&reply);
    return rc;
}


//  The row of table (count rows) named by the first argument, or NULL.
const imictl_subcommand_t *
imictl_subcommand_find (imictl_options_t *options, const imictl_subcommand_t *table,
                        size_t count)
{
    for (size_t index = 0; options->argc >= 1 && index < count; index++)
        if (strcmp (options->argv [0], table [index].name) == 0)
            return &table [index];
    return NULL;
}

int
imictl_subcommand_call_data (imictl_options_t *options, const char *group,
                             const imictl_subcommand_t *subcommand, imictl_render_fn *render)
{
    char command [64], limit [24];
    snprintf (command, sizeof command, "%s-%s", group, subcommand->name);
    zmsg_t *request;
    if (imictl_page_limit (options, strcmp (subcommand->name, "list") == 0, limit)
    ||  imictl_user_request (options, command, subcommand->positional, &request))
        return 1;
    if (strcmp (subcommand->name, "attachment") == 0)
        return imictl_call_content (options, &request);
    if (render)
        return imictl_call_data (options, &request, render);
    return imictl_call (options, &request, NULL);
}
