/*  imictl_kpi: kpi, the performance indicators, as the session's user
    (imi_kpi on the node computes them).
*/
#include "imictl_internal.h"

#include <czmq.h>

static int
s_kpi (imictl_options_t *options)
{
    if (options->argc != 0)
        return imictl_fail ("usage: imictl [-c CONFIG] kpi [--from DATE] [--to DATE] "
                            "[--by authority|state] [--authority KEY]");
    zmsg_t *request;
    if (imictl_user_request (options, "kpi", 0, &request))
        return 1;
    return imictl_call (options, &request, NULL);
}

const imictl_command_t imictl_kpi_commands [] = {
    { "kpi", s_kpi, "kpi [--from DATE] [--to DATE] [--by authority|state] [--authority KEY]: "
      "performance indicators" },
    { NULL, NULL, NULL }
};
