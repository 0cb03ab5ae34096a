/*  imi_inbox: SQL of the receiving side. See imi_inbox.h. */
#include "imi_inbox.h"
#include "imi_audit.h"
#include "imi_error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_link_next_in =
    "SELECT next_in_seq FROM links WHERE peer = ?1";
static const char *s_link_advance =
    "UPDATE links SET next_in_seq = next_in_seq + 1 WHERE peer = ?1 AND next_in_seq = ?2";
static const char *s_inbox_id_at =
    "SELECT message_id FROM inbox WHERE peer = ?1 AND seq = ?2";
static const char *s_inbox_insert =
    "INSERT INTO inbox (peer, seq, message_id, type, header_hash, envelope, received_ms, "
    "rejected, rejected_kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char *s_inbox_hashes =
    "SELECT seq, header_hash, rejected, rejected_kind FROM inbox "
    "WHERE peer = ?1 AND seq BETWEEN ?2 AND ?3 ORDER BY seq";
static const char *s_receipt_insert =
    "INSERT INTO receipts_sent (peer, first_seq, last_seq, envelope) VALUES (?1, ?2, ?3, ?4)";
static const char *s_receipt_covering =
    "SELECT envelope FROM receipts_sent WHERE peer = ?1 AND last_seq >= ?2 AND first_seq <= ?2 "
    "ORDER BY last_seq LIMIT 1";

static int
s_next_in (imi_store_t *store, const char *peer, uint64_t *next)
{
    //  The link row exists: imi_outbox_load_link made it when the peer was added.
    sqlite3_stmt *statement = imi_store_statement (store, s_link_next_in);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    if (sqlite3_step (statement) != SQLITE_ROW) {
        sqlite3_reset (statement);
        return imi_error_set ("no link row for peer %s", peer);
    }
    *next = (uint64_t) sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    return 0;
}

int
imi_inbox_classify (imi_store_t *store, const char *peer, const imi_envelope_view_t *view,
                    imi_inbox_class_t *result)
{
    uint64_t next = 0;
    if (s_next_in (store, peer, &next))
        return -1;
    uint64_t seq = view->header.seq;
    if (seq == next)
        *result = IMI_INBOX_NEXT;
    else
    if (seq > next)
        *result = IMI_INBOX_GAP;
    else {
        sqlite3_stmt *statement = imi_store_statement (store, s_inbox_id_at);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) seq);
        int rc = sqlite3_step (statement);
        *result = rc == SQLITE_ROW
               && sqlite3_column_bytes (statement, 0) == IMI_MESSAGE_ID_BYTES
               && memcmp (sqlite3_column_blob (statement, 0), view->header.message_id,
                          IMI_MESSAGE_ID_BYTES) == 0? IMI_INBOX_DUPLICATE: IMI_INBOX_CONFLICT;
        sqlite3_reset (statement);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return imi_store_error (store, "reading inbox");
    }
    return 0;
}

int
imi_inbox_record (imi_store_t *store, const char *peer, const imi_envelope_view_t *view,
                  const uint8_t *envelope, size_t size, int64_t now_ms, const char *kind,
                  const char *rejected)
{
    //  Advance the link first: if the message is not the next one, nothing
    //  is written at all.
    sqlite3_stmt *statement = imi_store_statement (store, s_link_advance);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) view->header.seq);
    if (imi_store_step_done (store, statement, "advancing link"))
        return -1;
    if (sqlite3_changes (imi_store_db (store)) != 1)
        return imi_error_set ("link from %s is not at seq %llu", peer,
                              (unsigned long long) view->header.seq);
    uint8_t header_hash [IMI_HASH_BYTES];
    imi_envelope_header_hash (view, header_hash);
    statement = imi_store_statement (store, s_inbox_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) view->header.seq);
    sqlite3_bind_blob (statement, 3, view->header.message_id, IMI_MESSAGE_ID_BYTES, SQLITE_STATIC);
    sqlite3_bind_int (statement, 4, (int) view->header.type);
    sqlite3_bind_blob (statement, 5, header_hash, sizeof header_hash, SQLITE_STATIC);
    sqlite3_bind_blob (statement, 6, envelope, (int) size, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 7, now_ms);
    if (rejected) {
        sqlite3_bind_text (statement, 8, rejected, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 9, kind, -1, SQLITE_STATIC);
    }
    if (imi_store_step_done (store, statement, "recording incoming message"))
        return -1;
    return imi_audit_envelope (store, IMI_LEAF_RECEIVED, peer, view, rejected, now_ms);
}

//  Copy at most IMI_REFUSAL_REASON_MAX bytes of reason, cut at a character
//  boundary so that the copy stays UTF-8 (reasons are: the audit log's note
//  of the same row takes only UTF-8).
static void
s_reason_copy (char *out, const char *reason)
{
    size_t length = strlen (reason);
    if (length > IMI_REFUSAL_REASON_MAX) {
        length = IMI_REFUSAL_REASON_MAX;
        while (length > 0 && ((uint8_t) reason [length] & 0xc0) == 0x80)
            length--;
    }
    memcpy (out, reason, length);
    out [length] = 0;
}

int
imi_inbox_hashes (imi_store_t *store, const char *peer, uint64_t first, uint64_t last,
                  uint8_t *hashes, imi_refusal_t *refused, uint32_t *refused_count)
{
    if (refused_count)
        *refused_count = 0;
    sqlite3_stmt *statement = imi_store_statement (store, s_inbox_hashes);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) first);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) last);
    uint64_t expected = first;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        if ((uint64_t) sqlite3_column_int64 (statement, 0) != expected
        ||  sqlite3_column_bytes (statement, 1) != IMI_HASH_BYTES)
            break;
        memcpy (hashes + (expected - first) * IMI_HASH_BYTES,
                sqlite3_column_blob (statement, 1), IMI_HASH_BYTES);
        const char *reason = (const char *) sqlite3_column_text (statement, 2);
        const char *kind = (const char *) sqlite3_column_text (statement, 3);
        if (refused && reason) {
            //  Rows refused before kinds were kept (migration 11) say malformed.
            imi_refusal_t *refusal = &refused [(*refused_count)++];
            refusal->seq = expected;
            snprintf (refusal->kind, sizeof refusal->kind, "%s", kind? kind: "malformed");
            s_reason_copy (refusal->reason, reason);
        }
        expected++;
    }
    sqlite3_reset (statement);
    if (expected != last + 1)
        return imi_error_set ("inbox from %s is missing seq %llu", peer,
                              (unsigned long long) expected);
    return 0;
}

int
imi_inbox_store_receipt (imi_store_t *store, const char *peer, uint64_t first, uint64_t last,
                         const uint8_t *envelope, size_t size, int64_t now_ms)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_receipt_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) first);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) last);
    sqlite3_bind_blob (statement, 4, envelope, (int) size, SQLITE_STATIC);
    if (imi_store_step_done (store, statement, "storing receipt"))
        return -1;
    return imi_audit_envelope_bytes (store, IMI_LEAF_SENT, peer, envelope, size, now_ms);
}

int
imi_inbox_find_receipt (imi_store_t *store, const char *peer, uint64_t seq,
                        uint8_t **envelope, size_t *size)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_receipt_covering);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) seq);
    int rc = sqlite3_step (statement);
    int result = 1;
    if (rc == SQLITE_ROW) {
        *size = (size_t) sqlite3_column_bytes (statement, 0);
        *envelope = malloc (*size);
        if (*envelope) {
            memcpy (*envelope, sqlite3_column_blob (statement, 0), *size);
            result = 0;
        }
        else
            result = imi_error_set ("out of memory");
    }
    else
    if (rc != SQLITE_DONE)
        result = imi_store_error (store, "reading receipts");
    sqlite3_reset (statement);
    return result;
}
