/*  Fixed keys shared by the fuzz targets and their seed corpora: the keys of
    tests/vectors/envelope.txt and manifest.txt, so that the valid samples in
    the corpora verify and open, and the fuzzer reaches the code behind
    verification (opening, body decoders).
*/
#ifndef FUZZ_KEYS_H
#define FUZZ_KEYS_H

#include "imi_crypto.h"

#include <assert.h>

#define FUZZ_SENDER_SIGN_SEED \
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
#define FUZZ_SENDER_CURVE_SECRET \
    "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
#define FUZZ_RECIPIENT_CURVE_SECRET \
    "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
#define FUZZ_GOVERNANCE_SIGN_SEED \
    "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"

typedef struct {
    uint8_t sender_public [IMI_SIGN_PUBLIC_BYTES];
    uint8_t sender_secret [IMI_SIGN_SECRET_BYTES];
    uint8_t shared [IMI_BOX_SHARED_BYTES];      //  the same on both sides
    uint8_t governance_public [IMI_SIGN_PUBLIC_BYTES];
    uint8_t governance_secret [IMI_SIGN_SECRET_BYTES];
} fuzz_keys_t;

//  Derive the fixed keys (and initialise libsodium, which is idempotent).
static inline void
fuzz_keys_derive (fuzz_keys_t *keys)
{
    int rc = imi_crypto_init ();
    uint8_t seed [IMI_SIGN_SEED_BYTES], sender [IMI_BOX_SECRET_BYTES];
    uint8_t recipient [IMI_BOX_SECRET_BYTES], recipient_public [IMI_BOX_PUBLIC_BYTES];
    rc |= imi_hex_decode (seed, sizeof seed, FUZZ_SENDER_SIGN_SEED);
    imi_sign_keypair_from_seed (keys->sender_public, keys->sender_secret, seed);
    rc |= imi_hex_decode (seed, sizeof seed, FUZZ_GOVERNANCE_SIGN_SEED);
    imi_sign_keypair_from_seed (keys->governance_public, keys->governance_secret, seed);
    rc |= imi_hex_decode (sender, sizeof sender, FUZZ_SENDER_CURVE_SECRET);
    rc |= imi_hex_decode (recipient, sizeof recipient, FUZZ_RECIPIENT_CURVE_SECRET);
    imi_box_public_from_secret (recipient_public, recipient);
    rc |= imi_box_shared_key (keys->shared, recipient_public, sender);
    assert (rc == 0);
    (void) rc;
}

#endif
