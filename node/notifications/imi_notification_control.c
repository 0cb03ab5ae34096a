/*  imi_notification_control: the control commands on notifications and the
    repository.

    After the command and the session token (imi_control): the
    notification's id unless the command is notification-new,
    notification-list or a repository command; then options as pairs of
    frames, name and value:
        procedure P, to all | XX,YY,... (repeatable), title T, text T,
        entry FIELD=VALUE (repeatable), q WORDS (repository-search), key K
        (repository-show: the entry's key, which holds slashes),
        register R, state XX,
        lang LL and translate yes|no (notification-show: the procedure's
        name in lang, free text machine-translated into it), cursor C and
        limit N (notification-list, repository-search: a page, imi_page)
    imictl and the HTTP API (node/http) build these. The result is data:
    the lists a page, the shows the notification or the entries, and every
    action the notification as it is after it. notification-list names
    the authorities of its page in lang (default the user's language:
    imi_directory_name_authorities), as the notification does.
*/
#include "imi_notification_control.h"
#include "imi_options.h"
#include "imi_directory.h"
#include "imi_error.h"
#include "imi_notifications.h"
#include "imi_page.h"
#include "imi_repository.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    imi_notification_event_t event;
    bool all;                       //  to all
    const char *words, *key, *register_code, *state;
    const char *lang;               //  notification-show: the reader's language
    bool translate;                 //  notification-show: free text machine-translated too
    const char *cursor;             //  the lists: the page after, or NULL
    long limit;                     //  the lists: items per page
    zlist_t *frames;                //  the options' strings (owned), freed at the end
} s_options_t;

//  "all" or "FR,PL,IT" into the event's recipients.
static int
s_recipients (s_options_t *options, const char *value)
{
    imi_notification_event_t *event = &options->event;
    if (strcmp (value, "all") == 0) {
        options->all = true;
        return 0;
    }
    for (const char *cursor = value; ; cursor += 3) {
        if (event->recipient_count == IMI_NOTIFICATION_RECIPIENTS_MAX)
            return imi_error_malformed ("at most %d recipient states",
                                        IMI_NOTIFICATION_RECIPIENTS_MAX);
        char state [3] = { 0 };
        if (strlen (cursor) < 2 || (cursor [2] && cursor [2] != ','))
            return imi_error_malformed ("to is 'all' or state codes separated by commas, not "
                                        "'%s'", value);
        memcpy (state, cursor, 2);
        if (!imi_state_code_valid (state))
            return imi_error_malformed ("'%s' is not a state code", state);
        for (size_t index = 0; index < event->recipient_count; index++)
            if (strcmp (event->recipients [index], state) == 0)
                return imi_error_malformed ("state %s is named twice", state);
        memcpy (event->recipients [event->recipient_count++], state, 3);
        if (!cursor [2])
            return 0;
    }
}

static int
s_parse (s_options_t *options, zmsg_t *request)
{
    imi_notification_event_t *event = &options->event;
    char *name;
    while ((name = zmsg_popstr (request))) {
        zlist_append (options->frames, name);
        char *value = zmsg_popstr (request);
        if (!value)
            return imi_error_malformed ("option %s without a value", name);
        zlist_append (options->frames, value);
        int rc = 0;
        if (strcmp (name, "procedure") == 0)
            rc = imi_option_copy (event->procedure, sizeof event->procedure, value, name);
        else
        if (strcmp (name, "to") == 0)
            rc = s_recipients (options, value);
        else
        if (strcmp (name, "title") == 0)
            rc = imi_option_copy (event->title, sizeof event->title, value, name);
        else
        if (strcmp (name, "text") == 0) {
            if (!*value)
                return imi_error_malformed ("text is empty");
            if (strlen (value) > IMI_NOTIFICATION_TEXT_MAX)
                return imi_error_malformed ("text is %zu bytes; at most %d", strlen (value),
                                            IMI_NOTIFICATION_TEXT_MAX);
            event->text = value;
        }
        else
        if (strcmp (name, "entry") == 0) {
            const char *equals = strchr (value, '=');
            if (!equals || equals == value || (size_t) (equals - value) > IMI_CASE_CODE_MAX)
                return imi_error_malformed ("entry is FIELD=VALUE, not '%.40s'", value);
            if (event->entry_count == IMI_NOTIFICATION_ENTRY_MAX)
                return imi_error_malformed ("at most %d entry fields", IMI_NOTIFICATION_ENTRY_MAX);
            imi_notification_pair_t *pair = &event->entry [event->entry_count++];
            memcpy (pair->field, value, (size_t) (equals - value));
            pair->field [equals - value] = 0;
            for (size_t index = 0; index + 1 < event->entry_count; index++)
                if (strcmp (event->entry [index].field, pair->field) == 0)
                    return imi_error_malformed ("entry field %s is given twice", pair->field);
            rc = imi_option_copy (pair->value, sizeof pair->value, equals + 1, pair->field);
        }
        else
        if (strcmp (name, "q") == 0)
            options->words = value;
        else
        if (strcmp (name, "key") == 0)
            options->key = value;
        else
        if (strcmp (name, "register") == 0)
            options->register_code = value;
        else
        if (strcmp (name, "state") == 0)
            options->state = value;
        else
        if (strcmp (name, "lang") == 0)
            options->lang = value;
        else
        if (strcmp (name, "translate") == 0)
            rc = imi_option_yes_no ("translate", value, &options->translate);
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
    return 0;
}

//  The steps a user can take, by command.
static const struct {
    const char *command;
    const char *kind;
} s_acts [] = {
    { "notification-modify", "modify" }, { "notification-comment", "comment" },
    { "notification-withdraw", "withdraw" }, { "notification-close", "close" },
};

int
imi_notification_command (imi_node_t *self, const imi_user_t *user, const char *command,
                          zmsg_t *request, json_t **result, zframe_t **client_p)
{
    s_options_t options;
    memset (&options, 0, sizeof options);
    options.frames = zlist_new ();
    options.limit = IMI_PAGE_LIMIT_DEFAULT;
    imi_notification_event_t *event = &options.event;
    bool wants_id = strcmp (command, "notification-new") != 0
                 && strcmp (command, "notification-list") != 0
                 && strcmp (command, "notification-procedures") != 0
                 && strncmp (command, "repository-", 11) != 0;
    char *id = wants_id? zmsg_popstr (request): NULL;
    int rc = 0;
    if (wants_id && (!id || !*id))
        rc = imi_error_malformed ("%s needs an id", command);
    else
    if (wants_id && !imi_case_id_valid (id))
        rc = imi_error_malformed ("'%s' is not a notification id (like DE-0123456789abcdef)", id);
    if (rc == 0)
        rc = s_parse (&options, request);
    const char *kind = NULL;
    for (size_t index = 0; index < sizeof s_acts / sizeof s_acts [0]; index++)
        if (strcmp (command, s_acts [index].command) == 0)
            kind = s_acts [index].kind;
    if (rc)
        ;
    else
    if (kind) {
        if (*event->procedure || event->recipient_count || options.all)
            rc = imi_error_malformed ("procedure and recipients are set when notifying");
        else {
            snprintf (event->notification_id, sizeof event->notification_id, "%s", id);
            snprintf (event->kind, sizeof event->kind, "%s", kind);
            rc = imi_notifications_act (self, user, event);
        }
        //  The answer: the notification as it is now
        if (rc == 0)
            rc = imi_notifications_show (self, user, id, NULL, NULL, result);
    }
    else
    if (strcmp (command, "notification-new") == 0) {
        char created [IMI_NOTIFICATION_ID_MAX + 1] = "";
        rc = imi_notifications_create (self, user, event, options.all, created);
        if (rc == 0)
            rc = imi_notifications_show (self, user, created, NULL, NULL, result);
    }
    else
    if (strcmp (command, "notification-list") == 0 || strcmp (command, "repository-search") == 0) {
        *result = imi_page_new ();
        rc = !*result? imi_error_set ("out of memory")
           : command [0] == 'n'? imi_notifications_list (self, user, options.cursor,
                                                         options.limit, *result)
           : imi_repository_search (self->repository, self->store, options.words,
                                    options.register_code, options.state, options.cursor,
                                    options.limit, *result);
        if (rc == 0 && command [0] == 'n')
            rc = imi_directory_name_authorities (self->directory, *result,
                                                 options.lang? options.lang: user->lang);
    }
    else
    if (strcmp (command, "notification-show") == 0) {
        imi_translate_job_t *job = imi_translate_job_for (options.translate, options.lang,
                                                          user->lang);
        rc = imi_notifications_show (self, user, id, options.lang, job, result);
        rc = imi_translate_job_finish_data (self, &job, rc, *result, client_p);
    }
    else
    if (strcmp (command, "notification-procedures") == 0)
        rc = imi_notifications_procedures (self, user, options.lang, result);
    else
    if (strcmp (command, "repository-show") == 0)
        rc = options.key? imi_repository_show (self->repository, self->store, options.key,
                                               options.register_code, result)
           : imi_error_malformed ("which entry? (key)");
    else
        rc = imi_error_malformed ("unknown notification command '%s'", command);
    zstr_free (&id);
    char *string;
    while ((string = (char *) zlist_pop (options.frames)))
        zstr_free (&string);
    zlist_destroy (&options.frames);
    return rc;
}
