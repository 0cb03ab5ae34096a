/*  Fuzz target: the LINK_STATE and LINK_RETURN decoders (the repair of a
    link after a restore). Whatever decodes must hold together: it encodes
    again to bytes no longer than the input (the canonical encoding is the
    shortest), those bytes decode, and the second decoding encodes to the
    very same bytes. Must never crash, leak or read out of bounds.
*/
#include "imi_body_recovery.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
s_state (const uint8_t *data, size_t size)
{
    imi_link_state_t state, again;
    if (imi_link_state_decode (&state, data, size))
        return;
    uint8_t *bytes, *bytes_again;
    size_t bytes_size, again_size;
    if (imi_link_state_encode (&state, &bytes, &bytes_size) != 0 || bytes_size > size
    ||  imi_link_state_decode (&again, bytes, bytes_size) != 0
    ||  imi_link_state_encode (&again, &bytes_again, &again_size) != 0
    ||  again_size != bytes_size || memcmp (bytes_again, bytes, bytes_size) != 0)
        abort ();
    free (bytes);
    free (bytes_again);
}

static void
s_return (const uint8_t *data, size_t size)
{
    imi_link_return_t *answer = malloc (sizeof *answer);
    imi_link_return_t *again = malloc (sizeof *again);
    if (!answer || !again)
        abort ();
    if (imi_link_return_decode (answer, data, size) == 0) {
        uint8_t *bytes, *bytes_again;
        size_t bytes_size, again_size;
        if (imi_link_return_encode (answer, &bytes, &bytes_size) != 0 || bytes_size > size
        ||  imi_link_return_decode (again, bytes, bytes_size) != 0
        ||  imi_link_return_encode (again, &bytes_again, &again_size) != 0
        ||  again_size != bytes_size || memcmp (bytes_again, bytes, bytes_size) != 0)
            abort ();
        free (bytes);
        free (bytes_again);
    }
    free (answer);
    free (again);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    s_state (data, size);
    s_return (data, size);
    return 0;
}
