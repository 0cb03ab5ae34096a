/*  Unit test: imi_audit, the log in SQLite. Appends in transactions that
    are committed or rolled back at random must leave exactly the committed
    leaves, whose root (and every inclusion proof) matches the RFC 9162
    root computed from scratch; a second store in the same process keeps
    its own tree.
*/
#include "imi_audit.h"
#include "imi_crypto.h"
#include "imi_schema.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_LEAVES_MAX 600

static void
s_check_root (imi_store_t *store, uint8_t (*hashes) [IMI_HASH_BYTES], uint64_t count)
{
    uint64_t size;
    uint8_t root [IMI_HASH_BYTES], expected [IMI_HASH_BYTES];
    assert (imi_audit_head (store, &size, root) == 0);
    assert (size == count);
    imi_merkle_root_of_leaves ((const uint8_t (*) [IMI_HASH_BYTES]) hashes, count, expected);
    assert (memcmp (root, expected, IMI_HASH_BYTES) == 0);
    for (uint64_t index = 0; index < count; index += 1 + count / 7) {
        uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES];
        size_t proof_size;
        assert (imi_audit_inclusion (store, index, count, proof, &proof_size) == 0);
        assert (imi_merkle_verify_inclusion (index, count, hashes [index],
                                             (const uint8_t (*) [IMI_HASH_BYTES]) proof,
                                             proof_size, root) == 0);
    }
}

int
main (void)
{
    assert (imi_crypto_init () == 0);
    char path [2][64];
    imi_store_t *stores [2];
    for (int which = 0; which < 2; which++) {
        snprintf (path [which], sizeof path [which], "/tmp/imi-audit-test-%d-%d.db",
                  (int) getpid (), which);
        stores [which] = imi_schema_open (path [which]);
        assert (stores [which]);
    }
    static uint8_t hashes [2][S_LEAVES_MAX][IMI_HASH_BYTES];
    uint64_t counts [2] = { 0, 0 };
    srand (20261129);
    for (int round = 0; round < 400; round++) {
        int which = rand () % 2;            //  interleave two logs in one process
        imi_store_t *store = stores [which];
        int appends = 1 + rand () % 4;
        bool commit = rand () % 3 != 0;
        uint8_t pending [4][IMI_HASH_BYTES];
        assert (imi_store_begin (store) == 0);
        for (int each = 0; each < appends; each++) {
            char detail [64];
            snprintf (detail, sizeof detail, "round=%d each=%d", round, each);
            assert (imi_audit_local (store, "test", detail, round) == 0);
            uint64_t index = counts [which] + (uint64_t) each;
            uint8_t *leaf;
            size_t leaf_size;
            assert (imi_audit_leaf (store, index, &leaf, &leaf_size) == 0);
            imi_merkle_leaf_hash (leaf, leaf_size, pending [each]);
            free (leaf);
        }
        if (commit && counts [which] + (uint64_t) appends <= S_LEAVES_MAX) {
            assert (imi_store_commit (store) == 0);
            memcpy (hashes [which][counts [which]], pending, (size_t) appends * IMI_HASH_BYTES);
            counts [which] += (uint64_t) appends;
        }
        else
            assert (imi_store_rollback (store) == 0);
        s_check_root (store, hashes [which], counts [which]);
    }
    assert (counts [0] > 100 && counts [1] > 100);
    for (int which = 0; which < 2; which++) {
        imi_store_destroy (&stores [which]);
        unlink (path [which]);
    }
    printf ("test_audit: OK (%llu and %llu leaves kept through random rollbacks)\n",
            (unsigned long long) counts [0], (unsigned long long) counts [1]);
    return 0;
}
