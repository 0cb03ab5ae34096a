/*  imi_events: the change feed, as a user sees it.

    Every event stored on a case, alert or notification (a user's action
    here, a peer's message, a restore) adds a row to the table `changes`
    (by triggers: migration 17), numbered in order. A user reads the rows
    after a cursor that concern what they may see (the rule of each
    domain's show); the HTTP API streams them (GET /api/v1/events,
    Server-Sent Events, resumable with Last-Event-ID) so that clients never
    poll their lists. Rows are kept IMI_EVENTS_KEEP_MS: a cursor older than
    that is answered with "gap": true (reload the lists, then follow).
*/
#ifndef IMI_EVENTS_H
#define IMI_EVENTS_H

#include "imi_module.h"
#include "imi_users.h"

#include <jansson.h>

#define IMI_EVENTS_KEEP_MS      (7LL * 24 * 3600 * 1000)
#define IMI_EVENTS_SCAN_MAX     1000        //  rows read per call at most
#define IMI_EVENTS_LIMIT_MAX    500         //  events answered per call at most

//  The latest row's number (0 if none) into *head. 0 or -1.
int imi_events_head (imi_node_t *node, int64_t *head);

//  The events after cursor that user may see, at most limit, into *result:
//  {"events": [{"id", "kind", "ref", "event", "at"}...], "next_cursor": N,
//  "gap": bool}; next_cursor is the last row read (give it back to go on),
//  gap says rows after cursor were pruned. A negative cursor starts at
//  the head (no events: from now on). 0 or -1.
int imi_events_since (imi_node_t *node, const imi_user_t *user, int64_t cursor, size_t limit,
                      json_t **result);

//  Forget rows older than IMI_EVENTS_KEEP_MS (at most once an hour). 0 or -1.
int imi_events_prune (imi_node_t *node, int64_t now_ms);

#endif
