/*  imi_body_delivery: encode and decode the plain bodies of PING, PONG,
    RECEIPT, TEXT and MANIFEST. See imi_body_delivery.h for the schemas.

    Each body is one msgpack array. Decoders run the strict reader (bounded
    size, no trailing bytes) and then check every field; encoders refuse
    what the decoders would refuse, so a node never sends a body its peers
    must reject.
*/
#include "imi_body_delivery.h"
#include "imi_error.h"
#include "imi_manifest.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
s_take (imi_writer_t *writer, uint8_t **out, size_t *size)
{
    *out = imi_writer_take (writer, size);
    imi_writer_cleanup (writer);
    return *out? 0: -1;
}

//  Encode a PING.
int
imi_ping_encode (const imi_ping_t *ping, uint8_t **out, size_t *size)
{
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 1);
    imi_writer_uint (&writer, ping->manifest_version);
    return s_take (&writer, out, size);
}

//  Encode a PONG.
int
imi_pong_encode (const imi_pong_t *pong, uint8_t **out, size_t *size)
{
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 2);
    imi_writer_bin (&writer, pong->ping_id, IMI_MESSAGE_ID_BYTES);
    imi_writer_uint (&writer, pong->manifest_version);
    return s_take (&writer, out, size);
}

//  The rules a receipt's numbers obey, on both sides of the wire.
static int
s_receipt_valid (uint64_t first_seq, uint64_t last_seq, uint64_t hash_count)
{
    if (first_seq < 1)
        return imi_error_malformed ("receipt.first_seq: must be at least 1");
    if (last_seq < first_seq)
        return imi_error_malformed ("receipt.last_seq: below first_seq");
    if (last_seq - first_seq >= IMI_RECEIPT_MAX_HASHES)
        return imi_error_malformed ("receipt: covers more than %d messages",
                                    IMI_RECEIPT_MAX_HASHES);
    if (hash_count != last_seq - first_seq + 1)
        return imi_error_malformed ("receipt.header_hashes: %llu hashes for %llu messages",
                                    (unsigned long long) hash_count,
                                    (unsigned long long) (last_seq - first_seq + 1));
    return 0;
}

//  The rules of a version 2 receipt's refusals: each seq in the range and
//  above the one before, a kind of 1 to 32 of [a-z_], a reason of UTF-8.
static int
s_refusal_valid (const imi_receipt_t *receipt, uint32_t index)
{
    const imi_refusal_t *refusal = &receipt->refused [index];
    if (refusal->seq < receipt->first_seq || refusal->seq > receipt->last_seq)
        return imi_error_malformed ("receipt.refused[%u].seq: %llu is outside %llu..%llu",
                                    index, (unsigned long long) refusal->seq,
                                    (unsigned long long) receipt->first_seq,
                                    (unsigned long long) receipt->last_seq);
    if (index > 0 && refusal->seq <= receipt->refused [index - 1].seq)
        return imi_error_malformed ("receipt.refused[%u].seq: not above the one before", index);
    size_t length = strnlen (refusal->kind, sizeof refusal->kind);
    bool kind = length >= 1 && length <= IMI_REFUSAL_KIND_MAX;
    for (size_t at = 0; kind && at < length; at++)
        kind = (refusal->kind [at] >= 'a' && refusal->kind [at] <= 'z') || refusal->kind [at] == '_';
    if (!kind)
        return imi_error_malformed ("receipt.refused[%u].kind: not 1 to %d of [a-z_]", index,
                                    IMI_REFUSAL_KIND_MAX);
    length = strnlen (refusal->reason, sizeof refusal->reason);
    if (length > IMI_REFUSAL_REASON_MAX
    ||  !imi_utf8_valid ((const uint8_t *) refusal->reason, length))
        return imi_error_malformed ("receipt.refused[%u].reason: not UTF-8 of at most %d bytes",
                                    index, IMI_REFUSAL_REASON_MAX);
    return 0;
}

//  Encode a RECEIPT in the schema of version; -1 if its numbers disagree.
int
imi_receipt_encode (const imi_receipt_t *receipt, uint32_t version, uint8_t **out,
                    size_t *size)
{
    *out = NULL;
    if (s_receipt_valid (receipt->first_seq, receipt->last_seq, receipt->hash_count))
        return imi_error_wrap ("encoding a receipt");
    if (version != 1 && version != 2)
        return imi_error_set ("encoding a receipt: no schema for version %u", version);
    if (version == 1 && receipt->refused_count)
        return imi_error_set ("encoding a receipt: version 1 cannot carry refusals");
    if (receipt->refused_count > receipt->hash_count)
        return imi_error_set ("encoding a receipt: more refusals than messages");
    for (uint32_t index = 0; index < receipt->refused_count; index++)
        if (s_refusal_valid (receipt, index))
            return imi_error_wrap ("encoding a receipt");
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, version == 1? 3: 4);
    imi_writer_uint (&writer, receipt->first_seq);
    imi_writer_uint (&writer, receipt->last_seq);
    imi_writer_array (&writer, receipt->hash_count);
    for (uint32_t index = 0; index < receipt->hash_count; index++)
        imi_writer_bin (&writer, receipt->hashes + (size_t) index * IMI_HASH_BYTES,
                        IMI_HASH_BYTES);
    if (version == 2) {
        imi_writer_array (&writer, receipt->refused_count);
        for (uint32_t index = 0; index < receipt->refused_count; index++) {
            const imi_refusal_t *refusal = &receipt->refused [index];
            imi_writer_array (&writer, 3);
            imi_writer_uint (&writer, refusal->seq);
            imi_writer_str (&writer, refusal->kind);
            imi_writer_str (&writer, refusal->reason);
        }
    }
    return s_take (&writer, out, size);
}

//  Encode a TEXT; -1 if the text is too long or not UTF-8.
int
imi_text_encode (const char *text, uint8_t **out, size_t *size)
{
    *out = NULL;
    size_t length = strlen (text);
    if (length > IMI_TEXT_MAX_BYTES)
        return imi_error_set ("text of %zu bytes exceeds %d", length, IMI_TEXT_MAX_BYTES);
    if (!imi_utf8_valid ((const uint8_t *) text, length))
        return imi_error_set ("text is not valid UTF-8");
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 1);
    imi_writer_str_n (&writer, text, length);
    return s_take (&writer, out, size);
}

//  Encode a MANIFEST body around an encoded manifest.
int
imi_manifest_body_encode (const uint8_t *manifest, size_t manifest_size,
                          uint8_t **out, size_t *size)
{
    *out = NULL;
    if (manifest_size > IMI_MANIFEST_MAX_BYTES)
        return imi_error_set ("manifest of %zu bytes exceeds %d", manifest_size,
                              IMI_MANIFEST_MAX_BYTES);
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 1);
    imi_writer_bin (&writer, manifest, manifest_size);
    return s_take (&writer, out, size);
}

//  Open a body that must be an array of count items.
static int
s_open (imi_reader_t *reader, const char *field, uint32_t count,
        const msgpack_object **items, const uint8_t *data, size_t size)
{
    int rc = imi_reader_open (reader, data, size, IMI_BODY_MAX_BYTES);
    if (rc == 0)
        rc = imi_object_array (&reader->root, field, count, items);
    return rc;
}

//  Decode a PING.
int
imi_ping_decode (imi_ping_t *ping, const uint8_t *data, size_t size)
{
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = s_open (&reader, "ping", 1, &items, data, size);
    if (rc == 0)
        rc = imi_object_uint (&items [0], "ping.manifest_version", UINT64_MAX,
                              &ping->manifest_version);
    imi_reader_close (&reader);
    return rc;
}

//  Decode a PONG.
int
imi_pong_decode (imi_pong_t *pong, const uint8_t *data, size_t size)
{
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = s_open (&reader, "pong", 2, &items, data, size);
    if (rc == 0)
        rc = imi_object_bin_fixed (&items [0], "pong.ping_id", pong->ping_id,
                                   IMI_MESSAGE_ID_BYTES);
    if (rc == 0)
        rc = imi_object_uint (&items [1], "pong.manifest_version", UINT64_MAX,
                              &pong->manifest_version);
    imi_reader_close (&reader);
    return rc;
}

//  Decode the refusals of a version 2 receipt into a fresh array.
static int
s_refusals_decode (imi_receipt_t *receipt, const msgpack_object *object)
{
    const msgpack_object *rows;
    uint32_t count;
    int rc = imi_object_array_range (object, "receipt.refused", 0, receipt->hash_count, &rows,
                                     &count);
    if (rc || count == 0)
        return rc;
    imi_refusal_t *refused = (imi_refusal_t *) calloc (count, sizeof *refused);
    if (!refused)
        return imi_error_set ("out of memory decoding a receipt");
    receipt->refused = refused;
    receipt->refused_count = count;
    for (uint32_t index = 0; index < count && rc == 0; index++) {
        const msgpack_object *fields;
        char path [48];
        snprintf (path, sizeof path, "receipt.refused[%u]", index);
        if ((rc = imi_object_array (&rows [index], path, 3, &fields)))
            break;
        snprintf (path, sizeof path, "receipt.refused[%u].seq", index);
        rc = imi_object_uint (&fields [0], path, UINT64_MAX, &refused [index].seq);
        snprintf (path, sizeof path, "receipt.refused[%u].kind", index);
        if (rc == 0)
            rc = imi_object_str (&fields [1], path, IMI_REFUSAL_KIND_MAX, refused [index].kind,
                                 sizeof refused [index].kind);
        snprintf (path, sizeof path, "receipt.refused[%u].reason", index);
        if (rc == 0)
            rc = imi_object_str (&fields [2], path, IMI_REFUSAL_REASON_MAX,
                                 refused [index].reason, sizeof refused [index].reason);
        if (rc == 0)
            rc = s_refusal_valid (receipt, index);
    }
    return rc;
}

//  Decode a RECEIPT of version; hashes and refusals are copied out.
int
imi_receipt_decode (imi_receipt_t *receipt, uint32_t version, const uint8_t *data,
                    size_t size)
{
    memset (receipt, 0, sizeof *receipt);
    if (version != 1 && version != 2)
        return imi_error_malformed ("receipt: no schema for version %u", version);
    imi_reader_t reader;
    const msgpack_object *items, *hashes;
    uint32_t count = 0;
    uint8_t *copy = NULL;
    int rc = s_open (&reader, "receipt", version == 1? 3: 4, &items, data, size);
    if (rc
    || (rc = imi_object_uint (&items [0], "receipt.first_seq", UINT64_MAX, &receipt->first_seq))
    || (rc = imi_object_uint (&items [1], "receipt.last_seq", UINT64_MAX, &receipt->last_seq))
    || (rc = imi_object_array_range (&items [2], "receipt.header_hashes", 1,
                                     IMI_RECEIPT_MAX_HASHES, &hashes, &count))
    || (rc = s_receipt_valid (receipt->first_seq, receipt->last_seq, count)))
        goto cleanup;
    copy = (uint8_t *) malloc ((size_t) count * IMI_HASH_BYTES);
    if (!copy) {
        rc = imi_error_set ("out of memory decoding a receipt");
        goto cleanup;
    }
    for (uint32_t index = 0; index < count && rc == 0; index++)
        rc = imi_object_bin_fixed (&hashes [index], "receipt.header_hashes[]",
                                   copy + (size_t) index * IMI_HASH_BYTES, IMI_HASH_BYTES);
    receipt->hash_count = count;
    receipt->hashes = copy;
    if (rc == 0 && version == 2)
        rc = s_refusals_decode (receipt, &items [3]);
cleanup:
    imi_reader_close (&reader);
    if (rc) {
        if (!receipt->hashes)
            free (copy);
        imi_receipt_cleanup (receipt);
        return rc;
    }
    return 0;
}

//  Free a decoded receipt's hashes and refusals; safe twice.
void
imi_receipt_cleanup (imi_receipt_t *receipt)
{
    free ((void *) receipt->hashes);
    free ((void *) receipt->refused);
    receipt->hashes = NULL;
    receipt->hash_count = 0;
    receipt->refused = NULL;
    receipt->refused_count = 0;
}

//  Decode a TEXT into a fresh NUL-terminated string.
int
imi_text_decode (char **text, const uint8_t *data, size_t size)
{
    *text = NULL;
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = s_open (&reader, "text", 1, &items, data, size);
    if (rc == 0) {
        char *copy = (char *) malloc (IMI_TEXT_MAX_BYTES + 1);
        if (!copy)
            rc = imi_error_set ("out of memory decoding a text");
        else
        if ((rc = imi_object_str (&items [0], "text.text", IMI_TEXT_MAX_BYTES, copy,
                                  IMI_TEXT_MAX_BYTES + 1)))
            free (copy);
        else
            *text = copy;
    }
    imi_reader_close (&reader);
    return rc;
}

//  Decode a MANIFEST body; the manifest stays in data.
int
imi_manifest_body_decode (const uint8_t **manifest, size_t *manifest_size,
                          const uint8_t *data, size_t size)
{
    *manifest = NULL;
    *manifest_size = 0;
    imi_reader_t reader;
    const msgpack_object *items;
    int rc = s_open (&reader, "manifest_body", 1, &items, data, size);
    if (rc == 0)
        rc = imi_object_bin (&items [0], "manifest_body.manifest", IMI_MANIFEST_MAX_BYTES,
                             manifest, manifest_size);
    imi_reader_close (&reader);
    return rc;
}

//  ---- self test ----

static int
s_decode_ping (const uint8_t *data, size_t size)
{
    imi_ping_t ping;
    return imi_ping_decode (&ping, data, size);
}

static int
s_decode_pong (const uint8_t *data, size_t size)
{
    imi_pong_t pong;
    return imi_pong_decode (&pong, data, size);
}

static int
s_decode_receipt_version (uint32_t version, const uint8_t *data, size_t size)
{
    imi_receipt_t receipt;
    int rc = imi_receipt_decode (&receipt, version, data, size);
    imi_receipt_cleanup (&receipt);
    return rc;
}

static int
s_decode_receipt (const uint8_t *data, size_t size)
{
    return s_decode_receipt_version (1, data, size);
}

static int
s_decode_receipt_v2 (const uint8_t *data, size_t size)
{
    return s_decode_receipt_version (2, data, size);
}

static int
s_decode_text (const uint8_t *data, size_t size)
{
    char *text;
    int rc = imi_text_decode (&text, data, size);
    free (text);
    return rc;
}

static int
s_decode_manifest_body (const uint8_t *data, size_t size)
{
    const uint8_t *manifest;
    size_t manifest_size;
    return imi_manifest_body_decode (&manifest, &manifest_size, data, size);
}

static int
s_decode_hex (int (*decode) (const uint8_t *data, size_t size), const char *hex)
{
    uint8_t bytes [512];
    size_t size = strlen (hex) / 2;
    assert (size <= sizeof bytes);
    assert (imi_hex_decode (bytes, size, hex) == 0);
    return decode (bytes, size);
}

static void
s_test_ping_pong (void)
{
    imi_ping_t ping = { 7 }, ping_back;
    uint8_t *bytes;
    size_t size;
    assert (imi_ping_encode (&ping, &bytes, &size) == 0);
    assert (size == 2 && bytes [0] == 0x91 && bytes [1] == 0x07);
    assert (imi_ping_decode (&ping_back, bytes, size) == 0);
    assert (ping_back.manifest_version == 7);
    imi_codec_test_truncations (bytes, size, s_decode_ping);
    free (bytes);
    assert (s_decode_hex (s_decode_ping, "91ff") == -2);
    assert (strstr (imi_error_last (), "ping.manifest_version"));
    assert (s_decode_hex (s_decode_ping, "920101") == -2);

    imi_pong_t pong, pong_back;
    imi_random (pong.ping_id, sizeof pong.ping_id);
    pong.manifest_version = UINT64_MAX;
    assert (imi_pong_encode (&pong, &bytes, &size) == 0);
    assert (imi_pong_decode (&pong_back, bytes, size) == 0);
    assert (memcmp (pong_back.ping_id, pong.ping_id, IMI_MESSAGE_ID_BYTES) == 0);
    assert (pong_back.manifest_version == UINT64_MAX);
    imi_codec_test_truncations (bytes, size, s_decode_pong);
    free (bytes);
    assert (s_decode_hex (s_decode_pong, "92c4020102" "01") == -2);
    assert (strstr (imi_error_last (), "pong.ping_id: expected 16 bytes"));
}

static void
s_test_receipt (void)
{
    uint8_t hashes [3 * IMI_HASH_BYTES];
    imi_random (hashes, sizeof hashes);
    imi_receipt_t receipt = { 5, 7, 3, hashes, 0, NULL }, back;
    uint8_t *bytes;
    size_t size;
    assert (imi_receipt_encode (&receipt, 1, &bytes, &size) == 0);
    assert (imi_receipt_decode (&back, 1, bytes, size) == 0);
    assert (back.first_seq == 5 && back.last_seq == 7 && back.hash_count == 3);
    assert (memcmp (back.hashes, hashes, sizeof hashes) == 0);
    imi_receipt_cleanup (&back);
    imi_receipt_cleanup (&back);
    imi_codec_test_truncations (bytes, size, s_decode_receipt);
    free (bytes);

    //  Encoders refuse inconsistent receipts.
    imi_receipt_t bad = { 0, 2, 3, hashes, 0, NULL };
    assert (imi_receipt_encode (&bad, 1, &bytes, &size) == -1);
    bad = (imi_receipt_t) { 3, 2, 0, hashes, 0, NULL };
    assert (imi_receipt_encode (&bad, 1, &bytes, &size) == -1);
    bad = (imi_receipt_t) { 1, 3, 2, hashes, 0, NULL };
    assert (imi_receipt_encode (&bad, 1, &bytes, &size) == -1);

    //  Decoders too: seq 0, reversed range, count mismatch, wrong hash size,
    //  a range far larger than any receipt.
    const char *hash = "c420" "0000000000000000000000000000000000000000000000000000000000000000";
    char hex [256];
    snprintf (hex, sizeof hex, "93" "00" "00" "91%s", hash);
    assert (s_decode_hex (s_decode_receipt, hex) == -2);
    assert (strstr (imi_error_last (), "receipt.first_seq"));
    snprintf (hex, sizeof hex, "93" "02" "01" "91%s", hash);
    assert (s_decode_hex (s_decode_receipt, hex) == -2);
    assert (strstr (imi_error_last (), "receipt.last_seq"));
    snprintf (hex, sizeof hex, "93" "01" "02" "91%s", hash);
    assert (s_decode_hex (s_decode_receipt, hex) == -2);
    assert (strstr (imi_error_last (), "1 hashes for 2 messages"));
    snprintf (hex, sizeof hex, "93" "01" "cfffffffffffffffff" "91%s", hash);
    assert (s_decode_hex (s_decode_receipt, hex) == -2);
    assert (s_decode_hex (s_decode_receipt, "93" "01" "01" "91" "c40100") == -2);
    assert (strstr (imi_error_last (), "receipt.header_hashes[]: expected 32 bytes"));
    assert (s_decode_hex (s_decode_receipt, "93" "01" "01" "90") == -2);
    snprintf (hex, sizeof hex, "93" "01" "01" "91%s", hash);
    assert (s_decode_hex (s_decode_receipt, hex) == 0);
}

//  Version 2: the refused messages of the range, with kind and reason.
static void
s_test_receipt_v2 (void)
{
    //  Known answer: seq 5 and 6, hashes 11.. and 22.., seq 6 refused.
    uint8_t hashes [2 * IMI_HASH_BYTES];
    memset (hashes, 0x11, IMI_HASH_BYTES);
    memset (hashes + IMI_HASH_BYTES, 0x22, IMI_HASH_BYTES);
    imi_refusal_t refused [2] = {
        { 6, "malformed", "text.text: not valid UTF-8" },
    };
    imi_receipt_t receipt = { 5, 6, 2, hashes, 1, refused }, back;
    const char *expected =
        "94" "05" "06" "92"
        "c420" "1111111111111111111111111111111111111111111111111111111111111111"
        "c420" "2222222222222222222222222222222222222222222222222222222222222222"
        "91" "93" "06" "a9" "6d616c666f726d6564"
        "ba" "746578742e746578743a206e6f742076616c6964205554462d38";
    uint8_t *bytes;
    size_t size;
    assert (imi_receipt_encode (&receipt, 2, &bytes, &size) == 0);
    char hex [512];
    assert (size * 2 < sizeof hex);
    imi_hex_encode (hex, bytes, size);
    assert (strcmp (hex, expected) == 0);
    assert (imi_receipt_decode (&back, 2, bytes, size) == 0);
    assert (back.first_seq == 5 && back.last_seq == 6 && back.hash_count == 2);
    assert (memcmp (back.hashes, hashes, sizeof hashes) == 0);
    assert (back.refused_count == 1 && back.refused [0].seq == 6);
    assert (strcmp (back.refused [0].kind, "malformed") == 0);
    assert (strcmp (back.refused [0].reason, "text.text: not valid UTF-8") == 0);
    imi_receipt_cleanup (&back);
    imi_receipt_cleanup (&back);
    imi_codec_test_truncations (bytes, size, s_decode_receipt_v2);
    //  A version 2 body is not a version 1 body, nor the other way round.
    assert (imi_receipt_decode (&back, 1, bytes, size) == -2);
    assert (strstr (imi_error_last (), "receipt: expected 3 items, got 4"));
    free (bytes);
    assert (imi_receipt_encode (&receipt, 1, &bytes, &size) == -1);
    assert (strstr (imi_error_last (), "version 1 cannot carry refusals"));
    receipt.refused_count = 0;
    assert (imi_receipt_encode (&receipt, 1, &bytes, &size) == 0);
    assert (imi_receipt_decode (&back, 2, bytes, size) == -2);
    free (bytes);
    //  Nothing refused: an empty list.
    assert (imi_receipt_encode (&receipt, 2, &bytes, &size) == 0);
    assert (size == 73 && bytes [0] == 0x94 && bytes [72] == 0x90);
    assert (imi_receipt_decode (&back, 2, bytes, size) == 0 && back.refused_count == 0);
    imi_receipt_cleanup (&back);
    free (bytes);
    assert (imi_receipt_encode (&receipt, 3, &bytes, &size) == -1);
    assert (s_decode_receipt_version (3, (const uint8_t *) "\x93", 1) == -2);

    //  Refusals outside the range, out of order, badly named: refused both ways.
    static const struct {
        uint64_t seq [2];
        uint32_t count;
        const char *kind;
        const char *reason;
    } cases [] = {
        { { 4 }, 1, "malformed", "receipt.refused[0].seq: 4 is outside 5..6" },
        { { 7 }, 1, "malformed", "receipt.refused[0].seq: 7 is outside 5..6" },
        { { 6, 5 }, 2, "malformed", "receipt.refused[1].seq: not above the one before" },
        { { 6, 6 }, 2, "malformed", "receipt.refused[1].seq: not above the one before" },
        { { 6 }, 1, "Malformed", "receipt.refused[0].kind: not 1 to 32 of [a-z_]" },
        { { 6 }, 1, "", "receipt.refused[0].kind: not 1 to 32 of [a-z_]" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        refused [0] = (imi_refusal_t) { .seq = cases [index].seq [0] };
        refused [1] = (imi_refusal_t) { .seq = cases [index].seq [1] };
        snprintf (refused [0].kind, sizeof refused [0].kind, "%s", cases [index].kind);
        snprintf (refused [1].kind, sizeof refused [1].kind, "body");
        receipt.refused_count = cases [index].count;
        assert (imi_receipt_encode (&receipt, 2, &bytes, &size) == -1);
        assert (strstr (imi_error_last (), cases [index].reason));
        //  The same, written by hand, for the decoder.
        imi_writer_t writer;
        imi_writer_init (&writer);
        imi_writer_array (&writer, 4);
        imi_writer_uint (&writer, 5);
        imi_writer_uint (&writer, 6);
        imi_writer_array (&writer, 2);
        imi_writer_bin (&writer, hashes, IMI_HASH_BYTES);
        imi_writer_bin (&writer, hashes + IMI_HASH_BYTES, IMI_HASH_BYTES);
        imi_writer_array (&writer, cases [index].count);
        for (uint32_t at = 0; at < cases [index].count; at++) {
            imi_writer_array (&writer, 3);
            imi_writer_uint (&writer, refused [at].seq);
            imi_writer_str (&writer, refused [at].kind);
            imi_writer_str (&writer, "why");
        }
        bytes = imi_writer_take (&writer, &size);
        imi_writer_cleanup (&writer);
        assert (bytes);
        assert (s_decode_receipt_v2 (bytes, size) == -2);
        if (!strstr (imi_error_last (), cases [index].reason)) {
            fprintf (stderr, "receipt case %zu: expected '%s', got '%s'\n", index,
                     cases [index].reason, imi_error_last ());
            assert (0);
        }
        free (bytes);
    }
    //  A reason of 257 bytes; more refusals than messages.
    const char *reason_hex = "93" "06" "a4" "626f6479" "da0101";
    char long_hex [1024];
    int length = snprintf (long_hex, sizeof long_hex, "94" "05" "06" "92" "c420%064d" "c420%064d"
                           "91%s", 0, 0, reason_hex);
    for (int index = 0; index < 257; index++)
        length += snprintf (long_hex + length, sizeof long_hex - (size_t) length, "78");
    uint8_t *long_bytes = malloc (strlen (long_hex) / 2);
    assert (long_bytes && imi_hex_decode (long_bytes, strlen (long_hex) / 2, long_hex) == 0);
    assert (s_decode_receipt_v2 (long_bytes, strlen (long_hex) / 2) == -2);
    assert (strstr (imi_error_last (), "receipt.refused[0].reason: 257 bytes exceeds"));
    free (long_bytes);
    char many [512];
    snprintf (many, sizeof many, "94" "05" "05" "91" "c420%064d" "92" "9305a162a0" "9305a162a0", 0);
    assert (s_decode_hex (s_decode_receipt_v2, many) == -2);
    assert (strstr (imi_error_last (), "receipt.refused: 2 items, expected 0 to 1"));
}

static void
s_test_text (void)
{
    uint8_t *bytes;
    size_t size;
    char *text;
    assert (imi_text_encode ("Grüß Gott", &bytes, &size) == 0);
    assert (imi_text_decode (&text, bytes, size) == 0);
    assert (strcmp (text, "Grüß Gott") == 0);
    free (text);
    imi_codec_test_truncations (bytes, size, s_decode_text);
    free (bytes);
    assert (imi_text_encode ("", &bytes, &size) == 0);
    assert (imi_text_decode (&text, bytes, size) == 0 && strcmp (text, "") == 0);
    free (text);
    free (bytes);

    char *longest = (char *) malloc (IMI_TEXT_MAX_BYTES + 2);
    assert (longest);
    memset (longest, 'x', IMI_TEXT_MAX_BYTES + 1);
    longest [IMI_TEXT_MAX_BYTES + 1] = 0;
    assert (imi_text_encode (longest, &bytes, &size) == -1);
    longest [IMI_TEXT_MAX_BYTES] = 0;
    assert (imi_text_encode (longest, &bytes, &size) == 0);
    assert (imi_text_decode (&text, bytes, size) == 0);
    assert (strlen (text) == IMI_TEXT_MAX_BYTES);
    free (text);
    free (bytes);
    free (longest);
    assert (imi_text_encode ("\xc0\x80", &bytes, &size) == -1);
    assert (s_decode_hex (s_decode_text, "91a2c080") == -2);
    assert (strstr (imi_error_last (), "text.text: not valid UTF-8"));
    assert (s_decode_hex (s_decode_text, "91c401" "61") == -2);
    assert (s_decode_hex (s_decode_text, "91da1001") == -2);
}

static void
s_test_manifest_body (void)
{
    uint8_t manifest [] = { 0x92, 0xc4, 0x00, 0x90 };
    uint8_t *bytes;
    size_t size;
    assert (imi_manifest_body_encode (manifest, sizeof manifest, &bytes, &size) == 0);
    const uint8_t *back;
    size_t back_size;
    assert (imi_manifest_body_decode (&back, &back_size, bytes, size) == 0);
    assert (back_size == sizeof manifest && memcmp (back, manifest, back_size) == 0);
    assert (back > bytes && back + back_size == bytes + size);
    imi_codec_test_truncations (bytes, size, s_decode_manifest_body);
    free (bytes);
    assert (s_decode_hex (s_decode_manifest_body, "91a0") == -2);
    assert (strstr (imi_error_last (), "manifest_body.manifest: expected a bin"));
}

//  Self test: round trips, truncations, trailing bytes, field checks.
void
imi_body_delivery_test (void)
{
    s_test_ping_pong ();
    s_test_receipt ();
    s_test_receipt_v2 ();
    s_test_text ();
    s_test_manifest_body ();
}
