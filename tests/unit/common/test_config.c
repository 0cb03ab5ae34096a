/*  Unit test: imi_config (format, errors by line, integers, paths, unknown keys). */
#include "imi_config.h"
#include <stdio.h>

int
main (void)
{
    imi_config_test ();
    printf ("test_config: OK\n");
    return 0;
}
