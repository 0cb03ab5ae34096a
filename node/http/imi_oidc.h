/*  imi_oidc: the node as an OpenID Connect relying party (sign-in through
    the identity provider the state chooses). See docs/http.md, "Signing in
    through an identity provider", and docs/decisions.md.

    The authorization code flow with PKCE (S256), state and nonce. Every
    call to the provider (its discovery document, its JWKS, its token
    endpoint) is made here, with libcurl, on the HTTP server's threads:
    never on the node's loop. The ID token is parsed and its signature
    checked by Rhonabwy (a JOSE library) against the provider's JWKS; its
    claims are then checked here: iss, aud (and azp), exp, iat, nonce, with
    IMI_OIDC_SKEW_S of clock skew allowed either way.

    What this module decides is who the person is, as the provider says:
    the value of the claim oidc_claim names (sub by default). Whether that
    person may sign in, as whom, and with which role, is the users table's
    (imi_users_login_subject, on the loop): roles never come from a token.

    A sign-in in progress (state, nonce, PKCE verifier, the page to return
    to) is held in memory for IMI_OIDC_PENDING_MS, and used once. The
    discovery document is fetched at each sign-in's start (so a provider
    that is down is found before the browser is sent to it, and a changed
    endpoint is followed); the JWKS is kept, and fetched again when a token
    names a key it does not hold (the provider rotated its keys).

    Thread-safe: the HTTP threads share one imi_oidc_t (a mutex guards what
    they share).
*/
#ifndef IMI_OIDC_H
#define IMI_OIDC_H

#include "imi_settings.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMI_OIDC_SKEW_S         120                 //  clock skew allowed either way
#define IMI_OIDC_IAT_MAX_S      600                 //  an ID token issued longer ago is refused
#define IMI_OIDC_PENDING_MS     (10 * 60 * 1000LL)  //  a sign-in must finish within this
#define IMI_OIDC_PENDING_MAX    10000               //  sign-ins in progress at most
#define IMI_OIDC_STATE_CHARS    43                  //  32 random bytes, base64url
#define IMI_OIDC_VALUE_MAX      255                 //  the claim's value, bytes at most
#define IMI_OIDC_NEXT_MAX       512                 //  the page to return to, bytes at most
#define IMI_OIDC_TOKEN_MAX      (16 * 1024)         //  an ID token, bytes at most

typedef struct _imi_oidc_t imi_oidc_t;

//  Why a sign-in did not end in a session. The names are the web
//  application's (/signin?oidc_error=NAME) and the log's (reason=NAME).
typedef enum {
    IMI_OIDC_OK,
    IMI_OIDC_PROVIDER,          //  the provider is down, or answers what we cannot use
    IMI_OIDC_STATE,             //  no sign-in of this browser has that state (forged,
                                //  replayed, expired, or another browser's)
    IMI_OIDC_DENIED,            //  the provider answered with an error (the person
                                //  cancelled, or was refused there)
    IMI_OIDC_CODE,              //  the provider refused the code (replayed or expired)
    IMI_OIDC_TOKEN              //  the ID token failed a check (signature, iss, aud, ...)
} imi_oidc_outcome_t;

//  The outcome's name ("provider", "state", ...).
const char *imi_oidc_outcome_name (imi_oidc_outcome_t outcome);

//  What a finished sign-in gives.
typedef struct {
    imi_oidc_outcome_t outcome;
    char value [IMI_OIDC_VALUE_MAX + 1];    //  the claim's value (outcome OK)
    char *id_token;                         //  the ID token (outcome OK; the caller's,
                                            //  imi_oidc_result_clear frees it)
    char next [IMI_OIDC_NEXT_MAX + 1];      //  the page to return to ("/" by default)
    char reason [512];                      //  why not (outcome not OK), for the log
} imi_oidc_result_t;

//  The relying party of settings (oidc_issuer set), with the client secret
//  read from oidc_client_secret_file, which must be readable by the node's
//  user only (mode 0600 or stricter). NULL, with a reason, on failure.
//  Calls curl_global_init: create it before the HTTP threads start.
imi_oidc_t *imi_oidc_new (const imi_settings_t *settings);

//  Destroy it (wiping the secret); safe to call twice; sets *self_p to NULL.
void imi_oidc_destroy (imi_oidc_t **self_p);

//  The provider's name, as the sign-in page shows it (oidc_provider_name).
const char *imi_oidc_provider_name (imi_oidc_t *self);

//  Begin a sign-in that returns to next (a path of this site; anything
//  else is "/"): the provider's authorization URL to send the browser to
//  (*url, the caller's) and the state, which the caller binds to the
//  browser (a cookie). 0, or -1 with the reason if the provider cannot be
//  used (its discovery document).
int imi_oidc_begin (imi_oidc_t *self, const char *next, char **url,
                    char state [IMI_OIDC_STATE_CHARS + 1]);

//  Finish the sign-in the provider sent the browser back from, with the
//  query's state, code and error (each NULL if absent) and the state the
//  browser's cookie holds (NULL if none): the code exchanged at the token
//  endpoint, the ID token checked. The outcome in *result (clear it with
//  imi_oidc_result_clear).
void imi_oidc_finish (imi_oidc_t *self, const char *state, const char *cookie_state,
                      const char *code, const char *error, imi_oidc_result_t *result);

//  Free what result holds (the ID token, wiped).
void imi_oidc_result_clear (imi_oidc_result_t *result);

//  The URL that ends the person's session at the provider too (RP-initiated
//  logout: its end_session_endpoint with id_token_hint and the
//  post-logout redirect, this site's /signin), or NULL if the provider has
//  none (the caller's).
char *imi_oidc_logout_url (imi_oidc_t *self, const char *id_token);

//  Readiness: can the provider be used? Its discovery document is fetched
//  if the last look is older than a few seconds. true, or false with why
//  in detail.
bool imi_oidc_ready (imi_oidc_t *self, char *detail, size_t size);

//  The provider's state changed since the last call (a call to it failed
//  after one succeeded, or the other way round): true once per change,
//  with *up the new state and detail why. The caller logs it (through the
//  loop, which owns the log).
bool imi_oidc_provider_changed (imi_oidc_t *self, bool *up, char *detail, size_t size);

//  Check an ID token (token) as a sign-in does: a JWS (not "none", not a
//  symmetric algorithm) signed by a key of the JWKS jwks (JSON text) that
//  its kid names (or the JWKS's only key if it names none), with iss
//  issuer, client_id among its audiences (and as azp if it has several),
//  not expired and issued at most IMI_OIDC_IAT_MAX_S before now_s (both
//  with IMI_OIDC_SKEW_S of skew), nonce nonce. The value of the claim
//  named claim (a string) into value. 0; -2 with the reason if the token
//  fails a check (*unknown_kid true if it names a key the JWKS lacks).
int imi_oidc_verify (const char *token, const char *jwks, const char *issuer,
                     const char *client_id, const char *nonce, int64_t now_s,
                     const char *claim, char *value, size_t size, bool *unknown_kid)
    IMI_WARN_UNUSED;

void imi_oidc_test (void);

#endif
