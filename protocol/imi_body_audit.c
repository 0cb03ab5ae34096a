/*  imi_body_audit: audit log leaves and witnessing bodies. */
#include "imi_body_audit.h"
#include "imi_error.h"
#include "imi_keys.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static int
s_take (imi_writer_t *writer, uint8_t **out, size_t *size)
{
    *out = imi_writer_take (writer, size);
    imi_writer_cleanup (writer);
    return *out? 0: -1;
}

//  A text field: valid UTF-8, at most maximum bytes.
static int
s_check_text (const char *text, size_t maximum, const char *field)
{
    size_t length = strlen (text);
    if (length > maximum)
        return imi_error_malformed ("%s: %zu bytes exceeds %zu", field, length, maximum);
    if (!imi_utf8_valid ((const uint8_t *) text, length))
        return imi_error_malformed ("%s: not valid UTF-8", field);
    return 0;
}

int
imi_leaf_envelope_encode (uint32_t kind, const char *peer, const imi_envelope_view_t *view,
                          const char *note, uint8_t **out, size_t *size)
{
    *out = NULL;
    if (kind != IMI_LEAF_SENT && kind != IMI_LEAF_RECEIVED)
        return imi_error_malformed ("leaf.kind: %u is not an envelope leaf", kind);
    if (!imi_state_code_valid (peer))
        return imi_error_malformed ("leaf.peer: '%s' is not a state code", peer);
    if (view->header_size > IMI_LEAF_HEADER_MAX)
        return imi_error_malformed ("leaf.header: %zu bytes exceeds %d", view->header_size,
                                    IMI_LEAF_HEADER_MAX);
    //  A reason longer than the leaf holds is cut at a character boundary.
    char cut [IMI_LEAF_NOTE_MAX + 1] = "";
    if (note) {
        size_t length = strlen (note);
        if (length > IMI_LEAF_NOTE_MAX) {
            length = IMI_LEAF_NOTE_MAX;
            while (length > 0 && (note [length] & 0xC0) == 0x80)
                length--;
        }
        memcpy (cut, note, length);
        cut [length] = 0;
        if (s_check_text (cut, IMI_LEAF_NOTE_MAX, "leaf.note"))
            return -2;
    }
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 5);
    imi_writer_uint (&writer, kind);
    imi_writer_str (&writer, peer);
    imi_writer_bin (&writer, view->header_bytes, view->header_size);
    imi_writer_bin (&writer, view->signature, IMI_SIGNATURE_BYTES);
    imi_writer_str (&writer, cut);
    return s_take (&writer, out, size);
}

int
imi_leaf_local_encode (uint64_t at_ms, const char *event, const char *detail, uint8_t **out,
                       size_t *size)
{
    *out = NULL;
    if (!*event || s_check_text (event, IMI_LEAF_EVENT_MAX, "leaf.event")
    ||  s_check_text (detail, IMI_LEAF_DETAIL_MAX, "leaf.detail"))
        return imi_error_malformed ("%s", *event? imi_error_last (): "leaf.event: empty");
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 4);
    imi_writer_uint (&writer, IMI_LEAF_LOCAL);
    imi_writer_uint (&writer, at_ms);
    imi_writer_str (&writer, event);
    imi_writer_str (&writer, detail);
    return s_take (&writer, out, size);
}

int
imi_leaf_decode (imi_leaf_t *leaf, const uint8_t *data, size_t size)
{
    memset (leaf, 0, sizeof *leaf);
    imi_reader_t reader;
    const msgpack_object *items;
    uint32_t count;
    uint64_t kind = 0;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0)
        rc = imi_object_array_range (&reader.root, "leaf", 4, 5, &items, &count);
    if (rc == 0)
        rc = imi_object_uint (&items [0], "leaf.kind", IMI_LEAF_LOCAL, &kind);
    if (rc == 0 && (kind == IMI_LEAF_SENT || kind == IMI_LEAF_RECEIVED)) {
        const uint8_t *signature;
        size_t signature_size;
        if (count != 5)
            rc = imi_error_malformed ("leaf: an envelope leaf has 5 items, not %u", count);
        if (rc == 0)
            rc = imi_object_str (&items [1], "leaf.peer", 2, leaf->peer, sizeof leaf->peer);
        if (rc == 0 && !imi_state_code_valid (leaf->peer))
            rc = imi_error_malformed ("leaf.peer: '%s' is not a state code", leaf->peer);
        if (rc == 0)
            rc = imi_object_bin (&items [2], "leaf.header", IMI_LEAF_HEADER_MAX, &leaf->header,
                                 &leaf->header_size);
        if (rc == 0)
            rc = imi_object_bin (&items [3], "leaf.signature", IMI_SIGNATURE_BYTES, &signature,
                                 &signature_size);
        if (rc == 0 && signature_size != IMI_SIGNATURE_BYTES)
            rc = imi_error_malformed ("leaf.signature: %zu bytes, not %d", signature_size,
                                      IMI_SIGNATURE_BYTES);
        if (rc == 0)
            leaf->signature = signature;
        if (rc == 0)
            rc = imi_object_str (&items [4], "leaf.note", IMI_LEAF_NOTE_MAX, leaf->note,
                                 sizeof leaf->note);
    }
    else
    if (rc == 0 && kind == IMI_LEAF_LOCAL) {
        if (count != 4)
            rc = imi_error_malformed ("leaf: a local leaf has 4 items, not %u", count);
        if (rc == 0)
            rc = imi_object_time (&items [1], "leaf.at_ms", &leaf->at_ms);
        if (rc == 0)
            rc = imi_object_str (&items [2], "leaf.event", IMI_LEAF_EVENT_MAX, leaf->event,
                                 sizeof leaf->event);
        if (rc == 0 && !*leaf->event)
            rc = imi_error_malformed ("leaf.event: empty");
        if (rc == 0)
            rc = imi_object_str (&items [3], "leaf.detail", IMI_LEAF_DETAIL_MAX, leaf->detail,
                                 sizeof leaf->detail);
    }
    else
    if (rc == 0)
        rc = imi_error_malformed ("leaf.kind: %llu is not a leaf kind",
                                  (unsigned long long) kind);
    imi_reader_close (&reader);
    if (rc == 0)
        leaf->kind = (uint32_t) kind;
    //  Pointers into data stay valid: the reader points bins into its input.
    return rc;
}

//  ---------------------------------------------------------------------------
//  Witnessing bodies

int
imi_audit_checkpoint_encode (const char *note, uint64_t old_size, const uint8_t *proof,
                             size_t count, uint8_t **out, size_t *size)
{
    *out = NULL;
    if (count > IMI_AUDIT_PROOF_MAX || s_check_text (note, IMI_AUDIT_NOTE_MAX, "checkpoint.note"))
        return imi_error_malformed ("%s", count > IMI_AUDIT_PROOF_MAX
                                    ? "checkpoint.proof: too many hashes": imi_error_last ());
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 3);
    imi_writer_str (&writer, note);
    imi_writer_uint (&writer, old_size);
    imi_writer_array (&writer, (uint32_t) count);
    for (size_t index = 0; index < count; index++)
        imi_writer_bin (&writer, proof + index * IMI_HASH_BYTES, IMI_HASH_BYTES);
    return s_take (&writer, out, size);
}

int
imi_audit_checkpoint_decode (char **note, uint64_t *old_size,
                             uint8_t proof [IMI_AUDIT_PROOF_MAX][IMI_HASH_BYTES], size_t *count,
                             const uint8_t *data, size_t size)
{
    *note = NULL;
    imi_reader_t reader;
    const msgpack_object *items, *hashes;
    uint32_t hash_count = 0;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0)
        rc = imi_object_array (&reader.root, "checkpoint", 3, &items);
    if (rc == 0)
        rc = imi_object_uint (&items [1], "checkpoint.old_size", UINT64_MAX, old_size);
    if (rc == 0)
        rc = imi_object_array_range (&items [2], "checkpoint.proof", 0, IMI_AUDIT_PROOF_MAX,
                                     &hashes, &hash_count);
    for (uint32_t index = 0; rc == 0 && index < hash_count; index++)
        rc = imi_object_bin_fixed (&hashes [index], "checkpoint.proof[]", proof [index],
                                   IMI_HASH_BYTES);
    if (rc == 0)
        rc = imi_object_str_copy (&items [0], "checkpoint.note", IMI_AUDIT_NOTE_MAX, note);
    imi_reader_close (&reader);
    *count = hash_count;
    return rc;
}

int
imi_audit_cosignature_encode (uint64_t size, const char *line, uint8_t **out, size_t *out_size)
{
    *out = NULL;
    if (s_check_text (line, IMI_AUDIT_NOTE_MAX, "cosignature.line"))
        return -2;
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 2);
    imi_writer_uint (&writer, size);
    imi_writer_str (&writer, line);
    return s_take (&writer, out, out_size);
}

int
imi_audit_cosignature_decode (uint64_t *size, char **line, const uint8_t *data, size_t data_size)
{
    *line = NULL;
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = imi_reader_open (&reader, data, data_size, IMI_BODY_MAX_BYTES);
    if (rc == 0)
        rc = imi_object_array (&reader.root, "cosignature", 2, &items);
    if (rc == 0)
        rc = imi_object_uint (&items [0], "cosignature.size", UINT64_MAX, size);
    if (rc == 0)
        rc = imi_object_str_copy (&items [1], "cosignature.line", IMI_AUDIT_NOTE_MAX, line);
    imi_reader_close (&reader);
    return rc;
}

int
imi_audit_gossip_encode (const char *note, uint8_t **out, size_t *size)
{
    *out = NULL;
    if (s_check_text (note, IMI_AUDIT_NOTE_MAX, "gossip.note"))
        return -2;
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 1);
    imi_writer_str (&writer, note);
    return s_take (&writer, out, size);
}

int
imi_audit_gossip_decode (char **note, const uint8_t *data, size_t size)
{
    *note = NULL;
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = imi_reader_open (&reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0)
        rc = imi_object_array (&reader.root, "gossip", 1, &items);
    if (rc == 0)
        rc = imi_object_str_copy (&items [0], "gossip.note", IMI_AUDIT_NOTE_MAX, note);
    imi_reader_close (&reader);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Self test

static int
s_decode_leaf (const uint8_t *data, size_t size)
{
    imi_leaf_t leaf;
    return imi_leaf_decode (&leaf, data, size);
}

void
imi_body_audit_test (void)
{
    //  An envelope leaf keeps the header and signature, byte for byte
    uint8_t header [40], signature [IMI_SIGNATURE_BYTES];
    for (size_t index = 0; index < sizeof header; index++)
        header [index] = (uint8_t) index;
    memset (signature, 0xA5, sizeof signature);
    imi_envelope_view_t view = { .header_bytes = header, .header_size = sizeof header,
                                 .signature = signature };
    uint8_t *bytes;
    size_t size;
    assert (imi_leaf_envelope_encode (IMI_LEAF_RECEIVED, "FR", &view, "not applied", &bytes,
                                      &size) == 0);
    imi_leaf_t leaf;
    assert (imi_leaf_decode (&leaf, bytes, size) == 0);
    assert (leaf.kind == IMI_LEAF_RECEIVED && strcmp (leaf.peer, "FR") == 0);
    assert (leaf.header_size == sizeof header && memcmp (leaf.header, header, sizeof header) == 0);
    assert (memcmp (leaf.signature, signature, sizeof signature) == 0);
    assert (strcmp (leaf.note, "not applied") == 0);
    imi_codec_test_truncations (bytes, size, s_decode_leaf);
    free (bytes);
    assert (imi_leaf_envelope_encode (IMI_LEAF_LOCAL, "FR", &view, NULL, &bytes, &size) == -2);
    assert (imi_leaf_envelope_encode (IMI_LEAF_SENT, "XX1", &view, NULL, &bytes, &size) == -2);

    //  A local leaf
    assert (imi_leaf_local_encode (1700000000000, "user.added", "name=anna authority=DE:x",
                                   &bytes, &size) == 0);
    assert (imi_leaf_decode (&leaf, bytes, size) == 0);
    assert (leaf.kind == IMI_LEAF_LOCAL && leaf.at_ms == 1700000000000);
    assert (strcmp (leaf.event, "user.added") == 0);
    assert (strcmp (leaf.detail, "name=anna authority=DE:x") == 0);
    free (bytes);
    assert (imi_leaf_local_encode (1, "", "x", &bytes, &size) == -2);

    //  Witnessing bodies round trip
    uint8_t proof [3][IMI_HASH_BYTES];
    memset (proof, 7, sizeof proof);
    const char *note = "federated-imi/test/DE\n12\nAAAA\n\n";
    assert (imi_audit_checkpoint_encode (note, 9, proof [0], 3, &bytes, &size) == 0);
    char *text;
    uint64_t old_size;
    uint8_t got [IMI_AUDIT_PROOF_MAX][IMI_HASH_BYTES];
    size_t count;
    assert (imi_audit_checkpoint_decode (&text, &old_size, got, &count, bytes, size) == 0);
    assert (strcmp (text, note) == 0 && old_size == 9 && count == 3);
    assert (memcmp (got, proof, sizeof proof) == 0);
    free (text);
    free (bytes);
    assert (imi_audit_cosignature_encode (12, "— FR abc", &bytes, &size) == 0);
    assert (imi_audit_cosignature_decode (&old_size, &text, bytes, size) == 0);
    assert (old_size == 12 && strcmp (text, "— FR abc") == 0);
    free (text);
    free (bytes);
    assert (imi_audit_gossip_encode (note, &bytes, &size) == 0);
    assert (imi_audit_gossip_decode (&text, bytes, size) == 0 && strcmp (text, note) == 0);
    free (text);
    free (bytes);

    //  Malformed input
    static const uint8_t not_a_leaf [] = { 0x93, 0x07, 0x01, 0x02 };
    assert (imi_leaf_decode (&leaf, not_a_leaf, sizeof not_a_leaf) == -2);
    static const uint8_t short_signature [] = { 0x95, 0x01, 0xA2, 'F', 'R', 0xC4, 0x01, 0x00,
                                                0xC4, 0x01, 0x00, 0xA0 };
    assert (imi_leaf_decode (&leaf, short_signature, sizeof short_signature) == -2);
    assert (imi_audit_gossip_decode (&text, not_a_leaf, sizeof not_a_leaf) == -2 && !text);
}
