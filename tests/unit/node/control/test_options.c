/*  Unit test: imi_options, the values of control command options. */
#include "imi_error.h"
#include "imi_options.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

int
main (void)
{
    char out [8];
    assert (imi_option_copy (out, sizeof out, "FR:cnom", "to") == 0 && strcmp (out, "FR:cnom") == 0);
    assert (imi_option_copy (out, sizeof out, "FR:cnom1", "to") == -2);
    assert (strstr (imi_error_last (), "to 'FR:cnom1...' is too long (at most 7 bytes)"));
    assert (imi_option_copy (out, sizeof out, "", "to") == -2);
    assert (strstr (imi_error_last (), "to is empty"));
    bool value = false;
    assert (imi_option_yes_no ("translate", "yes", &value) == 0 && value);
    assert (imi_option_yes_no ("translate", "no", &value) == 0 && !value);
    assert (imi_option_yes_no ("timely", "positive", &value) == -2);
    assert (strstr (imi_error_last (), "timely is yes or no, not 'positive'"));
    assert (imi_option_yes_no ("timely", "", &value) == -2);
    printf ("test_options: OK\n");
    return 0;
}
