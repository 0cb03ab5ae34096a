/*  Unit test: imi_oidc (the ID token's checks, with tokens Rhonabwy signs;
    the page a sign-in returns to; the client secret's file). */
#include "imi_oidc.h"
#include <stdio.h>

int
main (void)
{
    imi_oidc_test ();
    printf ("test_oidc: OK\n");
    return 0;
}
