/*  imi_data_dir: the node's data directory, kept to the node's user.

    data_dir holds the identity's secret key and the database: cases with
    their personal data, users, sessions, the audit log. Before the node
    opens anything in it, imi_data_dir_secure makes sure no other local user
    can read those files or swap them:
      - the folder is created 0700 if missing; an existing one must be owned
        by the node's user and not writable by group or others, or the node
        refuses to start with the command that fixes it (as identity.key is
        refused when others can read it);
      - the files the node keeps there (node.db and its -wal and -shm, the
        lock, the accepted manifest) that group or others can read, as
        versions before this check made node.db (0644), are set to 0600 and
        each change is logged (data_dir.mode_fixed): the data was already
        there, refusing would only stop the node without protecting it;
      - node.db is created 0600 before SQLite opens it, so its -wal and -shm
        files, which SQLite creates with the database's mode, are 0600 too.
    imi-node also runs with umask 077, so whatever else it creates (the
    control socket, an audit export) is its user's only.

    One process at a time works on a data_dir: the node while it runs, or
    `imictl restore` while it replaces the database. Each holds an
    exclusive flock on data_dir/node.lock (imi_data_dir_lock); the kernel
    releases it when the process ends, however it ends.
*/
#ifndef IMI_DATA_DIR_H
#define IMI_DATA_DIR_H

//  Create or check dir as above. 0, or -1 with a reason that says how to
//  fix it.
int imi_data_dir_secure (const char *dir) __attribute__ ((warn_unused_result));

//  For a program other than the node that works on dir's files (imictl
//  restore, integrity-check): 0 if this process runs as dir's owner, or -1
//  with a reason naming the user to run it as (files it made would not be
//  the node's, and the node could not open them).
int imi_data_dir_as_owner (const char *dir) __attribute__ ((warn_unused_result));

//  Take dir's lock without waiting: a descriptor to close() to release it,
//  or -1 with a reason if another process holds it (a node runs there).
int imi_data_dir_lock (const char *dir) __attribute__ ((warn_unused_result));

#endif
