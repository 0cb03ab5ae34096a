/*  imi_idempotency: the Idempotency-Key of state-changing HTTP requests.

    A back-office system that retries a request after a time-out must not
    open two cases. It sends the same Idempotency-Key with the retry; the
    node keeps, per user and key, a hash of the request and the answer it
    gave, for IMI_IDEMPOTENCY_TTL_MS. A retry with the same key and the same
    request gets the first answer and runs nothing; with another request, a
    conflict.

    The record is written, and committed, before the command runs (status
    NULL: running) and completed after it: a node killed between the
    command's commit and the record's completion answers a retry with a
    conflict ("interrupted: check before retrying"), never by running the
    command again. A command that was refused leaves no record (a retry
    runs it again: it changed nothing).
*/
#ifndef IMI_IDEMPOTENCY_H
#define IMI_IDEMPOTENCY_H

#include "imi_crypto.h"
#include "imi_store.h"

#include <stdbool.h>
#include <stdint.h>

#define IMI_IDEMPOTENCY_KEY_MAX     255                         //  bytes, printable ASCII
#define IMI_IDEMPOTENCY_TTL_MS      (24LL * 3600 * 1000)
#define IMI_IDEMPOTENCY_HASH_BYTES  32

//  True if key is 1..IMI_IDEMPOTENCY_KEY_MAX printable ASCII characters
//  (0x21-0x7e).
bool imi_idempotency_key_valid (const char *key);

//  Before running a request of principal with key and hash: records it as
//  running (committed) and returns 0; or finds the first answer and returns
//  1 with *status and *answer (the caller's, free them); or -2 with a
//  reason: the key names another request, or one still unfinished. -1 on a
//  store error. Forgets records older than IMI_IDEMPOTENCY_TTL_MS.
int imi_idempotency_begin (imi_store_t *store, const char *principal, const char *key,
                           const uint8_t hash [IMI_IDEMPOTENCY_HASH_BYTES], int64_t now_ms,
                           char **status, char **answer) IMI_WARN_UNUSED;

//  After running it: keep its answer (status and answer, answer may be
//  empty), or with status NULL forget the key (the command was refused).
//  0 or -1.
int imi_idempotency_end (imi_store_t *store, const char *principal, const char *key,
                         const char *status, const char *answer);

#endif
