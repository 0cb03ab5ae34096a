/*  imi_options: the values of control command options. */
#include "imi_options.h"
#include "imi_error.h"

#include <stdio.h>
#include <string.h>

int
imi_option_copy (char *out, size_t size, const char *value, const char *name)
{
    if (!*value)
        return imi_error_malformed ("%s is empty", name);
    if (strlen (value) >= size)
        return imi_error_malformed ("%s '%.40s...' is too long (at most %zu bytes)", name,
                                    value, size - 1);
    snprintf (out, size, "%s", value);
    return 0;
}

int
imi_option_yes_no (const char *name, const char *value, bool *out)
{
    if (strcmp (value, "yes") && strcmp (value, "no"))
        return imi_error_malformed ("%s is yes or no, not '%s'", name, value);
    *out = strcmp (value, "yes") == 0;
    return 0;
}
