/*  Fuzz target: the case decoders. The input is tried as a CASE_EVENT and
    as a CASE_PART. Whatever decodes must hold together: it validates, it
    encodes again to bytes no longer than the input (the encoding is the
    shortest, canonical one), those bytes decode, and the second decoding
    encodes to the very same bytes. The encoder writes every field of the
    event, so equal encodings mean equal events. A piece's data lies inside
    the input and survives the round trip. Must never crash, leak or read
    out of bounds.
*/
#include "imi_body_case.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
s_event (const uint8_t *data, size_t size)
{
    imi_case_event_t event, again;
    if (imi_case_event_decode (&event, data, size) != 0)
        return;
    uint8_t *bytes, *bytes_again;
    size_t bytes_size, again_size;
    if (imi_case_event_validate (&event) != 0
    ||  imi_case_event_encode (&event, &bytes, &bytes_size) != 0
    ||  bytes_size > size
    ||  imi_case_event_decode (&again, bytes, bytes_size) != 0
    ||  imi_case_event_encode (&again, &bytes_again, &again_size) != 0
    ||  again_size != bytes_size
    ||  memcmp (bytes_again, bytes, bytes_size) != 0)
        abort ();
    free (bytes);
    free (bytes_again);
    imi_case_event_cleanup (&event);
    imi_case_event_cleanup (&again);
}

static void
s_part (const uint8_t *data, size_t size)
{
    imi_case_part_t part, again;
    if (imi_case_part_decode (&part, data, size) != 0)
        return;
    if (!part.data || part.data < data || part.data + part.size > data + size
    ||  part.size < 1 || part.size > IMI_CASE_PART_MAX
    ||  part.parts < 1 || part.parts > IMI_CASE_PARTS_MAX || part.part >= part.parts)
        abort ();
    uint8_t *bytes;
    size_t bytes_size;
    if (imi_case_part_encode (&part, &bytes, &bytes_size) != 0
    ||  bytes_size > size
    ||  imi_case_part_decode (&again, bytes, bytes_size) != 0
    ||  strcmp (again.case_id, part.case_id) != 0
    ||  memcmp (again.hash, part.hash, IMI_HASH_BYTES) != 0
    ||  again.part != part.part || again.parts != part.parts || again.size != part.size
    ||  memcmp (again.data, part.data, part.size) != 0)
        abort ();
    free (bytes);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    s_event (data, size);
    s_part (data, size);
    return 0;
}
