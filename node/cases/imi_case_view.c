/*  imi_case_view: reading cases: the list, one case in the reader's
    language, the overdue list, attachments. Who may see what is decided by
    imi_users (reach, personal data) and by the case (the responder sees the
    requester's personal data only while its authority has accepted; once
    retention has blocked it, only a coordinator sees it, marked as kept as
    proof of an exchange; once deleted, no one: imi_retention).
*/
#include "imi_cases.h"
#include "imi_lines.h"
#include "imi_outbox.h"
#include "imi_cases_internal.h"
#include "imi_catalogue.h"
#include "imi_error.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_DAY_MS (24LL * 3600 * 1000)
#define S_LIST_MAX 1000
#define S_NOT_SHOWN "(personal data, free text and attachments not shown to you)"

static const char *s_list =
    "SELECT id, side, state, procedure, requester, responder, proposed_date, agreed_date,"
    " received_ms, updated_ms, blocked_ms, deleted_ms FROM cases"
    " WHERE (?1 IS NULL OR (CASE side WHEN 0 THEN requester ELSE responder END) = ?1)"
    " AND (?2 IS NULL OR state = ?2) AND (?3 IS NULL OR side = ?3)"
    " AND (?4 IS NULL OR procedure = ?4)"
    " ORDER BY updated_ms DESC, id";

//  What is late in a case, as of now: writes a description and returns the
//  days overdue (0 if nothing is).
static int64_t
s_overdue (imi_node_t *self, const char *state, const char *procedure, const char *agreed_date,
           int64_t received_ms, char *what, size_t size)
{
    int64_t now = imi_node_now ();
    const imi_request_rules_t *rules = imi_catalogue_request_rules (self->catalogue, procedure);
    *what = 0;
    if (strcmp (state, "sent") == 0 && rules && received_ms) {
        int64_t due = received_ms + rules->accept_days * S_DAY_MS;
        if (now > due) {
            char since [IMI_CASE_DATE_BYTES + 1];
            imi_case_date_format (due / S_DAY_MS, since);
            snprintf (what, size, "acceptance overdue since %s", since);
            return (now - due) / S_DAY_MS + 1;
        }
    }
    int64_t agreed;
    if (strcmp (state, "accepted") == 0 && agreed_date && imi_case_date_parse (agreed_date, &agreed)
    &&  now / S_DAY_MS > agreed) {
        snprintf (what, size, "answer overdue since %s", agreed_date);
        return now / S_DAY_MS - agreed;
    }
    return 0;
}

//  Cases of user's reach, with filter; row calls back for each.
typedef void (s_row_fn) (imi_node_t *self, sqlite3_stmt *row, const char *overdue,
                         int64_t days, void *context);

//  Returns 0, or 1 if more than limit cases matched (the rest were left
//  out), -2, -1.
static int
s_each_case (imi_node_t *self, const imi_user_t *user, const imi_case_filter_t *filter,
             size_t limit, s_row_fn *each, void *context)
{
    if (filter->state) {
        imi_case_state_t state;
        if (imi_case_state_parse (filter->state, &state))
            return -2;
    }
    int direction = -1;
    if (filter->direction) {
        if (strcmp (filter->direction, "out") == 0)
            direction = IMI_SIDE_REQUESTER;
        else
        if (strcmp (filter->direction, "in") == 0)
            direction = IMI_SIDE_RESPONDER;
        else
            return imi_error_malformed ("direction is 'in' (requests to us) or 'out' (ours), "
                                        "not '%s'", filter->direction);
    }
    if (filter->procedure && !imi_catalogue_procedure_area (self->catalogue, filter->procedure))
        return imi_error_malformed ("unknown procedure '%s'", filter->procedure);
    sqlite3_stmt *statement = imi_store_statement (self->store, s_list);
    if (!statement)
        return -1;
    //  A coordinator reaches every authority of the state: the SQL narrows
    //  to one authority for everyone else, and imi_users decides for each.
    if (user->role != IMI_ROLE_COORDINATOR)
        sqlite3_bind_text (statement, 1, user->authority, -1, SQLITE_STATIC);
    if (filter->state)
        sqlite3_bind_text (statement, 2, filter->state, -1, SQLITE_STATIC);
    if (direction >= 0)
        sqlite3_bind_int (statement, 3, direction);
    if (filter->procedure)
        sqlite3_bind_text (statement, 4, filter->procedure, -1, SQLITE_STATIC);
    int rc;
    size_t count = 0;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW && count < limit) {
        int side = sqlite3_column_int (statement, 1);
        const char *ours = (const char *) sqlite3_column_text (statement, side? 5: 4);
        if (!imi_user_can_read (user, ours))
            continue;
        char overdue [96];
        int64_t days = s_overdue (self, (const char *) sqlite3_column_text (statement, 2),
                                  (const char *) sqlite3_column_text (statement, 3),
                                  (const char *) sqlite3_column_text (statement, 7),
                                  sqlite3_column_int64 (statement, 8), overdue, sizeof overdue);
        if (filter->overdue && !days)
            continue;
        each (self, statement, overdue, days, context);
        count++;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return imi_store_error (self->store, "listing cases");
    return rc == SQLITE_ROW? 1: 0;
}

//  Say that a list was cut, in a line without tabs (imictl prints it as is).
static int
s_more (zlist_t *lines, int rc)
{
    if (rc == 1)
        imi_lines_add (lines, "(only the first %d cases are shown: narrow the list with --state, "
                              "--direction, --procedure or --overdue)", S_LIST_MAX);
    return rc == 1? 0: rc;
}

static const char *
s_column (sqlite3_stmt *row, int column)
{
    const char *text = (const char *) sqlite3_column_text (row, column);
    return text? text: "-";
}

static void
s_list_row (imi_node_t *self, sqlite3_stmt *row, const char *overdue, int64_t days,
            void *context)
{
    (void) self;
    zlist_t *lines = (zlist_t *) context;
    int side = sqlite3_column_int (row, 1);
    char updated [32];
    imi_lines_time (sqlite3_column_int64 (row, 9), updated);
    const char *reply_by = sqlite3_column_type (row, 7) != SQLITE_NULL? s_column (row, 7)
                                                                      : s_column (row, 6);
    imi_lines_add (lines, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", s_column (row, 0),
                   side? "in": "out", s_column (row, 2), s_column (row, 3),
                   s_column (row, side? 5: 4), s_column (row, side? 4: 5), reply_by,
                   days? overdue: "-", updated,
                   sqlite3_column_type (row, 11) != SQLITE_NULL? "deleted"
                 : sqlite3_column_type (row, 10) != SQLITE_NULL? "blocked": "-");
}

static void
s_count_row (imi_node_t *self, sqlite3_stmt *row, const char *overdue, int64_t days,
             void *context)
{
    (void) self, (void) row, (void) overdue, (void) days;
    (*(size_t *) context)++;
}

int
imi_cases_list (imi_node_t *self, const imi_user_t *user, const imi_case_filter_t *filter,
                zlist_t *lines)
{
    //  A count for scripts: exact, whatever the number (the list stops at
    //  S_LIST_MAX rows and says so in a line meant for people).
    if (filter->total) {
        size_t total = 0;
        int rc = s_each_case (self, user, filter, SIZE_MAX, s_count_row, &total);
        if (rc == 0)
            imi_lines_add (lines, "total\t%zu", total);
        return rc;
    }
    imi_lines_add (lines, "case\tdirection\tstate\tprocedure\tour authority\tcounterpart\treply by"
                          "\toverdue\tupdated\tpersonal data");
    return s_more (lines, s_each_case (self, user, filter, S_LIST_MAX, s_list_row, lines));
}

typedef struct {
    int64_t days;
    char *line;
} s_overdue_t;

typedef struct {
    s_overdue_t *rows;
    size_t count, capacity;
} s_overdue_list_t;

static void
s_overdue_row (imi_node_t *self, sqlite3_stmt *row, const char *overdue, int64_t days,
               void *context)
{
    (void) self;
    s_overdue_list_t *list = (s_overdue_list_t *) context;
    if (list->count == list->capacity) {
        list->capacity = list->capacity? list->capacity * 2: 32;
        list->rows = realloc (list->rows, list->capacity * sizeof (s_overdue_t));
        assert (list->rows);
    }
    int side = sqlite3_column_int (row, 1);
    list->rows [list->count].days = days;
    list->rows [list->count++].line = zsys_sprintf ("%s\t%s\t%s\t%s\t%lld\t%s",
        s_column (row, 0), s_column (row, side? 5: 4), s_column (row, side? 4: 5), overdue,
        (long long) days, s_column (row, 3));
}

static int
s_most_overdue_first (const void *left, const void *right)
{
    int64_t a = ((const s_overdue_t *) left)->days, b = ((const s_overdue_t *) right)->days;
    return a < b? 1: a > b? -1: strcmp (((const s_overdue_t *) left)->line,
                                        ((const s_overdue_t *) right)->line);
}

int
imi_cases_overdue (imi_node_t *self, const imi_user_t *user, zlist_t *lines)
{
    s_overdue_list_t list = { NULL, 0, 0 };
    imi_case_filter_t filter = { .overdue = true };
    int rc = s_each_case (self, user, &filter, S_LIST_MAX, s_overdue_row, &list);
    if (list.count)
        qsort (list.rows, list.count, sizeof (s_overdue_t), s_most_overdue_first);
    imi_lines_add (lines, "case\tour authority\tcounterpart\toverdue\tdays\tprocedure");
    for (size_t index = 0; index < list.count; index++) {
        zlist_append (lines, list.rows [index].line);
        zstr_free (&list.rows [index].line);
    }
    free (list.rows);
    return s_more (lines, rc);
}

//  ---------------------------------------------------------------------------
//  One case, in the reader's language

static const char *s_kind_words [][2] = {
    { "send", "sent the request" }, { "withdraw", "withdrew the request" },
    { "accept", "accepted" }, { "forward", "forwarded" },
    { "ask_clarification", "asked for clarification" }, { "clarify", "clarified" },
    { "answer", "answered" }, { "follow_up", "asked a follow-up" },
    { "close", "accepted the answer and closed" }, { "message", "wrote" },
    { "disclose", "disclosed the personal data of the request" },
};

static const char *
s_kind_word (const char *kind)
{
    for (size_t index = 0; index < sizeof s_kind_words / sizeof s_kind_words [0]; index++)
        if (strcmp (kind, s_kind_words [index][0]) == 0)
            return s_kind_words [index][1];
    return kind;
}

//  An answer's value for a reader: options and yes/no in their language.
static const char *
s_value (imi_node_t *self, const char *question_id, const char *value, const char *lang)
{
    const imi_question_t *question = imi_catalogue_question (self->catalogue, question_id);
    const char *shown = NULL;
    if (question && question->type == IMI_ANSWER_CHOICE)
        shown = imi_catalogue_option_text (self->catalogue, question_id, value, lang);
    else
    if (question && question->type == IMI_ANSWER_YES_NO)
        shown = imi_catalogue_option_text (self->catalogue, IMI_CATALOGUE_YES_NO, value, lang);
    return shown? shown: value;
}

static const char *
s_question_text (imi_node_t *self, const char *id, const char *lang)
{
    const char *text = imi_catalogue_question_text (self->catalogue, id, lang);
    return text? text: "(not in this node's catalogue)";
}

//  The content of an event: what it asks, answers, says, attaches; hidden
//  is NULL if the reader sees personal data, else the line that says why not.
static void
s_event_content (imi_node_t *self, const imi_case_event_t *event, const char *lang,
                 const char *hidden, imi_translate_job_t *translate, zlist_t *lines)
{
    bool personal = !hidden;
    if (*event->reply_date)
        imi_lines_add (lines, "    reply by: %s", event->reply_date);
    if (strcmp (event->kind, "forward") == 0)
        imi_lines_add (lines, "    to: %s", event->responder);
    for (size_t index = 0; index < event->question_count; index++)
        imi_lines_add (lines, "    question %s: %s", event->questions [index],
                       s_question_text (self, event->questions [index], lang));
    for (size_t index = 0; index < event->answer_count; index++) {
        const imi_case_pair_t *pair = &event->answers [index];
        imi_lines_add (lines, "    answer %s: %s", pair->id,
                       s_question_text (self, pair->id, lang));
        if (personal)
            imi_lines_add (lines, "      = %s", s_value (self, pair->id, pair->value, lang));
    }
    for (size_t index = 0; index < event->subject_count; index++) {
        const imi_case_pair_t *pair = &event->subject [index];
        if (personal)
            imi_lines_add (lines, "    personal data %s (%s): %s", pair->id,
                           s_question_text (self, pair->id, lang),
                           s_value (self, pair->id, pair->value, lang));
    }
    if (event->text && personal) {
        imi_lines_add (lines, "    text [%s, as written]: %s", event->text_lang, event->text);
        if (translate)
            imi_translate_job_add (translate, lines, event->text, event->text_lang);
    }
    for (size_t index = 0; index < event->file_count; index++) {
        char hash [IMI_HASH_BYTES * 2 + 1];
        imi_hex_encode (hash, event->files [index].hash, IMI_HASH_BYTES);
        if (personal)
            imi_lines_add (lines, "    attachment %s: %llu bytes, sha256 %s",
                           event->files [index].name,
                           (unsigned long long) event->files [index].size, hash);
    }
    if (!personal && (event->subject_count || event->text || event->file_count
                      || event->answer_count))
        imi_lines_add (lines, "    %s", hidden);
    if (event->has_timely)
        imi_lines_add (lines, "    timeliness: %s", event->timely? "positive": "negative");
    if (event->has_effort)
        imi_lines_add (lines, "    effort: %s", event->effort? "positive": "negative");
}

//  Why a reader who would see the case's personal data does not (NULL:
//  they see it). Blocked data is for a coordinator only; deleted is gone.
static const char *
s_retention_hidden (const imi_case_t *loaded, const imi_user_t *user, bool personal)
{
    if (loaded->deleted_ms)
        return "(personal data deleted)";
    if (!personal)
        return S_NOT_SHOWN;
    if (loaded->blocked_ms && user->role != IMI_ROLE_COORDINATOR)
        return "(personal data blocked: visible only to a coordinator, as proof of an exchange)";
    return NULL;
}

//  What our side holds back until the responder accepts, after the lines
//  so far: shown to our own readers as what will go (or, in a case that
//  ended before acceptance, what never went). 0, -1.
static int
s_show_held (imi_node_t *self, const imi_case_t *loaded, const char *lang, const char *hidden,
             imi_translate_job_t *translate, zlist_t *lines)
{
    if (loaded->side != IMI_SIDE_REQUESTER)
        return 0;
    imi_case_event_t *held;
    size_t count;
    if (imi_case_held (self, loaded->id, &held, &count))
        return -1;
    bool may_go = loaded->folded.state == IMI_CASE_DRAFT
               || imi_case_state_open (loaded->folded.state);
    if (count)
        imi_lines_add (lines, may_go? "held here until %s accepts (then sent):"
                                    : "held here, never sent (%s did not accept):",
                       loaded->responder);
    for (size_t index = 0; index < count; index++) {
        char when [32];
        imi_lines_time ((int64_t) held [index].at_ms, when);
        if (strcmp (held [index].kind, "disclose") == 0)
            imi_lines_add (lines, "  %s  the personal data of the request", when);
        else
            imi_lines_add (lines, "  %s  written by %s (%s)", when, held [index].actor,
                           held [index].authority);
        s_event_content (self, &held [index], lang, hidden, translate, lines);
    }
    imi_case_held_free (&held, &count);
    return 0;
}

int
imi_cases_show (imi_node_t *self, const imi_user_t *user, const char *case_id,
                const char *lang, imi_translate_job_t *translate, zlist_t *lines)
{
    imi_case_t loaded;
    int rc = imi_case_for (self, user, case_id, false, &loaded);
    if (rc)
        return rc;
    if (!lang || !*lang)
        lang = user->lang;
    const imi_case_folded_t *folded = &loaded.folded;
    //  Need-to-know: the responder sees the requester's personal data only
    //  while its authority (the current one) has accepted.
    bool personal = imi_user_sees_content (user, IMI_EXCHANGE_CASE)
                 && (loaded.side == IMI_SIDE_REQUESTER || folded->accepted_ms);
    const char *hidden = s_retention_hidden (&loaded, user, personal);
    const char *procedure = imi_catalogue_procedure_name (self->catalogue, loaded.procedure, lang);
    imi_lines_add (lines, "case: %s", loaded.id);
    imi_lines_add (lines, "procedure: %s (%s)", procedure? procedure: loaded.procedure,
                   loaded.procedure);
    imi_lines_add (lines, "state: %s", imi_case_state_name (folded->state));
    //  Events the other node refused: not delivered, whatever the link says.
    if (imi_outbox_refusals (self->store, loaded.id, lines)) {
        imi_case_free (&loaded);
        return -1;
    }
    imi_lines_add (lines, "direction: %s", loaded.side == IMI_SIDE_REQUESTER
                                            ? "out (we request)": "in (we respond)");
    imi_lines_add (lines, "requester: %s", loaded.requester);
    imi_lines_add (lines, "responder: %s", loaded.responder);
    if (folded->state == IMI_CASE_DRAFT) {
        //  Not sent yet: what will go
        imi_case_event_t draft;
        if (imi_case_draft_request (self, loaded.id, &draft) == 0) {
            imi_lines_add (lines, "draft request:");
            s_event_content (self, &draft, lang, hidden, translate, lines);
            imi_case_event_cleanup (&draft);
        }
        rc = s_show_held (self, &loaded, lang, hidden, translate, lines);
        imi_case_free (&loaded);
        return rc;
    }
    imi_lines_add (lines, "reply date: proposed %s, agreed %s", folded->proposed_date,
                   *folded->agreed_date? folded->agreed_date: "(not yet)");
    char overdue [96];
    s_overdue (self, imi_case_state_name (folded->state), loaded.procedure, folded->agreed_date,
               folded->received_ms, overdue, sizeof overdue);
    imi_lines_add (lines, "overdue: %s", *overdue? overdue: "no");
    char since [IMI_CASE_DATE_BYTES + 1];
    if (loaded.deleted_ms) {
        imi_case_date_format (loaded.deleted_ms / S_DAY_MS, since);
        imi_lines_add (lines, "personal data: deleted on %s (IMI Regulation Art. 14); the timeline "
                              "remains as proof of the exchange", since);
    }
    else
    if (loaded.blocked_ms) {
        imi_case_date_format (loaded.blocked_ms / S_DAY_MS, since);
        imi_lines_add (lines, "personal data: blocked since %s: visible only as proof of an "
                       "exchange%s", since, hidden? ", to a coordinator": "");
        //  Retention dropped the translations: a new one would be a new
        //  copy, and proof of an exchange needs none
        if (translate && !hidden)
            imi_lines_add (lines, "machine translation: not made of blocked personal data");
        translate = NULL;
    }
    else
    if (!personal && loaded.side == IMI_SIDE_RESPONDER
    &&  imi_user_sees_content (user, IMI_EXCHANGE_CASE))
        imi_lines_add (lines, "personal data: shown once your authority accepts the request");
    if (folded->rating_timely >= 0)
        imi_lines_add (lines, "rating: timeliness %s, effort %s",
                       folded->rating_timely? "positive": "negative",
                       folded->rating_effort? "positive": "negative");
    imi_lines_add (lines, "timeline:");
    for (size_t step = 0; step < loaded.event_count; step++) {
        size_t index = loaded.order [step];
        const imi_case_event_t *event = &loaded.events [index];
        char when [32];
        imi_lines_time ((int64_t) event->at_ms, when);
        imi_lines_add (lines, "  %s  %s %s (%s) %s%s%s", when,
                       event->side == IMI_SIDE_REQUESTER? "requester": "responder", event->actor,
                       event->authority, s_kind_word (event->kind),
                       *loaded.voids [index]? " -- no effect: ": "", loaded.voids [index]);
        s_event_content (self, event, lang, hidden, translate, lines);
    }
    rc = s_show_held (self, &loaded, lang, hidden, translate, lines);
    imi_case_free (&loaded);
    return rc;
}

int
imi_cases_attachment (imi_node_t *self, const imi_user_t *user, const char *case_id,
                      const char *which, uint8_t **data, size_t *size)
{
    imi_case_t loaded;
    int rc = imi_case_for (self, user, case_id, false, &loaded);
    if (rc)
        return rc;
    bool personal = imi_user_sees_content (user, IMI_EXCHANGE_CASE)
                 && (loaded.side == IMI_SIDE_REQUESTER || loaded.folded.accepted_ms);
    const char *hidden = s_retention_hidden (&loaded, user, personal);
    int our_side = (int) loaded.side;
    imi_case_free (&loaded);
    if (personal && hidden)
        return imi_error_malformed ("the attachments of case %s are %s", case_id,
                                    strstr (hidden, "deleted")? "deleted (retention)"
                                    : "blocked (retention): visible only to a coordinator");
    if (!personal)
        return imi_error_malformed ("the attachments of case %s are not shown to you%s", case_id,
                                    imi_user_sees_content (user, IMI_EXCHANGE_CASE)
                                    ? " before your authority accepts the request": "");
    return imi_attachments_fetch (self, IMI_ATTACHMENT_CASE, case_id, which, our_side, data,
                                  size);
}

int
imi_cases_visible (imi_node_t *self, const imi_user_t *user, const char *case_id)
{
    imi_case_t loaded;
    int rc = imi_case_for (self, user, case_id, false, &loaded);
    if (rc == 0)
        imi_case_free (&loaded);
    return rc == 0? 1: rc == -2? 0: -1;
}
