/*  imi_witness: checkpoints and witnessing (see imi_witness.h). */
#include "imi_witness.h"
#include "imi_audit.h"
#include "imi_body_audit.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_note.h"
#include "imi_rotation.h"

#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define S_GOSSIP_FANOUT 3            //  peers each cosigned checkpoint is passed to

static const char *s_latest =
    "SELECT size, root, note FROM audit_checkpoints ORDER BY size DESC LIMIT 1";
static const char *s_checkpoint_at = "SELECT note FROM audit_checkpoints WHERE size = ?1";
static const char *s_restored_at = "SELECT max (at_size) FROM audit_restores";
static const char *s_checkpoint_insert =
    "INSERT INTO audit_checkpoints (size, root, note, created_ms) VALUES (?1, ?2, ?3, ?4)";
static const char *s_cosigned_size =
    "SELECT coalesce (max (size), 0) FROM audit_cosignatures WHERE witness = ?1";
static const char *s_cosignature_insert =
    "INSERT OR REPLACE INTO audit_cosignatures (size, witness, line, received_ms)"
    " VALUES (?1, ?2, ?3, ?4)";
static const char *s_witnessed_latest =
    "SELECT size, root, note, received_ms FROM audit_witnessed WHERE origin = ?1 AND via = ?1"
    " ORDER BY size DESC LIMIT 1";
//  When our own database was last restored from a backup (NULL: never).
static const char *s_our_restore =
    "SELECT max (at_ms) FROM audit_restores";
static const char *s_witnessed_note =
    "SELECT note FROM audit_witnessed WHERE origin = ?1 AND size = ?2 AND root = ?3";
static const char *s_witnessed_other_root =
    "SELECT note FROM audit_witnessed WHERE origin = ?1 AND size = ?2 AND root <> ?3"
    " AND via <> 'restored' LIMIT 1";
static const char *s_witnessed_cosigned_at =
    "SELECT root FROM audit_witnessed WHERE origin = ?1 AND size = ?2 AND via = ?1";
//  The branch a restore left behind: kept as evidence, no longer the one
//  later checkpoints must extend, and no conflict for the new branch.
static const char *s_witnessed_abandon =
    "UPDATE audit_witnessed SET via = 'restored' WHERE origin = ?1 AND size > ?2";
//  A checkpoint we cosign is marked so (via = the origin) even if gossip
//  brought it first; gossip and refusals never unmark one.
static const char *s_witnessed_insert =
    "INSERT INTO audit_witnessed (origin, size, root, note, via, received_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (origin, size, root)"
    " DO UPDATE SET via = excluded.via WHERE excluded.via = excluded.origin";
static const char *s_equivocation_insert =
    "INSERT OR IGNORE INTO audit_equivocations (origin, size, note_a, note_b, found_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";

//  ---------------------------------------------------------------------------
//  Names and keys

//  The origin of state's log in our federation.
static int
s_origin (imi_node_t *self, const char *state, char origin [IMI_NOTE_ORIGIN_MAX + 1])
{
    const char *federation = imi_manifest_federation (imi_federation_manifest (self->federation));
    return imi_note_checkpoint_origin (origin, federation, state);
}

//  state's log key (type 0x01) or witness key (0x04), from the manifest.
static int
s_key (imi_node_t *self, const char *state, uint8_t type, imi_note_key_t *key)
{
    char origin [IMI_NOTE_ORIGIN_MAX + 1];
    if (s_origin (self, state, origin))
        return -1;
    const uint8_t *public_key = NULL;
    if (strcmp (state, self->settings.state) == 0)
        public_key = imi_identity_sign_public (self->identity);
    else {
        imi_peer_t *peer = imi_node_peer (self, state);
        if (peer)
            public_key = peer->node.sign_key;
    }
    if (!public_key)
        return imi_error_set ("state %s is not in the federation", state);
    return imi_note_key_set (key, origin, type, public_key);
}

//  The state an origin names ("federated-imi/<federation>/<STATE>"), if it is
//  one of our federation's. 0 or -2.
static int
s_origin_state (imi_node_t *self, const char *origin, char state [3])
{
    size_t length = strlen (origin);
    if (length < 3 || origin [length - 3] != '/')
        return imi_error_malformed ("origin '%.80s' names no state", origin);
    snprintf (state, 3, "%s", origin + length - 2);
    char expected [IMI_NOTE_ORIGIN_MAX + 1];
    if (s_origin (self, state, expected) || strcmp (expected, origin) != 0)
        return imi_error_malformed ("origin '%.80s' is not a log of this federation", origin);
    return 0;
}

//  Reject and count a peer's witnessing message.
static int
s_reject (imi_node_t *self, imi_peer_t *peer, const char *what)
{
    imi_node_reject (self, IMI_COUNT_REJECTED_CHECKPOINT, peer->node.state, what);
    return 0;
}

//  ---------------------------------------------------------------------------
//  Our checkpoints

//  Format and sign a checkpoint of size and root: *note malloc'd.
static int
s_sign_checkpoint (imi_node_t *self, uint64_t size, const uint8_t root [IMI_HASH_BYTES],
                   char **note, size_t *note_size)
{
    imi_note_checkpoint_t checkpoint = { .size = size };
    memcpy (checkpoint.root, root, IMI_HASH_BYTES);
    if (s_origin (self, self->settings.state, checkpoint.origin))
        return -1;
    //  A log restored from a backup says from which size it went on (docs/audit.md).
    sqlite3_stmt *statement = imi_store_statement (self->store, s_restored_at);
    if (!statement)
        return -1;
    char extension [64];
    if (sqlite3_step (statement) == SQLITE_ROW
    &&  sqlite3_column_type (statement, 0) != SQLITE_NULL) {
        snprintf (extension, sizeof extension, "%s %lld\n", IMI_NOTE_RESTORED_EXTENSION,
                  (long long) sqlite3_column_int64 (statement, 0));
        checkpoint.extensions = extension;
        checkpoint.extensions_size = strlen (extension);
    }
    sqlite3_reset (statement);
    char *text;
    size_t text_size;
    if (imi_note_checkpoint_format (&checkpoint, &text, &text_size))
        return -1;
    imi_note_t *signed_note = imi_note_new (text, text_size);
    free (text);
    int rc = signed_note? 0: -1;
    if (rc == 0)
        rc = imi_note_sign (signed_note, checkpoint.origin,
                            imi_identity_sign_secret (self->identity));
    if (rc == 0)
        rc = imi_note_encode (signed_note, note, note_size);
    imi_note_destroy (&signed_note);
    return rc;
}

int
imi_witness_checkpoint (imi_node_t *self)
{
    uint64_t size, latest = 0;
    uint8_t root [IMI_HASH_BYTES];
    if (imi_audit_head (self->store, &size, root))
        return -1;
    sqlite3_stmt *statement = imi_store_statement (self->store, s_latest);
    if (!statement)
        return -1;
    if (sqlite3_step (statement) == SQLITE_ROW)
        latest = (uint64_t) sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    if (size == 0 || size <= latest)
        return 0;
    char *note;
    size_t note_size;
    if (s_sign_checkpoint (self, size, root, &note, &note_size))
        return -1;
    statement = imi_store_statement (self->store, s_checkpoint_insert);
    int rc = statement? 0: -1;
    if (statement) {
        sqlite3_bind_int64 (statement, 1, (sqlite3_int64) size);
        sqlite3_bind_blob (statement, 2, root, IMI_HASH_BYTES, SQLITE_STATIC);
        sqlite3_bind_text (statement, 3, note, (int) note_size, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 4, imi_node_now ());
        rc = imi_store_step_done (self->store, statement, "storing a checkpoint");
    }
    free (note);
    if (rc)
        return -1;
    char hex [IMI_HASH_BYTES * 2 + 1];
    imi_hex_encode (hex, root, IMI_HASH_BYTES);
    imi_log (IMI_LOG_INFO, "audit.checkpoint", "size=%llu root=%s", (unsigned long long) size,
             hex);
    self->counters.values [IMI_COUNT_AUDIT_CHECKPOINTS]++;
    return 1;
}

//  Offer our latest checkpoint to peer, with a proof from what it cosigned.
//  Test fault injection: test_equivocate_to gets a checkpoint of the same
//  size with another root, properly signed.
static void
s_offer (imi_node_t *self, imi_peer_t *peer, uint64_t size, const uint8_t *root,
         const char *note)
{
    uint64_t cosigned = 0;
    sqlite3_stmt *statement = imi_store_statement (self->store, s_cosigned_size);
    if (!statement)
        return;
    sqlite3_bind_text (statement, 1, peer->node.state, -1, SQLITE_STATIC);
    if (sqlite3_step (statement) == SQLITE_ROW)
        cosigned = (uint64_t) sqlite3_column_int64 (statement, 0);
    sqlite3_reset (statement);
    if (cosigned >= size)
        return;
    uint8_t proof [IMI_MERKLE_PROOF_MAX][IMI_HASH_BYTES];
    size_t count = 0;
    char *false_note = NULL;
    if (strcmp (peer->node.state, self->settings.test_equivocate_to) == 0) {
        uint8_t other [IMI_HASH_BYTES];
        memcpy (other, root, IMI_HASH_BYTES);
        other [0] ^= 0xFF;
        size_t false_size;
        if (s_sign_checkpoint (self, size, other, &false_note, &false_size))
            return;
        note = false_note;
        cosigned = 0;                   //  a fresh witness needs no proof
    }
    else
    if (imi_audit_consistency (self->store, cosigned, size, proof, &count)) {
        imi_log (IMI_LOG_ERROR, "audit.error", "detail=\"%s\"", imi_error_last ());
        return;
    }
    uint8_t *body, *envelope;
    size_t body_size, envelope_size;
    if (imi_audit_checkpoint_encode (note, cosigned, proof [0], count, &body, &body_size) == 0) {
        if (imi_node_seal_unsequenced (self, peer, IMI_TYPE_AUDIT_CHECKPOINT, body, body_size,
                                       &envelope, &envelope_size, NULL) == 0) {
            if (imi_peer_send (peer, envelope, envelope_size) == 0)
                self->counters.values [IMI_COUNT_SENT]++;
            free (envelope);
        }
        free (body);
    }
    free (false_note);
}

//  Timers: make a checkpoint when due; offer the latest to each connected
//  peer that has not cosigned it (at most once per heartbeat per peer).
static void
imi_witness_tick (imi_node_t *self, int64_t now)
{
    if (now - self->last_checkpoint_ms >= self->settings.audit_checkpoint_ms) {
        self->last_checkpoint_ms = now;
        if (imi_witness_checkpoint (self) < 0)
            imi_log (IMI_LOG_ERROR, "audit.error", "detail=\"%s\"", imi_error_last ());
    }
    //  The loop ticks every 50 ms: read the latest checkpoint only when
    //  some peer is due an offer (once per heartbeat each).
    bool due = false;
    for (size_t index = 0; index < self->peer_count && !due; index++)
        due = self->peers [index]->connected
           && now - self->peers [index]->last_checkpoint_offer_ms >= self->settings.heartbeat_ms;
    if (!due)
        return;
    sqlite3_stmt *statement = imi_store_statement (self->store, s_latest);
    if (!statement || sqlite3_step (statement) != SQLITE_ROW) {
        if (statement)
            sqlite3_reset (statement);
        return;
    }
    uint64_t size = (uint64_t) sqlite3_column_int64 (statement, 0);
    uint8_t root [IMI_HASH_BYTES];
    memcpy (root, sqlite3_column_blob (statement, 1), IMI_HASH_BYTES);
    char *note = strdup ((const char *) sqlite3_column_text (statement, 2));
    sqlite3_reset (statement);
    for (size_t index = 0; note && index < self->peer_count; index++) {
        imi_peer_t *peer = self->peers [index];
        if (peer->connected
        &&  now - peer->last_checkpoint_offer_ms >= self->settings.heartbeat_ms) {
            peer->last_checkpoint_offer_ms = now;
            s_offer (self, peer, size, root, note);
        }
    }
    free (note);
}

//  ---------------------------------------------------------------------------
//  Witnessing others

//  Whether this very note (byte for byte) of state's checkpoint is held: it
//  was checked when it came first, and taking it again changes nothing.
static bool
s_held (imi_node_t *self, const char *state, const imi_note_checkpoint_t *checkpoint,
        const char *text)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_witnessed_note);
    if (!statement)
        return false;
    sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) checkpoint->size);
    sqlite3_bind_blob (statement, 3, checkpoint->root, IMI_HASH_BYTES, SQLITE_STATIC);
    bool held = sqlite3_step (statement) == SQLITE_ROW
             && strcmp ((const char *) sqlite3_column_text (statement, 0), text) == 0;
    sqlite3_reset (statement);
    return held;
}

//  A signed checkpoint of state's log: parsed and verified. 0, or -2. With
//  held, a note held byte for byte already sets *held and skips the
//  signature check (one per gossiping peer would cost more than the rest).
static int
s_verified (imi_node_t *self, const char *state, const char *text, imi_note_t **note,
            imi_note_checkpoint_t *checkpoint, bool *held)
{
    imi_note_key_t key;
    if (s_key (self, state, IMI_NOTE_TYPE_ED25519, &key))
        return imi_error_malformed ("%s", imi_error_last ());
    *note = imi_note_decode (text, strlen (text));
    if (!*note)
        return imi_error_malformed ("checkpoint: %s", imi_error_last ());
    size_t size;
    const char *body = imi_note_text (*note, &size);
    int rc = imi_note_checkpoint_parse (checkpoint, body, size);
    if (rc == 0 && strcmp (checkpoint->origin, key.name) != 0)
        rc = imi_error_set ("wrong origin");
    if (rc == 0 && held && (*held = s_held (self, state, checkpoint, text)))
        return 0;
    if (rc == 0)
        rc = imi_note_verify (*note, &key, 1, NULL);
    if (rc) {
        char reason [IMI_ERROR_MAX];
        snprintf (reason, sizeof reason, "checkpoint of %s: %s", state, imi_error_last ());
        imi_note_destroy (note);
        return imi_error_malformed ("%s", reason);
    }
    return 0;
}

//  If another root is held for this checkpoint's size, store the two as
//  evidence of equivocation. 1 if so, 0 if not, -1.
static int
s_evidence (imi_node_t *self, const char *state, const imi_note_checkpoint_t *checkpoint,
            const char *note, const char *via)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_witnessed_other_root);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) checkpoint->size);
    sqlite3_bind_blob (statement, 3, checkpoint->root, IMI_HASH_BYTES, SQLITE_STATIC);
    char *other = NULL;
    if (sqlite3_step (statement) == SQLITE_ROW)
        other = strdup ((const char *) sqlite3_column_text (statement, 0));
    sqlite3_reset (statement);
    if (!other)
        return 0;
    statement = imi_store_statement (self->store, s_equivocation_insert);
    int rc = statement? 0: -1;
    if (statement) {
        sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) checkpoint->size);
        sqlite3_bind_text (statement, 3, other, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 4, note, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 5, imi_node_now ());
        rc = imi_store_step_done (self->store, statement, "storing equivocation evidence");
    }
    if (rc == 0 && sqlite3_changes (imi_store_db (self->store)) == 1) {
        self->counters.values [IMI_COUNT_AUDIT_EQUIVOCATIONS]++;
        imi_log (IMI_LOG_ERROR, "audit.equivocation", "origin=%s size=%llu via=%s", state,
                 (unsigned long long) checkpoint->size, via);
    }
    free (other);
    return rc? -1: 1;
}

//  Keep a checkpoint of origin state as seen via a node ("-": seen, not
//  cosigned). 0 or -1.
static int
s_store (imi_node_t *self, const char *state, const imi_note_checkpoint_t *checkpoint,
         const char *note, const char *via)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_witnessed_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) checkpoint->size);
    sqlite3_bind_blob (statement, 3, checkpoint->root, IMI_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, note, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 5, via, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, imi_node_now ());
    return imi_store_step_done (self->store, statement, "storing a witnessed checkpoint");
}

//  Pass a checkpoint we cosigned to S_GOSSIP_FANOUT other connected peers,
//  chosen at random (all of them in a federation of up to five nodes). Every
//  witness does so at every checkpoint: an origin that shows two roots to two
//  groups of witnesses is caught unless no pick of any of them ever crosses
//  between the groups (docs/audit.md), while passing each checkpoint to all
//  peers would cost each of n nodes n^2 messages per round of checkpoints.
static void
s_gossip (imi_node_t *self, const char *origin_state, const char *note)
{
    imi_peer_t *chosen [IMI_MANIFEST_MAX_NODES];
    size_t count = 0;
    for (size_t index = 0; index < self->peer_count; index++) {
        imi_peer_t *peer = self->peers [index];
        if (peer->connected && strcmp (peer->node.state, origin_state) != 0)
            chosen [count++] = peer;
    }
    //  The first S_GOSSIP_FANOUT of a partial Fisher-Yates shuffle.
    for (size_t index = 0; index < count && index < S_GOSSIP_FANOUT; index++) {
        size_t pick = index + randombytes_uniform ((uint32_t) (count - index));
        imi_peer_t *swap = chosen [index];
        chosen [index] = chosen [pick];
        chosen [pick] = swap;
    }
    if (count > S_GOSSIP_FANOUT)
        count = S_GOSSIP_FANOUT;
    uint8_t *body;
    size_t body_size;
    if (count == 0 || imi_audit_gossip_encode (note, &body, &body_size))
        return;
    for (size_t index = 0; index < count; index++) {
        uint8_t *envelope;
        size_t envelope_size;
        if (imi_node_seal_unsequenced (self, chosen [index], IMI_TYPE_AUDIT_GOSSIP, body,
                                       body_size, &envelope, &envelope_size, NULL))
            continue;
        if (imi_peer_send (chosen [index], envelope, envelope_size) == 0) {
            self->counters.values [IMI_COUNT_SENT]++;
            self->counters.values [IMI_COUNT_AUDIT_GOSSIP_SENT]++;
        }
        free (envelope);
    }
    free (body);
}

//  Answer peer (on its connection) with our cosignature of its checkpoint
//  of size, whose signed note is note. 0 or -1.
static int
s_cosign_reply (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id, uint64_t size,
                imi_note_t *note)
{
    char origin [IMI_NOTE_ORIGIN_MAX + 1];
    char line [IMI_NOTE_COSIGNATURE_LINE_MAX + 1];
    size_t body_size;
    const char *body = imi_note_text (note, &body_size);
    uint8_t *reply, *envelope;
    size_t reply_size, envelope_size;
    if (s_origin (self, self->settings.state, origin)
    ||  imi_note_cosign (line, body, body_size, origin, (uint64_t) (imi_node_now () / 1000),
                         imi_identity_sign_secret (self->identity))
    ||  imi_audit_cosignature_encode (size, line, &reply, &reply_size))
        return -1;
    int rc = imi_node_seal_unsequenced (self, peer, IMI_TYPE_AUDIT_COSIGNATURE, reply,
                                        reply_size, &envelope, &envelope_size, NULL);
    if (rc == 0) {
        if (imi_node_router_send (self, routing_id, envelope, envelope_size) == 0)
            self->counters.values [IMI_COUNT_SENT]++;
        free (envelope);
    }
    free (reply);
    return rc;
}

//  The origin offered a proof from an older size than the checkpoint of its
//  log we cosigned last (held_note): our cosignature of that one never
//  reached it (lost, or it stopped before storing it). Send it again, so
//  that its next offer starts from the size we hold.
static void
s_cosign_again (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id, uint64_t held,
                const char *held_note)
{
    imi_note_t *note = imi_note_decode (held_note, strlen (held_note));
    if (!note || s_cosign_reply (self, peer, routing_id, held, note))
        imi_log (IMI_LOG_ERROR, "audit.error", "detail=\"cosigning %s's checkpoint %llu again: %s\"",
                 peer->node.state, (unsigned long long) held, imi_error_last ());
    imi_note_destroy (&note);
}

//  Was our database restored from a backup after since_ms? (Then what we
//  witnessed after the backup is lost to us.)
static bool
s_restored_since (imi_node_t *self, int64_t since_ms)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_our_restore);
    bool restored = false;
    if (statement && sqlite3_step (statement) == SQLITE_ROW
    &&  sqlite3_column_type (statement, 0) != SQLITE_NULL)
        restored = sqlite3_column_int64 (statement, 0) > since_ms;
    if (statement)
        sqlite3_reset (statement);
    return restored;
}

//  A log restored from a backup (its checkpoint says "imi-restored N") goes
//  on from a checkpoint we cosigned before the restore (the offer's
//  old_size, at most N) while we hold a later one of the branch it lost.
//  If the proof shows the offer extends that earlier checkpoint, we take
//  the new branch: the lost one stays as evidence, marked 'restored', and
//  the restore is logged. 1 taken, 0 not a declared restore (the usual
//  rules apply), -1 on a database error.
static int
s_restore_declared (imi_node_t *self, const char *state, const imi_note_checkpoint_t *checkpoint,
                    uint64_t old_size, uint64_t held,
                    uint8_t proof [IMI_AUDIT_PROOF_MAX][IMI_HASH_BYTES], size_t count)
{
    uint64_t restored_at;
    if (imi_note_checkpoint_restored (checkpoint, &restored_at) != 1
    ||  old_size >= held || old_size > restored_at)
        return 0;
    if (old_size > 0) {
        sqlite3_stmt *statement = imi_store_statement (self->store, s_witnessed_cosigned_at);
        if (!statement)
            return -1;
        sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 2, (sqlite3_int64) old_size);
        uint8_t base [IMI_HASH_BYTES];
        bool known = sqlite3_step (statement) == SQLITE_ROW;
        if (known)
            memcpy (base, sqlite3_column_blob (statement, 0), IMI_HASH_BYTES);
        sqlite3_reset (statement);
        if (!known
        ||  imi_merkle_verify_consistency (old_size, checkpoint->size, base, checkpoint->root,
                                           (const uint8_t (*) [IMI_HASH_BYTES]) proof, count))
            return 0;
    }
    sqlite3_stmt *statement = imi_store_statement (self->store, s_witnessed_abandon);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, (sqlite3_int64) old_size);
    if (imi_store_step_done (self->store, statement, "setting a restored log's lost branch aside"))
        return -1;
    imi_log (IMI_LOG_WARN, "audit.restore_witnessed", "origin=%s from_size=%llu restored_at=%llu "
             "lost_branch_size=%llu size=%llu", state, (unsigned long long) old_size,
             (unsigned long long) restored_at, (unsigned long long) held,
             (unsigned long long) checkpoint->size);
    return 1;
}

int
imi_witness_handle_checkpoint (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                               const uint8_t *plain, size_t plain_size)
{
    const char *state = peer->node.state;
    char *text;
    uint64_t old_size;
    uint8_t proof [IMI_AUDIT_PROOF_MAX][IMI_HASH_BYTES];
    size_t count;
    if (imi_audit_checkpoint_decode (&text, &old_size, proof, &count, plain, plain_size))
        return s_reject (self, peer, imi_error_last ());
    imi_note_t *note;
    imi_note_checkpoint_t checkpoint;
    if (s_verified (self, state, text, &note, &checkpoint, NULL)) {
        free (text);
        return s_reject (self, peer, imi_error_last ());
    }
    //  It must extend the latest checkpoint of this log we cosigned.
    sqlite3_stmt *statement = imi_store_statement (self->store, s_witnessed_latest);
    int rc = statement? 0: -1;
    const char *refusal = NULL, *benign = NULL;
    char reason [IMI_ERROR_MAX + 64];
    uint64_t held = 0;
    uint8_t held_root [IMI_HASH_BYTES];
    char *held_note = NULL;
    int64_t held_ms = 0;
    if (statement) {
        sqlite3_bind_text (statement, 1, state, -1, SQLITE_STATIC);
        if (sqlite3_step (statement) == SQLITE_ROW) {
            held = (uint64_t) sqlite3_column_int64 (statement, 0);
            memcpy (held_root, sqlite3_column_blob (statement, 1), IMI_HASH_BYTES);
            held_note = strdup ((const char *) sqlite3_column_text (statement, 2));
            held_ms = sqlite3_column_int64 (statement, 3);
        }
        sqlite3_reset (statement);
    }
    bool cosign_held = false;           //  the origin lacks our cosignature of held_note
    int restore = rc || !held_note? 0: s_restore_declared (self, state, &checkpoint, old_size,
                                                           held, proof, count);
    if (restore < 0)
        rc = -1;
    else
    if (restore == 0 && held_note) {
        //  Crossings with our own cosignature, not faults: the origin
        //  offers again, from the size we hold, at its next heartbeat.
        if (checkpoint.size < held)
            benign = refusal = "older than the checkpoint we hold";
        else
        if (old_size > held && s_restored_since (self, held_ms)) {
            //  We cosigned old_size, but our database, restored from a
            //  backup since, forgot it: taken as a first offer would be.
            imi_log (IMI_LOG_WARN, "audit.witness_resumed", "origin=%s held=%llu "
                     "offered_from=%llu size=%llu", state, (unsigned long long) held,
                     (unsigned long long) old_size, (unsigned long long) checkpoint.size);
        }
        else
        if (old_size != held) {
            benign = refusal = "its proof starts from another size than the one we hold";
            cosign_held = old_size < held;
        }
        else
        if (imi_merkle_verify_consistency (held, checkpoint.size, held_root, checkpoint.root,
                                           (const uint8_t (*) [IMI_HASH_BYTES]) proof, count)) {
            snprintf (reason, sizeof reason, "does not extend the checkpoint we hold: %s",
                      imi_error_last ());
            refusal = reason;
        }
    }
    //  Keep it either way: two roots for one size is evidence whoever sent
    //  it. Only a checkpoint we cosign becomes the one later ones must
    //  extend (via = the origin); the others are kept as seen (via "-").
    int conflict = rc? -1: s_evidence (self, state, &checkpoint, text, state);
    bool cosign = conflict == 0 && !refusal;
    if (conflict < 0 || s_store (self, state, &checkpoint, text, cosign? state: "-"))
        rc = -1;
    else
    if (benign) {
        imi_log (IMI_LOG_DEBUG, "audit.offer_skipped", "origin=%s size=%llu reason=\"%s\"",
                 state, (unsigned long long) checkpoint.size, benign);
        if (cosign_held)
            s_cosign_again (self, peer, routing_id, held, held_note);
    }
    else
    if (!cosign) {
        char detail [IMI_ERROR_MAX + 160];
        snprintf (detail, sizeof detail, "checkpoint of size %llu: %s",
                  (unsigned long long) checkpoint.size,
                  refusal? refusal: "another root was seen for this size");
        s_reject (self, peer, detail);
    }
    else
    if (s_cosign_reply (self, peer, routing_id, checkpoint.size, note) == 0) {
        self->counters.values [IMI_COUNT_AUDIT_WITNESSED]++;
        s_gossip (self, state, text);
    }
    imi_note_destroy (&note);
    free (held_note);
    free (text);
    return rc;
}

int
imi_witness_handle_cosignature (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                                const uint8_t *plain, size_t plain_size)
{
    (void) routing_id;                  //  an answer: it came on our DEALER
    uint64_t size;
    char *line;
    if (imi_audit_cosignature_decode (&size, &line, plain, plain_size))
        return s_reject (self, peer, imi_error_last ());
    sqlite3_stmt *statement = imi_store_statement (self->store, s_checkpoint_at);
    char *note_text = NULL;
    if (statement) {
        sqlite3_bind_int64 (statement, 1, (sqlite3_int64) size);
        if (sqlite3_step (statement) == SQLITE_ROW)
            note_text = strdup ((const char *) sqlite3_column_text (statement, 0));
        sqlite3_reset (statement);
    }
    imi_note_t *note = note_text? imi_note_decode (note_text, strlen (note_text)): NULL;
    imi_note_key_t witness;
    uint64_t timestamp;
    size_t body_size;
    const char *body = note? imi_note_text (note, &body_size): NULL;
    int rc = 0;
    if (!body)
        s_reject (self, peer, "cosignature of a checkpoint we did not make");
    else
    if (s_key (self, peer->node.state, IMI_NOTE_TYPE_COSIGNATURE, &witness)
    ||  imi_note_cosignature_verify (line, strlen (line), body, body_size, &witness,
                                     &timestamp))
        s_reject (self, peer, imi_error_last ());
    else
    if ((statement = imi_store_statement (self->store, s_cosignature_insert))) {
        sqlite3_bind_int64 (statement, 1, (sqlite3_int64) size);
        sqlite3_bind_text (statement, 2, peer->node.state, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 3, line, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 4, imi_node_now ());
        rc = imi_store_step_done (self->store, statement, "storing a cosignature");
        if (rc == 0) {
            self->counters.values [IMI_COUNT_AUDIT_COSIGNATURES]++;
            imi_log (IMI_LOG_INFO, "audit.cosigned", "size=%llu witness=%s",
                     (unsigned long long) size, peer->node.state);
        }
    }
    else
        rc = -1;
    imi_note_destroy (&note);
    free (note_text);
    free (line);
    return rc;
}

int
imi_witness_handle_gossip (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                           const uint8_t *plain, size_t plain_size)
{
    (void) routing_id;                  //  nothing is answered
    char *text;
    if (imi_audit_gossip_decode (&text, plain, plain_size))
        return s_reject (self, peer, imi_error_last ());
    //  Whose log? The origin line says; the signature must be that node's.
    char state [3] = "";
    imi_note_checkpoint_t checkpoint;
    imi_note_t *note = NULL;
    size_t line_end = strcspn (text, "\n");
    char origin [IMI_NOTE_ORIGIN_MAX + 1] = "";
    if (line_end <= IMI_NOTE_ORIGIN_MAX)
        snprintf (origin, sizeof origin, "%.*s", (int) line_end, text);
    int rc = 0;
    bool held = false;
    if (s_origin_state (self, origin, state)
    ||  s_verified (self, state, text, &note, &checkpoint, &held))
        s_reject (self, peer, imi_error_last ());
    else
    if (held)
        self->counters.values [IMI_COUNT_AUDIT_GOSSIP_HELD]++;
    else
    if (s_evidence (self, state, &checkpoint, text, peer->node.state) < 0
    ||  s_store (self, state, &checkpoint, text,
                 strcmp (peer->node.state, state) == 0? "-": peer->node.state))
        rc = -1;                    //  (an origin's own gossip is not witnessing)
    imi_note_destroy (&note);
    free (text);
    return rc;
}

//  ---------------------------------------------------------------------------
//  Status and export

//  The parts of audit status after the log, one query each: the member
//  of the answer it fills, and whether that is one object (or null) rather
//  than an array. Each row is the object's members, in order.
static const struct {
    const char *member;
    bool single;
    const char *sql;
} s_status_parts [] = {
    { "checkpoint", true,
      "SELECT c.size, lower (hex (c.root)), (SELECT json_group_array (witness) FROM (SELECT"
      " witness FROM audit_cosignatures s WHERE s.size = c.size ORDER BY witness))"
      " FROM audit_checkpoints c ORDER BY c.size DESC LIMIT 1" },
    { "witnessed", false,
      "SELECT origin, max (size), lower (hex (root)) FROM audit_witnessed WHERE via = origin"
      " GROUP BY origin ORDER BY origin" },
    { "equivocations", false,
      "SELECT origin, size, found_ms FROM audit_equivocations ORDER BY origin, size" },
};

//  A row of a status part as an object (NULL if out of memory).
static json_t *
s_status_row (size_t part, sqlite3_stmt *statement)
{
    const char *text [3];
    for (int column = 0; column < 3; column++) {
        text [column] = (const char *) sqlite3_column_text (statement, column);
        text [column] = text [column]? text [column]: "";
    }
    if (part == 0)
        return json_pack ("{s:I, s:s, s:o}", "size", (json_int_t) sqlite3_column_int64 (statement, 0),
                          "root", text [1], "cosigners", json_loads (text [2], 0, NULL));
    if (part == 1)
        return json_pack ("{s:s, s:I, s:s}", "origin", text [0],
                          "size", (json_int_t) sqlite3_column_int64 (statement, 1),
                          "root", text [2]);
    return json_pack ("{s:s, s:I, s:I}", "origin", text [0],
                      "size", (json_int_t) sqlite3_column_int64 (statement, 1),
                      "found_ms", (json_int_t) sqlite3_column_int64 (statement, 2));
}

int
imi_witness_status (imi_node_t *self, json_t **status)
{
    uint64_t size;
    uint8_t root [IMI_HASH_BYTES];
    *status = NULL;
    if (imi_audit_head (self->store, &size, root))
        return -1;
    char hex [IMI_HASH_BYTES * 2 + 1];
    imi_hex_encode (hex, root, IMI_HASH_BYTES);
    json_t *answer = json_pack ("{s:{s:s, s:I, s:s}}", "log", "origin", self->settings.state,
                                "size", (json_int_t) size, "root", hex);
    int rc = answer? 0: imi_error_set ("out of memory");
    for (size_t part = 0; rc == 0 && part < sizeof s_status_parts / sizeof s_status_parts [0];
         part++) {
        sqlite3_stmt *statement = imi_store_statement (self->store, s_status_parts [part].sql);
        if (!statement) {
            rc = -1;
            break;
        }
        json_t *value = s_status_parts [part].single? json_null (): json_array ();
        int step = SQLITE_DONE;
        while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
            json_t *row = s_status_row (part, statement);
            if (!row)
                rc = imi_error_set ("out of memory");
            else
            if (s_status_parts [part].single) {
                json_decref (value);
                value = row;
            }
            else
                json_array_append_new (value, row);
        }
        sqlite3_reset (statement);
        if (rc == 0 && step != SQLITE_DONE)
            rc = imi_store_error (self->store, "reading the audit status");
        if (json_object_set_new (answer, s_status_parts [part].member, value) && rc == 0)
            rc = imi_error_set ("out of memory");
    }
    if (rc)
        json_decref (answer);
    else
        *status = answer;
    return rc;
}

static int
s_write_file (const char *path, const void *data, size_t size)
{
    FILE *file = fopen (path, "wb");
    if (!file)
        return imi_error_malformed ("cannot write %s: %s", path, strerror (errno));
    bool ok = fwrite (data, 1, size, file) == size;
    if (fclose (file) || !ok)
        return imi_error_set ("cannot write %s", path);
    return 0;
}

//  The bundle is written in steps: origin and manifest.imi at once, then
//  the leaves S_EXPORT_LEAVES at a time, then the checkpoints
//  S_EXPORT_CHECKPOINTS at a time. It holds the log as it was when the
//  export began (size): leaves appended meanwhile, and checkpoints of them,
//  are left out, so the bundle is one consistent prefix of the log.
#define S_EXPORT_LEAVES         1024
#define S_EXPORT_CHECKPOINTS    64

static const char *s_export_leaves =
    "SELECT idx, leaf FROM audit_leaves WHERE idx >= ?1 AND idx < ?2 ORDER BY idx LIMIT ?3";
//  Each checkpoint with the witnesses' cosignature lines, after the cursor
static const char *s_export_checkpoints =
    "SELECT c.size, c.note, group_concat (s.line, '') FROM audit_checkpoints c"
    " LEFT JOIN audit_cosignatures s ON s.size = c.size WHERE c.size > ?1 AND c.size <= ?2"
    " GROUP BY c.size ORDER BY c.size LIMIT ?3";

struct _imi_witness_export_t {
    imi_store_t *store;                 //  not owned
    char dir [IMI_PATH_MAX + 1];        //  the bundle's folder
    FILE *leaves;                       //  open while leaves are written
    uint64_t size;                      //  the log's size when the export began
    uint64_t written;                   //  leaves written so far
    int64_t after_size;                 //  checkpoints written up to this size
    size_t checkpoints;                 //  checkpoints written so far
};

//  manifests/<version, 20 digits>.imi: every manifest the node held, so
//  that each leaf is checked with the keys of its time (docs/audit.md).
static int
s_export_manifest (void *context, uint64_t version, const uint8_t *data, size_t size)
{
    char path [IMI_PATH_MAX + 64];
    snprintf (path, sizeof path, "%s/manifests/%020" PRIu64 ".imi", (const char *) context,
              version);
    return s_write_file (path, data, size);
}

imi_witness_export_t *
imi_witness_export_new (imi_node_t *self, const char *dir)
{
    char path [IMI_PATH_MAX + 64];
    if (strlen (dir) > IMI_PATH_MAX) {
        imi_error_malformed ("the folder's name is longer than %d bytes", IMI_PATH_MAX);
        return NULL;
    }
    uint64_t size;
    uint8_t root [IMI_HASH_BYTES];
    char origin [IMI_NOTE_ORIGIN_MAX + 2];
    if (imi_audit_head (self->store, &size, root)
    ||  s_origin (self, self->settings.state, origin))
        return NULL;
    //  A new folder: files of an earlier export must not mix with this one's
    if (mkdir (dir, 0700)) {
        imi_error_malformed ("cannot create %s: %s%s", dir, strerror (errno),
                             errno == EEXIST? " (export into a new folder)": "");
        return NULL;
    }
    const char *folders [] = { "checkpoints", "manifests" };
    for (size_t index = 0; index < 2; index++) {
        snprintf (path, sizeof path, "%s/%s", dir, folders [index]);
        if (mkdir (path, 0700) && errno != EEXIST) {
            imi_error_malformed ("cannot create %s: %s", path, strerror (errno));
            return NULL;
        }
    }
    strcat (origin, "\n");
    snprintf (path, sizeof path, "%s/origin", dir);
    if (s_write_file (path, origin, strlen (origin)))
        return NULL;
    uint8_t *manifest;
    size_t manifest_size;
    if (imi_manifest_encode (imi_federation_manifest (self->federation), &manifest,
                             &manifest_size))
        return NULL;
    snprintf (path, sizeof path, "%s/manifest.imi", dir);
    int rc = s_write_file (path, manifest, manifest_size);
    free (manifest);
    if (rc || imi_rotation_each_manifest (self->store, s_export_manifest, (void *) dir))
        return NULL;
    imi_witness_export_t *export = calloc (1, sizeof *export);
    if (!export) {
        imi_error_set ("out of memory");
        return NULL;
    }
    export->store = self->store;
    snprintf (export->dir, sizeof export->dir, "%s", dir);
    export->size = size;
    export->after_size = -1;
    snprintf (path, sizeof path, "%s/leaves", dir);
    export->leaves = fopen (path, "wb");
    if (!export->leaves) {
        imi_error_malformed ("cannot write %s: %s", path, strerror (errno));
        imi_witness_export_destroy (&export);
    }
    return export;
}

void
imi_witness_export_destroy (imi_witness_export_t **self_p)
{
    imi_witness_export_t *self = *self_p;
    if (self) {
        if (self->leaves)
            fclose (self->leaves);
        free (self);
        *self_p = NULL;
    }
}

//  The next leaves, each behind its 4-byte big-endian length; the file is
//  closed after the last.
static int
s_export_leaves_step (imi_witness_export_t *self)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_export_leaves);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, (int64_t) self->written);
    sqlite3_bind_int64 (statement, 2, (int64_t) self->size);
    sqlite3_bind_int (statement, 3, S_EXPORT_LEAVES);
    int rc = 0, step, rows = 0;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        rows++;
        size_t size = (size_t) sqlite3_column_bytes (statement, 1);
        uint8_t length [4] = { (uint8_t) (size >> 24), (uint8_t) (size >> 16),
                               (uint8_t) (size >> 8), (uint8_t) size };
        if ((uint64_t) sqlite3_column_int64 (statement, 0) != self->written)
            rc = imi_error_set ("the audit log has no leaf %llu",
                                (unsigned long long) self->written);
        else
        if (fwrite (length, 1, 4, self->leaves) != 4
        ||  fwrite (sqlite3_column_blob (statement, 1), 1, size, self->leaves) != size)
            rc = imi_error_set ("cannot write %s/leaves", self->dir);
        else
            self->written++;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = imi_store_error (self->store, "reading the audit log");
    sqlite3_reset (statement);
    if (rc == 0 && self->written < self->size && rows < S_EXPORT_LEAVES)
        rc = imi_error_set ("the audit log has no leaf %llu", (unsigned long long) self->written);
    if (rc == 0 && self->written == self->size) {
        int closed = fclose (self->leaves);
        self->leaves = NULL;
        if (closed)
            rc = imi_error_set ("cannot write %s/leaves", self->dir);
    }
    return rc;
}

//  The next checkpoints, each with the witnesses' cosignature lines added.
static int
s_export_checkpoints_step (imi_witness_export_t *self, bool *done)
{
    sqlite3_stmt *statement = imi_store_statement (self->store, s_export_checkpoints);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, self->after_size);
    sqlite3_bind_int64 (statement, 2, (int64_t) self->size);
    sqlite3_bind_int (statement, 3, S_EXPORT_CHECKPOINTS);
    int rc = 0, step, rows = 0;
    while (rc == 0 && (step = sqlite3_step (statement)) == SQLITE_ROW) {
        rows++;
        self->after_size = sqlite3_column_int64 (statement, 0);
        const char *text = (const char *) sqlite3_column_text (statement, 1);
        const char *lines = (const char *) sqlite3_column_text (statement, 2);
        imi_note_t *note = text? imi_note_decode (text, strlen (text)): NULL;
        for (const char *line = lines; note && rc == 0 && line && *line; ) {
            size_t length = strcspn (line, "\n") + 1;
            if (imi_note_add_signature (note, line, length))
                rc = imi_error_set ("checkpoint %lld: a stored cosignature does not fit: %s",
                                    (long long) self->after_size, imi_error_last ());
            line += length;
        }
        char *encoded;
        size_t encoded_size;
        if (rc)
            ;
        else
        if (!note || imi_note_encode (note, &encoded, &encoded_size))
            rc = -1;
        else {
            char path [IMI_PATH_MAX + 64];
            snprintf (path, sizeof path, "%s/checkpoints/%020llu.note", self->dir,
                      (unsigned long long) self->after_size);
            rc = s_write_file (path, encoded, encoded_size);
            free (encoded);
            self->checkpoints += rc == 0;
        }
        imi_note_destroy (&note);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = imi_store_error (self->store, "reading the checkpoints");
    sqlite3_reset (statement);
    *done = rows < S_EXPORT_CHECKPOINTS;
    return rc;
}

int
imi_witness_export_step (imi_witness_export_t *self)
{
    bool done = false;
    int rc = self->leaves? s_export_leaves_step (self)
                         : s_export_checkpoints_step (self, &done);
    return rc? -1: done? 0: 1;
}

const char *
imi_witness_export_written (imi_witness_export_t *self, uint64_t *leaves, uint64_t *size,
                            size_t *checkpoints)
{
    *leaves = self->written;
    *size = self->size;
    *checkpoints = self->checkpoints;
    return self->dir;
}

//  ---------------------------------------------------------------------------
//  The witness module (imi_module.h)

static const imi_message_handler_t s_messages [] = {
    { .type = IMI_TYPE_AUDIT_CHECKPOINT, .handle = imi_witness_handle_checkpoint,
      .request = true },
    { .type = IMI_TYPE_AUDIT_COSIGNATURE, .handle = imi_witness_handle_cosignature },
    { .type = IMI_TYPE_AUDIT_GOSSIP, .handle = imi_witness_handle_gossip, .request = true },
    { 0 }
};

const imi_module_t imi_witness_module = {
    .name = "witness", .tick = imi_witness_tick, .messages = s_messages
};
