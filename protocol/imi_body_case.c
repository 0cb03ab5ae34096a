/*  imi_body_case: case events and attachment pieces, encoded and checked.
    See imi_body_case.h for the wire forms and PROTOCOL.md §10.

    An event is a fixed head of eight items and a map of optional fields.
    The map lets later kinds add fields without a new format; the codec
    knows every key (an unknown one is an error, as everywhere in the
    protocol) but not which kind needs which: that is imi_workflow's
    business. The fields are described once, in s_fields, by name, form
    (a short string, a boolean, a list of question ids, a list of pairs, a
    free text, a list of files) and place in imi_case_event_t. The encoder
    writes them in that table's order, the canonical key order; the decoder
    looks each key up in the same table, in any order, and refuses a key it
    does not know or has already seen.

    One set of rules (s_event_valid) serves both directions: the decoder
    reads every field with its type and size bound, then applies the rules;
    the encoder applies them before it writes, so a node never sends an
    event its peer must refuse. Absence has one form on the wire, a left-out
    key: a key holding an empty string or an empty list is refused, so a
    decoded event always encodes back to its canonical bytes.

    Memory: the strict reader walks the input before anything is unpacked,
    so every count the decoder sees is bounded by the input's size; lists
    are allocated by their count, and texts and values by their own size,
    not by their maximum. On any failure the decoder frees what it
    allocated and leaves the event zeroed.
*/
#include "imi_body_case.h"
#include "imi_body_directory.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <assert.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_EVENT_ITEMS   9
#define S_PART_ITEMS    5
#define S_PATH_MAX      96          //  longest field path in a reason, and more
#define S_KEY_MAX       24          //  longest unknown key quoted in a reason

typedef char s_code_t [IMI_CASE_CODE_MAX + 1];

//  How a field is held in imi_case_event_t and written on the wire.
typedef enum {
    S_FORM_STRING,      //  str; char [capacity], "" = absent
    S_FORM_BOOL,        //  bool; a value and a has_ flag
    S_FORM_QUESTIONS,   //  [ str ... ]; s_code_t * and a count
    S_FORM_PAIRS,       //  [ [ id, value ] ... ]; imi_case_pair_t * and a count
    S_FORM_TEXT,        //  str; char *, NULL = absent
    S_FORM_FILES        //  [ [ name, size, sha256 ] ... ]; imi_case_file_t * and a count
} s_form_t;

typedef struct {
    const char *name;   //  the key
    s_form_t form;
    size_t offset;      //  the member: a string, a bool value, a pointer
    size_t extra;       //  string: its capacity; bool: the has_ flag; list: its count
} s_field_t;

#define S_AT(member)        offsetof (imi_case_event_t, member)
#define S_SIZE(member)      sizeof (((imi_case_event_t *) 0)->member)
#define S_MEMBER(event, offset, type)   ((type *) ((char *) (event) + (offset)))
#define S_READ(event, offset, type)     ((type const *) ((const char *) (event) + (offset)))

//  Every field, in the canonical key order.
static const s_field_t s_fields [] = {
    { "procedure",   S_FORM_STRING,    S_AT (procedure),  S_SIZE (procedure) },
    { "requester",   S_FORM_STRING,    S_AT (requester),  S_SIZE (requester) },
    { "responder",   S_FORM_STRING,    S_AT (responder),  S_SIZE (responder) },
    { "lang",        S_FORM_STRING,    S_AT (lang),       S_SIZE (lang) },
    { "urgent",      S_FORM_BOOL,      S_AT (urgent),     S_AT (has_urgent) },
    { "reply_date",  S_FORM_STRING,    S_AT (reply_date), S_SIZE (reply_date) },
    { "questions",   S_FORM_QUESTIONS, S_AT (questions),  S_AT (question_count) },
    { "answers",     S_FORM_PAIRS,     S_AT (answers),    S_AT (answer_count) },
    { "subject",     S_FORM_PAIRS,     S_AT (subject),    S_AT (subject_count) },
    { "text",        S_FORM_TEXT,      S_AT (text),       0 },
    { "text_lang",   S_FORM_STRING,    S_AT (text_lang),  S_SIZE (text_lang) },
    { "attachments", S_FORM_FILES,     S_AT (files),      S_AT (file_count) },
    { "timely",      S_FORM_BOOL,      S_AT (timely),     S_AT (has_timely) },
    { "effort",      S_FORM_BOOL,      S_AT (effort),     S_AT (has_effort) },
};
#define S_FIELDS (sizeof s_fields / sizeof s_fields [0])

//  Format a field path into path (S_PATH_MAX bytes) and return it.
__attribute__ ((format (printf, 2, 3)))
static const char *
s_path (char *path, const char *format, ...)
{
    va_list arguments;
    va_start (arguments, format);
    vsnprintf (path, S_PATH_MAX, format, arguments);
    va_end (arguments);
    return path;
}

//  ---- names and dates ----

bool
imi_case_id_valid (const char *id)
{
    if (strlen (id) != 19 || id [2] != '-')
        return false;
    char state [3] = { id [0], id [1], 0 };
    if (!imi_state_code_valid (state))
        return false;
    for (const char *digit = id + 3; *digit; digit++)
        if (!((*digit >= '0' && *digit <= '9') || (*digit >= 'a' && *digit <= 'f')))
            return false;
    return true;
}

//  Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
//  days_from_civil algorithm).
static int64_t
s_days_from_civil (int64_t year, int64_t month, int64_t day)
{
    year -= month <= 2;
    int64_t era = (year >= 0? year: year - 399) / 400;
    int64_t year_of_era = year - era * 400;
    int64_t day_of_year = (153 * (month + (month > 2? -3: 9)) + 2) / 5 + day - 1;
    int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

bool
imi_case_date_parse (const char *text, int64_t *days)
{
    if (strlen (text) != IMI_CASE_DATE_BYTES || text [4] != '-' || text [7] != '-')
        return false;
    for (int index = 0; index < IMI_CASE_DATE_BYTES; index++)
        if (index != 4 && index != 7 && (text [index] < '0' || text [index] > '9'))
            return false;
    int year = (text [0] - '0') * 1000 + (text [1] - '0') * 100 + (text [2] - '0') * 10
             + (text [3] - '0');
    int month = (text [5] - '0') * 10 + (text [6] - '0');
    int day = (text [8] - '0') * 10 + (text [9] - '0');
    static const int month_days [12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 2000 || year > 2999 || month < 1 || month > 12 || day < 1
    ||  day > month_days [month - 1] || (month == 2 && day == 29 && !leap))
        return false;
    *days = s_days_from_civil (year, month, day);
    return true;
}

void
imi_case_date_format (int64_t days, char text [IMI_CASE_DATE_BYTES + 1])
{
    //  civil_from_days, the inverse of the above
    days += 719468;
    int64_t era = (days >= 0? days: days - 146096) / 146097;
    int64_t day_of_era = days - era * 146097;
    int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                           - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t mp = (5 * day_of_year + 2) / 153;
    int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
    int64_t month = mp + (mp < 10? 3: -9);
    int64_t year = year_of_era + era * 400 + (month <= 2);
    int fields [3] = { (int) (year % 10000), (int) month, (int) day };
    int widths [3] = { 4, 2, 2 };
    char *cursor = text;
    for (int field = 0; field < 3; field++) {
        for (int digit = widths [field] - 1; digit >= 0; digit--) {
            cursor [digit] = (char) ('0' + fields [field] % 10);
            fields [field] /= 10;
        }
        cursor += widths [field];
        *cursor++ = field < 2? '-': 0;
    }
}

//  ---- the rules ----

bool
imi_case_authority_valid (const char *key)
{
    size_t size = strnlen (key, IMI_CASE_AUTHORITY_MAX + 1);
    if (size < 4 || size > IMI_CASE_AUTHORITY_MAX || key [2] != ':')
        return false;
    char state [3] = { key [0], key [1], 0 };
    return imi_state_code_valid (state)
        && imi_directory_code_valid (key + 3, IMI_DIRECTORY_ID_MAX);
}

//  [a-z_]{1,24}.
static bool
s_kind_valid (const char *kind)
{
    size_t size = strnlen (kind, IMI_CASE_KIND_MAX + 1);
    if (size < 1 || size > IMI_CASE_KIND_MAX)
        return false;
    for (size_t index = 0; index < size; index++)
        if (!((kind [index] >= 'a' && kind [index] <= 'z') || kind [index] == '_'))
            return false;
    return true;
}

bool
imi_case_lang_valid (const char *lang)
{
    return strnlen (lang, 3) == 2
        && lang [0] >= 'a' && lang [0] <= 'z' && lang [1] >= 'a' && lang [1] <= 'z';
}

static int
s_code_check (const char *code, size_t maximum, const char *path)
{
    if (!imi_directory_code_valid (code, maximum))
        return imi_error_malformed ("%s: not 1 to %zu of [a-z0-9._-]", path, maximum);
    return 0;
}

static int
s_authority_check (const char *key, const char *path)
{
    if (!imi_case_authority_valid (key))
        return imi_error_malformed ("%s: not an authority key (state code, ':', authority id)",
                                    path);
    return 0;
}

static int
s_lang_check (const char *lang, const char *path)
{
    if (!imi_case_lang_valid (lang))
        return imi_error_malformed ("%s: not a language code (two of [a-z])", path);
    return 0;
}

//  A list's count: 0 means absent; otherwise 1..maximum items, and the
//  items must be there. 0 or -2.
static int
s_count_check (size_t count, size_t maximum, const void *items, const char *path)
{
    if (count > maximum)
        return imi_error_malformed ("%s: %zu items, expected 1 to %zu", path, count, maximum);
    if (count && !items)
        return imi_error_malformed ("%s: %zu items but no list", path, count);
    return 0;
}

int
imi_case_text_check (const char *text, size_t size, size_t maximum, bool lines, const char *path)
{
    if (size == 0)
        return imi_error_malformed ("%s: empty", path);
    if (size > maximum)
        return imi_error_malformed ("%s: %zu bytes exceeds the maximum %zu", path, size,
                                    maximum);
    if (!imi_utf8_valid ((const uint8_t *) text, size))
        return imi_error_malformed ("%s: not valid UTF-8", path);
    for (size_t index = 0; index < size; index++) {
        uint8_t byte = (uint8_t) text [index];
        bool line = byte == '\t' || byte == '\n' || byte == '\r';
        if ((byte < 0x20 && !(lines && line)) || byte == 0x7f)
            return imi_error_malformed ("%s: holds a control character", path);
    }
    return 0;
}

//  A list of [id, value] pairs (answers, subject fields). 0 or -2.
static int
s_pairs_check (const imi_case_pair_t *pairs, size_t count, const char *name)
{
    char path [S_PATH_MAX];
    int rc = s_count_check (count, IMI_CASE_PAIRS_MAX, pairs,
                            s_path (path, "case_event.fields.%s", name));
    for (size_t index = 0; index < count && rc == 0; index++) {
        const imi_case_pair_t *pair = &pairs [index];
        if ((rc = s_code_check (pair->id, IMI_CASE_CODE_MAX,
                                s_path (path, "case_event.fields.%s[%zu].id", name, index))))
            break;
        for (size_t other = 0; other < index && rc == 0; other++)
            if (strcmp (pairs [other].id, pair->id) == 0)
                rc = imi_error_malformed ("%s: '%s' appears twice", path, pair->id);
        s_path (path, "case_event.fields.%s[%zu].value", name, index);
        if (rc == 0 && !pair->value)
            rc = imi_error_malformed ("%s: missing", path);
        if (rc == 0)
            rc = imi_case_text_check (pair->value, strlen (pair->value), IMI_CASE_VALUE_MAX, true,
                               path);
    }
    return rc;
}

int
imi_case_files_check (const imi_case_file_t *files, size_t count, const char *list_path)
{
    char path [S_PATH_MAX];
    int rc = s_count_check (count, IMI_CASE_ATTACHMENTS_MAX, files, list_path);
    for (size_t index = 0; index < count && rc == 0; index++) {
        const imi_case_file_t *file = &files [index];
        const char *name = file->name;
        s_path (path, "%s[%zu].name", list_path, index);
        if ((rc = imi_case_text_check (name, strnlen (name, sizeof file->name),
                                IMI_CASE_FILE_NAME_MAX, false, path)))
            break;
        if (strchr (name, '/') || strchr (name, '\\'))
            return imi_error_malformed ("%s: holds a '/' or '\\'", path);
        if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
            return imi_error_malformed ("%s: '%s' is not a file name", path, name);
        if (file->size < 1 || file->size > IMI_CASE_FILE_MAX)
            return imi_error_malformed ("%s[%zu].size: %" PRIu64 " is not 1 to %d", list_path,
                                        index, file->size, IMI_CASE_FILE_MAX);
        for (size_t other = 0; other < index; other++)
            if (memcmp (files [other].hash, file->hash, IMI_HASH_BYTES) == 0)
                return imi_error_malformed ("%s[%zu].sha256: the content of attachments[%zu] "
                                            "again", list_path, index, other);
    }
    return rc;
}

//  The head's eight items. 0 or -2.
static int
s_head_check (const imi_case_event_t *event)
{
    if (strnlen (event->case_id, sizeof event->case_id) == sizeof event->case_id
    ||  !imi_case_id_valid (event->case_id))
        return imi_error_malformed ("case_event.case_id: not a case id (state code, '-', "
                                    "16 of [0-9a-f])");
    if (event->side > 1)
        return imi_error_malformed ("case_event.side: %" PRIu32 " is not 0 (requester) or "
                                    "1 (responder)", event->side);
    if (event->n < 1)
        return imi_error_malformed ("case_event.n: must be at least 1");
    if (!s_kind_valid (event->kind))
        return imi_error_malformed ("case_event.kind: not 1 to %d of [a-z_]",
                                    IMI_CASE_KIND_MAX);
    if (event->at_ms < 1 || event->at_ms > IMI_TIME_MAX_MS)
        return imi_error_malformed ("case_event.at_ms: %" PRIu64 " is not 1 to %llu",
                                    event->at_ms, IMI_TIME_MAX_MS);
    int rc = s_code_check (event->actor, IMI_CASE_ACTOR_MAX, "case_event.actor");
    if (rc == 0)
        rc = s_authority_check (event->authority, "case_event.authority");
    return rc;
}

//  Every rule on an event. 0 or -2.
static int
s_event_valid (const imi_case_event_t *event)
{
    int rc = s_head_check (event);
    if (rc)
        return rc;
    if (*event->procedure
    &&  (rc = s_code_check (event->procedure, IMI_CASE_CODE_MAX, "case_event.fields.procedure")))
        return rc;
    if (*event->requester
    &&  (rc = s_authority_check (event->requester, "case_event.fields.requester")))
        return rc;
    if (*event->responder
    &&  (rc = s_authority_check (event->responder, "case_event.fields.responder")))
        return rc;
    if (*event->lang && (rc = s_lang_check (event->lang, "case_event.fields.lang")))
        return rc;
    int64_t days;
    if (*event->reply_date
    &&  (strnlen (event->reply_date, sizeof event->reply_date) == sizeof event->reply_date
    ||   !imi_case_date_parse (event->reply_date, &days)))
        return imi_error_malformed ("case_event.fields.reply_date: not a date YYYY-MM-DD "
                                    "from 2000 to 2999");
    char path [S_PATH_MAX];
    if ((rc = s_count_check (event->question_count, IMI_CASE_QUESTIONS_MAX, event->questions,
                             "case_event.fields.questions")))
        return rc;
    for (size_t index = 0; index < event->question_count; index++) {
        const char *question = event->questions [index];
        s_path (path, "case_event.fields.questions[%zu]", index);
        if ((rc = s_code_check (question, IMI_CASE_CODE_MAX, path)))
            return rc;
        for (size_t other = 0; other < index; other++)
            if (strcmp (event->questions [other], question) == 0)
                return imi_error_malformed ("%s: '%s' appears twice", path, question);
    }
    if ((rc = s_pairs_check (event->answers, event->answer_count, "answers"))
    ||  (rc = s_pairs_check (event->subject, event->subject_count, "subject")))
        return rc;
    if (event->text
    &&  (rc = imi_case_text_check (event->text, strlen (event->text), IMI_CASE_TEXT_MAX, true,
                            "case_event.fields.text")))
        return rc;
    if (event->text && !*event->text_lang)
        return imi_error_malformed ("case_event.fields.text_lang: required with a text");
    if (!event->text && *event->text_lang)
        return imi_error_malformed ("case_event.fields.text_lang: only with a text");
    if (*event->text_lang && (rc = s_lang_check (event->text_lang, "case_event.fields.text_lang")))
        return rc;
    return imi_case_files_check (event->files, event->file_count, "case_event.fields.attachments");
}

int
imi_case_event_validate (const imi_case_event_t *event)
{
    return s_event_valid (event);
}

//  ---- events ----

static bool
s_present (const imi_case_event_t *event, const s_field_t *field)
{
    switch (field->form) {
        case S_FORM_STRING:
            return *S_READ (event, field->offset, char) != 0;
        case S_FORM_BOOL:
            return *S_READ (event, field->extra, bool);
        case S_FORM_TEXT:
            return *S_READ (event, field->offset, char *) != NULL;
        case S_FORM_QUESTIONS:
        case S_FORM_PAIRS:
        case S_FORM_FILES:
            break;
    }
    return *S_READ (event, field->extra, size_t) > 0;
}

//  Write one field's value.
static void
s_field_write (imi_writer_t *writer, const imi_case_event_t *event, const s_field_t *field)
{
    size_t count = field->form == S_FORM_QUESTIONS || field->form == S_FORM_PAIRS
                || field->form == S_FORM_FILES? *S_READ (event, field->extra, size_t): 0;
    switch (field->form) {
        case S_FORM_STRING:
            imi_writer_str (writer, S_READ (event, field->offset, char));
            break;
        case S_FORM_BOOL:
            imi_writer_bool (writer, *S_READ (event, field->offset, bool));
            break;
        case S_FORM_TEXT:
            imi_writer_str (writer, *S_READ (event, field->offset, char *));
            break;
        case S_FORM_QUESTIONS: {
            const s_code_t *questions = *S_READ (event, field->offset, s_code_t *);
            imi_writer_array (writer, (uint32_t) count);
            for (size_t index = 0; index < count; index++)
                imi_writer_str (writer, questions [index]);
            break;
        }
        case S_FORM_PAIRS: {
            const imi_case_pair_t *pairs = *S_READ (event, field->offset, imi_case_pair_t *);
            imi_writer_array (writer, (uint32_t) count);
            for (size_t index = 0; index < count; index++) {
                imi_writer_array (writer, 2);
                imi_writer_str (writer, pairs [index].id);
                imi_writer_str (writer, pairs [index].value);
            }
            break;
        }
        case S_FORM_FILES:
            imi_case_files_write (writer, *S_READ (event, field->offset, imi_case_file_t *),
                                  count);
            break;
    }
}

void
imi_case_files_write (imi_writer_t *writer, const imi_case_file_t *files, size_t count)
{
    imi_writer_array (writer, (uint32_t) count);
    for (size_t index = 0; index < count; index++) {
        imi_writer_array (writer, 3);
        imi_writer_str (writer, files [index].name);
        imi_writer_uint (writer, files [index].size);
        imi_writer_bin (writer, files [index].hash, IMI_HASH_BYTES);
    }
}

//  Write an event as it is (callers validate first; the self test writes
//  invalid ones to check that the decoder refuses them).
static void
s_event_write (imi_writer_t *writer, const imi_case_event_t *event)
{
    imi_writer_array (writer, S_EVENT_ITEMS);
    imi_writer_str (writer, event->case_id);
    imi_writer_uint (writer, event->side);
    imi_writer_uint (writer, event->n);
    imi_writer_uint (writer, event->seen);
    imi_writer_str (writer, event->kind);
    imi_writer_uint (writer, event->at_ms);
    imi_writer_str (writer, event->actor);
    imi_writer_str (writer, event->authority);
    uint32_t present = 0;
    for (size_t index = 0; index < S_FIELDS; index++)
        present += s_present (event, &s_fields [index]);
    imi_writer_map (writer, present);
    for (size_t index = 0; index < S_FIELDS; index++)
        if (s_present (event, &s_fields [index])) {
            imi_writer_str (writer, s_fields [index].name);
            s_field_write (writer, event, &s_fields [index]);
        }
}

int
imi_case_event_encode (const imi_case_event_t *event, uint8_t **out, size_t *size)
{
    *out = NULL;
    *size = 0;
    int rc = s_event_valid (event);
    if (rc)
        return rc;
    imi_writer_t writer;
    imi_writer_init (&writer);
    s_event_write (&writer, event);
    *out = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    return *out? 0: -1;
}

//  Read a list of 1..maximum items and allocate count zeroed items of
//  item_size into *list; the caller hangs it on the event at once, so that
//  cleanup frees it whatever happens next.
static int
s_list_read (const msgpack_object *object, const char *path, uint32_t maximum,
             size_t item_size, const msgpack_object **items, uint32_t *count, void **list)
{
    *list = NULL;
    int rc = imi_object_array_range (object, path, 1, maximum, items, count);
    if (rc)
        return rc;
    *list = calloc (*count, item_size);
    if (!*list) {
        *count = 0;
        return imi_error_set ("%s: out of memory", path);
    }
    return 0;
}

int
imi_case_files_read (const msgpack_object *object, const char *path, imi_case_file_t **files,
                     size_t *count)
{
    char item [S_PATH_MAX];
    const msgpack_object *items, *parts;
    uint32_t read = 0;
    void *list;
    int rc = s_list_read (object, path, IMI_CASE_ATTACHMENTS_MAX, sizeof (imi_case_file_t),
                          &items, &read, &list);
    *files = list;
    *count = read;
    for (uint32_t index = 0; index < read && rc == 0; index++) {
        imi_case_file_t *file = &(*files) [index];
        if ((rc = imi_object_array (&items [index],
                                    s_path (item, "%s[%" PRIu32 "]", path, index),
                                    3, &parts)) == 0
        &&  (rc = imi_object_str (&parts [0], s_path (item, "%s[%" PRIu32 "].name", path, index),
                                  IMI_CASE_FILE_NAME_MAX, file->name, sizeof file->name)) == 0
        &&  (rc = imi_object_uint (&parts [1], s_path (item, "%s[%" PRIu32 "].size", path, index),
                                   UINT64_MAX, &file->size)) == 0)
            rc = imi_object_bin_fixed (&parts [2],
                                       s_path (item, "%s[%" PRIu32 "].sha256", path, index),
                                       file->hash, IMI_HASH_BYTES);
    }
    return rc;
}

//  Read one field's value into the event (the rules come later).
static int
s_field_read (imi_case_event_t *event, const s_field_t *field, const msgpack_object *object)
{
    char path [S_PATH_MAX], item [S_PATH_MAX];
    s_path (path, "case_event.fields.%s", field->name);
    const msgpack_object *items, *parts;
    uint32_t count = 0;
    void *list;
    int rc = 0;
    switch (field->form) {
        case S_FORM_STRING: {
            char *text = S_MEMBER (event, field->offset, char);
            rc = imi_object_str (object, path, field->extra - 1, text, field->extra);
            if (rc == 0 && !*text)
                rc = imi_error_malformed ("%s: empty (an absent field is left out)", path);
            break;
        }
        case S_FORM_BOOL:
            *S_MEMBER (event, field->extra, bool) = true;
            rc = imi_object_bool (object, path, S_MEMBER (event, field->offset, bool));
            break;
        case S_FORM_TEXT:
            rc = imi_object_str_copy (object, path, IMI_CASE_TEXT_MAX,
                                      S_MEMBER (event, field->offset, char *));
            break;
        case S_FORM_QUESTIONS:
            rc = s_list_read (object, path, IMI_CASE_QUESTIONS_MAX, sizeof (s_code_t), &items,
                              &count, &list);
            *S_MEMBER (event, field->offset, s_code_t *) = list;
            *S_MEMBER (event, field->extra, size_t) = count;
            for (uint32_t index = 0; index < count && rc == 0; index++)
                rc = imi_object_str (&items [index], s_path (item, "%s[%" PRIu32 "]", path,
                                                             index),
                                     IMI_CASE_CODE_MAX, event->questions [index],
                                     sizeof event->questions [index]);
            break;
        case S_FORM_PAIRS: {
            rc = s_list_read (object, path, IMI_CASE_PAIRS_MAX, sizeof (imi_case_pair_t),
                              &items, &count, &list);
            imi_case_pair_t *pairs = list;
            *S_MEMBER (event, field->offset, imi_case_pair_t *) = pairs;
            *S_MEMBER (event, field->extra, size_t) = count;
            for (uint32_t index = 0; index < count && rc == 0; index++)
                if ((rc = imi_object_array (&items [index],
                                            s_path (item, "%s[%" PRIu32 "]", path, index),
                                            2, &parts)) == 0
                &&  (rc = imi_object_str (&parts [0],
                                          s_path (item, "%s[%" PRIu32 "].id", path, index),
                                          IMI_CASE_CODE_MAX, pairs [index].id,
                                          sizeof pairs [index].id)) == 0)
                    rc = imi_object_str_copy (&parts [1],
                                              s_path (item, "%s[%" PRIu32 "].value", path,
                                                      index),
                                              IMI_CASE_VALUE_MAX, &pairs [index].value);
            break;
        }
        case S_FORM_FILES:
            rc = imi_case_files_read (object, path,
                                      S_MEMBER (event, field->offset, imi_case_file_t *),
                                      S_MEMBER (event, field->extra, size_t));
            break;
    }
    return rc;
}

//  Read the fields map: each key once, each known. 0, -2, or -1.
static int
s_fields_read (imi_case_event_t *event, const msgpack_object *object)
{
    const msgpack_object_kv *entries;
    uint32_t count = 0;
    int rc = imi_object_map (object, "case_event.fields", S_FIELDS, &entries, &count);
    uint32_t seen = 0;                  //  bit per s_fields row
    for (uint32_t entry = 0; entry < count && rc == 0; entry++) {
        const msgpack_object *key = &entries [entry].key;
        if (key->type != MSGPACK_OBJECT_STR)
            return imi_error_malformed ("case_event.fields: a key is not a string");
        size_t index = 0;
        while (index < S_FIELDS
        &&    (strlen (s_fields [index].name) != key->via.str.size
        ||     memcmp (s_fields [index].name, key->via.str.ptr, key->via.str.size) != 0))
            index++;
        if (index == S_FIELDS) {
            //  Quote the key only if it is short and plain ASCII (reasons are logged).
            bool plain = key->via.str.size <= S_KEY_MAX;
            for (uint32_t next = 0; plain && next < key->via.str.size; next++)
                plain = key->via.str.ptr [next] > 0x20 && key->via.str.ptr [next] < 0x7f;
            return plain
                 ? imi_error_malformed ("case_event.fields: unknown key '%.*s'",
                                        (int) key->via.str.size, key->via.str.ptr)
                 : imi_error_malformed ("case_event.fields: unknown key");
        }
        if (seen & (1u << index))
            return imi_error_malformed ("case_event.fields.%s: appears twice",
                                        s_fields [index].name);
        seen |= 1u << index;
        rc = s_field_read (event, &s_fields [index], &entries [entry].val);
    }
    return rc;
}

int
imi_case_event_decode (imi_case_event_t *event, const uint8_t *data, size_t size)
{
    memset (event, 0, sizeof *event);
    imi_reader_t reader;
    const msgpack_object *items;
    uint64_t side;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0
    && (rc = imi_object_array (&reader.root, "case_event", S_EVENT_ITEMS, &items)) == 0
    && (rc = imi_object_str (&items [0], "case_event.case_id", IMI_CASE_ID_MAX,
                             event->case_id, sizeof event->case_id)) == 0
    && (rc = imi_object_uint (&items [1], "case_event.side", UINT32_MAX, &side)) == 0
    && (rc = imi_object_uint (&items [2], "case_event.n", UINT64_MAX, &event->n)) == 0
    && (rc = imi_object_uint (&items [3], "case_event.seen", UINT64_MAX, &event->seen)) == 0
    && (rc = imi_object_str (&items [4], "case_event.kind", IMI_CASE_KIND_MAX, event->kind,
                             sizeof event->kind)) == 0
    && (rc = imi_object_time (&items [5], "case_event.at_ms",
                              &event->at_ms)) == 0
    && (rc = imi_object_str (&items [6], "case_event.actor", IMI_CASE_ACTOR_MAX,
                             event->actor, sizeof event->actor)) == 0
    && (rc = imi_object_str (&items [7], "case_event.authority", IMI_CASE_AUTHORITY_MAX,
                             event->authority, sizeof event->authority)) == 0) {
        event->side = (uint32_t) side;
        rc = s_fields_read (event, &items [8]);
    }
    imi_reader_close (&reader);
    if (rc == 0)
        rc = s_event_valid (event);
    if (rc) {
        imi_case_event_cleanup (event);
        memset (event, 0, sizeof *event);
    }
    return rc;
}

void
imi_case_event_cleanup (imi_case_event_t *event)
{
    for (size_t index = 0; event->answers && index < event->answer_count; index++)
        free (event->answers [index].value);
    for (size_t index = 0; event->subject && index < event->subject_count; index++)
        free (event->subject [index].value);
    free (event->questions);
    free (event->answers);
    free (event->subject);
    free (event->text);
    free (event->files);
    event->questions = NULL;
    event->question_count = 0;
    event->answers = NULL;
    event->answer_count = 0;
    event->subject = NULL;
    event->subject_count = 0;
    event->text = NULL;
    event->files = NULL;
    event->file_count = 0;
}

//  ---- attachment pieces ----

//  The rules on a piece, whoever made it. 0 or -2.
static int
s_part_valid (const char *case_id, uint64_t part, uint64_t parts, const uint8_t *data,
              size_t size)
{
    if (strnlen (case_id, IMI_CASE_ID_MAX + 1) > IMI_CASE_ID_MAX || !imi_case_id_valid (case_id))
        return imi_error_malformed ("case_part.case_id: not a case id (state code, '-', "
                                    "16 of [0-9a-f])");
    if (parts < 1 || parts > IMI_CASE_PARTS_MAX)
        return imi_error_malformed ("case_part.parts: %" PRIu64 " is not 1 to %d", parts,
                                    IMI_CASE_PARTS_MAX);
    if (part >= parts)
        return imi_error_malformed ("case_part.part: %" PRIu64 " is not below parts (%"
                                    PRIu64 ")", part, parts);
    if (size < 1)
        return imi_error_malformed ("case_part.data: empty");
    if (size > IMI_CASE_PART_MAX)
        return imi_error_malformed ("case_part.data: %zu bytes exceeds the maximum %d", size,
                                    IMI_CASE_PART_MAX);
    if (!data)
        return imi_error_malformed ("case_part.data: missing");
    return 0;
}

//  Write a piece as it is (callers validate first).
static void
s_part_write (imi_writer_t *writer, const imi_case_part_t *part)
{
    imi_writer_array (writer, S_PART_ITEMS);
    imi_writer_str (writer, part->case_id);
    imi_writer_bin (writer, part->hash, IMI_HASH_BYTES);
    imi_writer_uint (writer, part->part);
    imi_writer_uint (writer, part->parts);
    imi_writer_bin (writer, part->data, part->size);
}

int
imi_case_part_encode (const imi_case_part_t *part, uint8_t **out, size_t *size)
{
    *out = NULL;
    *size = 0;
    int rc = s_part_valid (part->case_id, part->part, part->parts, part->data, part->size);
    if (rc)
        return rc;
    imi_writer_t writer;
    imi_writer_init (&writer);
    s_part_write (&writer, part);
    *out = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    return *out? 0: -1;
}

int
imi_case_part_decode (imi_case_part_t *part, const uint8_t *data, size_t size)
{
    memset (part, 0, sizeof *part);
    imi_reader_t reader;
    const msgpack_object *items;
    uint64_t index = 0, parts = 0;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0
    && (rc = imi_object_array (&reader.root, "case_part", S_PART_ITEMS, &items)) == 0
    && (rc = imi_object_str (&items [0], "case_part.case_id", IMI_CASE_ID_MAX, part->case_id,
                             sizeof part->case_id)) == 0
    && (rc = imi_object_bin_fixed (&items [1], "case_part.sha256", part->hash,
                                   IMI_HASH_BYTES)) == 0
    && (rc = imi_object_uint (&items [2], "case_part.part", UINT64_MAX, &index)) == 0
    && (rc = imi_object_uint (&items [3], "case_part.parts", UINT64_MAX, &parts)) == 0
    && (rc = imi_object_bin (&items [4], "case_part.data", IMI_CASE_PART_MAX, &part->data,
                             &part->size)) == 0)
        rc = s_part_valid (part->case_id, index, parts, part->data, part->size);
    imi_reader_close (&reader);
    if (rc) {
        memset (part, 0, sizeof *part);
        return rc;
    }
    part->part = (uint32_t) index;
    part->parts = (uint32_t) parts;
    return 0;
}

//  ---- self test ----

//  A full event over storage the test owns, so that a rule can break it.
typedef struct {
    imi_case_event_t event;
    s_code_t questions [IMI_CASE_QUESTIONS_MAX + 1];
    imi_case_pair_t answers [IMI_CASE_PAIRS_MAX + 1];
    imi_case_pair_t subject [IMI_CASE_PAIRS_MAX + 1];
    imi_case_file_t files [IMI_CASE_ATTACHMENTS_MAX + 1];
    char values [4][64];
    char text [64];
} s_fixture_t;

//  A text of size 'x's (the longest any rule needs, and one more).
static char s_long [IMI_CASE_TEXT_MAX + 2];

static char *
s_test_long (size_t size)
{
    assert (size < sizeof s_long);
    memset (s_long, 'x', size);
    s_long [size] = 0;
    return s_long;
}

//  Every field present, with texts that use what the rules allow.
static void
s_test_fill (s_fixture_t *fixture)
{
    memset (fixture, 0, sizeof *fixture);
    imi_case_event_t *event = &fixture->event;
    strcpy (event->case_id, "DE-0123456789abcdef");
    event->side = 1;
    event->n = 3;
    event->seen = 2;
    strcpy (event->kind, "request");
    event->at_ms = 1700000000123;
    strcpy (event->actor, "anna.schmidt");
    strcpy (event->authority, "DE:bza-berlin");
    strcpy (event->procedure, "pq.recognition");
    strcpy (event->requester, "DE:bza-berlin");
    strcpy (event->responder, "FR:cnom_paris");
    strcpy (event->lang, "de");
    event->has_urgent = event->urgent = true;
    strcpy (event->reply_date, "2024-02-29");
    strcpy (fixture->questions [0], "q.diploma");
    strcpy (fixture->questions [1], "q.sanctions");
    strcpy (fixture->questions [2], "q.register");
    event->questions = fixture->questions;
    event->question_count = 3;
    strcpy (fixture->values [0], "yes");
    strcpy (fixture->values [1], "Line one\n\tLine two\r\n");
    strcpy (fixture->values [2], "Jean Dupont");
    strcpy (fixture->values [3], "1980-05-17");
    strcpy (fixture->answers [0].id, "q.diploma");
    fixture->answers [0].value = fixture->values [0];
    strcpy (fixture->answers [1].id, "q.register");
    fixture->answers [1].value = fixture->values [1];
    event->answers = fixture->answers;
    event->answer_count = 2;
    strcpy (fixture->subject [0].id, "name");
    fixture->subject [0].value = fixture->values [2];
    strcpy (fixture->subject [1].id, "birth_date");
    fixture->subject [1].value = fixture->values [3];
    event->subject = fixture->subject;
    event->subject_count = 2;
    strcpy (fixture->text, "Bitte um Auskunft \xc3\xbc" "ber die Zulassung.\n");
    event->text = fixture->text;
    strcpy (event->text_lang, "de");
    strcpy (fixture->files [0].name, "dipl\xc3\xb4me.pdf");
    fixture->files [0].size = 123456;
    memset (fixture->files [0].hash, 0x11, IMI_HASH_BYTES);
    strcpy (fixture->files [1].name, "register extract.pdf");
    fixture->files [1].size = 1;
    memset (fixture->files [1].hash, 0x22, IMI_HASH_BYTES);
    event->files = fixture->files;
    event->file_count = 2;
    event->has_timely = true;
    event->timely = false;
    event->has_effort = event->effort = true;
}

//  The head of an event and none of its fields.
static void
s_test_minimal (imi_case_event_t *event)
{
    memset (event, 0, sizeof *event);
    strcpy (event->case_id, "FR-00000000000000ff");
    event->n = 1;
    strcpy (event->kind, "close");
    event->at_ms = 1;
    strcpy (event->actor, "system");
    strcpy (event->authority, "FR:a");
}

static void
s_test_same_pairs (const imi_case_pair_t *pairs, const imi_case_pair_t *expected,
                   size_t count)
{
    for (size_t index = 0; index < count; index++) {
        assert (strcmp (pairs [index].id, expected [index].id) == 0);
        assert (strcmp (pairs [index].value, expected [index].value) == 0);
    }
}

//  Field by field: the decoder gives back what the encoder was given.
static void
s_test_same (const imi_case_event_t *event, const imi_case_event_t *expected)
{
    assert (strcmp (event->case_id, expected->case_id) == 0);
    assert (event->side == expected->side && event->n == expected->n);
    assert (event->seen == expected->seen && event->at_ms == expected->at_ms);
    assert (strcmp (event->kind, expected->kind) == 0);
    assert (strcmp (event->actor, expected->actor) == 0);
    assert (strcmp (event->authority, expected->authority) == 0);
    assert (strcmp (event->procedure, expected->procedure) == 0);
    assert (strcmp (event->requester, expected->requester) == 0);
    assert (strcmp (event->responder, expected->responder) == 0);
    assert (strcmp (event->lang, expected->lang) == 0);
    assert (event->has_urgent == expected->has_urgent && event->urgent == expected->urgent);
    assert (strcmp (event->reply_date, expected->reply_date) == 0);
    assert (event->question_count == expected->question_count);
    for (size_t index = 0; index < event->question_count; index++)
        assert (strcmp (event->questions [index], expected->questions [index]) == 0);
    assert (event->answer_count == expected->answer_count);
    s_test_same_pairs (event->answers, expected->answers, event->answer_count);
    assert (event->subject_count == expected->subject_count);
    s_test_same_pairs (event->subject, expected->subject, event->subject_count);
    assert ((event->text == NULL) == (expected->text == NULL));
    assert (!event->text || strcmp (event->text, expected->text) == 0);
    assert (strcmp (event->text_lang, expected->text_lang) == 0);
    assert (event->file_count == expected->file_count);
    for (size_t index = 0; index < event->file_count; index++) {
        assert (strcmp (event->files [index].name, expected->files [index].name) == 0);
        assert (event->files [index].size == expected->files [index].size);
        assert (memcmp (event->files [index].hash, expected->files [index].hash,
                        IMI_HASH_BYTES) == 0);
    }
    assert (event->has_timely == expected->has_timely && event->timely == expected->timely);
    assert (event->has_effort == expected->has_effort && event->effort == expected->effort);
}

static int
s_test_decode_event (const uint8_t *data, size_t size)
{
    imi_case_event_t event;
    int rc = imi_case_event_decode (&event, data, size);
    imi_case_event_cleanup (&event);
    return rc;
}

static int
s_test_decode_part (const uint8_t *data, size_t size)
{
    imi_case_part_t part;
    return imi_case_part_decode (&part, data, size);
}

//  Encode, decode, compare; encode again (same bytes), re-encode what was
//  decoded (same bytes); every truncation and a trailing byte refused.
static void
s_test_round_trip_one (const imi_case_event_t *event)
{
    uint8_t *bytes, *again;
    size_t size, again_size;
    assert (imi_case_event_validate (event) == 0);
    assert (imi_case_event_encode (event, &bytes, &size) == 0);
    assert (size <= IMI_BODY_MAX_BYTES);
    assert (imi_case_event_encode (event, &again, &again_size) == 0);
    assert (again_size == size && memcmp (again, bytes, size) == 0);
    free (again);
    imi_case_event_t back;
    assert (imi_case_event_decode (&back, bytes, size) == 0);
    s_test_same (&back, event);
    assert (imi_case_event_encode (&back, &again, &again_size) == 0);
    assert (again_size == size && memcmp (again, bytes, size) == 0);
    free (again);
    imi_case_event_cleanup (&back);
    imi_case_event_cleanup (&back);             //  twice is safe
    assert (!back.answers && back.answer_count == 0 && !back.text);
    if (size < 4096)
        imi_codec_test_truncations (bytes, size, s_test_decode_event);
    free (bytes);
}

static void
s_test_round_trips (void)
{
    static s_fixture_t fixture;
    s_test_fill (&fixture);
    s_test_round_trip_one (&fixture.event);

    imi_case_event_t minimal;
    s_test_minimal (&minimal);
    s_test_round_trip_one (&minimal);
    uint8_t *bytes;
    size_t size;
    assert (imi_case_event_encode (&minimal, &bytes, &size) == 0);
    assert (bytes [0] == 0x99 && bytes [size - 1] == 0x80);     //  an empty map
    free (bytes);

    //  A note: a text alone; ratings alone; the extremes of the head.
    minimal.text = fixture.text;
    strcpy (minimal.text_lang, "fr");
    s_test_round_trip_one (&minimal);
    minimal.text = NULL;
    minimal.text_lang [0] = 0;
    minimal.has_timely = minimal.timely = true;
    minimal.has_effort = true;
    minimal.n = UINT64_MAX;
    minimal.seen = UINT64_MAX;
    minimal.at_ms = IMI_TIME_MAX_MS;
    minimal.side = 1;
    strcpy (minimal.kind, "abcdefghijklmnopqrstuvw_");
    strcpy (minimal.actor, s_test_long (IMI_CASE_ACTOR_MAX));
    strcpy (minimal.authority, "DE:");
    strcat (minimal.authority, s_test_long (IMI_DIRECTORY_ID_MAX));
    s_test_round_trip_one (&minimal);

    //  The largest event: every list full, every text at its limit. It
    //  still fits a body.
    static s_fixture_t large;
    s_test_fill (&large);
    imi_case_event_t *event = &large.event;
    static const char digits [] = "0123456789abcdef";
    char *value = (char *) malloc (IMI_CASE_VALUE_MAX + 1);
    char *text = (char *) malloc (IMI_CASE_TEXT_MAX + 1);
    assert (value && text);
    memset (value, 'v', IMI_CASE_VALUE_MAX);
    value [IMI_CASE_VALUE_MAX] = 0;
    memset (text, 't', IMI_CASE_TEXT_MAX);
    text [IMI_CASE_TEXT_MAX] = 0;
    for (size_t index = 0; index < IMI_CASE_PAIRS_MAX; index++) {
        memset (large.questions [index], 'q', IMI_CASE_CODE_MAX);
        large.questions [index][0] = digits [index / 16];
        large.questions [index][1] = digits [index % 16];
        memcpy (large.answers [index].id, large.questions [index], sizeof (s_code_t));
        memcpy (large.subject [index].id, large.questions [index], sizeof (s_code_t));
        large.answers [index].value = value;
        large.subject [index].value = value;
    }
    for (size_t index = 0; index < IMI_CASE_ATTACHMENTS_MAX; index++) {
        memset (large.files [index].name, 'n', IMI_CASE_FILE_NAME_MAX);
        large.files [index].name [0] = digits [index];
        large.files [index].size = IMI_CASE_FILE_MAX;
        memset (large.files [index].hash, (int) index, IMI_HASH_BYTES);
    }
    event->question_count = IMI_CASE_QUESTIONS_MAX;
    event->answer_count = event->subject_count = IMI_CASE_PAIRS_MAX;
    event->file_count = IMI_CASE_ATTACHMENTS_MAX;
    event->text = text;
    s_test_round_trip_one (event);
    assert (imi_case_event_encode (event, &bytes, &size) == 0);
    assert (size > 500000 && size < IMI_BODY_MAX_BYTES - 400000);
    free (bytes);
    free (value);
    free (text);

    //  Keys in another order decode to the same event, whose encoding is
    //  the canonical one.
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, S_EVENT_ITEMS);
    event = &fixture.event;
    imi_writer_str (&writer, event->case_id);
    imi_writer_uint (&writer, event->side);
    imi_writer_uint (&writer, event->n);
    imi_writer_uint (&writer, event->seen);
    imi_writer_str (&writer, event->kind);
    imi_writer_uint (&writer, event->at_ms);
    imi_writer_str (&writer, event->actor);
    imi_writer_str (&writer, event->authority);
    imi_writer_map (&writer, S_FIELDS);
    for (size_t index = S_FIELDS; index-- > 0; ) {
        imi_writer_str (&writer, s_fields [index].name);
        s_field_write (&writer, event, &s_fields [index]);
    }
    uint8_t *reversed = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (reversed);
    imi_case_event_t back;
    assert (imi_case_event_decode (&back, reversed, size) == 0);
    s_test_same (&back, event);
    uint8_t *canonical;
    size_t canonical_size;
    assert (imi_case_event_encode (&back, &canonical, &canonical_size) == 0);
    assert (canonical_size == size && memcmp (canonical, reversed, size) != 0);
    imi_case_event_cleanup (&back);
    assert (imi_case_event_encode (event, &bytes, &size) == 0);
    assert (size == canonical_size && memcmp (bytes, canonical, size) == 0);
    free (bytes);
    free (canonical);
    free (reversed);
}

//  Known answer: a small request, byte for byte, so that the wire form
//  cannot drift unnoticed.
static void
s_test_known_answer (void)
{
    imi_case_event_t event;
    memset (&event, 0, sizeof event);
    strcpy (event.case_id, "DE-00000000000000a1");
    event.n = 1;
    strcpy (event.kind, "request");
    event.at_ms = 1700000000000;
    strcpy (event.actor, "anna");
    strcpy (event.authority, "DE:bza");
    strcpy (event.procedure, "pq");
    strcpy (event.responder, "FR:cnom");
    strcpy (event.lang, "de");
    event.has_urgent = event.urgent = true;
    strcpy (event.reply_date, "2024-03-01");
    s_code_t questions [1] = { "q1" };
    event.questions = questions;
    event.question_count = 1;
    char text [] = "Hallo";
    event.text = text;
    strcpy (event.text_lang, "de");
    static const char expected [] =
        "99" "b3" "44452d30303030303030303030303030306131"  //  "DE-00000000000000a1"
        "00" "01" "00"                                      //  side, n, seen
        "a7" "72657175657374"                               //  "request"
        "cf" "0000018bcfe56800"                             //  at_ms 1700000000000
        "a4" "616e6e61"                                     //  "anna"
        "a6" "44453a627a61"                                 //  "DE:bza"
        "88"                                                //  8 fields
        "a9" "70726f636564757265" "a2" "7071"               //  procedure: "pq"
        "a9" "726573706f6e646572" "a7" "46523a636e6f6d"     //  responder: "FR:cnom"
        "a4" "6c616e67" "a2" "6465"                         //  lang: "de"
        "a6" "757267656e74" "c3"                            //  urgent: true
        "aa" "7265706c795f64617465" "aa" "323032342d30332d3031"  //  reply_date
        "a9" "7175657374696f6e73" "91" "a2" "7131"          //  questions: [ "q1" ]
        "a4" "74657874" "a5" "48616c6c6f"                   //  text: "Hallo"
        "a9" "746578745f6c616e67" "a2" "6465";              //  text_lang: "de"
    uint8_t *bytes;
    size_t size;
    assert (imi_case_event_encode (&event, &bytes, &size) == 0);
    char *hex = (char *) malloc (size * 2 + 1);
    assert (hex);
    imi_hex_encode (hex, bytes, size);
    if (strcmp (hex, expected) != 0) {
        fprintf (stderr, "case event known answer:\n  got      %s\n  expected %s\n", hex,
                 expected);
        assert (false);
    }
    imi_case_event_t back;
    assert (imi_case_event_decode (&back, bytes, size) == 0);
    s_test_same (&back, &event);
    imi_case_event_cleanup (&back);
    free (hex);
    free (bytes);

    //  A piece: the first of two, three bytes.
    imi_case_part_t part = { "DE-00000000000000a1", { 0 }, 0, 2, (const uint8_t *) "abc", 3 };
    memset (part.hash, 0xab, IMI_HASH_BYTES);
    static const char expected_part [] =
        "95" "b3" "44452d30303030303030303030303030306131"
        "c420" "abababababababababababababababababababababababababababababababab"
        "00" "02" "c403" "616263";
    assert (imi_case_part_encode (&part, &bytes, &size) == 0);
    hex = (char *) malloc (size * 2 + 1);
    assert (hex);
    imi_hex_encode (hex, bytes, size);
    if (strcmp (hex, expected_part) != 0) {
        fprintf (stderr, "case part known answer:\n  got      %s\n  expected %s\n", hex,
                 expected_part);
        assert (false);
    }
    free (hex);
    free (bytes);
}

//  Break rule number rule of a full event; the reason it must give, or
//  NULL past the last rule. *wire: the broken event can be written, and
//  the decoder must refuse it with the same reason.
static const char *
s_test_break (s_fixture_t *fixture, int rule, bool *wire)
{
    imi_case_event_t *event = &fixture->event;
    *wire = true;
    switch (rule) {
        case 0:
            event->case_id [5] = 'A';
            return "case_event.case_id: not a case id";
        case 1:
            strcpy (event->case_id, "DE-0123456789abcde");
            return "case_event.case_id: not a case id";
        case 2:
            event->side = 2;
            return "case_event.side: 2 is not 0 (requester) or 1 (responder)";
        case 3:
            event->n = 0;
            return "case_event.n: must be at least 1";
        case 4:
            strcpy (event->kind, "Request");
            return "case_event.kind: not 1 to 24 of [a-z_]";
        case 5:
            event->kind [0] = 0;
            return "case_event.kind: not 1 to 24 of [a-z_]";
        case 6:
            event->at_ms = 0;
            return "case_event.at_ms: 0 is not 1 to 253402300799999";
        case 7:
            strcpy (event->actor, "Anna");
            return "case_event.actor: not 1 to 64 of [a-z0-9._-]";
        case 8:
            event->actor [0] = 0;
            return "case_event.actor: not 1 to 64 of [a-z0-9._-]";
        case 9:
            strcpy (event->authority, "DE:");
            return "case_event.authority: not an authority key";
        case 10:
            strcpy (event->authority, "de:bza");
            return "case_event.authority: not an authority key";
        case 11:
            strcpy (event->procedure, "PQ");
            return "case_event.fields.procedure: not 1 to 64 of [a-z0-9._-]";
        case 12:
            strcpy (event->requester, "DE-bza");
            return "case_event.fields.requester: not an authority key";
        case 13:
            strcpy (event->responder, "FR:a b");
            return "case_event.fields.responder: not an authority key";
        case 14:
            strcpy (event->lang, "deu");
            return "case_event.fields.lang: not a language code";
        case 15:
            strcpy (event->lang, "DE");
            return "case_event.fields.lang: not a language code";
        case 16:
            strcpy (event->reply_date, "2023-02-29");
            return "case_event.fields.reply_date: not a date";
        case 17:
            strcpy (event->reply_date, "2024-2-29");
            return "case_event.fields.reply_date: not a date";
        case 18:
            for (size_t index = 0; index <= IMI_CASE_QUESTIONS_MAX; index++)
                snprintf (fixture->questions [index], sizeof fixture->questions [index],
                          "q%zu", index);
            event->question_count = IMI_CASE_QUESTIONS_MAX + 1;
            return "case_event.fields.questions: 65 items, expected 1 to 64";
        case 19:
            strcpy (fixture->questions [1], "Q");
            return "case_event.fields.questions[1]: not 1 to 64 of [a-z0-9._-]";
        case 20:
            strcpy (fixture->questions [2], fixture->questions [0]);
            return "case_event.fields.questions[2]: 'q.diploma' appears twice";
        case 21:
            event->questions = NULL;
            *wire = false;
            return "case_event.fields.questions: 3 items but no list";
        case 22:
            for (size_t index = 0; index <= IMI_CASE_PAIRS_MAX; index++) {
                snprintf (fixture->answers [index].id, sizeof fixture->answers [index].id,
                          "q%zu", index);
                fixture->answers [index].value = fixture->values [0];
            }
            event->answer_count = IMI_CASE_PAIRS_MAX + 1;
            return "case_event.fields.answers: 65 items, expected 1 to 64";
        case 23:
            fixture->answers [1].id [0] = 0;
            return "case_event.fields.answers[1].id: not 1 to 64 of [a-z0-9._-]";
        case 24:
            strcpy (fixture->answers [1].id, fixture->answers [0].id);
            return "case_event.fields.answers[1].id: 'q.diploma' appears twice";
        case 25:
            fixture->values [1][0] = 0;
            return "case_event.fields.answers[1].value: empty";
        case 26:
            fixture->answers [1].value = s_test_long (IMI_CASE_VALUE_MAX + 1);
            return "case_event.fields.answers[1].value: 4097 bytes exceeds the maximum 4096";
        case 27:
            strcpy (fixture->values [0], "a\x01" "b");
            return "case_event.fields.answers[0].value: holds a control character";
        case 28:
            strcpy (fixture->values [0], "a\x7f");
            return "case_event.fields.answers[0].value: holds a control character";
        case 29:
            strcpy (fixture->values [0], "\xc3\x28");
            return "case_event.fields.answers[0].value: not valid UTF-8";
        case 30:
            fixture->answers [1].value = NULL;
            *wire = false;
            return "case_event.fields.answers[1].value: missing";
        case 31:
            event->answers = NULL;
            *wire = false;
            return "case_event.fields.answers: 2 items but no list";
        case 32:
            strcpy (fixture->subject [1].id, "name");
            return "case_event.fields.subject[1].id: 'name' appears twice";
        case 33:
            strcpy (fixture->values [2], "Jean\x1b" "Dupont");
            return "case_event.fields.subject[0].value: holds a control character";
        case 34:
            fixture->text [0] = 0;
            return "case_event.fields.text: empty";
        case 35:
            event->text = s_test_long (IMI_CASE_TEXT_MAX + 1);
            return "case_event.fields.text: 32769 bytes exceeds the maximum 32768";
        case 36:
            strcpy (fixture->text, "bell\x07");
            return "case_event.fields.text: holds a control character";
        case 37:
            event->text_lang [0] = 0;
            return "case_event.fields.text_lang: required with a text";
        case 38:
            event->text = NULL;
            return "case_event.fields.text_lang: only with a text";
        case 39:
            strcpy (event->text_lang, "d1");
            return "case_event.fields.text_lang: not a language code";
        case 40:
            for (size_t index = 0; index <= IMI_CASE_ATTACHMENTS_MAX; index++) {
                snprintf (fixture->files [index].name, sizeof fixture->files [index].name,
                          "file %zu", index);
                fixture->files [index].size = 1;
                memset (fixture->files [index].hash, (int) index, IMI_HASH_BYTES);
            }
            event->file_count = IMI_CASE_ATTACHMENTS_MAX + 1;
            return "case_event.fields.attachments: 17 items, expected 1 to 16";
        case 41:
            fixture->files [1].name [0] = 0;
            return "case_event.fields.attachments[1].name: empty";
        case 42:
            strcpy (fixture->files [1].name, "../etc/passwd");
            return "case_event.fields.attachments[1].name: holds a '/' or '\\'";
        case 43:
            strcpy (fixture->files [1].name, "a\\b");
            return "case_event.fields.attachments[1].name: holds a '/' or '\\'";
        case 44:
            strcpy (fixture->files [1].name, ".");
            return "case_event.fields.attachments[1].name: '.' is not a file name";
        case 45:
            strcpy (fixture->files [1].name, "..");
            return "case_event.fields.attachments[1].name: '..' is not a file name";
        case 46:
            strcpy (fixture->files [1].name, "a\tb");
            return "case_event.fields.attachments[1].name: holds a control character";
        case 47:
            strcpy (fixture->files [1].name, "\xff.pdf");
            return "case_event.fields.attachments[1].name: not valid UTF-8";
        case 48:
            fixture->files [1].size = 0;
            return "case_event.fields.attachments[1].size: 0 is not 1 to 67108864";
        case 49:
            fixture->files [1].size = IMI_CASE_FILE_MAX + 1;
            return "case_event.fields.attachments[1].size: 67108865 is not 1 to 67108864";
        case 50:
            memcpy (fixture->files [1].hash, fixture->files [0].hash, IMI_HASH_BYTES);
            return "case_event.fields.attachments[1].sha256: the content of attachments[0] again";
        case 51:
            event->files = NULL;
            *wire = false;
            return "case_event.fields.attachments: 2 items but no list";
        case 52:
            memset (event->kind, 'a', sizeof event->kind);      //  no NUL
            *wire = false;
            return "case_event.kind: not 1 to 24 of [a-z_]";
        case 53:
            memset (event->case_id, 'a', sizeof event->case_id);
            *wire = false;
            return "case_event.case_id: not a case id";
    }
    return NULL;
}

//  Every rule, on both sides: validate and encode refuse the broken event,
//  and where it can be written, the decoder refuses it with the same reason.
static void
s_test_rules (void)
{
    static s_fixture_t fixture;
    for (int rule = 0; ; rule++) {
        s_test_fill (&fixture);
        bool wire;
        const char *reason = s_test_break (&fixture, rule, &wire);
        if (!reason)
            break;
        int rc = imi_case_event_validate (&fixture.event);
        if (rc != -2 || !strstr (imi_error_last (), reason)) {
            fprintf (stderr, "rule %d: expected '%s', got %d '%s'\n", rule, reason, rc,
                     imi_error_last ());
            assert (false);
        }
        uint8_t *bytes = (uint8_t *) "";
        size_t size = 1;
        assert (imi_case_event_encode (&fixture.event, &bytes, &size) == -2);
        assert (!bytes && size == 0 && strstr (imi_error_last (), reason));
        if (!wire)
            continue;
        imi_writer_t writer;
        imi_writer_init (&writer);
        s_event_write (&writer, &fixture.event);
        bytes = imi_writer_take (&writer, &size);
        imi_writer_cleanup (&writer);
        assert (bytes);
        imi_case_event_t back;
        rc = imi_case_event_decode (&back, bytes, size);
        if (rc != -2 || !strstr (imi_error_last (), reason)) {
            fprintf (stderr, "rule %d decoded: expected '%s', got %d '%s'\n", rule, reason,
                     rc, imi_error_last ());
            assert (false);
        }
        assert (!back.answers && !back.text && !back.files && back.question_count == 0);
        free (bytes);
    }
}

//  An event of the full fixture's head written with item replace (0..7)
//  replaced by the msgpack in replace_hex, items items in all (the ninth
//  the fields, given as hex), decoded. Returns decode's rc.
static int
s_test_wire (uint32_t items, uint32_t replace, const char *replace_hex,
             const char *fields_hex)
{
    static s_fixture_t fixture;
    s_test_fill (&fixture);
    const imi_case_event_t *event = &fixture.event;
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, items);
    for (uint32_t item = 0; item < 8 && item < items; item++) {
        if (item == replace) {
            uint8_t raw [256];
            size_t raw_size = strlen (replace_hex) / 2;
            assert (raw_size <= sizeof raw && imi_hex_decode (raw, raw_size, replace_hex) == 0);
            imi_writer_raw (&writer, raw, raw_size);
            continue;
        }
        switch (item) {
            case 0: imi_writer_str (&writer, event->case_id); break;
            case 1: imi_writer_uint (&writer, event->side); break;
            case 2: imi_writer_uint (&writer, event->n); break;
            case 3: imi_writer_uint (&writer, event->seen); break;
            case 4: imi_writer_str (&writer, event->kind); break;
            case 5: imi_writer_uint (&writer, event->at_ms); break;
            case 6: imi_writer_str (&writer, event->actor); break;
            case 7: imi_writer_str (&writer, event->authority); break;
        }
    }
    size_t fields_size = strlen (fields_hex) / 2;
    uint8_t *fields = (uint8_t *) malloc (fields_size + 1);
    assert (fields && imi_hex_decode (fields, fields_size, fields_hex) == 0);
    imi_writer_raw (&writer, fields, fields_size);
    free (fields);
    size_t size;
    uint8_t *bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes);
    int rc = s_test_decode_event (bytes, size);
    free (bytes);
    return rc;
}

//  What only bytes from outside can hold: wrong types, unknown and
//  repeated keys, empty lists and strings, bogus counts, nesting.
static void
s_test_malformed (void)
{
    static const struct {
        uint32_t items, replace;
        const char *replace_hex, *fields_hex, *reason;
    } cases [] = {
        { 9, 9, "", "c0", "case_event.fields: expected a map, got nil" },
        { 9, 9, "", "90", "case_event.fields: expected a map, got an array" },
        { 8, 9, "", "", "case_event: expected 9 items, got 8" },
        { 10, 9, "", "80c0", "case_event: expected 9 items, got 10" },
        { 9, 0, "ca3f800000", "80", "case_event.case_id: expected a string, got a float" },
        { 9, 0, "d921" "616161616161616161616161616161616161616161616161616161616161616161",
          "80", "case_event.case_id: 33 bytes exceeds the maximum 32" },
        { 9, 1, "a130", "80", "case_event.side: expected an unsigned integer, got a string" },
        { 9, 1, "cf0000000100000000", "80",
          "case_event.side: 4294967296 exceeds the maximum 4294967295" },
        { 9, 2, "ff", "80", "case_event.n: expected an unsigned integer, got a negative" },
        { 9, 3, "c0", "80", "case_event.seen: expected an unsigned integer, got nil" },
        { 9, 4, "d919" "61616161616161616161616161616161616161616161616161", "80",
          "case_event.kind: 25 bytes exceeds the maximum 24" },
        { 9, 5, "cb3ff0000000000000", "80", "case_event.at_ms: expected an unsigned integer" },
        { 9, 5, "cf8000000000000000", "80",
          "case_event.at_ms: 9223372036854775808 exceeds the maximum 253402300799999" },
        { 9, 5, "cfffffffffffffffff", "80",
          "case_event.at_ms: 18446744073709551615 exceeds the maximum 253402300799999" },
        { 9, 6, "c403616263", "80", "case_event.actor: expected a string, got a bin" },
        { 9, 7, "a0", "80", "case_event.authority: not an authority key" },
        { 9, 9, "", "81a6636f6c6f7572c3", "case_event.fields: unknown key 'colour'" },
        { 9, 9, "", "81a26101c3", "case_event.fields: unknown key" },
        { 9, 9, "", "8101c3", "case_event.fields: a key is not a string" },
        { 9, 9, "", "82a46c616e67a26465a46c616e67a26672",
          "case_event.fields.lang: appears twice" },
        { 9, 9, "", "81a6757267656e7401",
          "case_event.fields.urgent: expected a boolean, got an unsigned integer" },
        { 9, 9, "", "81a97175657374696f6e7390",
          "case_event.fields.questions: 0 items, expected 1 to 64" },
        { 9, 9, "", "81a97175657374696f6e73a27131",
          "case_event.fields.questions: expected an array, got a string" },
        { 9, 9, "", "81a97175657374696f6e7391c0",
          "case_event.fields.questions[0]: expected a string, got nil" },
        { 9, 9, "", "81a7616e73776572739191a27131",
          "case_event.fields.answers[0]: expected 2 items, got 1" },
        { 9, 9, "", "81a7616e7377657273" "92" "92a27131a3796573" "92a2713205",
          "case_event.fields.answers[1].value: expected a string, got an unsigned integer" },
        { 9, 9, "", "81a7616e7377657273" "91" "92a27131a1c3",
          "case_event.fields.answers[0].value: not valid UTF-8" },
        { 9, 9, "", "81a77375626a656374" "91" "92a27131a0",
          "case_event.fields.subject[0].value: empty" },
        { 9, 9, "", "81ab6174746163686d656e7473" "91" "93a16101c41f"
          "00000000000000000000000000000000000000000000000000000000000000",
          "case_event.fields.attachments[0].sha256: expected 32 bytes, got 31" },
        { 9, 9, "", "81ab6174746163686d656e7473" "91" "93a161ffc420"
          "0000000000000000000000000000000000000000000000000000000000000000",
          "case_event.fields.attachments[0].size: expected an unsigned integer" },
        { 9, 9, "", "81a970726f636564757265a0", "case_event.fields.procedure: empty" },
        { 9, 9, "", "81a46c616e67a3646575", "case_event.fields.lang: not a language code" },
        { 9, 9, "", "81a46c616e67a464657574",
          "case_event.fields.lang: 4 bytes exceeds the maximum 3" },
        { 9, 9, "", "81a474657874a0", "case_event.fields.text: empty" },
        { 9, 9, "", "81a474657874c0", "case_event.fields.text: expected a string, got nil" },
        { 9, 9, "", "df" "ffffffff" "c0c0", "claims 4294967295 items" },
        { 9, 9, "", "81a97175657374696f6e73" "91919191919191" "a178",
          "nesting deeper than 8" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        int rc = s_test_wire (cases [index].items, cases [index].replace,
                              cases [index].replace_hex, cases [index].fields_hex);
        if (rc != -2 || !strstr (imi_error_last (), cases [index].reason)) {
            fprintf (stderr, "malformed %zu: expected '%s', got %d '%s'\n", index,
                     cases [index].reason, rc, imi_error_last ());
            assert (false);
        }
    }
    //  The valid baseline of those cases decodes: their reasons are real.
    assert (s_test_wire (9, 9, "", "80") == 0);
    assert (s_test_wire (9, 9, "", "81a46c616e67a26465") == 0);

    //  Fifteen entries, a text one byte too long, a message above 1 MiB.
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_map (&writer, S_FIELDS + 1);
    for (size_t index = 0; index <= S_FIELDS; index++) {
        imi_writer_str (&writer, "lang");
        imi_writer_str (&writer, "de");
    }
    size_t size;
    uint8_t *bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    char *hex = (char *) malloc (IMI_BODY_MAX_BYTES * 2 + 64);
    assert (bytes && hex);
    imi_hex_encode (hex, bytes, size);
    assert (s_test_wire (9, 9, "", hex) == -2);
    assert (strstr (imi_error_last (), "case_event.fields: 15 entries, expected at most 14"));
    free (bytes);
    imi_writer_init (&writer);
    imi_writer_map (&writer, 2);
    imi_writer_str (&writer, "text");
    imi_writer_str (&writer, s_test_long (IMI_CASE_TEXT_MAX + 1));
    imi_writer_str (&writer, "text_lang");
    imi_writer_str (&writer, "de");
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes);
    imi_hex_encode (hex, bytes, size);
    assert (s_test_wire (9, 9, "", hex) == -2);
    assert (strstr (imi_error_last (),
                    "case_event.fields.text: 32769 bytes exceeds the maximum 32768"));
    free (bytes);
    uint8_t *padding = (uint8_t *) calloc (1, IMI_BODY_MAX_BYTES);
    assert (padding);
    imi_writer_init (&writer);
    imi_writer_map (&writer, 1);
    imi_writer_str (&writer, "text");
    imi_writer_bin (&writer, padding, IMI_BODY_MAX_BYTES);
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes);
    imi_hex_encode (hex, bytes, size);
    assert (s_test_wire (9, 9, "", hex) == -2);
    assert (strstr (imi_error_last (), "exceeds the limit of 1048576"));
    free (bytes);
    free (padding);
    free (hex);
}

static void
s_test_parts (void)
{
    uint8_t *data = (uint8_t *) malloc (IMI_CASE_PART_MAX + 1);
    assert (data);
    imi_random (data, IMI_CASE_PART_MAX + 1);
    imi_case_part_t part = { "SE-0123456789abcdef", { 0 }, 0, 1, data, 1 }, back;
    imi_random (part.hash, IMI_HASH_BYTES);
    uint8_t *bytes;
    size_t size;
    //  One piece of one byte; the last of the most pieces, full.
    assert (imi_case_part_encode (&part, &bytes, &size) == 0);
    assert (imi_case_part_decode (&back, bytes, size) == 0);
    assert (strcmp (back.case_id, part.case_id) == 0 && back.part == 0 && back.parts == 1);
    assert (memcmp (back.hash, part.hash, IMI_HASH_BYTES) == 0);
    assert (back.size == 1 && back.data == bytes + size - 1 && back.data [0] == data [0]);
    imi_codec_test_truncations (bytes, size, s_test_decode_part);
    free (bytes);
    assert (IMI_CASE_PARTS_MAX == 256);
    part.part = IMI_CASE_PARTS_MAX - 1;
    part.parts = IMI_CASE_PARTS_MAX;
    part.size = IMI_CASE_PART_MAX;
    assert (imi_case_part_encode (&part, &bytes, &size) == 0);
    assert (imi_case_part_decode (&back, bytes, size) == 0);
    assert (back.part == part.part && back.parts == part.parts && back.size == part.size);
    assert (memcmp (back.data, data, part.size) == 0);
    free (bytes);

    //  The rules, on both sides.
    static const struct {
        const char *case_id;
        uint32_t part, parts;
        size_t size;
        bool no_data;
        const char *reason;
    } rules [] = {
        { "SE-0123456789abcdeF", 0, 1, 1, false, "case_part.case_id: not a case id" },
        { "", 0, 1, 1, false, "case_part.case_id: not a case id" },
        { "SE-0123456789abcdef", 0, 0, 1, false, "case_part.parts: 0 is not 1 to 256" },
        { "SE-0123456789abcdef", 0, 257, 1, false, "case_part.parts: 257 is not 1 to 256" },
        { "SE-0123456789abcdef", 2, 2, 1, false, "case_part.part: 2 is not below parts (2)" },
        { "SE-0123456789abcdef", 0, 1, 0, false, "case_part.data: empty" },
        { "SE-0123456789abcdef", 0, 1, IMI_CASE_PART_MAX + 1, false,
          "case_part.data: 262145 bytes exceeds the maximum 262144" },
        { "SE-0123456789abcdef", 0, 1, 1, true, "case_part.data: missing" },
    };
    for (size_t index = 0; index < sizeof rules / sizeof rules [0]; index++) {
        imi_case_part_t bad = { "", { 0 }, rules [index].part, rules [index].parts,
                                rules [index].no_data? NULL: data, rules [index].size };
        strcpy (bad.case_id, rules [index].case_id);
        bytes = (uint8_t *) "";
        if (imi_case_part_encode (&bad, &bytes, &size) != -2 || bytes
        ||  !strstr (imi_error_last (), rules [index].reason)) {
            fprintf (stderr, "part rule %zu: expected '%s', got '%s'\n", index,
                     rules [index].reason, imi_error_last ());
            assert (false);
        }
        if (rules [index].no_data)
            continue;
        imi_writer_t writer;
        imi_writer_init (&writer);
        s_part_write (&writer, &bad);
        bytes = imi_writer_take (&writer, &size);
        imi_writer_cleanup (&writer);
        assert (bytes);
        if (imi_case_part_decode (&back, bytes, size) != -2
        ||  !strstr (imi_error_last (), rules [index].reason)) {
            fprintf (stderr, "part rule %zu decoded: expected '%s', got '%s'\n", index,
                     rules [index].reason, imi_error_last ());
            assert (false);
        }
        assert (back.data == NULL && back.size == 0);
        free (bytes);
    }
    free (data);

    static const struct {
        const char *hex, *reason;
    } malformed [] = {
        { "9401020304", "case_part: expected 5 items, got 4" },
        { "95b3" "53452d30313233343536373839616263646566"
          "c41f" "00000000000000000000000000000000000000000000000000000000000000"
          "0001c40161", "case_part.sha256: expected 32 bytes, got 31" },
        { "95b3" "53452d30313233343536373839616263646566"
          "c420" "0000000000000000000000000000000000000000000000000000000000000000"
          "00cf0000010000000000c40161", "case_part.parts: 1099511627776 is not 1 to 256" },
        { "95b3" "53452d30313233343536373839616263646566"
          "c420" "0000000000000000000000000000000000000000000000000000000000000000"
          "ff01c40161", "case_part.part: expected an unsigned integer, got a negative" },
        { "95b3" "53452d30313233343536373839616263646566"
          "c420" "0000000000000000000000000000000000000000000000000000000000000000"
          "0001a161", "case_part.data: expected a bin, got a string" },
        { "95b3" "53452d30313233343536373839616263646566"
          "c420" "0000000000000000000000000000000000000000000000000000000000000000"
          "0001c40161c0", "1 trailing bytes" },
        { "95b3" "53452d30313233343536373839616263646566"
          "c420" "0000000000000000000000000000000000000000000000000000000000000000"
          "0001c60000ffff61", "claims 65535 bytes" },
    };
    for (size_t index = 0; index < sizeof malformed / sizeof malformed [0]; index++) {
        uint8_t raw [128];
        size = strlen (malformed [index].hex) / 2;
        assert (size <= sizeof raw && imi_hex_decode (raw, size, malformed [index].hex) == 0);
        if (imi_case_part_decode (&back, raw, size) != -2
        ||  !strstr (imi_error_last (), malformed [index].reason)) {
            fprintf (stderr, "part malformed %zu: expected '%s', got '%s'\n", index,
                     malformed [index].reason, imi_error_last ());
            assert (false);
        }
    }
}

static void
s_test_dates (void)
{
    //  Every day from 2000-01-01 to 2999-12-31: formatted, parsed back to
    //  itself, in order; and the days on either side are refused.
    int64_t days, first = 10957;                //  2000-01-01
    char text [IMI_CASE_DATE_BYTES + 1], previous [IMI_CASE_DATE_BYTES + 1];
    imi_case_date_format (first - 1, text);
    assert (strcmp (text, "1999-12-31") == 0 && !imi_case_date_parse (text, &days));
    size_t count = 0, leap_days = 0;
    previous [0] = 0;
    for (int64_t day = first; ; day++) {
        imi_case_date_format (day, text);
        if (strcmp (text, "3000-01-01") == 0) {
            assert (!imi_case_date_parse (text, &days));
            break;
        }
        assert (imi_case_date_parse (text, &days) && days == day);
        assert (strcmp (previous, text) < 0);
        leap_days += strcmp (text + 5, "02-29") == 0;
        memcpy (previous, text, sizeof text);
        count++;
    }
    assert (count == 365243 && leap_days == 243 && strcmp (previous, "2999-12-31") == 0);

    static const struct {
        const char *text;
        int64_t days;                           //  -1: invalid
    } cases [] = {
        { "2000-01-01", 10957 }, { "2000-02-29", 11016 }, { "2024-02-29", 19782 },
        { "2024-03-01", 19783 }, { "2999-12-31", 376199 },
        { "2023-02-29", -1 }, { "2100-02-29", -1 }, { "1900-02-29", -1 },
        { "2000-13-01", -1 }, { "2000-00-10", -1 }, { "2000-01-00", -1 }, { "2000-04-31", -1 },
        { "2000-01-32", -1 }, { "1999-12-31", -1 }, { "3000-01-01", -1 }, { "2000-1-01", -1 },
        { "2000/01/01", -1 }, { " 2000-01-01", -1 }, { "2000-01-01 ", -1 },
        { "20000-01-01", -1 }, { "", -1 }, { "2000-01-0a", -1 }, { "2000-01-+1", -1 },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        days = -1;
        bool valid = imi_case_date_parse (cases [index].text, &days);
        assert (valid == (cases [index].days >= 0));
        if (valid) {
            assert (days == cases [index].days);
            imi_case_date_format (days, text);
            assert (strcmp (text, cases [index].text) == 0);
        }
    }
}

static void
s_test_names (void)
{
    static const struct {
        const char *id;
        bool valid;
    } case_ids [] = {
        { "DE-0123456789abcdef", true }, { "FR-ffffffffffffffff", true },
        { "DE-0000000000000000", true },
        { "de-0123456789abcdef", false }, { "DE_0123456789abcdef", false },
        { "DE-0123456789ABCDEF", false }, { "DE-0123456789abcde", false },
        { "DE-0123456789abcdef0", false }, { "", false }, { "D1-0123456789abcdef", false },
        { "DE-0123456789abcdeg", false }, { "DEU-0123456789abcde", false },
    };
    for (size_t index = 0; index < sizeof case_ids / sizeof case_ids [0]; index++)
        assert (imi_case_id_valid (case_ids [index].id) == case_ids [index].valid);

    char longest [IMI_CASE_AUTHORITY_MAX + 2] = "DE:";
    strcat (longest, s_test_long (IMI_DIRECTORY_ID_MAX));
    assert (imi_case_authority_valid (longest));
    strcat (longest, "x");
    assert (!imi_case_authority_valid (longest));
    static const struct {
        const char *key;
        bool valid;
    } keys [] = {
        { "DE:bza-berlin", true }, { "FR:a", true }, { "IE:x.y_z-0", true },
        { "de:x", false }, { "DE:", false }, { "DE-x", false }, { "DEx", false },
        { "DE:X", false }, { "D:x", false }, { "DE:a b", false }, { "", false },
        { "DE::x", false }, { "DE:x:y", false },
    };
    for (size_t index = 0; index < sizeof keys / sizeof keys [0]; index++)
        assert (imi_case_authority_valid (keys [index].key) == keys [index].valid);
}

//  Self test: names and dates, round trips of full, minimal and largest
//  events, the known answers, every rule on both sides, malformed bytes,
//  attachment pieces.
void
imi_body_case_test (void)
{
    s_test_names ();
    s_test_dates ();
    s_test_round_trips ();
    s_test_known_answer ();
    s_test_rules ();
    s_test_malformed ();
    s_test_parts ();
}
