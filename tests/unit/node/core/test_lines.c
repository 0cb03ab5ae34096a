/*  test_lines: imi_lines_json writes the bytes jansson's json_dumps writes
    with JSON_COMPACT | JSON_PRESERVE_ORDER, refuses what it refuses (a
    string that is not UTF-8, a value that is not an object or an array),
    and the times' two forms.
*/
#include "imi_lines.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
s_same (json_t *value)
{
    char *ours = imi_lines_json (value);
    char *theirs = json_dumps (value, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (!ours || !theirs || strcmp (ours, theirs) != 0) {
        fprintf (stderr, "ours:    %s\ntheirs:  %s\n", ours? ours: "(null)",
                 theirs? theirs: "(null)");
        assert (false);
    }
    free (ours);
    free (theirs);
    json_decref (value);
}

static void
s_refused (json_t *value)
{
    assert (value);
    assert (!json_dumps (value, JSON_COMPACT | JSON_PRESERVE_ORDER));
    assert (!imi_lines_json (value));
    json_decref (value);
}

static void
s_test_json (void)
{
    s_same (json_object ());
    s_same (json_array ());
    s_same (json_pack ("{s:s, s:I, s:I, s:f, s:f, s:f, s:b, s:b, s:n, s:[], s:{}}",
                       "zeta", "first set, written first", "count", (json_int_t) -42,
                       "big", (json_int_t) 9007199254740993LL, "rate", 100.0, "tiny", 1e-7,
                       "third", 1.0 / 3, "yes", 1, "no", 0, "none", "empty", "nothing"));
    //  Every control character, the two that are always escaped, DEL, a
    //  slash (not escaped), and UTF-8 of 2, 3 and 4 bytes kept as it is
    char controls [40];
    for (int byte = 1; byte < 0x20; byte++)
        controls [byte - 1] = (char) byte;
    memcpy (controls + 31, "\"\\/\x7f", 5);
    s_same (json_pack ("[s, s, s, s]", controls, "Rückmeldung ÉÉ", "漢字 €", "𝄞 U+1D11E"));
    s_same (json_pack ("[s#]", "a\0b", (int) 3));               //  a NUL inside: \u0000
    s_same (json_pack ("{s:{s:[{s:s}, [[]]]}, s:s}", "a", "b", "c", "d", "e", "f", "g"));
    json_t *keys = json_object ();
    json_object_set_new (keys, "ключ\n\"", json_string ("value"));
    json_object_set_new (keys, "", json_string (""));
    s_same (keys);
    //  Not UTF-8 (jansson's unchecked strings): an overlong form, a
    //  surrogate, past U+10FFFF, a lone continuation byte, a cut sequence
    const char *broken [] = { "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\x80",
                              "ab\xE2\x82" };
    for (size_t index = 0; index < sizeof broken / sizeof broken [0]; index++) {
        json_t *array = json_array ();
        json_array_append_new (array, json_stringn_nocheck (broken [index],
                                                            strlen (broken [index])));
        s_refused (array);
    }
    json_t *scalar = json_string ("alone");
    assert (!imi_lines_json (scalar));          //  as json_dumps without JSON_ENCODE_ANY
    json_decref (scalar);
}

static void
s_test_times (void)
{
    char text [32];
    imi_lines_time (1796685275310LL, text);
    assert (strcmp (text, "2026-12-07 23:14:35 UTC") == 0);
    imi_lines_time_data (1796685275310LL, text);
    assert (strcmp (text, "2026-12-07T23:14:35Z") == 0);
}

int
main (void)
{
    s_test_json ();
    s_test_times ();
    printf ("test_lines: OK\n");
    return 0;
}
