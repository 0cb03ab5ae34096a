/*  imi_apikeys: API keys. See imi_apikeys.h.

    Representation. An api_keys row per key (schema migration 18): the hash
    of the secret (unique, the lookup key), the facts the key acts with, who
    made it (creator, a user name, NULL for the operator; created_by as the
    audit log names them), when, its last use (to the minute), and its
    revocation. Rows are never deleted, so ids (AUTOINCREMENT) are never
    reused and "apikey.<id>" names one key for good in case events.

    Invariants. The secret exists only in the reply to its creation; it is
    never logged, never in an error reason, and wiped from our buffers after
    use. A key is honoured only while revoked_ms is NULL and its creator is
    NULL or an active user, whatever else the row holds.
*/
#include "imi_apikeys.h"
#include "imi_error.h"
#include "imi_page.h"
#include "imi_lines.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *s_insert =
    "INSERT INTO api_keys (hash, authority, role, lang, label, creator, created_by, created_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char *s_select =
    "SELECT authority, role, lang, label, coalesce (creator, ''), created_by, "
    "revoked_ms IS NOT NULL FROM api_keys WHERE id = ?1";
static const char *s_revoke =
    "UPDATE api_keys SET revoked_ms = ?2, revoked_by = ?3 WHERE id = ?1 AND revoked_ms IS NULL";
//  Whether a key is honoured, in one expression (imi_apikeys.h)
#define S_HONOURED "k.revoked_ms IS NULL AND (k.creator IS NULL OR EXISTS (SELECT 1 FROM users u " \
                   "WHERE u.name = k.creator AND u.disabled_ms IS NULL))"
static const char *s_session =
    "SELECT k.id, k.authority, k.role, k.lang, coalesce (k.last_used_ms, 0) FROM api_keys k "
    "WHERE k.hash = ?1 AND " S_HONOURED;
static const char *s_used =
    "UPDATE api_keys SET last_used_ms = ?2 WHERE id = ?1";
static const char *s_list =
    "SELECT k.id, k.authority, k.role, k.lang, k.label, k.created_by, k.created_ms, "
    "k.last_used_ms, k.revoked_ms, k.revoked_by, " S_HONOURED " FROM api_keys k "
    "WHERE (?1 IS NULL OR k.authority = ?1) AND k.id > ?2 ORDER BY k.id LIMIT ?3";

#define S_USE_GRANULARITY_MS    60000   //  a key's last use is recorded at most this often
#define S_PREFIX_SIZE           (sizeof IMI_APIKEY_PREFIX - 1)

static const char *s_refused = "unknown or revoked API key";

bool
imi_apikey_token (const char *token)
{
    return token && strncmp (token, IMI_APIKEY_PREFIX, S_PREFIX_SIZE) == 0;
}

int
imi_apikey_parse (const char *text, uint8_t secret [IMI_APIKEY_BYTES])
{
    size_t size = 0;
    if (!imi_apikey_token (text) || strnlen (text, IMI_APIKEY_CHARS + 1) != IMI_APIKEY_CHARS
    ||  sodium_base642bin (secret, IMI_APIKEY_BYTES, text + S_PREFIX_SIZE,
                           IMI_APIKEY_CHARS - S_PREFIX_SIZE, NULL, &size, NULL,
                           sodium_base64_VARIANT_URLSAFE_NO_PADDING)
    ||  size != IMI_APIKEY_BYTES) {
        sodium_memzero (secret, IMI_APIKEY_BYTES);
        return imi_error_malformed ("not an API key: " IMI_APIKEY_PREFIX " and 43 characters "
                                    "of base64url");
    }
    return 0;
}

void
imi_apikey_hash (const uint8_t secret [IMI_APIKEY_BYTES], uint8_t hash [IMI_APIKEY_HASH_BYTES])
{
    crypto_generichash (hash, IMI_APIKEY_HASH_BYTES, secret, IMI_APIKEY_BYTES, NULL, 0);
}

void
imi_apikey_user_name (int64_t id, char *name)
{
    snprintf (name, IMI_USER_NAME_MAX + 1, "apikey.%lld", (long long) id);
}

//  A label is 1 to IMI_APIKEY_LABEL_MAX bytes of UTF-8 without control
//  characters (it is shown in tables and JSON).
static bool
s_label_valid (const char *label)
{
    size_t size = strnlen (label, IMI_APIKEY_LABEL_MAX + 1);
    if (size == 0 || size > IMI_APIKEY_LABEL_MAX)
        return false;
    for (size_t index = 0; index < size; index++)
        if ((unsigned char) label [index] < 0x20 || label [index] == 0x7f)
            return false;
    json_t *utf8 = json_string (label);
    json_decref (utf8);
    return utf8 != NULL;
}

int
imi_apikeys_create (imi_store_t *store, const imi_apikey_t *key, int64_t now_ms, int64_t *id,
                    char text [IMI_APIKEY_CHARS + 1])
{
    if (!s_label_valid (key->label))
        return imi_error_malformed ("the label must be 1 to %d bytes of UTF-8 without control "
                                    "characters (what the key is for)", IMI_APIKEY_LABEL_MAX);
    if (strnlen (key->lang, 3) != 2 || key->lang [0] < 'a' || key->lang [0] > 'z'
    ||  key->lang [1] < 'a' || key->lang [1] > 'z')
        return imi_error_malformed ("'%.3s' is not a language code: two lower-case letters "
                                    "(ISO 639-1, e.g. de)", key->lang);
    uint8_t secret [IMI_APIKEY_BYTES], hash [IMI_APIKEY_HASH_BYTES];
    imi_random (secret, sizeof secret);
    imi_apikey_hash (secret, hash);
    sqlite3_stmt *statement = imi_store_statement (store, s_insert);
    int rc = -1;
    if (statement) {
        sqlite3_bind_blob (statement, 1, hash, sizeof hash, SQLITE_STATIC);
        sqlite3_bind_text (statement, 2, key->authority, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 3, imi_role_name (key->role), -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 4, key->lang, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 5, key->label, -1, SQLITE_STATIC);
        if (*key->creator)
            sqlite3_bind_text (statement, 6, key->creator, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, 7, key->created_by, -1, SQLITE_STATIC);
        sqlite3_bind_int64 (statement, 8, now_ms);
        rc = imi_store_step_done (store, statement, "creating an API key");
    }
    if (rc == 0) {
        *id = sqlite3_last_insert_rowid (imi_store_db (store));
        memcpy (text, IMI_APIKEY_PREFIX, S_PREFIX_SIZE);
        sodium_bin2base64 (text + S_PREFIX_SIZE, IMI_APIKEY_CHARS + 1 - S_PREFIX_SIZE, secret,
                           sizeof secret, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    }
    sodium_memzero (secret, sizeof secret);
    return rc;
}

int
imi_apikeys_get (imi_store_t *store, int64_t id, imi_apikey_t *key)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_select);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, id);
    int rc = sqlite3_step (statement);
    if (rc == SQLITE_ROW) {
        memset (key, 0, sizeof *key);
        rc = imi_store_column_text (statement, 0, key->authority, sizeof key->authority)
          && imi_role_parse ((const char *) sqlite3_column_text (statement, 1), &key->role) == 0
          && imi_store_column_text (statement, 2, key->lang, sizeof key->lang)
          && imi_store_column_text (statement, 3, key->label, sizeof key->label)
          && imi_store_column_text (statement, 4, key->creator, sizeof key->creator)
          && imi_store_column_text (statement, 5, key->created_by, sizeof key->created_by)
           ? 0: imi_error_set ("the api_keys table holds a corrupt row for key %lld",
                               (long long) id);
        key->revoked = sqlite3_column_int (statement, 6) != 0;
    }
    else
        rc = rc == SQLITE_DONE? 1: imi_store_error (store, "looking up an API key");
    sqlite3_reset (statement);
    return rc;
}

int
imi_apikeys_revoke (imi_store_t *store, int64_t id, const char *by, int64_t now_ms)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_revoke);
    if (!statement)
        return -1;
    sqlite3_bind_int64 (statement, 1, id);
    sqlite3_bind_int64 (statement, 2, now_ms);
    sqlite3_bind_text (statement, 3, by, -1, SQLITE_STATIC);
    if (imi_store_step_done (store, statement, "revoking an API key"))
        return -1;
    if (sqlite3_changes (imi_store_db (store)) == 0)
        return imi_error_malformed ("there is no API key %lld that is not revoked already",
                                    (long long) id);
    return 0;
}

//  Column column of statement as JSON: an integer, or null.
static json_t *
s_integer_or_null (sqlite3_stmt *statement, int column)
{
    return sqlite3_column_type (statement, column) == SQLITE_NULL
         ? json_null (): json_integer (sqlite3_column_int64 (statement, column));
}

//  Column column of statement as a JSON string, or null.
static json_t *
s_text_or_null (sqlite3_stmt *statement, int column)
{
    const char *text = (const char *) sqlite3_column_text (statement, column);
    return text? json_string (text): json_null ();
}

int
imi_apikeys_list (imi_store_t *store, const char *authority, int64_t cursor, long limit,
                  json_t *page)
{
    sqlite3_stmt *statement = imi_store_statement (store, s_list);
    json_t *items = statement? json_object_get (page, "items"): NULL;
    if (!items)
        return -1;
    if (authority)
        sqlite3_bind_text (statement, 1, authority, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (statement, 2, cursor);
    sqlite3_bind_int64 (statement, 3, limit + 1);       //  one more: is there a next page?
    int rc;
    int64_t last = 0;
    bool more = false;
    while ((rc = sqlite3_step (statement)) == SQLITE_ROW) {
        if ((long) json_array_size (items) == limit) {
            more = true;
            continue;
        }
        last = sqlite3_column_int64 (statement, 0);
        bool revoked = sqlite3_column_type (statement, 8) != SQLITE_NULL;
        const char *status = revoked? "revoked"
                           : sqlite3_column_int (statement, 10)? "active": "creator_disabled";
        json_t *item = json_pack ("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:s}",
            "id", (json_int_t) last,
            "authority", (const char *) sqlite3_column_text (statement, 1),
            "role", (const char *) sqlite3_column_text (statement, 2),
            "lang", (const char *) sqlite3_column_text (statement, 3),
            "label", (const char *) sqlite3_column_text (statement, 4),
            "created_by", (const char *) sqlite3_column_text (statement, 5),
            "created_ms", (json_int_t) sqlite3_column_int64 (statement, 6),
            "last_used_ms", s_integer_or_null (statement, 7),
            "revoked_ms", s_integer_or_null (statement, 8),
            "revoked_by", s_text_or_null (statement, 9),
            "status", status);
        if (json_array_append_new (items, item)) {
            sqlite3_reset (statement);
            return imi_error_set ("out of memory (or a corrupt api_keys row %lld)",
                                  (long long) last);
        }
    }
    sqlite3_reset (statement);
    if (rc != SQLITE_DONE)
        return imi_store_error (store, "listing API keys");
    char next [24];
    snprintf (next, sizeof next, "%lld", (long long) last);
    return more? imi_page_next_key (page, next): 0;
}

int
imi_apikeys_session (imi_store_t *store, const char *text, int64_t now_ms, imi_user_t *user)
{
    uint8_t secret [IMI_APIKEY_BYTES], hash [IMI_APIKEY_HASH_BYTES];
    if (imi_apikey_parse (text, secret))
        return imi_error_malformed ("%s", s_refused);
    imi_apikey_hash (secret, hash);
    sodium_memzero (secret, sizeof secret);
    sqlite3_stmt *statement = imi_store_statement (store, s_session);
    if (!statement)
        return -1;
    sqlite3_bind_blob (statement, 1, hash, sizeof hash, SQLITE_STATIC);
    int rc = sqlite3_step (statement);
    int64_t id = 0, last_used_ms = 0;
    if (rc == SQLITE_ROW) {
        memset (user, 0, sizeof *user);
        id = sqlite3_column_int64 (statement, 0);
        last_used_ms = sqlite3_column_int64 (statement, 4);
        imi_apikey_user_name (id, user->name);
        user->api_key = id;
        rc = imi_store_column_text (statement, 1, user->authority, sizeof user->authority)
          && imi_role_parse ((const char *) sqlite3_column_text (statement, 2), &user->role) == 0
          && imi_store_column_text (statement, 3, user->lang, sizeof user->lang)
           ? 0: imi_error_set ("the api_keys table holds a corrupt row for key %lld",
                               (long long) id);
    }
    else
        rc = rc == SQLITE_DONE? imi_error_malformed ("%s", s_refused)
                              : imi_store_error (store, "looking up an API key");
    sqlite3_reset (statement);
    //  A use within the minute after the one recorded is not written again.
    bool record = now_ms - last_used_ms >= S_USE_GRANULARITY_MS || now_ms < last_used_ms;
    if (rc == 0 && record && imi_store_readonly (store))
        return imi_error_refuse (IMI_ERROR_WRITER, "an API key's use is recorded");
    if (rc == 0 && record) {
        statement = imi_store_statement (store, s_used);
        if (!statement)
            return -1;
        sqlite3_bind_int64 (statement, 1, id);
        sqlite3_bind_int64 (statement, 2, now_ms);
        rc = imi_store_step_done (store, statement, "recording an API key's use");
    }
    return rc;
}
