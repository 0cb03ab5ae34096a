/*  imi_inbox: the receiving side of durable delivery, in SQL.

    A link is applied in order: the message with seq == next_in_seq is the
    only one that can be applied; lower ones are duplicates (their receipt is
    sent again), higher ones are gaps (dropped; the sender retransmits).
    Recording a message and its effect happen in the caller's transaction;
    the receipt for a batch is signed and stored in that same transaction and
    sent only after it commits, so a receipt never promises an uncommitted
    message.
*/
#ifndef IMI_INBOX_H
#define IMI_INBOX_H

#include "imi_body_delivery.h"
#include "imi_envelope.h"
#include "imi_store.h"

typedef enum {
    IMI_INBOX_NEXT,             //  the one to apply now
    IMI_INBOX_DUPLICATE,        //  already applied: same message id at that seq
    IMI_INBOX_CONFLICT,         //  already applied, but another message id at that seq
    IMI_INBOX_GAP               //  ahead of the next expected
} imi_inbox_class_t;

//  Classify a sequenced message from peer. 0 with *result, or -1.
int imi_inbox_classify (imi_store_t *store, const char *peer, const imi_envelope_view_t *view,
                        imi_inbox_class_t *result);

//  Within a transaction: record the message as applied (rejected NULL) or as
//  refused, its seq consumed, with the rejection kind ("malformed",
//  "bad_body", ...) and the reason; advance next_in_seq. 0 or -1.
int imi_inbox_record (imi_store_t *store, const char *peer, const imi_envelope_view_t *view,
                      const uint8_t *envelope, size_t size, int64_t now_ms, const char *kind,
                      const char *rejected);

//  Header hashes of seq first..last from peer, into hashes (count * 32);
//  with refused (room for count), also the refused ones among them, in
//  order, their reasons cut to what a receipt carries. 0 or -1.
int imi_inbox_hashes (imi_store_t *store, const char *peer, uint64_t first, uint64_t last,
                      uint8_t *hashes, imi_refusal_t *refused, uint32_t *refused_count);

//  Within a transaction: store (and log) the receipt envelope we made for
//  first..last.
int imi_inbox_store_receipt (imi_store_t *store, const char *peer, uint64_t first,
                             uint64_t last, const uint8_t *envelope, size_t size,
                             int64_t now_ms);

//  The stored receipt covering seq from peer: *envelope malloc'd. 0, 1 if none, -1.
int imi_inbox_find_receipt (imi_store_t *store, const char *peer, uint64_t seq,
                            uint8_t **envelope, size_t *size);

#endif
