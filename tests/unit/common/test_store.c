/*  Unit test: imi_store (WAL, migrations, newer-schema refusal, statement cache). */
#include "imi_store.h"
#include <stdio.h>

int
main (void)
{
    imi_store_test ();
    printf ("test_store: OK\n");
    return 0;
}
