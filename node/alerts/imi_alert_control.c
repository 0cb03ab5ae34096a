/*  imi_alert_control: the control commands on alerts.

    After the command and the session token (imi_control), an alert
    command has its positional arguments (the alert id, none for alert-new
    and alert-list; alert-attachment then names the file, by name or hex
    SHA-256) and then options as pairs of frames, name and value:
        procedure P, to XX (repeatable) or to all, field ID=VALUE
        (repeatable), text TEXT, text-lang LL, authority KEY (alert-ack:
        the recipient authority acknowledging), lang LL and translate
        yes|no (alert-show: free text machine-translated into lang), file
        NAME (alert-new, alert-correct; repeatable) followed by one more
        frame, the file's content, or file-spooled NAME followed by a spool
        file's name (imi_attachments_option), cursor C and limit N
        (alert-list: a page, imi_page)
    imictl and the HTTP API (node/http) build these. The result is data:
    alert-list a page (its authorities named in lang, default the user's
    language: imi_directory_name_authorities), alert-show the alert (imi_alerts_show),
    alert-procedures the alert procedures with their fields (lang LL), and every
    action the alert as it is after it; alert-attachment answers with the
    content.
*/
#include "imi_alert_control.h"
#include "imi_options.h"
#include "imi_alerts.h"
#include "imi_directory.h"
#include "imi_error.h"
#include "imi_page.h"

#include <stdlib.h>
#include <string.h>

//  The commands, and the kind of event each writes (NULL: reads).
static const struct {
    const char *command;
    const char *kind;
    bool has_id;
} s_commands [] = {
    { "alert-new", "issue", false }, { "alert-correct", "correct", true },
    { "alert-withdraw", "withdraw", true }, { "alert-close", "close", true },
    { "alert-ack", "acknowledge", true }, { "alert-list", NULL, false },
    { "alert-show", NULL, true }, { "alert-attachment", NULL, true },
    { "alert-procedures", NULL, false },
};

typedef struct {
    imi_alert_event_t event;            //  fields owned here (freed by s_options_free)
    bool all;
    bool translate;                     //  alert-show: free text machine-translated too
    char *authority, *lang;
    char *cursor;                       //  alert-list: the page after, or NULL
    long limit;                         //  alert-list: items per page
    imi_attachment_upload_t uploads [IMI_CASE_ATTACHMENTS_MAX];
    size_t upload_count;                //  each upload's data is in a frame of frames
    zlist_t *frames;
} s_options_t;

static void
s_options_free (s_options_t *options)
{
    for (size_t index = 0; index < options->event.field_count; index++)
        free (options->event.fields [index].value);
    free (options->event.fields);
    free (options->event.text);
    free (options->event.files);
    zstr_free (&options->authority);
    zstr_free (&options->lang);
    zstr_free (&options->cursor);
    zframe_t *frame;
    while ((frame = (zframe_t *) zlist_pop (options->frames)))
        zframe_destroy (&frame);
    zlist_destroy (&options->frames);
}

//  One option (a file's: imi_attachments_option). 0, -2, -1.
static int
s_option (imi_node_t *self, s_options_t *options, const char *name, const char *value,
          zmsg_t *request)
{
    imi_alert_event_t *event = &options->event;
    if (imi_attachments_option_is (name))
        return imi_attachments_option (self, name, value, request, options->frames,
                                       options->uploads, &options->upload_count, &event->files);
    if (strcmp (name, "procedure") == 0)
        return imi_option_copy (event->procedure, sizeof event->procedure, value, name);
    if (strcmp (name, "to") == 0) {
        if (strcmp (value, "all") == 0) {
            options->all = true;
            return 0;
        }
        if (strlen (value) != 2 || !imi_state_code_valid (value))
            return imi_error_malformed ("'%s' is not a state code (or all)", value);
        for (size_t index = 0; index < event->state_count; index++)
            if (strcmp (event->states [index], value) == 0)
                return imi_error_malformed ("state %s is named twice", value);
        if (event->state_count >= IMI_ALERT_STATES_MAX)
            return imi_error_malformed ("at most %d states", IMI_ALERT_STATES_MAX);
        return imi_option_copy (event->states [event->state_count++], 3, value, name);
    }
    if (strcmp (name, "field") == 0) {
        const char *equals = strchr (value, '=');
        if (!equals || equals == value || (size_t) (equals - value) > IMI_CASE_CODE_MAX)
            return imi_error_malformed ("field is ID=VALUE, not '%.40s'", value);
        if (event->field_count >= IMI_ALERT_FIELDS_MAX)
            return imi_error_malformed ("at most %d fields", IMI_ALERT_FIELDS_MAX);
        event->fields = realloc (event->fields,
                                 (event->field_count + 1) * sizeof (imi_case_pair_t));
        assert (event->fields);
        imi_case_pair_t *pair = &event->fields [event->field_count++];
        memset (pair, 0, sizeof *pair);
        memcpy (pair->id, value, (size_t) (equals - value));
        pair->value = strdup (equals + 1);
        assert (pair->value);
        return 0;
    }
    if (strcmp (name, "text") == 0) {
        if (strlen (value) > IMI_ALERT_TEXT_MAX)
            return imi_error_malformed ("the text is %zu bytes; at most %d", strlen (value),
                                        IMI_ALERT_TEXT_MAX);
        free (event->text);
        event->text = strdup (value);
        assert (event->text);
        return 0;
    }
    if (strcmp (name, "text-lang") == 0)
        return imi_option_copy (event->text_lang, sizeof event->text_lang, value, name);
    if (strcmp (name, "translate") == 0)
        return imi_option_yes_no ("translate", value, &options->translate);
    if (strcmp (name, "limit") == 0)
        return imi_page_limit (value, &options->limit);
    if (strcmp (name, "authority") == 0 || strcmp (name, "lang") == 0
    ||  strcmp (name, "cursor") == 0) {
        char **slot = name [0] == 'a'? &options->authority
                    : name [0] == 'l'? &options->lang: &options->cursor;
        zstr_free (slot);
        *slot = strdup (value);
        return 0;
    }
    return imi_error_malformed ("unknown option '%s'", name);
}

static int
s_parse (imi_node_t *self, s_options_t *options, zmsg_t *request)
{
    int rc = 0;
    while (rc == 0 && zmsg_size (request)) {
        char *name = zmsg_popstr (request);
        char *value = zmsg_popstr (request);
        rc = name && value? s_option (self, options, name, value, request)
                          : imi_error_malformed ("option without a value");
        zstr_free (&name);
        zstr_free (&value);
    }
    return rc;
}

int
imi_alert_command (imi_node_t *self, const imi_user_t *user, const char *command,
                   zmsg_t *request, json_t **result, zframe_t **client_p, uint8_t **data,
                   size_t *size)
{
    size_t row = 0;
    while (row < sizeof s_commands / sizeof s_commands [0]
    &&     strcmp (s_commands [row].command, command) != 0)
        row++;
    if (row == sizeof s_commands / sizeof s_commands [0])
        return imi_error_malformed ("unknown alert command '%s'", command);
    s_options_t options;
    memset (&options, 0, sizeof options);
    options.frames = zlist_new ();
    options.limit = IMI_PAGE_LIMIT_DEFAULT;
    imi_alert_event_t *event = &options.event;
    char *id = s_commands [row].has_id? zmsg_popstr (request): NULL;
    bool fetch = strcmp (command, "alert-attachment") == 0;
    char *which = fetch? zmsg_popstr (request): NULL;
    int rc = 0;
    if (s_commands [row].has_id && (!id || !imi_case_id_valid (id)))
        rc = imi_error_malformed ("'%s' is not an alert id (like DE-0123456789abcdef)",
                                  id? id: "");
    else
    if (fetch && (!which || !*which))
        rc = imi_error_malformed ("which attachment? (a name or a sha256)");
    if (rc == 0)
        rc = s_parse (self, &options, request);
    if (rc == 0 && id)
        snprintf (event->alert_id, sizeof event->alert_id, "%s", id);
    if (rc == 0 && s_commands [row].kind)
        snprintf (event->kind, sizeof event->kind, "%s", s_commands [row].kind);
    if (rc)
        ;
    else
    if (strcmp (command, "alert-new") == 0) {
        char created [IMI_CASE_ID_MAX + 1];
        rc = imi_alerts_issue (self, user, event, options.all, options.uploads,
                               options.upload_count, created);
        //  The answer: the alert as it is now
        if (rc == 0)
            rc = imi_alerts_show (self, user, created, NULL, NULL, result);
    }
    else
    if (s_commands [row].kind) {
        rc = options.all || event->state_count || *event->procedure
           ? imi_error_malformed ("the recipients and the procedure are set when issuing")
           : imi_alerts_act (self, user, event, options.authority, options.uploads,
                             options.upload_count);
        if (rc == 0)
            rc = imi_alerts_show (self, user, id, NULL, NULL, result);
    }
    else
    if (options.upload_count)
        rc = imi_error_malformed ("files are attached when issuing or correcting");
    else
    if (strcmp (command, "alert-list") == 0) {
        *result = imi_page_new ();
        rc = *result? imi_alerts_list (self, user, options.cursor, options.limit, *result)
                    : imi_error_set ("out of memory");
        if (rc == 0)
            rc = imi_directory_name_authorities (self->directory, *result,
                                                 options.lang? options.lang: user->lang);
    }
    else
    if (fetch)
        rc = imi_alerts_attachment (self, user, id, which, data, size);
    else
    if (strcmp (command, "alert-procedures") == 0)
        rc = imi_alerts_procedures (self, user, options.lang, result);
    else {
        imi_translate_job_t *job = imi_translate_job_for (options.translate, options.lang,
                                                          user->lang);
        rc = imi_alerts_show (self, user, id, options.lang, job, result);
        rc = imi_translate_job_finish_data (self, &job, rc, *result, client_p);
    }
    zstr_free (&id);
    zstr_free (&which);
    s_options_free (&options);
    return rc;
}
