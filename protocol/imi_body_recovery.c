/*  imi_body_recovery: encode and decode LINK_STATE and LINK_RETURN. See
    imi_body_recovery.h for the schemas and PROTOCOL.md §3.1 for their use.
*/
#include "imi_body_recovery.h"
#include "imi_error.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

//  A refusal kind: empty (applied), or 1 to 32 of [a-z_].
static bool
s_kind_valid (const char *kind)
{
    size_t length = strlen (kind);
    if (length > IMI_RECOVERY_KIND_MAX)
        return false;
    for (size_t index = 0; index < length; index++)
        if (!((kind [index] >= 'a' && kind [index] <= 'z') || kind [index] == '_'))
            return false;
    return true;
}

int
imi_link_state_encode (const imi_link_state_t *state, uint8_t **out, size_t *size)
{
    *out = NULL;
    if (state->step != IMI_RECOVERY_STEP_RETURN && state->step != IMI_RECOVERY_STEP_RESEND)
        return imi_error_set ("link_state.step: %llu is not a step",
                              (unsigned long long) state->step);
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 3);
    imi_writer_uint (&writer, state->step);
    imi_writer_uint (&writer, state->applied);
    imi_writer_uint (&writer, state->from);
    *out = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    return *out? 0: -1;
}

int
imi_link_state_decode (imi_link_state_t *state, const uint8_t *data, size_t size)
{
    memset (state, 0, sizeof *state);
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0)
        rc = imi_object_array (&reader.root, "link_state", 3, &items);
    if (rc == 0)
        rc = imi_object_uint (&items [0], "link_state.step", IMI_RECOVERY_STEP_RESEND,
                              &state->step);
    if (rc == 0 && state->step < IMI_RECOVERY_STEP_RETURN)
        rc = imi_error_malformed ("link_state.step: 0 is not a step");
    if (rc == 0)
        rc = imi_object_uint (&items [1], "link_state.applied", INT64_MAX, &state->applied);
    if (rc == 0)
        rc = imi_object_uint (&items [2], "link_state.from", INT64_MAX, &state->from);
    if (rc == 0 && state->step == IMI_RECOVERY_STEP_RETURN && state->from < 1)
        rc = imi_error_malformed ("link_state.from: must be at least 1");
    imi_reader_close (&reader);
    return rc;
}

int
imi_link_return_encode (const imi_link_return_t *answer, uint8_t **out, size_t *size)
{
    *out = NULL;
    size_t bytes = 0;
    for (uint32_t index = 0; index < answer->count; index++) {
        const imi_link_item_t *item = &answer->items [index];
        if (!s_kind_valid (item->refused))
            return imi_error_set ("link_return.items[%u].refused: not a kind", index);
        if (index && item->seq != answer->items [index - 1].seq + 1)
            return imi_error_set ("link_return.items[%u].seq: not the next one", index);
        bytes += item->envelope_size;
    }
    if (answer->count > IMI_RECOVERY_ITEMS_MAX || bytes > IMI_RECOVERY_PAGE_BYTES)
        return imi_error_set ("link_return: %u items of %zu bytes do not fit in a body",
                              answer->count, bytes);
    if (answer->step != IMI_RECOVERY_STEP_RETURN && answer->step != IMI_RECOVERY_STEP_RESEND)
        return imi_error_set ("link_return.step: %llu is not a step",
                              (unsigned long long) answer->step);
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 5);
    imi_writer_uint (&writer, answer->step);
    imi_writer_uint (&writer, answer->applied);
    imi_writer_uint (&writer, answer->sent);
    imi_writer_array (&writer, answer->count);
    for (uint32_t index = 0; index < answer->count; index++) {
        const imi_link_item_t *item = &answer->items [index];
        imi_writer_array (&writer, 4);
        imi_writer_uint (&writer, item->seq);
        imi_writer_uint (&writer, item->received_ms);
        imi_writer_str (&writer, item->refused);
        imi_writer_bin (&writer, item->envelope, item->envelope_size);
    }
    imi_writer_bool (&writer, answer->more);
    *out = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    return *out? 0: -1;
}

static int
s_item_decode (imi_link_item_t *item, const msgpack_object *object, uint32_t index)
{
    char field [48];
    const msgpack_object *items;
    snprintf (field, sizeof field, "link_return.items[%u]", index);
    int rc = imi_object_array (object, field, 4, &items);
    if (rc == 0)
        rc = imi_object_uint (&items [0], field, INT64_MAX, &item->seq);
    if (rc == 0 && item->seq < 1)
        rc = imi_error_malformed ("%s.seq: must be at least 1", field);
    if (rc == 0)
        rc = imi_object_time (&items [1], field, &item->received_ms);
    if (rc == 0)
        rc = imi_object_str (&items [2], field, IMI_RECOVERY_KIND_MAX, item->refused,
                             sizeof item->refused);
    if (rc == 0 && !s_kind_valid (item->refused))
        rc = imi_error_malformed ("%s.refused: not a kind", field);
    if (rc == 0)
        rc = imi_object_bin (&items [3], field, IMI_ENVELOPE_MAX_BYTES, &item->envelope,
                             &item->envelope_size);
    return rc;
}

int
imi_link_return_decode (imi_link_return_t *answer, const uint8_t *data, size_t size)
{
    answer->count = 0;
    answer->more = false;
    imi_reader_t reader;
    const msgpack_object *items, *list;
    uint32_t count = 0;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0)
        rc = imi_object_array (&reader.root, "link_return", 5, &items);
    if (rc == 0)
        rc = imi_object_uint (&items [0], "link_return.step", IMI_RECOVERY_STEP_RESEND,
                              &answer->step);
    if (rc == 0 && answer->step < IMI_RECOVERY_STEP_RETURN)
        rc = imi_error_malformed ("link_return.step: 0 is not a step");
    if (rc == 0)
        rc = imi_object_uint (&items [1], "link_return.applied", INT64_MAX, &answer->applied);
    if (rc == 0)
        rc = imi_object_uint (&items [2], "link_return.sent", INT64_MAX, &answer->sent);
    if (rc == 0)
        rc = imi_object_array_range (&items [3], "link_return.items", 0,
                                     IMI_RECOVERY_ITEMS_MAX, &list, &count);
    for (uint32_t index = 0; rc == 0 && index < count; index++) {
        rc = s_item_decode (&answer->items [index], &list [index], index);
        if (rc == 0 && index && answer->items [index].seq != answer->items [index - 1].seq + 1)
            rc = imi_error_malformed ("link_return.items[%u].seq: not the next one", index);
    }
    if (rc == 0)
        rc = imi_object_bool (&items [4], "link_return.more", &answer->more);
    imi_reader_close (&reader);
    //  The envelopes point into data, not into the reader's zone.
    answer->count = rc == 0? count: 0;
    return rc;
}

//  ---------------------------------------------------------------------------
//  Self test

static int
s_decode_state (const uint8_t *data, size_t size)
{
    imi_link_state_t state;
    return imi_link_state_decode (&state, data, size);
}

static int
s_decode_return (const uint8_t *data, size_t size)
{
    static imi_link_return_t answer;
    return imi_link_return_decode (&answer, data, size);
}

void
imi_body_recovery_test (void)
{
    printf (" * imi_body_recovery: ");
    uint8_t *bytes;
    size_t size;

    //  Known answer: step 1, applied 7, from 300 (0xcd 01 2c).
    imi_link_state_t state = { IMI_RECOVERY_STEP_RETURN, 7, 300 }, back;
    assert (imi_link_state_encode (&state, &bytes, &size) == 0);
    static const uint8_t expected_state [] = { 0x93, 0x01, 0x07, 0xcd, 0x01, 0x2c };
    assert (size == sizeof expected_state && memcmp (bytes, expected_state, size) == 0);
    assert (imi_link_state_decode (&back, bytes, size) == 0);
    assert (back.step == 1 && back.applied == 7 && back.from == 300);
    imi_codec_test_truncations (bytes, size, s_decode_state);
    free (bytes);
    //  Not steps; step 1 from 0
    static const uint8_t step_zero [] = { 0x93, 0x00, 0x07, 0x01 };
    static const uint8_t step_three [] = { 0x93, 0x03, 0x07, 0x01 };
    static const uint8_t from_zero [] = { 0x93, 0x01, 0x07, 0x00 };
    assert (imi_link_state_decode (&back, step_zero, sizeof step_zero) == -2);
    assert (imi_link_state_decode (&back, step_three, sizeof step_three) == -2);
    assert (imi_link_state_decode (&back, from_zero, sizeof from_zero) == -2);
    state.step = 3;
    assert (imi_link_state_encode (&state, &bytes, &size) == -1);

    //  Known answer: step 1, applied 9, sent 4, one item (seq 5, at 1000
    //  ms, refused "malformed", envelope "ab"), more.
    static imi_link_return_t answer, decoded;
    answer.step = IMI_RECOVERY_STEP_RETURN;
    answer.applied = 9;
    answer.sent = 4;
    answer.count = 1;
    answer.items [0] = (imi_link_item_t) { 5, 1000, "malformed", (const uint8_t *) "ab", 2 };
    answer.more = true;
    assert (imi_link_return_encode (&answer, &bytes, &size) == 0);
    static const uint8_t expected_return [] = {
        0x95, 0x01, 0x09, 0x04, 0x91, 0x94, 0x05, 0xcd, 0x03, 0xe8,
        0xa9, 'm', 'a', 'l', 'f', 'o', 'r', 'm', 'e', 'd', 0xc4, 0x02, 'a', 'b', 0xc3 };
    assert (size == sizeof expected_return && memcmp (bytes, expected_return, size) == 0);
    assert (imi_link_return_decode (&decoded, bytes, size) == 0);
    assert (decoded.step == 1 && decoded.applied == 9 && decoded.sent == 4 && decoded.count == 1
            && decoded.more);
    assert (decoded.items [0].seq == 5 && decoded.items [0].received_ms == 1000);
    assert (strcmp (decoded.items [0].refused, "malformed") == 0);
    assert (decoded.items [0].envelope_size == 2
            && decoded.items [0].envelope > bytes && decoded.items [0].envelope < bytes + size);
    imi_codec_test_truncations (bytes, size, s_decode_return);
    free (bytes);
    //  Items must follow each other; kinds are [a-z_]
    answer.count = 2;
    answer.items [1] = (imi_link_item_t) { 7, 1000, "", (const uint8_t *) "c", 1 };
    assert (imi_link_return_encode (&answer, &bytes, &size) == -1);
    answer.items [1].seq = 6;
    snprintf (answer.items [1].refused, sizeof answer.items [1].refused, "Bad");
    assert (imi_link_return_encode (&answer, &bytes, &size) == -1);
    answer.items [1].refused [0] = 0;
    assert (imi_link_return_encode (&answer, &bytes, &size) == 0);
    free (bytes);
    static const uint8_t gap [] = {
        0x95, 0x01, 0x00, 0x00, 0x92, 0x94, 0x05, 0x00, 0xa0, 0xc4, 0x00,
        0x94, 0x07, 0x00, 0xa0, 0xc4, 0x00, 0xc2 };
    assert (imi_link_return_decode (&decoded, gap, sizeof gap) == -2 && decoded.count == 0);
    static const uint8_t empty [] = { 0x95, 0x02, 0x00, 0x00, 0x90, 0xc2 };
    assert (imi_link_return_decode (&decoded, empty, sizeof empty) == 0 && decoded.count == 0
            && decoded.step == 2);
    static const uint8_t step_zero_answer [] = { 0x95, 0x00, 0x00, 0x00, 0x90, 0xc2 };
    assert (imi_link_return_decode (&decoded, step_zero_answer, sizeof step_zero_answer) == -2);
    answer.step = 0;
    assert (imi_link_return_encode (&answer, &bytes, &size) == -1);
    printf ("OK\n");
}
