/*  imi_schema: the node database's numbered migrations, in one place.

    Tables (see imi_schema.c for columns):
      links             per peer state: next sequence to assign, last receipted,
                        next expected inbound
      outbox            every sequenced envelope we sent, kept after delivery
      inbox             every sequenced envelope we applied (or recorded as
                        rejected), by (peer, seq) and message id
      receipts_sent     the receipts we signed, to resend on duplicates
      receipts_received the receipts peers signed for us (non-repudiation)
      operator_messages the effect of operator test messages (TEXT)
      dir_feed          every directory entry of every origin, as signed
      dir_origins       per origin: applied up to, head hash, frozen (fork)
      dir_forks         evidence of forks: two signed entries for one seq
      authorities       the current directory, one row per authority
      authority_index   per indexed authority: FTS rowid, state, city
      authority_names   display names per language, with a folded sort key
      authority_areas   legal areas and procedures, for filters
      authority_fts     FTS5 index (diacritics folded, prefixes)
      search_catalogue  the names of legal areas and procedures, for search (+ _fts)
      search_terms      the vocabulary of the index, with trigrams (+ _fts)
      search_meta       what the search tables were built from
      users, sessions   people of our authorities, their roles; hashed session tokens
      cases             our copy of each information request, as its events fold
      case_drafts       what a draft will send, and the personal data held back
                        until a responder accepts
      case_events       every event of both sides, with its place in the merged
                        order and whether it took effect
      case_attachments  attachment contents, by case and SHA-256
      case_parts        attachment pieces received, until their event arrives
                        (of a case's or an alert's files: keyed by object id)
      alert_attachments attachment contents of alerts, by alert and SHA-256
      node_keys         which node the database belongs to: its state and each
                        signing key it started with (imi_backup)
*/
#ifndef IMI_SCHEMA_H
#define IMI_SCHEMA_H

#include "imi_store.h"

//  Open the node database at path, migrated to the current schema.
imi_store_t *imi_schema_open (const char *path);

//  The schema version this build writes (its last migration's).
int imi_schema_version (void);

#endif
