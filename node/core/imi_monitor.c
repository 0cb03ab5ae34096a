/*  imi_monitor: a libzmq socket monitor polled by the loop. See
    imi_monitor.h for what the events carry.
*/
#include "imi_monitor.h"
#include "imi_error.h"

#include <string.h>

struct _imi_monitor_t {
    zsock_t *watched;                   //  the socket watched (not owned)
    zsock_t *pair;                      //  our end of libzmq's monitor PAIR
};

imi_monitor_t *
imi_monitor_new (zsock_t *socket, int events)
{
    //  One inproc endpoint per monitor for the life of the process: a name
    //  is never reused, so a monitor made after another was destroyed cannot
    //  meet the old one's unbinding.
    static unsigned long s_serial;
    char endpoint [64];
    snprintf (endpoint, sizeof endpoint, "inproc://imi-monitor-%lu", ++s_serial);
    imi_monitor_t *self = calloc (1, sizeof *self);
    if (!self) {
        imi_error_set ("out of memory");
        return NULL;
    }
    self->watched = socket;
    if (zmq_socket_monitor (zsock_resolve (socket), endpoint, events)) {
        imi_error_set ("cannot monitor a socket: %s", zmq_strerror (zmq_errno ()));
        self->watched = NULL;
        imi_monitor_destroy (&self);
        return NULL;
    }
    self->pair = zsock_new (ZMQ_PAIR);
    if (!self->pair || zsock_connect (self->pair, "%s", endpoint)) {
        imi_error_set ("cannot connect to the monitor of a socket");
        imi_monitor_destroy (&self);
        return NULL;
    }
    zsock_set_linger (self->pair, 0);
    return self;
}

void
imi_monitor_destroy (imi_monitor_t **self_p)
{
    if (*self_p) {
        imi_monitor_t *self = *self_p;
        if (self->watched)
            zmq_socket_monitor (zsock_resolve (self->watched), NULL, 0);
        zsock_destroy (&self->pair);
        free (self);
        *self_p = NULL;
    }
}

zsock_t *
imi_monitor_socket (imi_monitor_t *self)
{
    return self->pair;
}

int
imi_monitor_next (imi_monitor_t *self, imi_monitor_event_t *event)
{
    //  An event is two frames: 2 bytes of event id and 4 of value, then the
    //  endpoint (ours, so not worth reading).
    while (true) {
        zmq_msg_t frame;
        zmq_msg_init (&frame);
        if (zmq_msg_recv (&frame, zsock_resolve (self->pair), ZMQ_DONTWAIT) < 0) {
            zmq_msg_close (&frame);
            return -1;
        }
        bool valid = zmq_msg_size (&frame) == 6 && zmq_msg_more (&frame);
        if (valid) {
            uint16_t id;
            memcpy (&id, zmq_msg_data (&frame), sizeof id);
            memcpy (&event->value, (uint8_t *) zmq_msg_data (&frame) + 2, sizeof event->value);
            event->event = id;
        }
        //  Skip the rest of the message: the endpoint frame.
        while (zmq_msg_more (&frame)) {
            zmq_msg_close (&frame);
            zmq_msg_init (&frame);
            if (zmq_msg_recv (&frame, zsock_resolve (self->pair), 0) < 0)
                break;
        }
        zmq_msg_close (&frame);
        if (valid)
            return 0;
    }
}

static const struct {
    int event;
    const char *name;
} s_names [] = {
    { ZMQ_EVENT_CONNECTED, "connected" },
    { ZMQ_EVENT_CONNECT_DELAYED, "connect_delayed" },
    { ZMQ_EVENT_CONNECT_RETRIED, "connect_retried" },
    { ZMQ_EVENT_LISTENING, "listening" },
    { ZMQ_EVENT_BIND_FAILED, "bind_failed" },
    { ZMQ_EVENT_ACCEPTED, "accepted" },
    { ZMQ_EVENT_ACCEPT_FAILED, "accept_failed" },
    { ZMQ_EVENT_CLOSED, "closed" },
    { ZMQ_EVENT_CLOSE_FAILED, "close_failed" },
    { ZMQ_EVENT_DISCONNECTED, "disconnected" },
    { ZMQ_EVENT_MONITOR_STOPPED, "monitor_stopped" },
    { ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, "handshake_failed_no_detail" },
    { ZMQ_EVENT_HANDSHAKE_SUCCEEDED, "handshake_succeeded" },
    { ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL, "handshake_failed_protocol" },
    { ZMQ_EVENT_HANDSHAKE_FAILED_AUTH, "handshake_failed_auth" },
};

const char *
imi_monitor_event_name (int event)
{
    for (size_t index = 0; index < sizeof s_names / sizeof s_names [0]; index++)
        if (s_names [index].event == event)
            return s_names [index].name;
    return "unknown";
}
