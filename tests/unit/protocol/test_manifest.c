/*  Unit test: imi_manifest (the cases live in imi_manifest_test, CZMQ style). */
#include "imi_crypto.h"
#include "imi_manifest.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_manifest_test ();
    printf ("test_manifest: OK\n");
    return 0;
}
