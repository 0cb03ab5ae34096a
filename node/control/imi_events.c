/*  imi_events: the change feed, as a user sees it. See imi_events.h. */
#include "imi_events.h"
#include "imi_node_internal.h"
#include "imi_alerts.h"
#include "imi_cases.h"
#include "imi_error.h"
#include "imi_notifications.h"

#include <string.h>
#include <time.h>

#define S_PRUNE_EVERY_MS    (3600 * 1000LL)

static const char *s_sql_head =
    "SELECT coalesce (max (seq), 0), coalesce (min (seq), 0) FROM changes";
static const char *s_sql_after =
    "SELECT seq, kind, ref, event, at_ms FROM changes WHERE seq > ? ORDER BY seq LIMIT ?";
static const char *s_sql_prune =
    "DELETE FROM changes WHERE stored_ms < ?";

//  The newest and the oldest row's numbers (0 if none).
static int
s_bounds (imi_node_t *node, int64_t *head, int64_t *oldest)
{
    sqlite3_stmt *statement = imi_store_statement (node->store, s_sql_head);
    if (!statement)
        return -1;
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        *head = sqlite3_column_int64 (statement, 0);
        *oldest = sqlite3_column_int64 (statement, 1);
    }
    sqlite3_reset (statement);
    return rc == SQLITE_ROW? 0: imi_store_error (node->store, "reading the change feed");
}

int
imi_events_head (imi_node_t *node, int64_t *head)
{
    int64_t oldest;
    return s_bounds (node, head, &oldest);
}

//  May user see the thing a row names? 1, 0, -1.
static int
s_visible (imi_node_t *node, const imi_user_t *user, const char *kind, const char *ref)
{
    if (strcmp (kind, "case") == 0)
        return imi_cases_visible (node, user, ref);
    if (strcmp (kind, "alert") == 0)
        return imi_alerts_visible (node, user, ref);
    if (strcmp (kind, "notification") == 0)
        return imi_notifications_visible (node, user, ref);
    return 0;
}

//  ms since the epoch as ISO 8601 UTC with milliseconds.
static void
s_iso_time (int64_t ms, char text [32])
{
    time_t seconds = (time_t) (ms / 1000);
    struct tm parts;
    gmtime_r (&seconds, &parts);
    char date [24];
    strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%S", &parts);
    snprintf (text, 32, "%s.%03dZ", date, (int) (ms % 1000));
}

int
imi_events_since (imi_node_t *node, const imi_user_t *user, int64_t cursor, size_t limit,
                  json_t **result)
{
    int64_t head, oldest;
    if (s_bounds (node, &head, &oldest))
        return -1;
    bool gap = cursor >= 0 && oldest > cursor + 1;
    if (cursor < 0 || cursor > head)
        cursor = cursor < 0? head: cursor;
    json_t *events = json_array ();
    *result = NULL;
    if (!events)
        return imi_error_set ("out of memory");
    //  The rows are read first, the things they name looked up after: the
    //  domains' lookups use statements of their own on the same store.
    typedef struct {
        int64_t seq, at_ms;
        char kind [16], ref [64], event [32];
    } s_row_t;
    s_row_t *rows = calloc (IMI_EVENTS_SCAN_MAX, sizeof *rows);
    sqlite3_stmt *statement = rows? imi_store_statement (node->store, s_sql_after): NULL;
    if (!statement) {
        free (rows);
        json_decref (events);
        return rows? -1: imi_error_set ("out of memory");
    }
    sqlite3_bind_int64 (statement, 1, cursor);
    sqlite3_bind_int (statement, 2, IMI_EVENTS_SCAN_MAX);
    size_t count = 0;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        s_row_t *row = rows + count++;
        row->seq = sqlite3_column_int64 (statement, 0);
        imi_store_column_text (statement, 1, row->kind, sizeof row->kind);
        imi_store_column_text (statement, 2, row->ref, sizeof row->ref);
        imi_store_column_text (statement, 3, row->event, sizeof row->event);
        row->at_ms = sqlite3_column_int64 (statement, 4);
    }
    sqlite3_reset (statement);
    rc = rc == SQLITE_DONE? 0: imi_store_error (node->store, "reading the change feed");
    int64_t next = cursor;
    for (size_t index = 0; rc == 0 && index < count && json_array_size (events) < limit;
         index++) {
        s_row_t *row = rows + index;
        int visible = s_visible (node, user, row->kind, row->ref);
        if (visible < 0)
            rc = -1;
        else
        if (visible) {
            char at [32];
            s_iso_time (row->at_ms, at);
            if (json_array_append_new (events, json_pack ("{s:I, s:s, s:s, s:s, s:s}",
                                                          "id", (json_int_t) row->seq,
                                                          "kind", row->kind, "ref", row->ref,
                                                          "event", row->event, "at", at)))
                rc = imi_error_set ("out of memory");
        }
        if (rc == 0)
            next = row->seq;
    }
    free (rows);
    if (rc == 0)
        *result = json_pack ("{s:o, s:I, s:b}", "events", events, "next_cursor",
                             (json_int_t) next, "gap", gap);
    else
        json_decref (events);
    return rc == 0 && !*result? imi_error_set ("out of memory"): rc;
}

int
imi_events_prune (imi_node_t *node, int64_t now_ms)
{
    if (node->last_changes_prune_ms && now_ms - node->last_changes_prune_ms < S_PRUNE_EVERY_MS)
        return 0;
    node->last_changes_prune_ms = now_ms;
    sqlite3_stmt *statement = imi_store_statement (node->store, s_sql_prune);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, now_ms - IMI_EVENTS_KEEP_MS);
    return imi_store_step_done (node->store, statement, "pruning the change feed");
}
