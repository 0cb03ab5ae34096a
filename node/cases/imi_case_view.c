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
#include "imi_directory.h"
#include "imi_error.h"
#include "imi_page.h"

#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define S_DAY_MS (24LL * 3600 * 1000)
//  Why a reader does not see a case's personal data: the node's words
//  (reader.withheld, and each event's), and a code for a client to say it
//  in its reader's language (reader.withheld_why: s_withheld_why)
#define S_NOT_SHOWN "(personal data, free text and attachments not shown to you)"
#define S_BLOCKED   "(personal data blocked: visible only to a coordinator, as proof of an exchange)"
#define S_DELETED   "(personal data deleted)"

//  Cases in the list's order, newest change first, each query walking an
//  index in that order (no sort, and a page reads only its rows): ?1 the
//  reach's authority (the case's own side), ?2 ?3 ?4 the filters (NULL:
//  any), ?5 ?6 the cursor (the last row of the page before: after it come
//  older changes, and ids after its id at the same time; no cursor is
//  INT64_MAX and ""), ?7 one case.
#define S_LIST_COLUMNS \
    "SELECT id, side, state, procedure, requester, responder, proposed_date, agreed_date," \
    " received_ms, updated_ms, blocked_ms, deleted_ms FROM cases"
#define S_LIST_FILTERS \
    " AND (?2 IS NULL OR state = ?2) AND (?3 IS NULL OR side = ?3)" \
    " AND (?4 IS NULL OR procedure = ?4)" \
    " AND updated_ms <= ?5 AND NOT (updated_ms = ?5 AND id <= ?6)" \
    " ORDER BY updated_ms DESC, id"
#define S_LIST_REACH                    /*  index cases_by_ours */ \
    S_LIST_COLUMNS " WHERE (CASE side WHEN 0 THEN requester ELSE responder END) = ?1" \
    S_LIST_FILTERS
#define S_LIST_ALL                      /*  index cases_by_update */ \
    S_LIST_COLUMNS " WHERE 1" S_LIST_FILTERS
#define S_LIST_ONE                      /*  the primary key */ \
    S_LIST_COLUMNS " WHERE id = ?7"
static const char *s_list_reach = S_LIST_REACH;
static const char *s_list_all = S_LIST_ALL;
static const char *s_list_one = S_LIST_ONE;

const char *const imi_case_list_queries [] = { S_LIST_REACH, S_LIST_ALL, S_LIST_ONE, NULL };

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

//  A list's cursor: "KEY:CASE-ID", KEY a number (the list's updated_ms, the
//  overdue list's days). 0, or -2 if text is not one.
static int
s_cursor_parse (const char *text, int64_t *key, char id [IMI_CASE_ID_MAX + 1])
{
    const char *colon = text? strchr (text, ':'): NULL;
    long long number = 0;
    bool digits = colon && colon > text && colon - text <= 18
               && strspn (text, "0123456789") == (size_t) (colon - text);
    if (digits)
        number = strtoll (text, NULL, 10);
    if (!digits || !imi_case_id_valid (colon + 1))
        return imi_error_malformed ("'%s' is not a cursor of this list (give the next_cursor of "
                                    "the page before)", text? text: "");
    *key = number;
    snprintf (id, IMI_CASE_ID_MAX + 1, "%s", colon + 1);
    return 0;
}

static const char *
s_column (sqlite3_stmt *row, int column)
{
    const char *text = (const char *) sqlite3_column_text (row, column);
    return text? text: "-";
}

//  A row of s_list as data: what the lists and an action's answer show of
//  a case. NULL if out of memory.
static json_t *
s_row_value (sqlite3_stmt *row, const char *overdue, int64_t days)
{
    int side = sqlite3_column_int (row, 1);
    char updated [32];
    imi_lines_time_data (sqlite3_column_int64 (row, 9), updated);
    int reply_by = sqlite3_column_type (row, 7) != SQLITE_NULL? 7: 6;
    return json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s?, s:I, s:s, s:s?}",
                      "id", s_column (row, 0), "direction", side? "in": "out",
                      "state", s_column (row, 2), "procedure", s_column (row, 3),
                      "our_authority", s_column (row, side? 5: 4),
                      "counterpart", s_column (row, side? 4: 5),
                      "reply_by", (const char *) sqlite3_column_text (row, reply_by),
                      "overdue", days? overdue: NULL, "overdue_days", (json_int_t) days,
                      "updated", updated,
                      "personal_data", sqlite3_column_type (row, 11) != SQLITE_NULL? "deleted"
                                     : sqlite3_column_type (row, 10) != SQLITE_NULL? "blocked"
                                     : NULL);
}

//  Where a walk over the cases is, and what it keeps: rows (an array of
//  row values, or NULL to count only), the count, and the last row's
//  cursor.
typedef struct {
    json_t *rows;
    size_t count;
    size_t limit;               //  rows at most; one more matching says there are more
    bool more;
    char cursor [64];           //  of the last row kept
} s_walk_t;

//  Walk the cases of user's reach (NULL: of any reach) that pass filter
//  (one case: only_id), from the cursor (the list's; NULL: from the start),
//  into walk. 0, -2, -1.
static int
s_each_case (imi_node_t *self, const imi_user_t *user, const imi_case_filter_t *filter,
             const char *only_id, const char *cursor, s_walk_t *walk)
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
    int64_t after_ms = INT64_MAX;
    char after_id [IMI_CASE_ID_MAX + 1] = "";
    if (cursor && s_cursor_parse (cursor, &after_ms, after_id))
        return -2;
    //  A coordinator reaches every authority of the state: the SQL narrows
    //  to one authority for everyone else, and imi_users decides for each.
    bool reach = user && user->role != IMI_ROLE_COORDINATOR;
    sqlite3_stmt *statement = imi_store_statement (self->store, only_id? s_list_one
                                                              : reach? s_list_reach: s_list_all);
    if (!statement)
        return -1;
    if (reach)
        sqlite3_bind_text (statement, 1, user->authority, -1, SQLITE_STATIC);
    if (filter->state)
        sqlite3_bind_text (statement, 2, filter->state, -1, SQLITE_STATIC);
    if (direction >= 0)
        sqlite3_bind_int (statement, 3, direction);
    if (filter->procedure)
        sqlite3_bind_text (statement, 4, filter->procedure, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 5, after_ms);
    sqlite3_bind_text (statement, 6, after_id, -1, SQLITE_STATIC);
    if (only_id)
        sqlite3_bind_text (statement, 7, only_id, -1, SQLITE_STATIC);
    int rc, result = 0;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        int side = sqlite3_column_int (statement, 1);
        const char *ours = (const char *) sqlite3_column_text (statement, side? 5: 4);
        if (user && !imi_user_can_read (user, ours))
            continue;
        char overdue [96];
        int64_t days = s_overdue (self, (const char *) sqlite3_column_text (statement, 2),
                                  (const char *) sqlite3_column_text (statement, 3),
                                  (const char *) sqlite3_column_text (statement, 7),
                                  sqlite3_column_int64 (statement, 8), overdue, sizeof overdue);
        if (filter->overdue && !days)
            continue;
        if (walk->count == walk->limit) {
            walk->more = true;
            break;
        }
        walk->count++;
        snprintf (walk->cursor, sizeof walk->cursor, "%lld:%s",
                  (long long) sqlite3_column_int64 (statement, 9), s_column (statement, 0));
        json_t *value = walk->rows? s_row_value (statement, overdue, days): NULL;
        if (walk->rows && json_array_append_new (walk->rows, value)) {
            result = imi_error_set ("out of memory");
            break;
        }
    }
    sqlite3_reset (statement);
    if (result == 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
        return imi_store_error (self->store, "listing cases");
    return result;
}

//  A page as data: {items, next_cursor} (items consumed; next_cursor null
//  on the last page). NULL if out of memory.
static json_t *
s_page (json_t *items, const char *next_cursor)
{
    return json_pack ("{s:o, s:s?}", "items", items, "next_cursor", next_cursor);
}

static int
s_limit_check (size_t limit)
{
    if (limit < 1 || limit > IMI_PAGE_LIMIT_MAX)
        return imi_error_malformed ("limit is a number from 1 to %d, not %zu",
                                    IMI_PAGE_LIMIT_MAX, limit);
    return 0;
}

int
imi_cases_list (imi_node_t *self, const imi_user_t *user, const imi_case_filter_t *filter,
                json_t **result)
{
    *result = NULL;
    s_walk_t walk = { .limit = filter->total? SIZE_MAX: filter->limit };
    if (!filter->total && s_limit_check (filter->limit))
        return -2;
    //  A count for scripts: exact, whatever the number.
    walk.rows = filter->total? NULL: json_array ();
    int rc = s_each_case (self, user, filter, NULL, filter->cursor, &walk);
    if (rc == 0)
        *result = filter->total? json_pack ("{s:I}", "total", (json_int_t) walk.count)
                               : s_page (walk.rows, walk.more? walk.cursor: NULL);
    else
        json_decref (walk.rows);
    if (rc == 0 && !*result)
        rc = imi_error_set ("out of memory");
    return rc;
}

int
imi_cases_row (imi_node_t *self, const char *case_id, json_t **result)
{
    imi_case_filter_t filter = { 0 };
    s_walk_t walk = { .rows = json_array (), .limit = 1 };
    int rc = s_each_case (self, NULL, &filter, case_id, NULL, &walk);
    *result = rc == 0? json_incref (json_array_get (walk.rows, 0)): NULL;
    json_decref (walk.rows);
    if (rc == 0 && !*result)
        rc = imi_error_refuse (IMI_ERROR_NOT_FOUND, "no case %s", case_id);
    return rc;
}

//  The overdue list's order: most days first, then by case id.
static int
s_most_overdue_first (const void *left, const void *right)
{
    json_t *a = *(json_t *const *) left, *b = *(json_t *const *) right;
    json_int_t days_a = json_integer_value (json_object_get (a, "overdue_days"));
    json_int_t days_b = json_integer_value (json_object_get (b, "overdue_days"));
    return days_a < days_b? 1: days_a > days_b? -1
         : strcmp (json_string_value (json_object_get (a, "id")),
                   json_string_value (json_object_get (b, "id")));
}

int
imi_cases_overdue (imi_node_t *self, const imi_user_t *user, const char *cursor, size_t limit,
                   json_t **result)
{
    *result = NULL;
    if (s_limit_check (limit))
        return -2;
    //  Sorted by what is computed now, not by a column: every overdue case
    //  of the reach is read, sorted, and the page cut from it.
    int64_t after_days = 0;
    char after_id [IMI_CASE_ID_MAX + 1] = "";
    if (cursor && s_cursor_parse (cursor, &after_days, after_id))
        return -2;
    imi_case_filter_t filter = { .overdue = true };
    s_walk_t walk = { .rows = json_array (), .limit = SIZE_MAX };
    int rc = s_each_case (self, user, &filter, NULL, NULL, &walk);
    size_t count = json_array_size (walk.rows);
    json_t **rows = rc == 0 && count? calloc (count, sizeof (json_t *)): NULL;
    if (rc == 0 && count && !rows)
        rc = imi_error_set ("out of memory");
    for (size_t index = 0; rows && index < count; index++)
        rows [index] = json_array_get (walk.rows, index);
    if (rows)
        qsort (rows, count, sizeof (json_t *), s_most_overdue_first);
    json_t *items = rc == 0? json_array (): NULL;
    size_t index = 0, kept = 0;
    //  After the cursor: fewer days, or as many and a later id
    while (cursor && index < count) {
        json_int_t days = json_integer_value (json_object_get (rows [index], "overdue_days"));
        const char *id = json_string_value (json_object_get (rows [index], "id"));
        if (days < after_days || (days == after_days && strcmp (id, after_id) > 0))
            break;
        index++;
    }
    char next [64] = "";
    for (; items && index < count && kept < limit; index++, kept++) {
        json_array_append (items, rows [index]);
        snprintf (next, sizeof next, "%lld:%s",
                  (long long) json_integer_value (json_object_get (rows [index], "overdue_days")),
                  json_string_value (json_object_get (rows [index], "id")));
    }
    if (items && !(*result = s_page (items, index < count? next: NULL)))
        rc = imi_error_set ("out of memory");
    free (rows);
    json_decref (walk.rows);
    return rc;
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

//  A question's text in lang, or NULL if it is not in our catalogue.
static const char *
s_question_text (imi_node_t *self, const char *id, const char *lang)
{
    return imi_catalogue_question_text (self->catalogue, id, lang);
}

//  Set member name of object to value (consumed); false if out of memory
//  (value NULL, or the set failed).
static bool
s_set (json_t *object, const char *name, json_t *value)
{
    return value && json_object_set_new (object, name, value) == 0;
}

//  Append value (consumed) to array; false if out of memory.
static bool
s_append (json_t *array, json_t *value)
{
    return value && json_array_append_new (array, value) == 0;
}

//  The content of an event, as members of object: what it asks, answers,
//  says, attaches; hidden is NULL if the reader sees personal data, else
//  why not ("withheld"). A free text is added to translate (or NULL).
//  0, or -1 if out of memory.
static int
s_event_content (imi_node_t *self, const imi_case_event_t *event, const char *lang,
                 const char *hidden, imi_translate_job_t *translate, json_t *object)
{
    bool personal = !hidden, ok = true;
    if (*event->reply_date)
        ok &= s_set (object, "reply_by", json_string (event->reply_date));
    if (strcmp (event->kind, "forward") == 0)
        ok &= s_set (object, "to", json_string (event->responder));
    if (event->question_count) {
        json_t *questions = json_array ();
        for (size_t index = 0; ok && index < event->question_count; index++)
            ok &= s_append (questions, json_pack ("{s:s, s:s?}", "id", event->questions [index],
                            "text", s_question_text (self, event->questions [index], lang)));
        ok &= s_set (object, "questions", questions);
    }
    if (event->answer_count) {
        json_t *answers = json_array ();
        for (size_t index = 0; ok && index < event->answer_count; index++) {
            const imi_case_pair_t *pair = &event->answers [index];
            json_t *answer = json_pack ("{s:s, s:s?}", "id", pair->id,
                                        "question", s_question_text (self, pair->id, lang));
            if (answer && personal)
                ok &= s_set (answer, "value", json_string (pair->value))
                   && s_set (answer, "value_text",
                             json_string (s_value (self, pair->id, pair->value, lang)));
            ok &= s_append (answers, answer);
        }
        ok &= s_set (object, "answers", answers);
    }
    if (event->subject_count && personal) {
        json_t *subject = json_array ();
        for (size_t index = 0; ok && index < event->subject_count; index++) {
            const imi_case_pair_t *pair = &event->subject [index];
            ok &= s_append (subject, json_pack ("{s:s, s:s?, s:s, s:s}", "id", pair->id,
                            "field", s_question_text (self, pair->id, lang), "value", pair->value,
                            "value_text", s_value (self, pair->id, pair->value, lang)));
        }
        ok &= s_set (object, "subject", subject);
    }
    if (event->text && personal) {
        json_t *text = json_pack ("{s:s, s:s}", "lang", event->text_lang, "original", event->text);
        ok &= s_set (object, "text", text);
        if (ok && translate)
            imi_translate_job_add_data (translate, text, event->text, event->text_lang);
    }
    if (event->file_count && personal) {
        json_t *files = json_array ();
        for (size_t index = 0; ok && index < event->file_count; index++) {
            char hash [IMI_HASH_BYTES * 2 + 1];
            imi_hex_encode (hash, event->files [index].hash, IMI_HASH_BYTES);
            ok &= s_append (files, json_pack ("{s:s, s:I, s:s}", "name",
                            event->files [index].name,
                            "size", (json_int_t) event->files [index].size, "sha256", hash));
        }
        ok &= s_set (object, "attachments", files);
    }
    if (!personal && (event->subject_count || event->text || event->file_count
                      || event->answer_count))
        ok &= s_set (object, "withheld", json_string (hidden));
    if (event->has_timely)
        ok &= s_set (object, "timely", json_string (event->timely? "positive": "negative"));
    if (event->has_effort)
        ok &= s_set (object, "effort", json_string (event->effort? "positive": "negative"));
    return ok? 0: imi_error_set ("out of memory");
}

//  Why a reader who would see the case's personal data does not (NULL:
//  they see it). Blocked data is for a coordinator only; deleted is gone.
static const char *
s_retention_hidden (const imi_case_t *loaded, const imi_user_t *user, bool personal)
{
    if (loaded->deleted_ms)
        return S_DELETED;
    if (!personal)
        return S_NOT_SHOWN;
    if (loaded->blocked_ms && user->role != IMI_ROLE_COORDINATOR)
        return S_BLOCKED;
    return NULL;
}

//  The code of s_retention_hidden's reason (NULL: none).
static const char *
s_withheld_why (const char *hidden)
{
    return !hidden? NULL
         : strcmp (hidden, S_DELETED) == 0? "deleted"
         : strcmp (hidden, S_BLOCKED) == 0? "blocked": "not_permitted";
}

//  What our side holds back until the responder accepts, as data: shown to
//  our own readers as what will go (or, in a case that ended before
//  acceptance, what never went): {responder, will_send, events}, or null
//  when nothing is held. 0, -1.
static int
s_show_held (imi_node_t *self, const imi_case_t *loaded, const char *lang, const char *hidden,
             imi_translate_job_t *translate, json_t *document)
{
    if (loaded->side != IMI_SIDE_REQUESTER)
        return s_set (document, "held", json_null ())? 0: imi_error_set ("out of memory");
    imi_case_event_t *held;
    size_t count;
    if (imi_case_held (self, loaded->id, &held, &count))
        return -1;
    bool may_go = loaded->folded.state == IMI_CASE_DRAFT
               || imi_case_state_open (loaded->folded.state);
    json_t *events = json_array ();
    bool ok = events != NULL;
    for (size_t index = 0; ok && index < count; index++) {
        char when [32];
        imi_lines_time_data ((int64_t) held [index].at_ms, when);
        json_t *event = json_pack ("{s:s, s:s, s:s, s:s}", "time", when,
                                   "kind", held [index].kind, "actor", held [index].actor,
                                   "authority", held [index].authority);
        ok = event && s_event_content (self, &held [index], lang, hidden, translate, event) == 0;
        ok &= s_append (events, event);
    }
    bool any = count > 0;
    imi_case_held_free (&held, &count);
    json_t *value = any? json_pack ("{s:s, s:b, s:o}", "responder", loaded->responder,
                                      "will_send", may_go, "events", events)
                         : (json_decref (events), json_null ());
    ok &= s_set (document, "held", value);
    return ok? 0: imi_error_set ("out of memory");
}

//  The case's facts as data, before its timeline.
static json_t *
s_show_facts (imi_node_t *self, const imi_case_t *loaded, const char *lang)
{
    const imi_case_folded_t *folded = &loaded->folded;
    char overdue [96], blocked [IMI_CASE_DATE_BYTES + 1], deleted [IMI_CASE_DATE_BYTES + 1];
    s_overdue (self, imi_case_state_name (folded->state), loaded->procedure, folded->agreed_date,
               folded->received_ms, overdue, sizeof overdue);
    imi_case_date_format (loaded->blocked_ms / S_DAY_MS, blocked);
    imi_case_date_format (loaded->deleted_ms / S_DAY_MS, deleted);
    json_t *rating = folded->rating_timely < 0? json_null ()
                   : json_pack ("{s:s, s:s}", "timely",
                                folded->rating_timely? "positive": "negative",
                                "effort", folded->rating_effort? "positive": "negative");
    return json_pack ("{s:s, s:{s:s, s:s?}, s:s, s:[], s:s, s:s, s:s,"
                      " s:{s:s?, s:s?}, s:s?, s:{s:s?, s:s?}, s:o}",
                      "id", loaded->id,
                      "procedure", "code", loaded->procedure,
                      "name", imi_catalogue_procedure_name (self->catalogue, loaded->procedure,
                                                            lang),
                      "state", imi_case_state_name (folded->state),
                      "refusals",
                      "direction", loaded->side == IMI_SIDE_REQUESTER? "out": "in",
                      "requester", loaded->requester, "responder", loaded->responder,
                      "reply_date", "proposed", *folded->proposed_date? folded->proposed_date: NULL,
                      "agreed", *folded->agreed_date? folded->agreed_date: NULL,
                      "overdue", *overdue? overdue: NULL,
                      "retention", "blocked_on", loaded->blocked_ms? blocked: NULL,
                      "deleted_on", loaded->deleted_ms? deleted: NULL,
                      "rating", rating);
}

//  The workflow's actions user may take on the case now, by the names of
//  the API's routes and imictl's words (ask-clarification, not
//  ask_clarification): none unless user may act for our authority.
static json_t *
s_reader_actions (const imi_user_t *user, const imi_case_t *loaded)
{
    json_t *actions = json_array ();
    const char *kinds [IMI_WORKFLOW_ACTIONS_MAX];
    size_t count = actions && imi_user_can_act (user, imi_case_our_authority (loaded))
                 ? imi_workflow_actions (loaded->folded.state, loaded->side, kinds,
                                         IMI_WORKFLOW_ACTIONS_MAX)
                 : 0;
    for (size_t index = 0; index < count; index++) {
        char name [32];
        snprintf (name, sizeof name, "%s", kinds [index]);
        for (char *cursor = name; *cursor; cursor++)
            if (*cursor == '_')
                *cursor = '-';
        json_array_append_new (actions, json_string (name));
    }
    return actions;
}

//  A timeline's cursor, "SIDE.N": the event the page before it ends
//  before (the first of the page after). 0 or -2.
static int
s_event_cursor_parse (const char *cursor, imi_case_page_t *page)
{
    char *end;
    unsigned long long n = 0;
    bool ok = (cursor [0] == '0' || cursor [0] == '1') && cursor [1] == '.'
           && cursor [2] >= '1' && cursor [2] <= '9';
    if (ok) {
        errno = 0;
        n = strtoull (cursor + 2, &end, 10);
        ok = !*end && errno == 0 && n <= UINT32_MAX;
    }
    if (!ok)
        return imi_error_malformed ("'%.40s' is not a cursor of a case's timeline (give back a "
                                    "timeline_earlier_cursor as it came)", cursor);
    page->side = cursor [0] - '0';
    page->n = n;
    return 0;
}

//  The questions asked in the case (its request's, its follow-ups', any
//  event's), each once in the order asked, as [{id, text}] in lang: for a
//  reader who may answer, whose page of the timeline may not hold them.
//  Reads every event of the case. 0, -1.
static int
s_questions_asked (imi_node_t *self, const char *case_id, const char *lang, json_t **result)
{
    imi_case_t loaded;
    int rc = imi_case_load (self, case_id, NULL, &loaded);
    if (rc)
        return rc == 1? imi_error_set ("case %s is gone", case_id): rc;
    json_t *questions = json_array ();
    bool ok = questions != NULL;
    for (size_t step = 0; ok && step < loaded.event_count; step++) {
        const imi_case_event_t *event = &loaded.events [loaded.order [step]];
        for (size_t index = 0; ok && index < event->question_count; index++) {
            const char *id = event->questions [index];
            bool known = false;
            for (size_t each = 0; each < json_array_size (questions) && !known; each++)
                known = strcmp (json_string_value (json_object_get (
                                    json_array_get (questions, each), "id")), id) == 0;
            if (!known)
                ok = s_append (questions, json_pack ("{s:s, s:s?}", "id", id,
                                                     "text", s_question_text (self, id, lang)));
        }
    }
    imi_case_free (&loaded);
    if (!ok) {
        json_decref (questions);
        return imi_error_set ("out of memory");
    }
    *result = questions;
    return 0;
}

//  Does the reader's list of actions name kind?
static bool
s_may (json_t *actions, const char *kind)
{
    size_t index;
    json_t *action;
    json_array_foreach (actions, index, action)
        if (strcmp (json_string_value (action), kind) == 0)
            return true;
    return false;
}

int
imi_cases_show (imi_node_t *self, const imi_user_t *user, const char *case_id,
                const char *lang, const char *cursor, size_t limit,
                imi_translate_job_t *translate, json_t **result)
{
    *result = NULL;
    imi_case_page_t page = { cursor != NULL, 0, 0, limit, false };
    if (s_limit_check (limit) || (cursor && s_event_cursor_parse (cursor, &page)))
        return -2;
    imi_case_t loaded;
    int rc = imi_case_for (self, user, case_id, false, &page, &loaded);
    if (rc)
        return rc;
    if (!lang || !*lang)
        lang = user->lang;
    const imi_case_folded_t *folded = &loaded.folded;
    //  Need-to-know: the responder sees the requester's personal data only
    //  while its authority (the current one) has accepted.
    bool sees = imi_user_sees_content (user, IMI_EXCHANGE_CASE);
    bool personal = sees && (loaded.side == IMI_SIDE_REQUESTER || folded->accepted_ms);
    const char *hidden = s_retention_hidden (&loaded, user, personal);
    json_t *document = s_show_facts (self, &loaded, lang);
    bool ok = document != NULL;
    //  Events the other node refused: not delivered, whatever the link says.
    if (ok && imi_outbox_refusals_data (self->store, loaded.id,
                                        json_object_get (document, "refusals")))
        rc = -1;
    //  Retention dropped the translations of blocked data: a new one would
    //  be a new copy, and proof of an exchange needs none.
    if (ok && loaded.blocked_ms && !loaded.deleted_ms && translate && !hidden)
        ok = s_set (document, "machine_translation",
                    json_string ("not made of blocked personal data"));
    if (loaded.blocked_ms)
        translate = NULL;
    if (ok)
        ok = s_set (document, "reader",
                    json_pack ("{s:b, s:s?, s:s?, s:b, s:o}", "personal_data", !hidden,
                               "withheld", hidden, "withheld_why", s_withheld_why (hidden),
                               "after_acceptance", !personal && sees
                                                && loaded.side == IMI_SIDE_RESPONDER,
                               "actions", s_reader_actions (user, &loaded)));
    //  Who may answer answers the questions of the whole case
    json_t *asked = NULL;
    if (ok && rc == 0
    &&  s_may (json_object_get (json_object_get (document, "reader"), "actions"), "answer")) {
        rc = s_questions_asked (self, loaded.id, lang, &asked);
        if (rc == 0)
            ok = s_set (document, "questions", asked);
    }
    json_t *draft_value = ok? json_null (): NULL;
    if (ok && folded->state == IMI_CASE_DRAFT) {
        //  Not sent yet: what will go
        imi_case_event_t draft;
        int found = imi_case_draft_request (self, loaded.id, &draft);
        if (found < 0)
            rc = -1;
        if (found == 0) {
            json_decref (draft_value);
            draft_value = json_object ();
            if (!draft_value
            ||  s_event_content (self, &draft, lang, hidden, translate, draft_value))
                ok = false;
            imi_case_event_cleanup (&draft);
        }
    }
    ok = ok && s_set (document, "draft_request", draft_value);
    json_t *timeline = ok? json_array (): NULL;
    ok = ok && s_set (document, "timeline", json_incref (timeline));
    for (size_t step = 0; ok && rc == 0 && step < loaded.event_count; step++) {
        size_t index = loaded.order [step];
        const imi_case_event_t *event = &loaded.events [index];
        char when [32];
        imi_lines_time_data ((int64_t) event->at_ms, when);
        json_t *value = json_pack ("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?}", "time", when,
                                   "side", event->side == IMI_SIDE_REQUESTER? "requester"
                                                                            : "responder",
                                   "actor", event->actor, "authority", event->authority,
                                   "kind", event->kind, "kind_text", s_kind_word (event->kind),
                                   "void", *loaded.voids [index]? loaded.voids [index]: NULL);
        ok = value && s_event_content (self, event, lang, hidden, translate, value) == 0;
        ok &= s_append (timeline, value);
    }
    json_decref (timeline);
    char earlier [32] = "";
    if (loaded.event_count) {
        const imi_case_event_t *first = &loaded.events [loaded.order [0]];
        snprintf (earlier, sizeof earlier, "%u.%llu", first->side, (unsigned long long) first->n);
    }
    ok = ok && s_set (document, "timeline_events", json_integer ((json_int_t) loaded.event_total))
            && s_set (document, "timeline_earlier_cursor",
                      loaded.first_position > 1? json_string (earlier): json_null ());
    if (ok && rc == 0)
        rc = s_show_held (self, &loaded, lang, hidden, translate, document);
    if (ok && rc == 0)
        rc = imi_directory_name_authorities (self->directory, document, lang);
    if (!ok && rc == 0)
        rc = imi_error_set ("out of memory");
    imi_case_free (&loaded);
    if (rc)
        json_decref (document);
    else
        *result = document;
    return rc;
}

int
imi_cases_attachment (imi_node_t *self, const imi_user_t *user, const char *case_id,
                      const char *which, uint8_t **data, size_t *size)
{
    imi_case_t loaded;
    int rc = imi_case_for (self, user, case_id, false, IMI_CASE_NO_EVENTS, &loaded);
    if (rc)
        return rc;
    bool personal = imi_user_sees_content (user, IMI_EXCHANGE_CASE)
                 && (loaded.side == IMI_SIDE_REQUESTER || loaded.folded.accepted_ms);
    const char *hidden = s_retention_hidden (&loaded, user, personal);
    int our_side = (int) loaded.side;
    imi_case_free (&loaded);
    if (personal && hidden)
        return strcmp (s_withheld_why (hidden), "deleted") == 0
             ? imi_error_refuse (IMI_ERROR_NOT_FOUND, "the attachments of case %s are deleted "
                                 "(retention)", case_id)
             : imi_error_refuse (IMI_ERROR_FORBIDDEN, "the attachments of case %s are blocked "
                                 "(retention): visible only to a coordinator", case_id);
    if (!personal)
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "the attachments of case %s are not shown "
                                 "to you%s", case_id,
                                 imi_user_sees_content (user, IMI_EXCHANGE_CASE)
                                 ? " before your authority accepts the request": "");
    return imi_attachments_fetch (self, IMI_ATTACHMENT_CASE, case_id, which, our_side, data,
                                  size);
}

int
imi_cases_visible (imi_node_t *self, const imi_user_t *user, const char *case_id)
{
    imi_case_t loaded;
    int rc = imi_case_for (self, user, case_id, false, IMI_CASE_NO_EVENTS, &loaded);
    if (rc == 0)
        imi_case_free (&loaded);
    return rc == 0? 1: rc == -2? 0: -1;
}
