#!/usr/bin/env bash
# Crash test: a 5,000-message transfer from DE to FR, queued in 20 chunks of
# 250 while the receiver, the sender or both are killed with SIGKILL at
# random moments and restarted. A chunk is one transaction in DE: it is
# either all queued or not at all, so when DE dies during a `send` the test
# reads DE's sent_seq after the restart to know whether to queue it again.
# At the end every message is applied exactly once and none is lost.
source "$(dirname "$0")/lib.sh" "$1"
total=5000
chunk=250
kills=0

fed_create DE FR
node_start DE
node_start FR
wait_until 15 connected_to DE FR || fail "DE did not connect to FR"

# Column of DE's peers row for FR: 8 = sent_seq, 9 = acked_seq.
link () { ctl DE peers | awk -F '\t' -v column="$1" '$1 == "FR" { print $column }'; }

sent=0
while [ "$sent" -lt "$total" ]; do
    ctl DE send FR "crash test" --count "$chunk" >/dev/null 2>&1 &
    sender=$!
    sleep "0.0$(( RANDOM % 10 ))"
    case $(( RANDOM % 4 )) in
        0) victims="FR" ;;
        1) victims="DE" ;;
        2) victims="DE FR" ;;
        *) victims="" ;;
    esac
    for state in $victims; do node_kill "$state"; kills=$(( kills + 1 )); done
    wait "$sender"
    sleep "0.0$(( RANDOM % 5 ))"
    for state in $victims; do node_start "$state"; done
    sent=$(link 8)
    [ -n "$sent" ] || fail "DE does not answer after its restart"
    [ $(( sent % chunk )) = 0 ] || fail "DE queued part of a chunk: sent_seq $sent"
    echo "   killed: ${victims:-nobody}; queued so far: $sent; receipted: $(link 9)"
done
[ "$kills" -gt 0 ] || fail "the random draw killed nobody; run again"

all_delivered () {
    ctl DE peers | awk -F '\t' -v n="$total" '$1 == "FR" && $6 == 0 && $9 == n { ok = 1 } END { exit !ok }'
}
wait_until 120 all_delivered || fail "not all $total messages receipted (at $(link 9))"
[ "$(ctl_value FR count message-count --from DE)" = "$total" ] \
    || fail "FR applied $(ctl_value FR count message-count --from DE) messages, not $total"
fed_finish
# Offline cross-check in the receiver's database: seq 1..5000, once each,
# and each chunk's 250 texts ("crash test #1" .. "#250") 20 times over.
check=$(sqlite3 "$FED/FR/data/node.db" \
    "SELECT count(*), count(DISTINCT seq), min(seq), max(seq), count(DISTINCT text) FROM operator_messages WHERE peer = 'DE'")
[ "$check" = "$total|$total|1|$total|$chunk" ] || fail "receiver database says $check"
inbox=$(sqlite3 "$FED/FR/data/node.db" "SELECT count(*), count(rejected) FROM inbox WHERE peer = 'DE'")
[ "$inbox" = "$total|0" ] || fail "receiver inbox says $inbox"
ok "$kills processes killed with SIGKILL mid-transfer; all $total messages applied exactly once, none lost"
