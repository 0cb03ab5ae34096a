/*  imi_lines: the lines of a control reply. */
#include "imi_lines.h"
#include "imi_error.h"

#include <time.h>

void
imi_lines_add (zlist_t *lines, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    char *line = zsys_vprintf (format, args);
    va_end (args);
    zlist_append (lines, line);
    zstr_free (&line);
}

//  ms since 1970 in UTC, as format (strftime's) has it.
static void
s_time (int64_t ms, const char *format, char text [32])
{
    time_t seconds = (time_t) (ms / 1000);
    struct tm utc;
    gmtime_r (&seconds, &utc);
    strftime (text, 32, format, &utc);
}

void
imi_lines_time (int64_t ms, char text [32])
{
    s_time (ms, "%Y-%m-%d %H:%M:%S UTC", text);
}

void
imi_lines_time_data (int64_t ms, char text [32])
{
    s_time (ms, "%Y-%m-%dT%H:%M:%SZ", text);
}

json_t *
imi_lines_page_items (json_t *page)
{
    json_t *items = json_array ();
    if (!items || json_object_set_new (page, "items", items)) {
        imi_error_set ("out of memory");
        return NULL;
    }
    return items;
}

int
imi_lines_page_end (json_t *page, const char *next)
{
    if (json_object_set_new (page, "next_cursor", next? json_string (next): json_null ()))
        return imi_error_set ("out of memory");
    return 0;
}
