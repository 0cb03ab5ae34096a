/*  imi_readers: threads that answer the HTTP API's reads beside the loop.

    The loop does one control request per turn on the node's one writable
    SQLite connection, between its groups of peer messages: every read of
    the API waited its turn there, and used one core. A reader is a thread
    with its own view of the node (imi_node_reader_new: a read-only
    connection of the same database, WAL giving it the last commit, and
    what the modules lend it) and its own ROUTER on an inproc endpoint; it
    answers the commands of the control table that only read
    (imi_control_read). The node's HTTP server sends a read to a reader
    first (its DEALER is connected to every reader: round robin), and to
    the loop when the reader answers IMI_CONTROL_LOOP: a command that
    would write after all (an expired session to delete, an API key's use
    to record, a machine translation to ask for, a state to check against
    the manifest). Neither ever waits for the other. docs/http.md, "Reads
    beside the loop".
*/
#ifndef IMI_READERS_H
#define IMI_READERS_H

#include "imi_node_internal.h"

#include <stddef.h>
#include <stdint.h>

typedef struct _imi_readers_t imi_readers_t;

//  Start count readers of node (at start, in the loop's thread). NULL on
//  failure, reason set.
imi_readers_t *imi_readers_new (imi_node_t *node, size_t count);

//  Stop the readers (each finishes the request it answers) and close
//  their views; safe on NULL.
void imi_readers_destroy (imi_readers_t **self_p);

//  How many readers there are, and the endpoint of reader index (into
//  endpoint, size bytes).
size_t imi_readers_count (imi_readers_t *self);
void imi_readers_endpoint (imi_readers_t *self, size_t index, char *endpoint, size_t size);

//  Requests the readers answered themselves, and those they answered
//  IMI_CONTROL_LOOP (handed to the loop), since start.
void imi_readers_counts (imi_readers_t *self, uint64_t *answered, uint64_t *handed);

#endif
