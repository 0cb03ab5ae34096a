/*  imi_operator: storing and listing operator test messages. */
#include "imi_operator.h"
#include "imi_body_delivery.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_node_internal.h"
#include "imi_outbox.h"

#include <stdlib.h>
#include <string.h>

static const char *s_insert =
    "INSERT INTO operator_messages (peer, seq, text, sent_ms, received_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char *s_list =
    "SELECT * FROM (SELECT id, peer, seq, sent_ms, received_ms, text FROM operator_messages "
    "WHERE ?1 IS NULL OR peer = ?1 ORDER BY id DESC LIMIT ?2) ORDER BY id";
static const char *s_count =
    "SELECT count(*), count(DISTINCT peer || ':' || text) FROM operator_messages "
    "WHERE ?1 IS NULL OR peer = ?1";

int
imi_operator_apply (imi_store_t *store, const char *peer, const imi_envelope_view_t *view,
                    const uint8_t *plain, size_t plain_size, int64_t now_ms)
{
    char *text;
    if (imi_text_decode (&text, plain, plain_size))
        return -2;
    sqlite3_stmt *statement = imi_store_statement (store, s_insert);
    int rc = -1;
    if (statement) {
        sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) view->header.seq);
        sqlite3_bind_text (statement, 3, text, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 4, (sqlite3_int64) view->header.timestamp_ms);
        sqlite3_bind_int64 (statement, 5, now_ms);
        rc = imi_store_step_done (store, statement, "storing text");
    }
    free (text);
    return rc;
}

int
imi_operator_list (imi_store_t *store, const char *peer, long limit, json_t *items)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_list);
    if (!statement)
        return -1;
    if (peer)
        sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, limit);
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        json_t *item = json_pack ("{s:I, s:s, s:I, s:I, s:I, s:s}",
                                  "id", (json_int_t) sqlite3_column_int64 (statement, 0),
                                  "from", (const char *) sqlite3_column_text (statement, 1),
                                  "seq", (json_int_t) sqlite3_column_int64 (statement, 2),
                                  "sent_ms", (json_int_t) sqlite3_column_int64 (statement, 3),
                                  "received_ms", (json_int_t) sqlite3_column_int64 (statement, 4),
                                  "text", (const char *) sqlite3_column_text (statement, 5));
        if (json_array_append_new (items, item)) {
            long long id = (long long) sqlite3_column_int64 (statement, 0);
            sqlite3_reset (statement);
            return imi_error_set ("cannot list message %lld (out of memory?)", id);
        }
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (store, "listing messages");
    return 0;
}

int
imi_operator_count (imi_store_t *store, const char *peer, int64_t *count, int64_t *distinct)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_count);
    if (!statement)
        return -1;
    if (peer)
        sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        *count = sqlite3_column_int64 (statement, 0);
        *distinct = sqlite3_column_int64 (statement, 1);
    }
    sqlite3_reset (statement);
    return rc == SQLITE_ROW? 0: imi_store_error (store, "counting messages");
}

int
imi_operator_send (imi_node_t *node, imi_peer_t *peer, const char *text, long first, long count,
                   bool number)
{
    if (imi_store_begin (node->store))
        return -1;
    int64_t now = imi_node_now ();
    for (long index = first; index < first + count; index++) {
        char numbered [IMI_TEXT_MAX_BYTES + 1];
        if (number)
            snprintf (numbered, sizeof numbered, "%s #%ld", text, index);
        else
            snprintf (numbered, sizeof numbered, "%s", text);
        uint8_t *plain;
        size_t plain_size;
        if (imi_text_encode (numbered, &plain, &plain_size))
            return imi_node_commit (node, -1);
        int rc = imi_outbox_enqueue (node->store, peer, node->identity, IMI_TYPE_TEXT, plain,
                                     plain_size, now);
        free (plain);
        if (rc)
            return imi_node_commit (node, -1);
    }
    if (imi_node_commit (node, 0))
        return -1;
    imi_log (IMI_LOG_INFO, "message.queued", "to=%s count=%ld last_seq=%llu", peer->node.state,
             count, (unsigned long long) peer->next_out_seq - 1);
    return 0;
}

//  ---------------------------------------------------------------------------
//  The operator module (imi_module.h)

static int
s_apply_text (imi_node_t *node, imi_peer_t *peer, const imi_envelope_view_t *view,
              const uint8_t *plain, size_t plain_size)
{
    int rc = imi_operator_apply (node->store, peer->node.state, view, plain, plain_size,
                                 imi_node_now ());
    if (rc == 0)
        imi_log (IMI_LOG_INFO, "message.text", "from=%s seq=%llu", peer->node.state,
                 (unsigned long long) view->header.seq);
    return rc;
}

//  We keep no copy of the texts we send, but in the outbox: after a
//  restore, the returned one in the outbox is all there is to restore.
static int
s_own_text (imi_node_t *node, imi_peer_t *peer, const imi_envelope_view_t *view,
            const uint8_t *plain, size_t plain_size)
{
    (void) node, (void) peer, (void) view, (void) plain, (void) plain_size;
    return 0;
}

static const imi_message_handler_t s_messages [] = {
    { .type = IMI_TYPE_TEXT, .apply = s_apply_text, .own = s_own_text },
    { 0 }
};

const imi_module_t imi_operator_module = { .name = "operator", .messages = s_messages };
