#!/usr/bin/env bash
# Delivery between three real nodes: messages both ways on every link, each
# one receipted and applied once; a stopped receiver gets its 1,000 queued
# messages when it returns; signed pings answer.
source "$(dirname "$0")/lib.sh" "$1"

fed_create DE FR PL
for state in DE FR PL; do node_start "$state"; done
for pair in "DE FR" "DE PL" "FR PL" "FR DE" "PL DE" "PL FR"; do
    set -- $pair
    wait_until 15 connected_to "$1" "$2" || fail "$1 did not connect to $2"
done
ok "three nodes connected to each other"

# Both ways on every link.
for pair in "DE FR" "DE PL" "FR DE" "FR PL" "PL DE" "PL FR"; do
    set -- $pair
    ctl "$1" send "$2" "from $1 to $2" --count 20 >/dev/null || fail "send $1 -> $2"
done

# $1 has had everything it sent to $2 receipted.
all_receipted () {
    ctl "$1" peers | awk -F '\t' -v peer="$2" -v sent="$3" \
        '$1 == peer && $6 == 0 && $8 == sent && $9 == sent { found = 1 } END { exit !found }'
}
for pair in "DE FR" "DE PL" "FR DE" "FR PL" "PL DE" "PL FR"; do
    set -- $pair
    wait_until 20 all_receipted "$1" "$2" 20 || fail "$1 -> $2 not all receipted"
    [ "$(ctl_value "$2" count message-count --from "$1")" = 20 ] || fail "$2 did not apply 20 from $1"
    [ "$(ctl_value "$2" distinct message-count --from "$1")" = 20 ] || fail "$2 lost or doubled some from $1"
done
for state in DE FR PL; do
    [ "$(counter "$state" delivered)" = 40 ] || fail "$state: delivered is not 40"
    [ "$(counter "$state" applied)" = 40 ] || fail "$state: applied is not 40"
    [ "$(counter "$state" rejected_malformed)" = 0 ] || fail "$state rejected something"
done
ok "120 messages both ways on six links, each receipted and applied once"

ctl FR messages --from DE --limit 1 | grep -q "from DE to FR #20" || fail "message text not kept"
ctl DE --json ping PL | python3 -c 'import json, sys
pong = json.load (sys.stdin)
assert pong ["state"] == "PL" and pong ["rtt_ms"] >= 0 and pong ["manifest_version"] == 1, pong' \
    || fail "ping DE -> PL"
"$IMICTL" -c "$FED/DE/node.conf" ping PL | grep -q "PL answered a signed ping in" || fail "ping output"
ok "signed ping round trip"

# Receiver down while 1,000 messages queue up; all arrive, once, when it returns.
node_stop FR
wait_until 10 eval '! connected_to DE FR' || fail "DE still thinks FR is connected"
ctl DE send FR "while you were away" --count 1000 >/dev/null || fail "queue 1000"
sleep 1
depth=$(ctl DE peers | awk -F '\t' '$1 == "FR" { print $6 }')
[ "$depth" = 1000 ] || fail "outbox depth to FR is $depth, not 1000"
node_start FR
wait_until 60 all_receipted DE FR 1020 || fail "the 1000 queued messages were not all receipted"
[ "$(ctl_value FR count message-count --from DE)" = 1020 ] || fail "FR count from DE is not 1020"
[ "$(ctl_value FR distinct message-count --from DE)" = 1020 ] || fail "FR has duplicates or losses"
ok "receiver stopped, 1000 queued, restarted: all 1000 applied exactly once"

fed_finish
ok "nodes stopped cleanly"
