/*  imi_error: a per-thread reason string for the last failure. See imi_error.h. */
#include "imi_error.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char s_reason [IMI_ERROR_MAX];
static _Thread_local imi_error_kind_t s_kind;

//  Set the reason and its kind; returns rc.
static int
s_fail (imi_error_kind_t kind, int rc, const char *format, va_list args)
{
    vsnprintf (s_reason, sizeof s_reason, format, args);
    s_kind = kind;
    return rc;
}

int
imi_error_set (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    int rc = s_fail (IMI_ERROR_FAILED, -1, format, args);
    va_end (args);
    return rc;
}

int
imi_error_malformed (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    int rc = s_fail (IMI_ERROR_MALFORMED, -2, format, args);
    va_end (args);
    return rc;
}

int
imi_error_refuse (imi_error_kind_t kind, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    int rc = s_fail (kind, -2, format, args);
    va_end (args);
    return rc;
}

imi_error_kind_t
imi_error_kind (void)
{
    return s_kind;
}

int
imi_error_wrap (const char *format, ...)
{
    char previous [IMI_ERROR_MAX];
    memcpy (previous, s_reason, sizeof previous);
    char context [IMI_ERROR_MAX];
    va_list args;
    va_start (args, format);
    vsnprintf (context, sizeof context, format, args);
    va_end (args);
    //  Truncation is acceptable: the reason is for humans.
    size_t used = strlen (context);
    if (used > sizeof s_reason - 3)
        used = sizeof s_reason - 3;
    memcpy (s_reason, context, used);
    memcpy (s_reason + used, ": ", 2);
    size_t left = sizeof s_reason - used - 2;
    size_t previous_size = strnlen (previous, sizeof previous);
    if (previous_size > left - 1)
        previous_size = left - 1;
    memcpy (s_reason + used + 2, previous, previous_size);
    s_reason [used + 2 + previous_size] = 0;
    return -1;
}

const char *
imi_error_last (void)
{
    return s_reason;
}

void
imi_error_test (void)
{
    assert (imi_error_set ("file %s missing", "x.key") == -1);
    assert (strcmp (imi_error_last (), "file x.key missing") == 0);
    assert (imi_error_wrap ("loading %s", "identity") == -1);
    assert (strcmp (imi_error_last (), "loading identity: file x.key missing") == 0);
    assert (imi_error_malformed ("bad") == -2);
    assert (imi_error_kind () == IMI_ERROR_MALFORMED);
    assert (imi_error_refuse (IMI_ERROR_CONFLICT, "it is %s", "closed") == -2);
    assert (imi_error_kind () == IMI_ERROR_CONFLICT);
    assert (strcmp (imi_error_last (), "it is closed") == 0);
    imi_error_wrap ("case x");
    assert (imi_error_kind () == IMI_ERROR_CONFLICT);
    assert (imi_error_set ("disk") == -1 && imi_error_kind () == IMI_ERROR_FAILED);
}
