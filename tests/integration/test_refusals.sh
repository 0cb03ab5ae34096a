#!/usr/bin/env bash
# Handshakes a node's listener refuses are counted by kind and logged with
# the remote address, at most one line per kind per second (issue 10,
# point 4): a CURVE key the manifest does not list (imi_probe with a
# stranger's identity), a client without CURVE, a ZMTP greeting cut short,
# and bytes that are not ZMTP at all (bash's /dev/tcp).
source "$(dirname "$0")/lib.sh" "$1"
PROBE="$IMI_BUILD/tests/imi_probe"

fed_create DE FR
"$IMICTL" init --dir "$FED/XX" --state XX >/dev/null || fail "init the stranger XX"
node_start DE
PORT=${NODE_PORT[DE]}

# refused KIND: DE's counter of handshakes refused as KIND.
refused () { counter DE "handshake_refused_$1"; }
# logged KIND: DE's log lines for refusals of KIND.
logged () { grep -c "handshake.refused kind=$1 " "$FED/DE/node.log"; }

"$PROBE" --identity "$FED/XX" --target "$FED/DE/data" --endpoint "tcp://127.0.0.1:$PORT" \
    send-ping >"$FED/probe.out" 2>&1
grep -q '^refused authentication' "$FED/probe.out" \
    || fail "a stranger's key was not refused: $(cat "$FED/probe.out")"
wait_until 5 eval '[ "$(refused auth)" = 1 ]' || fail "handshake_refused_auth is $(refused auth), not 1"
# The address is read when the loop gets to the connection: a client whose
# handshake fails within milliseconds may be gone by then ("unknown").
grep -qE "handshake.refused kind=auth remote=(127\.0\.0\.1:[0-9]+|unknown) total=1" \
    "$FED/DE/node.log" || fail "no log line for the refused key: $(grep handshake "$FED/DE/node.log")"
ok "a CURVE key not in the manifest: counted and logged"

# A client without CURVE: a whole ZMTP 3 greeting offering the NULL mechanism,
# the connection held open until the node drops it. (A libzmq client hangs up
# by itself the moment it reads the node's greeting; on a loaded machine the
# node may then find the connection reset before it has parsed the client's
# greeting, and can only count no_detail.)
( exec 3<>"/dev/tcp/127.0.0.1/$PORT" \
    && { printf '\377\0\0\0\0\0\0\0\001\177\003\000NULL'; head -c 48 /dev/zero; } >&3 \
    && sleep 0.5 ) 2>/dev/null
wait_until 5 eval '[ "$(refused protocol)" = 1 ]' \
    || fail "handshake_refused_protocol is $(refused protocol), not 1"
grep -qE "handshake.refused kind=protocol remote=[^ ]+ total=1" "$FED/DE/node.log" \
    || fail "no log line for the client without CURVE"
ok "a client without CURVE: counted and logged"

# A ZMTP greeting's first 10 bytes, the connection held for a second (the
# node waits for the rest, so its address is surely read), then closed.
( exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf '\377\0\0\0\0\0\0\0\001\177' >&3 && sleep 1 ) \
    2>/dev/null
wait_until 5 eval '[ "$(refused no_detail)" = 1 ]' \
    || fail "handshake_refused_no_detail is $(refused no_detail), not 1"
grep -qE "handshake.refused kind=no_detail remote=127\.0\.0\.1:[0-9]+ total=1" "$FED/DE/node.log" \
    || fail "no log line with its address for the greeting cut short: $(grep handshake "$FED/DE/node.log")"
ok "a greeting cut short: counted and logged with its address"

# HTTP on the node's port, held open for a second: closing at once, with the
# node's greeting unread, would reset the connection, perhaps before the node
# read the request (then it is no_detail).
garbage () {
    ( exec 3<>"/dev/tcp/127.0.0.1/$PORT" && printf 'GET / HTTP/1.1\r\n\r\n' >&3 && sleep 1 ) \
        2>/dev/null
}
garbage
wait_until 5 eval '[ "$(refused not_zmtp)" = 1 ]' \
    || fail "handshake_refused_not_zmtp is $(refused not_zmtp), not 1"
grep -qE "handshake.refused kind=not_zmtp remote=[^ ]+ total=1" "$FED/DE/node.log" \
    || fail "no log line for the bytes that are not ZMTP"
ok "bytes that are not ZMTP: counted and logged"

# A burst: every refusal counted, at most one line per second logged.
sleep 1.1
lines_before=$(logged not_zmtp)
burst_start=$(date +%s)
clients=()
for round in $(seq 30); do garbage & clients+=($!); done
wait "${clients[@]}"
burst_s=$(( $(date +%s) - burst_start + 1 ))
wait_until 10 eval '[ "$(refused not_zmtp)" = 31 ]' \
    || fail "after a burst of 30, handshake_refused_not_zmtp is $(refused not_zmtp), not 31"
lines=$(( $(logged not_zmtp) - lines_before ))
echo "a burst of 30 over ${burst_s} s logged $lines lines"
[ "$lines" -ge 1 ] && [ "$lines" -le $(( burst_s + 1 )) ] \
    || fail "a burst of 30 refusals over ${burst_s} s logged $lines lines"
ok "a burst of 30: all counted, at most one line per second logged"

ctl DE metrics | grep -q "^imi_handshake_refused_not_zmtp_total{state=\"DE\"} 31$" \
    || fail "metrics do not show the refusals"
[ "$(ctl_value DE handshakes_refused status)" = 34 ] \
    || fail "status shows $(ctl_value DE handshakes_refused status) handshakes refused, not 34"
node_start FR
wait_until 15 connected_to DE FR || fail "FR could not connect after the refusals"
[ "$(refused auth)" = 1 ] || fail "a member's handshake was counted as refused"
ok "DE still serves its members; a member's handshake is not counted"

fed_finish
ok "nodes stopped cleanly"
