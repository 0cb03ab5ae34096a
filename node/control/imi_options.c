/*  imi_options: the values of control command options. */
#include "imi_options.h"
#include "imi_error.h"

#include <sodium.h>
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

int
imi_options_take (zmsg_t *request, const char *const names [], char *values [], size_t count)
{
    for (size_t index = 0; index < count; index++)
        values [index] = NULL;
    char *name;
    int rc = 0;
    while (rc == 0 && (name = zmsg_popstr (request))) {
        size_t index;
        for (index = 0; index < count && strcmp (name, names [index]) != 0; index++)
            ;
        char *value = zmsg_popstr (request);
        if (index == count)
            rc = imi_error_malformed ("unknown option '%.40s'", name);
        else
        if (values [index])
            rc = imi_error_malformed ("option %s given twice", name);
        else
        if (!value)
            rc = imi_error_malformed ("option %s has no value", name);
        else {
            values [index] = value;
            value = NULL;
        }
        if (value)
            sodium_memzero (value, strlen (value));
        zstr_free (&value);
        zstr_free (&name);
    }
    if (rc)
        imi_options_free (values, count);
    return rc;
}

void
imi_options_free (char *values [], size_t count)
{
    for (size_t index = 0; index < count; index++) {
        if (values [index])
            sodium_memzero (values [index], strlen (values [index]));
        zstr_free (&values [index]);
    }
}
