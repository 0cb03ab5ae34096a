/*  imictl_cases: case, the information requests, as the session's user
    (imi_case_control on the node describes the subcommands and fields).
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <stdio.h>
#include <string.h>

static int
s_case (imictl_options_t *options)
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
        return imictl_fail ("%s", usage);
    size_t index;
    for (index = 0; index < sizeof subcommands / sizeof subcommands [0]; index++)
        if (strcmp (options->argv [0], subcommands [index].name) == 0)
            break;
    if (index == sizeof subcommands / sizeof subcommands [0])
        return imictl_fail ("%s", usage);
    if (options->argc != 1 + subcommands [index].positional)
        return imictl_fail ("usage: imictl [-c CONFIG] case %s%s%s", subcommands [index].name,
                            subcommands [index].positional? " ID": "",
                            subcommands [index].positional > 1? " NAME|SHA256 [--out FILE]": "");
    char command [64];
    snprintf (command, sizeof command, "case-%s", subcommands [index].name);
    zmsg_t *request;
    if (imictl_user_request (options, command, subcommands [index].positional, &request))
        return 1;
    if (strcmp (command, "case-attachment") != 0)
        return imictl_call (options, &request, NULL);
    return imictl_call_content (options, &request);
}

const imictl_command_t imictl_cases_commands [] = {
    { "case", s_case, "case new|send|withdraw|accept|forward|ask-clarification|clarify|answer|"
      "follow-up|close|message|discard|list|show|overdue|attachment|erase (as the session's "
      "user)" },
    { NULL, NULL, NULL }
};
