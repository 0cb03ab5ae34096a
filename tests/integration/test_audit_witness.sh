#!/usr/bin/env bash
# Witnessing: three nodes log what they exchange, sign checkpoints and
# cosign each other's; a node made to show one peer a false checkpoint
# (test-only fault injection) is caught when the honest witness gossips.
source "$(dirname "$0")/lib.sh" "$1"

fed_create DE FR PL
for state in DE FR PL; do node_config "$state" "audit_checkpoint_ms = 300"; done
for state in DE FR PL; do node_start "$state"; done
ctl DE send FR "hallo" --count 10 >/dev/null || fail "DE sends"
ctl FR send PL "bonjour" --count 5 >/dev/null || fail "FR sends"
ctl PL send DE "dzień dobry" --count 3 >/dev/null || fail "PL sends"
receipted () { ctl "$1" peers | awk -F '\t' -v p="$2" -v n="$3" '$1 == p && $9 == n { ok = 1 } END { exit !ok }'; }
wait_until 20 receipted DE FR 10 && wait_until 20 receipted FR PL 5 && wait_until 20 receipted PL DE 3 \
    || fail "messages were not receipted"

# log size: 10 sent + receipts taken + 3 received + receipts signed: at least 13 for DE
size_of () { ctl "$1" audit status | awk -F '\t' '$1 == "log" { print $3 }'; }
[ "$(size_of DE)" -ge 13 ] || fail "DE's log has $(size_of DE) entries"
ctl DE audit checkpoint >/dev/null || fail "checkpoint"
cosigned_by () {    # cosigned_by STATE WITNESSES: the latest checkpoint of STATE is cosigned by them
    ctl "$1" audit status | awk -F '\t' -v w="$2" '$1 == "checkpoint" && $5 == w { ok = 1 } END { exit !ok }'
}
for pair in "DE FR PL" "FR DE PL" "PL DE FR"; do
    set -- $pair
    wait_until 20 cosigned_by "$1" "$2 $3" || fail "$1's checkpoint not cosigned by $2 and $3: $(ctl "$1" audit status)"
done
ctl FR audit status | grep -q "^witnessed	DE	" || fail "FR holds no checkpoint of DE"
[ "$(counter DE rejected_checkpoint)" = 0 ] && [ "$(counter FR rejected_checkpoint)" = 0 ] \
    || fail "honest checkpoints were refused"
ok "every node's checkpoint is cosigned by both others"

# A message's place in the log, with its inclusion proof
id=$(sqlite3 "$FED/DE/data/node.db" "SELECT hex(message_id) FROM outbox ORDER BY seq LIMIT 1")
ctl DE audit proof "$id" > "$FED/proof.txt" || fail "audit proof"
grep -q "^index	" "$FED/proof.txt" && grep -q "^proof	" "$FED/proof.txt" || fail "proof: $(cat "$FED/proof.txt")"
expect_error "no message" ctl DE audit proof 00112233445566778899aabbccddeeff
expect_error "32 hex digits" ctl DE audit proof xyz
ok "audit proof names a message's place and its inclusion proof"

say "FR's cosignature of DE's latest checkpoint is lost on its way"
# As when DE stops before storing the answer: DE offers its next checkpoint
# with a proof from an older size than the one FR holds; FR sends its lost
# cosignature again, and the offer after that is cosigned.
node_stop DE
sqlite3 "$FED/DE/data/node.db" "DELETE FROM audit_cosignatures WHERE witness = 'FR'
    AND size = (SELECT max (size) FROM audit_cosignatures WHERE witness = 'FR')"
node_start DE
ctl DE send FR "nach dem Neustart" --count 2 >/dev/null || fail "DE sends after its restart"
wait_until 20 receipted DE FR 12 || fail "not receipted after the restart"
ctl DE audit checkpoint >/dev/null || fail "checkpoint"
wait_until 20 audit_settled DE "FR PL" \
    || fail "DE's checkpoint is not cosigned after a lost cosignature: $(ctl DE audit status)"
ok "a lost cosignature is sent again; the next checkpoint is cosigned"

say "DE shows PL a false checkpoint"
node_stop DE
node_config DE "audit_checkpoint_ms = 300" "test_equivocate_to = PL" "health_witness_max_s = 2"
node_start DE
ctl DE send FR "noch etwas" --count 3 >/dev/null || fail "DE sends more"
wait_until 20 receipted DE FR 15 || fail "not receipted"
ctl DE audit checkpoint >/dev/null || fail "checkpoint"
caught () { [ "$(counter PL audit_equivocations)" -ge 1 ]; }
wait_until 20 caught || fail "PL did not catch DE: $(ctl PL audit status)"
ctl PL audit status | grep -q "^equivocation	DE	" || fail "no evidence: $(ctl PL audit status)"
evidence=$(sqlite3 "$FED/PL/data/node.db" "SELECT count(*) FROM audit_equivocations WHERE origin = 'DE'")
[ "$evidence" -ge 1 ] || fail "no stored evidence"
grep -q "audit.equivocation origin=DE" "$FED/PL/node.log" || fail "not logged"
ok "PL holds two checkpoints of DE's log at one size with different roots, both signed by DE"

# PL now holds a branch DE's log does not extend: it cosigns DE no more,
# and DE's health says so (not "healthy", as before issue 13).
ctl DE send FR "und weiter" --count 2 >/dev/null || fail "DE sends more"
ctl DE audit checkpoint >/dev/null || fail "checkpoint"
wait_until 20 eval 'ctl DE health | grep -q "^degraded	witness_behind	PL since size "' \
    || fail "DE's health does not name the witness that refuses it: $(ctl DE health | tr '\n' ' ')"
wait_until 20 eval '! ctl DE health | grep -q "witness_behind.*FR"' \
    || fail "DE's health names FR, which cosigns it"
ok "DE's health names PL as a witness that no longer cosigns its log"

fed_finish
ok "audit witness"
