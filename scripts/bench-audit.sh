#!/usr/bin/env bash
# bench-audit.sh [BUILD_DIR] [MESSAGES]: what the audit log costs message
# delivery. Runs bench_delivery with the nodes' audit log off and on, twice
# each, interleaved (off, on, off, on) so that a change in the machine's load
# falls on both, and prints the median rates and their ratio (target: the
# log costs at most 10 %, a ratio of at least 0.90). Prints figures; asserts
# nothing.
set -eu
build=$(cd "${1:-build}" && pwd)
messages=${2:-20000}
bench="$build/tests/bench_delivery"
[ -x "$bench" ] || { echo "bench-audit.sh: build first ($bench)" >&2; exit 1; }

rate () {   # rate on|off: the median end-to-end rate of one bench_delivery run
    "$bench" --build "$build" --messages "$messages" --runs 3 --audit-log "$1" \
        | awk '/delivered end to end/ { gsub (",", "", $6); print $6 }'
}
declare -a off on
for round in 1 2; do
    off+=("$(rate off)")
    on+=("$(rate on)")
    echo "round $round: audit log off ${off[-1]}/s, on ${on[-1]}/s"
done
median () { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2)? v[(NR + 1) / 2]: (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
m_off=$(median "${off[@]}")
m_on=$(median "${on[@]}")
awk -v off="$m_off" -v on="$m_on" 'BEGIN {
    printf "delivered end to end, audit log off: %.0f /s\n", off
    printf "delivered end to end, audit log on:  %.0f /s\n", on
    met = (on / off >= 0.90)? "met": "NOT met"
    printf "ratio on / off: %.2f (target >= 0.90: %s)\n", on / off, met
}'
