/*  imi_node_internal: the node's state, and the narrow interface through
    which the subsystems (imi_module.h) reach the core: the batch
    transaction, the peer lookup, the clocks, sealing and answering.
    It includes no subsystem's header: the shared services the domains
    keep here (catalogue, directory, repository, translation) are opaque
    to the core, opened and closed by their own modules.
*/
#ifndef IMI_NODE_INTERNAL_H
#define IMI_NODE_INTERNAL_H

#include "imi_counters.h"
#include "imi_federation.h"
#include "imi_keys.h"
#include "imi_module.h"
#include "imi_node.h"
#include "imi_peer.h"
#include "imi_poll.h"
#include "imi_store.h"
#include "imi_transport.h"

#include <czmq.h>
#include <jansson.h>
#include <stdbool.h>

#define IMI_PENDING_PINGS_MAX 256

//  A PING waiting for its PONG; client is set when `imictl ping` asked.
typedef struct {
    bool used;
    uint8_t id [IMI_MESSAGE_ID_BYTES];
    char state [3];
    int64_t sent_ms;
    zframe_t *client;                   //  control routing id to answer, or NULL
} imi_pending_ping_t;

//  A long control command running in steps (its module's step hook).
typedef struct _imi_job_t imi_job_t;

#define IMI_MODULES_MAX 32

//  The group: received messages applied in one transaction that stays open
//  across turns of the loop, so that one commit (one fsync, one receipt per
//  peer) serves many messages while the loop still gets back to pings,
//  timers and imictl every slice. See imi_node.c.
typedef struct {
    bool open;                          //  a transaction is open for it
    int64_t started_ms;                 //  when it began (monotonic)
    int messages;                       //  messages read into it
    int64_t arrived_us;                 //  when the last message came (monotonic; any group)
    int64_t gap_us;                     //  the average time between messages (a moving one)
    zlist_t *routing_ids;               //  zframe_t *: where each deferred send goes
    zlist_t *payloads;                  //  zchunk_t *: what goes, after the commit
} imi_group_t;

struct _imi_node_t {
    imi_settings_t settings;
    imi_identity_t *identity;           //  our keys (modules hold this pointer: a key switch
                                        //  swaps its contents, imi_rotation)
    imi_identity_t *next_identity;      //  keys made ahead of a rotation, or NULL
    imi_identity_t *previous_identity;  //  keys used before the last switch, or NULL
    imi_store_t *store;
    imi_federation_t *federation;
    imi_transport_t *transport;
    const imi_module_t *const *modules; //  the subsystems, NULL-terminated (imi_module.h)
    size_t modules_started;             //  how many started (stopped in reverse)
    //  Shared services of the domains, opened by their modules:
    struct _imi_catalogue_t *catalogue;     //  legal areas and procedures
    struct _imi_directory_t *directory;     //  the replicated directory of authorities
    struct _imi_translate_t *translate;     //  machine translation of free text (its worker)
    struct _imi_repository_t *repository;   //  notification procedures and registers
    struct _imi_http_t *http;               //  the HTTP API's server, or NULL when off
    struct _imi_logins_t *logins;           //  password logins' worker (node/control)
    struct _imi_readers_t *readers;         //  the API's reads beside the loop (node/control)
    imi_peer_t *peers [IMI_MANIFEST_MAX_NODES];     //  every other state in the manifest
    size_t peer_count;
    zsock_t *control;                   //  ROUTER for imictl, ipc:// in data_dir
    imi_poll_t *poll;                   //  every socket the loop reads (imi_poll)
    bool poller_stale;                  //  the set of sockets changed: rebuild it
    int poll_router, poll_control, poll_router_monitor;
    int poll_module [IMI_MODULES_MAX];  //  each module's socket, by module index (-1: none)
    int poll_dealer [IMI_MANIFEST_MAX_NODES];   //  each peer's DEALER, by peer index
    int poll_monitor [IMI_MANIFEST_MAX_NODES];  //  ... and its monitor (-1: none)
    imi_counters_t counters;
    imi_group_t group;                  //  received messages not yet committed
    size_t receive_first;               //  which socket s_receive reads first
    imi_job_t *job;                     //  a long control command running in steps
    zlist_t *held_replies;              //  control replies held (zmsg_t), not sent: the
                                        //  loop's while a batch is open, until its commit;
                                        //  a reader's view's always, for the reader to take
    int64_t logged_ms [IMI_COUNT_LIMIT];    //  last log line per counter (rate limit)
    imi_pending_ping_t pings [IMI_PENDING_PINGS_MAX];
    int64_t started_ms;
    int64_t last_checkpoint_ms;         //  when the witness module last considered a checkpoint
    int64_t last_retention_ms;          //  when the retention job last ran (0: run it
                                        //  when no long command runs)
    int64_t last_changes_prune_ms;      //  when the change feed was last pruned
    bool stopping;
    bool reader;                        //  a reader's view of the node (imi_node_reader_new)
    int lock_fd;                        //  flock on data_dir/node.lock: one node per folder
};

//  Milliseconds since 1970 UTC (wall clock): envelope timestamps and times
//  stored in the database.
int64_t imi_node_now (void);

//  Milliseconds on a monotonic clock: timers and ages kept in memory, which
//  must not jump when the wall clock is set.
int64_t imi_node_clock (void);

//  Peer of state, or NULL.
imi_peer_t *imi_node_peer (imi_node_t *self, const char *state);

//  The handler of a message type from the modules' tables, or NULL.
const imi_message_handler_t *imi_node_handler (imi_node_t *self, uint32_t type);

//  Send a PING to peer; if client is given (consumed), answer it on PONG.
//  0, or -1 if the peer is not connected (reason set).
int imi_node_ping (imi_node_t *self, imi_peer_t *peer, zframe_t **client);

//  Offer an encoded manifest: 1 accepted (peers updated), 0 already held, -1 refused.
int imi_node_offer_manifest (imi_node_t *self, const uint8_t *data, size_t size,
                             const char *source);

//  Bring peers and transport in line with the held manifest: the open group
//  committed, peers added, removed, or made again when their keys changed
//  (all of them if rekey: our own keys changed), zauth restarted, and the
//  ROUTER bound again if a peer was cut off or rekey.
void imi_node_apply_manifest (imi_node_t *self, bool rekey);

//  Count a rejection of a peer's bytes and log it (rate-limited per reason).
void imi_node_reject (imi_node_t *self, imi_counter_t reason, const char *from,
                      const char *detail);

//  Seal and sign an unsequenced envelope of type for peer into *out
//  (malloc'd); message_id (may be NULL) receives its id. 0 or -1.
int imi_node_seal_unsequenced (imi_node_t *self, imi_peer_t *peer, uint32_t type,
                               const uint8_t *plain, size_t plain_size, uint8_t **out,
                               size_t *out_size, uint8_t *message_id);

//  Send bytes back to a client of our ROUTER (routing_id). 0 or -1.
int imi_node_router_send (imi_node_t *self, zframe_t *routing_id, const uint8_t *data,
                          size_t size);

//  End a transaction begun for a local action whose result is rc: commit
//  if rc is 0, else roll back (and reload the links' counters, which queued
//  messages moved) keeping the reason. 0, or -2 (bad input) / -1 as rc was,
//  -1 if the commit failed.
int imi_node_commit (imi_node_t *self, int rc);

//  Commit the group of received messages, if one is open, and send its
//  receipts (a rollback on failure is logged). Whatever begins a
//  transaction of its own, or reads what only a commit makes true, calls
//  this first; the loop does it before every control command.
void imi_node_settle (imi_node_t *self);

//  Reload every peer's link counters from the database (after a rollback).
void imi_node_reload_links (imi_node_t *self);

//  The in-process endpoint the control socket also listens on (for the
//  node's HTTP server, node/http), into endpoint (size bytes).
void imi_node_control_inproc (imi_node_t *self, char *endpoint, size_t size);

//  A reader's view of node, for a thread that answers control requests
//  that only read (node/control/imi_readers): the node's settings and
//  modules, its own read-only connection of the node's database, and what
//  each module lends it (imi_module_t reader_open), its control socket
//  (where imi_node_reply answers) the reader's own, set by that thread.
//  No peers, no group, no transport: a domain function that would write
//  refuses with IMI_ERROR_WRITER on the read-only store. Made at start, in
//  the loop's thread; NULL on failure (reason set).
imi_node_t *imi_node_reader_new (imi_node_t *node);

//  Undo imi_node_reader_new; safe on NULL.
void imi_node_reader_destroy (imi_node_t **reader_p);

//  Reply to a control client: status "ok"/"error"/"progress" then lines
//  (consumed).
void imi_node_reply (imi_node_t *self, zframe_t **client_p, const char *status,
                     zlist_t *lines);

//  Send a control reply, [client, status, ...] (consumed), or hold it until
//  the batch of control requests it answers has committed (imi_node_run).
void imi_node_reply_send (imi_node_t *self, zmsg_t **reply_p);

//  Reply "ok" to a control client with a result that is data: value
//  (consumed) as one line of JSON; "error" if it is NULL (out of memory).
void imi_node_reply_value (imi_node_t *self, zframe_t **client_p, json_t *value);

#endif
