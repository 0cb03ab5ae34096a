/*  imi_alerts: alerts on a node (see imi_alerts.h and docs/alerts.md).

    Data: one row per alert (alerts), as the sender's events leave it: its
    state, the number of the sender's events so far (version), the
    recipient states, the decision date of the current fields and whether
    the issue went out within the procedure's deadline. The sender's events
    themselves (alert_events) are kept on the sender's node and on every
    recipient node, so both show the same history. alert_recipients holds,
    on a recipient node, the authorities of our state the alert was routed
    to; alert_acks holds the latest acknowledgement of each recipient
    authority: on the sender's node all of them, on a recipient node our
    own.

    Invariants: on every node, alert_events of an alert are 1 .. version
    without a gap (the sender writes them in order, and one in-order link
    carries them to each recipient); the row's state is what the table
    makes of them. Both are kept by checking each event against the row
    before it is stored, on the acting node and on the applying one.

    Attachments (imi_attachments, table alert_attachments): an issue or a
    correction may carry files. The sender's node stores them with the
    event and queues, to each recipient state, the files' CASE_PART pieces
    (case_id = the alert id) before the event; a recipient node assembles
    and checks each file when it applies the event, and refuses the event
    if one is missing or differs.
*/
#include "imi_alerts.h"
#include "imi_attachments.h"
#include "imi_cases.h"
#include "imi_catalogue.h"
#include "imi_directory.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_lines.h"
#include "imi_outbox.h"
#include "imi_page.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_DAY_MS    (24LL * 3600 * 1000)
#define S_STATES_TEXT (IMI_ALERT_STATES_MAX * 3 + 1)   //  "FR PL IT"

//  ---------------------------------------------------------------------------
//  SQL, one place

static const char *s_alert_get =
    "SELECT procedure, sender, ours, state, version, states, decision_date, on_time,"
    " issued_ms FROM alerts WHERE id = ?1";
static const char *s_alert_put =
    "INSERT OR REPLACE INTO alerts (id, procedure, sender, ours, state, version, states,"
    " decision_date, on_time, issued_ms, updated_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif (?8, ''), nullif (?9, -1), ?10, ?11)";
static const char *s_event_insert =
    "INSERT INTO alert_events (alert_id, n, kind, actor, at_ms, body)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char *s_events_get =
    "SELECT body FROM alert_events WHERE alert_id = ?1 ORDER BY n";
//  Our authorities with any competence in a legal area (one row each: the
//  area's row, procedure ''): the candidates, each then checked with the
//  competence rule of imi_cases_check_authority.
static const char *s_in_area =
    "SELECT key FROM authority_areas WHERE substr (key, 1, 3) = ?1 || ':'"
    " AND legal_area = ?2 AND procedure = '' ORDER BY key";
static const char *s_recipient_insert =
    "INSERT OR IGNORE INTO alert_recipients (alert_id, authority) VALUES (?1, ?2)";
static const char *s_recipient_get =
    "SELECT 1 FROM alert_recipients WHERE alert_id = ?1 AND authority = ?2";
static const char *s_recipients_get =
    "SELECT r.authority, a.version, a.actor, a.at_ms FROM alert_recipients r"
    " LEFT JOIN alert_acks a ON a.alert_id = r.alert_id AND a.authority = r.authority"
    " WHERE r.alert_id = ?1 ORDER BY r.authority";
static const char *s_ack_put =
    "INSERT OR REPLACE INTO alert_acks (alert_id, authority, version, actor, at_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char *s_acks_get =
    "SELECT authority, version, actor, at_ms FROM alert_acks WHERE alert_id = ?1"
    " ORDER BY at_ms, authority";

//  ---------------------------------------------------------------------------
//  The transition table

typedef enum {
    S_NONE,                     //  not issued yet
    S_ISSUED,
    S_CORRECTED,
    S_WITHDRAWN,
    S_CLOSED,
    S_SAME                      //  "to": no change
} s_state_t;

static const char *s_state_names [] = { "none", "issued", "corrected", "withdrawn", "closed" };

//  What an event carries, as a mask.
#define S_PROCEDURE (1u << 0)
#define S_STATES    (1u << 1)
#define S_FIELDS    (1u << 2)
#define S_TEXT      (1u << 3)
#define S_FILES     (1u << 4)
#define S_BIT(state) (1u << (state))
#define S_OPEN      (S_BIT (S_ISSUED) | S_BIT (S_CORRECTED))

static const struct {
    unsigned from;              //  states it may happen in, a mask of S_BIT
    const char *kind;
    bool sender;                //  the sender's, or a recipient's
    s_state_t to;
    unsigned carries;           //  what it may carry
    unsigned needs_all;         //  what it must carry
    unsigned needs_one;         //  at least one of these, if not 0
} s_table [] = {
    { S_BIT (S_NONE), "issue", true, S_ISSUED,
      S_PROCEDURE | S_STATES | S_FIELDS | S_TEXT | S_FILES, S_PROCEDURE | S_STATES | S_TEXT, 0 },
    { S_OPEN, "correct", true, S_CORRECTED, S_FIELDS | S_TEXT | S_FILES, 0,
      S_FIELDS | S_TEXT | S_FILES },
    { S_OPEN, "withdraw", true, S_WITHDRAWN, S_TEXT, 0, 0 },
    { S_OPEN, "close", true, S_CLOSED, 0, 0, 0 },
    { S_OPEN, "acknowledge", false, S_SAME, 0, 0, 0 },
};
#define S_TABLE_ROWS (sizeof s_table / sizeof s_table [0])

static unsigned
s_carried (const imi_alert_event_t *event)
{
    return (*event->procedure? S_PROCEDURE: 0) | (event->state_count? S_STATES: 0)
         | (event->field_count? S_FIELDS: 0) | (event->text? S_TEXT: 0)
         | (event->file_count? S_FILES: 0);
}

//  May event happen to an alert in state? 0 with *to set, or -2 naming the
//  alert's state ("cannot correct alert DE-...: it is withdrawn").
static int
s_transition (s_state_t state, const imi_alert_event_t *event, s_state_t *to)
{
    size_t row = 0;
    while (row < S_TABLE_ROWS && strcmp (s_table [row].kind, event->kind) != 0)
        row++;
    if (row == S_TABLE_ROWS)
        return imi_error_malformed ("alert %s: unknown kind '%s'", event->alert_id, event->kind);
    if (!(s_table [row].from & S_BIT (state)))
        return state == S_NONE
             ? imi_error_refuse (IMI_ERROR_CONFLICT, "cannot %s alert %s: it was never issued",
                                 event->kind, event->alert_id)
             : imi_error_refuse (IMI_ERROR_CONFLICT, "cannot %s alert %s: it is %s",
                                 event->kind, event->alert_id, s_state_names [state]);
    unsigned carried = s_carried (event);
    if (carried & ~s_table [row].carries)
        return imi_error_malformed ("alert %s: %s carries %s", event->alert_id, event->kind,
                                    s_table [row].carries & S_FILES
                                    ? "only a text, fields and attachments"
                                    : s_table [row].carries & S_TEXT
                                    ? "only a text": "nothing");
    if ((carried & s_table [row].needs_all) != s_table [row].needs_all)
        return imi_error_malformed ("alert %s: %s needs a procedure, recipient states and a "
                                    "text", event->alert_id, event->kind);
    if (s_table [row].needs_one && !(carried & s_table [row].needs_one))
        return imi_error_malformed ("alert %s: %s needs new fields, a new text or attachments",
                                    event->alert_id, event->kind);
    *to = s_table [row].to;
    return 0;
}

//  ---------------------------------------------------------------------------
//  The alert's row

typedef struct {
    char id [IMI_CASE_ID_MAX + 1];
    char procedure [IMI_CASE_CODE_MAX + 1];
    char sender [IMI_CASE_AUTHORITY_MAX + 1];
    bool ours;                              //  our authority sent it
    s_state_t state;
    uint64_t version;                       //  the sender's events so far
    char states [S_STATES_TEXT];            //  recipient states, space-separated
    char decision_date [IMI_CASE_DATE_BYTES + 1];   //  "" if none
    int on_time;                            //  1, 0, -1 = no deadline
    int64_t issued_ms;
} s_alert_t;

//  Load alert id's row. 0, 1 if there is none, -1.
static int
s_alert_load (imi_node_t *self, const char *id, s_alert_t *alert)
{
    memset (alert, 0, sizeof *alert);
    sqlite3_stmt *statement = imi_store_statement (self->store, s_alert_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        snprintf (alert->id, sizeof alert->id, "%s", id);
        imi_store_column_text (statement, 0, alert->procedure, sizeof alert->procedure);
        imi_store_column_text (statement, 1, alert->sender, sizeof alert->sender);
        alert->ours = sqlite3_column_int (statement, 2);
        const char *state = (const char *) sqlite3_column_text (statement, 3);
        alert->state = S_NONE;
        for (size_t index = S_ISSUED; state && index <= S_CLOSED; index++)
            if (strcmp (state, s_state_names [index]) == 0)
                alert->state = (s_state_t) index;
        alert->version = (uint64_t) sqlite3_column_int64 (statement, 4);
        imi_store_column_text (statement, 5, alert->states, sizeof alert->states);
        imi_store_column_text (statement, 6, alert->decision_date, sizeof alert->decision_date);
        alert->on_time = sqlite3_column_type (statement, 7) == SQLITE_NULL
                       ? -1: sqlite3_column_int (statement, 7);
        alert->issued_ms = sqlite3_column_int64 (statement, 8);
    }
    sqlite3_reset (statement);
    if (rc == SQLITE_DONE)
        return 1;
    return rc == SQLITE_ROW? 0: imi_store_error (self->store, "reading an alert");
}

//  Fold a sender's event (checked by s_transition, to) into the row.
static void
s_alert_fold (imi_node_t *self, s_alert_t *alert, const imi_alert_event_t *event, s_state_t to)
{
    if (strcmp (event->kind, "issue") == 0) {
        snprintf (alert->id, sizeof alert->id, "%s", event->alert_id);
        snprintf (alert->procedure, sizeof alert->procedure, "%s", event->procedure);
        snprintf (alert->sender, sizeof alert->sender, "%s", event->authority);
        alert->issued_ms = (int64_t) event->at_ms;
        alert->states [0] = 0;
        for (size_t index = 0; index < event->state_count; index++)
            snprintf (alert->states + strlen (alert->states),
                      sizeof alert->states - strlen (alert->states), "%s%s",
                      index? " ": "", event->states [index]);
    }
    alert->version = event->n;
    if (to != S_SAME)
        alert->state = to;
    const imi_alert_rules_t *rules = imi_catalogue_alert_rules (self->catalogue,
                                                                alert->procedure);
    if (event->field_count) {
        alert->decision_date [0] = 0;
        for (size_t index = 0; rules && index < event->field_count; index++)
            if (strcmp (event->fields [index].id, rules->decision_field) == 0)
                snprintf (alert->decision_date, sizeof alert->decision_date, "%s",
                          event->fields [index].value);
    }
    //  Sent within the deadline: the issue's signed day against the decision's
    int64_t decided;
    alert->on_time = -1;
    if (rules && rules->send_days && imi_case_date_parse (alert->decision_date, &decided))
        alert->on_time = alert->issued_ms / S_DAY_MS - decided <= rules->send_days;
}

static int
s_alert_save (imi_node_t *self, const s_alert_t *alert)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_alert_put);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, alert->id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, alert->procedure, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, alert->sender, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 4, alert->ours);
    sqlite3_bind_text (statement, 5, s_state_names [alert->state], -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, (sqlite3_int64) alert->version);
    sqlite3_bind_text (statement, 7, alert->states, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 8, alert->decision_date, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 9, alert->on_time);
    sqlite3_bind_int64 (statement, 10, alert->issued_ms);
    sqlite3_bind_int64 (statement, 11, imi_node_now ());
    return imi_store_step_done (self->store, statement, "saving an alert");
}

static int
s_event_store (imi_node_t *self, const imi_alert_event_t *event, const uint8_t *body,
               size_t body_size)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_event_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, event->alert_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) event->n);
    sqlite3_bind_text (statement, 3, event->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, event->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 5, (sqlite3_int64) event->at_ms);
    sqlite3_bind_blob (statement, 6, body, (int) body_size, SQLITE_STATIC);
    return imi_store_step_done (self->store, statement, "storing an alert event");
}

static int
s_ack_store (imi_node_t *self, const imi_alert_event_t *event)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_ack_put);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, event->alert_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, event->authority, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) event->n);
    sqlite3_bind_text (statement, 4, event->actor, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 5, (sqlite3_int64) event->at_ms);
    return imi_store_step_done (self->store, statement, "storing an acknowledgement");
}

//  Is authority one of our recipients of alert id? 1 yes, 0 no, -1.
static int
s_is_recipient (imi_node_t *self, const char *id, const char *authority)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_recipient_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, authority, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (self->store, "reading an alert's recipients");
    return rc == SQLITE_ROW;
}

//  Within a transaction: route a received alert to our authorities
//  competent for its procedure: a competence in its legal area that
//  covers the whole area (no procedures listed) or names the procedure.
//  The index of areas cannot tell these apart (every competence gives its
//  area a row), so each authority of the area is checked against its
//  directory entry.
static int
s_route (imi_node_t *self, const s_alert_t *alert, size_t *count)
{
    *count = 0;
    const char *area = imi_catalogue_procedure_area (self->catalogue, alert->procedure);
    sqlite3_stmt *statement = imi_store_statement (self->store, s_in_area);
    if (!statement || !area)
        return statement? 0: -1;
    sqlite3_bind_text (statement, 1, self->settings.state, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, area, -1, SQLITE_STATIC);
    zlist_t *keys = zlist_new ();
    zlist_autofree (keys);
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
        zlist_append (keys, (void *) sqlite3_column_text (statement, 0));
    sqlite3_reset (statement);
    rc = rc == SQLITE_DONE? 0: imi_store_error (self->store, "finding competent authorities");
    for (char *key = zlist_first (keys); key && rc == 0; key = zlist_next (keys)) {
        int competent = imi_cases_check_authority (self, key, alert->procedure);
        if (competent == -2)
            continue;
        statement = competent? NULL: imi_store_statement (self->store, s_recipient_insert);
        rc = statement? 0: -1;
        if (statement) {
            sqlite3_bind_text (statement, 1, alert->id, -1, SQLITE_STATIC);
            sqlite3_bind_text (statement, 2, key, -1, SQLITE_STATIC);
            rc = imi_store_step_done (self->store, statement, "routing an alert");
            (*count)++;
        }
    }
    zlist_destroy (&keys);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Acting

//  Fields of the procedure's set with acceptable values; the decision date
//  there and not in the future. 0 or -2.
static int
s_check_fields (imi_node_t *self, const imi_alert_rules_t *rules, const imi_alert_event_t *event)
{
    const char *decision = NULL;
    for (size_t index = 0; index < event->field_count; index++) {
        const imi_case_pair_t *pair = &event->fields [index];
        const imi_question_t *field = imi_catalogue_question (self->catalogue, pair->id);
        if (!field || !field->subject || strcmp (field->set, rules->field_set) != 0)
            return imi_error_malformed ("unknown field '%s' for procedure %s", pair->id,
                                        rules->procedure);
        if (imi_catalogue_answer_check (self->catalogue, pair->id, pair->value))
            return -2;
        if (strcmp (pair->id, rules->decision_field) == 0)
            decision = pair->value;
    }
    int64_t days;
    if (!decision)
        return imi_error_malformed ("field %s (the date of the decision) is required",
                                    rules->decision_field);
    if (!imi_case_date_parse (decision, &days) || days > imi_node_now () / S_DAY_MS)
        return imi_error_malformed ("the decision date %s is in the future", decision);
    return 0;
}

//  Fill in who and when and the text's language; check the text's size.
static int
s_prepare (const imi_user_t *user, const char *authority, uint64_t n, imi_alert_event_t *event)
{
    event->n = n;
    event->at_ms = (uint64_t) imi_node_now ();
    snprintf (event->actor, sizeof event->actor, "%s", user->name);
    snprintf (event->authority, sizeof event->authority, "%s", authority);
    if (event->text && !*event->text)
        return imi_error_malformed ("the text is empty");
    if (event->text && strlen (event->text) > IMI_ALERT_TEXT_MAX)
        return imi_error_malformed ("the text is %zu bytes; at most %d", strlen (event->text),
                                    IMI_ALERT_TEXT_MAX);
    if (event->text && !*event->text_lang)
        snprintf (event->text_lang, sizeof event->text_lang, "%s", user->lang);
    return imi_alert_event_validate (event);
}

//  How attachment pieces and events of alerts go out (no note for
//  retention: alerts are not cases).
static int
s_enqueue (imi_node_t *self, imi_peer_t *peer, const char *alert_id, uint32_t type,
           const uint8_t *plain, size_t size)
{
    (void) alert_id;
    return imi_outbox_enqueue (self->store, peer, self->identity, type, plain, size,
                               imi_node_now ());
}

//  Within a transaction: queue event (encoded as body) to the node of each
//  state of the space-separated list states, the pieces of its (stored)
//  files first.
static int
s_send_to (imi_node_t *self, const char *states, const imi_alert_event_t *event,
           const uint8_t *body, size_t body_size)
{
    int rc = 0;
    for (const char *state = states; *state && rc == 0; state += strspn (state + 2, " ") + 2) {
        char code [3] = { state [0], state [1], 0 };
        imi_peer_t *peer = imi_node_peer (self, code);
        if (!peer)
            rc = imi_error_malformed ("state %s is no longer in the federation", code);
        for (size_t index = 0; rc == 0 && index < event->file_count; index++)
            rc = imi_attachments_send (self, peer, IMI_ATTACHMENT_ALERT, event->alert_id,
                                       &event->files [index], s_enqueue);
        if (rc == 0)
            rc = s_enqueue (self, peer, event->alert_id, IMI_TYPE_ALERT_EVENT, body, body_size);
    }
    return rc;
}

//  Store a sender's event (checked) with its files (uploads, described in
//  event->files) and fold it, queue it to the recipient states; one
//  transaction.
static int
s_emit (imi_node_t *self, s_alert_t *alert, const imi_alert_event_t *event, s_state_t to,
        const imi_attachment_upload_t *uploads)
{
    uint8_t *body;
    size_t body_size;
    int rc = imi_alert_event_encode (event, &body, &body_size);
    if (rc)
        return rc;
    s_alert_fold (self, alert, event, to);
    rc = imi_store_begin (self->store);
    if (rc == 0) {
        rc = s_event_store (self, event, body, body_size);
        for (size_t index = 0; rc == 0 && index < event->file_count; index++)
            rc = imi_attachments_store (self, IMI_ATTACHMENT_ALERT, event->alert_id,
                                        &event->files [index], 0, event->n,
                                        uploads [index].data);
        if (rc == 0)
            rc = s_alert_save (self, alert);
        if (rc == 0)
            rc = s_send_to (self, alert->states, event, body, body_size);
        rc = imi_node_commit (self, rc);
    }
    free (body);
    return rc;
}

//  Check the uploads and describe them as the event's files. 0 or -2.
static int
s_check_uploads (imi_node_t *self, imi_alert_event_t *event,
                 const imi_attachment_upload_t *uploads, size_t upload_count)
{
    if (upload_count && !event->files)
        return imi_error_malformed ("attachments without room to describe them");
    if (imi_attachments_check (self, uploads, upload_count, event->files))
        return -2;
    event->file_count = upload_count;
    return 0;
}

int
imi_alerts_issue (imi_node_t *self, const imi_user_t *user, imi_alert_event_t *event, bool all,
                  const imi_attachment_upload_t *uploads, size_t upload_count,
                  char alert_id [IMI_CASE_ID_MAX + 1])
{
    *alert_id = 0;
    if (!imi_user_can_act (user, user->authority))
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "you cannot act (role %s)",
                                 imi_role_name (user->role));
    const imi_alert_rules_t *rules = imi_catalogue_alert_rules (self->catalogue,
                                                                event->procedure);
    if (!*event->procedure)
        return imi_error_malformed ("which procedure? (--procedure, e.g. pq-alert)");
    if (!rules)
        return imi_error_malformed ("procedure '%s' is not an alert procedure", event->procedure);
    //  As for notifications: only an authority competent for the procedure
    //  warns under it (docs/alerts.md, "Who may issue").
    int competent = imi_cases_check_authority (self, user->authority, event->procedure);
    if (competent) {
        if (competent != -2)
            return imi_error_wrap ("only an authority competent for %s may issue it",
                                   event->procedure);
        char reason [IMI_ERROR_MAX];
        snprintf (reason, sizeof reason, "%s", imi_error_last ());
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "only an authority competent for %s may "
                                 "issue it: %s", event->procedure, reason);
    }
    if (all && event->state_count)
        return imi_error_malformed ("to all, or to states: not both");
    if (all)
        for (size_t index = 0; index < self->peer_count
             && event->state_count < IMI_ALERT_STATES_MAX; index++)
            snprintf (event->states [event->state_count++], 3, "%s",
                      self->peers [index]->node.state);
    if (!event->state_count)
        return imi_error_malformed (all? "there is no other state in the federation"
                                       : "to which states? (--to XX, repeatable, or --to all)");
    for (size_t index = 0; index < event->state_count; index++) {
        if (strcmp (event->states [index], self->settings.state) == 0)
            return imi_error_malformed ("an alert goes to other states, not to %s",
                                        self->settings.state);
        if (!imi_node_peer (self, event->states [index]))
            return imi_error_malformed ("state '%s' is not in the federation",
                                        event->states [index]);
    }
    if (s_check_fields (self, rules, event) || s_check_uploads (self, event, uploads, upload_count))
        return -2;
    uint8_t random [8];
    imi_random (random, sizeof random);
    snprintf (event->alert_id, sizeof event->alert_id, "%s-", self->settings.state);
    imi_hex_encode (event->alert_id + 3, random, sizeof random);
    snprintf (event->kind, sizeof event->kind, "issue");
    s_state_t to;
    if (s_prepare (user, user->authority, 1, event) || s_transition (S_NONE, event, &to))
        return -2;
    s_alert_t alert = { .ours = true, .state = S_NONE };
    int rc = s_emit (self, &alert, event, to, uploads);
    if (rc == 0) {
        snprintf (alert_id, IMI_CASE_ID_MAX + 1, "%s", event->alert_id);
        imi_log (IMI_LOG_INFO, "alert.issue", "alert=%s user=%s procedure=%s states=%zu",
                 alert_id, user->name, event->procedure, event->state_count);
    }
    return rc;
}

//  The alert for user: loaded and readable. 0, -2 if none or not theirs, -1.
static int
s_alert_for (imi_node_t *self, const imi_user_t *user, const char *id, s_alert_t *alert)
{
    int rc = s_alert_load (self, id, alert);
    if (rc == 1)
        return imi_error_refuse (IMI_ERROR_NOT_FOUND, "no alert %s", id);
    if (rc)
        return rc;
    if (imi_user_can_read (user, alert->sender))
        return 0;
    if (!alert->ours && user->role == IMI_ROLE_COORDINATOR)
        return 0;
    rc = alert->ours? 0: s_is_recipient (self, id, user->authority);
    return rc < 0? -1: rc? 0: imi_error_refuse (IMI_ERROR_NOT_FOUND, "no alert %s", id);
}

int
imi_alerts_visible (imi_node_t *self, const imi_user_t *user, const char *alert_id)
{
    s_alert_t alert;
    int rc = s_alert_for (self, user, alert_id, &alert);
    return rc == 0? 1: rc == -2? 0: -1;
}

int
imi_alerts_act (imi_node_t *self, const imi_user_t *user, imi_alert_event_t *event,
                const char *authority, const imi_attachment_upload_t *uploads,
                size_t upload_count)
{
    s_alert_t alert;
    int rc = s_alert_for (self, user, event->alert_id, &alert);
    if (rc)
        return rc;
    bool sender = false;
    if (!imi_alert_kind_valid (event->kind, &sender) || strcmp (event->kind, "issue") == 0)
        return imi_error_malformed ("unknown alert action '%s'", event->kind);
    if (sender && !alert.ours)
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "only the sender of alert %s (%s) can %s "
                                 "it", alert.id, alert.sender, event->kind);
    if (!sender && alert.ours)
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "alert %s is your own: recipients "
                                 "acknowledge it", alert.id);
    const char *speaks = sender? alert.sender: authority? authority: user->authority;
    if (!imi_user_can_act (user, speaks))
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "you cannot act for %s on alert %s",
                                 speaks, alert.id);
    if (!sender && (rc = s_is_recipient (self, alert.id, speaks)) != 1)
        return rc < 0? -1: imi_error_refuse (IMI_ERROR_FORBIDDEN, "%s is not a recipient of "
                                             "alert %s", speaks, alert.id);
    const imi_alert_rules_t *rules = imi_catalogue_alert_rules (self->catalogue, alert.procedure);
    if (!rules)
        return imi_error_malformed ("procedure %s of alert %s is not in this node's catalogue",
                                    alert.procedure, alert.id);
    if ((event->field_count && s_check_fields (self, rules, event))
    ||  s_check_uploads (self, event, uploads, upload_count))
        return -2;
    s_state_t to;
    if (s_prepare (user, speaks, sender? alert.version + 1: alert.version, event)
    ||  s_transition (alert.state, event, &to))
        return -2;
    if (sender && event->n > IMI_ALERT_EVENTS_MAX)
        return imi_error_refuse (IMI_ERROR_CONFLICT, "alert %s has reached %d events", alert.id,
                                 IMI_ALERT_EVENTS_MAX);
    if (sender)
        rc = s_emit (self, &alert, event, to, uploads);
    else {
        //  An acknowledgement: kept here, and sent to the sender's node
        uint8_t *body = NULL;
        size_t body_size;
        char home [3] = { alert.id [0], alert.id [1], 0 };
        rc = imi_alert_event_encode (event, &body, &body_size);
        if (rc == 0 && (rc = imi_store_begin (self->store)) == 0) {
            rc = s_ack_store (self, event);
            if (rc == 0)
                rc = s_send_to (self, home, event, body, body_size);
            rc = imi_node_commit (self, rc);
        }
        free (body);
    }
    if (rc == 0)
        imi_log (IMI_LOG_INFO, "alert.event", "alert=%s kind=%s user=%s authority=%s",
                 alert.id, event->kind, user->name, speaks);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Applying a peer's event

//  Keep a sender's event that came over the wire (checked by s_transition,
//  to): folded into the row, its files from their pieces, the event stored.
static int
s_take_event (imi_node_t *self, s_alert_t *alert, const imi_alert_event_t *event, s_state_t to,
              const uint8_t *plain, size_t plain_size)
{
    s_alert_fold (self, alert, event, to);
    int rc = 0;
    for (size_t index = 0; rc == 0 && index < event->file_count; index++)
        rc = imi_attachments_take (self, IMI_ATTACHMENT_ALERT, event->alert_id,
                                   &event->files [index], 0, event->n);
    if (rc == 0)
        rc = s_event_store (self, event, plain, plain_size);
    if (rc == 0)
        rc = s_alert_save (self, alert);
    return rc;
}

int
imi_alerts_apply (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                  const uint8_t *plain, size_t plain_size)
{
    (void) view;
    imi_alert_event_t event;
    if (imi_alert_event_decode (&event, plain, plain_size))
        return -2;
    const char *from = peer->node.state;
    bool sender = false;
    (void) imi_alert_kind_valid (event.kind, &sender);
    s_alert_t alert;
    int rc = s_alert_load (self, event.alert_id, &alert);
    s_state_t to = S_SAME;
    if (rc == 1 && strcmp (event.kind, "issue") == 0)
        rc = 0;
    else
    if (rc == 1)
        rc = imi_error_malformed ("alert %s: %s from %s for an alert we do not hold",
                                  event.alert_id, event.kind, from);
    //  Who may write what: the sender's events come from the alert's state,
    //  for that state's authority; an acknowledgement from a recipient state.
    if (rc == 0 && strncmp (event.authority, from, 2) != 0)
        rc = imi_error_malformed ("alert %s: %s may not speak for %s", event.alert_id, from,
                                  event.authority);
    if (rc == 0 && sender) {
        if (strncmp (event.alert_id, from, 2) != 0 || (alert.state != S_NONE && alert.ours))
            rc = imi_error_malformed ("alert %s: %s is not its sender", event.alert_id, from);
        else
        if (alert.state != S_NONE && strcmp (event.authority, alert.sender) != 0)
            rc = imi_error_malformed ("alert %s: %s is not its sender", event.alert_id,
                                      event.authority);
        else
        if (event.n != alert.version + 1)
            rc = imi_error_malformed ("alert %s: event %llu arrived after %llu", event.alert_id,
                                      (unsigned long long) event.n,
                                      (unsigned long long) alert.version);
        if (rc == 0 && strcmp (event.kind, "issue") == 0) {
            bool to_us = false;
            for (size_t index = 0; index < event.state_count; index++)
                to_us |= strcmp (event.states [index], self->settings.state) == 0;
            if (!to_us)
                rc = imi_error_malformed ("alert %s is not addressed to %s", event.alert_id,
                                          self->settings.state);
            else
            if (!imi_catalogue_alert_rules (self->catalogue, event.procedure))
                rc = imi_error_malformed ("alert %s: procedure %s is not an alert procedure "
                                          "here", event.alert_id, event.procedure);
        }
        if (rc == 0)
            rc = s_transition (alert.state, &event, &to);
    }
    else
    if (rc == 0) {
        //  An acknowledgement of ours, from a state it went to, of a version
        //  we sent. One that crossed our withdrawal or closing is still
        //  recorded: the alert was open at the recipient when it was made.
        bool went = alert.ours && strstr (alert.states, from) != NULL;
        if (!went)
            rc = imi_error_malformed ("alert %s: %s did not receive it from us", event.alert_id,
                                      from);
        else
        if (event.n > alert.version)
            rc = imi_error_malformed ("alert %s: acknowledges version %llu of %llu",
                                      event.alert_id, (unsigned long long) event.n,
                                      (unsigned long long) alert.version);
    }
    size_t routed = 0;
    if (rc == 0 && sender) {
        bool issue = alert.state == S_NONE;
        rc = s_take_event (self, &alert, &event, to, plain, plain_size);
        if (rc == 0 && issue)
            rc = s_route (self, &alert, &routed);
    }
    else
    if (rc == 0)
        rc = s_ack_store (self, &event);
    if (rc == 0)
        imi_log (IMI_LOG_INFO, "alert.applied", "alert=%s kind=%s from=%s authority=%s "
                 "routed=%zu", event.alert_id, event.kind, from, event.authority, routed);
    imi_alert_event_cleanup (&event);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Reading

//  Whether the issue went out within the procedure's deadline: {on_time,
//  days (after the decision), limit}, or null when the procedure has none.
static json_t *
s_in_time (imi_node_t *self, const s_alert_t *alert)
{
    const imi_alert_rules_t *rules = imi_catalogue_alert_rules (self->catalogue,
                                                                alert->procedure);
    int64_t decided;
    if (alert->on_time < 0 || !rules || !imi_case_date_parse (alert->decision_date, &decided))
        return json_null ();
    return json_pack ("{s:b, s:I, s:i}", "on_time", alert->on_time,
                      "days", (json_int_t) (alert->issued_ms / S_DAY_MS - decided),
                      "limit", rules->send_days);
}

//  The states of a space-separated list ("FR PL") as an array.
static json_t *
s_states (const char *states)
{
    json_t *array = json_array ();
    for (const char *state = states; array && *state; state += strspn (state + 2, " ") + 2)
        if (json_array_append_new (array, json_stringn (state, 2)))
            json_decref (array), array = NULL;
    return array;
}

//  An alert's facts, as the list and the show give them: {id, procedure,
//  sender, direction (out: ours; in), state, version, states, issued,
//  decision_date (absent if none), in_time (s_in_time)}. NULL out of memory.
static json_t *
s_alert_value (imi_node_t *self, const s_alert_t *alert)
{
    char issued [32];
    imi_lines_time_data (alert->issued_ms, issued);
    return json_pack ("{s:s, s:s, s:s, s:s, s:s, s:I, s:o*, s:s, s:s*, s:o*}",
                      "id", alert->id, "procedure", alert->procedure, "sender", alert->sender,
                      "direction", alert->ours? "out": "in",
                      "state", s_state_names [alert->state],
                      "version", (json_int_t) alert->version, "states", s_states (alert->states),
                      "issued", issued,
                      "decision_date", *alert->decision_date? alert->decision_date: NULL,
                      "in_time", s_in_time (self, alert));
}

//  Acknowledgement counts of a row, into item: at the sender
//  "acknowledged", the authorities that did (and "recipients" null); at a
//  recipient, of our authorities it was routed to, "acknowledged" of
//  "recipients".
static int
s_ack_counts (imi_node_t *self, const s_alert_t *alert, json_t *item)
{
    sqlite3_stmt *statement = imi_store_statement (self->store,
                                                   alert->ours? s_acks_get: s_recipients_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, alert->id, -1, SQLITE_STATIC);
    int rc;
    json_int_t count = 0, acked = 0;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        count++;
        acked += sqlite3_column_type (statement, 1) != SQLITE_NULL;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (self->store, "reading acknowledgements");
    if (json_object_set_new (item, "acknowledged", json_integer (acked))
    ||  json_object_set_new (item, "recipients", alert->ours? json_null (): json_integer (count)))
        return imi_error_set ("out of memory");
    return 0;
}

//  The list's SQL: newest first, from after the keyset (?1 ms, ?2 id; ?1
//  null: from the start).
static const char *s_alert_page =
    "SELECT id FROM alerts WHERE ?1 IS NULL OR issued_ms < ?1 OR (issued_ms = ?1 AND id > ?2)"
    " ORDER BY issued_ms DESC, id";

int
imi_alerts_list (imi_node_t *self, const imi_user_t *user, const char *cursor, long limit,
                 json_t *page)
{
    int64_t after_ms = 0;
    char after_id [IMI_PAGE_ID_MAX + 1] = "";
    if (cursor && imi_page_keyset (cursor, &after_ms, after_id))
        return -2;
    sqlite3_stmt *statement = imi_store_statement (self->store, s_alert_page);
    if (!statement)
        return -1;
    if (cursor) {
        sqlite3_bind_int64 (statement, 1, after_ms);
        sqlite3_bind_text (statement, 2, after_id, -1, SQLITE_STATIC);
    }
    json_t *items = json_object_get (page, "items");
    s_alert_t alert, last;
    memset (&last, 0, sizeof last);
    int rc = 0, step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        int found = s_alert_for (self, user, (const char *) sqlite3_column_text (statement, 0),
                                 &alert);
        if (found == -2)
            continue;
        if (found) {
            rc = -1;
            break;
        }
        if ((long) json_array_size (items) == limit) {
            rc = imi_page_next_keyset (page, last.issued_ms, last.id);
            break;
        }
        json_t *item = s_alert_value (self, &alert);
        rc = item? s_ack_counts (self, &alert, item): imi_error_set ("out of memory");
        if (rc == 0 && json_array_append (items, item))
            rc = imi_error_set ("out of memory");
        json_decref (item);
        last = alert;
    }
    if (rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = imi_store_error (self->store, "listing alerts");
    sqlite3_reset (statement);
    return rc;
}

//  A field's value for a reader: a choice in their language.
static const char *
s_value (imi_node_t *self, const imi_case_pair_t *pair, const char *lang)
{
    const imi_question_t *field = imi_catalogue_question (self->catalogue, pair->id);
    const char *shown = field && field->type == IMI_ANSWER_CHOICE
                      ? imi_catalogue_option_text (self->catalogue, pair->id, pair->value, lang)
                      : NULL;
    return shown? shown: pair->value;
}

//  An event of the history: {n, time, kind, actor, authority, states,
//  then for a reader of personal data fields [{id, name, type, value}]
//  (name and type left out for a field our catalogue lacks), text (a
//  free text, imi_translate_text, or null) and attachments [{name, size,
//  sha256}], else content_hidden: whether it carried any}. NULL out of
//  memory.
static json_t *
s_event_value (imi_node_t *self, const imi_alert_event_t *event, const char *lang,
               bool personal, imi_translate_job_t *translate)
{
    json_t *states = json_array ();
    for (size_t index = 0; states && index < event->state_count; index++)
        if (json_array_append_new (states, json_string (event->states [index])))
            json_decref (states), states = NULL;
    char at [32];
    imi_lines_time_data ((int64_t) event->at_ms, at);
    json_t *value = json_pack ("{s:I, s:s, s:s, s:s, s:s, s:o*}",
                               "n", (json_int_t) event->n, "time", at,
                               "kind", event->kind, "actor", event->actor,
                               "authority", event->authority, "states", states);
    if (!value)
        return NULL;
    if (!personal) {
        bool carried = event->field_count || event->text || event->file_count;
        if (json_object_set_new (value, "content_hidden", json_boolean (carried)))
            json_decref (value), value = NULL;
        return value;
    }
    json_t *fields = json_array (), *files = json_array ();
    for (size_t index = 0; fields && index < event->field_count; index++) {
        //  A field this node's catalogue lacks has no name nor type here
        const char *id = event->fields [index].id;
        const imi_question_t *question = imi_catalogue_question (self->catalogue, id);
        if (json_array_append_new (fields, json_pack (
                "{s:s, s:s*, s:s*, s:s}", "id", id,
                "name", imi_catalogue_question_text (self->catalogue, id, lang),
                "type", question? imi_catalogue_answer_type_name (question->type): NULL,
                "value", s_value (self, &event->fields [index], lang))))
            json_decref (fields), fields = NULL;
    }
    for (size_t index = 0; files && index < event->file_count; index++) {
        char hash [2 * IMI_HASH_BYTES + 1];
        imi_hex_encode (hash, event->files [index].hash, IMI_HASH_BYTES);
        if (json_array_append_new (files, json_pack (
                "{s:s, s:I, s:s}", "name", event->files [index].name,
                "size", (json_int_t) event->files [index].size, "sha256", hash)))
            json_decref (files), files = NULL;
    }
    json_t *text = event->text? imi_translate_text (translate, event->text, event->text_lang)
                              : json_null ();
    if (!fields || !files || !text
    ||  json_object_set_new (value, "fields", fields)
    ||  json_object_set_new (value, "text", text)
    ||  json_object_set_new (value, "attachments", files)) {
        json_decref (value);
        return NULL;
    }
    return value;
}

//  Append alert's events to history. 0, -1.
static int
s_history (imi_node_t *self, const imi_user_t *user, const s_alert_t *alert, const char *lang,
           imi_translate_job_t *translate, json_t *history)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_events_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, alert->id, -1, SQLITE_STATIC);
    bool personal = imi_user_sees_content (user, IMI_EXCHANGE_ALERT);
    int rc = 0, step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        imi_alert_event_t event;
        rc = imi_alert_event_decode (&event, sqlite3_column_blob (statement, 0),
                                     (size_t) sqlite3_column_bytes (statement, 0))
           ? imi_error_wrap ("alert %s: a stored event does not decode", alert->id): 0;
        if (rc == 0) {
            if (json_array_append_new (history, s_event_value (self, &event, lang, personal,
                                                               translate)))
                rc = imi_error_set ("out of memory");
            imi_alert_event_cleanup (&event);
        }
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = imi_store_error (self->store, "reading an alert's events");
    sqlite3_reset (statement);
    return rc;
}

//  Append the acknowledgements to acks: at the sender every recipient's,
//  at a recipient our authorities', each {authority, version, by, time}
//  (null but the authority if it has not acknowledged). 0, -1.
static int
s_acknowledgements (imi_node_t *self, const s_alert_t *alert, json_t *acks)
{
    sqlite3_stmt *statement = imi_store_statement (self->store,
                                                   alert->ours? s_acks_get: s_recipients_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, alert->id, -1, SQLITE_STATIC);
    int rc = 0, step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        const char *authority = (const char *) sqlite3_column_text (statement, 0);
        char at [32];
        imi_lines_time_data (sqlite3_column_int64 (statement, 3), at);
        json_t *ack = sqlite3_column_type (statement, 1) == SQLITE_NULL
            ? json_pack ("{s:s, s:n, s:n, s:n}", "authority", authority, "version", "by",
                         "time")
            : json_pack ("{s:s, s:I, s:s, s:s}", "authority", authority,
                         "version", (json_int_t) sqlite3_column_int64 (statement, 1),
                         "by", (const char *) sqlite3_column_text (statement, 2), "time", at);
        if (json_array_append_new (acks, ack))
            rc = imi_error_set ("out of memory");
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = imi_store_error (self->store, "reading acknowledgements");
    sqlite3_reset (statement);
    return rc;
}

//  The actions user may take on alert now, by the transition table: the
//  sender's steps for who may act for the sender authority; acknowledge
//  for who may act for one of our recipient authorities. NULL out of
//  memory or on a database error (reason set).
static json_t *
s_actions (imi_node_t *self, const imi_user_t *user, const s_alert_t *alert)
{
    bool recipient = false;
    if (!alert->ours) {
        sqlite3_stmt *statement = imi_store_statement (self->store, s_recipients_get);
        if (!statement)
            return NULL;
        sqlite3_bind_text (statement, 1, alert->id, -1, SQLITE_STATIC);
        int step;
        while (!recipient && (step = sqlite3_step (statement)) == SQLITE_ROW)
            recipient = imi_user_can_act (user,
                                          (const char *) sqlite3_column_text (statement, 0));
        sqlite3_reset (statement);
        if (!recipient && step != SQLITE_DONE) {
            imi_store_error (self->store, "reading an alert's recipients");
            return NULL;
        }
    }
    bool sender = alert->ours && imi_user_can_act (user, alert->sender);
    json_t *actions = json_array ();
    for (size_t row = 0; actions && row < S_TABLE_ROWS; row++)
        if (s_table [row].from & S_BIT (alert->state)
        &&  (s_table [row].sender? sender: recipient)
        &&  json_array_append_new (actions, json_string (s_table [row].kind)))
            json_decref (actions), actions = NULL;
    if (!actions)
        imi_error_set ("out of memory");
    return actions;
}

int
imi_alerts_show (imi_node_t *self, const imi_user_t *user, const char *alert_id,
                 const char *lang, imi_translate_job_t *translate, json_t **result)
{
    *result = NULL;
    s_alert_t alert;
    int rc = s_alert_for (self, user, alert_id, &alert);
    if (rc)
        return rc;
    if (!lang || !imi_catalogue_has_language (self->catalogue, lang))
        lang = user->lang;
    const char *procedure = imi_catalogue_procedure_name (self->catalogue, alert.procedure,
                                                         lang);
    json_t *value = s_alert_value (self, &alert);
    json_t *refusals = json_array (), *history = json_array (), *acks = json_array ();
    json_t *actions = s_actions (self, user, &alert);
    if (!actions)
        rc = -1;
    else
    if (!value || !refusals || !history || !acks
    ||  json_object_set_new (value, "procedure_name", procedure? json_string (procedure)
                                                                   : json_null ())
    ||  json_object_set_new (value, "actions", actions)
    ||  json_object_set (value, "refusals", refusals)
    ||  json_object_set (value, "history", history)
    ||  json_object_set (value, "acknowledgements", acks))
        rc = imi_error_set ("out of memory");
    //  Steps a recipient's node refused: not delivered, whatever the link says.
    if (rc == 0)
        rc = imi_outbox_refusals_data (self->store, alert.id, refusals);
    if (rc == 0)
        rc = s_history (self, user, &alert, lang, translate, history);
    if (rc == 0)
        rc = s_acknowledgements (self, &alert, acks);
    if (rc == 0)
        rc = imi_directory_name_authorities (self->directory, value, lang);
    json_decref (refusals);
    json_decref (history);
    json_decref (acks);
    if (rc)
        json_decref (value);
    else
        *result = value;
    return rc;
}

//  A field of an alert procedure, for the form that fills it: {id, name,
//  type (yes-no, choice, date or text), options [{code, text}]
//  (imi_catalogue_options_value)}, in lang. NULL out of memory.
static json_t *
s_field_form (imi_node_t *self, const imi_question_t *field, const char *lang)
{
    static const char *types [] = {
        [IMI_ANSWER_YES_NO] = "yes-no", [IMI_ANSWER_CHOICE] = "choice",
        [IMI_ANSWER_DATE] = "date", [IMI_ANSWER_TEXT] = "text"
    };
    json_t *options = imi_catalogue_options_value (self->catalogue, field, lang);
    return options? json_pack ("{s:s, s:s?, s:s, s:o}", "id", field->id,
                               "name", imi_catalogue_question_text (self->catalogue, field->id,
                                                                    lang),
                               "type", types [field->type], "options", options): NULL;
}

//  An alert procedure's own members, for imi_cases_procedures: its
//  decision field, deadline (days, or null) and fields. 1 for a procedure
//  of another kind.
static int
s_procedure_fill (imi_node_t *self, const char *procedure, const char *lang, json_t *item)
{
    const imi_alert_rules_t *rules = imi_catalogue_alert_rules (self->catalogue, procedure);
    if (!rules)
        return 1;
    json_t *fields = json_array ();
    const imi_question_t *field;
    for (size_t at = 0; fields
         && (field = imi_catalogue_question_at (self->catalogue, rules->field_set, at)); at++)
        if (field->subject && json_array_append_new (fields, s_field_form (self, field, lang)))
            json_decref (fields), fields = NULL;
    if (!fields
    ||  json_object_set_new (item, "decision_field", json_string (rules->decision_field))
    ||  json_object_set_new (item, "send_within", rules->send_days
                                                  ? json_integer (rules->send_days): json_null ())
    ||  json_object_set_new (item, "fields", fields))
        return imi_error_set ("out of memory");
    return 0;
}

int
imi_alerts_procedures (imi_node_t *self, const imi_user_t *user, const char *lang,
                       json_t **result)
{
    return imi_cases_procedures (self, user, lang, "may_issue", s_procedure_fill, result);
}

int
imi_alerts_attachment (imi_node_t *self, const imi_user_t *user, const char *alert_id,
                       const char *which, uint8_t **data, size_t *size)
{
    s_alert_t alert;
    int rc = s_alert_for (self, user, alert_id, &alert);
    if (rc)
        return rc;
    if (!imi_user_sees_content (user, IMI_EXCHANGE_ALERT))
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "the attachments of alert %s are not "
                                 "shown to you (role %s)", alert_id, imi_role_name (user->role));
    return imi_attachments_fetch (self, IMI_ATTACHMENT_ALERT, alert_id, which, -1, data, size);
}

//  ---------------------------------------------------------------------------
//  The alerts module (imi_module.h)

//  One of our alert events that a peer returned after our database was
//  restored (imi_recovery): folded as when we made it, once (each state an
//  alert went to returns it); our acknowledgement of the peer's alert is
//  kept again.
static int
s_restore_event (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                 const uint8_t *plain, size_t plain_size)
{
    (void) peer, (void) view;
    imi_alert_event_t event;
    if (imi_alert_event_decode (&event, plain, plain_size))
        return -2;
    bool sender = false;
    (void) imi_alert_kind_valid (event.kind, &sender);
    s_alert_t alert;
    int rc = s_alert_load (self, event.alert_id, &alert);
    if (rc >= 0 && !sender)
        rc = rc == 1? imi_error_malformed ("alert %s: our acknowledgement of an alert we do not "
                                           "hold", event.alert_id)
                    : s_ack_store (self, &event);
    else
    if (rc >= 0) {
        if (rc == 1)
            alert = (s_alert_t) { .ours = true, .state = S_NONE };
        rc = 0;
        s_state_t to = S_SAME;
        if (strncmp (event.alert_id, self->settings.state, 2) != 0 || !alert.ours)
            rc = imi_error_malformed ("alert %s is not ours", event.alert_id);
        else
        if (event.n <= alert.version)
            ;                           //  another state returned it first
        else
        if (event.n != alert.version + 1)
            rc = imi_error_malformed ("alert %s: event %llu arrived after %llu", event.alert_id,
                                      (unsigned long long) event.n,
                                      (unsigned long long) alert.version);
        else
        if ((rc = s_transition (alert.state, &event, &to)) == 0) {
            rc = s_take_event (self, &alert, &event, to, plain, plain_size);
            if (rc == 0)
                imi_log (IMI_LOG_INFO, "alert.restored", "alert=%s kind=%s", event.alert_id,
                         event.kind);
        }
    }
    imi_alert_event_cleanup (&event);
    return rc;
}

static const imi_message_handler_t s_messages [] = {
    { .type = IMI_TYPE_ALERT_EVENT, .apply = imi_alerts_apply, .own = s_restore_event },
    { 0 }
};

const imi_module_t imi_alerts_module = { .name = "alerts", .messages = s_messages };
