/*  imi_users: users, passwords, sessions and the access rules. See imi_users.h.

    Representation. A users row per user (schema migration 3): the role as
    its name, the password as libsodium's self-describing string (algorithm,
    limits, salt and hash in one), disabled_ms NULL while active. A sessions
    row per live login, keyed by the SHA-256 of the token's 32 bytes; the
    token itself exists only in the reply to the login.

    Invariants. A session row names an existing user; a session is honoured
    only while its user is active and its expiry is in the future, whatever
    the sessions table holds (disabling deletes the sessions too, but the
    lookup does not rely on it). Passwords and tokens are never logged, never
    put in an error reason, and wiped from our buffers after use.
*/
#include "imi_users.h"
#include "imi_apikeys.h"
#include "imi_error.h"
#include "imi_page.h"
#include "imi_lines.h"

#include <assert.h>
#include <sodium.h>
#include <string.h>

static const char *s_insert =
    "INSERT INTO users (name, authority, role, lang, password, created_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char *s_exists =
    "SELECT 1 FROM users WHERE name = ?1";
static const char *s_select_active =
    "SELECT authority, role, lang, password FROM users WHERE name = ?1 AND disabled_ms IS NULL";
static const char *s_set_password =
    "UPDATE users SET password = ?2 WHERE name = ?1 AND disabled_ms IS NULL";
static const char *s_disable =
    "UPDATE users SET disabled_ms = ?2 WHERE name = ?1 AND disabled_ms IS NULL";
//  A page after cursor ?2 (a user's name; NULL: from the first), of ?3 rows
static const char *s_list =
    "SELECT name, authority, role, lang, password IS NOT NULL, disabled_ms IS NULL, oidc_subject "
    "FROM users "
    "WHERE (?1 IS NULL OR authority = ?1) AND (?2 IS NULL OR (authority, name) > "
    "(SELECT authority, name FROM users WHERE name = ?2)) ORDER BY authority, name LIMIT ?3";
static const char *s_session_insert =
    "INSERT INTO sessions (token_hash, user, created_ms, expires_ms, id_token) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
static const char *s_session_id_token =
    "SELECT id_token FROM sessions WHERE token_hash = ?1";
static const char *s_link =
    "UPDATE users SET oidc_subject = ?2 WHERE name = ?1 AND disabled_ms IS NULL";
static const char *s_unlink =
    "UPDATE users SET oidc_subject = NULL WHERE name = ?1 AND oidc_subject IS NOT NULL";
static const char *s_subject_owner =
    "SELECT name, disabled_ms IS NULL FROM users WHERE oidc_subject = ?1";
static const char *s_session_select =
    "SELECT s.expires_ms, u.name, u.authority, u.role, u.lang FROM sessions s "
    "JOIN users u ON u.name = s.user AND u.disabled_ms IS NULL WHERE s.token_hash = ?1";
static const char *s_session_delete =
    "DELETE FROM sessions WHERE token_hash = ?1";
static const char *s_session_delete_expired =
    "DELETE FROM sessions WHERE expires_ms <= ?1";
static const char *s_session_delete_user =
    "DELETE FROM sessions WHERE user = ?1";

#define S_TOKEN_BYTES (IMI_SESSION_TOKEN_CHARS / 2)

static const char *s_login_refused = "wrong user name or password";
static const char *s_session_refused = "not logged in or session expired";

//  What a login checks when the user does not exist or has no password:
//  the hash of a random password (forgotten) with the same algorithm and
//  limits as every stored one, so the refusal costs the same work.
static const char s_dummy_hash [crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$PVsmI6KUVBq/mWIDfWBFwA$"
    "WeTIsGABRogJw08gt58hmPhJ3X9a6d9xTuxTFyA401A";

static const char *s_role_names [] = {
    [IMI_ROLE_COORDINATOR] = "coordinator",
    [IMI_ROLE_ADMIN] = "admin",
    [IMI_ROLE_HANDLER] = "handler",
    [IMI_ROLE_AUDITOR] = "auditor",
};
#define S_ROLE_COUNT (sizeof s_role_names / sizeof s_role_names [0])

const char *
imi_role_name (imi_role_t role)
{
    return (size_t) role < S_ROLE_COUNT? s_role_names [role]: "unknown";
}

int
imi_role_parse (const char *name, imi_role_t *role)
{
    for (size_t index = 0; index < S_ROLE_COUNT; index++)
        if (name && strcmp (name, s_role_names [index]) == 0) {
            *role = (imi_role_t) index;
            return 0;
        }
    return imi_error_malformed ("unknown role '%.32s': the roles are coordinator, admin, "
                                "handler and auditor", name? name: "");
}

bool
imi_user_name_valid (const char *name)
{
    size_t size = strnlen (name, IMI_USER_NAME_MAX + 1);
    if (size == 0 || size > IMI_USER_NAME_MAX || strcmp (name, "system") == 0
    ||  strncmp (name, "apikey.", 7) == 0)
        return false;
    for (size_t index = 0; index < size; index++) {
        char letter = name [index];
        if (!((letter >= 'a' && letter <= 'z') || (letter >= '0' && letter <= '9')
           || letter == '.' || letter == '_' || letter == '-'))
            return false;
    }
    return true;
}

//  "XX:id": two upper-case letters, a colon, an id; fits the user record.
static bool
s_authority_valid (const char *authority)
{
    size_t size = strnlen (authority, IMI_CASE_AUTHORITY_MAX + 1);
    return size >= 4 && size <= IMI_CASE_AUTHORITY_MAX
        && authority [0] >= 'A' && authority [0] <= 'Z'
        && authority [1] >= 'A' && authority [1] <= 'Z' && authority [2] == ':';
}

static bool
s_lang_valid (const char *lang)
{
    return strnlen (lang, 3) == 2 && lang [0] >= 'a' && lang [0] <= 'z'
        && lang [1] >= 'a' && lang [1] <= 'z';
}

int
imi_users_password_check (const char *password)
{
    size_t size = strnlen (password, IMI_PASSWORD_MAX + 1);
    if (size < IMI_PASSWORD_MIN)
        return imi_error_malformed ("the password is too short: at least %d bytes",
                                    IMI_PASSWORD_MIN);
    if (size > IMI_PASSWORD_MAX)
        return imi_error_malformed ("the password is too long: at most %d bytes",
                                    IMI_PASSWORD_MAX);
    return 0;
}

int
imi_users_password_hash (const char *password, char hash [crypto_pwhash_STRBYTES])
{
    if (crypto_pwhash_str_alg (hash, password, strlen (password),
                               crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE,
                               crypto_pwhash_ALG_ARGON2ID13))
        return imi_error_set ("hashing a password: out of memory");
    return 0;
}

//  1 if a user named name exists (active or disabled), 0 if not, -1.
static int
s_user_exists (imi_store_t *store, const char *name)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_exists);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    sqlite3_reset (statement);
    if (rc == SQLITE_ROW)
        return 1;
    return rc == SQLITE_DONE? 0: imi_store_error (store, "looking up a user");
}

int
imi_users_add (imi_store_t *store, const imi_user_t *user, const char *password_hash,
               int64_t now_ms)
{
    if (!imi_user_name_valid (user->name))
        return imi_error_malformed ("the user name '%.64s' is not valid: 1 to %d of a-z 0-9 "
                                    ". _ - (and not 'system')", user->name, IMI_USER_NAME_MAX);
    if (!s_authority_valid (user->authority))
        return imi_error_malformed ("'%.67s' is not an authority key (XX:id)", user->authority);
    if ((size_t) user->role >= S_ROLE_COUNT)
        return imi_error_malformed ("unknown role %d", (int) user->role);
    if (!s_lang_valid (user->lang))
        return imi_error_malformed ("'%.3s' is not a language code: two lower-case letters "
                                    "(ISO 639-1, e.g. de)", user->lang);
    int rc = s_user_exists (store, user->name);
    if (rc == 1)
        return imi_error_malformed ("a user named %s exists already (names are never reused, "
                                    "even after disable)", user->name);
    if (rc)
        return -1;

    sqlite3_stmt *statement = imi_store_statement (store, s_insert);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, user->name, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, user->authority, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 3, imi_role_name (user->role), -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 4, user->lang, -1, SQLITE_STATIC);
    if (password_hash)
        sqlite3_bind_text (statement, 5, password_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 6, now_ms);
    return imi_store_step_done (store, statement, "adding a user");
}

int
imi_users_set_password (imi_store_t *store, const char *name, const char *password_hash)
{
    imi_user_t user;
    int rc = imi_users_get (store, name, &user);
    if (rc == 1)
        return imi_error_refuse (IMI_ERROR_NOT_FOUND, "there is no active user named %.64s",
                                 name);
    if (rc)
        return -1;
    //  Sessions first: a crash between the two leaves the old password
    //  with no session, never a new password beside a leaked session.
    sqlite3_stmt *statement = imi_store_statement (store, s_session_delete_user);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    if (imi_store_step_done (store, statement, "ending a user's sessions"))
        return -1;
    statement = imi_store_statement (store, s_set_password);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, password_hash, -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "setting a password");
}

int
imi_users_disable (imi_store_t *store, const char *name, int64_t now_ms)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_disable);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, now_ms);
    if (imi_store_step_done (store, statement, "disabling a user"))
        return -1;
    if (sqlite3_changes (imi_store_db (store)) == 0)
        return imi_error_malformed ("there is no active user named %.64s", name);
    //  A crash before this leaves sessions the lookup refuses anyway.
    statement = imi_store_statement (store, s_session_delete_user);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "ending a user's sessions");
}

//  Fill user from a row whose columns from first are authority, role, lang.
//  0, or -1 if the row is corrupt (a database edited by hand).
static int
s_user_from_row (imi_user_t *user, sqlite3_stmt *statement, int first)
{
    if (!imi_store_column_text (statement, first, user->authority, sizeof user->authority)
    ||  !imi_store_column_text (statement, first + 2, user->lang, sizeof user->lang)
    ||  imi_role_parse ((const char *) sqlite3_column_text (statement, first + 1), &user->role))
        return imi_error_set ("the users table holds a corrupt row for %.64s", user->name);
    return 0;
}

//  The active user name into user, and a copy of the password hash into
//  hash ("" if none) when hash is not NULL. 0, 1 if absent, -1.
static int
s_user_load (imi_store_t *store, const char *name, imi_user_t *user,
             char hash [crypto_pwhash_STRBYTES])
{
    if (!imi_user_name_valid (name))
        return 1;
    sqlite3_stmt *statement = imi_store_statement (store, s_select_active);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        memset (user, 0, sizeof *user);
        memcpy (user->name, name, strlen (name) + 1);
        rc = s_user_from_row (user, statement, 0);
        if (rc == 0 && hash && !imi_store_column_text (statement, 3, hash, crypto_pwhash_STRBYTES))
            hash [0] = 0;
    }
    else
    if (rc == SQLITE_DONE)
        rc = 1;
    else
        rc = imi_store_error (store, "looking up a user");
    sqlite3_reset (statement);
    return rc;
}

int
imi_users_get (imi_store_t *store, const char *name, imi_user_t *user)
{
    return s_user_load (store, name, user, NULL);
}

int
imi_users_list (imi_store_t *store, const char *authority, const char *cursor, long limit,
                json_t *page)
{
    imi_user_t user;
    int found = cursor? s_user_exists (store, cursor): 1;
    if (found < 0)
        return -1;
    if (found == 0)
        return imi_error_malformed ("the cursor '%.64s' is not one of this list's", cursor);
    sqlite3_stmt *statement = imi_store_statement (store, s_list);
    json_t *items = statement? json_object_get (page, "items"): NULL;
    if (!items)
        return -1;
    if (authority)
        sqlite3_bind_text (statement, 1, authority, -1, SQLITE_STATIC);
    if (cursor)
        sqlite3_bind_text (statement, 2, cursor, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 3, limit + 1);       //  one more: is there a next page?
    int rc;
    bool more = false;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        if ((long) json_array_size (items) == limit) {
            more = true;
            continue;
        }
        memset (&user, 0, sizeof user);
        if (!imi_store_column_text (statement, 0, user.name, sizeof user.name)
        ||  s_user_from_row (&user, statement, 1)
        ||  json_array_append_new (items, json_pack ("{s:s, s:s, s:s, s:s, s:b, s:s?, s:s}",
                "name", user.name, "authority", user.authority,
                "role", imi_role_name (user.role), "lang", user.lang,
                "password", sqlite3_column_int (statement, 4),
                "subject", (const char *) sqlite3_column_text (statement, 6),
                "status", sqlite3_column_int (statement, 5)? "active": "disabled"))) {
            sqlite3_reset (statement);
            return imi_error_set ("listing users: out of memory, or a corrupt row");
        }
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (store, "listing users");
    return more? imi_page_next_key (page, user.name): 0;
}

//  SHA-256 of the token's bytes. 0, or -1 if token is not 64 hex digits.
static int
s_token_hash (uint8_t hash [IMI_HASH_BYTES], const char *token)
{
    uint8_t bytes [S_TOKEN_BYTES];
    if (!token || imi_hex_decode (bytes, sizeof bytes, token))
        return -1;
    imi_hash (hash, bytes, sizeof bytes);
    sodium_memzero (bytes, sizeof bytes);
    return 0;
}

//  Run a statement whose one parameter is a token hash.
static int
s_run_hash (imi_store_t *store, const char *sql, const uint8_t hash [IMI_HASH_BYTES],
            const char *what)
{
    sqlite3_stmt *statement = imi_store_statement (store, sql);
    if (!statement)
        return -1;
    sqlite3_bind_blob (statement, 1, hash, IMI_HASH_BYTES, SQLITE_STATIC);
    return imi_store_step_done (store, statement, what);
}

int
imi_users_login_hash (imi_store_t *store, const char *name,
                      char hash [crypto_pwhash_STRBYTES])
{
    imi_user_t user;
    int rc = s_user_load (store, name, &user, hash);
    if (rc < 0)
        return -1;
    if (rc != 0 || !hash [0])
        memcpy (hash, s_dummy_hash, crypto_pwhash_STRBYTES);
    return 0;
}

bool
imi_users_password_verify (const char *hash, const char *password)
{
    return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

//  A new session for the user name (id_token: the provider's, or NULL):
//  its token into token. Expired sessions are deleted first. 0 or -1.
static int
s_session_open (imi_store_t *store, const char *name, const char *id_token, int64_t now_ms,
                char token [IMI_SESSION_TOKEN_CHARS + 1])
{
    sqlite3_stmt *statement = imi_store_statement (store, s_session_delete_expired);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, now_ms);
    if (imi_store_step_done (store, statement, "deleting expired sessions"))
        return -1;
    uint8_t bytes [S_TOKEN_BYTES], token_hash [IMI_HASH_BYTES];
    imi_random (bytes, sizeof bytes);
    imi_hash (token_hash, bytes, sizeof bytes);
    statement = imi_store_statement (store, s_session_insert);
    int rc = -1;
    if (statement) {
        sqlite3_bind_blob (statement, 1, token_hash, sizeof token_hash, SQLITE_STATIC);
        sqlite3_bind_text (statement, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 3, now_ms);
        sqlite3_bind_int64 (statement, 4, now_ms + IMI_SESSION_TTL_MS);
        if (id_token)
            sqlite3_bind_text (statement, 5, id_token, -1, SQLITE_STATIC);
        rc = imi_store_step_done (store, statement, "creating a session");
    }
    if (rc == 0)
        imi_hex_encode (token, bytes, sizeof bytes);
    sodium_memzero (bytes, sizeof bytes);
    return rc;
}

int
imi_users_login_open (imi_store_t *store, const char *name, const char *verified_hash,
                      int64_t now_ms, char token [IMI_SESSION_TOKEN_CHARS + 1])
{
    imi_user_t user;
    char hash [crypto_pwhash_STRBYTES] = "";
    int rc = s_user_load (store, name, &user, hash);
    if (rc < 0)
        return -1;
    //  Still the user's hash: not disabled, not given a new password meanwhile
    bool same = rc == 0 && hash [0] && strcmp (hash, verified_hash) == 0;
    sodium_memzero (hash, sizeof hash);
    if (!same)
        return imi_error_malformed ("%s", s_login_refused);
    return s_session_open (store, user.name, NULL, now_ms, token);
}

int
imi_users_link (imi_store_t *store, const char *name, const char *subject)
{
    size_t size = subject? strnlen (subject, IMI_OIDC_SUBJECT_MAX + 1): 0;
    if (size == 0 || size > IMI_OIDC_SUBJECT_MAX)
        return imi_error_malformed ("a subject is 1 to %d bytes (the value of the provider's "
                                    "claim the node reads, oidc_claim)", IMI_OIDC_SUBJECT_MAX);
    sqlite3_stmt *statement = imi_store_statement (store, s_subject_owner);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, subject, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    char owner [IMI_USER_NAME_MAX + 1] = "";
    if (rc == SQLITE_ROW)
        imi_store_column_text (statement, 0, owner, sizeof owner);
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "looking up a subject");
    if (rc == SQLITE_ROW && strcmp (owner, name) != 0)
        return imi_error_refuse (IMI_ERROR_CONFLICT, "that subject is linked to the user %s "
                                 "already (unlink it first)", owner);
    statement = imi_store_statement (store, s_link);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, 2, subject, -1, SQLITE_STATIC);
    if (imi_store_step_done (store, statement, "linking a user"))
        return -1;
    if (sqlite3_changes (imi_store_db (store)) == 0)
        return imi_error_refuse (IMI_ERROR_NOT_FOUND, "there is no active user named %.64s",
                                 name);
    return 0;
}

int
imi_users_unlink (imi_store_t *store, const char *name)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_unlink);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    if (imi_store_step_done (store, statement, "unlinking a user"))
        return -1;
    if (sqlite3_changes (imi_store_db (store)) == 0)
        return imi_error_refuse (IMI_ERROR_NOT_FOUND, "there is no user named %.64s linked to "
                                 "a subject", name);
    //  A session opened through the link may be the wrong person's
    statement = imi_store_statement (store, s_session_delete_user);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, name, -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "ending a user's sessions");
}

int
imi_users_login_subject (imi_store_t *store, const char *subject, const char *id_token,
                         int64_t now_ms, char token [IMI_SESSION_TOKEN_CHARS + 1],
                         char name [IMI_USER_NAME_MAX + 1])
{
    *name = 0;
    sqlite3_stmt *statement = imi_store_statement (store, s_subject_owner);
    if (!statement)
        return -1;
    sqlite3_bind_text (statement, 1, subject, -1, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    bool active = false;
    if (rc == SQLITE_ROW) {
        imi_store_column_text (statement, 0, name, IMI_USER_NAME_MAX + 1);
        active = sqlite3_column_int (statement, 1) != 0;
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return imi_store_error (store, "looking up a subject");
    if (rc == SQLITE_DONE)
        return imi_error_refuse (IMI_ERROR_NOT_FOUND, "no IMI user is linked to this person "
                                 "of the identity provider");
    if (!active)
        return imi_error_refuse (IMI_ERROR_FORBIDDEN, "the IMI user %s is disabled", name);
    return s_session_open (store, name, id_token, now_ms, token);
}

int
imi_users_login (imi_store_t *store, const char *name, const char *password,
                 int64_t now_ms, char token [IMI_SESSION_TOKEN_CHARS + 1])
{
    char hash [crypto_pwhash_STRBYTES];
    if (imi_users_login_hash (store, name, hash))
        return -1;
    //  The same work whichever was wrong: the dummy hash never verifies
    //  and never matches a user's at the session's opening.
    int rc = imi_users_password_verify (hash, password)
           ? imi_users_login_open (store, name, hash, now_ms, token)
           : imi_error_malformed ("%s", s_login_refused);
    sodium_memzero (hash, sizeof hash);
    return rc;
}

int
imi_users_session (imi_store_t *store, const char *token, int64_t now_ms, imi_user_t *user)
{
    if (imi_apikey_token (token))
        return imi_apikeys_session (store, token, now_ms, user);
    uint8_t hash [IMI_HASH_BYTES];
    if (s_token_hash (hash, token))
        return imi_error_malformed ("%s", s_session_refused);
    sqlite3_stmt *statement = imi_store_statement (store, s_session_select);
    if (!statement)
        return -1;
    sqlite3_bind_blob (statement, 1, hash, sizeof hash, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    bool expired = false;
    if (rc == SQLITE_ROW) {
        expired = sqlite3_column_int64 (statement, 0) <= now_ms;
        memset (user, 0, sizeof *user);
        rc = imi_store_column_text (statement, 1, user->name, sizeof user->name)
           ? s_user_from_row (user, statement, 2)
           : imi_error_set ("the sessions table names a corrupt user");
    }
    else
    if (rc == SQLITE_DONE)
        rc = imi_error_malformed ("%s", s_session_refused);
    else
        rc = imi_store_error (store, "looking up a session");
    sqlite3_reset (statement);
    if (rc == 0 && expired && imi_store_readonly (store))
        return imi_error_refuse (IMI_ERROR_WRITER, "an expired session is deleted");
    if (rc == 0 && expired) {
        rc = s_run_hash (store, s_session_delete, hash, "deleting an expired session");
        if (rc == 0)
            rc = imi_error_malformed ("%s", s_session_refused);
    }
    return rc;
}

int
imi_users_logout (imi_store_t *store, const char *token, char **id_token)
{
    uint8_t hash [IMI_HASH_BYTES];
    if (id_token)
        *id_token = NULL;
    if (s_token_hash (hash, token))
        return 0;
    sqlite3_stmt *statement = id_token? imi_store_statement (store, s_session_id_token): NULL;
    if (statement) {
        sqlite3_bind_blob (statement, 1, hash, sizeof hash, SQLITE_STATIC);
        if (sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_text (statement, 0))
            *id_token = strdup ((const char *) sqlite3_column_text (statement, 0));
        sqlite3_reset (statement);
    }
    return s_run_hash (store, s_session_delete, hash, "ending a session");
}

//  ---------------------------------------------------------------------------
//  Access rules

//  True if both keys are of the same state ("DE:a", "DE:b").
static bool
s_same_state (const char *ours, const char *authority)
{
    return strlen (ours) >= 3 && ours [2] == ':' && strncmp (ours, authority, 3) == 0;
}

//  True if authority is within user's reach (see imi_user_can_read).
static bool
s_reaches (const imi_user_t *user, const char *authority)
{
    if (user->role == IMI_ROLE_COORDINATOR)
        return s_same_state (user->authority, authority);
    return strcmp (user->authority, authority) == 0;
}

bool
imi_user_can_read (const imi_user_t *user, const char *authority)
{
    return s_reaches (user, authority);
}

bool
imi_user_can_act (const imi_user_t *user, const char *authority)
{
    return user->role != IMI_ROLE_AUDITOR && s_reaches (user, authority);
}

//  What each role sees of each kind of exchange (see imi_user_sees_content).
//  Auditors verify that exchanges happened and when, never what was said
//  about whom (DOMAIN.md, "Roles"): the same for every kind, so that a new
//  kind of exchange cannot show them more by omission.
static const bool s_sees_content [][IMI_EXCHANGE_KINDS] = {
    //                        case   alert  notification
    [IMI_ROLE_COORDINATOR] = { true,  true,  true  },
    [IMI_ROLE_ADMIN]       = { true,  true,  true  },
    [IMI_ROLE_HANDLER]     = { true,  true,  true  },
    [IMI_ROLE_AUDITOR]     = { false, false, false },
};

bool
imi_user_sees_content (const imi_user_t *user, imi_exchange_t exchange)
{
    assert ((size_t) user->role < sizeof s_sees_content / sizeof s_sees_content [0]
            && exchange < IMI_EXCHANGE_KINDS);
    return s_sees_content [user->role][exchange];
}

bool
imi_user_can_manage (const imi_user_t *user, const char *authority)
{
    return (user->role == IMI_ROLE_COORDINATOR || user->role == IMI_ROLE_ADMIN)
        && s_reaches (user, authority);
}

bool
imi_user_can_manage_role (const imi_user_t *user, imi_role_t role)
{
    return user->role == IMI_ROLE_COORDINATOR
       || (user->role == IMI_ROLE_ADMIN && role != IMI_ROLE_COORDINATOR);
}
