/*  Unit test: imi_translate (the Apertium mode graph and its paths, the
    cache of translations, child processes with deadlines). */
#include "imi_crypto.h"
#include "imi_translate.h"
#include <stdio.h>

int
main (void)
{
    assert (imi_crypto_init () == 0);
    imi_translate_test (false);
    printf ("test_translate: OK\n");
    return 0;
}
