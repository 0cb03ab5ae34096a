/*  imi_alert_control: the control commands on alerts (alert-new,
    alert-correct, alert-withdraw, alert-close, alert-ack, alert-list,
    alert-show, alert-attachment). imi_control resolves the session and passes the user; the
    frames of the request are described in imi_alert_control.c.
*/
#ifndef IMI_ALERT_CONTROL_H
#define IMI_ALERT_CONTROL_H

#include "imi_node_internal.h"
#include "imi_users.h"

#include <jansson.h>

//  Run command for user with the request's remaining frames: its result
//  into *result (the caller's; NULL until set, and it may be set on
//  failure too), alert-attachment's content to *data (malloc'd, the caller
//  frees it) and *size. alert-show with "translate yes" may answer later:
//  it takes *client_p then (imi_translate). 0, or -2/-1 with the reason
//  set.
int imi_alert_command (imi_node_t *self, const imi_user_t *user, const char *command,
                       zmsg_t *request, json_t **result, zframe_t **client_p, uint8_t **data,
                       size_t *size);

#endif
