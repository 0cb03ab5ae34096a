/*  Unit test: imi_crypto and imi_error (known answers, round trips, tampering). */
#include "imi_crypto.h"
#include "imi_error.h"
#include <stdio.h>

int
main (void)
{
    imi_error_test ();
    imi_crypto_test ();
    printf ("test_crypto: OK\n");
    return 0;
}
