/*  imi_retention: the personal data of closed cases, blocked and then
    deleted (IMI Regulation Art. 14; docs/cases.md, "Retention").

    A case closed or withdrawn at closed_ms is blocked once block_months of
    its procedure (catalogue, 6 or 18) have passed: cases.blocked_ms is set,
    and imi_case_view then shows its personal data to a coordinator only,
    marked as kept as proof of an exchange. It is deleted 36 months after
    closure, or at once when a coordinator erases it on a data subject's
    request: cases.deleted_ms is set, and in the same transaction
        - every event body holding personal data (case_events.personal) is
          replaced by a redacted re-encoding of the event (subject fields
          and attachment list removed, answer values and free text replaced
          by IMI_RETENTION_ERASED, everything the fold reads kept), and
          case_events.erased_ms set;
        - attachment contents (and names) are dropped, drafts, what the
          requester held back (case_held) and pieces in transit deleted;
        - the machine translations of the case's texts are dropped (also
          when it is blocked: proof of an exchange needs none);
        - the sealed body of every envelope that carried the case
          (case_messages: inbox rows, and outbox rows already delivered) is
          cut from the stored envelope, which keeps its signed header and
          signature: [header, empty bin, signature]. Such a row no longer
          decodes as an envelope (imi_envelope_decode wants a sealed box),
          and nothing reads it back: the outbox resends only undelivered
          messages, duplicates are answered from the stored receipts, and
          the audit log holds the same header and signature.
    The case row, the ids, kinds, actors, authorities, times, dates,
    questions asked and ratings stay, and so do every signed header and the
    audit log (which never held bodies): the timeline still proves the
    exchange. Each change appends a LOCAL audit leaf naming the case only.

    The job is idempotent: a run picks what is due and not done yet, and a
    deleted case is swept again while something of it is left (an outbox
    envelope not yet delivered, an event that arrived after deletion). A
    run goes in steps, each case its own transaction, so that the node's
    loop answers pings and imictl between them however many cases are due;
    a run stopped between steps (the node killed) leaves every case done or
    untouched, and the next run (at start, then every retention_check_ms)
    does the rest. The step that finishes a run, and every erasure, ends
    with a WAL checkpoint that truncates it (imi_store_checkpoint), so that
    the WAL's old copies of what was erased leave the disk too.
*/
#ifndef IMI_RETENTION_H
#define IMI_RETENTION_H

#include "imi_body_case.h"
#include "imi_catalogue.h"
#include "imi_store.h"

#include <stddef.h>
#include <stdint.h>

#define IMI_RETENTION_DELETE_MONTHS 36                  //  3 years after closure
#define IMI_RETENTION_ERASED "(personal data deleted)" //  stands for erased text and values
#define IMI_RETENTION_REASON_MAX 200                    //  bytes of an erasure's reason
//  Attachment pieces wait this long for the event that names them. It
//  follows them on the same in-order link, queued in the same transaction,
//  so it comes unless the sender never sends it (or stays away mid-transfer
//  longer than this); older pieces would otherwise pile up.
#define IMI_RETENTION_PIECES_MS (30LL * 24 * 3600 * 1000)

typedef struct {
    size_t blocked;             //  cases blocked by this run
    size_t deleted;             //  cases whose personal data this run deleted
    size_t swept;               //  deleted cases of which this run erased what was left
    size_t pieces;              //  attachment pieces no event claimed in 30 days, dropped
    size_t checked;             //  closed cases whose data is not deleted, looked at
} imi_retention_report_t;

//  One run of the job, done in steps so that the node's loop keeps
//  answering between them (the caller holds no transaction across them).
typedef struct _imi_retention_run_t imi_retention_run_t;

//  ms plus months calendar months (UTC; the 31st becomes the month's last
//  day). months >= 0.
int64_t imi_retention_add_months (int64_t ms, int months);

//  A run of what is due at now_ms: block and delete closed cases (the
//  procedure's block_months from catalogue, 6 for a procedure it no longer
//  has), then sweep deleted cases, then drop stale attachment pieces.
//  store and catalogue are not owned. NULL if out of memory.
imi_retention_run_t *imi_retention_run_new (imi_store_t *store, imi_catalogue_t *catalogue,
                                            int64_t now_ms);

void imi_retention_run_destroy (imi_retention_run_t **self_p);

//  The next step: read a page of up to 256 cases, or block, delete or
//  sweep one case in its own transaction, or drop up to 64 stale pieces.
//  1 if there is more to do, 0 when the run is done (that step ends with
//  the WAL checkpoint; if a reader keeps the WAL, it logs so and the next
//  run's finishes it), -1 on error. Every case is done or untouched
//  between steps: a run stopped there (destroyed, the node killed) leaves
//  consistent data, and the next run does the rest.
//  A case no longer due when its step comes (erased meanwhile) is skipped.
int imi_retention_run_step (imi_retention_run_t *self);

//  What the run has done so far.
const imi_retention_report_t *imi_retention_run_report (imi_retention_run_t *self);

//  Delete the personal data of case_id now, on a data subject's request
//  (reason: a reference to the request, never personal data; it goes into
//  the audit log). The caller has checked the user's right and that the
//  case is closed or withdrawn. 0, -2 (no such case, already deleted, bad
//  reason), -1.
int imi_retention_erase (imi_store_t *store, const char *case_id, const char *reason,
                         int64_t now_ms);

//  Redact a decoded event in place as deletion stores it (see above).
//  The event stays valid for imi_case_event_encode and the fold.
void imi_retention_redact (imi_case_event_t *event);

#endif
