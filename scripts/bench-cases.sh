#!/usr/bin/env bash
# bench-cases.sh [BUILD_DIR] [CASES]: case transitions per second, end to end
# between two real nodes (DE and FR) on 127.0.0.1, beside the raw durable
# delivery of operator messages between the same nodes in the same run.
# Prints figures; asserts nothing (a benchmark, not a test).
#
# Builds a throw-away federation (tests/integration/lib.sh), imports the demo
# authorities (scripts/demo/DE.jsonl, FR.jsonl) and waits until each node
# knows the other's; creates a handler at DE:aek-berlin (the requester) and
# one at FR:cnom (the responder), logged in; then runs tests/bench_cases
# against the two control sockets (it pipelines its requests, so no imictl
# start-up is timed; see tests/bench/bench_cases.c for the phases). CASES
# (default 2000) requests go through send, accept, answer and close.
#
# Settings (environment): FED_KEEP=1 keeps the federation's folder (logs,
# databases); BENCH_LOG_LEVEL (info) is the nodes' log level.
set -u
build=${1:-build}
cases=${2:-2000}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../tests/integration/lib.sh" "$build"
bench="$IMI_BUILD/tests/bench_cases"
[ -x "$bench" ] || fail "no $bench: build it first"
demo="$here/demo"

fed_create DE FR
for state in DE FR; do
    echo "log_level = ${BENCH_LOG_LEVEL:-info}" >> "$FED/$state/node.conf"
    node_start "$state"
done
wait_until 15 connected_to DE FR && wait_until 15 connected_to FR DE \
    || fail "DE and FR did not connect"
for state in DE FR; do
    ctl "$state" authority import "$demo/$state.jsonl" >/dev/null || fail "$state import"
done
knows () { ctl "$1" authority show "$2" >/dev/null; }
wait_until 15 knows DE FR:cnom && wait_until 15 knows FR DE:aek-berlin \
    || fail "the nodes did not learn each other's authorities"
de_token=$(user_session DE requester DE:aek-berlin handler de)
fr_token=$(user_session FR responder FR:cnom handler fr)

IMI_DE_SESSION=$de_token IMI_FR_SESSION=$fr_token "$bench" --cases "$cases" \
    --de "ipc://$FED/DE/data/control.sock" --fr "ipc://$FED/FR/data/control.sock" \
    --de-pid "${NODE_PID[DE]}" --fr-pid "${NODE_PID[FR]}" --to FR:cnom \
    || fail "bench_cases failed"
fed_finish
