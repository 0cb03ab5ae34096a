/*  Unit test: imi_web (the web application's paths, file kinds, ETags, and
    what a folder serves: its files, no folder, no link leaving it). */
#include "imi_web.h"
#include <stdio.h>

int
main (void)
{
    imi_web_test ();
    printf ("test_web: OK\n");
    return 0;
}
