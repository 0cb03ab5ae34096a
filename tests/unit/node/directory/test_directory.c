/*  Unit test: imi_directory taking entries from peers, on a real SQLite
    file with the real catalogue.

    What a fresh node's sync relies on: an entry held byte for byte (the
    same hash at the same seq) is a duplicate before its signature is
    checked, so 30 peers' copies of a feed cost one verification per entry,
    not 30. Shown with a manifest in which FR's key has changed since FR
    signed its entries: the held entry is still a duplicate (its signature,
    which no longer verifies, was not checked), while a new entry signed
    with the old key, and a held seq with other bytes, are rejected. Then
    the names shown for an authority's key (imi_directory_name, and a
    document's authorities named, imi_directory_name_authorities).
*/
#include "imi_authority_json.h"
#include "imi_crypto.h"
#include "imi_directory.h"
#include "imi_error.h"
#include "imi_keys.h"
#include "imi_schema.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOW 1767225600000LL             //  2026-01-01

static const char *s_authority_json =
    "{\"id\":\"cnom\",\"names\":[{\"lang\":\"fr\",\"text\":\"Conseil national de l'Ordre des "
    "médecins\"}],\"city\":\"Paris\",\"competences\":[{\"legal_area\":"
    "\"professional-qualifications\",\"procedures\":[\"pq-information-request\"]}]}";

//  A manifest of DE and FR, FR's signing key given.
static imi_manifest_t *
s_manifest (imi_identity_t *identity, const uint8_t *fr_sign_key)
{
    imi_manifest_t *manifest = imi_manifest_new ("test-federation");
    assert (manifest);
    imi_manifest_node_t node = { 0 };
    snprintf (node.state, sizeof node.state, "DE");
    snprintf (node.endpoint, sizeof node.endpoint, "tcp://127.0.0.1:1");
    memcpy (node.sign_key, imi_identity_sign_public (identity), IMI_SIGN_PUBLIC_BYTES);
    memcpy (node.curve_key, imi_identity_curve_public (identity), IMI_BOX_PUBLIC_BYTES);
    assert (imi_manifest_add_node (manifest, &node) == 0);
    snprintf (node.state, sizeof node.state, "FR");
    snprintf (node.endpoint, sizeof node.endpoint, "tcp://127.0.0.1:2");
    memcpy (node.sign_key, fr_sign_key, IMI_SIGN_PUBLIC_BYTES);
    memset (node.curve_key, 0xfe, IMI_BOX_PUBLIC_BYTES);       //  any other key
    assert (imi_manifest_add_node (manifest, &node) == 0);
    return manifest;
}

//  FR's entry at seq (an upsert of FR:cnom, or a removal), chained to prev.
static uint8_t *
s_entry (uint64_t seq, const uint8_t *prev_hash, bool remove, const uint8_t *secret,
         size_t *size, uint8_t hash [IMI_HASH_BYTES])
{
    uint8_t *encoded = NULL, *entry;
    size_t encoded_size = 0;
    if (!remove) {
        imi_authority_t *authority = malloc (sizeof *authority);
        assert (authority);
        assert (imi_authority_from_json (authority, s_authority_json,
                                         strlen (s_authority_json)) == 0);
        assert (imi_authority_encode (authority, &encoded, &encoded_size) == 0);
        free (authority);
    }
    assert (imi_entry_seal (&entry, size, "FR", seq, prev_hash, (uint64_t) NOW + seq,
                            remove? IMI_DIRECTORY_REMOVE: IMI_DIRECTORY_UPSERT, "cnom",
                            encoded, encoded_size, secret) == 0);
    free (encoded);
    imi_entry_view_t view;
    assert (imi_entry_decode (&view, entry, *size) == 0);
    memcpy (hash, view.hash, IMI_HASH_BYTES);
    return entry;
}

//  Take entry from FR within a transaction: the result.
static imi_directory_result_t
s_accept (imi_store_t *store, imi_directory_t *directory, imi_manifest_t *manifest,
          const uint8_t *entry, size_t size)
{
    imi_directory_result_t result;
    assert (imi_store_begin (store) == 0);
    assert (imi_directory_accept (directory, manifest, "FR", entry, size, NOW, &result) == 0);
    assert (imi_store_commit (store) == 0);
    return result;
}

int
main (void)
{
    assert (imi_crypto_init () == 0);
    char folder [] = "/tmp/imi-directory-XXXXXX";
    assert (mkdtemp (folder));
    char path [256];
    snprintf (path, sizeof path, "%s/node.db", folder);
    imi_store_t *store = imi_schema_open (path);
    imi_catalogue_t *catalogue = imi_catalogue_load (IMI_SOURCE_CATALOGUE_DIR);
    assert (store && catalogue);
    assert (imi_identity_generate (folder, "DE") == 0);
    imi_identity_t *identity = imi_identity_load (folder);
    assert (identity);
    imi_directory_t *directory = imi_directory_new (store, catalogue, identity);
    assert (directory);

    uint8_t fr_public [IMI_SIGN_PUBLIC_BYTES], fr_secret [IMI_SIGN_SECRET_BYTES];
    uint8_t new_public [IMI_SIGN_PUBLIC_BYTES], new_secret [IMI_SIGN_SECRET_BYTES];
    imi_sign_keypair (fr_public, fr_secret);
    imi_sign_keypair (new_public, new_secret);
    imi_manifest_t *manifest = s_manifest (identity, fr_public);
    imi_manifest_t *changed = s_manifest (identity, new_public);

    //  FR's first two entries, applied
    uint8_t zeros [IMI_HASH_BYTES] = { 0 }, hash_1 [IMI_HASH_BYTES], hash_2 [IMI_HASH_BYTES];
    uint8_t hash_3 [IMI_HASH_BYTES], hash_x [IMI_HASH_BYTES];
    size_t size_1, size_2, size_3, size_x;
    uint8_t *entry_1 = s_entry (1, zeros, false, fr_secret, &size_1, hash_1);
    uint8_t *entry_2 = s_entry (2, hash_1, true, fr_secret, &size_2, hash_2);
    assert (s_accept (store, directory, manifest, entry_1, size_1) == IMI_DIRECTORY_APPLIED);
    assert (s_accept (store, directory, manifest, entry_2, size_2) == IMI_DIRECTORY_APPLIED);
    //  Again, as another peer relays them: duplicates
    assert (s_accept (store, directory, manifest, entry_1, size_1) == IMI_DIRECTORY_DUPLICATE);
    assert (s_accept (store, directory, manifest, entry_2, size_2) == IMI_DIRECTORY_DUPLICATE);

    //  Under a manifest whose key for FR no longer verifies them, the held
    //  bytes are still duplicates: their signature was not checked again
    assert (s_accept (store, directory, changed, entry_1, size_1) == IMI_DIRECTORY_DUPLICATE);
    assert (s_accept (store, directory, changed, entry_2, size_2) == IMI_DIRECTORY_DUPLICATE);
    //  ... while what is not held byte for byte is checked, and refused:
    //  the next entry signed with the old key,
    uint8_t *entry_3 = s_entry (3, hash_2, false, fr_secret, &size_3, hash_3);
    assert (s_accept (store, directory, changed, entry_3, size_3) == IMI_DIRECTORY_REJECTED);
    assert (strstr (imi_error_last (), "signature"));
    //  and other bytes at a held seq (not a fork: the signature fails first)
    uint8_t *other_2 = s_entry (2, hash_1, false, fr_secret, &size_x, hash_x);
    assert (memcmp (hash_x, hash_2, IMI_HASH_BYTES) != 0);
    assert (s_accept (store, directory, changed, other_2, size_x) == IMI_DIRECTORY_REJECTED);
    //  Under the right key the next entry applies
    assert (s_accept (store, directory, manifest, entry_3, size_3) == IMI_DIRECTORY_APPLIED);

    //  Names to show: in the reader's language, else the first (own) name;
    //  a document's authorities named once each, wherever they are
    static const char *berlin =
        "{\"id\":\"aek-berlin\",\"names\":[{\"lang\":\"de\",\"text\":\"Ärztekammer Berlin\"},"
        "{\"lang\":\"en\",\"text\":\"Berlin Chamber of Physicians\"}],\"competences\":[]}";
    imi_authority_t *authority = malloc (sizeof *authority);
    assert (authority && imi_authority_from_json (authority, berlin, strlen (berlin)) == 0);
    uint8_t *own;
    size_t own_size;
    assert (imi_store_begin (store) == 0);
    assert (imi_directory_publish (directory, authority, NULL, 0, NOW, &own, &own_size) == 0);
    assert (imi_store_commit (store) == 0);
    free (own);
    free (authority);
    char name [IMI_DIRECTORY_NAME_MAX + 1];
    assert (imi_directory_name (directory, "DE:aek-berlin", "en", name, sizeof name) == 0);
    assert (streq (name, "Berlin Chamber of Physicians"));
    assert (imi_directory_name (directory, "DE:aek-berlin", "fr", name, sizeof name) == 0);
    assert (streq (name, "Ärztekammer Berlin"));
    assert (imi_directory_name (directory, "FR:cnom", "de", name, sizeof name) == 0);
    assert (streq (name, "Conseil national de l'Ordre des médecins"));
    assert (imi_directory_name (directory, "FR:nowhere", "de", name, sizeof name) == 1);
    json_t *document = json_loads ("{\"requester\": \"DE:aek-berlin\", \"counterpart\": 5,"
        " \"timeline\": [{\"actor\": \"FR:cnom\", \"authority\": \"FR:cnom\"},"
        " {\"to\": \"FR:nowhere\"}, {\"authority\": \"DE:aek-berlin\"}]}", 0, NULL);
    assert (document);
    assert (imi_directory_name_authorities (directory, document, "en") == 0);
    json_t *expected = json_loads ("{\"DE:aek-berlin\": \"Berlin Chamber of Physicians\","
        " \"FR:cnom\": \"Conseil national de l'Ordre des médecins\"}", 0, NULL);
    assert (json_equal (json_object_get (document, "authority_names"), expected));
    json_decref (expected);
    json_decref (document);

    free (entry_1);
    free (entry_2);
    free (entry_3);
    free (other_2);
    imi_manifest_destroy (&manifest);
    imi_manifest_destroy (&changed);
    imi_directory_destroy (&directory);
    imi_identity_destroy (&identity);
    imi_catalogue_destroy (&catalogue);
    imi_store_destroy (&store);
    char command [300];
    snprintf (command, sizeof command, "rm -rf %s", folder);
    assert (system (command) == 0);
    printf ("test_directory: OK\n");
    return 0;
}
