/*  Unit test: the SQL of durable delivery (imi_outbox, imi_inbox) on a real
    SQLite file: sequence numbers, receipts checked hash by hash, cumulative
    and replayed receipts, in-order classification, stored receipts found
    again for duplicates, and rollback leaving nothing behind.
*/
#include "imi_body_delivery.h"
#include "imi_error.h"
#include "imi_inbox.h"
#include "imi_keys.h"
#include "imi_outbox.h"
#include "imi_audit.h"
#include "imi_schema.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t s_sent [8][IMI_HASH_BYTES];     //  header hashes of what we enqueued

static int
s_collect (void *context, uint64_t seq, const uint8_t *envelope, size_t size)
{
    imi_envelope_view_t view;
    assert (imi_envelope_decode (&view, envelope, size) == 0);
    assert (view.header.seq == seq);
    imi_envelope_header_hash (&view, s_sent [seq]);
    (*(int *) context)++;
    return 0;
}

//  Build a receipt for first..last naming the hashes we sent (optionally one wrong).
static imi_identity_t *s_identity;     //  signs the receipts the tests make

static int
s_receipt (imi_store_t *store, imi_peer_t *peer, uint64_t first, uint64_t last, int corrupt)
{
    uint8_t hashes [8 * IMI_HASH_BYTES];
    for (uint64_t seq = first; seq <= last; seq++)
        memcpy (hashes + (seq - first) * IMI_HASH_BYTES, s_sent [seq], IMI_HASH_BYTES);
    if (corrupt)
        hashes [0] ^= 1;
    imi_receipt_t receipt = { first, last, (uint32_t) (last - first + 1), hashes, 0, NULL };
    //  A real envelope carries it: the store logs its header and signature.
    uint8_t *plain, *envelope;
    size_t plain_size, envelope_size;
    assert (imi_receipt_encode (&receipt, IMI_PROTOCOL_VERSION, &plain, &plain_size) == 0);
    imi_header_t header = { .version = IMI_PROTOCOL_VERSION, .type = IMI_TYPE_RECEIPT,
                            .from = "FR", .to = "DE", .timestamp_ms = 1000 };
    imi_random (header.message_id, sizeof header.message_id);
    assert (imi_envelope_seal (&envelope, &envelope_size, &header, plain, plain_size,
                               peer->shared_key, imi_identity_sign_secret (s_identity),
                               NULL) == 0);
    free (plain);
    assert (imi_store_begin (store) == 0);
    imi_receipt_outcome_t outcome;
    int rc = imi_outbox_accept_receipt (store, peer, &receipt, envelope, envelope_size, 1000,
                                        &outcome);
    free (envelope);
    if (rc < 0)
        assert (imi_store_rollback (store) == 0);
    else
        assert (imi_store_commit (store) == 0);
    return rc < 0? rc: outcome.delivered;
}

int
main (void)
{
    assert (imi_crypto_init () == 0);
    char folder [] = "/tmp/imi-delivery-XXXXXX";
    assert (mkdtemp (folder));
    assert (imi_identity_generate (folder, "DE") == 0);
    imi_identity_t *identity = imi_identity_load (folder);
    assert (identity);
    s_identity = identity;
    char path [256];
    snprintf (path, sizeof path, "%s/node.db", folder);
    imi_store_t *store = imi_schema_open (path);
    assert (store);

    imi_peer_t peer = { .node = { .state = "FR" } };
    peer.shared_key = sodium_malloc (IMI_BOX_SHARED_BYTES);
    imi_random (peer.shared_key, IMI_BOX_SHARED_BYTES);
    assert (imi_outbox_load_link (store, &peer) == 0);
    assert (peer.next_out_seq == 1 && peer.acked_out_seq == 0 && peer.cursor == 1);

    //  A rolled-back enqueue leaves no row and, reloaded, no sequence gap.
    uint8_t *plain;
    size_t plain_size;
    assert (imi_text_encode ("hello", &plain, &plain_size) == 0);
    assert (imi_store_begin (store) == 0);
    assert (imi_outbox_enqueue (store, &peer, identity, IMI_TYPE_TEXT, plain, plain_size, 1) == 0);
    assert (imi_store_rollback (store) == 0);
    assert (imi_outbox_load_link (store, &peer) == 0);
    assert (peer.next_out_seq == 1);

    //  Five messages, seq 1..5, in order.
    assert (imi_store_begin (store) == 0);
    for (int index = 0; index < 5; index++)
        assert (imi_outbox_enqueue (store, &peer, identity, IMI_TYPE_TEXT, plain, plain_size,
                                    100 + index) == 0);
    assert (imi_store_commit (store) == 0);
    assert (peer.next_out_seq == 6);
    int count = 0;
    assert (imi_outbox_each (store, "FR", 1, 100, s_collect, &count) == 5 && count == 5);
    int64_t depth, oldest_ms;
    assert (imi_outbox_backlog (store, &peer, &depth, &oldest_ms) == 0);
    assert (depth == 5 && oldest_ms == 100);

    //  Receipts that do not match what we sent change nothing.
    assert (s_receipt (store, &peer, 1, 2, 1) == -2);
    assert (strstr (imi_error_last (), "did not send"));
    //  One beyond what we sent is a conflict at that seq, as a hash that
    //  differs is (our database restored without the repair gives it).
    assert (s_receipt (store, &peer, 4, 6, 0) == -2);
    assert (strstr (imi_error_last (), "first difference at seq 6; we sent up to 5"));
    assert (peer.acked_out_seq == 0);

    //  A receipt for 2..3 is cumulative: 1..3 delivered; replaying it does nothing.
    assert (s_receipt (store, &peer, 2, 3, 0) == 3);
    assert (peer.acked_out_seq == 3);
    assert (imi_outbox_backlog (store, &peer, &depth, &oldest_ms) == 0);
    assert (depth == 2 && oldest_ms == 103);
    assert (s_receipt (store, &peer, 2, 3, 0) == 0);
    assert (s_receipt (store, &peer, 4, 5, 0) == 2);
    assert (imi_outbox_backlog (store, &peer, &depth, &oldest_ms) == 0);
    assert (depth == 0 && oldest_ms == 0);
    imi_outbox_load_link (store, &peer);
    assert (peer.acked_out_seq == 5 && peer.next_out_seq == 6);

    //  The receiving side, on the same database (a link FR -> DE is "DE" here
    //  reusing the envelopes addressed to FR: the inbox looks only at seq and id).
    imi_peer_t from = { .node = { .state = "PL" } };
    assert (imi_outbox_load_link (store, &from) == 0);
    uint8_t *envelopes [6] = { 0 };
    size_t sizes [6];
    sqlite3_stmt *statement = imi_store_statement (store,
        "SELECT seq, envelope FROM outbox WHERE peer = 'FR' ORDER BY seq");
    while (sqlite3_step (statement) == SQLITE_ROW) {
        int seq = sqlite3_column_int (statement, 0);
        sizes [seq] = (size_t) sqlite3_column_bytes (statement, 1);
        envelopes [seq] = malloc (sizes [seq]);
        memcpy (envelopes [seq], sqlite3_column_blob (statement, 1), sizes [seq]);
    }
    sqlite3_reset (statement);
    imi_envelope_view_t views [6];
    for (int seq = 1; seq <= 5; seq++)
        assert (imi_envelope_decode (&views [seq], envelopes [seq], sizes [seq]) == 0);

    imi_inbox_class_t kind;
    assert (imi_inbox_classify (store, "PL", &views [2], &kind) == 0 && kind == IMI_INBOX_GAP);
    assert (imi_inbox_classify (store, "PL", &views [1], &kind) == 0 && kind == IMI_INBOX_NEXT);
    assert (imi_store_begin (store) == 0);
    assert (imi_inbox_record (store, "PL", &views [1], envelopes [1], sizes [1], 5, NULL, NULL) == 0);
    assert (imi_inbox_record (store, "PL", &views [2], envelopes [2], sizes [2], 5, "bad_body",
                              "bad body") == 0);
    //  Recording out of order is refused and writes nothing (no hole in the link).
    assert (imi_inbox_record (store, "PL", &views [4], envelopes [4], sizes [4], 5, NULL, NULL) == -1);
    statement = imi_store_statement (store, "SELECT count(*) FROM inbox WHERE peer = 'PL'");
    assert (sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_int (statement, 0) == 2);
    sqlite3_reset (statement);
    uint8_t hashes [2 * IMI_HASH_BYTES];
    imi_refusal_t refused [2];
    uint32_t refused_count;
    assert (imi_inbox_hashes (store, "PL", 1, 2, hashes, refused, &refused_count) == 0);
    assert (memcmp (hashes, s_sent [1], IMI_HASH_BYTES) == 0);
    assert (memcmp (hashes + IMI_HASH_BYTES, s_sent [2], IMI_HASH_BYTES) == 0);
    //  The refused one, for a version 2 receipt: its seq, kind and reason.
    assert (refused_count == 1 && refused [0].seq == 2);
    assert (strcmp (refused [0].kind, "bad_body") == 0);
    assert (strcmp (refused [0].reason, "bad body") == 0);
    assert (imi_inbox_hashes (store, "PL", 1, 3, hashes, NULL, NULL) == -1);
    //  (any envelope stands for the receipt here: the store keeps its bytes)
    assert (imi_inbox_store_receipt (store, "PL", 1, 2, envelopes [5], sizes [5], 5) == 0);
    assert (imi_store_commit (store) == 0);

    assert (imi_inbox_classify (store, "PL", &views [1], &kind) == 0 && kind == IMI_INBOX_DUPLICATE);
    //  Another message claiming an applied seq is a conflict, not a duplicate.
    imi_envelope_view_t impostor = views [3];
    impostor.header.seq = 2;
    assert (imi_inbox_classify (store, "PL", &impostor, &kind) == 0 && kind == IMI_INBOX_CONFLICT);
    assert (imi_inbox_classify (store, "PL", &views [3], &kind) == 0 && kind == IMI_INBOX_NEXT);

    uint8_t *receipt;
    size_t receipt_size;
    assert (imi_inbox_find_receipt (store, "PL", 2, &receipt, &receipt_size) == 0);
    assert (receipt_size == sizes [5] && memcmp (receipt, envelopes [5], sizes [5]) == 0);
    free (receipt);
    assert (imi_inbox_find_receipt (store, "PL", 3, &receipt, &receipt_size) == 1);

    //  A receipt's reasons are at most 256 bytes of UTF-8, whatever was
    //  recorded: cut at a character boundary (rolled back after: the audit
    //  log below does not hold this one).
    assert (imi_store_begin (store) == 0);
    char long_reason [401];
    for (int index = 0; index < 200; index++)
        memcpy (long_reason + 2 * index, "\xc3\xa9", 2);
    long_reason [400] = 0;
    assert (imi_inbox_record (store, "PL", &views [3], envelopes [3], sizes [3], 5, "malformed",
                              long_reason) == 0);
    uint8_t three [3 * IMI_HASH_BYTES];
    imi_refusal_t reasons [3];
    assert (imi_inbox_hashes (store, "PL", 1, 3, three, reasons, &refused_count) == 0);
    assert (refused_count == 2 && reasons [1].seq == 3);
    assert (strlen (reasons [1].reason) == 256 && strncmp (reasons [1].reason, long_reason, 256) == 0);
    //  Shifted by one byte, a cut at 256 would split a character: 255 kept.
    assert (imi_store_rollback (store) == 0);
    assert (imi_store_begin (store) == 0);
    long_reason [0] = 'x';
    memmove (long_reason + 1, long_reason + 2, 399);
    assert (imi_inbox_record (store, "PL", &views [3], envelopes [3], sizes [3], 5, "malformed",
                              long_reason) == 0);
    assert (imi_inbox_hashes (store, "PL", 1, 3, three, reasons, &refused_count) == 0);
    assert (strlen (reasons [1].reason) == 255);
    assert (imi_store_rollback (store) == 0);

    //  The audit log holds every sequenced envelope sent (0-4; the rolled-back
    //  one not), each receipt taken, once (5, 6: a replayed one is not
    //  logged again), the two recorded (7, 8: one refused, with why) and the
    //  receipt we stored (9): 10 leaves, whose root is the RFC 9162 root of
    //  their hashes.
    uint64_t log_size;
    uint8_t root [IMI_HASH_BYTES], expected [IMI_HASH_BYTES], leaf_hashes [16][IMI_HASH_BYTES];
    assert (imi_audit_head (store, &log_size, root) == 0);
    assert (log_size == 10);
    for (uint64_t index = 0; index < log_size; index++) {
        uint8_t *leaf;
        size_t leaf_size;
        assert (imi_audit_leaf (store, index, &leaf, &leaf_size) == 0);
        imi_merkle_leaf_hash (leaf, leaf_size, leaf_hashes [index]);
        imi_leaf_t decoded;
        assert (imi_leaf_decode (&decoded, leaf, leaf_size) == 0);
        assert (decoded.kind == (index < 5 || index == 9? IMI_LEAF_SENT: IMI_LEAF_RECEIVED));
        if (index == 8)
            assert (strcmp (decoded.note, "bad body") == 0);
        free (leaf);
    }
    imi_merkle_root_of_leaves ((const uint8_t (*) [IMI_HASH_BYTES]) leaf_hashes, log_size,
                               expected);
    assert (memcmp (root, expected, IMI_HASH_BYTES) == 0);
    uint64_t found;
    assert (imi_audit_find (store, views [2].header.message_id, &found) == 0 && found == 1);

    for (int seq = 1; seq <= 5; seq++)
        free (envelopes [seq]);
    free (plain);
    sodium_free (peer.shared_key);
    imi_store_destroy (&store);
    imi_identity_destroy (&identity);
    char command [300];
    snprintf (command, sizeof command, "rm -rf %s", folder);
    assert (system (command) == 0);
    printf ("test_delivery_store: OK\n");
    return 0;
}
