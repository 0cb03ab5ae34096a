/*  imi_readers: threads that answer the HTTP API's reads beside the loop.
    See imi_readers.h.
*/
#include "imi_readers.h"
#include "imi_control.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_thread.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    imi_node_t *view;                   //  the reader's view of the node (owned)
    char endpoint [64];                 //  where its ROUTER is bound
    zactor_t *actor;                    //  its thread
    bool bound;                         //  its ROUTER is bound (set before the signal)
    atomic_uint_fast64_t *answered, *handed;    //  the pool's counts
} s_reader_t;

struct _imi_readers_t {
    size_t count;
    s_reader_t *readers;
    atomic_uint_fast64_t answered, handed;
};

//  A reader's thread: its ROUTER bound (bound set, then the signal
//  zactor_new waits for), then each request answered in turn until the
//  pool says $TERM.
static void
s_reader_run (zsock_t *pipe, void *argument)
{
    s_reader_t *reader = (s_reader_t *) argument;
    imi_thread_start ("imi-reader");
    if (imi_thread_lower ())
        imi_log (IMI_LOG_WARN, "http.reader_nice", "reason=\"%s\"", strerror (errno));
    zsock_t *router = zsock_new (ZMQ_ROUTER);
    if (router) {
        zsock_set_linger (router, 0);
        zsock_set_sndtimeo (router, 0);
    }
    if (!router || zsock_bind (router, "%s", reader->endpoint) < 0) {
        zsock_destroy (&router);
        zsock_signal (pipe, 0);
        return;
    }
    reader->view->control = router;
    reader->bound = true;
    zsock_signal (pipe, 0);
    zpoller_t *poller = zpoller_new (pipe, router, NULL);
    while (poller) {
        void *ready = zpoller_wait (poller, -1);
        if (ready != router)
            break;                      //  $TERM, or interrupted
        zmsg_t *request = zmsg_recv (router);
        if (request)
            atomic_fetch_add (imi_control_read (reader->view, &request)? reader->handed
                                                                       : reader->answered, 1);
    }
    zpoller_destroy (&poller);
    reader->view->control = NULL;
    zsock_destroy (&router);
}

imi_readers_t *
imi_readers_new (imi_node_t *node, size_t count)
{
    imi_readers_t *self = calloc (1, sizeof *self);
    if (self)
        self->readers = calloc (count, sizeof *self->readers);
    if (!self || !self->readers) {
        free (self);
        imi_error_set ("out of memory");
        return NULL;
    }
    int rc = 0;
    for (; rc == 0 && self->count < count; self->count++) {
        s_reader_t *reader = &self->readers [self->count];
        snprintf (reader->endpoint, sizeof reader->endpoint, "inproc://imi-reader-%p-%zu",
                  (void *) self, self->count);
        reader->answered = &self->answered;
        reader->handed = &self->handed;
        reader->view = imi_node_reader_new (node);
        //  zactor_new returns once the thread has signalled
        reader->actor = reader->view? zactor_new (s_reader_run, reader): NULL;
        if (reader->view && !reader->bound)
            rc = imi_error_set ("cannot start reader %zu on %s", self->count, reader->endpoint);
        else
        if (!reader->view)
            rc = -1;
    }
    if (rc) {
        imi_error_wrap ("starting the HTTP API's readers");
        imi_readers_destroy (&self);
    }
    return self;
}

void
imi_readers_destroy (imi_readers_t **self_p)
{
    imi_readers_t *self = *self_p;
    if (!self)
        return;
    for (size_t index = 0; index < self->count; index++) {
        zactor_destroy (&self->readers [index].actor);
        imi_node_reader_destroy (&self->readers [index].view);
    }
    free (self->readers);
    free (self);
    *self_p = NULL;
}

size_t
imi_readers_count (imi_readers_t *self)
{
    return self->count;
}

void
imi_readers_endpoint (imi_readers_t *self, size_t index, char *endpoint, size_t size)
{
    snprintf (endpoint, size, "%s", self->readers [index].endpoint);
}

void
imi_readers_counts (imi_readers_t *self, uint64_t *answered, uint64_t *handed)
{
    *answered = atomic_load (&self->answered);
    *handed = atomic_load (&self->handed);
}
