/*  imi_body_alert: alert events, encoded and checked. See imi_body_alert.h
    for the wire form and PROTOCOL.md §13.

    A fixed head of six items and a map of optional fields, as case events
    (imi_body_case): the same rules for ids, authority keys, texts and
    languages (the case codec's checks are shared, not copied). One set of
    rules (s_event_valid) serves both directions: the decoder reads every
    field with its type and size bound, then applies the rules; the encoder
    applies them before it writes, so a node never sends an event its peer
    must refuse. The decoder frees what it allocated on any failure and
    leaves the event zeroed.
*/
#include "imi_body_alert.h"
#include "imi_body_directory.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_EVENT_ITEMS   7
#define S_PATH_MAX      96

//  The kinds, and whose each is.
static const struct {
    const char *name;
    bool sender;
} s_kinds [] = {
    { "issue", true }, { "correct", true }, { "withdraw", true }, { "close", true },
    { "acknowledge", false },
};

//  The field keys, in the canonical order.
static const char *s_keys [] = { "procedure", "states", "fields", "text", "text_lang",
                                  "attachments" };
#define S_KEYS (sizeof s_keys / sizeof s_keys [0])

bool
imi_alert_kind_valid (const char *kind, bool *sender)
{
    for (size_t index = 0; index < sizeof s_kinds / sizeof s_kinds [0]; index++)
        if (strcmp (kind, s_kinds [index].name) == 0) {
            if (sender)
                *sender = s_kinds [index].sender;
            return true;
        }
    return false;
}

//  Every rule on an event. 0 or -2.
static int
s_event_valid (const imi_alert_event_t *event)
{
    char path [S_PATH_MAX];
    if (strnlen (event->alert_id, sizeof event->alert_id) == sizeof event->alert_id
    ||  !imi_case_id_valid (event->alert_id))
        return imi_error_malformed ("alert_event.alert_id: not an alert id (state code, '-', "
                                    "16 of [0-9a-f])");
    if (event->n < 1 || event->n > IMI_ALERT_EVENTS_MAX)
        return imi_error_malformed ("alert_event.n: %" PRIu64 " is not 1 to %d", event->n,
                                    IMI_ALERT_EVENTS_MAX);
    if (strnlen (event->kind, sizeof event->kind) == sizeof event->kind
    ||  !imi_alert_kind_valid (event->kind, NULL))
        return imi_error_malformed ("alert_event.kind: not issue, correct, withdraw, close or "
                                    "acknowledge");
    if (event->at_ms < 1 || event->at_ms > IMI_TIME_MAX_MS)
        return imi_error_malformed ("alert_event.at_ms: %" PRIu64 " is not 1 to %llu",
                                    event->at_ms, IMI_TIME_MAX_MS);
    if (!imi_directory_code_valid (event->actor, IMI_CASE_ACTOR_MAX))
        return imi_error_malformed ("alert_event.actor: not 1 to %d of [a-z0-9._-]",
                                    IMI_CASE_ACTOR_MAX);
    if (!imi_case_authority_valid (event->authority))
        return imi_error_malformed ("alert_event.authority: not an authority key (state "
                                    "code, ':', authority id)");
    if (*event->procedure && !imi_directory_code_valid (event->procedure, IMI_CASE_CODE_MAX))
        return imi_error_malformed ("alert_event.fields.procedure: not 1 to %d of "
                                    "[a-z0-9._-]", IMI_CASE_CODE_MAX);
    if (event->state_count > IMI_ALERT_STATES_MAX)
        return imi_error_malformed ("alert_event.fields.states: %zu items, expected 1 to %d",
                                    event->state_count, IMI_ALERT_STATES_MAX);
    for (size_t index = 0; index < event->state_count; index++) {
        const char *state = event->states [index];
        if (strnlen (state, 3) != 2 || !imi_state_code_valid (state))
            return imi_error_malformed ("alert_event.fields.states[%zu]: not a state code",
                                        index);
        if (strncmp (state, event->alert_id, 2) == 0)
            return imi_error_malformed ("alert_event.fields.states[%zu]: the sender's own "
                                        "state", index);
        for (size_t other = 0; other < index; other++)
            if (strcmp (event->states [other], state) == 0)
                return imi_error_malformed ("alert_event.fields.states[%zu]: '%s' appears "
                                            "twice", index, state);
    }
    if (event->field_count > IMI_ALERT_FIELDS_MAX || (event->field_count && !event->fields))
        return imi_error_malformed ("alert_event.fields.fields: %zu items, expected 1 to %d",
                                    event->field_count, IMI_ALERT_FIELDS_MAX);
    int rc = 0;
    for (size_t index = 0; index < event->field_count && rc == 0; index++) {
        const imi_case_pair_t *pair = &event->fields [index];
        snprintf (path, sizeof path, "alert_event.fields.fields[%zu].id", index);
        if (!imi_directory_code_valid (pair->id, IMI_CASE_CODE_MAX))
            return imi_error_malformed ("%s: not 1 to %d of [a-z0-9._-]", path,
                                        IMI_CASE_CODE_MAX);
        for (size_t other = 0; other < index; other++)
            if (strcmp (event->fields [other].id, pair->id) == 0)
                return imi_error_malformed ("%s: '%s' appears twice", path, pair->id);
        snprintf (path, sizeof path, "alert_event.fields.fields[%zu].value", index);
        if (!pair->value)
            return imi_error_malformed ("%s: missing", path);
        rc = imi_case_text_check (pair->value, strlen (pair->value), IMI_CASE_VALUE_MAX, true,
                                  path);
    }
    if (rc == 0 && event->text)
        rc = imi_case_text_check (event->text, strlen (event->text), IMI_ALERT_TEXT_MAX, true,
                                  "alert_event.fields.text");
    if (rc)
        return rc;
    if (event->text && !*event->text_lang)
        return imi_error_malformed ("alert_event.fields.text_lang: required with a text");
    if (!event->text && *event->text_lang)
        return imi_error_malformed ("alert_event.fields.text_lang: only with a text");
    if (*event->text_lang && !imi_case_lang_valid (event->text_lang))
        return imi_error_malformed ("alert_event.fields.text_lang: not a language code "
                                    "(two of [a-z])");
    return imi_case_files_check (event->files, event->file_count,
                                 "alert_event.fields.attachments");
}

int
imi_alert_event_validate (const imi_alert_event_t *event)
{
    return s_event_valid (event);
}

//  Write an event as it is (callers validate first; the self test writes
//  invalid ones to check that the decoder refuses them).
static void
s_event_write (imi_writer_t *writer, const imi_alert_event_t *event)
{
    imi_writer_array (writer, S_EVENT_ITEMS);
    imi_writer_str (writer, event->alert_id);
    imi_writer_uint (writer, event->n);
    imi_writer_str (writer, event->kind);
    imi_writer_uint (writer, event->at_ms);
    imi_writer_str (writer, event->actor);
    imi_writer_str (writer, event->authority);
    bool present [S_KEYS] = {
        *event->procedure != 0, event->state_count > 0, event->field_count > 0,
        event->text != NULL, *event->text_lang != 0, event->file_count > 0
    };
    uint32_t count = 0;
    for (size_t key = 0; key < S_KEYS; key++)
        count += present [key];
    imi_writer_map (writer, count);
    for (size_t key = 0; key < S_KEYS; key++) {
        if (!present [key])
            continue;
        imi_writer_str (writer, s_keys [key]);
        if (key == 0)
            imi_writer_str (writer, event->procedure);
        else
        if (key == 1) {
            imi_writer_array (writer, (uint32_t) event->state_count);
            for (size_t index = 0; index < event->state_count; index++)
                imi_writer_str (writer, event->states [index]);
        }
        else
        if (key == 2) {
            imi_writer_array (writer, (uint32_t) event->field_count);
            for (size_t index = 0; index < event->field_count; index++) {
                imi_writer_array (writer, 2);
                imi_writer_str (writer, event->fields [index].id);
                imi_writer_str (writer, event->fields [index].value);
            }
        }
        else
        if (key == 3)
            imi_writer_str (writer, event->text);
        else
        if (key == 4)
            imi_writer_str (writer, event->text_lang);
        else
            imi_case_files_write (writer, event->files, event->file_count);
    }
}

int
imi_alert_event_encode (const imi_alert_event_t *event, uint8_t **out, size_t *size)
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

//  Read the value of key number key into the event.
static int
s_field_read (imi_alert_event_t *event, size_t key, const msgpack_object *object)
{
    char path [S_PATH_MAX], item [S_PATH_MAX];
    snprintf (path, sizeof path, "alert_event.fields.%s", s_keys [key]);
    const msgpack_object *items, *parts;
    uint32_t count = 0;
    int rc = 0;
    if (key == 0 || key == 4) {
        char *out = key == 0? event->procedure: event->text_lang;
        size_t out_size = key == 0? sizeof event->procedure: sizeof event->text_lang;
        rc = imi_object_str (object, path, out_size - 1, out, out_size);
        if (rc == 0 && !*out)
            rc = imi_error_malformed ("%s: empty (an absent field is left out)", path);
    }
    else
    if (key == 1) {
        rc = imi_object_array_range (object, path, 1, IMI_ALERT_STATES_MAX, &items, &count);
        for (uint32_t index = 0; index < count && rc == 0; index++) {
            snprintf (item, sizeof item, "alert_event.fields.states[%" PRIu32 "]", index);
            rc = imi_object_str (&items [index], item, 2, event->states [index], 3);
            event->state_count = index + 1;
        }
    }
    else
    if (key == 2) {
        rc = imi_object_array_range (object, path, 1, IMI_ALERT_FIELDS_MAX, &items, &count);
        if (rc == 0) {
            event->fields = calloc (count, sizeof (imi_case_pair_t));
            if (!event->fields)
                return imi_error_set ("%s: out of memory", path);
            event->field_count = count;
        }
        for (uint32_t index = 0; index < count && rc == 0; index++) {
            imi_case_pair_t *pair = &event->fields [index];
            snprintf (item, sizeof item, "alert_event.fields.fields[%" PRIu32 "]", index);
            if ((rc = imi_object_array (&items [index], item, 2, &parts)) == 0
            &&  (rc = imi_object_str (&parts [0], item, IMI_CASE_CODE_MAX, pair->id,
                                      sizeof pair->id)) == 0)
                rc = imi_object_str_copy (&parts [1], item, IMI_CASE_VALUE_MAX, &pair->value);
        }
    }
    else
    if (key == 3)
        rc = imi_object_str_copy (object, path, IMI_ALERT_TEXT_MAX, &event->text);
    else
        rc = imi_case_files_read (object, path, &event->files, &event->file_count);
    return rc;
}

//  The fields map: each key once, each known. 0, -2 or -1.
static int
s_fields_read (imi_alert_event_t *event, const msgpack_object *object)
{
    const msgpack_object_kv *entries;
    uint32_t count = 0;
    int rc = imi_object_map (object, "alert_event.fields", S_KEYS, &entries, &count);
    uint32_t seen = 0;
    for (uint32_t entry = 0; entry < count && rc == 0; entry++) {
        const msgpack_object *key = &entries [entry].key;
        if (key->type != MSGPACK_OBJECT_STR)
            return imi_error_malformed ("alert_event.fields: a key is not a string");
        size_t index = 0;
        while (index < S_KEYS
        &&    (strlen (s_keys [index]) != key->via.str.size
        ||     memcmp (s_keys [index], key->via.str.ptr, key->via.str.size) != 0))
            index++;
        if (index == S_KEYS)
            return imi_error_malformed ("alert_event.fields: unknown key");
        if (seen & (1u << index))
            return imi_error_malformed ("alert_event.fields.%s: appears twice", s_keys [index]);
        seen |= 1u << index;
        rc = s_field_read (event, index, &entries [entry].val);
    }
    return rc;
}

int
imi_alert_event_decode (imi_alert_event_t *event, const uint8_t *data, size_t size)
{
    memset (event, 0, sizeof *event);
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0
    && (rc = imi_object_array (&reader.root, "alert_event", S_EVENT_ITEMS, &items)) == 0
    && (rc = imi_object_str (&items [0], "alert_event.alert_id", IMI_CASE_ID_MAX,
                             event->alert_id, sizeof event->alert_id)) == 0
    && (rc = imi_object_uint (&items [1], "alert_event.n", UINT64_MAX, &event->n)) == 0
    && (rc = imi_object_str (&items [2], "alert_event.kind", IMI_ALERT_KIND_MAX, event->kind,
                             sizeof event->kind)) == 0
    && (rc = imi_object_time (&items [3], "alert_event.at_ms",
                              &event->at_ms)) == 0
    && (rc = imi_object_str (&items [4], "alert_event.actor", IMI_CASE_ACTOR_MAX,
                             event->actor, sizeof event->actor)) == 0
    && (rc = imi_object_str (&items [5], "alert_event.authority", IMI_CASE_AUTHORITY_MAX,
                             event->authority, sizeof event->authority)) == 0)
        rc = s_fields_read (event, &items [6]);
    imi_reader_close (&reader);
    if (rc == 0)
        rc = s_event_valid (event);
    if (rc)
        imi_alert_event_cleanup (event);
    return rc;
}

void
imi_alert_event_cleanup (imi_alert_event_t *event)
{
    for (size_t index = 0; event->fields && index < event->field_count; index++)
        free (event->fields [index].value);
    free (event->fields);
    free (event->text);
    free (event->files);
    memset (event, 0, sizeof *event);
}

//  ---------------------------------------------------------------------------
//  Self test

static int
s_test_decode (const uint8_t *data, size_t size)
{
    imi_alert_event_t event;
    int rc = imi_alert_event_decode (&event, data, size);
    if (rc == 0)
        imi_alert_event_cleanup (&event);
    return rc;
}

//  event (owned by the test) encodes, decodes to the same bytes, and every
//  truncation of it is refused.
static void
s_test_round_trip (const imi_alert_event_t *event)
{
    uint8_t *bytes, *again_bytes;
    size_t size, again_size;
    assert (imi_alert_event_encode (event, &bytes, &size) == 0);
    imi_alert_event_t back;
    assert (imi_alert_event_decode (&back, bytes, size) == 0);
    assert (strcmp (back.alert_id, event->alert_id) == 0 && back.n == event->n);
    assert (strcmp (back.kind, event->kind) == 0 && back.at_ms == event->at_ms);
    assert (back.state_count == event->state_count && back.field_count == event->field_count);
    assert ((back.text == NULL) == (event->text == NULL));
    assert (back.file_count == event->file_count);
    for (size_t index = 0; index < event->file_count; index++)
        assert (strcmp (back.files [index].name, event->files [index].name) == 0
             && back.files [index].size == event->files [index].size
             && memcmp (back.files [index].hash, event->files [index].hash, IMI_HASH_BYTES) == 0);
    assert (imi_alert_event_encode (&back, &again_bytes, &again_size) == 0);
    assert (again_size == size && memcmp (again_bytes, bytes, size) == 0);
    imi_codec_test_truncations (bytes, size, s_test_decode);
    imi_alert_event_cleanup (&back);
    free (bytes);
    free (again_bytes);
}

//  The rule broken by event is named: encode refuses it, and so does decode
//  of its bytes as written without the check.
static void
s_test_refused (const imi_alert_event_t *event, const char *reason)
{
    uint8_t *bytes;
    size_t size;
    assert (imi_alert_event_encode (event, &bytes, &size) == -2);
    if (!strstr (imi_error_last (), reason)) {
        fprintf (stderr, "expected '%s', got '%s'\n", reason, imi_error_last ());
        assert (0);
    }
    imi_writer_t writer;
    imi_writer_init (&writer);
    s_event_write (&writer, event);
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    imi_alert_event_t back;
    assert (imi_alert_event_decode (&back, bytes, size) == -2);
    assert (strstr (imi_error_last (), reason));
    assert (back.fields == NULL && back.text == NULL && back.files == NULL);
    free (bytes);
}

static void
s_test_issue (imi_alert_event_t *event, imi_case_pair_t *pairs, char *text)
{
    memset (event, 0, sizeof *event);
    strcpy (event->alert_id, "DE-0123456789abcdef");
    event->n = 1;
    strcpy (event->kind, "issue");
    event->at_ms = 1700000000000;
    strcpy (event->actor, "anna");
    strcpy (event->authority, "DE:aek-berlin");
    strcpy (event->procedure, "pq-alert");
    strcpy (event->states [0], "FR");
    strcpy (event->states [1], "PL");
    event->state_count = 2;
    strcpy (pairs [0].id, "pq-alert.profession");
    pairs [0].value = "Ärztin";
    strcpy (pairs [1].id, "pq-alert.decision-date");
    pairs [1].value = "2024-03-01";
    event->fields = pairs;
    event->field_count = 2;
    strcpy (text, "Approbation widerrufen.\nSiehe Beschluss.");
    event->text = text;
    strcpy (event->text_lang, "de");
}

void
imi_body_alert_test (void)
{
    printf (" * imi_body_alert: ");
    imi_alert_event_t event;
    imi_case_pair_t pairs [3];
    char text [64];
    bool sender;
    assert (imi_alert_kind_valid ("issue", &sender) && sender);
    assert (imi_alert_kind_valid ("acknowledge", &sender) && !sender);
    assert (!imi_alert_kind_valid ("accept", NULL));

    //  Known answer: the smallest event, byte for byte
    imi_alert_event_t small = { .alert_id = "FR-00000000000000ff", .n = 2, .kind = "close",
                                .at_ms = 1, .actor = "a", .authority = "FR:x" };
    uint8_t *bytes;
    size_t size;
    assert (imi_alert_event_encode (&small, &bytes, &size) == 0);
    static const uint8_t expected [] = {
        0x97, 0xb3, 'F', 'R', '-', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0',
        '0', '0', 'f', 'f', 0x02, 0xa5, 'c', 'l', 'o', 's', 'e', 0x01, 0xa1, 'a', 0xa4, 'F',
        'R', ':', 'x', 0x80
    };
    assert (size == sizeof expected && memcmp (bytes, expected, size) == 0);
    free (bytes);
    s_test_round_trip (&small);

    s_test_issue (&event, pairs, text);
    s_test_round_trip (&event);

    s_test_issue (&event, pairs, text);
    strcpy (event.states [1], "DE");
    s_test_refused (&event, "states[1]: the sender's own state");
    s_test_issue (&event, pairs, text);
    strcpy (event.states [1], "FR");
    s_test_refused (&event, "states[1]: 'FR' appears twice");
    s_test_issue (&event, pairs, text);
    strcpy (event.states [1], "fr");
    s_test_refused (&event, "states[1]: not a state code");
    s_test_issue (&event, pairs, text);
    strcpy (event.kind, "accept");
    s_test_refused (&event, "alert_event.kind");
    s_test_issue (&event, pairs, text);
    event.n = IMI_ALERT_EVENTS_MAX + 1;
    s_test_refused (&event, "alert_event.n");
    s_test_issue (&event, pairs, text);
    event.at_ms = (uint64_t) 1 << 63;
    s_test_refused (&event, "alert_event.at_ms: 9223372036854775808");
    s_test_issue (&event, pairs, text);
    event.at_ms = UINT64_MAX;
    s_test_refused (&event, "alert_event.at_ms: 18446744073709551615");
    s_test_issue (&event, pairs, text);
    strcpy (pairs [1].id, pairs [0].id);
    s_test_refused (&event, "fields[1].id: 'pq-alert.profession' appears twice");
    s_test_issue (&event, pairs, text);
    pairs [0].value = "a\001b";
    s_test_refused (&event, "fields[0].value: holds a control character");
    s_test_issue (&event, pairs, text);
    event.text_lang [0] = 0;
    s_test_refused (&event, "text_lang: required with a text");
    s_test_issue (&event, pairs, text);
    text [0] = 0;
    s_test_refused (&event, "alert_event.fields.text: empty");
    s_test_issue (&event, pairs, text);
    strcpy (event.authority, "DE-aek");
    s_test_refused (&event, "alert_event.authority");

    //  Attachments: the case codec's list and rules, under the alert's path
    imi_case_file_t files [IMI_CASE_ATTACHMENTS_MAX + 1];
    memset (files, 0, sizeof files);
    for (size_t index = 0; index <= IMI_CASE_ATTACHMENTS_MAX; index++) {
        snprintf (files [index].name, sizeof files [index].name, "Bescheid %zu.pdf", index);
        files [index].size = 1 + index;
        memset (files [index].hash, (int) index + 1, IMI_HASH_BYTES);
    }
    s_test_issue (&event, pairs, text);
    event.files = files;
    event.file_count = 2;
    s_test_round_trip (&event);
    event.file_count = IMI_CASE_ATTACHMENTS_MAX;
    s_test_round_trip (&event);
    event.file_count = IMI_CASE_ATTACHMENTS_MAX + 1;
    s_test_refused (&event, "alert_event.fields.attachments: 17 items, expected 1 to 16");
    event.file_count = 2;
    memcpy (files [1].hash, files [0].hash, IMI_HASH_BYTES);
    s_test_refused (&event, "alert_event.fields.attachments[1].sha256: the content of "
                            "attachments[0] again");
    memset (files [1].hash, 2, IMI_HASH_BYTES);
    strcpy (files [1].name, "../etc/passwd");
    s_test_refused (&event, "alert_event.fields.attachments[1].name: holds a '/' or '\\'");
    strcpy (files [1].name, "..");
    s_test_refused (&event, "alert_event.fields.attachments[1].name: '..' is not a file name");
    strcpy (files [1].name, "b.pdf");
    files [1].size = 0;
    s_test_refused (&event, "alert_event.fields.attachments[1].size: 0 is not 1 to");
    files [1].size = IMI_CASE_FILE_MAX + 1ull;
    s_test_refused (&event, "alert_event.fields.attachments[1].size");
    files [1].size = 2;

    //  Known answer: a close with one attachment, byte for byte (the key
    //  comes last, so events without attachments encode as before)
    imi_case_file_t one = { .name = "a", .size = 1 };
    memset (one.hash, 0xab, IMI_HASH_BYTES);
    imi_alert_event_t small_file = { .alert_id = "FR-00000000000000ff", .n = 2, .kind = "close",
                                     .at_ms = 1, .actor = "a", .authority = "FR:x",
                                     .files = &one, .file_count = 1 };
    assert (imi_alert_event_encode (&small_file, &bytes, &size) == 0);
    uint8_t expected_file [sizeof expected + 51];            //  what the key and list add
    memcpy (expected_file, expected, sizeof expected);
    size_t at = sizeof expected - 1;
    expected_file [at++] = 0x81;                            //  map of 1
    expected_file [at++] = 0xab;                            //  str 11
    memcpy (expected_file + at, "attachments", 11);
    at += 11;
    expected_file [at++] = 0x91;                            //  array of 1
    expected_file [at++] = 0x93;                            //  array of 3
    expected_file [at++] = 0xa1;
    expected_file [at++] = 'a';
    expected_file [at++] = 0x01;
    expected_file [at++] = 0xc4;                            //  bin 8
    expected_file [at++] = IMI_HASH_BYTES;
    memset (expected_file + at, 0xab, IMI_HASH_BYTES);
    at += IMI_HASH_BYTES;
    assert (size == at && memcmp (bytes, expected_file, size) == 0);
    free (bytes);
    s_test_round_trip (&small_file);

    //  A text over the limit
    char *huge = malloc (IMI_ALERT_TEXT_MAX + 2);
    assert (huge);
    memset (huge, 'x', IMI_ALERT_TEXT_MAX + 1);
    huge [IMI_ALERT_TEXT_MAX + 1] = 0;
    s_test_issue (&event, pairs, text);
    event.text = huge;
    s_test_refused (&event, "exceeds the maximum");
    huge [IMI_ALERT_TEXT_MAX] = 0;
    s_test_round_trip (&event);
    free (huge);

    //  Unknown and repeated keys
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, S_EVENT_ITEMS);
    imi_writer_str (&writer, "DE-0123456789abcdef");
    imi_writer_uint (&writer, 1);
    imi_writer_str (&writer, "close");
    imi_writer_uint (&writer, 5);
    imi_writer_str (&writer, "anna");
    imi_writer_str (&writer, "DE:x");
    imi_writer_map (&writer, 2);
    imi_writer_str (&writer, "procedure");
    imi_writer_str (&writer, "pq-alert");
    imi_writer_str (&writer, "procedure");
    imi_writer_str (&writer, "pq-alert");
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (s_test_decode (bytes, size) == -2);
    assert (strstr (imi_error_last (), "procedure: appears twice"));
    free (bytes);
    printf ("OK\n");
}
