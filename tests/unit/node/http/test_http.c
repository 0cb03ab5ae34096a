/*  Unit test: imi_http (the HTTP API's address, limits, CSRF token, routes). */
#include "imi_http.h"
#include <stdio.h>

int
main (void)
{
    imi_http_test ();
    printf ("test_http: OK\n");
    return 0;
}
