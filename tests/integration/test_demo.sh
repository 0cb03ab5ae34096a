#!/usr/bin/env bash
# The README's first command must keep working: run the demo federation and
# fail if any of its steps fails (it checks each step as it narrates). It runs
# as a newcomer would leave it, with --serve: once it says it is serving, each
# state's printed address serves the web application and its printed sign-in
# works; Ctrl-C (SIGINT) then stops the nodes cleanly.
set -euo pipefail
output=$(mktemp)
trap 'rm -f "$output"' EXIT
# Started as a job of its own (set -m), as from a terminal: a shell without
# job control starts its background commands with SIGINT ignored, for good.
set -m
bash "$(dirname "$0")/../../scripts/demo-federation.sh" "$1" --serve > "$output" 2>&1 &
demo=$!
set +m
fail () { tail -40 "$output"; echo "FAIL: $*"; kill -9 "$demo" 2>/dev/null; exit 1; }
for (( waited = 0; waited < 1800; waited++ )); do     # 180 s: the ASan build is slow
    grep -q "^Serving until Ctrl-C" "$output" && break
    kill -0 "$demo" 2>/dev/null || fail "the demo ended before serving"
    sleep 0.1
done
grep -q "^Serving until Ctrl-C" "$output" || fail "the demo did not come to serving"
grep -q "Nationale Ärztekammer Frankreichs" "$output" || fail "demo search"
base=$(sed -n 's|^ *DE: \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$output")
[ -n "$base" ] || fail "no address printed for DE"
curl -sS -o "$output.page" "$base/" || fail "nothing at $base/"
grep -qi "<!doctype html" "$output.page" || fail "$base/ is not the web application"
curl -sS -o "$output.login" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"name": "anna", "password": "password of anna"}' "$base/api/v1/login" | grep -qx 200 \
    || fail "the printed sign-in does not work: $(cat "$output.login")"
rm -f "$output.page" "$output.login"
kill -INT "$demo"
wait "$demo" || fail "the demo exited with $? after Ctrl-C"
grep -q "^Done: the three nodes stopped cleanly" "$output" || fail "demo end"
echo "ok - the demo runs to its end, serves the web application and its sign-ins, stops on Ctrl-C"
