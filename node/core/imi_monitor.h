/*  imi_monitor: what libzmq does with one socket's connections, read by the
    node's loop like any other socket.

    libzmq reports connection events (connected, handshake succeeded or
    failed, disconnected, retrying) on an inproc PAIR of its own
    (zmq_socket_monitor); this class connects the other end. The loop polls
    it with its other sockets, so watching connections needs no thread of
    its own (CZMQ's zmonitor is an actor) and stays non-blocking. Events
    come in the order libzmq's I/O thread emitted them.

    What an event carries (libzmq 4.3, monitor version 1): a value, the
    connection's fd for ACCEPTED, CONNECTED and DISCONNECTED, a ZAP status
    or protocol error code for HANDSHAKE_FAILED_*; and an address that is
    this socket's own endpoint, never the remote one. imi_transport finds
    the remote address of an accepted connection from its fd.

    Destroy the monitor before the socket it watches: it stops libzmq's
    side first.
*/
#ifndef IMI_MONITOR_H
#define IMI_MONITOR_H

#include <czmq.h>
#include <stdint.h>

typedef struct _imi_monitor_t imi_monitor_t;

typedef struct {
    int event;                          //  ZMQ_EVENT_*
    uint32_t value;                     //  fd, status or error code (see above)
} imi_monitor_event_t;

//  Watch socket (not owned; it must outlive the monitor) for events (a
//  ZMQ_EVENT_* mask). NULL with a reason on failure.
imi_monitor_t *imi_monitor_new (zsock_t *socket, int events);

//  Stop watching and close the PAIR. Safe to call twice.
void imi_monitor_destroy (imi_monitor_t **self_p);

//  The PAIR to poll.
zsock_t *imi_monitor_socket (imi_monitor_t *self);

//  Read the next event without blocking: 0 and *event filled, or -1 when
//  none is waiting.
int imi_monitor_next (imi_monitor_t *self, imi_monitor_event_t *event);

//  Stable lower-case name of an event ("handshake_failed_auth"), for logs.
const char *imi_monitor_event_name (int event);

#endif
