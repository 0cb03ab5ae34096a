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

//  A page of closed cases whose data is not deleted, after the cursor
//  (closure, rowid), in the order of the partial index cases_for_retention:
//  whether each is due for blocking or deletion is decided in C
static const char *s_closed_cases =
    "SELECT id, procedure, closed_ms, blocked_ms IS NOT NULL, rowid FROM cases"
    " WHERE deleted_ms IS NULL AND closed_ms <= ?1 AND (closed_ms, rowid) > (?2, ?3)"
    " ORDER BY closed_ms, rowid LIMIT ?4";
//  A page of the cases after the cursor with something a deletion erases
//  (open cases too: which are deleted is checked in C). Through the partial
//  indexes: the primary key would walk every envelope erased long ago.
static const char *s_sweep_cases =
    "SELECT case_id FROM case_events WHERE personal = 1 AND erased_ms IS NULL AND case_id > ?1"
    " UNION SELECT m.case_id FROM case_messages m INDEXED BY case_messages_unerased"
    " WHERE m.erased_ms IS NULL AND m.case_id > ?1"
    " AND (m.inbound = 1 OR EXISTS (SELECT 1 FROM outbox o WHERE o.peer = m.peer"
    " AND o.seq = m.seq AND o.delivered_ms IS NOT NULL))"
    " ORDER BY 1 LIMIT ?2";
//  Each checks, in the step's transaction, that the case is still due: an
//  erasure (or another run) may have come first since the page was read
static const char *s_case_block =
    "UPDATE cases SET blocked_ms = ?2 WHERE id = ?1 AND blocked_ms IS NULL AND deleted_ms IS NULL";
static const char *s_case_deleted =
    "UPDATE cases SET deleted_ms = ?2, blocked_ms = coalesce (blocked_ms, ?2)"
    " WHERE id = ?1 AND deleted_ms IS NULL";
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
static const char *s_parts_stale =
    "DELETE FROM case_parts WHERE (case_id, hash, part) IN"
    " (SELECT case_id, hash, part FROM case_parts WHERE received_ms < ?1 LIMIT ?2)";
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

//  Mark case_id (sql binds the id and now_ms): 0, 1 if it was no longer
//  due (the statement changed nothing), -1.
static int
s_mark (imi_store_t *store, const char *sql, const char *case_id, int64_t now_ms,
        const char *what)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, case_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, now_ms);
    if (imi_store_step_done (store, statement, what))
        return -1;
    return sqlite3_changes (imi_store_db (store))? 0: 1;
}

//  What one step does to one case, as its own transaction.
typedef enum { S_BLOCK, S_DELETE, S_SWEEP, S_ERASE } s_step_t;

//  0 done, 1 if the case was no longer due (nothing changed), -2, -1.
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
        if (step != S_SWEEP)
            rc = s_mark (store, s_case_deleted, case_id, now_ms, "deleting a case's data");
        if (rc == 0)
            rc = s_delete (store, case_id, now_ms, erased);
        if (step == S_ERASE)
            snprintf (detail, sizeof detail, "case=%s reason=%s", case_id, reason);
        if (rc == 0 && step != S_SWEEP)
            rc = imi_audit_local (store, step == S_ERASE? "retention.erased": "retention.deleted",
                                  detail, now_ms);
    }
    if (rc == 1) {
        imi_store_rollback (store);
        return 1;
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
//  The job, in steps

#define S_PAGE          256             //  candidate cases read in one step
#define S_PIECES_PAGE   64              //  stale attachment pieces dropped in one step

typedef enum { S_CLOSED, S_DELETED, S_PIECES, S_DONE } s_phase_t;

typedef struct {
    s_step_t step;
    char id [IMI_CASE_ID_MAX + 1];
} s_due_t;

struct _imi_retention_run_t {
    imi_store_t *store;                 //  not owned
    imi_catalogue_t *catalogue;         //  not owned
    int64_t now_ms;                     //  what is due at this time
    s_phase_t phase;
    int64_t after_closed_ms;            //  S_CLOSED: the page cursor, closure then rowid
    int64_t after_rowid;
    char after_id [IMI_CASE_ID_MAX + 1];    //  S_DELETED: the page cursor
    s_due_t due [S_PAGE];               //  the last page's cases to act on
    size_t due_count;
    size_t due_next;                    //  the next of them
    imi_retention_report_t report;
};

imi_retention_run_t *
imi_retention_run_new (imi_store_t *store, imi_catalogue_t *catalogue, int64_t now_ms)
{
    imi_retention_run_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    self->store = store;
    self->catalogue = catalogue;
    self->now_ms = now_ms;
    self->after_closed_ms = INT64_MIN;
    self->after_rowid = INT64_MIN;
    return self;
}

void
imi_retention_run_destroy (imi_retention_run_t **self_p)
{
    free (*self_p);
    *self_p = NULL;
}

const imi_retention_report_t *
imi_retention_run_report (imi_retention_run_t *self)
{
    return &self->report;
}

//  The next page of closed cases not deleted: which are due, for deletion
//  (36 months) or else blocking (the procedure's block_months).
static int
s_closed_page (imi_retention_run_t *self)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_closed_cases);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, self->now_ms);
    sqlite3_bind_int64 (statement, 2, self->after_closed_ms);
    sqlite3_bind_int64 (statement, 3, self->after_rowid);
    sqlite3_bind_int (statement, 4, S_PAGE);
    size_t rows = 0;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        rows++;
        self->after_closed_ms = sqlite3_column_int64 (statement, 2);
        self->after_rowid = sqlite3_column_int64 (statement, 4);
        s_due_t *due = &self->due [self->due_count];
        if (!imi_store_column_text (statement, 0, due->id, sizeof due->id))
            continue;           //  not an id retention can have made: left alone
        int64_t closed = self->after_closed_ms;
        bool blocked = sqlite3_column_int (statement, 3) != 0;
        if (imi_retention_add_months (closed, IMI_RETENTION_DELETE_MONTHS) <= self->now_ms)
            due->step = S_DELETE;
        else {
            const imi_request_rules_t *rules = imi_catalogue_request_rules (
                self->catalogue, (const char *) sqlite3_column_text (statement, 1));
            int months = rules? rules->block_months: S_BLOCK_MONTHS_DEFAULT;
            if (blocked || imi_retention_add_months (closed, months) > self->now_ms)
                continue;
            due->step = S_BLOCK;
        }
        self->due_count++;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (self->store, "finding the cases retention is due for");
    self->report.checked += rows;
    if (rows < S_PAGE)
        self->phase = S_DELETED;
    return 0;
}

//  The next page of cases with something a deletion erases: those deleted
//  are swept (something arrived, or was delivered, since their deletion).
static int
s_deleted_page (imi_retention_run_t *self)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_sweep_cases);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, self->after_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (statement, 2, S_PAGE);
    size_t rows = 0;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        rows++;
        s_due_t *due = &self->due [self->due_count];
        if (!imi_store_column_text (statement, 0, due->id, sizeof due->id))
            break;              //  the cursor could not pass it
        self->due_count++;
        snprintf (self->after_id, sizeof self->after_id, "%s", due->id);
    }
    sqlite3_reset (statement);
    if (rc == SQLITE_ROW)
        return imi_error_set ("the database holds a case id of more than %d bytes: %s...",
                              IMI_CASE_ID_MAX, self->due [self->due_count].id);
    if (rc != SQLITE_DONE)
        return imi_store_error (self->store, "finding the deleted cases to sweep");
    //  Keep those whose data was deleted
    size_t kept = 0;
    for (size_t index = 0; index < self->due_count; index++) {
        statement = imi_store_statement (self->store, s_case_retention);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, self->due [index].id, -1, SQLITE_STATIC);
        rc = sqlite3_step (statement);
        bool deleted = rc == SQLITE_ROW && sqlite3_column_type (statement, 0) != SQLITE_NULL;
        sqlite3_reset (statement);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return imi_store_error (self->store, "reading a case");
        if (deleted) {
            self->due [kept] = self->due [index];
            self->due [kept++].step = S_SWEEP;
        }
    }
    self->due_count = kept;
    if (rows < S_PAGE)
        self->phase = S_PIECES;
    return 0;
}

//  Attachment pieces whose event never came, a page at a time.
static int
s_stale_pieces (imi_retention_run_t *self)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_parts_stale);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, self->now_ms - IMI_RETENTION_PIECES_MS);
    sqlite3_bind_int (statement, 2, S_PIECES_PAGE);
    if (imi_store_step_done (self->store, statement, "dropping stale attachment pieces"))
        return -1;
    size_t dropped = (size_t) sqlite3_changes (imi_store_db (self->store));
    self->report.pieces += dropped;
    if (dropped < S_PIECES_PAGE)
        self->phase = S_DONE;
    return 0;
}

int
imi_retention_run_step (imi_retention_run_t *self)
{
    int rc = 0;
    if (self->due_next < self->due_count) {
        s_due_t *due = &self->due [self->due_next++];
        size_t erased;
        rc = s_step (self->store, due->step, due->id, NULL, self->now_ms, &erased);
        if (rc == 0 && due->step == S_BLOCK)
            self->report.blocked++;
        else
        if (rc == 0 && due->step == S_DELETE)
            self->report.deleted++;
        else
        if (rc == 0 && erased)
            self->report.swept++;
    }
    else {
        self->due_count = self->due_next = 0;
        if (self->phase == S_CLOSED)
            rc = s_closed_page (self);
        else
        if (self->phase == S_DELETED)
            rc = s_deleted_page (self);
        else
        if (self->phase == S_PIECES)
            rc = s_stale_pieces (self);
    }
    if (rc < 0)
        return -1;
    if (self->phase != S_DONE || self->due_next < self->due_count)
        return 1;
    //  The whole run is done: what it erased leaves the WAL too
    s_checkpoint (self->store);
    return 0;
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
    if (rc == 1)
        return imi_error_malformed ("the personal data of case %s was deleted", case_id);
    if (rc == 0)
        s_checkpoint (store);
    return rc;
}
