/*  imi_manifest: the federation manifest, a document signed by governance.

    It lists every member node: state code, endpoint, Ed25519 signing key,
    CURVE (X25519) key. Nodes talk only to nodes in the manifest they hold,
    and replace it only with a validly signed one of higher version.

    Wire form (PROTOCOL.md): [ body: bin, signatures: [ [key: bin(32), sig: bin(64)] ... ] ]
        body = [ "imi-manifest-1", federation: str, version: uint,
                 issued_ms: uint, nodes: [ [state, endpoint, sign_key, curve_key] ... ] ]
    nodes are kept sorted by state, at most one per state, so one set of
    nodes has one encoding. Signatures are Ed25519 over
    "imi.manifest.v1" || body bytes, verified on the bytes received.

    A manifest may name the governance keys and threshold that sign the
    versions after it (format imi-manifest-2: the body gains
    [ [key: bin(32) ...], threshold ]): how governance rotates its keys
    without every node's config being edited.

    Editing (add/remove node) a signed manifest starts the next version:
    signatures are dropped and version goes up by one. A manifest with
    signatures is therefore always exactly what was signed.
*/
#ifndef IMI_MANIFEST_H
#define IMI_MANIFEST_H

#include "imi_crypto.h"

#include <stddef.h>
#include <stdint.h>

#define IMI_MANIFEST_SIGN_CONTEXT   "imi.manifest.v1"
#define IMI_MANIFEST_MAX_BYTES      (256 * 1024)
#define IMI_MANIFEST_MAX_NODES      64
#define IMI_MANIFEST_MAX_SIGNATURES 16
#define IMI_MANIFEST_MAX_GOVERNANCE 16      //  keys a governance section names
#define IMI_ENDPOINT_MAX            255
#define IMI_FEDERATION_NAME_MAX     64

typedef struct {
    char state [3];
    char endpoint [IMI_ENDPOINT_MAX + 1];       //  e.g. tcp://127.0.0.1:7001
    uint8_t sign_key [IMI_SIGN_PUBLIC_BYTES];
    uint8_t curve_key [IMI_BOX_PUBLIC_BYTES];
} imi_manifest_node_t;

typedef struct _imi_manifest_t imi_manifest_t;

//  New empty, unsigned manifest, version 1. NULL if the name is invalid.
imi_manifest_t *imi_manifest_new (const char *federation);

//  Decode an encoded manifest (does not verify signatures). NULL with a
//  reason if malformed.
imi_manifest_t *imi_manifest_decode (const uint8_t *data, size_t size);

//  Encode to *out (malloc'd; caller frees). 0 or -1.
int imi_manifest_encode (imi_manifest_t *self, uint8_t **out, size_t *size);

void imi_manifest_destroy (imi_manifest_t **self_p);

//  Set the issue time in ms since 1970 (by default the time of creation or of
//  the last edit; known-answer tests fix it). 0, or -1 if already signed.
int imi_manifest_set_issued_ms (imi_manifest_t *self, uint64_t issued_ms);

//  Add or replace the node for node->state; validates state code and
//  endpoint (tcp://host:port). 0 or -1. Starts the next version if signed.
int imi_manifest_add_node (imi_manifest_t *self, const imi_manifest_node_t *node);

//  Remove the node of state. 0, or -1 if absent. Starts the next version if signed.
int imi_manifest_remove_node (imi_manifest_t *self, const char *state);

//  Name the governance keys (count of them, 32 bytes each, distinct) and the
//  threshold that sign the versions after this one; count 0 removes the
//  section (the versions after it are signed as this one). A manifest with
//  a section is of format imi-manifest-2, which nodes before it refuse.
//  0 or -1. Starts the next version if signed.
int imi_manifest_set_governance (imi_manifest_t *self, const uint8_t *keys, size_t count,
                                 size_t threshold);

//  The governance this manifest names for the versions after it: the number
//  of keys (0: none), *keys (count × 32 bytes, inside the manifest) and the
//  threshold.
size_t imi_manifest_governance (imi_manifest_t *self, const uint8_t **keys, size_t *threshold);

//  Add a signature by a governance secret key (replacing an earlier one by
//  the same key). 0 or -1.
int imi_manifest_sign (imi_manifest_t *self, const uint8_t secret_key [IMI_SIGN_SECRET_BYTES]);

//  Verify: at least threshold distinct keys among trusted (count keys of 32
//  bytes each) have valid signatures. Signatures by unknown keys are ignored.
//  0, or -1 with the reason (unsigned, no trusted signer, bad signature).
int imi_manifest_verify (imi_manifest_t *self, const uint8_t *trusted, size_t trusted_count,
                         size_t threshold) IMI_WARN_UNUSED;

const char *imi_manifest_federation (imi_manifest_t *self);
uint64_t imi_manifest_version (imi_manifest_t *self);
uint64_t imi_manifest_issued_ms (imi_manifest_t *self);
size_t imi_manifest_node_count (imi_manifest_t *self);
const imi_manifest_node_t *imi_manifest_node_at (imi_manifest_t *self, size_t index);
//  Node of state, or NULL.
const imi_manifest_node_t *imi_manifest_find (imi_manifest_t *self, const char *state);
//  Node whose CURVE key is curve_key, or NULL.
const imi_manifest_node_t *imi_manifest_find_curve (imi_manifest_t *self, const uint8_t *curve_key);
size_t imi_manifest_signature_count (imi_manifest_t *self);
//  Public key of the n-th signature.
const uint8_t *imi_manifest_signer_at (imi_manifest_t *self, size_t index);

void imi_manifest_test (void);

#endif
