/*  imi_login: Argon2id off the loop, and the throttling of logins.
    See imi_login.h.
*/
#include "imi_login.h"
#include "imi_thread.h"
#include "imi_error.h"
#include "imi_throttle.h"

#include <stdlib.h>
#include <string.h>

struct _imi_logins_t {
    zactor_t *worker;
    imi_throttle_t *failures;   //  per user name
    zhashx_t *in_flight;        //  names being verified (values unused)
    size_t pending;             //  jobs sent, results not read
};

//  Frames of a job, before its context: [client, name, hash, password,
//  new password] in ("" for what is not asked), [client, name, hash,
//  "1" or "0" (verified), new hash] out.
#define S_JOB_FRAMES 5

//  Pop a string frame and wipe it (it may hold a password).
static char *
s_secret_pop (zmsg_t *message)
{
    zframe_t *frame = zmsg_pop (message);
    char *text = frame? zframe_strdup (frame): NULL;
    if (frame)
        sodium_memzero (zframe_data (frame), zframe_size (frame));
    zframe_destroy (&frame);
    return text;
}

//  Free a string that held a password, wiping it first.
static void
s_secret_free (char **secret_p)
{
    if (*secret_p)
        sodium_memzero (*secret_p, strlen (*secret_p));
    zstr_free (secret_p);
}

//  The worker: one job at a time, its context passed on unread.
static void
s_worker (zsock_t *pipe, void *args)
{
    (void) args;
    imi_thread_start ("imi-login");
    zsock_signal (pipe, 0);
    while (true) {
        zmsg_t *job = zmsg_recv (pipe);
        if (!job)
            break;
        if (zmsg_size (job) < S_JOB_FRAMES) {   //  $TERM
            zmsg_destroy (&job);
            break;
        }
        zframe_t *client = zmsg_pop (job);
        zframe_t *name = zmsg_pop (job);
        char *hash = zmsg_popstr (job);
        char *password = s_secret_pop (job);
        char *new_password = s_secret_pop (job);
        bool verified = !*hash || imi_users_password_verify (hash, password);
        char new_hash [crypto_pwhash_STRBYTES] = "";
        if (verified && *new_password && imi_users_password_hash (new_password, new_hash))
            *new_hash = 0;
        s_secret_free (&password);
        s_secret_free (&new_password);
        zmsg_t *result = zmsg_new ();
        zmsg_append (result, &client);
        zmsg_append (result, &name);
        zmsg_addstr (result, hash);
        zmsg_addstr (result, verified? "1": "0");
        zmsg_addstr (result, new_hash);
        sodium_memzero (new_hash, sizeof new_hash);
        zstr_free (&hash);
        for (zframe_t *frame = zmsg_pop (job); frame; frame = zmsg_pop (job))
            zmsg_append (result, &frame);
        zmsg_destroy (&job);
        if (zmsg_send (&result, pipe))
            zmsg_destroy (&result);
    }
}

imi_logins_t *
imi_logins_new (void)
{
    imi_logins_t *self = calloc (1, sizeof *self);
    if (self) {
        self->failures = imi_throttle_new (IMI_LOGIN_FREE_FAILURES, IMI_LOGIN_WAIT_MAX_MS,
                                           IMI_LOGIN_FORGET_MS, IMI_LOGIN_NAMES_MAX);
        self->in_flight = zhashx_new ();
        self->worker = zactor_new (s_worker, NULL);
    }
    if (!self || !self->failures || !self->in_flight || !self->worker) {
        imi_logins_destroy (&self);
        imi_error_set ("cannot start the login worker");
        return NULL;
    }
    return self;
}

void
imi_logins_destroy (imi_logins_t **self_p)
{
    imi_logins_t *self = *self_p;
    if (self) {
        zactor_destroy (&self->worker);
        imi_throttle_destroy (&self->failures);
        zhashx_destroy (&self->in_flight);
        free (self);
        *self_p = NULL;
    }
}

zactor_t *
imi_logins_socket (imi_logins_t *self)
{
    return self->worker;
}

int64_t
imi_logins_wait (imi_logins_t *self, const char *name, int64_t now_ms)
{
    if (self->pending >= IMI_LOGIN_PENDING_MAX || (name && zhashx_lookup (self->in_flight, name)))
        return 1000;
    return name? imi_throttle_wait (self->failures, name, now_ms): 0;
}

int
imi_logins_submit (imi_logins_t *self, zframe_t **client, const char *name, const char *hash,
                   const char *password, const char *new_password, zmsg_t **context)
{
    zmsg_t *job = zmsg_new ();
    zmsg_append (job, client);
    zmsg_addstr (job, hash? name: "");
    zmsg_addstr (job, hash? hash: "");
    zmsg_addstr (job, hash? password: "");
    zmsg_addstr (job, new_password? new_password: "");
    for (zframe_t *frame = context && *context? zmsg_pop (*context): NULL; frame;
         frame = zmsg_pop (*context))
        zmsg_append (job, &frame);
    if (context)
        zmsg_destroy (context);
    if (zmsg_send (&job, self->worker)) {
        zmsg_destroy (&job);
        return imi_error_set ("cannot reach the login worker");
    }
    if (hash)
        zhashx_insert (self->in_flight, name, self);
    self->pending++;
    return 0;
}

int
imi_logins_result (imi_logins_t *self, int64_t now_ms, imi_login_result_t *result)
{
    memset (result, 0, sizeof *result);
    zmsg_t *message = zmsg_recv (self->worker);
    if (!message)
        return -1;
    if (self->pending)
        self->pending--;
    bool whole = zmsg_size (message) >= S_JOB_FRAMES;
    result->client = whole? zmsg_pop (message): NULL;
    char *name = whole? zmsg_popstr (message): NULL;
    char *hash = whole? zmsg_popstr (message): NULL;
    char *flag = whole? zmsg_popstr (message): NULL;
    char *new_hash = whole? zmsg_popstr (message): NULL;
    int rc = -1;
    if (name && hash && flag && new_hash && strlen (hash) < crypto_pwhash_STRBYTES
    &&  strlen (new_hash) < crypto_pwhash_STRBYTES) {
        snprintf (result->name, sizeof result->name, "%s", name);
        memcpy (result->hash, hash, strlen (hash) + 1);
        memcpy (result->new_hash, new_hash, strlen (new_hash) + 1);
        result->verified = strcmp (flag, "1") == 0;
        result->context = message;
        message = NULL;
        if (*hash) {
            zhashx_delete (self->in_flight, name);
            if (result->verified)
                imi_throttle_succeeded (self->failures, name);
            else
                imi_throttle_failed (self->failures, name, now_ms);
        }
        rc = 0;
    }
    else
        imi_logins_result_free (result);
    zmsg_destroy (&message);
    zstr_free (&name);
    s_secret_free (&hash);
    zstr_free (&flag);
    s_secret_free (&new_hash);
    return rc;
}

void
imi_logins_result_free (imi_login_result_t *result)
{
    zframe_destroy (&result->client);
    zmsg_destroy (&result->context);
    sodium_memzero (result->hash, sizeof result->hash);
    sodium_memzero (result->new_hash, sizeof result->new_hash);
}

size_t
imi_logins_pending (imi_logins_t *self)
{
    return self->pending;
}
