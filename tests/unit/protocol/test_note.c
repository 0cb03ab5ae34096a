/*  Unit test: imi_note (the cases live in imi_note_test, CZMQ style). */
#include "imi_crypto.h"
#include "imi_note.h"

#include <stdio.h>

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    imi_note_test ();
    printf ("test_note: OK\n");
    return 0;
}
