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

#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

//  How a reader answers a request (consumed) on its view, the reply left
//  in the view's held_replies: true if it is handed to the loop
//  (imi_control_read; the self test's stands in for it).
typedef bool (s_read_fn) (imi_node_t *view, zmsg_t **request_p);

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
    s_read_fn *read;
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
        bool handed = reader->pool->read (reader->view, &item->request);
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

//  count readers of node's, answering with read; node NULL: bare views
//  (no database, nothing lent: the self test's).
static imi_readers_t *
s_new (imi_node_t *node, size_t count, s_read_fn *read)
{
    imi_readers_t *self = calloc (1, sizeof *self);
    if (self)
        self->readers = calloc (count, sizeof *self->readers);
    if (!self || !self->readers) {
        free (self);
        imi_error_set ("out of memory");
        return NULL;
    }
    self->read = read;
    pthread_mutex_init (&self->lock, NULL);
    pthread_cond_init (&self->queued, NULL);
    int rc = 0;
    for (; rc == 0 && self->count < count; self->count++) {
        s_reader_t *reader = &self->readers [self->count];
        reader->pool = self;
        reader->view = node? imi_node_reader_new (node): calloc (1, sizeof *reader->view);
        if (reader->view && !node)
            reader->view->reader = true;
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

imi_readers_t *
imi_readers_new (imi_node_t *node, size_t count)
{
    return s_new (node, count, imi_control_read);
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
    pthread_condattr_t monotonic;           //  a wait the wall clock's steps do not move
    pthread_condattr_init (&monotonic);
    pthread_condattr_setclock (&monotonic, CLOCK_MONOTONIC);
    pthread_cond_init (&ticket->answered, &monotonic);
    pthread_condattr_destroy (&monotonic);
    int64_t deadline_ms = zclock_mono () + timeout_ms;
    imi_readers_submit (self, request_p, deadline_ms, s_ticket_done, ticket);
    struct timespec until;
    clock_gettime (CLOCK_MONOTONIC, &until);
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

void
imi_readers_counts (imi_readers_t *self, uint64_t *answered, uint64_t *handed)
{
    *answered = atomic_load (&self->answered);
    *handed = atomic_load (&self->handed);
}

//  ---------------------------------------------------------------------------
//  Self test

#define S_TEST_READ_MS 50               //  each read of the test's readers
#define S_TEST_WAIT_MS 5000             //  longest wait for a reader (a stalled machine)

typedef struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    char answers [8][16];               //  each request's: its reply's last frame, or "-"
    int calls [8];
    int held;                           //  "hold" is being read (1)
    int together;                       //  "together" reads begun
    imi_readers_t *pool;                //  the pool "hold" waits to see stopping
} s_test_t;

static s_test_t s_test = { .lock = PTHREAD_MUTEX_INITIALIZER,
                           .changed = PTHREAD_COND_INITIALIZER };

//  Wait (s_test.lock held) until *flag is at least value. Whether it was.
static bool
s_test_wait (int *flag, int value)
{
    struct timespec until;
    clock_gettime (CLOCK_REALTIME, &until);
    until.tv_sec += S_TEST_WAIT_MS / 1000;
    while (*flag < value)
        if (pthread_cond_timedwait (&s_test.changed, &s_test.lock, &until) == ETIMEDOUT)
            break;
    return *flag >= value;
}

//  The test's read: [client, command] answered [client, "ok", command]
//  after S_TEST_READ_MS; the command "loop" is handed to the loop, "hold"
//  says it has begun and ends once its pool is stopping, and "together"
//  waits until a second one has begun (answered "alone" if none does).
static bool
s_test_read (imi_node_t *view, zmsg_t **request_p)
{
    zframe_t *client = zmsg_pop (*request_p);
    char *command = zmsg_popstr (*request_p);
    bool handed = command && strcmp (command, "loop") == 0;
    bool alone = false;
    pthread_mutex_lock (&s_test.lock);
    if (command && strcmp (command, "hold") == 0)
        s_test.held = 1;
    if (command && strcmp (command, "together") == 0) {
        s_test.together++;
        alone = !s_test_wait (&s_test.together, 2);
    }
    pthread_cond_broadcast (&s_test.changed);
    pthread_mutex_unlock (&s_test.lock);
    zclock_sleep (S_TEST_READ_MS);
    bool stopping = false;
    for (int waited = 0; command && strcmp (command, "hold") == 0 && !stopping
                      && waited < S_TEST_WAIT_MS; waited++) {
        pthread_mutex_lock (&s_test.pool->lock);
        stopping = s_test.pool->stopping;
        pthread_mutex_unlock (&s_test.pool->lock);
        zclock_sleep (1);
    }
    zmsg_t *reply = zmsg_new ();
    zmsg_append (reply, &client);
    zmsg_addstr (reply, handed? IMI_CONTROL_LOOP: IMI_CONTROL_OK);
    zmsg_addstr (reply, alone? "alone": command? command: "");
    zlist_append (view->held_replies, reply);
    zstr_free (&command);
    zmsg_destroy (request_p);
    return handed;
}

static void
s_test_done (void *context, zmsg_t *reply)
{
    size_t index = (size_t) (uintptr_t) context;
    char *status = reply? zmsg_popstr (reply): NULL;
    char *command = reply? zmsg_popstr (reply): NULL;
    pthread_mutex_lock (&s_test.lock);
    snprintf (s_test.answers [index], sizeof s_test.answers [index], "%s",
              command? command: "-");
    s_test.calls [index]++;
    pthread_cond_broadcast (&s_test.changed);
    pthread_mutex_unlock (&s_test.lock);
    zstr_free (&status);
    zstr_free (&command);
    zmsg_destroy (&reply);
}

static zmsg_t *
s_test_request (const char *command)
{
    zmsg_t *request = zmsg_new ();
    zmsg_addstr (request, IMI_CONTROL_HTTP_PREFIX "test");
    zmsg_addstr (request, command);
    return request;
}

static void
s_test_submit (imi_readers_t *self, size_t index, const char *command, int64_t deadline_ms)
{
    zmsg_t *request = s_test_request (command);
    imi_readers_submit (self, &request, deadline_ms, s_test_done, (void *) (uintptr_t) index);
    assert (!request);
}

//  Request index's answer once it has ended ("-": unanswered; "?": it did
//  not end in time, or ended more than once).
static const char *
s_test_answer (size_t index)
{
    pthread_mutex_lock (&s_test.lock);
    bool ended = s_test_wait (&s_test.calls [index], 1) && s_test.calls [index] == 1;
    pthread_mutex_unlock (&s_test.lock);
    return ended? s_test.answers [index]: "?";
}

void
imi_readers_test (void)
{
    //  One reader: the queue is taken in order, each read 50 ms
    imi_readers_t *readers = s_new (NULL, 1, s_test_read);
    assert (readers);
    int64_t now = zclock_mono ();
    s_test_submit (readers, 0, "first", now + S_TEST_WAIT_MS);
    s_test_submit (readers, 1, "late", now + S_TEST_READ_MS / 2);
    s_test_submit (readers, 2, "loop", now + S_TEST_WAIT_MS);
    //  first begins at once; late's deadline passes while first is read:
    //  it ends unanswered, never read; loop is answered, and counted handed
    assert (streq (s_test_answer (0), "first"));
    assert (streq (s_test_answer (1), "-"));
    assert (streq (s_test_answer (2), "loop"));
    uint64_t answered, handed;
    imi_readers_counts (readers, &answered, &handed);
    assert (answered == 1 && handed == 1);

    //  Waited for: the reply; one that does not come in time is NULL, and
    //  its ticket freed by the reader when it ends (ASan: no leak)
    zmsg_t *request = s_test_request ("asked");
    zmsg_t *reply = imi_readers_ask (readers, &request, S_TEST_WAIT_MS);
    assert (!request && reply && zframe_streq (zmsg_last (reply), "asked"));
    zmsg_destroy (&reply);
    s_test_submit (readers, 3, "busy", zclock_mono () + S_TEST_WAIT_MS);
    request = s_test_request ("impatient");
    assert (!imi_readers_ask (readers, &request, S_TEST_READ_MS / 5) && !request);
    assert (streq (s_test_answer (3), "busy"));

    //  Stopped with requests queued: the one begun ends answered, the
    //  queued ones unanswered, each once
    s_test.pool = readers;
    s_test_submit (readers, 4, "hold", zclock_mono () + S_TEST_WAIT_MS);
    s_test_submit (readers, 5, "fifth", zclock_mono () + S_TEST_WAIT_MS);
    s_test_submit (readers, 6, "sixth", zclock_mono () + S_TEST_WAIT_MS);
    pthread_mutex_lock (&s_test.lock);
    assert (s_test_wait (&s_test.held, 1));
    pthread_mutex_unlock (&s_test.lock);
    imi_readers_destroy (&readers);
    assert (!readers);
    assert (streq (s_test_answer (4), "hold"));
    assert (streq (s_test_answer (5), "-") && streq (s_test_answer (6), "-"));

    //  Two readers share the queue: a read waits for none before it
    readers = s_new (NULL, 2, s_test_read);
    assert (readers);
    s_test_submit (readers, 7, "together", zclock_mono () + S_TEST_WAIT_MS);
    request = s_test_request ("together");
    reply = imi_readers_ask (readers, &request, 2 * S_TEST_WAIT_MS);
    assert (reply && zframe_streq (zmsg_last (reply), "together"));
    zmsg_destroy (&reply);
    assert (streq (s_test_answer (7), "together"));
    imi_readers_destroy (&readers);
}
