#!/usr/bin/env bash
# bench-alerts.sh BUILD_DIR: alert fan-out on 31 real nodes (the 30 EEA
# states and CH) on 127.0.0.1, one authority per state. Prints figures;
# asserts nothing (a benchmark: figures vary on a shared machine).
#
#   (a) baseline: DE queues one operator TEXT message to each of the 30
#       other nodes; time until every one is receipted (links.acked_out_seq
#       at DE, read with sqlite3).
#   (b) alert: DE issues a pq-alert to all 30 states; on every recipient
#       node a poller (imictl alert list in a loop, started before the
#       issue) acknowledges it as soon as it sees it; time until DE holds
#       30 acknowledgements, and until the last recipient applied the issue
#       (alerts.issued_ms is DE's signed time; applied = the row's
#       updated_ms on the recipient).
# Both run BENCH_ROUNDS times (default 3) in the same federation; the
# median is printed. Times are wall clock (date +%s%N); a poll's figure is
# late by at most one poll period (BENCH_POLL_S, default 0.05).
set -u
build=${1:?usage: scripts/bench-alerts.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export FED_HEARTBEAT_MS=1000
source "$here/../tests/integration/lib.sh" "$build"
rounds=${BENCH_ROUNDS:-3}
poll_s=${BENCH_POLL_S:-0.05}
sender=DE
now_ns () { date +%s%N; }
ms () { awk -v ns="$1" 'BEGIN { printf "%.0f", ns / 1e6 }'; }
median () { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
db () { sqlite3 "$FED/$1/data/node.db" "$2"; }

say "starting 31 nodes (heartbeat ${FED_HEARTBEAT_MS} ms)"
fed_create $IMI_STATES
for state in $IMI_STATES; do
    node_start "$state"
    lower=${state,,}
    echo "{\"id\":\"pq-$lower\",\"names\":[{\"lang\":\"en\",\"text\":\"Qualifications office $state\"}],\"competences\":[{\"legal_area\":\"professional-qualifications\"}]}" \
        > "$FED/$state.jsonl"
    ctl "$state" authority import "$FED/$state.jsonl" >/dev/null || fail "$state authority"
done
declare -A token=()
for state in $IMI_STATES; do
    token[$state]=$(user_session "$state" "user-${state,,}" "$state:pq-${state,,}" handler en)
done
recipients=$(for state in $IMI_STATES; do [ "$state" != "$sender" ] && echo "$state"; done)
all_connected () {
    [ "$(ctl "$sender" peers | awk -F '\t' 'NR > 1 && $3 == "yes"' | wc -l)" = 30 ]
}
wait_until 120 all_connected || fail "not every peer is connected to $sender"
echo "memory of the 31 nodes (VmRSS, MB): $(for pid in "${NODE_PID[@]}"; do
    awk '/VmRSS/ { print $2 }' "/proc/$pid/status"; done | awk '{ s += $1 } END { printf "%.0f", s / 1024 }')"

# (a) one TEXT to each of 30 nodes, until all are receipted
unreceipted () { db "$sender" "SELECT count(*) FROM links WHERE acked_out_seq < next_out_seq - 1"; }
for round in $(seq "$rounds"); do
    start=$(now_ns)
    for state in $recipients; do ctl "$sender" send "$state" "bench $round" >/dev/null; done
    queued=$(now_ns)
    until [ "$(unreceipted)" = 0 ]; do sleep 0.01; done
    echo "$(ms $(( $(now_ns) - start ))) $(ms $(( queued - start )))" >> "$FED/text.txt"
done

# (b) an alert to all 30 states, acknowledged by a poller on each
poller () {     # poller STATE ROUND: acknowledge the round's alert once seen
    local state=$1 id
    while :; do
        id=$(as "$state" "${token[$state]}" alert list | awk -F '\t' -v done_="$FED/acked-$state" '
            NR > 1 && $4 == "issued" { print $1; exit }')
        if [ -n "$id" ] && ! grep -qx "$id" "$FED/acked-$state" 2>/dev/null; then
            as "$state" "${token[$state]}" alert ack "$id" >/dev/null && echo "$id" >> "$FED/acked-$state"
            return
        fi
        sleep "$poll_s"
    done
}
for round in $(seq "$rounds"); do
    pids=()
    for state in $recipients; do poller "$state" & pids+=($!); done
    start=$(now_ns)
    id=$(as "$sender" "${token[$sender]}" alert new --procedure pq-alert --to all \
            --field "pq-alert.decision-date=$(date -u +%F)" --text "Bench round $round") \
        || fail "issue"
    issued=$(now_ns)
    acks () { db "$sender" "SELECT count(*) FROM alert_acks WHERE alert_id = '$id'"; }
    until [ "$(acks)" = 30 ]; do sleep 0.01; done
    done_ns=$(now_ns)
    wait "${pids[@]}"
    issued_ms=$(db "$sender" "SELECT issued_ms FROM alerts WHERE id = '$id'")
    last_applied=$(for state in $recipients; do db "$state" "SELECT updated_ms FROM alerts WHERE id = '$id'"; done | sort -n | tail -1)
    echo "$(ms $(( done_ns - start ))) $(ms $(( issued - start ))) $(( last_applied - issued_ms ))" >> "$FED/alert.txt"
    # close it, so that the next round's pollers see only the new one
    as "$sender" "${token[$sender]}" alert close "$id" >/dev/null || fail "close"
    closed () { for state in $recipients; do [ "$(db "$state" "SELECT state FROM alerts WHERE id = '$id'")" = closed ] || return 1; done; }
    wait_until 60 closed || fail "the close did not reach every state"
done

say "results (median of $rounds rounds, ms)"
echo "baseline: 30 TEXT messages receipted:          $(cut -d' ' -f1 "$FED/text.txt" | median) (queueing them with 30 imictl calls: $(cut -d' ' -f2 "$FED/text.txt" | median))"
echo "alert to 30 states, all 30 acknowledged:       $(cut -d' ' -f1 "$FED/alert.txt" | median) (the issue command itself: $(cut -d' ' -f2 "$FED/alert.txt" | median))"
echo "alert applied by the last of the 30 recipients: $(cut -d' ' -f3 "$FED/alert.txt" | median) after its signed issue time"
echo "rounds: text $(cut -d' ' -f1 "$FED/text.txt" | tr '\n' ' ') | alert $(cut -d' ' -f1 "$FED/alert.txt" | tr '\n' ' ')"
fed_finish
