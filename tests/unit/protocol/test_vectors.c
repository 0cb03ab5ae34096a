/*  Known-answer tests for the wire formats: tests/vectors/envelope.txt and
    tests/vectors/manifest.txt.

    Each file lists fixed inputs (Ed25519 seeds, X25519 secrets, nonce,
    message id, timestamp, plain body) and the exact bytes they must
    produce, one "name = value" per line ('#' starts a comment). Ed25519
    signatures are deterministic, so the whole envelope is reproducible.
    The expected bytes were generated once by this code; to keep them from
    being purely self-referential, the header and manifest layouts are also
    checked here against the msgpack specification, byte by byte. A mismatch
    prints the computed value, for review.
*/
#include "imi_body_delivery.h"
#include "imi_crypto.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_manifest.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_MAX_ENTRIES 64
#define S_MAX_LINE    4096

typedef struct {
    size_t count;
    char *names [S_MAX_ENTRIES];
    char *values [S_MAX_ENTRIES];
} s_vector_t;

static int s_failures = 0;

static void
s_vector_load (s_vector_t *vector, const char *file)
{
    char path [512];
    snprintf (path, sizeof path, "%s/%s", IMI_TEST_VECTORS, file);
    FILE *handle = fopen (path, "r");
    if (!handle) {
        fprintf (stderr, "test_vectors: cannot open %s\n", path);
        exit (1);
    }
    memset (vector, 0, sizeof *vector);
    char line [S_MAX_LINE];
    while (fgets (line, sizeof line, handle)) {
        line [strcspn (line, "\r\n")] = 0;
        if (line [0] == '#' || line [0] == 0)
            continue;
        char *equals = strstr (line, " = ");
        assert (equals && vector->count < S_MAX_ENTRIES);
        *equals = 0;
        vector->names [vector->count] = strdup (line);
        vector->values [vector->count] = strdup (equals + 3);
        assert (vector->names [vector->count] && vector->values [vector->count]);
        vector->count++;
    }
    fclose (handle);
}

static void
s_vector_free (s_vector_t *vector)
{
    for (size_t index = 0; index < vector->count; index++) {
        free (vector->names [index]);
        free (vector->values [index]);
    }
}

static const char *
s_text (s_vector_t *vector, const char *name)
{
    for (size_t index = 0; index < vector->count; index++)
        if (strcmp (vector->names [index], name) == 0)
            return vector->values [index];
    fprintf (stderr, "test_vectors: the vector file has no '%s'\n", name);
    exit (1);
}

static void
s_bytes (s_vector_t *vector, const char *name, uint8_t *out, size_t size)
{
    const char *text = s_text (vector, name);
    if (!text || imi_hex_decode (out, size, text) != 0) {
        fprintf (stderr, "test_vectors: %s must be %zu bytes of hex\n", name, size);
        exit (1);
    }
}

static uint64_t
s_number (s_vector_t *vector, const char *name)
{
    const char *text = s_text (vector, name);
    assert (text);
    return strtoull (text, NULL, 10);
}

//  Compare computed bytes with the vector's; on mismatch print them.
static void
s_expect (s_vector_t *vector, const char *name, const uint8_t *data, size_t size)
{
    char *hex = (char *) malloc (2 * size + 1);
    assert (hex);
    imi_hex_encode (hex, data, size);
    const char *expected = s_text (vector, name);
    if (!expected || strcmp (expected, hex) != 0) {
        fprintf (stderr, "test_vectors: %s differs; computed:\n%s = %s\n", name, name, hex);
        s_failures++;
    }
    free (hex);
}

//  The header's layout by the msgpack spec, independent of our encoder.
static void
s_check_header_layout (const uint8_t *envelope, const imi_header_t *header)
{
    const uint8_t *byte = envelope;
    assert (*byte++ == 0x93);                   //  fixarray of 3
    assert (*byte++ == 0xc4);                   //  bin8: the header
    assert (*byte++ == 71);                     //  its size, summed below
    assert (*byte++ == 0x98);                   //  fixarray of 8
    assert (*byte++ == 0x01);                   //  version 1, positive fixint
    assert (*byte++ == header->type);           //  type, positive fixint
    assert (*byte++ == 0xc4 && *byte++ == 16);  //  message_id: bin8 of 16
    assert (memcmp (byte, header->message_id, 16) == 0);
    byte += 16;
    assert (*byte++ == 0xa2);                   //  from: fixstr of 2
    assert (byte [0] == header->from [0] && byte [1] == header->from [1]);
    byte += 2;
    assert (*byte++ == 0xa2);                   //  to: fixstr of 2
    assert (byte [0] == header->to [0] && byte [1] == header->to [1]);
    byte += 2;
    assert (header->seq < 128 && *byte++ == header->seq);      //  seq, positive fixint
    assert (*byte++ == 0xcf);                   //  timestamp_ms: uint64, big-endian
    for (int shift = 56; shift >= 0; shift -= 8)
        assert (*byte++ == (uint8_t) (header->timestamp_ms >> shift));
    assert (*byte++ == 0xc4 && *byte++ == 32);  //  body_hash: bin8 of 32
    byte += 32;
    //  1 + 1 + 1 + 18 + 3 + 3 + 1 + 9 + 34 = 71 bytes of header.
    assert (byte - envelope == 3 + 71);
}

static void
s_test_envelope (void)
{
    s_vector_t vector;
    s_vector_load (&vector, "envelope.txt");
    uint8_t sender_seed [IMI_SIGN_SEED_BYTES], sender_curve [IMI_BOX_SECRET_BYTES];
    uint8_t recipient_curve [IMI_BOX_SECRET_BYTES], nonce [IMI_BOX_NONCE_BYTES];
    s_bytes (&vector, "sender_sign_seed", sender_seed, sizeof sender_seed);
    s_bytes (&vector, "sender_curve_secret", sender_curve, sizeof sender_curve);
    s_bytes (&vector, "recipient_curve_secret", recipient_curve, sizeof recipient_curve);
    s_bytes (&vector, "nonce", nonce, sizeof nonce);

    uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES], sign_secret [IMI_SIGN_SECRET_BYTES];
    imi_sign_keypair_from_seed (sign_public, sign_secret, sender_seed);
    s_expect (&vector, "sender_sign_public", sign_public, sizeof sign_public);
    uint8_t sender_public [IMI_BOX_PUBLIC_BYTES], recipient_public [IMI_BOX_PUBLIC_BYTES];
    imi_box_public_from_secret (sender_public, sender_curve);
    imi_box_public_from_secret (recipient_public, recipient_curve);
    s_expect (&vector, "sender_curve_public", sender_public, sizeof sender_public);
    s_expect (&vector, "recipient_curve_public", recipient_public, sizeof recipient_public);
    uint8_t sender_shared [IMI_BOX_SHARED_BYTES], recipient_shared [IMI_BOX_SHARED_BYTES];
    assert (imi_box_shared_key (sender_shared, recipient_public, sender_curve) == 0);
    assert (imi_box_shared_key (recipient_shared, sender_public, recipient_curve) == 0);

    //  The plain body: a TEXT, itself a known answer.
    const char *text = s_text (&vector, "text");
    assert (text);
    uint8_t *plain;
    size_t plain_size;
    assert (imi_text_encode (text, &plain, &plain_size) == 0);
    s_expect (&vector, "plain", plain, plain_size);
    assert (plain [0] == 0x91 && plain [1] == 0xa0 + strlen (text));   //  [ fixstr ]

    imi_header_t header;
    memset (&header, 0, sizeof header);
    header.version = (uint32_t) s_number (&vector, "version");
    header.type = (uint32_t) s_number (&vector, "type");
    s_bytes (&vector, "message_id", header.message_id, sizeof header.message_id);
    snprintf (header.from, sizeof header.from, "%s", s_text (&vector, "from"));
    snprintf (header.to, sizeof header.to, "%s", s_text (&vector, "to"));
    header.seq = s_number (&vector, "seq");
    header.timestamp_ms = s_number (&vector, "timestamp_ms");

    uint8_t *envelope;
    size_t envelope_size;
    assert (imi_envelope_seal (&envelope, &envelope_size, &header, plain, plain_size,
                               sender_shared, sign_secret, nonce) == 0);
    s_expect (&vector, "body_hash", header.body_hash, IMI_HASH_BYTES);
    s_expect (&vector, "envelope", envelope, envelope_size);
    s_check_header_layout (envelope, &header);
    //  Then the body, bin8 of nonce || ciphertext, and the signature, bin8 of 64.
    assert (envelope [3 + 71] == 0xc4 && envelope [3 + 71 + 1] == plain_size + IMI_BOX_OVERHEAD);
    assert (memcmp (envelope + 3 + 71 + 2, nonce, IMI_BOX_NONCE_BYTES) == 0);
    size_t signature_at = envelope_size - IMI_SIGNATURE_BYTES;
    assert (envelope [signature_at - 2] == 0xc4 && envelope [signature_at - 1] == 64);
    assert (signature_at - 2 == 3 + 71 + 2 + plain_size + IMI_BOX_OVERHEAD);

    //  Decoding the expected bytes gives back every input.
    uint8_t expected [1024];
    const char *expected_hex = s_text (&vector, "envelope");
    assert (expected_hex && strlen (expected_hex) / 2 <= sizeof expected);
    size_t expected_size = strlen (expected_hex) / 2;
    assert (imi_hex_decode (expected, expected_size, expected_hex) == 0);
    imi_envelope_view_t view;
    assert (imi_envelope_decode (&view, expected, expected_size) == 0);
    assert (imi_envelope_verify (&view, sign_public) == 0);
    assert (view.header.version == header.version && view.header.type == header.type);
    assert (memcmp (view.header.message_id, header.message_id, IMI_MESSAGE_ID_BYTES) == 0);
    assert (strcmp (view.header.from, header.from) == 0);
    assert (strcmp (view.header.to, header.to) == 0);
    assert (view.header.seq == header.seq && view.header.timestamp_ms == header.timestamp_ms);
    uint8_t header_hash [IMI_HASH_BYTES];
    imi_envelope_header_hash (&view, header_hash);
    s_expect (&vector, "header_hash", header_hash, IMI_HASH_BYTES);
    uint8_t *opened;
    size_t opened_size;
    assert (imi_envelope_open (&view, recipient_shared, &opened, &opened_size) == 0);
    assert (opened_size == plain_size && memcmp (opened, plain, plain_size) == 0);
    char *decoded_text;
    assert (imi_text_decode (&decoded_text, opened, opened_size) == 0);
    assert (strcmp (decoded_text, text) == 0);
    free (decoded_text);
    free (opened);
    free (envelope);
    free (plain);
    s_vector_free (&vector);
}

static void
s_test_manifest (void)
{
    s_vector_t vector;
    s_vector_load (&vector, "manifest.txt");
    uint8_t governance_seed [IMI_SIGN_SEED_BYTES];
    uint8_t governance_public [IMI_SIGN_PUBLIC_BYTES], governance_secret [IMI_SIGN_SECRET_BYTES];
    s_bytes (&vector, "governance_sign_seed", governance_seed, sizeof governance_seed);
    imi_sign_keypair_from_seed (governance_public, governance_secret, governance_seed);
    s_expect (&vector, "governance_sign_public", governance_public, sizeof governance_public);

    const char *federation = s_text (&vector, "federation");
    assert (federation);
    imi_manifest_t *manifest = imi_manifest_new (federation);
    assert (manifest);
    size_t node_count = s_number (&vector, "node_count");
    for (size_t index = 0; index < node_count; index++) {
        char name [64];
        imi_manifest_node_t node;
        memset (&node, 0, sizeof node);
        snprintf (name, sizeof name, "node%zu_state", index);
        snprintf (node.state, sizeof node.state, "%s", s_text (&vector, name));
        snprintf (name, sizeof name, "node%zu_endpoint", index);
        snprintf (node.endpoint, sizeof node.endpoint, "%s", s_text (&vector, name));
        uint8_t seed [IMI_SIGN_SEED_BYTES], secret [IMI_SIGN_SECRET_BYTES];
        uint8_t curve_secret [IMI_BOX_SECRET_BYTES];
        snprintf (name, sizeof name, "node%zu_sign_seed", index);
        s_bytes (&vector, name, seed, sizeof seed);
        imi_sign_keypair_from_seed (node.sign_key, secret, seed);
        snprintf (name, sizeof name, "node%zu_curve_secret", index);
        s_bytes (&vector, name, curve_secret, sizeof curve_secret);
        imi_box_public_from_secret (node.curve_key, curve_secret);
        assert (imi_manifest_add_node (manifest, &node) == 0);
    }
    assert (imi_manifest_set_issued_ms (manifest, s_number (&vector, "issued_ms")) == 0);
    assert (imi_manifest_version (manifest) == s_number (&vector, "version"));
    assert (imi_manifest_sign (manifest, governance_secret) == 0);
    uint8_t *bytes;
    size_t size;
    assert (imi_manifest_encode (manifest, &bytes, &size) == 0);
    s_expect (&vector, "manifest", bytes, size);

    //  The layout by the msgpack spec: [ bin16 body, [ [ bin8 key, bin8 sig ] ] ].
    assert (bytes [0] == 0x92 && bytes [1] == 0xc5);
    size_t body_size = (size_t) bytes [2] << 8 | bytes [3];
    const uint8_t *body = bytes + 4;
    assert (body [0] == 0x95 && body [1] == 0xae);             //  array of 5, fixstr 14
    assert (memcmp (body + 2, "imi-manifest-1", 14) == 0);
    assert (body [16] == 0xa0 + strlen (federation));
    assert (memcmp (body + 17, federation, strlen (federation)) == 0);
    const uint8_t *after = body + 17 + strlen (federation);
    assert (after [0] == 0x01 && after [1] == 0xcf);           //  version 1, issued uint64
    assert (after [10] == 0x90 + node_count);                  //  nodes: fixarray
    assert (after [11] == 0x94 && after [12] == 0xa2);         //  [ state: fixstr 2, ...
    const uint8_t *signatures = body + body_size;
    assert (signatures [0] == 0x91 && signatures [1] == 0x92);
    assert (signatures [2] == 0xc4 && signatures [3] == 32);
    assert (memcmp (signatures + 4, governance_public, 32) == 0);
    assert (signatures [36] == 0xc4 && signatures [37] == 64);
    assert (signatures + 38 + 64 == bytes + size);

    //  Decoding the expected bytes verifies and gives back the inputs.
    const char *expected_hex = s_text (&vector, "manifest");
    assert (expected_hex);
    size_t expected_size = strlen (expected_hex) / 2;
    uint8_t *expected = (uint8_t *) malloc (expected_size);
    assert (expected && imi_hex_decode (expected, expected_size, expected_hex) == 0);
    imi_manifest_t *decoded = imi_manifest_decode (expected, expected_size);
    assert (decoded);
    assert (imi_manifest_verify (decoded, governance_public, 1, 1) == 0);
    assert (strcmp (imi_manifest_federation (decoded), federation) == 0);
    assert (imi_manifest_issued_ms (decoded) == s_number (&vector, "issued_ms"));
    assert (imi_manifest_node_count (decoded) == node_count);
    for (size_t index = 0; index < node_count; index++)
        assert (memcmp (imi_manifest_node_at (decoded, index),
                        imi_manifest_node_at (manifest, index),
                        sizeof (imi_manifest_node_t)) == 0);
    imi_manifest_destroy (&decoded);
    free (expected);
    free (bytes);
    imi_manifest_destroy (&manifest);
    s_vector_free (&vector);
}

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    s_test_envelope ();
    s_test_manifest ();
    if (s_failures) {
        fprintf (stderr, "test_vectors: %d known answers differ\n", s_failures);
        return 1;
    }
    printf ("test_vectors: OK\n");
    return 0;
}
