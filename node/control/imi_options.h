/*  imi_options: the values of control command options (name/value frames,
    imi_case_control, imi_alert_control, imi_notification_control), checked
    the same way everywhere.
*/
#ifndef IMI_OPTIONS_H
#define IMI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

//  Copy value into out (size bytes): refused if empty or too long. 0 or -2
//  naming the option.
int imi_option_copy (char *out, size_t size, const char *value, const char *name);

//  "yes" or "no" into *out. 0 or -2 naming the option.
int imi_option_yes_no (const char *name, const char *value, bool *out);

#endif
