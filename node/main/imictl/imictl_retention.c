/*  imictl_retention: retention run, the node's deletion of personal data
    that is due, now rather than at its next check.
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <string.h>

static int
s_retention (imictl_options_t *options)
{
    if (options->argc != 1 || strcmp (options->argv [0], "run") != 0)
        return imictl_fail ("usage: imictl [-c CONFIG] retention run");
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "retention-run");
    return imictl_call_data (options, &request, imictl_render_pairs);
}

const imictl_command_t imictl_retention_commands [] = {
    { "retention", s_retention, "retention run: block and delete the personal data of closed "
      "cases that are due now (also runs every retention_check_ms)" },
    { NULL, NULL, NULL }
};
