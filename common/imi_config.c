/*  imi_config: a node's configuration file. See imi_config.h for the format.

    The text is copied once and cut in place: each entry's key and value point
    into that copy, so an entry is three words and parsing allocates only the
    entry array. Entries stay in file order, which gives "last value wins" for
    imi_config_get and file order for repeated keys.

    Relative paths are resolved against an absolute base folder fixed at load
    time (the config file's folder, or the working directory for text parsed
    from memory), so a daemon that later changes directory still finds its
    files. Resolved strings are kept in the config, one per distinct result,
    and freed with it.
*/
#include "imi_config.h"
#include "imi_error.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

//  A configuration file is a few kilobytes; anything this big is a mistake.
#define S_FILE_MAX (1024 * 1024)
#define S_KEY_CHARACTERS "abcdefghijklmnopqrstuvwxyz0123456789_"

typedef struct {
    const char *key;                //  points into text
    const char *value;              //  points into text, trimmed
    int line;                       //  1-based line number, for messages
} s_entry_t;

struct _imi_config_t {
    char *name;                     //  file path or name, for messages
    char *base;                     //  absolute folder that relative paths start from
    char *text;                     //  copy of the text, cut into keys and values
    s_entry_t *entries;             //  in file order
    size_t entry_count;
    char **paths;                   //  strings returned by imi_config_get_path
    size_t path_count;
};

//  Remove spaces, tabs and carriage returns from both ends of text, in place.
static char *
s_trim (char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\r')
        text++;
    size_t length = strlen (text);
    while (length && (text [length - 1] == ' ' || text [length - 1] == '\t'
                  ||  text [length - 1] == '\r'))
        text [--length] = 0;
    return text;
}

//  Parse size bytes of text (NULs not allowed) into a new config.
static imi_config_t *
s_parse (const char *text, size_t size, const char *name, const char *base)
{
    imi_config_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    self->name = strdup (name);
    self->base = strdup (base);
    self->text = malloc (size + 1);
    //  Upper bound on entries: one per line.
    size_t line_count = 1;
    for (size_t index = 0; index < size; index++)
        line_count += text [index] == '\n';
    self->entries = calloc (line_count, sizeof *self->entries);
    if (!self->name || !self->base || !self->text || !self->entries) {
        imi_error_set ("out of memory");
        imi_config_destroy (&self);
        return NULL;
    }
    memcpy (self->text, text, size);
    self->text [size] = 0;

    int rc = 0;
    char *next = self->text;
    for (int line = 1; next && rc == 0; line++) {
        char *start = next;
        next = strchr (start, '\n');
        if (next)
            *next++ = 0;
        char *end = next? next - 1: self->text + size;
        if (strlen (start) != (size_t) (end - start)) {
            rc = imi_error_set ("%s:%d: line contains a NUL byte", name, line);
            continue;
        }
        char *content = s_trim (start);
        if (*content == 0 || *content == '#')
            continue;
        char *equals = strchr (content, '=');
        if (!equals) {
            rc = imi_error_set ("%s:%d: expected 'key = value', got '%.40s'",
                                name, line, content);
            continue;
        }
        *equals = 0;
        char *key = s_trim (content);
        if (*key == 0 || strspn (key, S_KEY_CHARACTERS) != strlen (key)) {
            rc = imi_error_set ("%s:%d: invalid key '%.40s' (keys are a-z, 0-9 and _)",
                                name, line, key);
            continue;
        }
        s_entry_t *entry = &self->entries [self->entry_count++];
        entry->key = key;
        entry->value = s_trim (equals + 1);
        entry->line = line;
    }
    if (rc)
        imi_config_destroy (&self);
    return self;
}

imi_config_t *
imi_config_load (const char *path)
{
    FILE *file = fopen (path, "rb");
    if (!file) {
        if (errno == ENOENT)
            imi_error_set ("%s does not exist", path);
        else
            imi_error_set ("cannot open %s: %s", path, strerror (errno));
        return NULL;
    }
    char *text = malloc (S_FILE_MAX + 1);
    size_t size = text? fread (text, 1, S_FILE_MAX + 1, file): 0;
    int failed = !text || ferror (file);
    fclose (file);
    imi_config_t *self = NULL;
    char folder [PATH_MAX], base [PATH_MAX];
    const char *slash = strrchr (path, '/');
    snprintf (folder, sizeof folder, "%.*s", slash? (int) (slash - path) + 1: 1,
              slash? path: ".");
    if (failed)
        imi_error_set ("cannot read %s", path);
    else
    if (size > S_FILE_MAX)
        imi_error_set ("%s is larger than %d bytes", path, S_FILE_MAX);
    else
    if (!realpath (folder, base))
        imi_error_set ("cannot resolve folder of %s: %s", path, strerror (errno));
    else
        self = s_parse (text, size, path, base);
    free (text);
    return self;
}

imi_config_t *
imi_config_parse (const char *text, const char *name)
{
    char base [PATH_MAX];
    if (!getcwd (base, sizeof base)) {
        imi_error_set ("cannot get the current folder: %s", strerror (errno));
        return NULL;
    }
    return s_parse (text, strlen (text), name, base);
}

void
imi_config_destroy (imi_config_t **self_p)
{
    assert (self_p);
    imi_config_t *self = *self_p;
    if (self) {
        for (size_t index = 0; index < self->path_count; index++)
            free (self->paths [index]);
        free (self->paths);
        free (self->entries);
        free (self->text);
        free (self->base);
        free (self->name);
        free (self);
        *self_p = NULL;
    }
}

int
imi_config_check_keys (imi_config_t *self, const char *const *known)
{
    for (size_t index = 0; index < self->entry_count; index++) {
        const char *const *scan = known;
        while (*scan && strcmp (*scan, self->entries [index].key) != 0)
            scan++;
        if (!*scan)
            return imi_error_set ("%s:%d: unknown setting '%s'", self->name,
                                  self->entries [index].line, self->entries [index].key);
    }
    return 0;
}

//  Last entry for key, or NULL.
static s_entry_t *
s_last (imi_config_t *self, const char *key)
{
    for (size_t index = self->entry_count; index > 0; index--)
        if (strcmp (self->entries [index - 1].key, key) == 0)
            return &self->entries [index - 1];
    return NULL;
}

const char *
imi_config_get (imi_config_t *self, const char *key, const char *default_value)
{
    s_entry_t *entry = s_last (self, key);
    return entry? entry->value: default_value;
}

int
imi_parse_number (const char *text, const char *name, long minimum, long maximum, long *value)
{
    char *end;
    errno = 0;
    long parsed = strtol (text, &end, 10);
    if (end == text || *end || errno == ERANGE || parsed < minimum || parsed > maximum)
        return imi_error_malformed ("%s '%s' must be a whole number from %ld to %ld", name, text,
                                    minimum, maximum);
    *value = parsed;
    return 0;
}

int
imi_config_get_int (imi_config_t *self, const char *key, long default_value,
                    long minimum, long maximum, long *value)
{
    assert (minimum <= default_value && default_value <= maximum);
    s_entry_t *entry = s_last (self, key);
    if (!entry) {
        *value = default_value;
        return 0;
    }
    if (imi_parse_number (entry->value, key, minimum, maximum, value))
        return imi_error_wrap ("%s:%d", self->name, entry->line);
    return 0;
}

size_t
imi_config_count (imi_config_t *self, const char *key)
{
    size_t count = 0;
    for (size_t index = 0; index < self->entry_count; index++)
        count += strcmp (self->entries [index].key, key) == 0;
    return count;
}

const char *
imi_config_get_nth (imi_config_t *self, const char *key, size_t n)
{
    for (size_t index = 0; index < self->entry_count; index++)
        if (strcmp (self->entries [index].key, key) == 0 && n-- == 0)
            return self->entries [index].value;
    return NULL;
}

const char *
imi_config_get_path (imi_config_t *self, const char *key, const char *default_value)
{
    const char *value = imi_config_get (self, key, default_value);
    if (!value || *value == '/')
        return value;
    char *path;
    if (asprintf (&path, "%s/%s", self->base, value) == -1) {
        imi_error_set ("out of memory");
        return NULL;
    }
    for (size_t index = 0; index < self->path_count; index++)
        if (strcmp (self->paths [index], path) == 0) {
            free (path);
            return self->paths [index];
        }
    char **paths = realloc (self->paths, (self->path_count + 1) * sizeof *paths);
    if (!paths) {
        free (path);
        imi_error_set ("out of memory");
        return NULL;
    }
    self->paths = paths;
    self->paths [self->path_count++] = path;
    return path;
}

//  Test helper: expect imi_config_parse (text) to fail with reason.
static void
s_test_parse_fails (const char *text, const char *reason)
{
    imi_config_t *config = imi_config_parse (text, "node.conf");
    assert (config == NULL);
    if (strcmp (imi_error_last (), reason) != 0) {
        fprintf (stderr, "expected '%s', got '%s'\n", reason, imi_error_last ());
        assert (0);
    }
}

//  Test helper: write text to path.
static void
s_test_write (const char *path, const char *text, size_t size)
{
    FILE *file = fopen (path, "wb");
    assert (file);
    assert (fwrite (text, 1, size, file) == size);
    assert (fclose (file) == 0);
}

void
imi_config_test (void)
{
    //  The documented format: comments, blank lines, trimmed values, repeats.
    const char *text =
        "# Node for Germany\n"
        "\n"
        "state = DE\n"
        "  listen=tcp://0.0.0.0:7100  \n"
        "\t# indented comment\n"
        "governance_key = keys/one.pub\n"
        "governance_key = /etc/imi/two.pub\r\n"
        "peer_url = https://x.example/?a=b#frag\n"
        "empty =\n"
        "max_batch = 64\n"
        "state = AT";
    imi_config_t *config = imi_config_parse (text, "node.conf");
    assert (config);
    assert (strcmp (imi_config_get (config, "state", NULL), "AT") == 0);
    assert (strcmp (imi_config_get (config, "listen", NULL), "tcp://0.0.0.0:7100") == 0);
    assert (strcmp (imi_config_get (config, "peer_url", NULL), "https://x.example/?a=b#frag") == 0);
    assert (strcmp (imi_config_get (config, "empty", "x"), "") == 0);
    assert (strcmp (imi_config_get (config, "absent", "fallback"), "fallback") == 0);
    assert (imi_config_get (config, "absent", NULL) == NULL);
    assert (imi_config_count (config, "governance_key") == 2);
    assert (imi_config_count (config, "state") == 2);
    assert (imi_config_count (config, "absent") == 0);
    assert (strcmp (imi_config_get_nth (config, "governance_key", 0), "keys/one.pub") == 0);
    assert (strcmp (imi_config_get_nth (config, "governance_key", 1), "/etc/imi/two.pub") == 0);
    assert (imi_config_get_nth (config, "governance_key", 2) == NULL);
    assert (strcmp (imi_config_get_nth (config, "state", 0), "DE") == 0);

    //  Integers: in range, defaults, and every kind of bad value, named with its line.
    long value = 0;
    assert (imi_config_get_int (config, "max_batch", 10, 1, 1000, &value) == 0 && value == 64);
    assert (imi_config_get_int (config, "absent", 10, 1, 1000, &value) == 0 && value == 10);
    assert (imi_config_get_int (config, "max_batch", 10, 1, 63, &value) == -1);
    assert (strcmp (imi_error_last (),
                    "node.conf:10: max_batch '64' must be a whole number from 1 to 63") == 0);
    assert (imi_config_get_int (config, "max_batch", 100, 100, 1000, &value) == -1);
    assert (imi_config_get_int (config, "empty", 1, 1, 2, &value) == -1);
    assert (imi_config_get_int (config, "state", 1, 1, 2, &value) == -1);
    imi_config_destroy (&config);
    const char *numbers =
        "trailing = 12x\nhuge = 99999999999999999999\nnegative = -5\n"
        "octal = 010\nspaced = 1 2\nplus = +7\n";
    config = imi_config_parse (numbers, "n.conf");
    assert (config);
    assert (imi_config_get_int (config, "trailing", 0, 0, 100, &value) == -1);
    assert (strstr (imi_error_last (), "n.conf:1: trailing"));
    assert (imi_config_get_int (config, "huge", 0, LONG_MIN, LONG_MAX, &value) == -1);
    assert (imi_config_get_int (config, "negative", 0, -10, 10, &value) == 0 && value == -5);
    assert (imi_config_get_int (config, "negative", 0, 0, 10, &value) == -1);
    assert (imi_config_get_int (config, "octal", 0, 0, 100, &value) == 0 && value == 10);
    assert (imi_config_get_int (config, "spaced", 0, 0, 100, &value) == -1);
    assert (imi_config_get_int (config, "plus", 0, 0, 100, &value) == 0 && value == 7);
    imi_config_destroy (&config);
    imi_config_destroy (&config);
    assert (config == NULL);

    //  Malformed lines are refused, naming the file and the line.
    s_test_parse_fails ("state = DE\nlisten\n",
                        "node.conf:2: expected 'key = value', got 'listen'");
    s_test_parse_fails ("\n\n = DE\n", "node.conf:3: invalid key '' (keys are a-z, 0-9 and _)");
    s_test_parse_fails ("State = DE\n",
                        "node.conf:1: invalid key 'State' (keys are a-z, 0-9 and _)");
    s_test_parse_fails ("a = 1\nlog-level = info",
                        "node.conf:2: invalid key 'log-level' (keys are a-z, 0-9 and _)");
    s_test_parse_fails ("my key = 1\n",
                        "node.conf:1: invalid key 'my key' (keys are a-z, 0-9 and _)");
    config = imi_config_parse ("", "empty.conf");
    assert (config && imi_config_count (config, "state") == 0);
    imi_config_destroy (&config);

    //  Unknown keys: a typo is caught with its line.
    static const char *const known [] = { "state", "listen", "database", "identity", NULL };
    config = imi_config_parse ("state = DE\n# comment\n\nlistn = tcp://*:7100\n", "node.conf");
    assert (config);
    assert (imi_config_check_keys (config, known) == -1);
    assert (strcmp (imi_error_last (), "node.conf:4: unknown setting 'listn'") == 0);
    imi_config_destroy (&config);

    //  Relative paths from text in memory start at the working directory.
    config = imi_config_parse ("database = var/node.db\nidentity = /etc/imi/de\n", "mem");
    assert (config);
    char cwd [PATH_MAX], expected [PATH_MAX + 64];
    assert (getcwd (cwd, sizeof cwd));
    snprintf (expected, sizeof expected, "%s/var/node.db", cwd);
    assert (strcmp (imi_config_get_path (config, "database", NULL), expected) == 0);
    assert (strcmp (imi_config_get_path (config, "identity", NULL), "/etc/imi/de") == 0);
    assert (imi_config_get_path (config, "absent", NULL) == NULL);
    imi_config_destroy (&config);

    //  From a file: relative paths start at the file's folder, wherever we run.
    char dir [] = "/tmp/imi_config_test.XXXXXX";
    assert (mkdtemp (dir));
    char real_dir [PATH_MAX], path [PATH_MAX];
    assert (realpath (dir, real_dir));
    snprintf (path, sizeof path, "%s/node.conf", dir);
    const char *file_text = "state = DE\ndatabase = var/node.db\nidentity = ./keys\nlistn = x\n";
    s_test_write (path, file_text, strlen (file_text));
    config = imi_config_load (path);
    assert (config);
    snprintf (expected, sizeof expected, "%s/var/node.db", real_dir);
    const char *database = imi_config_get_path (config, "database", NULL);
    assert (strcmp (database, expected) == 0);
    assert (imi_config_get_path (config, "database", NULL) == database);
    snprintf (expected, sizeof expected, "%s/./keys", real_dir);
    assert (strcmp (imi_config_get_path (config, "identity", NULL), expected) == 0);
    snprintf (expected, sizeof expected, "%s/node.log", real_dir);
    assert (strcmp (imi_config_get_path (config, "log", "node.log"), expected) == 0);
    assert (imi_config_check_keys (config, known) == -1);
    snprintf (expected, sizeof expected, "%s:4: unknown setting 'listn'", path);
    assert (strcmp (imi_error_last (), expected) == 0);
    imi_config_destroy (&config);

    //  A file name without a folder resolves against the working directory.
    assert (chdir (dir) == 0);
    config = imi_config_load ("node.conf");
    assert (config);
    snprintf (expected, sizeof expected, "%s/var/node.db", real_dir);
    assert (strcmp (imi_config_get_path (config, "database", NULL), expected) == 0);
    imi_config_destroy (&config);
    assert (chdir (cwd) == 0);

    //  A NUL byte inside the file, or a missing file, is refused by name.
    s_test_write (path, "state = DE\nlisten = a\0b\n", 24);
    assert (imi_config_load (path) == NULL);
    snprintf (expected, sizeof expected, "%s:2: line contains a NUL byte", path);
    assert (strcmp (imi_error_last (), expected) == 0);
    assert (unlink (path) == 0);
    assert (imi_config_load (path) == NULL);
    assert (strstr (imi_error_last (), path) && strstr (imi_error_last (), "does not exist"));
    assert (rmdir (dir) == 0);
}
