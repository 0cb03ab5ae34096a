/*  Unit test: imi_page, a page of a list in a data command's result. */
#include "imi_page.h"

#include <stdio.h>

int
main (void)
{
    imi_page_test (true);
    return 0;
}
