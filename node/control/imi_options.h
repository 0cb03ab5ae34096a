/*  imi_options: the values of control command options (name/value frames,
    imi_case_control, imi_alert_control, imi_notification_control), checked
    the same way everywhere.
*/
#ifndef IMI_OPTIONS_H
#define IMI_OPTIONS_H

#include <czmq.h>
#include <stdbool.h>
#include <stddef.h>

//  The option that attaches a file the node's HTTP server spooled
//  (imi_spool.h): [IMI_OPTION_FILE_SPOOLED, file name, spool file name],
//  where imictl sends [file, file name, content] (imi_attachments_option).
#define IMI_OPTION_FILE_SPOOLED     "file-spooled"

//  Copy value into out (size bytes): refused if empty or too long. 0 or -2
//  naming the option.
int imi_option_copy (char *out, size_t size, const char *value, const char *name);

//  "yes" or "no" into *out. 0 or -2 naming the option.
int imi_option_yes_no (const char *name, const char *value, bool *out);

//  The option pairs [name, value]... that are the rest of request, into
//  values: values [i] is the value of names [i] (count of them), or NULL if
//  absent; the caller frees them with imi_options_free. A name not among
//  names, given twice, or without a value is refused. 0, or -2 naming it.
int imi_options_take (zmsg_t *request, const char *const names [], char *values [],
                      size_t count);

//  Free values taken by imi_options_take, wiping them first (they may hold
//  passwords).
void imi_options_free (char *values [], size_t count);

#endif
