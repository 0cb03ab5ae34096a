/*  Unit test: imi_spool, the folder of attachments between the HTTP server
    and the node. */
#include "imi_spool.h"

int
main (void)
{
    imi_spool_test (true);
    return 0;
}
