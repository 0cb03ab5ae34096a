/*  Unit test: imi_settings (the daemon's config table) and imi_counters. */
#include "imi_counters.h"
#include "imi_settings.h"
#include <stdio.h>

int
main (void)
{
    imi_settings_test ();
    imi_counters_test ();
    printf ("test_settings: OK\n");
    return 0;
}
