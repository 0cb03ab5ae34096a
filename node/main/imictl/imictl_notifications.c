/*  imictl_notifications: notification and repository, as the session's
    user (imi_notification_control on the node).
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

//  notification new|modify|comment|withdraw|close|list|show and repository
//  search|show: requests as the session's user, fields as options.
static int
s_notification (imictl_options_t *options)
{
    static const imictl_subcommand_t subcommands [] = {
        { "new", 0 }, { "modify", 1 }, { "comment", 1 }, { "withdraw", 1 }, { "close", 1 },
        { "list", 0 }, { "show", 1 },
    };
    size_t count = sizeof subcommands / sizeof subcommands [0];
    const imictl_subcommand_t *subcommand = imictl_subcommand_find (options, subcommands, count);
    if (!subcommand || options->argc != 1 + subcommand->positional)
        return imictl_fail ("usage: imictl [-c CONFIG] notification new --procedure P "
                            "--to all|XX,YY --title T --text T [--entry FIELD=VALUE ...] | "
                            "modify ID [--title T] [--text T] [--entry FIELD=VALUE ...] | "
                            "comment ID --text T | withdraw ID [--text T] | close ID [--text T] | "
                            "list | show ID [--lang LL] [--translate]");
    return imictl_subcommand_call (options, "notification", subcommand);
}

static int
s_repository (imictl_options_t *options)
{
    bool show = options->argc == 2 && strcmp (options->argv [0], "show") == 0;
    if (!show && (options->argc < 1 || strcmp (options->argv [0], "search") != 0))
        return imictl_fail ("usage: imictl [-c CONFIG] repository search WORDS [--register R] "
                            "[--state XX] | show KEY [--register R]");
    zmsg_t *request;
    if (imictl_user_request (options, show? "repository-show": "repository-search", show? 1: 0,
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
    return imictl_call (options, &request, NULL);
}

const imictl_command_t imictl_notifications_commands [] = {
    { "notification", s_notification, "notification new|modify|comment|withdraw|close|list|"
      "show (as the session's user; see docs/cli.md)" },
    { "repository", s_repository, "repository search WORDS [--register R] [--state XX] | "
      "show KEY: registers fed by notifications" },
    { NULL, NULL, NULL }
};
