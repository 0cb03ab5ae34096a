/*  imi_spool: the folder data_dir/spool, where an attachment waits on disk
    between the node's HTTP server and the loop or a reader, so that no
    HTTP thread holds a file's content in memory (docs/http.md, "Files up"
    and "Files down").

    Each file there has a random name of IMI_SPOOL_NAME_HEX lowercase hex
    digits and mode 0600 (the folder: 0700); a name in any other form (a
    '/', "..", a capital) is refused before any path is made of it, and a
    file is opened with O_NOFOLLOW. The HTTP server makes every file (one
    per file part of a form as it arrives, one per download before it asks
    for it) and removes it when its exchange ends, whatever happened; the
    answerer of a download only fills the file it is given (it never
    creates one, so an answer that comes after the server gave up leaves
    nothing behind). The files hold personal data: imi_spool_prepare
    empties the folder at every start, of what a crash left.
*/
#ifndef IMI_SPOOL_H
#define IMI_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_SPOOL_NAME_HEX  32                      //  digits of a spool file's name
#define IMI_SPOOL_NAME_SIZE (IMI_SPOOL_NAME_HEX + 1)

//  Create data_dir/spool (0700) if missing and remove every file in it;
//  *removed (if not NULL) says how many. 0, or -1 with the reason (also if
//  it is not a folder of this user's).
int imi_spool_prepare (const char *data_dir, size_t *removed)
    __attribute__ ((warn_unused_result));

//  Make a new empty spool file with a random name, written into name:
//  its descriptor (the caller's to close), open for reading and writing,
//  or -1 with the reason.
int imi_spool_create (const char *data_dir, char name [IMI_SPOOL_NAME_SIZE])
    __attribute__ ((warn_unused_result));

//  Is name a spool file's name (IMI_SPOOL_NAME_HEX lowercase hex digits)?
bool imi_spool_name_valid (const char *name);

//  Open the existing spool file name with flags (O_RDONLY, or O_WRONLY and
//  maybe O_TRUNC; never O_CREAT): its descriptor (the caller's), -2 if
//  name is not a spool file's name, or -1 with the reason.
int imi_spool_open (const char *data_dir, const char *name, int flags)
    __attribute__ ((warn_unused_result));

//  Remove the spool file name, if it is there.
void imi_spool_remove (const char *data_dir, const char *name);

//  Write size bytes of data to fd, all of them. 0, or -1 with the reason
//  (the disk is full, ...).
int imi_spool_write (int fd, const uint8_t *data, size_t size)
    __attribute__ ((warn_unused_result));

//  Read exactly size bytes from fd into data. 0, or -1 with the reason.
int imi_spool_read (int fd, uint8_t *data, size_t size) __attribute__ ((warn_unused_result));

void imi_spool_test (bool verbose);

#endif
