/*  Fuzz target: envelope decoding, then verification and opening with the
    fixed keys of fuzz_keys.h, then the body decoder of the header's type.
    The input is also given to every body decoder directly, since a fuzzer
    cannot forge a sealed body. Must never crash, leak or read out of bounds.
*/
#include "fuzz_keys.h"
#include "imi_body_delivery.h"
#include "imi_envelope.h"
#include "imi_manifest.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
s_decode_body (uint32_t type, const uint8_t *data, size_t size)
{
    int rc = 0;
    if (type == IMI_TYPE_PING) {
        imi_ping_t ping;
        rc = imi_ping_decode (&ping, data, size);
    }
    else
    if (type == IMI_TYPE_PONG) {
        imi_pong_t pong;
        rc = imi_pong_decode (&pong, data, size);
    }
    else
    if (type == IMI_TYPE_RECEIPT) {
        //  Both schemas: the header's version picks one.
        for (uint32_t version = IMI_PROTOCOL_VERSION_MIN; version <= IMI_PROTOCOL_VERSION;
             version++) {
            imi_receipt_t receipt;
            rc = imi_receipt_decode (&receipt, version, data, size);
            if (rc == 0 && (receipt.hash_count != receipt.last_seq - receipt.first_seq + 1
                            || receipt.refused_count > receipt.hash_count))
                abort ();
            imi_receipt_cleanup (&receipt);
        }
    }
    else
    if (type == IMI_TYPE_TEXT) {
        char *text;
        rc = imi_text_decode (&text, data, size);
        free (text);
    }
    else
    if (type == IMI_TYPE_MANIFEST) {
        const uint8_t *manifest_bytes;
        size_t manifest_size;
        rc = imi_manifest_body_decode (&manifest_bytes, &manifest_size, data, size);
        if (rc == 0) {
            imi_manifest_t *manifest = imi_manifest_decode (manifest_bytes, manifest_size);
            imi_manifest_destroy (&manifest);
        }
    }
    (void) rc;
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
    imi_envelope_view_t view;
    if (imi_envelope_decode (&view, data, size) == 0) {
        uint8_t header_hash [IMI_HASH_BYTES];
        imi_envelope_header_hash (&view, header_hash);
        int verified = imi_envelope_verify (&view, keys.sender_public);
        uint8_t *plain;
        size_t plain_size;
        if (imi_envelope_open (&view, keys.shared, &plain, &plain_size) == 0) {
            s_decode_body (view.header.type, plain, plain_size);
            free (plain);
        }
        (void) verified;
    }
    for (uint32_t type = 1; type < IMI_TYPE_LIMIT; type++)
        s_decode_body (type, data, size);
    return 0;
}
