/*  Unit test: imi_body_alert (the cases live in imi_body_alert_test, CZMQ style). */
#include "imi_body_alert.h"
#include "imi_crypto.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_body_alert_test ();
    printf ("test_body_alert: OK\n");
    return 0;
}
