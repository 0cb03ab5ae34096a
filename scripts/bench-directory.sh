#!/usr/bin/env bash
# bench-directory.sh BUILD_DIR: the shared directory on 31 real nodes (the 30
# EEA states and CH) on 127.0.0.1, with the generator's 12,500 authorities.
# Prints figures beside the issue's targets; asserts nothing (a benchmark,
# not a test: figures vary on a shared machine).
#
#   (a) full replication: every state imports its file; time until all 31
#       nodes hold the identical directory (same last seq and head per origin)
#   (b) initial sync to a fresh node: LI stopped, its node.db* deleted
#       (identity and manifest kept), started again; time until it holds
#       every other origin as the others do. Once with all 30 peers running,
#       once with only PL running.
#   (c) one change: an `authority update` at DE; one poller per other node
#       (imictl directory status in a loop, started before the update) notes
#       when it first sees DE's new seq; max and median over the 30 nodes,
#       5 rounds, median of the maxima. Then 5 rounds without pollers, timed
#       by the nodes themselves (dir_feed.received_ms, read with sqlite3).
#   (d) memory of the 31 nodes, idle after replication: VmRSS and VmHWM.
#
# Times are wall clock (date +%s%N). A poll's figure is when the poll that
# saw the change returned; the change arrived after the previous poll
# started, so each figure is late by at most one poll period (printed).
#
# Settings (environment): BENCH_AUTHORITIES (12500), BENCH_POLL_S (0.05,
# pause between a poller's polls), BENCH_ROUNDS (5).
set -u
build=${1:?usage: scripts/bench-directory.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
export FED_HEARTBEAT_MS=1000
source "$here/../tests/integration/lib.sh" "$build"
count=${BENCH_AUTHORITIES:-12500}
poll_s=${BENCH_POLL_S:-0.05}
rounds=${BENCH_ROUNDS:-5}
fresh=LI                                 # the node whose database is deleted in (b)
only_peer=PL                             # the one peer left running in (b), second part

now_ns () { date +%s%N; }
seconds () { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }
milliseconds () { awk -v ns="$1" 'BEGIN { printf "%.0f", ns / 1e6 }'; }
verdict () { awk -v value="$1" -v target="$2" 'BEGIN { print (value < target)? "met": "missed" }'; }
median () { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

# "origin last_seq head" of every origin (but those named) as STATE holds it.
view_of () {
    local state=$1; shift
    directory_view "$state" | awk -v skip=" $* " 'index(skip, " " $1 " ") == 0 { print $1, $2, $3 }' \
        | sort
}
# Each origin's own last seq and head, read from its own node.
reference () {
    local state
    for state in "$@"; do
        directory_view "$state" | awk -v own="$state" '$1 == own { print $1, $2, $3 }'
    done | sort
}
all_hold () {
    local expected=$1 state; shift
    for state in "$@"; do [ "$(view_of "$state")" = "$expected" ] || return 1; done
}
# Poll CMD... until it succeeds or SECONDS pass; echo the elapsed ns since
# START_NS and the longest poll (ns). Returns 1 on timeout.
time_until () {
    local start=$1 seconds=$2; shift 2
    local deadline=$(( start + seconds * 1000000000 )) before after longest=0
    while :; do
        before=$(now_ns)
        "$@" >/dev/null 2>&1 && break
        after=$(now_ns)
        [ $(( after - before )) -gt "$longest" ] && longest=$(( after - before ))
        [ "$after" -ge "$deadline" ] && return 1
        sleep 0.05
    done
    after=$(now_ns)
    [ $(( after - before )) -gt "$longest" ] && longest=$(( after - before ))
    echo "$(( after - start )) $longest"
}
rss_kib () { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
tick_hz=$(getconf CLK_TCK)

states=$IMI_STATES
state_count=$(echo $states | wc -w)
echo "bench-directory: $state_count nodes on 127.0.0.1, $count authorities (seed 1) + CH by hand,"
echo "heartbeat ${FED_HEARTBEAT_MS} ms, $(nproc) cores, $(date -u +%Y-%m-%d)"

"$IMI_TOOLS/imi_gen_directory" --seed 1 --count "$count" --out "$FED/generated" >/dev/null \
    || fail "generator"
cp "$here/../tests/integration/data/CH.jsonl" "$FED/generated/CH.jsonl"
authorities=$(cat "$FED/generated"/*.jsonl | wc -l)
fed_create $states
start=$(now_ns)
for state in $states; do node_start "$state"; done
say "$state_count nodes started in $(seconds $(( $(now_ns) - start ))) s"

# (a) Full replication.
# A node busy applying its peers' entries can keep a control request waiting
# for seconds: hence the long timeout, and the slowest import is printed.
start=$(now_ns)
start_ticks=$(cpu_ticks $states)
slowest_import=0; slowest_state=""
for state in $states; do
    before=$(now_ns)
    ctl "$state" --timeout 120000 authority import "$FED/generated/$state.jsonl" >/dev/null \
        || fail "$state could not import its authorities"
    took=$(( $(now_ns) - before ))
    [ "$took" -gt "$slowest_import" ] && { slowest_import=$took; slowest_state=$state; }
done
imported=$(( $(now_ns) - start ))
say "$authorities authorities imported, one state after the other, in $(seconds $imported) s" \
    "(slowest: $slowest_state, $(seconds $slowest_import) s)"
expected=$(reference $states)
[ "$(echo "$expected" | wc -l)" = "$state_count" ] || fail "expected $state_count origins"
result=$(time_until "$start" 240 all_hold "$expected" $states) \
    || fail "the directory did not converge on $state_count nodes within 240 s"
read -r replicated replicated_poll <<< "$result"
say "all $state_count nodes identical $(seconds "$replicated") s after the first import" \
    "($(seconds $(( replicated - imported ))) s after the last; one check of all nodes" \
    "takes up to $(seconds "$replicated_poll") s)"
replication_cpu=$(awk -v ticks=$(( $(cpu_ticks $states) - start_ticks )) -v hz="$tick_hz" \
    'BEGIN { printf "%.1f", ticks / hz }')
say "CPU time of the $state_count nodes from the first import until all were identical:" \
    "$replication_cpu s"

# (d) Memory, idle after replication.
sleep 3
rss_sum=0; rss_max=0; hwm_sum=0; hwm_max=0
for state in $states; do
    rss=$(rss_kib "${NODE_PID[$state]}" VmRSS); hwm=$(rss_kib "${NODE_PID[$state]}" VmHWM)
    rss_sum=$(( rss_sum + rss )); hwm_sum=$(( hwm_sum + hwm ))
    [ "$rss" -gt "$rss_max" ] && rss_max=$rss
    [ "$hwm" -gt "$hwm_max" ] && hwm_max=$hwm
done
mib () { awk -v kib="$1" 'BEGIN { printf "%.1f", kib / 1024 }'; }
db_kib=$(du -ck "$FED/DE/data"/node.db* | awk 'END { print $1 }')
say "memory of $state_count idle nodes: VmRSS sum $(mib $rss_sum) MiB, max $(mib $rss_max) MiB;" \
    "VmHWM sum $(mib $hwm_sum) MiB, max $(mib $hwm_max) MiB (one node.db*: $(mib "$db_kib") MiB)"

# (c) One change at DE, seen by the 30 others.
# Poll STATE until DE's last seq reaches TARGET; write "STATE ns_seen ns_previous_poll".
poller () {
    local state=$1 target=$2 out=$3 deadline=$(( $(now_ns) + 30000000000 )) previous seen seq
    previous=$(now_ns)
    while :; do
        seq=$(ctl "$state" directory status | awk -F '\t' '$1 == "DE" { print $3 }')
        seen=$(now_ns)
        [ -e "$out.ready" ] || : > "$out.ready"
        if [ "${seq:-0}" -ge "$target" ]; then
            echo "$state $seen $previous" > "$out"
            return
        fi
        [ "$seen" -ge "$deadline" ] && { echo "$state timeout $previous" > "$out"; return; }
        previous=$seen
        sleep "$poll_s"
    done
}
# The nodes' own record: dir_feed.received_ms (wall clock, ms) is when a node
# applied the entry, DE's own is when it wrote it. Read after the fact, it
# costs the nodes nothing while the change travels.
feed_ms () {
    sqlite3 -readonly -cmd ".timeout 5000" "$FED/$1/data/node.db" \
        "SELECT received_ms FROM dir_feed WHERE origin = 'DE' AND seq = $2" 2>/dev/null
}
all_applied () {
    local target=$1 state
    for state in $others; do [ -n "$(feed_ms "$state" "$target")" ] || return 1; done
}
# ms from DE's write to each other node's apply of DE's seq TARGET, sorted.
applied_delays () {
    local target=$1 written state
    written=$(feed_ms DE "$target")
    for state in $others; do echo $(( $(feed_ms "$state" "$target") - written )); done | sort -n
}
others=$(echo $states | tr ' ' '\n' | grep -vx DE | tr '\n' ' ')
key=$(ctl DE authority list --state DE --limit 2 | awk -F '\t' 'NR == 2 { print $1 }')
ctl DE authority show "$key" | head -1 > "$FED/original.json"
change_count=0
# One update at DE; TARGET is DE's seq after it.
change () {
    change_count=$(( change_count + 1 ))
    sed "s/\"city\":\"[^\"]*\"/\"city\":\"Bonn $change_count\"/" "$FED/original.json" \
        > "$FED/changed.json"
    start=$(now_ns)
    ctl DE authority update "$FED/changed.json" >/dev/null || fail "update at DE"
}
next_target () { echo $(( $(directory_view DE | awk '$1 == "DE" { print $2 }') + 1 )); }
maxima=""; medians=""; gaps=""; applied_maxima=""; applied_medians=""
for round in $(seq 1 "$rounds"); do
    mkdir -p "$FED/round$round"
    target=$(next_target)
    pollers=()
    for state in $others; do
        poller "$state" "$target" "$FED/round$round/$state" &
        pollers+=($!)
    done
    for state in $others; do
        wait_until 20 test -e "$FED/round$round/$state.ready" || fail "poller $state did not start"
    done
    change
    wait "${pollers[@]}"
    cat "$FED/round$round"/[A-Z][A-Z] > "$FED/round$round/all"
    grep -q timeout "$FED/round$round/all" && fail "round $round: some node did not see the change in 30 s"
    awk -v start="$start" '{ print $2 - start }' "$FED/round$round/all" | sort -n > "$FED/round$round/delays"
    [ "$(wc -l < "$FED/round$round/delays")" = 30 ] || fail "round $round: not 30 pollers"
    round_max=$(tail -1 "$FED/round$round/delays")
    round_median=$(median < "$FED/round$round/delays")
    round_gap=$(awk '{ print $2 - $3 }' "$FED/round$round/all" | sort -n | tail -1)
    maxima="$maxima $round_max"; medians="$medians $round_median"; gaps="$gaps $round_gap"
    applied_delays "$target" > "$FED/round$round/applied"
    say "round $round, polled: seen by all 30 after $(milliseconds "$round_max") ms (median" \
        "$(milliseconds "$round_median") ms; longest poll period $(milliseconds "$round_gap") ms);" \
        "applied by all after $(tail -1 "$FED/round$round/applied") ms" \
        "(median $(median < "$FED/round$round/applied") ms)"
    sleep 1
done
for round in $(seq 1 "$rounds"); do
    target=$(next_target)
    change
    wait_until 30 all_applied "$target" || fail "quiet round $round: not applied everywhere in 30 s"
    applied_delays "$target" > "$FED/applied"
    applied_maxima="$applied_maxima $(tail -1 "$FED/applied")"
    applied_medians="$applied_medians $(median < "$FED/applied")"
    say "round $round, not polled: applied by all 30 after $(tail -1 "$FED/applied") ms" \
        "(median $(median < "$FED/applied") ms)"
    sleep 1
done
change_max=$(echo $maxima | tr ' ' '\n' | median)
change_median=$(echo $medians | tr ' ' '\n' | median)
poll_period=$(echo $gaps | tr ' ' '\n' | median)
applied_max=$(echo $applied_maxima | tr ' ' '\n' | median)
applied_median=$(echo $applied_medians | tr ' ' '\n' | median)

# (b) Initial sync to a fresh node: LI loses its database. Its own origin is
# left out of the comparison: a node never takes entries of its own origin
# from peers (docs/directory.md), so LI's few authorities stay away.
fresh_holds () { [ "$(view_of "$fresh" "$fresh")" = "$1" ]; }
wipe_and_time () {
    local peers=$1 expected result
    node_stop "$fresh"
    # With its accepted manifest gone too it starts as a new node would (a
    # node that only lost node.db refuses to start: imi-node --recover).
    rm -f "$FED/$fresh/data"/node.db* "$FED/$fresh/data/manifest.imi"
    expected=$(view_of "$only_peer" "$fresh")
    start=$(now_ns)
    node_start "$fresh"
    result=$(time_until "$start" 120 fresh_holds "$expected") \
        || fail "$fresh did not catch up within 120 s from $peers"
    read -r synced synced_poll <<< "$result"
    say "$fresh, database deleted, holds the $(( state_count - 1 )) other origins" \
        "$(seconds "$synced") s after its start, from $peers (one check: up to" \
        "$(milliseconds "$synced_poll") ms)"
}
wipe_and_time "all $(( state_count - 1 )) peers"
sync_all=$synced
for state in $states; do
    [ "$state" = "$fresh" ] || [ "$state" = "$only_peer" ] || node_stop "$state"
done
wipe_and_time "$only_peer alone"
sync_one=$synced
fed_finish

echo
printf '%-58s %12s %10s %s\n' figure value target verdict
printf '%-58s %12s %10s %s\n' "full replication, $authorities authorities, $state_count nodes" \
    "$(seconds "$replicated") s" "< 60 s" "$(verdict "$(seconds "$replicated")" 60)"
printf '%-58s %12s %10s %s\n' "  CPU time of the nodes meanwhile (all cores)" "$replication_cpu s" "-" ""
printf '%-58s %12s %10s %s\n' "initial sync to a fresh node, from all 30 peers" \
    "$(seconds "$sync_all") s" "< 5 s" "$(verdict "$(seconds "$sync_all")" 5)"
printf '%-58s %12s %10s %s\n' "initial sync to a fresh node, from one peer" \
    "$(seconds "$sync_one") s" "< 5 s" "$(verdict "$(seconds "$sync_one")" 5)"
printf '%-58s %12s %10s %s\n' "one change at DE seen by all 30 (median of $rounds maxima)" \
    "$(milliseconds "$change_max") ms" "< 1000 ms" "$(verdict "$(milliseconds "$change_max")" 1000)"
printf '%-58s %12s %10s %s\n' "  median node (median of $rounds medians)" \
    "$(milliseconds "$change_median") ms" "" ""
printf '%-58s %12s %10s %s\n' "  poll period: figures are late by up to" \
    "$(milliseconds "$poll_period") ms" "" ""
printf '%-58s %12s %10s %s\n' "one change at DE applied by all 30, nodes' own clock" \
    "$applied_max ms" "< 1000 ms" "$(verdict "$applied_max" 1000)"
printf '%-58s %12s %10s %s\n' "  (not polled; median of $rounds maxima), median node" \
    "$applied_median ms" "" ""
printf '%-58s %12s %10s %s\n' "memory, $state_count idle nodes: VmRSS sum / max" \
    "$(mib $rss_sum) / $(mib $rss_max) MiB" "" ""
printf '%-58s %12s %10s %s\n' "memory, $state_count idle nodes: VmHWM sum / max" \
    "$(mib $hwm_sum) / $(mib $hwm_max) MiB" "" ""
