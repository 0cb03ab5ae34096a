/*  imi_apikeys: API keys, how back-office systems (a national register, a
    case system) use the node's HTTP API without a person logging in.

    A key is made for one authority of the node's state and one role, by a
    user who may manage users of that authority and role (imi_user_can_manage,
    imi_user_can_manage_role) or by the operator. Its secret is shown once,
    to whoever created it: "imi_" and 32 random bytes in base64url without
    padding (47 characters). The node stores only the BLAKE2b-256 hash of the
    32 bytes (libsodium crypto_generichash): the secret has 256 bits of
    entropy, so a fast hash is enough and no password hash is needed; a copy
    of the database cannot be used as a key.

    A request carrying a key acts as a pseudo-user named "apikey.<id>"
    (imi_apikey_user_name) of the key's authority, role and language,
    resolved where sessions are (imi_users_session), so that every access
    rule applies unchanged; case events it writes name that actor. A key is
    honoured while it is not revoked and its creator is an active user (or
    the operator made it): disabling a person ends the keys they made, as it
    ends their sessions, since they saw the secrets. Ids are never reused.
    Its last use is recorded, at most once a minute (S_USE_GRANULARITY_MS):
    no write per request.

    Keys do not make or revoke keys: those commands need a person (or the
    operator), enforced by the control module.
*/
#ifndef IMI_APIKEYS_H
#define IMI_APIKEYS_H

#include "imi_users.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define IMI_APIKEY_PREFIX           "imi_"
#define IMI_APIKEY_BYTES            32
#define IMI_APIKEY_CHARS            47          //  the prefix and 43 of base64url
#define IMI_APIKEY_HASH_BYTES       32
#define IMI_APIKEY_LABEL_MAX        100         //  bytes of UTF-8
#define IMI_APIKEY_BY_MAX           160         //  who created or revoked it, as logged

//  A key's facts, as given to imi_apikeys_create and read back.
typedef struct {
    char authority [IMI_CASE_AUTHORITY_MAX + 1];    //  "DE:x"
    imi_role_t role;
    char lang [4];                                  //  ISO 639-1
    char label [IMI_APIKEY_LABEL_MAX + 1];          //  what it is for, e.g. "BAFA case system"
    char creator [IMI_USER_NAME_MAX + 1];           //  the user who made it; "": the operator
    char created_by [IMI_APIKEY_BY_MAX + 1];        //  the creator as the audit log names them
    bool revoked;
} imi_apikey_t;

//  True if token has the shape of a key (the prefix): it is then resolved
//  as one, never as a session token.
bool imi_apikey_token (const char *token);

//  The secret bytes of a key's text. 0, or -2 if it is not "imi_" and 43
//  characters of base64url encoding 32 bytes.
int imi_apikey_parse (const char *text, uint8_t secret [IMI_APIKEY_BYTES]) IMI_WARN_UNUSED;

//  What the node stores of a secret: its BLAKE2b-256 hash.
void imi_apikey_hash (const uint8_t secret [IMI_APIKEY_BYTES],
                      uint8_t hash [IMI_APIKEY_HASH_BYTES]);

//  "apikey.<id>", the name a key acts under (not a valid user name: see
//  imi_user_name_valid). name has IMI_USER_NAME_MAX + 1 bytes.
void imi_apikey_user_name (int64_t id, char *name);

//  Make a key with the facts of key (authority, role, lang, label, creator,
//  created_by; the caller has checked who may). Writes its id and its text
//  (the secret, NUL-ended: the caller shows it once and wipes it). 0, -2 if
//  a fact is invalid (the reason names it), -1.
int imi_apikeys_create (imi_store_t *store, const imi_apikey_t *key, int64_t now_ms,
                        int64_t *id, char text [IMI_APIKEY_CHARS + 1]);

//  Key id's facts. 0, 1 if there is none, -1.
int imi_apikeys_get (imi_store_t *store, int64_t id, imi_apikey_t *key);

//  Revoke key id (by: who, as logged). 0, -2 if there is no such key or it
//  is revoked already, -1.
int imi_apikeys_revoke (imi_store_t *store, int64_t id, const char *by, int64_t now_ms);

//  A page of keys of authority (every authority if NULL), by id, those
//  after id cursor (0: from the first), at most limit, into page (an
//  object): {items: [{id, authority, role, lang, label, created_by,
//  created_ms, last_used_ms, revoked_ms, revoked_by, status}], next_cursor}
//  where status is "active", "revoked" or "creator_disabled", the times ms
//  since 1970 or null, next_cursor the cursor of the next page (a string)
//  or null on the last. 0 or -1.
int imi_apikeys_list (imi_store_t *store, const char *authority, int64_t cursor, long limit,
                      json_t *page);

//  The pseudo-user of a key's text, if the key is honoured; records its use
//  (at most once a minute). 0, -2 "unknown or revoked API key" (the same
//  reason for a malformed, unknown, revoked or orphaned key), -1. On a
//  read-only store, a use due to be recorded is refused with
//  IMI_ERROR_WRITER (-2).
int imi_apikeys_session (imi_store_t *store, const char *text, int64_t now_ms,
                         imi_user_t *user);

#endif
