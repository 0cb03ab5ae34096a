/*  imi_cases: information requests on a node: our copy of each case, the
    events of both sides, attachments; acting as a user and applying what
    the other side's node sends. docs/cases.md has the design.

    Every action is one transaction: the checks (catalogue, directory,
    dates, sizes, the workflow table, the user's rights), the event stored
    and folded into the case, and the event (with its attachments' pieces
    before it) in the outbox to the other side's node. Applying a peer's
    event runs in the node's batch transaction (imi_node), exactly once.
    The requester's node holds back the personal data of a request
    (subject fields, free text, its attachments: a disclose event), and
    every text and file its users write before acceptance, and sends them
    only when it sees the request accepted; the responder's node shows
    personal data to its users only while the current responding authority
    has accepted.
*/
#ifndef IMI_CASES_H
#define IMI_CASES_H

#include "imi_attachments.h"
#include "imi_node_internal.h"
#include "imi_translate.h"
#include "imi_users.h"
#include "imi_workflow.h"

//  What a user asks for: an event with the fields they gave (kind, case id,
//  and the kind's fields; imi_cases fills side, n, seen, time, actor and
//  authority) and the files to attach.
typedef struct {
    imi_case_event_t event;
    imi_attachment_upload_t files [IMI_CASE_ATTACHMENTS_MAX];
    size_t file_count;
    bool held;                  //  out: its personal part waits here until acceptance
} imi_case_action_t;

//  Appliers of a peer's CASE_EVENT and CASE_PART (sequenced; in the batch
//  transaction). 0, -2 if refused (reason set; recorded, receipted), -1.
//  Every CASE_PART comes here, a case's or an alert's (imi_attachments).
int imi_cases_apply_event (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                           const uint8_t *plain, size_t plain_size);
int imi_cases_apply_part (imi_node_t *self, imi_peer_t *peer, const imi_envelope_view_t *view,
                          const uint8_t *plain, size_t plain_size);

//  Create a draft request from action (kind "send": procedure, responder,
//  reply date (optional: the procedure's default), questions, subject
//  fields, text, files) and write its id into case_id; send it at once if
//  send is true. 0, -2 for bad input or no right (reason set, nothing
//  changed), -1 on error.
int imi_cases_create (imi_node_t *self, const imi_user_t *user, imi_case_action_t *action,
                      bool send, char case_id [IMI_CASE_ID_MAX + 1]);

//  Act on a case as user: action->event.case_id and kind, with the kind's
//  fields ("send" sends a draft). Before the responder accepts, the
//  requester's texts, files, subject fields and answers stay on this node
//  (action->held) and go once it accepts, never if it does not. 0, -2
//  (reason names the case's state when the workflow refuses), -1.
int imi_cases_act (imi_node_t *self, const imi_user_t *user, imi_case_action_t *action);

//  Does authority key exist in the directory, and handle procedure (an
//  area competence without a list of procedures handles all of the
//  area's)? 0, or -2 saying why not.
int imi_cases_check_authority (imi_node_t *self, const char *key, const char *procedure);

//  The procedures of one kind (alert, notification) for a form that starts
//  an exchange under one: fill tells the kind's own, adding its members to
//  item for a procedure of the kind (0), 1 for another, -1 on error. Into
//  *result (the caller's): {procedures: [{code, name (in lang, or null;
//  NULL lang or one the catalogue lacks: the user's), legal_area, the
//  member named may (true if user acts for an authority that handles the
//  procedure: the rule of issuing an alert or sending a notification),
//  then fill's members}]} in catalogue order. 0, -1.
typedef int (imi_procedure_fill_fn) (imi_node_t *self, const char *procedure, const char *lang,
                                     json_t *item);
int imi_cases_procedures (imi_node_t *self, const imi_user_t *user, const char *lang,
                          const char *may, imi_procedure_fill_fn *fill, json_t **result);

//  Discard a draft. 0, -2, -1.
int imi_cases_discard (imi_node_t *self, const imi_user_t *user, const char *case_id);


typedef struct {
    const char *state;          //  a state name, or NULL
    const char *direction;      //  "in" (we respond), "out" (we request), or NULL
    const char *procedure;      //  or NULL
    bool overdue;               //  only overdue ones
    bool total;                 //  count them all instead of listing a page
    const char *cursor;         //  the page starts after it (a page's next_cursor), or NULL
    size_t limit;               //  rows of the page at most, 1 .. IMI_PAGE_LIMIT_MAX (imi_page.h)
} imi_case_filter_t;

//  The results of the case commands are data (jansson values, *result the
//  caller's; NULL on failure). A case as the lists show it, a "row":
//      {id, direction ("in" | "out"), state, procedure, our_authority,
//       counterpart, reply_by (agreed, else proposed, or null), overdue
//       (what is late, or null), overdue_days, updated (RFC 3339),
//       personal_data ("blocked" | "deleted" | null)}

//  A page of the cases user may read that pass filter, newest change
//  first: {items: [row...], next_cursor} (null on the last page); or,
//  with filter->total, {total: N} counting every match. 0, -2, -1.
int imi_cases_list (imi_node_t *self, const imi_user_t *user, const imi_case_filter_t *filter,
                    json_t **result);

//  The row of case_id, which a user has just acted on: the answer of an
//  action, whoever may read the case now (a forward takes it out of the
//  reach of who forwarded it). 0, -2 (no such case), -1.
int imi_cases_row (imi_node_t *self, const char *case_id, json_t **result);

//  A case for reading in lang (NULL: the user's): its facts, deadlines,
//  what is overdue, retention, then a page of its timeline with each
//  event's content: the limit events (1..IMI_PAGE_LIMIT_MAX) before cursor
//  (NULL: the newest), "timeline_events" in all and the cursor of the
//  page before, "timeline_earlier_cursor" (null at the first event); for
//  a reader who may answer, "questions": every question the case asked; and
//  the authorities' names in lang (imi_directory_name_authorities;
//  docs/http.md, "Cases", has the document). With translate (or NULL),
//  each free text shown is added to it for machine translation. 0, -2, -1.
#define IMI_CASE_TIMELINE_LIMIT_DEFAULT 20
int imi_cases_show (imi_node_t *self, const imi_user_t *user, const char *case_id,
                    const char *lang, const char *cursor, size_t limit,
                    imi_translate_job_t *translate, json_t **result);

//  An attachment's content by name or hex SHA-256 (malloc'd). 0, -2, -1.
int imi_cases_attachment (imi_node_t *self, const imi_user_t *user, const char *case_id,
                          const char *which, uint8_t **data, size_t *size);

//  The overdue list: cases of user's reach (a coordinator: the state's)
//  whose acceptance or answer is late, most overdue first (then by id), a
//  page of limit rows after cursor (or from the start): {items, next_cursor}.
//  0, -2, -1.
int imi_cases_overdue (imi_node_t *self, const imi_user_t *user, const char *cursor,
                       size_t limit, json_t **result);

//  May user see case_id (its authority on our side is in their reach)? 1
//  yes, 0 no (or no such case), -1 on error. For the event stream.
int imi_cases_visible (imi_node_t *self, const imi_user_t *user, const char *case_id);

//  The cases module: CASE_EVENT and CASE_PART (imi_module.h).
extern const imi_module_t imi_cases_module;

#endif
