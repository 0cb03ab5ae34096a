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

    //  Option pairs: in any order, absent ones NULL; an unknown name, a
    //  name twice, a name without value are refused and leave nothing.
    static const char *const names [] = { "authority", "cursor", "limit" };
    char *values [3];
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, "limit");
    zmsg_addstr (request, "5");
    zmsg_addstr (request, "authority");
    zmsg_addstr (request, "DE:bafa");
    assert (imi_options_take (request, names, values, 3) == 0);
    assert (strcmp (values [0], "DE:bafa") == 0 && !values [1] && strcmp (values [2], "5") == 0);
    imi_options_free (values, 3);
    assert (!values [0] && !values [2]);
    const char *refused [][5] = {
        { "offset", "5", NULL, NULL, "unknown option 'offset'" },
        { "limit", "5", "limit", "6", "option limit given twice" },
        { "cursor", NULL, NULL, NULL, "option cursor has no value" },
    };
    for (size_t index = 0; index < 3; index++) {
        for (size_t frame = 0; frame < 4 && refused [index][frame]; frame++)
            zmsg_addstr (request, refused [index][frame]);
        assert (imi_options_take (request, names, values, 3) == -2);
        assert (strcmp (imi_error_last (), refused [index][4]) == 0);
        assert (!values [0] && !values [1] && !values [2]);
        zframe_t *left;
        while ((left = zmsg_pop (request)))
            zframe_destroy (&left);
    }
    zmsg_destroy (&request);
    printf ("test_options: OK\n");
    return 0;
}
