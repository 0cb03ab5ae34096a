/*  imi_attachments: attachments of cases and alerts, stored and carried
    (see imi_attachments.h).

    Data: per owner, one row per file, keyed by (object id, SHA-256), with
    its name, size, the event that carries it (NULL while a draft holds
    it) and the content (NULL once retention erased it). s_owners holds
    each owner's statements: the code below is the same for both. Pieces
    in transit wait in case_parts by (object id, hash, part) whoever owns
    them; taking a file deletes its pieces.

    Invariant: a stored file's content has the size and hash the event
    names: we hash what a user uploads, and check what a peer's pieces
    assemble to before we store it.
*/
#include "imi_attachments.h"
#include "imi_error.h"
#include "imi_options.h"
#include "imi_spool.h"

#include <assert.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

//  ---------------------------------------------------------------------------
//  SQL, one place: each owner's statements, then the pieces'

static const struct {
    const char *noun;                   //  how reasons name the object
    const char *insert;                 //  ?1 id ?2 hash ?3 name ?4 size ?5 side ?6 n ?7 data
    const char *carried;                //  ?1 id ?2 hash ?3 n
    const char *data;                   //  ?1 id ?2 hash
    const char *fetch;                  //  ?1 id ?2 name or hex hash [?3 our side]
    const char *drop;                   //  ?1 id
} s_owners [] = {
    [IMI_ATTACHMENT_CASE] = { "case",
      "INSERT INTO case_attachments (case_id, hash, name, size, side, n, personal, data)"
      " VALUES (?1, ?2, ?3, ?4, ?5, nullif (?6, 0), 1, ?7)",
      "UPDATE case_attachments SET n = ?3 WHERE case_id = ?1 AND hash = ?2",
      "SELECT data FROM case_attachments WHERE case_id = ?1 AND hash = ?2",
      "SELECT data FROM case_attachments WHERE case_id = ?1 AND (n IS NOT NULL OR side = ?3)"
      " AND (name = ?2 OR hex (hash) = upper (?2))",
      "DELETE FROM case_attachments WHERE case_id = ?1" },
    //  An alert has no sides: ?5 is bound and not used
    [IMI_ATTACHMENT_ALERT] = { "alert",
      "INSERT INTO alert_attachments (alert_id, hash, name, size, n, data)"
      " VALUES (?1, ?2, ?3, ?4, nullif (?6, 0), ?7)",
      "UPDATE alert_attachments SET n = ?3 WHERE alert_id = ?1 AND hash = ?2",
      "SELECT data FROM alert_attachments WHERE alert_id = ?1 AND hash = ?2",
      "SELECT data FROM alert_attachments WHERE alert_id = ?1 AND n IS NOT NULL"
      " AND (name = ?2 OR hex (hash) = upper (?2))",
      "DELETE FROM alert_attachments WHERE alert_id = ?1" },
};

static const char *s_part_insert =
    "INSERT OR REPLACE INTO case_parts (case_id, hash, part, data, received_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
static const char *s_parts_get =
    "SELECT part, data FROM case_parts WHERE case_id = ?1 AND hash = ?2 ORDER BY part";
static const char *s_parts_delete = "DELETE FROM case_parts WHERE case_id = ?1 AND hash = ?2";

//  A statement of sql with the object id and, if file, its hash bound.
static sqlite3_stmt *
s_statement (imi_node_t *self, const char *sql, const char *object_id,
             const imi_case_file_t *file)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, sql);
    if (statement) {
        sqlite3_bind_text (statement, 1, object_id, -1, SQLITE_STATIC);
        if (file)
            sqlite3_bind_blob (statement, 2, file->hash, IMI_HASH_BYTES, SQLITE_STATIC);
    }
    return statement;
}

//  Bytes of content per CASE_PART: what fits the smallest message every
//  node accepts (max_message_bytes, the same on all nodes) with room for
//  the envelope.
static size_t
s_part_size (imi_node_t *self)
{
    size_t fits = (size_t) self->settings.max_message_bytes / 2 - 1024;
    return fits < IMI_CASE_PART_MAX? fits: IMI_CASE_PART_MAX;
}

//  ---------------------------------------------------------------------------
//  Our own files

//  An attachment of size bytes named name is over attachment_max_bytes:
//  -2 saying so; else 0.
static int
s_over_limit (imi_node_t *self, const char *name, size_t size)
{
    if (size > (size_t) self->settings.attachment_max_bytes)
        return imi_error_malformed ("attachment %s is %zu bytes; the limit is %ld", name, size,
                                    self->settings.attachment_max_bytes);
    return 0;
}

//  The content of the spool file named name into a new frame (the
//  caller's), if it is within attachment_max_bytes (checked before it is
//  read). 0, -2, -1.
static int
s_spooled (imi_node_t *self, const char *file_name, const char *name, zframe_t **content)
{
    int fd = imi_spool_open (self->settings.data_dir, name, O_RDONLY);
    if (fd < 0)
        return fd;
    struct stat status;
    int rc = fstat (fd, &status) || !S_ISREG (status.st_mode)
           ? imi_error_set ("spool file %s is not a file", name)
           : s_over_limit (self, file_name, (size_t) status.st_size);
    if (rc == 0) {
        *content = zframe_new (NULL, (size_t) status.st_size);
        rc = *content? imi_spool_read (fd, zframe_data (*content), zframe_size (*content))
                     : imi_error_set ("out of memory");
    }
    close (fd);
    if (rc)
        zframe_destroy (content);
    return rc;
}

bool
imi_attachments_option_is (const char *option)
{
    return strcmp (option, "file") == 0 || strcmp (option, IMI_OPTION_FILE_SPOOLED) == 0;
}

int
imi_attachments_option (imi_node_t *self, const char *option, const char *file_name,
                        zmsg_t *request, zlist_t *frames, imi_attachment_upload_t *uploads,
                        size_t *count, imi_case_file_t **files)
{
    assert (imi_attachments_option_is (option));
    zframe_t *content = zmsg_pop (request);
    if (!content)
        return imi_error_malformed ("file %s without its content", file_name);
    if (*count >= IMI_CASE_ATTACHMENTS_MAX) {
        zframe_destroy (&content);
        return imi_error_malformed ("at most %d attachments at a time",
                                    IMI_CASE_ATTACHMENTS_MAX);
    }
    if (strcmp (option, IMI_OPTION_FILE_SPOOLED) == 0) {
        char *name = zframe_strdup (content);
        zframe_destroy (&content);
        int rc = name? s_spooled (self, file_name, name, &content): imi_error_set ("out of memory");
        free (name);
        if (rc)
            return rc;
    }
    zlist_append (frames, content);
    imi_attachment_upload_t *upload = &uploads [(*count)++];
    upload->data = zframe_data (content);
    upload->size = zframe_size (content);
    if (!*files)
        *files = calloc (IMI_CASE_ATTACHMENTS_MAX, sizeof (imi_case_file_t));
    if (!*files)
        return imi_error_set ("out of memory");
    return imi_option_copy (upload->name, sizeof upload->name, file_name, "file name");
}

int
imi_attachments_check (imi_node_t *self, const imi_attachment_upload_t *uploads, size_t count,
                       imi_case_file_t *files)
{
    if (count > IMI_CASE_ATTACHMENTS_MAX)
        return imi_error_malformed ("at most %d attachments at a time", IMI_CASE_ATTACHMENTS_MAX);
    for (size_t index = 0; index < count; index++) {
        const imi_attachment_upload_t *upload = &uploads [index];
        if (s_over_limit (self, upload->name, upload->size))
            return -2;
        if (upload->size == 0)
            return imi_error_malformed ("attachment %s is empty", upload->name);
        imi_case_file_t *file = &files [index];
        snprintf (file->name, sizeof file->name, "%s", upload->name);
        file->size = upload->size;
        imi_hash (file->hash, upload->data, upload->size);
    }
    return 0;
}

int
imi_attachments_store (imi_node_t *self, imi_attachment_owner_t owner, const char *object_id,
                       const imi_case_file_t *file, int side, uint64_t n, const uint8_t *data)
{
    sqlite3_stmt *statement = s_statement (self, s_owners [owner].insert, object_id, file);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 3, file->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 4, (sqlite3_int64) file->size);
    sqlite3_bind_int (statement, 5, side);
    sqlite3_bind_int64 (statement, 6, (sqlite3_int64) n);
    sqlite3_bind_blob (statement, 7, data, (int) file->size, SQLITE_STATIC);
    int rc = imi_store_step_done (self->store, statement, "storing an attachment");
    if (rc && sqlite3_extended_errcode (imi_store_db (self->store)) == SQLITE_CONSTRAINT_PRIMARYKEY)
        return imi_error_malformed ("%s %s already has attachment %s (same content)",
                                    s_owners [owner].noun, object_id, file->name);
    return rc;
}

int
imi_attachments_carried (imi_node_t *self, imi_attachment_owner_t owner, const char *object_id,
                         const imi_case_file_t *file, uint64_t n)
{
    sqlite3_stmt *statement = s_statement (self, s_owners [owner].carried, object_id, file);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) n);
    return imi_store_step_done (self->store, statement, "noting an attachment sent");
}

int
imi_attachments_send (imi_node_t *self, imi_peer_t *peer, imi_attachment_owner_t owner,
                      const char *object_id, const imi_case_file_t *file,
                      imi_attachment_enqueue_fn *enqueue)
{
    sqlite3_stmt *statement = s_statement (self, s_owners [owner].data, object_id, file);
    if (!statement)
        return -1;
    if (sqlite3_step (statement) != SQLITE_ROW
    ||  (size_t) sqlite3_column_bytes (statement, 0) != file->size) {
        sqlite3_reset (statement);
        return imi_error_set ("%s %s: attachment %s is not stored", s_owners [owner].noun,
                              object_id, file->name);
    }
    //  The step's blob stays valid until the statement is reset; enqueueing
    //  uses other statements only.
    const uint8_t *data = sqlite3_column_blob (statement, 0);
    size_t part_size = s_part_size (self);
    imi_case_part_t part = {
        .parts = (uint32_t) ((file->size + part_size - 1) / part_size)
    };
    snprintf (part.case_id, sizeof part.case_id, "%s", object_id);
    memcpy (part.hash, file->hash, IMI_HASH_BYTES);
    int rc = 0;
    for (part.part = 0; part.part < part.parts && rc == 0; part.part++) {
        size_t offset = (size_t) part.part * part_size;
        part.data = data + offset;
        part.size = file->size - offset < part_size? file->size - offset: part_size;
        uint8_t *plain;
        size_t plain_size;
        rc = imi_case_part_encode (&part, &plain, &plain_size);
        if (rc == 0) {
            rc = enqueue (self, peer, object_id, IMI_TYPE_CASE_PART, plain, plain_size);
            free (plain);
        }
    }
    sqlite3_reset (statement);
    return rc;
}

//  ---------------------------------------------------------------------------
//  A peer's files

int
imi_attachments_apply_part (imi_node_t *self, const uint8_t *plain, size_t plain_size,
                            char object_id [IMI_CASE_ID_MAX + 1])
{
    imi_case_part_t part;
    if (imi_case_part_decode (&part, plain, plain_size))
        return -2;
    if ((int64_t) part.parts * (int64_t) s_part_size (self)
        > self->settings.attachment_max_bytes + (int64_t) s_part_size (self))
        return imi_error_malformed ("%s: an attachment of %u pieces is over our limit of %ld "
                                    "bytes", part.case_id, part.parts,
                                    self->settings.attachment_max_bytes);
    sqlite3_stmt *statement = imi_store_statement (self->store, s_part_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, part.case_id, -1, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 2, part.hash, IMI_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 3, part.part);
    sqlite3_bind_blob (statement, 4, part.data, (int) part.size, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 5, imi_node_now ());
    if (imi_store_step_done (self->store, statement, "storing an attachment piece"))
        return -1;
    snprintf (object_id, IMI_CASE_ID_MAX + 1, "%s", part.case_id);
    return 0;
}

int
imi_attachments_take (imi_node_t *self, imi_attachment_owner_t owner, const char *object_id,
                      const imi_case_file_t *file, int side, uint64_t n)
{
    if ((long) file->size > self->settings.attachment_max_bytes)
        return imi_error_malformed ("attachment %s is %llu bytes; our limit is %ld", file->name,
                                    (unsigned long long) file->size,
                                    self->settings.attachment_max_bytes);
    sqlite3_stmt *statement = s_statement (self, s_parts_get, object_id, file);
    if (!statement)
        return -1;
    uint8_t *data = malloc (file->size);
    assert (data);
    size_t filled = 0;
    int64_t expected = 0;
    int rc, result = 0;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        size_t size = (size_t) sqlite3_column_bytes (statement, 1);
        if (sqlite3_column_int64 (statement, 0) != expected++ || size > file->size - filled) {
            result = -2;
            break;
        }
        memcpy (data + filled, sqlite3_column_blob (statement, 1), size);
        filled += size;
    }
    sqlite3_reset (statement);
    uint8_t hash [IMI_HASH_BYTES];
    if (result == 0 && filled == file->size)
        imi_hash (hash, data, filled);
    if (result || filled != file->size || memcmp (hash, file->hash, IMI_HASH_BYTES) != 0)
        result = imi_error_malformed ("%s %s: attachment %s did not arrive whole (%zu of "
                                      "%llu bytes, or its hash differs)", s_owners [owner].noun,
                                      object_id, file->name, filled,
                                      (unsigned long long) file->size);
    if (result == 0)
        result = imi_attachments_store (self, owner, object_id, file, side, n, data);
    statement = result == 0? s_statement (self, s_parts_delete, object_id, file): NULL;
    if (statement)
        result = imi_store_step_done (self->store, statement, "deleting attachment pieces");
    free (data);
    return result;
}

//  ---------------------------------------------------------------------------
//  Reading and dropping

int
imi_attachments_fetch (imi_node_t *self, imi_attachment_owner_t owner, const char *object_id,
                       const char *which, int our_side, uint8_t **data, size_t *size)
{
    sqlite3_stmt *statement = s_statement (self, s_owners [owner].fetch, object_id, NULL);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 2, which, -1, SQLITE_STATIC);
    if (sqlite3_bind_parameter_count (statement) >= 3)
        sqlite3_bind_int (statement, 3, our_side);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW && sqlite3_column_type (statement, 0) == SQLITE_BLOB) {
        *size = (size_t) sqlite3_column_bytes (statement, 0);
        *data = malloc (*size);
        assert (*data);
        memcpy (*data, sqlite3_column_blob (statement, 0), *size);
        rc = 0;
    }
    else
        rc = rc == SQLITE_ROW || rc == SQLITE_DONE
           ? imi_error_refuse (IMI_ERROR_NOT_FOUND, "%s %s has no attachment '%s'",
                               s_owners [owner].noun, object_id, which)
           : imi_store_error (self->store, "reading an attachment");
    sqlite3_reset (statement);
    return rc;
}

int
imi_attachments_drop (imi_node_t *self, imi_attachment_owner_t owner, const char *object_id)
{
    sqlite3_stmt *statement = s_statement (self, s_owners [owner].drop, object_id, NULL);
    if (!statement)
        return -1;
    return imi_store_step_done (self->store, statement, "deleting attachments");
}
