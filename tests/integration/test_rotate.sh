#!/usr/bin/env bash
# Rotating a node's keys under traffic (issue 13 item 4; docs/operating.md,
# "Rotating keys"): DE makes its next keys while it runs, governance lists
# them in manifest version 2, which is installed on DE itself while DE and
# FR send to each other and PL to DE. DE switches only once a peer holds
# version 2; FR and PL trust DE's previous keys until they see the new ones.
# Every message is applied exactly once, both ways, the links keep working
# after, a restart keeps the new keys, and the old key is no longer
# accepted.
source "$(dirname "$0")/lib.sh" "$1"

version_of () { ctl_value "$1" manifest_version status; }
received () { ctl_value "$1" "$3" message-count --from "$2"; }
# exactly STATE FROM N: STATE applied N messages from FROM, N distinct.
exactly () { [ "$(received "$1" "$2" count)" = "$3" ] && [ "$(received "$1" "$2" distinct)" = "$3" ]; }
sign_key_of () { awk '$1 == "sign_key" { print $2 }' "$1"; }
# receipted STATE PEER: nothing of STATE's to PEER waits for a receipt.
receipted () { ctl "$1" peers | awk -F '\t' -v peer="$2" '$1 == peer && $6 == 0 { found = 1 } END { exit !found }'; }

fed_create DE FR PL
for state in DE FR PL; do node_start "$state"; done
wait_until 15 connected_to DE FR || fail "DE did not connect to FR"
wait_until 15 connected_to PL DE || fail "PL did not connect to DE"

# Traffic both ways, kept going in the background through the rotation.
traffic () {
    local from=$1 to=$2 round
    for round in $(seq 1 20); do
        ctl "$from" send "$to" "$from round $round" --count 50 >/dev/null || fail "send $from -> $to"
        sleep 0.2
    done
}
traffic DE FR & de_traffic=$!
traffic FR DE & fr_traffic=$!
traffic PL DE & pl_traffic=$!
sleep 1

old_key=$(sign_key_of "$FED/DE/data/identity.pub")
ctl DE keys-next >/dev/null || fail "keys-next on the running DE"
[ "$(stat -c %a "$FED/DE/data/identity.next.key")" = 600 ] || fail "identity.next.key is not 0600"
[ "$(stat -c %a "$FED/DE/data/identity.next.pub")" = 644 ] || fail "identity.next.pub is not 0644"
new_key=$(sign_key_of "$FED/DE/data/identity.next.pub")
"$IMICTL" -c "$FED/DE/node.conf" keys-next >/dev/null 2>&1 && fail "keys-next replaced the next keys"
"$IMICTL" manifest-add-node "$FED/manifest.imi" --identity "$FED/DE/data/identity.next.pub" \
    >/dev/null || fail "new keys for DE in the manifest"
fed_sign
ctl DE manifest-install "$FED/manifest.imi" | grep -q "^installed	2$" || fail "install v2 on DE"
ok "DE made its next keys while running; version 2 lists them, installed on DE"

wait_until 20 grep -q "keys.switched" "$FED/DE/node.log" || fail "DE did not switch keys"
for state in FR PL; do
    wait_until 20 eval '[ "$(version_of '$state')" = 2 ]' || fail "version 2 did not reach $state"
    wait_until 20 grep -q "peer.keys_switched state=DE" "$FED/$state/node.log" \
        || fail "$state did not see DE switch"
done
[ "$(sign_key_of "$FED/DE/data/identity.pub")" = "$new_key" ] || fail "identity.pub is not the new key"
[ "$(sign_key_of "$FED/DE/data/identity.previous.pub")" = "$old_key" ] \
    || fail "identity.previous.pub is not the old key"
[ -e "$FED/DE/data/identity.next.key" ] && fail "identity.next.key is still there"
ok "DE switched once a peer held version 2; FR and PL saw it; old keys kept as identity.previous"

wait "$de_traffic" "$fr_traffic" "$pl_traffic"
wait_until 60 exactly FR DE 1000 || fail "FR has $(received FR DE count) of 1000 from DE ($(received FR DE distinct) distinct)"
wait_until 60 exactly DE FR 1000 || fail "DE has $(received DE FR count) of 1000 from FR ($(received DE FR distinct) distinct)"
wait_until 60 exactly DE PL 1000 || fail "DE has $(received DE PL count) of 1000 from PL ($(received DE PL distinct) distinct)"
for link in "DE FR" "FR DE" "PL DE"; do
    set -- $link
    wait_until 30 receipted "$1" "$2" || fail "$1 still waits for receipts from $2: $(ctl "$1" peers)"
done
ok "every message sent across the rotation applied exactly once (DE->FR, FR->DE, PL->DE: 1000 each), and receipted"

ctl DE send FR "after" --count 10 >/dev/null || fail "DE sends after"
ctl FR send DE "after" --count 10 >/dev/null || fail "FR sends after"
ctl DE send PL "after" --count 10 >/dev/null || fail "DE sends to PL after"
wait_until 20 exactly FR DE 1010 || fail "DE -> FR after the rotation"
wait_until 20 exactly DE FR 1010 || fail "FR -> DE after the rotation"
wait_until 20 exactly PL DE 10 || fail "DE -> PL after the rotation"
[ "$(counter FR rejected_bad_body)" = 0 ] || fail "FR could not open $(counter FR rejected_bad_body) bodies"
ok "both directions keep working after the rotation"

# DE's old keys are retired: its old CURVE key no longer gets through FR's
# handshake, and a PING on DE's new connection signed with the old key is
# refused as badly signed.
PROBE="$IMI_BUILD/tests/imi_probe"
mkdir -p "$FED/old-de"
cp "$FED/DE/data/identity.previous.key" "$FED/old-de/identity.key"
cp "$FED/DE/data/identity.previous.pub" "$FED/old-de/identity.pub"
probe () {
    local identity=$1 state=$2; shift 2
    "$PROBE" --identity "$identity" --target "$FED/$state/data" \
        --endpoint "tcp://127.0.0.1:${NODE_PORT[$state]}" "$@"
}
probe "$FED/old-de" FR send-ping > "$FED/probe.out" 2>&1
grep -q "^refused" "$FED/probe.out" || fail "FR let DE's old CURVE key in: $(cat "$FED/probe.out")"
bad_before=$(counter FR rejected_bad_signature)
probe "$FED/DE/data" FR send-ping --signer "$FED/old-de" > "$FED/probe.out" 2>&1
grep -qx connected "$FED/probe.out" || fail "probe as DE did not connect: $(cat "$FED/probe.out")"
wait_until 5 eval '[ "$(counter FR rejected_bad_signature)" -gt "$bad_before" ]' \
    || fail "FR took a PING signed with DE's old key"
ok "DE's old keys are refused: its old CURVE key at the handshake, its old signing key on a message"

# A restart keeps the new keys; a node that comes back after DE switched
# (FR, stopped, then started again) reaches DE with the new ones.
node_stop DE
node_stop FR
node_start DE
node_start FR
wait_until 15 connected_to DE FR || fail "DE and FR did not reconnect"
ctl DE send FR "restarted" --count 5 >/dev/null
ctl FR send DE "restarted" --count 5 >/dev/null
wait_until 20 exactly FR DE 1015 || fail "DE -> FR after restarts"
wait_until 20 exactly DE FR 1015 || fail "FR -> DE after restarts"
ok "after restarts DE keeps its new keys and FR trusts only them"

# The auditor's bundles carry every manifest the node held: DE's leaves
# signed with its old key, and FR's of DE's messages, verify with the keys
# of their time; without manifests/ they would not.
IMI_AUDIT="$IMI_BUILD/imi-audit"
policy () {
    echo "governance_key = $(cat "$FED/governance.pub")"
    local witness
    for witness in "$@"; do echo "witness = $witness"; done
    echo "witness_quorum = $(( $# > 1 ? 2 : $# ))"
}
ctl DE audit checkpoint >/dev/null || fail "DE audit checkpoint"
ctl FR audit checkpoint >/dev/null || fail "FR audit checkpoint"
wait_until 20 audit_settled DE "FR PL" || fail "DE's checkpoint not cosigned: $(ctl DE audit status)"
wait_until 20 audit_settled FR "DE PL" || fail "FR's checkpoint not cosigned: $(ctl FR audit status)"
policy DE FR PL > "$FED/policy.conf"
for state in DE FR; do
    ctl "$state" audit export "$FED/bundle-$state" >/dev/null || fail "export $state"
    output=$("$IMI_AUDIT" verify "$FED/bundle-$state" --policy "$FED/policy.conf" 2>&1) \
        || fail "$state's bundle after the rotation does not verify: $output"
    echo "$output" | grep -q "^manifests: 2 versions, 1 to 2" || fail "$state's bundle: $output"
done
cp -r "$FED/bundle-DE" "$FED/bundle-DE-held-only"
rm -r "$FED/bundle-DE-held-only/manifests"
output=$("$IMI_AUDIT" verify "$FED/bundle-DE-held-only" --policy "$FED/policy.conf" 2>&1) \
    && fail "DE's bundle verified with the held manifest alone"
echo "$output" | grep -q "^FAIL: entry .*does not verify with DE's key" \
    || fail "without manifests/: $output"
ok "DE's and FR's bundles verify across DE's rotation, by the manifests of their time"

# PL leaves the federation; DE's log still holds the 1,000 messages PL sent
# it, checked against the manifest in force when they were logged.
"$IMICTL" manifest-remove-node "$FED/manifest.imi" PL >/dev/null || fail "remove PL"
fed_sign
ctl DE manifest-install "$FED/manifest.imi" | grep -q "^installed	3$" || fail "install v3 on DE"
wait_until 20 eval '[ "$(version_of FR)" = 3 ]' || fail "version 3 did not reach FR"
ctl DE audit checkpoint >/dev/null || fail "DE audit checkpoint"
wait_until 20 audit_settled DE "FR" || fail "DE's checkpoint not cosigned by FR: $(ctl DE audit status)"
policy FR > "$FED/policy-fr.conf"
ctl DE audit export "$FED/bundle-DE-v3" >/dev/null || fail "export DE after v3"
output=$("$IMI_AUDIT" verify "$FED/bundle-DE-v3" --policy "$FED/policy-fr.conf" 2>&1) \
    || fail "DE's bundle after PL's removal does not verify: $output"
echo "$output" | grep -q "^manifests: 3 versions, 1 to 3" || fail "DE's bundle: $output"
ok "a bundle whose leaves name a state since removed (PL) verifies"

fed_finish
ok "nodes stopped cleanly"
