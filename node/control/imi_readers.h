/*  imi_readers: threads that answer the HTTP API's reads beside the loop.

    The loop does one control request per turn on the node's one writable
    SQLite connection, between its groups of peer messages: every read of
    the API waited its turn there, and used one core. A reader is a thread
    with its own view of the node (imi_node_reader_new: a read-only
    connection of the same database, WAL giving it the last commit, and
    what the modules lend it); it answers the commands of the control
    table that only read (imi_control_read), taking them in order from
    one queue that all the readers share.

    The node's HTTP server hands a read to the readers (imi_readers_submit:
    its pool thread does not wait, the reader that answers calls it back;
    or imi_readers_ask, which waits), and asks the loop when the reader
    answers IMI_CONTROL_LOOP: a command that would write after all (an
    expired session to delete, an API key's use to record, a machine
    translation to ask for, a state to check against the manifest).
    Neither the loop nor a reader ever waits for the other. docs/http.md,
    "Reads beside the loop".
*/
#ifndef IMI_READERS_H
#define IMI_READERS_H

#include "imi_node_internal.h"

#include <stddef.h>
#include <stdint.h>

typedef struct _imi_readers_t imi_readers_t;

//  A request's end, called once in a reader's thread (or in the stopping
//  thread, imi_readers_destroy): reply is [status, lines...], the
//  callee's; NULL if the request was not answered (not begun by its
//  deadline, or the readers stopping).
typedef void (imi_readers_done_fn) (void *context, zmsg_t *reply);

//  Start count readers of node (at start, in the loop's thread). NULL on
//  failure, reason set.
imi_readers_t *imi_readers_new (imi_node_t *node, size_t count);

//  Stop the readers (each finishes the request it answers; those still
//  queued end unanswered) and close their views; safe on NULL.
void imi_readers_destroy (imi_readers_t **self_p);

//  Hand request (consumed: [client, command, session token, arguments...],
//  client as a ROUTER would name the caller, IMI_CONTROL_HTTP_PREFIX...)
//  to the readers without waiting. done (context, reply) follows; a
//  request that no reader has begun at deadline_ms (zclock_mono) ends
//  unanswered.
void imi_readers_submit (imi_readers_t *self, zmsg_t **request_p, int64_t deadline_ms,
                         imi_readers_done_fn *done, void *context);

//  The same, waited for at most timeout_ms: the reply, or NULL.
zmsg_t *imi_readers_ask (imi_readers_t *self, zmsg_t **request_p, long timeout_ms);

//  Requests the readers answered themselves, and those they answered
//  IMI_CONTROL_LOOP (handed to the loop), since start.
void imi_readers_counts (imi_readers_t *self, uint64_t *answered, uint64_t *handed);

//  Self test: the queue's order, deadlines, waited-for requests, the
//  stop, two readers at once (readers of bare views, a stand-in read).
void imi_readers_test (void);

#endif
