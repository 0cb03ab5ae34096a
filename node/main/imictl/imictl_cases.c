/*  imictl_cases: case, the information requests, as the session's user
    (imi_case_control on the node describes the subcommands and fields).
*/
#include "imictl_internal.h"

#include <czmq.h>

static int
s_case (imictl_options_t *options)
{
    static const imictl_subcommand_t subcommands [] = {
        { "new", 0 }, { "send", 1 }, { "withdraw", 1 }, { "accept", 1 }, { "forward", 1 },
        { "ask-clarification", 1 }, { "clarify", 1 }, { "answer", 1 }, { "follow-up", 1 },
        { "close", 1 }, { "message", 1 }, { "discard", 1 }, { "list", 0 }, { "show", 1 },
        { "overdue", 0 }, { "attachment", 2 }, { "erase", 1 },
    };
    const char *usage = "usage: imictl [-c CONFIG] case new|send|withdraw|accept|forward|"
                        "ask-clarification|clarify|answer|follow-up|close|message|discard|"
                        "list|show|overdue|attachment|erase ... (see docs/cli.md)";
    size_t count = sizeof subcommands / sizeof subcommands [0];
    const imictl_subcommand_t *subcommand = imictl_subcommand_find (options, subcommands, count);
    if (!subcommand)
        return imictl_fail ("%s", usage);
    if (options->argc != 1 + subcommand->positional)
        return imictl_fail ("usage: imictl [-c CONFIG] case %s%s%s", subcommand->name,
                            subcommand->positional? " ID": "",
                            subcommand->positional > 1? " NAME|SHA256 [--out FILE]": "");
    return imictl_subcommand_call (options, "case", subcommand);
}

const imictl_command_t imictl_cases_commands [] = {
    { "case", s_case, "case new|send|withdraw|accept|forward|ask-clarification|clarify|answer|"
      "follow-up|close|message|discard|list|show|overdue|attachment|erase (as the session's "
      "user)" },
    { NULL, NULL, NULL }
};
