/*  Unit test: imi_body_case (the cases live in imi_body_case_test, CZMQ style). */
#include "imi_body_case.h"
#include "imi_crypto.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_body_case_test ();
    printf ("test_body_case: OK\n");
    return 0;
}
