/*  Unit test: authorities as JSON (parsing, validation, round trip). */
#include "imi_authority_json.h"
#include <stdio.h>

int
main (void)
{
    imi_authority_json_test ();
    printf ("test_authority_json: OK\n");
    return 0;
}
