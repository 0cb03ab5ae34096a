/*  imi_cases: information requests on a node (see imi_cases.h). */
#include "imi_cases.h"
#include "imi_cases_internal.h"
#include "imi_directory.h"
#include "imi_catalogue.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_outbox.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define S_DAY_MS (24LL * 3600 * 1000)
#define S_EVENTS_MAX 4096               //  events of one case we fold at most (both sides)

//  ---------------------------------------------------------------------------
//  SQL, one place

static const char *s_case_get =
    "SELECT side, state, requester, responder, procedure, blocked_ms, deleted_ms, lang,"
    " urgent, proposed_date, agreed_date, sent_ms, received_ms, accepted_ms, answered_ms,"
    " closed_ms, rating_timely, rating_effort, updated_ms FROM cases WHERE id = ?1";
static const char *s_case_insert_draft =
    "INSERT INTO cases (id, procedure, requester, responder, requester_state, responder_state,"
    " side, state, lang, urgent, proposed_date, created_ms, kpi, updated_ms)"
    " VALUES (?1, ?2, ?3, ?4, substr (?3, 1, 2), substr (?4, 1, 2), 0, 'draft', ?5, ?6, ?7,"
    " ?8, ?9, ?8)";
//  A case we learn of by its first event: the other side's request, or our
//  own returned after a restore (?7: our side).
static const char *s_case_insert_received =
    "INSERT INTO cases (id, procedure, requester, responder, requester_state, responder_state,"
    " side, state, lang, created_ms, updated_ms)"
    " VALUES (?1, ?2, ?3, ?4, substr (?3, 1, 2), substr (?4, 1, 2), ?7, 'sent', ?5, ?6, ?6)";
static const char *s_message_renumber =
    "UPDATE case_messages SET seq = ?3 WHERE inbound = 0 AND peer = ?1 AND seq = ?2";
static const char *s_case_update =
    "UPDATE cases SET procedure = ?2, requester = ?3, responder = ?4,"
    " responder_state = substr (?4, 1, 2), state = ?5, lang = ?6, urgent = ?7,"
    " proposed_date = nullif (?8, ''), agreed_date = nullif (?9, ''),"
    " sent_ms = nullif (?10, 0), received_ms = nullif (?11, 0), accepted_ms = nullif (?12, 0),"
    " answered_ms = nullif (?13, 0), closed_ms = nullif (?14, 0),"
    " rating_timely = nullif (?15, -1), rating_effort = nullif (?16, -1), kpi = ?17,"
    " updated_ms = ?18 WHERE id = ?1";
static const char *s_case_delete = "DELETE FROM cases WHERE id = ?1 AND state = 'draft'";
static const char *s_events_get =
    "SELECT body, position, void FROM case_events WHERE case_id = ?1 ORDER BY side, n";
//  A page of the merged order, newest first, and the number of events
//  (positions are 1..N once folded and saved): both from the index
//  case_events_by_position.
#define S_EVENTS_PAGE \
    "SELECT body, position, void FROM case_events WHERE case_id = ?1 AND position < ?2" \
    " ORDER BY position DESC LIMIT ?3"
#define S_EVENTS_TOTAL "SELECT max (position) FROM case_events WHERE case_id = ?1"
static const char *s_events_page = S_EVENTS_PAGE;
static const char *s_events_total = S_EVENTS_TOTAL;
static const char *s_event_position =
    "SELECT position FROM case_events WHERE case_id = ?1 AND side = ?2 AND n = ?3";
//  A tail's facts, per side, on the primary key from the columns before
//  the body (a disclosure's void aside): how many events, the most events
//  of the other side one had seen, whether a disclosure took effect
static const char *s_events_tail =
    "SELECT side, max (n), count (*), max (seen),"
    " max (CASE kind WHEN 'disclose' THEN void IS NULL ELSE 0 END)"
    " FROM case_events WHERE case_id = ?1 GROUP BY side";

const char *const imi_case_page_queries [] = { S_EVENTS_PAGE, S_EVENTS_TOTAL, NULL };
static const char *s_event_insert =
    "INSERT INTO case_events (case_id, side, n, seen, kind, actor, authority, at_ms, body,"
    " personal) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char *s_event_mark =
    "UPDATE case_events SET position = ?4, void = nullif (?5, '')"
    " WHERE case_id = ?1 AND side = ?2 AND n = ?3";
static const char *s_draft_insert =
    "INSERT INTO case_drafts (case_id, request) VALUES (?1, ?2)";
static const char *s_draft_get = "SELECT request FROM case_drafts WHERE case_id = ?1";
static const char *s_draft_delete = "DELETE FROM case_drafts WHERE case_id = ?1";
static const char *s_held_count = "SELECT count(*) FROM case_held WHERE case_id = ?1";
static const char *s_held_insert = "INSERT INTO case_held (case_id, k, body) VALUES (?1, ?2, ?3)";
static const char *s_held_get = "SELECT body FROM case_held WHERE case_id = ?1 ORDER BY k";
static const char *s_held_delete = "DELETE FROM case_held WHERE case_id = ?1";
static const char *s_message_insert =
    "INSERT OR IGNORE INTO case_messages (case_id, inbound, peer, seq) VALUES (?1, ?2, ?3, ?4)";

//  The authority of the case on our side.
const char *
imi_case_our_authority (const imi_case_t *loaded)
{
    return loaded->side == IMI_SIDE_REQUESTER? loaded->requester: loaded->responder;
}

//  Write the fold of loaded back: each event's place and effect, and the
//  row. A tail holds only the events appended to it, placed after the rest.
static int
s_case_save (imi_node_t *self, imi_case_t *loaded)
{
    for (size_t step = 0; step < loaded->event_count; step++) {
        size_t index = loaded->order [step];
        const imi_case_event_t *event = &loaded->events [index];
        size_t position = loaded->first_position + step;
        if (loaded->stored_positions [index] == position
        &&  strcmp (loaded->stored_voids [index], loaded->voids [index]) == 0)
            continue;                   //  as stored: most events of a case, each time
        sqlite3_stmt *statement = imi_store_statement (self->store, s_event_mark);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, loaded->id, -1, SQLITE_STATIC);
        sqlite3_bind_int (statement, 2, (int) event->side);
        sqlite3_bind_int64 (statement, 3, (sqlite3_int64) event->n);
        sqlite3_bind_int64 (statement, 4, (sqlite3_int64) position);
        sqlite3_bind_text (statement, 5, loaded->voids [index], -1, SQLITE_STATIC);
        if (imi_store_step_done (self->store, statement, "marking a case event"))
            return -1;
    }
    const imi_case_folded_t *folded = &loaded->folded;
    const imi_request_rules_t *rules = imi_catalogue_request_rules (self->catalogue,
                                                                    folded->procedure);
    sqlite3_stmt *statement = imi_store_statement (self->store, s_case_update);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, loaded->id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, folded->procedure, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, folded->requester, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, folded->responder, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, imi_case_state_name (folded->state), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 6, folded->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 7, folded->urgent);
    sqlite3_bind_text (statement, 8, folded->proposed_date, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 9, folded->agreed_date, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 10, folded->sent_ms);
    sqlite3_bind_int64 (statement, 11, folded->received_ms);
    sqlite3_bind_int64 (statement, 12, folded->accepted_ms);
    sqlite3_bind_int64 (statement, 13, folded->answered_ms);
    sqlite3_bind_int64 (statement, 14, folded->closed_ms);
    sqlite3_bind_int (statement, 15, folded->rating_timely);
    sqlite3_bind_int (statement, 16, folded->rating_effort);
    sqlite3_bind_int (statement, 17, rules && rules->kpi);
    sqlite3_bind_int64 (statement, 18, folded->updated_ms);
    return imi_store_step_done (self->store, statement, "updating a case");
}

//  ---------------------------------------------------------------------------
//  A case loaded: its row's facts and its events, decoded and folded


void
imi_case_free (imi_case_t *loaded)
{
    for (size_t index = 0; index < loaded->event_count; index++)
        imi_case_event_cleanup (&loaded->events [index]);
    free (loaded->events);
    free (loaded->order);
    free (loaded->voids);
    free (loaded->stored_positions);
    free (loaded->stored_voids);
    memset (loaded, 0, sizeof *loaded);
}

//  Fold loaded's events into its order, voids and folded state. 0, or -1
//  (loaded freed).
static int
s_case_fold (imi_case_t *loaded)
{
    loaded->order = realloc (loaded->order, (loaded->event_count + 1) * sizeof (size_t));
    loaded->voids = realloc (loaded->voids, (loaded->event_count + 1) * IMI_WORKFLOW_REASON_MAX);
    assert (loaded->order && loaded->voids);
    loaded->event_total = loaded->event_count;
    loaded->first_position = 1;
    loaded->whole = true;
    if (!loaded->event_count)
        imi_workflow_init (&loaded->folded);
    else
    if (imi_workflow_fold (loaded->events, loaded->event_count, &loaded->folded,
                           loaded->order, loaded->voids)) {
        imi_error_wrap ("case %s", loaded->id);
        imi_case_free (loaded);
        return -1;
    }
    return 0;
}

//  The row's facts into loaded, and the state the last fold wrote there
//  (s_case_save) into loaded->folded: what a page's load goes by.
static void
s_row_read (sqlite3_stmt *row, const char *id, imi_case_t *loaded)
{
    snprintf (loaded->id, sizeof loaded->id, "%s", id);
    loaded->side = sqlite3_column_int (row, 0);
    if (imi_case_state_parse ((const char *) sqlite3_column_text (row, 1), &loaded->state))
        loaded->state = IMI_CASE_DRAFT;
    imi_store_column_text (row, 2, loaded->requester, sizeof loaded->requester);
    imi_store_column_text (row, 3, loaded->responder, sizeof loaded->responder);
    imi_store_column_text (row, 4, loaded->procedure, sizeof loaded->procedure);
    loaded->blocked_ms = sqlite3_column_int64 (row, 5);
    loaded->deleted_ms = sqlite3_column_int64 (row, 6);
    imi_case_folded_t *folded = &loaded->folded;
    imi_workflow_init (folded);
    folded->state = loaded->state;
    snprintf (folded->procedure, sizeof folded->procedure, "%s", loaded->procedure);
    snprintf (folded->requester, sizeof folded->requester, "%s", loaded->requester);
    snprintf (folded->responder, sizeof folded->responder, "%s", loaded->responder);
    imi_store_column_text (row, 7, folded->lang, sizeof folded->lang);
    folded->urgent = sqlite3_column_int (row, 8) != 0;
    imi_store_column_text (row, 9, folded->proposed_date, sizeof folded->proposed_date);
    imi_store_column_text (row, 10, folded->agreed_date, sizeof folded->agreed_date);
    folded->sent_ms = sqlite3_column_int64 (row, 11);
    folded->received_ms = sqlite3_column_int64 (row, 12);
    folded->accepted_ms = sqlite3_column_int64 (row, 13);
    folded->answered_ms = sqlite3_column_int64 (row, 14);
    folded->closed_ms = sqlite3_column_int64 (row, 15);
    folded->rating_timely = sqlite3_column_type (row, 16) == SQLITE_NULL
                          ? -1: sqlite3_column_int (row, 16);
    folded->rating_effort = sqlite3_column_type (row, 17) == SQLITE_NULL
                          ? -1: sqlite3_column_int (row, 17);
    folded->updated_ms = sqlite3_column_int64 (row, 18);
}

//  Decode the event of row (body, position, void) into loaded's next
//  place. 0, or -1.
static int
s_event_read (sqlite3_stmt *row, imi_case_t *loaded, size_t *capacity)
{
    if (loaded->event_count == *capacity) {
        *capacity = *capacity? *capacity * 2: 16;
        if (*capacity > S_EVENTS_MAX)
            return imi_error_set ("case %s has more than %d events", loaded->id, S_EVENTS_MAX);
        loaded->events = realloc (loaded->events, *capacity * sizeof (imi_case_event_t));
        loaded->stored_positions = realloc (loaded->stored_positions,
                                            *capacity * sizeof (size_t));
        loaded->stored_voids = realloc (loaded->stored_voids, *capacity * IMI_WORKFLOW_REASON_MAX);
        assert (loaded->events && loaded->stored_positions && loaded->stored_voids);
    }
    loaded->stored_positions [loaded->event_count] = (size_t) sqlite3_column_int64 (row, 1);
    imi_store_column_text (row, 2, loaded->stored_voids [loaded->event_count],
                           IMI_WORKFLOW_REASON_MAX);
    //  Bodies are checked before they are stored: one that no longer
    //  decodes is damage, not input.
    if (imi_case_event_decode (&loaded->events [loaded->event_count],
                               sqlite3_column_blob (row, 0),
                               (size_t) sqlite3_column_bytes (row, 0)))
        return imi_error_set ("case %s: a stored event does not decode: %s", loaded->id,
                              imi_error_last ());
    loaded->event_count++;
    return 0;
}

//  Decode every row of statement (bound; body, position, void) into
//  loaded, then reset it. 0, or -1.
static int
s_events_read (imi_node_t *self, sqlite3_stmt *statement, imi_case_t *loaded)
{
    size_t capacity = 0;
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step (statement)) == SQLITE_ROW)
        result = s_event_read (statement, loaded, &capacity);
    if (result == 0 && rc != SQLITE_DONE)
        result = imi_store_error (self->store, "reading a case's events");
    sqlite3_reset (statement);
    return result;
}

//  The events of page into loaded, in the merged order, as stored with
//  their voids. 0, or -1.
static int
s_page_read (imi_node_t *self, const imi_case_page_t *page, imi_case_t *loaded)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_events_total);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, loaded->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW)
        loaded->event_total = (size_t) sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW)
        return imi_store_error (self->store, "counting a case's events");
    //  Before the event the cursor names, wherever the merged order has
    //  placed it since (an event of the other side that crossed ours can
    //  move it on by one)
    size_t before = loaded->event_total + 1;
    if (page->before_event) {
        statement = imi_store_statement (self->store, s_event_position);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, loaded->id, -1, SQLITE_STATIC);
        sqlite3_bind_int (statement, 2, page->side);
        sqlite3_bind_int64 (statement, 3, (sqlite3_int64) page->n);
        rc = sqlite3_step (statement);
        if (rc == SQLITE_ROW)
            before = (size_t) sqlite3_column_int64 (statement, 0);
        sqlite3_reset (statement);
        if (rc == SQLITE_DONE)
            return imi_error_malformed ("case %s has no event %d.%llu: not a cursor of its "
                                        "timeline", loaded->id, page->side,
                                        (unsigned long long) page->n);
        if (rc != SQLITE_ROW)
            return imi_store_error (self->store, "reading a case's events");
    }
    statement = imi_store_statement (self->store, s_events_page);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, loaded->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) before);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) page->limit);
    if (s_events_read (self, statement, loaded))
        return -1;
    //  Read newest first: the merged order is the other way round
    size_t count = loaded->event_count;
    loaded->order = calloc (count + 1, sizeof (size_t));
    loaded->voids = calloc (count + 1, IMI_WORKFLOW_REASON_MAX);
    assert (loaded->order && loaded->voids);
    for (size_t index = 0; index < count; index++) {
        loaded->order [index] = count - 1 - index;
        memcpy (loaded->voids [index], loaded->stored_voids [index], IMI_WORKFLOW_REASON_MAX);
    }
    loaded->first_position = count? loaded->stored_positions [count - 1]: 1;
    return 0;
}

//  The case whole, if loaded is its tail: all its events loaded and folded.
//  0, or -1 (loaded freed).
static int
s_case_whole (imi_node_t *self, imi_case_t *loaded)
{
    if (loaded->whole)
        return 0;
    char id [IMI_CASE_ID_MAX + 1];
    snprintf (id, sizeof id, "%s", loaded->id);
    imi_case_free (loaded);
    int rc = imi_case_load (self, id, NULL, loaded);
    return rc == 1? imi_error_set ("case %s is gone", id): rc;
}

//  A tail's facts (imi_case_page_t), beside the row's: the fold's counts
//  and disclosure, and what imi_workflow_last needs. The events' places
//  are 1..N (every fold saves them), so an appended event goes at N + 1.
//  0, or -1.
static int
s_tail_read (imi_node_t *self, imi_case_t *loaded)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_events_tail);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, loaded->id, -1, SQLITE_STATIC);
    imi_case_folded_t *folded = &loaded->folded;
    bool chained = true;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        int side = sqlite3_column_int (statement, 0);
        sqlite3_int64 last = sqlite3_column_int64 (statement, 1);
        if (side < 0 || side > 1 || last != sqlite3_column_int64 (statement, 2))
            chained = false;            //  a gap: the whole fold says where
        else {
            folded->count [side] = (uint64_t) last;
            if (side == IMI_SIDE_RESPONDER)
                loaded->responder_seen = (uint64_t) sqlite3_column_int64 (statement, 3);
            folded->disclosed |= sqlite3_column_int (statement, 4) != 0;
        }
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (self->store, "reading a case's events");
    if (!chained)
        return s_case_whole (self, loaded);
    loaded->event_total = (size_t) (folded->count [0] + folded->count [1]);
    loaded->first_position = loaded->event_total + 1;
    return 0;
}

int
imi_case_load (imi_node_t *self, const char *id, const imi_case_page_t *page,
               imi_case_t *loaded)
{
    memset (loaded, 0, sizeof *loaded);
    sqlite3_stmt *statement = imi_store_statement (self->store, s_case_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW)
        s_row_read (statement, id, loaded);
    sqlite3_reset (statement);
    if (rc == SQLITE_DONE)
        return 1;
    if (rc != SQLITE_ROW)
        return imi_store_error (self->store, "reading a case");
    if (page && !page->tail && !page->limit)
        return 0;                       //  the row alone: no event read
    if (page) {
        rc = page->tail? s_tail_read (self, loaded): s_page_read (self, page, loaded);
        if (rc)
            imi_case_free (loaded);
        return rc;
    }
    statement = imi_store_statement (self->store, s_events_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, id, -1, SQLITE_STATIC);
    if (s_events_read (self, statement, loaded)) {
        imi_case_free (loaded);
        return -1;
    }
    return s_case_fold (loaded);
}

//  Append the event in body (just stored: not yet marked) to loaded: the
//  case as imi_case_load would now read it, without decoding every event
//  again. A whole case folds all of them again; a tail folds this one
//  alone if the merge places it last with nothing else moved, else loads
//  the case whole (with this event, as stored). 0, or -1 (loaded freed).
static int
s_case_append (imi_node_t *self, imi_case_t *loaded, const uint8_t *body, size_t size)
{
    size_t count = loaded->event_count + 1;
    imi_case_event_t *events = realloc (loaded->events, count * sizeof (imi_case_event_t));
    if (events)
        loaded->events = events;
    size_t *positions = realloc (loaded->stored_positions, count * sizeof (size_t));
    if (positions)
        loaded->stored_positions = positions;
    char (*stored_voids) [IMI_WORKFLOW_REASON_MAX] = realloc (loaded->stored_voids,
                                                            count * IMI_WORKFLOW_REASON_MAX);
    if (stored_voids)
        loaded->stored_voids = stored_voids;
    size_t *order = realloc (loaded->order, count * sizeof (size_t));
    if (order)
        loaded->order = order;
    char (*voids) [IMI_WORKFLOW_REASON_MAX] = realloc (loaded->voids,
                                                     count * IMI_WORKFLOW_REASON_MAX);
    if (voids)
        loaded->voids = voids;
    if (!events || !positions || !stored_voids || !order || !voids) {
        imi_case_free (loaded);
        return imi_error_set ("out of memory");
    }
    imi_case_event_t *event = &loaded->events [count - 1];
    if (imi_case_event_decode (event, body, size)) {
        imi_error_wrap ("case %s: the new event does not decode", loaded->id);
        imi_case_free (loaded);
        return -1;
    }
    loaded->stored_positions [count - 1] = 0;
    *loaded->stored_voids [count - 1] = 0;
    loaded->order [count - 1] = count - 1;
    loaded->event_count = count;
    if (loaded->whole)
        return s_case_fold (loaded);
    if (!imi_workflow_last (&loaded->folded, loaded->responder_seen, event))
        return s_case_whole (self, loaded);
    imi_workflow_append (&loaded->folded, event, loaded->voids [count - 1]);
    loaded->event_total++;
    if (event->side == IMI_SIDE_RESPONDER && event->seen > loaded->responder_seen)
        loaded->responder_seen = event->seen;
    return 0;
}

//  ---------------------------------------------------------------------------
//  Sending: events and the pieces of the files they name

//  Note that the envelope (inbound, or outbound) on peer's link at seq
//  carries case_id: retention erases its sealed body with the case's.
static int
s_message_note (imi_node_t *self, const char *case_id, bool inbound, const char *peer,
                uint64_t seq)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_message_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 2, inbound);
    sqlite3_bind_text (statement, 3, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 4, (sqlite3_int64) seq);
    return imi_store_step_done (self->store, statement, "noting a case's envelope");
}

static int
s_enqueue (imi_node_t *self, imi_peer_t *peer, const char *case_id, uint32_t type,
           const uint8_t *plain, size_t size)
{
    int rc = imi_outbox_enqueue (self->store, peer, self->identity, type, plain, size,
                                 imi_node_now ());
    if (rc == 0)
        rc = s_message_note (self, case_id, false, peer->node.state, peer->next_out_seq - 1);
    return rc;
}

static bool
s_personal (const imi_case_event_t *event)
{
    return event->subject_count || event->text || event->answer_count || event->file_count;
}

static int
s_event_store (imi_node_t *self, const imi_case_event_t *event, const uint8_t *body,
               size_t body_size)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_event_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, event->case_id, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 2, (int) event->side);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) event->n);
    sqlite3_bind_int64 (statement, 4, (sqlite3_int64) event->seen);
    sqlite3_bind_text (statement, 5, event->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 6, event->actor, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 7, event->authority, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 8, (sqlite3_int64) event->at_ms);
    sqlite3_bind_blob (statement, 9, body, (int) body_size, SQLITE_STATIC);
    sqlite3_bind_int (statement, 10, s_personal (event));
    return imi_store_step_done (self->store, statement, "storing a case event");
}

//  Within a transaction: store our event (its files already stored, or in
//  uploads), queue its files' pieces and itself to the other side, fold.
//  loaded is the case before the event; on success it holds the event.
static int
s_emit (imi_node_t *self, imi_case_t *loaded, imi_peer_t *peer, imi_case_event_t *event,
        const imi_attachment_upload_t *uploads)
{
    uint8_t *body;
    size_t body_size;
    int rc = imi_case_event_encode (event, &body, &body_size);
    if (rc)
        return rc;
    for (size_t index = 0; index < event->file_count && rc == 0; index++) {
        const imi_case_file_t *file = &event->files [index];
        rc = uploads? imi_attachments_store (self, IMI_ATTACHMENT_CASE, event->case_id, file,
                                             (int) event->side, event->n, uploads [index].data)
                    : imi_attachments_carried (self, IMI_ATTACHMENT_CASE, event->case_id, file,
                                               event->n);
        if (rc == 0)
            rc = imi_attachments_send (self, peer, IMI_ATTACHMENT_CASE, event->case_id, file,
                                       s_enqueue);
    }
    if (rc == 0)
        rc = s_event_store (self, event, body, body_size);
    if (rc == 0)
        rc = s_enqueue (self, peer, event->case_id, IMI_TYPE_CASE_EVENT, body, body_size);
    //  Fold again with the new event (a copy: the loaded case owns its
    //  events' memory; this one's belongs to the caller)
    if (rc == 0)
        rc = s_case_append (self, loaded, body, body_size);
    free (body);
    return rc? rc: s_case_save (self, loaded);
}

//  ---------------------------------------------------------------------------
//  Checks of what a user asks

static int64_t
s_today (void)
{
    return imi_node_now () / S_DAY_MS;
}

static int
s_check_date (const char *date, const char *what)
{
    int64_t days;
    if (!imi_case_date_parse (date, &days))
        return imi_error_malformed ("%s '%s' is not a date (YYYY-MM-DD)", what, date);
    if (days < s_today ()) {
        char today [IMI_CASE_DATE_BYTES + 1];
        imi_case_date_format (s_today (), today);
        return imi_error_malformed ("%s %s is in the past (today is %s)", what, date, today);
    }
    return 0;
}

int
imi_cases_check_authority (imi_node_t *self, const char *key, const char *procedure)
{
    imi_authority_t *authority = malloc (sizeof *authority);
    assert (authority);
    int rc = imi_directory_get (self->directory, key, authority);
    if (rc == 1)
        rc = imi_error_malformed ("no authority '%s' in the directory", key);
    if (rc == 0 && !imi_catalogue_handles (self->catalogue, authority, procedure))
        rc = imi_error_malformed ("authority %s does not handle procedure %s", key, procedure);
    free (authority);
    return rc;
}

int
imi_cases_procedures (imi_node_t *self, const imi_user_t *user, const char *lang,
                      const char *may, imi_procedure_fill_fn *fill, json_t **result)
{
    *result = NULL;
    if (!lang || !imi_catalogue_has_language (self->catalogue, lang))
        lang = user->lang;
    bool acts = imi_user_can_act (user, user->authority);
    json_t *procedures = json_array ();
    int rc = procedures? 0: imi_error_set ("out of memory");
    for (size_t index = 0; rc == 0 && index < imi_catalogue_procedure_count (self->catalogue);
         index++) {
        const char *code = imi_catalogue_procedure_at (self->catalogue, index);
        json_t *own = json_object ();
        int filled = own? fill (self, code, lang, own): imi_error_set ("out of memory");
        //  The rule of issuing an alert and of sending a notification,
        //  asked without acting
        int competent = filled == 0 && acts? imi_cases_check_authority (self, user->authority,
                                                                         code): -2;
        json_t *item = filled || competent == -1? NULL: json_pack (
            "{s:s, s:s?, s:s?, s:b}", "code", code,
            "name", imi_catalogue_procedure_name (self->catalogue, code, lang),
            "legal_area", imi_catalogue_procedure_area (self->catalogue, code),
            may, competent == 0);
        if (filled < 0 || competent == -1)
            rc = -1;
        else
        if (filled == 0 && (!item || json_object_update (item, own)
                            || json_array_append (procedures, item)))
            rc = imi_error_set ("out of memory");
        json_decref (own);
        json_decref (item);
    }
    if (rc == 0 && !(*result = json_pack ("{s:O}", "procedures", procedures)))
        rc = imi_error_set ("out of memory");
    json_decref (procedures);
    return rc;
}

//  Check questions (part question of set) or subject fields with values.
static int
s_check_questions (imi_node_t *self, const char *set, const imi_case_event_t *event)
{
    for (size_t index = 0; index < event->question_count; index++) {
        const imi_question_t *question = imi_catalogue_question (self->catalogue,
                                                                 event->questions [index]);
        if (!question || strcmp (question->set, set) != 0 || question->subject)
            return imi_error_malformed ("unknown question '%s' for this procedure",
                                        event->questions [index]);
    }
    for (size_t index = 0; index < event->subject_count; index++) {
        const imi_case_pair_t *pair = &event->subject [index];
        const imi_question_t *field = imi_catalogue_question (self->catalogue, pair->id);
        if (!field || strcmp (field->set, set) != 0 || !field->subject)
            return imi_error_malformed ("unknown personal-data field '%s' for this procedure",
                                        pair->id);
        if (imi_catalogue_answer_check (self->catalogue, pair->id, pair->value))
            return -2;
    }
    return 0;
}

//  Were the answers' questions asked in this case (request or follow-up)?
static int
s_check_answers (imi_node_t *self, const imi_case_t *loaded, const imi_case_event_t *event)
{
    for (size_t index = 0; index < event->answer_count; index++) {
        const imi_case_pair_t *pair = &event->answers [index];
        bool asked = false;
        for (size_t each = 0; each < loaded->event_count && !asked; each++) {
            const imi_case_event_t *earlier = &loaded->events [each];
            for (size_t question = 0; question < earlier->question_count; question++)
                asked |= strcmp (earlier->questions [question], pair->id) == 0;
        }
        if (!asked)
            return imi_error_malformed ("question '%s' was not asked in case %s", pair->id,
                                        loaded->id);
        if (imi_catalogue_answer_check (self->catalogue, pair->id, pair->value))
            return -2;
    }
    return 0;
}

//  Check and describe the uploads as the event's files.
static int
s_check_uploads (imi_node_t *self, imi_case_action_t *action)
{
    imi_case_event_t *event = &action->event;
    if (imi_attachments_check (self, action->files, action->file_count, event->files))
        return -2;
    event->file_count = action->file_count;
    return 0;
}

//  Fill in who (user; NULL: an event held back, which keeps its author)
//  and when, and check the event against the case, the workflow and the
//  catalogue. The caller has checked the user's rights. An event with
//  answers needs the questions asked, which only the events hold: the
//  case is loaded whole for it (loaded freed if that fails).
static int
s_prepare (imi_node_t *self, imi_case_t *loaded, const imi_user_t *user,
           imi_case_event_t *event)
{
    if (event->answer_count && s_case_whole (self, loaded))
        return -1;
    if (loaded->folded.count [loaded->side] >= S_EVENTS_MAX / 2)
        return imi_error_malformed ("case %s has reached %d events on our side", loaded->id,
                                    S_EVENTS_MAX / 2);
    event->side = (uint32_t) loaded->side;
    event->n = loaded->folded.count [loaded->side] + 1;
    event->seen = loaded->folded.count [!loaded->side];
    event->at_ms = (uint64_t) imi_node_now ();
    if (user)
        snprintf (event->actor, sizeof event->actor, "%s", user->name);
    snprintf (event->authority, sizeof event->authority, "%s", imi_case_our_authority (loaded));
    if (event->text && !*event->text_lang)
        snprintf (event->text_lang, sizeof event->text_lang, "%s", user? user->lang: "en");
    const imi_request_rules_t *rules = imi_catalogue_request_rules (self->catalogue,
                                                                    loaded->procedure);
    if (!rules)
        return imi_error_malformed ("procedure %s is not an information request procedure",
                                    loaded->procedure);
    if (*event->reply_date && s_check_date (event->reply_date, "reply date"))
        return -2;
    if (s_check_questions (self, rules->question_set, event)
    ||  s_check_answers (self, loaded, event))
        return -2;
    if (strcmp (event->kind, "forward") == 0 && *event->responder
    &&  imi_cases_check_authority (self, event->responder, loaded->procedure))
        return -2;
    return imi_workflow_check (&loaded->folded, event);
}

static imi_peer_t *
s_peer_of (imi_node_t *self, const imi_case_t *loaded)
{
    const char *other = loaded->side == IMI_SIDE_REQUESTER? loaded->responder: loaded->requester;
    char state [3] = { other [0], other [1], 0 };
    imi_peer_t *peer = imi_node_peer (self, state);
    if (!peer)
        imi_error_malformed ("state %s is not in the federation", state);
    return peer;
}

//  The case for user: loaded and readable (and actable if act). 0, -2, -1.
int
imi_case_for (imi_node_t *self, const imi_user_t *user, const char *id, bool act,
              const imi_case_page_t *page, imi_case_t *loaded)
{
    int rc = imi_case_load (self, id, page, loaded);
    if (rc == 1 || (rc == 0 && !imi_user_can_read (user, imi_case_our_authority (loaded)))) {
        if (rc == 0)
            imi_case_free (loaded);
        return imi_error_refuse (IMI_ERROR_NOT_FOUND, "no case %s among the cases you can see",
                                 id);
    }
    if (rc)
        return rc;
    if (act && !imi_user_can_act (user, imi_case_our_authority (loaded))) {
        imi_case_free (loaded);
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "%s (%s) cannot act on case %s",
                                 user->name, imi_role_name (user->role), id);
    }
    return 0;
}

//  ---------------------------------------------------------------------------
//  Held back: our side's personal data waits on this node until the
//  responder accepts (docs/cases.md, "Need-to-know")

//  Does the case hold back what our users write? On the requester's side,
//  until the responding authority has accepted (or the request's personal
//  data has gone already, to an authority that accepted before a forward).
static bool
s_holds_back (const imi_case_t *loaded)
{
    return loaded->side == IMI_SIDE_REQUESTER && !loaded->folded.accepted_ms
        && !loaded->folded.disclosed;
}

//  Within a transaction: keep event as the k-th held event of its case,
//  with its files' content (uploads), which stays until the event is sent.
static int
s_hold (imi_node_t *self, const imi_case_event_t *event, int64_t k,
        const imi_attachment_upload_t *uploads)
{
    uint8_t *body;
    size_t size;
    int rc = imi_case_event_encode (event, &body, &size);
    if (rc)
        return rc;
    sqlite3_stmt *statement = imi_store_statement (self->store, s_held_insert);
    rc = statement? 0: -1;
    if (statement) {
        sqlite3_bind_text (statement, 1, event->case_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, k);
        sqlite3_bind_blob (statement, 3, body, (int) size, SQLITE_STATIC);
        rc = imi_store_step_done (self->store, statement, "holding back personal data");
    }
    free (body);
    for (size_t index = 0; rc == 0 && index < event->file_count; index++)
        rc = imi_attachments_store (self, IMI_ATTACHMENT_CASE, event->case_id,
                                    &event->files [index], IMI_SIDE_REQUESTER, 0,
                                    uploads [index].data);
    return rc;
}

int
imi_case_held (imi_node_t *self, const char *case_id, imi_case_event_t **events, size_t *count)
{
    *events = NULL;
    *count = 0;
    sqlite3_stmt *statement = imi_store_statement (self->store, s_held_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    size_t capacity = 0;
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step (statement)) == SQLITE_ROW) {
        if (*count == capacity) {
            capacity = capacity? capacity * 2: 4;
            *events = realloc (*events, capacity * sizeof (imi_case_event_t));
            assert (*events);
        }
        if (imi_case_event_decode (&(*events) [*count], sqlite3_column_blob (statement, 0),
                                   (size_t) sqlite3_column_bytes (statement, 0)))
            result = imi_error_set ("case %s: an event held back does not decode: %s", case_id,
                                    imi_error_last ());
        else
            (*count)++;
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = imi_store_error (self->store, "reading what a case holds back");
    sqlite3_reset (statement);
    if (result)
        imi_case_held_free (events, count);
    return result;
}

void
imi_case_held_free (imi_case_event_t **events, size_t *count)
{
    for (size_t index = 0; index < *count; index++)
        imi_case_event_cleanup (&(*events) [index]);
    free (*events);
    *events = NULL;
    *count = 0;
}

//  ---------------------------------------------------------------------------
//  Drafts and sending

int
imi_cases_create (imi_node_t *self, const imi_user_t *user, imi_case_action_t *action,
                  bool send, char case_id [IMI_CASE_ID_MAX + 1])
{
    imi_case_event_t *request = &action->event;
    if (!imi_user_can_act (user, user->authority))
        return imi_error_malformed ("%s (%s) cannot create cases", user->name,
                                    imi_role_name (user->role));
    const imi_request_rules_t *rules = imi_catalogue_request_rules (self->catalogue,
                                                                    request->procedure);
    if (!imi_catalogue_procedure_area (self->catalogue, request->procedure))
        return imi_error_malformed ("unknown procedure '%s'", request->procedure);
    if (!rules)
        return imi_error_malformed ("procedure %s is not an information request procedure",
                                    request->procedure);
    //  Only an authority competent for the procedure asks under it, as only
    //  one competent for it answers (docs/cases.md, "Users and sessions").
    if (imi_cases_check_authority (self, user->authority, request->procedure))
        return -2;
    if (!*request->responder)
        return imi_error_malformed ("a request needs the authority it goes to (--to)");
    char state [3] = { request->responder [0], request->responder [1], 0 };
    if (strncmp (state, self->settings.state, 2) == 0)
        return imi_error_malformed ("a request goes to an authority of another state, "
                                    "not %s", request->responder);
    if (!imi_node_peer (self, state))
        return imi_error_malformed ("state %s is not in the federation", state);
    if (imi_cases_check_authority (self, request->responder, request->procedure))
        return -2;
    if (!*request->reply_date)      //  the procedure's default deadline
        imi_case_date_format (imi_catalogue_reply_day (rules, s_today ()), request->reply_date);
    if (request->question_count == 0)
        return imi_error_malformed ("a request asks at least one question (--question)");
    if (s_check_date (request->reply_date, "reply date")
    ||  s_check_questions (self, rules->question_set, request)
    ||  s_check_uploads (self, action))
        return -2;

    //  The request travels at once; the personal data (subject fields, free
    //  text, files) waits in the disclosure until a responder accepts.
    uint8_t random [8];
    imi_random (random, sizeof random);
    snprintf (case_id, IMI_CASE_ID_MAX + 1, "%s-", self->settings.state);
    imi_hex_encode (case_id + 3, random, sizeof random);
    imi_case_event_t disclosure = {
        .side = IMI_SIDE_REQUESTER, .n = 1, .kind = "disclose", .at_ms = (uint64_t) imi_node_now (),
        .actor = "system",
        .subject = request->subject, .subject_count = request->subject_count,
        .text = request->text, .files = request->files, .file_count = request->file_count
    };
    if (disclosure.text)
        snprintf (disclosure.text_lang, sizeof disclosure.text_lang, "%s",
                  *request->text_lang? request->text_lang: user->lang);
    snprintf (request->case_id, sizeof request->case_id, "%s", case_id);
    snprintf (disclosure.case_id, sizeof disclosure.case_id, "%s", case_id);
    snprintf (request->kind, sizeof request->kind, "send");
    snprintf (request->requester, sizeof request->requester, "%s", user->authority);
    snprintf (request->lang, sizeof request->lang, "%s", user->lang);
    snprintf (request->actor, sizeof request->actor, "%s", user->name);
    snprintf (request->authority, sizeof request->authority, "%s", user->authority);
    snprintf (disclosure.authority, sizeof disclosure.authority, "%s", user->authority);
    request->at_ms = (uint64_t) imi_node_now ();
    request->n = 1;
    //  The request leaves its personal part to the disclosure (the caller
    //  still owns the memory: put it back once encoded).
    request->subject_count = 0;
    request->text = NULL;
    request->text_lang [0] = 0;
    request->file_count = 0;

    uint8_t *request_body = NULL;
    size_t request_size;
    int rc = imi_case_event_encode (request, &request_body, &request_size);
    if (rc == 0)
        rc = imi_store_begin (self->store);
    if (rc == 0) {
        sqlite3_stmt *statement = imi_store_statement (self->store, s_case_insert_draft);
        rc = statement? 0: -1;
        if (statement) {
            sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
            sqlite3_bind_text (statement, 2, request->procedure, -1, SQLITE_STATIC);
            sqlite3_bind_text (statement, 3, request->requester, -1, SQLITE_STATIC);
            sqlite3_bind_text (statement, 4, request->responder, -1, SQLITE_STATIC);
            sqlite3_bind_text (statement, 5, request->lang, -1, SQLITE_STATIC);
            sqlite3_bind_int (statement, 6, request->has_urgent && request->urgent);
            sqlite3_bind_text (statement, 7, request->reply_date, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (statement, 8, imi_node_now ());
            sqlite3_bind_int (statement, 9, rules->kpi);
            rc = imi_store_step_done (self->store, statement, "creating a case");
        }
        statement = rc == 0? imi_store_statement (self->store, s_draft_insert): NULL;
        if (statement) {
            sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
            sqlite3_bind_blob (statement, 2, request_body, (int) request_size, SQLITE_STATIC);
            rc = imi_store_step_done (self->store, statement, "storing a draft");
        }
        if (rc == 0 && (disclosure.subject_count || disclosure.text || disclosure.file_count))
            rc = s_hold (self, &disclosure, 1, action->files);
        rc = imi_node_commit (self, rc);
    }
    free (request_body);
    request->subject_count = disclosure.subject_count;
    request->text = disclosure.text;
    request->file_count = disclosure.file_count;
    if (rc)
        return rc;
    imi_log (IMI_LOG_INFO, "case.draft", "case=%s user=%s procedure=%s to=%s", case_id,
             user->name, request->procedure, request->responder);
    if (!send)
        return 0;
    imi_case_action_t sending = { .event = { .kind = "send" } };
    snprintf (sending.event.case_id, sizeof sending.event.case_id, "%s", case_id);
    rc = imi_cases_act (self, user, &sending);
    if (rc)
        imi_error_wrap ("case %s is saved as a draft but was not sent", case_id);
    return rc;
}

int
imi_case_draft_request (imi_node_t *self, const char *case_id, imi_case_event_t *event)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_draft_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    int result = 1;
    if (rc == SQLITE_ROW)
        result = imi_case_event_decode (event, sqlite3_column_blob (statement, 0),
                                        (size_t) sqlite3_column_bytes (statement, 0))
               ? imi_error_wrap ("case %s: the stored draft", case_id): 0;
    else
    if (rc != SQLITE_DONE)
        result = imi_store_error (self->store, "reading a draft");
    sqlite3_reset (statement);
    return result < 0? -1: result;
}

static int
s_delete_rows (imi_node_t *self, const char *sql, const char *case_id)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, sql);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    return imi_store_step_done (self->store, statement, "deleting a draft's rows");
}

//  Within a transaction: once the current responder has accepted our
//  request, send what this node held back (the request's disclosure first,
//  then texts and files in the order they were written), each as an event
//  of its author; then forget the draft.
static int
s_release_held (imi_node_t *self, imi_case_t *loaded, imi_peer_t *peer)
{
    if (loaded->side != IMI_SIDE_REQUESTER || !loaded->folded.accepted_ms
    ||  !imi_case_state_open (loaded->folded.state))
        return 0;
    imi_case_event_t *held;
    size_t count, sent = 0;
    int rc = imi_case_held (self, loaded->id, &held, &count);
    for (; rc == 0 && sent < count; sent++) {
        rc = s_prepare (self, loaded, NULL, &held [sent]);
        if (rc == 0)
            rc = s_emit (self, loaded, peer, &held [sent], NULL);
    }
    imi_case_held_free (&held, &count);
    if (rc == 0 && sent) {
        imi_log (IMI_LOG_INFO, "case.disclose", "case=%s to=%s events=%zu", loaded->id,
                 loaded->folded.responder, sent);
        rc = s_delete_rows (self, s_held_delete, loaded->id);
        if (rc == 0)
            rc = s_delete_rows (self, s_draft_delete, loaded->id);
    }
    return rc;
}

//  Within a transaction: act while the case holds back our personal data.
//  The event's personal part (text, files, subject fields, answers) waits
//  here as a message; a message has nothing else, and what remains of
//  another event (a withdrawal) goes now.
static int
s_act_holding (imi_node_t *self, imi_case_t *loaded, imi_peer_t *peer, imi_case_event_t *event,
               const imi_case_action_t *action)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_held_count);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, loaded->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    int64_t held = rc == SQLITE_ROW? sqlite3_column_int64 (statement, 0): 0;
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW)
        return imi_store_error (self->store, "counting what a case holds back");
    //  Each held event becomes one of ours when it is sent: room for all
    if (loaded->folded.count [loaded->side] + (uint64_t) held + 2 > S_EVENTS_MAX / 2)
        return imi_error_malformed ("case %s has reached %d events on our side", loaded->id,
                                    S_EVENTS_MAX / 2);
    imi_case_event_t part = *event;                 //  both share the caller's memory
    rc = 0;
    if (strcmp (event->kind, "message") != 0) {
        memset (&part, 0, sizeof part);
        snprintf (part.case_id, sizeof part.case_id, "%s", event->case_id);
        part.side = event->side;
        part.n = event->n;
        part.at_ms = event->at_ms;
        snprintf (part.kind, sizeof part.kind, "message");
        snprintf (part.actor, sizeof part.actor, "%s", event->actor);
        snprintf (part.authority, sizeof part.authority, "%s", event->authority);
        part.subject = event->subject;
        part.subject_count = event->subject_count;
        part.answers = event->answers;
        part.answer_count = event->answer_count;
        part.text = event->text;
        snprintf (part.text_lang, sizeof part.text_lang, "%s", event->text_lang);
        part.files = event->files;
        part.file_count = event->file_count;
        imi_case_event_t rest = *event;
        rest.subject_count = rest.answer_count = rest.file_count = 0;
        rest.text = NULL;
        rest.text_lang [0] = 0;
        rc = s_emit (self, loaded, peer, &rest, NULL);
    }
    if (rc == 0)
        rc = s_hold (self, &part, held + 1, action->files);
    return rc;
}

//  The case's tail is what an action needs (its state, counts, whether it
//  holds back our personal data, a draft's request): the new event is
//  decoded and folded alone. The case is loaded whole for an answer (the
//  questions asked) and if the new event would not go last (a lying peer).
//  Applying the other side's event goes the same way (s_apply_event).
int
imi_cases_act (imi_node_t *self, const imi_user_t *user, imi_case_action_t *action)
{
    imi_case_event_t *event = &action->event;
    imi_case_t loaded;
    int rc = imi_case_for (self, user, event->case_id, true, IMI_CASE_TAIL, &loaded);
    if (rc)
        return rc;
    imi_case_event_t draft;
    memset (&draft, 0, sizeof draft);         //  cleaned up below even if never read
    bool sending = strcmp (event->kind, "send") == 0 && loaded.folded.state == IMI_CASE_DRAFT;
    if (sending) {
        //  Send the stored request, with a new reply date if one is given
        rc = imi_case_draft_request (self, event->case_id, &draft);
        if (rc == 1)
            rc = imi_error_set ("case %s has no draft to send", event->case_id);
        if (rc == 0 && *event->reply_date)
            snprintf (draft.reply_date, sizeof draft.reply_date, "%s", event->reply_date);
        if (rc == 0)
            event = &draft;
    }
    if (rc == 0)
        rc = s_check_uploads (self, action);
    if (rc == 0)
        rc = s_prepare (self, &loaded, user, event);
    if (rc == 0 && sending)
        rc = imi_cases_check_authority (self, event->responder, loaded.procedure);
    imi_peer_t *peer = rc == 0? s_peer_of (self, &loaded): NULL;
    if (rc == 0 && !peer)
        rc = -2;
    bool hold = !sending && s_holds_back (&loaded) && s_personal (event);
    if (rc == 0 && (rc = imi_store_begin (self->store)) == 0) {
        rc = hold? s_act_holding (self, &loaded, peer, event, action)
                 : s_emit (self, &loaded, peer, event, action->file_count? action->files: NULL);
        rc = imi_node_commit (self, rc);
    }
    action->held = rc == 0 && hold;
    if (rc == 0)
        imi_log (IMI_LOG_INFO, "case.event", "case=%s kind=%s user=%s state=%s held=%s",
                 loaded.id, event->kind, user->name, imi_case_state_name (loaded.folded.state),
                 hold? "yes": "no");
    if (sending)
        imi_case_event_cleanup (&draft);
    imi_case_free (&loaded);
    return rc;
}

int
imi_cases_discard (imi_node_t *self, const imi_user_t *user, const char *case_id)
{
    imi_case_t loaded;
    int rc = imi_case_for (self, user, case_id, true, NULL, &loaded);
    if (rc)
        return rc;
    imi_case_state_t state = loaded.folded.state;
    bool draft = state == IMI_CASE_DRAFT && !loaded.event_count;
    imi_case_free (&loaded);
    if (!draft)
        return imi_error_refuse (IMI_ERROR_CONFLICT, "case %s is %s, not a draft: withdraw it "
                                 "instead", case_id, imi_case_state_name (state));
    imi_case_free (&loaded);
    rc = imi_store_begin (self->store);
    if (rc == 0) {
        rc = s_delete_rows (self, s_draft_delete, case_id);
        if (rc == 0)
            rc = s_delete_rows (self, s_held_delete, case_id);
        if (rc == 0)
            rc = imi_attachments_drop (self, IMI_ATTACHMENT_CASE, case_id);
        if (rc == 0)
            rc = s_delete_rows (self, s_case_delete, case_id);
        rc = imi_node_commit (self, rc);
    }
    return rc;
}

//  ---------------------------------------------------------------------------
//  Applying the other side's messages

//  A piece names its object, not whose it is: the pieces of an alert's
//  files are noted here too (retention reads the notes of a case's id only).
int
imi_cases_apply_part (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                      const uint8_t *plain, size_t plain_size)
{
    char object_id [IMI_CASE_ID_MAX + 1];
    int rc = imi_attachments_apply_part (self, plain, plain_size, object_id);
    if (rc == 0)
        rc = s_message_note (self, object_id, true, peer->node.state, view->header.seq);
    return rc;
}

static int
s_case_create_received (imi_node_t *self, const imi_case_event_t *event, int our_side)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_case_insert_received);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, event->case_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, event->procedure, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, event->requester, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, event->responder, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, event->lang, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, imi_node_now ());
    sqlite3_bind_int (statement, 7, our_side);
    return imi_store_step_done (self->store, statement, "recording a received case");
}

//  Apply a case event on the link with peer: the other side's (own false),
//  or one of ours that peer returned after our database was restored
//  (own true: the same checks, with the sides the other way round).
static int
s_apply_event (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
               const uint8_t *plain, size_t plain_size, bool own)
{
    imi_case_event_t event;
    if (imi_case_event_decode (&event, plain, plain_size))
        return -2;
    const char *from = own? self->settings.state: peer->node.state;
    const char *to = own? peer->node.state: self->settings.state;
    //  The case's tail: the event is folded alone if it goes last (it had
    //  seen every event of ours), with all the case's events if it crossed
    //  one of ours (imi_workflow_last)
    imi_case_t loaded;
    int rc = imi_case_load (self, event.case_id, IMI_CASE_TAIL, &loaded);
    if (rc == 1) {
        //  A new request: it comes from the case's state, to one of the other
        if (strcmp (event.kind, "send") != 0 || event.side != IMI_SIDE_REQUESTER || event.n != 1
        ||  strncmp (event.case_id, from, 2) != 0
        ||  strncmp (event.responder, to, 2) != 0)
            rc = imi_error_malformed ("case %s: %s from %s is not a new request to %s",
                                      event.case_id, event.kind, from, own? to: "us");
        else
        if (!imi_catalogue_request_rules (self->catalogue, event.procedure))
            rc = imi_error_malformed ("case %s: procedure %s is not an information request "
                                      "procedure here", event.case_id, event.procedure);
        else {
            //  A request the table would void opens no case
            imi_case_folded_t draft;
            imi_workflow_init (&draft);
            rc = imi_workflow_check (&draft, &event);
        }
        if (rc == 0)
            rc = s_case_create_received (self, &event,
                                         own? IMI_SIDE_REQUESTER: IMI_SIDE_RESPONDER);
        //  Whole (no events yet): the new row is not a fold's until saved
        if (rc == 0)
            rc = imi_case_load (self, event.case_id, NULL, &loaded);
    }
    else
    if (rc == 0) {
        const char *other = loaded.side == IMI_SIDE_REQUESTER? loaded.responder
                                                            : loaded.requester;
        if (((int) event.side == loaded.side) != own || strncmp (other, peer->node.state, 2) != 0)
            rc = imi_error_malformed ("case %s: %s may not write side %u events",
                                      event.case_id, from, event.side);
        else
        if (event.n > S_EVENTS_MAX / 2)
            rc = imi_error_malformed ("case %s: more than %d events from %s", event.case_id,
                                      S_EVENTS_MAX / 2, from);
        else
        if (event.n != loaded.folded.count [event.side] + 1)
            rc = imi_error_malformed ("case %s: event %llu arrived after %llu",
                                      event.case_id, (unsigned long long) event.n,
                                      (unsigned long long) loaded.folded.count [event.side]);
    }
    for (size_t index = 0; rc == 0 && index < event.file_count; index++)
        rc = imi_attachments_take (self, IMI_ATTACHMENT_CASE, event.case_id, &event.files [index],
                                   (int) event.side, event.n);
    if (rc == 0)
        rc = s_event_store (self, &event, plain, plain_size);
    if (rc == 0)
        rc = s_message_note (self, event.case_id, !own, peer->node.state, view->header.seq);
    if (rc == 0)
        rc = s_case_append (self, &loaded, plain, plain_size);
    if (rc == 0)
        rc = s_case_save (self, &loaded);
    if (rc == 0 && !own)
        rc = s_release_held (self, &loaded, peer);
    if (rc == 0)
        imi_log (IMI_LOG_INFO, own? "case.restored": "case.applied",
                 "case=%s kind=%s from=%s state=%s", event.case_id, event.kind, from,
                 imi_case_state_name (loaded.folded.state));
    imi_case_free (&loaded);
    imi_case_event_cleanup (&event);
    return rc;
}

int
imi_cases_apply_event (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                       const uint8_t *plain, size_t plain_size)
{
    return s_apply_event (self, peer, view, plain, plain_size, false);
}

static int
s_restore_event (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                 const uint8_t *plain, size_t plain_size)
{
    return s_apply_event (self, peer, view, plain, plain_size, true);
}

//  Our pieces come back before the event that claims them, like the other
//  side's: kept the same way.
static int
s_restore_part (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                const uint8_t *plain, size_t plain_size)
{
    char object_id [IMI_CASE_ID_MAX + 1];
    int rc = imi_attachments_apply_part (self, plain, plain_size, object_id);
    if (rc == 0)
        rc = s_message_note (self, object_id, false, peer->node.state, view->header.seq);
    return rc;
}

//  A restore's repair gave our message at seq to peer a new number.
static int
s_renumbered (imi_node_t *self, imi_peer_t *peer, uint64_t seq, uint64_t new_seq)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_message_renumber);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) seq);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) new_seq);
    return imi_store_step_done (self->store, statement, "renumbering a case's message");
}

//  ---------------------------------------------------------------------------
//  The cases module (imi_module.h)

static const imi_message_handler_t s_messages [] = {
    { .type = IMI_TYPE_CASE_EVENT, .apply = imi_cases_apply_event, .own = s_restore_event },
    { .type = IMI_TYPE_CASE_PART, .apply = imi_cases_apply_part, .own = s_restore_part },
    { 0 }
};

const imi_module_t imi_cases_module = {
    .name = "cases",
    .messages = s_messages,
    .renumbered = s_renumbered,
};
