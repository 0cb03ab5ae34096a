/*  test_case_view: the case lists read a page from an index, in the list's
    order, whatever the number of cases: no table scan, no sort. Before
    migration 21 every page scanned all the node's cases and sorted them.
    A page of a case's timeline likewise reads only its own events, in the
    merged order (migration 22); before, every read decoded them all.
*/
#include "imi_cases_internal.h"
#include "imi_schema.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

//  Every step of statement's plan as one text, "|"-separated.
static void
s_plan (imi_store_t *store, const char *sql, char *plan, size_t size)
{
    char explain [2048];
    snprintf (explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *statement = imi_store_statement (store, explain);
    assert (statement);
    *plan = 0;
    while (sqlite3_step (statement) == SQLITE_ROW) {
        size_t used = strlen (plan);
        snprintf (plan + used, size - used, "%s|",
                  (const char *) sqlite3_column_text (statement, 3));
    }
    sqlite3_reset (statement);
}

int
main (void)
{
    char folder [] = "/tmp/imi-test-case-view-XXXXXX";
    assert (mkdtemp (folder));
    char path [64];
    snprintf (path, sizeof path, "%s/node.db", folder);
    imi_store_t *store = imi_schema_open (path);
    assert (store);
    size_t count = 0;
    for (const char *const *sql = imi_case_list_queries; *sql; sql++, count++) {
        char plan [1024];
        s_plan (store, *sql, plan, sizeof plan);
        printf ("%s\n", plan);
        assert (strncmp (plan, "SEARCH cases USING ", 19) == 0);
        assert (!strstr (plan, "SCAN"));
        assert (!strstr (plan, "TEMP B-TREE"));
    }
    assert (count == 3);
    count = 0;
    for (const char *const *sql = imi_case_page_queries; *sql; sql++, count++) {
        char plan [1024];
        s_plan (store, *sql, plan, sizeof plan);
        printf ("%s\n", plan);
        assert (strncmp (plan, "SEARCH case_events USING COVERING INDEX case_events_by_position",
                         62) == 0
             || strncmp (plan, "SEARCH case_events USING INDEX case_events_by_position", 54) == 0);
        assert (!strstr (plan, "SCAN"));
        assert (!strstr (plan, "TEMP B-TREE"));
    }
    assert (count == 2);
    imi_store_destroy (&store);
    char file [96];
    const char *suffixes [] = { "", "-wal", "-shm" };
    for (size_t index = 0; index < 3; index++) {
        snprintf (file, sizeof file, "%s%s", path, suffixes [index]);
        unlink (file);
    }
    assert (rmdir (folder) == 0);
    printf ("test_case_view: OK\n");
    return 0;
}
