/*  Unit test: imi_users on a real SQLite file.

    What a user and an operator rely on: users are added, found, listed and
    disabled; bad names, authorities, roles, languages and passwords are
    refused with a reason and change nothing; a login with the right password
    gives a token that names its user until it expires, is logged out, or
    its user is disabled or given a new password; a wrong password and an
    unknown user get the same reason; the database never holds the token;
    and the access rules, for every role against its own authority, another
    authority of its state and an authority of another state.
*/
#include "imi_error.h"
#include "imi_page.h"
#include "imi_schema.h"
#include "imi_users.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define S_NOW 1800000000000LL
#define S_PASSWORD "correct horse battery"

static imi_store_t *s_store;

//  password's imi_users_password_hash (a static buffer: one at a time).
static const char *
s_hash (const char *password)
{
    static char hash [crypto_pwhash_STRBYTES];
    assert (imi_users_password_check (password) == 0);
    assert (imi_users_password_hash (password, hash) == 0);
    return hash;
}

static imi_user_t
s_user (const char *name, const char *authority, imi_role_t role, const char *lang)
{
    imi_user_t user = { .role = role };
    snprintf (user.name, sizeof user.name, "%s", name);
    snprintf (user.authority, sizeof user.authority, "%s", authority);
    snprintf (user.lang, sizeof user.lang, "%s", lang);
    return user;
}

//  A page of the users of authority (NULL: all) after cursor, as text
//  "name authority role lang password status;..." and the next cursor
//  ("" on the last page).
static char s_page_text [1024], s_next [IMI_USER_NAME_MAX + 1];

static const char *
s_page (const char *authority, const char *cursor, long limit)
{
    json_t *page = imi_page_new ();
    assert (imi_users_list (s_store, authority, cursor, limit, page) == 0);
    size_t used = 0, index;
    json_t *item;
    s_page_text [0] = 0;
    json_array_foreach (json_object_get (page, "items"), index, item)
        used += (size_t) snprintf (s_page_text + used, sizeof s_page_text - used,
                                   "%s %s %s %s %s %s;",
                                   json_string_value (json_object_get (item, "name")),
                                   json_string_value (json_object_get (item, "authority")),
                                   json_string_value (json_object_get (item, "role")),
                                   json_string_value (json_object_get (item, "lang")),
                                   json_is_true (json_object_get (item, "password"))? "yes": "no",
                                   json_string_value (json_object_get (item, "status")));
    const char *next = json_string_value (json_object_get (page, "next_cursor"));
    assert (next || json_is_null (json_object_get (page, "next_cursor")));
    snprintf (s_next, sizeof s_next, "%s", next? next: "");
    json_decref (page);
    return s_page_text;
}

static size_t
s_user_count (void)
{
    s_page (NULL, NULL, 1000);
    size_t count = 0;
    for (const char *cursor = s_page_text; (cursor = strchr (cursor, ';')); cursor++)
        count++;
    return count;
}

static void
s_test_roles_names (void)
{
    imi_role_t role;
    for (imi_role_t each = IMI_ROLE_COORDINATOR; each <= IMI_ROLE_AUDITOR; each++) {
        assert (imi_role_parse (imi_role_name (each), &role) == 0);
        assert (role == each);
    }
    assert (imi_role_parse ("boss", &role) == -2);
    assert (strstr (imi_error_last (), "coordinator, admin, handler and auditor"));
    assert (imi_role_parse ("Admin", &role) == -2);

    assert (imi_user_name_valid ("anna"));
    assert (imi_user_name_valid ("anna.schmidt-2_x"));
    assert (imi_user_name_valid ("a"));
    char longest [IMI_USER_NAME_MAX + 2];
    memset (longest, 'a', IMI_USER_NAME_MAX);
    longest [IMI_USER_NAME_MAX] = 0;
    assert (imi_user_name_valid (longest));
    longest [IMI_USER_NAME_MAX] = 'a';
    longest [IMI_USER_NAME_MAX + 1] = 0;
    assert (!imi_user_name_valid (longest));
    const char *bad [] = { "", "system", "Anna", "anna schmidt", "anna/x", "anna@de", "ännä",
                           "anna\n" };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++)
        assert (!imi_user_name_valid (bad [index]));
}

static void
s_test_add_get_list (void)
{
    imi_user_t anna = s_user ("anna", "DE:bafa", IMI_ROLE_ADMIN, "de");
    assert (imi_users_add (s_store, &anna, s_hash (S_PASSWORD), S_NOW) == 0);
    imi_user_t bert = s_user ("bert", "DE:zab", IMI_ROLE_HANDLER, "en");
    assert (imi_users_add (s_store, &bert, NULL, S_NOW) == 0);
    imi_user_t carl = s_user ("carl", "DE:bafa", IMI_ROLE_AUDITOR, "fr");
    assert (imi_users_add (s_store, &carl, NULL, S_NOW) == 0);

    imi_user_t found;
    assert (imi_users_get (s_store, "anna", &found) == 0);
    assert (strcmp (found.name, "anna") == 0);
    assert (strcmp (found.authority, "DE:bafa") == 0);
    assert (found.role == IMI_ROLE_ADMIN);
    assert (strcmp (found.lang, "de") == 0);
    assert (imi_users_get (s_store, "nobody", &found) == 1);
    assert (imi_users_get (s_store, "Not A Name", &found) == 1);

    //  Refused, with a reason naming what is wrong, and nothing added.
    imi_user_t bad = s_user ("dora", "DE:bafa", IMI_ROLE_HANDLER, "de");
    assert (imi_users_add (s_store, &anna, s_hash (S_PASSWORD), S_NOW) == -2);
    assert (strstr (imi_error_last (), "exists already"));
    bad = s_user ("Dora", "DE:bafa", IMI_ROLE_HANDLER, "de");
    assert (imi_users_add (s_store, &bad, NULL, S_NOW) == -2);
    assert (strstr (imi_error_last (), "user name 'Dora' is not valid"));
    bad = s_user ("system", "DE:bafa", IMI_ROLE_HANDLER, "de");
    assert (imi_users_add (s_store, &bad, NULL, S_NOW) == -2);
    bad = s_user ("dora", "bafa", IMI_ROLE_HANDLER, "de");
    assert (imi_users_add (s_store, &bad, NULL, S_NOW) == -2);
    assert (strstr (imi_error_last (), "not an authority key"));
    bad = s_user ("dora", "DE:bafa", IMI_ROLE_HANDLER, "DE");
    assert (imi_users_add (s_store, &bad, NULL, S_NOW) == -2);
    assert (strstr (imi_error_last (), "language"));
    bad = s_user ("dora", "DE:bafa", IMI_ROLE_HANDLER, "deu");
    assert (imi_users_add (s_store, &bad, NULL, S_NOW) == -2);
    bad = s_user ("dora", "DE:bafa", (imi_role_t) 7, "de");
    assert (imi_users_add (s_store, &bad, NULL, S_NOW) == -2);
    assert (imi_users_password_check ("too short") == -2);
    assert (strstr (imi_error_last (), "too short"));
    char *huge = malloc (IMI_PASSWORD_MAX + 2);
    assert (huge);
    memset (huge, 'x', IMI_PASSWORD_MAX + 1);
    huge [IMI_PASSWORD_MAX + 1] = 0;
    assert (imi_users_password_check (huge) == -2);
    assert (strstr (imi_error_last (), "too long"));
    huge [IMI_PASSWORD_MAX] = 0;
    assert (imi_users_password_check (huge) == 0);
    free (huge);
    assert (imi_users_get (s_store, "dora", &found) == 1);
    assert (s_user_count () == 3);

    //  Ordered by authority, then name; password and status shown.
    assert (streq (s_page (NULL, NULL, 100), "anna DE:bafa admin de yes active;"
                   "carl DE:bafa auditor fr no active;bert DE:zab handler en no active;"));
    assert (streq (s_next, ""));
    assert (streq (s_page ("DE:zab", NULL, 100), "bert DE:zab handler en no active;"));
    assert (streq (s_page ("DE:none", NULL, 100), ""));

    //  Pages: the cursor is where the last page ended, across authorities;
    //  the last page says there is none after it; a cursor that names no
    //  user is refused.
    assert (streq (s_page (NULL, NULL, 2), "anna DE:bafa admin de yes active;"
                   "carl DE:bafa auditor fr no active;"));
    assert (streq (s_next, "carl"));
    assert (streq (s_page (NULL, "carl", 2), "bert DE:zab handler en no active;"));
    assert (streq (s_next, ""));
    assert (streq (s_page (NULL, "anna", 1), "carl DE:bafa auditor fr no active;"));
    assert (streq (s_next, "carl"));
    json_t *page = imi_page_new ();
    assert (imi_users_list (s_store, NULL, "nobody", 10, page) == -2);
    assert (strstr (imi_error_last (), "cursor 'nobody'"));
    json_decref (page);
}

static void
s_test_login (void)
{
    char token [IMI_SESSION_TOKEN_CHARS + 1], other [IMI_SESSION_TOKEN_CHARS + 1];
    assert (imi_users_login (s_store, "anna", S_PASSWORD, S_NOW, token) == 0);
    assert (strlen (token) == IMI_SESSION_TOKEN_CHARS);
    assert (imi_users_login (s_store, "anna", S_PASSWORD, S_NOW, other) == 0);
    assert (strcmp (token, other) != 0);

    //  Wrong password, unknown user, a user without a password, a name
    //  that cannot exist: one and the same reason.
    const char *wrong [][2] = { { "anna", "correct horse battery!" }, { "nobody", S_PASSWORD },
                                { "bert", S_PASSWORD }, { "Not A Name", S_PASSWORD },
                                { "anna", "" } };
    for (size_t index = 0; index < sizeof wrong / sizeof wrong [0]; index++) {
        assert (imi_users_login (s_store, wrong [index][0], wrong [index][1], S_NOW, other) == -2);
        assert (streq (imi_error_last (), "wrong user name or password"));
    }

    //  A live session names its user, until it expires.
    imi_user_t user;
    assert (imi_users_session (s_store, token, S_NOW, &user) == 0);
    assert (streq (user.name, "anna") && streq (user.authority, "DE:bafa"));
    assert (user.role == IMI_ROLE_ADMIN && streq (user.lang, "de"));
    assert (imi_users_session (s_store, token, S_NOW + IMI_SESSION_TTL_MS - 1, &user) == 0);
    assert (imi_users_session (s_store, token, S_NOW + IMI_SESSION_TTL_MS, &user) == -2);
    assert (streq (imi_error_last (), "not logged in or session expired"));
    //  The expired session is gone: even an earlier clock does not revive it.
    assert (imi_users_session (s_store, token, S_NOW, &user) == -2);

    //  Tokens that are not tokens, and tokens never issued.
    char forged [IMI_SESSION_TOKEN_CHARS + 1];
    memset (forged, '0', IMI_SESSION_TOKEN_CHARS);
    forged [IMI_SESSION_TOKEN_CHARS] = 0;
    const char *bad [] = { "", "-", "abc", forged, "not hex at all, not hex at all, not hex at all, "
                           "not hex at all" };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++) {
        assert (imi_users_session (s_store, bad [index], S_NOW, &user) == -2);
        assert (streq (imi_error_last (), "not logged in or session expired"));
    }

    //  Passwords are stored as Argon2id strings with the interactive limits.
    sqlite3_stmt *statement = NULL;
    assert (sqlite3_prepare_v2 (imi_store_db (s_store), "SELECT password FROM users WHERE "
                                "name = 'anna'", -1, &statement, NULL) == SQLITE_OK);
    assert (sqlite3_step (statement) == SQLITE_ROW);
    const char *stored = (const char *) sqlite3_column_text (statement, 0);
    assert (strncmp (stored, "$argon2id$", 10) == 0);
    assert (crypto_pwhash_str_needs_rehash (stored, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                            crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0);
    sqlite3_finalize (statement);

    //  The database holds the token's hash, never the token.
    assert (sqlite3_prepare_v2 (imi_store_db (s_store), "SELECT hex (token_hash) FROM sessions",
                                -1, &statement, NULL) == SQLITE_OK);
    while (sqlite3_step (statement) == SQLITE_ROW)
        assert (strcasecmp ((const char *) sqlite3_column_text (statement, 0), other) != 0);
    sqlite3_finalize (statement);

    //  Logout ends that session only; unknown tokens are fine.
    assert (imi_users_login (s_store, "anna", S_PASSWORD, S_NOW, token) == 0);
    assert (imi_users_session (s_store, other, S_NOW, &user) == 0);
    assert (imi_users_logout (s_store, other, NULL) == 0);
    assert (imi_users_session (s_store, other, S_NOW, &user) == -2);
    assert (imi_users_session (s_store, token, S_NOW, &user) == 0);
    assert (imi_users_logout (s_store, other, NULL) == 0);
    assert (imi_users_logout (s_store, "garbage", NULL) == 0);

    //  The login in steps, as the node's loop runs it: a password verified
    //  against a hash that is no longer the user's opens no session (a new
    //  password set while the worker verified the old one); the hash of an
    //  unknown user verifies nothing and opens nothing.
    char hash [crypto_pwhash_STRBYTES], unknown [crypto_pwhash_STRBYTES];
    assert (imi_users_login_hash (s_store, "anna", hash) == 0);
    assert (imi_users_password_verify (hash, S_PASSWORD));
    assert (imi_users_login_hash (s_store, "nobody", unknown) == 0);
    assert (!imi_users_password_verify (unknown, S_PASSWORD));
    assert (imi_users_login_open (s_store, "nobody", unknown, S_NOW, other) == -2);
    assert (imi_users_login_open (s_store, "anna", unknown, S_NOW, other) == -2);

    //  A new password works, the old one no longer does, and the sessions
    //  made with the old one are over.
    assert (imi_users_password_check ("short") == -2);
    assert (imi_users_set_password (s_store, "nobody", s_hash ("long enough password")) == -2);
    assert (strstr (imi_error_last (), "no active user"));
    assert (imi_users_set_password (s_store, "anna", s_hash ("a new long password")) == 0);
    assert (imi_users_session (s_store, token, S_NOW, &user) == -2);
    assert (imi_users_login (s_store, "anna", S_PASSWORD, S_NOW, token) == -2);
    assert (imi_users_login (s_store, "anna", "a new long password", S_NOW, token) == 0);
    assert (imi_users_login_open (s_store, "anna", hash, S_NOW, other) == -2);

    //  Logging in deletes the expired sessions of everyone.
    assert (imi_users_set_password (s_store, "bert", s_hash ("bert's password")) == 0);
    assert (imi_users_login (s_store, "bert", "bert's password", S_NOW, other) == 0);
    assert (imi_users_login (s_store, "bert", "bert's password",
                             S_NOW + IMI_SESSION_TTL_MS, other) == 0);
    assert (imi_users_session (s_store, token, S_NOW, &user) == -2);

    //  Disabling ends the sessions, refuses logins, keeps the name.
    assert (imi_users_login (s_store, "anna", "a new long password", S_NOW, token) == 0);
    assert (imi_users_disable (s_store, "anna", S_NOW + 1) == 0);
    assert (imi_users_session (s_store, token, S_NOW + 2, &user) == -2);
    assert (imi_users_login (s_store, "anna", "a new long password", S_NOW + 2, token) == -2);
    assert (streq (imi_error_last (), "wrong user name or password"));
    assert (imi_users_get (s_store, "anna", &user) == 1);
    assert (imi_users_disable (s_store, "anna", S_NOW + 3) == -2);
    assert (imi_users_disable (s_store, "nobody", S_NOW + 3) == -2);
    assert (imi_users_set_password (s_store, "anna", s_hash ("yet another password")) == -2);
    imi_user_t again = s_user ("anna", "DE:zab", IMI_ROLE_HANDLER, "de");
    assert (imi_users_add (s_store, &again, NULL, S_NOW) == -2);
    assert (strncmp (s_page ("DE:bafa", NULL, 1), "anna DE:bafa admin de yes disabled;", 35) == 0);
}

//  Sign-in through an identity provider: a user linked to a subject gets
//  a session for it (with the ID token kept for the provider's logout); a
//  subject nobody is linked to, or a disabled user's, gets none, each with
//  its kind; a subject is one user's; unlinking ends the sessions.
static void
s_test_subjects (void)
{
    imi_user_t user = s_user ("oscar", "DE:bafa", IMI_ROLE_HANDLER, "de");
    assert (imi_users_add (s_store, &user, NULL, S_NOW) == 0);
    user = s_user ("olga", "DE:bafa", IMI_ROLE_HANDLER, "de");
    assert (imi_users_add (s_store, &user, NULL, S_NOW) == 0);
    char token [IMI_SESSION_TOKEN_CHARS + 1], name [IMI_USER_NAME_MAX + 1];
    assert (imi_users_login_subject (s_store, "sub-oscar", "t1", S_NOW, token, name) == -2);
    assert (imi_error_kind () == IMI_ERROR_NOT_FOUND);
    assert (imi_users_link (s_store, "oscar", "") == -2);
    assert (imi_users_link (s_store, "nobody", "sub-x") == -2
         && imi_error_kind () == IMI_ERROR_NOT_FOUND);
    assert (imi_users_link (s_store, "oscar", "sub-oscar") == 0);
    assert (imi_users_link (s_store, "oscar", "sub-oscar") == 0);         //  again: the same
    assert (imi_users_link (s_store, "olga", "sub-oscar") == -2
         && imi_error_kind () == IMI_ERROR_CONFLICT && strstr (imi_error_last (), "oscar"));
    assert (imi_users_login_subject (s_store, "sub-oscar", "header.claims.signature", S_NOW,
                                     token, name) == 0);
    assert (streq (name, "oscar"));
    imi_user_t found;
    assert (imi_users_session (s_store, token, S_NOW, &found) == 0 && streq (found.name, "oscar"));
    //  The session's ID token comes back at logout, once
    char *id_token = NULL;
    assert (imi_users_logout (s_store, token, &id_token) == 0);
    assert (id_token && streq (id_token, "header.claims.signature"));
    free (id_token);
    assert (imi_users_logout (s_store, token, &id_token) == 0 && !id_token);
    //  The list shows the link
    json_t *page = imi_page_new ();
    assert (imi_users_list (s_store, "DE:bafa", NULL, 100, page) == 0);
    size_t index, linked = 0;
    json_t *item;
    json_array_foreach (json_object_get (page, "items"), index, item) {
        const char *subject = json_string_value (json_object_get (item, "subject"));
        assert (streq (json_string_value (json_object_get (item, "name")), "oscar")
                ? subject && streq (subject, "sub-oscar")
                : json_is_null (json_object_get (item, "subject")));
        linked += subject != NULL;
    }
    assert (linked == 1);
    json_decref (page);
    //  Unlinking ends the sessions and the sign-ins
    assert (imi_users_login_subject (s_store, "sub-oscar", "t2", S_NOW, token, name) == 0);
    assert (imi_users_unlink (s_store, "oscar") == 0);
    assert (imi_users_session (s_store, token, S_NOW, &found) == -2);
    assert (imi_users_unlink (s_store, "oscar") == -2);
    assert (imi_users_login_subject (s_store, "sub-oscar", "t3", S_NOW, token, name) == -2);
    //  A disabled user's subject opens nothing, and says whose it is
    assert (imi_users_link (s_store, "olga", "sub-olga") == 0);
    assert (imi_users_login_subject (s_store, "sub-olga", "t4", S_NOW, token, name) == 0);
    assert (imi_users_disable (s_store, "olga", S_NOW) == 0);
    assert (imi_users_session (s_store, token, S_NOW, &found) == -2);
    assert (imi_users_login_subject (s_store, "sub-olga", "t5", S_NOW, token, name) == -2);
    assert (imi_error_kind () == IMI_ERROR_FORBIDDEN && streq (name, "olga"));
    assert (imi_users_link (s_store, "olga", "sub-other") == -2);       //  not active
}

//  The access rules, as a table: each role against its own authority,
//  another of its state, and one of another state.
static void
s_test_rules (void)
{
    static const struct {
        imi_role_t role;
        const char *authority;
        bool read, act, manage;
    } rules [] = {
        { IMI_ROLE_COORDINATOR, "DE:bafa",    true,  true,  true },
        { IMI_ROLE_COORDINATOR, "DE:zab",     true,  true,  true },
        { IMI_ROLE_COORDINATOR, "FR:cnom",    false, false, false },
        { IMI_ROLE_COORDINATOR, "DEX:bafa",   false, false, false },
        { IMI_ROLE_ADMIN,       "DE:bafa",    true,  true,  true },
        { IMI_ROLE_ADMIN,       "DE:zab",     false, false, false },
        { IMI_ROLE_ADMIN,       "FR:cnom",    false, false, false },
        { IMI_ROLE_ADMIN,       "DE:bafa-x",  false, false, false },
        { IMI_ROLE_HANDLER,     "DE:bafa",    true,  true,  false },
        { IMI_ROLE_HANDLER,     "DE:zab",     false, false, false },
        { IMI_ROLE_HANDLER,     "FR:cnom",    false, false, false },
        { IMI_ROLE_AUDITOR,     "DE:bafa",    true,  false, false },
        { IMI_ROLE_AUDITOR,     "DE:zab",     false, false, false },
        { IMI_ROLE_AUDITOR,     "FR:cnom",    false, false, false },
    };
    for (size_t index = 0; index < sizeof rules / sizeof rules [0]; index++) {
        imi_user_t user = s_user ("u", "DE:bafa", rules [index].role, "de");
        assert (imi_user_can_read (&user, rules [index].authority) == rules [index].read);
        assert (imi_user_can_act (&user, rules [index].authority) == rules [index].act);
        assert (imi_user_can_manage (&user, rules [index].authority) == rules [index].manage);
        for (imi_exchange_t exchange = 0; exchange < IMI_EXCHANGE_KINDS; exchange++)
            assert (imi_user_sees_content (&user, exchange)
                    == (rules [index].role != IMI_ROLE_AUDITOR));
    }
    //  Who may give (or manage a holder of) which role.
    static const bool grants [4][4] = {
        //  coordinator admin  handler auditor   (the role managed)
        { true,  true,  true,  true },          //  by a coordinator
        { false, true,  true,  true },          //  by an admin
        { false, false, false, false },         //  by a handler
        { false, false, false, false },         //  by an auditor
    };
    for (imi_role_t by = IMI_ROLE_COORDINATOR; by <= IMI_ROLE_AUDITOR; by++) {
        imi_user_t user = s_user ("u", "DE:bafa", by, "de");
        for (imi_role_t role = IMI_ROLE_COORDINATOR; role <= IMI_ROLE_AUDITOR; role++)
            assert (imi_user_can_manage_role (&user, role) == grants [by][role]);
    }
}

int
main (void)
{
    assert (imi_crypto_init () == 0);
    char folder [] = "/tmp/imi-users-XXXXXX";
    assert (mkdtemp (folder));
    char path [64];
    snprintf (path, sizeof path, "%s/node.db", folder);
    s_store = imi_schema_open (path);
    assert (s_store);

    s_test_roles_names ();
    s_test_add_get_list ();
    s_test_login ();
    s_test_subjects ();
    s_test_rules ();

    imi_store_destroy (&s_store);
    const char *suffixes [] = { "", "-wal", "-shm" };
    for (size_t index = 0; index < 3; index++) {
        char file [80];
        snprintf (file, sizeof file, "%s%s", path, suffixes [index]);
        unlink (file);
    }
    rmdir (folder);
    printf ("test_users: OK\n");
    return 0;
}
