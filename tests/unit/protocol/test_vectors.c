/*  Known-answer tests for the wire formats: tests/vectors/envelope.txt,
    tests/vectors/manifest.txt and tests/vectors/directory.txt.

    Each file lists fixed inputs (Ed25519 seeds, X25519 secrets, nonce,
    message id, timestamp, plain body) and the exact bytes they must
    produce, one "name = value" per line ('#' starts a comment). Ed25519
    signatures are deterministic, so the whole envelope is reproducible.
    The expected bytes were generated once by this code; to keep them from
    being purely self-referential, the header and manifest layouts are also
    checked here against the msgpack specification, byte by byte (and the
    directory entries' leading bytes). A mismatch
    prints the computed value, for review.
*/
#include "imi_body_delivery.h"
#include "imi_body_directory.h"
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

    //  Version 2 names the governance of the versions after it: the
    //  imi-manifest-2 form, [ ..., nodes, [ [ bin8 key ], threshold ] ].
    uint8_t next_governance [IMI_SIGN_PUBLIC_BYTES];
    s_bytes (&vector, "next_governance_key", next_governance, sizeof next_governance);
    assert (imi_manifest_set_governance (manifest, next_governance, 1,
                                         s_number (&vector, "next_governance_threshold")) == 0);
    assert (imi_manifest_set_issued_ms (manifest, s_number (&vector, "issued_ms")) == 0);
    assert (imi_manifest_version (manifest) == 2);
    assert (imi_manifest_sign (manifest, governance_secret) == 0);
    assert (imi_manifest_encode (manifest, &bytes, &size) == 0);
    s_expect (&vector, "manifest_governed", bytes, size);
    body_size = (size_t) bytes [2] << 8 | bytes [3];
    body = bytes + 4;
    assert (body [0] == 0x96 && body [1] == 0xae);             //  array of 6, fixstr 14
    assert (memcmp (body + 2, "imi-manifest-2", 14) == 0);
    const uint8_t *section = body + body_size - (1 + 1 + 2 + 32 + 1);
    assert (section [0] == 0x92 && section [1] == 0x91);       //  [ [ key ], threshold ]
    assert (section [2] == 0xc4 && section [3] == 32);
    assert (memcmp (section + 4, next_governance, 32) == 0);
    assert (section [36] == s_number (&vector, "next_governance_threshold"));
    free (bytes);
    imi_manifest_destroy (&manifest);
    s_vector_free (&vector);
}

//  Copy the vector's text name into a fixed-size field, which it must fit.
static void
s_field (s_vector_t *vector, const char *name, char *out, size_t size)
{
    const char *text = s_text (vector, name);
    assert (strlen (text) < size);
    strcpy (out, text);
}

//  The authority the vector describes (name_count, name0_lang, ...).
static void
s_vector_authority (s_vector_t *vector, imi_authority_t *authority)
{
    char name [64];
    memset (authority, 0, sizeof *authority);
    s_field (vector, "authority_id", authority->id, sizeof authority->id);
    authority->name_count = s_number (vector, "name_count");
    for (size_t index = 0; index < authority->name_count; index++) {
        snprintf (name, sizeof name, "name%zu_lang", index);
        s_field (vector, name, authority->names [index].lang, sizeof authority->names [index].lang);
        snprintf (name, sizeof name, "name%zu_text", index);
        s_field (vector, name, authority->names [index].text, sizeof authority->names [index].text);
    }
    s_field (vector, "acronym", authority->acronym, sizeof authority->acronym);
    s_field (vector, "address", authority->address, sizeof authority->address);
    s_field (vector, "postcode", authority->postcode, sizeof authority->postcode);
    s_field (vector, "city", authority->city, sizeof authority->city);
    authority->contact_count = s_number (vector, "contact_count");
    for (size_t index = 0; index < authority->contact_count; index++) {
        imi_contact_t *contact = &authority->contacts [index];
        snprintf (name, sizeof name, "contact%zu_kind", index);
        s_field (vector, name, contact->kind, sizeof contact->kind);
        snprintf (name, sizeof name, "contact%zu_value", index);
        s_field (vector, name, contact->value, sizeof contact->value);
    }
    authority->competence_count = s_number (vector, "competence_count");
    for (size_t index = 0; index < authority->competence_count; index++) {
        imi_competence_t *competence = &authority->competences [index];
        snprintf (name, sizeof name, "competence%zu_legal_area", index);
        s_field (vector, name, competence->legal_area, sizeof competence->legal_area);
        snprintf (name, sizeof name, "competence%zu_procedure_count", index);
        competence->procedure_count = s_number (vector, name);
        for (size_t item = 0; item < competence->procedure_count; item++) {
            snprintf (name, sizeof name, "competence%zu_procedure%zu", index, item);
            s_field (vector, name, competence->procedures [item],
                     sizeof competence->procedures [item]);
        }
        snprintf (name, sizeof name, "competence%zu_keyword_count", index);
        competence->keyword_count = s_number (vector, name);
        for (size_t item = 0; item < competence->keyword_count; item++) {
            imi_keyword_t *keyword = &competence->keywords [item];
            snprintf (name, sizeof name, "competence%zu_keyword%zu_lang", index, item);
            s_field (vector, name, keyword->lang, sizeof keyword->lang);
            snprintf (name, sizeof name, "competence%zu_keyword%zu_text", index, item);
            s_field (vector, name, keyword->text, sizeof keyword->text);
        }
    }
}

//  The body's leading fields by the msgpack spec, up to the authority.
//  Returns the body's offset in the entry.
static size_t
s_check_entry_layout (const uint8_t *entry, size_t size, const char *origin, uint64_t seq,
                      const uint8_t prev_hash [IMI_HASH_BYTES], uint64_t timestamp_ms,
                      uint32_t op, const char *authority_id)
{
    const uint8_t *byte = entry;
    assert (*byte++ == 0x92);                   //  fixarray of 2: [ body, signature ]
    size_t body_size;
    if (*byte == 0xc4) {                        //  bin8 body
        body_size = byte [1];
        byte += 2;
    }
    else {                                      //  bin16 body, big-endian length
        assert (*byte == 0xc5);
        body_size = (size_t) byte [1] << 8 | byte [2];
        byte += 3;
    }
    size_t body_at = (size_t) (byte - entry);
    assert (body_at + body_size + 2 + IMI_SIGNATURE_BYTES == size);
    assert (*byte++ == 0x98);                   //  fixarray of 8
    assert (*byte++ == 0xa9);                   //  fixstr of 9: the format
    assert (memcmp (byte, "imi-dir-1", 9) == 0);
    byte += 9;
    assert (*byte++ == 0xa2);                   //  origin: fixstr of 2
    assert (byte [0] == origin [0] && byte [1] == origin [1]);
    byte += 2;
    assert (seq < 128 && *byte++ == seq);       //  seq, positive fixint
    assert (*byte++ == 0xc4 && *byte++ == 32);  //  prev_hash: bin8 of 32
    assert (memcmp (byte, prev_hash, IMI_HASH_BYTES) == 0);
    byte += IMI_HASH_BYTES;
    assert (*byte++ == 0xcf);                   //  timestamp_ms: uint64, big-endian
    for (int shift = 56; shift >= 0; shift -= 8)
        assert (*byte++ == (uint8_t) (timestamp_ms >> shift));
    assert (*byte++ == op);                     //  op, positive fixint
    assert (*byte++ == 0xa0 + strlen (authority_id));      //  fixstr
    assert (memcmp (byte, authority_id, strlen (authority_id)) == 0);
    byte += strlen (authority_id);
    if (op == IMI_DIRECTORY_REMOVE)
        assert (*byte++ == 0xc0 && byte == entry + body_at + body_size);   //  nil, last
    else {
        assert (byte [0] == 0x98);              //  the authority inline: fixarray of 8
        assert (byte [1] == 0xa0 + strlen (authority_id));
        assert (memcmp (byte + 2, authority_id, strlen (authority_id)) == 0);
    }
    //  Then the signature: bin8 of 64.
    assert (entry [size - 66] == 0xc4 && entry [size - 65] == 64);
    return body_at;
}

static uint8_t *
s_hex_bytes (s_vector_t *vector, const char *name, size_t *size)
{
    const char *hex = s_text (vector, name);
    *size = strlen (hex) / 2;
    uint8_t *bytes = (uint8_t *) malloc (*size? *size: 1);
    assert (bytes && imi_hex_decode (bytes, *size, hex) == 0);
    return bytes;
}

static void
s_test_directory (void)
{
    s_vector_t vector;
    s_vector_load (&vector, "directory.txt");
    uint8_t seed [IMI_SIGN_SEED_BYTES];
    uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES], sign_secret [IMI_SIGN_SECRET_BYTES];
    s_bytes (&vector, "origin_sign_seed", seed, sizeof seed);
    imi_sign_keypair_from_seed (sign_public, sign_secret, seed);
    s_expect (&vector, "origin_sign_public", sign_public, sizeof sign_public);

    imi_authority_t *authority = (imi_authority_t *) malloc (sizeof *authority);
    imi_authority_t *decoded = (imi_authority_t *) malloc (sizeof *decoded);
    assert (authority && decoded);
    s_vector_authority (&vector, authority);
    uint8_t *encoded;
    size_t encoded_size;
    assert (imi_authority_encode (authority, &encoded, &encoded_size) == 0);
    s_expect (&vector, "authority", encoded, encoded_size);

    //  The upsert, then the remove chained to it.
    const char *origin = s_text (&vector, "origin");
    const char *authority_id = authority->id;
    uint8_t prev_hash [IMI_HASH_BYTES] = { 0 };
    uint8_t *entries [2];
    size_t entry_sizes [2];
    uint8_t hashes [2][IMI_HASH_BYTES];
    for (int index = 0; index < 2; index++) {
        char name [64];
        snprintf (name, sizeof name, "entry%d_seq", index + 1);
        uint64_t seq = s_number (&vector, name);
        snprintf (name, sizeof name, "entry%d_timestamp_ms", index + 1);
        uint64_t timestamp_ms = s_number (&vector, name);
        snprintf (name, sizeof name, "entry%d_op", index + 1);
        uint32_t op = (uint32_t) s_number (&vector, name);
        bool upsert = op == IMI_DIRECTORY_UPSERT;
        assert (imi_entry_seal (&entries [index], &entry_sizes [index], origin, seq,
                                prev_hash, timestamp_ms, op, authority_id,
                                upsert? encoded: NULL, upsert? encoded_size: 0,
                                sign_secret) == 0);
        snprintf (name, sizeof name, "entry%d", index + 1);
        s_expect (&vector, name, entries [index], entry_sizes [index]);
        size_t body_at = s_check_entry_layout (entries [index], entry_sizes [index], origin,
                                               seq, prev_hash, timestamp_ms, op, authority_id);
        //  Decoding the expected bytes verifies and gives back every input.
        size_t expected_size;
        uint8_t *expected = s_hex_bytes (&vector, name, &expected_size);
        imi_entry_view_t view;
        assert (imi_entry_decode (&view, expected, expected_size) == 0);
        assert (imi_entry_verify (&view, sign_public) == 0);
        assert (view.body == expected + body_at);
        assert (strcmp (view.origin, origin) == 0 && view.seq == seq);
        assert (memcmp (view.prev_hash, prev_hash, IMI_HASH_BYTES) == 0);
        assert (view.timestamp_ms == timestamp_ms && view.op == op);
        assert (strcmp (view.authority_id, authority_id) == 0);
        if (upsert) {
            assert (view.authority_size == encoded_size);
            assert (memcmp (view.authority, encoded, encoded_size) == 0);
            assert (imi_authority_decode (decoded, view.authority, view.authority_size) == 0);
            assert (memcmp (decoded, authority, sizeof *decoded) == 0);
        }
        else
            assert (view.authority == NULL);
        snprintf (name, sizeof name, "entry%d_hash", index + 1);
        s_expect (&vector, name, view.hash, IMI_HASH_BYTES);
        uint8_t hash [IMI_HASH_BYTES];
        imi_hash (hash, expected + body_at, view.body_size);
        assert (memcmp (hash, view.hash, IMI_HASH_BYTES) == 0);
        memcpy (hashes [index], view.hash, IMI_HASH_BYTES);
        memcpy (prev_hash, view.hash, IMI_HASH_BYTES);
        free (expected);
    }

    //  The frontier after both: [ [ "DE", 2, hash of entry 2 ] ].
    imi_frontier_row_t row;
    memset (&row, 0, sizeof row);
    snprintf (row.origin, sizeof row.origin, "%s", origin);
    row.last_seq = s_number (&vector, "entry2_seq");
    memcpy (row.head_hash, hashes [1], IMI_HASH_BYTES);
    uint8_t *bytes;
    size_t size;
    assert (imi_dir_frontier_encode (&row, 1, &bytes, &size) == 0);
    s_expect (&vector, "dir_frontier", bytes, size);
    assert (size == 1 + 1 + 3 + 1 + 2 + 32);
    assert (bytes [0] == 0x91 && bytes [1] == 0x93 && bytes [2] == 0xa2 && bytes [5] == 0x02);
    assert (bytes [6] == 0xc4 && bytes [7] == 32 && memcmp (bytes + 8, hashes [1], 32) == 0);
    free (bytes);

    //  A DIR_PUSH of both: [ [ bin, bin ] ], each entry's bytes unchanged.
    imi_entry_list_t list;
    list.count = 2;
    for (size_t index = 0; index < 2; index++) {
        list.data [index] = entries [index];
        list.size [index] = entry_sizes [index];
    }
    assert (imi_dir_push_encode (&list, &bytes, &size) == 0);
    s_expect (&vector, "dir_push", bytes, size);
    assert (bytes [0] == 0x91 && bytes [1] == 0x92 && bytes [2] == 0xc5);  //  bin16: > 255
    assert (memcmp (bytes + 5, entries [0], entry_sizes [0]) == 0);
    imi_entry_list_t back;
    assert (imi_dir_push_decode (&back, bytes, size) == 0 && back.count == 2);
    assert (back.size [1] == entry_sizes [1]);
    assert (memcmp (back.data [1], entries [1], entry_sizes [1]) == 0);
    free (bytes);

    free (entries [0]);
    free (entries [1]);
    free (encoded);
    free (decoded);
    free (authority);
    s_vector_free (&vector);
}

int
main (void)
{
    if (imi_crypto_init () != 0)
        return 1;
    s_test_envelope ();
    s_test_manifest ();
    s_test_directory ();
    if (s_failures) {
        fprintf (stderr, "test_vectors: %d known answers differ\n", s_failures);
        return 1;
    }
    printf ("test_vectors: OK\n");
    return 0;
}
