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
};

imi_store_t *
imi_schema_open (const char *path)
{
    return imi_store_open (path, s_migrations, sizeof s_migrations / sizeof s_migrations [0]);
}
