/*  imi_outbox: SQL of the sending side. See imi_outbox.h. */
#include "imi_outbox.h"
#include "imi_audit.h"
#include "imi_codec.h"
#include "imi_error.h"
#include "imi_lines.h"
#include "imi_log.h"

#include <stdlib.h>
#include <string.h>

static const char *s_link_insert =
    "INSERT OR IGNORE INTO links (peer) VALUES (?1)";
static const char *s_link_select =
    "SELECT next_out_seq, acked_out_seq, version, restored_next, resend_until"
    " FROM links WHERE peer = ?1";
static const char *s_link_version =
    "UPDATE links SET version = ?2 WHERE peer = ?1";
static const char *s_link_next_out =
    "UPDATE links SET next_out_seq = ?2 WHERE peer = ?1";
static const char *s_link_acked =
    "UPDATE links SET acked_out_seq = ?2 WHERE peer = ?1 AND acked_out_seq < ?2";
static const char *s_link_peer_key =
    "SELECT peer_sign_key FROM links WHERE peer = ?1";
static const char *s_link_set_peer_key =
    "UPDATE links SET peer_sign_key = ?2 WHERE peer = ?1";
static const char *s_outbox_undelivered =
    "SELECT seq, envelope FROM outbox WHERE peer = ?1 AND seq > ?2 ORDER BY seq";
static const char *s_outbox_envelope =
    "UPDATE outbox SET envelope = ?3 WHERE peer = ?1 AND seq = ?2";
static const char *s_outbox_insert =
    "INSERT INTO outbox (peer, seq, message_id, type, header_hash, envelope, created_ms,"
    " delivered_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char *s_outbox_from =
    "SELECT seq FROM outbox WHERE peer = ?1 AND seq >= ?2 ORDER BY seq DESC";
static const char *s_outbox_replace =
    "UPDATE outbox SET seq = ?3, header_hash = ?4, envelope = ?5 WHERE peer = ?1 AND seq = ?2";
static const char *s_outbox_range =
    "SELECT seq, envelope FROM outbox WHERE peer = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3";
static const char *s_outbox_hashes =
    "SELECT seq, header_hash FROM outbox WHERE peer = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq";
//  Bounded below by the last receipted seq: everything under it is already
//  delivered, and scanning it would make each receipt cost the whole history.
static const char *s_outbox_delivered =
    "UPDATE outbox SET delivered_ms = ?3 "
    "WHERE peer = ?1 AND seq > ?4 AND seq <= ?2 AND delivered_ms IS NULL";
static const char *s_receipt_insert =
    "INSERT OR IGNORE INTO receipts_received (peer, first_seq, last_seq, envelope, received_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char *s_created =
    "SELECT created_ms FROM outbox WHERE peer = ?1 AND seq = ?2";
static const char *s_outbox_one =
    "SELECT type, envelope FROM outbox WHERE peer = ?1 AND seq = ?2";
static const char *s_refused_insert =
    "INSERT OR IGNORE INTO refused_out (peer, seq, type, kind, reason, owner, refused_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char *s_refused_of_owner =
    "SELECT peer, seq, type, kind, reason, refused_ms FROM refused_out WHERE owner = ?1 "
    "ORDER BY refused_ms, peer, seq";
static const char *s_refused_count =
    "SELECT count(*) FROM refused_out WHERE peer = ?1";

int
imi_outbox_load_link (imi_store_t *store, imi_peer_t *peer)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_link_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    if (imi_store_step_done (store, statement, "creating link"))
        return -1;
    statement = imi_store_statement (store, s_link_select);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    if (sqlite3_step (statement) != SQLITE_ROW) {
        sqlite3_reset (statement);
        return imi_store_error (store, "reading link");
    }
    peer->next_out_seq = (uint64_t) sqlite3_column_int64 (statement, 0);
    peer->acked_out_seq = (uint64_t) sqlite3_column_int64 (statement, 1);
    peer->version = (uint32_t) sqlite3_column_int (statement, 2);
    peer->restored_next = (uint64_t) sqlite3_column_int64 (statement, 3);
    peer->resend_until = (uint64_t) sqlite3_column_int64 (statement, 4);
    sqlite3_reset (statement);
    peer->cursor = peer->acked_out_seq + 1;
    return 0;
}

int
imi_outbox_set_version (imi_store_t *store, imi_peer_t *peer)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_link_version);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int (statement, 2, (int) peer->version);
    return imi_store_step_done (store, statement, "storing a peer's version");
}

//  Store our envelope (decoded as view) to peer, delivered at delivered_ms
//  (0: not yet), and log it, with note (NULL: none). 0 or -1.
static int
s_store (imi_store_t *store, const char *peer, const imi_envelope_view_t *view,
         const uint8_t *envelope, size_t size, int64_t now_ms, int64_t delivered_ms,
         const char *note)
{
    uint8_t header_hash [IMI_HASH_BYTES];
    imi_envelope_header_hash (view, header_hash);
    int rc = -1;
    sqlite3_stmt *statement = imi_store_statement (store, s_outbox_insert);
    if (statement) {
        sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) view->header.seq);
        sqlite3_bind_blob (statement, 3, view->header.message_id, IMI_MESSAGE_ID_BYTES,
                           SQLITE_STATIC);
        sqlite3_bind_int (statement, 4, (int) view->header.type);
        sqlite3_bind_blob (statement, 5, header_hash, sizeof header_hash, SQLITE_STATIC);
        sqlite3_bind_blob (statement, 6, envelope, (int) size, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 7, now_ms);
        if (delivered_ms)
            sqlite3_bind_int64 (statement, 8, delivered_ms);
        rc = imi_store_step_done (store, statement, "storing outgoing message");
    }
    if (rc == 0)
        rc = imi_audit_envelope (store, IMI_LEAF_SENT, peer, view, note, now_ms);
    return rc;
}

int
imi_outbox_peer_key (imi_store_t *store, const char *state, uint8_t key [IMI_SIGN_PUBLIC_BYTES])
{
    sqlite3_stmt *statement = imi_store_statement (store, s_link_peer_key);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    int found = rc == SQLITE_ROW && sqlite3_column_bytes (statement, 0) == IMI_SIGN_PUBLIC_BYTES;
    if (found)
        memcpy (key, sqlite3_column_blob (statement, 0), IMI_SIGN_PUBLIC_BYTES);
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "reading a peer's key");
    return found;
}

int
imi_outbox_set_peer_key (imi_store_t *store, imi_peer_t *peer)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_link_set_peer_key);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 2, peer->node.sign_key, IMI_SIGN_PUBLIC_BYTES, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "storing a peer's key");
}

int
imi_outbox_resign (imi_store_t *store, imi_peer_t *peer,
                   const uint8_t sign_secret [IMI_SIGN_SECRET_BYTES], int64_t *count)
{
    sqlite3_stmt *select = imi_store_statement (store, s_outbox_undelivered);
    sqlite3_stmt *update = imi_store_statement (store, s_outbox_envelope);
    if (!select || !update)
        return -1;
    sqlite3_bind_text (select, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (select, 2, (sqlite3_int64) peer->acked_out_seq);
    int rc, failed = 0;
    while (!failed && (rc = sqlite3_step (select)) == SQLITE_ROW) {
        sqlite3_int64 seq = sqlite3_column_int64 (select, 0);
        size_t size = (size_t) sqlite3_column_bytes (select, 1);
        uint8_t *envelope = malloc (size? size: 1);
        if (!envelope) {
            failed = imi_error_set ("out of memory");
            break;
        }
        memcpy (envelope, sqlite3_column_blob (select, 1), size);
        if (imi_envelope_resign (envelope, size, sign_secret))
            failed = imi_error_set ("outbox to %s, seq %lld: not an envelope",
                                    peer->node.state, (long long) seq);
        else {
            sqlite3_bind_text (update, 1, peer->node.state, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (update, 2, seq);
            sqlite3_bind_blob (update, 3, envelope, (int) size, SQLITE_STATIC);
            failed = imi_store_step_done (store, update, "signing a stored message again");
            (*count)++;
        }
        free (envelope);
    }
    sqlite3_reset (select);
    if (failed)
        return -1;
    if (rc != SQLITE_DONE)
        return imi_store_error (store, "reading the outbox");
    return 0;
}

int
imi_outbox_enqueue (imi_store_t *store, imi_peer_t *peer, imi_identity_t *identity,
                    uint32_t type, const uint8_t *plain, size_t plain_size, int64_t now_ms)
{
    //  Version 1: every sequenced body is the same in versions 1 and 2, so a
    //  message stored now is read by any peer, whatever it runs when the
    //  message finally leaves (PROTOCOL.md §2.5).
    imi_header_t header = {
        .version = IMI_PROTOCOL_VERSION_MIN,
        .type = type,
        .seq = peer->next_out_seq,
        .timestamp_ms = (uint64_t) now_ms,
    };
    imi_random (header.message_id, sizeof header.message_id);
    memcpy (header.from, imi_identity_state (identity), 3);
    memcpy (header.to, peer->node.state, 3);
    uint8_t *envelope;
    size_t size;
    if (imi_envelope_seal (&envelope, &size, &header, plain, plain_size, peer->shared_key,
                           imi_identity_sign_secret (identity), NULL))
        return -1;
    imi_envelope_view_t view;
    if (imi_envelope_decode (&view, envelope, size)) {
        free (envelope);
        return imi_error_wrap ("sealing a message for %s", peer->node.state);
    }
    int rc = s_store (store, peer->node.state, &view, envelope, size, now_ms, 0, NULL);
    free (envelope);
    sqlite3_stmt *statement;
    if (rc == 0 && (statement = imi_store_statement (store, s_link_next_out))) {
        sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) header.seq + 1);
        rc = imi_store_step_done (store, statement, "advancing link");
    }
    if (rc == 0)
        peer->next_out_seq = header.seq + 1;
    return rc;
}

int
imi_outbox_restore (imi_store_t *store, imi_peer_t *peer, const imi_envelope_view_t *view,
                    const uint8_t *envelope, size_t size, int64_t now_ms)
{
    return s_store (store, peer->node.state, view, envelope, size,
                    (int64_t) view->header.timestamp_ms, now_ms,
                    "returned by the peer after a restore");
}

//  Our message at seq to peer: its type and a copy of its envelope
//  (*envelope malloc'd). 0, 1 if there is none, -1.
static int
s_one (imi_store_t *store, const char *peer, uint64_t seq, int *type, uint8_t **envelope,
       size_t *size)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_outbox_one);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) seq);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        *type = sqlite3_column_int (statement, 0);
        *size = (size_t) sqlite3_column_bytes (statement, 1);
        *envelope = malloc (*size? *size: 1);
        if (*envelope)
            memcpy (*envelope, sqlite3_column_blob (statement, 1), *size);
    }
    sqlite3_reset (statement);
    if (rc == SQLITE_DONE)
        return 1;
    if (rc != SQLITE_ROW)
        return imi_store_error (store, "reading outbox");
    return *envelope? 0: imi_error_set ("out of memory");
}

//  Seal our message at seq to peer again as seq + shift (same id, time and
//  content), replace it, and log the new one. 0 or -1.
static int
s_renumber_one (imi_store_t *store, imi_peer_t *peer, imi_identity_t *identity, uint64_t seq,
                uint64_t shift, int64_t now_ms)
{
    uint8_t *old = NULL, *plain = NULL, *envelope = NULL;
    size_t old_size = 0, plain_size, size = 0;
    int type = 0;
    int rc = s_one (store, peer->node.state, seq, &type, &old, &old_size);
    if (rc)
        return rc < 0? -1: imi_error_set ("renumbering: no message %llu to %s",
                                          (unsigned long long) seq, peer->node.state);
    imi_envelope_view_t view;
    rc = -1;
    if (imi_envelope_decode (&view, old, old_size) == 0
    &&  imi_envelope_open (&view, peer->shared_key, &plain, &plain_size) == 0) {
        imi_header_t header = view.header;
        header.seq = seq + shift;
        if (imi_envelope_seal (&envelope, &size, &header, plain, plain_size, peer->shared_key,
                               imi_identity_sign_secret (identity), NULL) == 0
        &&  imi_envelope_decode (&view, envelope, size) == 0)
            rc = 0;
    }
    else
        imi_error_set ("renumbering: our message %llu to %s does not open",
                       (unsigned long long) seq, peer->node.state);
    sqlite3_stmt *statement = rc == 0? imi_store_statement (store, s_outbox_replace): NULL;
    rc = -1;
    if (statement) {
        uint8_t header_hash [IMI_HASH_BYTES];
        imi_envelope_header_hash (&view, header_hash);
        sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) seq);
        sqlite3_bind_int64 (statement, 3, (sqlite3_int64) (seq + shift));
        sqlite3_bind_blob (statement, 4, header_hash, sizeof header_hash, SQLITE_STATIC);
        sqlite3_bind_blob (statement, 5, envelope, (int) size, SQLITE_STATIC);
        rc = imi_store_step_done (store, statement, "renumbering a message");
    }
    if (rc == 0) {
        char note [64];
        snprintf (note, sizeof note, "renumbered from seq %llu after a restore",
                  (unsigned long long) seq);
        rc = imi_audit_envelope (store, IMI_LEAF_SENT, peer->node.state, &view, note, now_ms);
    }
    free (old);
    free (plain);
    free (envelope);
    return rc;
}

int
imi_outbox_renumber (imi_store_t *store, imi_peer_t *peer, imi_identity_t *identity,
                     uint64_t from, uint64_t shift, int64_t now_ms,
                     imi_outbox_renumbered_fn *renumbered, void *context)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_outbox_from);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) from);
    zlist_t *seqs = zlist_new ();
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
        zlist_append (seqs, (void *) (uintptr_t) sqlite3_column_int64 (statement, 0));
    sqlite3_reset (statement);
    rc = rc == SQLITE_DONE? 0: imi_store_error (store, "reading outbox");
    //  Highest first: each moves up into a free place.
    for (void *item = zlist_first (seqs); item && rc == 0; item = zlist_next (seqs)) {
        uint64_t seq = (uint64_t) (uintptr_t) item;
        rc = s_renumber_one (store, peer, identity, seq, shift, now_ms);
        if (rc == 0 && renumbered)
            rc = renumbered (context, seq, seq + shift);
    }
    if (rc == 0 && shift && (statement = imi_store_statement (store, s_link_next_out))) {
        sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) (peer->next_out_seq + shift));
        rc = imi_store_step_done (store, statement, "advancing link");
        if (rc == 0)
            peer->next_out_seq += shift;
    }
    zlist_destroy (&seqs);
    return rc;
}

int
imi_outbox_each (imi_store_t *store, const char *peer, uint64_t first, long limit,
                 imi_outbox_send_fn *send, void *context)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_outbox_range);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) first);
    sqlite3_bind_int64 (statement, 3, limit);
    int count = 0;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        uint64_t seq = (uint64_t) sqlite3_column_int64 (statement, 0);
        const uint8_t *envelope = sqlite3_column_blob (statement, 1);
        size_t size = (size_t) sqlite3_column_bytes (statement, 1);
        if (send (context, seq, envelope, size))
            break;
        count++;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "reading outbox");
    return count;
}

//  What our message at seq to peer belonged to: opens our own stored body
//  (the box key is the same both ways) and reads its first item. owner is
//  empty for a type that belongs to nothing, or a body that does not say.
static void
s_owner (imi_peer_t *peer, uint32_t type, const uint8_t *envelope, size_t size,
         char owner [IMI_OWNER_MAX + 1])
{
    owner [0] = 0;
    bool owned = imi_message_type_owned (type);
    imi_envelope_view_t view;
    uint8_t *plain = NULL;
    size_t plain_size;
    if (!owned || imi_envelope_decode (&view, envelope, size)
    ||  imi_peer_open (peer, &view, &plain, &plain_size))
        return;
    imi_reader_t reader;
    const msgpack_object *items;
    uint32_t count;
    if (imi_reader_open (&reader, plain, plain_size, IMI_BODY_MAX_BYTES) == 0
    &&  imi_object_array_range (&reader.root, "body", 1, UINT32_MAX, &items, &count) == 0
    &&  imi_object_str (&items [0], "body.id", IMI_OWNER_MAX, owner, IMI_OWNER_MAX + 1))
        owner [0] = 0;
    imi_reader_close (&reader);
    free (plain);
}

//  Record that peer refused our message refusal->seq, with what it belonged
//  to, and log it; a refusal already recorded (a receipt sent again) is not
//  counted twice. 1 if new, 0 if known, -1 on a database error.
static int
s_record_refusal (imi_store_t *store, imi_peer_t *peer, const imi_refusal_t *refusal,
                  int64_t now_ms)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_outbox_one);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) refusal->seq);
    if (sqlite3_step (statement) != SQLITE_ROW) {
        sqlite3_reset (statement);
        return imi_store_error (store, "reading a refused message");
    }
    uint32_t type = (uint32_t) sqlite3_column_int (statement, 0);
    char owner [IMI_OWNER_MAX + 1];
    s_owner (peer, type, sqlite3_column_blob (statement, 1),
             (size_t) sqlite3_column_bytes (statement, 1), owner);
    sqlite3_reset (statement);
    statement = imi_store_statement (store, s_refused_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) refusal->seq);
    sqlite3_bind_int (statement, 3, (int) type);
    sqlite3_bind_text (statement, 4, refusal->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, refusal->reason, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 6, owner, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 7, now_ms);
    if (imi_store_step_done (store, statement, "recording a refusal"))
        return -1;
    if (sqlite3_changes (imi_store_db (store)) != 1)
        return 0;
    char quoted [2 * IMI_REFUSAL_REASON_MAX + 16];
    imi_log (IMI_LOG_WARN, "message.refused_by_peer", "state=%s seq=%llu type=%s kind=%s "
             "owner=%s reason=%s", peer->node.state, (unsigned long long) refusal->seq,
             imi_message_type_name (type), refusal->kind, *owner? owner: "-",
             imi_log_quote (quoted, sizeof quoted, refusal->reason));
    return 1;
}

int
imi_outbox_accept_receipt (imi_store_t *store, imi_peer_t *peer, const imi_receipt_t *receipt,
                           const uint8_t *envelope, size_t envelope_size, int64_t now_ms,
                           imi_receipt_outcome_t *outcome)
{
    *outcome = (imi_receipt_outcome_t) { 0 };
    sqlite3_stmt *statement = imi_store_statement (store, s_outbox_hashes);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) receipt->first_seq);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) receipt->last_seq);
    uint64_t expected = receipt->first_seq;
    int rc;
    int mismatch = 0;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        uint64_t seq = (uint64_t) sqlite3_column_int64 (statement, 0);
        const void *hash = sqlite3_column_blob (statement, 1);
        if (seq != expected
        ||  sqlite3_column_bytes (statement, 1) != IMI_HASH_BYTES
        ||  !imi_equal (hash, receipt->hashes + (seq - receipt->first_seq) * IMI_HASH_BYTES,
                        IMI_HASH_BYTES)) {
            mismatch = 1;
            break;
        }
        expected++;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "reading outbox hashes");
    //  A hash that differs for a seq we hold, or a seq we never sent: the
    //  peer signed that it applied another message under our number
    //  (PROTOCOL.md §3, conflicts; our database restored from a backup
    //  without the repair gives both).
    if (mismatch || expected != receipt->last_seq + 1) {
        outcome->conflict_seq = expected;
        return imi_error_malformed ("receipt from %s for seq %llu..%llu names messages we did "
                                    "not send (first difference at seq %llu; we sent up to "
                                    "%llu)", peer->node.state,
                                    (unsigned long long) receipt->first_seq,
                                    (unsigned long long) receipt->last_seq,
                                    (unsigned long long) expected,
                                    (unsigned long long) peer->next_out_seq - 1);
    }

    statement = imi_store_statement (store, s_outbox_delivered);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) receipt->last_seq);
    sqlite3_bind_int64 (statement, 3, now_ms);
    sqlite3_bind_int64 (statement, 4, (sqlite3_int64) peer->acked_out_seq);
    if (imi_store_step_done (store, statement, "marking delivered"))
        return -1;
    outcome->delivered = sqlite3_changes (imi_store_db (store));
    for (uint32_t index = 0; index < receipt->refused_count; index++) {
        if (receipt->refused [index].seq <= peer->acked_out_seq)
            continue;
        int recorded = s_record_refusal (store, peer, &receipt->refused [index], now_ms);
        if (recorded < 0)
            return -1;
        outcome->refused += recorded;
    }

    statement = imi_store_statement (store, s_receipt_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) receipt->first_seq);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) receipt->last_seq);
    sqlite3_bind_blob (statement, 4, envelope, (int) envelope_size, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 5, now_ms);
    if (imi_store_step_done (store, statement, "storing receipt"))
        return -1;
    //  A receipt we hold already (a duplicate) is logged once
    if (sqlite3_changes (imi_store_db (store)) == 1
    &&  imi_audit_envelope_bytes (store, IMI_LEAF_RECEIVED, peer->node.state, envelope,
                                  envelope_size, now_ms))
        return -1;

    statement = imi_store_statement (store, s_link_acked);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) receipt->last_seq);
    if (imi_store_step_done (store, statement, "advancing acknowledged seq"))
        return -1;
    if (receipt->last_seq > peer->acked_out_seq)
        peer->acked_out_seq = receipt->last_seq;
    return 0;
}

//  The refusals of owner's messages, as lines or (refusals) as data.
static int
s_refusals (imi_store_t *store, const char *owner, zlist_t *lines, json_t *refusals)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_refused_of_owner);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, owner, -1, SQLITE_STATIC);
    int rc, result = 0;
    while (result == 0 && (rc = sqlite3_step (statement)) == SQLITE_ROW) {
        const char *peer = (const char *) sqlite3_column_text (statement, 0);
        const char *type = imi_message_type_name ((uint32_t) sqlite3_column_int (statement, 2));
        long long seq = (long long) sqlite3_column_int64 (statement, 1);
        const char *kind = (const char *) sqlite3_column_text (statement, 3);
        const char *reason = (const char *) sqlite3_column_text (statement, 4);
        char when [32];
        if (lines) {
            imi_lines_time (sqlite3_column_int64 (statement, 5), when);
            imi_lines_add (lines, "refused by %s: %s seq %lld, %s: %s (%s)", peer, type, seq,
                           kind, reason, when);
        }
        else {
            imi_lines_time_data (sqlite3_column_int64 (statement, 5), when);
            if (json_array_append_new (refusals, json_pack ("{s:s, s:s, s:I, s:s, s:s, s:s}",
                                       "by", peer, "type", type, "seq", (json_int_t) seq,
                                       "kind", kind, "reason", reason, "time", when)))
                result = imi_error_set ("out of memory");
        }
    }
    sqlite3_reset (statement);
    if (result == 0 && rc != SQLITE_DONE)
        return imi_store_error (store, "reading refusals");
    return result;
}

int
imi_outbox_refusals (imi_store_t *store, const char *owner, zlist_t *lines)
{
    return s_refusals (store, owner, lines, NULL);
}

int
imi_outbox_refusals_data (imi_store_t *store, const char *owner, json_t *refusals)
{
    return s_refusals (store, owner, NULL, refusals);
}

int
imi_outbox_refused_count (imi_store_t *store, imi_peer_t *peer, int64_t *count)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_refused_count);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    *count = rc == SQLITE_ROW? sqlite3_column_int64 (statement, 0): 0;
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW)
        return imi_store_error (store, "counting refusals");
    return 0;
}

int
imi_outbox_backlog (imi_store_t *store, imi_peer_t *peer, int64_t *depth, int64_t *oldest_ms)
{
    //  The link is delivered in order: exactly the messages after
    //  acked_out_seq are undelivered, and the oldest is the next one.
    *depth = (int64_t) (peer->next_out_seq - 1 - peer->acked_out_seq);
    *oldest_ms = 0;
    if (*depth == 0)
        return 0;
    sqlite3_stmt *statement = imi_store_statement (store, s_created);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) peer->acked_out_seq + 1);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW)
        *oldest_ms = sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW)
        return imi_store_error (store, "reading the oldest undelivered message");
    return 0;
}
