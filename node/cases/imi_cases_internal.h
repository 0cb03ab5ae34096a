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
} imi_case_t;

//  The case lists' statements (imi_case_view), NULL-ended: for the test
//  that each reads its page from an index, without a sort.
extern const char *const imi_case_list_queries [];

//  Load case id with its events folded. 0, 1 if there is no such case, -1.
int imi_case_load (imi_node_t *self, const char *id, imi_case_t *loaded);

void imi_case_free (imi_case_t *loaded);

//  The authority of the case on our side.
const char *imi_case_our_authority (const imi_case_t *loaded);

//  The case for user: loaded and readable (and actable if act). 0, -2, -1.
int imi_case_for (imi_node_t *self, const imi_user_t *user, const char *id, bool act,
                  imi_case_t *loaded);

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
