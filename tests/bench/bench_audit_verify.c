/*  bench_audit_verify: what imi-audit verify costs, beside the floor any
    offline check of a signed log must pay, in the same run.

    Builds a synthetic bundle in a temporary folder: a manifest of DE and FR
    signed by a test governance key, N envelope leaves (half sent by DE to
    FR, half received from FR, each a real sealed text message's signed
    header, sequenced 1, 2, ... per link), one checkpoint of all N signed by
    DE and cosigned by FR, and a policy naming the governance key and FR.
    Then times:
      - raw: read the leaves file, SHA-256 of each leaf and one Ed25519
        verification of its header (the floor: every leaf hashed, every
        signature checked, nothing else);
      - imi-audit verify: the program, as an auditor runs it (decoding,
        link and sequence checks, the Merkle tree, checkpoint and
        cosignature).
    The ratio verify / raw is the price of the tool over the floor (target
    >= 0.5).

    Not a test: prints figures; fails only if verify does not exit 0.

    Usage: bench_audit_verify [--leaves N (1,000,000)] [--tool PATH (../imi-audit
           beside this program)] [--keep]
*/
#include "bench_util.h"
#include "imi_body_audit.h"
#include "imi_crypto.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_manifest.h"
#include "imi_merkle.h"
#include "imi_note.h"

#include <getopt.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define S_LEVELS 64

typedef struct {
    char state [3];
    uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES];
    uint8_t sign_secret [IMI_SIGN_SECRET_BYTES];
    uint8_t curve_public [IMI_BOX_PUBLIC_BYTES];
    uint8_t curve_secret [IMI_BOX_SECRET_BYTES];
} s_node_t;

//  The latest subtree of each level: enough to append and take the root.
typedef struct {
    uint8_t hashes [S_LEVELS][IMI_HASH_BYTES];
} s_frontier_t;

static int
s_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    (void) index;
    memcpy (out, ((s_frontier_t *) context)->hashes [level], IMI_HASH_BYTES);
    return 0;
}

static int
s_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    (void) index;
    memcpy (((s_frontier_t *) context)->hashes [level], hash, IMI_HASH_BYTES);
    return 0;
}

static void
s_node (s_node_t *node, const char *state)
{
    snprintf (node->state, sizeof node->state, "%s", state);
    imi_sign_keypair (node->sign_public, node->sign_secret);
    imi_box_keypair (node->curve_public, node->curve_secret);
}

static void
s_write (const char *dir, const char *name, const void *data, size_t size)
{
    char path [4096];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    FILE *file = fopen (path, "wb");
    if (!file || fwrite (data, 1, size, file) != size || fclose (file)) {
        fprintf (stderr, "bench_audit_verify: cannot write %s\n", path);
        exit (1);
    }
}

//  Write the bundle and the policy into dir.
static void
s_make_bundle (const char *dir, uint64_t leaves)
{
    s_node_t de, fr;
    s_node (&de, "DE");
    s_node (&fr, "FR");
    uint8_t governance_public [IMI_SIGN_PUBLIC_BYTES], governance_secret [IMI_SIGN_SECRET_BYTES];
    imi_sign_keypair (governance_public, governance_secret);
    imi_manifest_t *manifest = imi_manifest_new ("bench");
    s_node_t *nodes [] = { &de, &fr };
    for (size_t index = 0; index < 2; index++) {
        imi_manifest_node_t node = { .endpoint = "tcp://127.0.0.1:7001" };
        snprintf (node.state, sizeof node.state, "%s", nodes [index]->state);
        memcpy (node.sign_key, nodes [index]->sign_public, IMI_SIGN_PUBLIC_BYTES);
        memcpy (node.curve_key, nodes [index]->curve_public, IMI_BOX_PUBLIC_BYTES);
        if (imi_manifest_add_node (manifest, &node))
            exit (1);
    }
    uint8_t *data;
    size_t size;
    if (imi_manifest_sign (manifest, governance_secret)
    ||  imi_manifest_encode (manifest, &data, &size))
        exit (1);
    imi_manifest_destroy (&manifest);
    s_write (dir, "manifest.imi", data, size);
    free (data);
    char origin [IMI_NOTE_ORIGIN_MAX + 1], witness [IMI_NOTE_ORIGIN_MAX + 1];
    if (imi_note_checkpoint_origin (origin, "bench", "DE")
    ||  imi_note_checkpoint_origin (witness, "bench", "FR"))
        exit (1);
    char line [IMI_NOTE_COSIGNATURE_LINE_MAX + 1];
    snprintf (line, sizeof line, "%s\n", origin);
    s_write (dir, "origin", line, strlen (line));
    char hex [2 * IMI_SIGN_PUBLIC_BYTES + 1];
    imi_hex_encode (hex, governance_public, IMI_SIGN_PUBLIC_BYTES);
    char policy [256];
    snprintf (policy, sizeof policy, "governance_key = %s\nwitness = FR\nwitness_quorum = 1\n",
              hex);
    s_write (dir, "policy.conf", policy, strlen (policy));

    //  The leaves: real envelopes' signed headers, half each way.
    uint8_t shared [IMI_BOX_SHARED_BYTES];
    if (imi_box_shared_key (shared, fr.curve_public, de.curve_secret))
        exit (1);
    char path [4096];
    snprintf (path, sizeof path, "%s/leaves", dir);
    FILE *file = fopen (path, "wb");
    s_frontier_t frontier;
    for (uint64_t index = 0; file && index < leaves; index++) {
        bool sent = index % 2 == 0;
        s_node_t *from = sent? &de: &fr;
        imi_header_t header = { .version = IMI_PROTOCOL_VERSION, .type = IMI_TYPE_TEXT,
                                .seq = index / 2 + 1, .timestamp_ms = 1700000000000ULL + index };
        snprintf (header.from, sizeof header.from, "%s", from->state);
        snprintf (header.to, sizeof header.to, "%s", sent? "FR": "DE");
        imi_random (header.message_id, IMI_MESSAGE_ID_BYTES);
        uint8_t *envelope, *leaf;
        size_t envelope_size, leaf_size;
        imi_envelope_view_t view;
        if (imi_envelope_seal (&envelope, &envelope_size, &header, (const uint8_t *) "bench", 5,
                               shared, from->sign_secret, NULL)
        ||  imi_envelope_decode (&view, envelope, envelope_size)
        ||  imi_leaf_envelope_encode (sent? IMI_LEAF_SENT: IMI_LEAF_RECEIVED, "FR", &view, NULL,
                                      &leaf, &leaf_size))
            exit (1);
        uint8_t length [4] = { (uint8_t) (leaf_size >> 24), (uint8_t) (leaf_size >> 16),
                               (uint8_t) (leaf_size >> 8), (uint8_t) leaf_size };
        fwrite (length, 1, 4, file);
        fwrite (leaf, 1, leaf_size, file);
        uint8_t leaf_hash [IMI_HASH_BYTES];
        imi_merkle_leaf_hash (leaf, leaf_size, leaf_hash);
        if (imi_merkle_append (index, leaf_hash, s_get, s_put, &frontier))
            exit (1);
        free (leaf);
        free (envelope);
    }
    if (!file || fclose (file))
        exit (1);

    //  One checkpoint of everything, signed by DE, cosigned by FR.
    imi_note_checkpoint_t checkpoint = { .size = leaves };
    snprintf (checkpoint.origin, sizeof checkpoint.origin, "%s", origin);
    char *text, *note_text;
    size_t text_size, note_size;
    if (imi_merkle_root (leaves, s_get, &frontier, checkpoint.root)
    ||  imi_note_checkpoint_format (&checkpoint, &text, &text_size))
        exit (1);
    imi_note_t *note = imi_note_new (text, text_size);
    if (!note || imi_note_sign (note, origin, de.sign_secret)
    ||  imi_note_cosign (line, text, text_size, witness, 1700000000, fr.sign_secret)
    ||  imi_note_add_signature (note, line, strlen (line))
    ||  imi_note_encode (note, &note_text, &note_size))
        exit (1);
    snprintf (path, sizeof path, "%s/checkpoints", dir);
    mkdir (path, 0700);
    char name [64];
    snprintf (name, sizeof name, "checkpoints/%020llu.note", (unsigned long long) leaves);
    s_write (dir, name, note_text, note_size);
    free (note_text);
    free (text);
    imi_note_destroy (&note);
}

//  The floor: read every record, hash the leaf, verify its header's
//  signature with the sender's key (found from the leaf's kind).
static uint64_t
s_raw (const char *dir, const uint8_t *keys)
{
    char path [4096];
    snprintf (path, sizeof path, "%s/leaves", dir);
    FILE *file = fopen (path, "rb");
    static uint8_t leaf [1 << 20];
    uint8_t length [4], hash [IMI_HASH_BYTES];
    uint64_t valid = 0;
    while (file && fread (length, 1, 4, file) == 4) {
        size_t size = (size_t) length [0] << 24 | (size_t) length [1] << 16
                    | (size_t) length [2] << 8 | length [3];
        if (size > sizeof leaf || fread (leaf, 1, size, file) != size)
            break;
        imi_hash (hash, leaf, size);
        //  [kind, peer (3 bytes), bin8 header, bin8 signature, note]
        size_t header_size = leaf [6];
        const uint8_t *signature = leaf + 7 + header_size + 2;
        const uint8_t *key = keys + (leaf [1] == IMI_LEAF_SENT? 0: IMI_SIGN_PUBLIC_BYTES);
        valid += imi_verify (signature, IMI_ENVELOPE_SIGN_CONTEXT, leaf + 7, header_size,
                             key) == 0;
    }
    if (file)
        fclose (file);
    return valid;
}

int
main (int argc, char *argv [])
{
    if (imi_crypto_init ())
        return 1;
    long leaves = 1000000;
    bool keep = false;
    char tool [4096];
    char self [4096];
    snprintf (self, sizeof self, "%s", argv [0]);
    snprintf (tool, sizeof tool, "%s/../imi-audit", dirname (self));
    static const struct option options [] = {
        { "leaves", required_argument, NULL, 'n' },
        { "tool", required_argument, NULL, 't' },
        { "keep", no_argument, NULL, 'k' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "", options, NULL)) != -1) {
        if (option == 'n')
            leaves = atol (optarg);
        else
        if (option == 't')
            snprintf (tool, sizeof tool, "%s", optarg);
        else
        if (option == 'k')
            keep = true;
        else {
            fprintf (stderr, "usage: bench_audit_verify [--leaves N] [--tool PATH] [--keep]\n");
            return 2;
        }
    }
    if (leaves < 2)
        leaves = 2;
    char dir [] = "/tmp/imi-bench-audit.XXXXXX";
    if (!mkdtemp (dir))
        return 1;
    char text [32];
    printf ("imi-audit verify of a synthetic log of %s entries (%s)\n",
            bench_grouped (text, sizeof text, (double) leaves), dir);
    double start = bench_now ();
    s_make_bundle (dir, (uint64_t) leaves);
    printf ("  bundle written in %.1f s\n", bench_now () - start);

    //  The keys the floor needs, from the manifest the bundle holds.
    char path [4096];
    snprintf (path, sizeof path, "%s/manifest.imi", dir);
    FILE *file = fopen (path, "rb");
    static uint8_t bytes [IMI_MANIFEST_MAX_BYTES];
    size_t size = file? fread (bytes, 1, sizeof bytes, file): 0;
    if (file)
        fclose (file);
    imi_manifest_t *manifest = imi_manifest_decode (bytes, size);
    if (!manifest)
        return 1;
    uint8_t keys [2 * IMI_SIGN_PUBLIC_BYTES];
    memcpy (keys, imi_manifest_find (manifest, "DE")->sign_key, IMI_SIGN_PUBLIC_BYTES);
    memcpy (keys + IMI_SIGN_PUBLIC_BYTES, imi_manifest_find (manifest, "FR")->sign_key,
            IMI_SIGN_PUBLIC_BYTES);
    imi_manifest_destroy (&manifest);

    start = bench_now ();
    uint64_t valid = s_raw (dir, keys);
    double raw_seconds = bench_now () - start;
    char command [9000];
    snprintf (command, sizeof command, "'%s' verify '%s' --policy '%s/policy.conf' >'%s/out.txt'",
              tool, dir, dir, dir);
    start = bench_now ();
    int status = system (command);
    double verify_seconds = bench_now () - start;
    bool verified = status != -1 && WIFEXITED (status) && WEXITSTATUS (status) == 0;
    double raw_rate = (double) leaves / raw_seconds;
    double verify_rate = verified? (double) leaves / verify_seconds: -1;
    bench_row ("raw", "SHA-256 + Ed25519 verify per entry", raw_rate,
               valid == (uint64_t) leaves? NULL: "signatures failed");
    bench_row ("verify", "imi-audit verify (whole program)", verify_rate, NULL);
    if (verified)
        printf ("  ratio verify / raw: %.2f (target >= 0.5)\n", verify_rate / raw_rate);
    else
        printf ("  imi-audit verify failed: see %s/out.txt\n", dir);
    if (!keep && verified) {
        snprintf (command, sizeof command, "rm -rf '%s'", dir);
        if (system (command) != 0)
            fprintf (stderr, "could not remove %s\n", dir);
    }
    return verified? 0: 1;
}
