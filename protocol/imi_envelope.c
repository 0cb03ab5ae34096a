/*  imi_envelope: seal, decode, verify and open envelopes. See imi_envelope.h
    and PROTOCOL.md.

    An envelope is decoded twice: the outer array gives the header as a bin,
    and those exact bytes are decoded again as the header array. The view
    keeps pointers to both, so verification always runs over the bytes that
    arrived. Decoding checks everything that needs no key: shape, types,
    the protocol version, a known type, well-formed state codes, and that
    the sequence number agrees with the type (sequenced types count from 1,
    the others carry 0). Verifying needs the sender's public key; opening
    needs the key shared with the sender.
*/
#include "imi_envelope.h"
#include "imi_codec.h"
#include "imi_error.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

//  The largest header any node accepts; a real one is about 100 bytes.
#define S_HEADER_MAX_BYTES  512
#define S_HEADER_FIELDS     8

//  Every message type: the table the rest of the code asks.
static const struct {
    uint32_t type;
    const char *name;
    int sequenced;              //  durable, receipted, applied exactly once
    int owned;                  //  its body's first item names the case, alert or
                                //  notification it belongs to
} s_types [] = {
    { IMI_TYPE_PING, "ping", 0, 0 },
    { IMI_TYPE_PONG, "pong", 0, 0 },
    { IMI_TYPE_RECEIPT, "receipt", 0, 0 },
    { IMI_TYPE_TEXT, "text", 1, 0 },
    { IMI_TYPE_MANIFEST, "manifest", 0, 0 },
    { IMI_TYPE_DIR_PUSH, "dir_push", 1, 0 },
    { IMI_TYPE_DIR_FRONTIER, "dir_frontier", 0, 0 },
    { IMI_TYPE_DIR_ENTRIES, "dir_entries", 0, 0 },
    { IMI_TYPE_CASE_EVENT, "case_event", 1, 1 },
    { IMI_TYPE_CASE_PART, "case_part", 1, 1 },
    { IMI_TYPE_AUDIT_CHECKPOINT, "audit_checkpoint", 0, 0 },
    { IMI_TYPE_AUDIT_COSIGNATURE, "audit_cosignature", 0, 0 },
    { IMI_TYPE_AUDIT_GOSSIP, "audit_gossip", 0, 0 },
    { IMI_TYPE_ALERT_EVENT, "alert_event", 1, 1 },
    { IMI_TYPE_NOTIFICATION_EVENT, "notification_event", 1, 1 },
    { IMI_TYPE_LINK_STATE, "link_state", 0, 0 },
    { IMI_TYPE_LINK_RETURN, "link_return", 0, 0 },
};
_Static_assert (sizeof s_types / sizeof s_types [0] == IMI_TYPE_LIMIT - 1,
                "every message type has a row");

#define S_TYPE_COUNT (sizeof s_types / sizeof s_types [0])

//  True if type is sequenced.
int
imi_message_type_sequenced (uint32_t type)
{
    for (size_t index = 0; index < S_TYPE_COUNT; index++)
        if (s_types [index].type == type)
            return s_types [index].sequenced;
    return 0;
}

//  True if type's body starts with the id of what it belongs to.
int
imi_message_type_owned (uint32_t type)
{
    for (size_t index = 0; index < S_TYPE_COUNT; index++)
        if (s_types [index].type == type)
            return s_types [index].owned;
    return 0;
}

//  Name of a type for logs.
const char *
imi_message_type_name (uint32_t type)
{
    for (size_t index = 0; index < S_TYPE_COUNT; index++)
        if (s_types [index].type == type)
            return s_types [index].name;
    return "unknown";
}

//  The checks the header's fields must pass whether we built it or received
//  it. Returns 0, or -2 with a reason.
static int
s_header_valid (const imi_header_t *header)
{
    if (header->version < IMI_PROTOCOL_VERSION_MIN || header->version > IMI_PROTOCOL_VERSION)
        return imi_error_malformed ("unsupported protocol version %u", header->version);
    if (strcmp (imi_message_type_name (header->type), "unknown") == 0)
        return imi_error_malformed ("header.type: unknown message type %u", header->type);
    if (!imi_state_code_valid (header->from))
        return imi_error_malformed ("header.from: not a state code");
    if (!imi_state_code_valid (header->to))
        return imi_error_malformed ("header.to: not a state code");
    if (imi_message_type_sequenced (header->type) && header->seq == 0)
        return imi_error_malformed ("header.seq: a %s message needs a sequence number",
                                    imi_message_type_name (header->type));
    if (!imi_message_type_sequenced (header->type) && header->seq != 0)
        return imi_error_malformed ("header.seq: a %s message is not sequenced",
                                    imi_message_type_name (header->type));
    return 0;
}

static uint8_t *
s_header_encode (const imi_header_t *header, size_t *size)
{
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, S_HEADER_FIELDS);
    imi_writer_uint (&writer, header->version);
    imi_writer_uint (&writer, header->type);
    imi_writer_bin (&writer, header->message_id, IMI_MESSAGE_ID_BYTES);
    imi_writer_str (&writer, header->from);
    imi_writer_str (&writer, header->to);
    imi_writer_uint (&writer, header->seq);
    imi_writer_uint (&writer, header->timestamp_ms);
    imi_writer_bin (&writer, header->body_hash, IMI_HASH_BYTES);
    uint8_t *bytes = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    return bytes;
}

//  Seal the body, hash it, encode and sign the header, encode the envelope.
int
imi_envelope_seal (uint8_t **out, size_t *out_size, imi_header_t *header,
                   const uint8_t *plain, size_t plain_size,
                   const uint8_t shared [IMI_BOX_SHARED_BYTES],
                   const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES],
                   const uint8_t nonce [IMI_BOX_NONCE_BYTES])
{
    *out = NULL;
    *out_size = 0;
    if (s_header_valid (header))
        return imi_error_wrap ("sealing an envelope");
    if (plain_size > IMI_BODY_MAX_BYTES)
        return imi_error_set ("sealing an envelope: body of %zu bytes exceeds %d",
                              plain_size, IMI_BODY_MAX_BYTES);
    int rc = -1;
    size_t body_size = plain_size + IMI_BOX_OVERHEAD;
    uint8_t *body = (uint8_t *) malloc (body_size);
    size_t header_size = 0;
    uint8_t *header_bytes = NULL;
    if (!body) {
        imi_error_set ("out of memory sealing an envelope");
        goto cleanup;
    }
    imi_box_seal (body, plain, plain_size, nonce, shared);
    imi_hash (header->body_hash, body, body_size);
    header_bytes = s_header_encode (header, &header_size);
    if (!header_bytes)
        goto cleanup;
    uint8_t signature [IMI_SIGNATURE_BYTES];
    if (imi_sign (signature, IMI_ENVELOPE_SIGN_CONTEXT, header_bytes, header_size,
                  sign_secret))
        goto cleanup;
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 3);
    imi_writer_bin (&writer, header_bytes, header_size);
    imi_writer_bin (&writer, body, body_size);
    imi_writer_bin (&writer, signature, IMI_SIGNATURE_BYTES);
    *out = imi_writer_take (&writer, out_size);
    imi_writer_cleanup (&writer);
    rc = *out? 0: -1;
cleanup:
    free (header_bytes);
    free (body);
    return rc;
}

//  Decode the header bytes into header. 0, or -2 with *fault set.
static int
s_header_decode (imi_header_t *header, const uint8_t *data, size_t size,
                 imi_envelope_fault_t *fault)
{
    memset (header, 0, sizeof *header);
    *fault = IMI_ENVELOPE_MALFORMED;
    imi_reader_t reader;
    int rc = imi_reader_open (&reader, data, size, S_HEADER_MAX_BYTES);
    if (rc)
        goto cleanup;
    //  The version comes first and is checked first, so that a newer peer
    //  gets "unsupported protocol version" and not a complaint about shape.
    const msgpack_object *fields;
    uint32_t count;
    uint64_t version, type;
    if ((rc = imi_object_array_range (&reader.root, "header", 1, UINT32_MAX, &fields, &count))
    ||  (rc = imi_object_uint (&fields [0], "header.version", UINT32_MAX, &version)))
        goto cleanup;
    if (version < IMI_PROTOCOL_VERSION_MIN || version > IMI_PROTOCOL_VERSION) {
        *fault = IMI_ENVELOPE_UNSUPPORTED_VERSION;
        rc = imi_error_malformed ("unsupported protocol version %u", (unsigned) version);
        goto cleanup;
    }
    if ((rc = imi_object_array (&reader.root, "header", S_HEADER_FIELDS, &fields))
    ||  (rc = imi_object_uint (&fields [1], "header.type", UINT32_MAX, &type))
    ||  (rc = imi_object_bin_fixed (&fields [2], "header.message_id", header->message_id,
                                    IMI_MESSAGE_ID_BYTES))
    ||  (rc = imi_object_str (&fields [3], "header.from", 2, header->from, sizeof header->from))
    ||  (rc = imi_object_str (&fields [4], "header.to", 2, header->to, sizeof header->to))
    ||  (rc = imi_object_uint (&fields [5], "header.seq", UINT64_MAX, &header->seq))
    ||  (rc = imi_object_uint (&fields [6], "header.timestamp_ms", UINT64_MAX,
                               &header->timestamp_ms))
    ||  (rc = imi_object_bin_fixed (&fields [7], "header.body_hash", header->body_hash,
                                    IMI_HASH_BYTES)))
        goto cleanup;
    header->version = (uint32_t) version;
    header->type = (uint32_t) type;
    rc = s_header_valid (header);
    //  The version is right by now, so an unknown type is what failed.
    if (rc && strcmp (imi_message_type_name (header->type), "unknown") == 0)
        *fault = IMI_ENVELOPE_UNKNOWN_TYPE;
cleanup:
    imi_reader_close (&reader);
    return rc;
}

int
imi_envelope_header_decode (imi_header_t *header, const uint8_t *data, size_t size)
{
    imi_envelope_fault_t fault;
    return s_header_decode (header, data, size, &fault);
}

//  Decode the outer array, then the header inside it.
int
imi_envelope_decode (imi_envelope_view_t *view, const uint8_t *data, size_t size)
{
    memset (view, 0, sizeof *view);
    imi_envelope_fault_t fault = IMI_ENVELOPE_MALFORMED;
    imi_reader_t reader;
    int rc = imi_reader_open (&reader, data, size, IMI_ENVELOPE_MAX_BYTES);
    if (rc)
        goto cleanup;
    const msgpack_object *parts;
    size_t signature_size;
    if ((rc = imi_object_array (&reader.root, "envelope", 3, &parts))
    ||  (rc = imi_object_bin (&parts [0], "envelope.header", S_HEADER_MAX_BYTES,
                              &view->header_bytes, &view->header_size))
    ||  (rc = imi_object_bin (&parts [1], "envelope.body", IMI_BODY_MAX_BYTES + IMI_BOX_OVERHEAD,
                              &view->body, &view->body_size))
    ||  (rc = imi_object_bin (&parts [2], "envelope.signature", IMI_SIGNATURE_BYTES,
                              &view->signature, &signature_size)))
        goto cleanup;
    if (signature_size != IMI_SIGNATURE_BYTES) {
        rc = imi_error_malformed ("envelope.signature: expected %d bytes, got %zu",
                                  IMI_SIGNATURE_BYTES, signature_size);
        goto cleanup;
    }
    if (view->body_size < IMI_BOX_OVERHEAD) {
        rc = imi_error_malformed ("envelope.body: %zu bytes is shorter than a sealed box",
                                  view->body_size);
        goto cleanup;
    }
    rc = s_header_decode (&view->header, view->header_bytes, view->header_size, &fault);
cleanup:
    imi_reader_close (&reader);
    if (rc) {
        memset (view, 0, sizeof *view);
        view->fault = fault;
    }
    return rc;
}

int
imi_envelope_resign (uint8_t *data, size_t size,
                     const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES])
{
    imi_envelope_view_t view;
    if (imi_envelope_decode (&view, data, size))
        return -2;
    //  The view points into data: the signature is the envelope's last item.
    uint8_t *signature = data + (view.signature - data);
    return imi_sign (signature, IMI_ENVELOPE_SIGN_CONTEXT, view.header_bytes, view.header_size,
                     sign_secret);
}

//  Signature over the header bytes, then the body against the signed hash.
int
imi_envelope_verify (const imi_envelope_view_t *view,
                     const uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES])
{
    if (imi_verify (view->signature, IMI_ENVELOPE_SIGN_CONTEXT, view->header_bytes,
                    view->header_size, sign_public))
        return imi_error_set ("signature does not verify");
    uint8_t body_hash [IMI_HASH_BYTES];
    imi_hash (body_hash, view->body, view->body_size);
    if (!imi_equal (body_hash, view->header.body_hash, IMI_HASH_BYTES))
        return imi_error_set ("body hash does not match");
    return 0;
}

//  Decrypt the sealed body.
int
imi_envelope_open (const imi_envelope_view_t *view,
                   const uint8_t shared [IMI_BOX_SHARED_BYTES],
                   uint8_t **plain, size_t *plain_size)
{
    *plain = NULL;
    *plain_size = 0;
    if (view->body_size < IMI_BOX_OVERHEAD)
        return imi_error_set ("body is shorter than a sealed box");
    size_t size = view->body_size - IMI_BOX_OVERHEAD;
    uint8_t *opened = (uint8_t *) malloc (size? size: 1);
    if (!opened)
        return imi_error_set ("out of memory opening a body of %zu bytes", size);
    if (imi_box_open (opened, view->body, view->body_size, shared)) {
        free (opened);
        return imi_error_set ("body does not authenticate");
    }
    *plain = opened;
    *plain_size = size;
    return 0;
}

//  SHA-256 of the signed header bytes.
void
imi_envelope_header_hash (const imi_envelope_view_t *view, uint8_t out [IMI_HASH_BYTES])
{
    imi_hash (out, view->header_bytes, view->header_size);
}

//  ---- self test ----

typedef struct {
    uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES];
    uint8_t sign_secret [IMI_SIGN_SECRET_BYTES];
    uint8_t curve_public [IMI_BOX_PUBLIC_BYTES];
    uint8_t curve_secret [IMI_BOX_SECRET_BYTES];
} s_node_keys_t;

static void
s_node_keys (s_node_keys_t *keys)
{
    imi_sign_keypair (keys->sign_public, keys->sign_secret);
    imi_box_keypair (keys->curve_public, keys->curve_secret);
}

static void
s_test_header (imi_header_t *header, uint32_t type, uint64_t seq)
{
    memset (header, 0, sizeof *header);
    header->version = IMI_PROTOCOL_VERSION;
    header->type = type;
    imi_random (header->message_id, IMI_MESSAGE_ID_BYTES);
    strcpy (header->from, "DE");
    strcpy (header->to, "FR");
    header->seq = seq;
    header->timestamp_ms = 1700000000123ULL;
}

//  Re-encode a header array with one field replaced by raw msgpack bytes,
//  wrap it in an envelope with a valid-looking body and signature, and
//  return decode's result.
static int
s_decode_with_header (const uint8_t *header_bytes, size_t header_size,
                      imi_envelope_fault_t *fault)
{
    uint8_t filler [IMI_BOX_OVERHEAD + IMI_SIGNATURE_BYTES] = { 0 };
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 3);
    imi_writer_bin (&writer, header_bytes, header_size);
    imi_writer_bin (&writer, filler, IMI_BOX_OVERHEAD);
    imi_writer_bin (&writer, filler, IMI_SIGNATURE_BYTES);
    size_t size;
    uint8_t *bytes = imi_writer_take (&writer, &size);
    assert (bytes);
    imi_writer_cleanup (&writer);
    imi_envelope_view_t view;
    int rc = imi_envelope_decode (&view, bytes, size);
    free (bytes);
    *fault = view.fault;
    return rc;
}

static void
s_test_bad_headers (const imi_header_t *good)
{
    static const struct {
        uint32_t version;
        uint32_t type;
        const char *from;
        uint64_t seq;
        const char *reason;
        imi_envelope_fault_t fault;
    } cases [] = {
        { 3, IMI_TYPE_TEXT, "DE", 1, "unsupported protocol version 3",
          IMI_ENVELOPE_UNSUPPORTED_VERSION },
        { 0, IMI_TYPE_TEXT, "DE", 1, "unsupported protocol version 0",
          IMI_ENVELOPE_UNSUPPORTED_VERSION },
        { 1, 0, "DE", 1, "header.type: unknown message type 0", IMI_ENVELOPE_UNKNOWN_TYPE },
        { 1, IMI_TYPE_LIMIT, "DE", 0, "header.type: unknown message type",
          IMI_ENVELOPE_UNKNOWN_TYPE },
        { 1, IMI_TYPE_TEXT, "de", 1, "header.from: not a state code", IMI_ENVELOPE_MALFORMED },
        { 1, IMI_TYPE_TEXT, "D", 1, "header.from: not a state code", IMI_ENVELOPE_MALFORMED },
        { 1, IMI_TYPE_TEXT, "D1", 1, "header.from: not a state code", IMI_ENVELOPE_MALFORMED },
        { 1, IMI_TYPE_TEXT, "DE", 0, "header.seq: a text message needs a sequence number",
          IMI_ENVELOPE_MALFORMED },
        { 1, IMI_TYPE_PING, "DE", 5, "header.seq: a ping message is not sequenced",
          IMI_ENVELOPE_MALFORMED },
    };
    imi_envelope_fault_t fault;
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        imi_header_t header = *good;
        header.version = cases [index].version;
        header.type = cases [index].type;
        strcpy (header.from, cases [index].from);
        header.seq = cases [index].seq;
        size_t size;
        uint8_t *bytes = s_header_encode (&header, &size);
        assert (bytes);
        assert (s_decode_with_header (bytes, size, &fault) == -2);
        assert (strstr (imi_error_last (), cases [index].reason));
        assert (fault == cases [index].fault);
        free (bytes);
    }
    //  A version-3 header of another shape still gets the version reason.
    uint8_t future [] = { 0x92, 0x03, 0xc0 };
    assert (s_decode_with_header (future, sizeof future, &fault) == -2);
    assert (strcmp (imi_error_last (), "unsupported protocol version 3") == 0);
    assert (fault == IMI_ENVELOPE_UNSUPPORTED_VERSION);
    //  Versions 1 and 2 both decode: a version 2 node still talks to version 1 peers.
    for (uint32_t version = IMI_PROTOCOL_VERSION_MIN; version <= IMI_PROTOCOL_VERSION; version++) {
        imi_header_t header = *good;
        header.version = version;
        size_t size;
        uint8_t *bytes = s_header_encode (&header, &size);
        imi_header_t back;
        assert (bytes && imi_envelope_header_decode (&back, bytes, size) == 0);
        assert (back.version == version);
        free (bytes);
    }
    //  Wrong shapes and types, field by field.
    static const struct {
        const char *hex;
        const char *reason;
    } shapes [] = {
        { "c0", "header: expected an array, got nil" },
        { "90", "header: 0 items" },
        { "9101", "header: expected 8 items, got 1" },
        { "91ff", "header.version: expected an unsigned integer, got a negative integer" },
        { "98" "01" "a104" "c40100" "a2" "4445" "a2" "4652" "01" "01" "c40100",
          "header.type: expected an unsigned integer, got a string" },
        { "98" "01" "04" "c40100" "a2" "4445" "a2" "4652" "01" "01" "c40100",
          "header.message_id: expected 16 bytes, got 1" },
    };
    for (size_t index = 0; index < sizeof shapes / sizeof shapes [0]; index++) {
        uint8_t bytes [64];
        size_t size = strlen (shapes [index].hex) / 2;
        assert (imi_hex_decode (bytes, size, shapes [index].hex) == 0);
        assert (s_decode_with_header (bytes, size, &fault) == -2);
        assert (strstr (imi_error_last (), shapes [index].reason));
        assert (fault == IMI_ENVELOPE_MALFORMED);
    }
}

static void
s_test_round_trip (const s_node_keys_t *alice, const s_node_keys_t *bob)
{
    uint8_t alice_shared [IMI_BOX_SHARED_BYTES], bob_shared [IMI_BOX_SHARED_BYTES];
    assert (imi_box_shared_key (alice_shared, bob->curve_public, alice->curve_secret) == 0);
    assert (imi_box_shared_key (bob_shared, alice->curve_public, bob->curve_secret) == 0);
    imi_header_t header;
    s_test_header (&header, IMI_TYPE_TEXT, 42);
    const char *text = "Bonjour, Berlin";
    uint8_t *bytes;
    size_t size;
    assert (imi_envelope_seal (&bytes, &size, &header, (const uint8_t *) text, strlen (text),
                               alice_shared, alice->sign_secret, NULL) == 0);
    //  The outer shape by the msgpack spec: fixarray 3, then a bin8 header.
    assert (bytes [0] == 0x93 && bytes [1] == 0xc4);

    imi_envelope_view_t view;
    assert (imi_envelope_decode (&view, bytes, size) == 0);
    assert (view.header.version == IMI_PROTOCOL_VERSION);
    assert (view.header.type == IMI_TYPE_TEXT);
    assert (memcmp (view.header.message_id, header.message_id, IMI_MESSAGE_ID_BYTES) == 0);
    assert (strcmp (view.header.from, "DE") == 0 && strcmp (view.header.to, "FR") == 0);
    assert (view.header.seq == 42 && view.header.timestamp_ms == 1700000000123ULL);
    assert (memcmp (view.header.body_hash, header.body_hash, IMI_HASH_BYTES) == 0);
    //  The header alone, as the audit log keeps it, decodes to the same fields.
    imi_header_t alone;
    assert (imi_envelope_header_decode (&alone, view.header_bytes, view.header_size) == 0);
    assert (memcmp (&alone, &view.header, sizeof alone) == 0);
    assert (imi_envelope_header_decode (&alone, view.header_bytes, view.header_size - 1) == -2);
    //  The view points into the input, at the bytes that were signed.
    assert (view.header_bytes > bytes && view.header_bytes + view.header_size < bytes + size);
    assert (view.body_size == strlen (text) + IMI_BOX_OVERHEAD);
    assert (view.signature + IMI_SIGNATURE_BYTES == bytes + size);
    assert (imi_envelope_verify (&view, alice->sign_public) == 0);
    uint8_t *plain;
    size_t plain_size;
    assert (imi_envelope_open (&view, bob_shared, &plain, &plain_size) == 0);
    assert (plain_size == strlen (text) && memcmp (plain, text, plain_size) == 0);
    free (plain);
    uint8_t header_hash [IMI_HASH_BYTES], expected [IMI_HASH_BYTES];
    imi_envelope_header_hash (&view, header_hash);
    imi_hash (expected, view.header_bytes, view.header_size);
    assert (memcmp (header_hash, expected, IMI_HASH_BYTES) == 0);

    //  Wrong keys: another signer, another shared key.
    assert (imi_envelope_verify (&view, bob->sign_public) == -1);
    assert (strcmp (imi_error_last (), "signature does not verify") == 0);
    uint8_t wrong_shared [IMI_BOX_SHARED_BYTES];
    assert (imi_box_shared_key (wrong_shared, bob->curve_public, bob->curve_secret) == 0);
    assert (imi_envelope_open (&view, wrong_shared, &plain, &plain_size) == -1);
    assert (plain == NULL);

    //  Signed again by another key (a rotation): the same header and body,
    //  so the same header hash; only the new key verifies it.
    uint8_t *resigned = (uint8_t *) malloc (size);
    assert (resigned);
    memcpy (resigned, bytes, size);
    assert (imi_envelope_resign (resigned, size, bob->sign_secret) == 0);
    assert (memcmp (resigned, bytes, size - IMI_SIGNATURE_BYTES) == 0);
    imi_envelope_view_t resigned_view;
    assert (imi_envelope_decode (&resigned_view, resigned, size) == 0);
    assert (imi_envelope_verify (&resigned_view, bob->sign_public) == 0);
    assert (imi_envelope_verify (&resigned_view, alice->sign_public) == -1);
    uint8_t resigned_hash [IMI_HASH_BYTES];
    imi_envelope_header_hash (&resigned_view, resigned_hash);
    imi_envelope_header_hash (&view, header_hash);
    assert (memcmp (resigned_hash, header_hash, IMI_HASH_BYTES) == 0);
    assert (imi_envelope_resign (resigned, size - 1, bob->sign_secret) == -2);
    free (resigned);

    //  Flip every bit of every byte in turn: decode, verify or open fails.
    uint8_t *copy = (uint8_t *) malloc (size);
    assert (copy);
    for (size_t offset = 0; offset < size; offset++) {
        for (int bit = 0; bit < 8; bit++) {
            memcpy (copy, bytes, size);
            copy [offset] ^= (uint8_t) (1 << bit);
            imi_envelope_view_t tampered;
            if (imi_envelope_decode (&tampered, copy, size) != 0)
                continue;
            if (imi_envelope_verify (&tampered, alice->sign_public) != 0)
                continue;
            //  Only the body's bytes can still be there; the hash catches them.
            assert (0);
        }
    }
    //  A body changed after signing: the hash catches it, open too.
    memcpy (copy, bytes, size);
    copy [size - IMI_SIGNATURE_BYTES - 3] ^= 1;
    assert (imi_envelope_decode (&view, copy, size) == 0);
    assert (imi_envelope_verify (&view, alice->sign_public) == -1);
    assert (strcmp (imi_error_last (), "body hash does not match") == 0);
    assert (imi_envelope_open (&view, bob_shared, &plain, &plain_size) == -1);

    //  Truncation at every offset, and one trailing byte.
    for (size_t cut = 0; cut < size; cut++)
        assert (imi_envelope_decode (&view, bytes, cut) == -2);
    uint8_t *longer = (uint8_t *) malloc (size + 1);
    assert (longer);
    memcpy (longer, bytes, size);
    longer [size] = 0xc0;
    assert (imi_envelope_decode (&view, longer, size + 1) == -2);
    assert (strstr (imi_error_last (), "trailing"));
    free (longer);
    free (copy);
    free (bytes);

    //  An empty body seals, and opens to zero bytes.
    s_test_header (&header, IMI_TYPE_PING, 0);
    assert (imi_envelope_seal (&bytes, &size, &header, NULL, 0, alice_shared,
                               alice->sign_secret, NULL) == 0);
    assert (imi_envelope_decode (&view, bytes, size) == 0);
    assert (imi_envelope_verify (&view, alice->sign_public) == 0);
    assert (imi_envelope_open (&view, bob_shared, &plain, &plain_size) == 0);
    assert (plain_size == 0);
    free (plain);
    free (bytes);

    //  Seal refuses what decode would refuse.
    s_test_header (&header, IMI_TYPE_TEXT, 0);
    assert (imi_envelope_seal (&bytes, &size, &header, NULL, 0, alice_shared,
                               alice->sign_secret, NULL) == -1);
    assert (bytes == NULL);
    s_test_header (&header, IMI_TYPE_TEXT, 1);
    assert (imi_envelope_seal (&bytes, &size, &header, NULL, IMI_BODY_MAX_BYTES + 1,
                               alice_shared, alice->sign_secret, NULL) == -1);
    //  The largest body round-trips.
    uint8_t *big = (uint8_t *) calloc (1, IMI_BODY_MAX_BYTES);
    assert (big);
    assert (imi_envelope_seal (&bytes, &size, &header, big, IMI_BODY_MAX_BYTES, alice_shared,
                               alice->sign_secret, NULL) == 0);
    assert (size <= IMI_ENVELOPE_MAX_BYTES);
    assert (imi_envelope_decode (&view, bytes, size) == 0);
    assert (imi_envelope_verify (&view, alice->sign_public) == 0);
    free (bytes);
    free (big);

    s_test_bad_headers (&header);
}

static void
s_test_outer_shape (void)
{
    static const struct {
        const char *hex;
        const char *reason;
    } cases [] = {
        { "92c400c400", "envelope: expected 3 items, got 2" },
        { "94c400c400c400c400", "envelope: expected 3 items, got 4" },
        { "93a0c400c400", "envelope.header: expected a bin, got a string" },
        { "93c400c400c400", "envelope.signature: expected 64 bytes, got 0" },
        { "dd00000003c400c400c400", "envelope.signature: expected 64 bytes, got 0" },
        { "ddffffffffc400c400c400", "claims 4294967295 items" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        uint8_t bytes [64];
        size_t size = strlen (cases [index].hex) / 2;
        assert (imi_hex_decode (bytes, size, cases [index].hex) == 0);
        imi_envelope_view_t view;
        assert (imi_envelope_decode (&view, bytes, size) == -2);
        assert (strstr (imi_error_last (), cases [index].reason));
    }
}

//  Self test: round trip, tampering at every byte, wrong keys, bad headers.
void
imi_envelope_test (void)
{
    assert (imi_message_type_sequenced (IMI_TYPE_TEXT));
    assert (!imi_message_type_sequenced (IMI_TYPE_PING));
    assert (!imi_message_type_sequenced (IMI_TYPE_RECEIPT));
    assert (!imi_message_type_sequenced (0));
    assert (strcmp (imi_message_type_name (IMI_TYPE_RECEIPT), "receipt") == 0);
    assert (strcmp (imi_message_type_name (999), "unknown") == 0);
    assert (imi_state_code_valid ("DE") && imi_state_code_valid ("NO"));
    assert (!imi_state_code_valid ("de") && !imi_state_code_valid ("D"));
    assert (!imi_state_code_valid ("DEU") && !imi_state_code_valid ("") && !imi_state_code_valid (NULL));

    s_node_keys_t alice, bob;
    s_node_keys (&alice);
    s_node_keys (&bob);
    s_test_round_trip (&alice, &bob);
    s_test_outer_shape ();
}
