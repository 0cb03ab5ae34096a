/*  imi_audit: the Merkle tree log in SQL (see imi_audit.h). */
#include "imi_audit.h"
#include "imi_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_size = "SELECT coalesce (max (idx) + 1, 0) FROM audit_leaves";
//  idx is the rowid: SQLite gives max + 1, the next leaf's index, which a
//  rolled-back append frees again.
static const char *s_leaf_insert =
    "INSERT INTO audit_leaves (idx, leaf, message_id, at_ms)"
    " VALUES ((SELECT coalesce (max (idx) + 1, 0) FROM audit_leaves), ?1, ?2, ?3)";
static const char *s_leaf_hash_get = "SELECT leaf FROM audit_leaves WHERE idx = ?1";
static const char *s_leaf_get = "SELECT leaf FROM audit_leaves WHERE idx = ?1";
static const char *s_leaf_find =
    "SELECT idx FROM audit_leaves WHERE message_id = ?1 ORDER BY idx LIMIT 1";
static const char *s_subtree_get = "SELECT hash FROM audit_nodes WHERE level = ?1 AND idx = ?2";
static const char *s_subtree_put = "INSERT INTO audit_nodes (level, idx, hash) VALUES (?1, ?2, ?3)";

//  The last subtree put at each level, kept in memory: appending leaf n
//  needs the left halves of the subtrees it completes, which are exactly the
//  last ones put, so appends read nothing back. A rolled-back append's
//  entries are never used: a subtree is read only after the leaf that
//  completed it was appended again and put it again.
#define S_PATH_BYTES 1024

static struct {
    imi_store_t *store;                 //  whose log this is
    sqlite3 *db;                        //  and its database (a store freed and
    char path [S_PATH_BYTES];         //  another made at its address: not it)
    bool held [IMI_MERKLE_PROOF_MAX];
    uint64_t index [IMI_MERKLE_PROOF_MAX];
    uint8_t hash [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES];
} s_last;

static bool
s_same_log (imi_store_t *store)
{
    if (s_last.store != store || s_last.db != imi_store_db (store))
        return false;
    const char *path = sqlite3_db_filename (s_last.db, "main");
    return strcmp (s_last.path, path? path: "") == 0;
}

//  Level 0 is the leaf hashes, computed from the leaves; the rest are in
//  audit_nodes.
static int
s_node_get (void *context, unsigned level, uint64_t index, uint8_t out [IMI_HASH_BYTES])
{
    imi_store_t *store = (imi_store_t *) context;
    if (s_same_log (store) && level < IMI_MERKLE_PROOF_MAX && s_last.held [level]
    &&  s_last.index [level] == index) {
        memcpy (out, s_last.hash [level], IMI_HASH_BYTES);
        return 0;
    }
    sqlite3_stmt *statement = imi_store_statement (store, level? s_subtree_get: s_leaf_hash_get);
    if (!statement)
        return -1;
    if (level) {
        sqlite3_bind_int (statement, 1, (int) level);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) index);
    }
    else
        sqlite3_bind_int64 (statement, 1, (sqlite3_int64) index);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW && level == 0) {
        imi_merkle_leaf_hash (sqlite3_column_blob (statement, 0),
                              (size_t) sqlite3_column_bytes (statement, 0), out);
        sqlite3_reset (statement);
        return 0;
    }
    if (rc == SQLITE_ROW && sqlite3_column_bytes (statement, 0) == IMI_HASH_BYTES) {
        memcpy (out, sqlite3_column_blob (statement, 0), IMI_HASH_BYTES);
        sqlite3_reset (statement);
        return 0;
    }
    sqlite3_reset (statement);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return imi_error_set ("the audit log lacks subtree %u/%llu", level,
                              (unsigned long long) index);
    return imi_store_error (store, "reading the audit log");
}

static int
s_node_put (void *context, unsigned level, uint64_t index, const uint8_t hash [IMI_HASH_BYTES])
{
    imi_store_t *store = (imi_store_t *) context;
    if (!s_same_log (store)) {
        memset (&s_last, 0, sizeof s_last);
        s_last.store = store;
        s_last.db = imi_store_db (store);
        const char *path = sqlite3_db_filename (s_last.db, "main");
        snprintf (s_last.path, sizeof s_last.path, "%s", path? path: "");
    }
    if (level < IMI_MERKLE_PROOF_MAX) {
        s_last.held [level] = true;
        s_last.index [level] = index;
        memcpy (s_last.hash [level], hash, IMI_HASH_BYTES);
    }
    if (level == 0)
        return 0;                   //  the leaf row holds it
    sqlite3_stmt *statement = imi_store_statement (store, s_subtree_put);
    if (!statement)
        return -1;
    sqlite3_bind_int (statement, 1, (int) level);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) index);
    sqlite3_bind_blob (statement, 3, hash, IMI_HASH_BYTES, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "extending the audit log");
}

static int
s_size_now (imi_store_t *store, uint64_t *size)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_size);
    if (!statement)
        return -1;
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW)
        *size = (uint64_t) sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    return rc == SQLITE_ROW? 0: imi_store_error (store, "reading the audit log's size");
}

static bool s_enabled = true;

void
imi_audit_enable (bool enabled)
{
    s_enabled = enabled;
}

//  Append leaf (size bytes) as the next leaf, with its message id if any.
static int
s_append (imi_store_t *store, const uint8_t *leaf, size_t size, const uint8_t *message_id,
          int64_t now_ms)
{
    if (!s_enabled)
        return 0;
    sqlite3_stmt *statement = imi_store_statement (store, s_leaf_insert);
    if (!statement)
        return -1;
    sqlite3_bind_blob (statement, 1, leaf, (int) size, SQLITE_STATIC);
    if (message_id)
        sqlite3_bind_blob (statement, 2, message_id, IMI_MESSAGE_ID_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 3, now_ms);
    if (imi_store_step_done (store, statement, "appending to the audit log"))
        return -1;
    uint64_t index = (uint64_t) sqlite3_last_insert_rowid (imi_store_db (store));
    uint8_t hash [IMI_HASH_BYTES];
    imi_merkle_leaf_hash (leaf, size, hash);
    return imi_merkle_append (index, hash, s_node_get, s_node_put, store)? -1: 0;
}

int
imi_audit_envelope (imi_store_t *store, uint32_t kind, const char *peer,
                    const imi_envelope_view_t *view, const char *note, int64_t now_ms)
{
    if (!s_enabled)
        return 0;
    uint8_t *leaf;
    size_t leaf_size;
    if (imi_leaf_envelope_encode (kind, peer, view, note, &leaf, &leaf_size))
        return imi_error_wrap ("logging an envelope");
    int rc = s_append (store, leaf, leaf_size, view->header.message_id, now_ms);
    free (leaf);
    return rc;
}

int
imi_audit_envelope_bytes (imi_store_t *store, uint32_t kind, const char *peer,
                          const uint8_t *envelope, size_t size, int64_t now_ms)
{
    if (!s_enabled)
        return 0;
    imi_envelope_view_t view;
    if (imi_envelope_decode (&view, envelope, size))
        return imi_error_wrap ("logging an envelope");
    return imi_audit_envelope (store, kind, peer, &view, NULL, now_ms);
}

int
imi_audit_local (imi_store_t *store, const char *event, const char *detail, int64_t now_ms)
{
    uint8_t *leaf;
    size_t leaf_size;
    if (imi_leaf_local_encode ((uint64_t) now_ms, event, detail, &leaf, &leaf_size))
        return imi_error_wrap ("logging %s", event);
    int rc = s_append (store, leaf, leaf_size, NULL, now_ms);
    free (leaf);
    return rc;
}

//  Is size within the log as it is now? 0, -2 saying how big it is, -1.
static int
s_within (imi_store_t *store, uint64_t size)
{
    uint64_t now;
    if (s_size_now (store, &now))
        return -1;
    if (size > now)
        return imi_error_malformed ("the log has %llu entries, not %llu",
                                    (unsigned long long) now, (unsigned long long) size);
    return 0;
}

int
imi_audit_root (imi_store_t *store, uint64_t size, uint8_t root [IMI_HASH_BYTES])
{
    int rc = s_within (store, size);
    return rc? rc: imi_merkle_root (size, s_node_get, store, root);
}

int
imi_audit_head (imi_store_t *store, uint64_t *size, uint8_t root [IMI_HASH_BYTES])
{
    if (s_size_now (store, size))
        return -1;
    return imi_merkle_root (*size, s_node_get, store, root);
}

int
imi_audit_inclusion (imi_store_t *store, uint64_t index, uint64_t size,
                     uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES], size_t *count)
{
    int rc = s_within (store, size);
    return rc? rc: imi_merkle_inclusion_proof (index, size, s_node_get, store, proof, count);
}

int
imi_audit_consistency (imi_store_t *store, uint64_t old_size, uint64_t new_size,
                       uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES], size_t *count)
{
    int rc = s_within (store, new_size);
    return rc? rc: imi_merkle_consistency_proof (old_size, new_size, s_node_get, store, proof,
                                                 count);
}

int
imi_audit_find (imi_store_t *store, const uint8_t message_id [IMI_MESSAGE_ID_BYTES],
                uint64_t *index)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_leaf_find);
    if (!statement)
        return -1;
    sqlite3_bind_blob (statement, 1, message_id, IMI_MESSAGE_ID_BYTES, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW)
        *index = (uint64_t) sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    if (rc == SQLITE_ROW)
        return 0;
    return rc == SQLITE_DONE? 1: imi_store_error (store, "finding a message in the audit log");
}

int
imi_audit_leaf (imi_store_t *store, uint64_t index, uint8_t **leaf, size_t *size)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_leaf_get);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, (sqlite3_int64) index);
    int rc = sqlite3_step (statement);
    int result = 1;
    if (rc == SQLITE_ROW) {
        *size = (size_t) sqlite3_column_bytes (statement, 0);
        *leaf = malloc (*size + 1);
        if (*leaf) {
            memcpy (*leaf, sqlite3_column_blob (statement, 0), *size);
            result = 0;
        }
        else
            result = imi_error_set ("out of memory");
    }
    else
    if (rc != SQLITE_DONE)
        result = imi_store_error (store, "reading the audit log");
    sqlite3_reset (statement);
    return result;
}

//  The size of our latest checkpoint (0: none yet)
static const char *s_checkpoint_size =
    "SELECT coalesce (max (size), 0) FROM audit_checkpoints";

//  hash in hex as a JSON string.
static json_t *
s_hash_value (const uint8_t hash [IMI_HASH_BYTES])
{
    char text [IMI_HASH_BYTES * 2 + 1];
    imi_hex_encode (text, hash, IMI_HASH_BYTES);
    return json_string (text);
}

int
imi_audit_proof (imi_store_t *store, const uint8_t message_id [IMI_MESSAGE_ID_BYTES],
                 json_t **proof)
{
    uint64_t index, size = 0;
    *proof = NULL;
    int rc = imi_audit_find (store, message_id, &index);
    if (rc)
        return rc;
    sqlite3_stmt *statement = imi_store_statement (store, s_checkpoint_size);
    if (!statement)
        return -1;
    rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW)
        size = (uint64_t) sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW)
        return imi_store_error (store, "reading the latest checkpoint");
    if (index >= size)
        return imi_error_malformed ("the message is entry %llu, after the latest checkpoint "
                                    "(size %llu): run audit checkpoint",
                                    (unsigned long long) index, (unsigned long long) size);
    uint8_t path [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES], root [IMI_HASH_BYTES];
    uint8_t leaf_hash [IMI_HASH_BYTES], *leaf = NULL;
    size_t count, leaf_size;
    if (imi_audit_inclusion (store, index, size, path, &count)
    ||  imi_audit_root (store, size, root))
        return -1;
    rc = imi_audit_leaf (store, index, &leaf, &leaf_size);
    if (rc)
        return rc < 0? -1: imi_error_set ("the audit log has no leaf %llu",
                                          (unsigned long long) index);
    imi_merkle_leaf_hash (leaf, leaf_size, leaf_hash);
    free (leaf);
    char id [IMI_MESSAGE_ID_BYTES * 2 + 1];
    imi_hex_encode (id, message_id, IMI_MESSAGE_ID_BYTES);
    json_t *hashes = json_array ();
    for (size_t each = 0; hashes && each < count; each++)
        if (json_array_append_new (hashes, s_hash_value (path [each])))
            json_decref (hashes), hashes = NULL;
    *proof = hashes? json_pack ("{s:s, s:I, s:I, s:o, s:o, s:o}", "message_id", id,
                                "index", (json_int_t) index, "size", (json_int_t) size,
                                "leaf_hash", s_hash_value (leaf_hash),
                                "root", s_hash_value (root), "proof", hashes): NULL;
    return *proof? 0: imi_error_set ("out of memory");
}
