/*  imi_directory: the feeds of every origin and the directory they produce.
    See imi_directory.h for the rules; PROTOCOL.md "Directory" for the bytes.
*/
#include "imi_directory.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_search.h"

#include <stdlib.h>
#include <string.h>

struct _imi_directory_t {
    imi_store_t *store;                 //  not owned
    imi_catalogue_t *catalogue;         //  not owned
    imi_identity_t *identity;           //  not owned: our state and signing key
    imi_authority_t *scratch;           //  one decoded authority (large: kept, not stacked)
    int64_t started_ms;                 //  monotonic: the recovery window starts here
};

//  After a start, how long a node waits for peers to give back its own feed
//  before it publishes anyway. Peers' frontiers are claims, not proof: one
//  that lies about holding more of our feed can hold us back this long, no
//  longer.
#define S_RECOVERY_WINDOW_MS 60000

static const char *s_origin_insert =
    "INSERT OR IGNORE INTO dir_origins (origin) VALUES (?1)";
static const char *s_origin_select =
    "SELECT last_seq, head_hash, frozen, seen_seq FROM dir_origins WHERE origin = ?1";
static const char *s_origin_advance =
    "UPDATE dir_origins SET last_seq = ?2, head_hash = ?3 WHERE origin = ?1";
static const char *s_origin_freeze =
    "UPDATE dir_origins SET frozen = ?2 WHERE origin = ?1";
static const char *s_origin_seen =
    "UPDATE dir_origins SET seen_seq = ?2 WHERE origin = ?1 AND seen_seq < ?2";
static const char *s_origin_reset =
    "UPDATE dir_origins SET last_seq = 0, head_hash = zeroblob (32), seen_seq = 0, frozen = NULL "
    "WHERE origin = ?1";
static const char *s_feed_at =
    "SELECT hash, entry FROM dir_feed WHERE origin = ?1 AND seq = ?2";
static const char *s_feed_insert =
    "INSERT INTO dir_feed (origin, seq, hash, entry, received_ms) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char *s_feed_above =
    "SELECT entry FROM dir_feed WHERE origin = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3";
static const char *s_feed_forget =
    "DELETE FROM dir_feed WHERE origin = ?1";
static const char *s_fork_insert =
    "INSERT INTO dir_forks (origin, seq, held_entry, other_entry, via, detected_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char *s_fork_resolved =
    "UPDATE dir_forks SET resolved_ms = ?2 WHERE origin = ?1 AND resolved_ms IS NULL";
static const char *s_frontier =
    "SELECT origin, last_seq, head_hash FROM dir_origins WHERE last_seq > 0 ORDER BY origin";
static const char *s_authority_upsert =
    "INSERT INTO authorities (key, state, local_id, record, seq, updated_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (key) DO UPDATE SET "
    "record = excluded.record, seq = excluded.seq, updated_ms = excluded.updated_ms";
static const char *s_authority_delete =
    "DELETE FROM authorities WHERE key = ?1";
static const char *s_authority_get =
    "SELECT record FROM authorities WHERE key = ?1";
static const char *s_authority_keys_of =
    "SELECT key FROM authorities WHERE state = ?1";
static const char *s_authority_name =
    "SELECT name FROM authority_names WHERE key = ?1 AND (lang = ?2 OR position = 0) "
    "ORDER BY lang IS ?2 DESC, position LIMIT 1";
static const char *s_authority_list =
    "SELECT a.key, a.state, coalesce (n.name, ''), coalesce (n.lang, '') FROM authorities a "
    "LEFT JOIN authority_names n ON n.key = a.key AND n.position = 0 "
    "WHERE ?1 IS NULL OR a.state = ?1 ORDER BY a.key LIMIT ?2";
static const char *s_status =
    "SELECT o.origin, (SELECT count (*) FROM dir_feed f WHERE f.origin = o.origin), "
    "o.last_seq, o.seen_seq, (SELECT count (*) FROM authorities a WHERE a.state = o.origin), "
    "o.head_hash, o.frozen FROM dir_origins o ORDER BY o.origin";

//  An origin's row (created if new).
typedef struct {
    uint64_t last_seq;
    uint8_t head_hash [IMI_HASH_BYTES];
    char frozen [256];                  //  "" if not frozen
    uint64_t seen_seq;                  //  highest seq a peer said it holds
} s_origin_t;

static int
s_origin_load (imi_directory_t *self, const char *origin, s_origin_t *row)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_origin_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, origin, -1, SQLITE_STATIC);
    if (imi_store_step_done (self->store, statement, "creating origin"))
        return -1;
    statement = imi_store_statement (self->store, s_origin_select);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, origin, -1, SQLITE_STATIC);
    if (sqlite3_step (statement) != SQLITE_ROW) {
        sqlite3_reset (statement);
        return imi_store_error (self->store, "reading origin");
    }
    row->last_seq = (uint64_t) sqlite3_column_int64 (statement, 0);
    memset (row->head_hash, 0, sizeof row->head_hash);
    if (sqlite3_column_bytes (statement, 1) == IMI_HASH_BYTES)
        memcpy (row->head_hash, sqlite3_column_blob (statement, 1), IMI_HASH_BYTES);
    const char *frozen = (const char *) sqlite3_column_text (statement, 2);
    snprintf (row->frozen, sizeof row->frozen, "%s", frozen? frozen: "");
    row->seen_seq = (uint64_t) sqlite3_column_int64 (statement, 3);
    sqlite3_reset (statement);
    return 0;
}

//  The held entry of origin at seq: hash and (optionally) a malloc'd copy.
//  0 found, 1 not held, -1 error.
static int
s_feed_get (imi_directory_t *self, const char *origin, uint64_t seq, uint8_t *hash,
            uint8_t **entry, size_t *size)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_feed_at);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, origin, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) seq);
    int rc = sqlite3_step (statement);
    int result = 1;
    if (rc == SQLITE_ROW && sqlite3_column_bytes (statement, 0) == IMI_HASH_BYTES) {
        memcpy (hash, sqlite3_column_blob (statement, 0), IMI_HASH_BYTES);
        result = 0;
        if (entry) {
            *size = (size_t) sqlite3_column_bytes (statement, 1);
            *entry = malloc (*size? *size: 1);
            if (*entry)
                memcpy (*entry, sqlite3_column_blob (statement, 1), *size);
            else
                result = imi_error_set ("out of memory");
        }
    }
    else
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        result = imi_store_error (self->store, "reading feed");
    sqlite3_reset (statement);
    return result;
}

static void
s_key (char *key, size_t size, const char *state, const char *local_id)
{
    snprintf (key, size, "%s:%s", state, local_id);
}

//  Store an in-order entry and apply it to the directory and the index.
static int
s_store_and_apply (imi_directory_t *self, const imi_entry_view_t *view, const uint8_t *entry,
                   size_t size, int64_t now_ms)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_feed_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, view->origin, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) view->seq);
    sqlite3_bind_blob (statement, 3, view->hash, IMI_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 4, entry, (int) size, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 5, now_ms);
    if (imi_store_step_done (self->store, statement, "storing directory entry"))
        return -1;
    statement = imi_store_statement (self->store, s_origin_advance);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, view->origin, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) view->seq);
    sqlite3_bind_blob (statement, 3, view->hash, IMI_HASH_BYTES, SQLITE_STATIC);
    if (imi_store_step_done (self->store, statement, "advancing origin"))
        return -1;

    char key [IMI_DIRECTORY_ID_MAX + 8];
    s_key (key, sizeof key, view->origin, view->authority_id);
    if (view->op == IMI_DIRECTORY_REMOVE) {
        statement = imi_store_statement (self->store, s_authority_delete);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
        if (imi_store_step_done (self->store, statement, "removing authority"))
            return -1;
        return imi_search_unindex (self->store, key);
    }
    //  The entry decoded (and so validated) the authority already.
    if (imi_authority_decode (self->scratch, view->authority, view->authority_size))
        return imi_error_wrap ("entry %s/%llu", view->origin, (unsigned long long) view->seq);
    statement = imi_store_statement (self->store, s_authority_upsert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (statement, 2, view->origin, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, view->authority_id, -1, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 4, view->authority, (int) view->authority_size, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 5, (sqlite3_int64) view->seq);
    sqlite3_bind_int64 (statement, 6, now_ms);
    if (imi_store_step_done (self->store, statement, "storing authority"))
        return -1;
    return imi_search_index (self->store, key, view->origin, self->scratch);
}

//  Keep the evidence of a fork and freeze the origin (never our own).
static int
s_fork (imi_directory_t *self, const imi_entry_view_t *view, uint64_t held_seq,
        const uint8_t *entry, size_t size, const char *via, int64_t now_ms)
{
    uint8_t hash [IMI_HASH_BYTES];
    uint8_t *held = NULL;
    size_t held_size = 0;
    int rc = s_feed_get (self, view->origin, held_seq, hash, &held, &held_size);
    if (rc < 0)
        return -1;
    sqlite3_stmt *statement = imi_store_statement (self->store, s_fork_insert);
    if (!statement) {
        free (held);
        return -1;
    }
    sqlite3_bind_text (statement, 1, view->origin, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) view->seq);
    sqlite3_bind_blob (statement, 3, held? held: (const uint8_t *) "", (int) held_size,
                       SQLITE_STATIC);
    sqlite3_bind_blob (statement, 4, entry, (int) size, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, via, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, now_ms);
    rc = imi_store_step_done (self->store, statement, "storing fork evidence");
    free (held);
    if (rc)
        return -1;
    char reason [200];
    snprintf (reason, sizeof reason, "fork at seq %llu (brought by %s)",
              (unsigned long long) view->seq, via);
    imi_log (IMI_LOG_ERROR, "directory.fork", "origin=%s seq=%llu via=%s action=%s",
             view->origin, (unsigned long long) view->seq, via,
             strcmp (view->origin, imi_identity_state (self->identity)) == 0?
             "kept_own_feed": "origin_frozen");
    if (strcmp (view->origin, imi_identity_state (self->identity)) == 0)
        return 0;
    statement = imi_store_statement (self->store, s_origin_freeze);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, view->origin, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, reason, -1, SQLITE_TRANSIENT);
    return imi_store_step_done (self->store, statement, "freezing origin");
}

imi_directory_t *
imi_directory_new (imi_store_t *store, imi_catalogue_t *catalogue, imi_identity_t *identity)
{
    imi_directory_t *self = calloc (1, sizeof *self);
    if (self)
        self->scratch = malloc (sizeof *self->scratch);
    if (!self || !self->scratch) {
        free (self);
        imi_error_set ("out of memory");
        return NULL;
    }
    self->store = store;
    self->catalogue = catalogue;
    self->identity = identity;
    self->started_ms = zclock_mono ();
    return self;
}

void
imi_directory_destroy (imi_directory_t **self_p)
{
    if (*self_p) {
        free ((*self_p)->scratch);
        free (*self_p);
        *self_p = NULL;
    }
}

static int
s_exists (imi_directory_t *self, const char *key)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_authority_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (self->store, "reading authority");
    return rc == SQLITE_ROW;
}

int
imi_directory_publish (imi_directory_t *self, const imi_authority_t *authority,
                       const char *authority_id, int must_exist, int64_t now_ms,
                       uint8_t **entry, size_t *size)
{
    const char *state = imi_identity_state (self->identity);
    const char *id = authority? authority->id: authority_id;
    char key [IMI_DIRECTORY_ID_MAX + 8];
    s_key (key, sizeof key, state, id);
    int exists = s_exists (self, key);
    if (exists < 0)
        return -1;
    if (exists && must_exist == 0)
        return imi_error_malformed ("authority %s exists already (use update)", key);
    if (!exists && must_exist == 1)
        return imi_error_malformed ("there is no authority %s", key);

    uint8_t *encoded = NULL;
    size_t encoded_size = 0;
    if (authority) {
        int rc = imi_catalogue_check (self->catalogue, authority);
        if (rc == 0)
            rc = imi_authority_encode (authority, &encoded, &encoded_size);
        if (rc)
            return rc;
    }
    s_origin_t origin;
    if (s_origin_load (self, state, &origin)) {
        free (encoded);
        return -1;
    }
    //  Peers hold more of our own feed than we do (this node lost its
    //  database and is getting it back): writing now would fork our feed.
    if (origin.seen_seq > origin.last_seq
    &&  zclock_mono () - self->started_ms < S_RECOVERY_WINDOW_MS) {
        free (encoded);
        return imi_error_malformed ("this node holds its own feed up to seq %llu, but peers hold "
                                    "it up to %llu: wait until it is back (imictl directory "
                                    "status shows no lag for %s; at most a minute after start)",
                                    (unsigned long long) origin.last_seq,
                                    (unsigned long long) origin.seen_seq, state);
    }
    int rc = imi_entry_seal (entry, size, state, origin.last_seq + 1, origin.head_hash,
                             (uint64_t) now_ms,
                             authority? IMI_DIRECTORY_UPSERT: IMI_DIRECTORY_REMOVE, id,
                             encoded, encoded_size, imi_identity_sign_secret (self->identity));
    free (encoded);
    if (rc)
        return rc;
    imi_entry_view_t view;
    if (imi_entry_decode (&view, *entry, *size)
    ||  s_store_and_apply (self, &view, *entry, *size, now_ms)) {
        free (*entry);
        *entry = NULL;
        return -1;
    }
    return 0;
}

int
imi_directory_accept (imi_directory_t *self, imi_manifest_t *manifest, const char *via,
                      const uint8_t *entry, size_t size, int64_t now_ms,
                      imi_directory_result_t *result)
{
    *result = IMI_DIRECTORY_REJECTED;
    imi_entry_view_t view;
    if (imi_entry_decode (&view, entry, size))
        return 0;
    const imi_manifest_node_t *node = imi_manifest_find (manifest, view.origin);
    if (!node) {
        imi_error_set ("directory entry of %s, which is not in the manifest", view.origin);
        return 0;
    }
    s_origin_t origin;
    if (s_origin_load (self, view.origin, &origin))
        return -1;
    //  An entry whose signed body we hold, byte for byte (same hash), can
    //  change nothing: it is not verified again. A fresh node pulls every
    //  entry from each of its peers, and verifying 30 copies of each was
    //  most of its initial sync.
    if (view.seq <= origin.last_seq) {
        uint8_t held [IMI_HASH_BYTES];
        int rc = s_feed_get (self, view.origin, view.seq, held, NULL, NULL);
        if (rc < 0)
            return -1;
        if (rc == 0 && imi_equal (held, view.hash, IMI_HASH_BYTES)) {
            *result = IMI_DIRECTORY_DUPLICATE;
            return 0;
        }
    }
    if (imi_entry_verify (&view, node->sign_key))
        return 0;
    bool own = strcmp (view.origin, imi_identity_state (self->identity)) == 0;
    if (*origin.frozen && !own) {
        *result = IMI_DIRECTORY_FROZEN;
        return 0;
    }
    if (view.seq <= origin.last_seq) {
        *result = IMI_DIRECTORY_FORK;
        return s_fork (self, &view, view.seq, entry, size, via, now_ms);
    }
    if (view.seq > origin.last_seq + 1) {
        *result = IMI_DIRECTORY_GAP;
        return 0;
    }
    //  The next seq, but does it continue the history we hold?
    //  Our own entries come back from peers too: as duplicates normally, and
    //  as the way back for a node that lost its database (they carry our
    //  signature and chain onto what we hold).
    if (!imi_equal (view.prev_hash, origin.head_hash, IMI_HASH_BYTES)) {
        *result = IMI_DIRECTORY_FORK;
        return s_fork (self, &view, origin.last_seq, entry, size, via, now_ms);
    }
    if (s_store_and_apply (self, &view, entry, size, now_ms))
        return -1;
    *result = IMI_DIRECTORY_APPLIED;
    return 0;
}

int
imi_directory_frontier (imi_directory_t *self, imi_frontier_row_t *rows, size_t *count)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_frontier);
    if (!statement)
        return -1;
    *count = 0;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW && *count < IMI_DIRECTORY_ORIGINS_MAX) {
        imi_frontier_row_t *row = &rows [*count];
        snprintf (row->origin, sizeof row->origin, "%s",
                  (const char *) sqlite3_column_text (statement, 0));
        row->last_seq = (uint64_t) sqlite3_column_int64 (statement, 1);
        memset (row->head_hash, 0, IMI_HASH_BYTES);
        if (sqlite3_column_bytes (statement, 2) == IMI_HASH_BYTES)
            memcpy (row->head_hash, sqlite3_column_blob (statement, 2), IMI_HASH_BYTES);
        (*count)++;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (self->store, "reading frontier");
    return 0;
}

int
imi_directory_note_frontier (imi_directory_t *self, const imi_frontier_row_t *rows,
                             size_t count, bool *peer_ahead)
{
    *peer_ahead = false;
    for (size_t index = 0; index < count; index++) {
        s_origin_t origin;
        if (s_origin_load (self, rows [index].origin, &origin))
            return -1;
        if (rows [index].last_seq > origin.last_seq && !*origin.frozen)
            *peer_ahead = true;
        sqlite3_stmt *statement = imi_store_statement (self->store, s_origin_seen);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, rows [index].origin, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) rows [index].last_seq);
        if (imi_store_step_done (self->store, statement, "noting frontier"))
            return -1;
    }
    return 0;
}

//  Append a copy of bytes to the list, in storage grown as needed.
static int
s_list_add (imi_entry_list_t *list, uint8_t **storage, size_t *used, size_t *capacity,
            const uint8_t *data, size_t size)
{
    if (*used + size > *capacity) {
        size_t wanted = (*capacity + size) * 2;
        uint8_t *grown = realloc (*storage, wanted);
        if (!grown)
            return imi_error_set ("out of memory");
        //  Re-point the entries already listed into the moved block.
        for (size_t index = 0; index < list->count; index++)
            list->data [index] = grown + (list->data [index] - *storage);
        *storage = grown;
        *capacity = wanted;
    }
    memcpy (*storage + *used, data, size);
    list->data [list->count] = *storage + *used;
    list->size [list->count] = size;
    list->count++;
    *used += size;
    return 0;
}

int
imi_directory_entries_for (imi_directory_t *self, const imi_frontier_row_t *rows,
                           size_t count, size_t max_bytes, const char *first_origin,
                           imi_entry_list_t *list, uint8_t **storage, bool *more)
{
    imi_frontier_row_t ours [IMI_DIRECTORY_ORIGINS_MAX];
    size_t our_count;
    list->count = 0;
    *storage = NULL;
    *more = false;
    if (imi_directory_frontier (self, ours, &our_count))
        return -1;
    size_t first = 0;
    for (size_t index = 0; index < our_count; index++)
        if (strcmp (ours [index].origin, first_origin) == 0)
            first = index;
    size_t used = 0, capacity = 0;
    for (size_t step = 0; step < our_count && !*more; step++) {
        const imi_frontier_row_t *own = &ours [(first + step) % our_count];
        uint64_t theirs = 0;
        const uint8_t *their_head = NULL;
        for (size_t row = 0; row < count; row++)
            if (strcmp (rows [row].origin, own->origin) == 0) {
                theirs = rows [row].last_seq;
                their_head = rows [row].head_hash;
            }
        //  Same seq held, other hash: send ours at that seq, so they see the fork.
        if (their_head && theirs > 0 && theirs <= own->last_seq) {
            uint8_t hash [IMI_HASH_BYTES];
            uint8_t *entry = NULL;
            size_t size = 0;
            int rc = s_feed_get (self, own->origin, theirs, hash, &entry, &size);
            if (rc < 0)
                goto failed;
            if (rc == 0 && !imi_equal (hash, their_head, IMI_HASH_BYTES)) {
                rc = list->count < IMI_DIRECTORY_BATCH_MAX?
                     s_list_add (list, storage, &used, &capacity, entry, size): 0;
            }
            free (entry);
            if (rc)
                goto failed;
        }
        if (own->last_seq <= theirs)
            continue;
        sqlite3_stmt *statement = imi_store_statement (self->store, s_feed_above);
        if (!statement)
            goto failed;
        sqlite3_bind_text (statement, 1, own->origin, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) theirs);
        sqlite3_bind_int64 (statement, 3, IMI_DIRECTORY_BATCH_MAX);
        int rc;
        while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
            size_t size = (size_t) sqlite3_column_bytes (statement, 0);
            if (list->count == IMI_DIRECTORY_BATCH_MAX || used + size > max_bytes) {
                *more = true;
                break;
            }
            if (s_list_add (list, storage, &used, &capacity,
                            sqlite3_column_blob (statement, 0), size)) {
                sqlite3_reset (statement);
                goto failed;
            }
        }
        sqlite3_reset (statement);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            imi_store_error (self->store, "reading feed");
            goto failed;
        }
    }
    return 0;
failed:
    free (*storage);
    *storage = NULL;
    list->count = 0;
    return -1;
}

//  The row statement is on as a JSON object appended to items, or -1
//  after an error (out of memory, or text that is not UTF-8).
static int
s_item_append (json_t *items, json_t *item, sqlite3_stmt *statement, const char *what)
{
    if (json_array_append_new (items, item) == 0)
        return 0;
    imi_error_set ("cannot list %s %s (out of memory?)", what,
                   (const char *) sqlite3_column_text (statement, 0));
    sqlite3_reset (statement);
    return -1;
}

int
imi_directory_status (imi_directory_t *self, json_t *items)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_status);
    if (!statement)
        return -1;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        int64_t last_seq = sqlite3_column_int64 (statement, 2);
        int64_t seen_seq = sqlite3_column_int64 (statement, 3);
        char head [2 * IMI_HASH_BYTES + 1];
        bool has_head = sqlite3_column_bytes (statement, 5) == IMI_HASH_BYTES;
        if (has_head)
            imi_hex_encode (head, sqlite3_column_blob (statement, 5), IMI_HASH_BYTES);
        json_t *item = json_pack ("{s:s, s:I, s:I, s:I, s:I, s:s?, s:s?}",
                                  "origin", (const char *) sqlite3_column_text (statement, 0),
                                  "entries", (json_int_t) sqlite3_column_int64 (statement, 1),
                                  "last_seq", (json_int_t) last_seq,
                                  "lag", (json_int_t) (seen_seq > last_seq? seen_seq - last_seq: 0),
                                  "authorities", (json_int_t) sqlite3_column_int64 (statement, 4),
                                  "head", has_head? head: NULL,
                                  "frozen", (const char *) sqlite3_column_text (statement, 6));
        if (s_item_append (items, item, statement, "origin"))
            return -1;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (self->store, "reading directory status");
    return 0;
}

int
imi_directory_resolve (imi_directory_t *self, const char *origin)
{
    if (strcmp (origin, imi_identity_state (self->identity)) == 0)
        return imi_error_malformed ("%s is this node's own feed; it cannot be reset here", origin);
    s_origin_t row;
    if (s_origin_load (self, origin, &row))
        return -1;
    if (!*row.frozen)
        return imi_error_malformed ("%s is not frozen", origin);
    //  Forget the origin: feed, authorities and their index rows.
    sqlite3_stmt *statement = imi_store_statement (self->store, s_authority_keys_of);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, origin, -1, SQLITE_STATIC);
    zlist_t *keys = zlist_new ();
    zlist_autofree (keys);
    while (sqlite3_step (statement) == SQLITE_ROW)
        zlist_append (keys, (void *) sqlite3_column_text (statement, 0));
    sqlite3_reset (statement);
    int rc = 0;
    for (char *key = zlist_first (keys); key && rc == 0; key = zlist_next (keys)) {
        statement = imi_store_statement (self->store, s_authority_delete);
        if (!statement) {
            rc = -1;
            break;
        }
        sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
        rc = imi_store_step_done (self->store, statement, "forgetting authority");
        if (rc == 0)
            rc = imi_search_unindex (self->store, key);
    }
    zlist_destroy (&keys);
    const char *const steps [] = { s_feed_forget, s_origin_reset };
    for (size_t index = 0; rc == 0 && index < 2; index++) {
        statement = imi_store_statement (self->store, steps [index]);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, origin, -1, SQLITE_STATIC);
        rc = imi_store_step_done (self->store, statement, "resetting origin");
    }
    if (rc == 0 && (statement = imi_store_statement (self->store, s_fork_resolved))) {
        sqlite3_bind_text (statement, 1, origin, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) zclock_time ());
        rc = imi_store_step_done (self->store, statement, "marking fork resolved");
    }
    return rc;
}

int
imi_directory_get (imi_directory_t *self, const char *key, imi_authority_t *authority)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_authority_get);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    int result = 1;
    if (rc == SQLITE_ROW)
        result = imi_authority_decode (authority, sqlite3_column_blob (statement, 0),
                                       (size_t) sqlite3_column_bytes (statement, 0))? -1: 0;
    else
    if (rc != SQLITE_DONE)
        result = imi_store_error (self->store, "reading authority");
    sqlite3_reset (statement);
    return result;
}

//  The members of the documents the API answers whose values are
//  authorities' keys (docs/http.md, "Authorities by name").
static const char *s_authority_members [] = {
    "requester", "responder", "counterpart", "our_authority", "authority", "sender", "to"
};

//  Walk value for authorities' keys, naming each new one in names. 0 or -1.
static int
s_name_authorities (imi_directory_t *self, json_t *value, const char *lang, json_t *names)
{
    int rc = 0;
    if (json_is_array (value)) {
        size_t index;
        json_t *item;
        json_array_foreach (value, index, item)
            if (rc == 0)
                rc = s_name_authorities (self, item, lang, names);
        return rc;
    }
    const size_t members = sizeof s_authority_members / sizeof s_authority_members [0];
    const char *member;
    json_t *item;
    json_object_foreach (value, member, item) {
        if (rc)
            break;
        const char *key = json_string_value (item);
        size_t index = 0;
        while (key && index < members && strcmp (member, s_authority_members [index]) != 0)
            index++;
        if (!key || index == members) {
            rc = s_name_authorities (self, item, lang, names);
            continue;
        }
        char name [IMI_DIRECTORY_NAME_MAX + 1];
        int found = json_object_get (names, key)? 1
                  : imi_directory_name (self, key, lang, name, sizeof name);
        if (found < 0)
            rc = -1;
        else
        if (found == 0 && json_object_set_new (names, key, json_string (name)))
            rc = imi_error_set ("out of memory");
    }
    return rc;
}

int
imi_directory_name (imi_directory_t *self, const char *key, const char *lang, char *name,
                    size_t size)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_authority_name);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, lang? lang: "", -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    int result = 1;
    if (rc == SQLITE_ROW) {
        snprintf (name, size, "%s", (const char *) sqlite3_column_text (statement, 0));
        result = 0;
    }
    else
    if (rc != SQLITE_DONE)
        result = imi_store_error (self->store, "reading an authority's name");
    sqlite3_reset (statement);
    return result;
}

int
imi_directory_name_authorities (imi_directory_t *self, json_t *document, const char *lang)
{
    //  Set once the walk is done: it must not walk what it adds to
    json_t *names = json_object ();
    int rc = names? s_name_authorities (self, document, lang, names)
                  : imi_error_set ("out of memory");
    if (rc == 0 && json_object_set_new (document, "authority_names", names))
        rc = imi_error_set ("out of memory");
    else
    if (rc)
        json_decref (names);
    return rc;
}

int
imi_directory_list (imi_directory_t *self, const char *state, long limit, json_t *items)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_authority_list);
    if (!statement)
        return -1;
    if (state)
        sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, limit);
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        json_t *item = json_pack ("{s:s, s:s, s:s, s:s}",
                                  "key", (const char *) sqlite3_column_text (statement, 0),
                                  "state", (const char *) sqlite3_column_text (statement, 1),
                                  "name", (const char *) sqlite3_column_text (statement, 2),
                                  "lang", (const char *) sqlite3_column_text (statement, 3));
        if (s_item_append (items, item, statement, "authority"))
            return -1;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (self->store, "listing authorities");
    return 0;
}
