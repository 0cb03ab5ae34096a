/*  bench_merkle: what the audit log's Merkle tree costs, beside raw SHA-256
    of the same data in the same run.

    N leaves of B random bytes each (default 1,000,000 of 256 bytes, about
    a signed envelope header with its hashes):
      - raw: SHA-256 of each leaf's data (the floor any log must pay);
      - append: leaf hash + imi_merkle_append into an in-memory subtree
        table (what the node does, less SQLite), and append alone from
        ready leaf hashes, against SHA-256 of those 32-byte hashes;
      - proofs: inclusion proof generation, and verification, for random
        leaves of the full tree;
      - verify the log: recompute the root of all N leaves from their data
        in constant memory (a frontier of the latest subtree per level, as
        an auditor streams an export), and by imi_merkle_root_of_leaves
        from an array of leaf hashes; the ratio to raw SHA-256 is the
        price of the tree over hashing the data at all (target >= 0.5).

    Not a test: prints figures, checks nothing but that the roots agree.

    Usage: bench_merkle [--leaves N] [--leaf-bytes B] [--proofs P (200,000)]
*/
#include "bench_util.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_merkle.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define S_LEVELS 64

typedef uint8_t s_hash_t [IMI_HASH_BYTES];

//  The in-memory subtree table: one array per level, sized for N leaves.
typedef struct {
    s_hash_t *subtrees [S_LEVELS];
    uint64_t counts [S_LEVELS];
} s_table_t;

static int
s_table_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    s_table_t *table = (s_table_t *) context;
    if (level >= S_LEVELS || index >= table->counts [level])
        return imi_error_set ("subtree (%u, %llu) not stored", level,
                              (unsigned long long) index);
    memcpy (out, table->subtrees [level][index], IMI_HASH_BYTES);
    return 0;
}

static int
s_table_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    s_table_t *table = (s_table_t *) context;
    memcpy (table->subtrees [level][index], hash, IMI_HASH_BYTES);
    table->counts [level] = index + 1;
    return 0;
}

static void
s_table_init (s_table_t *table, uint64_t leaves)
{
    memset (table, 0, sizeof *table);
    for (unsigned level = 0; level < S_LEVELS && (leaves >> level); level++) {
        table->subtrees [level] = malloc ((leaves >> level) * sizeof (s_hash_t));
        if (!table->subtrees [level]) {
            fprintf (stderr, "bench_merkle: out of memory\n");
            exit (1);
        }
    }
}

static void
s_table_reset (s_table_t *table)
{
    memset (table->counts, 0, sizeof table->counts);
}

static void
s_table_free (s_table_t *table)
{
    for (unsigned level = 0; level < S_LEVELS; level++)
        free (table->subtrees [level]);
}

//  The latest subtree of each level: all a streaming verifier keeps.
typedef struct {
    s_hash_t latest [S_LEVELS];
} s_frontier_t;

static int
s_frontier_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    (void) index;
    memcpy (out, ((s_frontier_t *) context)->latest [level], IMI_HASH_BYTES);
    return 0;
}

static int
s_frontier_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    (void) index;
    memcpy (((s_frontier_t *) context)->latest [level], hash, IMI_HASH_BYTES);
    return 0;
}

static uint64_t s_random_state = 0x9e3779b97f4a7c15ULL;

static uint64_t
s_random (void)
{
    s_random_state ^= s_random_state >> 12;
    s_random_state ^= s_random_state << 25;
    s_random_state ^= s_random_state >> 27;
    return s_random_state * 0x2545f4914f6cdd1dULL;
}

static void
s_check (int rc, const char *what)
{
    if (rc != 0) {
        fprintf (stderr, "bench_merkle: %s failed: %s\n", what, imi_error_last ());
        exit (1);
    }
}

int
main (int argc, char **argv)
{
    long leaf_count = 1000000, leaf_bytes = 256, proof_count = 200000;
    static struct option options [] = {
        { "leaves", required_argument, NULL, 'n' },
        { "leaf-bytes", required_argument, NULL, 'b' },
        { "proofs", required_argument, NULL, 'p' },
        { NULL, 0, NULL, 0 }
    };
    int option;
    while ((option = getopt_long (argc, argv, "", options, NULL)) != -1) {
        if (option == 'n')
            leaf_count = atol (optarg);
        else
        if (option == 'b')
            leaf_bytes = atol (optarg);
        else
        if (option == 'p')
            proof_count = atol (optarg);
        else {
            fprintf (stderr, "usage: bench_merkle [--leaves N] [--leaf-bytes B] [--proofs P]\n");
            return 2;
        }
    }
    if (leaf_count < 1 || leaf_bytes < 0 || proof_count < 1) {
        fprintf (stderr, "bench_merkle: --leaves and --proofs must be positive\n");
        return 2;
    }
    s_check (imi_crypto_init (), "libsodium");
    uint64_t leaves = (uint64_t) leaf_count;
    size_t size = (size_t) leaf_bytes;
    uint8_t *data = malloc (leaves * size + 1);
    s_hash_t *leaf_hashes = malloc (leaves * sizeof (s_hash_t));
    if (!data || !leaf_hashes) {
        fprintf (stderr, "bench_merkle: out of memory\n");
        return 1;
    }
    imi_random (data, leaves * size);
    printf ("bench_merkle: %llu leaves of %zu bytes\n", (unsigned long long) leaves, size);
    char note [128];

    //  Raw SHA-256 of the leaves' data: the floor.
    s_hash_t sink;
    double start = bench_now ();
    for (uint64_t index = 0; index < leaves; index++)
        imi_hash (sink, data + index * size, size);
    double raw_rate = leaves / (bench_now () - start);
    bench_row ("raw", "SHA-256 of each leaf's data", raw_rate, NULL);

    //  Append into the in-memory table.
    s_table_t table;
    s_table_init (&table, leaves);
    start = bench_now ();
    for (uint64_t index = 0; index < leaves; index++) {
        imi_merkle_leaf_hash (data + index * size, size, leaf_hashes [index]);
        s_check (imi_merkle_append (index, leaf_hashes [index], s_table_get, s_table_put,
                                    &table), "append");
    }
    double rate = leaves / (bench_now () - start);
    snprintf (note, sizeof note, "%.2f x raw SHA-256 of the data", rate / raw_rate);
    bench_row ("append", "leaf hash + append (in-memory table)", rate, note);

    start = bench_now ();
    for (uint64_t index = 0; index < leaves; index++)
        imi_hash (sink, leaf_hashes [index], IMI_HASH_BYTES);
    double raw_short_rate = leaves / (bench_now () - start);
    bench_row ("raw", "SHA-256 of a 32-byte hash", raw_short_rate, NULL);

    s_table_reset (&table);
    start = bench_now ();
    for (uint64_t index = 0; index < leaves; index++)
        s_check (imi_merkle_append (index, leaf_hashes [index], s_table_get, s_table_put,
                                    &table), "append");
    rate = leaves / (bench_now () - start);
    snprintf (note, sizeof note, "%.2f x raw SHA-256 of 32 bytes", rate / raw_short_rate);
    bench_row ("append", "append of a ready leaf hash", rate, note);

    s_hash_t root, reference;
    s_check (imi_merkle_root (leaves, s_table_get, &table, root), "root");

    //  Inclusion proofs of random leaves in the whole tree.
    uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES];
    size_t count = 0, hashes = 0;
    start = bench_now ();
    for (long round = 0; round < proof_count; round++) {
        uint64_t index = s_random () % leaves;
        s_check (imi_merkle_inclusion_proof (index, leaves, s_table_get, &table, proof, &count),
                 "inclusion proof");
        hashes += count;
    }
    rate = proof_count / (bench_now () - start);
    snprintf (note, sizeof note, "%.1f hashes each", (double) hashes / proof_count);
    bench_row ("proof", "inclusion proof generation", rate, note);

    //  Verification, on proofs made beforehand (not timed).
    enum { S_BATCH = 1000 };
    static uint8_t batch [S_BATCH][IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES];
    static size_t batch_counts [S_BATCH];
    static uint64_t batch_indexes [S_BATCH];
    for (unsigned slot = 0; slot < S_BATCH; slot++) {
        batch_indexes [slot] = s_random () % leaves;
        s_check (imi_merkle_inclusion_proof (batch_indexes [slot], leaves, s_table_get, &table,
                                             batch [slot], &batch_counts [slot]),
                 "inclusion proof");
    }
    start = bench_now ();
    for (long round = 0; round < proof_count; round++) {
        unsigned slot = round % S_BATCH;
        s_check (imi_merkle_verify_inclusion (batch_indexes [slot], leaves,
                                              leaf_hashes [batch_indexes [slot]],
                                              (const uint8_t (*)[IMI_HASH_BYTES]) batch [slot],
                                              batch_counts [slot], root),
                 "inclusion verification");
    }
    rate = proof_count / (bench_now () - start);
    bench_row ("proof", "inclusion proof verification", rate, NULL);
    s_table_free (&table);

    //  Verify the whole log from its data: the root, streamed.
    s_frontier_t frontier;
    memset (&frontier, 0, sizeof frontier);
    start = bench_now ();
    for (uint64_t index = 0; index < leaves; index++) {
        s_hash_t leaf;
        imi_merkle_leaf_hash (data + index * size, size, leaf);
        s_check (imi_merkle_append (index, leaf, s_frontier_get, s_frontier_put, &frontier),
                 "append");
    }
    s_hash_t streamed;
    s_check (imi_merkle_root (leaves, s_frontier_get, &frontier, streamed), "root");
    double streamed_rate = leaves / (bench_now () - start);
    snprintf (note, sizeof note, "%.2f x raw SHA-256 (target >= 0.5)", streamed_rate / raw_rate);
    bench_row ("verify", "root from leaf data, streamed (leaves/s)", streamed_rate, note);

    start = bench_now ();
    for (uint64_t index = 0; index < leaves; index++)
        imi_merkle_leaf_hash (data + index * size, size, leaf_hashes [index]);
    imi_merkle_root_of_leaves ((const s_hash_t *) leaf_hashes, leaves, reference);
    rate = leaves / (bench_now () - start);
    snprintf (note, sizeof note, "%.2f x raw SHA-256", rate / raw_rate);
    bench_row ("verify", "root from leaf data, recursive MTH", rate, note);

    //  The same raw figure again, after everything: how steady the machine was.
    start = bench_now ();
    for (uint64_t index = 0; index < leaves; index++)
        imi_hash (sink, data + index * size, size);
    rate = leaves / (bench_now () - start);
    snprintf (note, sizeof note, "first run %.0f/s", raw_rate);
    bench_row ("raw", "SHA-256 of each leaf's data, again", rate, note);

    if (memcmp (root, streamed, IMI_HASH_BYTES) != 0
    ||  memcmp (root, reference, IMI_HASH_BYTES) != 0) {
        fprintf (stderr, "bench_merkle: the three roots differ\n");
        return 1;
    }
    free (data);
    free (leaf_hashes);
    return 0;
}
