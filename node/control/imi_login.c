/*  imi_login: password logins off the loop, and their throttling.
    See imi_login.h.
*/
#include "imi_login.h"
#include "imi_error.h"
#include "imi_throttle.h"
#include "imi_users.h"

#include <stdlib.h>
#include <string.h>

struct _imi_logins_t {
    zactor_t *worker;
    imi_throttle_t *failures;   //  per user name
    zhashx_t *in_flight;        //  names being verified (values unused)
    size_t pending;             //  verifications sent, verdicts not read
};

//  The worker: [client, name, hash, password] in, [client, name, hash,
//  "1" or "0"] out. The password is wiped from its frame.
static void
s_worker (zsock_t *pipe, void *args)
{
    (void) args;
    zsock_signal (pipe, 0);
    while (true) {
        zmsg_t *request = zmsg_recv (pipe);
        if (!request)
            break;
        if (zmsg_size (request) != 4) {         //  $TERM
            zmsg_destroy (&request);
            break;
        }
        zframe_t *client = zmsg_pop (request);
        zframe_t *name = zmsg_pop (request);
        char *hash = zmsg_popstr (request);
        char *password = zmsg_popstr (request);
        bool verified = imi_users_password_verify (hash, password);
        sodium_memzero (password, strlen (password));
        zstr_free (&password);
        zmsg_destroy (&request);
        zmsg_t *verdict = zmsg_new ();
        zmsg_append (verdict, &client);
        zmsg_append (verdict, &name);
        zmsg_addstr (verdict, hash);
        zmsg_addstr (verdict, verified? "1": "0");
        zstr_free (&hash);
        if (zmsg_send (&verdict, pipe))
            zmsg_destroy (&verdict);
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
    if (self->pending >= IMI_LOGIN_PENDING_MAX || zhashx_lookup (self->in_flight, name))
        return 1000;
    return imi_throttle_wait (self->failures, name, now_ms);
}

int
imi_logins_verify (imi_logins_t *self, zframe_t **client, const char *name, const char *hash,
                   const char *password)
{
    zmsg_t *request = zmsg_new ();
    zmsg_append (request, client);
    zmsg_addstr (request, name);
    zmsg_addstr (request, hash);
    zmsg_addstr (request, password);
    if (zmsg_send (&request, self->worker)) {
        zmsg_destroy (&request);
        return imi_error_set ("cannot reach the login worker");
    }
    zhashx_insert (self->in_flight, name, self);
    self->pending++;
    return 0;
}

void
imi_logins_outcome (imi_logins_t *self, const char *name, bool verified, int64_t now_ms)
{
    if (verified)
        imi_throttle_succeeded (self->failures, name);
    else
        imi_throttle_failed (self->failures, name, now_ms);
}

int
imi_logins_verdict (imi_logins_t *self, int64_t now_ms, zframe_t **client, char *name,
                    size_t name_size, char hash [crypto_pwhash_STRBYTES], bool *verified)
{
    zmsg_t *verdict = zmsg_recv (self->worker);
    if (!verdict)
        return -1;
    if (self->pending)
        self->pending--;
    *client = zmsg_size (verdict) == 4? zmsg_pop (verdict): NULL;
    char *name_text = *client? zmsg_popstr (verdict): NULL;
    char *hash_text = zmsg_popstr (verdict);
    char *flag = zmsg_popstr (verdict);
    zmsg_destroy (&verdict);
    int rc = -1;
    if (name_text && *client && hash_text && flag && strlen (hash_text) < crypto_pwhash_STRBYTES) {
        snprintf (name, name_size, "%s", name_text);
        memcpy (hash, hash_text, strlen (hash_text) + 1);
        *verified = strcmp (flag, "1") == 0;
        zhashx_delete (self->in_flight, name_text);
        imi_logins_outcome (self, name_text, *verified, now_ms);
        rc = 0;
    }
    else
        zframe_destroy (client);
    zstr_free (&name_text);
    zstr_free (&hash_text);
    zstr_free (&flag);
    return rc;
}
