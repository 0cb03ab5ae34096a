/*  imictl_users: users and sessions: user, login, logout, whoami.

    Neither a token nor a password is taken from the command line, which
    every local user reads in ps: passwords come from IMI_PASSWORD or a line
    of stdin (s_read_password); the session token from --session-fd N or
    IMI_SESSION (imictl_request_as_user).
*/
#include "imictl_internal.h"
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

//  user add NAME --authority KEY --role ROLE --lang LL [--password-stdin],
//  user password NAME, user disable NAME, user list [--authority KEY]
static int
s_user (imictl_options_t *options)
{
    static const char *usage = "usage: imictl [-c CONFIG] [--session -|--session-fd N] user "
        "add NAME --authority KEY --role ROLE --lang LL [--password-stdin] | password NAME | "
        "disable NAME | list [--authority KEY]";
    const char *verb = options->argc > 0? options->argv [0]: "";
    const char *name = options->argc > 1? options->argv [1]: NULL;
    char password [IMI_PASSWORD_MAX + 2];
    zmsg_t *request = NULL;
    if (options->argc == 2 && strcmp (verb, "add") == 0) {
        if (!options->authority || !options->role || !options->lang)
            return imictl_fail ("%s", usage);
        if (options->password_stdin
        &&  s_read_password (password, sizeof password, false, "new password: "))
            return 1;
        request = imictl_request_as_user (options, "user-add");
        zmsg_addstr (request, name);
        zmsg_addstr (request, options->authority);
        zmsg_addstr (request, options->role);
        zmsg_addstr (request, options->lang);
        if (options->password_stdin)
            zmsg_addstr (request, password);
    }
    else
    if (options->argc == 2 && strcmp (verb, "password") == 0) {
        if (s_read_password (password, sizeof password, true, "new password: "))
            return 1;
        request = imictl_request_as_user (options, "user-password");
        zmsg_addstr (request, name);
        zmsg_addstr (request, password);
    }
    else
    if (options->argc == 2 && strcmp (verb, "disable") == 0) {
        request = imictl_request_as_user (options, "user-disable");
        zmsg_addstr (request, name);
    }
    else
    if (options->argc == 1 && strcmp (verb, "list") == 0) {
        request = imictl_request_as_user (options, "user-list");
        zmsg_addstr (request, options->authority? options->authority: "-");
    }
    else
        return imictl_fail ("%s", usage);
    sodium_memzero (password, sizeof password);
    return imictl_call (options, &request, NULL);
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
    return imictl_call (options, &request, NULL);
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
      "password NAME | disable NAME | list [--authority KEY]" },
    { "login", s_login, "login NAME: prints a session token (password: IMI_PASSWORD or stdin)" },
    { "logout", s_logout, "logout: end the session (IMI_SESSION or --session-fd N)" },
    { "whoami", s_whoami, "whoami: the session's user, authority, role, language" },
    { NULL, NULL, NULL }
};
