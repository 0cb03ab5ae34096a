/*  imi_data_dir: the data directory kept to the node's user. See
    imi_data_dir.h for what is checked and why.
*/
#include "imi_data_dir.h"
#include "imi_error.h"
#include "imi_log.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

//  The files the node keeps in data_dir (identity.key is checked, and
//  refused, where it is loaded; identity.pub is public).
static const struct {
    const char *name;
    bool create;                //  create it 0600 if missing
} s_files [] = {
    { "node.db", true },        //  before SQLite: its -wal and -shm take this mode
    { "node.db-wal", false },
    { "node.db-shm", false },
    { "node.lock", false },
    { "manifest.imi", false },
};

//  A user's name for a message, or "uid N".
static const char *
s_user_name (uid_t uid, char *buffer, size_t size)
{
    struct passwd *entry = getpwuid (uid);
    if (entry)
        snprintf (buffer, size, "%s", entry->pw_name);
    else
        snprintf (buffer, size, "uid %u", (unsigned) uid);
    return buffer;
}

//  Set dir/name to 0600 if group or others may read or write it; create it
//  0600 if create and missing. A symbolic link is left alone (its target
//  may not be ours to change). 0 or -1.
static int
s_file_private (const char *dir, const char *name, bool create)
{
    char path [4096];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    if (create) {
        int fd = open (path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0 && errno != ELOOP)
            return imi_error_set ("cannot create %s: %s", path, strerror (errno));
        if (fd >= 0)
            close (fd);
    }
    struct stat status;
    if (lstat (path, &status)) {
        if (errno == ENOENT)
            return 0;
        return imi_error_set ("cannot stat %s: %s", path, strerror (errno));
    }
    if (!S_ISREG (status.st_mode) || (status.st_mode & 077) == 0)
        return 0;
    if (chmod (path, 0600))
        return imi_error_set ("%s is readable by group or others (mode %04o) and cannot be "
                              "made private: %s; run chmod 600 %s", path,
                              (unsigned) (status.st_mode & 07777), strerror (errno), path);
    imi_log (IMI_LOG_WARN, "data_dir.mode_fixed", "path=%s was=%04o now=0600", path,
             (unsigned) (status.st_mode & 07777));
    return 0;
}

int
imi_data_dir_secure (const char *dir)
{
    if (mkdir (dir, 0700) && errno != EEXIST)
        return imi_error_set ("cannot create data_dir %s: %s", dir, strerror (errno));
    struct stat status;
    if (stat (dir, &status))
        return imi_error_set ("cannot stat data_dir %s: %s", dir, strerror (errno));
    if (!S_ISDIR (status.st_mode))
        return imi_error_set ("data_dir %s is not a folder", dir);
    uid_t user = geteuid ();
    char owner [64], self [64];
    if (status.st_uid != user)
        return imi_error_set ("data_dir %s is owned by %s, not by this node's user %s: another "
                              "user could swap its files; run chown -R %s %s (or run the node "
                              "as its owner)", dir, s_user_name (status.st_uid, owner,
                              sizeof owner), s_user_name (user, self, sizeof self), self, dir);
    if (status.st_mode & 022)
        return imi_error_set ("data_dir %s is writable by group or others (mode %04o): they "
                              "could replace the node's database and keys; run chmod 700 %s",
                              dir, (unsigned) (status.st_mode & 07777), dir);
    for (size_t index = 0; index < sizeof s_files / sizeof s_files [0]; index++)
        if (s_file_private (dir, s_files [index].name, s_files [index].create))
            return -1;
    return 0;
}

int
imi_data_dir_lock (const char *dir)
{
    char path [4096];
    snprintf (path, sizeof path, "%s/node.lock", dir);
    int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return imi_error_set ("cannot open %s: %s", path, strerror (errno));
    if (flock (fd, LOCK_EX | LOCK_NB)) {
        close (fd);
        return imi_error_set ("another imi-node is running with data_dir %s (%s is locked)", dir,
                              path);
    }
    return fd;
}

int
imi_data_dir_as_owner (const char *dir)
{
    struct stat status;
    if (stat (dir, &status))
        return imi_error_set ("cannot stat data_dir %s: %s", dir, strerror (errno));
    char owner [64], self [64];
    if (status.st_uid != geteuid ())
        return imi_error_set ("data_dir %s belongs to %s: run this as %s (e.g. sudo -u %s "
                              "imictl ...), not as %s", dir,
                              s_user_name (status.st_uid, owner, sizeof owner), owner, owner,
                              s_user_name (geteuid (), self, sizeof self));
    return 0;
}
