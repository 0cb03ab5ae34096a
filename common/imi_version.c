/*  imi_version: the release and source revision. See imi_version.h.

    IMI_VERSION comes from CMakeLists.txt (project VERSION); IMI_REVISION from
    the header cmake/imi_revision.cmake writes at every build, which only
    this file includes, so a new commit recompiles one file and relinks.
*/
#include "imi_version.h"
#include "imi_revision.h"

#include <assert.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

const char *
imi_version (void)
{
    return IMI_VERSION " (" IMI_REVISION ")";
}

const char *
imi_version_release (void)
{
    return IMI_VERSION;
}

const char *
imi_version_revision (void)
{
    return IMI_REVISION;
}

int
imi_version_print (const char *program)
{
    printf ("%s %s\n", program, imi_version ());
    return fflush (stdout) == 0 && !ferror (stdout)? 0: 1;
}

void
imi_version_test (void)
{
    //  "MAJOR.MINOR.PATCH (REVISION)", the revision non-empty, no spaces
    const char *version = imi_version ();
    const char *cursor = version;
    for (int part = 0; part < 3; part++) {
        assert (isdigit ((unsigned char) *cursor));
        while (isdigit ((unsigned char) *cursor))
            cursor++;
        assert (*cursor++ == (part < 2? '.': ' '));
    }
    assert (*cursor++ == '(');
    size_t length = strlen (cursor);
    assert (length >= 2 && cursor [length - 1] == ')');
    assert (strcspn (cursor, " ") == length);
    assert (strncmp (version, IMI_VERSION " ", strlen (IMI_VERSION) + 1) == 0);
}
