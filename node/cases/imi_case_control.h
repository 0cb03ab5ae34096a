/*  imi_case_control: the control commands on cases (case-new, case-send,
    case-accept, ..., case-list, case-show, case-overdue, case-attachment,
    case-discard, case-erase) and on the performance indicators (kpi). imi_control
    resolves the session and passes the user; the frames of the request
    are described in imi_case_control.c.
*/
#ifndef IMI_CASE_CONTROL_H
#define IMI_CASE_CONTROL_H

#include "imi_node_internal.h"
#include "imi_users.h"

#include <jansson.h>

//  Run command for user with the request's remaining frames. The result is
//  data, *result (the caller's; imi_cases.h describes it), except for
//  case-attachment, which puts the content in *data (malloc'd) and *size.
//  case-show with "translate yes" may answer later: it takes *client_p
//  then (imi_translate), and *result is what the reply will carry. 0, or
//  -2/-1 with the reason (and its kind, imi_error_kind) set.
int imi_case_command (imi_node_t *self, const imi_user_t *user, const char *command,
                      zmsg_t *request, json_t **result, uint8_t **data, size_t *size,
                      zframe_t **client_p);

#endif
