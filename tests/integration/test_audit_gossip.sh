#!/usr/bin/env bash
# Gossip in a federation larger than five: a witness passes each checkpoint
# it cosigned to 3 peers chosen at random, not to all of them; a gossiped
# checkpoint held byte for byte already is taken without a second signature
# check; and an origin that shows one witness a false checkpoint is still
# caught (docs/audit.md, "Witnessing").
source "$(dirname "$0")/lib.sh" "$1"

states="DE FR PL AT NL SE IT"
fed_create $states
for state in $states; do node_config "$state" "audit_checkpoint_ms = 300"; done
for state in $states; do node_start "$state"; done
for state in $states; do
    [ "$state" = DE ] || ctl DE send "$state" "hallo" >/dev/null || fail "DE sends to $state"
done
# Every witness cosigned DE's latest checkpoint, which covers DE's whole log.
wait_until 30 audit_settled DE "AT FR IT NL PL SE" \
    || fail "DE's checkpoint not cosigned by all: $(ctl DE audit status)"

# Each witness holds at most 5 peers to pass a checkpoint of DE's log on to;
# it passes each one it cosigned to 3 of them.
sum=0; held=0
for state in $states; do
    sent=$(counter "$state" audit_gossip_sent)
    witnessed=$(counter "$state" audit_witnessed)
    [ "$sent" -le $(( 3 * witnessed )) ] \
        || fail "$state passed $sent checkpoints on for $witnessed it cosigned: more than 3 each"
    sum=$(( sum + sent )); held=$(( held + $(counter "$state" audit_gossip_held) ))
done
[ "$sum" -gt 0 ] || fail "no witness passed a checkpoint on"
# Every node is offered DE's checkpoint by DE itself: most gossiped copies
# arrive after it, and are taken without checking the signature again.
[ "$held" -gt 0 ] || fail "no gossiped checkpoint was recognised as held"
[ "$(counter FR rejected_checkpoint)" = 0 ] || fail "honest checkpoints were refused"
ok "each cosigned checkpoint passed to 3 peers ($sum in all); $held copies held already"

say "DE shows PL a false checkpoint"
node_stop DE
node_config DE "audit_checkpoint_ms = 300" "test_equivocate_to = PL"
node_start DE
ctl DE send FR "noch etwas" >/dev/null || fail "DE sends more"
ctl DE audit checkpoint >/dev/null || fail "checkpoint"
# PL passes the false one to 3 peers that hold the true one (or soon will):
# whichever holds both stores the evidence.
caught () {
    local state found=0
    for state in $states; do found=$(( found + $(counter "$state" audit_equivocations) )); done
    [ "$found" -ge 1 ]
}
wait_until 30 caught || fail "no node caught DE's equivocation"
ok "the equivocation is caught with gossip to 3 peers of 6"

fed_finish
ok "audit gossip"
