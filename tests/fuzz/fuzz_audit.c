/*  Fuzz target: the audit decoders. The input is tried as a log leaf and as
    each witnessing body. A leaf that decodes encodes again (envelope leaves
    from their header and signature, local ones from their fields) and that
    encoding decodes to the same fields; pointers stay inside the input.
    Witnessing bodies that decode encode again and decode to the same
    values. Must never crash, leak or read out of bounds.
*/
#include "imi_body_audit.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
s_leaf (const uint8_t *data, size_t size)
{
    imi_leaf_t leaf, again;
    if (imi_leaf_decode (&leaf, data, size) != 0)
        return;
    uint8_t *bytes;
    size_t bytes_size;
    if (leaf.kind == IMI_LEAF_LOCAL) {
        if (imi_leaf_local_encode (leaf.at_ms, leaf.event, leaf.detail, &bytes, &bytes_size))
            abort ();
    }
    else {
        if (leaf.header < data || leaf.header + leaf.header_size > data + size
        ||  leaf.signature < data || leaf.signature + IMI_SIGNATURE_BYTES > data + size)
            abort ();
        imi_envelope_view_t view = { .header_bytes = leaf.header,
                                     .header_size = leaf.header_size,
                                     .signature = leaf.signature };
        if (imi_leaf_envelope_encode (leaf.kind, leaf.peer, &view, leaf.note, &bytes,
                                      &bytes_size))
            abort ();
    }
    if (imi_leaf_decode (&again, bytes, bytes_size) != 0
    ||  again.kind != leaf.kind || again.at_ms != leaf.at_ms
    ||  strcmp (again.event, leaf.event) || strcmp (again.detail, leaf.detail)
    ||  strcmp (again.peer, leaf.peer) || strcmp (again.note, leaf.note)
    ||  again.header_size != leaf.header_size
    ||  (leaf.header_size && memcmp (again.header, leaf.header, leaf.header_size)))
        abort ();
    free (bytes);
}

static void
s_bodies (const uint8_t *data, size_t size)
{
    char *text, *again;
    uint64_t number, number_again;
    uint8_t proof [IMI_AUDIT_PROOF_MAX][IMI_HASH_BYTES], proof_again [IMI_AUDIT_PROOF_MAX][IMI_HASH_BYTES];
    size_t count, count_again;
    uint8_t *bytes;
    size_t bytes_size;
    if (imi_audit_checkpoint_decode (&text, &number, proof, &count, data, size) == 0) {
        if (imi_audit_checkpoint_encode (text, number, proof [0], count, &bytes, &bytes_size)
        ||  imi_audit_checkpoint_decode (&again, &number_again, proof_again, &count_again,
                                         bytes, bytes_size)
        ||  strcmp (again, text) || number_again != number || count_again != count
        ||  memcmp (proof_again, proof, count * IMI_HASH_BYTES))
            abort ();
        free (again);
        free (bytes);
    }
    free (text);
    if (imi_audit_cosignature_decode (&number, &text, data, size) == 0) {
        if (imi_audit_cosignature_encode (number, text, &bytes, &bytes_size)
        ||  imi_audit_cosignature_decode (&number_again, &again, bytes, bytes_size)
        ||  number_again != number || strcmp (again, text))
            abort ();
        free (again);
        free (bytes);
    }
    free (text);
    if (imi_audit_gossip_decode (&text, data, size) == 0) {
        if (imi_audit_gossip_encode (text, &bytes, &bytes_size)
        ||  imi_audit_gossip_decode (&again, bytes, bytes_size) || strcmp (again, text))
            abort ();
        free (again);
        free (bytes);
    }
    free (text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    s_leaf (data, size);
    s_bodies (data, size);
    return 0;
}
