/*  imi_users: the people who use a node, their roles, and their sessions.

    A user belongs to one authority of the node's state ("DE:x", which must
    be in the directory) and has one role:
        coordinator  national IMI coordinator: every case of the state, can
                     step into any of them (act as the responder or requester
                     authority), manages every user of the state
        admin        local data administrator: manages the users of their
                     authority (but never a coordinator); handles its cases
                     like a handler
        handler      reads and acts on the cases of their authority
        auditor      reads the cases of their authority, never personal data,
                     never acts
    A user name is never reused: a disabled user keeps it, because it names
    the actor of the case events they wrote.
    Passwords are stored with libsodium's crypto_pwhash_str_alg (Argon2id,
    interactive limits: about 64 MiB and 0.05 to 0.5 s per hash, which the
    node spends on its login worker, never on its loop, for every login and
    every password set); a user without a password cannot log in. A login
    with an unknown name costs the same work as one with a wrong password
    (it is checked against a dummy hash) and gives the same reason, so the
    answer and its timing do not reveal which names exist. Logging in returns a random session token (32
    bytes, hex); the node stores only the SHA-256 of those bytes and an
    expiry, so a copy of the database cannot be replayed as a session.
    Expired sessions are deleted lazily (at the next login, or when used).
    Every case command names its user by such a token.
    The node's operator (whoever can reach the control socket) creates the
    first users; after that an admin or coordinator manages users in a session.
    Calls that write are single statements (or ordered so that a crash between
    two leaves nothing unsafe): they need no transaction from the caller.
*/
#ifndef IMI_USERS_H
#define IMI_USERS_H

#include "imi_body_case.h"
#include "imi_store.h"

#include <czmq.h>
#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>

#define IMI_USER_NAME_MAX           IMI_CASE_ACTOR_MAX      //  [a-z0-9._-]{1,64}, not "system"
#define IMI_PASSWORD_MIN            10                      //  bytes
#define IMI_PASSWORD_MAX            1024
#define IMI_SESSION_TOKEN_CHARS     64                      //  hex of 32 random bytes
#define IMI_SESSION_TTL_MS          (12LL * 3600 * 1000)    //  a working day

typedef enum {
    IMI_ROLE_COORDINATOR,
    IMI_ROLE_ADMIN,
    IMI_ROLE_HANDLER,
    IMI_ROLE_AUDITOR
} imi_role_t;

typedef struct {
    char name [IMI_USER_NAME_MAX + 1];
    char authority [IMI_CASE_AUTHORITY_MAX + 1];    //  "DE:x"
    imi_role_t role;
    char lang [4];                                  //  ISO 639-1
    int64_t api_key;                                //  an API key's id if the caller is
                                                    //  one (imi_apikeys), else 0
} imi_user_t;

//  "coordinator", ...; and back (0, or -2 naming the accepted roles).
const char *imi_role_name (imi_role_t role);
int imi_role_parse (const char *name, imi_role_t *role) IMI_WARN_UNUSED;

//  True if name follows the rule above (and does not start with "apikey.":
//  the names API keys act under, imi_apikeys).
bool imi_user_name_valid (const char *name);

//  Is password acceptable (IMI_PASSWORD_MIN to IMI_PASSWORD_MAX bytes)? 0,
//  or -2 saying why not.
int imi_users_password_check (const char *password);

//  The Argon2id string of password into hash (about 0.1 s and 64 MiB: the
//  node's loop has it done on its login worker, imi_login.h). Any thread;
//  touches no store. 0, or -1 (out of memory).
int imi_users_password_hash (const char *password, char hash [crypto_pwhash_STRBYTES]);

//  Add a user with the password whose imi_users_password_hash is
//  password_hash (NULL: none, set later). The caller has checked the
//  authority exists and the password; this checks the name, the
//  authority's shape ("XX:id"), the role and lang (two lower-case letters).
//  0, -2 if invalid or the name is taken (reason names which), -1 on error.
int imi_users_add (imi_store_t *store, const imi_user_t *user, const char *password_hash,
                   int64_t now_ms);

//  Set an active user's password to the one whose imi_users_password_hash
//  is password_hash and end their sessions (a reset after a leak must lock
//  out whoever held one). 0, -2 (unknown or disabled user), -1.
int imi_users_set_password (imi_store_t *store, const char *name, const char *password_hash);

//  Disable a user and end their sessions. 0, -2 if unknown or already
//  disabled, -1.
int imi_users_disable (imi_store_t *store, const char *name, int64_t now_ms);

//  An active user by name: 0, 1 if absent or disabled, -1 on error.
int imi_users_get (imi_store_t *store, const char *name, imi_user_t *user);

//  A page of the users of authority (of every authority if NULL), ordered
//  by authority then name: those after the user named cursor (NULL: from
//  the first), at most limit, into page (an object): {items: [{name,
//  authority, role, lang, password (true if set), subject (the person at
//  the identity provider, or null), status ("active" or "disabled")}],
//  next_cursor}, next_cursor the cursor of the next page (a
//  string) or null on the last. 0, -2 if cursor names no user, -1.
int imi_users_list (imi_store_t *store, const char *authority, const char *cursor, long limit,
                    json_t *page);

//  Check name and password; on success create a session and write its token
//  (NUL-terminated hex). 0, -2 "wrong user name or password" (the same
//  reason whichever was wrong), -1 on error. It runs Argon2id (about 0.1 s)
//  on the calling thread; the node's loop uses its three steps instead,
//  the middle one on a thread of its own (imi_login.h):
int imi_users_login (imi_store_t *store, const char *name, const char *password,
                     int64_t now_ms, char token [IMI_SESSION_TOKEN_CHARS + 1]);
//  1. The hash to verify the password of name against: the user's, or,
//     for an unknown or disabled user or one without a password, a hash
//     that verifies no password (the same work whichever was wrong). 0, -1.
int imi_users_login_hash (imi_store_t *store, const char *name,
                          char hash [crypto_pwhash_STRBYTES]);
//  2. Does password match hash? Any thread; touches no store.
bool imi_users_password_verify (const char *hash, const char *password);
//  3. After password verified against verified_hash: a session, if that is
//     still name's hash (not disabled, no new password meanwhile). As
//     imi_users_login.
int imi_users_login_open (imi_store_t *store, const char *name, const char *verified_hash,
                          int64_t now_ms, char token [IMI_SESSION_TOKEN_CHARS + 1]);

//  The user of a live session, or of an API key if token has a key's
//  prefix (imi_apikeys_session: then user->api_key is its id). 0, -2 "not
//  logged in or session expired" (or the key's refusal), -1. On a
//  read-only store, a session that has expired (deleted when found) is
//  refused with IMI_ERROR_WRITER (-2).
int imi_users_session (imi_store_t *store, const char *token, int64_t now_ms,
                       imi_user_t *user);

//  End a session (unknown tokens are fine). If id_token is not NULL, the
//  ID token the session was opened with into *id_token (the caller's;
//  NULL if it had none: a password's session). 0 or -1.
int imi_users_logout (imi_store_t *store, const char *token, char **id_token);

//  Sign-in through an identity provider (node/http/imi_oidc.h). A user is
//  linked to one person there: the value of the claim the node reads
//  (oidc_claim, the subject by default), which no other user has.
#define IMI_OIDC_SUBJECT_MAX    255
//  Link the active user name to subject. 0, -2 (unknown or disabled user,
//  a subject empty or too long, or another user's), -1.
int imi_users_link (imi_store_t *store, const char *name, const char *subject);
//  Unlink the user name and end their sessions (one may have been opened
//  through the link). 0, -2 (no such user, or not
//  linked), -1.
int imi_users_unlink (imi_store_t *store, const char *name);
//  Open a session for the user linked to subject (the provider vouched
//  for it), remembering id_token (for the provider's logout): its token
//  into token, the user's name into name. 0; -2 if no user is linked to
//  subject (imi_error_kind IMI_ERROR_NOT_FOUND) or the linked user is
//  disabled (IMI_ERROR_FORBIDDEN, name set); -1.
int imi_users_login_subject (imi_store_t *store, const char *subject, const char *id_token,
                             int64_t now_ms, char token [IMI_SESSION_TOKEN_CHARS + 1],
                             char name [IMI_USER_NAME_MAX + 1]);

//  Access rules, in one place. A coordinator's reach is every authority of
//  the state of their own authority ("DE:..."); the others', their authority.
//  May user read / act on a case whose authority on our side is authority?
bool imi_user_can_read (const imi_user_t *user, const char *authority);
bool imi_user_can_act (const imi_user_t *user, const char *authority);
//  The kinds of exchange users read.
typedef enum {
    IMI_EXCHANGE_CASE,
    IMI_EXCHANGE_ALERT,
    IMI_EXCHANGE_NOTIFICATION,
    IMI_EXCHANGE_KINDS
} imi_exchange_t;
//  What of an exchange user's role lets them see, the one rule every view
//  (list, show, attachment) of cases, alerts and notifications asks. True:
//  the facts and the content; false: the facts only. The facts are who did
//  what, when, for which authority, under which procedure, to which
//  states; questions asked, ratings, acknowledgements. The content is what
//  people wrote, where personal data is: personal-data and alert fields,
//  answer values, free text (texts, comments, reasons, notification
//  titles), attachments (names and bytes). A case adds its own conditions
//  on top (the responder's acceptance, retention: imi_case_view).
bool imi_user_sees_content (const imi_user_t *user, imi_exchange_t exchange);
//  May user manage (add, disable, set the password of) users of authority?
//  A coordinator those of the state, an admin those of their authority.
bool imi_user_can_manage (const imi_user_t *user, const char *authority);
//  May user manage a user of role (give it, or disable or reset a user who
//  has it)? A coordinator any role, an admin any but coordinator. Checked
//  with imi_user_can_manage: without it an admin could make (or take over)
//  a coordinator of their own authority and so reach the whole state.
bool imi_user_can_manage_role (const imi_user_t *user, imi_role_t role);

#endif
