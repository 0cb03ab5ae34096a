/*  Unit test: imi_body_notification (the cases live in imi_body_notification_test). */
#include "imi_body_notification.h"
#include "imi_crypto.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_body_notification_test ();
    printf ("test_body_notification: OK\n");
    return 0;
}
