/*  Unit test: imi_body_audit, the audit log's leaves and the witnessing
    bodies. */
#include "imi_body_audit.h"
#include <stdio.h>

int
main (void)
{
    imi_body_audit_test ();
    printf ("test_body_audit: OK\n");
    return 0;
}
