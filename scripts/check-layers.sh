#!/usr/bin/env bash
# check-layers.sh [ROOT]: the include graph keeps the layering of DESIGN.md
# and README "How it is built". Fails, naming each offending line, when
#   - common/ includes a header of protocol/ or node/,
#   - protocol/ includes a header of node/,
#   - node/core/ includes a header of any other node/ folder (a subsystem:
#     the core knows no domain; subsystems reach it through imi_module.h
#     and imi_node_internal.h, never the reverse).
# ROOT defaults to the repository this script is in. The test suite runs it
# (and its self-test: `check-layers.sh --self-test` must see it fail on a
# core file made to include a domain header).
set -euo pipefail

if [ "${1:-}" = --self-test ]; then
    here=$(cd "$(dirname "$0")/.." && pwd)
    copy=$(mktemp -d)
    trap 'rm -rf "$copy"' EXIT
    cp -r "$here/common" "$here/protocol" "$here/node" "$copy/"
    "$0" "$copy" > /dev/null || { echo "FAIL: the tree as it is does not pass" >&2; exit 1; }
    echo '#include "imi_cases.h"' >> "$copy/node/core/imi_peer.c"
    if output=$("$0" "$copy" 2>&1); then
        echo "FAIL: a core file including imi_cases.h passed the check" >&2
        exit 1
    fi
    echo "$output" | grep -q "node/core/imi_peer.c.*imi_cases.h.*node/cases" \
        || { echo "FAIL: the check did not name the line: $output" >&2; exit 1; }
    echo "ok - check-layers refuses a core file that includes a domain header"
    exit 0
fi

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

# Where each header lives: common, protocol, or node/<folder>.
declare -A home=()
for header in common/*.h protocol/*.h node/*/*.h; do
    home[$(basename "$header")]=$(dirname "$header")
done

faults=0
# check FOLDER ALLOWED...: every quoted include of FOLDER's files must live
# in FOLDER itself or in one of the ALLOWED folders.
check () {
    local folder=$1 file header where other allowed; shift
    while IFS=: read -r file header; do
        where=${home[$header]:-}
        [ -n "$where" ] || continue                 # not ours (a system or library header)
        [ "$where" = "$folder" ] && continue
        allowed=false
        for other in "$@"; do [ "$where" = "$other" ] && allowed=true; done
        if ! $allowed; then
            echo "$file: includes $header, which is in $where/" >&2
            faults=$((faults + 1))
        fi
    done < <(grep -H -o '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]*"' \
                 "$folder"/*.c "$folder"/*.h 2>/dev/null \
             | sed 's/:[^"]*"\([^"]*\)"$/:\1/')
}
check common
check protocol common
check node/core common protocol
if [ "$faults" -gt 0 ]; then
    echo "check-layers: $faults include(s) against the layering" >&2
    exit 1
fi
echo "ok - common, protocol and node/core include nothing above them"
