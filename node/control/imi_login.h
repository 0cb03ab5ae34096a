/*  imi_login: password logins off the loop, and their throttling.

    A login's Argon2id hash takes about 0.1 s and 64 MiB. Run on the loop,
    it stops message delivery meanwhile, and 10,000 bad logins would stop it
    for a quarter of an hour. So the loop (imi_control's login) only looks
    the hash up, hands the verification to a worker thread of its own
    (imi_logins_verify, which takes the client) and goes on; when the
    worker's verdict arrives (imi_logins_verdict, the control module's
    socket) the loop opens the session and answers.

    Throttling, per user name (known or not, as the node cannot say which
    without the work it is saving), by imi_throttle.h's rule with
    IMI_LOGIN_FREE_FAILURES, IMI_LOGIN_WAIT_MAX_MS and IMI_LOGIN_FORGET_MS:
    a throttled attempt is refused at once with the wait, before any hash
    is computed. One verification per name at a time, at most
    IMI_LOGIN_PENDING_MAX in all (the worker's memory). Per client address
    throttling is the HTTP server's (docs/http.md).
*/
#ifndef IMI_LOGIN_H
#define IMI_LOGIN_H

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

//  The socket that is readable when a verdict is ready.
zactor_t *imi_logins_socket (imi_logins_t *self);

//  May name be verified now? 0, or how many ms it must wait first (its
//  failures, one of its logins still being verified, or too many logins
//  in all).
int64_t imi_logins_wait (imi_logins_t *self, const char *name, int64_t now_ms);

//  Verify password against hash for name on the worker; client is taken
//  (the answer goes there later). 0 or -1.
int imi_logins_verify (imi_logins_t *self, zframe_t **client, const char *name,
                       const char *hash, const char *password);

//  Count an outcome of a password verified elsewhere for name (the loop's
//  own check of a current password) as a login's is counted.
void imi_logins_outcome (imi_logins_t *self, const char *name, bool verified, int64_t now_ms);

//  The next verdict: the client (the caller's), the name, the hash it was
//  verified against, and whether the password matched; the outcome is
//  counted for the name's throttling. 0, or -1 if nothing valid was read.
int imi_logins_verdict (imi_logins_t *self, int64_t now_ms, zframe_t **client,
                        char *name, size_t name_size, char hash [crypto_pwhash_STRBYTES],
                        bool *verified);

#endif
