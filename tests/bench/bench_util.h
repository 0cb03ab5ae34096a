/*  bench_util: what the node benchmarks share: a monotonic clock, sleeping,
    numbers grouped for reading, a row of figures, a process's memory, an
    item of a control answer's list. Each
    benchmark is its own program; these are static inline so that a program
    takes what it uses.
*/
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

//  The item of a list a control command answers (document: {items: [...]},
//  as `counters` and `peers` do) whose string member key is value; borrowed
//  from document, NULL if there is none.
static inline json_t *
bench_item (json_t *document, const char *key, const char *value)
{
    size_t index;
    json_t *item;
    json_array_foreach (json_object_get (document, "items"), index, item) {
        const char *text = json_string_value (json_object_get (item, key));
        if (text && strcmp (text, value) == 0)
            return item;
    }
    return NULL;
}

//  Print why something failed on stderr, after the program's name. -1.
static inline int
bench_fail (const char *format, ...) __attribute__ ((format (printf, 1, 2)));

static inline int
bench_fail (const char *format, ...)
{
    va_list args;
    va_start (args, format);
    fprintf (stderr, "%s: ", program_invocation_short_name);
    vfprintf (stderr, format, args);
    va_end (args);
    return -1;
}

//  Seconds on a monotonic clock.
static inline double
bench_now (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

static inline void
bench_sleep_ms (long milliseconds)
{
    struct timespec pause = { milliseconds / 1000, (milliseconds % 1000) * 1000000L };
    nanosleep (&pause, NULL);
}

//  value rounded, with thousands separated by commas, into text.
static inline const char *
bench_grouped (char *text, size_t size, double value)
{
    char digits [32];
    snprintf (digits, sizeof digits, "%.0f", value < 0? 0: value);
    size_t length = strlen (digits), used = 0;
    for (size_t index = 0; index < length && used + 2 < size; index++) {
        if (index > 0 && (length - index) % 3 == 0)
            text [used++] = ',';
        text [used++] = digits [index];
    }
    text [used] = 0;
    return text;
}

//  One line of figures: a group, what was measured, a rate per second (or
//  "failed" if negative), and a note.
static inline void
bench_row (const char *group, const char *what, double rate, const char *note)
{
    char text [32];
    printf ("  %-9s %-44s %10s %s%s%s\n", group, what,
            rate < 0? "failed": bench_grouped (text, sizeof text, rate), rate < 0? "  ": "/s",
            note? "   ": "", note? note: "");
    fflush (stdout);
}

//  VmRSS (now) and VmHWM (peak) of process pid in MiB, -1 if unknown.
static inline void
bench_memory (pid_t pid, double *rss_mb, double *peak_mb)
{
    char path [64], line [256];
    *rss_mb = *peak_mb = -1;
    snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
    FILE *file = pid > 0? fopen (path, "r"): NULL;
    if (!file)
        return;
    while (fgets (line, sizeof line, file)) {
        long kilobytes;
        if (sscanf (line, "VmRSS: %ld kB", &kilobytes) == 1)
            *rss_mb = kilobytes / 1024.0;
        if (sscanf (line, "VmHWM: %ld kB", &kilobytes) == 1)
            *peak_mb = kilobytes / 1024.0;
    }
    fclose (file);
}

#endif
