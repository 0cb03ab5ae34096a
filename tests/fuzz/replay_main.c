/*  Replays a fuzz corpus without libFuzzer: feeds every file in the directory
    argv[1] to LLVMFuzzerTestOneInput. ctest runs it in the normal and the
    sanitizer builds, so every sample ever found stays a regression test.
    Fails if the directory cannot be read or holds no samples.
*/
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "imi_crypto.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

//  Read a whole file; NULL if it cannot be read.
static uint8_t *
s_read (const char *path, size_t *size)
{
    FILE *file = fopen (path, "rb");
    if (!file)
        return NULL;
    uint8_t *data = NULL;
    struct stat info;
    if (fstat (fileno (file), &info) == 0 && info.st_size >= 0) {
        *size = (size_t) info.st_size;
        data = (uint8_t *) malloc (*size? *size: 1);
        if (data && fread (data, 1, *size, file) != *size) {
            free (data);
            data = NULL;
        }
    }
    fclose (file);
    return data;
}

int
main (int argc, char *argv [])
{
    if (argc != 2) {
        fprintf (stderr, "usage: %s corpus-directory\n", argv [0]);
        return 2;
    }
    if (imi_crypto_init () != 0)
        return 1;
    DIR *directory = opendir (argv [1]);
    if (!directory) {
        fprintf (stderr, "%s: cannot read %s\n", argv [0], argv [1]);
        return 1;
    }
    size_t samples = 0;
    int rc = 0;
    struct dirent *entry;
    while ((entry = readdir (directory))) {
        char path [4096];
        snprintf (path, sizeof path, "%s/%s", argv [1], entry->d_name);
        struct stat info;
        if (stat (path, &info) != 0 || !S_ISREG (info.st_mode))
            continue;
        size_t size = 0;
        uint8_t *data = s_read (path, &size);
        if (!data) {
            fprintf (stderr, "%s: cannot read %s\n", argv [0], path);
            rc = 1;
            continue;
        }
        LLVMFuzzerTestOneInput (data, size);
        free (data);
        samples++;
    }
    closedir (directory);
    if (samples == 0) {
        fprintf (stderr, "%s: no samples in %s\n", argv [0], argv [1]);
        return 1;
    }
    printf ("%s: %zu samples replayed\n", argv [0], samples);
    return rc;
}
