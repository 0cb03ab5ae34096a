/*  imi-node: the Federated IMI daemon of one member state.

    Usage: imi-node [--recover] CONFIG | --version
    Reads the config file, loads identity, database and manifest, and runs
    until SIGINT or SIGTERM (or `imictl stop`). Logs one line per notable event;
    SIGHUP reopens the log file (logrotate moved it away).
*/
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_modules.h"
#include "imi_node.h"
#include "imi_settings.h"
#include "imi_version.h"

#include <czmq.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int
main (int argc, char *argv [])
{
    bool recover = argc == 3 && strcmp (argv [1], "--recover") == 0;
    bool help = argc == 2 && (strcmp (argv [1], "--help") == 0 || strcmp (argv [1], "-h") == 0);
    if (help || (argc != 2 && !recover)) {
        fprintf (stderr, "usage: imi-node [--recover] CONFIG | --version\n"
                         "Runs the Federated IMI node described by the config file CONFIG.\n"
                         "--recover: the database was lost or restored from a backup: repair\n"
                         "every link from what the peers hold (docs/operating.md).\n");
        return help? 0: 2;
    }
    if (argc == 2 && strcmp (argv [1], "--version") == 0)
        return imi_version_print ("imi-node");
    const char *config = argv [argc - 1];
    //  Whatever the node creates (database, socket, log, exports) holds
    //  personal data or leads to it: its user's only (see imi_data_dir.h).
    umask (077);
    if (imi_crypto_init ()) {
        fprintf (stderr, "imi-node: %s\n", imi_error_last ());
        return 1;
    }
    imi_settings_t settings;
    if (imi_settings_load (&settings, config)) {
        fprintf (stderr, "imi-node: %s\n", imi_error_last ());
        return 1;
    }
    settings.recover = recover;
    imi_log_level_t level;
    if (imi_log_level_parse (settings.log_level, &level) == 0)
        imi_log_set_level (level);
    if (imi_log_open (*settings.log_file? settings.log_file: NULL, settings.state)) {
        fprintf (stderr, "imi-node: %s\n", imi_error_last ());
        return 1;
    }
    //  CZMQ's own SIGINT/SIGTERM handler sets zsys_interrupted, which the
    //  loop checks after every wait; keep its logs quiet. SIGHUP likewise
    //  only sets a flag, and the loop reopens the log (imi_log.h).
    zsys_init ();
    zsys_set_logstream (NULL);
    struct sigaction hangup = { .sa_handler = imi_log_hangup };
    sigemptyset (&hangup.sa_mask);
    sigaction (SIGHUP, &hangup, NULL);
    imi_node_t *node = imi_node_new (&settings, imi_modules);
    if (!node) {
        imi_log (IMI_LOG_ERROR, "node.failed", "detail=\"%s\"", imi_error_last ());
        fprintf (stderr, "imi-node: %s\n", imi_error_last ());
        imi_log_close ();
        return 1;
    }
    int rc = imi_node_run (node);
    imi_node_destroy (&node);
    imi_log (IMI_LOG_INFO, "node.stopped", "state=%s", settings.state);
    imi_log_close ();
    return rc == 0? 0: 1;
}
