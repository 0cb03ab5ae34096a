/*  imi_page: a page of a list in a data command's result. See imi_page.h. */
#include "imi_page.h"
#include "imi_error.h"

#include <assert.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *
imi_page_new (void)
{
    return json_pack ("{s:[], s:n}", "items", "next_cursor");
}

int
imi_page_limit (const char *text, long *limit)
{
    char *end;
    long value = strtol (text, &end, 10);
    if (!*text || *end || value < 1 || value > IMI_PAGE_LIMIT_MAX)
        return imi_error_malformed ("limit is a number from 1 to %d, not '%.40s'",
                                    IMI_PAGE_LIMIT_MAX, text);
    *limit = value;
    return 0;
}

static int
s_not_a_cursor (const char *cursor)
{
    return imi_error_malformed ("'%.40s' is not a cursor of this list (give back a "
                                "next_cursor as it came)", cursor);
}

int
imi_page_keyset (const char *cursor, int64_t *ms, char id [IMI_PAGE_ID_MAX + 1])
{
    char *end;
    long long value = strtoll (cursor, &end, 10);
    if (end == cursor || *end != '.' || value < 0 || !end [1]
    ||  strlen (end + 1) > IMI_PAGE_ID_MAX || strspn (cursor, "0123456789") != (size_t) (end - cursor))
        return s_not_a_cursor (cursor);
    *ms = value;
    snprintf (id, IMI_PAGE_ID_MAX + 1, "%s", end + 1);
    return 0;
}

int
imi_page_offset (const char *cursor, long *offset)
{
    char *end;
    long value = strtol (cursor, &end, 10);
    if (!*cursor || *end || value < 0 || strspn (cursor, "0123456789") != strlen (cursor))
        return s_not_a_cursor (cursor);
    *offset = value;
    return 0;
}

static int
s_next (json_t *page, char *cursor)
{
    int rc = cursor && json_object_set_new (page, "next_cursor", json_string (cursor)) == 0
           ? 0: imi_error_set ("out of memory");
    free (cursor);
    return rc;
}

int
imi_page_next_keyset (json_t *page, int64_t ms, const char *id)
{
    char *cursor = NULL;
    return s_next (page, asprintf (&cursor, "%" PRId64 ".%s", ms, id) < 0? NULL: cursor);
}

int
imi_page_next_key (json_t *page, const char *key)
{
    return s_next (page, strdup (key));
}

int
imi_page_next_offset (json_t *page, long offset)
{
    char *cursor = NULL;
    return s_next (page, asprintf (&cursor, "%ld", offset) < 0? NULL: cursor);
}

void
imi_page_test (bool verbose)
{
    if (verbose)
        printf (" * imi_page: ");
    json_t *page = imi_page_new ();
    assert (json_array_size (json_object_get (page, "items")) == 0);
    assert (json_is_null (json_object_get (page, "next_cursor")));
    //  A keyset cursor goes round
    assert (imi_page_next_keyset (page, 1733580000123, "DE-0123456789abcdef") == 0);
    const char *cursor = json_string_value (json_object_get (page, "next_cursor"));
    assert (strcmp (cursor, "1733580000123.DE-0123456789abcdef") == 0);
    int64_t ms;
    char id [IMI_PAGE_ID_MAX + 1];
    assert (imi_page_keyset (cursor, &ms, id) == 0);
    assert (ms == 1733580000123 && strcmp (id, "DE-0123456789abcdef") == 0);
    //  An offset cursor too
    long offset;
    assert (imi_page_next_offset (page, 100) == 0);
    assert (imi_page_offset (json_string_value (json_object_get (page, "next_cursor")),
                             &offset) == 0 && offset == 100);
    json_decref (page);
    //  Anything else is refused
    static const char *bad [] = { "", ".", "12", "12.", ".DE-1", "-5.DE-1", "+5.DE-1", "x.DE-1",
                                  " 5.DE-1", "5.DE-1234567890123456789012345678901234567890123456"
                                  "789012345678901" };     //  an id of 64 characters
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++)
        assert (imi_page_keyset (bad [index], &ms, id) == -2);
    static const char *bad_offsets [] = { "", "-1", "1x", " 1", "+1", "1.DE" };
    for (size_t index = 0; index < sizeof bad_offsets / sizeof bad_offsets [0]; index++)
        assert (imi_page_offset (bad_offsets [index], &offset) == -2);
    long limit;
    assert (imi_page_limit ("1", &limit) == 0 && limit == 1);
    assert (imi_page_limit ("1000", &limit) == 0 && limit == 1000);
    assert (imi_page_limit ("0", &limit) == -2 && imi_page_limit ("1001", &limit) == -2);
    assert (imi_page_limit ("", &limit) == -2 && imi_page_limit ("5x", &limit) == -2);
    if (verbose)
        printf ("OK\n");
}
