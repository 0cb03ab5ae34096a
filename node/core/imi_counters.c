/*  imi_counters: the table of counter names and help texts. */
#include "imi_counters.h"

#include <assert.h>
#include <string.h>

static const struct {
    imi_counter_t counter;
    const char *name;
    const char *help;
} s_table [] = {
    { IMI_COUNT_SENT, "sent", "envelopes sent to peers (first sends and retransmits)" },
    { IMI_COUNT_RECEIVED, "received",
      "envelopes whose sender, addressee, signature and clock checked out" },
    { IMI_COUNT_APPLIED, "applied", "sequenced messages applied, each exactly once" },
    { IMI_COUNT_DUPLICATES, "duplicates", "sequenced messages received again; receipt resent" },
    { IMI_COUNT_RETRANSMITS, "retransmits", "envelopes sent again after a receipt timeout" },
    { IMI_COUNT_RECEIPTS_SENT, "receipts_sent", "signed receipts sent to peers" },
    { IMI_COUNT_RECEIPTS_ACCEPTED, "receipts_accepted", "valid receipts received from peers" },
    { IMI_COUNT_DELIVERED, "delivered", "our messages receipted by their recipient" },
    { IMI_COUNT_REFUSED_BY_PEER, "refused_by_peer",
      "our messages a peer's receipt says it refused (seq consumed, content not applied)" },
    { IMI_COUNT_LINK_CONFLICTS, "link_conflicts",
      "receipts naming another message than ours at one of our sequence numbers" },
    { IMI_COUNT_DIRECTORY_APPLIED, "directory_applied",
      "directory entries applied, own and received" },
    { IMI_COUNT_DIRECTORY_DUPLICATES, "directory_duplicates", "directory entries already held" },
    { IMI_COUNT_DIRECTORY_GAPS, "directory_gaps",
      "directory entries ahead of what we hold; pulled in order later" },
    { IMI_COUNT_DIRECTORY_FORKS, "directory_forks",
      "conflicting signed directory entries; the origin is frozen" },
    { IMI_COUNT_DIRECTORY_FROZEN, "directory_frozen",
      "directory entries of a frozen origin, not applied" },
    { IMI_COUNT_AUDIT_CHECKPOINTS, "audit_checkpoints", "checkpoints of our log we signed" },
    { IMI_COUNT_AUDIT_COSIGNATURES, "audit_cosignatures",
      "witnesses' cosignatures of our checkpoints received" },
    { IMI_COUNT_AUDIT_WITNESSED, "audit_witnessed", "peers' checkpoints we checked and cosigned" },
    { IMI_COUNT_AUDIT_EQUIVOCATIONS, "audit_equivocations",
      "two signed checkpoints of one log at one size with different roots" },
    { IMI_COUNT_AUDIT_GOSSIP_SENT, "audit_gossip_sent",
      "checkpoints we cosigned, passed on to one of a few peers chosen at random" },
    { IMI_COUNT_AUDIT_GOSSIP_HELD, "audit_gossip_held",
      "gossiped checkpoints held byte for byte already: taken without a second check" },
    { IMI_COUNT_PEER_REDIALS, "peer_redials",
      "connections to peers made anew after a refused handshake or a dropped link "
      "that libzmq did not retry" },
    { IMI_COUNT_RECOVERY_RETURNED, "recovery_returned",
      "our messages a peer returned after our database was restored from a backup" },
    { IMI_COUNT_RECOVERY_LOST, "recovery_lost",
      "of those, messages whose effect on our side could not be restored (logged)" },
    { IMI_COUNT_RECOVERY_RESENDS, "recovery_resends",
      "links on which we sent again what a restored peer had lost" },
    { IMI_COUNT_HANDSHAKE_REFUSED_AUTH, "handshake_refused_auth",
      "handshakes refused: a CURVE key the manifest does not list" },
    { IMI_COUNT_HANDSHAKE_REFUSED_PROTOCOL, "handshake_refused_protocol",
      "handshakes refused: not CURVE (e.g. a client without keys), or a broken ZMTP handshake" },
    { IMI_COUNT_HANDSHAKE_REFUSED_NO_DETAIL, "handshake_refused_no_detail",
      "handshakes that failed without detail: closed or timed out half-way" },
    { IMI_COUNT_HANDSHAKE_REFUSED_NOT_ZMTP, "handshake_refused_not_zmtp",
      "connections closed before any handshake: bytes that are not ZMTP 3 (raw TCP, HTTP)" },
    { IMI_COUNT_REJECTED_MALFORMED, "rejected_malformed", "not a well-formed envelope or body" },
    { IMI_COUNT_REJECTED_OVERSIZED, "rejected_oversized", "larger than max_message_bytes" },
    { IMI_COUNT_REJECTED_UNSUPPORTED_VERSION, "rejected_unsupported_version",
      "header of a protocol version this node does not speak" },
    { IMI_COUNT_REJECTED_UNKNOWN_TYPE, "rejected_unknown_type",
      "header of a message type this protocol version does not define" },
    { IMI_COUNT_REJECTED_UNKNOWN_SENDER, "rejected_unknown_sender",
      "sender state not in the manifest" },
    { IMI_COUNT_REJECTED_IDENTITY_MISMATCH, "rejected_identity_mismatch",
      "signed by a state other than the connection's CURVE identity" },
    { IMI_COUNT_REJECTED_MISADDRESSED, "rejected_misaddressed", "addressed to another state" },
    { IMI_COUNT_REJECTED_BAD_SIGNATURE, "rejected_bad_signature",
      "header signature does not verify" },
    { IMI_COUNT_REJECTED_BAD_BODY, "rejected_bad_body",
      "body does not match its signed hash or does not decrypt" },
    { IMI_COUNT_REJECTED_EXPIRED, "rejected_expired", "unsequenced message older than 300 s" },
    { IMI_COUNT_REJECTED_FUTURE, "rejected_future", "timestamp more than 300 s ahead" },
    { IMI_COUNT_REJECTED_OUT_OF_ORDER, "rejected_out_of_order",
      "sequence ahead of the next expected; the sender retransmits" },
    { IMI_COUNT_REJECTED_SEQUENCE_CONFLICT, "rejected_sequence_conflict",
      "a different message for a sequence number already applied" },
    { IMI_COUNT_REJECTED_BAD_RECEIPT, "rejected_bad_receipt",
      "receipt for messages we did not send" },
    { IMI_COUNT_REJECTED_UNEXPECTED, "rejected_unexpected",
      "message type not expected on this socket" },
    { IMI_COUNT_REJECTED_MANIFEST, "rejected_manifest", "offered manifest not accepted" },
    { IMI_COUNT_REJECTED_DIRECTORY_ENTRY, "rejected_directory_entry",
      "directory entry malformed, of an unknown origin, or not signed by it" },
    { IMI_COUNT_REJECTED_CHECKPOINT, "rejected_checkpoint",
      "checkpoint or cosignature malformed, badly signed, or not extending what we hold" },
};

const char *
imi_counter_name (imi_counter_t counter)
{
    assert (counter < IMI_COUNT_LIMIT && s_table [counter].counter == counter);
    return s_table [counter].name;
}

//  Families of counters that share a prefix and are told apart by the rest.
static const char *s_family_prefixes [] = { "rejected_", "handshake_refused_" };

const char *
imi_counter_reason (imi_counter_t counter)
{
    const char *name = imi_counter_name (counter);
    for (size_t index = 0; index < sizeof s_family_prefixes / sizeof s_family_prefixes [0];
         index++) {
        size_t length = strlen (s_family_prefixes [index]);
        if (strncmp (name, s_family_prefixes [index], length) == 0)
            return name + length;
    }
    return name;
}

const char *
imi_counter_help (imi_counter_t counter)
{
    assert (counter < IMI_COUNT_LIMIT);
    return s_table [counter].help;
}

int
imi_counter_is_rejection (imi_counter_t counter)
{
    return counter >= IMI_COUNT_REJECTED_FIRST && counter < IMI_COUNT_LIMIT;
}

void
imi_counters_test (void)
{
    assert (sizeof s_table / sizeof s_table [0] == IMI_COUNT_LIMIT);
    for (int counter = 0; counter < IMI_COUNT_LIMIT; counter++) {
        assert (s_table [counter].counter == (imi_counter_t) counter);
        assert (imi_counter_is_rejection (counter)
                == (strncmp (s_table [counter].name, "rejected_", 9) == 0));
    }
    assert (strcmp (imi_counter_reason (IMI_COUNT_REJECTED_BAD_SIGNATURE), "bad_signature") == 0);
    assert (strcmp (imi_counter_reason (IMI_COUNT_HANDSHAKE_REFUSED_NOT_ZMTP), "not_zmtp") == 0);
    for (int counter = IMI_COUNT_HANDSHAKE_REFUSED_FIRST;
         counter <= IMI_COUNT_HANDSHAKE_REFUSED_LAST; counter++)
        assert (strncmp (s_table [counter].name, "handshake_refused_", 18) == 0);
    assert (strcmp (imi_counter_reason (IMI_COUNT_SENT), "sent") == 0);
}
