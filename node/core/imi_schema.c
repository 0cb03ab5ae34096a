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
    { 3, "cases: users, sessions, information requests, their events and attachments",
      "CREATE TABLE users ("
      "  name TEXT PRIMARY KEY,"                        //  login name (imi_users.h rule)
      "  authority TEXT NOT NULL,"                      //  authority key "DE:x", our state
      "  role TEXT NOT NULL,"                           //  coordinator admin handler auditor
      "  lang TEXT NOT NULL,"                           //  the language the user reads
      "  password TEXT,"                                //  crypto_pwhash_str (Argon2id); NULL: none set
      "  created_ms INTEGER NOT NULL,"
      "  disabled_ms INTEGER"                           //  NULL = active
      ");"
      "CREATE INDEX users_by_authority ON users (authority, name);"
      "CREATE TABLE sessions ("
      "  token_hash BLOB PRIMARY KEY,"                  //  SHA-256 of the token; never the token
      "  user TEXT NOT NULL,"
      "  created_ms INTEGER NOT NULL,"
      "  expires_ms INTEGER NOT NULL"
      ") WITHOUT ROWID;"
      "CREATE TABLE cases ("                            //  our copy of each case, as folded
      "  id TEXT PRIMARY KEY,"                          //  "DE-" and 16 hex digits (random)
      "  procedure TEXT NOT NULL,"
      "  requester TEXT NOT NULL,"                      //  requesting authority key
      "  responder TEXT NOT NULL,"                      //  current responding authority key
      "  requester_state TEXT NOT NULL,"
      "  responder_state TEXT NOT NULL,"
      "  side INTEGER NOT NULL,"                        //  our side: 0 requester, 1 responder
      "  state TEXT NOT NULL,"                          //  imi_workflow state name
      "  lang TEXT NOT NULL,"                           //  the requester's language
      "  urgent INTEGER NOT NULL DEFAULT 0,"
      "  proposed_date TEXT,"                           //  YYYY-MM-DD, by the requester
      "  agreed_date TEXT,"                             //  YYYY-MM-DD, committed on acceptance
      "  created_ms INTEGER NOT NULL,"
      "  sent_ms INTEGER,"                              //  first sent
      "  received_ms INTEGER,"                          //  reached the current responder
      "  accepted_ms INTEGER,"                          //  accepted by the current responder
      "  answered_ms INTEGER,"                          //  first answer of the current responder
      "  closed_ms INTEGER,"                            //  closed or withdrawn
      "  rating_timely INTEGER,"                        //  1 positive, 0 negative, NULL unrated
      "  rating_effort INTEGER,"
      "  kpi INTEGER NOT NULL DEFAULT 0,"               //  counts towards the indicators
      "  updated_ms INTEGER NOT NULL"
      ");"
      "CREATE INDEX cases_by_requester ON cases (requester, updated_ms);"
      "CREATE INDEX cases_by_responder ON cases (responder, updated_ms);"
      "CREATE INDEX cases_for_kpi ON cases (kpi,"       //  all that imi_kpi reads, in
      "  responder, received_ms, responder_state,"      //  responder order: no sort, no
      "  accepted_ms, answered_ms, closed_ms,"          //  table reads (bench_kpi)
      "  agreed_date, rating_timely, rating_effort);"
      "CREATE TABLE case_drafts ("                      //  what a draft will send
      "  case_id TEXT PRIMARY KEY,"
      "  request BLOB NOT NULL,"                        //  the send event, encoded
      "  disclosure BLOB NOT NULL"                      //  the disclose event, encoded
      ") WITHOUT ROWID;"
      "CREATE TABLE case_events ("                      //  every event of both sides
      "  case_id TEXT NOT NULL,"
      "  side INTEGER NOT NULL,"                        //  0 requester's node, 1 responder's
      "  n INTEGER NOT NULL,"                           //  1, 2, ... per side
      "  seen INTEGER NOT NULL,"                        //  the other side's events its author had
      "  kind TEXT NOT NULL,"
      "  actor TEXT NOT NULL,"                          //  user name ("system" for automatic ones)
      "  authority TEXT NOT NULL,"                      //  acting authority key
      "  at_ms INTEGER NOT NULL,"                       //  signed time of the event
      "  body BLOB,"                                    //  encoded event; NULL once erased
      "  personal INTEGER NOT NULL DEFAULT 0,"          //  the body holds personal data
      "  position INTEGER,"                             //  place in the merged order
      "  void TEXT,"                                    //  NULL = took effect; else why not
      "  PRIMARY KEY (case_id, side, n)"
      ") WITHOUT ROWID;"
      "CREATE TABLE case_attachments ("
      "  case_id TEXT NOT NULL,"
      "  hash BLOB NOT NULL,"                           //  SHA-256 of the content
      "  name TEXT NOT NULL,"
      "  size INTEGER NOT NULL,"
      "  side INTEGER NOT NULL,"                        //  who attached it
      "  n INTEGER,"                                    //  the event that carries it (NULL: draft)
      "  personal INTEGER NOT NULL DEFAULT 1,"
      "  data BLOB,"                                    //  NULL until complete, or once erased
      "  PRIMARY KEY (case_id, hash)"
      ") WITHOUT ROWID;"
      "CREATE TABLE case_parts ("                       //  attachment pieces in transit
      "  case_id TEXT NOT NULL,"
      "  hash BLOB NOT NULL,"
      "  part INTEGER NOT NULL,"
      "  data BLOB NOT NULL,"
      "  PRIMARY KEY (case_id, hash, part)"
      ") WITHOUT ROWID;" },
    { 4, "audit: the Merkle tree log, checkpoints, cosignatures, witnessed checkpoints",
      "CREATE TABLE audit_leaves ("                     //  the log, in order, from 0
      "  idx INTEGER PRIMARY KEY,"
      "  leaf BLOB NOT NULL,"                           //  imi_body_audit leaf
      "  message_id BLOB,"                              //  of an envelope leaf (not indexed:
      "  at_ms INTEGER NOT NULL"                        //  looked up rarely, by audit proof)
      ");"
      "CREATE TABLE audit_nodes ("                      //  complete subtrees above the leaves
      "  level INTEGER NOT NULL,"                       //  1 and up (level 0: the leaves' hashes)
      "  idx INTEGER NOT NULL,"                         //  covers [idx * 2^level, (idx+1) * 2^level)
      "  hash BLOB NOT NULL,"
      "  PRIMARY KEY (level, idx)"
      ") WITHOUT ROWID;"
      "CREATE TABLE audit_checkpoints ("                //  our signed checkpoints
      "  size INTEGER PRIMARY KEY,"
      "  root BLOB NOT NULL,"
      "  note TEXT NOT NULL,"                           //  C2SP signed note
      "  created_ms INTEGER NOT NULL"
      ");"
      "CREATE TABLE audit_cosignatures ("               //  witnesses' cosignatures of ours
      "  size INTEGER NOT NULL,"
      "  witness TEXT NOT NULL,"                        //  the witness's state
      "  line TEXT NOT NULL,"                           //  C2SP cosignature line
      "  received_ms INTEGER NOT NULL,"
      "  PRIMARY KEY (size, witness)"
      ") WITHOUT ROWID;"
      "CREATE TABLE audit_witnessed ("                  //  other nodes' checkpoints we saw
      "  origin TEXT NOT NULL,"                         //  their state
      "  size INTEGER NOT NULL,"
      "  root BLOB NOT NULL,"
      "  note TEXT NOT NULL,"                           //  as signed by the origin
      "  via TEXT NOT NULL,"                            //  the origin itself, or who gossiped it
      "  received_ms INTEGER NOT NULL,"
      "  PRIMARY KEY (origin, size, root)"
      ") WITHOUT ROWID;"
      "CREATE TABLE audit_equivocations ("              //  evidence: one origin, one size, two roots
      "  id INTEGER PRIMARY KEY,"
      "  origin TEXT NOT NULL,"
      "  size INTEGER NOT NULL,"
      "  note_a TEXT NOT NULL,"
      "  note_b TEXT NOT NULL,"
      "  found_ms INTEGER NOT NULL,"
      "  UNIQUE (origin, size)"
      ");" },
    { 5, "retention: blocked and deleted cases, erased events, the envelopes of each case",
      "ALTER TABLE cases ADD COLUMN blocked_ms INTEGER;"   //  personal data blocked (Art. 14)
      "ALTER TABLE cases ADD COLUMN deleted_ms INTEGER;"   //  personal data deleted
      "CREATE INDEX cases_for_retention ON cases (closed_ms) WHERE deleted_ms IS NULL;"
      "ALTER TABLE case_events ADD COLUMN erased_ms INTEGER;"  //  body redacted then
      "CREATE TABLE case_messages ("                    //  the envelopes that carry a case
      "  case_id TEXT NOT NULL,"
      "  inbound INTEGER NOT NULL,"                     //  0 outbox, 1 inbox
      "  peer TEXT NOT NULL,"
      "  seq INTEGER NOT NULL,"                         //  the envelope's link sequence
      "  erased_ms INTEGER,"                            //  its sealed body erased then
      "  PRIMARY KEY (case_id, inbound, peer, seq)"
      ") WITHOUT ROWID;"
      "CREATE INDEX case_events_unerased ON case_events (case_id)"   //  what a deleted
      "  WHERE personal = 1 AND erased_ms IS NULL;"                   //  case may have left
      "CREATE INDEX case_messages_unerased ON case_messages (case_id) WHERE erased_ms IS NULL;" },
    { 6, "alerts: our copy of each alert, the sender's events, recipients, acknowledgements",
      "CREATE TABLE alerts ("                           //  as the sender's events leave it
      "  id TEXT PRIMARY KEY,"                          //  "DE-" + 16 hex digits
      "  procedure TEXT NOT NULL,"
      "  sender TEXT NOT NULL,"                         //  authority key
      "  ours INTEGER NOT NULL,"                        //  1: our authority sent it
      "  state TEXT NOT NULL,"                          //  issued, corrected, withdrawn, closed
      "  version INTEGER NOT NULL,"                     //  the sender's events so far
      "  states TEXT NOT NULL,"                         //  recipient states, space-separated
      "  decision_date TEXT,"                           //  of the current fields
      "  on_time INTEGER,"                              //  sent within the deadline (NULL: none)
      "  issued_ms INTEGER NOT NULL,"                   //  signed time of the issue
      "  updated_ms INTEGER NOT NULL"
      ");"
      "CREATE TABLE alert_events ("                     //  the sender's events, n = 1, 2, ...
      "  alert_id TEXT NOT NULL,"
      "  n INTEGER NOT NULL,"
      "  kind TEXT NOT NULL,"
      "  actor TEXT NOT NULL,"
      "  at_ms INTEGER NOT NULL,"
      "  body BLOB NOT NULL,"                           //  encoded event (imi_body_alert)
      "  PRIMARY KEY (alert_id, n)"
      ") WITHOUT ROWID;"
      "CREATE TABLE alert_recipients ("                 //  our authorities an alert reached
      "  alert_id TEXT NOT NULL,"
      "  authority TEXT NOT NULL,"
      "  PRIMARY KEY (alert_id, authority)"
      ") WITHOUT ROWID;"
      "CREATE TABLE alert_acks ("                       //  acknowledgements, latest per authority
      "  alert_id TEXT NOT NULL,"
      "  authority TEXT NOT NULL,"
      "  version INTEGER NOT NULL,"                     //  the sender's event acknowledged
      "  actor TEXT NOT NULL,"
      "  at_ms INTEGER NOT NULL,"                       //  signed time of the acknowledgement
      "  PRIMARY KEY (alert_id, authority)"
      ") WITHOUT ROWID;" },
    { 7, "notifications and the repository",
      "CREATE TABLE notifications ("
      "  id TEXT PRIMARY KEY,"
      "  procedure TEXT NOT NULL,"
      "  sender TEXT NOT NULL,"                         //  authority key of the sender
      "  sender_state TEXT NOT NULL,"
      "  recipients TEXT NOT NULL,"                     //  state codes, comma-separated
      "  state TEXT NOT NULL,"                          //  open, withdrawn, closed
      "  version INTEGER NOT NULL,"
      "  title TEXT NOT NULL,"
      "  text TEXT NOT NULL,"
      "  text_lang TEXT NOT NULL,"
      "  register TEXT,"                                //  the register it feeds, if any
      "  entry_key TEXT,"                               //  its entry there
      "  created_ms INTEGER NOT NULL,"                  //  signed time of create
      "  updated_ms INTEGER NOT NULL"                   //  signed time of the last step
      ");"
      "CREATE TABLE notification_events ("
      "  notification_id TEXT NOT NULL,"
      "  author TEXT NOT NULL,"                         //  state of the node that wrote it
      "  n INTEGER NOT NULL,"                           //  1, 2, ... per author
      "  kind TEXT NOT NULL,"
      "  actor TEXT NOT NULL,"
      "  authority TEXT NOT NULL,"
      "  at_ms INTEGER NOT NULL,"
      "  body BLOB NOT NULL,"                           //  the encoded event, as signed
      "  void TEXT,"                                    //  NULL = took effect; else why not
      "  stored_ms INTEGER NOT NULL,"
      "  PRIMARY KEY (notification_id, author, n)"
      ") WITHOUT ROWID;"
      "CREATE TABLE repository_entries ("
      "  id INTEGER PRIMARY KEY,"                       //  = its repository_fts rowid
      "  register TEXT NOT NULL,"
      "  key TEXT NOT NULL,"                            //  the register's key fields, '/'-joined
      "  state TEXT NOT NULL,"                          //  issuing state (the notifying node's)
      "  status TEXT NOT NULL,"                         //  the entry's status field, or ''
      "  fields TEXT NOT NULL,"                         //  lines 'field<TAB>value', register order
      "  notification_id TEXT NOT NULL,"
      "  version INTEGER NOT NULL,"
      "  updated_ms INTEGER NOT NULL,"
      "  UNIQUE (register, key)"
      ");"
      "CREATE VIRTUAL TABLE repository_fts USING fts5 ("
      "  text,"
      "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
      ");" },
    { 8, "translate: the cache of machine translations of free text",
      "CREATE TABLE translations ("
      "  hash BLOB NOT NULL,"                           //  SHA-256 of the original text
      "  source TEXT NOT NULL,"                         //  ISO 639-1 of the original
      "  target TEXT NOT NULL,"                         //  ISO 639-1 of the translation
      "  engine TEXT NOT NULL,"                         //  what made it ("apertium via es")
      "  text TEXT NOT NULL,"                           //  the translation
      "  created_ms INTEGER NOT NULL,"
      "  PRIMARY KEY (hash, source, target)"
      ") WITHOUT ROWID;" },
    { 9, "alert attachments: the files an alert's events carry",
      "CREATE TABLE alert_attachments ("                //  as case_attachments, for alerts
      "  alert_id TEXT NOT NULL,"
      "  hash BLOB NOT NULL,"                           //  SHA-256 of the content
      "  name TEXT NOT NULL,"
      "  size INTEGER NOT NULL,"
      "  n INTEGER,"                                    //  the sender's event that carries it
      "  data BLOB,"                                    //  the content
      "  PRIMARY KEY (alert_id, hash)"
      ") WITHOUT ROWID;" },
    { 10, "attachment pieces: when each arrived, so that pieces no event claims are dropped",
      "ALTER TABLE case_parts ADD COLUMN received_ms INTEGER NOT NULL DEFAULT 0;"
      "CREATE INDEX case_parts_by_age ON case_parts (received_ms);" },
    { 11, "refusals: a refused message's kind in the inbox; our messages peers refused; "
          "the protocol version each peer speaks",
      "ALTER TABLE inbox ADD COLUMN rejected_kind TEXT;"  //  with rejected: malformed, bad_body...
      "ALTER TABLE links ADD COLUMN version INTEGER NOT NULL DEFAULT 0;"  //  the peer's; 0 unknown
      "CREATE TABLE refused_out ("                      //  what a peer's receipt said it refused
      "  peer TEXT NOT NULL,"
      "  seq INTEGER NOT NULL,"
      "  type INTEGER NOT NULL,"
      "  kind TEXT NOT NULL,"                           //  the peer's rejection kind
      "  reason TEXT NOT NULL,"                         //  the peer's words
      "  owner TEXT NOT NULL,"                          //  case, alert or notification id, or ''
      "  refused_ms INTEGER NOT NULL,"                  //  when the receipt said so
      "  PRIMARY KEY (peer, seq)"
      ") WITHOUT ROWID;"
      "CREATE INDEX refused_out_by_owner ON refused_out (owner);" },
    { 12, "need-to-know: what a request's node holds back until the responder accepts",
      "CREATE TABLE case_held ("                        //  our side's personal data, not sent yet
      "  case_id TEXT NOT NULL,"
      "  k INTEGER NOT NULL,"                           //  1, 2, ... in the order written
      "  body BLOB NOT NULL,"                           //  the event to send then, encoded
      "  PRIMARY KEY (case_id, k)"
      ") WITHOUT ROWID;"
      "INSERT INTO case_held (case_id, k, body)"        //  a request's disclosure comes first
      "  SELECT case_id, 1, disclosure FROM case_drafts WHERE length (disclosure) > 0;"
      "ALTER TABLE case_drafts DROP COLUMN disclosure;" },
    { 13, "restore from a backup: the links being repaired, and our messages peers returned",
      //  restored_next > 0: the link is being repaired (docs/delivery.md);
      //  the seq our restored database was to give its next message
      "ALTER TABLE links ADD COLUMN restored_next INTEGER NOT NULL DEFAULT 0;"
      //  the peer's messages up to here are being sent again: our own
      //  returned ones left in recovery_own are applied once we have them
      "ALTER TABLE links ADD COLUMN resend_until INTEGER NOT NULL DEFAULT 0;"
      "CREATE TABLE recovery_own ("                     //  our messages a peer returned
      "  peer TEXT NOT NULL,"
      "  seq INTEGER NOT NULL,"
      "  received_ms INTEGER NOT NULL,"                 //  when the peer got it (its clock)
      "  refused TEXT NOT NULL,"                        //  the peer's refusal kind, or ''
      "  message_id BLOB NOT NULL,"
      "  envelope BLOB NOT NULL,"
      "  applied INTEGER NOT NULL DEFAULT 0,"           //  1: its effect is ours again
      "  PRIMARY KEY (peer, seq)"
      ") WITHOUT ROWID;"
      "CREATE TABLE audit_restores ("                   //  our log restored at this size
      "  at_size INTEGER PRIMARY KEY,"                  //  (its checkpoints say so after)
      "  at_ms INTEGER NOT NULL,"
      "  reason TEXT NOT NULL"
      ");" },
    { 14, "the node: which node's database this is, for restores",
      "CREATE TABLE node_keys ("                        //  written at each start (imi_backup)
      "  sign_key BLOB PRIMARY KEY,"                    //  a signing key the node started with
      "  state TEXT NOT NULL,"                          //  the node's state
      "  first_ms INTEGER NOT NULL"                     //  its first start with that key
      ") WITHOUT ROWID;" },
    { 15, "key rotation: every manifest accepted, the key each peer was last seen signing "
          "with, this node's key switches",
      "CREATE TABLE manifests ("                        //  every version this node held
      "  version INTEGER PRIMARY KEY,"
      "  manifest BLOB NOT NULL,"                       //  the signed bytes
      "  accepted_ms INTEGER NOT NULL"
      ");"
      "ALTER TABLE links ADD COLUMN peer_sign_key BLOB;"    //  its current key, once seen in use
      "CREATE TABLE key_switches ("                     //  this node's own rotations
      "  sign_key BLOB PRIMARY KEY,"                    //  the key switched to
      "  manifest_version INTEGER NOT NULL,"            //  the manifest that named it
      "  switched_ms INTEGER NOT NULL"
      ");" },
    { 16, "idempotency keys: the first answer to a state-changing HTTP request, per user and key",
      "CREATE TABLE idempotency ("
      "  principal TEXT NOT NULL,"                      //  the user's name
      "  key TEXT NOT NULL,"                            //  the Idempotency-Key header
      "  request_hash BLOB NOT NULL,"                   //  BLAKE2b-256 of the request
      "  status TEXT,"                                  //  NULL: running, or interrupted
      "  answer TEXT,"                                  //  the reply's line (JSON)
      "  created_ms INTEGER NOT NULL,"
      "  PRIMARY KEY (principal, key)"
      ") WITHOUT ROWID;"
      "CREATE INDEX idempotency_created ON idempotency (created_ms);" },
    { 17, "the change feed: what happened to which case, alert or notification, in order, "
          "for the HTTP event stream",
      //  Written by triggers: no domain code writes it, and every way an
      //  event arrives (a user's action, a peer's message, a restore) is
      //  seen. Pruned after IMI_EVENTS_KEEP_MS (imi_events.c).
      "CREATE TABLE changes ("
      "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"        //  the stream's event id
      "  kind TEXT NOT NULL,"                           //  case, alert, notification
      "  ref TEXT NOT NULL,"                            //  its id
      "  event TEXT NOT NULL,"                          //  the event's kind (accept, issue ...)
      "  at_ms INTEGER NOT NULL,"                       //  the event's signed time
      "  stored_ms INTEGER NOT NULL"                    //  when this node stored it
      ");"
      "CREATE TRIGGER changes_case AFTER INSERT ON case_events BEGIN"
      "  INSERT INTO changes (kind, ref, event, at_ms, stored_ms) VALUES ('case', NEW.case_id,"
      "  NEW.kind, NEW.at_ms, CAST ((julianday ('now') - 2440587.5) * 86400000 AS INTEGER));"
      "END;"
      "CREATE TRIGGER changes_alert AFTER INSERT ON alert_events BEGIN"
      "  INSERT INTO changes (kind, ref, event, at_ms, stored_ms) VALUES ('alert', NEW.alert_id,"
      "  NEW.kind, NEW.at_ms, CAST ((julianday ('now') - 2440587.5) * 86400000 AS INTEGER));"
      "END;"
      "CREATE TRIGGER changes_alert_ack AFTER INSERT ON alert_acks BEGIN"
      "  INSERT INTO changes (kind, ref, event, at_ms, stored_ms) VALUES ('alert', NEW.alert_id,"
      "  'acknowledge', NEW.at_ms,"
      "  CAST ((julianday ('now') - 2440587.5) * 86400000 AS INTEGER));"
      "END;"
      "CREATE TRIGGER changes_notification AFTER INSERT ON notification_events BEGIN"
      "  INSERT INTO changes (kind, ref, event, at_ms, stored_ms) VALUES ('notification',"
      "  NEW.notification_id, NEW.kind, NEW.at_ms,"
      "  CAST ((julianday ('now') - 2440587.5) * 86400000 AS INTEGER));"
      "END;" },
    { 18, "API keys: back-office systems' keys, stored hashed (imi_apikeys)",
      "CREATE TABLE api_keys ("
      "  id INTEGER PRIMARY KEY AUTOINCREMENT,"         //  never reused: apikey.<id> in events
      "  hash BLOB NOT NULL UNIQUE,"                    //  BLAKE2b-256 of the secret's bytes
      "  authority TEXT NOT NULL,"                      //  "DE:x": it acts for this authority
      "  role TEXT NOT NULL,"                           //  ... with this role
      "  lang TEXT NOT NULL,"
      "  label TEXT NOT NULL,"                          //  what it is for
      "  creator TEXT,"                                 //  the user who made it; NULL: operator
      "  created_by TEXT NOT NULL,"                     //  who made it, as the audit log says
      "  created_ms INTEGER NOT NULL,"
      "  last_used_ms INTEGER,"                         //  to the minute; NULL: never used
      "  revoked_ms INTEGER,"                           //  NULL: not revoked
      "  revoked_by TEXT"
      ");"
      "CREATE INDEX api_keys_by_authority ON api_keys (authority, id);" },
    { 19, "sign-in through an identity provider: the person each user is there, and the ID "
          "token of a session it opened (for the provider's logout)",
      "ALTER TABLE users ADD COLUMN oidc_subject TEXT;"   //  the claim's value; NULL: none
      "CREATE UNIQUE INDEX users_oidc_subject ON users (oidc_subject) "
      "WHERE oidc_subject IS NOT NULL;"
      "ALTER TABLE sessions ADD COLUMN id_token TEXT;" },  //  NULL: a password's session
    { 20, "search that forgives: the names of legal areas and procedures in an index of "
          "their own, stems, the vocabulary for typos and compounds; the directory's index "
          "is emptied here and rebuilt at start (imi_search_prepare)",
      "DROP TABLE authority_fts;"
      "DELETE FROM authority_index;"
      "DELETE FROM authority_names;"
      "DELETE FROM authority_areas;"
      "CREATE VIRTUAL TABLE authority_fts USING fts5 ("
      "  names, acronym, keywords, city,"               //  rowid = authority_index.id
      "  stems,"                                        //  Snowball stems of the keywords
      "  codes,"                                        //  legal area and procedure tokens
      "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
      ");"
      "CREATE TABLE search_catalogue ("                 //  one row per area or procedure
      "  id INTEGER PRIMARY KEY,"                       //  = its search_catalogue_fts rowid
      "  kind TEXT NOT NULL,"                           //  a: legal area, p: procedure
      "  code TEXT NOT NULL"
      ");"
      "CREATE VIRTUAL TABLE search_catalogue_fts USING fts5 ("
      "  names, stems,"                                 //  every catalogue language, folded
      "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'"
      ");"
      "CREATE TABLE search_terms ("                     //  the vocabulary, folded
      "  id INTEGER PRIMARY KEY,"                       //  = its search_terms_fts rowid
      "  term TEXT NOT NULL UNIQUE"
      ");"
      "CREATE VIRTUAL TABLE search_terms_fts USING fts5 ("
      "  term, content = '', tokenize = 'trigram'"      //  substrings: compounds, typos
      ");"
      "CREATE TABLE search_meta ("                      //  what the search tables were built from
      "  name TEXT PRIMARY KEY,"
      "  value TEXT NOT NULL"
      ");" },
    { 21, "the case lists in their order: a page reads its rows from an index, for one "
          "authority (the case's own side) or for all (a coordinator), with no sort; the "
          "indexes by requester and by responder, which no statement used, dropped",
      "CREATE INDEX cases_by_ours ON cases ("
      "  (CASE side WHEN 0 THEN requester ELSE responder END), updated_ms DESC, id);"
      "CREATE INDEX cases_by_update ON cases (updated_ms DESC, id);"
      "DROP INDEX cases_by_requester;"
      "DROP INDEX cases_by_responder;" },
    { 22, "a case's timeline in pages: its events by their place in the merged order, so that "
          "a page reads only its own events",
      "CREATE INDEX case_events_by_position ON case_events (case_id, position);" },
};

int
imi_schema_version (void)
{
    return s_migrations [sizeof s_migrations / sizeof s_migrations [0] - 1].version;
}

imi_store_t *
imi_schema_open (const char *path)
{
    return imi_store_open (path, s_migrations, sizeof s_migrations / sizeof s_migrations [0]);
}
