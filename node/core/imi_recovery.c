/*  imi_recovery: repairing the links after a restore. See imi_recovery.h. */
#include "imi_recovery.h"
#include "imi_audit.h"
#include "imi_body_recovery.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_node_internal.h"
#include "imi_outbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *s_link_next_in =
    "SELECT next_in_seq FROM links WHERE peer = ?1";
static const char *s_link_restored =
    "UPDATE links SET restored_next = ?2, resend_until = ?3 WHERE peer = ?1";
static const char *s_own_forget =
    "DELETE FROM recovery_own WHERE peer = ?1";
static const char *s_own_insert =
    "INSERT OR IGNORE INTO recovery_own (peer, seq, received_ms, refused, message_id, envelope)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char *s_own_next =
    "SELECT coalesce (max (seq) + 1, ?2) FROM recovery_own WHERE peer = ?1";
static const char *s_own_count =
    "SELECT count (*) FROM recovery_own WHERE peer = ?1 AND seq >= ?2 AND seq <= ?3";
static const char *s_own_all =
    "SELECT seq, envelope FROM recovery_own WHERE peer = ?1 ORDER BY seq";
//  The first returned message that our outbox does not hold as it is: from
//  there on, what our outbox holds was made after the restore.
static const char *s_own_first_new =
    "SELECT coalesce (min (r.seq), ?2) FROM recovery_own r LEFT JOIN outbox o"
    " ON o.peer = r.peer AND o.seq = r.seq AND o.message_id = r.message_id"
    " WHERE r.peer = ?1 AND o.seq IS NULL";
static const char *s_own_drop_held =
    "DELETE FROM recovery_own WHERE peer = ?1 AND seq < ?2";
//  Not applied yet, received by the peer before ?2 (all: ?2 NULL).
static const char *s_own_due =
    "SELECT seq FROM recovery_own"
    " WHERE peer = ?1 AND applied = 0 AND (?2 IS NULL OR received_ms < ?2) ORDER BY seq";
static const char *s_own_one =
    "SELECT refused, envelope FROM recovery_own WHERE peer = ?1 AND seq = ?2";
static const char *s_own_applied =
    "UPDATE recovery_own SET applied = 1 WHERE peer = ?1 AND seq = ?2";
//  What the peer returns: its inbox from our seq `from`, as received.
static const char *s_inbox_page =
    "SELECT seq, received_ms, coalesce (rejected_kind, iif (rejected IS NULL, '', 'malformed')),"
    " envelope FROM inbox WHERE peer = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3";
//  The signing keys this node has run with (imi_backup keeps them).
static const char *s_own_keys =
    "SELECT sign_key FROM node_keys WHERE state = ?1";
static const char *s_restore_insert =
    "INSERT OR REPLACE INTO audit_restores (at_size, at_ms, reason) VALUES (?1, ?2, ?3)";
static const char *s_outbox_undeliver =
    "UPDATE outbox SET delivered_ms = NULL WHERE peer = ?1 AND seq > ?2";
static const char *s_link_acked_set =
    "UPDATE links SET acked_out_seq = ?2 WHERE peer = ?1";

//  ---------------------------------------------------------------------------
//  Small SQL helpers

//  One integer from statement sql bound with peer and, if given, two more.
static int
s_query (imi_node_t *node, const char *sql, const char *peer, int64_t first, int64_t second,
         int64_t *value)
{
    sqlite3_stmt *statement = imi_store_statement (node->store, sql);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, first);
    if (sqlite3_bind_parameter_count (statement) >= 3)
        sqlite3_bind_int64 (statement, 3, second);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW)
        *value = sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    return rc == SQLITE_ROW? 0: imi_store_error (node->store, "reading the repair of a link");
}

static int
s_next_in (imi_node_t *node, imi_peer_t *peer, uint64_t *next_in)
{
    int64_t value = 0;
    if (s_query (node, s_link_next_in, peer->node.state, 0, 0, &value))
        return -1;
    *next_in = (uint64_t) value;
    return 0;
}

static int
s_set_link (imi_node_t *node, imi_peer_t *peer, uint64_t restored_next, uint64_t resend_until)
{
    sqlite3_stmt *statement = imi_store_statement (node->store, s_link_restored);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) restored_next);
    sqlite3_bind_int64 (statement, 3, (sqlite3_int64) resend_until);
    if (imi_store_step_done (node->store, statement, "recording the repair of a link"))
        return -1;
    peer->restored_next = restored_next;
    peer->resend_until = resend_until;
    return 0;
}

//  Seal an unsequenced body of type for peer and send it: back on our
//  ROUTER to routing_id, or on the peer's DEALER.
static void
s_send (imi_node_t *node, imi_peer_t *peer, zframe_t *routing_id, uint32_t type,
        uint8_t *plain, size_t plain_size)
{
    uint8_t *envelope;
    size_t size;
    if (imi_node_seal_unsequenced (node, peer, type, plain, plain_size, &envelope, &size,
                                   NULL) == 0) {
        if (routing_id)
            imi_node_router_send (node, routing_id, envelope, size);
        else
        if (imi_peer_send (peer, envelope, size) == 0)
            node->counters.values [IMI_COUNT_SENT]++;
        free (envelope);
    }
    free (plain);
}

//  ---------------------------------------------------------------------------
//  At start

int
imi_recovery_begin (imi_node_t *node)
{
    char marker [IMI_PATH_MAX + 32];
    snprintf (marker, sizeof marker, "%s/%s", node->settings.data_dir, IMI_RECOVERY_MARKER);
    char why [256] = "";
    FILE *file = fopen (marker, "r");
    if (file) {
        if (!fgets (why, sizeof why, file))
            why [0] = 0;
        fclose (file);
        why [strcspn (why, "\r\n")] = 0;
    }
    else
    if (node->settings.recover)
        snprintf (why, sizeof why, "started with --recover");
    else
        return 0;
    if (!*why)
        snprintf (why, sizeof why, "%s found", IMI_RECOVERY_MARKER);

    int64_t now = imi_node_now ();
    int rc = imi_store_begin (node->store);
    for (size_t index = 0; index < node->peer_count && rc == 0; index++) {
        imi_peer_t *peer = node->peers [index];
        sqlite3_stmt *statement = imi_store_statement (node->store, s_own_forget);
        rc = statement? 0: -1;
        if (rc == 0) {
            sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
            rc = imi_store_step_done (node->store, statement, "forgetting a past repair");
        }
        //  What we sent after our last receipted message may be lost.
        if (rc == 0)
            rc = s_set_link (node, peer, peer->acked_out_seq + 1, 0);
    }
    //  Our log goes on from the backup's size: what it had beyond is lost,
    //  and our checkpoints say from where (imi_witness), so that witnesses
    //  that cosigned the lost branch can take the new one.
    uint64_t log_size = 0;
    uint8_t root [IMI_HASH_BYTES];
    if (rc == 0)
        rc = imi_audit_head (node->store, &log_size, root);
    sqlite3_stmt *statement = rc == 0? imi_store_statement (node->store, s_restore_insert): NULL;
    if (statement) {
        sqlite3_bind_int64 (statement, 1, (sqlite3_int64) log_size);
        sqlite3_bind_int64 (statement, 2, now);
        sqlite3_bind_text (statement, 3, why, -1, SQLITE_STATIC);
        rc = imi_store_step_done (node->store, statement, "recording a restore");
    }
    else
        rc = -1;
    char detail [512];
    snprintf (detail, sizeof detail, "links=%zu log_size=%llu reason=%s", node->peer_count,
              (unsigned long long) log_size, why);
    if (rc == 0)
        rc = imi_audit_local (node->store, "node.restored", detail, now);
    if (imi_node_commit (node, rc))
        return imi_error_wrap ("putting the links into repair after a restore");
    if (file && unlink (marker))
        return imi_error_set ("cannot remove %s: %s", marker, strerror (errno));
    char quoted [300];
    imi_log (IMI_LOG_WARN, "node.restored", "links=%zu reason=%s", node->peer_count,
             imi_log_quote (quoted, sizeof quoted, why));
    return 0;
}

//  ---------------------------------------------------------------------------
//  Our messages, returned

//  Check that envelope is one of ours to peer at seq, validly signed (by our
//  key, or one we ran with before a rotation). 0 with view, -2 with a
//  reason, -1 on a database error.
static int
s_check_own (imi_node_t *node, imi_peer_t *peer, uint64_t seq, const uint8_t *envelope,
             size_t size, imi_envelope_view_t *view)
{
    if (imi_envelope_decode (view, envelope, size))
        return -2;
    const imi_header_t *header = &view->header;
    if (strcmp (header->from, node->settings.state) != 0
    ||  strcmp (header->to, peer->node.state) != 0 || header->seq != seq
    ||  !imi_message_type_sequenced (header->type))
        return imi_error_malformed ("not our message %llu to %s", (unsigned long long) seq,
                                    peer->node.state);
    if (imi_envelope_verify (view, imi_identity_sign_public (node->identity)) == 0)
        return 0;
    //  Signed before a key rotation: with a key this node ran with before.
    sqlite3_stmt *statement = imi_store_statement (node->store, s_own_keys);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, node->settings.state, -1, SQLITE_STATIC);
    bool valid = false;
    while (!valid && sqlite3_step (statement) == SQLITE_ROW)
        valid = sqlite3_column_bytes (statement, 0) == IMI_SIGN_PUBLIC_BYTES
             && imi_envelope_verify (view, sqlite3_column_blob (statement, 0)) == 0;
    sqlite3_reset (statement);
    return valid? 0: imi_error_malformed ("our message %llu to %s: not signed by any key of "
                                          "ours", (unsigned long long) seq, peer->node.state);
}

static void
s_lost (imi_node_t *node, imi_peer_t *peer, uint64_t seq, uint32_t type, const char *detail)
{
    node->counters.values [IMI_COUNT_RECOVERY_LOST]++;
    char quoted [IMI_ERROR_MAX + 8];
    imi_log (IMI_LOG_WARN, "recovery.own_lost", "state=%s seq=%llu type=%s detail=%s",
             peer->node.state, (unsigned long long) seq, imi_message_type_name (type),
             imi_log_quote (quoted, sizeof quoted, detail));
}

//  Apply one of our returned messages to our side again, in a savepoint:
//  what cannot be applied is logged and counted, not fatal. 0 or -1.
static int
s_apply_own (imi_node_t *node, imi_peer_t *peer, uint64_t seq, const char *refused,
             const uint8_t *envelope, size_t size)
{
    imi_envelope_view_t view;
    uint8_t *plain = NULL;
    size_t plain_size;
    int rc = 0;
    if (imi_envelope_decode (&view, envelope, size)
    ||  imi_envelope_open (&view, peer->shared_key, &plain, &plain_size))
        s_lost (node, peer, seq, 0, "does not open");
    else {
        const imi_message_handler_t *handler = imi_node_handler (node, view.header.type);
        if (!handler || !handler->own)
            s_lost (node, peer, seq, view.header.type, "its effect cannot be restored here");
        else
        if ((rc = imi_store_exec (node->store, "SAVEPOINT own")) == 0) {
            rc = handler->own (node, peer, &view, plain, plain_size);
            if (rc == -2) {
                s_lost (node, peer, seq, view.header.type, imi_error_last ());
                rc = imi_store_exec (node->store, "ROLLBACK TO own");
            }
            if (rc == 0)
                rc = imi_store_exec (node->store, "RELEASE own");
        }
        if (rc == 0 && *refused)
            imi_log (IMI_LOG_INFO, "recovery.own_refused", "state=%s seq=%llu kind=%s",
                     peer->node.state, (unsigned long long) seq, refused);
    }
    free (plain);
    sqlite3_stmt *statement = rc == 0? imi_store_statement (node->store, s_own_applied): NULL;
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) seq);
    return imi_store_step_done (node->store, statement, "noting a returned message applied");
}

//  Apply our returned message seq (read from recovery_own). 0 or -1.
static int
s_apply_one (imi_node_t *node, imi_peer_t *peer, uint64_t seq)
{
    sqlite3_stmt *statement = imi_store_statement (node->store, s_own_one);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) seq);
    if (sqlite3_step (statement) != SQLITE_ROW) {
        sqlite3_reset (statement);
        return imi_store_error (node->store, "reading a returned message");
    }
    //  Copied out: applying writes the tables the statement reads.
    char refused [IMI_RECOVERY_KIND_MAX + 1];
    snprintf (refused, sizeof refused, "%s", (const char *) sqlite3_column_text (statement, 0));
    size_t size = (size_t) sqlite3_column_bytes (statement, 1);
    uint8_t *envelope = malloc (size? size: 1);
    if (envelope)
        memcpy (envelope, sqlite3_column_blob (statement, 1), size);
    sqlite3_reset (statement);
    int rc = envelope? s_apply_own (node, peer, seq, refused, envelope, size)
                     : imi_error_set ("out of memory");
    free (envelope);
    return rc;
}

//  Apply our returned messages the peer received before before_ms (all,
//  if before_ms < 0), in order. 0 or -1.
static int
s_apply_due (imi_node_t *node, imi_peer_t *peer, int64_t before_ms)
{
    sqlite3_stmt *statement = imi_store_statement (node->store, s_own_due);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    if (before_ms >= 0)
        sqlite3_bind_int64 (statement, 2, before_ms);
    zlist_t *due = zlist_new ();
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
        zlist_append (due, (void *) (uintptr_t) sqlite3_column_int64 (statement, 0));
    sqlite3_reset (statement);
    rc = rc == SQLITE_DONE? 0: imi_store_error (node->store, "reading returned messages");
    for (void *item = zlist_first (due); item && rc == 0; item = zlist_next (due))
        rc = s_apply_one (node, peer, (uint64_t) (uintptr_t) item);
    zlist_destroy (&due);
    return rc;
}

int
imi_recovery_before (imi_node_t *node, imi_peer_t *peer, uint64_t timestamp_ms)
{
    if (!peer->resend_until)
        return 0;
    return s_apply_due (node, peer, timestamp_ms > INT64_MAX? INT64_MAX: (int64_t) timestamp_ms);
}

//  ---------------------------------------------------------------------------
//  The restored side: asking, and finishing

static int
s_renumbered (void *context, uint64_t seq, uint64_t new_seq)
{
    void **both = (void **) context;
    imi_node_t *node = (imi_node_t *) both [0];
    imi_peer_t *peer = (imi_peer_t *) both [1];
    for (size_t index = 0; node->modules [index]; index++)
        if (node->modules [index]->renumbered
        &&  node->modules [index]->renumbered (node, peer, seq, new_seq))
            return -1;
    return 0;
}

//  The peer has sent us every message of ours it applied (up to applied)
//  from our last receipted one, and is sending its own again after what we
//  hold. Where our outbox holds the same message as the peer, it stays;
//  from the first that differs or is missing, ours were made after the
//  restore: they move after the peer's last, and the returned ones take
//  their places, delivered. Then the link opens. 0, 1 if returned ones are
//  missing (ask again), -1.
static int
s_finish (imi_node_t *node, imi_peer_t *peer, uint64_t applied, uint64_t sent)
{
    uint64_t restored_next = peer->restored_next;
    int64_t have = 0, first_new = 0;
    if (applied >= restored_next) {
        if (s_query (node, s_own_count, peer->node.state, (int64_t) restored_next,
                     (int64_t) applied, &have))
            return -1;
        if ((uint64_t) have != applied - restored_next + 1)
            return 1;
    }
    if (s_query (node, s_own_first_new, peer->node.state, (int64_t) applied + 1, 0, &first_new))
        return -1;
    uint64_t from = (uint64_t) first_new;
    uint64_t shift = applied >= from? applied + 1 - from: 0;
    uint64_t returned = shift;
    uint64_t moved = peer->next_out_seq > from? peer->next_out_seq - from: 0;
    int64_t now = imi_node_now ();
    void *context [2] = { node, peer };
    sqlite3_stmt *statement = imi_store_statement (node->store, s_own_drop_held);
    int rc = statement? 0: -1;
    if (statement) {
        sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) from);
        rc = imi_store_step_done (node->store, statement, "dropping messages we hold");
    }
    if (rc == 0)
        rc = imi_outbox_renumber (node->store, peer, node->identity, from, shift, now,
                                  s_renumbered, context);
    //  Our returned messages take the places they had.
    statement = rc == 0? imi_store_statement (node->store, s_own_all): NULL;
    if (statement) {
        sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
        int step;
        while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
            imi_envelope_view_t view;
            const uint8_t *envelope = sqlite3_column_blob (statement, 1);
            size_t size = (size_t) sqlite3_column_bytes (statement, 1);
            if (imi_envelope_decode (&view, envelope, size) == 0)
                rc = imi_outbox_restore (node->store, peer, &view, envelope, size, now);
        }
        sqlite3_reset (statement);
    }
    else
        rc = -1;
    //  Its messages after what we hold are on their way again; ours it
    //  returned wait for them (imi_recovery_before), or for the last.
    if (rc == 0)
        rc = s_set_link (node, peer, 0, sent + 1);
    char detail [256];
    snprintf (detail, sizeof detail, "state=%s returned=%llu renumbered=%llu shift=%llu "
              "resend_until=%llu", peer->node.state, (unsigned long long) returned,
              (unsigned long long) moved, (unsigned long long) shift,
              (unsigned long long) sent);
    if (rc == 0)
        rc = imi_audit_local (node->store, "link.repaired", detail, now);
    if (rc == 0) {
        node->counters.values [IMI_COUNT_RECOVERY_RETURNED] += returned;
        peer->cursor = peer->acked_out_seq + 1;
        peer->conflict_seq = 0;
        imi_log (IMI_LOG_WARN, "link.repaired", "%s", detail);
    }
    return rc;
}

//  Ask peer the next step of the repair.
static void
s_ask (imi_node_t *node, imi_peer_t *peer)
{
    uint64_t next_in;
    int64_t from = 0;
    if (s_next_in (node, peer, &next_in)
    ||  s_query (node, s_own_next, peer->node.state, (int64_t) peer->restored_next, 0, &from)) {
        imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
        return;
    }
    imi_link_state_t state = {
        .step = peer->returned_all? IMI_RECOVERY_STEP_RESEND: IMI_RECOVERY_STEP_RETURN,
        .applied = next_in - 1,
        .from = (uint64_t) from,
    };
    peer->return_from = (uint64_t) from;
    uint8_t *plain;
    size_t plain_size;
    if (imi_link_state_encode (&state, &plain, &plain_size) == 0)
        s_send (node, peer, NULL, IMI_TYPE_LINK_STATE, plain, plain_size);
}

//  The peer's answer (on our DEALER), in the group.
static int
s_handle_return (imi_node_t *node, imi_peer_t *peer, zframe_t *routing_id,
                 const uint8_t *plain, size_t plain_size)
{
    (void) routing_id;
    static imi_link_return_t answer;    //  large; the loop is single-threaded
    if (imi_link_return_decode (&answer, plain, plain_size)) {
        imi_node_reject (node, IMI_COUNT_REJECTED_MALFORMED, peer->node.state, imi_error_last ());
        return 0;
    }
    if (!peer->restored_next
    ||  answer.step != (peer->returned_all? IMI_RECOVERY_STEP_RESEND: IMI_RECOVERY_STEP_RETURN))
        return 0;                       //  an answer to a repair that is over, or a late one
    peer->last_link_state_ms = 0;       //  ask the next at once
    if (peer->returned_all) {
        int rc = s_finish (node, peer, answer.applied, answer.sent);
        if (rc == 1)
            peer->returned_all = false;
        return rc < 0? -1: 0;
    }
    //  A page of ours: checked and kept, in order from what we asked.
    uint64_t expected = peer->return_from;
    for (uint32_t index = 0; index < answer.count; index++) {
        const imi_link_item_t *item = &answer.items [index];
        if (item->seq != expected)
            return 0;                   //  an old page; the next ask puts it right
        imi_envelope_view_t view;
        int checked = s_check_own (node, peer, item->seq, item->envelope, item->envelope_size,
                                   &view);
        if (checked == -1)
            return -1;
        if (checked) {
            imi_node_reject (node, IMI_COUNT_REJECTED_MALFORMED, peer->node.state,
                             imi_error_last ());
            return 0;
        }
        sqlite3_stmt *statement = imi_store_statement (node->store, s_own_insert);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) item->seq);
        sqlite3_bind_int64 (statement, 3, (sqlite3_int64) item->received_ms);
        sqlite3_bind_text (statement, 4, item->refused, -1, SQLITE_STATIC);
        sqlite3_bind_blob (statement, 5, view.header.message_id, IMI_MESSAGE_ID_BYTES,
                           SQLITE_STATIC);
        sqlite3_bind_blob (statement, 6, item->envelope, (int) item->envelope_size,
                           SQLITE_STATIC);
        if (imi_store_step_done (node->store, statement, "keeping a returned message"))
            return -1;
        expected++;
    }
    peer->return_from = expected;
    if (!answer.more) {
        if (expected <= answer.applied) {
            //  It applied more of ours than it could return (one too big
            //  for a page): the link cannot be repaired in full.
            imi_log (IMI_LOG_ERROR, "recovery.incomplete", "state=%s missing_from=%llu "
                     "applied=%llu", peer->node.state, (unsigned long long) expected,
                     (unsigned long long) answer.applied);
            return 0;
        }
        peer->returned_all = true;
    }
    return 0;
}

//  ---------------------------------------------------------------------------
//  The peer's side: returning and sending again

//  A restored peer asks (on our ROUTER), in the group.
static int
s_handle_state (imi_node_t *node, imi_peer_t *peer, zframe_t *routing_id,
                const uint8_t *plain, size_t plain_size)
{
    imi_link_state_t state;
    if (imi_link_state_decode (&state, plain, plain_size)) {
        imi_node_reject (node, IMI_COUNT_REJECTED_MALFORMED, peer->node.state, imi_error_last ());
        return 0;
    }
    if (state.step == IMI_RECOVERY_STEP_RESEND) {
        //  Marked undelivered between groups (s_tick), then answered: the
        //  answer must not promise what a rollback could take back.
        peer->rewind_wanted = true;
        peer->rewind_to = state.applied;
        zframe_destroy (&peer->rewind_routing_id);
        peer->rewind_routing_id = zframe_dup (routing_id);
        return 0;
    }
    uint64_t next_in;
    if (s_next_in (node, peer, &next_in))
        return -1;
    static imi_link_return_t answer;
    memset (&answer, 0, sizeof answer);
    answer.step = IMI_RECOVERY_STEP_RETURN;
    answer.applied = next_in - 1;
    answer.sent = peer->next_out_seq - 1;
    sqlite3_stmt *statement = imi_store_statement (node->store, s_inbox_page);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) state.from);
    sqlite3_bind_int64 (statement, 3, IMI_RECOVERY_ITEMS_MAX + 1);
    //  The envelopes are copied: the statement's memory does not outlive a step.
    uint8_t *copies [IMI_RECOVERY_ITEMS_MAX] = { 0 };
    size_t bytes = 0;
    int rc;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        size_t size = (size_t) sqlite3_column_bytes (statement, 3);
        if (answer.count == IMI_RECOVERY_ITEMS_MAX || bytes + size > IMI_RECOVERY_PAGE_BYTES) {
            answer.more = answer.count > 0;
            break;
        }
        imi_link_item_t *item = &answer.items [answer.count];
        item->seq = (uint64_t) sqlite3_column_int64 (statement, 0);
        item->received_ms = (uint64_t) sqlite3_column_int64 (statement, 1);
        snprintf (item->refused, sizeof item->refused, "%s",
                  (const char *) sqlite3_column_text (statement, 2));
        copies [answer.count] = malloc (size? size: 1);
        if (!copies [answer.count])
            break;
        memcpy (copies [answer.count], sqlite3_column_blob (statement, 3), size);
        item->envelope = copies [answer.count];
        item->envelope_size = size;
        bytes += size;
        answer.count++;
    }
    sqlite3_reset (statement);
    uint8_t *body = NULL;
    size_t body_size;
    if ((rc == SQLITE_ROW || rc == SQLITE_DONE)
    &&  imi_link_return_encode (&answer, &body, &body_size) == 0)
        s_send (node, peer, routing_id, IMI_TYPE_LINK_RETURN, body, body_size);
    for (uint32_t index = 0; index < answer.count; index++)
        free (copies [index]);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (node->store, "reading the inbox for a restored peer");
    imi_log (IMI_LOG_INFO, "recovery.returned", "state=%s from=%llu count=%u more=%d",
             peer->node.state, (unsigned long long) state.from, answer.count, answer.more);
    return 0;
}

//  Between groups: mark our messages after what the restored peer holds
//  undelivered (our outbox sends them again), commit, then answer.
static void
s_rewind (imi_node_t *node, imi_peer_t *peer)
{
    peer->rewind_wanted = false;
    uint64_t to = peer->rewind_to;
    int rc = 0;
    if (to > peer->next_out_seq - 1) {
        //  It holds more of ours than we ever sent: our database is the
        //  older one. Nothing is marked; the operators must look.
        imi_log (IMI_LOG_ERROR, "recovery.peer_ahead", "state=%s its_applied=%llu our_last=%llu",
                 peer->node.state, (unsigned long long) to,
                 (unsigned long long) peer->next_out_seq - 1);
        to = peer->acked_out_seq;
    }
    if (to < peer->acked_out_seq) {
        int64_t now = imi_node_now ();
        rc = imi_store_begin (node->store);
        sqlite3_stmt *statement;
        if (rc == 0 && (statement = imi_store_statement (node->store, s_outbox_undeliver))) {
            sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (statement, 2, (sqlite3_int64) to);
            rc = imi_store_step_done (node->store, statement, "sending again to a peer");
        }
        if (rc == 0 && (statement = imi_store_statement (node->store, s_link_acked_set))) {
            sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
            sqlite3_bind_int64 (statement, 2, (sqlite3_int64) to);
            rc = imi_store_step_done (node->store, statement, "sending again to a peer");
        }
        char detail [128];
        snprintf (detail, sizeof detail, "peer=%s from_seq=%llu to_seq=%llu", peer->node.state,
                  (unsigned long long) to + 1, (unsigned long long) peer->acked_out_seq);
        if (rc == 0)
            rc = imi_audit_local (node->store, "link.resend", detail, now);
        if (imi_node_commit (node, rc)) {
            imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
            zframe_destroy (&peer->rewind_routing_id);
            return;                     //  it asks again
        }
        imi_log (IMI_LOG_WARN, "link.resend", "state=%s from_seq=%llu to_seq=%llu",
                 peer->node.state, (unsigned long long) to + 1,
                 (unsigned long long) peer->acked_out_seq);
        node->counters.values [IMI_COUNT_RECOVERY_RESENDS]++;
        peer->acked_out_seq = to;
        peer->cursor = to + 1;
        peer->conflict_seq = 0;
        peer->retry_ms = node->settings.retry_min_ms;
    }
    uint64_t next_in;
    imi_link_return_t *answer = calloc (1, sizeof *answer);
    uint8_t *body = NULL;
    size_t body_size;
    if (answer && s_next_in (node, peer, &next_in) == 0) {
        answer->step = IMI_RECOVERY_STEP_RESEND;
        answer->applied = next_in - 1;
        answer->sent = peer->next_out_seq - 1;
        if (imi_link_return_encode (answer, &body, &body_size) == 0)
            s_send (node, peer, peer->rewind_routing_id, IMI_TYPE_LINK_RETURN, body, body_size);
    }
    free (answer);
    zframe_destroy (&peer->rewind_routing_id);
}

//  ---------------------------------------------------------------------------
//  The module

static void
s_tick (imi_node_t *node, int64_t now)
{
    int64_t clock = imi_node_clock ();
    (void) now;
    for (size_t index = 0; index < node->peer_count; index++) {
        imi_peer_t *peer = node->peers [index];
        if (peer->rewind_wanted)
            s_rewind (node, peer);
        if (peer->restored_next) {
            if (!peer->last_link_state_ms
            ||  clock - peer->last_link_state_ms >= node->settings.heartbeat_ms) {
                peer->last_link_state_ms = clock;
                s_ask (node, peer);
            }
        }
        else
        if (peer->resend_until) {
            //  Its messages are all here again: ours left are applied now.
            uint64_t next_in;
            if (s_next_in (node, peer, &next_in) || next_in < peer->resend_until)
                continue;
            int rc = imi_store_begin (node->store);
            if (rc == 0)
                rc = s_apply_due (node, peer, -1);
            if (rc == 0)
                rc = s_set_link (node, peer, 0, 0);
            if (imi_node_commit (node, rc))
                imi_log (IMI_LOG_ERROR, "store.error", "detail=\"%s\"", imi_error_last ());
            else
                imi_log (IMI_LOG_INFO, "link.caught_up", "state=%s", peer->node.state);
        }
    }
}

static const imi_message_handler_t s_messages [] = {
    { .type = IMI_TYPE_LINK_STATE, .handle = s_handle_state, .request = true },
    { .type = IMI_TYPE_LINK_RETURN, .handle = s_handle_return },
    { 0 }
};

const imi_module_t imi_recovery_module = {
    .name = "recovery",
    .tick = s_tick,
    .messages = s_messages,
};
