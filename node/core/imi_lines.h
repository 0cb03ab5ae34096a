/*  imi_lines: the lines of a control reply (imi_control: tab-separated
    tables or plain lines), written by the modules that read cases, alerts
    and notifications; the form of a time in a result that is data; and
    the frame of a paged list's data result ({items, next_cursor},
    docs/http.md "Results are data").
*/
#ifndef IMI_LINES_H
#define IMI_LINES_H

#include <czmq.h>
#include <jansson.h>
#include <stdint.h>

//  How a result that is data is written into a control reply: one line of
//  JSON, members in the order they were set (jansson's flags).
#define IMI_LINES_JSON_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER)

//  Append a formatted line to lines.
void imi_lines_add (zlist_t *lines, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

//  ms since 1970 as people read it: "2026-11-29 22:32:28 UTC".
void imi_lines_time (int64_t ms, char text [32]);

//  Begin a page of a list in page (an object): its "items", an empty array
//  returned borrowed, or NULL (out of memory, the reason set).
json_t *imi_lines_page_items (json_t *page);

//  End the page: "next_cursor" is next, the cursor of the page after it, or
//  null if next is NULL (the last page). 0, or -1 (out of memory).
int imi_lines_page_end (json_t *page, const char *next);

//  ms since 1970 as data (RFC 3339, UTC, whole seconds): "2026-11-29T22:32:28Z".
void imi_lines_time_data (int64_t ms, char text [32]);

#endif
