/*  imi_control: the node's local control endpoint, which imictl talks to.

    Request: one ZeroMQ message, frames [command, arguments...] (strings,
    except manifest-install whose argument is the manifest's bytes). A
    command run as a user (whoami, the case commands) has the session token
    of `login` as its first argument; one the operator may also run
    (user-*) has the token or "-" for the operator (see imi_control.c).
    Reply: frames [status ("ok" or "error"), lines...]; table commands send
    a header line then rows, columns separated by tabs, so scripts can parse
    them and imictl can align them. The endpoint is ipc:// inside data_dir
    (mode 0700): only the node's operator can reach it. The command table is
    in imi_control.c.
*/
#ifndef IMI_CONTROL_H
#define IMI_CONTROL_H

#include "imi_manifest.h"
#include "imi_module.h"

#include <czmq.h>

//  Describe a manifest as lines (header facts, then a table of nodes).
void imi_control_describe_manifest (imi_manifest_t *manifest, zlist_t *lines);

//  The control module: the requests on the control endpoint, the long
//  command in steps, the node's retention timer (imi_module.h).
extern const imi_module_t imi_control_module;

#endif
