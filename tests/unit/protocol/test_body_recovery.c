/*  Unit test: imi_body_recovery (the cases live in imi_body_recovery_test, CZMQ style). */
#include "imi_crypto.h"
#include "imi_body_recovery.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_body_recovery_test ();
    printf ("test_body_recovery: OK\n");
    return 0;
}
