/*  imi_directory: this node's replica of the shared directory of authorities.

    Every member state's node is the only writer of its own authorities; each
    change is an entry in that state's append-only signed feed (protocol:
    imi_body_directory). This module keeps every origin's feed (dir_feed),
    applies entries in order to the current directory (authorities and the
    search index), and detects what must not happen:
      - an entry not signed by its origin's key in the manifest: rejected;
      - an entry whose seq is already held with the same hash: a duplicate,
        ignored (replays, and the normal overlap of push and pull);
      - an entry beyond the next expected seq: a gap, ignored (the caller
        pulls what is missing);
      - a second, different, validly signed entry for a held seq, or one that
        does not chain to the held head (prev_hash): a FORK. Both entries are
        kept as evidence, the origin is frozen (nothing more of it applied)
        until an operator resolves it (imi_directory_resolve: forget that
        origin's feed and fetch it again from the federation).
    Our own origin's entries are taken back from peers when they chain onto
    what we hold (a node that lost its database recovers its feed); while
    peers hold more of our feed than we do, we publish nothing, so as not to
    fork it, for at most a minute after start (peers' frontiers are claims: a
    lying peer must not silence us). All calls that write run inside the caller's transaction.
*/
#ifndef IMI_DIRECTORY_H
#define IMI_DIRECTORY_H

#include "imi_body_directory.h"
#include "imi_catalogue.h"
#include "imi_keys.h"
#include "imi_manifest.h"
#include "imi_store.h"

#include <czmq.h>
#include <jansson.h>

typedef enum {
    IMI_DIRECTORY_APPLIED,          //  new, in order: stored and applied
    IMI_DIRECTORY_DUPLICATE,        //  already held, same hash
    IMI_DIRECTORY_GAP,              //  ahead of what we hold; pull first
    IMI_DIRECTORY_FORK,             //  conflicting signed entry: evidence kept, origin frozen
    IMI_DIRECTORY_FROZEN,           //  origin frozen: not applied
    IMI_DIRECTORY_REJECTED          //  malformed, unknown origin, or bad signature (reason set)
} imi_directory_result_t;

typedef struct _imi_directory_t imi_directory_t;

//  A directory over store; the catalogue and identity are not owned.
imi_directory_t *imi_directory_new (imi_store_t *store, imi_catalogue_t *catalogue,
                                    imi_identity_t *identity);

void imi_directory_destroy (imi_directory_t **self_p);

//  Within a transaction: make our own next entry (upsert of authority, or
//  removal of authority_id when authority is NULL), apply it, and return its
//  bytes in *entry (malloc'd) for pushing to peers. Fails (-2, reason) if the
//  authority is invalid or unknown to the catalogue, if an add finds the id
//  taken (must_exist 0) or an update/removal finds it missing (must_exist 1);
//  must_exist -1 takes either (import: add or update). Also -2 while peers
//  hold more of our own feed than we do (recovery after a lost database).
int imi_directory_publish (imi_directory_t *self, const imi_authority_t *authority,
                           const char *authority_id, int must_exist, int64_t now_ms,
                           uint8_t **entry, size_t *size);

//  Within a transaction: take an entry received from peer via (pushed or
//  pulled). Checks it against the manifest's key of its origin. Sets
//  *result; returns 0, or -1 on a database error only.
int imi_directory_accept (imi_directory_t *self, imi_manifest_t *manifest, const char *via,
                          const uint8_t *entry, size_t size, int64_t now_ms,
                          imi_directory_result_t *result);

//  What we hold: one row per origin with entries (rows: room for
//  IMI_DIRECTORY_ORIGINS_MAX). 0 or -1.
int imi_directory_frontier (imi_directory_t *self, imi_frontier_row_t *rows, size_t *count);

//  Note a peer's frontier: remember the highest seq seen per origin (for
//  lag) and report whether the peer holds something we lack (*peer_ahead),
//  so the caller can ask for it. 0 or -1.
int imi_directory_note_frontier (imi_directory_t *self, const imi_frontier_row_t *rows,
                                 size_t count, bool *peer_ahead);

//  The entries a peer with this frontier lacks, oldest first per origin,
//  origins in order from first_origin (if we hold it; round to the start
//  after the last): at most IMI_DIRECTORY_BATCH_MAX entries and about
//  max_bytes in total. Also includes our entry at the peer's last seq when
//  its head hash differs from ours, so that the peer sees the fork. Entries
//  go into list (bytes copied into *storage, malloc'd, which the caller frees
//  after use); *more is true if more remain. 0 or -1.
int imi_directory_entries_for (imi_directory_t *self, const imi_frontier_row_t *rows,
                               size_t count, size_t max_bytes, const char *first_origin,
                               imi_entry_list_t *list, uint8_t **storage, bool *more);

//  Append to items (a JSON array) each origin's state: {origin, entries,
//  last_seq, lag, authorities, head (hex, or null), frozen (the reason,
//  or null)}. 0 or -1.
int imi_directory_status (imi_directory_t *self, json_t *items);

//  Operator's resolution of a fork: forget origin's feed and authorities and
//  unfreeze it, so that it is fetched again from the federation. Own state
//  cannot be reset. 0, or -2 if not frozen / own state.
int imi_directory_resolve (imi_directory_t *self, const char *origin);

//  The stored authority key ("DE:x"): decoded into *authority (caller
//  allocates); 0, 1 if absent, -1 on error.
int imi_directory_get (imi_directory_t *self, const char *key, imi_authority_t *authority);

//  The name to show a reader of lang for the authority key: its name in
//  lang if it has one, else its first (own-language) name, into name (size
//  bytes). 0, 1 if the directory holds no such authority, -1 on error.
int imi_directory_name (imi_directory_t *self, const char *key, const char *lang, char *name,
                        size_t size);

//  Name the authorities document (a JSON object the API answers) mentions:
//  adds to it the member "authority_names", {key: name} for each string
//  value of a member requester, responder, counterpart, our_authority,
//  authority, sender or to, at any depth, that is the key of an authority
//  the directory holds, named as imi_directory_name does. 0, or -1
//  (database, memory; the document may then hold some of the names).
int imi_directory_name_authorities (imi_directory_t *self, json_t *document, const char *lang);

//  Append to items (a JSON array) the first limit authorities (of state if
//  not NULL), ordered by key: {key, state, name (the first), lang (its
//  language)}. 0 or -1.
int imi_directory_list (imi_directory_t *self, const char *state, long limit, json_t *items);

#endif
