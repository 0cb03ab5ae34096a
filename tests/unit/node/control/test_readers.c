/*  Unit test: imi_readers, the queue the HTTP API's readers share (its
    order, a read not begun by its deadline, waited-for requests given up,
    the stop with requests queued, two readers at once). */
#include "imi_readers.h"
#include <stdio.h>

int
main (void)
{
    imi_readers_test ();
    printf ("test_readers: OK\n");
    return 0;
}
