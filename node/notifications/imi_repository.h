/*  imi_repository: searchable registers fed by notifications (DOMAIN.md,
    "Other workflows"), e.g. the register of licences for the cross-border
    road transport of euro cash (Regulation (EU) No 1214/2011).

    Which procedures are notification procedures, and which register each
    feeds, is catalogue data (data/catalogue/notifications.tsv); so are the
    fields of each register (data/catalogue/registers.tsv: name, type, key
    or not, allowed values, English label). Types: code (a licence number:
    1 to 64 of [A-Za-z0-9._-]), text (one line), date, date-from and
    date-to (a period: to not before from), state (a state code), choice
    (one of the values). An entry's key is its key fields' values joined by
    '/', in file order ("DE/ECT-2024-0001"); a key field of type state is
    the issuing state and must be the notifying node's own (a state
    registers its own licences, so keys never collide across nodes).

    Every node keeps its own copy of every register, written only by the
    notification events it applies (imi_notifications): add, modify (the
    whole entry again), withdraw (the status field becomes "withdrawn").
    Entries are indexed in the FTS5 table repository_fts with the folding
    of the directory search (imi_search), so "Munchen" finds "München" and
    "Lodz" finds "Łódź"; words are prefixes, ANDed.
*/
#ifndef IMI_REPOSITORY_H
#define IMI_REPOSITORY_H

#include "imi_body_notification.h"
#include "imi_catalogue.h"
#include "imi_store.h"

#include <czmq.h>
#include <jansson.h>
#include <stdbool.h>

#define IMI_REPOSITORY_KEY_MAX  160

typedef struct _imi_repository_t imi_repository_t;

//  Load notifications.tsv and registers.tsv from dir; procedures must be
//  in catalogue (imi_catalogue_procedure_area). NULL with "file:line:
//  reason" on error.
imi_repository_t *imi_repository_load (const char *dir, imi_catalogue_t *catalogue);

void imi_repository_destroy (imi_repository_t **self_p);

//  True if procedure is a notification procedure; *register_code is the
//  register it feeds, or NULL.
bool imi_repository_procedure (imi_repository_t *self, const char *procedure,
                               const char **register_code);

//  The fields of register_code, for a form that fills an entry: [{field,
//  label (English), type, key, required, values (a choice's; [] for the
//  others)}] in the register's order ([] for an unknown register). NULL
//  out of memory.
json_t *imi_repository_fields_data (imi_repository_t *self, const char *register_code);

//  Check a whole entry of register_code as state's node would send it:
//  every field known, of its type, every required field present; write its
//  key. 0 or -2 naming the field.
int imi_repository_check (imi_repository_t *self, const char *register_code, const char *state,
                          const imi_notification_pair_t *entry, size_t count,
                          char key [IMI_REPOSITORY_KEY_MAX + 1]);

//  The stored entry of key as pairs (for a modify that changes some fields):
//  *count pairs into entry (IMI_NOTIFICATION_ENTRY_MAX). 0, 1 if none, -1.
int imi_repository_entry (imi_repository_t *self, imi_store_t *store, const char *register_code,
                          const char *key, imi_notification_pair_t *entry, size_t *count);

//  Within a transaction: apply a register operation of a notification
//  event (add, modify, withdraw) by state's node. For withdraw, key names
//  the entry. 0, -2 if the entry does not fit (add of a key that exists,
//  modify or withdraw of one that does not, or of another notification's),
//  -1.
int imi_repository_apply (imi_repository_t *self, imi_store_t *store, const char *state,
                          const imi_notification_event_t *event, const char *notification_id,
                          uint64_t version, const char *key);

//  Search: text (words, may be empty if a filter is given), register and
//  state filters (NULL: any); a page (imi_page: an offset cursor, NULL for
//  the first page; at most limit) into page: each item an entry as
//  imi_repository_show gives them, the best first. 0, -2 for a bad query or
//  cursor, -1.
int imi_repository_search (imi_repository_t *self, imi_store_t *store, const char *text,
                           const char *register_code, const char *state, const char *cursor,
                           long limit, json_t *page);

//  An entry by key (in register_code, or any register) into *result (the
//  caller's): {entries: [{register, key, state, status, fields [{field,
//  label, type, value}] in the register's order, notification, version,
//  updated}]}, one per register that has the key. 0, -2 if there is
//  none (not found), -1.
int imi_repository_show (imi_repository_t *self, imi_store_t *store, const char *key,
                         const char *register_code, json_t **result);

#endif
