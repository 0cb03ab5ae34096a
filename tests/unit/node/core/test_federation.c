/*  Unit test: imi_federation, the rules for holding and replacing the manifest:
    newest valid wins at start, offers must be signed by governance, newer,
    not a same-version conflict, and must keep listing this node's keys.
*/
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_federation.h"
#include "imi_keys.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint8_t s_governance_public [32], s_governance_secret [64];
static uint8_t s_rogue_public [32], s_rogue_secret [64];

static imi_manifest_node_t
s_node (const char *state, const uint8_t *sign_key, const uint8_t *curve_key, int port)
{
    imi_manifest_node_t node = { 0 };
    memcpy (node.state, state, 3);
    snprintf (node.endpoint, sizeof node.endpoint, "tcp://127.0.0.1:%d", port);
    memcpy (node.sign_key, sign_key, 32);
    memcpy (node.curve_key, curve_key, 32);
    return node;
}

//  Encode manifest signed by secret (or unsigned if NULL); caller frees.
static uint8_t *
s_encode (imi_manifest_t *manifest, const uint8_t *secret, size_t *size)
{
    if (secret)
        assert (imi_manifest_sign (manifest, secret) == 0);
    uint8_t *bytes;
    assert (imi_manifest_encode (manifest, &bytes, size) == 0);
    return bytes;
}

int
main (void)
{
    assert (imi_crypto_init () == 0);
    imi_sign_keypair (s_governance_public, s_governance_secret);
    imi_sign_keypair (s_rogue_public, s_rogue_secret);

    char folder [] = "/tmp/imi-federation-XXXXXX";
    assert (mkdtemp (folder));
    imi_settings_t settings = { .state = "DE", .governance_key_count = 1,
                                .governance_threshold = 1 };
    snprintf (settings.data_dir, sizeof settings.data_dir, "%s", folder);
    memcpy (settings.governance_keys [0], s_governance_public, 32);
    assert (imi_identity_generate (folder, "DE") == 0);
    imi_identity_t *identity = imi_identity_load (folder);
    assert (identity);
    const uint8_t *sign_public = imi_identity_sign_public (identity);
    const uint8_t *curve_public = imi_identity_curve_public (identity);
    uint8_t other_sign [32], other_sign_secret [64], other_curve [32], other_curve_secret [32];
    imi_sign_keypair (other_sign, other_sign_secret);
    imi_box_keypair (other_curve, other_curve_secret);

    //  No manifest at all: refuse to start.
    assert (imi_federation_new (&settings, sign_public, curve_public, NULL, NULL) == NULL);
    assert (strstr (imi_error_last (), "no valid federation manifest"));

    //  Version 1 with DE and FR, as the bootstrap file.
    imi_manifest_t *manifest = imi_manifest_new ("test");
    imi_manifest_node_t de = s_node ("DE", sign_public, curve_public, 7001);
    imi_manifest_node_t fr = s_node ("FR", other_sign, other_curve, 7002);
    assert (imi_manifest_add_node (manifest, &de) == 0);
    assert (imi_manifest_add_node (manifest, &fr) == 0);
    size_t v1_size;
    uint8_t *v1 = s_encode (manifest, s_governance_secret, &v1_size);
    snprintf (settings.manifest, sizeof settings.manifest, "%s/bootstrap.imi", folder);
    assert (imi_file_write_atomic (settings.manifest, v1, v1_size, 0644) == 0);

    imi_federation_t *federation = imi_federation_new (&settings, sign_public, curve_public, NULL, NULL);
    assert (federation);
    assert (imi_manifest_version (imi_federation_manifest (federation)) == 1);
    assert (imi_federation_offer (federation, v1, v1_size) == 0);

    //  Version 2 (FR removed): unsigned, rogue-signed, then properly signed.
    assert (imi_manifest_remove_node (manifest, "FR") == 0);
    assert (imi_manifest_version (manifest) == 2);
    size_t size;
    uint8_t *unsigned_v2 = s_encode (manifest, NULL, &size);
    assert (imi_federation_offer (federation, unsigned_v2, size) == -1);
    free (unsigned_v2);
    uint8_t *rogue_v2 = s_encode (manifest, s_rogue_secret, &size);
    assert (imi_federation_offer (federation, rogue_v2, size) == -1);
    free (rogue_v2);
    assert (imi_manifest_version (imi_federation_manifest (federation)) == 1);
    //  (the rogue signature stays; a governance signature is added beside it)
    size_t v2_size;
    uint8_t *v2 = s_encode (manifest, s_governance_secret, &v2_size);
    assert (imi_federation_offer (federation, v2, v2_size) == 1);
    assert (imi_manifest_version (imi_federation_manifest (federation)) == 2);
    assert (imi_manifest_find (imi_federation_manifest (federation), "FR") == NULL);

    //  Older refused; a tampered copy refused.
    assert (imi_federation_offer (federation, v1, v1_size) == -1);
    assert (strstr (imi_error_last (), "older"));
    v2 [v2_size / 2] ^= 1;
    assert (imi_federation_offer (federation, v2, v2_size) == -1);
    v2 [v2_size / 2] ^= 1;

    //  Same version, other content: a conflict.
    imi_manifest_t *conflict = imi_manifest_new ("test");
    assert (imi_manifest_add_node (conflict, &de) == 0);
    assert (imi_manifest_add_node (conflict, &fr) == 0);
    size_t conflict_size;
    free (s_encode (conflict, s_governance_secret, &conflict_size));
    fr.endpoint [strlen (fr.endpoint) - 1] = '9';
    assert (imi_manifest_add_node (conflict, &fr) == 0);
    assert (imi_manifest_version (conflict) == 2);
    uint8_t *conflict_bytes = s_encode (conflict, s_governance_secret, &conflict_size);
    assert (imi_federation_offer (federation, conflict_bytes, conflict_size) == -1);
    assert (strstr (imi_error_last (), "conflicts"));
    free (conflict_bytes);
    imi_manifest_destroy (&conflict);

    //  A manifest that drops this node, or lists other keys for it, is refused.
    imi_manifest_t *without = imi_manifest_new ("test");
    assert (imi_manifest_add_node (without, &fr) == 0);
    size_t without_size;
    uint8_t *without_bytes = s_encode (without, s_governance_secret, &without_size);
    imi_manifest_destroy (&without);
    assert (imi_federation_offer (federation, without_bytes, without_size) == -1);
    assert (strstr (imi_error_last (), "does not list this node"));
    free (without_bytes);

    //  A node rotating its keys: a manifest listing its next keys is refused
    //  until the node says it holds them, then accepted.
    imi_manifest_node_t rotated = s_node ("DE", other_sign, other_curve, 7001);
    assert (imi_manifest_add_node (manifest, &rotated) == 0);
    assert (imi_manifest_version (manifest) == 3);
    size_t v3_size;
    uint8_t *v3 = s_encode (manifest, s_governance_secret, &v3_size);
    assert (imi_federation_offer (federation, v3, v3_size) == -1);
    assert (strstr (imi_error_last (), "lists other keys"));
    imi_federation_set_keys (federation, sign_public, curve_public, other_sign, other_curve);
    assert (imi_federation_offer (federation, v3, v3_size) == 1);
    assert (imi_manifest_version (imi_federation_manifest (federation)) == 3);
    //  Switched: the next keys are the current ones.
    imi_federation_set_keys (federation, other_sign, other_curve, NULL, NULL);
    free (v3);
    assert (imi_manifest_add_node (manifest, &de) == 0);
    assert (imi_manifest_version (manifest) == 4);
    uint8_t *v4 = s_encode (manifest, s_governance_secret, &size);
    assert (imi_federation_offer (federation, v4, size) == -1);
    free (v4);

    //  Restart: the stored version 3 wins over the older bootstrap file.
    imi_federation_destroy (&federation);
    federation = imi_federation_new (&settings, other_sign, other_curve, NULL, NULL);
    assert (federation);
    assert (imi_manifest_version (imi_federation_manifest (federation)) == 3);
    imi_federation_destroy (&federation);
    imi_federation_destroy (&federation);

    free (v1);
    free (v2);
    imi_manifest_destroy (&manifest);
    imi_identity_destroy (&identity);
    char command [256];
    snprintf (command, sizeof command, "rm -rf %s", folder);
    assert (system (command) == 0);
    printf ("test_federation: OK\n");
    return 0;
}
