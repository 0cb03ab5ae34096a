/*  imi_body_notification: notification events, encoded and checked.
    See imi_body_notification.h for the wire form and PROTOCOL.md §11.

    Like CASE_EVENT (imi_body_case.c): a fixed head and a map of optional
    fields, written in one canonical key order and read in any order, each
    key once; one set of rules (s_event_valid) runs before encoding and
    after decoding, so a node never sends what its peers must refuse, and a
    decoded event encodes back to its canonical bytes. Every member is of
    fixed size but the free text, which the decoder allocates by its own
    size.
*/
#include "imi_body_notification.h"
#include "imi_body_directory.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_ITEMS     8
#define S_FIELDS    9
#define S_PATH_MAX  96

//  The keys, in canonical order (the bit of each in the decoder's seen mask).
static const char *s_keys [S_FIELDS] = {
    "procedure", "recipients", "version", "title", "text", "text_lang", "register",
    "register_op", "entry"
};

static const char *s_ops [] = { "add", "modify", "withdraw" };

//  ---- the rules ----

static int
s_code_check (const char *code, size_t capacity, const char *path)
{
    if (strnlen (code, capacity) == capacity
    ||  !imi_directory_code_valid (code, IMI_CASE_CODE_MAX))
        return imi_error_malformed ("%s: not 1 to %d of [a-z0-9._-]", path, IMI_CASE_CODE_MAX);
    return 0;
}

static bool
s_op_valid (const char *op)
{
    for (size_t index = 0; index < sizeof s_ops / sizeof s_ops [0]; index++)
        if (strcmp (op, s_ops [index]) == 0)
            return true;
    return false;
}

static int
s_head_check (const imi_notification_event_t *event)
{
    if (strnlen (event->notification_id, sizeof event->notification_id)
            == sizeof event->notification_id
    ||  !imi_case_id_valid (event->notification_id))
        return imi_error_malformed ("notification_event.notification_id: not an id (state "
                                    "code, '-', 16 of [0-9a-f])");
    if (strnlen (event->author, sizeof event->author) == sizeof event->author
    ||  !imi_state_code_valid (event->author))
        return imi_error_malformed ("notification_event.author: not a state code");
    if (event->n < 1)
        return imi_error_malformed ("notification_event.n: must be at least 1");
    size_t size = strnlen (event->kind, sizeof event->kind);
    bool kind = size >= 1 && size <= IMI_NOTIFICATION_KIND_MAX;
    for (size_t index = 0; kind && index < size; index++)
        kind = (event->kind [index] >= 'a' && event->kind [index] <= 'z')
            || event->kind [index] == '_';
    if (!kind)
        return imi_error_malformed ("notification_event.kind: not 1 to %d of [a-z_]",
                                    IMI_NOTIFICATION_KIND_MAX);
    if (event->at_ms < 1 || event->at_ms > IMI_TIME_MAX_MS)
        return imi_error_malformed ("notification_event.at_ms: %" PRIu64 " is not 1 to %llu",
                                    event->at_ms, IMI_TIME_MAX_MS);
    if (strnlen (event->actor, sizeof event->actor) == sizeof event->actor
    ||  !imi_directory_code_valid (event->actor, IMI_CASE_ACTOR_MAX))
        return imi_error_malformed ("notification_event.actor: not 1 to %d of [a-z0-9._-]",
                                    IMI_CASE_ACTOR_MAX);
    if (strnlen (event->authority, sizeof event->authority) == sizeof event->authority
    ||  !imi_case_authority_valid (event->authority)
    ||  strncmp (event->authority, event->author, 2) != 0)
        return imi_error_malformed ("notification_event.authority: not an authority key of "
                                    "the author's state");
    return 0;
}

static int
s_event_valid (const imi_notification_event_t *event)
{
    int rc = s_head_check (event);
    if (rc)
        return rc;
    char path [S_PATH_MAX];
    if (*event->procedure
    &&  (rc = s_code_check (event->procedure, sizeof event->procedure,
                            "notification_event.fields.procedure")))
        return rc;
    if (event->recipient_count > IMI_NOTIFICATION_RECIPIENTS_MAX)
        return imi_error_malformed ("notification_event.fields.recipients: %zu items, "
                                    "expected 1 to %d", event->recipient_count,
                                    IMI_NOTIFICATION_RECIPIENTS_MAX);
    for (size_t index = 0; index < event->recipient_count; index++) {
        const char *state = event->recipients [index];
        snprintf (path, sizeof path, "notification_event.fields.recipients[%zu]", index);
        if (strnlen (state, 3) == 3 || !imi_state_code_valid (state))
            return imi_error_malformed ("%s: not a state code", path);
        for (size_t other = 0; other < index; other++)
            if (strcmp (event->recipients [other], state) == 0)
                return imi_error_malformed ("%s: '%s' appears twice", path, state);
    }
    size_t title = strnlen (event->title, sizeof event->title);
    if (title == sizeof event->title)
        return imi_error_malformed ("notification_event.fields.title: too long");
    if (title
    &&  (rc = imi_case_text_check (event->title, title, IMI_NOTIFICATION_TITLE_MAX, false,
                                   "notification_event.fields.title")))
        return rc;
    if (event->text
    &&  (rc = imi_case_text_check (event->text, strlen (event->text),
                                   IMI_NOTIFICATION_TEXT_MAX, true,
                                   "notification_event.fields.text")))
        return rc;
    if (!event->text != !*event->text_lang)
        return imi_error_malformed ("notification_event.fields.text_lang: present if and only "
                                    "if text is");
    if (*event->text_lang && !imi_case_lang_valid (event->text_lang))
        return imi_error_malformed ("notification_event.fields.text_lang: not a language code "
                                    "(two of [a-z])");
    if (*event->register_code
    &&  (rc = s_code_check (event->register_code, sizeof event->register_code,
                            "notification_event.fields.register")))
        return rc;
    if (*event->register_op
    &&  (strnlen (event->register_op, sizeof event->register_op) == sizeof event->register_op
    ||   !s_op_valid (event->register_op)))
        return imi_error_malformed ("notification_event.fields.register_op: not add, modify "
                                    "or withdraw");
    if (!*event->register_code != !*event->register_op)
        return imi_error_malformed ("notification_event.fields.register_op: comes with "
                                    "register, and register with it");
    if (event->entry_count > IMI_NOTIFICATION_ENTRY_MAX)
        return imi_error_malformed ("notification_event.fields.entry: %zu items, expected 1 "
                                    "to %d", event->entry_count, IMI_NOTIFICATION_ENTRY_MAX);
    bool withdraw = strcmp (event->register_op, "withdraw") == 0;
    if (event->entry_count && (!*event->register_op || withdraw))
        return imi_error_malformed ("notification_event.fields.entry: only with register_op "
                                    "add or modify");
    if (*event->register_op && !withdraw && !event->entry_count)
        return imi_error_malformed ("notification_event.fields.entry: required with "
                                    "register_op %s", event->register_op);
    for (size_t index = 0; index < event->entry_count; index++) {
        const imi_notification_pair_t *pair = &event->entry [index];
        snprintf (path, sizeof path, "notification_event.fields.entry[%zu].field", index);
        if ((rc = s_code_check (pair->field, sizeof pair->field, path)))
            return rc;
        for (size_t other = 0; other < index; other++)
            if (strcmp (event->entry [other].field, pair->field) == 0)
                return imi_error_malformed ("%s: '%s' appears twice", path, pair->field);
        snprintf (path, sizeof path, "notification_event.fields.entry[%zu].value", index);
        size_t size = strnlen (pair->value, sizeof pair->value);
        if (size == sizeof pair->value)
            return imi_error_malformed ("%s: too long", path);
        if ((rc = imi_case_text_check (pair->value, size, IMI_NOTIFICATION_VALUE_MAX, false, path)))
            return rc;
    }
    return 0;
}

int
imi_notification_event_validate (const imi_notification_event_t *event)
{
    return s_event_valid (event);
}

//  ---- encoding ----

static bool
s_present (const imi_notification_event_t *event, size_t key)
{
    switch (key) {
        case 0: return *event->procedure;
        case 1: return event->recipient_count > 0;
        case 2: return event->version > 0;
        case 3: return *event->title;
        case 4: return event->text != NULL;
        case 5: return *event->text_lang;
        case 6: return *event->register_code;
        case 7: return *event->register_op;
        default: return event->entry_count > 0;
    }
}

//  Write an event as it is (the self test writes invalid ones).
static void
s_write (imi_writer_t *writer, const imi_notification_event_t *event)
{
    imi_writer_array (writer, S_ITEMS);
    imi_writer_str (writer, event->notification_id);
    imi_writer_str (writer, event->author);
    imi_writer_uint (writer, event->n);
    imi_writer_str (writer, event->kind);
    imi_writer_uint (writer, event->at_ms);
    imi_writer_str (writer, event->actor);
    imi_writer_str (writer, event->authority);
    uint32_t present = 0;
    for (size_t key = 0; key < S_FIELDS; key++)
        present += s_present (event, key);
    imi_writer_map (writer, present);
    for (size_t key = 0; key < S_FIELDS; key++) {
        if (!s_present (event, key))
            continue;
        imi_writer_str (writer, s_keys [key]);
        switch (key) {
            case 0: imi_writer_str (writer, event->procedure); break;
            case 1:
                imi_writer_array (writer, (uint32_t) event->recipient_count);
                for (size_t index = 0; index < event->recipient_count; index++)
                    imi_writer_str (writer, event->recipients [index]);
                break;
            case 2: imi_writer_uint (writer, event->version); break;
            case 3: imi_writer_str (writer, event->title); break;
            case 4: imi_writer_str (writer, event->text); break;
            case 5: imi_writer_str (writer, event->text_lang); break;
            case 6: imi_writer_str (writer, event->register_code); break;
            case 7: imi_writer_str (writer, event->register_op); break;
            default:
                imi_writer_array (writer, (uint32_t) event->entry_count);
                for (size_t index = 0; index < event->entry_count; index++) {
                    imi_writer_array (writer, 2);
                    imi_writer_str (writer, event->entry [index].field);
                    imi_writer_str (writer, event->entry [index].value);
                }
        }
    }
}

int
imi_notification_event_encode (const imi_notification_event_t *event, uint8_t **out,
                               size_t *size)
{
    *out = NULL;
    *size = 0;
    int rc = s_event_valid (event);
    if (rc)
        return rc;
    imi_writer_t writer;
    imi_writer_init (&writer);
    s_write (&writer, event);
    *out = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    return *out? 0: -1;
}

//  ---- decoding ----

//  A str field into a fixed buffer, refusing "" (absence is a left-out key).
static int
s_string (const msgpack_object *object, const char *path, char *out, size_t capacity)
{
    int rc = imi_object_str (object, path, capacity - 1, out, capacity);
    if (rc == 0 && !*out)
        rc = imi_error_malformed ("%s: empty (an absent field is left out)", path);
    return rc;
}

static int
s_field_read (imi_notification_event_t *event, size_t key, const msgpack_object *object)
{
    char path [S_PATH_MAX], item [S_PATH_MAX + 32];
    snprintf (path, sizeof path, "notification_event.fields.%s", s_keys [key]);
    const msgpack_object *items, *parts;
    uint32_t count = 0;
    int rc = 0;
    switch (key) {
        case 0: return s_string (object, path, event->procedure, sizeof event->procedure);
        case 1:
            rc = imi_object_array_range (object, path, 1, IMI_NOTIFICATION_RECIPIENTS_MAX,
                                         &items, &count);
            for (uint32_t index = 0; index < count && rc == 0; index++) {
                snprintf (item, sizeof item, "%s[%" PRIu32 "]", path, index);
                rc = s_string (&items [index], item, event->recipients [index], 3);
            }
            event->recipient_count = rc == 0? count: 0;
            return rc;
        case 2:
            rc = imi_object_uint (object, path, UINT32_MAX, &event->version);
            if (rc == 0 && event->version == 0)
                rc = imi_error_malformed ("%s: must be at least 1", path);
            return rc;
        case 3: return s_string (object, path, event->title, sizeof event->title);
        case 4: return imi_object_str_copy (object, path, IMI_NOTIFICATION_TEXT_MAX, &event->text);
        case 5: return s_string (object, path, event->text_lang, sizeof event->text_lang);
        case 6: return s_string (object, path, event->register_code, sizeof event->register_code);
        case 7: return s_string (object, path, event->register_op, sizeof event->register_op);
        default:
            rc = imi_object_array_range (object, path, 1, IMI_NOTIFICATION_ENTRY_MAX, &items,
                                         &count);
            for (uint32_t index = 0; index < count && rc == 0; index++) {
                imi_notification_pair_t *pair = &event->entry [index];
                snprintf (item, sizeof item, "%s[%" PRIu32 "]", path, index);
                if ((rc = imi_object_array (&items [index], item, 2, &parts)) == 0) {
                    snprintf (item, sizeof item, "%s[%" PRIu32 "].field", path, index);
                    rc = s_string (&parts [0], item, pair->field, sizeof pair->field);
                }
                if (rc == 0) {
                    snprintf (item, sizeof item, "%s[%" PRIu32 "].value", path, index);
                    rc = s_string (&parts [1], item, pair->value, sizeof pair->value);
                }
            }
            event->entry_count = rc == 0? count: 0;
            return rc;
    }
}

static int
s_fields_read (imi_notification_event_t *event, const msgpack_object *object)
{
    const msgpack_object_kv *entries;
    uint32_t count = 0;
    int rc = imi_object_map (object, "notification_event.fields", S_FIELDS, &entries, &count);
    uint32_t seen = 0;
    for (uint32_t entry = 0; entry < count && rc == 0; entry++) {
        const msgpack_object *key = &entries [entry].key;
        if (key->type != MSGPACK_OBJECT_STR)
            return imi_error_malformed ("notification_event.fields: a key is not a string");
        size_t index = 0;
        while (index < S_FIELDS
        &&    (strlen (s_keys [index]) != key->via.str.size
        ||     memcmp (s_keys [index], key->via.str.ptr, key->via.str.size) != 0))
            index++;
        if (index == S_FIELDS)
            return imi_error_malformed ("notification_event.fields: unknown key");
        if (seen & (1u << index))
            return imi_error_malformed ("notification_event.fields.%s: appears twice",
                                        s_keys [index]);
        seen |= 1u << index;
        rc = s_field_read (event, index, &entries [entry].val);
    }
    return rc;
}

int
imi_notification_event_decode (imi_notification_event_t *event, const uint8_t *data,
                               size_t size)
{
    memset (event, 0, sizeof *event);
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0
    && (rc = imi_object_array (&reader.root, "notification_event", S_ITEMS, &items)) == 0
    && (rc = imi_object_str (&items [0], "notification_event.notification_id",
                             IMI_NOTIFICATION_ID_MAX, event->notification_id,
                             sizeof event->notification_id)) == 0
    && (rc = imi_object_str (&items [1], "notification_event.author", 2, event->author,
                             sizeof event->author)) == 0
    && (rc = imi_object_uint (&items [2], "notification_event.n", UINT64_MAX, &event->n)) == 0
    && (rc = imi_object_str (&items [3], "notification_event.kind", IMI_NOTIFICATION_KIND_MAX,
                             event->kind, sizeof event->kind)) == 0
    && (rc = imi_object_time (&items [4], "notification_event.at_ms",
                              &event->at_ms)) == 0
    && (rc = imi_object_str (&items [5], "notification_event.actor", IMI_CASE_ACTOR_MAX,
                             event->actor, sizeof event->actor)) == 0
    && (rc = imi_object_str (&items [6], "notification_event.authority",
                             IMI_CASE_AUTHORITY_MAX, event->authority,
                             sizeof event->authority)) == 0)
        rc = s_fields_read (event, &items [7]);
    imi_reader_close (&reader);
    if (rc == 0)
        rc = s_event_valid (event);
    if (rc) {
        imi_notification_event_cleanup (event);
        memset (event, 0, sizeof *event);
    }
    return rc;
}

void
imi_notification_event_cleanup (imi_notification_event_t *event)
{
    free (event->text);
    event->text = NULL;
}

//  ---- self test ----

static int
s_decode_only (const uint8_t *data, size_t size)
{
    imi_notification_event_t event;
    int rc = imi_notification_event_decode (&event, data, size);
    if (rc == 0)
        imi_notification_event_cleanup (&event);
    return rc;
}

//  A valid creation carrying a register entry.
static void
s_sample (imi_notification_event_t *event, char *text)
{
    memset (event, 0, sizeof *event);
    snprintf (event->notification_id, sizeof event->notification_id, "DE-0123456789abcdef");
    snprintf (event->author, sizeof event->author, "DE");
    event->n = 1;
    snprintf (event->kind, sizeof event->kind, "create");
    event->at_ms = 1700000000000ULL;
    snprintf (event->actor, sizeof event->actor, "anna");
    snprintf (event->authority, sizeof event->authority, "DE:bundesbank");
    snprintf (event->procedure, sizeof event->procedure, "euro-cash-licence-notification");
    snprintf (event->recipients [0], 3, "FR");
    snprintf (event->recipients [1], 3, "PL");
    event->recipient_count = 2;
    event->version = 1;
    snprintf (event->title, sizeof event->title, "Lizenz für Geldtransporte");
    event->text = text;
    snprintf (event->text_lang, sizeof event->text_lang, "de");
    snprintf (event->register_code, sizeof event->register_code, "euro-cash-licences");
    snprintf (event->register_op, sizeof event->register_op, "add");
    snprintf (event->entry [0].field, sizeof event->entry [0].field, "licence");
    snprintf (event->entry [0].value, sizeof event->entry [0].value, "ECT-2024-0001");
    snprintf (event->entry [1].field, sizeof event->entry [1].field, "company");
    snprintf (event->entry [1].value, sizeof event->entry [1].value, "Geldtransporte Süd GmbH");
    event->entry_count = 2;
}

//  event must fail to encode (naming reason), and its raw bytes to decode.
static void
s_refused (const imi_notification_event_t *event, const char *reason)
{
    uint8_t *bytes;
    size_t size;
    assert (imi_notification_event_encode (event, &bytes, &size) == -2);
    assert (strstr (imi_error_last (), reason));
    imi_writer_t writer;
    imi_writer_init (&writer);
    s_write (&writer, event);
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes);
    assert (s_decode_only (bytes, size) == -2);
    assert (strstr (imi_error_last (), reason));
    free (bytes);
}

void
imi_body_notification_test (void)
{
    char text [] = "Neue Lizenz.\nGültig ab Januar.";
    imi_notification_event_t event, decoded;
    s_sample (&event, text);

    //  Round trip, canonical bytes
    uint8_t *bytes, *again;
    size_t size, again_size;
    assert (imi_notification_event_encode (&event, &bytes, &size) == 0);
    assert (imi_notification_event_decode (&decoded, bytes, size) == 0);
    assert (strcmp (decoded.text, text) == 0);
    assert (decoded.recipient_count == 2 && strcmp (decoded.recipients [1], "PL") == 0);
    assert (decoded.entry_count == 2 && strcmp (decoded.entry [1].value, event.entry [1].value) == 0);
    assert (decoded.version == 1 && strcmp (decoded.register_op, "add") == 0);
    assert (imi_notification_event_encode (&decoded, &again, &again_size) == 0);
    assert (again_size == size && memcmp (again, bytes, size) == 0);
    imi_notification_event_cleanup (&decoded);
    free (again);
    imi_codec_test_truncations (bytes, size, s_decode_only);
    free (bytes);

    //  A bare comment: only text
    imi_notification_event_t comment;
    memset (&comment, 0, sizeof comment);
    snprintf (comment.notification_id, sizeof comment.notification_id, "DE-0123456789abcdef");
    snprintf (comment.author, sizeof comment.author, "FR");
    comment.n = 1;
    snprintf (comment.kind, sizeof comment.kind, "comment");
    comment.at_ms = 1;
    snprintf (comment.actor, sizeof comment.actor, "pierre");
    snprintf (comment.authority, sizeof comment.authority, "FR:bdf");
    comment.text = text;
    snprintf (comment.text_lang, sizeof comment.text_lang, "fr");
    assert (imi_notification_event_encode (&comment, &bytes, &size) == 0);
    assert (imi_notification_event_decode (&decoded, bytes, size) == 0);
    imi_notification_event_cleanup (&decoded);
    free (bytes);

    //  Each rule, both directions
    s_sample (&event, text); snprintf (event.notification_id, sizeof event.notification_id, "DE-12");
    s_refused (&event, "notification_id");
    s_sample (&event, text); snprintf (event.author, sizeof event.author, "de");
    s_refused (&event, "author");
    s_sample (&event, text); snprintf (event.authority, sizeof event.authority, "FR:bdf");
    s_refused (&event, "authority");
    s_sample (&event, text); event.n = 0;
    s_refused (&event, "notification_event.n");
    s_sample (&event, text); snprintf (event.kind, sizeof event.kind, "Create");
    s_refused (&event, "kind");
    s_sample (&event, text); snprintf (event.recipients [1], 3, "FR");
    s_refused (&event, "appears twice");
    s_sample (&event, text); snprintf (event.recipients [1], 3, "D1");
    s_refused (&event, "recipients[1]");
    s_sample (&event, text); snprintf (event.title, sizeof event.title, "two\nlines");
    s_refused (&event, "title: holds a control character");
    s_sample (&event, text); event.text_lang [0] = 0;
    s_refused (&event, "text_lang");
    s_sample (&event, text); snprintf (event.register_op, sizeof event.register_op, "delete");
    s_refused (&event, "register_op");
    s_sample (&event, text); event.register_code [0] = 0;
    s_refused (&event, "register_op");
    s_sample (&event, text); snprintf (event.register_op, sizeof event.register_op, "withdraw");
    s_refused (&event, "entry: only with");
    s_sample (&event, text); event.entry_count = 0;
    s_refused (&event, "entry: required");
    s_sample (&event, text); snprintf (event.entry [1].field, sizeof event.entry [1].field, "licence");
    s_refused (&event, "appears twice");
    s_sample (&event, text); snprintf (event.entry [1].value, sizeof event.entry [1].value, "a\tb");
    s_refused (&event, "entry[1].value");
    s_sample (&event, text); event.entry [0].value [0] = 0;
    s_refused (&event, "entry[0].value: empty");
    s_sample (&event, text); event.at_ms = (uint64_t) 1 << 63;
    s_refused (&event, "notification_event.at_ms: 9223372036854775808");
    s_sample (&event, text); event.at_ms = UINT64_MAX;
    s_refused (&event, "notification_event.at_ms: 18446744073709551615");
    char bad_utf8 [] = "caf\xc3";
    s_sample (&event, bad_utf8);
    assert (imi_notification_event_encode (&event, &bytes, &size) == -2);
    assert (strstr (imi_error_last (), "UTF-8"));

    //  Text at the limit passes; one byte more does not
    char *big = malloc (IMI_NOTIFICATION_TEXT_MAX + 2);
    assert (big);
    memset (big, 'x', IMI_NOTIFICATION_TEXT_MAX);
    big [IMI_NOTIFICATION_TEXT_MAX] = 0;
    s_sample (&event, big);
    assert (imi_notification_event_encode (&event, &bytes, &size) == 0);
    free (bytes);
    big [IMI_NOTIFICATION_TEXT_MAX] = 'x';
    big [IMI_NOTIFICATION_TEXT_MAX + 1] = 0;
    assert (imi_notification_event_encode (&event, &bytes, &size) == -2);
    free (big);

    //  Unknown key, key twice, empty string
    imi_writer_t writer;
    const char *spoiled [] = { "colour", "title", "" };
    for (size_t index = 0; index < 3; index++) {
        imi_writer_init (&writer);
        imi_writer_array (&writer, S_ITEMS);
        imi_writer_str (&writer, "DE-0123456789abcdef");
        imi_writer_str (&writer, "DE");
        imi_writer_uint (&writer, 1);
        imi_writer_str (&writer, "close");
        imi_writer_uint (&writer, 5);
        imi_writer_str (&writer, "anna");
        imi_writer_str (&writer, "DE:bundesbank");
        imi_writer_map (&writer, index == 1? 2: 1);
        imi_writer_str (&writer, index == 2? "title": spoiled [index]);
        imi_writer_str (&writer, index == 2? "": "x");
        if (index == 1) {
            imi_writer_str (&writer, "title");
            imi_writer_str (&writer, "y");
        }
        bytes = imi_writer_take (&writer, &size);
        imi_writer_cleanup (&writer);
        assert (s_decode_only (bytes, size) == -2);
        assert (strstr (imi_error_last (), index == 0? "unknown key"
                                         : index == 1? "appears twice": "empty"));
        free (bytes);
    }
}
