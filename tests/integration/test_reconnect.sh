#!/usr/bin/env bash
# A link comes back after the peer's listener refused us for a while (issue
# 10, point 3). FR is stopped and, for 4 s, something on FR's port refuses
# every CURVE client at the handshake (FR's operator swapping keys, a
# manifest half-installed); then the real FR returns. libzmq gives up on a
# connection whose handshake was refused, so DE must dial again by itself:
# its outbox to FR drains without restarting DE.
source "$(dirname "$0")/lib.sh" "$1"
PROBE="$IMI_BUILD/tests/imi_probe"

fed_create DE FR
for state in DE FR; do node_start "$state"; done
wait_until 15 connected_to DE FR || fail "DE did not connect to FR"
ok "DE and FR connected"

node_stop FR
"$PROBE" --identity "$FED/FR/data" --target "$FED/DE/data" \
    --listen "tcp://127.0.0.1:${NODE_PORT[FR]}" --wait 4000 refuse >"$FED/refuse.out" 2>&1 &
refuser=$!
ctl DE send FR "queued while FR refused" --count 50 >/dev/null || fail "queue 50"
wait "$refuser"
rc=$?
[ "$rc" = 0 ] || fail "the refusing listener saw no handshake from DE (exit $rc): $(cat "$FED/refuse.out")"
ok "FR's port refused DE's handshake for 4 s: $(tail -n 1 "$FED/refuse.out")"

node_start FR
started=$(date +%s%N)
receipted () {
    ctl DE peers | awk -F '\t' '$1 == "FR" && $6 == 0 && $9 == 50 { found = 1 } END { exit !found }'
}
wait_until 30 receipted || fail "DE's outbox to FR did not drain after FR came back"
echo "DE's 50 messages receipted $(( ($(date +%s%N) - started) / 1000000 )) ms after FR started"
[ "$(ctl_value FR count message-count --from DE)" = 50 ] || fail "FR did not apply 50 from DE"
grep -q 'peer.redial state=FR' "$FED/DE/node.log" || fail "DE did not log its redial of FR"
[ "$(counter DE peer_redials)" -ge 1 ] || fail "DE's peer_redials counter did not move"
ok "DE dialled FR again by itself and its outbox drained, without a restart"

fed_finish
ok "nodes stopped cleanly"
