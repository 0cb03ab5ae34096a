/*  imi_workflow: the information request transition table and the fold. */
#include "imi_workflow.h"
#include "imi_error.h"

#include <assert.h>
#include <czmq.h>
#include <stdlib.h>
#include <string.h>

static const char *s_state_names [IMI_CASE_STATE_LIMIT] = {
    "draft", "sent", "accepted", "clarification", "answered", "closed", "withdrawn"
};

//  What each kind of event requires of its fields.
typedef enum {
    S_NEEDS_REQUEST = 1,        //  procedure, requester, responder, lang, reply date, questions
    S_NEEDS_DATE = 2,           //  reply_date
    S_NEEDS_RESPONDER = 4,      //  the authority the case goes to
    S_NEEDS_CONTENT = 8,        //  text, answers, questions or files: something to read
    S_NEEDS_RATINGS = 16,       //  timely and effort
} s_needs_t;

#define S_SAME IMI_CASE_STATE_LIMIT     //  "next state: unchanged"
#define S_OPEN (1 << IMI_CASE_SENT | 1 << IMI_CASE_ACCEPTED \
              | 1 << IMI_CASE_CLARIFICATION | 1 << IMI_CASE_ANSWERED)

//  The transition table: in any of states (a bit set), kind by side leads to next.
static const struct {
    unsigned states;
    const char *kind;
    int side;
    imi_case_state_t next;
    unsigned needs;
    bool by_node;               //  written by the node itself, never a user's action
} s_table [] = {
    { 1 << IMI_CASE_DRAFT, "send", IMI_SIDE_REQUESTER, IMI_CASE_SENT, S_NEEDS_REQUEST, false },
    { 1 << IMI_CASE_SENT, "withdraw", IMI_SIDE_REQUESTER, IMI_CASE_WITHDRAWN, 0, false },
    { 1 << IMI_CASE_SENT, "accept", IMI_SIDE_RESPONDER, IMI_CASE_ACCEPTED, S_NEEDS_DATE, false },
    { 1 << IMI_CASE_SENT | 1 << IMI_CASE_ACCEPTED, "forward", IMI_SIDE_RESPONDER,
      IMI_CASE_SENT, S_NEEDS_RESPONDER, false },
    { 1 << IMI_CASE_ACCEPTED, "ask_clarification", IMI_SIDE_RESPONDER,
      IMI_CASE_CLARIFICATION, S_NEEDS_CONTENT, false },
    { 1 << IMI_CASE_CLARIFICATION, "clarify", IMI_SIDE_REQUESTER, IMI_CASE_ACCEPTED,
      S_NEEDS_CONTENT, false },
    { 1 << IMI_CASE_ACCEPTED, "answer", IMI_SIDE_RESPONDER, IMI_CASE_ANSWERED,
      S_NEEDS_CONTENT, false },
    { 1 << IMI_CASE_ANSWERED, "follow_up", IMI_SIDE_REQUESTER, IMI_CASE_ACCEPTED,
      S_NEEDS_CONTENT, false },
    { 1 << IMI_CASE_ANSWERED, "close", IMI_SIDE_REQUESTER, IMI_CASE_CLOSED,
      S_NEEDS_RATINGS, false },
    { S_OPEN, "message", IMI_SIDE_REQUESTER, S_SAME, S_NEEDS_CONTENT, false },
    { S_OPEN, "message", IMI_SIDE_RESPONDER, S_SAME, S_NEEDS_CONTENT, false },
    { S_OPEN, "disclose", IMI_SIDE_REQUESTER, S_SAME, 0, true },
};

#define S_TABLE_SIZE (sizeof s_table / sizeof s_table [0])

size_t
imi_workflow_actions (imi_case_state_t state, int side, const char *kinds [], size_t max)
{
    size_t count = 0;
    for (size_t index = 0; index < S_TABLE_SIZE && count < max; index++)
        if ((s_table [index].states >> state) & 1 && s_table [index].side == side
        &&  !s_table [index].by_node)
            kinds [count++] = s_table [index].kind;
    return count;
}

const char *
imi_case_state_name (imi_case_state_t state)
{
    return state < IMI_CASE_STATE_LIMIT? s_state_names [state]: "unknown";
}

int
imi_case_state_parse (const char *name, imi_case_state_t *state)
{
    for (int index = 0; index < IMI_CASE_STATE_LIMIT; index++)
        if (strcmp (name, s_state_names [index]) == 0) {
            *state = (imi_case_state_t) index;
            return 0;
        }
    return imi_error_malformed ("unknown case state '%s' (draft, sent, accepted, "
                                "clarification, answered, closed, withdrawn)", name);
}

bool
imi_case_state_open (imi_case_state_t state)
{
    return (S_OPEN >> state) & 1;
}

void
imi_workflow_init (imi_case_folded_t *folded)
{
    memset (folded, 0, sizeof *folded);
    folded->state = IMI_CASE_DRAFT;
    folded->rating_timely = -1;
    folded->rating_effort = -1;
}

//  The kind's name as a user reads it in an error ("ask for clarification").
static const char *
s_kind_words (const char *kind)
{
    static const char *words [][2] = {
        { "ask_clarification", "ask for clarification on" },
        { "follow_up", "send a follow-up on" },
        { "message", "send a message on" },
    };
    for (size_t index = 0; index < sizeof words / sizeof words [0]; index++)
        if (strcmp (kind, words [index][0]) == 0)
            return words [index][1];
    return kind;
}

static int
s_check_needs (const imi_case_folded_t *folded, const imi_case_event_t *event, unsigned needs)
{
    if ((needs & S_NEEDS_REQUEST)
    &&  !(*event->procedure && *event->requester && *event->responder && *event->lang
          && *event->reply_date && event->question_count > 0))
        return imi_error_malformed ("a request needs a procedure, both authorities, a "
                                    "language, a reply date and at least one question");
    if ((needs & S_NEEDS_REQUEST)
    &&  (strcmp (event->authority, event->requester) != 0
         || strncmp (event->case_id, event->requester, 2) != 0
         || strncmp (event->requester, event->responder, 2) == 0))
        return imi_error_malformed ("a request goes from an authority of the case's "
                                    "state to an authority of another state");
    if ((needs & S_NEEDS_DATE) && !*event->reply_date)
        return imi_error_malformed ("%s needs a reply date", event->kind);
    if (needs & S_NEEDS_RESPONDER) {
        if (!*event->responder)
            return imi_error_malformed ("forward needs the authority to forward to");
        if (strncmp (event->responder, folded->responder, 3) != 0)
            return imi_error_malformed ("a case can be forwarded only within the "
                                        "responder's state");
        if (strcmp (event->responder, folded->responder) == 0)
            return imi_error_malformed ("case %s is already with %s", event->case_id,
                                        folded->responder);
    }
    if ((needs & S_NEEDS_CONTENT)
    &&  !(event->text || event->answer_count || event->question_count || event->file_count))
        return imi_error_malformed ("%s needs text, answers, questions or attachments",
                                    event->kind);
    if ((needs & S_NEEDS_RATINGS) && !(event->has_timely && event->has_effort))
        return imi_error_malformed ("closing needs a rating of timeliness and of effort");
    return 0;
}

int
imi_workflow_check (const imi_case_folded_t *folded, const imi_case_event_t *event)
{
    bool kind_known = false;
    for (size_t index = 0; index < S_TABLE_SIZE; index++) {
        if (strcmp (s_table [index].kind, event->kind) != 0)
            continue;
        kind_known = true;
        if (!((s_table [index].states >> folded->state) & 1)
        ||  s_table [index].side != (int) event->side)
            continue;
        //  The event speaks for the case's authority on its side (a forward
        //  names the authority that had the case, which hands it on).
        if (folded->state != IMI_CASE_DRAFT) {
            const char *own = event->side == IMI_SIDE_REQUESTER? folded->requester
                                                              : folded->responder;
            if (strcmp (event->authority, own) != 0)
                return imi_error_refuse (IMI_ERROR_CONFLICT,
                                         "cannot %s case %s for %s: the case is with %s",
                                         s_kind_words (event->kind), event->case_id,
                                         event->authority, own);
        }
        return s_check_needs (folded, event, s_table [index].needs);
    }
    if (!kind_known)
        return imi_error_malformed ("unknown event '%s'", event->kind);
    const char *side_name = event->side == IMI_SIDE_REQUESTER? "the requester": "the responder";
    return imi_error_refuse (IMI_ERROR_CONFLICT, "%s cannot %s case %s: it is %s", side_name,
                             s_kind_words (event->kind), event->case_id,
                             imi_case_state_name (folded->state));
}

static imi_case_state_t
s_next (const imi_case_folded_t *folded, const imi_case_event_t *event)
{
    for (size_t index = 0; index < S_TABLE_SIZE; index++)
        if (strcmp (s_table [index].kind, event->kind) == 0
        &&  ((s_table [index].states >> folded->state) & 1)
        &&  s_table [index].side == (int) event->side)
            return s_table [index].next == S_SAME? folded->state: s_table [index].next;
    assert (false);         //  the caller checked
    return folded->state;
}

void
imi_workflow_apply (imi_case_folded_t *folded, const imi_case_event_t *event)
{
    int64_t at = (int64_t) event->at_ms;
    const char *kind = event->kind;
    if (strcmp (kind, "send") == 0) {
        snprintf (folded->procedure, sizeof folded->procedure, "%s", event->procedure);
        snprintf (folded->requester, sizeof folded->requester, "%s", event->requester);
        snprintf (folded->responder, sizeof folded->responder, "%s", event->responder);
        snprintf (folded->lang, sizeof folded->lang, "%s", event->lang);
        snprintf (folded->proposed_date, sizeof folded->proposed_date, "%s", event->reply_date);
        folded->urgent = event->has_urgent && event->urgent;
        folded->sent_ms = at;
        folded->received_ms = at;
    }
    else
    if (strcmp (kind, "accept") == 0) {
        snprintf (folded->agreed_date, sizeof folded->agreed_date, "%s", event->reply_date);
        folded->accepted_ms = at;
    }
    else
    if (strcmp (kind, "forward") == 0) {
        //  The new authority starts afresh: it accepts, commits to a date
        //  and answers; the indicators count it from now.
        snprintf (folded->responder, sizeof folded->responder, "%s", event->responder);
        folded->received_ms = at;
        folded->accepted_ms = 0;
        folded->answered_ms = 0;
        folded->agreed_date [0] = 0;
    }
    else
    if (strcmp (kind, "answer") == 0) {
        if (!folded->answered_ms)
            folded->answered_ms = at;
    }
    else
    if (strcmp (kind, "follow_up") == 0) {
        if (*event->reply_date)
            snprintf (folded->agreed_date, sizeof folded->agreed_date, "%s", event->reply_date);
    }
    else
    if (strcmp (kind, "close") == 0) {
        folded->closed_ms = at;
        folded->rating_timely = event->timely;
        folded->rating_effort = event->effort;
    }
    else
    if (strcmp (kind, "withdraw") == 0)
        folded->closed_ms = at;
    else
    if (strcmp (kind, "disclose") == 0)
        folded->disclosed = true;
    folded->state = s_next (folded, event);
    folded->updated_ms = at;
}

//  Fold event, placed next, into folded: applied, or void with why not.
static void
s_place (imi_case_folded_t *folded, const imi_case_event_t *event,
         char reason [IMI_WORKFLOW_REASON_MAX])
{
    if (imi_workflow_check (folded, event) == 0) {
        reason [0] = 0;
        imi_workflow_apply (folded, event);
    }
    else
        snprintf (reason, IMI_WORKFLOW_REASON_MAX, "%s", imi_error_last ());
}

int
imi_workflow_fold (const imi_case_event_t *events, size_t count, imi_case_folded_t *folded,
                   size_t *order, char (*voids) [IMI_WORKFLOW_REASON_MAX])
{
    imi_workflow_init (folded);
    //  Each side's chain, by n: chain [side][n - 1] = index into events.
    size_t *chain [2] = { calloc (count + 1, sizeof (size_t)), calloc (count + 1, sizeof (size_t)) };
    assert (chain [0] && chain [1]);
    int rc = 0;
    for (size_t index = 0; index < count && rc == 0; index++) {
        const imi_case_event_t *event = &events [index];
        if (event->side > 1 || event->n < 1 || event->n > count
        ||  chain [event->side][event->n - 1])
            rc = imi_error_malformed ("case %s: event %u/%llu is out of place or twice",
                                      event->case_id, event->side,
                                      (unsigned long long) event->n);
        else {
            chain [event->side][event->n - 1] = index + 1;     //  0 = empty
            folded->count [event->side]++;
        }
    }
    for (int side = 0; side < 2 && rc == 0; side++)
        for (uint64_t n = 0; n < folded->count [side]; n++)
            if (!chain [side][n])
                rc = imi_error_malformed ("case %s: event %d/%llu is missing",
                                          events [0].case_id, side, (unsigned long long) n + 1);
    //  Merge: take the next event of a side once the other side's events
    //  it had seen are placed; the requester's first when both are ready.
    uint64_t placed [2] = { 0, 0 };
    for (size_t step = 0; step < count && rc == 0; step++) {
        bool ready [2];
        for (int side = 0; side < 2; side++)
            ready [side] = placed [side] < folded->count [side]
                        && events [chain [side][placed [side]] - 1].seen <= placed [!side];
        //  Neither ready only if a peer's seen count lies: place in chain
        //  order, requester first, so the order is still the same everywhere.
        int side = ready [0]? 0: ready [1]? 1: placed [0] < folded->count [0]? 0: 1;
        size_t index = chain [side][placed [side]++] - 1;
        order [step] = index;
        s_place (folded, &events [index], voids [index]);
    }
    free (chain [0]);
    free (chain [1]);
    return rc;
}

//  When is an event E of side s, with n = count [s] + 1 and seen = S, last?
//  Run the merge of the case's events P with and without E. Until side s
//  has placed all of its events in P, both merges see the same next events
//  and choose alike. After that, P's merge takes the other side's next
//  event (ready or by the fallback: side s has none left); with E it may
//  take E instead, which is the only way the two merges part:
//  - s = 1 (responder): E is taken only if ready, S <= placed [0]. At
//    these steps side 0 still has events (else P's merge is over and E
//    goes last), placed [0] < count [0], so S >= count [0] means never:
//    the requester's next event goes first, ready or by the fallback.
//  - s = 0 (requester): E is taken if ready, S <= placed [1] < count [1],
//    which S >= count [1] rules out; and by the fallback whenever the
//    responder's next event is not ready, its seen > placed [0] = count [0].
//    A responder's event with seen > count [0] is never ready in P, so P
//    places it exactly there (the fallback takes side 0 while it has
//    events): E goes last if and only if no responder's event had seen
//    more than count [0].
//  An event written now had seen every event of the other side (S = its
//  count), so the rule is exact for it; the self test checks it against
//  the whole fold.
bool
imi_workflow_last (const imi_case_folded_t *folded, uint64_t responder_seen,
                   const imi_case_event_t *event)
{
    if (event->side > 1 || event->n != folded->count [event->side] + 1
    ||  event->seen < folded->count [!event->side])
        return false;
    return event->side == IMI_SIDE_RESPONDER || responder_seen <= folded->count [0];
}

void
imi_workflow_append (imi_case_folded_t *folded, const imi_case_event_t *event,
                     char reason [IMI_WORKFLOW_REASON_MAX])
{
    folded->count [event->side]++;
    s_place (folded, event, reason);
}

//  ---------------------------------------------------------------------------
//  Self test

static imi_case_event_t
s_event (int side, uint64_t n, uint64_t seen, const char *kind, int64_t at)
{
    imi_case_event_t event;
    memset (&event, 0, sizeof event);
    snprintf (event.case_id, sizeof event.case_id, "DE-0123456789abcdef");
    event.side = (uint32_t) side;
    event.n = n;
    event.seen = seen;
    snprintf (event.kind, sizeof event.kind, "%s", kind);
    event.at_ms = (uint64_t) at;
    snprintf (event.actor, sizeof event.actor, side? "pierre": "anna");
    snprintf (event.authority, sizeof event.authority, side? "FR:dgccrf": "DE:bnetza");
    return event;
}

static char s_question [1][IMI_CASE_CODE_MAX + 1] = { "pq.diploma-authentic" };
static char s_text [] = "Bitte um Auskunft.";

static imi_case_event_t
s_send (int64_t at)
{
    imi_case_event_t event = s_event (0, 1, 0, "send", at);
    snprintf (event.procedure, sizeof event.procedure, "pq-information-request");
    snprintf (event.requester, sizeof event.requester, "DE:bnetza");
    snprintf (event.responder, sizeof event.responder, "FR:dgccrf");
    snprintf (event.lang, sizeof event.lang, "de");
    snprintf (event.reply_date, sizeof event.reply_date, "2026-12-20");
    event.questions = s_question;
    event.question_count = 1;
    return event;
}

static void
s_with_text (imi_case_event_t *event)
{
    event->text = s_text;
    snprintf (event->text_lang, sizeof event->text_lang, "de");
}

static imi_case_folded_t
s_fold (imi_case_event_t *events, size_t count, char (*voids) [IMI_WORKFLOW_REASON_MAX])
{
    imi_case_folded_t folded;
    size_t order [16];
    assert (count <= 16);
    int rc = imi_workflow_fold (events, count, &folded, order, voids);
    assert (rc == 0);
    return folded;
}

//  A small deterministic generator for the random histories (xorshift)
static uint64_t
s_random (uint64_t *state, uint64_t bound)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state % bound;
}

//  An event of a random kind with the fields its kind needs: most take
//  effect where the table allows them, others are void (a responder's
//  event by an authority the case is not with, a step out of turn).
static imi_case_event_t
s_random_event (uint64_t *random, int side, uint64_t n, uint64_t seen)
{
    static const char *kinds [2][6] = {
        { "message", "withdraw", "clarify", "follow_up", "close", "disclose" },
        { "accept", "forward", "ask_clarification", "answer", "message", "accept" }
    };
    int64_t at = (int64_t) (n * 1000 + (uint64_t) side);
    imi_case_event_t event = side == 0 && n == 1 && s_random (random, 4)
                           ? s_send (at)
                           : s_event (side, n, seen, kinds [side][s_random (random, 6)], at);
    event.seen = seen;
    s_with_text (&event);
    snprintf (event.reply_date, sizeof event.reply_date, "2026-12-24");
    event.has_timely = event.has_effort = true;
    if (side && s_random (random, 4) == 0)
        snprintf (event.authority, sizeof event.authority, "FR:other");
    if (streq (event.kind, "forward"))
        snprintf (event.responder, sizeof event.responder, "%s",
                  streq (event.authority, "FR:other")? "FR:dgccrf": "FR:other");
    return event;
}

//  Two nodes write a case's events, each seeing the other's as they
//  arrive (late: crossings), and now and then a peer lies in seen (more
//  or fewer than it had). chain [side][n - 1]; length [side] events.
#define S_HISTORY_MAX 8
static void
s_random_history (uint64_t *random, imi_case_event_t chain [2][S_HISTORY_MAX],
                  size_t length [2])
{
    uint64_t received [2] = { 0, 0 };
    length [0] = length [1] = 0;
    size_t total = 2 + s_random (random, 2 * S_HISTORY_MAX - 1);
    while (length [0] + length [1] < total) {
        int side = (int) s_random (random, 2);
        if (length [side] == S_HISTORY_MAX || s_random (random, 3) == 0) {
            if (received [side] < length [!side])
                received [side]++;                      //  one more arrives
            continue;
        }
        uint64_t seen = received [side];
        if (s_random (random, 8) == 0)
            seen = s_random (random, length [!side] + 3);
        chain [side][length [side]] = s_random_event (random, side, length [side] + 1, seen);
        length [side]++;
    }
}

//  For every prefix of a random history (the first a requester's and b
//  responder's events) and every next event of either side (the
//  history's, and ones with each seen count from 0 to two too many): when
//  imi_workflow_last says "last", the whole fold keeps the prefix's order
//  and voids, places the event last, and folds to what appending it to the
//  prefix's fold gives; for an event that had seen exactly the other
//  side's events (one we write), "last" is exactly that.
static void
s_test_last (void)
{
    static char voids [2 * S_HISTORY_MAX + 1][IMI_WORKFLOW_REASON_MAX];
    static char prefix_voids [2 * S_HISTORY_MAX][IMI_WORKFLOW_REASON_MAX];
    uint64_t random = 0x1f2e3d4c5b6a7988ULL;
    size_t lasts = 0, effective = 0, not_lasts = 0;
    for (int history = 0; history < 60; history++) {
        imi_case_event_t chain [2][S_HISTORY_MAX];
        size_t length [2];
        s_random_history (&random, chain, length);
        for (size_t a = 0; a <= length [0]; a++)
        for (size_t b = 0; b <= length [1]; b++) {
            imi_case_event_t events [2 * S_HISTORY_MAX + 1];
            size_t count = 0;
            uint64_t responder_seen = 0;
            for (size_t n = 0; n < a; n++)
                events [count++] = chain [0][n];
            for (size_t n = 0; n < b; n++) {
                events [count++] = chain [1][n];
                if (chain [1][n].seen > responder_seen)
                    responder_seen = chain [1][n].seen;
            }
            imi_case_folded_t prefix, whole;
            size_t prefix_order [2 * S_HISTORY_MAX], order [2 * S_HISTORY_MAX + 1];
            assert (imi_workflow_fold (events, count, &prefix, prefix_order, prefix_voids) == 0);
            for (int side = 0; side < 2; side++) {
                size_t n = side? b: a, other = side? a: b;
                for (size_t seen = 0; seen <= other + 3; seen++) {
                    if (seen == other + 3 && n == length [side])
                        break;                          //  the history's own next: none
                    events [count] = seen == other + 3? chain [side][n]
                                   : s_random_event (&random, side, n + 1, seen);
                    const imi_case_event_t *next = &events [count];
                    assert (imi_workflow_fold (events, count + 1, &whole, order, voids) == 0);
                    bool placed_last = order [count] == count
                                    && memcmp (order, prefix_order, count * sizeof (size_t)) == 0;
                    for (size_t index = 0; index < count && placed_last; index++)
                        placed_last = streq (voids [index], prefix_voids [index]);
                    bool last = imi_workflow_last (&prefix, responder_seen, next);
                    if (next->seen == other)
                        assert (last == placed_last);
                    if (!last) {
                        not_lasts += next->seen == other;
                        continue;
                    }
                    lasts++;
                    assert (placed_last);
                    imi_case_folded_t appended = prefix;
                    char reason [IMI_WORKFLOW_REASON_MAX];
                    imi_workflow_append (&appended, next, reason);
                    assert (memcmp (&appended, &whole, sizeof whole) == 0);
                    assert (streq (reason, voids [count]));
                    effective += !*reason;
                }
            }
        }
    }
    //  Both answers came up for events we would write: the test tells
    assert (lasts > 1000 && effective > 100 && not_lasts > 10);
}

void
imi_workflow_test (void)
{
    char voids [16][IMI_WORKFLOW_REASON_MAX];

    //  The actions a side may take: the table's, the node's own left out
    const char *actions [IMI_WORKFLOW_ACTIONS_MAX];
    size_t count = imi_workflow_actions (IMI_CASE_ACCEPTED, IMI_SIDE_RESPONDER, actions,
                                         IMI_WORKFLOW_ACTIONS_MAX);
    assert (count == 4);
    assert (streq (actions [0], "forward") && streq (actions [1], "ask_clarification")
            && streq (actions [2], "answer") && streq (actions [3], "message"));
    count = imi_workflow_actions (IMI_CASE_SENT, IMI_SIDE_REQUESTER, actions,
                                  IMI_WORKFLOW_ACTIONS_MAX);
    assert (count == 2 && streq (actions [0], "withdraw") && streq (actions [1], "message"));
    assert (imi_workflow_actions (IMI_CASE_DRAFT, IMI_SIDE_REQUESTER, actions, 8) == 1
            && streq (actions [0], "send"));
    assert (imi_workflow_actions (IMI_CASE_CLOSED, IMI_SIDE_REQUESTER, actions, 8) == 0);
    assert (imi_workflow_actions (IMI_CASE_ANSWERED, IMI_SIDE_REQUESTER, actions, 1) == 1
            && streq (actions [0], "follow_up"));

    //  The whole exchange, in arrival order at either node
    imi_case_event_t events [16];
    events [0] = s_send (1000);
    events [1] = s_event (1, 1, 1, "accept", 2000);
    snprintf (events [1].reply_date, sizeof events [1].reply_date, "2026-12-24");
    events [2] = s_event (0, 2, 1, "disclose", 2100);
    events [3] = s_event (1, 2, 2, "ask_clarification", 3000);
    s_with_text (&events [3]);
    events [4] = s_event (0, 3, 2, "clarify", 4000);
    s_with_text (&events [4]);
    events [5] = s_event (1, 3, 3, "answer", 5000);
    s_with_text (&events [5]);
    events [6] = s_event (0, 4, 3, "close", 6000);
    events [6].has_timely = events [6].has_effort = true;
    events [6].timely = true;
    imi_case_folded_t folded = s_fold (events, 7, voids);
    assert (folded.state == IMI_CASE_CLOSED);
    for (int index = 0; index < 7; index++)
        assert (voids [index][0] == 0);
    assert (folded.sent_ms == 1000 && folded.received_ms == 1000);
    assert (folded.accepted_ms == 2000 && folded.answered_ms == 5000);
    assert (folded.closed_ms == 6000 && folded.updated_ms == 6000);
    assert (folded.rating_timely == 1 && folded.rating_effort == 0);
    assert (streq (folded.agreed_date, "2026-12-24") && folded.disclosed);
    assert (folded.count [0] == 4 && folded.count [1] == 3);

    //  The same events in another order fold the same (the other node)
    imi_case_event_t shuffled [7] = { events [1], events [3], events [0], events [5],
                                      events [2], events [6], events [4] };
    imi_case_folded_t other = s_fold (shuffled, 7, voids);
    assert (memcmp (&folded, &other, sizeof folded) == 0);

    //  Withdrawal and acceptance cross: the requester's goes first, the
    //  acceptance (and the answer written after it) are void, on both nodes
    events [1] = s_event (0, 2, 0, "withdraw", 1500);
    events [2] = s_event (1, 1, 1, "accept", 1600);
    snprintf (events [2].reply_date, sizeof events [2].reply_date, "2026-12-24");
    events [3] = s_event (1, 2, 1, "answer", 1700);
    s_with_text (&events [3]);
    folded = s_fold (events, 4, voids);
    assert (folded.state == IMI_CASE_WITHDRAWN && folded.closed_ms == 1500);
    assert (voids [1][0] == 0);
    assert (strstr (voids [2], "cannot accept case DE-0123456789abcdef: it is withdrawn"));
    assert (strstr (voids [3], "it is withdrawn"));
    imi_case_event_t reversed [4] = { events [3], events [2], events [1], events [0] };
    other = s_fold (reversed, 4, voids);
    assert (memcmp (&folded, &other, sizeof folded) == 0);

    //  Forward: the case moves to another authority of the same state and
    //  starts afresh there
    events [1] = s_event (1, 1, 1, "accept", 2000);
    snprintf (events [1].reply_date, sizeof events [1].reply_date, "2026-12-24");
    events [2] = s_event (1, 2, 1, "forward", 3000);
    snprintf (events [2].responder, sizeof events [2].responder, "FR:ordre-medecins");
    events [3] = s_event (1, 3, 1, "accept", 4000);
    snprintf (events [3].authority, sizeof events [3].authority, "FR:ordre-medecins");
    snprintf (events [3].reply_date, sizeof events [3].reply_date, "2026-12-28");
    folded = s_fold (events, 4, voids);
    assert (folded.state == IMI_CASE_ACCEPTED);
    assert (streq (folded.responder, "FR:ordre-medecins"));
    assert (folded.received_ms == 3000 && folded.accepted_ms == 4000);
    assert (streq (folded.agreed_date, "2026-12-28"));
    //  The old authority can no longer act on it
    imi_case_event_t late = s_event (1, 4, 1, "answer", 5000);
    s_with_text (&late);
    assert (imi_workflow_check (&folded, &late) == -2);
    assert (strstr (imi_error_last (), "the case is with FR:ordre-medecins"));
    //  Forwarding abroad, or to the same authority, is refused
    imi_case_event_t abroad = s_event (1, 4, 1, "forward", 5000);
    snprintf (abroad.authority, sizeof abroad.authority, "FR:ordre-medecins");
    snprintf (abroad.responder, sizeof abroad.responder, "BE:x");
    assert (imi_workflow_check (&folded, &abroad) == -2);
    snprintf (abroad.responder, sizeof abroad.responder, "FR:ordre-medecins");
    assert (imi_workflow_check (&folded, &abroad) == -2);

    //  Every state x kind x side outside the table is refused, naming the state
    const char *kinds [] = { "send", "withdraw", "accept", "forward", "ask_clarification",
                             "clarify", "answer", "follow_up", "close", "message",
                             "disclose", "teleport" };
    for (int state = 0; state < IMI_CASE_STATE_LIMIT; state++)
        for (size_t kind = 0; kind < sizeof kinds / sizeof kinds [0]; kind++)
            for (int side = 0; side < 2; side++) {
                imi_case_folded_t at;
                imi_workflow_init (&at);
                at.state = (imi_case_state_t) state;
                snprintf (at.requester, sizeof at.requester, "DE:bnetza");
                snprintf (at.responder, sizeof at.responder, "FR:dgccrf");
                imi_case_event_t event = kind == 0? s_send (1): s_event (side, 1, 0, kinds [kind], 1);
                event.side = (uint32_t) side;
                snprintf (event.authority, sizeof event.authority,
                          side? "FR:dgccrf": "DE:bnetza");
                snprintf (event.reply_date, sizeof event.reply_date, "2026-12-24");
                snprintf (event.responder, sizeof event.responder,
                          kind == 0? "FR:dgccrf": "FR:other");
                s_with_text (&event);
                event.has_timely = event.has_effort = true;
                bool legal = false;
                for (size_t row = 0; row < S_TABLE_SIZE; row++)
                    legal |= streq (s_table [row].kind, kinds [kind])
                          && ((s_table [row].states >> state) & 1) && s_table [row].side == side;
                int rc = imi_workflow_check (&at, &event);
                assert ((rc == 0) == legal);
                if (!legal && kind + 1 < sizeof kinds / sizeof kinds [0])
                    assert (strstr (imi_error_last (), imi_case_state_name (at.state)));
            }

    //  Gaps and duplicates in a chain are refused
    imi_case_folded_t gap;
    size_t order [4];
    events [1] = s_event (1, 2, 1, "accept", 2000);
    assert (imi_workflow_fold (events, 2, &gap, order, voids) == -2);
    events [1] = s_event (0, 1, 0, "withdraw", 2000);
    assert (imi_workflow_fold (events, 2, &gap, order, voids) == -2);

    //  A lying seen count still gives one order, requester first
    events [1] = s_event (1, 1, 9, "accept", 2000);
    snprintf (events [1].reply_date, sizeof events [1].reply_date, "2026-12-24");
    events [2] = s_event (0, 2, 9, "withdraw", 2500);
    folded = s_fold (events, 3, voids);
    assert (folded.state == IMI_CASE_WITHDRAWN);

    const char *names [] = { "draft", "closed", "withdrawn" };
    for (size_t index = 0; index < 3; index++) {
        imi_case_state_t state = IMI_CASE_STATE_LIMIT;
        assert (imi_case_state_parse (names [index], &state) == 0);
        assert (streq (imi_case_state_name (state), names [index]));
    }
    imi_case_state_t state;
    assert (imi_case_state_parse ("open", &state) == -2);
    assert (imi_case_state_open (IMI_CASE_ANSWERED) && !imi_case_state_open (IMI_CASE_CLOSED));

    s_test_last ();
}
