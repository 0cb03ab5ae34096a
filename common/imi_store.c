/*  imi_store: the node's SQLite database. See imi_store.h for the contract.

    Open sets the connection up for durability (WAL, synchronous=FULL) and
    checks that SQLite agreed: journal_mode silently stays "delete" on a file
    system without shared memory, and a node that believed it had WAL would
    be wrong about its own guarantees.

    Deletion is real: secure_delete makes SQLite overwrite deleted content
    (and freed pages) with zeros, and imi_store_checkpoint copies the WAL
    into the database file and truncates it, so that the old page images
    the WAL keeps of deleted rows leave the disk too. The node calls it
    after erasing personal data (imi_retention).

    A database that PRAGMA quick_check finds damaged is refused at open,
    before any migration: see s_quick_check.

    Migrations: each pending one runs in its own BEGIN IMMEDIATE transaction
    together with the user_version update, so a database is always exactly
    at some version, never between two. The version is re-read inside each
    transaction: if two processes open the same new file at once, the second
    waits for the first (busy timeout) and then finds the work done.

    Statement cache: a growing array searched linearly (a node has tens of
    statements). Entries are keyed by the caller's SQL pointer, normally a
    static string, so a lookup is a pointer comparison and one strcmp that
    confirms it; the strcmp keeps a reused buffer (SQL built on the stack)
    from ever getting another text's statement. A pointer not seen before is
    looked up by text and becomes the entry's key.
*/
#include "imi_store.h"
#include "imi_error.h"
#include "imi_log.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_BUSY_TIMEOUT_MS 5000

typedef struct {
    const char *sql;                //  caller's pointer last used for it, the fast key
    char *text;                     //  our copy of the SQL text
    sqlite3_stmt *statement;        //  prepared with SQLITE_PREPARE_PERSISTENT
} s_cached_t;

struct _imi_store_t {
    sqlite3 *db;                    //  the connection
    s_cached_t *cache;              //  prepared statements, in order of first use
    size_t cache_size;              //  entries used
    size_t cache_limit;             //  entries allocated
    uint64_t errors [IMI_STORE_ERROR_KINDS];    //  counted by imi_store_error
    int64_t last_error_ms;          //  monotonic time of the last one, 0: none
    bool batch;                     //  a batch is open: begin and commit are a savepoint
    bool batch_lost;                //  ... and one of its changes could not be undone
};

//  SQLite's primary result codes by kind of store error; a code not listed
//  is "other", and these are not errors of the store at all.
static const struct {
    int code;
    imi_store_error_kind_t kind;
} s_error_kinds [] = {
    { SQLITE_FULL, IMI_STORE_ERROR_FULL },
    { SQLITE_BUSY, IMI_STORE_ERROR_BUSY },
    { SQLITE_LOCKED, IMI_STORE_ERROR_BUSY },
    { SQLITE_IOERR, IMI_STORE_ERROR_IO },
    { SQLITE_CANTOPEN, IMI_STORE_ERROR_IO },
    { SQLITE_READONLY, IMI_STORE_ERROR_IO },
    { SQLITE_NOLFS, IMI_STORE_ERROR_IO },
    { SQLITE_CORRUPT, IMI_STORE_ERROR_CORRUPT },
    { SQLITE_NOTADB, IMI_STORE_ERROR_CORRUPT },
};
static const int s_not_errors [] = { SQLITE_OK, SQLITE_ROW, SQLITE_DONE, SQLITE_CONSTRAINT };
static const char *s_error_kind_names [IMI_STORE_ERROR_KINDS] = {
    "full", "busy", "io", "corrupt", "other"
};

static int64_t
s_clock_ms (void)
{
    struct timespec now;
    clock_gettime (CLOCK_MONOTONIC, &now);
    return (int64_t) now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

//  Count the connection's current error by its kind, unless it is none.
static void
s_count_error (imi_store_t *self)
{
    int code = sqlite3_errcode (self->db) & 0xff;
    for (size_t index = 0; index < sizeof s_not_errors / sizeof s_not_errors [0]; index++)
        if (code == s_not_errors [index])
            return;
    imi_store_error_kind_t kind = IMI_STORE_ERROR_OTHER;
    for (size_t index = 0; index < sizeof s_error_kinds / sizeof s_error_kinds [0]; index++)
        if (code == s_error_kinds [index].code)
            kind = s_error_kinds [index].kind;
    self->errors [kind]++;
    self->last_error_ms = s_clock_ms ();
}

//  Run a PRAGMA (or any one-row query) and read its first column as an integer.
static int
s_query_int (imi_store_t *self, const char *sql, int *value)
{
    sqlite3_stmt *statement = imi_store_statement (self, sql);
    if (!statement)
        return -1;
    if (sqlite3_step (statement) != SQLITE_ROW)
        return imi_store_error (self, sql);
    *value = sqlite3_column_int (statement, 0);
    sqlite3_reset (statement);
    return 0;
}

//  Set a PRAGMA and check that SQLite now reports the value asked for.
static int
s_pragma (imi_store_t *self, const char *set_sql, const char *get_sql, const char *expected)
{
    if (imi_store_exec (self, set_sql))
        return -1;
    sqlite3_stmt *statement = imi_store_statement (self, get_sql);
    if (!statement)
        return -1;
    if (sqlite3_step (statement) != SQLITE_ROW)
        return imi_store_error (self, get_sql);
    const char *value = (const char *) sqlite3_column_text (statement, 0);
    int rc = 0;
    if (!value || strcasecmp (value, expected) != 0)
        rc = imi_error_set ("%s left the setting at '%s', not '%s'", set_sql,
                            value? value: "", expected);
    sqlite3_reset (statement);
    return rc;
}

//  A damaged file is refused before anything reads or writes it: a node that
//  served from one went on signing checkpoints over a log it could not read
//  back. PRAGMA quick_check reads every page (O(N), without the index
//  cross-checks of integrity_check): some tenths of a second for a node's
//  database.
static int
s_quick_check (imi_store_t *self)
{
    char finding [256];
    int rc = imi_store_check (self, true, 1, finding, sizeof finding);
    if (rc < 0) {
        snprintf (finding, sizeof finding, "%s", imi_error_last ());
        return imi_error_set ("the database cannot be read (%s): restore it from a backup",
                              finding);
    }
    if (rc > 0)
        return imi_error_set ("the database is damaged (SQLite quick_check: %s): restore it "
                              "from a backup", finding);
    return 0;
}

//  Apply, one transaction each, the migrations above the database's version.
//  They are numbered 1, 2, 3, ... with no gap: a missing number would mean a
//  migration lost in a merge, and databases made without it.
static int
s_migrate (imi_store_t *self, const imi_migration_t *migrations, size_t migration_count)
{
    for (size_t index = 0; index < migration_count; index++) {
        assert (migrations [index].version == (int) index + 1);
        assert (migrations [index].sql && migrations [index].description);
    }
    int latest = migration_count? migrations [migration_count - 1].version: 0;
    while (1) {
        int version = 0;
        if (imi_store_begin (self)
        ||  s_query_int (self, "PRAGMA user_version", &version))
            break;
        if (version < 0) {
            imi_error_set ("database schema version %d is not valid", version);
            break;
        }
        if (version > latest) {
            imi_error_set ("database schema version %d is newer than this build (%d): a later "
                           "release wrote it; run that release, or restore a backup taken "
                           "before the upgrade (imictl restore)", version, latest);
            break;
        }
        if (version == latest)
            return imi_store_commit (self);

        size_t next = 0;
        while (migrations [next].version <= version)
            next++;
        const imi_migration_t *migration = &migrations [next];
        char set_version [64];
        snprintf (set_version, sizeof set_version, "PRAGMA user_version = %d",
                  migration->version);
        char what [128];
        snprintf (what, sizeof what, "migration %d (%s)", migration->version,
                  migration->description);
        if (sqlite3_exec (self->db, migration->sql, NULL, NULL, NULL) != SQLITE_OK) {
            imi_store_error (self, what);
            break;
        }
        if (imi_store_exec (self, set_version) || imi_store_commit (self))
            break;
        char quoted [128];
        imi_log (IMI_LOG_INFO, "store.migrated", "version=%d description=%s",
                 migration->version,
                 imi_log_quote (quoted, sizeof quoted, migration->description));
    }
    //  Keep the reason for the failure, not any from the rollback.
    char reason [IMI_ERROR_MAX];
    snprintf (reason, sizeof reason, "%s", imi_error_last ());
    imi_store_rollback (self);
    return imi_error_set ("%s", reason);
}

//  A store on the database at path, opened with flags; NULL with a reason.
static imi_store_t *
s_store_new (const char *path, int flags)
{
    imi_store_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    int rc = sqlite3_open_v2 (path, &self->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        imi_error_set ("cannot open database %s: %s", path,
                       self->db? sqlite3_errmsg (self->db): sqlite3_errstr (rc));
        imi_store_destroy (&self);
        return NULL;
    }
    sqlite3_busy_timeout (self->db, S_BUSY_TIMEOUT_MS);
    return self;
}

imi_store_t *
imi_store_open (const char *path, const imi_migration_t *migrations, size_t migration_count)
{
    imi_store_t *self = s_store_new (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!self)
        return NULL;
    if (s_pragma (self, "PRAGMA journal_mode = WAL", "PRAGMA journal_mode", "wal")
    ||  s_pragma (self, "PRAGMA synchronous = FULL", "PRAGMA synchronous", "2")
    ||  s_pragma (self, "PRAGMA foreign_keys = ON", "PRAGMA foreign_keys", "1")
    ||  s_pragma (self, "PRAGMA cache_size = -16384", "PRAGMA cache_size", "-16384")
    ||  s_pragma (self, "PRAGMA secure_delete = ON", "PRAGMA secure_delete", "1")
    ||  s_quick_check (self)
    ||  s_migrate (self, migrations, migration_count)) {
        imi_error_wrap ("opening database %s", path);
        imi_store_destroy (&self);
        return NULL;
    }
    return self;
}

imi_store_t *
imi_store_open_readonly (const char *path)
{
    imi_store_t *self = s_store_new (path, SQLITE_OPEN_READONLY);
    //  SQLite reads the file only when asked: ask, so that a file that is
    //  not a database is refused here, by name.
    if (self && sqlite3_exec (self->db, "SELECT count(*) FROM sqlite_schema", NULL, NULL,
                              NULL) != SQLITE_OK) {
        imi_error_set ("cannot read database %s: %s", path, sqlite3_errmsg (self->db));
        imi_store_destroy (&self);
    }
    return self;
}

bool
imi_store_readonly (imi_store_t *self)
{
    return sqlite3_db_readonly (self->db, "main") == 1;
}

void
imi_store_destroy (imi_store_t **self_p)
{
    assert (self_p);
    imi_store_t *self = *self_p;
    if (self) {
        for (size_t index = 0; index < self->cache_size; index++) {
            sqlite3_finalize (self->cache [index].statement);
            free (self->cache [index].text);
        }
        free (self->cache);
        //  Only a statement left unfinalized makes close fail: a caller's bug.
        int rc = sqlite3_close (self->db);
        assert (rc == SQLITE_OK);
        (void) rc;
        free (self);
        *self_p = NULL;
    }
}

sqlite3 *
imi_store_db (imi_store_t *self)
{
    return self->db;
}

sqlite3_stmt *
imi_store_statement (imi_store_t *self, const char *sql)
{
    sqlite3_stmt *statement = NULL;
    for (size_t index = 0; index < self->cache_size && !statement; index++)
        if (self->cache [index].sql == sql && strcmp (self->cache [index].text, sql) == 0)
            statement = self->cache [index].statement;
    for (size_t index = 0; index < self->cache_size && !statement; index++)
        if (strcmp (self->cache [index].text, sql) == 0) {
            self->cache [index].sql = sql;
            statement = self->cache [index].statement;
        }
    if (statement) {
        //  reset returns the last step's error, which was already reported.
        sqlite3_reset (statement);
        sqlite3_clear_bindings (statement);
        return statement;
    }
    if (self->cache_size == self->cache_limit) {
        size_t limit = self->cache_limit? 2 * self->cache_limit: 16;
        s_cached_t *cache = realloc (self->cache, limit * sizeof *cache);
        if (!cache) {
            imi_error_set ("out of memory");
            return NULL;
        }
        self->cache = cache;
        self->cache_limit = limit;
    }
    const char *tail = NULL;
    if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                            &statement, &tail) != SQLITE_OK) {
        char what [128];
        snprintf (what, sizeof what, "preparing '%.80s'", sql);
        imi_store_error (self, what);
        return NULL;
    }
    //  Text after the first statement would be silently ignored: a bug.
    assert (statement && tail && strspn (tail, " \t\r\n;") == strlen (tail));
    char *text = strdup (sql);
    if (!text) {
        sqlite3_finalize (statement);
        imi_error_set ("out of memory");
        return NULL;
    }
    self->cache [self->cache_size].sql = sql;
    self->cache [self->cache_size].text = text;
    self->cache [self->cache_size].statement = statement;
    self->cache_size++;
    return statement;
}

int
imi_store_begin (imi_store_t *self)
{
    //  A batch lost (SQLite rolled it back by itself after an error, or a
    //  change could not be undone) takes no more
    if (self->batch && (self->batch_lost || sqlite3_get_autocommit (self->db)))
        return imi_error_set ("the batch of changes was rolled back");
    return imi_store_exec (self, self->batch? "SAVEPOINT change": "BEGIN IMMEDIATE");
}

//  A statement left mid-step (one that failed, a SELECT read for one row)
//  makes COMMIT fail with "SQL statements in progress", so commit and
//  rollback first reset every cached statement still running.
static void
s_reset_running (imi_store_t *self)
{
    for (size_t index = 0; index < self->cache_size; index++)
        if (sqlite3_stmt_busy (self->cache [index].statement))
            sqlite3_reset (self->cache [index].statement);
}

int
imi_store_commit (imi_store_t *self)
{
    s_reset_running (self);
    if (self->batch && sqlite3_get_autocommit (self->db))
        return imi_error_set ("the batch of changes was rolled back");
    return imi_store_exec (self, self->batch? "RELEASE change": "COMMIT");
}

int
imi_store_rollback (imi_store_t *self)
{
    //  SQLite rolls back by itself on some errors (disk full, I/O); an error
    //  path that then rolls back again has nothing left to do.
    if (sqlite3_get_autocommit (self->db))
        return 0;
    s_reset_running (self);
    if (self->batch && (imi_store_exec (self, "ROLLBACK TO change")
                    ||  imi_store_exec (self, "RELEASE change"))) {
        self->batch_lost = true;        //  its end must not commit a half-undone change
        return -1;
    }
    return self->batch? 0: imi_store_exec (self, "ROLLBACK");
}

int
imi_store_batch_begin (imi_store_t *self)
{
    assert (!self->batch);
    if (imi_store_exec (self, "BEGIN IMMEDIATE"))
        return -1;
    self->batch = true;
    return 0;
}

int
imi_store_batch_end (imi_store_t *self)
{
    assert (self->batch);
    bool lost = self->batch_lost;
    self->batch = self->batch_lost = false;
    if (sqlite3_get_autocommit (self->db))
        return imi_error_set ("the batch of changes was rolled back");
    if (!lost && imi_store_commit (self) == 0)
        return 0;
    if (lost)
        imi_error_set ("a change of the batch could not be undone");
    char reason [IMI_ERROR_MAX];
    snprintf (reason, sizeof reason, "%s", imi_error_last ());
    imi_store_rollback (self);
    return imi_error_set ("%s", reason);
}

int
imi_store_finish (imi_store_t *self, int rc)
{
    if (rc == 0 && imi_store_commit (self) == 0)
        return 0;
    char reason [IMI_ERROR_MAX];
    snprintf (reason, sizeof reason, "%s", imi_error_last ());
    imi_error_kind_t kind = imi_error_kind ();
    imi_store_rollback (self);
    //  The reason and its kind (not found, conflict, ...) as they were
    if (rc == -2)
        return imi_error_refuse (kind == IMI_ERROR_FAILED? IMI_ERROR_MALFORMED: kind, "%s", reason);
    return imi_error_set ("%s", reason);
}

bool
imi_store_column_text (sqlite3_stmt *statement, int column, char *out, size_t size)
{
    const char *text = (const char *) sqlite3_column_text (statement, column);
    snprintf (out, size, "%s", text? text: "");
    return text && strlen (text) < size;
}

int
imi_store_step_done (imi_store_t *self, sqlite3_stmt *statement, const char *what)
{
    int rc = sqlite3_step (statement);
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (self, what);
    return 0;
}

int
imi_store_checkpoint (imi_store_t *self)
{
    //  A statement stepped and left half-read holds a read transaction,
    //  which the checkpoint would have to wait for: none is in use now.
    for (size_t index = 0; index < self->cache_size; index++)
        sqlite3_reset (self->cache [index].statement);
    int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    if (rc == SQLITE_BUSY)
        return 1;
    return rc == SQLITE_OK? 0: imi_store_error (self, "checkpointing the WAL");
}

int
imi_store_exec (imi_store_t *self, const char *sql)
{
    if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        char what [128];
        snprintf (what, sizeof what, "%.80s", sql);
        return imi_store_error (self, what);
    }
    return 0;
}

int
imi_store_error (imi_store_t *self, const char *what)
{
    s_count_error (self);
    return imi_error_set ("%s: %s", what, sqlite3_errmsg (self->db));
}

const char *
imi_store_error_kind_name (imi_store_error_kind_t kind)
{
    assert (kind < IMI_STORE_ERROR_KINDS);
    return s_error_kind_names [kind];
}

uint64_t
imi_store_error_count (imi_store_t *self, imi_store_error_kind_t kind)
{
    assert (kind < IMI_STORE_ERROR_KINDS);
    return self->errors [kind];
}

int64_t
imi_store_error_age_ms (imi_store_t *self)
{
    return self->last_error_ms? s_clock_ms () - self->last_error_ms: -1;
}

int
imi_store_version (imi_store_t *self, int *version)
{
    return s_query_int (self, "PRAGMA user_version", version);
}

int
imi_store_check (imi_store_t *self, bool quick, int limit, char *findings, size_t size)
{
    assert (size > 1 && limit > 0);
    char sql [64];
    snprintf (sql, sizeof sql, "PRAGMA %s (%d)", quick? "quick_check": "integrity_check", limit);
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL);
    size_t used = 0;
    findings [0] = 0;
    while (rc == SQLITE_OK || rc == SQLITE_ROW) {
        rc = sqlite3_step (statement);
        if (rc != SQLITE_ROW)
            break;
        const char *row = (const char *) sqlite3_column_text (statement, 0);
        if (!row || strcmp (row, "ok") == 0 || used + 1 >= size)
            continue;
        //  One finding a line: SQLite's own may span lines ("*** in
        //  database main ***\nOn tree page ...")
        int written = snprintf (findings + used, size - used, "%s%s", used? "\n": "", row);
        for (char *cursor = findings + used + (used? 1: 0); *cursor; cursor++)
            if (*cursor == '\n')
                *cursor = ' ';
        if (written > 0)
            used = used + (size_t) written < size? used + (size_t) written: size - 1;
    }
    //  A file too damaged to run the check at all is damaged too
    int code = sqlite3_errcode (self->db) & 0xff;
    if (rc != SQLITE_DONE && (code == SQLITE_CORRUPT || code == SQLITE_NOTADB))
        snprintf (findings, size, "%s", sqlite3_errmsg (self->db));
    else
    if (rc != SQLITE_DONE)
        imi_error_set ("%s: %s", sql, sqlite3_errmsg (self->db));
    sqlite3_finalize (statement);
    if (rc != SQLITE_DONE)
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB? 1: -1;
    return used > 0? 1: 0;
}

//  ---------------------------------------------------------------------------
//  Copies: online backup, checked in a thread, placed by one rename

#define S_COPY_WAIT_MS 10               //  a step waits this long for the check, at most

struct _imi_store_copy_t {
    sqlite3_backup *backup;             //  while pages are copied
    imi_store_t *copy;                  //  the new file's store, until checked
    char *path;                         //  where the copy goes
    char *temporary;                    //  where it is made: path.tmp-XXXXXX
    bool replace;                       //  may replace a file at path
    int copied, total;                  //  pages
    pthread_t checker;                  //  the thread that checks and syncs
    bool checking;                      //  checker runs (or has not been joined)
    pthread_mutex_t mutex;              //  guards checked
    pthread_cond_t signal;              //  checked changed
    bool checked;                       //  the checker is done (check_rc says how)
    int check_rc;                       //  0 sound and durable, -1 (check_reason)
    char check_reason [IMI_ERROR_MAX];  //  the checker's error (its thread's)
    int64_t bytes;                      //  size of the checked copy
    int version;                        //  its schema version
    bool placed;                        //  at path: nothing to remove
};

//  The refusal of a path that exists. -1.
static int
s_copy_exists (const char *path)
{
    return imi_error_set ("%s exists: give a new file's name (a copy never replaces a file)",
                          path);
}

imi_store_copy_t *
imi_store_copy_new (imi_store_t *source, const char *path, bool replace)
{
    if (!replace && access (path, F_OK) == 0) {
        s_copy_exists (path);
        return NULL;
    }
    imi_store_copy_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    pthread_mutex_init (&self->mutex, NULL);
    pthread_cond_init (&self->signal, NULL);
    self->replace = replace;
    self->path = strdup (path);
    self->temporary = self->path? malloc (strlen (path) + 16): NULL;
    if (!self->temporary) {
        imi_error_set ("out of memory");
        imi_store_copy_destroy (&self);
        return NULL;
    }
    //  Beside path, so the rename stays in one file system; mode 0600
    sprintf (self->temporary, "%s.tmp-XXXXXX", path);
    int fd = mkstemp (self->temporary);
    if (fd < 0) {
        imi_error_set ("cannot create a file beside %s: %s", path, strerror (errno));
        self->temporary [0] = 0;
        imi_store_copy_destroy (&self);
        return NULL;
    }
    close (fd);
    self->copy = s_store_new (self->temporary, SQLITE_OPEN_READWRITE);
    //  No journal and no sync while it fills: until it is checked and
    //  synced, it is a temporary file, removed on failure
    if (!self->copy
    ||  imi_store_exec (self->copy, "PRAGMA journal_mode = OFF")
    ||  imi_store_exec (self->copy, "PRAGMA synchronous = OFF")) {
        imi_store_copy_destroy (&self);
        return NULL;
    }
    self->backup = sqlite3_backup_init (self->copy->db, "main", source->db, "main");
    if (!self->backup) {
        imi_error_set ("cannot copy the database into %s: %s", self->temporary,
                       sqlite3_errmsg (self->copy->db));
        imi_store_copy_destroy (&self);
        return NULL;
    }
    return self;
}

//  The checker's work, in its own thread, on the copy's connection alone:
//  the copy took the source's WAL flag with its first page, and is made an
//  ordinary file again (one file holds it all); then quick_check reads it
//  whole, and fsync writes it to disk.
static int
s_copy_check (imi_store_copy_t *self)
{
    char finding [256];
    int rc = imi_store_exec (self->copy, "PRAGMA journal_mode = DELETE");
    if (rc == 0)
        rc = imi_store_check (self->copy, true, 1, finding, sizeof finding);
    if (rc > 0)
        rc = imi_error_set ("the copy is damaged (SQLite quick_check: %s)", finding);
    if (rc == 0)
        rc = imi_store_version (self->copy, &self->version);
    imi_store_destroy (&self->copy);
    int fd = rc? -1: open (self->temporary, O_RDONLY | O_CLOEXEC);
    struct stat status;
    if (rc == 0 && (fd < 0 || fsync (fd) || fstat (fd, &status)))
        rc = imi_error_set ("cannot write %s to disk: %s", self->temporary, strerror (errno));
    if (fd >= 0)
        close (fd);
    if (rc == 0)
        self->bytes = (int64_t) status.st_size;
    return rc;
}

static void *
s_copy_checker (void *argument)
{
    imi_store_copy_t *self = (imi_store_copy_t *) argument;
    int rc = s_copy_check (self);
    pthread_mutex_lock (&self->mutex);
    self->check_rc = rc;
    snprintf (self->check_reason, sizeof self->check_reason, "%s", rc? imi_error_last (): "");
    self->checked = true;
    pthread_cond_signal (&self->signal);
    pthread_mutex_unlock (&self->mutex);
    return NULL;
}

int
imi_store_copy_step (imi_store_copy_t *self, int pages)
{
    if (self->backup) {
        int rc = sqlite3_backup_step (self->backup, pages);
        self->total = sqlite3_backup_pagecount (self->backup);
        self->copied = self->total - sqlite3_backup_remaining (self->backup);
        if (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            return 1;
        rc = sqlite3_backup_finish (self->backup);
        self->backup = NULL;
        if (rc != SQLITE_OK)
            return imi_store_error (self->copy, "copying the database");
        if (pthread_create (&self->checker, NULL, s_copy_checker, self))
            return imi_error_set ("cannot start a thread to check the copy");
        self->checking = true;
        return 1;
    }
    if (!self->checking)
        return imi_error_set ("the copy has failed or is finished");
    struct timespec until;
    clock_gettime (CLOCK_REALTIME, &until);
    until.tv_nsec += S_COPY_WAIT_MS * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock (&self->mutex);
    if (!self->checked)
        pthread_cond_timedwait (&self->signal, &self->mutex, &until);
    bool checked = self->checked;
    pthread_mutex_unlock (&self->mutex);
    if (!checked)
        return 1;
    pthread_join (self->checker, NULL);
    self->checking = false;
    if (self->check_rc)
        return imi_error_set ("%s", self->check_reason);
    return 0;
}

//  fsync the folder that holds path, so that a rename or link in it lasts.
static int
s_sync_folder (const char *path)
{
    char *copy = strdup (path);
    char *slash = copy? strrchr (copy, '/'): NULL;
    if (slash)
        *(slash == copy? slash + 1: slash) = 0;
    int fd = copy? open (slash? copy: ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC): -1;
    int rc = fd < 0 || fsync (fd)? imi_error_set ("cannot sync the folder of %s: %s", path,
                                                  strerror (errno)): 0;
    if (fd >= 0)
        close (fd);
    free (copy);
    return rc;
}

int
imi_store_copy_place (imi_store_copy_t *self)
{
    assert (self->checked && !self->checking && self->check_rc == 0 && !self->placed);
    if (self->replace) {
        static const char *companions [] = { "-wal", "-shm" };
        for (size_t index = 0; index < 2; index++) {
            char companion [4096];
            snprintf (companion, sizeof companion, "%s%s", self->path, companions [index]);
            if (unlink (companion) && errno != ENOENT)
                return imi_error_set ("cannot remove %s: %s", companion, strerror (errno));
        }
        if (rename (self->temporary, self->path))
            return imi_error_set ("cannot rename %s to %s: %s", self->temporary, self->path,
                                  strerror (errno));
    }
    else {
        //  link(2), unlike rename(2), never replaces a file that is there.
        //  A file system without hard links (a CIFS or FAT mount, often
        //  where backups go) gets a rename after a look instead.
        int rc = link (self->temporary, self->path);
        if (rc && errno == EEXIST)
            return s_copy_exists (self->path);
        if (rc && errno != EPERM && errno != ENOTSUP)
            return imi_error_set ("cannot create %s: %s", self->path, strerror (errno));
        if (rc && access (self->path, F_OK) == 0)
            return s_copy_exists (self->path);
        if (rc && rename (self->temporary, self->path))
            return imi_error_set ("cannot rename %s to %s: %s", self->temporary, self->path,
                                  strerror (errno));
        if (rc == 0)
            unlink (self->temporary);
    }
    self->placed = true;
    return s_sync_folder (self->path);
}

void
imi_store_copy_progress (imi_store_copy_t *self, int *copied, int *total, int64_t *bytes,
                         int *version)
{
    *copied = self->copied;
    *total = self->total;
    *bytes = self->checking? 0: self->bytes;
    *version = self->checking? 0: self->version;
}

void
imi_store_copy_destroy (imi_store_copy_t **self_p)
{
    assert (self_p);
    imi_store_copy_t *self = *self_p;
    if (!self)
        return;
    if (self->checking)
        pthread_join (self->checker, NULL);
    if (self->backup)
        sqlite3_backup_finish (self->backup);
    imi_store_destroy (&self->copy);
    if (self->temporary && self->temporary [0] && !self->placed)
        unlink (self->temporary);
    pthread_mutex_destroy (&self->mutex);
    pthread_cond_destroy (&self->signal);
    free (self->temporary);
    free (self->path);
    free (self);
    *self_p = NULL;
}

//  Test schema: a parent and a child table with a foreign key.
static const imi_migration_t s_test_migrations [] = {
    { 1, "peers", "CREATE TABLE peer (state TEXT PRIMARY KEY NOT NULL)" },
    { 2, "outbox", "CREATE TABLE outbox (id INTEGER PRIMARY KEY,"
                   " state TEXT NOT NULL REFERENCES peer (state));"
                   "CREATE INDEX outbox_state ON outbox (state)" },
    { 3, "seed peers", "INSERT INTO peer (state) VALUES ('AT')" },
    { 4, "broken", "CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1)" }
};

static const char *s_test_insert_peer = "INSERT INTO peer (state) VALUES (?1)";
static const char *s_test_count_peers = "SELECT count(*) FROM peer";

//  Test helper: number of rows in peer.
static int
s_test_peer_count (imi_store_t *store)
{
    int count = -1;
    assert (s_query_int (store, s_test_count_peers, &count) == 0);
    return count;
}

//  Test helper: insert a peer; returns sqlite3_step's result.
static int
s_test_insert (imi_store_t *store, const char *state)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_test_insert_peer);
    assert (statement);
    assert (sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC) == SQLITE_OK);
    return sqlite3_step (statement);
}

//  Test helper: do the bytes of the file at path hold text?
static bool
s_test_file_holds (const char *path, const char *text)
{
    FILE *file = fopen (path, "rb");
    assert (file);
    fseek (file, 0, SEEK_END);
    long size = ftell (file);
    rewind (file);
    char *bytes = malloc ((size_t) size + 1);
    assert (bytes && fread (bytes, 1, (size_t) size, file) == (size_t) size);
    fclose (file);
    bool found = false;
    size_t length = strlen (text);
    for (long at = 0; !found && at + (long) length <= size; at++)
        found = memcmp (bytes + at, text, length) == 0;
    free (bytes);
    return found;
}

//  Test helper: remove path and its WAL companions.
static void
s_test_remove (const char *path)
{
    char companion [300];
    snprintf (companion, sizeof companion, "%s-wal", path);
    unlink (companion);
    snprintf (companion, sizeof companion, "%s-shm", path);
    unlink (companion);
    assert (unlink (path) == 0);
}

//  A batch: its changes kept by one commit, and seen by other connections
//  only then; a change that failed is rolled back alone; a commit that
//  fails keeps nothing.
static void
s_test_batch (imi_store_t *store, const char *path)
{
    imi_store_t *other = imi_store_open_readonly (path);
    assert (other);
    assert (imi_store_exec (store, "CREATE TABLE batched (n INTEGER UNIQUE)") == 0);
    int value = -1;
    assert (imi_store_batch_begin (store) == 0);
    for (int n = 1; n <= 4; n++) {
        char sql [64];
        snprintf (sql, sizeof sql, "INSERT INTO batched VALUES (%d)", n);
        assert (imi_store_begin (store) == 0);
        int rc = imi_store_exec (store, sql);
        assert (rc == 0);
        rc = n == 2? imi_error_malformed ("refused"): 0;
        assert (imi_store_finish (store, rc) == (n == 2? -2: 0));
    }
    assert (s_query_int (other, "SELECT count (*) FROM batched", &value) == 0 && value == 0);
    assert (imi_store_batch_end (store) == 0);
    assert (s_query_int (other, "SELECT count (*) FROM batched", &value) == 0 && value == 3);
    assert (s_query_int (store, "SELECT sum (n) FROM batched", &value) == 0 && value == 8);
    //  Outside a batch, begin and commit are a transaction again
    assert (imi_store_begin (store) == 0 && imi_store_commit (store) == 0);
    //  A commit that fails (a deferred constraint checked at COMMIT) keeps
    //  none of the batch's changes, not even those made before
    assert (imi_store_exec (store, "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                                   "CREATE TABLE child (parent INTEGER REFERENCES parent (id)"
                                   " DEFERRABLE INITIALLY DEFERRED)") == 0);
    assert (imi_store_batch_begin (store) == 0);
    assert (imi_store_begin (store) == 0);
    assert (imi_store_exec (store, "INSERT INTO batched VALUES (5)") == 0);
    assert (imi_store_commit (store) == 0);
    assert (imi_store_begin (store) == 0);
    assert (imi_store_exec (store, "INSERT INTO child VALUES (7)") == 0);
    assert (imi_store_commit (store) == 0);         //  a savepoint's release checks nothing
    assert (imi_store_batch_end (store) == -1);
    assert (strstr (imi_error_last (), "FOREIGN KEY constraint failed"));
    assert (s_query_int (store, "SELECT count (*) FROM batched", &value) == 0 && value == 3);
    assert (s_query_int (store, "SELECT count (*) FROM child", &value) == 0 && value == 0);
    assert (imi_store_exec (store, "DROP TABLE batched; DROP TABLE child; DROP TABLE parent") == 0);
    imi_store_destroy (&other);
}

void
imi_store_test (void)
{
    char dir [] = "/tmp/imi_store_test.XXXXXX";
    assert (mkdtemp (dir));
    char path [256];
    snprintf (path, sizeof path, "%s/node.db", dir);

    //  A new database gets every migration; WAL, FULL sync, foreign keys are on.
    imi_store_t *store = imi_store_open (path, s_test_migrations, 2);
    assert (store);
    int value = -1;
    assert (s_query_int (store, "PRAGMA user_version", &value) == 0 && value == 2);
    sqlite3_stmt *statement = imi_store_statement (store, "PRAGMA journal_mode");
    assert (statement && sqlite3_step (statement) == SQLITE_ROW);
    assert (strcmp ((const char *) sqlite3_column_text (statement, 0), "wal") == 0);
    assert (s_query_int (store, "PRAGMA synchronous", &value) == 0 && value == 2);
    char wal_path [300];
    snprintf (wal_path, sizeof wal_path, "%s-wal", path);
    assert (access (wal_path, F_OK) == 0);
    //  Deleted content leaves the files: zeroed in the database file, and
    //  the WAL (which held the row as written) truncated by a checkpoint.
    assert (s_query_int (store, "PRAGMA secure_delete", &value) == 0 && value == 1);
    assert (imi_store_exec (store, "CREATE TABLE secret (text TEXT)") == 0);
    assert (imi_store_exec (store, "INSERT INTO secret VALUES ('Kowalski wohnt in Berlin')") == 0);
    assert (imi_store_checkpoint (store) == 0);         //  in the database file now
    assert (s_test_file_holds (path, "Kowalski wohnt"));
    assert (imi_store_exec (store, "INSERT INTO secret VALUES ('Nowak wohnt in Lyon')") == 0);
    assert (imi_store_exec (store, "DELETE FROM secret") == 0);
    assert (s_test_file_holds (wal_path, "Nowak wohnt"));    //  the WAL's old page image
    assert (imi_store_checkpoint (store) == 0);
    for (int file = 0; file < 2; file++) {
        assert (!s_test_file_holds (file? wal_path: path, "Kowalski wohnt"));
        assert (!s_test_file_holds (file? wal_path: path, "Nowak wohnt"));
    }
    struct stat wal_stat;
    assert (stat (wal_path, &wal_stat) == 0 && wal_stat.st_size == 0);
    assert (imi_store_exec (store, "DROP TABLE secret") == 0);
    assert (imi_store_exec (store, "INSERT INTO outbox (state) VALUES ('XX')") == -1);
    assert (strstr (imi_error_last (), "FOREIGN KEY constraint failed"));
    //  ... refused data, not a store error: nothing counted.
    for (int kind = 0; kind < IMI_STORE_ERROR_KINDS; kind++)
        assert (imi_store_error_count (store, kind) == 0);
    assert (imi_store_error_age_ms (store) == -1);

    //  Statement cache: the same statement comes back, by pointer or by text,
    //  reset and with its bindings cleared.
    sqlite3_stmt *first = imi_store_statement (store, s_test_insert_peer);
    assert (first);
    char copy [128];
    snprintf (copy, sizeof copy, "%s", s_test_insert_peer);
    assert (imi_store_statement (store, copy) == first);
    assert (imi_store_statement (store, s_test_insert_peer) == first);
    static const char *select_parameter = "SELECT ?1";
    statement = imi_store_statement (store, select_parameter);
    assert (sqlite3_bind_int (statement, 1, 42) == SQLITE_OK);
    assert (sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_int (statement, 0) == 42);
    assert (imi_store_statement (store, select_parameter) == statement);
    assert (sqlite3_step (statement) == SQLITE_ROW);
    assert (sqlite3_column_type (statement, 0) == SQLITE_NULL);
    //  SQL built in one reused buffer: the same pointer, a new text each time.
    char sql [64];
    for (int index = 0; index < 40; index++) {
        snprintf (sql, sizeof sql, "SELECT %d", index);
        statement = imi_store_statement (store, sql);
        assert (statement && sqlite3_step (statement) == SQLITE_ROW);
        assert (sqlite3_column_int (statement, 0) == index);
    }
    assert (imi_store_statement (store, s_test_insert_peer) == first);
    s_test_batch (store, path);
    assert (imi_store_statement (store, "SELEKT 1") == NULL);
    assert (strstr (imi_error_last (), "preparing 'SELEKT 1': near \"SELEKT\": syntax error"));
    assert (imi_store_error_count (store, IMI_STORE_ERROR_OTHER) == 1);
    assert (imi_store_error_age_ms (store) >= 0);

    //  Transactions: a rollback leaves nothing, a commit keeps everything.
    assert (imi_store_begin (store) == 0);
    assert (s_test_insert (store, "DE") == SQLITE_DONE);
    assert (s_test_insert (store, "FR") == SQLITE_DONE);
    assert (s_test_peer_count (store) == 2);
    assert (imi_store_rollback (store) == 0);
    assert (s_test_peer_count (store) == 0);
    assert (imi_store_rollback (store) == 0);
    assert (imi_store_commit (store) == -1);
    assert (strstr (imi_error_last (), "COMMIT: cannot commit - no transaction is active"));
    assert (imi_store_begin (store) == 0);
    assert (imi_store_begin (store) == -1);
    assert (s_test_insert (store, "DE") == SQLITE_DONE);
    assert (s_test_insert (store, "DE") == SQLITE_CONSTRAINT);
    //  The failed statement is still mid-step; commit must not trip on it.
    assert (imi_store_commit (store) == 0);
    assert (s_test_peer_count (store) == 1);
    assert (imi_store_error (store, "testing") == -1);
    assert (strncmp (imi_error_last (), "testing: ", 9) == 0);
    imi_store_destroy (&store);
    imi_store_destroy (&store);
    assert (store == NULL);

    //  Reopen: nothing is re-run (migration 1 would fail if it were), the
    //  data is there; a new migration runs exactly once.
    store = imi_store_open (path, s_test_migrations, 2);
    assert (store);
    assert (s_test_peer_count (store) == 1);
    imi_store_destroy (&store);
    store = imi_store_open (path, s_test_migrations, 3);
    assert (store);
    assert (s_test_peer_count (store) == 2);
    imi_store_destroy (&store);
    store = imi_store_open (path, s_test_migrations, 3);
    assert (store);
    assert (s_test_peer_count (store) == 2);
    assert (s_query_int (store, "PRAGMA user_version", &value) == 0 && value == 3);
    imi_store_destroy (&store);

    //  A database from a newer build is refused, and left as it was.
    assert (imi_store_open (path, s_test_migrations, 2) == NULL);
    assert (strstr (imi_error_last (), path));
    assert (strstr (imi_error_last (), "database schema version 3 is newer than this build (2)"));

    //  A failing migration leaves the database at the version before it,
    //  without the statements of that migration that did succeed.
    assert (imi_store_open (path, s_test_migrations, 4) == NULL);
    assert (strstr (imi_error_last (), "migration 4 (broken): no such table: no_such_table"));
    store = imi_store_open (path, s_test_migrations, 3);
    assert (store);
    assert (s_query_int (store, "PRAGMA user_version", &value) == 0 && value == 3);
    assert (s_query_int (store, "SELECT count(*) FROM sqlite_schema WHERE name = 'half'",
                         &value) == 0 && value == 0);
    assert (imi_store_exec (store, "PRAGMA user_version = -1") == 0);
    imi_store_destroy (&store);
    assert (imi_store_open (path, s_test_migrations, 3) == NULL);
    assert (strstr (imi_error_last (), "schema version -1 is not valid"));

    //  A database that cannot be created names its path.
    char missing [300];
    snprintf (missing, sizeof missing, "%s/no/such/dir/node.db", dir);
    assert (imi_store_open (missing, s_test_migrations, 1) == NULL);
    assert (strstr (imi_error_last (), missing));

    //  A full disk, made by capping the file at the pages it has: counted
    //  as "full", the kind a monitor alerts on.
    char full_path [300];
    snprintf (full_path, sizeof full_path, "%s/full.db", dir);
    store = imi_store_open (full_path, s_test_migrations, 3);
    assert (store);
    assert (imi_store_exec (store, "PRAGMA max_page_count = 1") == 0);
    assert (imi_store_exec (store, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                   " FROM n WHERE i < 20000)"
                                   " INSERT INTO peer SELECT 'p' || i FROM n") == -1);
    assert (strstr (imi_error_last (), "database or disk is full"));
    assert (imi_store_error_count (store, IMI_STORE_ERROR_FULL) == 1);
    assert (imi_store_error_count (store, IMI_STORE_ERROR_OTHER) == 0);
    assert (strcmp (imi_store_error_kind_name (IMI_STORE_ERROR_FULL), "full") == 0);
    assert (strcmp (imi_store_error_kind_name (IMI_STORE_ERROR_CORRUPT), "corrupt") == 0);
    imi_store_destroy (&store);
    s_test_remove (full_path);

    //  A copy made while the store is written between steps holds every
    //  commit, stands alone (no WAL), is 0600, and never replaces a file.
    char copy_path [300], backup_path [300];
    snprintf (copy_path, sizeof copy_path, "%s/copy.db", dir);
    snprintf (backup_path, sizeof backup_path, "%s/backup.db", dir);
    store = imi_store_open (copy_path, s_test_migrations, 3);
    assert (store);
    assert (imi_store_exec (store, "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1"
                                   " FROM n WHERE i < 5000)"
                                   " INSERT INTO peer SELECT 'p' || i FROM n") == 0);
    imi_store_copy_t *backup_copy = imi_store_copy_new (store, backup_path, false);
    assert (backup_copy);
    int rc, steps = 0, copied, total, version;
    int64_t bytes;
    while ((rc = imi_store_copy_step (backup_copy, 4)) == 1) {
        if (++steps == 3)
            assert (s_test_insert (store, "late") == SQLITE_DONE);
        imi_store_copy_progress (backup_copy, &copied, &total, &bytes, &version);
        assert (copied <= total);
    }
    assert (rc == 0 && steps > 3);
    assert (access (backup_path, F_OK) == -1);          //  not there before it is placed
    assert (imi_store_copy_place (backup_copy) == 0);
    imi_store_copy_progress (backup_copy, &copied, &total, &bytes, &version);
    assert (copied == total && version == 3);
    struct stat copy_stat;
    assert (stat (backup_path, &copy_stat) == 0 && (copy_stat.st_mode & 0777) == 0600);
    assert (bytes == copy_stat.st_size);
    imi_store_copy_destroy (&backup_copy);
    imi_store_copy_destroy (&backup_copy);
    assert (backup_copy == NULL);
    FILE *file = fopen (backup_path, "rb");
    unsigned char header [20];
    assert (file && fread (header, 1, sizeof header, file) == sizeof header);
    fclose (file);
    assert (header [18] == 1 && header [19] == 1);      //  a rollback-journal file, not WAL
    imi_store_t *reader = imi_store_open_readonly (backup_path);
    assert (reader);
    assert (s_test_peer_count (reader) == 5002);        //  AT, 5,000, and the late one
    assert (imi_store_version (reader, &version) == 0 && version == 3);
    char findings [512];
    assert (imi_store_check (reader, false, 10, findings, sizeof findings) == 0);
    imi_store_destroy (&reader);
    assert (imi_store_copy_new (store, backup_path, false) == NULL);
    assert (strstr (imi_error_last (), "exists: give a new file's name"));
    //  A file that appears while the backup_copy is made is kept, the backup_copy refused.
    backup_copy = imi_store_copy_new (store, full_path, false);
    while ((rc = imi_store_copy_step (backup_copy, 100)) == 1)
        ;
    assert (rc == 0);
    file = fopen (full_path, "w");
    assert (file && fclose (file) == 0);
    assert (imi_store_copy_place (backup_copy) == -1 && strstr (imi_error_last (), "exists"));
    imi_store_copy_destroy (&backup_copy);
    assert (unlink (full_path) == 0);
    //  Replacing: the database at the path and its -wal and -shm give way,
    //  as a node killed with its last commits in the WAL leaves them.
    char wal_of_copy [320], command [700];
    snprintf (wal_of_copy, sizeof wal_of_copy, "%s-wal", copy_path);
    assert (s_test_insert (store, "lost") == SQLITE_DONE);
    snprintf (command, sizeof command, "cp %s %s.kept", wal_of_copy, wal_of_copy);
    assert (system (command) == 0);
    imi_store_destroy (&store);
    snprintf (command, sizeof command, "mv %s.kept %s", wal_of_copy, wal_of_copy);
    assert (system (command) == 0);
    reader = imi_store_open_readonly (backup_path);
    backup_copy = imi_store_copy_new (reader, copy_path, true);
    assert (backup_copy);
    while ((rc = imi_store_copy_step (backup_copy, 100)) == 1)
        ;
    assert (rc == 0 && imi_store_copy_place (backup_copy) == 0);
    imi_store_copy_destroy (&backup_copy);
    imi_store_destroy (&reader);
    assert (access (wal_of_copy, F_OK) == -1);
    store = imi_store_open (copy_path, s_test_migrations, 3);
    assert (store && s_test_peer_count (store) == 5002);
    imi_store_destroy (&store);
    //  No temporary file is left behind.
    char listing [300];
    snprintf (listing, sizeof listing, "ls %s | grep -q tmp-", dir);
    assert (system (listing) != 0);

    //  Damage is found: a b-tree page overwritten, and a file that is no
    //  database at all.
    reader = imi_store_open_readonly (backup_path);
    int root = 0;
    assert (s_query_int (reader, "SELECT rootpage FROM sqlite_schema WHERE name = 'peer'",
                         &root) == 0 && root > 1);
    int page_size = 0;
    assert (s_query_int (reader, "PRAGMA page_size", &page_size) == 0);
    imi_store_destroy (&reader);
    file = fopen (backup_path, "r+b");
    assert (file && fseek (file, (long) (root - 1) * page_size, SEEK_SET) == 0);
    assert (fwrite ("\377\377\377\377\377\377\377\377", 1, 8, file) == 8 && fclose (file) == 0);
    reader = imi_store_open_readonly (backup_path);
    assert (reader);
    assert (imi_store_check (reader, false, 10, findings, sizeof findings) == 1);
    assert (strlen (findings) > 0);
    imi_store_destroy (&reader);
    file = fopen (backup_path, "wb");
    assert (file && fwrite ("not a database, at all, no", 1, 26, file) == 26);
    for (int index = 0; index < 200; index++)
        fputs ("more bytes that are not a database\n", file);
    fclose (file);
    assert (imi_store_open_readonly (backup_path) == NULL);
    assert (strstr (imi_error_last (), "file is not a database"));
    snprintf (listing, sizeof listing, "%s/none.db", dir);
    assert (imi_store_open_readonly (listing) == NULL);
    assert (strstr (imi_error_last (), listing));
    assert (unlink (backup_path) == 0);
    s_test_remove (copy_path);

    s_test_remove (path);
    assert (rmdir (dir) == 0);
}
