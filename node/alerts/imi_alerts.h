/*  imi_alerts: alerts on a node: one authority warns the competent
    authorities of chosen states (or of every state of the federation)
    under an alert procedure of the catalogue. docs/alerts.md has the
    design.

    The sender's node keeps the alert's history: the sender's events,
    numbered 1, 2, ... (issue, then corrections, then a withdrawal or the
    closing), each sent to every recipient state's node as a sequenced
    ALERT_EVENT, so each recipient node applies each step exactly once and
    in order. A recipient node routes the alert, when it applies the issue,
    to its own authorities competent for the procedure (from the directory);
    their users and the state's coordinators see it. A recipient
    authority's acknowledgement goes back to the sender's node, which keeps
    the latest per authority (who, when, which version).

    The transition table (S = the sender's authority, R = a recipient):
        (none)              issue        S  -> issued
        issued, corrected   correct      S  -> corrected
        issued, corrected   withdraw     S  -> withdrawn
        issued, corrected   close        S  -> closed
        issued, corrected   acknowledge  R     (no change)
    An issue or a correction may carry attachments (imi_attachments): their
    pieces go to each recipient node before the event, which refuses the
    event unless each file arrived whole.
    A refused action names the alert's state ("cannot correct alert
    DE-...: it is withdrawn") and changes nothing, sends nothing. Refusals
    say their kind (imi_error_refuse): an alert the user cannot see is not
    found, an action the user may not take forbidden, one the alert's state
    does not allow a conflict.

    Every action is one transaction: the checks (catalogue, federation,
    the table, the user's rights), the event stored and folded into the
    alert's row, and the event in the outbox to each node it goes to.
*/
#ifndef IMI_ALERTS_H
#define IMI_ALERTS_H

#include "imi_attachments.h"
#include "imi_body_alert.h"
#include "imi_node_internal.h"
#include "imi_translate.h"
#include "imi_users.h"

//  Applier of a peer's ALERT_EVENT (sequenced; in the batch transaction).
//  0, -2 if refused (reason set; recorded, receipted), -1.
int imi_alerts_apply (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                      const uint8_t *plain, size_t plain_size);

//  Issue an alert as user: event holds the procedure, the recipient states
//  (or all is true: every other state of the federation), the fields, the
//  text and optionally its language (default: the user's). upload_count
//  files to attach are in uploads (the caller owns them); event->files
//  must have room for IMI_CASE_ATTACHMENTS_MAX descriptions when there are
//  any. Writes the new id into alert_id. 0, -2 for bad input or no right
//  (reason set, nothing stored or sent), -1.
int imi_alerts_issue (imi_node_t *self, const imi_user_t *user, imi_alert_event_t *event,
                      bool all, const imi_attachment_upload_t *uploads, size_t upload_count,
                      char alert_id [IMI_CASE_ID_MAX + 1]);

//  Act on an alert as user: event->alert_id and kind ("correct" with
//  fields, a text and/or uploads to attach, as for issue; "withdraw" with
//  an optional text, "close", "acknowledge"). For acknowledge, authority
//  names the recipient authority acknowledging (NULL: the user's own).
//  0, -2, -1.
int imi_alerts_act (imi_node_t *self, const imi_user_t *user, imi_alert_event_t *event,
                    const char *authority, const imi_attachment_upload_t *uploads,
                    size_t upload_count);

//  A page of the alerts user may read, newest first (imi_page: from after
//  cursor, NULL for the first page; at most limit), into page (from
//  imi_page_new): each item the alert's facts, {id, procedure, sender,
//  direction (out: ours, or in), state, version, states, issued (RFC 3339),
//  decision_date (or null), in_time ({on_time, days, limit}: the issue
//  within the procedure's deadline, or null if it has none)}, and
//  acknowledged (at the sender: how many authorities did; at a recipient:
//  how many of our recipients) and recipients (at a recipient: our
//  authorities it was routed to; at the sender null). 0, -2 for a cursor
//  this list did not give, -1.
int imi_alerts_list (imi_node_t *self, const imi_user_t *user, const char *cursor, long limit,
                     json_t *page);

//  An alert for reading in lang (NULL: the user's), into *result (the
//  caller's): the facts of the list's items, and procedure_name (or null),
//  refusals (imi_outbox_refusals_data), history (the sender's events:
//  {n, time, kind, actor, authority, states}, and for a reader of personal
//  data fields [{id, name, value}] (names and choices in lang), text (a
//  free text, imi_translate_text, or null) and attachments [{name, size,
//  sha256}], else content_hidden), acknowledgements (at the sender every
//  recipient authority's, at a recipient our authorities': {authority,
//  version, by, time}, null but the authority if not acknowledged),
//  actions (what user may do now: correct, withdraw, close for who may
//  act for the sender; acknowledge for who may act for a recipient),
//  authority_names (imi_directory_name_authorities, in lang). Each
//  free text is added to translate (NULL: none asked for). 0, -2 (no such
//  alert among the user's: not found), -1.
int imi_alerts_show (imi_node_t *self, const imi_user_t *user, const char *alert_id,
                     const char *lang, imi_translate_job_t *translate, json_t **result);

//  The alert procedures of the catalogue, for the form that issues one:
//  into *result (the caller's) {procedures: [{code, name, legal_area,
//  may_issue (user may issue it: acts for an authority competent for it,
//  the rule of imi_alerts_issue), decision_field, send_within (days, or
//  null), fields [{id, name, type (yes-no, choice, date, text), options
//  [{code, name}]}]}]}, in catalogue order, names in lang (NULL or one the
//  catalogue lacks: the user's). 0, -1.
int imi_alerts_procedures (imi_node_t *self, const imi_user_t *user, const char *lang,
                           json_t **result);

//  An attachment of an alert user may read, by name or hex SHA-256
//  (*data malloc'd). Auditors see none. 0, -2, -1.
int imi_alerts_attachment (imi_node_t *self, const imi_user_t *user, const char *alert_id,
                           const char *which, uint8_t **data, size_t *size);

//  May user see alert_id (the rule of imi_alerts_show)? 1 yes, 0 no (or
//  no such alert), -1 on error. For the event stream (imi_events).
int imi_alerts_visible (imi_node_t *self, const imi_user_t *user, const char *alert_id);

//  The alerts module: ALERT_EVENT (imi_module.h).
extern const imi_module_t imi_alerts_module;

#endif
