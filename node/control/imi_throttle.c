/*  imi_throttle: failures counted per key. See imi_throttle.h. */
#include "imi_throttle.h"

#include <czmq.h>
#include <stdlib.h>

typedef struct {
    int failures;               //  in a row
    int64_t last_ms;            //  the last failure
    int64_t until_ms;           //  no attempt before this
} s_record_t;

struct _imi_throttle_t {
    zhashx_t *keys;             //  key -> s_record_t
    int free_failures;
    int64_t wait_max_ms, forget_ms;
    size_t keys_max;
};

static void
s_record_free (void **item)
{
    free (*item);
    *item = NULL;
}

imi_throttle_t *
imi_throttle_new (int free_failures, int64_t wait_max_ms, int64_t forget_ms, size_t keys_max)
{
    imi_throttle_t *self = calloc (1, sizeof *self);
    if (self && (self->keys = zhashx_new ()))
        zhashx_set_destructor (self->keys, s_record_free);
    else {
        free (self);
        return NULL;
    }
    self->free_failures = free_failures;
    self->wait_max_ms = wait_max_ms;
    self->forget_ms = forget_ms;
    self->keys_max = keys_max;
    return self;
}

void
imi_throttle_destroy (imi_throttle_t **self_p)
{
    imi_throttle_t *self = *self_p;
    if (self) {
        zhashx_destroy (&self->keys);
        free (self);
        *self_p = NULL;
    }
}

//  The record of key, NULL if none or forgotten (too old).
static s_record_t *
s_record (imi_throttle_t *self, const char *key, int64_t now_ms)
{
    s_record_t *record = (s_record_t *) zhashx_lookup (self->keys, key);
    if (record && now_ms - record->last_ms > self->forget_ms) {
        zhashx_delete (self->keys, key);
        record = NULL;
    }
    return record;
}

int64_t
imi_throttle_wait (imi_throttle_t *self, const char *key, int64_t now_ms)
{
    s_record_t *record = s_record (self, key, now_ms);
    return record && record->until_ms > now_ms? record->until_ms - now_ms: 0;
}

void
imi_throttle_failed (imi_throttle_t *self, const char *key, int64_t now_ms)
{
    s_record_t *record = s_record (self, key, now_ms);
    if (!record && zhashx_size (self->keys) >= self->keys_max) {
        zlist_t *old = zlist_new ();
        zlist_autofree (old);
        for (s_record_t *item = (s_record_t *) zhashx_first (self->keys); item;
             item = (s_record_t *) zhashx_next (self->keys))
            if (now_ms - item->last_ms > self->forget_ms)
                zlist_append (old, (void *) zhashx_cursor (self->keys));
        for (char *name = (char *) zlist_first (old); name; name = (char *) zlist_next (old))
            zhashx_delete (self->keys, name);
        zlist_destroy (&old);
    }
    if (!record && zhashx_size (self->keys) < self->keys_max
    &&  (record = (s_record_t *) calloc (1, sizeof *record)))
        zhashx_insert (self->keys, key, record);
    if (!record)
        return;
    record->failures++;
    record->last_ms = now_ms;
    int over = record->failures - self->free_failures;
    if (over >= 0) {
        int64_t wait = over < 20? (1000LL << over): self->wait_max_ms;
        record->until_ms = now_ms + (wait < self->wait_max_ms? wait: self->wait_max_ms);
    }
}

void
imi_throttle_succeeded (imi_throttle_t *self, const char *key)
{
    zhashx_delete (self->keys, key);
}
