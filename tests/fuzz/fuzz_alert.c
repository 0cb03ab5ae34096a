/*  Fuzz target: the alert decoder. Whatever decodes must hold together: it
    validates, it encodes again to bytes no longer than the input (the
    encoding is the shortest, canonical one), those bytes decode, and the
    second decoding encodes to the very same bytes. Must never crash, leak
    or read out of bounds.
*/
#include "imi_body_alert.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    imi_alert_event_t event, again;
    if (imi_alert_event_decode (&event, data, size) != 0)
        return 0;
    uint8_t *bytes, *bytes_again;
    size_t bytes_size, again_size;
    if (imi_alert_event_validate (&event) != 0
    ||  imi_alert_event_encode (&event, &bytes, &bytes_size) != 0
    ||  bytes_size > size
    ||  imi_alert_event_decode (&again, bytes, bytes_size) != 0
    ||  imi_alert_event_encode (&again, &bytes_again, &again_size) != 0
    ||  again_size != bytes_size
    ||  memcmp (bytes_again, bytes, bytes_size) != 0)
        abort ();
    free (bytes);
    free (bytes_again);
    imi_alert_event_cleanup (&event);
    imi_alert_event_cleanup (&again);
    return 0;
}
