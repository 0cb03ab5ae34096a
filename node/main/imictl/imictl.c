/*  imictl: the operator's command-line tool.

    Two kinds of commands:
      - offline ones work on files: a node's identity, the governance key,
        the federation manifest;
      - online ones ask a running node over its control endpoint (found in
        the node's config file given with -c, or given with --control).
    imictl never writes a node's database while the node runs: the node is
    its only writer. Two commands touch the file itself (imictl_store.c):
    integrity-check reads it, read-only, and restore replaces it with the
    node stopped, holding the node's lock.
    Commands run as a user (user ..., whoami, the case and alert commands) send
    the session token of `imictl login` as their first argument frame: from
    --session-fd N (a line read from that file descriptor), or else the
    environment's IMI_SESSION, or "-" (the operator) if neither is set or
    --session - says so (imictl_request_as_user). Neither a token nor a
    password is taken from the command line, which every local user reads in
    ps: --session TOKEN is refused, passwords come from IMI_PASSWORD or a
    line of stdin (imictl_users.c).
    Table output is aligned for reading; --raw prints the tab-separated
    lines unaligned, for scripts. Every command that asks a node gets its
    result as data (imictl_call_data) but metrics (Prometheus' text): it
    renders its table from the node's JSON answer, or with --json prints
    that answer as it is (for a command the HTTP API serves, the same
    document the API returns).

    This file parses the options, for every command at once (GNU getopt
    moves them ahead of the command), and finds the command in the groups'
    tables. Each command group is a file, imictl_<group>.c, that exports one
    table of its commands (name, run function, help line); imictl_call.c is
    how they all talk to a node; imictl_internal.h is what they share.

    To add a command group: write imictl_<group>.c with its table
    imictl_<group>_commands (ended by a row of NULLs), declare the table in
    imictl_internal.h, and add it as a row of s_groups below, where its
    commands should appear in imictl --help. CMakeLists.txt builds every .c
    file of this folder.
*/
#include "imictl_internal.h"
#include "imi_config.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_version.h"

#include <czmq.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

//  The command groups, in the order imictl --help lists their commands.
static const imictl_command_t *s_groups [] = {
    imictl_keys_commands,
    imictl_node_commands,
    imictl_store_commands,
    imictl_directory_commands,
    imictl_users_commands,
    imictl_events_commands,
    imictl_procedures_commands,
    imictl_cases_commands,
    imictl_translate_commands,
    imictl_retention_commands,
    imictl_notifications_commands,
    imictl_alerts_commands,
    imictl_audit_commands,
    imictl_kpi_commands,
    imictl_manifest_commands,
};

int
imictl_fail (const char *format, ...)
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
void
imictl_print_lines (imictl_options_t *options, zlist_t *lines)
{
    size_t widths [IMICTL_COLUMNS_MAX] = { 0 };
    for (char *line = zlist_first (lines); line; line = zlist_next (lines)) {
        size_t column = 0, width = 0;
        for (const char *cursor = line; ; cursor++) {
            if (*cursor == '\t' || *cursor == 0) {
                if (column < IMICTL_COLUMNS_MAX && width > widths [column])
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
                for (; column < IMICTL_COLUMNS_MAX && width < widths [column] + 2; width++)
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

//  The command named name, or NULL if there is none.
static const imictl_command_t *
s_command_find (const char *name)
{
    for (size_t group = 0; group < sizeof s_groups / sizeof s_groups [0]; group++)
        for (const imictl_command_t *command = s_groups [group]; command->name; command++)
            if (strcmp (name, command->name) == 0)
                return command;
    return NULL;
}

//  Commands whose arguments are words typed by a person: one that begins
//  with '-' ("-inspekcja", to exclude it) is a word, not an option, and
//  --limit and --offset go to the node as given, for it to check (one
//  range, one message, whether from imictl or over HTTP).
static const char *const s_word_commands [] = { "search" };

static bool
s_takes_words (const char *command)
{
    for (size_t index = 0; index < sizeof s_word_commands / sizeof s_word_commands [0]; index++)
        if (strcmp (command, s_word_commands [index]) == 0)
            return true;
    return false;
}

//  Does text name an option of long_options ("--state", not "--state=PL")
//  that takes a value in the next argument?
static bool
s_long_takes_value (const struct option *long_options, const char *text)
{
    if (strncmp (text, "--", 2) != 0 || strchr (text, '='))
        return false;
    for (const struct option *option = long_options; option->name; option++)
        if (strcmp (option->name, text + 2) == 0)
            return option->has_arg == required_argument;
    return false;
}

//  For a command whose arguments are words (s_word_commands): argv reordered
//  into reordered (argc + 2 entries) as the program, the options with
//  their values, the command, "--" and the words in their order, so that
//  getopt takes a word that begins with '-' for a word. A word is what is
//  neither the command nor an option: "--" ends the options as usual, and
//  -c, -h and --NAME (of long_options) are options anywhere. Returns the
//  new argc, or 0 if the command is not such a command.
static int
s_words_last (int argc, char **argv, const struct option *long_options, char **reordered)
{
    //  The value of an option at index, or 0 / 1 arguments it takes after it.
    #define S_TAKES_VALUE(text) \
        (strcmp (text, "-c") == 0 || s_long_takes_value (long_options, text))
    const char *command = NULL;
    for (int index = 1; index < argc && !command; index++) {
        const char *text = argv [index];
        if (strcmp (text, "--") == 0)
            command = index + 1 < argc? argv [index + 1]: NULL;
        else
        if (text [0] == '-' && text [1])
            index += S_TAKES_VALUE (text);
        else
            command = text;
    }
    if (!command || !s_takes_words (command))
        return 0;
    //  Options first, then the command and "--", then the words: the
    //  words fill reordered from index argc + 2 on, and are moved down.
    int count = 0, words = 0;
    char **word_list = reordered + argc + 2;
    reordered [count++] = argv [0];
    bool options = true, seen = false;
    for (int index = 1; index < argc; index++) {
        char *text = argv [index];
        if (options && strcmp (text, "--") == 0)
            options = false;
        else
        if (options && (strcmp (text, "-h") == 0 || strncmp (text, "-c", 2) == 0
                        || strncmp (text, "--", 2) == 0)) {
            reordered [count++] = text;
            if (S_TAKES_VALUE (text) && index + 1 < argc)
                reordered [count++] = argv [++index];
        }
        else
        if (!seen && strcmp (text, command) == 0)
            seen = true;
        else
            word_list [words++] = text;
    }
    #undef S_TAKES_VALUE
    reordered [count++] = (char *) command;
    reordered [count++] = "--";
    memmove (reordered + count, word_list, (size_t) words * sizeof (char *));
    count += words;
    reordered [count] = NULL;
    return count;
}

static void
s_usage (FILE *stream)
{
    fprintf (stream, "usage: imictl [-c CONFIG | --control ENDPOINT] [--raw | --json] [--timeout MS] "
                     "[--session -|--session-fd N] COMMAND [ARGS]\n"
                     "       imictl --version\n\ncommands:\n");
    for (size_t group = 0; group < sizeof s_groups / sizeof s_groups [0]; group++)
        for (const imictl_command_t *command = s_groups [group]; command->name; command++)
            fprintf (stream, "  %-22s %s\n", command->name, command->help);
}

static int
s_number (const char *text, const char *name, long minimum, long maximum, long *value)
{
    if (imi_parse_number (text, name, minimum, maximum, value))
        return imictl_fail ("%s", imi_error_last ());
    return 0;
}

int
main (int argc, char *argv [])
{
    if (imi_crypto_init ())
        return imictl_fail ("%s", imi_error_last ());
    zsys_init ();
    zsys_set_logstream (NULL);
    imictl_options_t options = { .timeout_ms = 10000, .count = 1, .limit = 20, .threshold = 1 };
    enum { O_CONTROL = 256, O_RAW, O_JSON, O_OFFSET, O_TIMEOUT, O_DIR, O_STATE, O_ENDPOINT, O_IDENTITY, O_SIGN_KEY,
           O_CURVE_KEY, O_KEY, O_FEDERATION, O_GOVERNANCE_KEY, O_THRESHOLD, O_COUNT, O_LIMIT,
           O_FROM, O_AREA, O_PROCEDURE, O_LANG, O_AUTHORITY, O_ROLE, O_SESSION,
           O_SESSION_FD, O_PASSWORD_STDIN, O_OUT, O_FIELD, O_VERSION, O_LABEL, O_CURSOR };
    char session [IMI_SESSION_TOKEN_CHARS + 1];
    static const struct option long_options [] = {
        { "config", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, O_VERSION },
        { "control", required_argument, NULL, O_CONTROL },
        { "raw", no_argument, NULL, O_RAW },
        { "json", no_argument, NULL, O_JSON },
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
        { "offset", required_argument, NULL, O_OFFSET },
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
        { "label", required_argument, NULL, O_LABEL },
        //  The page of a list after the one that named it (case list, ...)
        { "cursor", required_argument, NULL, O_CURSOR },
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
    char *reordered [2 * argc + 3];
    int words = s_words_last (argc, argv, long_options, reordered);
    if (words) {
        argc = words;
        argv = reordered;
    }
    int option;
    int option_index = 0;
    while ((option = getopt_long (argc, argv, "c:h", long_options, &option_index)) != -1) {
        switch (option) {
            case O_FIELD:
                if (options.field_count >= IMICTL_FIELDS_MAX)
                    return imictl_fail ("too many options");
                options.fields [2 * options.field_count] = long_options [option_index].name;
                options.fields [2 * options.field_count++ + 1] = optarg? optarg: "yes";
                break;
            case O_OUT: options.out = optarg; break;
            case O_LABEL: options.label = optarg; break;
            case O_CURSOR: options.cursor = optarg; break;
            case 'c': options.config = optarg; break;
            case 'h': s_usage (stdout); return 0;
            case O_VERSION: return imi_version_print ("imictl");
            case O_CONTROL: options.control = optarg; break;
            case O_RAW: options.raw = true; break;
            case O_JSON: options.json = true; break;
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
                    imictl_fail ("--session takes only '-' (the operator): a token on the command "
                                 "line is shown to every local user (ps); set IMI_SESSION or give "
                                 "--session-fd N");
                    return 2;
                }
                options.session = optarg;
                break;
            case O_SESSION_FD:
                if (imictl_session_from_fd (optarg, session))
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
                options.limit_text = optarg;
                options.limit_given = true;
                break;
            case O_OFFSET:
                options.offset_text = optarg;
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
    const imictl_command_t *found = s_command_find (command);
    if (!s_takes_words (command)
    &&  ((options.limit_text && s_number (options.limit_text, "--limit", 1, 1000000,
                                          &options.limit))
    ||   (options.offset_text && s_number (options.offset_text, "--offset", 0, 1000000,
                                           &options.offset))))
        return 2;
    if (found)
        return found->run (&options);
    imictl_fail ("unknown command '%s'", command);
    s_usage (stderr);
    return 2;
}

