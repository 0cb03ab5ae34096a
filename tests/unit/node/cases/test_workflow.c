/*  Unit test: imi_workflow, the information request transition table and
    the merge of the two sides' events. */
#include "imi_workflow.h"
#include <stdio.h>

int
main (void)
{
    imi_workflow_test ();
    printf ("test_workflow: OK\n");
    return 0;
}
