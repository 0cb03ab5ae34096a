#!/usr/bin/env bash
# soak.sh [MINUTES] [BUILD_DIR]: repeat the crash test (5,000 messages while
# sender and receiver are killed with SIGKILL at random) until MINUTES
# (default 30) have passed; stops at the first failure. Not part of the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-30}
build=${2:-build}
[ -x "$build/imi-node" ] || scripts/setup.sh "$build"
deadline=$(( $(date +%s) + minutes * 60 ))
round=0
while [ "$(date +%s)" -lt "$deadline" ]; do
    round=$((round + 1))
    echo "== soak round $round"
    bash tests/integration/test_crash.sh "$build" | grep -v '^   '
done
echo "== soak: $round rounds passed"
