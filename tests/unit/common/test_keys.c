/*  Unit test: imi_keys (identity and governance key files, modes, mismatches). */
#include "imi_keys.h"
#include <stdio.h>

int
main (void)
{
    imi_keys_test ();
    printf ("test_keys: OK\n");
    return 0;
}
