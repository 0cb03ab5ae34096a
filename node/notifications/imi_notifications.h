/*  imi_notifications: notifications on a node (docs/notifications.md).

    One authority (the sender) notifies the authorities of chosen states, or
    of every state of the federation, under a notification procedure of the
    catalogue (data/catalogue/notifications.tsv). The sender's node writes
    create, modify (a new version), comment, withdraw and close, numbered
    1, 2, ... in the sender's chain, and sends each to every recipient
    state's node; a recipient's node writes comments only, in its own chain,
    and sends them to the sender's node. Every step is a NOTIFICATION_EVENT
    (sequenced: signed, exactly once, in order per link). Each node keeps a
    copy of the notification and its events; a notification under a
    procedure that feeds a register carries the register entry, and every
    node applies it to its copy of the register (imi_repository).

    Who reads: on the sender's node, the users who reach the sender
    authority (imi_user_can_read); on a recipient's node, its coordinators
    and the users of authorities that handle the procedure (from the
    directory). Who acts: the same users if their role acts (auditors only
    read); only the sender's side modifies, withdraws and closes.
*/
#ifndef IMI_NOTIFICATIONS_H
#define IMI_NOTIFICATIONS_H

#include "imi_body_notification.h"
#include "imi_node_internal.h"
#include "imi_translate.h"
#include "imi_users.h"

//  Applier of a peer's NOTIFICATION_EVENT (in the batch transaction).
//  0, -2 if refused (reason set; recorded, receipted), -1.
int imi_notifications_apply (imi_node_t *self, imi_peer_t *peer,
                             const imi_envelope_view_t *view, const uint8_t *plain,
                             size_t plain_size);

//  Create and broadcast a notification as user: event holds procedure,
//  title, text and (for a register) the entry; recipients the states
//  (all: every state of the federation but ours). Writes its id. 0, -2
//  for bad input or no right (reason set, nothing sent), -1.
int imi_notifications_create (imi_node_t *self, const imi_user_t *user,
                              imi_notification_event_t *event, bool all,
                              char id [IMI_NOTIFICATION_ID_MAX + 1]);

//  Act as user on notification event->notification_id: event->kind is
//  modify (title, text, entry fields to change, all optional but one),
//  comment (text), withdraw or close (text optional). 0, -2 (the reason
//  names the notification's state when the table refuses), -1.
int imi_notifications_act (imi_node_t *self, const imi_user_t *user,
                           imi_notification_event_t *event);

//  A page of the notifications user may read, newest first (imi_page: from
//  after cursor, NULL for the first page; at most limit), into page: each
//  {id, state, version, procedure, sender, recipients, title (null if the
//  user does not see content)}. 0, -2 for a cursor this list did not give,
//  -1.
int imi_notifications_list (imi_node_t *self, const imi_user_t *user, const char *cursor,
                            long limit, json_t *page);

//  One notification and its events for reading in lang (NULL: the user's),
//  into *result (the caller's): the list's facts and procedure_name (or
//  null), content_hidden (title, text and comments are not shown to the
//  user's role, reader_role), text (a free text, imi_translate_text, or null),
//  register and entry_key (or null), refusals (imi_outbox_refusals_data),
//  events [{author, n, kind, actor, authority, time, text, void}], actions
//  (what user may do now: modify, comment, withdraw, close),
//  authority_names (imi_directory_name_authorities, in lang). Each
//  free text is added to translate (NULL: none asked for). 0, -2 (not
//  among the user's: not found), -1.
int imi_notifications_show (imi_node_t *self, const imi_user_t *user, const char *id,
                            const char *lang, imi_translate_job_t *translate, json_t **result);

//  The notification procedures of the catalogue, for the form that sends
//  one: into *result (the caller's) {procedures: [{code, name, legal_area,
//  may_send (user may notify under it: acts for an authority competent for
//  it, the rule of imi_notifications_create), register (the one it feeds,
//  or null), entry_fields (imi_repository_fields_data, or null)}]}, in
//  catalogue order, names in lang (NULL or one the catalogue lacks: the
//  user's). 0, -1.
int imi_notifications_procedures (imi_node_t *self, const imi_user_t *user, const char *lang,
                                  json_t **result);

//  May user see notification id (the rule of imi_notifications_show)? 1
//  yes, 0 no (or no such notification), -1 on error. For the event stream.
int imi_notifications_visible (imi_node_t *self, const imi_user_t *user, const char *id);

//  The notifications module: the repository (procedures and registers,
//  from catalogue_dir) and NOTIFICATION_EVENT (imi_module.h).
extern const imi_module_t imi_notifications_module;

#endif
