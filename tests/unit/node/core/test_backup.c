/*  Unit test: imi_backup. A database records each signing key its node
    starts with and refuses another state; a restore takes only this node's
    own sound database, never while the lock is held, and leaves the
    marker; a refused one changes nothing.
*/
#include "imi_backup.h"
#include "imi_data_dir.h"
#include "imi_error.h"
#include "imi_keys.h"
#include "imi_recovery.h"
#include "imi_schema.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  A copy of store's database at path, made as `imictl backup` makes it.
static void
s_backup (imi_store_t *store, const char *path)
{
    imi_store_copy_t *copy = imi_store_copy_new (store, path, false);
    assert (copy);
    int rc;
    while ((rc = imi_store_copy_step (copy, 64)) == 1)
        ;
    assert (rc == 0 && imi_store_copy_place (copy) == 0);
    imi_store_copy_destroy (&copy);
}

static int
s_count (imi_store_t *store, const char *sql)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    assert (statement && sqlite3_step (statement) == SQLITE_ROW);
    int count = sqlite3_column_int (statement, 0);
    sqlite3_reset (statement);
    return count;
}

int
main (void)
{
    assert (imi_crypto_init () == 0);
    char dir [] = "/tmp/imi_backup_test.XXXXXX";
    assert (mkdtemp (dir));
    imi_settings_t settings;
    memset (&settings, 0, sizeof settings);
    snprintf (settings.state, sizeof settings.state, "DE");
    snprintf (settings.data_dir, sizeof settings.data_dir, "%s/data", dir);
    assert (imi_identity_generate (settings.data_dir, "DE") == 0);
    char path [IMI_PATH_MAX + 64], backup [IMI_PATH_MAX + 64], other [IMI_PATH_MAX + 64];
    snprintf (path, sizeof path, "%s/identity.pub", settings.data_dir);
    imi_identity_public_t identity;
    assert (imi_identity_public_load (path, &identity) == 0);
    uint8_t rotated [IMI_SIGN_PUBLIC_BYTES];
    memcpy (rotated, identity.sign_key, sizeof rotated);
    rotated [0] ^= 1;

    //  The node's database records its keys, once each; another state is refused.
    snprintf (path, sizeof path, "%s/node.db", settings.data_dir);
    imi_store_t *store = imi_schema_open (path);
    assert (store);
    assert (imi_backup_record (store, "DE", identity.sign_key, 1000) == 0);
    assert (imi_backup_record (store, "DE", identity.sign_key, 2000) == 0);
    assert (imi_backup_record (store, "DE", rotated, 3000) == 0);
    assert (s_count (store, "SELECT count(*) FROM node_keys") == 2);
    assert (s_count (store, "SELECT first_ms FROM node_keys ORDER BY first_ms LIMIT 1") == 1000);
    assert (imi_backup_record (store, "FR", identity.sign_key, 4000) == -1);
    assert (strstr (imi_error_last (), "belongs to the node of DE, not to this node (FR)"));
    snprintf (backup, sizeof backup, "%s/de.db", dir);
    s_backup (store, backup);
    imi_store_destroy (&store);

    //  Another state's database, and one that names no node.
    snprintf (other, sizeof other, "%s/fr.db", dir);
    store = imi_schema_open (other);
    assert (store && imi_backup_record (store, "FR", rotated, 1000) == 0);
    imi_store_destroy (&store);
    imi_backup_restored_t restored;
    assert (imi_backup_restore (&settings, other, &restored) == -2);
    assert (strstr (imi_error_last (), "is a database of the node of FR, not of this node (DE)"));
    snprintf (other, sizeof other, "%s/none.db", dir);
    store = imi_schema_open (other);
    imi_store_destroy (&store);
    assert (imi_backup_restore (&settings, other, &restored) == -2);
    assert (strstr (imi_error_last (), "does not record which node it belongs to"));

    //  Not while the node's lock is held: the node runs.
    int lock = imi_data_dir_lock (settings.data_dir);
    assert (lock >= 0);
    assert (imi_data_dir_lock (settings.data_dir) == -1);
    assert (imi_backup_restore (&settings, backup, &restored) == -1);
    assert (strstr (imi_error_last (), "cannot restore while the node runs: stop it first"));
    char marker [IMI_PATH_MAX + 64];
    snprintf (marker, sizeof marker, "%s/%s", settings.data_dir, IMI_RECOVERY_MARKER);
    assert (access (marker, F_OK) == -1);
    close (lock);

    //  With the node stopped: node.db replaced, the marker left.
    store = imi_schema_open (path);
    assert (store && imi_store_exec (store, "DELETE FROM node_keys WHERE first_ms = 3000") == 0);
    imi_store_destroy (&store);
    assert (imi_backup_restore (&settings, backup, &restored) == 0);
    assert (restored.version == imi_schema_version () && restored.bytes > 0);
    assert (strcmp (restored.database, path) == 0 && strcmp (restored.marker, marker) == 0);
    struct stat status;
    assert (stat (marker, &status) == 0 && (status.st_mode & 0777) == 0600);
    FILE *file = fopen (marker, "r");
    char line [IMI_PATH_MAX + 128], expected [IMI_PATH_MAX + 128];
    assert (file && fgets (line, sizeof line, file) && !fgets (expected, 2, file));
    fclose (file);
    snprintf (expected, sizeof expected, "restored %s at 2", backup);
    assert (strncmp (line, expected, strlen (expected)) == 0);
    assert (strlen (line) == strlen (expected) - 1 + strlen ("2026-12-07T09:12:44Z\n"));
    store = imi_schema_open (path);
    assert (store && s_count (store, "SELECT count(*) FROM node_keys") == 2);
    imi_store_destroy (&store);

    char command [IMI_PATH_MAX + 16];
    snprintf (command, sizeof command, "rm -r %.64s", dir);
    assert (system (command) == 0);
    printf ("test_backup: ok\n");
    return 0;
}
