/*  imi_federation: the manifest this node holds, and how it may change.

    The node trusts the governance keys of its config, until a manifest it
    accepts names others for the versions after it (imi_manifest_governance):
    a manifest is verified with the governance the held one names, if it
    names any, else with the config's, which roots the trust. It holds one manifest,
    stored in <data_dir>/manifest.imi; at start it also reads the bootstrap
    manifest named in the config and keeps the newer of the two. A manifest
    replaces the held one only if it verifies against the governance keys
    (with the configured threshold) and has a higher version; the same
    version with other content is refused as a conflict. Accepted manifests
    are written to disk atomically (write, fsync, rename) before use.

    A manifest must list this node with its keys: the current ones, or the
    next ones a node rotating its keys holds ready (imi_federation_set_keys).
*/
#ifndef IMI_FEDERATION_H
#define IMI_FEDERATION_H

#include "imi_manifest.h"
#include "imi_settings.h"

typedef struct _imi_federation_t imi_federation_t;

//  Load the held manifest (stored, or the bootstrap one if newer). NULL with
//  a reason if there is no valid manifest at all, or this node is not in it
//  with the given keys (or the next ones, NULL if none).
imi_federation_t *imi_federation_new (const imi_settings_t *settings,
                                      const uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES],
                                      const uint8_t curve_public [IMI_BOX_PUBLIC_BYTES],
                                      const uint8_t *next_sign_public,
                                      const uint8_t *next_curve_public);

void imi_federation_destroy (imi_federation_t **self_p);

//  The keys a manifest may list for this node from now on: the current
//  ones, or the next ones (NULL when it holds none).
void imi_federation_set_keys (imi_federation_t *self,
                              const uint8_t sign_public [IMI_SIGN_PUBLIC_BYTES],
                              const uint8_t curve_public [IMI_BOX_PUBLIC_BYTES],
                              const uint8_t *next_sign_public, const uint8_t *next_curve_public);

//  The manifest held now; valid until the next accepted offer.
imi_manifest_t *imi_federation_manifest (imi_federation_t *self);

//  Its encoded bytes (what is offered to peers).
const uint8_t *imi_federation_bytes (imi_federation_t *self, size_t *size);

//  Offer an encoded manifest. Returns 1 if it was accepted and is now held,
//  0 if it is the one already held, -1 if refused (reason says why: malformed,
//  unsigned, bad signature, not newer, conflict, or drops this node).
int imi_federation_offer (imi_federation_t *self, const uint8_t *data, size_t size);

//  Read a whole file (at most max_size bytes) into *data (malloc'd). 0 or -1.
int imi_file_read (const char *path, size_t max_size, uint8_t **data, size_t *size);

//  Write data to path atomically (temp file, fsync, rename, fsync folder),
//  with the given mode. 0 or -1.
int imi_file_write_atomic (const char *path, const uint8_t *data, size_t size, int mode);

#endif
