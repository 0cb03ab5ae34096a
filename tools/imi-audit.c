/*  imi-audit: the auditor's tool. Checks a node's exported log offline,
    with public keys only (docs/audit.md, "Verifying").

    An auditor is outside the federation: this program links the protocol
    layer and common only, never the node, opens no database and talks to
    no one. Its input is the bundle `imictl audit export DIR` writes (origin,
    manifest.imi, manifests/<version>.imi, leaves, checkpoints/<size>.note)
    and a policy file naming whom the auditor trusts (governance keys and a
    threshold, witnesses and a quorum).

    Keys of their time: every manifest the node held is in the bundle, and
    the node's log says when it accepted each (LOCAL manifest.accepted). A
    leaf is checked with the keys of the manifest in force when it was
    logged, or the keys its signer had in the version before its last
    rotation (docs/audit.md, "Keys of their time"). Each manifest is signed
    by the policy's governance or by the governance an earlier one names.

      verify DIR --policy FILE   every check, in stream order; the first
                                 failure is named ("FAIL: entry 1234 at byte
                                 56789: sent to FR seq 58, expected 57")
      prove DIR MESSAGE_ID       where an exchange is in the log, and its
                                 inclusion proof in the latest checkpoint

    Memory: verify streams the leaves once and keeps one subtree hash per
    level of the tree (s_frontier_t, 64 hashes), one sequence number per
    link, and the sizes of the checkpoints: it runs in constant memory
    whatever the log's length. prove keeps every complete subtree
    (s_table_t, about 64 bytes per leaf) because a proof needs them.

    Exit codes: 0 verified, 1 a check failed (or the bundle cannot be read),
    2 the command line or the policy file is wrong.
*/
#include "imi_body_audit.h"
#include "imi_config.h"
#include "imi_crypto.h"
#include "imi_envelope.h"
#include "imi_error.h"
#include "imi_keys.h"
#include "imi_manifest.h"
#include "imi_merkle.h"
#include "imi_note.h"
#include "imi_version.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_EXIT_FAIL         1
#define S_EXIT_USAGE        2
#define S_LEAF_MAX          (1024 * 1024)   //  largest leaf record we read
#define S_LEVELS            64              //  levels of a tree of up to 2^64 leaves
#define S_GOVERNANCE_MAX    64
#define S_WITNESS_MAX       IMI_MANIFEST_MAX_NODES
#define S_CHECKPOINT_DIGITS 20              //  checkpoints/<size, 20 digits>.note

typedef uint8_t s_hash_t [IMI_HASH_BYTES];

//  ---------------------------------------------------------------------------
//  The policy: whom the auditor trusts

typedef struct {
    uint8_t governance_keys [S_GOVERNANCE_MAX][IMI_SIGN_PUBLIC_BYTES];
    size_t governance_count;
    long governance_threshold;              //  signatures the manifest needs
    char witnesses [S_WITNESS_MAX][3];      //  states whose cosignatures count
    size_t witness_count;
    long witness_quorum;                    //  cosignatures the latest checkpoint needs
} s_policy_t;

//  Load and check the policy file. 0, or -1 with the reason naming the file,
//  the setting and, where the config module knows it, the line.
static int
s_policy_load (s_policy_t *policy, const char *path)
{
    static const char *const known [] = {
        "governance_key", "governance_threshold", "witness", "witness_quorum", NULL
    };
    memset (policy, 0, sizeof *policy);
    imi_config_t *config = imi_config_load (path);
    if (!config)
        return -1;
    int rc = imi_config_check_keys (config, known);
    size_t count = imi_config_count (config, "governance_key");
    if (rc == 0 && count == 0)
        rc = imi_error_set ("%s: no governance_key: name at least one key trusted to sign "
                            "manifests", path);
    if (rc == 0 && count > S_GOVERNANCE_MAX)
        rc = imi_error_set ("%s: %zu governance_key settings, at most %d", path, count,
                            S_GOVERNANCE_MAX);
    for (size_t index = 0; rc == 0 && index < count; index++) {
        const char *hex = imi_config_get_nth (config, "governance_key", index);
        uint8_t *key = policy->governance_keys [index];
        if (imi_hex_decode (key, IMI_SIGN_PUBLIC_BYTES, hex))
            rc = imi_error_set ("%s: governance_key '%.80s' is not %d hex digits", path, hex,
                                2 * IMI_SIGN_PUBLIC_BYTES);
        for (size_t other = 0; rc == 0 && other < index; other++)
            if (memcmp (policy->governance_keys [other], key, IMI_SIGN_PUBLIC_BYTES) == 0)
                rc = imi_error_set ("%s: governance_key %.16s... is named twice", path, hex);
        policy->governance_count = index + 1;
    }
    if (rc == 0)
        rc = imi_config_get_int (config, "governance_threshold", 1, 1,
                                 (long) policy->governance_count,
                                 &policy->governance_threshold);
    count = imi_config_count (config, "witness");
    if (rc == 0 && count > S_WITNESS_MAX)
        rc = imi_error_set ("%s: %zu witness settings, at most %d", path, count, S_WITNESS_MAX);
    for (size_t index = 0; rc == 0 && index < count; index++) {
        const char *state = imi_config_get_nth (config, "witness", index);
        if (!imi_state_code_valid (state))
            rc = imi_error_set ("%s: witness '%.80s' is not a state code (two upper-case "
                                "letters)", path, state);
        for (size_t other = 0; rc == 0 && other < index; other++)
            if (strcmp (policy->witnesses [other], state) == 0)
                rc = imi_error_set ("%s: witness %s is named twice", path, state);
        if (rc == 0)
            snprintf (policy->witnesses [index], 3, "%s", state);
        policy->witness_count = index + 1;
    }
    //  By default every witness named must have cosigned: the strict reading.
    if (rc == 0)
        rc = imi_config_get_int (config, "witness_quorum", (long) policy->witness_count, 0,
                                 (long) policy->witness_count, &policy->witness_quorum);
    imi_config_destroy (&config);
    return rc;
}

//  ---------------------------------------------------------------------------
//  The bundle: origin, manifest, the checkpoints' sizes

#define S_STATES            (26 * 26)       //  state codes AA .. ZZ
#define S_KEYS_MAX          (2 + 4 * S_WITNESS_MAX)     //  note keys of one checkpoint
#define S_MANIFEST_DIGITS   20              //  manifests/<version, 20 digits>.imi

typedef struct {
    const char *dir;
    char origin [IMI_NOTE_ORIGIN_MAX + 1];      //  federated-imi/<federation>/<STATE>
    char state [3];                             //  whose log it is
    imi_manifest_t *manifest;                   //  manifest.imi: the one held at export
    imi_manifest_t **versions;                  //  every manifest of the bundle, oldest first
    size_t version_count;                       //  (manifest.imi among them)
    const s_policy_t *policy;                   //  witnesses whose keys count (NULL: none)
    imi_note_key_t keys [S_KEYS_MAX];           //  of a checkpoint (s_bundle_keys): the log's
    const char *key_states [S_KEYS_MAX];        //  (0x01) first, then witnesses' (0x04);
    size_t key_count;                           //  the state of each
    size_t log_key_count;                       //  the log's: 1 or 2 (its previous key)
    uint64_t *checkpoint_sizes;                 //  ascending
    size_t checkpoint_count;
} s_bundle_t;

static void
s_bundle_close (s_bundle_t *bundle)
{
    for (size_t index = 0; index < bundle->version_count; index++)
        if (bundle->versions [index] != bundle->manifest)
            imi_manifest_destroy (&bundle->versions [index]);
    free (bundle->versions);
    imi_manifest_destroy (&bundle->manifest);
    free (bundle->checkpoint_sizes);
    memset (bundle, 0, sizeof *bundle);
}

//  Read the whole of DIR/name, at most maximum bytes, into *data (malloc'd,
//  NUL-terminated, caller frees). 0, or -1 naming the file.
static int
s_read_file (const char *dir, const char *name, size_t maximum, char **data, size_t *size)
{
    char path [4096];
    snprintf (path, sizeof path, "%s/%s", dir, name);
    *data = NULL;
    FILE *file = fopen (path, "rb");
    if (!file)
        return imi_error_set ("%s: cannot open: %s", name, strerror (errno));
    char *buffer = malloc (maximum + 2);
    size_t got = buffer? fread (buffer, 1, maximum + 1, file): 0;
    int rc = 0;
    if (!buffer)
        rc = imi_error_set ("%s: out of memory", name);
    else
    if (ferror (file))
        rc = imi_error_set ("%s: cannot read", name);
    else
    if (got > maximum)
        rc = imi_error_set ("%s: larger than %zu bytes", name, maximum);
    fclose (file);
    if (rc) {
        free (buffer);
        return rc;
    }
    buffer [got] = 0;
    *data = buffer;
    *size = got;
    return 0;
}

//  The sizes of checkpoints/<20 digits>.note, ascending. 0 or -1.
static int
s_bundle_list_checkpoints (s_bundle_t *bundle)
{
    char path [4096];
    snprintf (path, sizeof path, "%s/checkpoints", bundle->dir);
    DIR *dir = opendir (path);
    if (!dir)
        return imi_error_set ("checkpoints: cannot open the folder: %s", strerror (errno));
    size_t capacity = 0;
    int rc = 0;
    struct dirent *entry;
    while (rc == 0 && (entry = readdir (dir))) {
        const char *name = entry->d_name;
        if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
            continue;
        bool valid = strlen (name) == S_CHECKPOINT_DIGITS + 5
                  && strcmp (name + S_CHECKPOINT_DIGITS, ".note") == 0;
        uint64_t size = 0;
        for (size_t index = 0; valid && index < S_CHECKPOINT_DIGITS; index++) {
            unsigned digit = (unsigned) (name [index] - '0');
            valid = digit <= 9 && size <= (UINT64_MAX - digit) / 10;
            size = size * 10 + digit;
        }
        if (!valid) {
            rc = imi_error_set ("checkpoints/%.80s: not a checkpoint's name (<size in %d "
                                "digits>.note)", name, S_CHECKPOINT_DIGITS);
            break;
        }
        if (bundle->checkpoint_count == capacity) {
            capacity = capacity? 2 * capacity: 64;
            uint64_t *grown = realloc (bundle->checkpoint_sizes, capacity * sizeof *grown);
            if (!grown) {
                rc = imi_error_set ("checkpoints: out of memory");
                break;
            }
            bundle->checkpoint_sizes = grown;
        }
        bundle->checkpoint_sizes [bundle->checkpoint_count++] = size;
    }
    closedir (dir);
    if (rc)
        return rc;
    //  Names are unique, so sizes are: a plain insertion sort of the few
    //  out of order (readdir's order is the file system's).
    uint64_t *sizes = bundle->checkpoint_sizes;
    for (size_t index = 1; index < bundle->checkpoint_count; index++) {
        uint64_t size = sizes [index];
        size_t place = index;
        for (; place > 0 && sizes [place - 1] > size; place--)
            sizes [place] = sizes [place - 1];
        sizes [place] = size;
    }
    return 0;
}

//  A manifest of the bundle (named name) is of the federation of
//  manifest.imi. 0 or -1.
static int
s_manifest_check (s_bundle_t *bundle, imi_manifest_t *manifest, const char *name)
{
    if (strcmp (imi_manifest_federation (manifest), imi_manifest_federation (bundle->manifest)))
        return imi_error_set ("%s: a manifest of federation '%.80s', not '%s'", name,
                              imi_manifest_federation (manifest),
                              imi_manifest_federation (bundle->manifest));
    return 0;
}

//  Version index (named name) is signed by at least governance_threshold of
//  the policy's governance keys, or else by the governance that the newest
//  earlier version naming one names for its successors (docs/audit.md,
//  "Governance of their time"). 0 or -1.
static int
s_manifest_signed (s_bundle_t *bundle, size_t index, const char *name)
{
    const s_policy_t *policy = bundle->policy;
    imi_manifest_t *manifest = bundle->versions [index];
    if (imi_manifest_verify (manifest, policy->governance_keys [0], policy->governance_count,
                             (size_t) policy->governance_threshold) == 0)
        return 0;
    char reason [IMI_ERROR_MAX];
    snprintf (reason, sizeof reason, "%s", imi_error_last ());
    const uint8_t *keys;
    size_t threshold;
    for (size_t earlier = index; earlier-- > 0;) {
        imi_manifest_t *before = bundle->versions [earlier];
        size_t count = imi_manifest_governance (before, &keys, &threshold);
        if (count == 0)
            continue;
        if (imi_manifest_verify (manifest, keys, count, threshold) == 0)
            return 0;
        return imi_error_wrap ("%s: not signed by %ld of the policy's governance keys (%s), "
                               "nor by %zu of those version %" PRIu64 " names", name,
                               policy->governance_threshold, reason, threshold,
                               imi_manifest_version (before));
    }
    return imi_error_set ("%s: not signed by %ld of the policy's governance keys: %s", name,
                          policy->governance_threshold, reason);
}

//  Every manifest of the bundle signed (s_manifest_signed): manifest.imi
//  first, then the versions in order. 0 or -1 naming the file.
static int
s_bundle_verify_manifests (s_bundle_t *bundle)
{
    uint64_t held = imi_manifest_version (bundle->manifest);
    for (size_t index = 0; bundle->policy && index < bundle->version_count; index++)
        if (imi_manifest_version (bundle->versions [index]) == held
        &&  s_manifest_signed (bundle, index, "manifest.imi"))
            return -1;
    for (size_t index = 0; bundle->policy && index < bundle->version_count; index++) {
        char name [64];
        snprintf (name, sizeof name, "manifests/%0*" PRIu64 ".imi", S_MANIFEST_DIGITS,
                  imi_manifest_version (bundle->versions [index]));
        if (s_manifest_signed (bundle, index, name))
            return -1;
    }
    return 0;
}

//  Put manifest (owned from now on) among the versions, in version order.
//  0, or -1 if the bundle holds another manifest of that version.
static int
s_versions_add (s_bundle_t *bundle, imi_manifest_t *manifest, const char *name)
{
    uint64_t version = imi_manifest_version (manifest);
    size_t place = 0;
    while (place < bundle->version_count
           && imi_manifest_version (bundle->versions [place]) < version)
        place++;
    if (place < bundle->version_count
    &&  imi_manifest_version (bundle->versions [place]) == version) {
        //  manifest.imi is one of manifests/ as a rule: the same bytes.
        uint8_t *one, *other;
        size_t one_size, other_size;
        int rc = imi_manifest_encode (manifest, &one, &one_size)? -1:
                 imi_manifest_encode (bundle->versions [place], &other, &other_size)? -2: 0;
        bool same = rc == 0 && one_size == other_size && memcmp (one, other, one_size) == 0;
        if (rc != -1)
            free (one);
        if (rc == 0)
            free (other);
        if (manifest != bundle->manifest)
            imi_manifest_destroy (&manifest);
        return same? 0: imi_error_set ("%s: another manifest of version %" PRIu64 " is in the "
                                       "bundle", name, version);
    }
    imi_manifest_t **grown = realloc (bundle->versions,
                                      (bundle->version_count + 1) * sizeof *grown);
    if (!grown) {
        if (manifest != bundle->manifest)
            imi_manifest_destroy (&manifest);
        return imi_error_set ("out of memory");
    }
    bundle->versions = grown;
    memmove (grown + place + 1, grown + place, (bundle->version_count - place) * sizeof *grown);
    grown [place] = manifest;
    bundle->version_count++;
    return 0;
}

//  manifests/<20 digits>.imi, each checked, and manifest.imi: the versions.
//  A bundle without the folder (made before it existed) has manifest.imi
//  alone. 0 or -1 naming the file.
static int
s_bundle_list_manifests (s_bundle_t *bundle)
{
    char path [4096];
    snprintf (path, sizeof path, "%s/manifests", bundle->dir);
    DIR *dir = opendir (path);
    if (!dir && errno != ENOENT)
        return imi_error_set ("manifests: cannot open the folder: %s", strerror (errno));
    int rc = 0;
    struct dirent *entry;
    while (rc == 0 && dir && (entry = readdir (dir))) {
        const char *name = entry->d_name;
        if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
            continue;
        char file [64];
        snprintf (file, sizeof file, "manifests/%.40s", name);
        bool valid = strlen (name) == S_MANIFEST_DIGITS + 4
                  && strcmp (name + S_MANIFEST_DIGITS, ".imi") == 0;
        for (size_t index = 0; valid && index < S_MANIFEST_DIGITS; index++)
            valid = name [index] >= '0' && name [index] <= '9';
        if (!valid) {
            rc = imi_error_set ("%s: not a manifest's name (<version in %d digits>.imi)", file,
                                S_MANIFEST_DIGITS);
            break;
        }
        char *data;
        size_t size;
        if (s_read_file (bundle->dir, file, IMI_MANIFEST_MAX_BYTES, &data, &size)) {
            rc = -1;
            break;
        }
        imi_manifest_t *manifest = imi_manifest_decode ((const uint8_t *) data, size);
        free (data);
        char version [S_MANIFEST_DIGITS + 1];
        if (manifest)
            snprintf (version, sizeof version, "%0*" PRIu64, S_MANIFEST_DIGITS,
                      imi_manifest_version (manifest));
        if (!manifest)
            rc = imi_error_wrap ("%s", file);
        else
        if (strncmp (version, name, S_MANIFEST_DIGITS) != 0)
            rc = imi_error_set ("%s: holds version %" PRIu64, file,
                                imi_manifest_version (manifest));
        else
            rc = s_manifest_check (bundle, manifest, file);
        if (rc)
            imi_manifest_destroy (&manifest);
        else
            rc = s_versions_add (bundle, manifest, file);
    }
    if (dir)
        closedir (dir);
    return rc? rc: s_versions_add (bundle, bundle->manifest, "manifest.imi");
}

//  The index of the manifest in force after the log says the node accepted
//  version: the newest of the bundle not newer than it, or the oldest (a
//  log older than the manifests the node kept).
static size_t
s_version_in_force (const s_bundle_t *bundle, uint64_t version)
{
    size_t index = 0;
    while (index + 1 < bundle->version_count
           && imi_manifest_version (bundle->versions [index + 1]) <= version)
        index++;
    return index;
}

//  The signing keys state held while version in_force was in force: its
//  key in that version, then its key before its last rotation (in the
//  newest older version that lists another one, looking back only through
//  versions that list the state), if any. Returns how many (0: the state is
//  not in that version).
static size_t
s_state_keys (const s_bundle_t *bundle, size_t in_force, const char *state,
              const uint8_t *keys [2])
{
    const imi_manifest_node_t *node = imi_manifest_find (bundle->versions [in_force], state);
    if (!node)
        return 0;
    keys [0] = node->sign_key;
    for (size_t index = in_force; index-- > 0;) {
        const imi_manifest_node_t *before = imi_manifest_find (bundle->versions [index], state);
        if (!before)
            break;                  //  removed, then added back: no previous key
        if (memcmp (before->sign_key, node->sign_key, IMI_SIGN_PUBLIC_BYTES)) {
            keys [1] = before->sign_key;
            return 2;
        }
    }
    return 1;
}

//  The note keys of a checkpoint logged while version in_force was in
//  force: the log's keys of that time (s_state_keys), then, for each policy
//  witness other than the log's state, every key the manifests of the
//  bundle give it (a witness cosigns when it sees the checkpoint, with the
//  key it holds then, which may be a later one). 0 or -1.
static int
s_bundle_keys (s_bundle_t *bundle, size_t in_force)
{
    const char *federation = imi_manifest_federation (bundle->manifest);
    const uint8_t *log_keys [2];
    bundle->key_count = 0;
    bundle->log_key_count = s_state_keys (bundle, in_force, bundle->state, log_keys);
    if (bundle->log_key_count == 0)
        return imi_error_set ("%s is not a node of manifest version %" PRIu64, bundle->state,
                              imi_manifest_version (bundle->versions [in_force]));
    for (size_t index = 0; index < bundle->log_key_count; index++) {
        if (imi_note_key_set (&bundle->keys [index], bundle->origin, IMI_NOTE_TYPE_ED25519,
                              log_keys [index]))
            return imi_error_wrap ("origin");
        bundle->key_states [bundle->key_count++] = bundle->state;
    }
    const s_policy_t *policy = bundle->policy;
    for (size_t index = 0; policy && index < policy->witness_count; index++) {
        const char *state = policy->witnesses [index];
        char origin [IMI_NOTE_ORIGIN_MAX + 1];
        if (strcmp (state, bundle->state) == 0
        ||  imi_note_checkpoint_origin (origin, federation, state))
            continue;
        size_t first = bundle->key_count;
        for (size_t version = 0; version < bundle->version_count; version++) {
            const imi_manifest_node_t *node = imi_manifest_find (bundle->versions [version],
                                                                 state);
            bool known = !node;
            for (size_t key = first; !known && key < bundle->key_count; key++)
                known = memcmp (bundle->keys [key].public_key, node->sign_key,
                                IMI_SIGN_PUBLIC_BYTES) == 0;
            if (known)
                continue;
            if (bundle->key_count == S_KEYS_MAX)
                return imi_error_set ("manifests: more than %d witness keys", S_KEYS_MAX - 2);
            if (imi_note_key_set (&bundle->keys [bundle->key_count], origin,
                                  IMI_NOTE_TYPE_COSIGNATURE, node->sign_key))
                return imi_error_wrap ("witness %s", state);
            bundle->key_states [bundle->key_count++] = policy->witnesses [index];
        }
    }
    return 0;
}

//  Open DIR: origin, manifest (verified against the policy's governance keys
//  if policy is not NULL), the log's key, the witnesses' keys, the
//  checkpoints' sizes. 0, or -1 with the reason naming the file.
static int
s_bundle_open (s_bundle_t *bundle, const char *dir, const s_policy_t *policy)
{
    memset (bundle, 0, sizeof *bundle);
    bundle->dir = dir;
    bundle->policy = policy;
    char *data;
    size_t size;
    if (s_read_file (dir, "origin", IMI_NOTE_ORIGIN_MAX + 1, &data, &size))
        return -1;
    if (size > 0 && data [size - 1] == '\n')
        data [--size] = 0;
    int rc = size == 0 || size > IMI_NOTE_ORIGIN_MAX || strlen (data) != size
           ? imi_error_set ("origin: not one line of 1 to %d characters", IMI_NOTE_ORIGIN_MAX)
           : 0;
    if (rc == 0)
        memcpy (bundle->origin, data, size + 1);
    free (data);
    if (rc)
        return rc;

    if (s_read_file (dir, "manifest.imi", IMI_MANIFEST_MAX_BYTES, &data, &size))
        return -1;
    bundle->manifest = imi_manifest_decode ((const uint8_t *) data, size);
    free (data);
    if (!bundle->manifest)
        return imi_error_wrap ("manifest.imi");
    if (s_bundle_list_manifests (bundle) || s_bundle_verify_manifests (bundle))
        return -1;

    //  The origin must be a log of this federation, of a state in it.
    const char *federation = imi_manifest_federation (bundle->manifest);
    size_t length = strlen (bundle->origin);
    char expected [IMI_NOTE_ORIGIN_MAX + 1] = "";
    if (length > 3 && bundle->origin [length - 3] == '/')
        snprintf (bundle->state, sizeof bundle->state, "%s", bundle->origin + length - 2);
    if (imi_note_checkpoint_origin (expected, federation, bundle->state)
    ||  strcmp (expected, bundle->origin) != 0)
        return imi_error_set ("origin: '%.80s' is not the log of a state of federation '%s' "
                              "(federated-imi/<federation>/<STATE>)", bundle->origin, federation);
    bool listed = false;
    for (size_t index = 0; index < bundle->version_count; index++)
        listed = listed || imi_manifest_find (bundle->versions [index], bundle->state);
    if (!listed)
        return imi_error_set ("origin: %s is not a node of the manifest", bundle->state);
    return s_bundle_list_checkpoints (bundle);
}

//  Load checkpoints/<size>.note: decode, verify the log's signature and every
//  cosignature by a policy witness, with the keys s_bundle_keys chose,
//  parse, check origin and size. 0 with *note (caller destroys), the fields
//  and which keys signed (verified, one per bundle key), or -1 naming the file.
static int
s_checkpoint_load (s_bundle_t *bundle, uint64_t size, imi_note_t **note,
                   imi_note_checkpoint_t *checkpoint, imi_note_verified_t *verified)
{
    char name [64];
    snprintf (name, sizeof name, "checkpoints/%0*" PRIu64 ".note", S_CHECKPOINT_DIGITS, size);
    char *data;
    size_t data_size;
    if (s_read_file (bundle->dir, name, IMI_NOTE_MAX_BYTES, &data, &data_size))
        return -1;
    *note = imi_note_decode (data, data_size);
    free (data);
    if (!*note)
        return imi_error_wrap ("%s: not a signed note", name);
    //  The log's signature first: a note that is not this log's says so.
    int rc = 0;
    if (imi_note_verify (*note, bundle->keys, bundle->log_key_count, verified))
        rc = imi_error_wrap ("%s: not signed by %s's key in the manifest", name,
                             bundle->origin);
    size_t text_size;
    const char *text = imi_note_text (*note, &text_size);
    if (rc == 0 && imi_note_checkpoint_parse (checkpoint, text, text_size))
        rc = imi_error_wrap ("%s: not a checkpoint", name);
    if (rc == 0 && strcmp (checkpoint->origin, bundle->origin) != 0)
        rc = imi_error_set ("%s: a checkpoint of '%.80s', not of this log", name,
                            checkpoint->origin);
    if (rc == 0 && checkpoint->size != size)
        rc = imi_error_set ("%s: holds the checkpoint of size %" PRIu64, name,
                            checkpoint->size);
    //  Then every cosignature by a policy witness, each of which must verify.
    //  A line whose name and key id match no key of ours is ignored, as C2SP
    //  signed-note requires: a witness may sign under its name with a second
    //  key (another algorithm) beside the one the manifest lists.
    if (rc == 0 && imi_note_verify (*note, bundle->keys, bundle->key_count, verified))
        rc = imi_error_wrap ("%s", name);
    if (rc)
        imi_note_destroy (note);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Reading the leaves file: records of a 4-byte big-endian length, then the leaf

typedef struct {
    FILE *file;
    uint8_t *buffer;                //  S_LEAF_MAX bytes, the current leaf
    uint64_t entry;                 //  index of the current leaf
    uint64_t entry_offset;          //  byte offset of its record
    uint64_t count;                 //  records read
    uint64_t offset;                //  byte offset of the next record
} s_leaves_t;

static int
s_leaves_open (s_leaves_t *self, const char *dir)
{
    memset (self, 0, sizeof *self);
    char path [4096];
    snprintf (path, sizeof path, "%s/leaves", dir);
    self->file = fopen (path, "rb");
    if (!self->file)
        return imi_error_set ("leaves: cannot open: %s", strerror (errno));
    self->buffer = malloc (S_LEAF_MAX);
    if (!self->buffer) {
        fclose (self->file);
        return imi_error_set ("leaves: out of memory");
    }
    return 0;
}

static void
s_leaves_close (s_leaves_t *self)
{
    if (self->file)
        fclose (self->file);
    free (self->buffer);
    memset (self, 0, sizeof *self);
}

//  The next leaf: 1 with *size bytes in self->buffer, 0 at the end of the
//  file, -1 naming the entry and its byte offset.
static int
s_leaves_next (s_leaves_t *self, size_t *size)
{
    self->entry = self->count;
    self->entry_offset = self->offset;
    uint8_t length [4];
    size_t got = fread (length, 1, sizeof length, self->file);
    if (ferror (self->file))
        return imi_error_set ("leaves: read error at byte %" PRIu64, self->offset);
    if (got == 0)
        return 0;
    if (got < sizeof length)
        return imi_error_set ("entry %" PRIu64 " at byte %" PRIu64 ": truncated record "
                              "(%zu of the 4 length bytes)", self->entry, self->offset, got);
    uint32_t value = (uint32_t) length [0] << 24 | (uint32_t) length [1] << 16
                   | (uint32_t) length [2] << 8 | length [3];
    if (value == 0 || value > S_LEAF_MAX)
        return imi_error_set ("entry %" PRIu64 " at byte %" PRIu64 ": record length %" PRIu32
                              " (must be 1 to %d)", self->entry, self->offset, value,
                              S_LEAF_MAX);
    got = fread (self->buffer, 1, value, self->file);
    if (ferror (self->file))
        return imi_error_set ("leaves: read error at byte %" PRIu64, self->offset + 4);
    if (got < value)
        return imi_error_set ("entry %" PRIu64 " at byte %" PRIu64 ": truncated record "
                              "(%zu of %" PRIu32 " bytes)", self->entry, self->offset, got, value);
    *size = value;
    self->count++;
    self->offset += 4 + value;
    return 1;
}

//  ---------------------------------------------------------------------------
//  Trees in memory: the frontier (verify) and the full table (prove)

//  The latest complete subtree of each level: enough to append and to take
//  the root of the current size (imi_merkle.h), in constant memory.
typedef struct {
    s_hash_t hashes [S_LEVELS];
    uint64_t indexes [S_LEVELS];
    bool held [S_LEVELS];
} s_frontier_t;

static int
s_frontier_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    s_frontier_t *self = (s_frontier_t *) context;
    if (level >= S_LEVELS || !self->held [level] || self->indexes [level] != index)
        return imi_error_set ("the frontier does not hold subtree (%u, %" PRIu64 ")", level,
                              index);
    memcpy (out, self->hashes [level], IMI_HASH_BYTES);
    return 0;
}

static int
s_frontier_put (void *context, unsigned level, uint64_t index,
                const uint8_t hash [IMI_HASH_BYTES])
{
    s_frontier_t *self = (s_frontier_t *) context;
    if (level >= S_LEVELS)
        return imi_error_set ("subtree level %u beyond %d", level, S_LEVELS - 1);
    memcpy (self->hashes [level], hash, IMI_HASH_BYTES);
    self->indexes [level] = index;
    self->held [level] = true;
    return 0;
}

//  Every complete subtree, one growing array per level.
typedef struct {
    s_hash_t *levels [S_LEVELS];
    uint64_t counts [S_LEVELS];
    uint64_t capacities [S_LEVELS];
} s_table_t;

static int
s_table_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    s_table_t *self = (s_table_t *) context;
    if (level >= S_LEVELS || index >= self->counts [level])
        return imi_error_set ("subtree (%u, %" PRIu64 ") not in the table", level, index);
    memcpy (out, self->levels [level][index], IMI_HASH_BYTES);
    return 0;
}

//  Appends come in order: each put is the next subtree of its level.
static int
s_table_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    s_table_t *self = (s_table_t *) context;
    if (level >= S_LEVELS || index != self->counts [level])
        return imi_error_set ("subtree (%u, %" PRIu64 ") put out of order", level, index);
    if (index == self->capacities [level]) {
        uint64_t capacity = index? 2 * index: 1024;
        s_hash_t *grown = capacity > SIZE_MAX / sizeof (s_hash_t)? NULL
                        : realloc (self->levels [level], (size_t) capacity * sizeof (s_hash_t));
        if (!grown)
            return imi_error_set ("out of memory for %" PRIu64 " subtrees", capacity);
        self->levels [level] = grown;
        self->capacities [level] = capacity;
    }
    memcpy (self->levels [level][index], hash, IMI_HASH_BYTES);
    self->counts [level] = index + 1;
    return 0;
}

static void
s_table_free (s_table_t *self)
{
    for (size_t level = 0; level < S_LEVELS; level++)
        free (self->levels [level]);
    memset (self, 0, sizeof *self);
}

//  ---------------------------------------------------------------------------
//  Checking one leaf

typedef struct {
    bool seen;
    uint64_t last;                  //  the last sequence number seen
} s_link_t;

//  Entries by kind, for the summary.
typedef struct {
    uint64_t sent, received, refused, local;        //  refused: received, not applied
} s_kinds_t;

typedef struct {
    s_bundle_t *bundle;
    size_t in_force;                                //  the manifest of the time (versions [])
    s_link_t links [2][S_STATES];                   //  [sent, received][peer's state code]
    s_kinds_t kinds;                                //  of the entries checked so far
    uint64_t restores;                              //  node.restored leaves seen
    uint64_t restored_at;                           //  the last one's index
} s_verifier_t;

//  "sent to FR: text seq 3" and the like, for messages.
static void
s_describe (char *text, size_t size, const imi_leaf_t *leaf, const imi_header_t *header)
{
    if (leaf->kind == IMI_LEAF_LOCAL)
        snprintf (text, size, "local: %s", leaf->event);
    else
    if (header->seq)
        snprintf (text, size, "%s %s: %s seq %" PRIu64,
                  leaf->kind == IMI_LEAF_SENT? "sent to": "received from", leaf->peer,
                  imi_message_type_name (header->type), header->seq);
    else
        snprintf (text, size, "%s %s: %s", leaf->kind == IMI_LEAF_SENT? "sent to": "received from",
                  leaf->peer, imi_message_type_name (header->type));
}

//  Decode a leaf and, for an envelope, its header. 0, or -2 with the reason.
static int
s_leaf_decode (imi_leaf_t *leaf, imi_header_t *header, const uint8_t *data, size_t size)
{
    memset (header, 0, sizeof *header);
    if (imi_leaf_decode (leaf, data, size))
        return -2;
    if (leaf->kind != IMI_LEAF_LOCAL
    &&  imi_envelope_header_decode (header, leaf->header, leaf->header_size))
        return imi_error_wrap ("leaf.header") - 1;
    return 0;
}

//  Check one leaf: its shape; for an envelope, the link it names, the
//  sender's signature and, for a sequenced message, that it is the next of
//  its link. 0, or -1 with the reason (without the entry's name).
static int
s_leaf_check (s_verifier_t *self, const uint8_t *data, size_t size, uint64_t index)
{
    imi_leaf_t leaf;
    imi_header_t header;
    if (s_leaf_decode (&leaf, &header, data, size))
        return -1;
    s_bundle_t *bundle = self->bundle;
    if (leaf.kind == IMI_LEAF_LOCAL) {
        self->kinds.local++;
        //  The node's database was restored from a backup: the log goes on
        //  from the backup's size, and each link's numbers from where the
        //  repair put them (docs/delivery.md): they restart here.
        if (strcmp (leaf.event, "node.restored") == 0) {
            self->restores++;
            self->restored_at = index;
            memset (self->links, 0, sizeof self->links);
        }
        //  From here on the node held that manifest version.
        uint64_t version;
        if (strcmp (leaf.event, "manifest.accepted") == 0) {
            if (sscanf (leaf.detail, "version=%" SCNu64, &version) != 1)
                return imi_error_set ("local: manifest.accepted without version=N");
            self->in_force = s_version_in_force (bundle, version);
        }
        return 0;
    }
    const char *state = bundle->state;
    imi_manifest_t *manifest = bundle->versions [self->in_force];
    bool sent = leaf.kind == IMI_LEAF_SENT;
    char what [128];
    s_describe (what, sizeof what, &leaf, &header);
    if (strcmp (leaf.peer, state) == 0)
        return imi_error_set ("%s: names this log's own state as the peer", what);
    const char *from = sent? state: leaf.peer, *to = sent? leaf.peer: state;
    if (strcmp (header.from, from) || strcmp (header.to, to))
        return imi_error_set ("%s: the signed header says from %s to %s", what, header.from,
                              header.to);
    if (!imi_manifest_find (manifest, leaf.peer))
        return imi_error_set ("%s: %s is not a node of the manifest (version %" PRIu64 ")",
                              what, leaf.peer, imi_manifest_version (manifest));
    const uint8_t *keys [2];
    size_t key_count = s_state_keys (bundle, self->in_force, header.from, keys);
    bool valid = false;
    for (size_t key = 0; !valid && key < key_count; key++)
        valid = imi_verify (leaf.signature, IMI_ENVELOPE_SIGN_CONTEXT, leaf.header,
                            leaf.header_size, keys [key]) == 0;
    if (!valid)
        return imi_error_set ("%s: the signature does not verify with %s's key (manifest "
                              "version %" PRIu64 ")", what, header.from,
                              imi_manifest_version (manifest));
    size_t peer = (size_t) (leaf.peer [0] - 'A') * 26 + (size_t) (leaf.peer [1] - 'A');
    //  Our messages a peer returned, or that the repair renumbered, after a
    //  restore (PROTOCOL.md §12.1): signed like any, numbered out of the
    //  link's order; the link's next ordinary message sets its start again.
    bool repair = sent && (strncmp (leaf.note, "returned by the peer after a restore", 36) == 0
                           || strncmp (leaf.note, "renumbered from seq ", 20) == 0);
    if (repair)
        self->links [0][peer].seen = false;
    else
    if (imi_message_type_sequenced (header.type)) {
        //  The first message seen on a link sets its start: the log may have
        //  begun on a node that had history.
        s_link_t *link = &self->links [sent? 0: 1][peer];
        if (link->seen && header.seq != link->last + 1)
            return imi_error_set ("%s %s seq %" PRIu64 ", expected %" PRIu64,
                                  sent? "sent to": "received from", leaf.peer, header.seq,
                                  link->last + 1);
        link->seen = true;
        link->last = header.seq;
    }
    if (sent)
        self->kinds.sent++;
    else
        self->kinds.received++;
    if (*leaf.note)
        self->kinds.refused++;
    return 0;
}

//  ---------------------------------------------------------------------------
//  verify DIR --policy FILE

typedef struct {
    const char *policy;             //  --policy FILE
    int argc;                       //  positional arguments after the command
    char **argv;
} s_options_t;

//  Print a reason that may quote the bundle's bytes: anything but printable
//  ASCII becomes '?', so a hostile file cannot drive the auditor's terminal.
static void
s_print_reason (FILE *stream, const char *prefix, const char *reason)
{
    fputs (prefix, stream);
    for (const char *cursor = reason; *cursor; cursor++)
        fputc (*cursor >= 0x20 && *cursor < 0x7f? *cursor: '?', stream);
    fputc ('\n', stream);
}

static int
s_failed (void)
{
    s_print_reason (stdout, "FAIL: ", imi_error_last ());
    return S_EXIT_FAIL;
}

//  The states of the keys that validly cosigned (verified [1..]), space-
//  separated, into text; returns how many.
static size_t
s_cosigners (const s_bundle_t *bundle, const imi_note_verified_t *verified, char *text,
             size_t size)
{
    size_t count = 0, used = 0;
    text [0] = 0;
    for (size_t key = bundle->log_key_count; key < bundle->key_count; key++) {
        //  A witness's keys are next to each other: count the state once.
        bool counted = false;
        for (size_t other = bundle->log_key_count; other < key && !counted; other++)
            counted = verified [other].valid
                   && strcmp (bundle->key_states [other], bundle->key_states [key]) == 0;
        if (verified [key].valid && !counted && used + 4 < size) {
            used += (size_t) snprintf (text + used, size - used, "%s%s", count? " ": "",
                                       bundle->key_states [key]);
            count++;
        }
    }
    return count;
}

//  The checkpoint of size, against the root of the leaves streamed so far
//  (frontier), with the keys of manifest version in_force. Prints its line;
//  *cosigned gets how many policy witnesses cosigned and who. 0 or -1.
static int
s_checkpoint_check (s_bundle_t *bundle, size_t in_force, uint64_t size, s_frontier_t *frontier,
                    size_t *cosigned, char *who, size_t who_size, s_hash_t root)
{
    imi_note_t *note;
    imi_note_checkpoint_t checkpoint;
    imi_note_verified_t verified [S_KEYS_MAX];
    if (s_bundle_keys (bundle, in_force)
    ||  s_checkpoint_load (bundle, size, &note, &checkpoint, verified))
        return -1;
    int rc = imi_merkle_root (size, s_frontier_get, frontier, root);
    if (rc == 0 && !imi_equal (root, checkpoint.root, IMI_HASH_BYTES))
        rc = imi_error_set ("checkpoints/%0*" PRIu64 ".note: the checkpoint at size %" PRIu64
                            " does not match the leaves: an entry before %" PRIu64 " was "
                            "altered, added, removed or reordered", S_CHECKPOINT_DIGITS, size,
                            size, size);
    if (rc == 0) {
        *cosigned = s_cosigners (bundle, verified, who, who_size);
        printf ("checkpoint %" PRIu64 ": signed by %s, cosigned by %zu policy witness%s%s%s\n",
                size, bundle->state, *cosigned, *cosigned == 1? "": "es", *cosigned? ": ": "",
                who);
    }
    imi_note_destroy (&note);
    return rc;
}

//  "N sent, N received of which N not applied, N local"
static void
s_print_kinds (const char *prefix, uint64_t count, const s_kinds_t *kinds, const char *suffix)
{
    printf ("%s%" PRIu64 " (%" PRIu64 " sent, %" PRIu64 " received of which %" PRIu64
            " not applied, %" PRIu64 " local)%s\n", prefix, count, kinds->sent,
            kinds->received, kinds->refused, kinds->local, suffix);
}

//  Stream the leaves, checking each, and each checkpoint when the count
//  reaches its size. 0 or -1.
static int
s_verify_log (s_bundle_t *bundle, const s_policy_t *policy)
{
    s_leaves_t leaves;
    if (s_leaves_open (&leaves, bundle->dir))
        return -1;
    s_verifier_t verifier = { .bundle = bundle };
    s_frontier_t frontier = { 0 };
    s_kinds_t committed = { 0 };    //  the kinds of the entries up to the latest checkpoint
    s_hash_t root, leaf_hash;
    char who [4 * S_WITNESS_MAX + 1] = "";
    size_t cosigned = 0, next = 0;
    size_t size;
    int rc = 0;
    //  A checkpoint of the empty log comes before any leaf.
    while (rc == 0 && next < bundle->checkpoint_count && bundle->checkpoint_sizes [next] == 0)
        rc = s_checkpoint_check (bundle, verifier.in_force, bundle->checkpoint_sizes [next++],
                                 &frontier, &cosigned, who, sizeof who, root);
    int got = 0;
    while (rc == 0 && (got = s_leaves_next (&leaves, &size)) == 1) {
        if (s_leaf_check (&verifier, leaves.buffer, size, leaves.entry)) {
            rc = imi_error_wrap ("entry %" PRIu64 " at byte %" PRIu64, leaves.entry,
                                 leaves.entry_offset);
            break;
        }
        imi_merkle_leaf_hash (leaves.buffer, size, leaf_hash);
        rc = imi_merkle_append (leaves.entry, leaf_hash, s_frontier_get, s_frontier_put,
                                &frontier)? imi_error_wrap ("entry %" PRIu64, leaves.entry): 0;
        while (rc == 0 && next < bundle->checkpoint_count
               && bundle->checkpoint_sizes [next] == leaves.count) {
            rc = s_checkpoint_check (bundle, verifier.in_force,
                                     bundle->checkpoint_sizes [next++], &frontier, &cosigned,
                                     who, sizeof who, root);
            committed = verifier.kinds;
        }
    }
    if (got < 0)
        rc = -1;
    uint64_t count = leaves.count;
    s_leaves_close (&leaves);
    if (rc)
        return rc;
    if (next < bundle->checkpoint_count)
        return imi_error_set ("checkpoints/%0*" PRIu64 ".note: a checkpoint at size %" PRIu64
                              " but the leaves file holds %" PRIu64 " entries: entries were "
                              "removed or the file was cut", S_CHECKPOINT_DIGITS,
                              bundle->checkpoint_sizes [next], bundle->checkpoint_sizes [next],
                              count);
    if (bundle->checkpoint_count == 0)
        return imi_error_set ("checkpoints: none: no signed checkpoint commits the node to "
                              "these %" PRIu64 " entries", count);
    uint64_t latest = bundle->checkpoint_sizes [bundle->checkpoint_count - 1];
    if (cosigned < (size_t) policy->witness_quorum)
        return imi_error_set ("checkpoints/%0*" PRIu64 ".note: the latest checkpoint is "
                              "cosigned by %zu policy witness%s (%s), the policy needs %ld",
                              S_CHECKPOINT_DIGITS, latest, cosigned, cosigned == 1? "": "es",
                              cosigned? who: "none", policy->witness_quorum);
    char hex [2 * IMI_HASH_BYTES + 1];
    imi_hex_encode (hex, root, IMI_HASH_BYTES);
    //  By kind, the entries a signed checkpoint commits to apart from the
    //  ones after it, which were checked but which the node may yet rewrite.
    printf ("entries: %" PRIu64 "\n", count);
    s_print_kinds ("committed to by the latest checkpoint: ", latest, &committed, "");
    if (count > latest) {
        s_kinds_t after = {
            verifier.kinds.sent - committed.sent, verifier.kinds.received - committed.received,
            verifier.kinds.refused - committed.refused, verifier.kinds.local - committed.local
        };
        s_print_kinds ("after the latest checkpoint: ", count - latest, &after,
                       ", checked but not yet committed to by a signed checkpoint");
    }
    if (verifier.restores)
        printf ("restored from a backup at size %" PRIu64 " (entry %" PRIu64 ": node.restored; "
                "%" PRIu64 " restore%s in all): what the node had logged beyond its backup is "
                "not in this log\n", verifier.restored_at, verifier.restored_at,
                verifier.restores, verifier.restores == 1? "": "s");
    printf ("checkpoints: %zu\n", bundle->checkpoint_count);
    printf ("latest: size %" PRIu64 ", root %s\n", latest, hex);
    printf ("cosigned by: %s\n", cosigned? who: "none");
    printf ("OK: policy met (%zu of a quorum of %ld witness cosignatures)\n", cosigned,
            policy->witness_quorum);
    return 0;
}

static int
s_verify (s_options_t *options)
{
    if (options->argc != 1 || !options->policy) {
        fprintf (stderr, "usage: imi-audit verify DIR --policy FILE\n");
        return S_EXIT_USAGE;
    }
    s_policy_t policy;
    if (s_policy_load (&policy, options->policy)) {
        s_print_reason (stderr, "imi-audit: policy: ", imi_error_last ());
        return S_EXIT_USAGE;
    }
    s_bundle_t bundle;
    int rc = s_bundle_open (&bundle, options->argv [0], &policy);
    if (rc == 0) {
        printf ("bundle: %s\n", options->argv [0]);
        printf ("origin: %s\n", bundle.origin);
        printf ("manifest: federation %s, version %" PRIu64 ", %zu nodes\n",
                imi_manifest_federation (bundle.manifest), imi_manifest_version (bundle.manifest),
                imi_manifest_node_count (bundle.manifest));
        printf ("manifests: %zu version%s, %" PRIu64 " to %" PRIu64 ", each signed by %ld or "
                "more of the policy's %zu governance keys or of those an earlier one names\n",
                bundle.version_count, bundle.version_count == 1? "": "s",
                imi_manifest_version (bundle.versions [0]),
                imi_manifest_version (bundle.versions [bundle.version_count - 1]),
                policy.governance_threshold, policy.governance_count);
        rc = s_verify_log (&bundle, &policy);
    }
    s_bundle_close (&bundle);
    return rc? s_failed (): 0;
}

//  ---------------------------------------------------------------------------
//  prove DIR MESSAGE_ID

//  Stream the leaves: the tree of the first size leaves into table, and the
//  first envelope leaf with message_id (in the whole file) into *found.
//  0, or -1 naming the entry.
static int
s_prove_scan (s_bundle_t *bundle, uint64_t size, const uint8_t *message_id, s_table_t *table,
              bool *found, uint64_t *index, char *what, size_t what_size)
{
    s_leaves_t leaves;
    if (s_leaves_open (&leaves, bundle->dir))
        return -1;
    *found = false;
    size_t leaf_size;
    int rc = 0, got;
    while (rc == 0 && !(*found && leaves.count >= size)
           && (got = s_leaves_next (&leaves, &leaf_size)) != 0) {
        if (got < 0) {
            rc = -1;
            break;
        }
        imi_leaf_t leaf;
        imi_header_t header;
        if (s_leaf_decode (&leaf, &header, leaves.buffer, leaf_size)) {
            rc = imi_error_wrap ("entry %" PRIu64 " at byte %" PRIu64, leaves.entry,
                                 leaves.entry_offset);
            break;
        }
        if (!*found && leaf.kind != IMI_LEAF_LOCAL
        &&  memcmp (header.message_id, message_id, IMI_MESSAGE_ID_BYTES) == 0) {
            *found = true;
            *index = leaves.entry;
            s_describe (what, what_size, &leaf, &header);
        }
        if (leaves.entry < size) {
            s_hash_t leaf_hash;
            imi_merkle_leaf_hash (leaves.buffer, leaf_size, leaf_hash);
            if (imi_merkle_append (leaves.entry, leaf_hash, s_table_get, s_table_put, table))
                rc = imi_error_wrap ("entry %" PRIu64, leaves.entry);
        }
    }
    if (rc == 0 && leaves.count < size)
        rc = imi_error_set ("leaves: %" PRIu64 " entries, but the latest checkpoint is at size "
                            "%" PRIu64 ": the file was cut", leaves.count, size);
    s_leaves_close (&leaves);
    return rc;
}

static int
s_prove (s_options_t *options)
{
    uint8_t message_id [IMI_MESSAGE_ID_BYTES];
    if (options->argc != 2) {
        fprintf (stderr, "usage: imi-audit prove DIR MESSAGE_ID\n");
        return S_EXIT_USAGE;
    }
    if (imi_hex_decode (message_id, sizeof message_id, options->argv [1])) {
        fprintf (stderr, "imi-audit: MESSAGE_ID '%.80s' is not %d hex digits\n",
                 options->argv [1], 2 * IMI_MESSAGE_ID_BYTES);
        return S_EXIT_USAGE;
    }
    s_bundle_t bundle;
    s_table_t table;
    memset (&table, 0, sizeof table);
    imi_note_t *note = NULL;
    imi_note_checkpoint_t checkpoint;
    imi_note_verified_t verified [S_KEYS_MAX];
    uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES];
    s_hash_t root, leaf_hash;
    size_t count = 0;
    uint64_t index = 0, size = 0;
    bool found = false;
    char what [128] = "";
    int rc = s_bundle_open (&bundle, options->argv [0], NULL);
    if (rc == 0 && bundle.checkpoint_count == 0)
        rc = imi_error_set ("checkpoints: none: nothing to prove against");
    if (rc == 0) {
        size = bundle.checkpoint_sizes [bundle.checkpoint_count - 1];
        rc = s_bundle_keys (&bundle, bundle.version_count - 1)? -1
           : s_checkpoint_load (&bundle, size, &note, &checkpoint, verified);
    }
    if (rc == 0)
        rc = s_prove_scan (&bundle, size, message_id, &table, &found, &index, what,
                           sizeof what);
    if (rc == 0 && !found)
        rc = imi_error_set ("leaves: no envelope with message id %s", options->argv [1]);
    if (rc == 0 && index >= size)
        rc = imi_error_set ("entry %" PRIu64 " (%s) is after the latest checkpoint (size %"
                            PRIu64 "): wait for the node's next checkpoint and export again",
                            index, what, size);
    if (rc == 0 && (imi_merkle_root (size, s_table_get, &table, root)
                ||  imi_merkle_inclusion_proof (index, size, s_table_get, &table, proof, &count)
                ||  s_table_get (&table, 0, index, leaf_hash)))
        rc = -1;
    if (rc == 0 && !imi_equal (root, checkpoint.root, IMI_HASH_BYTES))
        rc = imi_error_set ("checkpoints/%0*" PRIu64 ".note: the checkpoint at size %" PRIu64
                            " does not match the leaves (run imi-audit verify)",
                            S_CHECKPOINT_DIGITS, size, size);
    if (rc == 0) {
        char hex [2 * IMI_HASH_BYTES + 1];
        printf ("entry\t%s\n", what);
        printf ("index\t%" PRIu64 "\n", index);
        printf ("size\t%" PRIu64 "\n", size);
        imi_hex_encode (hex, leaf_hash, IMI_HASH_BYTES);
        printf ("leaf_hash\t%s\n", hex);
        imi_hex_encode (hex, checkpoint.root, IMI_HASH_BYTES);
        printf ("root\t%s\n", hex);
        for (size_t each = 0; each < count; each++) {
            imi_hex_encode (hex, proof [each], IMI_HASH_BYTES);
            printf ("proof\t%s\n", hex);
        }
        //  The check an auditor's own code would make, from these lines alone.
        rc = imi_merkle_verify_inclusion (index, size, leaf_hash,
                                          (const uint8_t (*) [IMI_HASH_BYTES]) proof, count,
                                          checkpoint.root);
    }
    if (rc == 0)
        printf ("verified\tentry %" PRIu64 " is in the tree of %" PRIu64 " entries whose root "
                "the checkpoint signed by %s commits to (the manifest and the cosignatures "
                "are checked by imi-audit verify)\n", index, size, bundle.origin);
    imi_note_destroy (&note);
    s_table_free (&table);
    s_bundle_close (&bundle);
    return rc? s_failed (): 0;
}

//  ---------------------------------------------------------------------------

typedef int (s_command_fn) (s_options_t *options);

static const struct {
    const char *name;
    s_command_fn *run;
    const char *help;
} s_commands [] = {
    { "verify", s_verify, "verify DIR --policy FILE: check an exported log with public keys "
      "only; names the first entry or file that fails" },
    { "prove", s_prove, "prove DIR MESSAGE_ID: the inclusion proof of an exchange (32 hex "
      "digits) in the latest checkpoint" },
};

static void
s_usage (FILE *stream)
{
    fprintf (stream, "usage: imi-audit COMMAND [ARGS]\n       imi-audit --version\n\ncommands:\n");
    for (size_t index = 0; index < sizeof s_commands / sizeof s_commands [0]; index++)
        fprintf (stream, "  %-8s %s\n", s_commands [index].name, s_commands [index].help);
    fprintf (stream, "\nexit status: 0 verified, 1 a check failed, 2 bad usage or policy\n");
}

int
main (int argc, char *argv [])
{
    if (imi_crypto_init ()) {
        fprintf (stderr, "imi-audit: %s\n", imi_error_last ());
        return S_EXIT_FAIL;
    }
    s_options_t options = { 0 };
    static const struct option long_options [] = {
        { "policy", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "h", long_options, NULL)) != -1) {
        switch (option) {
            case 'p': options.policy = optarg; break;
            case 'h': s_usage (stdout); return 0;
            case 'V': return imi_version_print ("imi-audit");
            default: s_usage (stderr); return S_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        s_usage (stderr);
        return S_EXIT_USAGE;
    }
    const char *command = argv [optind];
    options.argc = argc - optind - 1;
    options.argv = argv + optind + 1;
    for (size_t index = 0; index < sizeof s_commands / sizeof s_commands [0]; index++)
        if (strcmp (command, s_commands [index].name) == 0)
            return s_commands [index].run (&options);
    fprintf (stderr, "imi-audit: unknown command '%s'\n", command);
    s_usage (stderr);
    return S_EXIT_USAGE;
}
