/*  imi_rotation: switching this node's keys, and the kept manifests. See
    imi_rotation.h for the order of the switch and why.
*/
#include "imi_rotation.h"
#include "imi_audit.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_outbox.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *s_manifest_insert =
    "INSERT OR IGNORE INTO manifests (version, manifest, accepted_ms) VALUES (?1, ?2, ?3)";
static const char *s_manifests_before =
    "SELECT manifest FROM manifests WHERE version < ?1 ORDER BY version DESC";
static const char *s_manifests_all =
    "SELECT version, manifest FROM manifests ORDER BY version";
//  The newest at or below a version, then every one above it
static const char *s_manifests_from =
    "SELECT manifest FROM manifests WHERE version >= "
    "  (SELECT coalesce (max (version), 0) FROM manifests WHERE version <= ?1) "
    "ORDER BY version";
static const char *s_switch_insert =
    "INSERT OR IGNORE INTO key_switches (sign_key, manifest_version, switched_ms) "
    "VALUES (?1, ?2, ?3)";
static const char *s_switch_select =
    "SELECT 1 FROM key_switches WHERE sign_key = ?1";

//  Load the key pair name in dir into *identity_p, or leave it NULL if its
//  secret file does not exist. 0, or -1 with a reason.
static int
s_load_if_present (const char *dir, const char *name, imi_identity_t **identity_p)
{
    char path [IMI_PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/%s.key", dir, name);
    *identity_p = NULL;
    if (access (path, F_OK) == -1 && errno == ENOENT)
        return 0;
    *identity_p = imi_identity_load_named (dir, name);
    return *identity_p? 0: -1;
}

//  1 if the database records a switch to sign_key, 0 if not, -1 on error.
static int
s_switched_to (imi_store_t *store, const uint8_t sign_key [IMI_SIGN_PUBLIC_BYTES])
{
    sqlite3_stmt *statement = imi_store_statement (store, s_switch_select);
    if (!statement)
        return -1;
    sqlite3_bind_blob (statement, 1, sign_key, IMI_SIGN_PUBLIC_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "reading key switches");
    return rc == SQLITE_ROW;
}

int
imi_rotation_start (imi_node_t *self)
{
    const char *dir = self->settings.data_dir;
    //  A switch committed to the database whose key files were not renamed
    //  yet (a crash between the two): the database is what peers were told.
    char path [IMI_PATH_MAX + 32];
    snprintf (path, sizeof path, "%s/%s.pub", dir, IMI_IDENTITY_NEXT);
    imi_identity_public_t next_public;
    if (access (path, F_OK) == 0 && imi_identity_public_load (path, &next_public) == 0) {
        int switched = s_switched_to (self->store, next_public.sign_key);
        if (switched < 0 || (switched && imi_identity_promote (dir)))
            return -1;
        if (switched) {
            imi_identity_destroy (&self->identity);
            self->identity = imi_identity_load (dir);
            if (!self->identity)
                return -1;
            imi_log (IMI_LOG_INFO, "keys.switch_finished", "files=%s", dir);
        }
    }
    if (s_load_if_present (dir, IMI_IDENTITY_NEXT, &self->next_identity)
    ||  s_load_if_present (dir, IMI_IDENTITY_PREVIOUS, &self->previous_identity))
        return -1;
    return 0;
}

void
imi_rotation_look_for_next (imi_node_t *self)
{
    if (self->next_identity)
        return;
    if (s_load_if_present (self->settings.data_dir, IMI_IDENTITY_NEXT, &self->next_identity)) {
        imi_log (IMI_LOG_WARN, "keys.next_refused", "detail=\"%s\"", imi_error_last ());
        return;
    }
    if (!self->next_identity)
        return;
    imi_federation_set_keys (self->federation, imi_identity_sign_public (self->identity),
                             imi_identity_curve_public (self->identity),
                             imi_identity_sign_public (self->next_identity),
                             imi_identity_curve_public (self->next_identity));
    for (size_t index = 0; index < self->peer_count; index++)
        if (imi_peer_add_secret (self->peers [index],
                                 imi_identity_curve_secret (self->next_identity)))
            imi_log (IMI_LOG_ERROR, "peer.failed", "state=%s detail=\"%s\"",
                     self->peers [index]->node.state, imi_error_last ());
    imi_log (IMI_LOG_INFO, "keys.next_found", "state=%s", self->settings.state);
}

int
imi_rotation_keep_manifest (imi_store_t *store, const uint8_t *data, size_t size,
                            int64_t now_ms)
{
    imi_manifest_t *manifest = imi_manifest_decode (data, size);
    if (!manifest)
        return -1;
    uint64_t version = imi_manifest_version (manifest);
    imi_manifest_destroy (&manifest);
    sqlite3_stmt *statement = imi_store_statement (store, s_manifest_insert);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, (sqlite3_int64) version);
    sqlite3_bind_blob (statement, 2, data, (int) size, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 3, now_ms);
    return imi_store_step_done (store, statement, "keeping a manifest");
}

int
imi_rotation_previous (imi_store_t *store, uint64_t version, const imi_manifest_node_t *current,
                       imi_manifest_node_t *previous)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_manifests_before);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, (sqlite3_int64) version);
    int rc, found = 0;
    while (!found && (rc = sqlite3_step (statement)) == SQLITE_ROW) {
        //  Kept manifests were verified when accepted; one that no longer
        //  decodes says nothing of anyone's keys.
        imi_manifest_t *manifest = imi_manifest_decode (sqlite3_column_blob (statement, 0),
                                                        (size_t) sqlite3_column_bytes (statement, 0));
        const imi_manifest_node_t *node = manifest?
            imi_manifest_find (manifest, current->state): NULL;
        //  A version without the state ends the search: a state removed and
        //  added back has no previous keys.
        bool absent = manifest && !node;
        if (node && (memcmp (node->sign_key, current->sign_key, IMI_SIGN_PUBLIC_BYTES)
                 ||  memcmp (node->curve_key, current->curve_key, IMI_BOX_PUBLIC_BYTES))) {
            *previous = *node;
            found = 1;
        }
        imi_manifest_destroy (&manifest);
        if (absent)
            break;
    }
    sqlite3_reset (statement);
    if (!found && rc != SQLITE_DONE && rc != SQLITE_ROW)
        return imi_store_error (store, "reading kept manifests");
    return found;
}

int
imi_rotation_each_manifest (imi_store_t *store, imi_rotation_each_fn *each, void *context)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_manifests_all);
    if (!statement)
        return -1;
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step (statement)) == SQLITE_ROW)
        result = each (context, (uint64_t) sqlite3_column_int64 (statement, 0),
                       sqlite3_column_blob (statement, 1),
                       (size_t) sqlite3_column_bytes (statement, 1));
    sqlite3_reset (statement);
    if (result == 0 && rc != SQLITE_DONE)
        return imi_store_error (store, "reading kept manifests");
    return result;
}

//  True if two manifests name the same governance for their successors
//  (NULL: one that names none).
static bool
s_same_governance (imi_manifest_t *one, imi_manifest_t *other)
{
    const uint8_t *one_keys = NULL, *other_keys = NULL;
    size_t one_threshold = 0, other_threshold = 0;
    size_t one_count = one? imi_manifest_governance (one, &one_keys, &one_threshold): 0;
    size_t other_count = other? imi_manifest_governance (other, &other_keys, &other_threshold): 0;
    return one_count == other_count && one_threshold == other_threshold
        && (one_count == 0
            || memcmp (one_keys, other_keys, one_count * IMI_SIGN_PUBLIC_BYTES) == 0);
}

int
imi_rotation_offer_for (imi_store_t *store, uint64_t peer_version, uint8_t **data, size_t *size)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_manifests_from);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, (sqlite3_int64) peer_version);
    imi_manifest_t *before = NULL;          //  the peer's governance, as far as we know
    int rc, found = 0;
    while (!found && (rc = sqlite3_step (statement)) == SQLITE_ROW) {
        const uint8_t *bytes = sqlite3_column_blob (statement, 0);
        size_t bytes_size = (size_t) sqlite3_column_bytes (statement, 0);
        imi_manifest_t *manifest = imi_manifest_decode (bytes, bytes_size);
        if (!manifest)
            continue;
        if (imi_manifest_version (manifest) > peer_version
        &&  !s_same_governance (before, manifest)
        &&  (*data = malloc (bytes_size))) {
            memcpy (*data, bytes, bytes_size);
            *size = bytes_size;
            found = 1;
        }
        imi_manifest_destroy (&before);
        before = manifest;
    }
    imi_manifest_destroy (&before);
    sqlite3_reset (statement);
    if (!found && rc != SQLITE_DONE)
        return imi_store_error (store, "reading kept manifests");
    return found;
}

//  The database half of the switch, in one transaction. 0 or -1.
static int
s_switch_record (imi_node_t *self, uint64_t version)
{
    imi_store_t *store = self->store;
    const uint8_t *sign_secret = imi_identity_sign_secret (self->next_identity);
    const uint8_t *sign_public = imi_identity_sign_public (self->next_identity);
    int64_t now = imi_node_now ();
    int64_t resigned = 0;
    if (imi_store_begin (store))
        return -1;
    int rc = 0;
    for (size_t index = 0; rc == 0 && index < self->peer_count; index++)
        rc = imi_outbox_resign (store, self->peers [index], sign_secret, &resigned);
    sqlite3_stmt *statement = rc? NULL: imi_store_statement (store, s_switch_insert);
    if (statement) {
        sqlite3_bind_blob (statement, 1, sign_public, IMI_SIGN_PUBLIC_BYTES, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) version);
        sqlite3_bind_int64 (statement, 3, now);
        rc = imi_store_step_done (store, statement, "recording a key switch");
    }
    else
        rc = -1;
    if (rc == 0) {
        char sign_hex [2 * IMI_SIGN_PUBLIC_BYTES + 1], curve_hex [2 * IMI_BOX_PUBLIC_BYTES + 1];
        imi_hex_encode (sign_hex, sign_public, IMI_SIGN_PUBLIC_BYTES);
        imi_hex_encode (curve_hex, imi_identity_curve_public (self->next_identity),
                        IMI_BOX_PUBLIC_BYTES);
        char detail [256];
        snprintf (detail, sizeof detail, "sign_key=%s curve_key=%s manifest_version=%llu "
                  "resigned=%lld", sign_hex, curve_hex, (unsigned long long) version,
                  (long long) resigned);
        rc = imi_audit_local (store, "keys.switched", detail, now);
    }
    if (imi_node_commit (self, rc))
        return -1;
    imi_log (IMI_LOG_INFO, "keys.switched", "state=%s manifest_version=%llu resigned=%lld",
             self->settings.state, (unsigned long long) version, (long long) resigned);
    return 0;
}

void
imi_rotation_tick (imi_node_t *self)
{
    if (!self->next_identity)
        return;
    imi_manifest_t *manifest = imi_federation_manifest (self->federation);
    const imi_manifest_node_t *own = imi_manifest_find (manifest, self->settings.state);
    if (!own
    ||  memcmp (own->sign_key, imi_identity_sign_public (self->next_identity), IMI_SIGN_PUBLIC_BYTES)
    ||  memcmp (own->curve_key, imi_identity_curve_public (self->next_identity), IMI_BOX_PUBLIC_BYTES))
        return;
    uint64_t version = imi_manifest_version (manifest);
    bool due = self->peer_count == 0;
    for (size_t index = 0; !due && index < self->peer_count; index++)
        due = self->peers [index]->manifest_version >= version;
    if (!due)
        return;
    imi_node_settle (self);
    if (s_switch_record (self, version)) {
        imi_log (IMI_LOG_ERROR, "keys.switch_failed", "detail=\"%s\"", imi_error_last ());
        return;
    }
    //  The database says switched: from here on, failures are finished at
    //  the next start (imi_rotation_start), never undone.
    if (imi_identity_promote (self->settings.data_dir))
        imi_log (IMI_LOG_ERROR, "keys.files_failed", "detail=\"%s\"", imi_error_last ());
    imi_identity_swap (self->identity, self->next_identity);
    imi_identity_destroy (&self->previous_identity);
    self->previous_identity = self->next_identity;
    self->next_identity = NULL;
    imi_federation_set_keys (self->federation, imi_identity_sign_public (self->identity),
                             imi_identity_curve_public (self->identity), NULL, NULL);
    imi_node_apply_manifest (self, true);
}
