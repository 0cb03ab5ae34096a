/*  imi_backup: the node's database copied out and put back.

    A backup (`imictl backup FILE`) is made by the running node, in steps
    between turns of its loop (imi_store_copy_t, driven by the control
    module's long command). A restore (`imictl restore FILE`) runs with the
    node stopped, holding the data directory's lock, and puts FILE in
    place of node.db only if it is sound (integrity_check), not newer than
    this build, and this node's own.

    "This node's own": the database records which node it belongs to, in
    node_keys (migration 14): the node writes its state and signing key
    there at every start (imi_backup_record), so a database holds each key
    the node has started with, and refuses to start on a database of
    another state. A restore takes a database that names this node's state
    and its current signing key.

    A restored database is behind what the peers hold for this node: the
    restore leaves the marker file data_dir/recovery.pending (mode 0600, one
    line: "restored FILE at YYYY-MM-DDTHH:MM:SSZ", FILE the absolute path,
    the time UTC), written before the database is replaced, so that no
    restored database is ever without it. The node repairs its links with
    its peers at its next start when it finds the marker (imi_recovery,
    which names the file: IMI_RECOVERY_MARKER; docs/delivery.md).
*/
#ifndef IMI_BACKUP_H
#define IMI_BACKUP_H

#include "imi_settings.h"
#include "imi_store.h"

#include <stdint.h>

//  At start, outside a transaction: record that the node of state with sign_key
//  uses store (at start). 0, or -1 if the database records another state
//  (reason set: it is not this node's database).
int imi_backup_record (imi_store_t *store, const char *state,
                       const uint8_t sign_key [IMI_SIGN_PUBLIC_BYTES], int64_t now_ms)
    __attribute__ ((warn_unused_result));

//  What a restore did.
typedef struct {
    char file [IMI_PATH_MAX];               //  FILE, as an absolute path
    char database [IMI_PATH_MAX + 16];      //  data_dir/node.db
    char marker [IMI_PATH_MAX + 32];        //  data_dir/recovery.pending
    int64_t bytes;                          //  the database's size
    int version;                            //  its schema version
} imi_backup_restored_t;

//  Replace the node.db of settings' data_dir by a copy of the database in
//  file, with the node stopped (its lock held throughout), and leave the
//  marker. 0; -2 if file is refused (damaged, newer, another node's: the
//  reason says which and what to do), data_dir unchanged; -1 on another
//  failure (the marker may be left, node.db is the old or the new one).
int imi_backup_restore (const imi_settings_t *settings, const char *file,
                        imi_backup_restored_t *restored) __attribute__ ((warn_unused_result));

#endif
