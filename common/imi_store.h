/*  imi_store: the node's SQLite database.

    One file, opened in WAL mode with synchronous=FULL (everything in it is,
    or may become, a promise made to a peer: a receipt, an outbox entry, later
    the audit log), foreign keys on, a busy timeout. The schema is a numbered
    list of migrations owned by the caller; the store applies those above
    PRAGMA user_version, each in its own transaction, at open.

    Prepared statements are cached by SQL text pointer: callers keep their SQL
    in static const strings, one place per module, and call imi_store_statement
    each time; the statement comes back reset and with bindings cleared.

    Throughput comes from grouping: a caller that handles a batch of messages
    wraps them in one imi_store_begin/commit, paying one fsync per batch.

    Copies (imi_store_copy_t): a database copied into a new file with
    SQLite's online backup API, a few hundred pages a step while its store
    stays in use, then checked and made durable in a thread of its own and
    put in place in one rename: `imictl backup` and `imictl restore`.
*/
#ifndef IMI_STORE_H
#define IMI_STORE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _imi_store_t imi_store_t;

typedef struct {
    int version;                //  1, 2, 3, ... in order, never reused
    const char *description;    //  one line, for the log
    const char *sql;            //  statements to run, separated by ';'
} imi_migration_t;

//  Open (creating if needed) the database at path and apply pending
//  migrations. Refuses a database whose user_version is above the last
//  migration (made by a newer build). NULL on failure, with a reason.
imi_store_t *imi_store_open (const char *path, const imi_migration_t *migrations,
                             size_t migration_count);

//  Open the database at path read-only, as it is: no migration, no
//  setting changed, nothing written (a node may be using it: WAL lets a
//  reader see its last commit). For checking a database or copying it.
//  NULL on failure, with a reason.
imi_store_t *imi_store_open_readonly (const char *path);

//  Was self opened read-only? Code that would write on such a connection
//  refuses with IMI_ERROR_WRITER instead (the node's readers, imi_readers).
bool imi_store_readonly (imi_store_t *self);

//  Close; safe to call twice; sets *self_p to NULL.
void imi_store_destroy (imi_store_t **self_p);

//  The raw handle, for sqlite3_* calls on statements from imi_store_statement.
sqlite3 *imi_store_db (imi_store_t *self);

//  Cached prepared statement for sql (compared by pointer, then text), reset
//  and unbound. NULL on failure with the SQLite message as reason.
sqlite3_stmt *imi_store_statement (imi_store_t *self, const char *sql);

//  Transactions: begin (IMMEDIATE), commit, rollback. 0 or -1. Within a
//  batch they are a savepoint, its release and its rollback.
int imi_store_begin (imi_store_t *self);
int imi_store_commit (imi_store_t *self);
int imi_store_rollback (imi_store_t *self);

//  A batch: one transaction around several changes, each made as if alone
//  (begin, then commit or rollback: its savepoint), committed at the end in
//  one commit, one fsync; a change that fails rolls back alone. The
//  caller must not say any change is done before the batch ends. 0 or -1.
int imi_store_batch_begin (imi_store_t *self);

//  Commit the batch; if that fails (or SQLite rolled it back by itself
//  after an error) nothing of it is kept. 0 or -1 with the reason.
int imi_store_batch_end (imi_store_t *self);

//  End a transaction whose work returned rc: commit if rc is 0, else roll
//  back keeping rc's reason. 0; -2 or -1 as rc was; -1 if the commit failed.
int imi_store_finish (imi_store_t *self, int rc);

//  Copy text column of the current row into out (size bytes, always
//  NUL-terminated; NULL reads as ""). False if it was NULL or did not fit
//  (then cut), for callers that treat that as a corrupt row.
bool imi_store_column_text (sqlite3_stmt *statement, int column, char *out, size_t size);

//  Step a statement that returns no row (INSERT, UPDATE, ...) and reset it.
//  0, or -1 with "<what>: <sqlite message>".
int imi_store_step_done (imi_store_t *self, sqlite3_stmt *statement, const char *what);

//  Make deleted data leave the disk: copy the WAL into the database file
//  and truncate the WAL to nothing (deleted content is zeroed as it is
//  deleted: secure_delete). Call it between uses of statements: it resets
//  every cached one. 0, 1 if another connection's reader kept it from
//  finishing (the next checkpoint finishes it), -1.
int imi_store_checkpoint (imi_store_t *self);

//  Run sql without results (e.g. a one-off UPDATE). 0 or -1.
int imi_store_exec (imi_store_t *self, const char *sql);

//  Set the reason to "<what>: <sqlite message>" and return -1. Every
//  SQLite failure of the node passes here, so this is where store errors
//  are counted, by kind (below).
int imi_store_error (imi_store_t *self, const char *what);

//  Kinds of store error, from SQLite's primary result code: the disk is
//  full, the database is busy or locked by another process, the file
//  system failed (I/O, cannot open, read-only), the file is corrupt or not
//  a database, anything else. A constraint violation is not counted: the
//  data was refused, the store works.
typedef enum {
    IMI_STORE_ERROR_FULL,
    IMI_STORE_ERROR_BUSY,
    IMI_STORE_ERROR_IO,
    IMI_STORE_ERROR_CORRUPT,
    IMI_STORE_ERROR_OTHER,
    IMI_STORE_ERROR_KINDS
} imi_store_error_kind_t;

//  "full", "busy", "io", "corrupt", "other".
const char *imi_store_error_kind_name (imi_store_error_kind_t kind);

//  How many errors of kind since the store was opened.
uint64_t imi_store_error_count (imi_store_t *self, imi_store_error_kind_t kind);

//  Milliseconds since the last counted error (monotonic clock), or -1 if none.
int64_t imi_store_error_age_ms (imi_store_t *self);

//  The database's schema version (PRAGMA user_version). 0 or -1.
int imi_store_version (imi_store_t *self, int *version);

//  Read the whole database and check it: PRAGMA integrity_check, or with
//  quick PRAGMA quick_check (every page, without checking indexes against
//  their tables), stopping after limit findings. 0 sound; 1 damaged, with
//  SQLite's findings in findings (size bytes, cut if longer; one per line);
//  -1 if it cannot be read for another reason than damage (reason set).
int imi_store_check (imi_store_t *self, bool quick, int limit, char *findings, size_t size);

typedef struct _imi_store_copy_t imi_store_copy_t;

//  Begin copying source's database into a new file at path: a temporary
//  file beside it (mode 0600), filled by SQLite's online backup API while
//  source stays in use (what source's own connection writes between steps
//  goes into the copy too). Refuses an existing path unless replace. NULL
//  on failure, with a reason.
imi_store_copy_t *imi_store_copy_new (imi_store_t *source, const char *path, bool replace);

//  The next step: copy up to pages pages; once all are, check the copy
//  (quick_check) and write it to disk (fsync) in a thread of its own, as
//  both read the whole file; a step while that runs waits for it at most
//  10 ms. 1 more to do; 0 the copy is sound and durable, for
//  imi_store_copy_place; -1 failed (reason set).
int imi_store_copy_step (imi_store_copy_t *self, int pages);

//  Put the finished copy at path in one step (a hard link, or a rename)
//  and make that durable (the folder fsynced). Without replace, a file
//  that appeared at path meanwhile is kept and the copy refused (link(2)
//  says so; where the file system has no hard links, a look before a
//  rename). With replace, the -wal and -shm files of the database it
//  replaces are removed first: SQLite would replay that log into the
//  copy. 0 or -1.
int imi_store_copy_place (imi_store_copy_t *self);

//  Pages copied so far and in all; once checked, the copy's size in bytes
//  and schema version (else 0).
void imi_store_copy_progress (imi_store_copy_t *self, int *copied, int *total,
                              int64_t *bytes, int *version);

//  Stop (waiting for the check if it runs), remove the temporary file
//  unless placed, free. Safe to call twice; sets *self_p to NULL.
void imi_store_copy_destroy (imi_store_copy_t **self_p);

void imi_store_test (void);

#endif
