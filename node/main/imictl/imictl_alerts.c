/*  imictl_alerts: alert, as the session's user (imi_alert_control on the
    node).
*/
#include "imictl_internal.h"

#include <czmq.h>

//  Alerts: a request as the session's user (imi_alert_control).
static int
s_alert (imictl_options_t *options)
{
    static const imictl_subcommand_t subcommands [] = {
        { "new", 0 }, { "correct", 1 }, { "withdraw", 1 }, { "close", 1 }, { "ack", 1 },
        { "list", 0 }, { "show", 1 }, { "attachment", 2 },
    };
    size_t count = sizeof subcommands / sizeof subcommands [0];
    const imictl_subcommand_t *subcommand = imictl_subcommand_find (options, subcommands, count);
    if (!subcommand || options->argc != 1 + subcommand->positional)
        return imictl_fail ("usage: imictl [-c CONFIG] alert new|correct ID|withdraw ID|close ID|"
                            "ack ID|list|show ID|attachment ID NAME|SHA256 [--out FILE] ... "
                            "(see docs/cli.md)");
    return imictl_subcommand_call (options, "alert", subcommand);
}

const imictl_command_t imictl_alerts_commands [] = {
    { "alert", s_alert, "alert new --procedure P --to XX|all [--field ID=VALUE] --text T "
      "[--text-lang LL] [--attach FILE] | correct ID [--field ID=VALUE] [--text T] "
      "[--attach FILE] | withdraw ID [--text T] | close ID | ack ID [--authority KEY] | list | "
      "show ID [--lang LL] [--translate] | attachment ID NAME|SHA256 [--out FILE]" },
    { NULL, NULL, NULL }
};
