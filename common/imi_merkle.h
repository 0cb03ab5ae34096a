/*  imi_merkle: the audit log's Merkle tree (RFC 9162 §2.1), whatever stores it.

    Every envelope and case transition a node handles becomes a leaf of an
    append-only Merkle tree (DESIGN.md §8). This module holds the tree's
    algorithms and nothing else: hashing, appending, the root, inclusion and
    consistency proofs and their verification. It knows no SQL; the node
    keeps the tree in SQLite, an auditor's tool or a test in memory.

    Hashing (RFC 9162 §2.1.1, SHA-256):
        leaf hash   = SHA-256 (0x00 || leaf data)
        node hash   = SHA-256 (0x01 || left || right)
        empty tree  = SHA-256 ("")  (e3b0c442...b855)
    The tree of n leaves splits at k, the largest power of two below n: its
    left side is the complete subtree of the first k leaves, its right side
    the tree of the n - k others.

    Storage: a table of complete subtrees. The subtree (level, index) covers
    the 2^level leaves [index * 2^level, (index + 1) * 2^level); level 0 holds
    the leaf hashes. It exists, and never changes again, once the tree has
    (index + 1) * 2^level leaves. Every range the RFC's recursions visit in a
    tree of size n (any n up to the stored size, so proofs for a past
    checkpoint work too) is either such an aligned complete subtree or a
    right edge [start, n) that splits into them, so these functions read only
    stored subtrees, through a getter, and never keep the tree themselves:
      - append: about 2 puts and 1 get per leaf (at most 64 puts);
      - root: one get per set bit of the size;
      - proofs: one hash per level (at most 65), each one get or a fold of
        a few gets.
    A context that keeps only the latest subtree of each level (64 hashes) is
    enough for append and root: a streaming verifier recomputes the root of a
    log of any length in constant memory.

    Callbacks return 0, or -1 on failure with a reason in imi_error (a
    function that gets -1 from a callback returns -1 with that reason,
    prefixed with the subtree it wanted).

    Errors: -1 for a failed callback; -2 (imi_error_malformed) for a request
    or proof that cannot be right: an index beyond the size, sizes in the
    wrong order, a proof of the wrong length, a root that does not match.
    Verifiers accept any input, however hostile, and never assert on it.
*/
#ifndef IMI_MERKLE_H
#define IMI_MERKLE_H

#include "imi_crypto.h"

#include <stddef.h>
#include <stdint.h>

//  Hashes in the longest proof: an inclusion proof has one per level of the
//  tree (at most 64); a consistency proof may have one more (its seed) once
//  the new tree passes 2^63 leaves.
#define IMI_MERKLE_PROOF_MAX 65

//  Reads the stored complete subtree (level, index) into out. Returns 0, or
//  -1 if it cannot (missing, storage error) with a reason in imi_error.
typedef int (imi_merkle_get_fn) (void *context, unsigned level, uint64_t index,
                                 uint8_t out [IMI_HASH_BYTES]);

//  Stores the complete subtree (level, index). Returns 0, or -1 with a
//  reason in imi_error.
typedef int (imi_merkle_put_fn) (void *context, unsigned level, uint64_t index,
                                 const uint8_t hash [IMI_HASH_BYTES]);

//  Leaf hash of size bytes of data: SHA-256 (0x00 || data).
void imi_merkle_leaf_hash (const void *data, size_t size, uint8_t out [IMI_HASH_BYTES]);

//  Interior node hash: SHA-256 (0x01 || left || right). out may alias either.
void imi_merkle_node_hash (const uint8_t left [IMI_HASH_BYTES],
                           const uint8_t right [IMI_HASH_BYTES],
                           uint8_t out [IMI_HASH_BYTES]);

//  Root of the empty tree: SHA-256 ("").
void imi_merkle_empty_root (uint8_t out [IMI_HASH_BYTES]);

//  Adds leaf number size_before (the tree grows to size_before + 1): puts the
//  leaf hash at (0, size_before), then each subtree it completes, level by
//  level, reading each left half through get before putting its right half.
//  Returns 0, -1 if a callback
//  failed (some subtrees may be put: run it in the caller's transaction), or
//  -2 if the tree is full (size_before is UINT64_MAX).
int imi_merkle_append (uint64_t size_before, const uint8_t leaf_hash [IMI_HASH_BYTES],
                       imi_merkle_get_fn *get, imi_merkle_put_fn *put, void *context)
    IMI_WARN_UNUSED;

//  Root of the tree of the first size leaves (RFC 9162 MTH), from stored
//  subtrees. Returns 0, or -1 if get failed.
int imi_merkle_root (uint64_t size, imi_merkle_get_fn *get, void *context,
                     uint8_t out [IMI_HASH_BYTES]) IMI_WARN_UNUSED;

//  Inclusion proof of leaf index in the tree of size leaves (RFC 9162
//  §2.1.3.1, PATH), lowest level first, into the caller's proof array;
//  *count set to the number of hashes. Returns 0, -1 if get failed, or -2 if
//  index is not below size.
int imi_merkle_inclusion_proof (uint64_t index, uint64_t size,
                                imi_merkle_get_fn *get, void *context,
                                uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES],
                                size_t *count) IMI_WARN_UNUSED;

//  Consistency proof between the trees of old_size and new_size leaves
//  (RFC 9162 §2.1.4.1, SUBPROOF), into the caller's proof array; *count set
//  to the number of hashes. Empty when old_size is 0 or equal to new_size.
//  Returns 0, -1 if get failed, or -2 if old_size is beyond new_size.
int imi_merkle_consistency_proof (uint64_t old_size, uint64_t new_size,
                                  imi_merkle_get_fn *get, void *context,
                                  uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES],
                                  size_t *count) IMI_WARN_UNUSED;

//  Verifies that leaf_hash is leaf index of the tree of size leaves whose
//  root is root (RFC 9162 §2.1.3.2). proof holds count hashes (may be NULL
//  if count is 0). Returns 0, or -2 with the reason ("index 8 beyond size 8",
//  "inclusion proof has 2 hashes, expected 3", "root does not match").
int imi_merkle_verify_inclusion (uint64_t index, uint64_t size,
                                 const uint8_t leaf_hash [IMI_HASH_BYTES],
                                 const uint8_t proof [][IMI_HASH_BYTES], size_t count,
                                 const uint8_t root [IMI_HASH_BYTES]) IMI_WARN_UNUSED;

//  Verifies that the tree of new_size leaves with root new_root extends the
//  tree of old_size leaves with root old_root (RFC 9162 §2.1.4.2). proof
//  holds count hashes (may be NULL if count is 0). Equal sizes need equal
//  roots and an empty proof; old_size 0 needs the empty tree's root and an
//  empty proof. Returns 0, or -2 with the reason ("old size 9 beyond new
//  size 8", "consistency proof has 3 hashes, expected 4", "new root does
//  not match", ...).
int imi_merkle_verify_consistency (uint64_t old_size, uint64_t new_size,
                                   const uint8_t old_root [IMI_HASH_BYTES],
                                   const uint8_t new_root [IMI_HASH_BYTES],
                                   const uint8_t proof [][IMI_HASH_BYTES], size_t count)
    IMI_WARN_UNUSED;

//  Root of count leaf hashes by the RFC's recursive definition (MTH), with
//  no storage: the reference that tests and tools check the rest against.
void imi_merkle_root_of_leaves (const uint8_t leaf_hashes [][IMI_HASH_BYTES], size_t count,
                                uint8_t out [IMI_HASH_BYTES]);

void imi_merkle_test (void);

#endif
