/*  imi_module: what a subsystem hands the loop.

    The core (this folder) knows no domain. Each subsystem describes itself
    in one imi_module_t: the message types it handles, what it opens at
    start and closes at stop, its timers, and a socket it wants read. The
    program gives imi_node_new the list (node/control/imi_modules.c); the
    loop walks it. A new message type is a row in its subsystem's table,
    not an edit of the loop (docs/modules.md lists the files it touches).

    The narrow interface back into the core is imi_node_internal.h: the
    batch transaction (imi_node_commit, imi_node_settle), the peer lookup
    (imi_node_peer), the clocks (imi_node_now, imi_node_clock), queueing
    and sealing (imi_outbox, imi_node_seal_unsequenced, imi_node_router_send)
    and the answer to a control client (imi_node_reply).
*/
#ifndef IMI_MODULE_H
#define IMI_MODULE_H

#include "imi_envelope.h"
#include "imi_peer.h"

#include <czmq.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct _imi_node_t imi_node_t;

//  Apply a sequenced message inside the group's transaction (it is then
//  receipted): 0 applied, -2 refused (reason set: recorded, receipted as
//  refused), -1 a database error (the group rolls back).
typedef int (imi_apply_fn) (imi_node_t *node, imi_peer_t *peer, const imi_envelope_view_t *view,
                            const uint8_t *plain, size_t plain_size);

//  Handle an unsequenced message; routing_id is the connection a request
//  came in on (answer there), NULL for an answer that came on our DEALER.
//  0, or -1 on a database error.
typedef int (imi_handle_fn) (imi_node_t *node, imi_peer_t *peer, zframe_t *routing_id,
                             const uint8_t *plain, size_t plain_size);

typedef struct {
    uint32_t type;                      //  IMI_TYPE_*; 0 ends a table
    imi_apply_fn *apply;                //  sequenced types: how to apply it
    //  Sequenced types: how to apply one of our own messages to peer that
    //  peer returned after our database was restored from a backup (its
    //  effect here was lost with the database; docs/delivery.md). NULL:
    //  not restored (logged, counted recovery_lost). A type whose sending
    //  leaves nothing on our side but the outbox says so with a hook that
    //  does nothing.
    imi_apply_fn *own;
    imi_handle_fn *handle;              //  unsequenced types: how to handle it
    bool request;                       //  unsequenced: comes on our ROUTER (a request),
                                        //  else on our DEALER (an answer)
} imi_message_handler_t;

typedef struct _imi_module_t {
    const char *name;
    //  After the database is open, before the sockets: 0, or -1 (reason
    //  set) and the node does not start. Modules start in list order.
    int (*start) (imi_node_t *node);
    //  At destruction, in reverse order; also after a failed start.
    void (*stop) (imi_node_t *node);
    //  Every tick (50 ms), between groups: may read and write the store.
    void (*tick) (imi_node_t *node, int64_t now);
    //  A peer came up (after a silence, or for the first time).
    void (*peer_connected) (imi_node_t *node, imi_peer_t *peer);
    //  A socket the loop reads for the module (a zsock_t or zactor_t; NULL:
    //  none), and what to do when it is readable (the group is committed
    //  first).
    void *(*socket) (imi_node_t *node);
    void (*readable) (imi_node_t *node);
    //  A control request (the control endpoint's module), and the next
    //  step of the long command in progress (node->job).
    void (*request) (imi_node_t *node, zmsg_t **request_p);
    void (*step) (imi_node_t *node);
    //  May this control request (as request receives it) join a batch of
    //  others in one transaction (imi_node_run)? Only a change the
    //  database holds whole, answered at once, whose answer may wait for
    //  the batch's commit. NULL: none may.
    bool (*request_batches) (imi_node_t *node, zmsg_t *request);
    const imi_message_handler_t *messages;  //  NULL, or ended by type 0
    //  Within a transaction: our message to peer at seq is now numbered
    //  new_seq (the repair of a link after a restore, docs/delivery.md):
    //  follow it wherever a message is named by its seq. 0 or -1.
    int (*renumbered) (imi_node_t *node, imi_peer_t *peer, uint64_t seq, uint64_t new_seq);
    //  A reader (imi_node_reader_new) is being made from node, at start:
    //  lend it what the module's read functions need, built on the
    //  reader's own read-only store (reader->store) or shared when it never
    //  changes after start. 0, or -1 (reason set). Undone by reader_close
    //  (what was lent is the node's: only what was built is destroyed).
    int (*reader_open) (imi_node_t *node, imi_node_t *reader);
    void (*reader_close) (imi_node_t *reader);
} imi_module_t;

#endif
