#!/usr/bin/env bash
# bench-idle.sh BUILD_DIR: what 31 idle nodes (the 30 EEA states and CH) cost
# on this machine, with nothing to do but keep their links alive: the CPU
# time of all 31 imi-node processes over 10 s (from /proc/PID/stat), once
# with 1 s heartbeats (the benchmarks' setting) and once with 30 s heartbeats
# (what the loop itself costs). Prints figures; asserts nothing.
#
# Settings (environment): BENCH_SECONDS (10), BENCH_HEARTBEATS ("1000 30000").
set -u
build=${1:?usage: scripts/bench-idle.sh BUILD_DIR}
seconds=${BENCH_SECONDS:-10}
ticks_per_s=$(getconf CLK_TCK)
for heartbeat in ${BENCH_HEARTBEATS:-1000 30000}; do
    (
        export FED_HEARTBEAT_MS=$heartbeat
        source "$(dirname "$0")/../tests/integration/lib.sh" "$build"
        fed_create $IMI_STATES
        for state in $IMI_STATES; do node_start "$state"; done
        sleep 15                        # links up, first frontier exchanges done
        before=$(cpu_ticks $IMI_STATES); sleep "$seconds"; after=$(cpu_ticks $IMI_STATES)
        awk -v ticks=$(( after - before )) -v hz="$ticks_per_s" -v s="$seconds" \
            -v hb="$heartbeat" -v n="$(echo $IMI_STATES | wc -w)" \
            'BEGIN { printf "%d idle nodes, heartbeat %d ms: %.1f %% of one core (%.2f %% per node)\n",
                     n, hb, 100 * ticks / hz / s, 100 * ticks / hz / s / n }'
        fed_finish
    )
done
