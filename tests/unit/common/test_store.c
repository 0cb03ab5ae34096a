/*  Unit test: imi_store (WAL, migrations, newer-schema refusal, statement cache, copies
    under writes, read-only opening, integrity checks of a damaged file). */
#include "imi_store.h"
#include <stdio.h>

int
main (void)
{
    imi_store_test ();
    printf ("test_store: OK\n");
    return 0;
}
