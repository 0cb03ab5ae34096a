/*  Unit test: imi_body_directory (the cases live in imi_body_directory_test, CZMQ style). */
#include "imi_body_directory.h"
#include "imi_crypto.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_body_directory_test ();
    printf ("test_body_directory: OK\n");
    return 0;
}
