/*  imi_schema: migrations of the node database. Append, never edit, a
    migration once it has shipped: nodes in the field apply them in order.
*/
#include "imi_schema.h"

static const imi_migration_t s_migrations [] = {
    { 1, "delivery: links, outbox, inbox, receipts, operator messages",
      "CREATE TABLE links ("
      "  peer TEXT PRIMARY KEY,"
      "  next_out_seq INTEGER NOT NULL DEFAULT 1,"      //  seq the next outgoing message gets
      "  acked_out_seq INTEGER NOT NULL DEFAULT 0,"     //  all <= this are receipted
      "  next_in_seq INTEGER NOT NULL DEFAULT 1"        //  seq we apply next from this peer
      ");"
      "CREATE TABLE outbox ("
      "  peer TEXT NOT NULL,"
      "  seq INTEGER NOT NULL,"
      "  message_id BLOB NOT NULL UNIQUE,"
      "  type INTEGER NOT NULL,"
      "  header_hash BLOB NOT NULL,"
      "  envelope BLOB NOT NULL,"
      "  created_ms INTEGER NOT NULL,"
      "  delivered_ms INTEGER,"
      "  PRIMARY KEY (peer, seq)"
      ") WITHOUT ROWID;"
      "CREATE TABLE inbox ("
      "  peer TEXT NOT NULL,"
      "  seq INTEGER NOT NULL,"
      "  message_id BLOB NOT NULL UNIQUE,"
      "  type INTEGER NOT NULL,"
      "  header_hash BLOB NOT NULL,"
      "  envelope BLOB NOT NULL,"
      "  received_ms INTEGER NOT NULL,"
      "  rejected TEXT,"                                //  NULL = applied; else why not
      "  PRIMARY KEY (peer, seq)"
      ") WITHOUT ROWID;"
      "CREATE TABLE receipts_sent ("
      "  peer TEXT NOT NULL,"
      "  first_seq INTEGER NOT NULL,"
      "  last_seq INTEGER NOT NULL,"
      "  envelope BLOB NOT NULL,"
      "  PRIMARY KEY (peer, last_seq)"
      ") WITHOUT ROWID;"
      "CREATE TABLE receipts_received ("
      "  peer TEXT NOT NULL,"
      "  first_seq INTEGER NOT NULL,"
      "  last_seq INTEGER NOT NULL,"
      "  envelope BLOB NOT NULL,"
      "  received_ms INTEGER NOT NULL,"
      "  PRIMARY KEY (peer, last_seq)"
      ") WITHOUT ROWID;"
      "CREATE TABLE operator_messages ("
      "  id INTEGER PRIMARY KEY,"
      "  peer TEXT NOT NULL,"
      "  seq INTEGER NOT NULL,"
      "  text TEXT NOT NULL,"
      "  sent_ms INTEGER NOT NULL,"
      "  received_ms INTEGER NOT NULL"
      ");" },
    { 2, "directory: feeds, origins, forks, authorities, search index",
      "CREATE TABLE dir_feed ("                         //  every valid entry, per origin
      "  origin TEXT NOT NULL,"
      "  seq INTEGER NOT NULL,"
      "  hash BLOB NOT NULL,"                           //  SHA-256 of the entry body
      "  entry BLOB NOT NULL,"                          //  the signed bytes, as received
      "  received_ms INTEGER NOT NULL,"
      "  PRIMARY KEY (origin, seq)"
      ") WITHOUT ROWID;"
      "CREATE TABLE dir_origins ("
      "  origin TEXT PRIMARY KEY,"
      "  last_seq INTEGER NOT NULL DEFAULT 0,"          //  applied up to here, in order
      "  head_hash BLOB NOT NULL DEFAULT (zeroblob(32)),"
      "  seen_seq INTEGER NOT NULL DEFAULT 0,"          //  highest seq any peer said it holds
      "  frozen TEXT"                                   //  NULL, or why (a fork) until resolved
      ");"
      "CREATE TABLE dir_forks ("                        //  evidence: two signed entries, one seq
      "  id INTEGER PRIMARY KEY,"
      "  origin TEXT NOT NULL,"
      "  seq INTEGER NOT NULL,"
      "  held_entry BLOB NOT NULL,"
      "  other_entry BLOB NOT NULL,"
      "  via TEXT NOT NULL,"                            //  the peer that brought the other one
      "  detected_ms INTEGER NOT NULL,"
      "  resolved_ms INTEGER"
      ");"
      "CREATE TABLE authorities ("                      //  the current directory
      "  key TEXT PRIMARY KEY,"                         //  <state>:<local id>
      "  state TEXT NOT NULL,"
      "  local_id TEXT NOT NULL,"
      "  record BLOB NOT NULL,"                         //  encoded authority (imi_body_directory)
      "  seq INTEGER NOT NULL,"                         //  feed entry that set it
      "  updated_ms INTEGER NOT NULL"
      ");"
      "CREATE INDEX authorities_state ON authorities (state);"
      "CREATE TABLE authority_index ("                  //  one row per indexed authority
      "  id INTEGER PRIMARY KEY,"                       //  = its authority_fts rowid
      "  key TEXT NOT NULL UNIQUE,"
      "  state TEXT NOT NULL,"
      "  city TEXT NOT NULL,"                           //  as written (the FTS copy is folded)
      "  sort_key TEXT NOT NULL"                        //  own-language name, folded: listings
      ");"
      "CREATE INDEX authority_index_listing ON authority_index (state, sort_key, key);"
      "CREATE TABLE authority_names ("
      "  key TEXT NOT NULL,"
      "  position INTEGER NOT NULL,"                    //  0 = first listed (own language)
      "  lang TEXT NOT NULL,"
      "  name TEXT NOT NULL,"
      "  sort_key TEXT NOT NULL,"                       //  name as the index folds it, for order
      "  PRIMARY KEY (key, position)"
      ") WITHOUT ROWID;"
      "CREATE TABLE authority_areas ("
      "  key TEXT NOT NULL,"
      "  legal_area TEXT NOT NULL,"
      "  procedure TEXT NOT NULL DEFAULT '',"           //  '' = the area as a whole
      "  sort_key TEXT NOT NULL,"                       //  as in authority_index: listings
      "  PRIMARY KEY (key, legal_area, procedure)"
      ") WITHOUT ROWID;"
      "CREATE INDEX authority_areas_listing ON authority_areas "
      "  (legal_area, procedure, sort_key, key);"
      "CREATE VIRTUAL TABLE authority_fts USING fts5 ("
      "  names, acronym, keywords, areas, city,"        //  rowid = authority_index.id
      "  codes,"                                        //  legal area and procedure tokens
      "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
      ");" },
};

imi_store_t *
imi_schema_open (const char *path)
{
    return imi_store_open (path, s_migrations, sizeof s_migrations / sizeof s_migrations [0]);
}
