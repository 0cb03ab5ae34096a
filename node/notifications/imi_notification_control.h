/*  imi_notification_control: the control commands on notifications
    (notification-new, -modify, -comment, -withdraw, -close, -list, -show)
    and on the repository (repository-search, repository-show). imi_control
    resolves the session and passes the user; the frames of a request are
    described in imi_notification_control.c.
*/
#ifndef IMI_NOTIFICATION_CONTROL_H
#define IMI_NOTIFICATION_CONTROL_H

#include "imi_node_internal.h"
#include "imi_users.h"

#include <jansson.h>

//  Run command for user with the request's remaining frames: its result
//  into *result (the caller's; NULL until set, and it may be set on
//  failure too). notification-show with "translate yes" may answer later:
//  it takes *client_p then (imi_translate). 0, or -2/-1 with the reason
//  set.
int imi_notification_command (imi_node_t *self, const imi_user_t *user, const char *command,
                              zmsg_t *request, json_t **result, zframe_t **client_p);

#endif
