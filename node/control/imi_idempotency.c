/*  imi_idempotency: the Idempotency-Key of state-changing HTTP requests.
    See imi_idempotency.h; the table is migration 16 (imi_schema.c).
*/
#include "imi_idempotency.h"
#include "imi_error.h"

#include <stdlib.h>
#include <string.h>

static const char *s_sql_forget =
    "DELETE FROM idempotency WHERE created_ms < ?";
static const char *s_sql_find =
    "SELECT request_hash, status, answer FROM idempotency WHERE principal = ? AND key = ?";
static const char *s_sql_insert =
    "INSERT INTO idempotency (principal, key, request_hash, created_ms) VALUES (?, ?, ?, ?)";
static const char *s_sql_complete =
    "UPDATE idempotency SET status = ?, answer = ? WHERE principal = ? AND key = ?";
static const char *s_sql_delete =
    "DELETE FROM idempotency WHERE principal = ? AND key = ?";

bool
imi_idempotency_key_valid (const char *key)
{
    size_t size = strlen (key);
    for (size_t index = 0; index < size; index++)
        if (key [index] < 0x21 || key [index] > 0x7e)
            return false;
    return size > 0 && size <= IMI_IDEMPOTENCY_KEY_MAX;
}

//  The record of principal and key: 1 found (hash and answer set), 0 not,
//  -1 error.
static int
s_find (imi_store_t *store, const char *principal, const char *key,
        uint8_t hash [IMI_IDEMPOTENCY_HASH_BYTES], char **status, char **answer)
{
    sqlite3_stmt *find = imi_store_statement (store, s_sql_find);
    if (!find)
        return -1;
    sqlite3_bind_text (find, 1, principal, -1, SQLITE_STATIC);
    sqlite3_bind_text (find, 2, key, -1, SQLITE_STATIC);
    int step = sqlite3_step (find);
    if (step == SQLITE_DONE)
        return 0;
    if (step != SQLITE_ROW
    ||  sqlite3_column_bytes (find, 0) != IMI_IDEMPOTENCY_HASH_BYTES) {
        sqlite3_reset (find);
        return imi_error_set ("reading an idempotency key: %s",
                              sqlite3_errmsg (imi_store_db (store)));
    }
    memcpy (hash, sqlite3_column_blob (find, 0), IMI_IDEMPOTENCY_HASH_BYTES);
    const char *found_status = (const char *) sqlite3_column_text (find, 1);
    const char *found_answer = (const char *) sqlite3_column_text (find, 2);
    *status = found_status? strdup (found_status): NULL;
    *answer = strdup (found_answer? found_answer: "");
    sqlite3_reset (find);
    if ((found_status && !*status) || !*answer) {
        free (*status);
        free (*answer);
        return imi_error_set ("out of memory");
    }
    return 1;
}

int
imi_idempotency_begin (imi_store_t *store, const char *principal, const char *key,
                       const uint8_t hash [IMI_IDEMPOTENCY_HASH_BYTES], int64_t now_ms,
                       char **status, char **answer)
{
    *status = *answer = NULL;
    if (imi_store_begin (store))
        return -1;
    sqlite3_stmt *forget = imi_store_statement (store, s_sql_forget);
    int rc = forget? 0: -1;
    if (rc == 0) {
        sqlite3_bind_int64 (forget, 1, now_ms - IMI_IDEMPOTENCY_TTL_MS);
        rc = imi_store_step_done (store, forget, "forgetting old idempotency keys");
    }
    uint8_t first [IMI_IDEMPOTENCY_HASH_BYTES];
    int found = rc? -1: s_find (store, principal, key, first, status, answer);
    if (found < 0)
        rc = -1;
    else
    if (found && memcmp (first, hash, sizeof first) != 0)
        rc = imi_error_malformed ("Idempotency-Key '%s' was used for another request: use a "
                                  "new key for a new request", key);
    else
    if (found && !*status)
        rc = imi_error_malformed ("the request with Idempotency-Key '%s' was interrupted "
                                  "(the node stopped while running it): check whether it "
                                  "took effect, then retry with a new key", key);
    else
    if (found)
        rc = 1;
    else {
        sqlite3_stmt *insert = imi_store_statement (store, s_sql_insert);
        rc = insert? 0: -1;
        if (insert) {
            sqlite3_bind_text (insert, 1, principal, -1, SQLITE_STATIC);
            sqlite3_bind_text (insert, 2, key, -1, SQLITE_STATIC);
            sqlite3_bind_blob (insert, 3, hash, IMI_IDEMPOTENCY_HASH_BYTES, SQLITE_STATIC);
            sqlite3_bind_int64 (insert, 4, now_ms);
            rc = imi_store_step_done (store, insert, "recording an idempotency key");
        }
    }
    if (rc != 1 && rc != 0) {
        free (*status);
        free (*answer);
        *status = *answer = NULL;
    }
    int finished = imi_store_finish (store, rc < 0? rc: 0);
    return finished? finished: rc;
}

int
imi_idempotency_end (imi_store_t *store, const char *principal, const char *key,
                     const char *status, const char *answer)
{
    sqlite3_stmt *statement = imi_store_statement (store, status? s_sql_complete
                                                                : s_sql_delete);
    if (!statement)
        return -1;
    int column = 1;
    if (status) {
        sqlite3_bind_text (statement, column++, status, -1, SQLITE_STATIC);
        sqlite3_bind_text (statement, column++, answer? answer: "", -1, SQLITE_STATIC);
    }
    sqlite3_bind_text (statement, column++, principal, -1, SQLITE_STATIC);
    sqlite3_bind_text (statement, column, key, -1, SQLITE_STATIC);
    return imi_store_step_done (store, statement, "completing an idempotency key");
}
