/*  imictl_audit: audit, the node's verifiable log: its state, a new
    checkpoint, the auditor's bundle, a message's inclusion proof.
*/
#include "imictl_internal.h"

#include <czmq.h>
#include <stdlib.h>
#include <string.h>

static int
s_audit (imictl_options_t *options)
{
    static const char *usage = "usage: imictl [-c CONFIG] audit status | checkpoint | "
                               "export DIR | proof MESSAGE_ID";
    if (options->argc < 1)
        return imictl_fail ("%s", usage);
    const char *sub = options->argv [0];
    int wanted = strcmp (sub, "export") == 0 || strcmp (sub, "proof") == 0? 1: 0;
    if ((strcmp (sub, "status") && strcmp (sub, "checkpoint") && !wanted)
    ||  options->argc != 1 + wanted)
        return imictl_fail ("%s", usage);
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
    return imictl_call (options, &request, NULL);
}

const imictl_command_t imictl_audit_commands [] = {
    { "audit", s_audit, "audit status | checkpoint | export DIR | proof MESSAGE_ID: the "
      "node's verifiable log" },
    { NULL, NULL, NULL }
};
