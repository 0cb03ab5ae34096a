/*  imi_body_recovery: the plain bodies of a link's repair after one side's
    database was restored from a backup (PROTOCOL.md §3.1).

        LINK_STATE   (unsequenced, to the peer's ROUTER)
                     [ step: uint, applied: uint, from: uint ]
        LINK_RETURN  (unsequenced, the answer on the same connection)
                     [ step: uint, applied: uint, sent: uint,
                       items: [ [ seq: uint, received_ms: uint, refused: str, envelope: bin ] ... ],
                       more: bool ]

    The restored node (R) asks its peer (P) with LINK_STATE. Step 1: "send
    me back my own messages to you from seq `from` on, which you applied"
    (R lost them with the part of its database the backup did not hold);
    P answers with a page of them, as it received them, with the time it
    received each (P's clock) and its refusal kind if it refused it. Step
    2: "I have applied your messages up to `applied`: send again what
    follows"; P marks its messages after `applied` undelivered, so its
    outbox sends them again, and answers with an empty page. Both answers
    carry P's view of the link: the last seq of R's it applied (`applied`)
    and the last seq it gave a message to R (`sent`).
*/
#ifndef IMI_BODY_RECOVERY_H
#define IMI_BODY_RECOVERY_H

#include "imi_codec.h"
#include "imi_envelope.h"

#include <stdbool.h>

#define IMI_RECOVERY_STEP_RETURN    1   //  return my messages from `from`
#define IMI_RECOVERY_STEP_RESEND    2   //  send yours again after `applied`
#define IMI_RECOVERY_ITEMS_MAX      256 //  messages in one LINK_RETURN
#define IMI_RECOVERY_KIND_MAX       32  //  bytes of a refusal kind ("" = applied)

typedef struct {
    uint64_t step;              //  IMI_RECOVERY_STEP_*
    uint64_t applied;           //  last seq the sender applied from the recipient
    uint64_t from;              //  step 1: the first of its own seqs it wants back
} imi_link_state_t;

typedef struct {
    uint64_t seq;
    uint64_t received_ms;       //  when the peer received it, on the peer's clock
    char refused [IMI_RECOVERY_KIND_MAX + 1];   //  the peer's refusal kind, or ""
    const uint8_t *envelope;    //  as received; points into the body (decode) or
    size_t envelope_size;       //  into the caller's memory (encode)
} imi_link_item_t;

typedef struct {
    uint64_t step;              //  the step of the LINK_STATE it answers
    uint64_t applied;           //  last seq the sender applied from the recipient
    uint64_t sent;              //  last seq the sender gave a message to the recipient
    uint32_t count;
    imi_link_item_t items [IMI_RECOVERY_ITEMS_MAX];
    bool more;                  //  step 1: more follow from the last item's seq + 1
} imi_link_return_t;

//  Encoders: 0 with *out malloc'd (caller frees), or -1 (a LINK_RETURN whose
//  items do not fit in a body, or hold a bad kind).
int imi_link_state_encode (const imi_link_state_t *state, uint8_t **out, size_t *size);
int imi_link_return_encode (const imi_link_return_t *answer, uint8_t **out, size_t *size);

//  Decoders: 0 or -2 (reason names the field). A LINK_RETURN's items are in
//  seq order, without gaps; their envelopes point into data.
int imi_link_state_decode (imi_link_state_t *state, const uint8_t *data,
                           size_t size) IMI_WARN_UNUSED;
int imi_link_return_decode (imi_link_return_t *answer, const uint8_t *data,
                            size_t size) IMI_WARN_UNUSED;

//  How many bytes a LINK_RETURN may spend on envelopes: a page stops before
//  this; a single envelope bigger than this cannot be returned.
#define IMI_RECOVERY_PAGE_BYTES     (IMI_BODY_MAX_BYTES - 16384)

void imi_body_recovery_test (void);

#endif
