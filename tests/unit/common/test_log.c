/*  Unit test: imi_log (logfmt lines, quoting, levels, file mode and append). */
#include "imi_log.h"
#include <stdio.h>

int
main (void)
{
    imi_log_test ();
    printf ("test_log: OK\n");
    return 0;
}
