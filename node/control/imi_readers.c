/*  imi_readers: threads that answer the HTTP API's reads beside the loop.
    See imi_readers.h.

    Why one queue in memory, and no sockets: a read handed over a ZeroMQ
    socket to a reader, and its answer back, each woke one more thread
    (the HTTP server's waiter, which sent, waited and resumed the
    connection, and the reader's poll). Now the pool thread queues the
    read and the reader that answers calls the HTTP server back, which
    resumes the connection itself: two hand-overs per read instead of
    four, and a slow read holds one reader, not the reads queued behind
    it on that reader's socket (docs/benchmarks.md).
*/
#include "imi_readers.h"
#include "imi_control.h"
#include "imi_error.h"
#include "imi_log.h"
#include "imi_thread.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

//  A request handed over, not yet taken by a reader
typedef struct _s_item_t {
    zmsg_t *request;
    int64_t deadline_ms;
    imi_readers_done_fn *done;
    void *context;
    struct _s_item_t *next;
} s_item_t;

typedef struct {
    imi_readers_t *pool;
    imi_node_t *view;                   //  the reader's view of the node (owned)
    zlist_t *replies;                   //  where the view's control replies land
    pthread_t thread;
    bool started;
} s_reader_t;

struct _imi_readers_t {
    size_t count;
    s_reader_t *readers;
    pthread_mutex_t lock;
    pthread_cond_t queued;              //  signals the queue below, or stopping
    s_item_t *head, *tail;
    bool stopping;
    atomic_uint_fast64_t answered, handed;
};

//  The next item, or NULL when the pool stops; waits for one.
static s_item_t *
s_take (imi_readers_t *self)
{
    pthread_mutex_lock (&self->lock);
    while (!self->head && !self->stopping)
        pthread_cond_wait (&self->queued, &self->lock);
    s_item_t *item = self->stopping? NULL: self->head;
    if (item) {
        self->head = item->next;
        if (!self->head)
            self->tail = NULL;
    }
    pthread_mutex_unlock (&self->lock);
    return item;
}

//  Answer item on reader's view: done with [status, lines...], or NULL
//  past its deadline.
static void
s_answer (s_reader_t *reader, s_item_t *item)
{
    zmsg_t *reply = NULL;
    if (zclock_mono () <= item->deadline_ms) {
        bool handed = imi_control_read (reader->view, &item->request);
        atomic_fetch_add (handed? &reader->pool->handed: &reader->pool->answered, 1);
        reply = (zmsg_t *) zlist_pop (reader->replies);
        zframe_t *client = reply? zmsg_pop (reply): NULL;   //  the caller's name
        zframe_destroy (&client);
        zmsg_t *more;                   //  none: a read answers once
        while ((more = (zmsg_t *) zlist_pop (reader->replies)))
            zmsg_destroy (&more);
    }
    zmsg_destroy (&item->request);
    item->done (item->context, reply);
    free (item);
}

//  A reader's thread: each request answered in turn until the pool stops.
static void *
s_reader_run (void *argument)
{
    s_reader_t *reader = (s_reader_t *) argument;
    imi_thread_start ("imi-reader");
    if (imi_thread_lower ())
        imi_log (IMI_LOG_WARN, "http.reader_nice", "reason=\"%s\"", strerror (errno));
    s_item_t *item;
    while ((item = s_take (reader->pool)))
        s_answer (reader, item);
    return NULL;
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
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->queued, NULL);
    int rc = 0;
    for (; rc == 0 && self->count < count; self->count++) {
        s_reader_t *reader = &self->readers [self->count];
        reader->pool = self;
        reader->view = imi_node_reader_new (node);
        reader->replies = reader->view? zlist_new (): NULL;
        if (!reader->replies)
            rc = reader->view? imi_error_set ("out of memory"): -1;
        else {
            //  The view's replies are held, not sent: the reader takes each
            reader->view->held_replies = reader->replies;
            reader->started = pthread_create (&reader->thread, NULL, s_reader_run, reader) == 0;
            if (!reader->started)
                rc = imi_error_set ("cannot start reader %zu", self->count);
        }
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
    pthread_mutex_lock (&self->lock);
    self->stopping = true;
    pthread_cond_broadcast (&self->queued);
    s_item_t *left = self->head;
    self->head = self->tail = NULL;
    pthread_mutex_unlock (&self->lock);
    for (size_t index = 0; index < self->count; index++) {
        s_reader_t *reader = &self->readers [index];
        if (reader->started)
            pthread_join (reader->thread, NULL);
        if (reader->view)
            reader->view->held_replies = NULL;
        zmsg_t *reply;
        while (reader->replies && (reply = (zmsg_t *) zlist_pop (reader->replies)))
            zmsg_destroy (&reply);
        zlist_destroy (&reader->replies);
        imi_node_reader_destroy (&reader->view);
    }
    while (left) {
        s_item_t *item = left;
        left = item->next;
        zmsg_destroy (&item->request);
        item->done (item->context, NULL);
        free (item);
    }
    pthread_cond_destroy (&self->queued);
    pthread_mutex_destroy (&self->lock);
    free (self->readers);
    free (self);
    *self_p = NULL;
}

void
imi_readers_submit (imi_readers_t *self, zmsg_t **request_p, int64_t deadline_ms,
                    imi_readers_done_fn *done, void *context)
{
    s_item_t *item = (s_item_t *) calloc (1, sizeof *item);
    if (!item) {
        zmsg_destroy (request_p);
        done (context, NULL);
        return;
    }
    item->request = *request_p;
    *request_p = NULL;
    item->deadline_ms = deadline_ms;
    item->done = done;
    item->context = context;
    pthread_mutex_lock (&self->lock);
    bool stopping = self->stopping;
    if (!stopping) {
        if (self->tail)
            self->tail->next = item;
        else
            self->head = item;
        self->tail = item;
        pthread_cond_signal (&self->queued);
    }
    pthread_mutex_unlock (&self->lock);
    if (stopping) {
        zmsg_destroy (&item->request);
        done (context, NULL);
        free (item);
    }
}

//  A waited-for request (imi_readers_ask): whichever of the asker and the
//  reader comes last frees it.
typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t answered;
    zmsg_t *reply;
    bool done, abandoned;
} s_ticket_t;

static void
s_ticket_free (s_ticket_t *ticket)
{
    zmsg_destroy (&ticket->reply);
    pthread_cond_destroy (&ticket->answered);
    pthread_mutex_destroy (&ticket->lock);
    free (ticket);
}

static void
s_ticket_done (void *context, zmsg_t *reply)
{
    s_ticket_t *ticket = (s_ticket_t *) context;
    pthread_mutex_lock (&ticket->lock);
    bool abandoned = ticket->abandoned;
    ticket->reply = reply;
    ticket->done = true;
    pthread_cond_signal (&ticket->answered);
    pthread_mutex_unlock (&ticket->lock);
    if (abandoned)
        s_ticket_free (ticket);
}

zmsg_t *
imi_readers_ask (imi_readers_t *self, zmsg_t **request_p, long timeout_ms)
{
    s_ticket_t *ticket = (s_ticket_t *) calloc (1, sizeof *ticket);
    if (!ticket) {
        zmsg_destroy (request_p);
        return NULL;
    }
    pthread_mutex_init (&ticket->lock, NULL);
    pthread_cond_init (&ticket->answered, NULL);
    int64_t deadline_ms = zclock_mono () + timeout_ms;
    imi_readers_submit (self, request_p, deadline_ms, s_ticket_done, ticket);
    //  The condition's clock is CLOCK_REALTIME: the wait is counted on it,
    //  the deadline on zclock_mono
    struct timespec until;
    clock_gettime (CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock (&ticket->lock);
    while (!ticket->done)
        if (pthread_cond_timedwait (&ticket->answered, &ticket->lock, &until) == ETIMEDOUT)
            break;
    bool done = ticket->done;
    zmsg_t *reply = ticket->reply;
    ticket->reply = NULL;
    ticket->abandoned = !done;
    pthread_mutex_unlock (&ticket->lock);
    if (done)
        s_ticket_free (ticket);
    return reply;
}

size_t
imi_readers_count (imi_readers_t *self)
{
    return self->count;
}

void
imi_readers_counts (imi_readers_t *self, uint64_t *answered, uint64_t *handed)
{
    *answered = atomic_load (&self->answered);
    *handed = atomic_load (&self->handed);
}
