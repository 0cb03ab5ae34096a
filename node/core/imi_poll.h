/*  imi_poll: waiting on many ZeroMQ sockets for about one system call.

    zmq_poll asks every socket for ZMQ_EVENTS before and after it waits, and
    each ask is a poll(2) and a getpid(2) of its own: with a DEALER and a
    monitor per peer, a node of a 31-state federation made some 130 system
    calls per turn of its loop, and 31 idle nodes spent most of a core on
    nothing (measured: tests/bench figures in docs/benchmarks.md,
    "Directory benchmark").

    This waits with one poll(2) on the sockets' ZMQ_FD descriptors instead,
    and asks ZMQ_EVENTS only of the sockets whose descriptor fired or that
    the caller marked. The descriptor is edge-like: it fires when something
    changed, not while input waits. So two rules keep input from being
    missed, and the caller follows both:
      - a socket that was not read until it had nothing left (a read slice
        ended, one request per turn) is marked with imi_poll_mark;
      - a socket that was sent on is marked too: libzmq may take the "input
        arrived" notice while it sends, and the descriptor then stays quiet.
    A socket is added with a mark, so it is asked at the first wait.
*/
#ifndef IMI_POLL_H
#define IMI_POLL_H

#include <czmq.h>
#include <stdbool.h>

#define IMI_POLL_MAX    160             //  sockets in one set

typedef struct _imi_poll_t imi_poll_t;

//  An empty set. NULL if out of memory.
imi_poll_t *imi_poll_new (void);

void imi_poll_destroy (imi_poll_t **self_p);

//  Forget every socket (before adding the current ones again).
void imi_poll_clear (imi_poll_t *self);

//  Add socket (not owned); its index, or -1 if the set is full or the
//  socket has no descriptor (reason set).
int imi_poll_add (imi_poll_t *self, zsock_t *socket);

//  Ask socket index for ZMQ_EVENTS at the next wait.
void imi_poll_mark (imi_poll_t *self, int index);

//  Wait up to timeout_ms (0: do not wait; never waits while a marked socket
//  has input) until some socket has input. The number of sockets with
//  input, 0 on time-out, -1 if interrupted by a signal.
int imi_poll_wait (imi_poll_t *self, int timeout_ms);

//  Whether socket index had input at the last wait.
bool imi_poll_readable (imi_poll_t *self, int index);

#endif
