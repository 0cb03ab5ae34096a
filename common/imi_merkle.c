/*  imi_merkle: RFC 9162 Merkle tree algorithms over a table of complete
    subtrees. See imi_merkle.h for the hashing and the storage model.

    Two facts carry the whole module:
      - In the tree of n leaves every range the RFC's recursions visit is
        [start, start + width) with start a multiple of the highest power of
        two in width. Such a range is the complete subtrees given by the bits
        of width, high to low, left to right, each aligned, so each is one
        stored (level, index); its MTH folds them from the right
        (s_range_hash).
      - A proof's length follows from the sizes alone (s_path_length): the
        levels where the paths to the two right edges differ ("inner") and
        the set bits above them ("border"). Verifiers check it before they
        hash anything, so a wrong length gets its own reason and the RFC
        loops cannot run out of proof.

    Generators walk the RFC recursion top-down, so they collect hashes in
    reverse and flip them at the end (the RFC lists the lowest level first).
*/
#include "imi_merkle.h"
#include "imi_error.h"

#include <assert.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>

static const uint8_t s_leaf_prefix = 0x00;
static const uint8_t s_node_prefix = 0x01;

//  x >> bits, also for bits = 64 (where C leaves the shift undefined).
static uint64_t
s_shift_right (uint64_t x, unsigned bits)
{
    return bits >= 64? 0: x >> bits;
}

//  Number of significant bits of x (0 for 0).
static unsigned
s_bit_length (uint64_t x)
{
    return x? 64 - (unsigned) __builtin_clzll (x): 0;
}

//  Largest power of two strictly below width (width >= 2): the RFC's k.
static uint64_t
s_split (uint64_t width)
{
    assert (width >= 2);
    return (uint64_t) 1 << (s_bit_length (width - 1) - 1);
}

//  Hashes in a proof whose walk starts at node first and right edge last of
//  one level (RFC 9162 §2.1.3.2 with fn = first, sn = last).
static size_t
s_path_length (uint64_t first, uint64_t last)
{
    unsigned inner = s_bit_length (first ^ last);
    return inner + (size_t) __builtin_popcountll (s_shift_right (first, inner));
}

void
imi_merkle_leaf_hash (const void *data, size_t size, uint8_t out [IMI_HASH_BYTES])
{
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init (&state);
    crypto_hash_sha256_update (&state, &s_leaf_prefix, 1);
    crypto_hash_sha256_update (&state, (const unsigned char *) data, size);
    crypto_hash_sha256_final (&state, out);
}

void
imi_merkle_node_hash (const uint8_t left [IMI_HASH_BYTES], const uint8_t right [IMI_HASH_BYTES],
                      uint8_t out [IMI_HASH_BYTES])
{
    uint8_t joined [1 + 2 * IMI_HASH_BYTES];
    joined [0] = s_node_prefix;
    memcpy (joined + 1, left, IMI_HASH_BYTES);
    memcpy (joined + 1 + IMI_HASH_BYTES, right, IMI_HASH_BYTES);
    imi_hash (out, joined, sizeof joined);
}

void
imi_merkle_empty_root (uint8_t out [IMI_HASH_BYTES])
{
    imi_hash (out, "", 0);
}

//  get, with the subtree it wanted named in the reason if it fails.
static int
s_get (imi_merkle_get_fn *get, void *context, unsigned level, uint64_t index,
       uint8_t out [IMI_HASH_BYTES])
{
    if (get (context, level, index, out) != 0)
        return imi_error_wrap ("merkle subtree (level %u, index %" PRIu64 ")", level, index);
    return 0;
}

//  MTH of leaves [start, start + width), width >= 1, from stored subtrees:
//  the complete subtree of each set bit of width, folded from the right.
static int
s_range_hash (imi_merkle_get_fn *get, void *context, uint64_t start, uint64_t width,
              uint8_t out [IMI_HASH_BYTES])
{
    assert (width >= 1);
    uint64_t end = start + width;
    bool folded = false;
    for (unsigned level = 0; level < 64; level++) {
        uint64_t subtree_size = (uint64_t) 1 << level;
        if (!(width & subtree_size))
            continue;
        end -= subtree_size;
        assert (end % subtree_size == 0);
        uint8_t subtree [IMI_HASH_BYTES];
        if (s_get (get, context, level, end >> level, subtree))
            return -1;
        if (folded)
            imi_merkle_node_hash (subtree, out, out);
        else
            memcpy (out, subtree, IMI_HASH_BYTES);
        folded = true;
    }
    assert (end == start);
    return 0;
}

//  The RFC lists a proof lowest level first; the generators find it top-down.
static void
s_reverse (uint8_t proof [][IMI_HASH_BYTES], size_t count)
{
    for (size_t low = 0, high = count; low + 1 < high; low++, high--) {
        uint8_t swap [IMI_HASH_BYTES];
        memcpy (swap, proof [low], IMI_HASH_BYTES);
        memcpy (proof [low], proof [high - 1], IMI_HASH_BYTES);
        memcpy (proof [high - 1], swap, IMI_HASH_BYTES);
    }
}

int
imi_merkle_append (uint64_t size_before, const uint8_t leaf_hash [IMI_HASH_BYTES],
                   imi_merkle_get_fn *get, imi_merkle_put_fn *put, void *context)
{
    if (size_before == UINT64_MAX)
        return imi_error_malformed ("merkle tree is full (%" PRIu64 " leaves)", size_before);
    uint8_t hash [IMI_HASH_BYTES];
    memcpy (hash, leaf_hash, IMI_HASH_BYTES);
    uint64_t index = size_before;
    for (unsigned level = 0; ; level++) {
        //  A right child (odd index) completes its parent. Its left sibling
        //  is read before it is put, so a store that keeps only the latest
        //  subtree of each level still has it.
        bool completes_parent = index & 1;
        uint8_t left [IMI_HASH_BYTES];
        if (completes_parent && s_get (get, context, level, index - 1, left))
            return -1;
        if (put (context, level, index, hash))
            return imi_error_wrap ("storing merkle subtree (level %u, index %" PRIu64 ")",
                                   level, index);
        if (!completes_parent)
            return 0;
        imi_merkle_node_hash (left, hash, hash);
        index >>= 1;
    }
}

int
imi_merkle_root (uint64_t size, imi_merkle_get_fn *get, void *context,
                 uint8_t out [IMI_HASH_BYTES])
{
    if (size == 0) {
        imi_merkle_empty_root (out);
        return 0;
    }
    return s_range_hash (get, context, 0, size, out);
}

int
imi_merkle_inclusion_proof (uint64_t index, uint64_t size,
                            imi_merkle_get_fn *get, void *context,
                            uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES],
                            size_t *count)
{
    *count = 0;
    if (index >= size)
        return imi_error_malformed ("no inclusion proof for index %" PRIu64 ": beyond size %"
                                    PRIu64, index, size);
    //  PATH (m, D[start:start+width]): the sibling side's MTH, then down.
    uint64_t start = 0, width = size;
    while (width > 1) {
        uint64_t split = s_split (width);
        assert (*count < IMI_MERKLE_PROOF_MAX);
        int rc;
        if (index - start < split) {
            rc = s_range_hash (get, context, start + split, width - split, proof [*count]);
            width = split;
        }
        else {
            rc = s_range_hash (get, context, start, split, proof [*count]);
            start += split;
            width -= split;
        }
        if (rc)
            return -1;
        (*count)++;
    }
    s_reverse (proof, *count);
    assert (*count == s_path_length (index, size - 1));
    return 0;
}

int
imi_merkle_consistency_proof (uint64_t old_size, uint64_t new_size,
                              imi_merkle_get_fn *get, void *context,
                              uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES],
                              size_t *count)
{
    *count = 0;
    if (old_size > new_size)
        return imi_error_malformed ("no consistency proof: old size %" PRIu64
                                    " beyond new size %" PRIu64, old_size, new_size);
    if (old_size == 0 || old_size == new_size)
        return 0;
    //  SUBPROOF (m, D[start:start+width], complete): complete is the RFC's b,
    //  true while the old tree's root is a node of the new tree's path.
    uint64_t start = 0, width = new_size, old_width = old_size;
    bool complete = true;
    while (old_width != width) {
        uint64_t split = s_split (width);
        assert (*count < IMI_MERKLE_PROOF_MAX);
        int rc;
        if (old_width <= split) {
            rc = s_range_hash (get, context, start + split, width - split, proof [*count]);
            width = split;
        }
        else {
            rc = s_range_hash (get, context, start, split, proof [*count]);
            start += split;
            width -= split;
            old_width -= split;
            complete = false;
        }
        if (rc)
            return -1;
        (*count)++;
    }
    if (!complete) {
        assert (*count < IMI_MERKLE_PROOF_MAX);
        if (s_range_hash (get, context, start, width, proof [*count]))
            return -1;
        (*count)++;
    }
    s_reverse (proof, *count);
    return 0;
}

//  One step of the RFC 9162 §2.1.3.2 / §2.1.4.2 loops at node *first of a
//  level whose right edge is *last: true if the proof's hash there is a left
//  sibling (then a right-edge node is first promoted to its level).
static bool
s_step_is_left (uint64_t *first, uint64_t *last)
{
    bool left = (*first & 1) || *first == *last;
    if (left)
        while (*first && !(*first & 1)) {
            *first >>= 1;
            *last >>= 1;
        }
    return left;
}

int
imi_merkle_verify_inclusion (uint64_t index, uint64_t size,
                             const uint8_t leaf_hash [IMI_HASH_BYTES],
                             const uint8_t proof [][IMI_HASH_BYTES], size_t count,
                             const uint8_t root [IMI_HASH_BYTES])
{
    if (index >= size)
        return imi_error_malformed ("inclusion proof for index %" PRIu64 " beyond size %"
                                    PRIu64, index, size);
    size_t expected = s_path_length (index, size - 1);
    if (count != expected)
        return imi_error_malformed ("inclusion proof has %zu hashes, expected %zu for index %"
                                    PRIu64 " in size %" PRIu64, count, expected, index, size);
    uint64_t first = index, last = size - 1;
    uint8_t hash [IMI_HASH_BYTES];
    memcpy (hash, leaf_hash, IMI_HASH_BYTES);
    for (size_t position = 0; position < count; position++) {
        assert (last > 0);
        if (s_step_is_left (&first, &last))
            imi_merkle_node_hash (proof [position], hash, hash);
        else
            imi_merkle_node_hash (hash, proof [position], hash);
        first >>= 1;
        last >>= 1;
    }
    assert (last == 0);
    if (!imi_equal (hash, root, IMI_HASH_BYTES))
        return imi_error_malformed ("inclusion proof for index %" PRIu64 " in size %" PRIu64
                                    ": root does not match", index, size);
    return 0;
}

int
imi_merkle_verify_consistency (uint64_t old_size, uint64_t new_size,
                               const uint8_t old_root [IMI_HASH_BYTES],
                               const uint8_t new_root [IMI_HASH_BYTES],
                               const uint8_t proof [][IMI_HASH_BYTES], size_t count)
{
    if (old_size > new_size)
        return imi_error_malformed ("consistency proof: old size %" PRIu64
                                    " beyond new size %" PRIu64, old_size, new_size);
    if (old_size == 0 || old_size == new_size) {
        if (count)
            return imi_error_malformed ("consistency proof from size %" PRIu64 " to %" PRIu64
                                        " has %zu hashes, expected 0",
                                        old_size, new_size, count);
        uint8_t empty [IMI_HASH_BYTES];
        imi_merkle_empty_root (empty);
        if (old_size == 0 && !imi_equal (old_root, empty, IMI_HASH_BYTES))
            return imi_error_malformed ("consistency proof: old root is not the empty tree's "
                                        "at size 0");
        if (old_size == new_size && !imi_equal (old_root, new_root, IMI_HASH_BYTES))
            return imi_error_malformed ("consistency proof: roots differ at the same size %"
                                        PRIu64, old_size);
        return 0;
    }
    //  The old tree's rightmost complete subtree is a node of both trees:
    //  start there, one level up per trailing zero bit of old_size.
    unsigned shift = (unsigned) __builtin_ctzll (old_size);
    uint64_t first = (old_size - 1) >> shift, last = (new_size - 1) >> shift;
    //  If the old tree is that one subtree, its root is the seed; otherwise
    //  the proof's first hash is.
    size_t seeded = first != 0;
    size_t expected = seeded + s_path_length (first, last);
    if (count != expected)
        return imi_error_malformed ("consistency proof has %zu hashes, expected %zu from size %"
                                    PRIu64 " to %" PRIu64, count, expected, old_size, new_size);
    uint8_t old_hash [IMI_HASH_BYTES], new_hash [IMI_HASH_BYTES];
    memcpy (old_hash, seeded? proof [0]: old_root, IMI_HASH_BYTES);
    memcpy (new_hash, old_hash, IMI_HASH_BYTES);
    for (size_t position = seeded; position < count; position++) {
        assert (last > 0);
        if (s_step_is_left (&first, &last)) {
            imi_merkle_node_hash (proof [position], old_hash, old_hash);
            imi_merkle_node_hash (proof [position], new_hash, new_hash);
        }
        else
            imi_merkle_node_hash (new_hash, proof [position], new_hash);
        first >>= 1;
        last >>= 1;
    }
    assert (last == 0);
    if (!imi_equal (old_hash, old_root, IMI_HASH_BYTES))
        return imi_error_malformed ("consistency proof from size %" PRIu64 " to %" PRIu64
                                    ": old root does not match", old_size, new_size);
    if (!imi_equal (new_hash, new_root, IMI_HASH_BYTES))
        return imi_error_malformed ("consistency proof from size %" PRIu64 " to %" PRIu64
                                    ": new root does not match", old_size, new_size);
    return 0;
}

void
imi_merkle_root_of_leaves (const uint8_t leaf_hashes [][IMI_HASH_BYTES], size_t count,
                           uint8_t out [IMI_HASH_BYTES])
{
    if (count == 0)
        imi_merkle_empty_root (out);
    else
    if (count == 1)
        memcpy (out, leaf_hashes [0], IMI_HASH_BYTES);
    else {
        size_t split = (size_t) s_split (count);
        uint8_t left [IMI_HASH_BYTES], right [IMI_HASH_BYTES];
        imi_merkle_root_of_leaves (leaf_hashes, split, left);
        imi_merkle_root_of_leaves (leaf_hashes + split, count - split, right);
        imi_merkle_node_hash (left, right, out);
    }
}

//  --------------------------------------------------------------------------
//  Self test: a tree of 8 leaves in a fixed table, as an example of use.

#define S_TEST_LEAVES 8

typedef struct {
    uint8_t subtrees [4][S_TEST_LEAVES][IMI_HASH_BYTES];    //  [level][index]
    uint64_t counts [4];                                    //  stored per level
} s_test_table_t;

static int
s_test_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    s_test_table_t *table = (s_test_table_t *) context;
    if (level >= 4 || index >= table->counts [level])
        return imi_error_set ("not stored");
    memcpy (out, table->subtrees [level][index], IMI_HASH_BYTES);
    return 0;
}

static int
s_test_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    s_test_table_t *table = (s_test_table_t *) context;
    assert (level < 4 && index == table->counts [level]);
    memcpy (table->subtrees [level][index], hash, IMI_HASH_BYTES);
    table->counts [level]++;
    return 0;
}

void
imi_merkle_test (void)
{
    assert (imi_crypto_init () == 0);
    s_test_table_t table;
    memset (&table, 0, sizeof table);
    uint8_t leaves [S_TEST_LEAVES][IMI_HASH_BYTES];
    for (uint64_t size = 0; size < S_TEST_LEAVES; size++) {
        uint8_t data = (uint8_t) size;
        imi_merkle_leaf_hash (&data, 1, leaves [size]);
        assert (imi_merkle_append (size, leaves [size], s_test_get, s_test_put, &table) == 0);
    }
    //  8 leaves: 8 + 4 + 2 + 1 complete subtrees.
    assert (table.counts [0] == 8 && table.counts [1] == 4);
    assert (table.counts [2] == 2 && table.counts [3] == 1);

    //  Every past size's root, as the RFC's recursion defines it.
    uint8_t root [IMI_HASH_BYTES], expected [IMI_HASH_BYTES];
    for (uint64_t size = 0; size <= S_TEST_LEAVES; size++) {
        assert (imi_merkle_root (size, s_test_get, &table, root) == 0);
        imi_merkle_root_of_leaves ((const uint8_t (*)[IMI_HASH_BYTES]) leaves, size, expected);
        assert (memcmp (root, expected, IMI_HASH_BYTES) == 0);
    }
    //  Known answer: SHA-256 of the empty string.
    char hex [2 * IMI_HASH_BYTES + 1];
    imi_merkle_empty_root (root);
    imi_hex_encode (hex, root, IMI_HASH_BYTES);
    assert (strcmp (hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0);

    //  Leaf 5 is in the tree of 7 leaves; not as leaf 4, nor in the tree of 8.
    uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES];
    size_t count;
    uint8_t root_7 [IMI_HASH_BYTES], root_8 [IMI_HASH_BYTES];
    assert (imi_merkle_root (7, s_test_get, &table, root_7) == 0);
    assert (imi_merkle_root (8, s_test_get, &table, root_8) == 0);
    assert (imi_merkle_inclusion_proof (5, 7, s_test_get, &table, proof, &count) == 0);
    assert (count == 3);
    const uint8_t (*checked)[IMI_HASH_BYTES] = (const uint8_t (*)[IMI_HASH_BYTES]) proof;
    assert (imi_merkle_verify_inclusion (5, 7, leaves [5], checked, count, root_7) == 0);
    assert (imi_merkle_verify_inclusion (4, 7, leaves [5], checked, count, root_7) == -2);
    assert (imi_merkle_verify_inclusion (5, 8, leaves [5], checked, count, root_8) == -2);
    assert (strstr (imi_error_last (), "root does not match"));
    assert (imi_merkle_inclusion_proof (7, 7, s_test_get, &table, proof, &count) == -2);

    //  The tree of 8 extends the tree of 3, and a flipped bit breaks that.
    uint8_t root_3 [IMI_HASH_BYTES];
    assert (imi_merkle_root (3, s_test_get, &table, root_3) == 0);
    assert (imi_merkle_consistency_proof (3, 8, s_test_get, &table, proof, &count) == 0);
    assert (imi_merkle_verify_consistency (3, 8, root_3, root_8, checked, count) == 0);
    proof [count - 1][0] ^= 1;
    assert (imi_merkle_verify_consistency (3, 8, root_3, root_8, checked, count) == -2);
    assert (imi_merkle_verify_consistency (8, 3, root_8, root_3, checked, 0) == -2);

    //  A tree bigger than the table: the getter's failure comes back as -1.
    assert (imi_merkle_root (9, s_test_get, &table, root) == -1);
    assert (strstr (imi_error_last (), "level 0, index 8"));
}
