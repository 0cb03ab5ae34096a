/*  imi_crypto: every cryptographic primitive the project uses, in one place.

    A thin layer over libsodium so that the rest of the code names what it
    means (sign a header, seal a body to a peer) and never picks primitives:
      - signatures: Ed25519, always over `context || message`, where context
        is a short ASCII label ("imi.envelope.v1") so that a signature made for
        one kind of document can never be replayed as another;
      - bodies: crypto_box (X25519 + XSalsa20-Poly1305) with a key shared
        between two nodes, precomputed once per peer (imi_box_shared_key);
        sealed form is nonce (24 bytes) || ciphertext (plain + 16 bytes);
      - hashes: SHA-256 (the audit log uses RFC 9162, which is SHA-256).
    Secret keys given to these functions are never copied except into
    sodium_malloc'd memory by the caller.
*/
#ifndef IMI_CRYPTO_H
#define IMI_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_SIGN_PUBLIC_BYTES   32
#define IMI_SIGN_SECRET_BYTES   64      //  libsodium's seed || public form
#define IMI_SIGN_SEED_BYTES     32
#define IMI_SIGNATURE_BYTES     64
#define IMI_BOX_PUBLIC_BYTES    32
#define IMI_BOX_SECRET_BYTES    32
#define IMI_BOX_SHARED_BYTES    32
#define IMI_BOX_NONCE_BYTES     24
#define IMI_BOX_MAC_BYTES       16
#define IMI_BOX_OVERHEAD        (IMI_BOX_NONCE_BYTES + IMI_BOX_MAC_BYTES)
#define IMI_HASH_BYTES          32
#define IMI_SIGN_CONTEXT_MAX    32

#define IMI_WARN_UNUSED __attribute__ ((warn_unused_result))

//  Initialise libsodium. Call once at start; returns 0, or -1 if it cannot run.
int imi_crypto_init (void);

//  Fill buffer with random bytes.
void imi_random (void *buffer, size_t size);

//  SHA-256 of data.
void imi_hash (uint8_t out [IMI_HASH_BYTES], const void *data, size_t size);

//  New Ed25519 key pair; secret_key must be sodium_malloc'd by the caller.
void imi_sign_keypair (uint8_t public_key [IMI_SIGN_PUBLIC_BYTES],
                       uint8_t secret_key [IMI_SIGN_SECRET_BYTES]);

//  Ed25519 key pair from a 32-byte seed (known-answer tests, key files).
void imi_sign_keypair_from_seed (uint8_t public_key [IMI_SIGN_PUBLIC_BYTES],
                                 uint8_t secret_key [IMI_SIGN_SECRET_BYTES],
                                 const uint8_t seed [IMI_SIGN_SEED_BYTES]);

//  Sign context || message. Returns 0, or -1 if context is too long.
int imi_sign (uint8_t signature [IMI_SIGNATURE_BYTES], const char *context,
              const uint8_t *message, size_t size,
              const uint8_t secret_key [IMI_SIGN_SECRET_BYTES]);

//  Verify a signature over context || message. Returns 0 if valid, -1 if not.
int imi_verify (const uint8_t signature [IMI_SIGNATURE_BYTES], const char *context,
                const uint8_t *message, size_t size,
                const uint8_t public_key [IMI_SIGN_PUBLIC_BYTES]) IMI_WARN_UNUSED;

//  New X25519 (CURVE) key pair; secret_key must be sodium_malloc'd by the caller.
void imi_box_keypair (uint8_t public_key [IMI_BOX_PUBLIC_BYTES],
                      uint8_t secret_key [IMI_BOX_SECRET_BYTES]);

//  X25519 public key of a secret key.
void imi_box_public_from_secret (uint8_t public_key [IMI_BOX_PUBLIC_BYTES],
                                 const uint8_t secret_key [IMI_BOX_SECRET_BYTES]);

//  Precompute the key shared by us and a peer. Returns 0, or -1 if the peer's
//  public key is weak (small-order point).
int imi_box_shared_key (uint8_t shared [IMI_BOX_SHARED_BYTES],
                        const uint8_t peer_public [IMI_BOX_PUBLIC_BYTES],
                        const uint8_t our_secret [IMI_BOX_SECRET_BYTES]) IMI_WARN_UNUSED;

//  Seal plain into out (size + IMI_BOX_OVERHEAD bytes). nonce NULL means a
//  fresh random nonce (the only correct choice outside known-answer tests).
void imi_box_seal (uint8_t *out, const uint8_t *plain, size_t size,
                   const uint8_t nonce [IMI_BOX_NONCE_BYTES],
                   const uint8_t shared [IMI_BOX_SHARED_BYTES]);

//  Open sealed (size bytes) into out (size - IMI_BOX_OVERHEAD bytes).
//  Returns 0, or -1 if it is too short or does not authenticate.
int imi_box_open (uint8_t *out, const uint8_t *sealed, size_t size,
                  const uint8_t shared [IMI_BOX_SHARED_BYTES]) IMI_WARN_UNUSED;

//  Lower-case hex of data into text (2*size+1 bytes).
void imi_hex_encode (char *text, const uint8_t *data, size_t size);

//  Decode exactly size bytes of hex. Returns 0, or -1 if text is not exactly
//  2*size hex digits.
int imi_hex_decode (uint8_t *data, size_t size, const char *text) IMI_WARN_UNUSED;

//  Constant-time comparison; true if equal.
bool imi_equal (const void *a, const void *b, size_t size);

void imi_crypto_test (void);

#endif
