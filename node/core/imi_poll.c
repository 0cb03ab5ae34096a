/*  imi_poll: waiting on many ZeroMQ sockets for about one system call.
    See imi_poll.h for why and for the two rules its callers keep.

    Each socket has a slot: its descriptor in the pollfd array, whether it
    is marked (ask ZMQ_EVENTS at the next wait), and whether it had input
    at the last wait.
*/
#include "imi_poll.h"
#include "imi_error.h"

#include <errno.h>
#include <poll.h>

struct _imi_poll_t {
    void *sockets [IMI_POLL_MAX];       //  libzmq handles, not owned
    struct pollfd fds [IMI_POLL_MAX];   //  their ZMQ_FD descriptors
    bool marked [IMI_POLL_MAX];         //  ask ZMQ_EVENTS at the next wait
    bool readable [IMI_POLL_MAX];       //  had input at the last wait
    int count;
};

imi_poll_t *
imi_poll_new (void)
{
    imi_poll_t *self = calloc (1, sizeof *self);
    if (!self)
        imi_error_set ("out of memory");
    return self;
}

void
imi_poll_destroy (imi_poll_t **self_p)
{
    if (*self_p) {
        free (*self_p);
        *self_p = NULL;
    }
}

void
imi_poll_clear (imi_poll_t *self)
{
    self->count = 0;
}

int
imi_poll_add (imi_poll_t *self, zsock_t *socket)
{
    if (self->count == IMI_POLL_MAX)
        return imi_error_set ("more than %d sockets to poll", IMI_POLL_MAX);
    int index = self->count;
    self->sockets [index] = zsock_resolve (socket);
    self->fds [index] = (struct pollfd) { .fd = zsock_fd (socket), .events = POLLIN };
    if (self->fds [index].fd < 0)
        return imi_error_set ("a socket without a descriptor cannot be polled");
    self->marked [index] = true;
    self->readable [index] = false;
    self->count++;
    return index;
}

void
imi_poll_mark (imi_poll_t *self, int index)
{
    if (index >= 0 && index < self->count)
        self->marked [index] = true;
}

//  Ask socket index whether input waits (this also takes libzmq's pending
//  notices, which quietens its descriptor).
static bool
s_has_input (imi_poll_t *self, int index)
{
    int events = 0;
    size_t size = sizeof events;
    return zmq_getsockopt (self->sockets [index], ZMQ_EVENTS, &events, &size) == 0
        && (events & ZMQ_POLLIN);
}

int
imi_poll_wait (imi_poll_t *self, int timeout_ms)
{
    int readable = 0;
    for (int index = 0; index < self->count; index++) {
        self->readable [index] = self->marked [index] && s_has_input (self, index);
        self->marked [index] = false;
        readable += self->readable [index];
    }
    int rc = poll (self->fds, (nfds_t) self->count, readable? 0: timeout_ms);
    if (rc < 0)
        return errno == EINTR? -1: readable;
    for (int index = 0; rc > 0 && index < self->count; index++)
        if (self->fds [index].revents && !self->readable [index]) {
            self->readable [index] = s_has_input (self, index);
            readable += self->readable [index];
        }
    return readable;
}

bool
imi_poll_readable (imi_poll_t *self, int index)
{
    return index >= 0 && index < self->count && self->readable [index];
}
