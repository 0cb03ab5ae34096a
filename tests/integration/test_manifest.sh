#!/usr/bin/env bash
# The federation manifest at run time: a newer, validly signed manifest that
# removes a state cuts that state off; it spreads to the other nodes by
# itself; unsigned, wrongly signed and older manifests are refused (at run
# time and at start); a manifest that adds a state connects it.
source "$(dirname "$0")/lib.sh" "$1"

version_of () { ctl_value "$1" manifest_version status; }
lists_peer () { ctl "$1" peers | awk -F '\t' -v peer="$2" '$1 == peer { found = 1 } END { exit !found }'; }
expect_refused () {
    local file=$1 reason=$2 output
    if output=$("$IMICTL" -c "$FED/DE/node.conf" manifest-install "$file" 2>&1); then
        fail "DE installed $file"
    fi
    echo "$output" | grep -q "$reason" || fail "refusal of $file does not say '$reason': $output"
}

fed_create DE FR PL
cp "$FED/manifest.imi" "$FED/manifest-v1.imi"
for state in DE FR PL; do node_start "$state"; done
wait_until 15 connected_to DE PL || fail "DE did not connect to PL"
wait_until 15 connected_to FR PL || fail "FR did not connect to PL"
ctl PL send DE "before the removal" >/dev/null
wait_until 10 eval '[ "$(ctl_value DE count message-count --from PL)" = 1 ]' || fail "PL -> DE"
ok "version 1: DE, FR and PL connected"

# Version 2 drops PL. Unsigned and wrongly signed copies first.
"$IMICTL" manifest-remove-node "$FED/manifest.imi" PL >/dev/null || fail "remove PL"
cp "$FED/manifest.imi" "$FED/manifest-v2-unsigned.imi"
expect_refused "$FED/manifest-v2-unsigned.imi" "unsigned\|no signature\|not signed"
"$IMICTL" governance-keygen "$FED/rogue.key" >/dev/null 2>&1
cp "$FED/manifest-v2-unsigned.imi" "$FED/manifest-v2-rogue.imi"
"$IMICTL" manifest-sign "$FED/manifest-v2-rogue.imi" --key "$FED/rogue.key" >/dev/null
expect_refused "$FED/manifest-v2-rogue.imi" "trusted"
[ "$(version_of DE)" = 1 ] || fail "a refused manifest changed DE's version"
ok "unsigned and wrongly signed manifests refused; DE still on version 1"

fed_sign
cp "$FED/manifest.imi" "$FED/manifest-v2.imi"
ctl DE manifest-install "$FED/manifest-v2.imi" | grep -q "^installed	2$" || fail "install v2 on DE"
lists_peer DE PL && fail "DE still lists PL as a peer"
wait_until 15 eval '[ "$(version_of FR)" = 2 ]' || fail "version 2 did not spread from DE to FR"
wait_until 10 eval '! lists_peer FR PL' || fail "FR still lists PL"
ok "version 2 installed on DE and spread to FR by itself"

ctl PL ping DE >/dev/null 2>&1 && fail "PL can still ping DE"
ctl PL ping FR >/dev/null 2>&1 && fail "PL can still ping FR"
ctl PL send DE "after the removal" >/dev/null
sleep 2
[ "$(ctl_value DE count message-count --from PL)" = 1 ] || fail "DE applied a message from removed PL"
ok "PL is cut off: no ping, no delivery"

expect_refused "$FED/manifest-v1.imi" "older"
ok "an older manifest is refused at run time"

# At start: the bootstrap file is older than what DE holds; DE keeps version 2.
node_stop DE
cp "$FED/manifest-v1.imi" "$FED/manifest.imi"
node_start DE
[ "$(version_of DE)" = 2 ] || fail "DE went back to version $(version_of DE) at start"
grep -q 'manifest.refused.*older' "$FED/DE/node.log" || fail "DE did not log the refusal"
ok "an older manifest is refused at start; DE keeps version 2"

# Version 3 adds CZ: DE takes it by install, FR by gossip; all connect.
cp "$FED/manifest-v2.imi" "$FED/manifest.imi"
node_add CZ
fed_sign
node_start CZ
ctl DE manifest-install "$FED/manifest.imi" | grep -q "^installed	3$" || fail "install v3"
wait_until 15 connected_to DE CZ || fail "DE did not connect to CZ"
wait_until 15 connected_to FR CZ || fail "FR did not connect to CZ"
ctl DE send CZ "welcome" >/dev/null
wait_until 10 eval '[ "$(ctl_value CZ count message-count --from DE)" = 1 ]' || fail "DE -> CZ"
ok "version 3 adds CZ without a restart; DE and FR connect to it"

fed_finish
ok "nodes stopped cleanly"
