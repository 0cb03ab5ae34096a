/*  imi_workflow: the information request workflow, as a transition table,
    and the fold that turns a case's events into its state.

    A case is the set of its events (imi_body_case): the requester's node
    writes side 0 events, the responder's node side 1 events, each numbered
    1, 2, ... on its side and saying how many of the other side's events its
    author had seen. Both nodes merge the two chains in the same order:
    an event is ready when every event of the other side it had seen is
    placed; when both next events are ready (they were written concurrently),
    the requester's goes first. Folding the merged events through the table
    gives the state; an event the table does not allow at its place (a
    withdrawal and an acceptance that crossed on the wire) is kept, marked
    void with the reason, and changes nothing. So both copies of a case
    agree once both nodes hold the same events, whatever order they
    arrived in, and the state is a pure function of signed events.

    The table (side R = requester, S = responder):
        draft          send                R  -> sent
        sent           withdraw            R  -> withdrawn
        sent           accept              S  -> accepted
        sent           forward             S  -> sent (the new authority)
        accepted       forward             S  -> sent (the new authority)
        accepted       ask_clarification   S  -> clarification
        clarification  clarify             R  -> accepted
        accepted       answer              S  -> answered
        answered       follow_up           R  -> accepted
        answered       close               R  -> closed
        open states    message             R S   (no change)
        open states    disclose            R     (no change)
    where open is sent, accepted, clarification, answered. Each kind also has
    the fields it requires (imi_workflow_check). disclose is written by the
    requester's node itself when it first sees the request accepted: it
    carries the personal data (subject fields, the request's free text,
    attachments), which thus never leaves the requester's node before a
    responder has accepted (need-to-know).
*/
#ifndef IMI_WORKFLOW_H
#define IMI_WORKFLOW_H

#include "imi_body_case.h"

#include <stdbool.h>
#include <stdint.h>

#define IMI_SIDE_REQUESTER  0
#define IMI_SIDE_RESPONDER  1
#define IMI_WORKFLOW_REASON_MAX 160

typedef enum {
    IMI_CASE_DRAFT,
    IMI_CASE_SENT,
    IMI_CASE_ACCEPTED,
    IMI_CASE_CLARIFICATION,
    IMI_CASE_ANSWERED,
    IMI_CASE_CLOSED,
    IMI_CASE_WITHDRAWN,
    IMI_CASE_STATE_LIMIT
} imi_case_state_t;

//  A case as its events leave it. Times are ms since 1970 (0 = not yet).
typedef struct {
    imi_case_state_t state;
    char procedure [IMI_CASE_CODE_MAX + 1];
    char requester [IMI_CASE_AUTHORITY_MAX + 1];
    char responder [IMI_CASE_AUTHORITY_MAX + 1];        //  the current one
    char lang [4];
    bool urgent;
    char proposed_date [IMI_CASE_DATE_BYTES + 1];
    char agreed_date [IMI_CASE_DATE_BYTES + 1];         //  "" until accepted
    int64_t sent_ms;
    int64_t received_ms;        //  reached the current responder (sent or forwarded)
    int64_t accepted_ms;        //  accepted by the current responder
    int64_t answered_ms;        //  first answer of the current responder
    int64_t closed_ms;          //  closed or withdrawn
    int rating_timely;          //  1 positive, 0 negative, -1 unrated
    int rating_effort;
    bool disclosed;             //  the requester's personal data was sent
    int64_t updated_ms;         //  time of the last event that took effect
    uint64_t count [2];         //  events held per side
} imi_case_folded_t;

//  "draft", "sent", ...; parse back (0, or -2 listing the states).
const char *imi_case_state_name (imi_case_state_t state);
int imi_case_state_parse (const char *name, imi_case_state_t *state) IMI_WARN_UNUSED;

//  True if the state is open (sent, accepted, clarification, answered).
bool imi_case_state_open (imi_case_state_t state);

//  Start a fold: an empty case in draft.
void imi_workflow_init (imi_case_folded_t *folded);

//  May event happen next to folded? Checks the table (state, kind, side),
//  that the event's authority is the case's authority on that side, and the
//  fields the kind requires. 0, or -2 with a reason that names the current
//  state, e.g. "cannot accept case DE-...: it is withdrawn".
int imi_workflow_check (const imi_case_folded_t *folded, const imi_case_event_t *event);

//  The kinds of event a user of side may write next to a case in state,
//  by the table (the node's own, disclose, left out): at most max of them
//  into kinds (the table's strings). How many.
#define IMI_WORKFLOW_ACTIONS_MAX 8
size_t imi_workflow_actions (imi_case_state_t state, int side, const char *kinds [], size_t max);

//  Apply an event that passed imi_workflow_check.
void imi_workflow_apply (imi_case_folded_t *folded, const imi_case_event_t *event);

//  Fold count events (any order, both sides) into *folded. order receives
//  the merged order (indexes into events); voids [i] is "" for event i if it
//  took effect, else why not. Returns 0, or -2 if the chains have a gap or a
//  duplicate (event n of a side missing or twice).
int imi_workflow_fold (const imi_case_event_t *events, size_t count, imi_case_folded_t *folded,
                       size_t *order, char (*voids) [IMI_WORKFLOW_REASON_MAX]);

//  Does event, the next of its side, go last in the merged order of the
//  case folded (its counts), every earlier event keeping its place and so
//  its effect? responder_seen: the most requester's events that any of the
//  case's responder's events had seen. Then imi_workflow_append folds it
//  as imi_workflow_fold would fold the case with it, without the case's
//  other events; if not, fold them all. True only if event had seen every
//  event of the other side (as one we write now had), and for such an
//  event exactly when the whole fold places it last.
bool imi_workflow_last (const imi_case_folded_t *folded, uint64_t responder_seen,
                        const imi_case_event_t *event);

//  Fold event, which imi_workflow_last places last, into folded: reason
//  receives "" if it took effect, else why not (the fold's void).
void imi_workflow_append (imi_case_folded_t *folded, const imi_case_event_t *event,
                          char reason [IMI_WORKFLOW_REASON_MAX]);

void imi_workflow_test (void);

#endif
