/*  imi_throttle: failures counted per key (a user name, a client address),
    and how long the key must wait before its next attempt.

    The first free_failures failures in a row cost nothing more; after that
    each failure makes the key wait 1, 2, 4, ... seconds, at most
    wait_max_ms. Attempts made while waiting are not counted (they are
    refused before any work), so no one can lock a key out for longer than
    wait_max_ms. A success clears the key; failures older than forget_ms are
    forgotten. At most keys_max keys are remembered: when full, the old
    ones are forgotten, and a key beyond that is not counted (other limits
    hold it). Not thread-safe: one owner (the loop), or a lock around it.
*/
#ifndef IMI_THROTTLE_H
#define IMI_THROTTLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct _imi_throttle_t imi_throttle_t;

//  NULL if out of memory.
imi_throttle_t *imi_throttle_new (int free_failures, int64_t wait_max_ms, int64_t forget_ms,
                                  size_t keys_max);
void imi_throttle_destroy (imi_throttle_t **self_p);

//  0, or the ms key must wait before its next attempt.
int64_t imi_throttle_wait (imi_throttle_t *self, const char *key, int64_t now_ms);

//  An attempt of key failed / succeeded.
void imi_throttle_failed (imi_throttle_t *self, const char *key, int64_t now_ms);
void imi_throttle_succeeded (imi_throttle_t *self, const char *key);

#endif
