/*  imi_notifications: notifications on a node (see imi_notifications.h).

    The acting node and the applying nodes run one function, s_step, to
    take an event into their copy: the transition table (s_table), the
    fields the kind needs, the row, the event, the register. The acting
    node also checks what only it can (the user's rights, the catalogue,
    the directory, the recipients being peers) and queues the event; an
    applying node checks that the event's author is the peer that sent it
    and that it comes next in the author's chain.

    Crossing: a recipient may comment while the sender withdraws or closes.
    The comment then reaches the sender's node after the notification
    ended; it is kept, marked void with the reason, not refused.
*/
#include "imi_notifications.h"
#include "imi_cases.h"
#include "imi_crypto.h"
#include "imi_directory.h"
#include "imi_keys.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_lines.h"
#include "imi_outbox.h"
#include "imi_page.h"
#include "imi_repository.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

//  ---------------------------------------------------------------------------
//  The transition table

typedef enum { S_NONE, S_OPEN, S_WITHDRAWN, S_CLOSED } s_state_t;
static const char *s_state_names [] = { "none", "open", "withdrawn", "closed" };

static const struct {
    const char *kind;
    s_state_t from;
    bool sender_only;
    s_state_t to;                   //  S_NONE: stays as it is
} s_table [] = {
    { "create",   S_NONE, true,  S_OPEN },
    { "modify",   S_OPEN, true,  S_NONE },
    { "comment",  S_OPEN, false, S_NONE },
    { "withdraw", S_OPEN, true,  S_WITHDRAWN },
    { "close",    S_OPEN, true,  S_CLOSED },
};
#define S_TABLE (sizeof s_table / sizeof s_table [0])

//  A notification as stored.
typedef struct {
    char id [IMI_NOTIFICATION_ID_MAX + 1];
    char procedure [IMI_CASE_CODE_MAX + 1];
    char sender [IMI_CASE_AUTHORITY_MAX + 1];
    char recipients [IMI_NOTIFICATION_RECIPIENTS_MAX * 3 + 1];  //  "FR,PL"
    s_state_t state;
    uint64_t version;
    char title [IMI_NOTIFICATION_TITLE_MAX + 1];
    char *text;
    char text_lang [4];
    char register_code [IMI_CASE_CODE_MAX + 1];
    char entry_key [IMI_REPOSITORY_KEY_MAX + 1];
    int64_t created_ms, updated_ms;
} s_row_t;

//  ---------------------------------------------------------------------------
//  SQL, one place

static const char *s_row_get =
    "SELECT procedure, sender, recipients, state, version, title, text, text_lang,"
    " ifnull (register, ''), ifnull (entry_key, ''), created_ms, updated_ms"
    " FROM notifications WHERE id = ?1";
static const char *s_row_put =
    "INSERT OR REPLACE INTO notifications (id, procedure, sender, sender_state, recipients,"
    " state, version, title, text, text_lang, register, entry_key, created_ms, updated_ms)"
    " VALUES (?1, ?2, ?3, substr (?3, 1, 2), ?4, ?5, ?6, ?7, ?8, ?9, nullif (?10, ''),"
    " nullif (?11, ''), ?12, ?13)";
static const char *s_event_count =
    "SELECT count(*) FROM notification_events WHERE notification_id = ?1 AND author = ?2";
static const char *s_event_insert =
    "INSERT INTO notification_events (notification_id, author, n, kind, actor, authority,"
    " at_ms, body, void, stored_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif (?9, ''),"
    " ?10)";
static const char *s_events_get =
    "SELECT body, ifnull (void, '') FROM notification_events WHERE notification_id = ?1"
    " ORDER BY at_ms, author, n";
//  Newest first, from after the keyset (?1 ms, ?2 id; ?1 null: from the start).
static const char *s_rows_page =
    "SELECT id FROM notifications WHERE ?1 IS NULL OR created_ms < ?1"
    " OR (created_ms = ?1 AND id > ?2) ORDER BY created_ms DESC, id";

static void
s_row_free (s_row_t *row)
{
    free (row->text);
    row->text = NULL;
}

//  0, 1 if there is no such notification, -1.
static int
s_row_load (imi_node_t *self, const char *id, s_row_t *row)
{
    memset (row, 0, sizeof *row);
    sqlite3_stmt *statement = imi_store_statement (self->store, s_row_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        snprintf (row->id, sizeof row->id, "%s", id);
        imi_store_column_text (statement, 0, row->procedure, sizeof row->procedure);
        imi_store_column_text (statement, 1, row->sender, sizeof row->sender);
        imi_store_column_text (statement, 2, row->recipients, sizeof row->recipients);
        const char *state = (const char *) sqlite3_column_text (statement, 3);
        for (size_t index = 0; index < 4; index++)
            if (state && strcmp (state, s_state_names [index]) == 0)
                row->state = (s_state_t) index;
        row->version = (uint64_t) sqlite3_column_int64 (statement, 4);
        imi_store_column_text (statement, 5, row->title, sizeof row->title);
        row->text = strdup ((const char *) sqlite3_column_text (statement, 6));
        assert (row->text);
        imi_store_column_text (statement, 7, row->text_lang, sizeof row->text_lang);
        imi_store_column_text (statement, 8, row->register_code, sizeof row->register_code);
        imi_store_column_text (statement, 9, row->entry_key, sizeof row->entry_key);
        row->created_ms = sqlite3_column_int64 (statement, 10);
        row->updated_ms = sqlite3_column_int64 (statement, 11);
    }
    sqlite3_reset (statement);
    if (rc == SQLITE_ROW)
        return 0;
    return rc == SQLITE_DONE? 1: imi_store_error (self->store, "reading a notification");
}

static int
s_row_save (imi_node_t *self, const s_row_t *row)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_row_put);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, row->id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, row->procedure, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, row->sender, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, row->recipients, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, s_state_names [row->state], -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, (sqlite3_int64) row->version);
    sqlite3_bind_text (statement, 7, row->title, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 8, row->text? row->text: "", -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 9, row->text_lang, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 10, row->register_code, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 11, row->entry_key, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 12, row->created_ms);
    sqlite3_bind_int64 (statement, 13, row->updated_ms);
    return imi_store_step_done (self->store, statement, "saving a notification");
}

//  Events of author in notification id so far; -1 on error.
static int64_t
s_count (imi_node_t *self, const char *id, const char *author)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_event_count);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, author, -1, SQLITE_STATIC);
    int64_t count = sqlite3_step (statement) == SQLITE_ROW? sqlite3_column_int64 (statement, 0)
                                                          : imi_store_error (self->store,
                                                                             "counting events");
    sqlite3_reset (statement);
    return count;
}

static bool
s_is_recipient (const s_row_t *row, const char *state)
{
    for (const char *cursor = row->recipients; *cursor; cursor += cursor [2]? 3: 2)
        if (strncmp (cursor, state, 2) == 0)
            return true;
    return false;
}

//  ---------------------------------------------------------------------------
//  Taking an event into our copy

//  Check event against the table and what its kind needs, from author
//  (sender or not), against row (state S_NONE for a new one). 0, or -2
//  naming the notification's state.
static int
s_check (imi_node_t *self, const s_row_t *row, const imi_notification_event_t *event,
         bool by_sender)
{
    size_t index = 0;
    while (index < S_TABLE && strcmp (s_table [index].kind, event->kind) != 0)
        index++;
    if (index == S_TABLE)
        return imi_error_malformed ("'%s' is not a notification step", event->kind);
    const char *who = by_sender? "the sender": "a recipient";
    if (s_table [index].sender_only && !by_sender)
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "%s cannot %s notification %s: only its "
                                 "sender can", who, event->kind, event->notification_id);
    if (s_table [index].from != row->state)
        return row->state == S_NONE
             ? imi_error_malformed ("no notification %s to %s", event->notification_id,
                                    event->kind)
             : imi_error_refuse (IMI_ERROR_CONFLICT, "%s cannot %s notification %s: it is %s",
                                 who, event->kind, event->notification_id,
                                 s_state_names [row->state]);
    const char *register_code = NULL;
    bool create = strcmp (event->kind, "create") == 0;
    bool modify = strcmp (event->kind, "modify") == 0;
    if (create) {
        if (!imi_repository_procedure (self->repository, event->procedure, &register_code))
            return imi_error_malformed ("'%s' is not a notification procedure",
                                        event->procedure);
        if (!event->recipient_count || !*event->title || !event->text || event->version != 1)
            return imi_error_malformed ("a notification needs recipients, a title and a text "
                                        "(version 1)");
    }
    else {
        register_code = *row->register_code? row->register_code: NULL;
        if (*event->procedure || event->recipient_count)
            return imi_error_malformed ("only a new notification names procedure and "
                                        "recipients");
    }
    if (modify && event->version != row->version + 1)
        return imi_error_malformed ("notification %s is at version %llu: a modification makes "
                                    "version %llu", row->id, (unsigned long long) row->version,
                                    (unsigned long long) row->version + 1);
    if (!modify && !create && (event->version || *event->title))
        return imi_error_malformed ("a %s has no version or title", event->kind);
    if (strcmp (event->kind, "comment") == 0 && !event->text)
        return imi_error_malformed ("a comment needs a text");
    if (modify && !*event->title && !event->text && !event->entry_count)
        return imi_error_malformed ("a modification changes the title, the text or the entry");
    //  The register: add with the creation, modify or withdraw with a
    //  modification, withdraw with a withdrawal, nothing otherwise.
    const char *op = event->register_op;
    bool fits;
    if (!register_code)
        fits = !*op;
    else
    if (*op && strcmp (event->register_code, register_code) != 0)
        fits = false;
    else
    if (create)
        fits = strcmp (op, "add") == 0;
    else
    if (modify)
        fits = !*op || strcmp (op, "modify") == 0 || strcmp (op, "withdraw") == 0;
    else
    if (strcmp (event->kind, "withdraw") == 0)
        fits = strcmp (op, "withdraw") == 0;
    else
        fits = !*op;
    if (!fits)
        return imi_error_malformed ("%s of notification %s: the register entry does not fit "
                                    "(register %s, operation '%s')", event->kind,
                                    event->notification_id,
                                    register_code? register_code: "none", op);
    return 0;
}

//  Take event (its encoding body) into our copy: row, event, register.
//  row is the copy before (S_NONE if new) and after. void: a reason to
//  keep the event without effect. 0, -2, -1.
static int
s_step (imi_node_t *self, s_row_t *row, const imi_notification_event_t *event,
        const uint8_t *body, size_t body_size, const char *void_reason)
{
    int rc = 0;
    if (!void_reason) {
        bool create = strcmp (event->kind, "create") == 0;
        if (create) {
            snprintf (row->id, sizeof row->id, "%s", event->notification_id);
            snprintf (row->procedure, sizeof row->procedure, "%s", event->procedure);
            snprintf (row->sender, sizeof row->sender, "%s", event->authority);
            *row->recipients = 0;
            for (size_t index = 0; index < event->recipient_count; index++)
                snprintf (row->recipients + strlen (row->recipients),
                          sizeof row->recipients - strlen (row->recipients), "%s%s",
                          index? ",": "", event->recipients [index]);
            snprintf (row->register_code, sizeof row->register_code, "%s",
                      event->register_code);
            row->created_ms = (int64_t) event->at_ms;
        }
        if (create || strcmp (event->kind, "modify") == 0) {
            row->version = event->version;
            if (*event->title)
                snprintf (row->title, sizeof row->title, "%s", event->title);
            if (event->text) {
                free (row->text);
                row->text = strdup (event->text);
                assert (row->text);
                snprintf (row->text_lang, sizeof row->text_lang, "%s", event->text_lang);
            }
        }
        for (size_t index = 0; index < S_TABLE; index++)
            if (strcmp (s_table [index].kind, event->kind) == 0 && s_table [index].to != S_NONE)
                row->state = s_table [index].to;
        row->updated_ms = (int64_t) event->at_ms;
        if (*event->register_op) {
            char state [3] = { row->sender [0], row->sender [1], 0 };
            rc = imi_repository_apply (self->repository, self->store, state, event, row->id,
                                       row->version, row->entry_key);
            if (rc == 0 && create)
                rc = imi_repository_check (self->repository, event->register_code, state,
                                           event->entry, event->entry_count, row->entry_key);
        }
        if (rc == 0)
            rc = s_row_save (self, row);
    }
    sqlite3_stmt *statement = rc == 0? imi_store_statement (self->store, s_event_insert): NULL;
    if (rc == 0 && !statement)
        rc = -1;
    if (statement) {
        sqlite3_bind_text (statement, 1, event->notification_id, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 2, event->author, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 3, (sqlite3_int64) event->n);
        sqlite3_bind_text (statement, 4, event->kind, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 5, event->actor, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 6, event->authority, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 7, (sqlite3_int64) event->at_ms);
        sqlite3_bind_blob (statement, 8, body, (int) body_size, SQLITE_STATIC);
        sqlite3_bind_text (statement, 9, void_reason? void_reason: "", -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 10, imi_node_now ());
        rc = imi_store_step_done (self->store, statement, "storing a notification event");
    }
    return rc;
}

//  ---------------------------------------------------------------------------
//  Access

//  May user read notification row on this node?
static bool
s_can_read (imi_node_t *self, const imi_user_t *user, const s_row_t *row)
{
    if (strncmp (row->sender, self->settings.state, 2) == 0)
        return imi_user_can_read (user, row->sender);
    if (user->role == IMI_ROLE_COORDINATOR)
        return true;
    return imi_cases_check_authority (self, user->authority, row->procedure) == 0;
}

//  A notification procedure's own members, for imi_cases_procedures: the
//  register it feeds and that entry's fields (or null). 1 for a procedure
//  of another kind.
static int
s_procedure_fill (imi_node_t *self, const char *procedure, const char *lang, json_t *item)
{
    (void) lang;                    //  the registers' labels are in English only
    const char *register_code = NULL;
    if (!imi_repository_procedure (self->repository, procedure, &register_code))
        return 1;
    json_t *fields = register_code? imi_repository_fields_data (self->repository, register_code)
                                  : json_null ();
    if (!fields
    ||  json_object_set_new (item, "register", register_code? json_string (register_code)
                                                            : json_null ())
    ||  json_object_set_new (item, "entry_fields", fields))
        return imi_error_set ("out of memory");
    return 0;
}

int
imi_notifications_procedures (imi_node_t *self, const imi_user_t *user, const char *lang,
                              json_t **result)
{
    return imi_cases_procedures (self, user, lang, "may_send", s_procedure_fill, result);
}

int
imi_notifications_visible (imi_node_t *self, const imi_user_t *user, const char *id)
{
    s_row_t row;
    int rc = s_row_load (self, id, &row);
    if (rc < 0)
        return -1;
    bool visible = rc == 0 && s_can_read (self, user, &row);
    if (rc == 0)
        s_row_free (&row);
    return visible? 1: 0;
}

//  The notification for user, readable (and actable if act). 0, -2, -1.
static int
s_for (imi_node_t *self, const imi_user_t *user, const char *id, bool act, s_row_t *row)
{
    int rc = s_row_load (self, id, row);
    if (rc == 1 || (rc == 0 && !s_can_read (self, user, row))) {
        s_row_free (row);
        return imi_error_refuse (IMI_ERROR_NOT_FOUND, "no notification %s among those you can "
                                 "see", id);
    }
    if (rc)
        return rc;
    bool sender_side = strncmp (row->sender, self->settings.state, 2) == 0;
    if (act && !imi_user_can_act (user, sender_side? row->sender: user->authority)) {
        s_row_free (row);
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "%s (%s) cannot act on notification %s",
                                 user->name, imi_role_name (user->role), id);
    }
    return 0;
}

//  ---------------------------------------------------------------------------
//  Acting

//  Fill in who and when, check, take into our copy and queue to the other
//  nodes, in one transaction. row is the copy before; event->kind and the
//  kind's fields are set. 0, -2, -1.
static int
s_emit (imi_node_t *self, const imi_user_t *user, s_row_t *row, imi_notification_event_t *event)
{
    const char *our = self->settings.state;
    bool by_sender = strcmp (event->kind, "create") == 0
                  || strncmp (row->sender, our, 2) == 0;
    snprintf (event->author, sizeof event->author, "%s", our);
    snprintf (event->actor, sizeof event->actor, "%s", user->name);
    snprintf (event->authority, sizeof event->authority, "%s",
              by_sender && *row->sender? row->sender: user->authority);
    event->at_ms = (uint64_t) imi_node_now ();
    if (event->text && !*event->text_lang)
        snprintf (event->text_lang, sizeof event->text_lang, "%s", user->lang);
    int64_t count = *row->id? s_count (self, row->id, our): 0;
    if (count < 0)
        return -1;
    event->n = (uint64_t) count + 1;
    int rc = s_check (self, row, event, by_sender);
    //  Who it goes to: from the sender, every recipient; else the sender.
    imi_peer_t *peers [IMI_NOTIFICATION_RECIPIENTS_MAX];
    size_t peer_count = 0;
    if (rc == 0 && by_sender) {
        const char *list = strcmp (event->kind, "create") == 0? NULL: row->recipients;
        for (size_t index = 0; index < (list? (strlen (list) + 1) / 3: event->recipient_count)
                               && rc == 0; index++) {
            char state [3] = { 0 };
            memcpy (state, list? list + 3 * index: event->recipients [index], 2);
            peers [peer_count] = imi_node_peer (self, state);
            if (!peers [peer_count++])
                rc = imi_error_malformed ("state %s is not in the federation", state);
        }
    }
    else
    if (rc == 0) {
        char state [3] = { row->sender [0], row->sender [1], 0 };
        peers [0] = imi_node_peer (self, state);
        peer_count = 1;
        if (!peers [0])
            rc = imi_error_malformed ("state %s is not in the federation", state);
    }
    uint8_t *body = NULL;
    size_t body_size = 0;
    if (rc == 0)
        rc = imi_notification_event_encode (event, &body, &body_size);
    if (rc == 0 && (rc = imi_store_begin (self->store)) == 0) {
        rc = s_step (self, row, event, body, body_size, NULL);
        for (size_t index = 0; index < peer_count && rc == 0; index++)
            rc = imi_outbox_enqueue (self->store, peers [index], self->identity,
                                     IMI_TYPE_NOTIFICATION_EVENT, body, body_size,
                                     imi_node_now ());
        rc = imi_node_commit (self, rc);
    }
    free (body);
    if (rc == 0)
        imi_log (IMI_LOG_INFO, "notification.event", "id=%s kind=%s user=%s state=%s",
                 event->notification_id, event->kind, user->name, s_state_names [row->state]);
    return rc;
}

int
imi_notifications_create (imi_node_t *self, const imi_user_t *user,
                          imi_notification_event_t *event, bool all,
                          char id [IMI_NOTIFICATION_ID_MAX + 1])
{
    if (!imi_user_can_act (user, user->authority))
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "%s (%s) cannot send notifications",
                                 user->name, imi_role_name (user->role));
    const char *register_code = NULL;
    if (!imi_catalogue_procedure_area (self->catalogue, event->procedure))
        return imi_error_malformed ("unknown procedure '%s'", event->procedure);
    if (!imi_repository_procedure (self->repository, event->procedure, &register_code))
        return imi_error_malformed ("procedure %s is not a notification procedure",
                                    event->procedure);
    int competent = imi_cases_check_authority (self, user->authority, event->procedure);
    if (competent) {
        if (competent != -2)
            return imi_error_wrap ("you cannot notify under this procedure");
        char reason [IMI_ERROR_MAX];
        snprintf (reason, sizeof reason, "%s", imi_error_last ());
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "you cannot notify under this procedure: "
                                 "%s", reason);
    }
    if (all) {
        if (event->recipient_count)
            return imi_error_malformed ("recipients are 'all' or a list of states, not both");
        for (size_t index = 0; index < self->peer_count
                               && index < IMI_NOTIFICATION_RECIPIENTS_MAX; index++)
            snprintf (event->recipients [event->recipient_count++], 3, "%s",
                      self->peers [index]->node.state);
    }
    if (!event->recipient_count)
        return imi_error_malformed ("a notification goes to some states (--to FR,PL or --to all)");
    for (size_t index = 0; index < event->recipient_count; index++) {
        if (strcmp (event->recipients [index], self->settings.state) == 0)
            return imi_error_malformed ("a notification goes to other states, not to %s",
                                        self->settings.state);
        if (!imi_node_peer (self, event->recipients [index]))
            return imi_error_malformed ("state %s is not in the federation",
                                        event->recipients [index]);
    }
    if (!*event->title)
        return imi_error_malformed ("a notification needs a title (--title)");
    if (!event->text)
        return imi_error_malformed ("a notification needs a text (--text)");
    if (register_code) {
        char key [IMI_REPOSITORY_KEY_MAX + 1];
        if (!event->entry_count)
            return imi_error_malformed ("procedure %s feeds register %s: give its fields "
                                        "(--entry FIELD=VALUE)", event->procedure,
                                        register_code);
        snprintf (event->register_code, sizeof event->register_code, "%s", register_code);
        snprintf (event->register_op, sizeof event->register_op, "add");
        if (imi_repository_check (self->repository, register_code, self->settings.state,
                                  event->entry, event->entry_count, key))
            return -2;
    }
    else
    if (event->entry_count)
        return imi_error_malformed ("procedure %s feeds no register: no --entry",
                                    event->procedure);
    uint8_t random [8];
    imi_random (random, sizeof random);
    snprintf (id, IMI_NOTIFICATION_ID_MAX + 1, "%s-", self->settings.state);
    imi_hex_encode (id + 3, random, sizeof random);
    snprintf (event->notification_id, sizeof event->notification_id, "%s", id);
    snprintf (event->kind, sizeof event->kind, "create");
    event->version = 1;
    s_row_t row;
    memset (&row, 0, sizeof row);
    int rc = s_emit (self, user, &row, event);
    s_row_free (&row);
    return rc;
}

int
imi_notifications_act (imi_node_t *self, const imi_user_t *user,
                       imi_notification_event_t *event)
{
    s_row_t row;
    int rc = s_for (self, user, event->notification_id, true, &row);
    if (rc)
        return rc;
    bool modify = strcmp (event->kind, "modify") == 0;
    if (modify)
        event->version = row.version + 1;
    if (modify && event->entry_count && *row.register_code && row.state == S_OPEN) {
        //  The fields given change the stored entry; the whole entry travels.
        imi_notification_pair_t merged [IMI_NOTIFICATION_ENTRY_MAX];
        size_t count = 0;
        rc = imi_repository_entry (self->repository, self->store, row.register_code,
                                   row.entry_key, merged, &count);
        for (size_t index = 0; rc == 0 && index < event->entry_count; index++) {
            size_t each = 0;
            while (each < count && strcmp (merged [each].field, event->entry [index].field))
                each++;
            if (each == IMI_NOTIFICATION_ENTRY_MAX)
                rc = imi_error_malformed ("too many entry fields");
            else {
                merged [each] = event->entry [index];
                count += each == count;
            }
        }
        if (rc == 1)
            rc = imi_error_set ("notification %s: its register entry is missing", row.id);
        char key [IMI_REPOSITORY_KEY_MAX + 1];
        if (rc == 0
        &&  imi_repository_check (self->repository, row.register_code, self->settings.state,
                                  merged, count, key))
            rc = -2;
        if (rc == 0 && strcmp (key, row.entry_key) != 0)
            rc = imi_error_malformed ("the entry's key %s cannot change (it is %s): withdraw "
                                      "this notification and notify the new one", key,
                                      row.entry_key);
        if (rc == 0) {
            memcpy (event->entry, merged, sizeof merged);
            event->entry_count = count;
            snprintf (event->register_code, sizeof event->register_code, "%s",
                      row.register_code);
            snprintf (event->register_op, sizeof event->register_op, "modify");
        }
    }
    else
    if (modify && event->entry_count && row.state == S_OPEN)
        rc = imi_error_malformed ("notification %s feeds no register: no --entry", row.id);
    if (strcmp (event->kind, "withdraw") == 0 && *row.register_code) {
        snprintf (event->register_code, sizeof event->register_code, "%s", row.register_code);
        snprintf (event->register_op, sizeof event->register_op, "withdraw");
    }
    if (rc == 0)
        rc = s_emit (self, user, &row, event);
    s_row_free (&row);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Applying a peer's event

int
imi_notifications_apply (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                         const uint8_t *plain, size_t plain_size)
{
    (void) view;
    imi_notification_event_t *event = malloc (sizeof *event);
    assert (event);
    int rc = imi_notification_event_decode (event, plain, plain_size);
    if (rc) {
        free (event);
        return rc;
    }
    const char *from = peer->node.state, *our = self->settings.state;
    s_row_t row;
    memset (&row, 0, sizeof row);
    const char *void_reason = NULL;
    char reason [256];
    if (strcmp (event->author, from) != 0)
        rc = imi_error_malformed ("notification %s: %s sent an event written by %s",
                                  event->notification_id, from, event->author);
    else
    if ((rc = s_row_load (self, event->notification_id, &row)) == 1) {
        //  A new one: created by the sender's node, to us among others
        rc = strcmp (event->kind, "create") != 0 || event->n != 1
          || strncmp (event->notification_id, from, 2) != 0
             ? imi_error_malformed ("notification %s: %s from %s is not a new notification",
                                    event->notification_id, event->kind, from)
             : 0;
        memset (&row, 0, sizeof row);
        bool ours = false;
        for (size_t index = 0; index < event->recipient_count; index++)
            ours |= strcmp (event->recipients [index], our) == 0;
        if (rc == 0 && !ours)
            rc = imi_error_malformed ("notification %s: %s is not among its recipients",
                                      event->notification_id, our);
    }
    if (rc == 0) {
        bool by_sender = strncmp (event->notification_id, from, 2) == 0;
        int64_t count = s_count (self, event->notification_id, from);
        if (count < 0)
            rc = -1;
        else
        if (event->n != (uint64_t) count + 1)
            rc = imi_error_malformed ("notification %s: event %llu of %s arrived after %lld",
                                      event->notification_id, (unsigned long long) event->n,
                                      from, (long long) count);
        else
        if (!by_sender && (strncmp (row.sender, our, 2) != 0 || !s_is_recipient (&row, from)))
            rc = imi_error_malformed ("notification %s: %s may not comment here",
                                      event->notification_id, from);
        else
        if (!by_sender && row.state != S_OPEN && strcmp (event->kind, "comment") == 0) {
            snprintf (reason, sizeof reason, "arrived after the notification was %s",
                      s_state_names [row.state]);
            void_reason = reason;
        }
        else
        if (by_sender && row.state != S_NONE && strcmp (event->authority, row.sender) != 0)
            rc = imi_error_malformed ("notification %s: %s writes for %s, not its sender %s",
                                      event->notification_id, event->kind, event->authority,
                                      row.sender);
        else
            rc = s_check (self, &row, event, by_sender);
    }
    if (rc == 0)
        rc = s_step (self, &row, event, plain, plain_size, void_reason);
    if (rc == 0)
        imi_log (IMI_LOG_INFO, "notification.applied", "id=%s kind=%s from=%s state=%s%s",
                 event->notification_id, event->kind, from, s_state_names [row.state],
                 void_reason? " void=yes": "");
    s_row_free (&row);
    imi_notification_event_cleanup (event);
    free (event);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Reading

//  A notification's facts as the list and the show give them: {id, state,
//  version, procedure, sender, recipients, title (null if the user does
//  not see content)}. NULL out of memory.
static json_t *
s_row_value (const imi_user_t *user, const s_row_t *row)
{
    json_t *recipients = json_array ();
    for (const char *state = row->recipients; recipients && *state;
         state += state [2]? 3: 2)
        if (json_array_append_new (recipients, json_stringn (state, 2)))
            json_decref (recipients), recipients = NULL;
    bool content = imi_user_sees_content (user, IMI_EXCHANGE_NOTIFICATION);
    return json_pack ("{s:s, s:s, s:I, s:s, s:s, s:o*, s:s*}", "id", row->id,
                      "state", s_state_names [row->state], "version", (json_int_t) row->version,
                      "procedure", row->procedure, "sender", row->sender,
                      "recipients", recipients, "title", content? row->title: NULL);
}

int
imi_notifications_list (imi_node_t *self, const imi_user_t *user, const char *cursor,
                        long limit, json_t *page)
{
    int64_t after_ms = 0;
    char after_id [IMI_PAGE_ID_MAX + 1] = "";
    if (cursor && imi_page_keyset (cursor, &after_ms, after_id))
        return -2;
    sqlite3_stmt *statement = imi_store_statement (self->store, s_rows_page);
    if (!statement)
        return -1;
    if (cursor) {
        sqlite3_bind_int64 (statement, 1, after_ms);
        sqlite3_bind_text (statement, 2, after_id, -1, SQLITE_STATIC);
    }
    json_t *items = json_object_get (page, "items");
    int64_t last_ms = 0;
    char last_id [IMI_NOTIFICATION_ID_MAX + 1] = "";
    int rc = 0, step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        s_row_t row;
        rc = s_row_load (self, (const char *) sqlite3_column_text (statement, 0), &row) < 0
           ? -1: 0;
        if (rc == 0 && s_can_read (self, user, &row)) {
            if ((long) json_array_size (items) == limit) {
                rc = imi_page_next_keyset (page, last_ms, last_id);
                s_row_free (&row);
                break;
            }
            if (json_array_append_new (items, s_row_value (user, &row)))
                rc = imi_error_set ("out of memory");
            last_ms = row.created_ms;
            snprintf (last_id, sizeof last_id, "%s", row.id);
        }
        s_row_free (&row);
    }
    if (rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = imi_store_error (self->store, "listing notifications");
    sqlite3_reset (statement);
    return rc;
}

//  Append notification id's events to events: each {author, n, kind, actor,
//  authority, time, text (a free text, or null if it has none or the user
//  does not see content), void (why it had no effect, or null)}. 0, -1.
static int
s_events_value (imi_node_t *self, const char *id, bool content, imi_translate_job_t *translate,
                json_t *events)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_events_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, id, -1, SQLITE_STATIC);
    imi_notification_event_t *event = malloc (sizeof *event);
    assert (event);
    int rc = 0, step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        if (imi_notification_event_decode (event, sqlite3_column_blob (statement, 0),
                                           (size_t) sqlite3_column_bytes (statement, 0)))
            continue;
        const char *void_reason = (const char *) sqlite3_column_text (statement, 1);
        json_t *text = content && event->text
                     ? imi_translate_text (translate, event->text, event->text_lang)
                     : json_null ();
        char at [32];
        imi_lines_time_data ((int64_t) event->at_ms, at);
        if (!text || json_array_append_new (events, json_pack (
                "{s:s, s:I, s:s, s:s, s:s, s:s, s:o, s:s*}", "author", event->author,
                "n", (json_int_t) event->n, "kind", event->kind, "actor", event->actor,
                "authority", event->authority, "time", at,
                "text", text, "void", *void_reason? void_reason: NULL)))
            rc = imi_error_set ("out of memory");
        imi_notification_event_cleanup (event);
    }
    free (event);
    if (rc == 0 && step != SQLITE_DONE)
        rc = imi_store_error (self->store, "reading notification events");
    sqlite3_reset (statement);
    return rc;
}

//  The steps user may take on notification row now, by the transition
//  table: the sender's for who may act for the sender authority, a comment
//  for who may act on either side; none once it is withdrawn or closed.
//  NULL out of memory.
static json_t *
s_actions (imi_node_t *self, const imi_user_t *user, const s_row_t *row)
{
    bool sender_side = strncmp (row->sender, self->settings.state, 2) == 0;
    bool acts = imi_user_can_act (user, sender_side? row->sender: user->authority);
    json_t *actions = json_array ();
    for (size_t index = 0; actions && acts && index < S_TABLE; index++)
        if (s_table [index].from == row->state && row->state != S_NONE
        &&  (sender_side || !s_table [index].sender_only)
        &&  json_array_append_new (actions, json_string (s_table [index].kind)))
            json_decref (actions), actions = NULL;
    return actions;
}

int
imi_notifications_show (imi_node_t *self, const imi_user_t *user, const char *id,
                        const char *lang, imi_translate_job_t *translate, json_t **result)
{
    *result = NULL;
    s_row_t row;
    int rc = s_for (self, user, id, false, &row);
    if (rc)
        return rc;
    if (!lang || !imi_catalogue_has_language (self->catalogue, lang))
        lang = user->lang;
    const char *procedure = imi_catalogue_procedure_name (self->catalogue, row.procedure, lang);
    bool content = imi_user_sees_content (user, IMI_EXCHANGE_NOTIFICATION);
    json_t *value = s_row_value (user, &row);
    json_t *refusals = json_array (), *events = json_array ();
    json_t *text = content? imi_translate_text (translate, row.text, row.text_lang)
                          : json_null ();
    if (!value || !refusals || !events || !text
    ||  json_object_set_new (value, "procedure_name", procedure? json_string (procedure)
                                                               : json_null ())
    ||  json_object_set_new (value, "content_hidden", json_boolean (!content))
    ||  json_object_set_new (value, "reader_role", json_string (imi_role_name (user->role)))
    ||  json_object_set_new (value, "actions", s_actions (self, user, &row))
    ||  json_object_set (value, "text", text)
    ||  json_object_set_new (value, "register", *row.register_code
                                                ? json_string (row.register_code): json_null ())
    ||  json_object_set_new (value, "entry_key", *row.register_code
                                                 ? json_string (row.entry_key): json_null ())
    ||  json_object_set (value, "refusals", refusals)
    ||  json_object_set (value, "events", events))
        rc = imi_error_set ("out of memory");
    //  Steps a recipient's node refused: not delivered, whatever the link says.
    if (rc == 0)
        rc = imi_outbox_refusals_data (self->store, row.id, refusals);
    if (rc == 0)
        rc = s_events_value (self, row.id, content, translate, events);
    if (rc == 0)
        rc = imi_directory_name_authorities (self->directory, value, lang);
    json_decref (refusals);
    json_decref (events);
    json_decref (text);
    s_row_free (&row);
    if (rc)
        json_decref (value);
    else
        *result = value;
    return rc;
}

//  ---------------------------------------------------------------------------
//  The notifications module (imi_module.h)

static int
s_start (imi_node_t *node)
{
    node->repository = imi_repository_load (node->settings.catalogue_dir, node->catalogue);
    if (!node->repository)
        return imi_error_wrap ("notifications and registers (setting catalogue_dir)");
    return 0;
}

static void
s_stop (imi_node_t *node)
{
    imi_repository_destroy (&node->repository);
}

//  One of our notification events that a peer returned after our database
//  was restored (imi_recovery): stepped as when we wrote it, once (each
//  recipient returns the sender's events).
static int
s_restore_event (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                 const uint8_t *plain, size_t plain_size)
{
    (void) peer, (void) view;
    imi_notification_event_t *event = malloc (sizeof *event);
    assert (event);
    int rc = imi_notification_event_decode (event, plain, plain_size);
    if (rc) {
        free (event);
        return rc;
    }
    const char *our = self->settings.state;
    s_row_t row;
    memset (&row, 0, sizeof row);
    if (strcmp (event->author, our) != 0)
        rc = imi_error_malformed ("notification %s: event %llu is not ours",
                                  event->notification_id, (unsigned long long) event->n);
    else
    if ((rc = s_row_load (self, event->notification_id, &row)) == 1) {
        memset (&row, 0, sizeof row);
        rc = strcmp (event->kind, "create") != 0 || event->n != 1
          || strncmp (event->notification_id, our, 2) != 0
             ? imi_error_malformed ("notification %s: our %s of a notification we do not hold",
                                    event->notification_id, event->kind)
             : 0;
    }
    if (rc == 0) {
        int64_t count = s_count (self, event->notification_id, our);
        if (count < 0)
            rc = -1;
        else
        if (event->n > (uint64_t) count + 1)
            rc = imi_error_malformed ("notification %s: our event %llu arrived after %lld",
                                      event->notification_id, (unsigned long long) event->n,
                                      (long long) count);
        else
        if (event->n == (uint64_t) count + 1) {     //  else another recipient returned it
            rc = s_step (self, &row, event, plain, plain_size, NULL);
            if (rc == 0)
                imi_log (IMI_LOG_INFO, "notification.restored", "id=%s kind=%s",
                         event->notification_id, event->kind);
        }
    }
    s_row_free (&row);
    imi_notification_event_cleanup (event);
    free (event);
    return rc;
}

static const imi_message_handler_t s_messages [] = {
    { .type = IMI_TYPE_NOTIFICATION_EVENT, .apply = imi_notifications_apply,
      .own = s_restore_event },
    { 0 }
};

//  The repository's procedures and registers are loaded at start and
//  never change (its entries are in the store): shared with the readers.
static int
s_reader_open (imi_node_t *node, imi_node_t *reader)
{
    reader->repository = node->repository;
    return 0;
}

const imi_module_t imi_notifications_module = {
    .name = "notifications", .start = s_start, .stop = s_stop, .messages = s_messages,
    .reader_open = s_reader_open
};
