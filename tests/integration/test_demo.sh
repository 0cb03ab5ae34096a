#!/usr/bin/env bash
# The README's first command must keep working: run the demo federation and
# fail if any of its steps fails (it checks each step as it narrates).
set -euo pipefail
output=$(bash "$(dirname "$0")/../../scripts/demo-federation.sh" "$1" 2>&1) || {
    echo "$output" | tail -40
    echo "FAIL: the demo failed"
    exit 1
}
echo "$output" | grep -q "Nationale Ärztekammer Frankreichs" || { echo "FAIL: demo search"; exit 1; }
echo "$output" | grep -q "^Done: the three nodes stopped cleanly" || { echo "FAIL: demo end"; exit 1; }
echo "ok - the demo runs to its end"
