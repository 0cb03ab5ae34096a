/*  Unit test: imi_catalogue, against the real data/catalogue files (the
    ones the node ships) and broken copies of its own making. */
#include "imi_catalogue.h"
#include <stdio.h>

int
main (void)
{
    imi_catalogue_test (IMI_SOURCE_CATALOGUE_DIR);
    printf ("test_catalogue: OK\n");
    return 0;
}
