/*  imi_retention: blocking and deleting the personal data of closed cases
    (see imi_retention.h for what is erased and what is kept).
*/
#include "imi_retention.h"
#include "imi_audit.h"
#include "imi_codec.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_translate.h"

#include <assert.h>
#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_DAY_MS (24LL * 3600 * 1000)
#define S_BLOCK_MONTHS_DEFAULT 6        //  Art. 14: at the latest 6 months after closure

//  ---------------------------------------------------------------------------
//  SQL, one place

//  Closed, not blocked yet: which are due depends on the procedure
static const char *s_block_candidates =
    "SELECT id, procedure, closed_ms FROM cases"
    " WHERE closed_ms IS NOT NULL AND blocked_ms IS NULL AND deleted_ms IS NULL"
    " AND closed_ms <= ?1";
//  Closed about 3 years ago or more, not deleted (the exact date is checked in C)
static const char *s_delete_candidates =
    "SELECT id, closed_ms FROM cases"
    " WHERE closed_ms IS NOT NULL AND deleted_ms IS NULL AND closed_ms <= ?1";
//  Deleted cases with something left to erase
static const char *s_sweep_candidates =
    "SELECT id FROM cases WHERE deleted_ms IS NOT NULL AND id IN ("
    " SELECT case_id FROM case_events WHERE personal = 1 AND erased_ms IS NULL"
    " UNION SELECT m.case_id FROM case_messages m WHERE m.erased_ms IS NULL"
    " AND (m.inbound = 1 OR EXISTS (SELECT 1 FROM outbox o WHERE o.peer = m.peer"
    " AND o.seq = m.seq AND o.delivered_ms IS NOT NULL)))";
static const char *s_case_block =
    "UPDATE cases SET blocked_ms = ?2 WHERE id = ?1 AND blocked_ms IS NULL";
static const char *s_case_deleted =
    "UPDATE cases SET deleted_ms = ?2, blocked_ms = coalesce (blocked_ms, ?2) WHERE id = ?1";
static const char *s_case_retention =
    "SELECT deleted_ms FROM cases WHERE id = ?1";
static const char *s_events_personal =
    "SELECT side, n, body FROM case_events"
    " WHERE case_id = ?1 AND personal = 1 AND erased_ms IS NULL AND body IS NOT NULL";
static const char *s_event_erase =
    "UPDATE case_events SET body = ?4, erased_ms = ?5 WHERE case_id = ?1 AND side = ?2 AND n = ?3";
static const char *s_files_erase =
    "UPDATE case_attachments SET data = NULL, name = '" IMI_RETENTION_ERASED "'"
    " WHERE case_id = ?1";
static const char *s_drafts_delete = "DELETE FROM case_drafts WHERE case_id = ?1";
static const char *s_held_delete = "DELETE FROM case_held WHERE case_id = ?1";
//  Every text of the case not erased yet: its events' and what it held back
static const char *s_bodies_unerased =
    "SELECT body FROM case_events WHERE case_id = ?1 AND personal = 1 AND erased_ms IS NULL"
    " AND body IS NOT NULL UNION ALL SELECT body FROM case_held WHERE case_id = ?1";
static const char *s_parts_delete = "DELETE FROM case_parts WHERE case_id = ?1";
static const char *s_parts_stale = "DELETE FROM case_parts WHERE received_ms < ?1";
static const char *s_messages_left =
    "SELECT inbound, peer, seq FROM case_messages WHERE case_id = ?1 AND erased_ms IS NULL";
static const char *s_inbox_envelope =
    "SELECT envelope FROM inbox WHERE peer = ?1 AND seq = ?2";
//  Undelivered messages stay whole: the outbox may still have to resend them
static const char *s_outbox_envelope =
    "SELECT envelope FROM outbox WHERE peer = ?1 AND seq = ?2 AND delivered_ms IS NOT NULL";
static const char *s_inbox_cut = "UPDATE inbox SET envelope = ?3 WHERE peer = ?1 AND seq = ?2";
static const char *s_outbox_cut = "UPDATE outbox SET envelope = ?3 WHERE peer = ?1 AND seq = ?2";
static const char *s_outbox_exists = "SELECT 1 FROM outbox WHERE peer = ?1 AND seq = ?2";
static const char *s_message_erased =
    "UPDATE case_messages SET erased_ms = ?5"
    " WHERE case_id = ?1 AND inbound = ?2 AND peer = ?3 AND seq = ?4";

//  ---------------------------------------------------------------------------
//  Dates

int64_t
imi_retention_add_months (int64_t ms, int months)
{
    assert (months >= 0);
    int64_t days = ms / S_DAY_MS;
    int64_t within = ms - days * S_DAY_MS;
    char date [32];
    imi_case_date_format (days, date);
    int year, month, day;
    if (sscanf (date, "%4d-%2d-%2d", &year, &month, &day) == 3) {
        int total = year * 12 + month - 1 + months;
        //  The same day of the month, or the month's last if it is shorter
        for (; day >= 1; day--) {
            snprintf (date, sizeof date, "%04d-%02d-%02d", total / 12, total % 12 + 1, day);
            if (imi_case_date_parse (date, &days))
                return days * S_DAY_MS + within;
        }
    }
    return ms + (int64_t) months * 31 * S_DAY_MS;       //  outside the calendar's years
}

//  ---------------------------------------------------------------------------
//  Redaction

void
imi_retention_redact (imi_case_event_t *event)
{
    //  Subject fields: gone (a disclose event needs none to fold)
    for (size_t index = 0; index < event->subject_count; index++)
        free (event->subject [index].value);
    free (event->subject);
    event->subject = NULL;
    event->subject_count = 0;
    //  Answers: which questions were answered stays; what was answered goes
    for (size_t index = 0; index < event->answer_count; index++) {
        free (event->answers [index].value);
        event->answers [index].value = strdup (IMI_RETENTION_ERASED);
        assert (event->answers [index].value);
    }
    //  Text and files: one marker, so that an event whose only content was
    //  text or files still has content when the fold checks what it needs
    bool had_content = event->text || event->file_count;
    free (event->text);
    event->text = NULL;
    event->text_lang [0] = 0;
    free (event->files);
    event->files = NULL;
    event->file_count = 0;
    if (had_content) {
        event->text = strdup (IMI_RETENTION_ERASED);
        assert (event->text);
        snprintf (event->text_lang, sizeof event->text_lang, "en");
    }
}

//  An envelope without its sealed body: [header, empty bin, signature],
//  the signed header and the signature as they were (the header's body
//  hash still names what was sent). 0 with *out malloc'd, -2 if envelope
//  does not decode (an erased one no longer does: no sealed box).
static int
s_envelope_cut (const uint8_t *envelope, size_t size, uint8_t **out, size_t *out_size)
{
    imi_envelope_view_t view;
    if (imi_envelope_decode (&view, envelope, size))
        return -2;
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 3);
    imi_writer_bin (&writer, view.header_bytes, view.header_size);
    imi_writer_bin (&writer, "", 0);
    imi_writer_bin (&writer, view.signature, IMI_SIGNATURE_BYTES);
    *out = imi_writer_take (&writer, out_size);
    imi_writer_cleanup (&writer);
    return *out? 0: -1;
}

//  ---------------------------------------------------------------------------
//  Deleting one case's personal data (in the caller's transaction)

typedef struct {
    int side;
    int64_t n;
    uint8_t *body;
    size_t size;
} s_redacted_t;

static int
s_erase_events (imi_store_t *store, const char *case_id, int64_t now_ms, size_t *erased)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_events_personal);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    s_redacted_t *rows = NULL;
    size_t count = 0, capacity = 0;
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step (statement)) == SQLITE_ROW) {
        imi_case_event_t event;
        if (imi_case_event_decode (&event, sqlite3_column_blob (statement, 2),
                                   (size_t) sqlite3_column_bytes (statement, 2))) {
            result = imi_error_set ("case %s: a stored event does not decode: %s", case_id,
                                    imi_error_last ());
            break;
        }
        if (count == capacity) {
            capacity = capacity? capacity * 2: 16;
            rows = realloc (rows, capacity * sizeof (s_redacted_t));
            assert (rows);
        }
        s_redacted_t *row = &rows [count++];
        row->side = sqlite3_column_int (statement, 0);
        row->n = sqlite3_column_int64 (statement, 1);
        row->body = NULL;
        imi_retention_redact (&event);
        if (imi_case_event_encode (&event, &row->body, &row->size))
            result = imi_error_wrap ("case %s: redacting event %d/%lld", case_id, row->side,
                                     (long long) row->n);
        imi_case_event_cleanup (&event);
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = imi_store_error (store, "reading a case's events");
    sqlite3_reset (statement);
    for (size_t index = 0; index < count; index++) {
        if (result == 0 && (statement = imi_store_statement (store, s_event_erase))) {
            sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
            sqlite3_bind_int (statement, 2, rows [index].side);
            sqlite3_bind_int64 (statement, 3, rows [index].n);
            sqlite3_bind_blob (statement, 4, rows [index].body, (int) rows [index].size,
                               SQLITE_STATIC);
            sqlite3_bind_int64 (statement, 5, now_ms);
            result = imi_store_step_done (store, statement, "erasing an event");
        }
        else
        if (result == 0)
            result = -1;
        free (rows [index].body);
    }
    free (rows);
    *erased += count;
    return result;
}

//  Drop the cached machine translations of every text of case_id: a copy
//  of personal data that nothing needs as proof of the exchange.
static int
s_forget_translations (imi_store_t *store, const char *case_id)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_bodies_unerased);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    zlist_t *texts = zlist_new ();
    zlist_autofree (texts);
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step (statement)) == SQLITE_ROW) {
        imi_case_event_t event;
        if (imi_case_event_decode (&event, sqlite3_column_blob (statement, 0),
                                   (size_t) sqlite3_column_bytes (statement, 0)))
            result = imi_error_set ("case %s: a stored event does not decode: %s", case_id,
                                    imi_error_last ());
        else {
            if (event.text)
                zlist_append (texts, event.text);
            imi_case_event_cleanup (&event);
        }
    }
    if (result == 0 && rc != SQLITE_DONE)
        result = imi_store_error (store, "reading a case's texts");
    sqlite3_reset (statement);
    for (char *text = zlist_first (texts); text && result == 0; text = zlist_next (texts))
        result = imi_translate_cache_forget (store, text);
    zlist_destroy (&texts);
    return result;
}

static int
s_run (imi_store_t *store, const char *sql, const char *case_id, const char *what)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, what);
}

//  Cut the body of the envelope at peer/seq in the inbox (inbound) or the
//  outbox. 0 if cut or nothing left to cut, 1 if it must wait (an outbox
//  message not delivered yet), -1.
static int
s_cut_message (imi_store_t *store, bool inbound, const char *peer, int64_t seq)
{
    sqlite3_stmt *statement = imi_store_statement (store, inbound? s_inbox_envelope
                                                                 : s_outbox_envelope);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, seq);
    uint8_t *cut = NULL;
    size_t cut_size = 0;
    int rc = sqlite3_step (statement), found = rc == SQLITE_ROW;
    if (found) {
        //  A stored envelope that no longer decodes cannot be cut: its row
        //  is left as it is and the run carries on (counted as done).
        if (s_envelope_cut (sqlite3_column_blob (statement, 0),
                            (size_t) sqlite3_column_bytes (statement, 0), &cut, &cut_size) == -2)
            imi_log (IMI_LOG_WARN, "retention.envelope", "peer=%s seq=%lld reason=%s", peer,
                     (long long) seq, imi_error_last ());
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "reading an envelope");
    if (cut) {
        statement = imi_store_statement (store, inbound? s_inbox_cut: s_outbox_cut);
        rc = statement? 0: -1;
        if (statement) {
            sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (statement, 2, seq);
            sqlite3_bind_blob (statement, 3, cut, (int) cut_size, SQLITE_STATIC);
            rc = imi_store_step_done (store, statement, "erasing an envelope's body");
        }
        free (cut);
        return rc;
    }
    if (found || inbound)
        return 0;
    //  Not delivered, or no longer in the outbox at all?
    statement = imi_store_statement (store, s_outbox_exists);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, seq);
    rc = sqlite3_step (statement);
    sqlite3_reset (statement);
    return rc == SQLITE_ROW? 1: rc == SQLITE_DONE? 0: imi_store_error (store, "reading the outbox");
}

typedef struct {
    bool inbound;
    char peer [3];
    int64_t seq;
} s_message_t;

static int
s_erase_messages (imi_store_t *store, const char *case_id, int64_t now_ms, size_t *erased)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_messages_left);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    s_message_t *messages = NULL;
    size_t count = 0, capacity = 0;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        if (count == capacity) {
            capacity = capacity? capacity * 2: 32;
            messages = realloc (messages, capacity * sizeof (s_message_t));
            assert (messages);
        }
        s_message_t *message = &messages [count++];
        message->inbound = sqlite3_column_int (statement, 0) != 0;
        const char *peer = (const char *) sqlite3_column_text (statement, 1);
        snprintf (message->peer, sizeof message->peer, "%s", peer? peer: "");
        message->seq = sqlite3_column_int64 (statement, 2);
    }
    sqlite3_reset (statement);
    int result = rc == SQLITE_DONE? 0: imi_store_error (store, "reading a case's envelopes");
    for (size_t index = 0; index < count && result == 0; index++) {
        s_message_t *message = &messages [index];
        rc = s_cut_message (store, message->inbound, message->peer, message->seq);
        if (rc == 1)
            continue;           //  swept once delivered
        if (rc)
            result = -1;
        else
        if ((statement = imi_store_statement (store, s_message_erased))) {
            sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
            sqlite3_bind_int (statement, 2, message->inbound);
            sqlite3_bind_text (statement, 3, message->peer, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (statement, 4, message->seq);
            sqlite3_bind_int64 (statement, 5, now_ms);
            result = imi_store_step_done (store, statement, "noting an envelope erased");
            (*erased)++;
        }
        else
            result = -1;
    }
    free (messages);
    return result;
}

//  Within a transaction: delete what is left of case_id's personal data;
//  *erased counts the events and envelopes erased.
static int
s_delete (imi_store_t *store, const char *case_id, int64_t now_ms, size_t *erased)
{
    *erased = 0;
    int rc = s_forget_translations (store, case_id);
    if (rc == 0)
        rc = s_erase_events (store, case_id, now_ms, erased);
    if (rc == 0)
        rc = s_run (store, s_files_erase, case_id, "erasing attachments");
    if (rc == 0)
        rc = s_run (store, s_drafts_delete, case_id, "deleting drafts");
    if (rc == 0)
        rc = s_run (store, s_held_delete, case_id, "deleting what was held back");
    if (rc == 0)
        rc = s_run (store, s_parts_delete, case_id, "deleting attachment pieces");
    if (rc == 0)
        rc = s_erase_messages (store, case_id, now_ms, erased);
    return rc;
}

static int
s_mark (imi_store_t *store, const char *sql, const char *case_id, int64_t now_ms,
        const char *what)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, now_ms);
    return imi_store_step_done (store, statement, what);
}

//  What one step does to one case, as its own transaction.
typedef enum { S_BLOCK, S_DELETE, S_SWEEP, S_ERASE } s_step_t;

static int
s_step (imi_store_t *store, s_step_t step, const char *case_id, const char *reason,
        int64_t now_ms, size_t *erased)
{
    *erased = 0;
    int rc = imi_store_begin (store);
    if (rc)
        return rc;
    char detail [IMI_CASE_ID_MAX + IMI_RETENTION_REASON_MAX + 32];
    snprintf (detail, sizeof detail, "case=%s", case_id);
    if (step == S_BLOCK) {
        rc = s_mark (store, s_case_block, case_id, now_ms, "blocking a case");
        if (rc == 0)
            rc = s_forget_translations (store, case_id);
        if (rc == 0)
            rc = imi_audit_local (store, "retention.blocked", detail, now_ms);
    }
    else {
        rc = s_delete (store, case_id, now_ms, erased);
        if (rc == 0 && step != S_SWEEP)
            rc = s_mark (store, s_case_deleted, case_id, now_ms, "deleting a case's data");
        if (step == S_ERASE)
            snprintf (detail, sizeof detail, "case=%s reason=%s", case_id, reason);
        if (rc == 0 && step != S_SWEEP)
            rc = imi_audit_local (store, step == S_ERASE? "retention.erased": "retention.deleted",
                                  detail, now_ms);
    }
    rc = imi_store_finish (store, rc);
    if (rc == 0) {
        if (step == S_BLOCK)
            imi_log (IMI_LOG_INFO, "retention.blocked", "%s", detail);
        else
        if (step == S_SWEEP)
            imi_log (IMI_LOG_INFO, "retention.swept", "%s erased=%zu", detail, *erased);
        else
            imi_log (IMI_LOG_INFO, step == S_ERASE? "retention.erased": "retention.deleted",
                     "%s erased=%zu", detail, *erased);
    }
    return rc;
}

//  After erasing: the old copies the WAL keeps of what was erased leave
//  the disk (deleted content is zeroed as it goes: secure_delete). If a
//  reader keeps the WAL, the next run's checkpoint finishes it; the
//  erasure itself is committed either way.
static void
s_checkpoint (imi_store_t *store)
{
    int rc = imi_store_checkpoint (store);
    if (rc)
        imi_log (IMI_LOG_WARN, "retention.checkpoint", "done=no reason=%s",
                 rc == 1? "a reader holds the WAL; the next run truncates it": imi_error_last ());
}

//  ---------------------------------------------------------------------------
//  The job

//  The ids a query returns (bound to bound_ms) whose due date, from
//  closed_ms in column closed_column (or -1: due already), has come.
static int
s_due (imi_store_t *store, imi_catalogue_t *catalogue, const char *sql, int64_t bound_ms,
       int64_t now_ms, int months, zlist_t *ids)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return -1;
    if (bound_ms)
        sqlite3_bind_int64 (statement, 1, bound_ms);
    int rc;
    int columns = sqlite3_column_count (statement);
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        const char *id = (const char *) sqlite3_column_text (statement, 0);
        bool due = true;
        if (columns > 1) {
            int after = months;
            if (!after) {
                const imi_request_rules_t *rules = imi_catalogue_request_rules (
                    catalogue, (const char *) sqlite3_column_text (statement, 1));
                after = rules? rules->block_months: S_BLOCK_MONTHS_DEFAULT;
            }
            int64_t closed = sqlite3_column_int64 (statement, columns - 1);
            due = imi_retention_add_months (closed, after) <= now_ms;
        }
        if (due && id)
            zlist_append (ids, (void *) id);       //  copied: autofree
    }
    sqlite3_reset (statement);
    return rc == SQLITE_DONE? 0: imi_store_error (store, "finding the cases retention is due for");
}

int
imi_retention_run (imi_store_t *store, imi_catalogue_t *catalogue, int64_t now_ms,
                   imi_retention_report_t *report)
{
    memset (report, 0, sizeof *report);
    const struct {
        s_step_t step;
        const char *sql;
        int64_t bound_ms;           //  no closure after this can be due
        int months;                 //  0: the procedure's block_months
        size_t *count;
    } phases [] = {
        { S_DELETE, s_delete_candidates,
          now_ms - (IMI_RETENTION_DELETE_MONTHS / 12 * 365 - 2) * S_DAY_MS,
          IMI_RETENTION_DELETE_MONTHS, &report->deleted },
        { S_BLOCK, s_block_candidates, now_ms, 0, &report->blocked },
        { S_SWEEP, s_sweep_candidates, 0, 0, &report->swept },
    };
    int rc = 0;
    for (size_t phase = 0; phase < sizeof phases / sizeof phases [0] && rc == 0; phase++) {
        zlist_t *ids = zlist_new ();
        zlist_autofree (ids);
        rc = s_due (store, catalogue, phases [phase].sql, phases [phase].bound_ms, now_ms,
                    phases [phase].months, ids);
        for (char *id = zlist_first (ids); id && rc == 0; id = zlist_next (ids)) {
            size_t erased;
            rc = s_step (store, phases [phase].step, id, NULL, now_ms, &erased);
            if (rc == 0 && (phases [phase].step != S_SWEEP || erased))
                (*phases [phase].count)++;
        }
        zlist_destroy (&ids);
    }
    //  Pieces whose event never came
    sqlite3_stmt *statement = rc == 0? imi_store_statement (store, s_parts_stale): NULL;
    if (statement) {
        sqlite3_bind_int64 (statement, 1, now_ms - IMI_RETENTION_PIECES_MS);
        rc = imi_store_step_done (store, statement, "dropping stale attachment pieces");
        if (rc == 0)
            report->pieces = (size_t) sqlite3_changes (imi_store_db (store));
    }
    else
    if (rc == 0)
        rc = -1;
    s_checkpoint (store);
    return rc < 0? -1: rc;
}

int
imi_retention_erase (imi_store_t *store, const char *case_id, const char *reason,
                     int64_t now_ms)
{
    size_t length = reason? strlen (reason): 0;
    if (length == 0 || length > IMI_RETENTION_REASON_MAX)
        return imi_error_malformed ("an erasure needs a reason of 1 to %d bytes (--reason: "
                                    "the data subject's request, by reference)",
                                    IMI_RETENTION_REASON_MAX);
    for (size_t index = 0; index < length; index++)
        if ((unsigned char) reason [index] < 0x20 || reason [index] == 0x7f)
            return imi_error_malformed ("the reason holds a control character");
    sqlite3_stmt *statement = imi_store_statement (store, s_case_retention);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    int64_t deleted_ms = rc == SQLITE_ROW? sqlite3_column_int64 (statement, 0): 0;
    sqlite3_reset (statement);
    if (rc == SQLITE_DONE)
        return imi_error_malformed ("no case %s", case_id);
    if (rc != SQLITE_ROW)
        return imi_store_error (store, "reading a case");
    if (deleted_ms) {
        char date [IMI_CASE_DATE_BYTES + 1];
        imi_case_date_format (deleted_ms / S_DAY_MS, date);
        return imi_error_malformed ("the personal data of case %s was deleted on %s", case_id,
                                    date);
    }
    size_t erased;
    rc = s_step (store, S_ERASE, case_id, reason, now_ms, &erased);
    if (rc == 0)
        s_checkpoint (store);
    return rc;
}
