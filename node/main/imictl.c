/*  imictl: the operator's command-line tool.

    Two kinds of commands, in one table below:
      - offline ones work on files: a node's identity, the governance key,
        the federation manifest;
      - online ones ask a running node over its control endpoint (found in
        the node's config file given with -c, or given with --control).
    imictl never opens a node's database: the node is its only user.
    Commands run as a user (user ..., whoami, the case and alert commands) send
    the session token of `imictl login` as their first argument frame: from
    --session-fd N (a line read from that file descriptor), or else the
    environment's IMI_SESSION, or "-" (the operator) if neither is set or
    --session - says so (s_request_as_user). Neither a token nor a password
    is taken from the command line, which every local user reads in ps:
    --session TOKEN is refused, passwords come from
    IMI_PASSWORD or a line of stdin (s_read_password).
    Table output is aligned for reading; --raw prints the tab-separated
    lines as the node sent them, for scripts.
*/
#include "imi_control.h"
#include "imi_config.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_federation.h"
#include "imi_keys.h"
#include "imi_manifest.h"
#include "imi_settings.h"
#include "imi_users.h"

#include <czmq.h>
#include <getopt.h>
#include <sodium.h>
#include <errno.h>
#include <termios.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_FIELDS_MAX 256
#define S_EXIT_DEGRADED 3          //  health: the node answered, degraded

typedef struct {
    const char *config;             //  -c CONFIG
    const char *control;            //  --control ENDPOINT
    bool raw;                       //  --raw
    long timeout_ms;                //  --timeout
    //  Options of particular commands
    const char *dir, *state, *endpoint, *identity, *sign_key, *curve_key, *key, *federation;
    const char *governance_key, *from, *area, *procedure, *lang;
    const char *authority, *role;   //  user add, user list
    const char *session;            //  --session - or --session-fd N (else IMI_SESSION)
    bool password_stdin;            //  user add --password-stdin
    const char *out;                //  case attachment --out FILE
    //  Fields of case and kpi commands, in the order given: name, value, ...
    const char *fields [2 * S_FIELDS_MAX];
    int field_count;
    long threshold, count, limit;
    int argc;                       //  positional arguments after the command
    char **argv;
} s_options_t;

typedef int (s_command_fn) (s_options_t *options);

static int
s_fail (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

static int
s_fail (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    fprintf (stderr, "imictl: ");
    vfprintf (stderr, format, args);
    fprintf (stderr, "\n");
    va_end (args);
    return 1;
}

//  Print tab-separated lines as aligned columns (or as they are with --raw).
static void
s_print_lines (s_options_t *options, zlist_t *lines)
{
    size_t widths [16] = { 0 };
    for (char *line = zlist_first (lines); line; line = zlist_next (lines)) {
        size_t column = 0, width = 0;
        for (const char *cursor = line; ; cursor++) {
            if (*cursor == '\t' || *cursor == 0) {
                if (column < 16 && width > widths [column])
                    widths [column] = width;
                column++;
                width = 0;
                if (*cursor == 0)
                    break;
            }
            else
            if ((*cursor & 0xC0) != 0x80)       //  count characters, not UTF-8 bytes
                width++;
        }
    }
    for (char *line = zlist_first (lines); line; line = zlist_next (lines)) {
        if (options->raw || !strchr (line, '\t')) {
            printf ("%s\n", line);
            continue;
        }
        size_t column = 0, width = 0;
        for (const char *cursor = line; ; cursor++) {
            if (*cursor == '\t') {
                for (; column < 16 && width < widths [column] + 2; width++)
                    putchar (' ');
                column++;
                width = 0;
            }
            else
            if (*cursor == 0)
                break;
            else {
                putchar (*cursor);
                if ((*cursor & 0xC0) != 0x80)
                    width++;
            }
        }
        putchar ('\n');
    }
}

//  ---------------------------------------------------------------------------
//  Talking to a node

//  Send frames to the node and wait for its reply (*reply_p). Returns the
//  exit code (0, or 1 after a message if the node cannot be reached).
static int
s_exchange (s_options_t *options, zmsg_t **request_p, zmsg_t **reply_p)
{
    char endpoint [IMI_PATH_MAX];
    if (options->control)
        snprintf (endpoint, sizeof endpoint, "%s", options->control);
    else
    if (!options->config) {
        zmsg_destroy (request_p);
        return s_fail ("this command talks to a node: give its config with -c CONFIG "
                       "(or --control ENDPOINT)");
    }
    else
    if (imi_settings_control_endpoint (options->config, endpoint, sizeof endpoint)) {
        zmsg_destroy (request_p);
        return s_fail ("%s", imi_error_last ());
    }
    if (strncmp (endpoint, "ipc://", 6) == 0 && !zsys_file_exists (endpoint + 6)) {
        zmsg_destroy (request_p);
        return s_fail ("no node is running at %s (is imi-node started?)", endpoint);
    }
    zsock_t *socket = zsock_new_dealer (endpoint);
    if (!socket) {
        zmsg_destroy (request_p);
        return s_fail ("cannot connect to %s", endpoint);
    }
    zsock_set_linger (socket, 0);
    //  Watch the connection: a node that stops (or is killed) while we wait
    //  closes it, and saying so at once beats waiting out the time-out.
    char watch [64];
    snprintf (watch, sizeof watch, "inproc://imictl-watch-%d", (int) getpid ());
    zsock_t *monitor = NULL;
    if (zmq_socket_monitor (zsock_resolve (socket), watch, ZMQ_EVENT_DISCONNECTED) == 0)
        monitor = zsock_new_pair (watch);
    zpoller_t *poller = zpoller_new (socket, monitor, NULL);
    zmsg_send (request_p, socket);
    //  A long command (an import) answers "progress" while it runs: the
    //  time-out is for silence, not for the whole command.
    bool closed = false;
    *reply_p = NULL;
    while (!*reply_p) {
        void *which = zpoller_wait (poller, (int) options->timeout_ms);
        if (which == monitor && monitor) {
            closed = true;
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
    if (closed)
        return s_fail ("the node at %s closed the connection before answering (did it stop?)",
                       endpoint);
    if (!*reply_p)
        return s_fail ("no answer from the node at %s within %ld ms", endpoint, options->timeout_ms);
    return 0;
}

//  Send frames to the node and wait for its reply; print it. Returns the
//  exit code (0 ok, 1 error reply or no answer).
static int
s_call (s_options_t *options, zmsg_t **request_p, zlist_t *result)
{
    zmsg_t *reply;
    if (s_exchange (options, request_p, &reply))
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
        rc = s_fail ("%s", first? first: "the node answered with an error");
    }
    else
    if (!result)
        s_print_lines (options, lines);
    zstr_free (&status);
    if (!result)
        zlist_destroy (&lines);
    return rc;
}

//  A request of command and the positional arguments, as strings.
static int
s_forward (s_options_t *options, const char *command, int expected_min, int expected_max,
           const char *usage)
{
    if (options->argc < expected_min || options->argc > expected_max)
        return s_fail ("usage: imictl [-c CONFIG] %s", usage);
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    for (int index = 0; index < options->argc; index++)
        zmsg_addstr (request, options->argv [index]);
    return s_call (options, &request, NULL);
}

static int
s_metrics (s_options_t *options)
{
    options->raw = true;
    return s_forward (options, "metrics", 0, 0, "metrics");
}

static int
s_ping (s_options_t *options)
{
    if (options->argc != 1)
        return s_fail ("usage: imictl [-c CONFIG] ping STATE");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "ping");
    zmsg_addstr (request, options->argv [0]);
    zlist_t *lines = zlist_new ();
    int rc = s_call (options, &request, lines);
    if (rc == 0 && zlist_first (lines) && options->raw)
        printf ("%s\n", (char *) zlist_first (lines));
    else
    if (rc == 0 && zlist_first (lines)) {
        char state [8] = "";
        long long rtt = -1;
        unsigned long long version = 0;
        sscanf (zlist_first (lines), "%7[^\t]\t%lld\t%llu", state, &rtt, &version);
        printf ("%s answered a signed ping in %lld ms (its manifest version: %llu)\n",
                state, rtt, version);
    }
    zlist_destroy (&lines);
    return rc;
}

static int
s_send (s_options_t *options)
{
    if (options->argc != 2)
        return s_fail ("usage: imictl [-c CONFIG] send STATE TEXT [--count N]");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "send");
    zmsg_addstr (request, options->argv [0]);
    zmsg_addstr (request, options->argv [1]);
    zmsg_addstrf (request, "%ld", options->count);
    return s_call (options, &request, NULL);
}

static int
s_messages (s_options_t *options)
{
    if (options->argc != 0)
        return s_fail ("usage: imictl [-c CONFIG] messages [--from STATE] [--limit N]");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "messages");
    zmsg_addstr (request, options->from? options->from: "-");
    zmsg_addstrf (request, "%ld", options->limit);
    return s_call (options, &request, NULL);
}

static int
s_message_count (s_options_t *options)
{
    if (options->argc != 0)
        return s_fail ("usage: imictl [-c CONFIG] message-count [--from STATE]");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "message-count");
    zmsg_addstr (request, options->from? options->from: "-");
    return s_call (options, &request, NULL);
}

//  ---------------------------------------------------------------------------
//  The directory of authorities

//  Send command with a file's contents as its one argument.
static int
s_forward_file (s_options_t *options, const char *command, const char *path)
{
    uint8_t *bytes;
    size_t size;
    if (imi_file_read (path, 256 * 1024 * 1024, &bytes, &size))
        return s_fail ("%s", imi_error_last ());
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, command);
    zmsg_addmem (request, bytes, size);
    free (bytes);
    return s_call (options, &request, NULL);
}

//  authority add|update|import FILE, remove ID, show KEY [--lang], list [--state] [--limit]
static int
s_authority (s_options_t *options)
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
        return s_forward_file (options, command, argument);
    }
    zmsg_t *request = zmsg_new ();
    if (options->argc == 2 && strcmp (verb, "remove") == 0) {
        zmsg_addstr (request, "authority-remove");
        zmsg_addstr (request, argument);
    }
    else
    if (options->argc == 2 && strcmp (verb, "show") == 0) {
        zmsg_addstr (request, "authority-show");
        zmsg_addstr (request, argument);
        zmsg_addstr (request, options->lang? options->lang: "-");
    }
    else
    if (options->argc == 1 && strcmp (verb, "list") == 0) {
        zmsg_addstr (request, "authority-list");
        zmsg_addstr (request, options->state? options->state: "-");
        zmsg_addstrf (request, "%ld", options->limit);
    }
    else {
        zmsg_destroy (&request);
        return s_fail ("%s", usage);
    }
    return s_call (options, &request, NULL);
}

//  search WORDS... [--state XX] [--area CODE] [--procedure CODE] [--lang xx] [--limit N]
static int
s_search (s_options_t *options)
{
    char text [1024] = "";
    for (int index = 0; index < options->argc; index++) {
        if (strlen (text) + strlen (options->argv [index]) + 2 > sizeof text)
            return s_fail ("the search text is too long");
        if (index)
            strcat (text, " ");
        strcat (text, options->argv [index]);
    }
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "search");
    zmsg_addstr (request, text);
    const char *filters [] = { options->state, options->area, options->procedure, options->lang };
    for (size_t index = 0; index < sizeof filters / sizeof filters [0]; index++)
        zmsg_addstr (request, filters [index]? filters [index]: "-");
    zmsg_addstrf (request, "%ld", options->limit);
    return s_call (options, &request, NULL);
}

//  directory status | directory resolve ORIGIN
static int
s_directory (s_options_t *options)
{
    if (options->argc == 1 && strcmp (options->argv [0], "status") == 0) {
        options->argc = 0;
        return s_forward (options, "directory-status", 0, 0, "directory status");
    }
    if (options->argc == 2 && strcmp (options->argv [0], "resolve") == 0) {
        options->argc = 1;
        options->argv++;
        return s_forward (options, "directory-resolve", 1, 1, "directory resolve ORIGIN");
    }
    return s_fail ("usage: imictl [-c CONFIG] directory status | directory resolve ORIGIN");
}

//  ---------------------------------------------------------------------------
//  Users and sessions

//  A request for a command run as a user: [command, token], the token from
//  --session (- or read from --session-fd), else IMI_SESSION, else "-" (the
//  operator; the node refuses it for commands that need a user). The
//  caller appends the arguments.
static zmsg_t *
s_request_as_user (s_options_t *options, const char *command)
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
static int
s_session_from_fd (const char *text, char token [IMI_SESSION_TOKEN_CHARS + 1])
{
    long fd;
    if (imi_parse_number (text, "--session-fd", 0, 1023, &fd))
        return s_fail ("%s", imi_error_last ());
    size_t length = 0;
    char byte;
    ssize_t got;
    while ((got = read ((int) fd, &byte, 1)) == 1 && byte != '\n') {
        if (length == IMI_SESSION_TOKEN_CHARS)
            return s_fail ("--session-fd %ld: not a session token (longer than %d "
                           "characters)", fd, IMI_SESSION_TOKEN_CHARS);
        token [length++] = byte;
    }
    token [length] = 0;
    if (got < 0)
        return s_fail ("--session-fd %ld: %s", fd, strerror (errno));
    if (!length)
        return s_fail ("--session-fd %ld: no session token there", fd);
    return 0;
}

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
            return s_fail ("IMI_PASSWORD is too long: at most %d bytes", IMI_PASSWORD_MAX);
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
        return s_fail ("no password: give it on stdin%s", use_env? " or in IMI_PASSWORD": "");
    size_t length = strcspn (buffer, "\r\n");
    if (buffer [length] == 0 && length == size - 1) {
        sodium_memzero (buffer, size);
        return s_fail ("the password is too long: at most %d bytes", IMI_PASSWORD_MAX);
    }
    buffer [length] = 0;
    return 0;
}

//  user add NAME --authority KEY --role ROLE --lang LL [--password-stdin],
//  user password NAME, user disable NAME, user list [--authority KEY]
static int
s_user (s_options_t *options)
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
            return s_fail ("%s", usage);
        if (options->password_stdin
        &&  s_read_password (password, sizeof password, false, "new password: "))
            return 1;
        request = s_request_as_user (options, "user-add");
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
        request = s_request_as_user (options, "user-password");
        zmsg_addstr (request, name);
        zmsg_addstr (request, password);
    }
    else
    if (options->argc == 2 && strcmp (verb, "disable") == 0) {
        request = s_request_as_user (options, "user-disable");
        zmsg_addstr (request, name);
    }
    else
    if (options->argc == 1 && strcmp (verb, "list") == 0) {
        request = s_request_as_user (options, "user-list");
        zmsg_addstr (request, options->authority? options->authority: "-");
    }
    else
        return s_fail ("%s", usage);
    sodium_memzero (password, sizeof password);
    return s_call (options, &request, NULL);
}

//  login NAME: prints the token alone, for export IMI_SESSION=$(imictl login NAME).
static int
s_login (s_options_t *options)
{
    if (options->argc != 1)
        return s_fail ("usage: imictl [-c CONFIG] login NAME (the password from IMI_PASSWORD "
                       "or stdin)");
    char password [IMI_PASSWORD_MAX + 2];
    if (s_read_password (password, sizeof password, true, "password: "))
        return 1;
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "login");
    zmsg_addstr (request, options->argv [0]);
    zmsg_addstr (request, password);
    sodium_memzero (password, sizeof password);
    zlist_t *lines = zlist_new ();
    int rc = s_call (options, &request, lines);
    if (rc == 0 && zlist_first (lines))
        printf ("%s\n", (char *) zlist_first (lines));
    zlist_destroy (&lines);
    return rc;
}

//  logout: end the session of --session-fd or IMI_SESSION.
static int
s_logout (s_options_t *options)
{
    const char *token = options->session? options->session: getenv ("IMI_SESSION");
    if (options->argc != 0)
        return s_fail ("usage: imictl [-c CONFIG] [--session -|--session-fd N] logout");
    if (!token || !*token || strcmp (token, "-") == 0)
        return s_fail ("no session to end: set IMI_SESSION or give --session-fd N");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "logout");
    zmsg_addstr (request, token);
    return s_call (options, &request, NULL);
}

static int
s_whoami (s_options_t *options)
{
    if (options->argc != 0)
        return s_fail ("usage: imictl [-c CONFIG] [--session -|--session-fd N] whoami");
    zmsg_t *request = s_request_as_user (options, "whoami");
    return s_call (options, &request, NULL);
}

//  translate SOURCE TARGET TEXT...: through the node's translation service,
//  as the session's user or the operator.
static int
s_translate (s_options_t *options)
{
    if (options->argc < 3)
        return s_fail ("usage: imictl [-c CONFIG] translate SOURCE TARGET TEXT...");
    zmsg_t *request = s_request_as_user (options, "translate");
    zmsg_addstr (request, options->argv [0]);
    zmsg_addstr (request, options->argv [1]);
    char *text = strdup (options->argv [2]);
    for (int index = 3; index < options->argc && text; index++) {
        char *longer = zsys_sprintf ("%s %s", text, options->argv [index]);
        free (text);
        text = longer;
    }
    if (!text) {
        zmsg_destroy (&request);
        return s_fail ("out of memory");
    }
    zmsg_addstr (request, text);
    free (text);
    return s_call (options, &request, NULL);
}

//  ---------------------------------------------------------------------------
//  Identity and governance key

static int
s_init (s_options_t *options)
{
    char dir [IMI_PATH_MAX], state [3];
    if (options->config) {
        imi_settings_t settings;
        if (imi_settings_load (&settings, options->config))
            return s_fail ("%s", imi_error_last ());
        snprintf (dir, sizeof dir, "%s", settings.data_dir);
        memcpy (state, settings.state, 3);
    }
    else
    if (options->dir && options->state) {
        snprintf (dir, sizeof dir, "%s", options->dir);
        snprintf (state, sizeof state, "%s", options->state);
    }
    else
        return s_fail ("usage: imictl -c CONFIG init   or   imictl init --dir DIR --state XX");
    if (imi_identity_generate (dir, state))
        return s_fail ("%s", imi_error_last ());
    char path [IMI_PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/identity.pub", dir);
    imi_identity_public_t public_part;
    if (imi_identity_public_load (path, &public_part))
        return s_fail ("%s", imi_error_last ());
    char sign_hex [65], curve_hex [65];
    imi_hex_encode (sign_hex, public_part.sign_key, 32);
    imi_hex_encode (curve_hex, public_part.curve_key, 32);
    printf ("created the identity of %s in %s\nsign_key\t%s\ncurve_key\t%s\n"
            "public part: %s (give it to the federation's governance)\n",
            state, dir, sign_hex, curve_hex, path);
    return 0;
}

static int
s_governance_keygen (s_options_t *options)
{
    if (options->argc != 1)
        return s_fail ("usage: imictl governance-keygen FILE");
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES];
    if (imi_governance_key_generate (options->argv [0], public_key))
        return s_fail ("%s", imi_error_last ());
    char hex [65];
    imi_hex_encode (hex, public_key, sizeof public_key);
    printf ("%s\n", hex);
    fprintf (stderr, "governance key written to %s (keep it offline); its public key, for "
                     "every node's governance_key setting, is above\n", options->argv [0]);
    return 0;
}

//  ---------------------------------------------------------------------------
//  Manifest files

static imi_manifest_t *
s_manifest_read (const char *path)
{
    uint8_t *bytes;
    size_t size;
    if (imi_file_read (path, IMI_MANIFEST_MAX_BYTES, &bytes, &size)) {
        s_fail ("%s", imi_error_last ());
        return NULL;
    }
    imi_manifest_t *manifest = imi_manifest_decode (bytes, size);
    free (bytes);
    if (!manifest)
        s_fail ("%s is not a valid manifest: %s", path, imi_error_last ());
    return manifest;
}

static int
s_manifest_write (imi_manifest_t *manifest, const char *path)
{
    uint8_t *bytes;
    size_t size;
    int rc = imi_manifest_encode (manifest, &bytes, &size);
    if (rc == 0) {
        rc = imi_file_write_atomic (path, bytes, size, 0644);
        free (bytes);
    }
    if (rc)
        return s_fail ("%s", imi_error_last ());
    printf ("%s: version %llu, %zu nodes, %zu signatures\n", path,
            (unsigned long long) imi_manifest_version (manifest),
            imi_manifest_node_count (manifest), imi_manifest_signature_count (manifest));
    return 0;
}

static int
s_manifest_new (s_options_t *options)
{
    if (options->argc != 1 || !options->federation)
        return s_fail ("usage: imictl manifest-new FILE --federation NAME");
    if (zsys_file_exists (options->argv [0]))
        return s_fail ("%s exists already; edit it with manifest-add-node", options->argv [0]);
    imi_manifest_t *manifest = imi_manifest_new (options->federation);
    if (!manifest)
        return s_fail ("%s", imi_error_last ());
    int rc = s_manifest_write (manifest, options->argv [0]);
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_add_node (s_options_t *options)
{
    if (options->argc != 1 || !options->endpoint || (!options->identity && !options->state))
        return s_fail ("usage: imictl manifest-add-node FILE --endpoint tcp://HOST:PORT "
                       "(--identity NODE/identity.pub | --state XX --sign-key HEX --curve-key HEX)");
    imi_manifest_node_t node = { 0 };
    if (options->identity) {
        imi_identity_public_t public_part;
        if (imi_identity_public_load (options->identity, &public_part))
            return s_fail ("%s", imi_error_last ());
        memcpy (node.state, public_part.state, 3);
        memcpy (node.sign_key, public_part.sign_key, 32);
        memcpy (node.curve_key, public_part.curve_key, 32);
    }
    else {
        if (strlen (options->state) != 2)
            return s_fail ("--state must be a two-letter code");
        memcpy (node.state, options->state, 3);
        if (!options->sign_key || imi_hex_decode (node.sign_key, 32, options->sign_key))
            return s_fail ("--sign-key must be 64 hex digits");
        if (!options->curve_key || imi_hex_decode (node.curve_key, 32, options->curve_key))
            return s_fail ("--curve-key must be 64 hex digits");
    }
    if (strlen (options->endpoint) > IMI_ENDPOINT_MAX)
        return s_fail ("--endpoint is too long");
    snprintf (node.endpoint, sizeof node.endpoint, "%s", options->endpoint);
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    if (!manifest)
        return 1;
    int rc = imi_manifest_add_node (manifest, &node)? s_fail ("%s", imi_error_last ())
           : s_manifest_write (manifest, options->argv [0]);
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_remove_node (s_options_t *options)
{
    if (options->argc != 2)
        return s_fail ("usage: imictl manifest-remove-node FILE STATE");
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    if (!manifest)
        return 1;
    int rc = imi_manifest_remove_node (manifest, options->argv [1])? s_fail ("%s", imi_error_last ())
           : s_manifest_write (manifest, options->argv [0]);
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_sign (s_options_t *options)
{
    if (options->argc != 1 || !options->key)
        return s_fail ("usage: imictl manifest-sign FILE --key GOVERNANCE_KEY_FILE");
    uint8_t *secret = imi_governance_key_load (options->key);
    if (!secret)
        return s_fail ("%s", imi_error_last ());
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    int rc = 1;
    if (manifest)
        rc = imi_manifest_sign (manifest, secret)? s_fail ("%s", imi_error_last ())
           : s_manifest_write (manifest, options->argv [0]);
    imi_secret_free (secret);
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_show_file (s_options_t *options, const char *path)
{
    imi_manifest_t *manifest = s_manifest_read (path);
    if (!manifest)
        return 1;
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    imi_control_describe_manifest (manifest, lines);
    s_print_lines (options, lines);
    zlist_destroy (&lines);
    imi_manifest_destroy (&manifest);
    return 0;
}

//  manifest [FILE]: a file's manifest, or the one the node holds.
static int
s_manifest_show (s_options_t *options)
{
    if (options->argc == 1)
        return s_manifest_show_file (options, options->argv [0]);
    return s_forward (options, "manifest", 0, 0, "manifest-show [FILE]");
}

static int
s_manifest_verify (s_options_t *options)
{
    if (options->argc != 1 || !options->governance_key)
        return s_fail ("usage: imictl manifest-verify FILE --governance-key HEX [--threshold N]");
    uint8_t trusted [IMI_SIGN_PUBLIC_BYTES];
    if (imi_hex_decode (trusted, sizeof trusted, options->governance_key))
        return s_fail ("--governance-key must be 64 hex digits");
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    if (!manifest)
        return 1;
    int rc = 0;
    if (imi_manifest_verify (manifest, trusted, 1, (size_t) options->threshold))
        rc = s_fail ("%s does not verify: %s", options->argv [0], imi_error_last ());
    else
        printf ("%s: valid, version %llu, %zu nodes\n", options->argv [0],
                (unsigned long long) imi_manifest_version (manifest),
                imi_manifest_node_count (manifest));
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_install (s_options_t *options)
{
    if (options->argc != 1)
        return s_fail ("usage: imictl -c CONFIG manifest-install FILE");
    uint8_t *bytes;
    size_t size;
    if (imi_file_read (options->argv [0], IMI_MANIFEST_MAX_BYTES, &bytes, &size))
        return s_fail ("%s", imi_error_last ());
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "manifest-install");
    zmsg_addmem (request, bytes, size);
    free (bytes);
    return s_call (options, &request, NULL);
}

//  ---------------------------------------------------------------------------

//  Cases and indicators: a request as the session's user, with the fields
//  given as options (imi_case_control describes them); --attach FILE sends
//  the file's name and content.
static int
s_user_request (s_options_t *options, const char *command, int positional, zmsg_t **request_p)
{
    zmsg_t *request = s_request_as_user (options, command);
    for (int index = 1; index <= positional; index++)
        zmsg_addstr (request, options->argv [index]);
    const char *scalars [][2] = {
        { "procedure", options->procedure }, { "lang", options->lang },
        { "from", options->from }, { "authority", options->authority },
        { "state", options->state },
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
            return s_fail ("cannot read %s", value);
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

//  Send request (consumed) and write the content the node answers with to
//  --out FILE, or to stdout: an attachment of a case or an alert.
static int
s_call_content (s_options_t *options, zmsg_t **request_p)
{
    //  The reply is the content: one binary frame after the status
    zmsg_t *reply;
    if (s_exchange (options, request_p, &reply))
        return 1;
    char *status = zmsg_popstr (reply);
    zframe_t *content = zmsg_pop (reply);
    int rc = 0;
    if (!status || strcmp (status, "ok") != 0 || !content) {
        char *reason = content? zframe_strdup (content): NULL;
        rc = s_fail ("%s", reason? reason: "the node answered with an error");
        zstr_free (&reason);
    }
    else {
        FILE *out = options->out? fopen (options->out, "wb"): stdout;
        if (!out)
            rc = s_fail ("cannot write %s", options->out);
        else {
            if (fwrite (zframe_data (content), 1, zframe_size (content), out)
                != zframe_size (content))
                rc = s_fail ("cannot write %s", options->out? options->out: "stdout");
            if (options->out && fclose (out))
                rc = s_fail ("cannot write %s", options->out);
        }
    }
    zstr_free (&status);
    zframe_destroy (&content);
    zmsg_destroy (&reply);
    return rc;
}

static int
s_case (s_options_t *options)
{
    static const struct {
        const char *name;
        int positional;             //  arguments after the subcommand
    } subcommands [] = {
        { "new", 0 }, { "send", 1 }, { "withdraw", 1 }, { "accept", 1 }, { "forward", 1 },
        { "ask-clarification", 1 }, { "clarify", 1 }, { "answer", 1 }, { "follow-up", 1 },
        { "close", 1 }, { "message", 1 }, { "discard", 1 }, { "list", 0 }, { "show", 1 },
        { "overdue", 0 }, { "attachment", 2 }, { "erase", 1 },
    };
    const char *usage = "usage: imictl [-c CONFIG] case new|send|withdraw|accept|forward|"
                        "ask-clarification|clarify|answer|follow-up|close|message|discard|"
                        "list|show|overdue|attachment|erase ... (see README)";
    if (options->argc < 1)
        return s_fail ("%s", usage);
    size_t index;
    for (index = 0; index < sizeof subcommands / sizeof subcommands [0]; index++)
        if (strcmp (options->argv [0], subcommands [index].name) == 0)
            break;
    if (index == sizeof subcommands / sizeof subcommands [0])
        return s_fail ("%s", usage);
    if (options->argc != 1 + subcommands [index].positional)
        return s_fail ("usage: imictl [-c CONFIG] case %s%s%s", subcommands [index].name,
                       subcommands [index].positional? " ID": "",
                       subcommands [index].positional > 1? " NAME|SHA256 [--out FILE]": "");
    char command [64];
    snprintf (command, sizeof command, "case-%s", subcommands [index].name);
    zmsg_t *request;
    if (s_user_request (options, command, subcommands [index].positional, &request))
        return 1;
    if (strcmp (command, "case-attachment") != 0)
        return s_call (options, &request, NULL);
    return s_call_content (options, &request);
}

//  Alerts: a request as the session's user (imi_alert_control).
static int
s_alert (s_options_t *options)
{
    static const struct {
        const char *name;
        int positional;
    } subcommands [] = {
        { "new", 0 }, { "correct", 1 }, { "withdraw", 1 }, { "close", 1 }, { "ack", 1 },
        { "list", 0 }, { "show", 1 }, { "attachment", 2 },
    };
    size_t index = 0;
    while (options->argc >= 1 && index < sizeof subcommands / sizeof subcommands [0]
    &&     strcmp (options->argv [0], subcommands [index].name) != 0)
        index++;
    if (options->argc < 1 || index == sizeof subcommands / sizeof subcommands [0]
    ||  options->argc != 1 + subcommands [index].positional)
        return s_fail ("usage: imictl [-c CONFIG] alert new|correct ID|withdraw ID|close ID|"
                       "ack ID|list|show ID|attachment ID NAME|SHA256 [--out FILE] ... "
                       "(see README)");
    char command [64];
    snprintf (command, sizeof command, "alert-%s", subcommands [index].name);
    zmsg_t *request;
    if (s_user_request (options, command, subcommands [index].positional, &request))
        return 1;
    if (strcmp (command, "alert-attachment") == 0)
        return s_call_content (options, &request);
    return s_call (options, &request, NULL);
}

static int
s_kpi (s_options_t *options)
{
    if (options->argc != 0)
        return s_fail ("usage: imictl [-c CONFIG] kpi [--from DATE] [--to DATE] "
                       "[--by authority|state] [--authority KEY]");
    zmsg_t *request;
    if (s_user_request (options, "kpi", 0, &request))
        return 1;
    return s_call (options, &request, NULL);
}

static int
s_audit (s_options_t *options)
{
    static const char *usage = "usage: imictl [-c CONFIG] audit status | checkpoint | "
                               "export DIR | proof MESSAGE_ID";
    if (options->argc < 1)
        return s_fail ("%s", usage);
    const char *sub = options->argv [0];
    int wanted = strcmp (sub, "export") == 0 || strcmp (sub, "proof") == 0? 1: 0;
    if ((strcmp (sub, "status") && strcmp (sub, "checkpoint") && !wanted)
    ||  options->argc != 1 + wanted)
        return s_fail ("%s", usage);
    zmsg_t *request = zmsg_new ();
    zmsg_addstrf (request, "audit-%s", sub);
    if (wanted) {
        //  The node writes the bundle: give it an absolute path
        char *path = strcmp (sub, "export") == 0? realpath (".", NULL): NULL;
        if (path && options->argv [1][0] != '/')
            zmsg_addstrf (request, "%s/%s", path, options->argv [1]);
        else
            zmsg_addstr (request, options->argv [1]);
        free (path);
    }
    return s_call (options, &request, NULL);
}

static int
s_retention (s_options_t *options)
{
    if (options->argc != 1 || strcmp (options->argv [0], "run") != 0)
        return s_fail ("usage: imictl [-c CONFIG] retention run");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "retention-run");
    return s_call (options, &request, NULL);
}

//  notification new|modify|comment|withdraw|close|list|show and repository
//  search|show: requests as the session's user, fields as options.
static int
s_notification (s_options_t *options)
{
    static const struct {
        const char *name;
        int positional;
    } subcommands [] = {
        { "new", 0 }, { "modify", 1 }, { "comment", 1 }, { "withdraw", 1 }, { "close", 1 },
        { "list", 0 }, { "show", 1 },
    };
    size_t index = 0;
    while (options->argc >= 1 && index < sizeof subcommands / sizeof subcommands [0]
       &&  strcmp (options->argv [0], subcommands [index].name) != 0)
        index++;
    if (options->argc < 1 || index == sizeof subcommands / sizeof subcommands [0]
    ||  options->argc != 1 + subcommands [index].positional)
        return s_fail ("usage: imictl [-c CONFIG] notification new --procedure P --to all|XX,YY "
                       "--title T --text T [--entry FIELD=VALUE ...] | modify ID [--title T] "
                       "[--text T] [--entry FIELD=VALUE ...] | comment ID --text T | "
                       "withdraw ID [--text T] | close ID [--text T] | list | "
                       "show ID [--lang LL] [--translate]");
    zmsg_t *request;
    char command [64];
    snprintf (command, sizeof command, "notification-%s", subcommands [index].name);
    if (s_user_request (options, command, subcommands [index].positional, &request))
        return 1;
    return s_call (options, &request, NULL);
}

static int
s_repository (s_options_t *options)
{
    bool show = options->argc == 2 && strcmp (options->argv [0], "show") == 0;
    if (!show && (options->argc < 1 || strcmp (options->argv [0], "search") != 0))
        return s_fail ("usage: imictl [-c CONFIG] repository search WORDS [--register R] "
                       "[--state XX] | show KEY [--register R]");
    zmsg_t *request;
    if (s_user_request (options, show? "repository-show": "repository-search", show? 1: 0,
                        &request))
        return 1;
    if (!show && options->argc > 1) {
        //  The words, as one text
        size_t size = 1;
        for (int index = 1; index < options->argc; index++)
            size += strlen (options->argv [index]) + 1;
        char *words = calloc (1, size);
        for (int index = 1; words && index < options->argc; index++)
            strcat (strcat (words, index > 1? " ": ""), options->argv [index]);
        zmsg_addstr (request, "words");
        zmsg_addstr (request, words? words: "");
        free (words);
    }
    return s_call (options, &request, NULL);
}

static const struct {
    const char *name;
    s_command_fn *run;
    const char *help;
} s_commands [] = {
    //  run NULL: the command goes to the node as it is, without arguments.
    { "init", s_init, "create this node's keys (-c CONFIG, or --dir DIR --state XX)" },
    { "status", NULL, "the node's state, manifest version, uptime, peers" },
    { "health", NULL, "exit 0 if healthy, 3 if degraded (each reason printed), 1 if the node "
      "does not answer or its database cannot be read (for monitoring)" },
    { "peers", NULL, "each peer: connected, last seen, round trip, outbox depth and age, "
                     "protocol version, messages it refused, sequence conflict" },
    { "ping", s_ping, "ping STATE: a signed round trip to a peer; prints latency" },
    { "send", s_send, "send STATE TEXT [--count N]: operator test message(s), durable" },
    { "messages", s_messages, "messages [--from STATE] [--limit N]: test messages received" },
    { "message-count", s_message_count, "message-count [--from STATE]: how many received" },
    { "counters", NULL, "messages sent, received, rejected by reason" },
    { "metrics", s_metrics, "the counters in Prometheus text format" },
    { "stop", NULL, "stop the node cleanly" },
    { "authority", s_authority,
      "authority add|update|import FILE, remove ID, show STATE:ID, list: our own authorities" },
    { "search", s_search,
      "search WORDS [--state XX] [--area CODE] [--procedure CODE] [--lang xx] [--limit N]" },
    { "directory", s_directory, "directory status | directory resolve ORIGIN" },
    { "user", s_user, "user add NAME --authority KEY --role ROLE --lang LL [--password-stdin] | "
      "password NAME | disable NAME | list [--authority KEY]" },
    { "login", s_login, "login NAME: prints a session token (password: IMI_PASSWORD or stdin)" },
    { "logout", s_logout, "logout: end the session (IMI_SESSION or --session-fd N)" },
    { "whoami", s_whoami, "whoami: the session's user, authority, role, language" },
    { "case", s_case, "case new|send|withdraw|accept|forward|ask-clarification|clarify|answer|"
      "follow-up|close|message|discard|list|show|overdue|attachment|erase (as the session's "
      "user)" },
    { "translate", s_translate, "translate SOURCE TARGET TEXT: machine translation of free "
      "text (ISO 639-1 codes, e.g. fr en)" },
    { "retention", s_retention, "retention run: block and delete the personal data of closed "
      "cases that are due now (also runs every retention_check_ms)" },
    { "notification", s_notification, "notification new|modify|comment|withdraw|close|list|"
      "show (as the session's user; see README)" },
    { "repository", s_repository, "repository search WORDS [--register R] [--state XX] | "
      "show KEY: registers fed by notifications" },
    { "alert", s_alert, "alert new --procedure P --to XX|all [--field ID=VALUE] --text T "
      "[--text-lang LL] [--attach FILE] | correct ID [--field ID=VALUE] [--text T] "
      "[--attach FILE] | withdraw ID [--text T] | close ID | ack ID [--authority KEY] | list | "
      "show ID [--lang LL] [--translate] | attachment ID NAME|SHA256 [--out FILE]" },
    { "audit", s_audit, "audit status | checkpoint | export DIR | proof MESSAGE_ID: the "
      "node's verifiable log" },
    { "kpi", s_kpi, "kpi [--from DATE] [--to DATE] [--by authority|state] [--authority KEY]: "
      "performance indicators" },
    { "governance-keygen", s_governance_keygen, "governance-keygen FILE: new governance key" },
    { "manifest-new", s_manifest_new, "manifest-new FILE --federation NAME" },
    { "manifest-add-node", s_manifest_add_node,
      "manifest-add-node FILE --endpoint EP (--identity PUB | --state XX --sign-key H --curve-key H)" },
    { "manifest-remove-node", s_manifest_remove_node, "manifest-remove-node FILE STATE" },
    { "manifest-sign", s_manifest_sign, "manifest-sign FILE --key GOVERNANCE_KEY_FILE" },
    { "manifest-show", s_manifest_show, "manifest-show [FILE]: a file's, or the node's manifest" },
    { "manifest-verify", s_manifest_verify,
      "manifest-verify FILE --governance-key HEX [--threshold N]" },
    { "manifest-install", s_manifest_install,
      "manifest-install FILE: give a running node a newer manifest" },
};

static void
s_usage (FILE *stream)
{
    fprintf (stream, "usage: imictl [-c CONFIG | --control ENDPOINT] [--raw] [--timeout MS] "
                     "[--session -|--session-fd N] COMMAND [ARGS]\n\ncommands:\n");
    for (size_t index = 0; index < sizeof s_commands / sizeof s_commands [0]; index++)
        fprintf (stream, "  %-22s %s\n", s_commands [index].name, s_commands [index].help);
}

static int
s_number (const char *text, const char *name, long minimum, long maximum, long *value)
{
    if (imi_parse_number (text, name, minimum, maximum, value))
        return s_fail ("%s", imi_error_last ());
    return 0;
}

int
main (int argc, char *argv [])
{
    if (imi_crypto_init ())
        return s_fail ("%s", imi_error_last ());
    zsys_init ();
    zsys_set_logstream (NULL);
    s_options_t options = { .timeout_ms = 10000, .count = 1, .limit = 20, .threshold = 1 };
    enum { O_CONTROL = 256, O_RAW, O_TIMEOUT, O_DIR, O_STATE, O_ENDPOINT, O_IDENTITY, O_SIGN_KEY,
           O_CURVE_KEY, O_KEY, O_FEDERATION, O_GOVERNANCE_KEY, O_THRESHOLD, O_COUNT, O_LIMIT,
           O_FROM, O_AREA, O_PROCEDURE, O_LANG, O_AUTHORITY, O_ROLE, O_SESSION,
           O_SESSION_FD, O_PASSWORD_STDIN, O_OUT, O_FIELD };
    char session [IMI_SESSION_TOKEN_CHARS + 1];
    static const struct option long_options [] = {
        { "config", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { "control", required_argument, NULL, O_CONTROL },
        { "raw", no_argument, NULL, O_RAW },
        { "timeout", required_argument, NULL, O_TIMEOUT },
        { "dir", required_argument, NULL, O_DIR },
        { "state", required_argument, NULL, O_STATE },
        { "endpoint", required_argument, NULL, O_ENDPOINT },
        { "identity", required_argument, NULL, O_IDENTITY },
        { "sign-key", required_argument, NULL, O_SIGN_KEY },
        { "curve-key", required_argument, NULL, O_CURVE_KEY },
        { "key", required_argument, NULL, O_KEY },
        { "federation", required_argument, NULL, O_FEDERATION },
        { "governance-key", required_argument, NULL, O_GOVERNANCE_KEY },
        { "threshold", required_argument, NULL, O_THRESHOLD },
        { "count", required_argument, NULL, O_COUNT },
        { "limit", required_argument, NULL, O_LIMIT },
        { "from", required_argument, NULL, O_FROM },
        { "area", required_argument, NULL, O_AREA },
        { "procedure", required_argument, NULL, O_PROCEDURE },
        { "lang", required_argument, NULL, O_LANG },
        { "authority", required_argument, NULL, O_AUTHORITY },
        { "role", required_argument, NULL, O_ROLE },
        { "session", required_argument, NULL, O_SESSION },
        { "session-fd", required_argument, NULL, O_SESSION_FD },
        { "password-stdin", no_argument, NULL, O_PASSWORD_STDIN },
        { "out", required_argument, NULL, O_OUT },
        //  Case and kpi fields: passed to the node by name (imi_case_control)
        { "to", required_argument, NULL, O_FIELD },
        { "reply-by", required_argument, NULL, O_FIELD },
        { "urgent", no_argument, NULL, O_FIELD },
        { "question", required_argument, NULL, O_FIELD },
        { "subject", required_argument, NULL, O_FIELD },
        { "answer", required_argument, NULL, O_FIELD },
        { "text", required_argument, NULL, O_FIELD },
        { "attach", required_argument, NULL, O_FIELD },
        { "timely", required_argument, NULL, O_FIELD },
        { "effort", required_argument, NULL, O_FIELD },
        { "send", no_argument, NULL, O_FIELD },
        { "direction", required_argument, NULL, O_FIELD },
        { "overdue", no_argument, NULL, O_FIELD },
        { "total", no_argument, NULL, O_FIELD },
        { "by", required_argument, NULL, O_FIELD },
        { "translate", no_argument, NULL, O_FIELD },
        { "reason", required_argument, NULL, O_FIELD },
        { "field", required_argument, NULL, O_FIELD },
        //  Notification fields (imi_notification_control)
        { "title", required_argument, NULL, O_FIELD },
        { "entry", required_argument, NULL, O_FIELD },
        { "register", required_argument, NULL, O_FIELD },
        { "text-lang", required_argument, NULL, O_FIELD },
        { NULL, 0, NULL, 0 }
    };
    //  GNU getopt moves options after the command ahead of it, so
    //  "imictl send FR hello --count 5" works; "--" ends the options.
    int option;
    int option_index = 0;
    while ((option = getopt_long (argc, argv, "c:h", long_options, &option_index)) != -1) {
        switch (option) {
            case O_FIELD:
                if (options.field_count >= S_FIELDS_MAX)
                    return s_fail ("too many options");
                options.fields [2 * options.field_count] = long_options [option_index].name;
                options.fields [2 * options.field_count++ + 1] = optarg? optarg: "yes";
                break;
            case O_OUT: options.out = optarg; break;
            case 'c': options.config = optarg; break;
            case 'h': s_usage (stdout); return 0;
            case O_CONTROL: options.control = optarg; break;
            case O_RAW: options.raw = true; break;
            case O_DIR: options.dir = optarg; break;
            case O_STATE: options.state = optarg; break;
            case O_ENDPOINT: options.endpoint = optarg; break;
            case O_IDENTITY: options.identity = optarg; break;
            case O_SIGN_KEY: options.sign_key = optarg; break;
            case O_CURVE_KEY: options.curve_key = optarg; break;
            case O_KEY: options.key = optarg; break;
            case O_FEDERATION: options.federation = optarg; break;
            case O_GOVERNANCE_KEY: options.governance_key = optarg; break;
            case O_FROM: options.from = optarg; break;
            case O_AREA: options.area = optarg; break;
            case O_PROCEDURE: options.procedure = optarg; break;
            case O_LANG: options.lang = optarg; break;
            case O_AUTHORITY: options.authority = optarg; break;
            case O_ROLE: options.role = optarg; break;
            case O_SESSION:
                //  Too late to keep it secret, but it stops the habit
                if (strcmp (optarg, "-") != 0) {
                    s_fail ("--session takes only '-' (the operator): a token on the command "
                            "line is shown to every local user (ps); set IMI_SESSION or give "
                            "--session-fd N");
                    return 2;
                }
                options.session = optarg;
                break;
            case O_SESSION_FD:
                if (s_session_from_fd (optarg, session))
                    return 2;
                options.session = session;
                break;
            case O_PASSWORD_STDIN: options.password_stdin = true; break;
            case O_TIMEOUT:
                if (s_number (optarg, "--timeout", 1, 3600000, &options.timeout_ms))
                    return 2;
                break;
            case O_THRESHOLD:
                if (s_number (optarg, "--threshold", 1, 16, &options.threshold))
                    return 2;
                break;
            case O_COUNT:
                if (s_number (optarg, "--count", 1, 100000, &options.count))
                    return 2;
                break;
            case O_LIMIT:
                if (s_number (optarg, "--limit", 1, 1000000, &options.limit))
                    return 2;
                break;
            default:
                s_usage (stderr);
                return 2;
        }
    }
    if (optind >= argc) {
        s_usage (stderr);
        return 2;
    }
    const char *command = argv [optind];
    options.argc = argc - optind - 1;
    options.argv = argv + optind + 1;
    for (size_t index = 0; index < sizeof s_commands / sizeof s_commands [0]; index++)
        if (strcmp (command, s_commands [index].name) == 0)
            return s_commands [index].run? s_commands [index].run (&options)
                 : s_forward (&options, command, 0, 0, command);
    s_fail ("unknown command '%s'", command);
    s_usage (stderr);
    return 2;
}
