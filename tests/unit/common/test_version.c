/*  Unit test: imi_version (the line every program prints for --version). */
#include "imi_version.h"
#include <stdio.h>

int
main (void)
{
    imi_version_test ();
    printf ("test_version: OK\n");
    return 0;
}
