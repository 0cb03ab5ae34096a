/*  imi_outbox: SQL of the sending side. See imi_outbox.h. */
#include "imi_outbox.h"
#include "imi_audit.h"
#include "imi_error.h"

#include <stdlib.h>
#include <string.h>

static const char *s_link_insert =
    "INSERT OR IGNORE INTO links (peer) VALUES (?1)";
static const char *s_link_select =
    "SELECT next_out_seq, acked_out_seq FROM links WHERE peer = ?1";
static const char *s_link_next_out =
    "UPDATE links SET next_out_seq = ?2 WHERE peer = ?1";
static const char *s_link_acked =
    "UPDATE links SET acked_out_seq = ?2 WHERE peer = ?1 AND acked_out_seq < ?2";
static const char *s_outbox_insert =
    "INSERT INTO outbox (peer, seq, message_id, type, header_hash, envelope, created_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
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
    sqlite3_reset (statement);
    peer->cursor = peer->acked_out_seq + 1;
    return 0;
}

int
imi_outbox_enqueue (imi_store_t *store, imi_peer_t *peer, imi_identity_t *identity,
                    uint32_t type, const uint8_t *plain, size_t plain_size, int64_t now_ms)
{
    imi_header_t header = {
        .version = IMI_PROTOCOL_VERSION,
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
    uint8_t header_hash [IMI_HASH_BYTES];
    if (imi_envelope_decode (&view, envelope, size)) {
        free (envelope);
        return imi_error_wrap ("sealing a message for %s", peer->node.state);
    }
    imi_envelope_header_hash (&view, header_hash);

    int rc = -1;
    sqlite3_stmt *statement = imi_store_statement (store, s_outbox_insert);
    if (statement) {
        sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) header.seq);
        sqlite3_bind_blob (statement, 3, header.message_id, sizeof header.message_id,
                           SQLITE_STATIC);
        sqlite3_bind_int (statement, 4, (int) type);
        sqlite3_bind_blob (statement, 5, header_hash, sizeof header_hash, SQLITE_STATIC);
        sqlite3_bind_blob (statement, 6, envelope, (int) size, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 7, now_ms);
        rc = imi_store_step_done (store, statement, "storing outgoing message");
    }
    if (rc == 0)
        rc = imi_audit_envelope (store, IMI_LEAF_SENT, peer->node.state, &view, NULL, now_ms);
    free (envelope);
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

int
imi_outbox_accept_receipt (imi_store_t *store, imi_peer_t *peer, const imi_receipt_t *receipt,
                           const uint8_t *envelope, size_t envelope_size, int64_t now_ms)
{
    if (receipt->last_seq >= peer->next_out_seq)
        return imi_error_malformed ("receipt from %s covers seq %llu but we sent only up to %llu",
                                    peer->node.state, (unsigned long long) receipt->last_seq,
                                    (unsigned long long) peer->next_out_seq - 1);
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
    if (mismatch || expected != receipt->last_seq + 1)
        return imi_error_malformed ("receipt from %s for seq %llu..%llu names messages we did "
                                    "not send (first difference at seq %llu)", peer->node.state,
                                    (unsigned long long) receipt->first_seq,
                                    (unsigned long long) receipt->last_seq,
                                    (unsigned long long) expected);

    statement = imi_store_statement (store, s_outbox_delivered);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) receipt->last_seq);
    sqlite3_bind_int64 (statement, 3, now_ms);
    sqlite3_bind_int64 (statement, 4, (sqlite3_int64) peer->acked_out_seq);
    if (imi_store_step_done (store, statement, "marking delivered"))
        return -1;
    int delivered = sqlite3_changes (imi_store_db (store));

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
    return delivered;
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
