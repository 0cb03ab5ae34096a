/*  Unit test: imi_body_delivery (the cases live in imi_body_delivery_test, CZMQ style). */
#include "imi_crypto.h"
#include "imi_body_delivery.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_body_delivery_test ();
    printf ("test_body_delivery: OK\n");
    return 0;
}
