/*  imi_log: logfmt lines to a file or stderr. See imi_log.h for the line shape.

    Each line is formatted whole into a stack buffer and handed to stdio in one
    call, then flushed: with O_APPEND that is one write(2) per line, so a
    kill -9 loses nothing already logged and two processes sharing a file do
    not interleave halves of lines. The node is one actor on one thread, so
    the logger keeps plain static state and takes no lock.

    Lines are one line each whatever the caller passes: a newline or carriage
    return inside the key=value part becomes a space (values that may hold
    them should go through imi_log_quote, which escapes them visibly).

    Reopening (SIGHUP, for logrotate): the handler only sets an atomic flag;
    the loop calls imi_log_reopen_pending, which opens the path again and
    moves the new descriptor under the FILE's own (dup3), so the FILE never
    changes: a line written meanwhile by another thread (the translation
    worker logs too) goes whole to the old file or whole to the new one.
*/
#include "imi_log.h"
#include "imi_error.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

//  Longest line written; longer ones are cut and end with "...".
#define S_LINE_MAX 4096

static FILE *s_file;                        //  log file, or NULL for stderr
static char s_path [PATH_MAX];              //  its path, for reopening
static atomic_bool s_reopen;                //  set by imi_log_hangup
static char s_tag [16] = "-";               //  node's tag, e.g. "DE"
static imi_log_level_t s_level = IMI_LOG_INFO;

static const char *s_level_names [] = {
    [IMI_LOG_DEBUG] = "DEBUG",
    [IMI_LOG_INFO]  = "INFO",
    [IMI_LOG_WARN]  = "WARN",
    [IMI_LOG_ERROR] = "ERROR"
};

//  A descriptor appending to path, created 0600; -1 with the reason set.
static int
s_open (const char *path)
{
    int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd == -1)
        imi_error_set ("cannot open log file %s: %s", path, strerror (errno));
    return fd;
}

int
imi_log_open (const char *path, const char *tag)
{
    FILE *file = NULL;
    if (path) {
        if (strlen (path) >= sizeof s_path)
            return imi_error_set ("log file path too long: %s", path);
        int fd = s_open (path);
        if (fd == -1)
            return -1;
        file = fdopen (fd, "a");
        if (!file) {
            close (fd);
            return imi_error_set ("cannot open log file %s: %s", path, strerror (errno));
        }
    }
    imi_log_close ();
    s_file = file;
    snprintf (s_path, sizeof s_path, "%s", path? path: "");
    snprintf (s_tag, sizeof s_tag, "%s", tag && *tag? tag: "-");
    return 0;
}

void
imi_log_hangup (int signal)
{
    (void) signal;
    atomic_store (&s_reopen, true);
}

void
imi_log_reopen_pending (void)
{
    if (!atomic_exchange (&s_reopen, false) || !s_file)
        return;
    char quoted [PATH_MAX + 64];
    int fd = s_open (s_path);
    if (fd == -1 || dup3 (fd, fileno (s_file), O_CLOEXEC) == -1) {
        if (fd != -1)
            imi_error_set ("cannot reopen log file %s: %s", s_path, strerror (errno));
        imi_log (IMI_LOG_ERROR, "log.reopen_failed", "detail=%s",
                 imi_log_quote (quoted, sizeof quoted, imi_error_last ()));
    }
    else
        imi_log (IMI_LOG_INFO, "log.reopened", "path=%s",
                 imi_log_quote (quoted, sizeof quoted, s_path));
    if (fd != -1)
        close (fd);
}

void
imi_log_set_level (imi_log_level_t level)
{
    assert (level >= IMI_LOG_DEBUG && level <= IMI_LOG_ERROR);
    s_level = level;
}

int
imi_log_level_parse (const char *name, imi_log_level_t *level)
{
    for (size_t index = 0; index < sizeof s_level_names / sizeof s_level_names [0]; index++)
        if (strcasecmp (name, s_level_names [index]) == 0) {
            *level = (imi_log_level_t) index;
            return 0;
        }
    return imi_error_set ("unknown log level '%s' (expected debug, info, warn or error)", name);
}

void
imi_log (imi_log_level_t level, const char *event, const char *format, ...)
{
    assert (level >= IMI_LOG_DEBUG && level <= IMI_LOG_ERROR);
    if (level < s_level)
        return;

    struct timespec now;
    clock_gettime (CLOCK_REALTIME, &now);
    struct tm utc;
    gmtime_r (&now.tv_sec, &utc);

    char line [S_LINE_MAX];
    size_t used = strftime (line, sizeof line, "%Y-%m-%dT%H:%M:%S", &utc);
    used += snprintf (line + used, sizeof line - used, ".%03ldZ %s %s %s",
                      now.tv_nsec / 1000000, s_level_names [level], s_tag, event);
    if (used < sizeof line - 1 && format && *format) {
        line [used++] = ' ';
        va_list args;
        va_start (args, format);
        size_t start = used;
        int size = vsnprintf (line + used, sizeof line - used, format, args);
        va_end (args);
        //  An empty key=value part leaves no trailing space.
        used = size <= 0? start - 1: start + (size_t) size;
        for (size_t index = start; index < used && index < sizeof line; index++)
            if (line [index] == '\n' || line [index] == '\r')
                line [index] = ' ';
    }
    if (used >= sizeof line) {
        used = sizeof line - 1;
        memcpy (line + used - 3, "...", 3);
    }
    line [used] = '\n';
    FILE *out = s_file? s_file: stderr;
    fwrite (line, 1, used + 1, out);
    fflush (out);
}

//  True if value must be quoted to read back as one logfmt value.
static int
s_needs_quotes (const char *value)
{
    if (*value == 0)
        return 1;
    for (const unsigned char *scan = (const unsigned char *) value; *scan; scan++)
        if (*scan <= ' ' || *scan == '=' || *scan == '"' || *scan == 0x7f)
            return 1;
    return 0;
}

const char *
imi_log_quote (char *buffer, size_t size, const char *value)
{
    assert (size >= 3);
    if (!value)
        value = "";
    if (!s_needs_quotes (value)) {
        snprintf (buffer, size, "%s", value);
        return buffer;
    }
    //  Room is kept for the closing quote and the terminator; a value that
    //  does not fit is cut between escapes, never inside one.
    size_t used = 0;
    buffer [used++] = '"';
    for (const unsigned char *scan = (const unsigned char *) value; *scan; scan++) {
        char escape [5];
        if (*scan == '"' || *scan == '\\')
            snprintf (escape, sizeof escape, "\\%c", *scan);
        else
        if (*scan == '\n')
            snprintf (escape, sizeof escape, "\\n");
        else
        if (*scan < ' ' || *scan == 0x7f)
            snprintf (escape, sizeof escape, "\\x%02x", *scan);
        else
            snprintf (escape, sizeof escape, "%c", *scan);
        size_t escape_size = strlen (escape);
        if (used + escape_size + 2 > size)
            break;
        memcpy (buffer + used, escape, escape_size);
        used += escape_size;
    }
    buffer [used++] = '"';
    buffer [used] = 0;
    return buffer;
}

void
imi_log_close (void)
{
    if (s_file) {
        fclose (s_file);
        s_file = NULL;
    }
    s_path [0] = 0;
}

//  Test helper: the whole content of path, NUL-terminated, in buffer.
static void
s_test_read (const char *path, char *buffer, size_t size)
{
    FILE *file = fopen (path, "r");
    assert (file);
    size_t got = fread (buffer, 1, size - 1, file);
    buffer [got] = 0;
    fclose (file);
}

//  Test helper: true if line starts with a UTC timestamp shaped like
//  2026-11-29T20:13:35.123Z ('9' stands for any digit).
static int
s_test_timestamp (const char *line)
{
    const char *shape = "9999-99-99T99:99:99.999Z ";
    for (size_t index = 0; shape [index]; index++)
        if (shape [index] == '9'? (line [index] < '0' || line [index] > '9')
                                : line [index] != shape [index])
            return 0;
    return 1;
}

void
imi_log_test (void)
{
    char quoted [64];
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, "FR"), "FR") == 0);
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, "c:\\dir"), "c:\\dir") == 0);
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, ""), "\"\"") == 0);
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, NULL), "\"\"") == 0);
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, "no route"), "\"no route\"") == 0);
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, "a=b"), "\"a=b\"") == 0);
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, "say \"hi\" c:\\"),
                    "\"say \\\"hi\\\" c:\\\\\"") == 0);
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, "two\nlines\x01\x7f"),
                    "\"two\\nlines\\x01\\x7f\"") == 0);
    //  UTF-8 passes through untouched.
    assert (strcmp (imi_log_quote (quoted, sizeof quoted, "K\xc3\xb6ln"), "K\xc3\xb6ln") == 0);
    //  Too long: cut between escapes, still closed.
    char small [8];
    assert (strcmp (imi_log_quote (small, sizeof small, "a b c d e"), "\"a b c\"") == 0);
    assert (strcmp (imi_log_quote (small, sizeof small, "ab \"\""), "\"ab \\\"\"") == 0);
    assert (strcmp (imi_log_quote (small, sizeof small, "abcdefghij"), "abcdefg") == 0);

    imi_log_level_t level = IMI_LOG_INFO;
    assert (imi_log_level_parse ("debug", &level) == 0 && level == IMI_LOG_DEBUG);
    assert (imi_log_level_parse ("WARN", &level) == 0 && level == IMI_LOG_WARN);
    assert (imi_log_level_parse ("error", &level) == 0 && level == IMI_LOG_ERROR);
    assert (imi_log_level_parse ("verbose", &level) == -1);
    assert (strstr (imi_error_last (), "'verbose'"));

    char dir [] = "/tmp/imi_log_test.XXXXXX";
    assert (mkdtemp (dir));
    char path [256];
    snprintf (path, sizeof path, "%s/node.log", dir);

    //  The file is created owner-only; each line is on disk once imi_log returns.
    assert (imi_log_open (path, "DE") == 0);
    struct stat status;
    assert (stat (path, &status) == 0 && (status.st_mode & 0777) == 0600);
    imi_log (IMI_LOG_INFO, "peer.connected", "state=%s rtt_ms=%d", "FR", 3);
    imi_log (IMI_LOG_DEBUG, "peer.heartbeat", "state=FR");
    imi_log (IMI_LOG_ERROR, "store.failed", "reason=%s",
             imi_log_quote (quoted, sizeof quoted, "disk full"));
    imi_log (IMI_LOG_WARN, "node.started", "%s", "");
    imi_log (IMI_LOG_WARN, "peer.odd", "text=a\nb");
    char content [S_LINE_MAX * 2];
    s_test_read (path, content, sizeof content);
    const char *line = content;
    assert (s_test_timestamp (line));
    assert (strncmp (line + 25, "INFO DE peer.connected state=FR rtt_ms=3\n", 41) == 0);
    line = strchr (line, '\n') + 1;
    assert (s_test_timestamp (line));
    assert (strncmp (line + 25, "ERROR DE store.failed reason=\"disk full\"\n", 40) == 0);
    line = strchr (line, '\n') + 1;
    assert (strncmp (line + 25, "WARN DE node.started\n", 21) == 0);
    line = strchr (line, '\n') + 1;
    assert (strncmp (line + 25, "WARN DE peer.odd text=a b\n", 26) == 0);
    line = strchr (line, '\n') + 1;
    assert (*line == 0);

    //  Debug lines appear once the level allows them; an over-long line is
    //  cut, marked and still ends the line.
    imi_log_set_level (IMI_LOG_DEBUG);
    imi_log (IMI_LOG_DEBUG, "peer.heartbeat", "state=FR");
    char long_value [S_LINE_MAX + 100];
    memset (long_value, 'x', sizeof long_value - 1);
    long_value [sizeof long_value - 1] = 0;
    imi_log (IMI_LOG_INFO, "test.long", "value=%s", long_value);
    imi_log_set_level (IMI_LOG_INFO);
    imi_log_close ();

    //  Reopening appends; it never truncates what is there.
    assert (imi_log_open (path, "FR") == 0);
    imi_log (IMI_LOG_INFO, "node.restarted", NULL);
    imi_log_close ();
    s_test_read (path, content, sizeof content);
    line = strstr (content, "DEBUG DE peer.heartbeat state=FR\n");
    assert (line);
    line = strchr (line, '\n') + 1;
    const char *end = strchr (line, '\n');
    assert (end && end - line == S_LINE_MAX - 1);
    assert (strncmp (end - 3, "...", 3) == 0);
    assert (strncmp (end + 1 + 25, "INFO FR node.restarted\n", 23) == 0);
    assert (strstr (content, "peer.connected"));

    //  A log file that cannot be created is an error naming it; the logger
    //  keeps writing to stderr.
    char missing [300];
    snprintf (missing, sizeof missing, "%s/no/such/dir/node.log", dir);
    assert (imi_log_open (missing, "DE") == -1);
    assert (strstr (imi_error_last (), missing));

    assert (unlink (path) == 0);
    //  Reopening, as after logrotate moved the file away: nothing happens
    //  until asked (imi_log_hangup, the SIGHUP handler); then a new file,
    //  0600, takes the next lines and the old one keeps the earlier ones.
    char subdir [64], moved_dir [64], moved [96];
    snprintf (subdir, sizeof subdir, "%s/logs", dir);
    snprintf (moved_dir, sizeof moved_dir, "%s/old-logs", dir);
    assert (mkdir (subdir, 0700) == 0);
    snprintf (path, sizeof path, "%s/node.log", subdir);
    snprintf (moved, sizeof moved, "%s/node.log.1", subdir);
    assert (imi_log_open (path, "DE") == 0);
    imi_log (IMI_LOG_INFO, "test.before", NULL);
    assert (rename (path, moved) == 0);
    imi_log_reopen_pending ();
    imi_log (IMI_LOG_INFO, "test.still_before", NULL);
    assert (access (path, F_OK) == -1);
    imi_log_hangup (SIGHUP);
    imi_log_reopen_pending ();
    imi_log (IMI_LOG_INFO, "test.after", NULL);
    assert (stat (path, &status) == 0 && (status.st_mode & 0777) == 0600);
    s_test_read (moved, content, sizeof content);
    assert (strstr (content, "test.before") && strstr (content, "test.still_before"));
    assert (!strstr (content, "test.after") && !strstr (content, "log.reopened"));
    s_test_read (path, content, sizeof content);
    assert (strstr (content, "INFO DE log.reopened path="));
    assert (strstr (content, "test.after") && !strstr (content, "test.before"));
    //  Asked once, reopened once.
    imi_log_reopen_pending ();
    s_test_read (path, content, sizeof content);
    assert (!strstr (strstr (content, "log.reopened") + 1, "log.reopened"));

    //  A path that cannot be opened again (its folder gone): the lines stay
    //  in the old file, which says why.
    assert (rename (subdir, moved_dir) == 0);
    imi_log_hangup (SIGHUP);
    imi_log_reopen_pending ();
    imi_log (IMI_LOG_INFO, "test.kept", NULL);
    imi_log_close ();
    snprintf (path, sizeof path, "%s/node.log", moved_dir);
    s_test_read (path, content, sizeof content);
    assert (strstr (content, "ERROR DE log.reopen_failed detail=\"cannot open log file "));
    assert (strstr (content, "No such file or directory"));
    assert (strstr (content, "test.kept"));
    assert (unlink (path) == 0);
    snprintf (path, sizeof path, "%s/node.log.1", moved_dir);
    assert (unlink (path) == 0);
    assert (rmdir (moved_dir) == 0);
    assert (rmdir (dir) == 0);
}
