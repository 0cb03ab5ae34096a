/*  imictl_store: the node's database: backup, restore, integrity-check.

    backup asks the running node, which copies its database online
    (a long command, node/control). restore works offline, like init: with
    the node stopped, from -c CONFIG (imi_backup). integrity-check reads
    the database itself, read-only, while the node runs or not: SQLite's
    WAL lets a reader see the last commit without stopping the writer, and
    the node's loop never waits for the check.
*/
#include "imictl_internal.h"
#include "imi_backup.h"
#include "imi_data_dir.h"
#include "imi_error.h"
#include "imi_lines.h"
#include "imi_settings.h"
#include "imi_store.h"

#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_FINDINGS_MAX 100              //  integrity_check stops after so many

static int
s_backup (imictl_options_t *options)
{
    if (options->argc != 1)
        return imictl_fail ("usage: imictl [-c CONFIG] backup FILE");
    //  The node writes the file: give it an absolute path
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "backup");
    char *path = options->argv [0][0] != '/'? realpath (".", NULL): NULL;
    if (path)
        zmsg_addstrf (request, "%s/%s", path, options->argv [0]);
    else
        zmsg_addstr (request, options->argv [0]);
    free (path);
    return imictl_call_data (options, &request, imictl_render_pairs);
}

//  The node's settings, from -c CONFIG (offline commands need its data_dir).
static int
s_settings (imictl_options_t *options, const char *usage, imi_settings_t *settings)
{
    if (!options->config)
        return imictl_fail ("%s (-c CONFIG: the node's config file)", usage);
    if (imi_settings_load (settings, options->config))
        return imictl_fail ("%s", imi_error_last ());
    return 0;
}

static int
s_restore (imictl_options_t *options)
{
    static const char *usage = "usage: imictl -c CONFIG restore FILE";
    if (options->argc != 1)
        return imictl_fail ("%s", usage);
    imi_settings_t settings;
    if (s_settings (options, usage, &settings))
        return 1;
    imi_backup_restored_t restored;
    if (imi_backup_restore (&settings, options->argv [0], &restored))
        return imictl_fail ("%s", imi_error_last ());
    zlist_t *lines = zlist_new ();
    zlist_autofree (lines);
    imi_lines_add (lines, "restored\t%s", restored.file);
    imi_lines_add (lines, "into\t%s", restored.database);
    imi_lines_add (lines, "bytes\t%lld", (long long) restored.bytes);
    imi_lines_add (lines, "schema_version\t%d", restored.version);
    imi_lines_add (lines, "marker\t%s", restored.marker);
    imictl_print_lines (options, lines);
    zlist_destroy (&lines);
    if (!options->raw)
        printf ("start the node: it repairs its links with its peers at its next start\n");
    return 0;
}

static int
s_integrity_check (imictl_options_t *options)
{
    static const char *usage = "usage: imictl -c CONFIG integrity-check, or imictl "
                               "integrity-check FILE";
    if (options->argc > 1)
        return imictl_fail ("%s", usage);
    char path [IMI_PATH_MAX + 16];
    if (options->argc == 1)
        snprintf (path, sizeof path, "%s", options->argv [0]);
    else {
        imi_settings_t settings;
        if (s_settings (options, usage, &settings))
            return 1;
        //  SQLite may create the -shm and -wal of a database in WAL mode
        if (imi_data_dir_as_owner (settings.data_dir))
            return imictl_fail ("%s", imi_error_last ());
        snprintf (path, sizeof path, "%s/node.db", settings.data_dir);
    }
    imi_store_t *store = imi_store_open_readonly (path);
    if (!store)
        return imictl_fail ("%s", imi_error_last ());
    char *findings = malloc (S_FINDINGS_MAX * 256);
    int rc = findings? imi_store_check (store, false, S_FINDINGS_MAX, findings,
                                        S_FINDINGS_MAX * 256)
                     : imi_error_set ("out of memory");
    imi_store_destroy (&store);
    if (rc == 0)
        printf ("ok\n");
    else
    if (rc == 1) {
        printf ("%s\n", findings);
        imictl_fail ("%s is damaged: restore a backup (docs/operating.md, \"Backup and "
                     "restore\")", path);
    }
    else
        imictl_fail ("%s: %s", path, imi_error_last ());
    free (findings);
    return rc? 1: 0;
}

const imictl_command_t imictl_store_commands [] = {
    { "backup", s_backup, "backup FILE: the running node copies its database into FILE, a "
      "new file (online, consistent, checked)" },
    { "restore", s_restore, "restore FILE: with the node stopped, replace its database by the "
      "backup in FILE (-c CONFIG)" },
    { "integrity-check", s_integrity_check, "integrity-check [FILE]: check the node's database "
      "(or FILE), while the node runs or not; ok, or what is damaged" },
    { NULL, NULL, NULL }
};
