/*  imi_counters: what a node has sent, received and rejected, by reason.

    Counters run from process start (monitoring systems compute rates from
    them) and are listed in one table in imi_counters.c with a stable name
    each: `imictl counters` prints them, `imictl metrics` exports them in the
    Prometheus text format. Every rejection of a peer's bytes has a reason
    here; a new reason is a new row.
*/
#ifndef IMI_COUNTERS_H
#define IMI_COUNTERS_H

#include <stdint.h>
#include <stddef.h>

typedef enum {
    IMI_COUNT_SENT,                 //  envelopes handed to a socket
    IMI_COUNT_RECEIVED,             //  envelopes that passed every check
    IMI_COUNT_APPLIED,              //  sequenced messages applied (once each)
    IMI_COUNT_DUPLICATES,           //  sequenced messages already applied: receipt resent
    IMI_COUNT_RETRANSMITS,          //  envelopes sent again after a timeout
    IMI_COUNT_RECEIPTS_SENT,
    IMI_COUNT_RECEIPTS_ACCEPTED,
    IMI_COUNT_DELIVERED,            //  our messages a peer receipted
    IMI_COUNT_REFUSED_BY_PEER,      //  our messages a peer's receipt says it refused
    IMI_COUNT_LINK_CONFLICTS,       //  a peer's receipt names another message at one of our seqs
    IMI_COUNT_DIRECTORY_APPLIED,    //  directory entries applied (own and received)
    IMI_COUNT_DIRECTORY_DUPLICATES, //  directory entries already held
    IMI_COUNT_DIRECTORY_GAPS,       //  directory entries ahead of what we hold (pulled later)
    IMI_COUNT_DIRECTORY_FORKS,      //  conflicting signed entries: origin frozen
    IMI_COUNT_DIRECTORY_FROZEN,     //  entries of a frozen origin, not applied
    IMI_COUNT_AUDIT_CHECKPOINTS,    //  checkpoints of our log we signed
    IMI_COUNT_AUDIT_COSIGNATURES,   //  witnesses' cosignatures of ours we hold
    IMI_COUNT_AUDIT_WITNESSED,      //  peers' checkpoints we checked and cosigned
    IMI_COUNT_AUDIT_EQUIVOCATIONS,  //  one origin, one size, two roots: evidence stored
    IMI_COUNT_AUDIT_GOSSIP_SENT,    //  checkpoints we cosigned, passed on to a peer
    IMI_COUNT_AUDIT_GOSSIP_HELD,    //  gossiped checkpoints held byte for byte already
    IMI_COUNT_PEER_REDIALS,         //  DEALERs made anew after libzmq stopped retrying
    IMI_COUNT_RECOVERY_RETURNED,    //  our messages a peer returned after our restore
    IMI_COUNT_RECOVERY_LOST,        //  of them, ones whose effect we could not restore
    IMI_COUNT_RECOVERY_RESENDS,     //  links we sent again to a restored peer
    //  Handshakes our listener refused, by kind (imi_transport); FIRST to LAST.
    IMI_COUNT_HANDSHAKE_REFUSED_AUTH,       //  CURVE key not in the manifest
    IMI_COUNT_HANDSHAKE_REFUSED_FIRST = IMI_COUNT_HANDSHAKE_REFUSED_AUTH,
    IMI_COUNT_HANDSHAKE_REFUSED_PROTOCOL,   //  not CURVE, or a broken ZMTP handshake
    IMI_COUNT_HANDSHAKE_REFUSED_NO_DETAIL,  //  closed or timed out mid-handshake
    IMI_COUNT_HANDSHAKE_REFUSED_NOT_ZMTP,   //  closed before any handshake: not ZMTP 3
    IMI_COUNT_HANDSHAKE_REFUSED_LAST = IMI_COUNT_HANDSHAKE_REFUSED_NOT_ZMTP,
    //  Rejections, one per reason; keep IMI_COUNT_REJECTED_FIRST first.
    IMI_COUNT_REJECTED_FIRST,
    IMI_COUNT_REJECTED_MALFORMED = IMI_COUNT_REJECTED_FIRST,
    IMI_COUNT_REJECTED_OVERSIZED,
    IMI_COUNT_REJECTED_UNSUPPORTED_VERSION,
    IMI_COUNT_REJECTED_UNKNOWN_TYPE,
    IMI_COUNT_REJECTED_UNKNOWN_SENDER,
    IMI_COUNT_REJECTED_IDENTITY_MISMATCH,
    IMI_COUNT_REJECTED_MISADDRESSED,
    IMI_COUNT_REJECTED_BAD_SIGNATURE,
    IMI_COUNT_REJECTED_BAD_BODY,
    IMI_COUNT_REJECTED_EXPIRED,
    IMI_COUNT_REJECTED_FUTURE,
    IMI_COUNT_REJECTED_OUT_OF_ORDER,
    IMI_COUNT_REJECTED_SEQUENCE_CONFLICT,
    IMI_COUNT_REJECTED_BAD_RECEIPT,
    IMI_COUNT_REJECTED_UNEXPECTED,
    IMI_COUNT_REJECTED_MANIFEST,
    IMI_COUNT_REJECTED_DIRECTORY_ENTRY,
    IMI_COUNT_REJECTED_CHECKPOINT,
    IMI_COUNT_LIMIT
} imi_counter_t;

typedef struct {
    uint64_t values [IMI_COUNT_LIMIT];
} imi_counters_t;

//  Stable name of a counter ("sent", "rejected_bad_signature", ...).
const char *imi_counter_name (imi_counter_t counter);

//  The name without its family's prefix: the rejection reason alone
//  ("bad_signature"), the kind of a refused handshake ("auth").
const char *imi_counter_reason (imi_counter_t counter);

//  One line of help text.
const char *imi_counter_help (imi_counter_t counter);

//  True for rejection counters.
int imi_counter_is_rejection (imi_counter_t counter);

void imi_counters_test (void);

#endif
