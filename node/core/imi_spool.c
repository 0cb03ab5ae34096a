/*  imi_spool: the folder of attachments on their way between the HTTP
    server and the node (see imi_spool.h).
*/
#include "imi_spool.h"
#include "imi_error.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  data_dir/spool, or data_dir/spool/name, into path. false if it does
//  not fit.
static bool
s_path (const char *data_dir, const char *name, char *path, size_t size)
{
    int length = snprintf (path, size, "%s/spool%s%s", data_dir, name? "/": "", name? name: "");
    return length > 0 && (size_t) length < size;
}

int
imi_spool_prepare (const char *data_dir, size_t *removed)
{
    char path [4096];
    if (!s_path (data_dir, NULL, path, sizeof path))
        return imi_error_set ("the spool folder's path is too long");
    if (mkdir (path, 0700) && errno != EEXIST)
        return imi_error_set ("cannot create %s: %s", path, strerror (errno));
    struct stat status;
    if (lstat (path, &status) || !S_ISDIR (status.st_mode) || status.st_uid != geteuid ())
        return imi_error_set ("%s is not a folder of this node's user", path);
    if ((status.st_mode & 07777) != 0700 && chmod (path, 0700))
        return imi_error_set ("cannot make %s private (chmod 700): %s", path, strerror (errno));
    DIR *folder = opendir (path);
    if (!folder)
        return imi_error_set ("cannot read %s: %s", path, strerror (errno));
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir (folder)))
        if (strcmp (entry->d_name, ".") && strcmp (entry->d_name, "..")
        &&  unlinkat (dirfd (folder), entry->d_name, 0) == 0)
            count++;
    closedir (folder);
    if (removed)
        *removed = count;
    return 0;
}

bool
imi_spool_name_valid (const char *name)
{
    return name && strlen (name) == IMI_SPOOL_NAME_HEX
        && strspn (name, "0123456789abcdef") == IMI_SPOOL_NAME_HEX;
}

int
imi_spool_create (const char *data_dir, char name [IMI_SPOOL_NAME_SIZE])
{
    uint8_t random [IMI_SPOOL_NAME_HEX / 2];
    randombytes_buf (random, sizeof random);
    sodium_bin2hex (name, IMI_SPOOL_NAME_SIZE, random, sizeof random);
    char path [4096];
    if (!s_path (data_dir, name, path, sizeof path))
        return imi_error_set ("the spool folder's path is too long");
    int fd = open (path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return imi_error_set ("cannot create a file in the spool folder: %s", strerror (errno));
    return fd;
}

int
imi_spool_open (const char *data_dir, const char *name, int flags)
{
    assert (!(flags & O_CREAT));
    if (!imi_spool_name_valid (name))
        return imi_error_malformed ("'%.40s' is not a spool file's name (%d hex digits)",
                                    name? name: "", IMI_SPOOL_NAME_HEX);
    char path [4096];
    if (!s_path (data_dir, name, path, sizeof path))
        return imi_error_set ("the spool folder's path is too long");
    int fd = open (path, flags | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return imi_error_set ("cannot open spool file %s: %s", name, strerror (errno));
    return fd;
}

void
imi_spool_remove (const char *data_dir, const char *name)
{
    char path [4096];
    if (imi_spool_name_valid (name) && s_path (data_dir, name, path, sizeof path))
        unlink (path);
}

//  Write size bytes of data to fd (writing), or read them from it, all of
//  them. 0, or -1 with the reason.
static int
s_transfer (int fd, uint8_t *data, size_t size, bool writing)
{
    while (size) {
        ssize_t done = writing? write (fd, data, size): read (fd, data, size);
        if (done < 0 && errno == EINTR)
            continue;
        if (done <= 0)
            return imi_error_set ("cannot %s the spool folder: %s",
                                  writing? "write to": "read from",
                                  done < 0? strerror (errno): "the file is shorter");
        data += done;
        size -= (size_t) done;
    }
    return 0;
}

int
imi_spool_write (int fd, const uint8_t *data, size_t size)
{
    return s_transfer (fd, (uint8_t *) data, size, true);
}

int
imi_spool_read (int fd, uint8_t *data, size_t size)
{
    return s_transfer (fd, data, size, false);
}

void
imi_spool_test (bool verbose)
{
    if (verbose)
        printf (" * imi_spool: ");
    assert (sodium_init () >= 0);
    char folder [] = "/tmp/imi-spool-XXXXXX", path [4096], name [IMI_SPOOL_NAME_SIZE];
    assert (mkdtemp (folder));
    //  Made 0700, and emptied of what a run before left
    assert (imi_spool_prepare (folder, NULL) == 0);
    snprintf (path, sizeof path, "%s/spool/left-over", folder);
    FILE *file = fopen (path, "w");
    assert (file && fclose (file) == 0);
    size_t removed = 0;
    assert (imi_spool_prepare (folder, &removed) == 0 && removed == 1);
    struct stat status;
    snprintf (path, sizeof path, "%s/spool", folder);
    assert (stat (path, &status) == 0 && (status.st_mode & 07777) == 0700);
    assert (access (path, F_OK) == 0);
    //  A file made, written, read back, removed
    int fd = imi_spool_create (folder, name);
    assert (fd >= 0 && imi_spool_name_valid (name));
    assert (fstat (fd, &status) == 0 && (status.st_mode & 07777) == 0600);
    assert (imi_spool_write (fd, (const uint8_t *) "content", 7) == 0);
    close (fd);
    uint8_t back [8] = { 0 };
    fd = imi_spool_open (folder, name, O_RDONLY);
    assert (fd >= 0 && imi_spool_read (fd, back, 7) == 0 && memcmp (back, "content", 7) == 0);
    assert (imi_spool_read (fd, back, 1) == -1);        //  no more than there is
    close (fd);
    imi_spool_remove (folder, name);
    assert (imi_spool_open (folder, name, O_RDONLY) == -1);     //  gone, and not made again
    //  Only names of the spool's form: nothing else becomes a path
    const char *bad [] = { "", "..", "../node.db", "0123456789abcdef0123456789abcde/",
                           "0123456789abcdef0123456789abcdeF", "0123456789abcdef0123456789abcde",
                           "0123456789abcdef0123456789abcdef0", "/etc/passwd" };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++)
        assert (!imi_spool_name_valid (bad [index])
             && imi_spool_open (folder, bad [index], O_RDONLY) == -2);
    assert (imi_spool_name_valid ("0123456789abcdef0123456789abcdef"));
    //  A symbolic link is not followed
    snprintf (path, sizeof path, "%s/spool/0123456789abcdef0123456789abcdef", folder);
    assert (symlink ("/etc/hostname", path) == 0);
    assert (imi_spool_open (folder, "0123456789abcdef0123456789abcdef", O_RDONLY) == -1);
    assert (imi_spool_prepare (folder, &removed) == 0 && removed == 1);
    snprintf (path, sizeof path, "%s/spool", folder);
    assert (rmdir (path) == 0 && rmdir (folder) == 0);
    if (verbose)
        printf ("OK\n");
}
