/*  imi_login: Argon2id off the loop (logins, and every password set), and
    the throttling of logins.

    An Argon2id hash takes about 0.1 s and 64 MiB. Run on the loop, it
    stops message delivery meanwhile: 10,000 bad logins would stop it for a
    quarter of an hour, an administrator's script adding 500 users for a
    minute. So the loop (imi_control) never computes one: it checks the
    request and the caller's rights, hands the Argon2id work to a worker
    thread of its own (imi_logins_submit, which takes the client and a
    context) and goes on; when the worker's result arrives
    (imi_logins_result, the control module's socket) the loop finishes the
    command (opens the session, writes the user's row) and answers. One
    job verifies a password against a hash (a login, the current password
    of a change), hashes a new one (user-add, user-password), or both
    (password). The worker runs one job at a time, at most
    IMI_LOGIN_PENDING_MAX wait (its memory): past that a request is
    refused at once, to be retried.

    Throttling, per user name (known or not, as the node cannot say which
    without the work it is saving), by imi_throttle.h's rule with
    IMI_LOGIN_FREE_FAILURES, IMI_LOGIN_WAIT_MAX_MS and IMI_LOGIN_FORGET_MS:
    a throttled attempt is refused at once with the wait, before any hash
    is computed. One verification per name at a time. Per client address
    throttling is the HTTP server's (docs/http.md).
*/
#ifndef IMI_LOGIN_H
#define IMI_LOGIN_H

#include "imi_users.h"

#include <czmq.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#define IMI_LOGIN_FREE_FAILURES     5
#define IMI_LOGIN_WAIT_MAX_MS       (300 * 1000LL)
#define IMI_LOGIN_FORGET_MS         (15 * 60 * 1000LL)
#define IMI_LOGIN_PENDING_MAX       16
#define IMI_LOGIN_NAMES_MAX         10000       //  names remembered at most

typedef struct _imi_logins_t imi_logins_t;

//  Start the worker. NULL on failure, with a reason.
imi_logins_t *imi_logins_new (void);

//  Stop it; safe to call twice; sets *self_p to NULL. Pending clients get
//  no answer (the node is stopping).
void imi_logins_destroy (imi_logins_t **self_p);

//  The socket that is readable when a result is ready.
zactor_t *imi_logins_socket (imi_logins_t *self);

//  May name be verified now (NULL: may a password be hashed now)? 0, or
//  how many ms it must wait first (its failures, one of its verifications
//  still running, or too many jobs waiting).
int64_t imi_logins_wait (imi_logins_t *self, const char *name, int64_t now_ms);

//  Hand a job to the worker: verify password against hash, for name (if
//  hash is not NULL: a login's or a current password's check, counted for
//  name's throttling), then hash new_password (if not NULL and the
//  verification, if any, succeeded). client and context (frames the
//  caller wants back with the result; may be NULL) are taken. 0 or -1.
int imi_logins_submit (imi_logins_t *self, zframe_t **client, const char *name,
                       const char *hash, const char *password, const char *new_password,
                       zmsg_t **context);

//  A job's result (imi_logins_result), the caller's to free with
//  imi_logins_result_free.
typedef struct {
    zframe_t *client;
    char name [IMI_USER_NAME_MAX + 2];          //  the name verified, or "" (a longer
                                                //  one, no user's, is cut)
    char hash [crypto_pwhash_STRBYTES];         //  the hash verified against, or ""
    bool verified;                              //  true if nothing was to be verified
    char new_hash [crypto_pwhash_STRBYTES];     //  new_password's, or "" (none asked,
                                                //  not verified, or out of memory)
    zmsg_t *context;                            //  the job's context, or NULL
} imi_login_result_t;

//  The next result, into *result; a verification's outcome is counted for
//  its name's throttling. 0, or -1 if nothing valid was read.
int imi_logins_result (imi_logins_t *self, int64_t now_ms, imi_login_result_t *result);

//  Free a result's client and context and wipe its hashes.
void imi_logins_result_free (imi_login_result_t *result);

//  Jobs handed to the worker and not yet read back.
size_t imi_logins_pending (imi_logins_t *self);

#endif
