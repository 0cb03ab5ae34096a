/*  imi_page: a page of a list in a data command's result (docs/http.md,
    "Results are data"): {"items": [...], "next_cursor": "..." | null}.
    A list is never cut silently: a page holds at most limit items, and
    next_cursor, given back as the request's cursor, asks for the next
    one; it is null on the last page.

    A list in a fixed order (newest first) uses a keyset cursor: the sort
    key of the page's last item, a time in ms and an id ("MS.ID"); the next
    page starts after it, whatever was added or removed meanwhile. A list
    in an order of its own (a search's ranking) uses an offset. Either way
    the cursor is opaque to clients.
*/
#ifndef IMI_PAGE_H
#define IMI_PAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_PAGE_LIMIT_DEFAULT  100     //  every list of every command: one rule
#define IMI_PAGE_LIMIT_MAX      1000
#define IMI_PAGE_ID_MAX         63      //  an id in a keyset cursor, at most

//  A new, empty page (NULL out of memory). Its items are
//  json_object_get (page, "items").
json_t *imi_page_new (void);

//  The limit option's value, 1..IMI_PAGE_LIMIT_MAX. 0 or -2.
int imi_page_limit (const char *text, long *limit);

//  A keyset cursor into *ms and id. 0 or -2 ("not a cursor of this list").
int imi_page_keyset (const char *cursor, int64_t *ms, char id [IMI_PAGE_ID_MAX + 1]);

//  An offset cursor into *offset. 0 or -2.
int imi_page_offset (const char *cursor, long *offset);

//  Set the page's next_cursor: after the item of sort key ms and id, or at
//  offset. 0, or -1 out of memory.
int imi_page_next_keyset (json_t *page, int64_t ms, const char *id);
int imi_page_next_offset (json_t *page, long offset);
//  ... or after the item whose unique sort key is key (a list in the order
//  of a key of its own: users by name, API keys by id).
int imi_page_next_key (json_t *page, const char *key);

void imi_page_test (bool verbose);

#endif
