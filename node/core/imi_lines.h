/*  imi_lines: the lines of a control reply (imi_control: tab-separated
    tables or plain lines), written by the modules that read cases, alerts
    and notifications.
*/
#ifndef IMI_LINES_H
#define IMI_LINES_H

#include <czmq.h>
#include <stdint.h>

//  Append a formatted line to lines.
void imi_lines_add (zlist_t *lines, const char *format, ...) __attribute__ ((format (printf, 2, 3)));

//  ms since 1970 as people read it: "2026-11-29 22:32:28 UTC".
void imi_lines_time (int64_t ms, char text [32]);

#endif
