/*  imictl_manifest: the governance key and the federation manifest.

    Offline but for manifest-install and manifest-show without a file: the
    governance makes its key, then a manifest file, adds and removes nodes,
    signs and verifies it, and gives it to the nodes.
*/
#include "imictl_internal.h"
#include "imi_control.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_federation.h"
#include "imi_keys.h"
#include "imi_manifest.h"

#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
s_governance_keygen (imictl_options_t *options)
{
    if (options->argc != 1)
        return imictl_fail ("usage: imictl governance-keygen FILE");
    uint8_t public_key [IMI_SIGN_PUBLIC_BYTES];
    if (imi_governance_key_generate (options->argv [0], public_key))
        return imictl_fail ("%s", imi_error_last ());
    char hex [65];
    imi_hex_encode (hex, public_key, sizeof public_key);
    printf ("%s\n", hex);
    fprintf (stderr, "governance key written to %s (keep it offline); its public key, for "
                     "every node's governance_key setting, is above\n", options->argv [0]);
    return 0;
}

static imi_manifest_t *
s_manifest_read (const char *path)
{
    uint8_t *bytes;
    size_t size;
    if (imi_file_read (path, IMI_MANIFEST_MAX_BYTES, &bytes, &size)) {
        imictl_fail ("%s", imi_error_last ());
        return NULL;
    }
    imi_manifest_t *manifest = imi_manifest_decode (bytes, size);
    free (bytes);
    if (!manifest)
        imictl_fail ("%s is not a valid manifest: %s", path, imi_error_last ());
    return manifest;
}

static int
s_manifest_write (imi_manifest_t *manifest, const char *path)
{
    uint8_t *bytes;
    size_t size;
    int rc = imi_manifest_encode (manifest, &bytes, &size);
    if (rc == 0) {
        rc = imi_file_write_atomic (path, bytes, size, 0644);
        free (bytes);
    }
    if (rc)
        return imictl_fail ("%s", imi_error_last ());
    printf ("%s: version %llu, %zu nodes, %zu signatures\n", path,
            (unsigned long long) imi_manifest_version (manifest),
            imi_manifest_node_count (manifest), imi_manifest_signature_count (manifest));
    return 0;
}

static int
s_manifest_new (imictl_options_t *options)
{
    if (options->argc != 1 || !options->federation)
        return imictl_fail ("usage: imictl manifest-new FILE --federation NAME");
    if (zsys_file_exists (options->argv [0]))
        return imictl_fail ("%s exists already; edit it with manifest-add-node", options->argv [0]);
    imi_manifest_t *manifest = imi_manifest_new (options->federation);
    if (!manifest)
        return imictl_fail ("%s", imi_error_last ());
    int rc = s_manifest_write (manifest, options->argv [0]);
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_add_node (imictl_options_t *options)
{
    if (options->argc != 1 || (!options->identity && !options->state))
        return imictl_fail ("usage: imictl manifest-add-node FILE [--endpoint tcp://HOST:PORT] "
                            "(--identity NODE/identity.pub | --state XX --sign-key HEX "
                            "--curve-key HEX)");
    imi_manifest_node_t node = { 0 };
    if (options->identity) {
        imi_identity_public_t public_part;
        if (imi_identity_public_load (options->identity, &public_part))
            return imictl_fail ("%s", imi_error_last ());
        memcpy (node.state, public_part.state, 3);
        memcpy (node.sign_key, public_part.sign_key, 32);
        memcpy (node.curve_key, public_part.curve_key, 32);
    }
    else {
        if (strlen (options->state) != 2)
            return imictl_fail ("--state must be a two-letter code");
        memcpy (node.state, options->state, 3);
        if (!options->sign_key || imi_hex_decode (node.sign_key, 32, options->sign_key))
            return imictl_fail ("--sign-key must be 64 hex digits");
        if (!options->curve_key || imi_hex_decode (node.curve_key, 32, options->curve_key))
            return imictl_fail ("--curve-key must be 64 hex digits");
    }
    if (options->endpoint && strlen (options->endpoint) > IMI_ENDPOINT_MAX)
        return imictl_fail ("--endpoint is too long");
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    if (!manifest)
        return 1;
    //  Without --endpoint, a node already listed keeps its own: new keys
    //  for a state (a rotation) are the same command.
    const imi_manifest_node_t *listed = imi_manifest_find (manifest, node.state);
    snprintf (node.endpoint, sizeof node.endpoint, "%s", options->endpoint? options->endpoint:
              listed? listed->endpoint: "");
    int rc = !*node.endpoint? imictl_fail ("%s is not in %s: --endpoint is needed", node.state,
                                           options->argv [0])
           : imi_manifest_add_node (manifest, &node)? imictl_fail ("%s", imi_error_last ())
           : s_manifest_write (manifest, options->argv [0]);
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_remove_node (imictl_options_t *options)
{
    if (options->argc != 2)
        return imictl_fail ("usage: imictl manifest-remove-node FILE STATE");
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    if (!manifest)
        return 1;
    int rc = imi_manifest_remove_node (manifest, options->argv [1])
           ? imictl_fail ("%s", imi_error_last ())
           : s_manifest_write (manifest, options->argv [0]);
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_sign (imictl_options_t *options)
{
    if (options->argc != 1 || !options->key)
        return imictl_fail ("usage: imictl manifest-sign FILE --key GOVERNANCE_KEY_FILE");
    uint8_t *secret = imi_governance_key_load (options->key);
    if (!secret)
        return imictl_fail ("%s", imi_error_last ());
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    int rc = 1;
    if (manifest)
        rc = imi_manifest_sign (manifest, secret)? imictl_fail ("%s", imi_error_last ())
           : s_manifest_write (manifest, options->argv [0]);
    imi_secret_free (secret);
    imi_manifest_destroy (&manifest);
    return rc;
}

//  A manifest (imi_control_manifest_value): its facts, a line each (a
//  signed_by line per signature, a next_governance_key line per key), then
//  a table of its nodes.
static void
s_render_manifest (json_t *value, zlist_t *lines)
{
    static const char *const facts [] = { "federation", "version", "issued_ms", "signatures" };
    for (size_t index = 0; index < sizeof facts / sizeof facts [0]; index++) {
        char text [32];
        imictl_row (lines, 2, (const char *[]) { facts [index],
                    imictl_cell (json_object_get (value, facts [index]), text) });
    }
    static const char *const lists [][2] = { { "signed_by", "signed_by" },
                                            { "next_governance_keys", "next_governance_key" } };
    for (size_t list = 0; list < sizeof lists / sizeof lists [0]; list++) {
        size_t index;
        json_t *key;
        json_array_foreach (json_object_get (value, lists [list][0]), index, key)
            imictl_row (lines, 2, (const char *[]) { lists [list][1],
                                                     json_is_string (key)? json_string_value (key): "" });
    }
    json_t *threshold = json_object_get (value, "next_governance_threshold");
    if (json_is_integer (threshold)) {
        char text [32];
        imictl_row (lines, 2, (const char *[]) { "next_governance_threshold",
                                                 imictl_cell (threshold, text) });
    }
    static const char *const columns [] = { "state", "endpoint", "sign_key", "curve_key" };
    imictl_render_items (json_object_get (value, "nodes"), columns, NULL,
                         sizeof columns / sizeof columns [0], lines);
}

static int
s_manifest_show_file (imictl_options_t *options, const char *path)
{
    imi_manifest_t *manifest = s_manifest_read (path);
    if (!manifest)
        return 1;
    json_t *value = imi_control_manifest_value (manifest);
    int rc = value? imictl_print_data (options, value, NULL, s_render_manifest)
                  : imictl_fail ("out of memory");
    json_decref (value);
    imi_manifest_destroy (&manifest);
    return rc;
}

//  manifest [FILE]: a file's manifest, or the one the node holds.
static int
s_manifest_show (imictl_options_t *options)
{
    if (options->argc == 1)
        return s_manifest_show_file (options, options->argv [0]);
    return imictl_forward (options, "manifest", 0, 0, "manifest-show [FILE]", s_render_manifest);
}

static int
s_manifest_verify (imictl_options_t *options)
{
    if (options->argc != 1 || !options->governance_key)
        return imictl_fail ("usage: imictl manifest-verify FILE --governance-key HEX "
                            "[--threshold N]");
    uint8_t trusted [IMI_SIGN_PUBLIC_BYTES];
    if (imi_hex_decode (trusted, sizeof trusted, options->governance_key))
        return imictl_fail ("--governance-key must be 64 hex digits");
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    if (!manifest)
        return 1;
    int rc = 0;
    if (imi_manifest_verify (manifest, trusted, 1, (size_t) options->threshold))
        rc = imictl_fail ("%s does not verify: %s", options->argv [0], imi_error_last ());
    else
        printf ("%s: valid, version %llu, %zu nodes\n", options->argv [0],
                (unsigned long long) imi_manifest_version (manifest),
                imi_manifest_node_count (manifest));
    imi_manifest_destroy (&manifest);
    return rc;
}

//  manifest-set-governance FILE --governance-key HEX[,HEX...] [--threshold N]:
//  the governance keys that sign the versions after this one; "none" removes
//  the section.
static int
s_manifest_set_governance (imictl_options_t *options)
{
    if (options->argc != 1 || !options->governance_key)
        return imictl_fail ("usage: imictl manifest-set-governance FILE --governance-key "
                            "HEX[,HEX...]|none [--threshold N]");
    uint8_t keys [IMI_MANIFEST_MAX_GOVERNANCE][IMI_SIGN_PUBLIC_BYTES];
    size_t count = 0;
    const char *cursor = options->governance_key;
    while (strcmp (options->governance_key, "none") != 0 && *cursor) {
        char hex [2 * IMI_SIGN_PUBLIC_BYTES + 1];
        size_t length = strcspn (cursor, ",");
        if (count == IMI_MANIFEST_MAX_GOVERNANCE || length != 2 * IMI_SIGN_PUBLIC_BYTES)
            return imictl_fail ("--governance-key: 1 to %d keys of 64 hex digits, separated "
                                "by commas", IMI_MANIFEST_MAX_GOVERNANCE);
        memcpy (hex, cursor, length);
        hex [length] = 0;
        if (imi_hex_decode (keys [count++], IMI_SIGN_PUBLIC_BYTES, hex))
            return imictl_fail ("--governance-key: '%s' is not 64 hex digits", hex);
        cursor += length + (cursor [length] == ',');
    }
    imi_manifest_t *manifest = s_manifest_read (options->argv [0]);
    if (!manifest)
        return 1;
    int rc = imi_manifest_set_governance (manifest, keys [0], count, (size_t) options->threshold)
           ? imictl_fail ("%s", imi_error_last ())
           : s_manifest_write (manifest, options->argv [0]);
    imi_manifest_destroy (&manifest);
    return rc;
}

static int
s_manifest_install (imictl_options_t *options)
{
    if (options->argc != 1)
        return imictl_fail ("usage: imictl -c CONFIG manifest-install FILE");
    return imictl_forward_file (options, "manifest-install", options->argv [0],
                                IMI_MANIFEST_MAX_BYTES, imictl_render_row);
}

const imictl_command_t imictl_manifest_commands [] = {
    { "governance-keygen", s_governance_keygen, "governance-keygen FILE: new governance key" },
    { "manifest-new", s_manifest_new, "manifest-new FILE --federation NAME" },
    { "manifest-add-node", s_manifest_add_node,
      "manifest-add-node FILE [--endpoint EP] (--identity PUB | --state XX --sign-key H "
      "--curve-key H)" },
    { "manifest-remove-node", s_manifest_remove_node, "manifest-remove-node FILE STATE" },
    { "manifest-sign", s_manifest_sign, "manifest-sign FILE --key GOVERNANCE_KEY_FILE" },
    { "manifest-set-governance", s_manifest_set_governance,
      "manifest-set-governance FILE --governance-key HEX[,HEX...]|none [--threshold N]: "
      "the governance that signs the versions after this one" },
    { "manifest-show", s_manifest_show, "manifest-show [FILE]: a file's, or the node's manifest" },
    { "manifest-verify", s_manifest_verify,
      "manifest-verify FILE --governance-key HEX [--threshold N]" },
    { "manifest-install", s_manifest_install,
      "manifest-install FILE: give a running node a newer manifest" },
    { NULL, NULL, NULL }
};
