/*  imictl_alerts: alert, as the session's user (imi_alert_control on the
    node).
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <stdio.h>
#include <string.h>

//  Alerts: a request as the session's user (imi_alert_control).
static int
s_alert (imictl_options_t *options)
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
        return imictl_fail ("usage: imictl [-c CONFIG] alert new|correct ID|withdraw ID|close ID|"
                            "ack ID|list|show ID|attachment ID NAME|SHA256 [--out FILE] ... "
                            "(see README)");
    char command [64];
    snprintf (command, sizeof command, "alert-%s", subcommands [index].name);
    zmsg_t *request;
    if (imictl_user_request (options, command, subcommands [index].positional, &request))
        return 1;
    if (strcmp (command, "alert-attachment") == 0)
        return imictl_call_content (options, &request);
    return imictl_call (options, &request, NULL);
}

const imictl_command_t imictl_alerts_commands [] = {
    { "alert", s_alert, "alert new --procedure P --to XX|all [--field ID=VALUE] --text T "
      "[--text-lang LL] [--attach FILE] | correct ID [--field ID=VALUE] [--text T] "
      "[--attach FILE] | withdraw ID [--text T] | close ID | ack ID [--authority KEY] | list | "
      "show ID [--lang LL] [--translate] | attachment ID NAME|SHA256 [--out FILE]" },
    { NULL, NULL, NULL }
};
