/*  imi_manifest: build, sign, encode, decode and verify the federation
    manifest. See imi_manifest.h and PROTOCOL.md.

    The manifest keeps two forms of its body: the fields (federation name,
    version, issue time, nodes sorted by state) and, while it has
    signatures, the exact body bytes they cover. A decoded manifest keeps the
    bytes it arrived with, so verification and re-encoding never depend on
    our encoder producing the same bytes as the signer's. Any edit drops the
    bytes and the signatures together: a signed manifest is always exactly
    what was signed.

    Invariants: nodes sorted strictly by state; no signing or CURVE key used
    by two nodes (the node maps a connection's key to one state); at most one
    signature per governance key; the governance section's keys distinct,
    its threshold 1 to their number.
*/
#include "imi_manifest.h"
#include "imi_codec.h"
#include "imi_envelope.h"
#include "imi_error.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

//  A body without a governance section is the format every node reads; one
//  that names the governance of the versions after it is a format of its own.
#define S_FORMAT            "imi-manifest-1"
#define S_FORMAT_GOVERNANCE "imi-manifest-2"
#define S_BODY_FIELDS       5
#define S_NODE_FIELDS       4

typedef struct {
    uint8_t key [IMI_SIGN_PUBLIC_BYTES];        //  governance public key
    uint8_t signature [IMI_SIGNATURE_BYTES];    //  over context || body bytes
} s_signature_t;

struct _imi_manifest_t {
    char federation [IMI_FEDERATION_NAME_MAX + 1];
    uint64_t version;                           //  1, 2, ...: higher replaces lower
    uint64_t issued_ms;                         //  when this version was made
    imi_manifest_node_t nodes [IMI_MANIFEST_MAX_NODES];    //  sorted by state
    size_t node_count;
    //  Governance of the versions after this one (count 0: as for this one)
    uint8_t governance_keys [IMI_MANIFEST_MAX_GOVERNANCE][IMI_SIGN_PUBLIC_BYTES];
    size_t governance_count;
    size_t governance_threshold;                //  1 .. governance_count
    s_signature_t signatures [IMI_MANIFEST_MAX_SIGNATURES];
    size_t signature_count;
    uint8_t *body;                              //  bytes the signatures cover, or NULL
    size_t body_size;
};

static uint64_t
s_now_ms (void)
{
    struct timespec now;
    clock_gettime (CLOCK_REALTIME, &now);
    return (uint64_t) now.tv_sec * 1000 + (uint64_t) now.tv_nsec / 1000000;
}

static bool
s_federation_valid (const char *name, size_t size)
{
    if (size < 1 || size > IMI_FEDERATION_NAME_MAX)
        return false;
    for (size_t index = 0; index < size; index++)
        if (name [index] < 0x20 || name [index] > 0x7e)
            return false;
    return true;
}

//  "tcp://" host ":" port, host non-empty printable without spaces, port
//  1..65535 in decimal without leading zeros. 0, or -2 naming field.
static int
s_endpoint_valid (const char *endpoint, const char *field)
{
    size_t size = strnlen (endpoint, IMI_ENDPOINT_MAX + 1);
    if (size > IMI_ENDPOINT_MAX)
        return imi_error_malformed ("%s: longer than %d bytes", field, IMI_ENDPOINT_MAX);
    if (strncmp (endpoint, "tcp://", 6) != 0)
        return imi_error_malformed ("%s: '%s' does not start with tcp://", field, endpoint);
    const char *host = endpoint + 6;
    const char *colon = strrchr (host, ':');
    if (!colon || colon == host)
        return imi_error_malformed ("%s: '%s' is not tcp://host:port", field, endpoint);
    for (const char *next = host; next < colon; next++)
        if (*next <= 0x20 || *next > 0x7e)
            return imi_error_malformed ("%s: bad character in host", field);
    const char *port = colon + 1;
    size_t digits = strlen (port);
    unsigned long value = 0;
    for (size_t index = 0; index < digits; index++) {
        if (port [index] < '0' || port [index] > '9')
            return imi_error_malformed ("%s: port is not a number", field);
        value = value * 10 + (unsigned long) (port [index] - '0');
    }
    if (digits < 1 || digits > 5 || port [0] == '0' || value > 65535)
        return imi_error_malformed ("%s: port must be 1 to 65535", field);
    return 0;
}

//  The checks on one node, whether added here or decoded. 0, or -2.
static int
s_node_valid (const imi_manifest_node_t *node, const char *field)
{
    if (!imi_state_code_valid (node->state))
        return imi_error_malformed ("%s.state: not a state code", field);
    char endpoint_field [64];
    snprintf (endpoint_field, sizeof endpoint_field, "%s.endpoint", field);
    return s_endpoint_valid (node->endpoint, endpoint_field);
}

//  0, or -2 if another node than skip already uses node's signing or CURVE key.
static int
s_keys_unique (imi_manifest_t *self, const imi_manifest_node_t *node, size_t skip,
               const char *field)
{
    for (size_t index = 0; index < self->node_count; index++) {
        if (index == skip)
            continue;
        const imi_manifest_node_t *other = &self->nodes [index];
        if (memcmp (other->sign_key, node->sign_key, IMI_SIGN_PUBLIC_BYTES) == 0)
            return imi_error_malformed ("%s.sign_key: also the key of %s", field, other->state);
        if (memcmp (other->curve_key, node->curve_key, IMI_BOX_PUBLIC_BYTES) == 0)
            return imi_error_malformed ("%s.curve_key: also the key of %s", field, other->state);
    }
    return 0;
}

//  New unsigned manifest, version 1.
imi_manifest_t *
imi_manifest_new (const char *federation)
{
    if (!federation || !s_federation_valid (federation, strnlen (federation, 256))) {
        imi_error_set ("federation name must be 1 to %d printable ASCII characters",
                       IMI_FEDERATION_NAME_MAX);
        return NULL;
    }
    imi_manifest_t *self = (imi_manifest_t *) calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory creating a manifest");
        return NULL;
    }
    strcpy (self->federation, federation);
    self->version = 1;
    self->issued_ms = s_now_ms ();
    return self;
}

//  Free the manifest and null the caller's pointer.
void
imi_manifest_destroy (imi_manifest_t **self_p)
{
    if (*self_p) {
        free ((*self_p)->body);
        free (*self_p);
        *self_p = NULL;
    }
}

//  0, or -1 if an edit cannot start the next version (there is none).
static int
s_editable (imi_manifest_t *self)
{
    if (self->signature_count && self->version == UINT64_MAX)
        return imi_error_set ("manifest version cannot go higher");
    return 0;
}

//  The manifest changes: a signed one becomes the next, unsigned version.
static void
s_edit (imi_manifest_t *self)
{
    if (self->signature_count) {
        self->version++;
        self->signature_count = 0;
    }
    free (self->body);
    self->body = NULL;
    self->body_size = 0;
    self->issued_ms = s_now_ms ();
}

//  Set the issue time (default: creation or last edit). 0, or -1 if signed.
int
imi_manifest_set_issued_ms (imi_manifest_t *self, uint64_t issued_ms)
{
    if (self->signature_count)
        return imi_error_set ("manifest is signed: edit it to start a new version first");
    free (self->body);
    self->body = NULL;
    self->body_size = 0;
    self->issued_ms = issued_ms;
    return 0;
}

//  Add or replace a node, keeping nodes sorted by state.
int
imi_manifest_add_node (imi_manifest_t *self, const imi_manifest_node_t *node)
{
    if (strnlen (node->endpoint, sizeof node->endpoint) == sizeof node->endpoint)
        return imi_error_set ("node.endpoint: not terminated");
    if (s_node_valid (node, "node") || s_editable (self))
        return -1;
    size_t index = 0;
    while (index < self->node_count && strcmp (self->nodes [index].state, node->state) < 0)
        index++;
    bool replace = index < self->node_count
                && strcmp (self->nodes [index].state, node->state) == 0;
    if (s_keys_unique (self, node, replace? index: SIZE_MAX, "node"))
        return -1;
    if (!replace) {
        if (self->node_count == IMI_MANIFEST_MAX_NODES)
            return imi_error_set ("manifest already holds %d nodes", IMI_MANIFEST_MAX_NODES);
        memmove (&self->nodes [index + 1], &self->nodes [index],
                 (self->node_count - index) * sizeof self->nodes [0]);
        self->node_count++;
    }
    s_edit (self);
    self->nodes [index] = *node;
    return 0;
}

//  Remove the node of state.
int
imi_manifest_remove_node (imi_manifest_t *self, const char *state)
{
    if (s_editable (self))
        return -1;
    for (size_t index = 0; index < self->node_count; index++)
        if (strcmp (self->nodes [index].state, state) == 0) {
            memmove (&self->nodes [index], &self->nodes [index + 1],
                     (self->node_count - index - 1) * sizeof self->nodes [0]);
            self->node_count--;
            s_edit (self);
            return 0;
        }
    return imi_error_set ("manifest has no node for %s", state);
}

//  Check a governance section: 1 to IMI_MANIFEST_MAX_GOVERNANCE distinct
//  keys, threshold 1 to their number. 0 or -2 naming field.
static int
s_governance_valid (const uint8_t *keys, size_t count, size_t threshold, const char *field)
{
    if (count < 1 || count > IMI_MANIFEST_MAX_GOVERNANCE)
        return imi_error_malformed ("%s.keys: %zu keys, expected 1 to %d", field, count,
                                    IMI_MANIFEST_MAX_GOVERNANCE);
    for (size_t index = 1; index < count; index++)
        for (size_t earlier = 0; earlier < index; earlier++)
            if (memcmp (keys + index * IMI_SIGN_PUBLIC_BYTES, keys + earlier * IMI_SIGN_PUBLIC_BYTES,
                        IMI_SIGN_PUBLIC_BYTES) == 0)
                return imi_error_malformed ("%s.keys[%zu]: named twice", field, index);
    if (threshold < 1 || threshold > count)
        return imi_error_malformed ("%s.threshold: %zu, expected 1 to %zu", field, threshold,
                                    count);
    return 0;
}

int
imi_manifest_set_governance (imi_manifest_t *self, const uint8_t *keys, size_t count,
                             size_t threshold)
{
    if ((count && s_governance_valid (keys, count, threshold, "governance"))
    ||  s_editable (self))
        return -1;
    s_edit (self);
    if (count)
        memcpy (self->governance_keys, keys, count * IMI_SIGN_PUBLIC_BYTES);
    self->governance_count = count;
    self->governance_threshold = count? threshold: 0;
    return 0;
}

size_t
imi_manifest_governance (imi_manifest_t *self, const uint8_t **keys, size_t *threshold)
{
    *keys = &self->governance_keys [0][0];
    *threshold = self->governance_threshold;
    return self->governance_count;
}

//  Make sure self->body holds the body bytes. 0 or -1.
static int
s_body (imi_manifest_t *self)
{
    if (self->body)
        return 0;
    imi_writer_t writer;
    imi_writer_init (&writer);
    bool governance = self->governance_count > 0;
    imi_writer_array (&writer, S_BODY_FIELDS + (governance? 1: 0));
    imi_writer_str (&writer, governance? S_FORMAT_GOVERNANCE: S_FORMAT);
    imi_writer_str (&writer, self->federation);
    imi_writer_uint (&writer, self->version);
    imi_writer_uint (&writer, self->issued_ms);
    imi_writer_array (&writer, (uint32_t) self->node_count);
    for (size_t index = 0; index < self->node_count; index++) {
        const imi_manifest_node_t *node = &self->nodes [index];
        imi_writer_array (&writer, S_NODE_FIELDS);
        imi_writer_str (&writer, node->state);
        imi_writer_str (&writer, node->endpoint);
        imi_writer_bin (&writer, node->sign_key, IMI_SIGN_PUBLIC_BYTES);
        imi_writer_bin (&writer, node->curve_key, IMI_BOX_PUBLIC_BYTES);
    }
    if (governance) {
        imi_writer_array (&writer, 2);
        imi_writer_array (&writer, (uint32_t) self->governance_count);
        for (size_t index = 0; index < self->governance_count; index++)
            imi_writer_bin (&writer, self->governance_keys [index], IMI_SIGN_PUBLIC_BYTES);
        imi_writer_uint (&writer, self->governance_threshold);
    }
    self->body = imi_writer_take (&writer, &self->body_size);
    imi_writer_cleanup (&writer);
    return self->body? 0: -1;
}

//  Encode [body, signatures].
int
imi_manifest_encode (imi_manifest_t *self, uint8_t **out, size_t *size)
{
    *out = NULL;
    if (s_body (self))
        return -1;
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 2);
    imi_writer_bin (&writer, self->body, self->body_size);
    imi_writer_array (&writer, (uint32_t) self->signature_count);
    for (size_t index = 0; index < self->signature_count; index++) {
        imi_writer_array (&writer, 2);
        imi_writer_bin (&writer, self->signatures [index].key, IMI_SIGN_PUBLIC_BYTES);
        imi_writer_bin (&writer, self->signatures [index].signature, IMI_SIGNATURE_BYTES);
    }
    *out = imi_writer_take (&writer, size);
    imi_writer_cleanup (&writer);
    return *out? 0: -1;
}

//  Decode the body's fields from self->body. 0 or -2.
static int
s_body_decode (imi_manifest_t *self)
{
    imi_reader_t reader;
    int rc = imi_reader_open (&reader, self->body, self->body_size, IMI_MANIFEST_MAX_BYTES);
    const msgpack_object *fields, *nodes;
    uint32_t node_count, field_count;
    char format [sizeof S_FORMAT];
    if (rc
    || (rc = imi_object_array_range (&reader.root, "manifest.body", S_BODY_FIELDS,
                                     S_BODY_FIELDS + 1, &fields, &field_count))
    || (rc = imi_object_str (&fields [0], "manifest.format", sizeof S_FORMAT - 1, format,
                             sizeof format)))
        goto cleanup;
    bool governance = strcmp (format, S_FORMAT_GOVERNANCE) == 0;
    if (!governance && strcmp (format, S_FORMAT) != 0) {
        rc = imi_error_malformed ("manifest.format: '%s' is not %s or %s", format, S_FORMAT,
                                  S_FORMAT_GOVERNANCE);
        goto cleanup;
    }
    uint32_t expected_count = S_BODY_FIELDS + (governance? 1: 0);
    if (field_count != expected_count) {
        rc = imi_error_malformed ("manifest.body: %s has %" PRIu32 " items, got %" PRIu32,
                                  format, expected_count, field_count);
        goto cleanup;
    }
    const msgpack_object *section, *keys;
    uint32_t key_count;
    uint64_t threshold;
    if (governance
    &&  ((rc = imi_object_array (&fields [5], "manifest.governance", 2, &section))
    ||   (rc = imi_object_array_range (&section [0], "manifest.governance.keys", 1,
                                       IMI_MANIFEST_MAX_GOVERNANCE, &keys, &key_count))
    ||   (rc = imi_object_uint (&section [1], "manifest.governance.threshold",
                                IMI_MANIFEST_MAX_GOVERNANCE, &threshold))))
        goto cleanup;
    for (uint32_t index = 0; governance && index < key_count; index++)
        if ((rc = imi_object_bin_fixed (&keys [index], "manifest.governance.keys[]",
                                        self->governance_keys [index], IMI_SIGN_PUBLIC_BYTES)))
            goto cleanup;
    if (governance
    &&  (rc = s_governance_valid (&self->governance_keys [0][0], key_count, (size_t) threshold,
                                  "manifest.governance")))
        goto cleanup;
    if (governance) {
        self->governance_count = key_count;
        self->governance_threshold = (size_t) threshold;
    }
    if ((rc = imi_object_str (&fields [1], "manifest.federation", IMI_FEDERATION_NAME_MAX,
                              self->federation, sizeof self->federation))
    ||  (rc = imi_object_uint (&fields [2], "manifest.version", UINT64_MAX, &self->version))
    ||  (rc = imi_object_time (&fields [3], "manifest.issued_ms",
                               &self->issued_ms))
    ||  (rc = imi_object_array_range (&fields [4], "manifest.nodes", 0,
                                      IMI_MANIFEST_MAX_NODES, &nodes, &node_count)))
        goto cleanup;
    if (!s_federation_valid (self->federation, strlen (self->federation))) {
        rc = imi_error_malformed ("manifest.federation: not 1 to %d printable ASCII characters",
                                  IMI_FEDERATION_NAME_MAX);
        goto cleanup;
    }
    if (self->version == 0) {
        rc = imi_error_malformed ("manifest.version: must be at least 1");
        goto cleanup;
    }
    for (uint32_t index = 0; index < node_count; index++) {
        char field [32];
        snprintf (field, sizeof field, "manifest.nodes[%u]", index);
        imi_manifest_node_t *node = &self->nodes [index];
        const msgpack_object *items;
        if ((rc = imi_object_array (&nodes [index], field, S_NODE_FIELDS, &items))
        ||  (rc = imi_object_str (&items [0], "manifest.nodes[].state", 2, node->state,
                                  sizeof node->state))
        ||  (rc = imi_object_str (&items [1], "manifest.nodes[].endpoint", IMI_ENDPOINT_MAX,
                                  node->endpoint, sizeof node->endpoint))
        ||  (rc = imi_object_bin_fixed (&items [2], "manifest.nodes[].sign_key",
                                        node->sign_key, IMI_SIGN_PUBLIC_BYTES))
        ||  (rc = imi_object_bin_fixed (&items [3], "manifest.nodes[].curve_key",
                                        node->curve_key, IMI_BOX_PUBLIC_BYTES))
        ||  (rc = s_node_valid (node, field))
        ||  (rc = s_keys_unique (self, node, SIZE_MAX, field)))
            goto cleanup;
        if (index > 0 && strcmp (self->nodes [index - 1].state, node->state) >= 0) {
            rc = imi_error_malformed ("%s.state: %s is not after %s (sorted, one per state)",
                                      field, node->state, self->nodes [index - 1].state);
            goto cleanup;
        }
        self->node_count++;
    }
cleanup:
    imi_reader_close (&reader);
    return rc;
}

//  Decode [body, signatures] and then the body. NULL if malformed.
imi_manifest_t *
imi_manifest_decode (const uint8_t *data, size_t size)
{
    imi_manifest_t *self = (imi_manifest_t *) calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory decoding a manifest");
        return NULL;
    }
    imi_reader_t reader;
    int rc = imi_reader_open (&reader, data, size, IMI_MANIFEST_MAX_BYTES);
    const msgpack_object *parts, *signatures;
    const uint8_t *body;
    uint32_t signature_count;
    if (rc
    || (rc = imi_object_array (&reader.root, "manifest", 2, &parts))
    || (rc = imi_object_bin (&parts [0], "manifest.body", IMI_MANIFEST_MAX_BYTES,
                             &body, &self->body_size))
    || (rc = imi_object_array_range (&parts [1], "manifest.signatures", 0,
                                     IMI_MANIFEST_MAX_SIGNATURES, &signatures,
                                     &signature_count)))
        goto cleanup;
    for (uint32_t index = 0; index < signature_count; index++) {
        s_signature_t *signature = &self->signatures [index];
        const msgpack_object *items;
        if ((rc = imi_object_array (&signatures [index], "manifest.signatures[]", 2, &items))
        ||  (rc = imi_object_bin_fixed (&items [0], "manifest.signatures[].key",
                                        signature->key, IMI_SIGN_PUBLIC_BYTES))
        ||  (rc = imi_object_bin_fixed (&items [1], "manifest.signatures[].signature",
                                        signature->signature, IMI_SIGNATURE_BYTES)))
            goto cleanup;
        for (uint32_t earlier = 0; earlier < index; earlier++)
            if (memcmp (self->signatures [earlier].key, signature->key,
                        IMI_SIGN_PUBLIC_BYTES) == 0) {
                rc = imi_error_malformed ("manifest.signatures[%u]: a second signature "
                                          "by the same key", index);
                goto cleanup;
            }
    }
    self->signature_count = signature_count;
    self->body = (uint8_t *) malloc (self->body_size? self->body_size: 1);
    if (!self->body) {
        rc = imi_error_set ("out of memory decoding a manifest");
        goto cleanup;
    }
    if (self->body_size)
        memcpy (self->body, body, self->body_size);
    rc = s_body_decode (self);
cleanup:
    imi_reader_close (&reader);
    if (rc)
        imi_manifest_destroy (&self);
    return self;
}

//  Sign the body with a governance key, replacing that key's earlier signature.
int
imi_manifest_sign (imi_manifest_t *self, const uint8_t secret_key [IMI_SIGN_SECRET_BYTES])
{
    if (s_body (self))
        return -1;
    //  libsodium's secret key is seed || public key.
    const uint8_t *public_key = secret_key + IMI_SIGN_SEED_BYTES;
    size_t index = 0;
    while (index < self->signature_count
        && memcmp (self->signatures [index].key, public_key, IMI_SIGN_PUBLIC_BYTES) != 0)
        index++;
    if (index == IMI_MANIFEST_MAX_SIGNATURES)
        return imi_error_set ("manifest already has %d signatures", IMI_MANIFEST_MAX_SIGNATURES);
    s_signature_t *signature = &self->signatures [index];
    if (imi_sign (signature->signature, IMI_MANIFEST_SIGN_CONTEXT, self->body,
                  self->body_size, secret_key))
        return -1;
    memcpy (signature->key, public_key, IMI_SIGN_PUBLIC_BYTES);
    if (index == self->signature_count)
        self->signature_count++;
    return 0;
}

static bool
s_trusted (const uint8_t *key, const uint8_t *trusted, size_t trusted_count)
{
    for (size_t index = 0; index < trusted_count; index++)
        if (memcmp (trusted + index * IMI_SIGN_PUBLIC_BYTES, key, IMI_SIGN_PUBLIC_BYTES) == 0)
            return true;
    return false;
}

//  At least threshold trusted keys signed; a bad signature by a trusted key fails.
int
imi_manifest_verify (imi_manifest_t *self, const uint8_t *trusted, size_t trusted_count,
                     size_t threshold)
{
    if (threshold < 1)
        return imi_error_set ("manifest threshold must be at least 1");
    if (self->signature_count == 0 || !self->body)
        return imi_error_set ("manifest is unsigned");
    size_t valid = 0;
    for (size_t index = 0; index < self->signature_count; index++) {
        const s_signature_t *signature = &self->signatures [index];
        if (!s_trusted (signature->key, trusted, trusted_count))
            continue;
        if (imi_verify (signature->signature, IMI_MANIFEST_SIGN_CONTEXT, self->body,
                        self->body_size, signature->key)) {
            char hex [2 * IMI_SIGN_PUBLIC_BYTES + 1];
            imi_hex_encode (hex, signature->key, IMI_SIGN_PUBLIC_BYTES);
            return imi_error_set ("manifest signature by trusted key %s does not verify", hex);
        }
        valid++;
    }
    if (valid == 0)
        return imi_error_set ("manifest has no signature by a trusted key");
    if (valid < threshold)
        return imi_error_set ("manifest has %zu of the %zu trusted signatures required",
                              valid, threshold);
    return 0;
}

const char *
imi_manifest_federation (imi_manifest_t *self)
{
    return self->federation;
}

uint64_t
imi_manifest_version (imi_manifest_t *self)
{
    return self->version;
}

uint64_t
imi_manifest_issued_ms (imi_manifest_t *self)
{
    return self->issued_ms;
}

size_t
imi_manifest_node_count (imi_manifest_t *self)
{
    return self->node_count;
}

const imi_manifest_node_t *
imi_manifest_node_at (imi_manifest_t *self, size_t index)
{
    return index < self->node_count? &self->nodes [index]: NULL;
}

const imi_manifest_node_t *
imi_manifest_find (imi_manifest_t *self, const char *state)
{
    for (size_t index = 0; index < self->node_count; index++)
        if (strcmp (self->nodes [index].state, state) == 0)
            return &self->nodes [index];
    return NULL;
}

const imi_manifest_node_t *
imi_manifest_find_curve (imi_manifest_t *self, const uint8_t *curve_key)
{
    for (size_t index = 0; index < self->node_count; index++)
        if (memcmp (self->nodes [index].curve_key, curve_key, IMI_BOX_PUBLIC_BYTES) == 0)
            return &self->nodes [index];
    return NULL;
}

size_t
imi_manifest_signature_count (imi_manifest_t *self)
{
    return self->signature_count;
}

const uint8_t *
imi_manifest_signer_at (imi_manifest_t *self, size_t index)
{
    return index < self->signature_count? self->signatures [index].key: NULL;
}

//  ---- self test ----

static void
s_test_node (imi_manifest_node_t *node, const char *state, int port)
{
    memset (node, 0, sizeof *node);
    strcpy (node->state, state);
    snprintf (node->endpoint, sizeof node->endpoint, "tcp://127.0.0.1:%d", port);
    uint8_t secret [IMI_SIGN_SECRET_BYTES];
    imi_sign_keypair (node->sign_key, secret);
    imi_random (node->curve_key, sizeof node->curve_key);
}

//  Encode self, decode the bytes; returns the copy or NULL.
static imi_manifest_t *
s_round_trip (imi_manifest_t *self)
{
    uint8_t *bytes;
    size_t size;
    assert (imi_manifest_encode (self, &bytes, &size) == 0);
    imi_manifest_t *copy = imi_manifest_decode (bytes, size);
    free (bytes);
    return copy;
}

static void
s_test_build (void)
{
    assert (imi_manifest_new ("") == NULL);
    assert (imi_manifest_new ("tab\there") == NULL);
    char long_name [IMI_FEDERATION_NAME_MAX + 2];
    memset (long_name, 'x', sizeof long_name - 1);
    long_name [sizeof long_name - 1] = 0;
    assert (imi_manifest_new (long_name) == NULL);
    long_name [IMI_FEDERATION_NAME_MAX] = 0;
    imi_manifest_t *manifest = imi_manifest_new (long_name);
    assert (manifest);
    imi_manifest_destroy (&manifest);
    imi_manifest_destroy (&manifest);

    manifest = imi_manifest_new ("EEA test federation");
    assert (manifest && imi_manifest_version (manifest) == 1);
    imi_manifest_node_t fr, de, at, bad;
    s_test_node (&fr, "FR", 7002);
    s_test_node (&de, "DE", 7001);
    s_test_node (&at, "AT", 7003);
    assert (imi_manifest_add_node (manifest, &fr) == 0);
    assert (imi_manifest_add_node (manifest, &de) == 0);
    assert (imi_manifest_add_node (manifest, &at) == 0);
    assert (imi_manifest_node_count (manifest) == 3);
    assert (strcmp (imi_manifest_node_at (manifest, 0)->state, "AT") == 0);
    assert (strcmp (imi_manifest_node_at (manifest, 2)->state, "FR") == 0);
    assert (imi_manifest_node_at (manifest, 3) == NULL);
    assert (imi_manifest_find (manifest, "DE")->endpoint [0] == 't');
    assert (imi_manifest_find (manifest, "IT") == NULL);
    assert (imi_manifest_find_curve (manifest, fr.curve_key) == imi_manifest_find (manifest, "FR"));
    //  Replacing DE with a new endpoint keeps three nodes.
    strcpy (de.endpoint, "tcp://[::1]:7011");
    assert (imi_manifest_add_node (manifest, &de) == 0);
    assert (imi_manifest_node_count (manifest) == 3);
    assert (strcmp (imi_manifest_find (manifest, "DE")->endpoint, "tcp://[::1]:7011") == 0);

    //  Bad nodes: state, endpoints, a key another node holds.
    static const struct {
        const char *state;
        const char *endpoint;
    } cases [] = {
        { "de", "tcp://h:1" }, { "D", "tcp://h:1" }, { "IT", "udp://h:1" },
        { "IT", "tcp://:1" }, { "IT", "tcp://h" }, { "IT", "tcp://h:" },
        { "IT", "tcp://h:0" }, { "IT", "tcp://h:65536" }, { "IT", "tcp://h:01" },
        { "IT", "tcp://h:1x" }, { "IT", "tcp://a b:1" }, { "IT", "tcp://h:123456" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        s_test_node (&bad, "IT", 1);
        strcpy (bad.state, cases [index].state);
        strcpy (bad.endpoint, cases [index].endpoint);
        assert (imi_manifest_add_node (manifest, &bad) == -1);
    }
    s_test_node (&bad, "IT", 65535);
    memcpy (bad.curve_key, fr.curve_key, IMI_BOX_PUBLIC_BYTES);
    assert (imi_manifest_add_node (manifest, &bad) == -1);
    assert (strstr (imi_error_last (), "also the key of FR"));
    s_test_node (&bad, "IT", 65535);
    memcpy (bad.sign_key, at.sign_key, IMI_SIGN_PUBLIC_BYTES);
    assert (imi_manifest_add_node (manifest, &bad) == -1);
    assert (imi_manifest_node_count (manifest) == 3);

    assert (imi_manifest_remove_node (manifest, "IT") == -1);
    assert (imi_manifest_remove_node (manifest, "AT") == 0);
    assert (imi_manifest_node_count (manifest) == 2);
    assert (strcmp (imi_manifest_node_at (manifest, 0)->state, "DE") == 0);

    //  Round trip of an unsigned manifest.
    assert (imi_manifest_set_issued_ms (manifest, 1700000000000ULL) == 0);
    imi_manifest_t *copy = s_round_trip (manifest);
    assert (copy);
    assert (strcmp (imi_manifest_federation (copy), "EEA test federation") == 0);
    assert (imi_manifest_version (copy) == 1);
    assert (imi_manifest_issued_ms (copy) == 1700000000000ULL);
    assert (imi_manifest_node_count (copy) == 2);
    assert (memcmp (imi_manifest_node_at (copy, 1), &fr, sizeof fr) == 0);
    assert (imi_manifest_signature_count (copy) == 0);
    assert (imi_manifest_verify (copy, fr.sign_key, 1, 1) == -1);
    assert (strcmp (imi_error_last (), "manifest is unsigned") == 0);
    imi_manifest_destroy (&copy);

    //  Full: 64 nodes, then no more.
    imi_manifest_t *full = imi_manifest_new ("full");
    assert (full);
    for (int index = 0; index < IMI_MANIFEST_MAX_NODES; index++) {
        char state [3] = { (char) ('A' + index / 26), (char) ('A' + index % 26), 0 };
        s_test_node (&bad, state, 1000 + index);
        assert (imi_manifest_add_node (full, &bad) == 0);
    }
    s_test_node (&bad, "ZZ", 1);
    assert (imi_manifest_add_node (full, &bad) == -1);
    copy = s_round_trip (full);
    assert (copy && imi_manifest_node_count (copy) == IMI_MANIFEST_MAX_NODES);
    imi_manifest_destroy (&copy);
    imi_manifest_destroy (&full);
    imi_manifest_destroy (&manifest);
}

typedef struct {
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES];
    uint8_t secret_key [IMI_SIGN_SECRET_BYTES];
} s_governor_t;

static void
s_test_signatures (void)
{
    s_governor_t governors [3], stranger;
    uint8_t trusted [2 * IMI_SIGN_PUBLIC_BYTES];
    for (int index = 0; index < 3; index++)
        imi_sign_keypair (governors [index].public_key, governors [index].secret_key);
    imi_sign_keypair (stranger.public_key, stranger.secret_key);
    memcpy (trusted, governors [0].public_key, IMI_SIGN_PUBLIC_BYTES);
    memcpy (trusted + IMI_SIGN_PUBLIC_BYTES, governors [1].public_key, IMI_SIGN_PUBLIC_BYTES);

    imi_manifest_t *manifest = imi_manifest_new ("federation");
    imi_manifest_node_t node;
    s_test_node (&node, "NO", 7001);
    assert (imi_manifest_add_node (manifest, &node) == 0);
    assert (imi_manifest_sign (manifest, governors [0].secret_key) == 0);
    assert (imi_manifest_sign (manifest, governors [0].secret_key) == 0);     //  replaces
    assert (imi_manifest_signature_count (manifest) == 1);
    assert (imi_manifest_set_issued_ms (manifest, 5) == -1);
    assert (imi_manifest_verify (manifest, trusted, 2, 1) == 0);
    assert (imi_manifest_verify (manifest, trusted, 2, 2) == -1);
    assert (strstr (imi_error_last (), "1 of the 2"));
    assert (imi_manifest_verify (manifest, trusted, 2, 0) == -1);
    //  Only the stranger and the untrusted governor: no trusted signer.
    assert (imi_manifest_verify (manifest, trusted + IMI_SIGN_PUBLIC_BYTES, 1, 1) == -1);
    assert (strcmp (imi_error_last (), "manifest has no signature by a trusted key") == 0);

    //  Decoded, the signatures verify over the bytes received.
    imi_manifest_t *copy = s_round_trip (manifest);
    assert (copy && imi_manifest_verify (copy, trusted, 2, 1) == 0);
    assert (memcmp (imi_manifest_signer_at (copy, 0), governors [0].public_key,
                    IMI_SIGN_PUBLIC_BYTES) == 0);
    assert (imi_manifest_signer_at (copy, 1) == NULL);
    //  Threshold 2: a second trusted key, plus a stranger and an untrusted
    //  governor that do not count.
    assert (imi_manifest_sign (copy, stranger.secret_key) == 0);
    assert (imi_manifest_sign (copy, governors [2].secret_key) == 0);
    assert (imi_manifest_verify (copy, trusted, 2, 2) == -1);
    assert (imi_manifest_sign (copy, governors [1].secret_key) == 0);
    assert (imi_manifest_verify (copy, trusted, 2, 2) == 0);
    assert (imi_manifest_verify (copy, trusted, 2, 3) == -1);
    //  A trusted key listed twice still counts once.
    uint8_t twice [2 * IMI_SIGN_PUBLIC_BYTES];
    memcpy (twice, trusted, IMI_SIGN_PUBLIC_BYTES);
    memcpy (twice + IMI_SIGN_PUBLIC_BYTES, trusted, IMI_SIGN_PUBLIC_BYTES);
    assert (imi_manifest_verify (copy, twice, 2, 2) == -1);

    //  A bad signature by a trusted key is an error naming the key, even when
    //  enough others are valid; by an unknown key it is ignored.
    uint8_t *bytes;
    size_t size;
    copy->signatures [3].signature [0] ^= 1;            //  governors [1]
    assert (imi_manifest_verify (copy, trusted, 2, 1) == -1);
    char hex [2 * IMI_SIGN_PUBLIC_BYTES + 1];
    imi_hex_encode (hex, governors [1].public_key, IMI_SIGN_PUBLIC_BYTES);
    assert (strstr (imi_error_last (), hex));
    copy->signatures [3].signature [0] ^= 1;
    copy->signatures [1].signature [0] ^= 1;            //  stranger
    assert (imi_manifest_verify (copy, trusted, 2, 2) == 0);
    copy->signatures [1].signature [0] ^= 1;

    //  Flip each bit of the encoding: decode or verify (threshold 2) fails.
    assert (imi_manifest_encode (copy, &bytes, &size) == 0);
    uint8_t *tampered = (uint8_t *) malloc (size);
    assert (tampered);
    for (size_t offset = 0; offset < size; offset++)
        for (int bit = 0; bit < 8; bit++) {
            memcpy (tampered, bytes, size);
            tampered [offset] ^= (uint8_t) (1 << bit);
            imi_manifest_t *decoded = imi_manifest_decode (tampered, size);
            if (decoded) {
                //  Only the stranger's and the untrusted governor's parts
                //  may change without failing: they do not count.
                int rc = imi_manifest_verify (decoded, trusted, 2, 2);
                if (rc == 0) {
                    assert (imi_manifest_signature_count (decoded) == 4);
                    assert (memcmp (decoded->signatures [0].key, governors [0].public_key, 32) == 0);
                    assert (memcmp (decoded->signatures [3].key, governors [1].public_key, 32) == 0);
                    assert (memcmp (decoded->signatures [0].signature,
                                    copy->signatures [0].signature, 64) == 0);
                    assert (memcmp (decoded->signatures [3].signature,
                                    copy->signatures [3].signature, 64) == 0);
                    assert (decoded->body_size == copy->body_size);
                    assert (memcmp (decoded->body, copy->body, copy->body_size) == 0);
                }
                imi_manifest_destroy (&decoded);
            }
        }
    //  Truncation at every offset, and a trailing byte.
    for (size_t cut = 0; cut < size; cut++)
        assert (imi_manifest_decode (bytes, cut) == NULL);
    uint8_t *longer = (uint8_t *) malloc (size + 1);
    assert (longer);
    memcpy (longer, bytes, size);
    longer [size] = 0xc0;
    assert (imi_manifest_decode (longer, size + 1) == NULL);
    free (longer);
    free (tampered);
    free (bytes);

    //  Editing a signed manifest starts the next, unsigned version.
    assert (imi_manifest_remove_node (copy, "NO") == 0);
    assert (imi_manifest_version (copy) == 2);
    assert (imi_manifest_signature_count (copy) == 0);
    assert (imi_manifest_verify (copy, trusted, 2, 1) == -1);
    assert (imi_manifest_sign (copy, governors [0].secret_key) == 0);
    assert (imi_manifest_verify (copy, trusted, 2, 1) == 0);
    //  ...unless there is no next version.
    copy->version = UINT64_MAX;
    assert (imi_manifest_add_node (copy, &node) == -1);
    assert (imi_manifest_remove_node (copy, "NO") == -1);
    imi_manifest_destroy (&copy);

    //  At most IMI_MANIFEST_MAX_SIGNATURES signatures.
    for (int index = 0; index < IMI_MANIFEST_MAX_SIGNATURES - 1; index++) {
        s_governor_t extra;
        imi_sign_keypair (extra.public_key, extra.secret_key);
        assert (imi_manifest_sign (manifest, extra.secret_key) == 0);
    }
    assert (imi_manifest_signature_count (manifest) == IMI_MANIFEST_MAX_SIGNATURES);
    assert (imi_manifest_sign (manifest, stranger.secret_key) == -1);
    copy = s_round_trip (manifest);
    assert (copy);
    imi_manifest_destroy (&copy);
    //  One more, written by hand, does not decode; nor does a repeated signer.
    imi_writer_t writer;
    imi_writer_init (&writer);
    imi_writer_array (&writer, 2);
    imi_writer_bin (&writer, manifest->body, manifest->body_size);
    imi_writer_array (&writer, IMI_MANIFEST_MAX_SIGNATURES + 1);
    for (int index = 0; index <= IMI_MANIFEST_MAX_SIGNATURES; index++) {
        imi_writer_array (&writer, 2);
        imi_writer_bin (&writer, stranger.public_key, IMI_SIGN_PUBLIC_BYTES);
        imi_writer_bin (&writer, manifest->signatures [0].signature, IMI_SIGNATURE_BYTES);
    }
    bytes = imi_writer_take (&writer, &size);
    imi_writer_cleanup (&writer);
    assert (bytes && imi_manifest_decode (bytes, size) == NULL);
    assert (strstr (imi_error_last (), "manifest.signatures: 17 items"));
    free (bytes);
    manifest->signatures [1] = manifest->signatures [0];
    assert (s_round_trip (manifest) == NULL);
    assert (strstr (imi_error_last (), "a second signature by the same key"));
    imi_manifest_destroy (&manifest);
}

//  Malformed bodies, built by bending the struct and encoding.
static void
s_test_malformed (void)
{
    imi_manifest_t *manifest = imi_manifest_new ("federation");
    imi_manifest_node_t de, fr;
    s_test_node (&de, "DE", 7001);
    s_test_node (&fr, "FR", 7002);
    assert (imi_manifest_add_node (manifest, &de) == 0);
    assert (imi_manifest_add_node (manifest, &fr) == 0);

    //  Unsorted, then duplicate states.
    manifest->nodes [0] = fr;
    manifest->nodes [1] = de;
    free (manifest->body);
    manifest->body = NULL;
    assert (s_round_trip (manifest) == NULL);
    assert (strstr (imi_error_last (), "manifest.nodes[1].state: DE is not after FR"));
    manifest->nodes [0] = fr;
    manifest->nodes [1] = fr;
    memset (manifest->nodes [1].sign_key, 1, IMI_SIGN_PUBLIC_BYTES);
    memset (manifest->nodes [1].curve_key, 1, IMI_BOX_PUBLIC_BYTES);
    free (manifest->body);
    manifest->body = NULL;
    assert (s_round_trip (manifest) == NULL);
    //  The same CURVE key for two states.
    manifest->nodes [0] = de;
    manifest->nodes [1] = fr;
    memcpy (manifest->nodes [1].curve_key, de.curve_key, IMI_BOX_PUBLIC_BYTES);
    free (manifest->body);
    manifest->body = NULL;
    assert (s_round_trip (manifest) == NULL);
    assert (strstr (imi_error_last (), "manifest.nodes[1].curve_key: also the key of DE"));
    //  A bad endpoint, version 0.
    manifest->nodes [1] = fr;
    strcpy (manifest->nodes [1].endpoint, "tcp://host:99999");
    free (manifest->body);
    manifest->body = NULL;
    assert (s_round_trip (manifest) == NULL);
    assert (strstr (imi_error_last (), "manifest.nodes[1].endpoint: port"));
    manifest->nodes [1] = fr;
    manifest->version = 0;
    free (manifest->body);
    manifest->body = NULL;
    assert (s_round_trip (manifest) == NULL);
    assert (strstr (imi_error_last (), "manifest.version"));
    imi_manifest_destroy (&manifest);

    //  Hand-written shapes: the whole encoding, or a body and signatures
    //  wrapped in [bin (body), signatures].
    static const struct {
        const char *hex;
        const char *body;
        const char *reason;
    } cases [] = {
        { "91c400", NULL, "manifest: expected 2 items, got 1" },
        { "92a090", NULL, "manifest.body: expected a bin, got a string" },
        { "92c40190" "90", NULL, "manifest.body: 0 items, expected 5 to 6" },
        { "92c400" "dc0011", NULL, "claims 17 items" },
        { "90", "95" "ae696d692d6d616e69666573742d31", "truncated" },
        { "90", "95" "ae696d692d6d616e69666573742d33" "a178" "01" "01" "90",
          "manifest.format: 'imi-manifest-3' is not imi-manifest-1 or imi-manifest-2" },
        { "90", "95" "ae696d692d6d616e69666573742d32" "a178" "01" "01" "90",
          "manifest.body: imi-manifest-2 has 6 items, got 5" },
        { "90", "96" "ae696d692d6d616e69666573742d31" "a178" "01" "01" "90" "9290" "01",
          "manifest.body: imi-manifest-1 has 5 items, got 6" },
        { "90", "96" "ae696d692d6d616e69666573742d32" "a178" "01" "01" "90" "9290" "01",
          "manifest.governance.keys: 0 items, expected 1 to 16" },
        { "90", "96" "ae696d692d6d616e69666573742d32" "a178" "01" "01" "90"
          "9291c420" "1111111111111111111111111111111111111111111111111111111111111111" "02",
          "manifest.governance.threshold: 2, expected 1 to 1" },
        { "90", "95" "ae696d692d6d616e69666573742d31" "a0" "01" "01" "90",
          "manifest.federation" },
        { "90", "95" "ae696d692d6d616e69666573742d31" "a178" "01" "01" "9190",
          "manifest.nodes[0]: expected 4 items, got 0" },
        { "90", "95" "ae696d692d6d616e69666573742d31" "a178" "ff" "01" "90",
          "manifest.version: expected an unsigned integer" },
        { "9190", "95" "ae696d692d6d616e69666573742d31" "a178" "01" "01" "90",
          "manifest.signatures[]: expected 2 items, got 0" },
        { "90", "95" "ae696d692d6d616e69666573742d31" "a178" "01" "01" "90" "c0",
          "trailing" },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        uint8_t bytes [128], body [128];
        size_t size = strlen (cases [index].hex) / 2;
        assert (imi_hex_decode (bytes, size, cases [index].hex) == 0);
        uint8_t *wrapped = NULL;
        if (cases [index].body) {
            size_t body_size = strlen (cases [index].body) / 2;
            assert (imi_hex_decode (body, body_size, cases [index].body) == 0);
            imi_writer_t writer;
            imi_writer_init (&writer);
            imi_writer_array (&writer, 2);
            imi_writer_bin (&writer, body, body_size);
            assert (msgpack_sbuffer_write (&writer.buffer, (const char *) bytes, size) == 0);
            wrapped = imi_writer_take (&writer, &size);
            imi_writer_cleanup (&writer);
            assert (wrapped);
        }
        assert (imi_manifest_decode (wrapped? wrapped: bytes, size) == NULL);
        assert (strstr (imi_error_last (), cases [index].reason));
        free (wrapped);
    }
}

//  A governance section: set, encoded as imi-manifest-2, decoded back;
//  checked when set; removed, back to imi-manifest-1.
static void
s_test_governance (void)
{
    imi_manifest_t *manifest = imi_manifest_new ("federation");
    imi_manifest_node_t de;
    s_test_node (&de, "DE", 7001);
    assert (imi_manifest_add_node (manifest, &de) == 0);
    uint8_t keys [3][IMI_SIGN_PUBLIC_BYTES];
    memset (keys [0], 0x11, IMI_SIGN_PUBLIC_BYTES);
    memset (keys [1], 0x22, IMI_SIGN_PUBLIC_BYTES);
    memset (keys [2], 0x11, IMI_SIGN_PUBLIC_BYTES);
    const uint8_t *held;
    size_t threshold;
    assert (imi_manifest_governance (manifest, &held, &threshold) == 0);
    assert (imi_manifest_set_governance (manifest, keys [0], 2, 3) == -1);
    assert (imi_manifest_set_governance (manifest, keys [0], 2, 0) == -1);
    assert (imi_manifest_set_governance (manifest, keys [0], 3, 1) == -1);
    assert (strstr (imi_error_last (), "named twice"));
    assert (imi_manifest_set_governance (manifest, keys [0], 2, 2) == 0);
    imi_manifest_t *copy = s_round_trip (manifest);
    assert (copy);
    assert (imi_manifest_governance (copy, &held, &threshold) == 2 && threshold == 2);
    assert (memcmp (held, keys [0], 2 * IMI_SIGN_PUBLIC_BYTES) == 0);
    uint8_t *bytes;
    size_t size;
    assert (imi_manifest_encode (copy, &bytes, &size) == 0);
    assert (memmem (bytes, size, "imi-manifest-2", 14));
    free (bytes);
    imi_manifest_destroy (&copy);
    //  Signed, then edited: the section stays with the next version.
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES], secret_key [IMI_SIGN_SECRET_BYTES];
    imi_sign_keypair (public_key, secret_key);
    assert (imi_manifest_sign (manifest, secret_key) == 0);
    assert (imi_manifest_remove_node (manifest, "DE") == 0);
    assert (imi_manifest_version (manifest) == 2);
    assert (imi_manifest_governance (manifest, &held, &threshold) == 2);
    assert (imi_manifest_set_governance (manifest, NULL, 0, 0) == 0);
    copy = s_round_trip (manifest);
    assert (copy && imi_manifest_governance (copy, &held, &threshold) == 0);
    assert (imi_manifest_encode (copy, &bytes, &size) == 0);
    assert (memmem (bytes, size, "imi-manifest-1", 14));
    free (bytes);
    imi_manifest_destroy (&copy);
    imi_manifest_destroy (&manifest);
}

//  Self test: building, encoding, signing, thresholds, tampering, malformed input.
void
imi_manifest_test (void)
{
    s_test_build ();
    s_test_governance ();
    s_test_signatures ();
    s_test_malformed ();
}
