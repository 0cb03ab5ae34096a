/*  imi_crypto: libsodium, named for what the project does with it.
    See imi_crypto.h for the choices (context-prefixed Ed25519, precomputed
    crypto_box, SHA-256).
*/
#include "imi_crypto.h"
#include "imi_error.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

//  Signed messages larger than this are hashed through the multi-part
//  interface instead of being copied next to their context.
#define S_SIGN_STACK_BYTES 1024

int
imi_crypto_init (void)
{
    if (sodium_init () < 0)
        return imi_error_set ("libsodium failed to initialise");
    return 0;
}

void
imi_random (void *buffer, size_t size)
{
    randombytes_buf (buffer, size);
}

void
imi_hash (uint8_t out [IMI_HASH_BYTES], const void *data, size_t size)
{
    crypto_hash_sha256 (out, (const unsigned char *) data, size);
}

void
imi_sign_keypair (uint8_t public_key [IMI_SIGN_PUBLIC_BYTES],
                  uint8_t secret_key [IMI_SIGN_SECRET_BYTES])
{
    crypto_sign_ed25519_keypair (public_key, secret_key);
}

void
imi_sign_keypair_from_seed (uint8_t public_key [IMI_SIGN_PUBLIC_BYTES],
                            uint8_t secret_key [IMI_SIGN_SECRET_BYTES],
                            const uint8_t seed [IMI_SIGN_SEED_BYTES])
{
    crypto_sign_ed25519_seed_keypair (public_key, secret_key, seed);
}

//  Ed25519 signs the message itself, not a hash of it, so context and message
//  must be contiguous: small messages are joined on the stack, larger ones in
//  a heap buffer.
static uint8_t *
s_join (uint8_t *stack, const char *context, const uint8_t *message, size_t size,
        size_t *joined_size)
{
    size_t context_size = strlen (context);
    *joined_size = context_size + size;
    uint8_t *joined = *joined_size <= S_SIGN_STACK_BYTES? stack: sodium_malloc (*joined_size);
    if (joined) {
        memcpy (joined, context, context_size);
        if (size)
            memcpy (joined + context_size, message, size);
    }
    return joined;
}

static void
s_unjoin (uint8_t *joined, uint8_t *stack)
{
    if (joined != stack)
        sodium_free (joined);
}

int
imi_sign (uint8_t signature [IMI_SIGNATURE_BYTES], const char *context,
          const uint8_t *message, size_t size,
          const uint8_t secret_key [IMI_SIGN_SECRET_BYTES])
{
    if (strlen (context) > IMI_SIGN_CONTEXT_MAX)
        return imi_error_set ("signature context '%s' is too long", context);
    uint8_t stack [S_SIGN_STACK_BYTES];
    size_t joined_size;
    uint8_t *joined = s_join (stack, context, message, size, &joined_size);
    if (!joined)
        return imi_error_set ("out of memory signing %zu bytes", size);
    crypto_sign_ed25519_detached (signature, NULL, joined, joined_size, secret_key);
    s_unjoin (joined, stack);
    return 0;
}

int
imi_verify (const uint8_t signature [IMI_SIGNATURE_BYTES], const char *context,
            const uint8_t *message, size_t size,
            const uint8_t public_key [IMI_SIGN_PUBLIC_BYTES])
{
    if (strlen (context) > IMI_SIGN_CONTEXT_MAX)
        return imi_error_set ("signature context '%s' is too long", context);
    uint8_t stack [S_SIGN_STACK_BYTES];
    size_t joined_size;
    uint8_t *joined = s_join (stack, context, message, size, &joined_size);
    if (!joined)
        return imi_error_set ("out of memory verifying %zu bytes", size);
    int rc = crypto_sign_ed25519_verify_detached (signature, joined, joined_size, public_key);
    s_unjoin (joined, stack);
    if (rc != 0)
        return imi_error_set ("signature does not verify");
    return 0;
}

void
imi_box_keypair (uint8_t public_key [IMI_BOX_PUBLIC_BYTES],
                 uint8_t secret_key [IMI_BOX_SECRET_BYTES])
{
    crypto_box_keypair (public_key, secret_key);
}

void
imi_box_public_from_secret (uint8_t public_key [IMI_BOX_PUBLIC_BYTES],
                            const uint8_t secret_key [IMI_BOX_SECRET_BYTES])
{
    crypto_scalarmult_base (public_key, secret_key);
}

int
imi_box_shared_key (uint8_t shared [IMI_BOX_SHARED_BYTES],
                    const uint8_t peer_public [IMI_BOX_PUBLIC_BYTES],
                    const uint8_t our_secret [IMI_BOX_SECRET_BYTES])
{
    if (crypto_box_beforenm (shared, peer_public, our_secret) != 0)
        return imi_error_set ("peer's CURVE public key is weak");
    return 0;
}

void
imi_box_seal (uint8_t *out, const uint8_t *plain, size_t size,
              const uint8_t nonce [IMI_BOX_NONCE_BYTES],
              const uint8_t shared [IMI_BOX_SHARED_BYTES])
{
    if (nonce)
        memcpy (out, nonce, IMI_BOX_NONCE_BYTES);
    else
        randombytes_buf (out, IMI_BOX_NONCE_BYTES);
    crypto_box_easy_afternm (out + IMI_BOX_NONCE_BYTES, plain, size, out, shared);
}

int
imi_box_open (uint8_t *out, const uint8_t *sealed, size_t size,
              const uint8_t shared [IMI_BOX_SHARED_BYTES])
{
    if (size < IMI_BOX_OVERHEAD)
        return imi_error_set ("sealed body of %zu bytes is shorter than its %d-byte overhead",
                              size, IMI_BOX_OVERHEAD);
    if (crypto_box_open_easy_afternm (out, sealed + IMI_BOX_NONCE_BYTES,
                                      size - IMI_BOX_NONCE_BYTES, sealed, shared) != 0)
        return imi_error_set ("sealed body does not authenticate");
    return 0;
}

void
imi_hex_encode (char *text, const uint8_t *data, size_t size)
{
    sodium_bin2hex (text, 2 * size + 1, data, size);
}

int
imi_hex_decode (uint8_t *data, size_t size, const char *text)
{
    size_t decoded = 0;
    const char *end = NULL;
    if (strlen (text) != 2 * size
    ||  sodium_hex2bin (data, size, text, 2 * size, NULL, &decoded, &end) != 0
    ||  decoded != size)
        return imi_error_set ("expected %zu hex digits", 2 * size);
    return 0;
}

bool
imi_equal (const void *a, const void *b, size_t size)
{
    return sodium_memcmp (a, b, size) == 0;
}

void
imi_crypto_test (void)
{
    assert (imi_crypto_init () == 0);

    //  Known answer: SHA-256("abc") from FIPS 180-2.
    uint8_t digest [IMI_HASH_BYTES];
    char hex [2 * IMI_HASH_BYTES + 1];
    imi_hash (digest, "abc", 3);
    imi_hex_encode (hex, digest, sizeof digest);
    assert (strcmp (hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);

    //  Known answer: RFC 8032 test 1 (empty message, empty context here means
    //  we sign exactly the message).
    uint8_t seed [32], public_key [32], secret_key [64], signature [64];
    assert (imi_hex_decode (seed, 32,
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60") == 0);
    imi_sign_keypair_from_seed (public_key, secret_key, seed);
    imi_hex_encode (hex, public_key, 32);
    assert (strcmp (hex, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a") == 0);
    assert (imi_sign (signature, "", NULL, 0, secret_key) == 0);
    char signature_hex [129];
    imi_hex_encode (signature_hex, signature, 64);
    assert (strcmp (signature_hex,
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b") == 0);

    //  Context separates: a signature for one context fails under another.
    uint8_t message [2000];
    imi_random (message, sizeof message);
    for (size_t size = 0; size <= sizeof message; size += 1000) {
        assert (imi_sign (signature, "imi.test.a", message, size, secret_key) == 0);
        assert (imi_verify (signature, "imi.test.a", message, size, public_key) == 0);
        assert (imi_verify (signature, "imi.test.b", message, size, public_key) == -1);
        if (size) {
            message [size - 1] ^= 1;
            assert (imi_verify (signature, "imi.test.a", message, size, public_key) == -1);
        }
    }
    assert (imi_sign (signature, "a context label that is far too long to use", message, 1,
                      secret_key) == -1);

    //  Box round trip between two parties; tampering is detected.
    uint8_t alice_public [32], alice_secret [32], bob_public [32], bob_secret [32];
    uint8_t alice_shared [32], bob_shared [32];
    imi_box_keypair (alice_public, alice_secret);
    imi_box_keypair (bob_public, bob_secret);
    uint8_t derived [32];
    imi_box_public_from_secret (derived, alice_secret);
    assert (imi_equal (derived, alice_public, 32));
    assert (imi_box_shared_key (alice_shared, bob_public, alice_secret) == 0);
    assert (imi_box_shared_key (bob_shared, alice_public, bob_secret) == 0);
    uint8_t sealed [100 + IMI_BOX_OVERHEAD], opened [100];
    imi_box_seal (sealed, message, 100, NULL, alice_shared);
    assert (imi_box_open (opened, sealed, sizeof sealed, bob_shared) == 0);
    assert (memcmp (opened, message, 100) == 0);
    sealed [50] ^= 1;
    assert (imi_box_open (opened, sealed, sizeof sealed, bob_shared) == -1);
    assert (imi_box_open (opened, sealed, 10, bob_shared) == -1);
    uint8_t zero [32] = { 0 };
    assert (imi_box_shared_key (alice_shared, zero, alice_secret) == -1);

    //  Hex decoding rejects wrong lengths and non-hex.
    uint8_t two [2];
    assert (imi_hex_decode (two, 2, "0a0B") == 0 && two [0] == 0x0a && two [1] == 0x0b);
    assert (imi_hex_decode (two, 2, "0a0") == -1);
    assert (imi_hex_decode (two, 2, "0a0g") == -1);
    assert (imi_hex_decode (two, 2, "0a0b0c") == -1);
}
