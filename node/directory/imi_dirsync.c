/*  imi_dirsync: how the directory travels between nodes. See imi_dirsync.h
    and docs/directory.md.
*/
#include "imi_dirsync.h"
#include "imi_search.h"
#include "imi_body_directory.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_outbox.h"

#include <stdlib.h>
#include <string.h>

#define S_ANSWER_BYTES  (96 * 1024)     //  entries in one DIR_ENTRIES answer, at most
#define S_ANSWER_WAIT_MS    1000       //  for entries, before asking the same peer again

//  Count what taking one directory entry did; a gap asks the sender for
//  what we miss (the next frontier exchange with it).
static void
s_directory_count (imi_node_t *self, imi_peer_t *peer, imi_directory_result_t result)
{
    static const imi_counter_t counters [] = {
        [IMI_DIRECTORY_APPLIED] = IMI_COUNT_DIRECTORY_APPLIED,
        [IMI_DIRECTORY_DUPLICATE] = IMI_COUNT_DIRECTORY_DUPLICATES,
        [IMI_DIRECTORY_GAP] = IMI_COUNT_DIRECTORY_GAPS,
        [IMI_DIRECTORY_FORK] = IMI_COUNT_DIRECTORY_FORKS,
        [IMI_DIRECTORY_FROZEN] = IMI_COUNT_DIRECTORY_FROZEN,
    };
    if (result == IMI_DIRECTORY_REJECTED)
        imi_node_reject (self, IMI_COUNT_REJECTED_DIRECTORY_ENTRY, peer->node.state, imi_error_last ());
    else
        self->counters.values [counters [result]]++;
    if (result == IMI_DIRECTORY_GAP)
        peer->frontier_wanted = true;
}

//  Take every entry of a list received from peer (inside the batch
//  transaction): how many were applied (new to us), or -1.
static int
s_directory_take (imi_node_t *self, imi_peer_t *peer, const imi_entry_list_t *entries)
{
    imi_manifest_t *manifest = imi_federation_manifest (self->federation);
    int64_t now = imi_node_now ();
    int applied = 0;
    for (size_t index = 0; index < entries->count; index++) {
        imi_directory_result_t result;
        if (imi_directory_accept (self->directory, manifest, peer->node.state,
                                  entries->data [index], entries->size [index], now, &result))
            return -1;
        s_directory_count (self, peer, result);
        applied += result == IMI_DIRECTORY_APPLIED;
    }
    return applied;
}

int
imi_dirsync_apply_push (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                        const uint8_t *plain, size_t plain_size)
{
    (void) view;
    imi_entry_list_t entries;
    if (imi_dir_push_decode (&entries, plain, plain_size))
        return -2;
    return s_directory_take (self, peer, &entries) < 0? -1: 0;
}

int
imi_dirsync_handle_entries (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                            const uint8_t *plain, size_t plain_size)
{
    (void) routing_id;                  //  an answer: it came on our DEALER
    imi_entry_list_t entries;
    bool more;
    if (imi_dir_entries_decode (&entries, &more, plain, plain_size)) {
        imi_node_reject (self, IMI_COUNT_REJECTED_MALFORMED, peer->node.state, imi_error_last ());
        return 0;
    }
    peer->frontier_answered = true;
    int applied = s_directory_take (self, peer, &entries);
    if (applied < 0)
        return -1;
    //  Ask for the next batch only if this one brought something new: when
    //  several peers serve us the same entries (a node that lost its
    //  database asks all of them at once), the copies that came second stop
    //  their stream, and the one that came first goes on. A stopped stream
    //  starts again at the next exchange with that peer.
    if (more && applied > 0)
        peer->frontier_wanted = true;
    if (!more)
        peer->frontier_ahead = false;   //  we hold all it held when it answered
    return 0;
}

//  A peer told us what it holds: remember it (lag), ask for what it has and
//  we lack, and answer with what we have and it lacks, on the same connection.
int
imi_dirsync_handle_frontier (imi_node_t *self, imi_peer_t *peer, zframe_t *routing_id,
                   const uint8_t *plain, size_t plain_size)
{
    imi_frontier_row_t rows [IMI_DIRECTORY_ORIGINS_MAX];
    size_t count;
    if (imi_dir_frontier_decode (rows, &count, plain, plain_size)) {
        imi_node_reject (self, IMI_COUNT_REJECTED_MALFORMED, peer->node.state, imi_error_last ());
        return 0;
    }
    //  A frontier is the peer's claim: only origins of the manifest are worth
    //  a row (a claim about anything else would create one per state code).
    imi_manifest_t *manifest = imi_federation_manifest (self->federation);
    size_t kept = 0;
    for (size_t index = 0; index < count; index++)
        if (imi_manifest_find (manifest, rows [index].origin))
            rows [kept++] = rows [index];
    count = kept;
    bool peer_ahead;
    if (imi_directory_note_frontier (self->directory, rows, count, &peer_ahead))
        return -1;
    peer->frontier_ahead = peer_ahead;
    if (peer_ahead)
        peer->frontier_wanted = true;
    imi_entry_list_t entries;
    uint8_t *storage;
    bool more;
    //  An answer is applied in one go by the loop that asked: at most
    //  S_ANSWER_BYTES (some 80 entries of a typical size), so that it never
    //  holds that loop for long; a peer that lacks more asks again (more).
    size_t limit = (size_t) self->settings.max_message_bytes / 2;
    if (limit > S_ANSWER_BYTES)
        limit = S_ANSWER_BYTES;
    //  Our own feed first: peers that serve one node at once (one that lost
    //  its database asks them all) then send it different entries.
    if (imi_directory_entries_for (self->directory, rows, count, limit, self->settings.state,
                                   &entries, &storage, &more))
        return -1;
    if (entries.count > 0 && self->settings.test_drop_dir_entries > 0) {
        self->settings.test_drop_dir_entries--;     //  fault injection: the answer is lost
        imi_log (IMI_LOG_WARN, "directory.answer_dropped", "to=%s entries=%zu",
                 peer->node.state, entries.count);
    }
    else
    if (entries.count > 0) {
        uint8_t *body, *envelope;
        size_t body_size, envelope_size;
        if (imi_dir_entries_encode (&entries, more, &body, &body_size) == 0) {
            if (imi_node_seal_unsequenced (self, peer, IMI_TYPE_DIR_ENTRIES, body, body_size,
                                    &envelope, &envelope_size, NULL) == 0) {
                imi_node_router_send (self, routing_id, envelope, envelope_size);
                free (envelope);
            }
            free (body);
        }
    }
    free (storage);
    return 0;
}

//  Is it time to send peer our frontier: every directory_sync_ms, and when
//  wanted (gap, "more", peer ahead, our import announced) unless our last
//  one is still waiting for its answer?
static bool
imi_dirsync_frontier_due (imi_node_t *self, imi_peer_t *peer, int64_t now)
{
    int64_t since = now - peer->last_frontier_ms;
    //  One question at a time: asked twice before the first answer, a peer
    //  sends the same entries twice. A peer that holds nothing we lack does
    //  not answer, hence the wait's bound. And a peer known to hold more than
    //  we do is asked again after that wait even when nothing else wants it:
    //  these messages are not sequenced, and a question or an answer lost
    //  with a connection must not leave us waiting for the periodic exchange
    //  (one answer every directory_sync_ms).
    return since >= self->settings.directory_sync_ms
        || (peer->frontier_wanted && (peer->frontier_answered || since >= S_ANSWER_WAIT_MS))
        || (peer->frontier_ahead && since >= S_ANSWER_WAIT_MS);
}

//  Send peer our frontier (on our DEALER); it answers with what we lack.
static void
imi_dirsync_send_frontier (imi_node_t *self, imi_peer_t *peer, int64_t now)
{
    imi_frontier_row_t rows [IMI_DIRECTORY_ORIGINS_MAX];
    size_t count;
    uint8_t *body, *envelope;
    size_t body_size, envelope_size;
    peer->last_frontier_ms = now;
    peer->frontier_wanted = false;
    peer->frontier_answered = false;
    if (imi_directory_frontier (self->directory, rows, &count)
    ||  imi_dir_frontier_encode (rows, count, &body, &body_size)) {
        imi_log (IMI_LOG_ERROR, "directory.error", "detail=\"%s\"", imi_error_last ());
        return;
    }
    if (imi_node_seal_unsequenced (self, peer, IMI_TYPE_DIR_FRONTIER, body, body_size, &envelope,
                            &envelope_size, NULL) == 0) {
        if (imi_peer_send (peer, envelope, envelope_size) == 0)
            self->counters.values [IMI_COUNT_SENT]++;
        else
            peer->frontier_wanted = true;       //  not connected: try at the next tick
        free (envelope);
    }
    free (body);
}

//  Push entries (count of them) to every peer, in DIR_PUSH messages of at
//  most IMI_DIRECTORY_BATCH_MAX entries and half the message size limit.
static int
s_push_entries (imi_node_t *self, uint8_t **entries, size_t *sizes, size_t count, int64_t now)
{
    size_t limit = (size_t) self->settings.max_message_bytes / 2;
    for (size_t first = 0; first < count;) {
        imi_entry_list_t list = { .count = 0 };
        size_t bytes = 0;
        while (first + list.count < count && list.count < IMI_DIRECTORY_BATCH_MAX
           &&  (list.count == 0 || bytes + sizes [first + list.count] <= limit)) {
            list.data [list.count] = entries [first + list.count];
            list.size [list.count] = sizes [first + list.count];
            bytes += list.size [list.count++];
        }
        uint8_t *body;
        size_t body_size;
        if (imi_dir_push_encode (&list, &body, &body_size))
            return -1;
        for (size_t index = 0; index < self->peer_count; index++)
            if (imi_outbox_enqueue (self->store, self->peers [index], self->identity,
                                    IMI_TYPE_DIR_PUSH, body, body_size, now)) {
                free (body);
                return -1;
            }
        free (body);
        first += list.count;
    }
    return 0;
}

int
imi_dirsync_publish (imi_node_t *self, imi_dirsync_source_fn *source, void *context,
                     size_t count, const char *authority_id, int must_exist)
{
    size_t total = source? count: 1;
    uint8_t **entries = calloc (total, sizeof *entries);
    size_t *sizes = calloc (total, sizeof *sizes);
    //  One authority at a time (160 KB each): an import step of 256 would
    //  otherwise hold 40 MB.
    imi_authority_t *authority = source? malloc (sizeof *authority): NULL;
    int64_t now = imi_node_now ();
    int rc = entries && sizes && (authority || !source)? imi_store_begin (self->store)
                                                       : imi_error_set ("out of memory");
    size_t made = 0;
    for (; rc == 0 && made < total; made++) {
        if (source && (rc = source (context, made, authority)))
            break;
        rc = imi_directory_publish (self->directory, authority, authority_id, must_exist, now,
                                    &entries [made], &sizes [made]);
        if (rc == -2 && source && total > 1) {
            char reason [IMI_ERROR_MAX];
            snprintf (reason, sizeof reason, "%s", imi_error_last ());
            imi_error_malformed ("authority %zu (%s): %s", made + 1, authority->id, reason);
        }
    }
    //  One authority added, updated or removed travels at once, pushed; an
    //  import step's entries are announced: each peer is sent our frontier
    //  and pulls what it lacks, instead of one stored copy per peer here.
    bool import = must_exist < 0;
    if (rc == 0 && !import)
        rc = s_push_entries (self, entries, sizes, total, now);
    rc = imi_node_commit (self, rc);
    if (rc == 0 && import)
        for (size_t index = 0; index < self->peer_count; index++)
            self->peers [index]->frontier_wanted = true;
    if (rc == 0) {
        self->counters.values [IMI_COUNT_DIRECTORY_APPLIED] += total;
        static const char *const operations [] = { "import", "add", "update" };
        imi_log (IMI_LOG_INFO, "directory.published", "entries=%zu op=%s", total,
                 source? operations [must_exist + 1]: "remove");
    }
    free (authority);
    for (size_t index = 0; entries && index < total; index++)
        free (entries [index]);
    free (entries);
    free (sizes);
    return rc? rc: (int) total;
}

//  ---------------------------------------------------------------------------
//  The directory module (imi_module.h)

static int
s_start (imi_node_t *node)
{
    node->directory = imi_directory_new (node->store, node->catalogue, node->identity);
    if (!node->directory)
        return -1;
    //  The search's own tables: the catalogue's names, and the index
    //  itself after a migration that rebuilt it.
    int64_t started = zclock_mono ();
    int rc = imi_store_begin (node->store);
    int indexed = rc? rc: imi_search_prepare (node->store, node->catalogue);
    if (rc == 0)
        rc = imi_store_finish (node->store, indexed < 0? indexed: 0);
    if (rc == 0 && indexed > 0)
        imi_log (IMI_LOG_INFO, "search.reindexed", "authorities=%d ms=%lld", indexed,
                 (long long) (zclock_mono () - started));
    return rc? -1: 0;
}

static void
s_stop (imi_node_t *node)
{
    imi_directory_destroy (&node->directory);
}

//  Each connected peer is asked what it holds when a question is due.
static void
s_tick (imi_node_t *node, int64_t now)
{
    for (size_t index = 0; index < node->peer_count; index++) {
        imi_peer_t *peer = node->peers [index];
        if (peer->connected && imi_dirsync_frontier_due (node, peer, now))
            imi_dirsync_send_frontier (node, peer, now);
    }
}

//  A peer that comes up may hold what we missed while it was away.
static void
s_peer_connected (imi_node_t *node, imi_peer_t *peer)
{
    (void) node;
    peer->frontier_wanted = true;
}

//  Our own push, returned after our database was restored: nothing to do
//  here. Our feed comes back whole from the peers' frontiers (every node
//  holds every origin's feed, ours too), entry by entry in order, which is
//  how the directory recovers from any loss (docs/directory.md).
static int
s_own_push (imi_node_t *node, imi_peer_t *peer, const imi_envelope_view_t *view,
            const uint8_t *plain, size_t plain_size)
{
    (void) node, (void) view, (void) plain, (void) plain_size;
    peer->frontier_wanted = true;
    return 0;
}

static const imi_message_handler_t s_messages [] = {
    { .type = IMI_TYPE_DIR_PUSH, .apply = imi_dirsync_apply_push, .own = s_own_push },
    { .type = IMI_TYPE_DIR_FRONTIER, .handle = imi_dirsync_handle_frontier, .request = true },
    { .type = IMI_TYPE_DIR_ENTRIES, .handle = imi_dirsync_handle_entries },
    { 0 }
};

//  A reader's directory reads its own connection (the search's statements
//  and scratch space are per directory), where the search's ranking
//  function is registered.
static int
s_reader_open (imi_node_t *node, imi_node_t *reader)
{
    (void) node;
    reader->directory = imi_directory_new (reader->store, reader->catalogue, reader->identity);
    return reader->directory && imi_search_prepare (reader->store, reader->catalogue) >= 0
         ? 0: -1;
}

static void
s_reader_close (imi_node_t *reader)
{
    imi_directory_destroy (&reader->directory);
}

const imi_module_t imi_directory_module = {
    .name = "directory", .start = s_start, .stop = s_stop, .tick = s_tick,
    .peer_connected = s_peer_connected, .messages = s_messages,
    .reader_open = s_reader_open, .reader_close = s_reader_close
};
