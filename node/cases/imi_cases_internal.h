/*  imi_cases_internal: a case as loaded and folded, shared by imi_cases.c
    (acting, applying) and imi_case_view.c (reading). Nothing else includes
    this.
*/
#ifndef IMI_CASES_INTERNAL_H
#define IMI_CASES_INTERNAL_H

#include "imi_cases.h"

//  A case loaded: its row's facts and its events, decoded and folded.
typedef struct {
    char id [IMI_CASE_ID_MAX + 1];
    int side;                               //  our side
    imi_case_state_t state;
    char requester [IMI_CASE_AUTHORITY_MAX + 1];
    char responder [IMI_CASE_AUTHORITY_MAX + 1];
    char procedure [IMI_CASE_CODE_MAX + 1];
    int64_t blocked_ms;                     //  personal data blocked (retention), or 0
    int64_t deleted_ms;                     //  personal data deleted, or 0
    imi_case_event_t *events;
    size_t event_count;
    size_t *order;
    char (*voids) [IMI_WORKFLOW_REASON_MAX];
    //  Each event's position and void as stored when it was loaded (0 and
    //  "": none yet), so that a save writes only the events that moved
    size_t *stored_positions;
    char (*stored_voids) [IMI_WORKFLOW_REASON_MAX];
    imi_case_folded_t folded;
    //  The events in the case, and the place of the first loaded one in
    //  its merged order: all of them from 1, a page (imi_case_page_t), or
    //  a tail's, after the events it was loaded with
    size_t event_total;
    size_t first_position;
    bool whole;                             //  all the events loaded and folded
    uint64_t responder_seen;                //  a tail's: for imi_workflow_last
} imi_case_t;

//  A page of a case's timeline: the limit events before event (side, n)
//  in the merged order (before_event false: before none, the newest). A
//  page's load reads only those events, as stored with their places and
//  voids, and the case's state as its row holds it, which is the last
//  fold's (written with it): for readers, whose cost then does not grow
//  with the case. folded.count and folded.disclosed are the fold's only (0
//  in a page's load).
//  A tail (to act on the case, or apply a peer's event to it) is loaded
//  with no events, its state from the row too, and folded.count and
//  folded.disclosed read from its events' rows without their bodies: an
//  event appended to it is decoded and folded alone when the merge places
//  it last with nothing else moved (imi_workflow_last), and the case is
//  loaded whole when not, or when something needs the events themselves.
typedef struct {
    bool before_event;
    int side;
    uint64_t n;
    size_t limit;
    bool tail;
} imi_case_page_t;

//  No events: the case's row alone (its facts and state)
#define IMI_CASE_NO_EVENTS (&(const imi_case_page_t) { false, 0, 0, 0, false })
//  The case to act on or apply to: the fold's state, counts and disclosure
#define IMI_CASE_TAIL (&(const imi_case_page_t) { false, 0, 0, 0, true })

//  The case lists' statements (imi_case_view), NULL-ended: for the test
//  that each reads its page from an index, without a sort.
extern const char *const imi_case_list_queries [];

//  The statements that read a page of a case's timeline (imi_cases),
//  NULL-ended: for the test that each reads only the page's events.
extern const char *const imi_case_page_queries [];

//  Load case id with all its events folded (page NULL: the fold is the
//  truth), a page of them, or its tail. 0, 1 if there is no such case, -2
//  if the page's event is not the case's, -1.
int imi_case_load (imi_node_t *self, const char *id, const imi_case_page_t *page,
                   imi_case_t *loaded);

void imi_case_free (imi_case_t *loaded);

//  The authority of the case on our side.
const char *imi_case_our_authority (const imi_case_t *loaded);

//  The case for user: loaded (imi_case_load) and readable (and actable if
//  act). 0, -2, -1.
int imi_case_for (imi_node_t *self, const imi_user_t *user, const char *id, bool act,
                  const imi_case_page_t *page, imi_case_t *loaded);

//  A draft's request, decoded: free with imi_case_event_cleanup. 0, 1 if
//  there is none, -1.
int imi_case_draft_request (imi_node_t *self, const char *case_id, imi_case_event_t *event);

//  What our side of case_id holds back until the responder accepts (the
//  request's disclosure, then texts and files in the order written), as
//  *count events in *events: free with imi_case_held_free. 0, -1.
int imi_case_held (imi_node_t *self, const char *case_id, imi_case_event_t **events,
                   size_t *count);
void imi_case_held_free (imi_case_event_t **events, size_t *count);

#endif
