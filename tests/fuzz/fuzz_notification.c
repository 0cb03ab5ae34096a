/*  Fuzz target: the NOTIFICATION_EVENT decoder. Whatever decodes must hold
    together: it validates, encodes again to bytes no longer than the input
    (the canonical encoding is the shortest), those bytes decode, and the
    second decoding encodes to the very same bytes. Must never crash, leak
    or read out of bounds.
*/
#include "imi_body_notification.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    imi_notification_event_t *event = malloc (sizeof *event);
    imi_notification_event_t *again = malloc (sizeof *again);
    if (!event || !again)
        abort ();
    if (imi_notification_event_decode (event, data, size) == 0) {
        uint8_t *bytes, *bytes_again;
        size_t bytes_size, again_size;
        if (imi_notification_event_validate (event) != 0
        ||  imi_notification_event_encode (event, &bytes, &bytes_size) != 0
        ||  bytes_size > size
        ||  imi_notification_event_decode (again, bytes, bytes_size) != 0
        ||  imi_notification_event_encode (again, &bytes_again, &again_size) != 0
        ||  again_size != bytes_size
        ||  memcmp (bytes_again, bytes, bytes_size) != 0)
            abort ();
        free (bytes);
        free (bytes_again);
        imi_notification_event_cleanup (event);
        imi_notification_event_cleanup (again);
    }
    free (event);
    free (again);
    return 0;
}
