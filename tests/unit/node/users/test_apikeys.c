/*  Unit test: imi_apikeys on a real SQLite file.

    What a back-office system and an admin rely on: a key's text is "imi_"
    and 43 characters of base64url (known answer), anything else is not a
    key; the node stores its BLAKE2b-256 hash (known answer), never the
    text; a key made acts as "apikey.<id>" of its authority, role and
    language, through imi_users_session as a session token would; its use
    is recorded at most once a minute; it is listed by page with who made
    it; revoked, or once its creator is disabled, it is refused with the
    same reason as an unknown key; a bad label or language is refused and
    makes no key.
*/
#include "imi_apikeys.h"
#include "imi_crypto.h"
#include "imi_error.h"
#include "imi_schema.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_NOW 1800000000000LL

static imi_store_t *s_store;

//  The key's text of the bytes 0, 1, ... 31 and the BLAKE2b-256 of those
//  bytes (Python: hashlib.blake2b (bytes (range (32)), digest_size=32)).
static const char *s_known_text = "imi_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
static const char *s_known_hash =
    "cb2f5160fc1f7e05a55ef49d340b48da2e5a78099d53393351cd579dd42503d6";

static void
s_test_parse_and_hash (void)
{
    uint8_t secret [IMI_APIKEY_BYTES], hash [IMI_APIKEY_HASH_BYTES];
    assert (strlen (s_known_text) == IMI_APIKEY_CHARS);
    assert (imi_apikey_token (s_known_text));
    assert (imi_apikey_parse (s_known_text, secret) == 0);
    for (int index = 0; index < IMI_APIKEY_BYTES; index++)
        assert (secret [index] == index);
    imi_apikey_hash (secret, hash);
    char hex [2 * IMI_APIKEY_HASH_BYTES + 1];
    imi_hex_encode (hex, hash, sizeof hash);
    assert (strcmp (hex, s_known_hash) == 0);

    //  Not keys: no prefix, too short, too long, padding, the other
    //  alphabet, a character outside base64url, trailing bits set.
    char long_text [64];
    snprintf (long_text, sizeof long_text, "%sA", s_known_text);
    const char *bad [] = { "", "imi_", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8",
                           "imi_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh", long_text,
                           "imi_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh=",
                           "imi_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH+8",
                           "imi_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdH.8",
                           "imi_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9" };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++) {
        assert (imi_apikey_parse (bad [index], secret) == -2);
        assert (strstr (imi_error_last (), "not an API key"));
    }
    assert (!imi_apikey_token ("0123abcd"));
    char name [IMI_USER_NAME_MAX + 1];
    imi_apikey_user_name (42, name);
    assert (strcmp (name, "apikey.42") == 0);
    assert (!imi_user_name_valid (name));
}

static imi_apikey_t
s_key (const char *authority, imi_role_t role, const char *label, const char *creator)
{
    imi_apikey_t key = { .role = role };
    snprintf (key.authority, sizeof key.authority, "%s", authority);
    snprintf (key.lang, sizeof key.lang, "de");
    snprintf (key.label, sizeof key.label, "%s", label);
    snprintf (key.creator, sizeof key.creator, "%s", creator);
    snprintf (key.created_by, sizeof key.created_by, "%s", *creator? creator: "operator");
    return key;
}

//  The status of key id in a list of every key, and its last use (-1 if null).
static const char *
s_listed (int64_t id, int64_t *last_used_ms)
{
    static char status [32];
    json_t *page = json_object ();
    assert (imi_apikeys_list (s_store, NULL, 0, 100, page) == 0);
    size_t index;
    json_t *item;
    status [0] = 0;
    json_array_foreach (json_object_get (page, "items"), index, item)
        if (json_integer_value (json_object_get (item, "id")) == id) {
            snprintf (status, sizeof status, "%s",
                      json_string_value (json_object_get (item, "status")));
            json_t *used = json_object_get (item, "last_used_ms");
            *last_used_ms = json_is_null (used)? -1: json_integer_value (used);
        }
    json_decref (page);
    return status;
}

static void
s_test_keys (void)
{
    imi_user_t adam = { .role = IMI_ROLE_ADMIN };
    snprintf (adam.name, sizeof adam.name, "adam");
    snprintf (adam.authority, sizeof adam.authority, "DE:bafa");
    snprintf (adam.lang, sizeof adam.lang, "de");
    assert (imi_users_add (s_store, &adam, NULL, S_NOW) == 0);

    //  Made by adam for DE:bafa, handler: acts as apikey.1
    imi_apikey_t key = s_key ("DE:bafa", IMI_ROLE_HANDLER, "BAFA case system", "adam");
    int64_t id = 0, other_id = 0;
    char text [IMI_APIKEY_CHARS + 1], other [IMI_APIKEY_CHARS + 1];
    assert (imi_apikeys_create (s_store, &key, S_NOW, &id, text) == 0);
    assert (id == 1 && strlen (text) == IMI_APIKEY_CHARS && imi_apikey_token (text));
    imi_apikey_t operator_key = s_key ("DE:zab", IMI_ROLE_AUDITOR, "register", "");
    assert (imi_apikeys_create (s_store, &operator_key, S_NOW, &other_id, other) == 0);
    assert (other_id == 2 && strcmp (text, other) != 0);

    //  The database holds the hash, never the text
    sqlite3_stmt *statement = imi_store_statement (s_store, "SELECT count (*) FROM api_keys "
        "WHERE instr (CAST (hash AS TEXT), ?1) OR instr (label, ?1) OR instr (created_by, ?1)");
    sqlite3_bind_text (statement, 1, text + 4, -1, SQLITE_STATIC);
    assert (sqlite3_step (statement) == SQLITE_ROW && sqlite3_column_int (statement, 0) == 0);
    sqlite3_reset (statement);

    //  It resolves as a session token does, and its first use is recorded
    imi_user_t user;
    int64_t used;
    assert (strcmp (s_listed (id, &used), "active") == 0 && used == -1);
    assert (imi_users_session (s_store, text, S_NOW + 1000, &user) == 0);
    assert (strcmp (user.name, "apikey.1") == 0 && strcmp (user.authority, "DE:bafa") == 0);
    assert (user.role == IMI_ROLE_HANDLER && strcmp (user.lang, "de") == 0 && user.api_key == 1);
    assert (strcmp (s_listed (id, &used), "active") == 0 && used == S_NOW + 1000);
    //  ... again within the minute: not written; a minute later: written
    assert (imi_users_session (s_store, text, S_NOW + 60999, &user) == 0);
    assert (strcmp (s_listed (id, &used), "active") == 0 && used == S_NOW + 1000);
    assert (imi_users_session (s_store, text, S_NOW + 61000, &user) == 0);
    assert (strcmp (s_listed (id, &used), "active") == 0 && used == S_NOW + 61000);

    //  Facts read back; the list by pages of one, after a cursor
    imi_apikey_t read;
    assert (imi_apikeys_get (s_store, id, &read) == 0);
    assert (strcmp (read.label, "BAFA case system") == 0 && strcmp (read.creator, "adam") == 0);
    assert (!read.revoked && imi_apikeys_get (s_store, 99, &read) == 1);
    json_t *page = json_object ();
    assert (imi_apikeys_list (s_store, NULL, 0, 1, page) == 0);
    assert (json_array_size (json_object_get (page, "items")) == 1);
    assert (strcmp (json_string_value (json_object_get (page, "next_cursor")), "1") == 0);
    json_decref (page);
    page = json_object ();
    assert (imi_apikeys_list (s_store, NULL, 1, 1, page) == 0);
    json_t *item = json_array_get (json_object_get (page, "items"), 0);
    assert (json_integer_value (json_object_get (item, "id")) == 2);
    assert (strcmp (json_string_value (json_object_get (item, "created_by")), "operator") == 0);
    assert (json_is_null (json_object_get (page, "next_cursor")));
    json_decref (page);
    page = json_object ();
    assert (imi_apikeys_list (s_store, "DE:zab", 0, 10, page) == 0);
    assert (json_array_size (json_object_get (page, "items")) == 1);
    json_decref (page);

    //  Refused alike: a forged key, a session-shaped token is not a key
    char forged [IMI_APIKEY_CHARS + 1];
    memcpy (forged, text, sizeof forged);
    forged [10] = forged [10] == 'A'? 'B': 'A';
    assert (imi_users_session (s_store, forged, S_NOW, &user) == -2);
    assert (strcmp (imi_error_last (), "unknown or revoked API key") == 0);
    assert (imi_users_session (s_store, "imi_short", S_NOW, &user) == -2);
    assert (strcmp (imi_error_last (), "unknown or revoked API key") == 0);

    //  Its creator disabled: refused, listed so
    assert (imi_users_disable (s_store, "adam", S_NOW + 2) == 0);
    assert (imi_users_session (s_store, text, S_NOW + 200000, &user) == -2);
    assert (strcmp (imi_error_last (), "unknown or revoked API key") == 0);
    assert (strcmp (s_listed (id, &used), "creator_disabled") == 0);

    //  The operator's key lives on; revoked, it is refused, once
    assert (imi_users_session (s_store, other, S_NOW, &user) == 0 && user.role == IMI_ROLE_AUDITOR);
    assert (imi_apikeys_revoke (s_store, other_id, "operator", S_NOW + 3) == 0);
    assert (imi_apikeys_revoke (s_store, other_id, "operator", S_NOW + 4) == -2);
    assert (imi_apikeys_revoke (s_store, 99, "operator", S_NOW + 4) == -2);
    assert (imi_users_session (s_store, other, S_NOW + 5, &user) == -2);
    assert (strcmp (s_listed (other_id, &used), "revoked") == 0);
    assert (imi_apikeys_get (s_store, other_id, &read) == 0 && read.revoked);

    //  Bad facts: refused, no key made (the next id is 3)
    imi_apikey_t bad = s_key ("DE:bafa", IMI_ROLE_HANDLER, "", "");
    assert (imi_apikeys_create (s_store, &bad, S_NOW, &id, text) == -2);
    assert (strstr (imi_error_last (), "label"));
    bad = s_key ("DE:bafa", IMI_ROLE_HANDLER, "line\nbreak", "");
    assert (imi_apikeys_create (s_store, &bad, S_NOW, &id, text) == -2);
    bad = s_key ("DE:bafa", IMI_ROLE_HANDLER, "\xff\xfe", "");
    assert (imi_apikeys_create (s_store, &bad, S_NOW, &id, text) == -2);
    bad = s_key ("DE:bafa", IMI_ROLE_HANDLER, "ok", "");
    snprintf (bad.lang, sizeof bad.lang, "DE");
    assert (imi_apikeys_create (s_store, &bad, S_NOW, &id, text) == -2);
    assert (strstr (imi_error_last (), "language"));
    bad = s_key ("DE:bafa", IMI_ROLE_HANDLER, "ok", "");
    assert (imi_apikeys_create (s_store, &bad, S_NOW, &id, text) == 0 && id == 3);
}

int
main (void)
{
    assert (imi_crypto_init () == 0);
    char folder [] = "/tmp/imi-apikeys-XXXXXX";
    assert (mkdtemp (folder));
    char path [64];
    snprintf (path, sizeof path, "%s/node.db", folder);
    s_store = imi_schema_open (path);
    assert (s_store);

    s_test_parse_and_hash ();
    s_test_keys ();

    imi_store_destroy (&s_store);
    const char *suffixes [] = { "", "-wal", "-shm" };
    for (size_t index = 0; index < 3; index++) {
        char file [80];
        snprintf (file, sizeof file, "%s%s", path, suffixes [index]);
        unlink (file);
    }
    rmdir (folder);
    printf ("test_apikeys: OK\n");
    return 0;
}
