/*  Unit test: imi_idempotency on a real SQLite file.

    What a back-office system that retries relies on: the first request
    with a key runs; its retry (same user, key and request) gets the first
    answer and runs nothing; the same key with another request, or a
    request still marked running (the node stopped while running it), is
    a conflict with a reason; a refused request leaves no record; another
    user's key of the same text is another key; keys expire after a day;
    keys are printable ASCII of 1-255 bytes.
*/
#include "imi_error.h"
#include "imi_idempotency.h"
#include "imi_schema.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define S_NOW 1800000000000LL

int
main (void)
{
    char folder [] = "/tmp/test_idempotency.XXXXXX";
    assert (mkdtemp (folder));
    char path [256];
    snprintf (path, sizeof path, "%s/node.db", folder);
    imi_store_t *store = imi_schema_open (path);
    assert (store);
    uint8_t hash [IMI_IDEMPOTENCY_HASH_BYTES], other [IMI_IDEMPOTENCY_HASH_BYTES];
    memset (hash, 1, sizeof hash);
    memset (other, 2, sizeof other);
    char *status, *answer;

    //  The first request runs; its retry gets its answer
    assert (imi_idempotency_begin (store, "hanna", "k1", hash, S_NOW, &status, &answer) == 0);
    assert (!status && !answer);
    assert (imi_idempotency_end (store, "hanna", "k1", "ok", "{\"id\":\"DE-1\"}") == 0);
    assert (imi_idempotency_begin (store, "hanna", "k1", hash, S_NOW + 1000, &status,
                                   &answer) == 1);
    assert (strcmp (status, "ok") == 0 && strcmp (answer, "{\"id\":\"DE-1\"}") == 0);
    free (status);
    free (answer);
    //  The same key for another request: a conflict, nothing returned
    assert (imi_idempotency_begin (store, "hanna", "k1", other, S_NOW, &status, &answer) == -2);
    assert (strstr (imi_error_last (), "was used for another request") && !status && !answer);
    //  Another user's key of the same text is theirs
    assert (imi_idempotency_begin (store, "jonas", "k1", other, S_NOW, &status, &answer) == 0);
    //  ... and while it runs (or after a stop in the middle), a conflict
    assert (imi_idempotency_begin (store, "jonas", "k1", other, S_NOW, &status, &answer) == -2);
    assert (strstr (imi_error_last (), "was interrupted"));
    //  A refused request leaves no record: its retry runs
    assert (imi_idempotency_end (store, "jonas", "k1", NULL, NULL) == 0);
    assert (imi_idempotency_begin (store, "jonas", "k1", other, S_NOW, &status, &answer) == 0);
    //  A day later the key is forgotten
    assert (imi_idempotency_begin (store, "hanna", "k1", other,
                                   S_NOW + IMI_IDEMPOTENCY_TTL_MS + 1, &status, &answer) == 0);

    //  The records outlive the store: they are committed
    imi_store_destroy (&store);
    store = imi_schema_open (path);
    assert (imi_idempotency_begin (store, "hanna", "k1", hash, S_NOW + IMI_IDEMPOTENCY_TTL_MS + 2,
                                   &status, &answer) == -2);
    imi_store_destroy (&store);

    //  Keys
    assert (imi_idempotency_key_valid ("a") && imi_idempotency_key_valid ("4f9c-~!"));
    char longest [IMI_IDEMPOTENCY_KEY_MAX + 2];
    memset (longest, 'x', sizeof longest);
    longest [IMI_IDEMPOTENCY_KEY_MAX] = 0;
    assert (imi_idempotency_key_valid (longest));
    longest [IMI_IDEMPOTENCY_KEY_MAX] = 'x';
    longest [IMI_IDEMPOTENCY_KEY_MAX + 1] = 0;
    assert (!imi_idempotency_key_valid (longest));
    const char *bad [] = { "", "a b", "\t", "caf\xc3\xa9", "a\x7f" };
    for (size_t index = 0; index < sizeof bad / sizeof bad [0]; index++)
        assert (!imi_idempotency_key_valid (bad [index]));

    char command [300];
    snprintf (command, sizeof command, "rm -rf %s", folder);
    assert (system (command) == 0);
    printf ("test_idempotency: OK\n");
    return 0;
}
