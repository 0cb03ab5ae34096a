/*  imictl_users: users and sessions: user, login, logout, whoami.

    Neither a token nor a password is taken from the command line, which
    every local user reads in ps: passwords come from IMI_PASSWORD or a line
    of stdin (s_read_password); the session token from --session-fd N or
    IMI_SESSION (imictl_request_as_user).
*/
#include "imictl_internal.h"
#include "imi_lines.h"
#include "imi_users.h"

#include <czmq.h>
#include <sodium.h>
#include <termios.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  Read a password into buffer (IMI_PASSWORD_MAX + 2 bytes): from
//  IMI_PASSWORD if use_env and it is set, else one line of stdin, not
//  echoed when stdin is a terminal (prompted on stderr). 0, or 1 after a
//  message.
static int
s_read_password (char *buffer, size_t size, bool use_env, const char *prompt)
{
    const char *variable = use_env? getenv ("IMI_PASSWORD"): NULL;
    if (variable) {
        if (strlen (variable) >= size - 1)
            return imictl_fail ("IMI_PASSWORD is too long: at most %d bytes", IMI_PASSWORD_MAX);
        memcpy (buffer, variable, strlen (variable) + 1);
        return 0;
    }
    struct termios saved, quiet;
    bool terminal = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
    if (terminal) {
        fprintf (stderr, "%s", prompt);
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t) ECHO;
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    bool got = fgets (buffer, (int) size, stdin) != NULL;
    if (terminal) {
        tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
        fprintf (stderr, "\n");
    }
    if (!got)
        return imictl_fail ("no password: give it on stdin%s", use_env? " or in IMI_PASSWORD": "");
    size_t length = strcspn (buffer, "\r\n");
    if (buffer [length] == 0 && length == size - 1) {
        sodium_memzero (buffer, size);
        return imictl_fail ("the password is too long: at most %d bytes", IMI_PASSWORD_MAX);
    }
    buffer [length] = 0;
    return 0;
}

//  The rows of user list: name, authority, role, lang, password, status,
//  subject ("-": not linked to the identity provider).
static void
s_user_row (json_t *item, zlist_t *lines)
{
    const char *fields [7];
    static const char *const names [] = { "name", "authority", "role", "lang" };
    for (size_t index = 0; index < 4; index++) {
        fields [index] = json_string_value (json_object_get (item, names [index]));
        fields [index] = fields [index]? fields [index]: "";
    }
    fields [4] = json_is_true (json_object_get (item, "password"))? "yes": "no";
    fields [5] = json_string_value (json_object_get (item, "status"));
    fields [5] = fields [5]? fields [5]: "";
    fields [6] = json_string_value (json_object_get (item, "subject"));
    fields [6] = fields [6]? fields [6]: "-";
    imictl_row (lines, 7, fields);
}

//  The answer of user add: "added NAME AUTHORITY ROLE".
static void
s_render_added (json_t *value, zlist_t *lines)
{
    const char *fields [4] = { "added" };
    static const char *const names [] = { "name", "authority", "role" };
    for (size_t index = 0; index < 3; index++) {
        fields [index + 1] = json_string_value (json_object_get (value, names [index]));
        fields [index + 1] = fields [index + 1]? fields [index + 1]: "";
    }
    imictl_row (lines, 4, fields);
}

//  The answer of user password and password: "password_set NAME".
static void
s_render_password_set (json_t *value, zlist_t *lines)
{
    const char *name = json_string_value (json_object_get (value, "name"));
    imictl_row (lines, 2, (const char *[]) { "password_set", name? name: "" });
}

//  The answer of user disable: "disabled NAME".
static void
s_render_disabled (json_t *value, zlist_t *lines)
{
    const char *name = json_string_value (json_object_get (value, "name"));
    imictl_row (lines, 2, (const char *[]) { "disabled", name? name: "" });
}

//  The answer of user link and unlink: "linked NAME SUBJECT", "unlinked NAME".
static void
s_render_linked (json_t *value, zlist_t *lines)
{
    const char *name = json_string_value (json_object_get (value, "name"));
    const char *subject = json_string_value (json_object_get (value, "subject"));
    if (subject)
        imictl_row (lines, 3, (const char *[]) { "linked", name? name: "", subject });
    else
        imictl_row (lines, 2, (const char *[]) { "unlinked", name? name: "" });
}

//  The value of field option name (--subject ...), or NULL.
static const char *
s_field (imictl_options_t *options, const char *name)
{
    for (int index = 0; index < options->field_count; index++)
        if (strcmp (options->fields [2 * index], name) == 0)
            return options->fields [2 * index + 1];
    return NULL;
}

//  Append option name with value to request.
static void
s_pair (zmsg_t *request, const char *name, const char *value)
{
    zmsg_addstr (request, name);
    zmsg_addstr (request, value);
}

//  user add NAME --authority KEY --role ROLE --lang LL [--password-stdin],
//  user password NAME, user disable NAME, user link NAME --subject SUBJECT,
//  user unlink NAME, user list [--authority KEY] [--cursor NAME] [--limit N]
static int
s_user (imictl_options_t *options)
{
    static const char *usage = "usage: imictl [-c CONFIG] [--session -|--session-fd N] user "
        "add NAME --authority KEY --role ROLE --lang LL [--password-stdin] | password NAME | "
        "disable NAME | link NAME --subject SUBJECT | unlink NAME | list [--authority KEY] "
        "[--cursor NAME] [--limit N]";
    static const char *const columns [] = { "name", "authority", "role", "lang", "password",
                                            "status", "subject" };
    const char *verb = options->argc > 0? options->argv [0]: "";
    const char *name = options->argc > 1? options->argv [1]: NULL;
    char password [IMI_PASSWORD_MAX + 2];
    zmsg_t *request = NULL;
    imictl_render_fn *render = NULL;
    if (options->argc == 2 && strcmp (verb, "add") == 0) {
        if (!options->authority || !options->role || !options->lang)
            return imictl_fail ("%s", usage);
        if (options->password_stdin
        &&  s_read_password (password, sizeof password, false, "new password: "))
            return 1;
        request = imictl_request_as_user (options, "user-add");
        s_pair (request, "name", name);
        s_pair (request, "authority", options->authority);
        s_pair (request, "role", options->role);
        s_pair (request, "lang", options->lang);
        if (options->password_stdin)
            s_pair (request, "password", password);
        render = s_render_added;
    }
    else
    if (options->argc == 2 && strcmp (verb, "password") == 0) {
        if (s_read_password (password, sizeof password, true, "new password: "))
            return 1;
        request = imictl_request_as_user (options, "user-password");
        zmsg_addstr (request, name);
        s_pair (request, "password", password);
        render = s_render_password_set;
    }
    else
    if (options->argc == 2 && strcmp (verb, "disable") == 0) {
        request = imictl_request_as_user (options, "user-disable");
        zmsg_addstr (request, name);
        render = s_render_disabled;
    }
    else
    if (options->argc == 2 && strcmp (verb, "link") == 0 && s_field (options, "subject")) {
        request = imictl_request_as_user (options, "user-link");
        zmsg_addstr (request, name);
        s_pair (request, "subject", s_field (options, "subject"));
        render = s_render_linked;
    }
    else
    if (options->argc == 2 && strcmp (verb, "unlink") == 0) {
        request = imictl_request_as_user (options, "user-unlink");
        zmsg_addstr (request, name);
        render = s_render_linked;
    }
    else
    if (options->argc == 1 && strcmp (verb, "list") == 0)
        return imictl_call_pages (options, "user-list", columns, 7, s_user_row);
    else
        return imictl_fail ("%s", usage);
    sodium_memzero (password, sizeof password);
    return imictl_call_data (options, &request, render);
}

//  password: the session's user changes their own password: the current
//  one, then the new one, each a line of stdin (prompted on a terminal).
static int
s_password (imictl_options_t *options)
{
    if (options->argc != 0)
        return imictl_fail ("usage: imictl [-c CONFIG] [--session-fd N] password (the current "
                            "password, then the new one, a line each on stdin)");
    char current [IMI_PASSWORD_MAX + 2], fresh [IMI_PASSWORD_MAX + 2];
    int rc = s_read_password (current, sizeof current, false, "current password: ");
    if (rc == 0 && (rc = s_read_password (fresh, sizeof fresh, false, "new password: ")) == 0) {
        zmsg_t *request = imictl_request_as_user (options, "password");
        s_pair (request, "current", current);
        s_pair (request, "new", fresh);
        rc = imictl_call_data (options, &request, s_render_password_set);
    }
    sodium_memzero (current, sizeof current);
    sodium_memzero (fresh, sizeof fresh);
    return rc;
}

//  The rows of apikey list: id, authority, role, label, created_by,
//  created, last_used, status (times in UTC, "-" if none).
static void
s_apikey_row (json_t *item, zlist_t *lines)
{
    char id [24], created [32], used [32] = "-";
    snprintf (id, sizeof id, "%" JSON_INTEGER_FORMAT, json_integer_value (json_object_get (item, "id")));
    imi_lines_time (json_integer_value (json_object_get (item, "created_ms")), created);
    json_t *last = json_object_get (item, "last_used_ms");
    if (json_is_integer (last))
        imi_lines_time (json_integer_value (last), used);
    const char *fields [8] = { id, NULL, NULL, NULL, NULL, created, used, NULL };
    static const struct { size_t field; const char *name; } texts [] = {
        { 1, "authority" }, { 2, "role" }, { 3, "label" }, { 4, "created_by" }, { 7, "status" }
    };
    for (size_t index = 0; index < sizeof texts / sizeof texts [0]; index++) {
        const char *text = json_string_value (json_object_get (item, texts [index].name));
        fields [texts [index].field] = text? text: "";
    }
    imictl_row (lines, 8, fields);
}

//  apikey create --authority KEY --role ROLE --label TEXT [--lang LL] |
//  list [--authority KEY] [--cursor ID] [--limit N] | revoke ID
static int
s_apikey (imictl_options_t *options)
{
    static const char *usage = "usage: imictl [-c CONFIG] [--session -|--session-fd N] apikey "
        "create --authority KEY --role ROLE --label TEXT [--lang LL] | list [--authority KEY] "
        "[--cursor ID] [--limit N] | revoke ID";
    static const char *const columns [] = { "id", "authority", "role", "label", "created_by",
                                            "created", "last_used", "status" };
    const char *verb = options->argc > 0? options->argv [0]: "";
    zmsg_t *request;
    if (options->argc == 1 && strcmp (verb, "create") == 0) {
        if (!options->authority || !options->role || !options->label)
            return imictl_fail ("%s", usage);
        request = imictl_request_as_user (options, "apikey-create");
        s_pair (request, "authority", options->authority);
        s_pair (request, "role", options->role);
        s_pair (request, "label", options->label);
        if (options->lang)
            s_pair (request, "lang", options->lang);
        return imictl_call_data (options, &request, imictl_render_pairs);
    }
    if (options->argc == 1 && strcmp (verb, "list") == 0)
        return imictl_call_pages (options, "apikey-list", columns, 8, s_apikey_row);
    if (options->argc == 2 && strcmp (verb, "revoke") == 0) {
        request = imictl_request_as_user (options, "apikey-revoke");
        zmsg_addstr (request, options->argv [1]);
        return imictl_call_data (options, &request, imictl_render_pairs);
    }
    return imictl_fail ("%s", usage);
}

//  login's result {token}: the token alone.
static void
s_render_token (json_t *value, zlist_t *lines)
{
    const char *token = json_string_value (json_object_get (value, "token"));
    imictl_row (lines, 1, (const char *[]) { token? token: "" });
}

//  login NAME: prints the token alone, for export IMI_SESSION=$(imictl login NAME).
static int
s_login (imictl_options_t *options)
{
    if (options->argc != 1)
        return imictl_fail ("usage: imictl [-c CONFIG] login NAME (the password from IMI_PASSWORD "
                            "or stdin)");
    char password [IMI_PASSWORD_MAX + 2];
    if (s_read_password (password, sizeof password, true, "password: "))
        return 1;
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "login");
    zmsg_addstr (request, options->argv [0]);
    zmsg_addstr (request, password);
    sodium_memzero (password, sizeof password);
    return imictl_call_data (options, &request, s_render_token);
}

//  logout: end the session of --session-fd or IMI_SESSION.
static int
s_logout (imictl_options_t *options)
{
    const char *token = options->session? options->session: getenv ("IMI_SESSION");
    if (options->argc != 0)
        return imictl_fail ("usage: imictl [-c CONFIG] [--session -|--session-fd N] logout");
    if (!token || !*token || strcmp (token, "-") == 0)
        return imictl_fail ("no session to end: set IMI_SESSION or give --session-fd N");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "logout");
    zmsg_addstr (request, token);
    return imictl_call_data (options, &request, imictl_render_row);
}

static int
s_whoami (imictl_options_t *options)
{
    if (options->argc != 0)
        return imictl_fail ("usage: imictl [-c CONFIG] [--session -|--session-fd N] whoami");
    zmsg_t *request = imictl_request_as_user (options, "whoami");
    return imictl_call_data (options, &request, imictl_render_pairs);
}

const imictl_command_t imictl_users_commands [] = {
    { "user", s_user, "user add NAME --authority KEY --role ROLE --lang LL [--password-stdin] | "
      "password NAME | disable NAME | link NAME --subject SUBJECT | unlink NAME | list "
      "[--authority KEY] [--cursor NAME]" },
    { "login", s_login, "login NAME: prints a session token (password: IMI_PASSWORD or stdin)" },
    { "logout", s_logout, "logout: end the session (IMI_SESSION or --session-fd N)" },
    { "whoami", s_whoami, "whoami: the session's user, authority, role, language" },
    { "password", s_password, "password: change your own password (the current one, then the "
      "new one, on stdin)" },
    { "apikey", s_apikey, "apikey create --authority KEY --role ROLE --label TEXT [--lang LL] | "
      "list [--authority KEY] | revoke ID: keys for back-office systems (HTTP API)" },
    { NULL, NULL, NULL }
};
