/*  imi_log: one line per notable event, in logfmt, for operators and log shippers.

    Line shape:  2026-11-29T20:13:35.123Z INFO DE peer.connected state=FR rtt_ms=3
    i.e. UTC timestamp with milliseconds, level, the node's tag (its state),
    an event name (dotted, stable: monitoring matches on it), then key=value
    pairs; values with spaces or quotes are double-quoted with escapes.
    Never pass secret keys or message bodies to the logger.
*/
#ifndef IMI_LOG_H
#define IMI_LOG_H

#include <stddef.h>

typedef enum {
    IMI_LOG_DEBUG,
    IMI_LOG_INFO,
    IMI_LOG_WARN,
    IMI_LOG_ERROR
} imi_log_level_t;

//  Send lines to path (appended, created 0600), or stderr if path is NULL.
//  path and tag (e.g. "DE") are copied. Returns 0, or -1 if the file cannot
//  be opened (or path is too long).
int imi_log_open (const char *path, const char *tag);

//  A signal handler (the node's SIGHUP): asks for the log file to be
//  reopened at the next imi_log_reopen_pending. Async-signal-safe: it only
//  sets a flag.
void imi_log_hangup (int signal);

//  If imi_log_hangup was called since the last time: open the log file's
//  path again (a new file, 0600, when logrotate moved the old one away),
//  send the next lines there and log log.reopened; if it cannot be opened,
//  keep writing to the old file and log log.reopen_failed with the reason.
//  Nothing to do when lines go to stderr. The node's loop calls it every turn.
void imi_log_reopen_pending (void);

//  Lines below this level are dropped. Default IMI_LOG_INFO.
void imi_log_set_level (imi_log_level_t level);

//  Parse "debug", "info", "warn", "error". Returns 0, or -1 if unknown.
int imi_log_level_parse (const char *name, imi_log_level_t *level);

//  Write one line: event is the dotted event name; format/... give the
//  key=value part, already formatted by the caller (use imi_log_quote for
//  values that may contain spaces).
void imi_log (imi_log_level_t level, const char *event, const char *format, ...)
    __attribute__ ((format (printf, 3, 4)));

//  Quote value for logfmt into buffer if it needs quoting; returns buffer.
const char *imi_log_quote (char *buffer, size_t size, const char *value);

//  Flush and close the file (if any); further lines go to stderr.
void imi_log_close (void);

void imi_log_test (void);

#endif
