/*  imi_lines: the lines of a control reply (imi_control: tab-separated
    tables or plain lines), written by the modules that read cases, alerts
    and notifications, and the form of a time in a result that is data.
*/
#ifndef IMI_LINES_H
#define IMI_LINES_H

#include <czmq.h>
#include <jansson.h>
#include <stdint.h>

//  A result that is data as it is written into a control reply and an
//  HTTP answer: one line of JSON, members in the order they were set, UTF-8
//  as it is; the same bytes as jansson's json_dumps (value, JSON_COMPACT |
//  JSON_PRESERVE_ORDER), about three times as fast (bench_json). NULL if
//  out of memory or a string is not UTF-8. The caller frees it.
char *imi_lines_json (const json_t *value);

//  Append a formatted line to lines.
void imi_lines_add (zlist_t *lines, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

//  ms since 1970 as people read it: "2026-11-29 22:32:28 UTC".
void imi_lines_time (int64_t ms, char text [32]);

//  ms since 1970 as data (RFC 3339, UTC, whole seconds): "2026-11-29T22:32:28Z".
void imi_lines_time_data (int64_t ms, char text [32]);

#endif
