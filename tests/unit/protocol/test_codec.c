/*  Unit test: imi_codec (the cases live in imi_codec_test, CZMQ style). */
#include "imi_crypto.h"
#include "imi_codec.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_codec_test ();
    printf ("test_codec: OK\n");
    return 0;
}
