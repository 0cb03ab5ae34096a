/*  imi_case_control: the control commands on cases and indicators.

    After the command and the session token (imi_control), a case command
    has its positional arguments (the case id, ...) and then options as
    pairs of frames, name and value:
        procedure P, to AUTHORITY, reply-by DATE, urgent yes|no,
        question ID (repeatable), subject ID=VALUE, answer ID=VALUE (both
        repeatable), text TEXT, text-lang LL (the text's language; default the
        user's), file NAME followed by one frame of content, or
        file-spooled NAME followed by a spool file's name (the HTTP
        server's, imi_attachments_option; both repeatable), timely
        yes|no, effort yes|no, send yes, state S, direction in|out,
        procedure P, overdue yes, total yes, lang LL,
        from DATE, to DATE, by authority|state, authority KEY,
        translate yes (case-show: free text machine-translated into lang)
        reason TEXT (case-erase), cursor C and limit N (case-list,
        case-overdue: a page of at most N rows after the cursor C of the
        page before; case-show: a page of the timeline, the N events
        before the cursor C of the page after, by default the newest 20)
    imictl builds these from its command line, the HTTP API from a query
    or a JSON body. Every result is data (imi_cases.h): an action answers
    the case's row as it is after it, with "held". case-show and a page of
    case-list or case-overdue name the authorities they mention in lang
    (default the user's language): "authority_names" (imi_directory.h).
*/
#include "imi_case_control.h"
#include "imi_options.h"
#include "imi_page.h"
#include "imi_cases.h"
#include "imi_cases_internal.h"
#include "imi_config.h"
#include "imi_directory.h"
#include "imi_error.h"
#include "imi_kpi.h"
#include "imi_retention.h"

#include <stdlib.h>
#include <string.h>

#define S_DAY_MS (24LL * 3600 * 1000)

//  A request's options, parsed. Frames stay owned by frames.
typedef struct {
    imi_case_action_t action;
    bool send;
    const char *state, *direction, *procedure, *lang, *from, *to, *by, *authority;
    const char *reason;         //  case-erase: the data subject's request, by reference
    const char *cursor;             //  case-list, case-overdue: the page starts after it
    long limit;                     //  ... and has this many rows at most (0: not given)
    bool overdue;
    bool total;                     //  case-list: a count, not the rows
    bool translate;                 //  case-show: free text machine-translated too
    zlist_t *frames;                //  every popped frame, destroyed at the end
    size_t question_capacity, answer_capacity, subject_capacity;
} s_options_t;

static void
s_options_free (s_options_t *options)
{
    imi_case_event_t *event = &options->action.event;
    free (event->questions);
    for (size_t index = 0; index < event->answer_count; index++)
        free (event->answers [index].value);
    free (event->answers);
    for (size_t index = 0; index < event->subject_count; index++)
        free (event->subject [index].value);
    free (event->subject);
    free (event->text);
    free (event->files);
    zframe_t *frame;
    while ((frame = (zframe_t *) zlist_pop (options->frames)))
        zframe_destroy (&frame);
    zlist_destroy (&options->frames);
}

//  The frame's content as a string, kept until the options are freed.
static const char *
s_string (s_options_t *options, zframe_t *frame)
{
    //  Make the frame's content a C string: a copy with a terminator
    size_t size = zframe_size (frame);
    zframe_t *copy = zframe_new (NULL, size + 1);
    memcpy (zframe_data (copy), zframe_data (frame), size);
    zframe_data (copy) [size] = 0;
    zlist_append (options->frames, copy);
    if (strlen ((char *) zframe_data (copy)) != size)
        return NULL;            //  a NUL inside: not text
    return (const char *) zframe_data (copy);
}

//  The page's limit: the one asked for, else the command's default.
static size_t
s_limit (const s_options_t *options, size_t default_limit)
{
    return options->limit? (size_t) options->limit: default_limit;
}

//  ID=VALUE into a pair appended to *pairs.
static int
s_pair (const char *name, const char *value, imi_case_pair_t **pairs, size_t *count,
        size_t *capacity)
{
    const char *equals = strchr (value, '=');
    if (!equals || equals == value || (size_t) (equals - value) > IMI_CASE_CODE_MAX)
        return imi_error_malformed ("%s is ID=VALUE, not '%s'", name, value);
    if (*count >= IMI_CASE_PAIRS_MAX)
        return imi_error_malformed ("at most %d of %s", IMI_CASE_PAIRS_MAX, name);
    if (*count == *capacity) {
        *capacity = *capacity? *capacity * 2: 8;
        *pairs = realloc (*pairs, *capacity * sizeof (imi_case_pair_t));
        assert (*pairs);
    }
    imi_case_pair_t *pair = &(*pairs) [(*count)++];
    memset (pair, 0, sizeof *pair);
    memcpy (pair->id, value, (size_t) (equals - value));
    pair->value = strdup (equals + 1);
    assert (pair->value);
    return 0;
}

static int
s_parse (imi_node_t *self, s_options_t *options, zmsg_t *request)
{
    imi_case_event_t *event = &options->action.event;
    zframe_t *name_frame;
    while ((name_frame = zmsg_pop (request))) {
        zlist_append (options->frames, name_frame);
        zframe_t *value_frame = zmsg_pop (request);
        if (!value_frame)
            return imi_error_malformed ("option without a value");
        zlist_append (options->frames, value_frame);
        const char *name = s_string (options, name_frame);
        const char *value = s_string (options, value_frame);
        if (!name || !value)
            return imi_error_malformed ("options are text");
        int rc = 0;
        if (strcmp (name, "procedure") == 0) {
            rc = imi_option_copy (event->procedure, sizeof event->procedure, value, name);
            options->procedure = value;
        }
        else
        if (strcmp (name, "to") == 0) {
            rc = imi_option_copy (event->responder, sizeof event->responder, value, name);
            options->to = value;
        }
        else
        if (strcmp (name, "reply-by") == 0)
            rc = imi_option_copy (event->reply_date, sizeof event->reply_date, value, name);
        else
        if (strcmp (name, "urgent") == 0) {
            rc = imi_option_yes_no (name, value, &event->urgent);
            event->has_urgent = true;
        }
        else
        if (strcmp (name, "question") == 0) {
            if (event->question_count >= IMI_CASE_QUESTIONS_MAX)
                return imi_error_malformed ("at most %d questions", IMI_CASE_QUESTIONS_MAX);
            if (event->question_count == options->question_capacity) {
                options->question_capacity = options->question_capacity
                                           ? options->question_capacity * 2: 8;
                event->questions = realloc (event->questions,
                                            options->question_capacity * (IMI_CASE_CODE_MAX + 1));
                assert (event->questions);
            }
            rc = imi_option_copy (event->questions [event->question_count++], IMI_CASE_CODE_MAX + 1,
                         value, name);
        }
        else
        if (strcmp (name, "answer") == 0)
            rc = s_pair (name, value, &event->answers, &event->answer_count,
                         &options->answer_capacity);
        else
        if (strcmp (name, "subject") == 0)
            rc = s_pair (name, value, &event->subject, &event->subject_count,
                         &options->subject_capacity);
        else
        if (strcmp (name, "text") == 0) {
            if (strlen (value) > IMI_CASE_TEXT_MAX)
                return imi_error_malformed ("text is %zu bytes; at most %d", strlen (value),
                                            IMI_CASE_TEXT_MAX);
            free (event->text);
            event->text = strdup (value);
        }
        else
        if (strcmp (name, "text-lang") == 0) {
            if (!imi_case_lang_valid (value))
                return imi_error_malformed ("text-lang is the text's language as an ISO 639-1 "
                                            "code (de, fr, ...), not '%.40s'", value);
            snprintf (event->text_lang, sizeof event->text_lang, "%s", value);
        }
        else
        if (imi_attachments_option_is (name))
            rc = imi_attachments_option (self, name, value, request, options->frames,
                                         options->action.files, &options->action.file_count,
                                         &event->files);
        else
        if (strcmp (name, "timely") == 0) {
            rc = imi_option_yes_no (name, value, &event->timely);
            event->has_timely = true;
        }
        else
        if (strcmp (name, "effort") == 0) {
            rc = imi_option_yes_no (name, value, &event->effort);
            event->has_effort = true;
        }
        else
        if (strcmp (name, "send") == 0)
            rc = imi_option_yes_no (name, value, &options->send);
        else
        if (strcmp (name, "overdue") == 0)
            rc = imi_option_yes_no (name, value, &options->overdue);
        else
        if (strcmp (name, "total") == 0)
            rc = imi_option_yes_no (name, value, &options->total);
        else
        if (strcmp (name, "translate") == 0)
            rc = imi_option_yes_no ("translate", value, &options->translate);
        else
        if (strcmp (name, "state") == 0)
            options->state = value;
        else
        if (strcmp (name, "direction") == 0)
            options->direction = value;
        else
        if (strcmp (name, "lang") == 0)
            options->lang = value;
        else
        if (strcmp (name, "from") == 0)
            options->from = value;
        else
        if (strcmp (name, "by") == 0)
            options->by = value;
        else
        if (strcmp (name, "authority") == 0)
            options->authority = value;
        else
        if (strcmp (name, "reason") == 0)
            options->reason = value;
        else
        if (strcmp (name, "cursor") == 0)
            options->cursor = value;
        else
        if (strcmp (name, "limit") == 0)
            rc = imi_page_limit (value, &options->limit);
        else
            return imi_error_malformed ("unknown option '%s'", name);
        if (rc)
            return rc;
    }
    if (*event->text_lang && !event->text)
        return imi_error_malformed ("text-lang names the language of a text: there is none");
    return 0;
}

//  The kinds of event a user can ask for, by command.
static const struct {
    const char *command;
    const char *kind;
} s_acts [] = {
    { "case-send", "send" }, { "case-withdraw", "withdraw" }, { "case-accept", "accept" },
    { "case-forward", "forward" }, { "case-ask-clarification", "ask_clarification" },
    { "case-clarify", "clarify" }, { "case-answer", "answer" },
    { "case-follow-up", "follow_up" }, { "case-close", "close" },
    { "case-message", "message" },
};

//  Period of a kpi request: from/to dates (default: the last 365 days).
static int
s_period (s_options_t *options, imi_kpi_query_t *query)
{
    int64_t today = imi_node_now () / S_DAY_MS, days;
    query->to_ms = (today + 1) * S_DAY_MS;
    query->from_ms = query->to_ms - 365 * S_DAY_MS;
    if (options->from) {
        if (!imi_case_date_parse (options->from, &days))
            return imi_error_malformed ("from '%s' is not a date (YYYY-MM-DD)", options->from);
        query->from_ms = days * S_DAY_MS;
    }
    if (options->to) {
        if (!imi_case_date_parse (options->to, &days))
            return imi_error_malformed ("to '%s' is not a date (YYYY-MM-DD)", options->to);
        query->to_ms = (days + 1) * S_DAY_MS;      //  the whole of that day
    }
    if (query->to_ms <= query->from_ms)
        return imi_error_malformed ("the period ends before it starts");
    return 0;
}

static int
s_kpi (imi_node_t *self, const imi_user_t *user, s_options_t *options, json_t **result)
{
    imi_kpi_query_t query = { .now_ms = imi_node_now () };
    if (s_period (options, &query))
        return -2;
    if (options->by && strcmp (options->by, "state") != 0 && strcmp (options->by, "authority") != 0)
        return imi_error_malformed ("by is 'authority' or 'state', not '%s'", options->by);
    query.by_state = options->by && strcmp (options->by, "state") == 0;
    //  Everyone sees the indicators of their own authority; a coordinator
    //  those of every authority of the state, and the state's.
    query.authority = options->authority? options->authority: NULL;
    if (user->role != IMI_ROLE_COORDINATOR) {
        if (query.by_state)
            return imi_error_refuse (IMI_ERROR_FORBIDDEN,
                                     "the indicators of the state are for its coordinator");
        if (query.authority && strcmp (query.authority, user->authority) != 0)
            return imi_error_refuse (IMI_ERROR_FORBIDDEN, "you see the indicators of %s only",
                                     user->authority);
        query.authority = user->authority;
    }
    else
    if (query.authority && !imi_user_can_read (user, query.authority))
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "%s is not an authority of your state",
                                 query.authority);
    char state [3] = { user->authority [0], user->authority [1], 0 };
    query.state = state;
    int rc = imi_kpi_data (self->store, &query, result);
    //  The period, as dates: from its first day to its last
    char from [IMI_CASE_DATE_BYTES + 1], to [IMI_CASE_DATE_BYTES + 1];
    imi_case_date_format (query.from_ms / S_DAY_MS, from);
    imi_case_date_format ((query.to_ms - 1) / S_DAY_MS, to);
    if (rc == 0 && (json_object_set_new (*result, "from", json_string (from))
                ||  json_object_set_new (*result, "to", json_string (to))))
        rc = imi_error_set ("out of memory");
    return rc;
}

//  case-erase: a coordinator deletes a closed or withdrawn case's personal
//  data at once, on a data subject's request (imi_retention).
static int
s_erase (imi_node_t *self, const imi_user_t *user, const char *case_id, const char *reason)
{
    if (user->role != IMI_ROLE_COORDINATOR)
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "erasing personal data is for the "
                                 "coordinator, not a %s", imi_role_name (user->role));
    imi_case_t loaded;
    int rc = imi_case_for (self, user, case_id, false, IMI_CASE_NO_EVENTS, &loaded);
    if (rc)
        return rc;
    imi_case_state_t state = loaded.folded.state;
    imi_case_free (&loaded);
    if (state == IMI_CASE_DRAFT)
        return imi_error_refuse (IMI_ERROR_CONFLICT, "case %s is a draft: discard it instead",
                                 case_id);
    if (state != IMI_CASE_CLOSED && state != IMI_CASE_WITHDRAWN)
        return imi_error_refuse (IMI_ERROR_CONFLICT, "case %s is %s: close or withdraw it before "
                                 "erasing its personal data", case_id,
                                 imi_case_state_name (state));
    return imi_retention_erase (self->store, case_id, reason, imi_node_now ());
}

//  An action's answer: the row of case_id after it, and whether its
//  personal part waits here until the responder accepts.
static int
s_acted (imi_node_t *self, const char *case_id, bool held, json_t **result)
{
    int rc = imi_cases_row (self, case_id, result);
    if (rc == 0 && json_object_set_new (*result, "held", json_boolean (held)))
        rc = imi_error_set ("out of memory");
    return rc;
}

int
imi_case_command (imi_node_t *self, const imi_user_t *user, const char *command,
                  zmsg_t *request, json_t **result, uint8_t **data, size_t *size,
                  zframe_t **client_p)
{
    s_options_t options;
    memset (&options, 0, sizeof options);
    options.frames = zlist_new ();
    *result = NULL;
    char *case_id = NULL, *which = NULL;
    bool wants_id = strcmp (command, "case-new") != 0 && strcmp (command, "case-list") != 0
                 && strcmp (command, "case-overdue") != 0 && strcmp (command, "kpi") != 0;
    if (wants_id) {
        case_id = zmsg_popstr (request);
        if (!case_id || !imi_case_id_valid (case_id)) {
            int rc = imi_error_malformed ("'%s' is not a case id (like DE-0123456789abcdef)",
                                          case_id? case_id: "");
            zstr_free (&case_id);
            s_options_free (&options);
            return rc;
        }
    }
    if (strcmp (command, "case-attachment") == 0)
        which = zmsg_popstr (request);
    int rc = s_parse (self, &options, request);
    imi_case_event_t *event = &options.action.event;
    const char *kind = NULL;
    for (size_t index = 0; index < sizeof s_acts / sizeof s_acts [0]; index++)
        if (strcmp (command, s_acts [index].command) == 0)
            kind = s_acts [index].kind;
    if (rc)
        ;
    else
    if (kind) {
        snprintf (event->case_id, sizeof event->case_id, "%s", case_id);
        snprintf (event->kind, sizeof event->kind, "%s", kind);
        rc = imi_cases_act (self, user, &options.action);
        if (rc == 0)
            rc = s_acted (self, case_id, options.action.held, result);
    }
    else
    if (strcmp (command, "case-new") == 0) {
        char created [IMI_CASE_ID_MAX + 1] = "";
        rc = imi_cases_create (self, user, &options.action, options.send, created);
        if (rc == 0)
            rc = s_acted (self, created, false, result);
    }
    else
    if (strcmp (command, "case-discard") == 0) {
        rc = imi_cases_discard (self, user, case_id);
        if (rc == 0 && !(*result = json_pack ("{s:s, s:b}", "id", case_id, "discarded", true)))
            rc = imi_error_set ("out of memory");
    }
    else
    if (strcmp (command, "case-list") == 0) {
        imi_case_filter_t filter = { options.state, options.direction, options.procedure,
                                     options.overdue, options.total, options.cursor,
                                     s_limit (&options, IMI_PAGE_LIMIT_DEFAULT) };
        rc = imi_cases_list (self, user, &filter, result);
        if (rc == 0 && !options.total)
            rc = imi_directory_name_authorities (self->directory, *result,
                                                 options.lang? options.lang: user->lang);
    }
    else
    if (strcmp (command, "case-show") == 0) {
        imi_translate_job_t *job = imi_translate_job_for (options.translate, options.lang,
                                                          user->lang);
        rc = imi_cases_show (self, user, case_id, options.lang, options.cursor,
                             s_limit (&options, IMI_CASE_TIMELINE_LIMIT_DEFAULT), job, result);
        rc = imi_translate_job_finish_data (self, &job, rc, *result, client_p);
    }
    else
    if (strcmp (command, "case-overdue") == 0) {
        rc = imi_cases_overdue (self, user, options.cursor,
                               s_limit (&options, IMI_PAGE_LIMIT_DEFAULT), result);
        if (rc == 0)
            rc = imi_directory_name_authorities (self->directory, *result,
                                                 options.lang? options.lang: user->lang);
    }
    else
    if (strcmp (command, "case-attachment") == 0)
        rc = which? imi_cases_attachment (self, user, case_id, which, data, size)
                  : imi_error_malformed ("which attachment? (a name or a sha256)");
    else
    if (strcmp (command, "kpi") == 0)
        rc = s_kpi (self, user, &options, result);
    else
    if (strcmp (command, "case-erase") == 0) {
        rc = s_erase (self, user, case_id, options.reason);
        if (rc == 0)
            rc = s_acted (self, case_id, false, result);
    }
    else
        rc = imi_error_malformed ("unknown case command '%s'", command);
    if (rc) {
        json_decref (*result);
        *result = NULL;
    }
    zstr_free (&case_id);
    zstr_free (&which);
    s_options_free (&options);
    return rc;
}
