/*  Unit test: imi_envelope (the cases live in imi_envelope_test, CZMQ style). */
#include "imi_crypto.h"
#include "imi_envelope.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_envelope_test ();
    printf ("test_envelope: OK\n");
    return 0;
}
