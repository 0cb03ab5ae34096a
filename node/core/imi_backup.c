/*  imi_backup: which node a database belongs to, and the restore. See
    imi_backup.h for the contract; the backup itself is the control
    module's long command over imi_store_copy_t.

    The order of a restore is chosen so that a crash at any point leaves a
    node that starts correctly: the copy is made, checked and synced
    beside node.db first (the old database untouched); then the marker is
    written (synced); only then are the old database's -wal and -shm
    removed and the copy renamed over node.db. A crash before the rename
    leaves the old database (without the commits of its -wal, if that was
    removed) with a marker: the repair at the next start puts right what
    it lost, or finds nothing to do. The other order could leave a
    restored database without a marker: links stuck for good, which is
    what the marker is for.
*/
#include "imi_backup.h"
#include "imi_data_dir.h"
#include "imi_error.h"
#include "imi_keys.h"
#include "imi_recovery.h"
#include "imi_schema.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define S_COPY_STEP_PAGES 1024          //  offline: no loop to give way to

static const char *s_key_insert =
    "INSERT INTO node_keys (sign_key, state, first_ms) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (sign_key) DO NOTHING";
static const char *s_other_state =
    "SELECT state FROM node_keys WHERE state <> ?1 LIMIT 1";
static const char *s_owner =
    "SELECT count (*), coalesce (sum (state = ?1), 0),"
    " coalesce (sum (state = ?1 AND sign_key = ?2), 0),"
    " (SELECT state FROM node_keys WHERE state <> ?1 LIMIT 1) FROM node_keys";
static const char *s_has_keys =
    "SELECT count (*) FROM sqlite_schema WHERE type = 'table' AND name = 'node_keys'";

int
imi_backup_record (imi_store_t *store, const char *state,
                   const uint8_t sign_key [IMI_SIGN_PUBLIC_BYTES], int64_t now_ms)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_other_state);
    if (!statement || sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC) != SQLITE_OK)
        return imi_store_error (store, "reading node_keys");
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        char other [8];
        imi_store_column_text (statement, 0, other, sizeof other);
        sqlite3_reset (statement);
        return imi_error_set ("this database belongs to the node of %s, not to this node (%s): "
                              "is data_dir right? (restore this node's own backup with imictl "
                              "restore)", other, state);
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (store, "reading node_keys");
    statement = imi_store_statement (store, s_key_insert);
    if (!statement
    ||  sqlite3_bind_blob (statement, 1, sign_key, IMI_SIGN_PUBLIC_BYTES, SQLITE_STATIC)
    ||  sqlite3_bind_text (statement, 2, state, -1, SQLITE_STATIC)
    ||  sqlite3_bind_int64 (statement, 3, now_ms))
        return imi_store_error (store, "recording the node's key");
    return imi_store_step_done (store, statement, "recording the node's key");
}

//  Is source the database of the node with identity? 0, -2 (not, or it
//  cannot tell: reason set), -1.
static int
s_check_owner (imi_store_t *source, const char *file, const imi_identity_public_t *identity)
{
    sqlite3_stmt *statement = imi_store_statement (source, s_has_keys);
    if (!statement || sqlite3_step (statement) != SQLITE_ROW)
        return imi_store_error (source, "reading the backup's tables");
    bool recorded = sqlite3_column_int (statement, 0) == 1;
    sqlite3_reset (statement);
    if (!recorded)
        return imi_error_malformed ("%s does not record which node it belongs to (a database "
                                    "of a release before backups named their node): restore "
                                    "a backup made with imictl backup", file);
    statement = imi_store_statement (source, s_owner);
    if (!statement
    ||  sqlite3_bind_text (statement, 1, identity->state, -1, SQLITE_STATIC)
    ||  sqlite3_bind_blob (statement, 2, identity->sign_key, IMI_SIGN_PUBLIC_BYTES,
                           SQLITE_STATIC)
    ||  sqlite3_step (statement) != SQLITE_ROW)
        return imi_store_error (source, "reading the backup's node_keys");
    int keys = sqlite3_column_int (statement, 0);
    int of_state = sqlite3_column_int (statement, 1);
    int this_key = sqlite3_column_int (statement, 2);
    char other [8];
    imi_store_column_text (statement, 3, other, sizeof other);
    sqlite3_reset (statement);
    char hex [IMI_SIGN_PUBLIC_BYTES * 2 + 1];
    imi_hex_encode (hex, identity->sign_key, IMI_SIGN_PUBLIC_BYTES);
    if (keys == 0)
        return imi_error_malformed ("%s does not record which node it belongs to (no node ever "
                                    "started on it): restore a backup made with imictl backup",
                                    file);
    if (of_state < keys)
        return imi_error_malformed ("%s is a database of the node of %s, not of this node (%s): "
                                    "restore this node's own backup", file, other,
                                    identity->state);
    if (this_key == 0)
        return imi_error_malformed ("%s is a database of a node of %s that never ran with this "
                                    "node's signing key (%.16s...): it belongs to another "
                                    "installation of %s; restore this node's own backup", file,
                                    identity->state, hex, identity->state);
    return 0;
}

//  Write the marker at path: a temporary file beside it, synced, renamed.
//  0 or -1.
static int
s_marker_write (const char *path, const char *file)
{
    char temporary [IMI_PATH_MAX + 64], when [32];
    snprintf (temporary, sizeof temporary, "%s.tmp-XXXXXX", path);
    time_t now = time (NULL);
    struct tm utc;
    gmtime_r (&now, &utc);
    strftime (when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc);
    int fd = mkstemp (temporary);
    if (fd < 0)
        return imi_error_set ("cannot create %s: %s", temporary, strerror (errno));
    FILE *stream = fdopen (fd, "w");
    int rc = stream && fprintf (stream, "restored %s at %s\n", file, when) > 0
          && fflush (stream) == 0 && fsync (fd) == 0? 0: -1;
    if (rc)
        imi_error_set ("cannot write %s: %s", temporary, strerror (errno));
    if (stream)
        fclose (stream);
    else
        close (fd);
    if (rc == 0 && rename (temporary, path))
        rc = imi_error_set ("cannot rename %s to %s: %s", temporary, path, strerror (errno));
    if (rc)
        unlink (temporary);
    return rc;
}

//  The restore, with the lock held: check file, copy it, mark, place.
static int
s_restore (const imi_identity_public_t *identity, imi_backup_restored_t *restored)
{
    imi_store_t *source = imi_store_open_readonly (restored->file);
    if (!source)
        return -2;
    char findings [512];
    int version = 0;
    int rc = imi_store_check (source, false, 8, findings, sizeof findings);
    if (rc == 1)
        rc = imi_error_malformed ("%s is damaged (SQLite integrity_check: %s): restore another "
                                  "backup", restored->file, findings);
    if (rc == 0)
        rc = imi_store_version (source, &version);
    if (rc == 0 && version > imi_schema_version ())
        rc = imi_error_malformed ("%s has schema version %d, newer than this build (%d): a later "
                                  "release wrote it; restore it with that release, or restore "
                                  "a backup taken before the upgrade", restored->file, version,
                                  imi_schema_version ());
    if (rc == 0)
        rc = s_check_owner (source, restored->file, identity);
    imi_store_copy_t *copy = rc? NULL: imi_store_copy_new (source, restored->database, true);
    if (rc == 0 && !copy)
        rc = -1;
    while (copy && (rc = imi_store_copy_step (copy, S_COPY_STEP_PAGES)) == 1)
        ;
    //  A failure to place the copy leaves the marker: harmless with the old
    //  database (see above), and the copy may be in place already (renamed,
    //  the folder not synced)
    if (rc == 0)
        rc = s_marker_write (restored->marker, restored->file);
    if (rc == 0)
        rc = imi_store_copy_place (copy);
    if (rc == 0) {
        int copied, total;
        imi_store_copy_progress (copy, &copied, &total, &restored->bytes, &restored->version);
    }
    imi_store_copy_destroy (&copy);
    imi_store_destroy (&source);
    return rc;
}

int
imi_backup_restore (const imi_settings_t *settings, const char *file,
                    imi_backup_restored_t *restored)
{
    memset (restored, 0, sizeof *restored);
    char *absolute = realpath (file, NULL);
    if (!absolute)
        return imi_error_malformed ("cannot read %s: %s", file, strerror (errno));
    snprintf (restored->file, sizeof restored->file, "%s", absolute);
    free (absolute);
    snprintf (restored->database, sizeof restored->database, "%s/node.db", settings->data_dir);
    snprintf (restored->marker, sizeof restored->marker, "%s/%s", settings->data_dir,
              IMI_RECOVERY_MARKER);
    char path [IMI_PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/identity.pub", settings->data_dir);
    imi_identity_public_t identity;
    if (imi_identity_public_load (path, &identity))
        return imi_error_wrap ("restoring needs this node's identity (imictl init, or the "
                               "identity files from where they are kept)");
    if (strcmp (identity.state, settings->state) != 0)
        return imi_error_set ("the identity in %s is for %s, but the config says state = %s",
                              settings->data_dir, identity.state, settings->state);
    if (imi_data_dir_as_owner (settings->data_dir))
        return -1;
    int lock = imi_data_dir_lock (settings->data_dir);
    if (lock < 0)
        return imi_error_wrap ("cannot restore while the node runs: stop it first (imictl "
                               "stop)");
    int rc = s_restore (&identity, restored);
    close (lock);
    return rc;
}
