/*  Unit test: imi_merkle (RFC 9162 Merkle trees over stored subtrees).

    1. Known answers, tests/vectors/merkle.txt (the published transparency-dev
       vectors): the 8-leaf tree's roots and complete subtrees, its inclusion
       and consistency proofs, the proof shapes of bigger trees. Each good
       proof is then mutated the way transparency-dev's verifier tests do
       (wrong index, size, leaf, roots; hashes added, removed, swapped or with
       a flipped bit) and every mutation must be rejected.
    2. A reference model: random trees kept in an in-memory subtree table by
       imi_merkle_append, compared with a naive recursive MTH, PATH and
       SUBPROOF written here from the RFC's text, for every size up to 300
       and some up to 5,000; every proof verified, and a mutation of it
       rejected. The getter refuses subtrees beyond the size asked for, so a
       proof for a past size reads only what existed at that size.
    3. Edge cases: sizes 0, 1, powers of two and one above, the last index,
       equal sizes, old size 0, sizes near 2^64, hostile counts, failing
       callbacks.
*/
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_merkle.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S_LEVELS        64
#define S_MAX_LINE      4096
#ifdef __SANITIZE_ADDRESS__
//  Under the sanitizers the same checks over fewer sizes: they look for
//  memory errors, which the smaller trees reach as well (docs/testing.md)
#   define S_RANDOM_SIZES 120           //  every size 0..120
#else
#   define S_RANDOM_SIZES 300           //  every size 0..300
#endif
#define S_LARGE_SIZE    5000            //  and some random ones up to this

typedef uint8_t s_hash_t [IMI_HASH_BYTES];

static int s_checks = 0;

//  --------------------------------------------------------------------------
//  An in-memory subtree table: what the node keeps in SQLite.

typedef struct {
    s_hash_t *subtrees [S_LEVELS];  //  [level][index], grown as appended
    uint64_t counts [S_LEVELS];     //  subtrees stored per level
    uint64_t capacity [S_LEVELS];
    uint64_t visible_size;          //  the getter serves only subtrees complete at this size
} s_table_t;

static int
s_table_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    s_table_t *table = (s_table_t *) context;
    assert (level < S_LEVELS);
    if (index >= table->counts [level]
    ||  (index + 1) << level > table->visible_size)
        return imi_error_set ("subtree not stored");
    memcpy (out, table->subtrees [level][index], IMI_HASH_BYTES);
    return 0;
}

static int
s_table_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    s_table_t *table = (s_table_t *) context;
    assert (level < S_LEVELS && index == table->counts [level]);
    if (table->counts [level] == table->capacity [level]) {
        table->capacity [level] = table->capacity [level]? 2 * table->capacity [level]: 16;
        table->subtrees [level] = realloc (table->subtrees [level],
                                           table->capacity [level] * sizeof (s_hash_t));
        assert (table->subtrees [level]);
    }
    memcpy (table->subtrees [level][index], hash, IMI_HASH_BYTES);
    table->counts [level]++;
    return 0;
}

static void
s_table_append_all (s_table_t *table, s_hash_t *leaves, uint64_t count)
{
    memset (table, 0, sizeof *table);
    for (uint64_t index = 0; index < count; index++) {
        table->visible_size = index;
        assert (imi_merkle_append (index, leaves [index], s_table_get, s_table_put, table) == 0);
    }
    table->visible_size = count;
    //  Amortised: fewer than 2 puts per leaf, all levels together.
    uint64_t stored = 0;
    for (unsigned level = 0; level < S_LEVELS; level++) {
        assert (table->counts [level] == count >> level);
        stored += table->counts [level];
    }
    assert (stored < 2 * count + 1);
}

static void
s_table_free (s_table_t *table)
{
    for (unsigned level = 0; level < S_LEVELS; level++)
        free (table->subtrees [level]);
}

//  --------------------------------------------------------------------------
//  The latest subtree of each level: enough for append and root (a streaming
//  verifier's whole state).

typedef struct {
    s_hash_t latest [S_LEVELS];
    uint64_t latest_index [S_LEVELS];
    uint64_t stored [S_LEVELS];     //  subtrees ever put at this level
} s_frontier_t;

static int
s_frontier_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    s_frontier_t *frontier = (s_frontier_t *) context;
    if (level >= S_LEVELS || !frontier->stored [level] || frontier->latest_index [level] != index)
        return imi_error_set ("frontier does not hold (%u, %" PRIu64 ")", level, index);
    memcpy (out, frontier->latest [level], IMI_HASH_BYTES);
    return 0;
}

static int
s_frontier_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    s_frontier_t *frontier = (s_frontier_t *) context;
    memcpy (frontier->latest [level], hash, IMI_HASH_BYTES);
    frontier->latest_index [level] = index;
    frontier->stored [level]++;
    return 0;
}

//  --------------------------------------------------------------------------
//  The naive reference: RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF as
//  written there, on an array of leaf hashes.

static void
s_reference_path (uint64_t index, s_hash_t *leaves, uint64_t size, s_hash_t *proof,
                  size_t *count)
{
    if (size <= 1)
        return;
    uint64_t split = 1;
    while (split * 2 < size)
        split *= 2;
    if (index < split) {
        s_reference_path (index, leaves, split, proof, count);
        imi_merkle_root_of_leaves ((const s_hash_t *) leaves + split, size - split,
                                   proof [(*count)++]);
    }
    else {
        s_reference_path (index - split, leaves + split, size - split, proof, count);
        imi_merkle_root_of_leaves ((const s_hash_t *) leaves, split, proof [(*count)++]);
    }
}

static void
s_reference_subproof (uint64_t old_size, s_hash_t *leaves, uint64_t size, bool complete,
                      s_hash_t *proof, size_t *count)
{
    if (old_size == size) {
        if (!complete)
            imi_merkle_root_of_leaves ((const s_hash_t *) leaves, size, proof [(*count)++]);
        return;
    }
    uint64_t split = 1;
    while (split * 2 < size)
        split *= 2;
    if (old_size <= split) {
        s_reference_subproof (old_size, leaves, split, complete, proof, count);
        imi_merkle_root_of_leaves ((const s_hash_t *) leaves + split, size - split,
                                   proof [(*count)++]);
    }
    else {
        s_reference_subproof (old_size - split, leaves + split, size - split, false, proof,
                              count);
        imi_merkle_root_of_leaves ((const s_hash_t *) leaves, split, proof [(*count)++]);
    }
}

static void
s_reference_consistency (uint64_t old_size, s_hash_t *leaves, uint64_t size, s_hash_t *proof,
                         size_t *count)
{
    *count = 0;
    if (old_size > 0 && old_size < size)
        s_reference_subproof (old_size, leaves, size, true, proof, count);
}

//  --------------------------------------------------------------------------
//  Mutations, after transparency-dev/merkle proof/verify_test.go
//  (corruptInclusionProof, corruptConsistencyProof). Hashes here are always
//  32 bytes, so its "garbage" (an empty byte string) is an all-zero hash.

static const char *s_some_hash_hex =
    "abacaba000000000000000000000000000000000000000000060061e00123456";

typedef struct {
    uint64_t index;                     //  or old size
    uint64_t size;                      //  or new size
    s_hash_t leaf_or_old_root;
    s_hash_t root;
    s_hash_t proof [IMI_MERKLE_PROOF_MAX + 2];
    size_t count;
    char what [64];
} s_probe_t;

static s_probe_t *
s_probe_like (s_probe_t *probes, size_t *used, const s_probe_t *good, const char *what)
{
    s_probe_t *probe = &probes [(*used)++];
    *probe = *good;
    snprintf (probe->what, sizeof probe->what, "%s", what);
    return probe;
}

static void
s_probe_prepend (s_probe_t *probe, const uint8_t hash [IMI_HASH_BYTES])
{
    memmove (probe->proof [1], probe->proof [0], probe->count * IMI_HASH_BYTES);
    memcpy (probe->proof [0], hash, IMI_HASH_BYTES);
    probe->count++;
}

static void
s_probe_append (s_probe_t *probe, const uint8_t hash [IMI_HASH_BYTES])
{
    memcpy (probe->proof [probe->count++], hash, IMI_HASH_BYTES);
}

//  The mutations of a good inclusion proof, into probes; returns how many.
static size_t
s_inclusion_mutations (const s_probe_t *good, s_probe_t *probes)
{
    s_hash_t zero = { 0 }, some, empty;
    assert (imi_hex_decode (some, IMI_HASH_BYTES, s_some_hash_hex) == 0);
    imi_merkle_empty_root (empty);
    size_t used = 0;
    s_probe_like (probes, &used, good, "index - 1")->index = good->index - 1;
    s_probe_like (probes, &used, good, "index + 1")->index = good->index + 1;
    s_probe_like (probes, &used, good, "index ^ 2")->index = good->index ^ 2;
    s_probe_like (probes, &used, good, "size * 2")->size = good->size * 2;
    s_probe_like (probes, &used, good, "size / 2")->size = good->size / 2;
    imi_merkle_leaf_hash ("WrongLeaf", 9, s_probe_like (probes, &used, good, "wrong leaf")
                                          ->leaf_or_old_root);
    memcpy (s_probe_like (probes, &used, good, "empty root")->root, empty, IMI_HASH_BYTES);
    memcpy (s_probe_like (probes, &used, good, "random root")->root, some, IMI_HASH_BYTES);
    s_probe_append (s_probe_like (probes, &used, good, "trailing garbage"), zero);
    s_probe_append (s_probe_like (probes, &used, good, "trailing root"), good->root);
    s_probe_prepend (s_probe_like (probes, &used, good, "preceding garbage"), zero);
    s_probe_prepend (s_probe_like (probes, &used, good, "preceding root"), good->root);
    for (size_t position = 0; position < good->count; position++) {
        char what [64];
        snprintf (what, sizeof what, "proof[%zu] bit 3 flipped", position);
        s_probe_like (probes, &used, good, what)->proof [position][0] ^= 8;
    }
    if (good->count > 0)
        s_probe_like (probes, &used, good, "removed component")->count--;
    if (good->count > 1) {
        s_probe_t *probe = s_probe_like (probes, &used, good, "inserted component");
        memmove (probe->proof [2], probe->proof [1], (probe->count - 1) * IMI_HASH_BYTES);
        memcpy (probe->proof [1], some, IMI_HASH_BYTES);
        probe->count++;
    }
    if (good->count > 1) {
        s_probe_t *probe = s_probe_like (probes, &used, good, "first two swapped");
        memcpy (probe->proof [0], good->proof [1], IMI_HASH_BYTES);
        memcpy (probe->proof [1], good->proof [0], IMI_HASH_BYTES);
    }
    return used;
}

//  The mutations of a good, non-empty consistency proof.
static size_t
s_consistency_mutations (const s_probe_t *good, s_probe_t *probes)
{
    s_hash_t zero = { 0 }, wrong;
    imi_hash (wrong, "WrongRoot", 9);
    size_t used = 0;
    s_probe_like (probes, &used, good, "size1 - 1")->index = good->index - 1;
    s_probe_like (probes, &used, good, "size1 + 1")->index = good->index + 1;
    s_probe_like (probes, &used, good, "size1 ^ 2")->index = good->index ^ 2;
    s_probe_like (probes, &used, good, "size2 * 2")->size = good->size * 2;
    s_probe_like (probes, &used, good, "size2 / 2")->size = good->size / 2;
    memcpy (s_probe_like (probes, &used, good, "wrong root1")->leaf_or_old_root, wrong,
            IMI_HASH_BYTES);
    memcpy (s_probe_like (probes, &used, good, "wrong root2")->root, wrong, IMI_HASH_BYTES);
    s_probe_t *swapped = s_probe_like (probes, &used, good, "swapped roots");
    memcpy (swapped->leaf_or_old_root, good->root, IMI_HASH_BYTES);
    memcpy (swapped->root, good->leaf_or_old_root, IMI_HASH_BYTES);
    s_probe_like (probes, &used, good, "empty proof")->count = 0;
    s_probe_append (s_probe_like (probes, &used, good, "trailing garbage"), zero);
    s_probe_append (s_probe_like (probes, &used, good, "trailing root1"), good->leaf_or_old_root);
    s_probe_append (s_probe_like (probes, &used, good, "trailing root2"), good->root);
    s_probe_prepend (s_probe_like (probes, &used, good, "preceding garbage"), zero);
    s_probe_prepend (s_probe_like (probes, &used, good, "preceding root1"), good->leaf_or_old_root);
    s_probe_prepend (s_probe_like (probes, &used, good, "preceding root2"), good->root);
    s_probe_prepend (s_probe_like (probes, &used, good, "preceding proof[0]"), good->proof [0]);
    s_probe_like (probes, &used, good, "truncated proof")->count--;
    for (size_t position = 0; position < good->count; position++) {
        char what [64];
        snprintf (what, sizeof what, "proof[%zu] bit 4 flipped", position);
        s_probe_like (probes, &used, good, what)->proof [position][0] ^= 16;
    }
    if (good->count > 1) {
        s_probe_t *probe = s_probe_like (probes, &used, good, "last two swapped");
        memcpy (probe->proof [good->count - 1], good->proof [good->count - 2], IMI_HASH_BYTES);
        memcpy (probe->proof [good->count - 2], good->proof [good->count - 1], IMI_HASH_BYTES);
    }
    return used;
}

#define S_PROBES_MAX (20 + IMI_MERKLE_PROOF_MAX)

static int
s_verify_inclusion_probe (const s_probe_t *probe)
{
    return imi_merkle_verify_inclusion (probe->index, probe->size, probe->leaf_or_old_root,
                                        (const s_hash_t *) probe->proof, probe->count,
                                        probe->root);
}

static int
s_verify_consistency_probe (const s_probe_t *probe)
{
    return imi_merkle_verify_consistency (probe->index, probe->size, probe->leaf_or_old_root,
                                          probe->root, (const s_hash_t *) probe->proof,
                                          probe->count);
}

//  A good inclusion proof verifies, and every mutation of it is rejected
//  (-2, with a reason).
static void
s_check_inclusion_and_mutations (const s_probe_t *good)
{
    if (s_verify_inclusion_probe (good) != 0) {
        fprintf (stderr, "test_merkle: inclusion %" PRIu64 " in %" PRIu64 " rejected: %s\n",
                 good->index, good->size, imi_error_last ());
        exit (1);
    }
    s_probe_t probes [S_PROBES_MAX];
    size_t used = s_inclusion_mutations (good, probes);
    for (size_t probe = 0; probe < used; probe++) {
        if (s_verify_inclusion_probe (&probes [probe]) != -2) {
            fprintf (stderr, "test_merkle: inclusion %" PRIu64 " in %" PRIu64
                     " accepted with %s\n", good->index, good->size, probes [probe].what);
            exit (1);
        }
        assert (strlen (imi_error_last ()) > 0);
        s_checks++;
    }
}

static void
s_check_consistency_and_mutations (const s_probe_t *good)
{
    if (s_verify_consistency_probe (good) != 0) {
        fprintf (stderr, "test_merkle: consistency %" PRIu64 " to %" PRIu64 " rejected: %s\n",
                 good->index, good->size, imi_error_last ());
        exit (1);
    }
    if (good->count == 0)
        return;
    s_probe_t probes [S_PROBES_MAX];
    size_t used = s_consistency_mutations (good, probes);
    for (size_t probe = 0; probe < used; probe++) {
        if (s_verify_consistency_probe (&probes [probe]) != -2) {
            fprintf (stderr, "test_merkle: consistency %" PRIu64 " to %" PRIu64
                     " accepted with %s\n", good->index, good->size, probes [probe].what);
            exit (1);
        }
        s_checks++;
    }
}

//  --------------------------------------------------------------------------
//  1. The published vectors.

#define S_VECTOR_LEAVES 8
#define S_SHAPE_LEAVES  95

typedef struct {
    s_hash_t leaves [S_VECTOR_LEAVES];      //  leaf hashes of the 8 published leaves
    s_hash_t roots [S_VECTOR_LEAVES + 1];
    s_table_t table;                        //  the 8 leaves, appended
    s_hash_t shape_leaves [S_SHAPE_LEAVES]; //  leaves "0", "1", ... for the shapes
    s_table_t shape_table;
} s_vectors_t;

//  Parses "<hex> <hex> ..." ("-" for none) into proof; returns the count.
static size_t
s_parse_hashes (char *text, s_hash_t *proof)
{
    size_t count = 0;
    for (char *word = strtok (text, " "); word; word = strtok (NULL, " ")) {
        if (strcmp (word, "-") == 0)
            continue;
        assert (count < IMI_MERKLE_PROOF_MAX);
        if (imi_hex_decode (proof [count], IMI_HASH_BYTES, word) != 0) {
            fprintf (stderr, "test_merkle: bad hash '%s' in the vectors\n", word);
            exit (1);
        }
        count++;
    }
    return count;
}

//  Parses "<start>-<end> ..." into the MTH of each range of leaves.
static size_t
s_parse_ranges (char *text, s_hash_t *leaves, s_hash_t *proof)
{
    size_t count = 0;
    for (char *word = strtok (text, " "); word; word = strtok (NULL, " ")) {
        if (strcmp (word, "-") == 0)
            continue;
        unsigned start, end;
        assert (sscanf (word, "%u-%u", &start, &end) == 2 && start < end);
        assert (end <= S_SHAPE_LEAVES && count < IMI_MERKLE_PROOF_MAX);
        imi_merkle_root_of_leaves ((const s_hash_t *) leaves + start, end - start,
                                   proof [count++]);
    }
    return count;
}

static void
s_expect_proof (const char *kind, uint64_t first, uint64_t second, s_hash_t *got,
                size_t got_count, s_hash_t *expected, size_t expected_count)
{
    if (got_count != expected_count
    ||  memcmp (got, expected, got_count * IMI_HASH_BYTES) != 0) {
        fprintf (stderr, "test_merkle: %s %" PRIu64 " %" PRIu64 " differs from the vector"
                 " (%zu hashes, expected %zu)\n", kind, first, second, got_count,
                 expected_count);
        exit (1);
    }
    s_checks++;
}

//  One vector line.
static void
s_vector_line (s_vectors_t *vectors, char *line)
{
    char *equals = strstr (line, " = ");
    assert (equals);
    *equals = 0;
    char *values = equals + 3;
    char kind [32];
    uint64_t first = 0, second = 0;
    int fields = sscanf (line, "%31s %" SCNu64 " %" SCNu64, kind, &first, &second);
    assert (fields >= 2);
    s_hash_t expected [IMI_MERKLE_PROOF_MAX], got [IMI_MERKLE_PROOF_MAX];
    size_t got_count;

    if (strcmp (kind, "leaf") == 0) {
        uint8_t data [64];
        size_t size = strcmp (values, "-") == 0? 0: strlen (values) / 2;
        assert (first < S_VECTOR_LEAVES && size <= sizeof data);
        assert (size == 0 || imi_hex_decode (data, size, values) == 0);
        imi_merkle_leaf_hash (data, size, vectors->leaves [first]);
        if (first == S_VECTOR_LEAVES - 1)
            s_table_append_all (&vectors->table, vectors->leaves, S_VECTOR_LEAVES);
    }
    else
    if (strcmp (kind, "root") == 0) {
        assert (first <= S_VECTOR_LEAVES && s_parse_hashes (values, expected) == 1);
        memcpy (vectors->roots [first], expected [0], IMI_HASH_BYTES);
        vectors->table.visible_size = first;
        assert (imi_merkle_root (first, s_table_get, &vectors->table, got [0]) == 0);
        s_expect_proof ("root", first, 0, got, 1, expected, 1);
        imi_merkle_root_of_leaves ((const s_hash_t *) vectors->leaves, first, got [0]);
        s_expect_proof ("root_of_leaves", first, 0, got, 1, expected, 1);
    }
    else
    if (strcmp (kind, "subtree") == 0) {
        assert (first < S_LEVELS && second < vectors->table.counts [first]);
        assert (s_parse_hashes (values, expected) == 1);
        s_expect_proof ("subtree", first, second, vectors->table.subtrees [first] + second, 1,
                        expected, 1);
    }
    else
    if (strcmp (kind, "inclusion") == 0) {
        size_t count = s_parse_hashes (values, expected);
        vectors->table.visible_size = second;
        assert (imi_merkle_inclusion_proof (first, second, s_table_get, &vectors->table,
                                            got, &got_count) == 0);
        s_expect_proof (kind, first, second, got, got_count, expected, count);
        s_probe_t good = { .index = first, .size = second, .count = count };
        memcpy (good.leaf_or_old_root, vectors->leaves [first], IMI_HASH_BYTES);
        memcpy (good.root, vectors->roots [second], IMI_HASH_BYTES);
        memcpy (good.proof, expected, count * IMI_HASH_BYTES);
        s_check_inclusion_and_mutations (&good);
    }
    else
    if (strcmp (kind, "consistency") == 0) {
        size_t count = s_parse_hashes (values, expected);
        vectors->table.visible_size = second;
        assert (imi_merkle_consistency_proof (first, second, s_table_get, &vectors->table,
                                              got, &got_count) == 0);
        s_expect_proof (kind, first, second, got, got_count, expected, count);
        s_probe_t good = { .index = first, .size = second, .count = count };
        memcpy (good.leaf_or_old_root, vectors->roots [first], IMI_HASH_BYTES);
        memcpy (good.root, vectors->roots [second], IMI_HASH_BYTES);
        memcpy (good.proof, expected, count * IMI_HASH_BYTES);
        s_check_consistency_and_mutations (&good);
    }
    else
    if (strcmp (kind, "inclusion_shape") == 0 || strcmp (kind, "consistency_shape") == 0) {
        bool inclusion = kind [0] == 'i';
        size_t count = s_parse_ranges (values, vectors->shape_leaves, expected);
        vectors->shape_table.visible_size = second;
        int rc = inclusion
            ? imi_merkle_inclusion_proof (first, second, s_table_get, &vectors->shape_table,
                                          got, &got_count)
            : imi_merkle_consistency_proof (first, second, s_table_get,
                                            &vectors->shape_table, got, &got_count);
        assert (rc == 0);
        s_expect_proof (kind, first, second, got, got_count, expected, count);
    }
    else
    if (strcmp (kind, "inclusion_invalid") == 0) {
        assert (imi_merkle_inclusion_proof (first, second, s_table_get, &vectors->table,
                                            got, &got_count) == -2);
        assert (got_count == 0);
        s_checks++;
    }
    else
    if (strcmp (kind, "consistency_invalid") == 0) {
        assert (imi_merkle_consistency_proof (first, second, s_table_get, &vectors->table,
                                              got, &got_count) == -2);
        s_checks++;
    }
    else {
        fprintf (stderr, "test_merkle: unknown vector kind '%s'\n", kind);
        exit (1);
    }
}

static void
s_test_vectors (void)
{
    s_vectors_t *vectors = calloc (1, sizeof *vectors);
    assert (vectors);
    for (unsigned index = 0; index < S_SHAPE_LEAVES; index++) {
        char text [16];
        snprintf (text, sizeof text, "%u", index);
        imi_merkle_leaf_hash (text, strlen (text), vectors->shape_leaves [index]);
    }
    s_table_append_all (&vectors->shape_table, vectors->shape_leaves, S_SHAPE_LEAVES);

    char path [512];
    snprintf (path, sizeof path, "%s/merkle.txt", IMI_TEST_VECTORS);
    FILE *handle = fopen (path, "r");
    if (!handle) {
        fprintf (stderr, "test_merkle: cannot open %s\n", path);
        exit (1);
    }
    char line [S_MAX_LINE];
    size_t lines = 0;
    while (fgets (line, sizeof line, handle)) {
        line [strcspn (line, "\r\n")] = 0;
        if (line [0] == '#' || line [0] == 0)
            continue;
        s_vector_line (vectors, line);
        lines++;
    }
    fclose (handle);
    assert (lines == 92);          //  the whole file was read

    //  transparency-dev's verifier cases with empty proofs
    //  (TestVerifyInclusionSingleEntry, TestVerifyInclusion). Its empty byte
    //  strings are all-zero hashes here.
    s_hash_t hash, zero = { 0 }, some, empty;
    imi_merkle_leaf_hash ("data", 4, hash);
    assert (imi_hex_decode (some, IMI_HASH_BYTES, s_some_hash_hex) == 0);
    imi_merkle_empty_root (empty);
    assert (imi_merkle_verify_inclusion (0, 1, hash, NULL, 0, hash) == 0);
    assert (imi_merkle_verify_inclusion (0, 1, zero, NULL, 0, hash) == -2);
    assert (imi_merkle_verify_inclusion (0, 1, hash, NULL, 0, zero) == -2);
    uint64_t probes [4][2] = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 2, 1 } };
    for (unsigned probe = 0; probe < 4; probe++) {
        uint64_t index = probes [probe][0], size = probes [probe][1];
        assert (imi_merkle_verify_inclusion (index, size, some, NULL, 0, zero) == -2);
        assert (imi_merkle_verify_inclusion (index, size, zero, NULL, 0, empty) == -2);
        assert (imi_merkle_verify_inclusion (index, size, some, NULL, 0, empty) == -2);
    }

    //  TestVerifyConsistency's table. Where it passes arbitrary roots for
    //  size 0 we require the empty tree's root: a size-0 checkpoint with any
    //  other root is wrong.
    s_hash_t root1, root2;
    imi_hash (root1, "don't care 1", 12);
    imi_hash (root2, "don't care 2", 12);
    const s_hash_t *one_empty = (const s_hash_t *) &empty;
    struct {
        uint64_t old_size, new_size;
        const uint8_t *old_root, *new_root;
        size_t count;               //  0, or 1: the proof is [empty tree's root]
        int rc;
    } cases [] = {
        { 0, 0, root1, root2, 0, -2 },
        { 1, 1, root1, root2, 0, -2 },
        { 0, 0, empty, empty, 0, 0 },   //  {0, 0, root1, root1} there
        { 0, 0, root1, root1, 0, -2 },  //  stricter here: not the empty root
        { 0, 1, empty, root2, 0, 0 },   //  {0, 1, root1, root2} there
        { 1, 1, root2, root2, 0, 0 },
        { 1, 0, root1, root2, 0, -2 },
        { 2, 1, root1, root2, 0, -2 },
        { 1, 2, root1, root2, 0, -2 },
        { 0, 0, empty, root2, 0, -2 },
        { 1, 1, empty, root2, 0, -2 },
        { 0, 0, empty, empty, 1, -2 },
        { 0, 1, empty, empty, 1, -2 },
        { 1, 1, empty, empty, 1, -2 },
    };
    for (size_t index = 0; index < sizeof cases / sizeof cases [0]; index++) {
        assert (imi_merkle_verify_consistency (cases [index].old_size, cases [index].new_size,
                                               cases [index].old_root, cases [index].new_root,
                                               one_empty, cases [index].count)
                == cases [index].rc);
        s_checks++;
    }
    s_table_free (&vectors->table);
    s_table_free (&vectors->shape_table);
    free (vectors);
}

//  --------------------------------------------------------------------------
//  2. The reference model.

static uint64_t s_random_state = 0x1f2e3d4c5b6a7988ULL;

static uint64_t
s_random (void)
{
    //  xorshift64*: fixed seed, so every run checks the same trees.
    s_random_state ^= s_random_state >> 12;
    s_random_state ^= s_random_state << 25;
    s_random_state ^= s_random_state >> 27;
    return s_random_state * 0x2545f4914f6cdd1dULL;
}

static s_hash_t *
s_random_leaves (uint64_t count)
{
    s_hash_t *leaves = malloc ((count + 1) * sizeof (s_hash_t));
    assert (leaves);
    for (uint64_t index = 0; index < count; index++) {
        uint8_t data [48];
        size_t size = s_random () % sizeof data;
        for (size_t byte = 0; byte < size; byte++)
            data [byte] = (uint8_t) s_random ();
        imi_merkle_leaf_hash (data, size, leaves [index]);
    }
    return leaves;
}

//  A verified proof with one random bit flipped (or, if it is empty, the
//  leaf's or old root's) must be rejected.
static void
s_flip_random_bit (s_probe_t *probe)
{
    uint8_t *target = probe->count
        ? probe->proof [s_random () % probe->count]
        : probe->leaf_or_old_root;
    target [s_random () % IMI_HASH_BYTES] ^= (uint8_t) (1 << (s_random () % 8));
}

static void
s_check_inclusion (s_table_t *table, s_hash_t *leaves, uint64_t index, uint64_t size,
                   const uint8_t root [IMI_HASH_BYTES])
{
    s_probe_t probe = { .index = index, .size = size };
    s_hash_t expected [IMI_MERKLE_PROOF_MAX];
    size_t expected_count = 0;
    table->visible_size = size;
    assert (imi_merkle_inclusion_proof (index, size, s_table_get, table,
                                        probe.proof, &probe.count) == 0);
    s_reference_path (index, leaves, size, expected, &expected_count);
    s_expect_proof ("inclusion", index, size, probe.proof, probe.count, expected,
                    expected_count);
    memcpy (probe.leaf_or_old_root, leaves [index], IMI_HASH_BYTES);
    memcpy (probe.root, root, IMI_HASH_BYTES);
    assert (s_verify_inclusion_probe (&probe) == 0);
    s_flip_random_bit (&probe);
    assert (s_verify_inclusion_probe (&probe) == -2);
}

static void
s_check_consistency (s_table_t *table, s_hash_t *leaves, uint64_t old_size, uint64_t size)
{
    s_probe_t probe = { .index = old_size, .size = size };
    s_hash_t expected [IMI_MERKLE_PROOF_MAX];
    size_t expected_count;
    table->visible_size = size;
    assert (imi_merkle_consistency_proof (old_size, size, s_table_get, table,
                                          probe.proof, &probe.count) == 0);
    s_reference_consistency (old_size, leaves, size, expected, &expected_count);
    s_expect_proof ("consistency", old_size, size, probe.proof, probe.count, expected,
                    expected_count);
    imi_merkle_root_of_leaves ((const s_hash_t *) leaves, old_size, probe.leaf_or_old_root);
    imi_merkle_root_of_leaves ((const s_hash_t *) leaves, size, probe.root);
    assert (s_verify_consistency_probe (&probe) == 0);
    s_flip_random_bit (&probe);
    assert (s_verify_consistency_probe (&probe) == -2);
}

static void
s_check_root (s_table_t *table, s_hash_t *leaves, uint64_t size, uint8_t root [IMI_HASH_BYTES])
{
    s_hash_t expected;
    table->visible_size = size;
    assert (imi_merkle_root (size, s_table_get, table, root) == 0);
    imi_merkle_root_of_leaves ((const s_hash_t *) leaves, size, expected);
    s_expect_proof ("root", size, 0, (s_hash_t *) root, 1, &expected, 1);
}

static void
s_test_reference_model (void)
{
    //  One tree of 300 leaves serves every size up to 300: the getter sees
    //  only what existed at the size asked for.
    s_hash_t *leaves = s_random_leaves (S_RANDOM_SIZES);
    s_table_t table;
    s_table_append_all (&table, leaves, S_RANDOM_SIZES);
    s_frontier_t frontier;
    memset (&frontier, 0, sizeof frontier);
    for (uint64_t size = 0; size <= S_RANDOM_SIZES; size++) {
        s_hash_t root, streamed;
        s_check_root (&table, leaves, size, root);
        //  The frontier of the latest subtree per level gives the same root.
        assert (imi_merkle_root (size, s_frontier_get, &frontier, streamed) == 0);
        assert (memcmp (root, streamed, IMI_HASH_BYTES) == 0);
        if (size < S_RANDOM_SIZES)
            assert (imi_merkle_append (size, leaves [size], s_frontier_get, s_frontier_put,
                                       &frontier) == 0);
        for (uint64_t index = 0; index < size; index++)
            s_check_inclusion (&table, leaves, index, size, root);
        //  Every pair up to 100 leaves, 10 random old sizes above.
        if (size <= 100)
            for (uint64_t old_size = 0; old_size <= size; old_size++)
                s_check_consistency (&table, leaves, old_size, size);
        else
            for (unsigned pair = 0; pair < 10; pair++)
                s_check_consistency (&table, leaves, s_random () % (size + 1), size);
    }
    s_table_free (&table);
    free (leaves);

    //  Bigger trees of random sizes, sampled.
    for (unsigned tree = 0; tree < 4; tree++) {
        uint64_t size = S_RANDOM_SIZES + s_random () % (S_LARGE_SIZE - S_RANDOM_SIZES + 1);
        if (tree == 0)
            size = S_LARGE_SIZE;
        leaves = s_random_leaves (size);
        s_table_append_all (&table, leaves, size);
        s_hash_t root;
        s_check_root (&table, leaves, size, root);
        s_check_inclusion (&table, leaves, 0, size, root);
        s_check_inclusion (&table, leaves, size - 1, size, root);
        for (unsigned sample = 0; sample < 200; sample++)
            s_check_inclusion (&table, leaves, s_random () % size, size, root);
        for (unsigned sample = 0; sample < 200; sample++) {
            uint64_t new_size = 1 + s_random () % size;
            s_check_consistency (&table, leaves, s_random () % (new_size + 1), new_size);
        }
        s_table_free (&table);
        free (leaves);
    }
}

//  --------------------------------------------------------------------------
//  3. Edge cases.

//  A getter for trees too big to store: any subtree, a hash of its place.
static int
s_synthetic_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    (void) context;
    uint64_t place [2] = { level, index };
    imi_hash (out, place, sizeof place);
    return 0;
}

//  A budget of calls before the callbacks below fail.
typedef struct {
    int gets_left;
    int puts_left;
} s_budget_t;

static int
s_failing_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    s_budget_t *budget = (s_budget_t *) context;
    if (budget->gets_left-- <= 0)
        return imi_error_set ("disk I/O error");
    return s_synthetic_get (NULL, level, index, out);
}

static int
s_failing_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    (void) level, (void) index, (void) hash;
    s_budget_t *budget = (s_budget_t *) context;
    if (budget->puts_left-- <= 0)
        return imi_error_set ("disk full");
    return 0;
}

static void
s_test_edges (void)
{
    s_hash_t proof [IMI_MERKLE_PROOF_MAX + 8];
    size_t count;
    s_hash_t leaf, root, empty;
    imi_merkle_leaf_hash ("x", 1, leaf);
    imi_merkle_empty_root (empty);

    //  Size 0: the empty root, no leaf to prove, nothing to be consistent with.
    s_budget_t no_calls = { 0 };
    assert (imi_merkle_root (0, s_failing_get, &no_calls, root) == 0);
    assert (memcmp (root, empty, IMI_HASH_BYTES) == 0);
    assert (imi_merkle_inclusion_proof (0, 0, s_synthetic_get, NULL, proof, &count) == -2);
    assert (strstr (imi_error_last (), "beyond size 0"));
    assert (imi_merkle_consistency_proof (0, 0, s_synthetic_get, NULL, proof, &count) == 0);
    assert (count == 0);
    assert (imi_merkle_consistency_proof (0, 1000, s_synthetic_get, NULL, proof, &count) == 0);
    assert (count == 0);
    assert (imi_merkle_verify_inclusion (0, 0, leaf, NULL, 0, empty) == -2);
    assert (strcmp (imi_error_last (), "inclusion proof for index 0 beyond size 0") == 0);

    //  Size 1: the root is the leaf, the proof is empty.
    assert (imi_merkle_verify_inclusion (0, 1, leaf, NULL, 0, leaf) == 0);
    assert (imi_merkle_verify_consistency (0, 1, empty, leaf, NULL, 0) == 0);
    assert (imi_merkle_verify_consistency (1, 1, leaf, leaf, NULL, 0) == 0);
    assert (imi_merkle_verify_consistency (0, 1, leaf, leaf, NULL, 0) == -2);
    assert (strstr (imi_error_last (), "empty tree"));

    //  Powers of two and one above: lengths, and the last index.
    for (unsigned bits = 1; bits < 64; bits++) {
        uint64_t power = (uint64_t) 1 << bits;
        assert (imi_merkle_inclusion_proof (power - 1, power, s_synthetic_get, NULL,
                                            proof, &count) == 0 && count == bits);
        assert (imi_merkle_inclusion_proof (power / 3, power, s_synthetic_get, NULL,
                                            proof, &count) == 0 && count == bits);
        //  The new last leaf's sibling is the whole old tree.
        assert (imi_merkle_inclusion_proof (power, power + 1, s_synthetic_get, NULL,
                                            proof, &count) == 0 && count == 1);
        assert (imi_merkle_inclusion_proof (0, power + 1, s_synthetic_get, NULL,
                                            proof, &count) == 0 && count == bits + 1);
        //  A power of two is a subtree of every bigger tree: no seed needed.
        assert (imi_merkle_consistency_proof (power, power + 1, s_synthetic_get, NULL,
                                              proof, &count) == 0 && count == 1);
        assert (imi_merkle_consistency_proof (power, power, s_synthetic_get, NULL,
                                              proof, &count) == 0 && count == 0);
        s_hash_t new_leaf;
        assert (s_synthetic_get (NULL, 0, power, new_leaf) == 0);
        assert (memcmp (proof [0], new_leaf, IMI_HASH_BYTES) == 0);
    }

    //  Near 2^64: the longest proofs fit, the verifiers neither overflow nor
    //  shift out of range (run under UBSan), and with made-up hashes they
    //  fail on the root, not on the length.
    uint64_t huge = UINT64_MAX;
    assert (imi_merkle_inclusion_proof (0, huge, s_synthetic_get, NULL, proof, &count) == 0);
    assert (count == 64);
    assert (imi_merkle_verify_inclusion (0, huge, leaf, (const s_hash_t *) proof, count, root)
            == -2);
    assert (strstr (imi_error_last (), "root does not match"));
    assert (imi_merkle_consistency_proof (3, huge, s_synthetic_get, NULL, proof, &count) == 0);
    assert (count == IMI_MERKLE_PROOF_MAX);
    assert (imi_merkle_verify_consistency (3, huge, root, empty, (const s_hash_t *) proof,
                                           count) == -2);
    assert (strstr (imi_error_last (), "old root does not match"));
    assert (imi_merkle_inclusion_proof (huge - 1, huge, s_synthetic_get, NULL, proof,
                                        &count) == 0);
    assert (imi_merkle_verify_inclusion (huge, huge, leaf, NULL, 0, root) == -2);
    assert (imi_merkle_root (huge, s_synthetic_get, NULL, root) == 0);

    //  Hostile counts: a proof longer than any can be is refused before it
    //  is read (proof is NULL here).
    assert (imi_merkle_verify_inclusion (3, 8, leaf, NULL, 1000000, root) == -2);
    assert (strcmp (imi_error_last (), "inclusion proof has 1000000 hashes, expected 3 "
                    "for index 3 in size 8") == 0);
    assert (imi_merkle_verify_consistency (3, 8, root, root, NULL, SIZE_MAX) == -2);
    assert (imi_merkle_verify_consistency (8, 8, root, root, NULL, 1) == -2);
    assert (strstr (imi_error_last (), "has 1 hashes, expected 0"));
    assert (imi_merkle_verify_consistency (9, 8, root, root, NULL, 0) == -2);
    assert (strcmp (imi_error_last (), "consistency proof: old size 9 beyond new size 8")
            == 0);
    assert (imi_merkle_verify_consistency (8, 8, root, empty, NULL, 0) == -2);
    assert (strstr (imi_error_last (), "roots differ at the same size 8"));

    //  A failing getter or putter: -1, with the subtree it wanted named.
    s_budget_t budget = { .gets_left = 2 };
    assert (imi_merkle_root (7, s_failing_get, &budget, root) == -1);
    assert (strcmp (imi_error_last (), "merkle subtree (level 2, index 0): disk I/O error") == 0);
    for (int calls = 0; calls < 3; calls++) {
        budget.gets_left = calls;
        assert (imi_merkle_inclusion_proof (5, 7, s_failing_get, &budget, proof, &count) == -1);
        budget.gets_left = calls;
        assert (imi_merkle_consistency_proof (5, 7, s_failing_get, &budget, proof, &count)
                == -1);
    }
    //  Leaf 7 completes subtrees at levels 1, 2 and 3: four puts, three gets.
    for (int calls = 0; calls < 4; calls++) {
        budget = (s_budget_t) { .gets_left = 3, .puts_left = calls };
        assert (imi_merkle_append (7, leaf, s_failing_get, s_failing_put, &budget) == -1);
        assert (strstr (imi_error_last (), "disk full"));
    }
    for (int calls = 0; calls < 3; calls++) {
        budget = (s_budget_t) { .gets_left = calls, .puts_left = 4 };
        assert (imi_merkle_append (7, leaf, s_failing_get, s_failing_put, &budget) == -1);
        assert (strstr (imi_error_last (), "disk I/O error"));
    }
    budget = (s_budget_t) { .gets_left = 3, .puts_left = 4 };
    assert (imi_merkle_append (7, leaf, s_failing_get, s_failing_put, &budget) == 0);
    assert (budget.gets_left == 0 && budget.puts_left == 0);
    assert (imi_merkle_append (UINT64_MAX, leaf, s_failing_get, s_failing_put, &budget) == -2);
    assert (strstr (imi_error_last (), "full"));
}

int
main (void)
{
    imi_merkle_test ();
    s_test_vectors ();
    s_test_reference_model ();
    s_test_edges ();
    printf ("test_merkle: OK (%d proofs and mutations checked)\n", s_checks);
    return 0;
}
