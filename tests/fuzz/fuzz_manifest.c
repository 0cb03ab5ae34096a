/*  Fuzz target: manifest decoding, verification with the fixed governance
    key of fuzz_keys.h, and the round trip: whatever decodes must encode to
    bytes that decode again and encode identically, and an edit must leave a
    manifest that still encodes and decodes. Must never crash or leak.
*/
#include "fuzz_keys.h"
#include "imi_manifest.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

//  Encode, decode, encode again: the two encodings must be the same bytes.
static void
s_round_trip (imi_manifest_t *manifest)
{
    uint8_t *first, *second;
    size_t first_size, second_size;
    if (imi_manifest_encode (manifest, &first, &first_size) != 0)
        abort ();
    imi_manifest_t *copy = imi_manifest_decode (first, first_size);
    if (!copy || imi_manifest_encode (copy, &second, &second_size) != 0)
        abort ();
    if (first_size != second_size || memcmp (first, second, first_size) != 0)
        abort ();
    free (first);
    free (second);
    imi_manifest_destroy (&copy);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    static fuzz_keys_t keys;
    static int ready = 0;
    if (!ready) {
        fuzz_keys_derive (&keys);
        ready = 1;
    }
    imi_manifest_t *manifest = imi_manifest_decode (data, size);
    if (!manifest)
        return 0;
    int verified = imi_manifest_verify (manifest, keys.governance_public, 1, 1);
    (void) verified;
    size_t count = imi_manifest_node_count (manifest);
    for (size_t index = 0; index < count; index++) {
        const imi_manifest_node_t *node = imi_manifest_node_at (manifest, index);
        if (imi_manifest_find (manifest, node->state) != node
        ||  imi_manifest_find_curve (manifest, node->curve_key) != node)
            abort ();
    }
    for (size_t index = 0; index < imi_manifest_signature_count (manifest); index++)
        if (!imi_manifest_signer_at (manifest, index))
            abort ();
    s_round_trip (manifest);
    if (count > 0) {
        char state [3];
        memcpy (state, imi_manifest_node_at (manifest, 0)->state, sizeof state);
        //  Fails only at the last possible version.
        if (imi_manifest_remove_node (manifest, state) == 0)
            s_round_trip (manifest);
        else
        if (imi_manifest_version (manifest) != UINT64_MAX)
            abort ();
    }
    imi_manifest_destroy (&manifest);
    return 0;
}
