#!/usr/bin/env bash
# The operator's install and quick start (docs/operating.md §1), tried as
# written: `cmake --install` of this build into a temporary prefix, the unit
# it installs checked by systemd-analyze verify, then the quick start's lines,
# taken from the marked block of docs/operating.md so that the guide and this
# test cannot drift apart, run in an empty folder with only the installed
# programs on PATH. Only the ports (free ones for 7001 and 7002) and the
# prefix (/usr/local) are changed. Both nodes start, a message crosses,
# both are healthy, both stop.
source "$(dirname "$0")/lib.sh" "$1"

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
prefix="$FED/prefix"
cmake=$(sed -n 's/^CMAKE_COMMAND:INTERNAL=//p' "$IMI_BUILD/CMakeCache.txt")
"${cmake:-cmake}" --install "$IMI_BUILD" --prefix "$prefix" > "$FED/install.log" 2>&1 \
    || { cat "$FED/install.log" >&2; fail "cmake --install"; }
for file in bin/imi-node bin/imictl bin/imi-audit share/imi/catalogue/procedures.tsv \
            share/imi/catalogue/README.md lib/systemd/system/imi-node@.service; do
    [ -e "$prefix/$file" ] || fail "cmake --install did not install $file"
done
ok "cmake --install puts the programs, the catalogue and the unit under the prefix"

# The unit: systemd's own check of an instance (it warns, exit status 0, of
# unknown settings and bad values: any output is a failure).
unit="$prefix/lib/systemd/system/imi-node@.service"
grep -qx "ExecStart=$prefix/bin/imi-node /etc/imi/%i.conf" "$unit" \
    || fail "the unit does not start the installed imi-node: $(grep ExecStart "$unit")"
if command -v systemd-analyze >/dev/null; then
    output=$(cd "$FED" && systemd-analyze verify "$prefix/lib/systemd/system/imi-node@de.service" 2>&1) \
        || fail "systemd-analyze verify: $output"
    [ -z "$output" ] || fail "systemd-analyze verify warns: $output"
    ok "systemd-analyze verify passes imi-node@de.service"
else
    echo "skip - systemd-analyze is not installed: the unit is not verified"
fi

# The quick start, as the guide has it.
guide="$source_dir/docs/operating.md"
DE_PORT=$(free_port)
FR_PORT=$(free_port)
until [ "$FR_PORT" != "$DE_PORT" ]; do FR_PORT=$(free_port); done
awk '/^<!-- \/quickstart -->/ { inside = 0 } inside { print } /^<!-- quickstart/ { inside = 1 }' \
    "$guide" | sed -e 's/^    //' -e "s/:7001/:$DE_PORT/g" -e "s/:7002/:$FR_PORT/g" \
    -e "s#/usr/local#$prefix#g" > "$FED/quickstart.sh"
grep -q "imi-node de/node.conf" "$FED/quickstart.sh" || fail "no quick start block in $guide"
mkdir "$FED/try"
# Its own process group, so that the nodes it starts are stopped with it if
# it fails half-way.
set -m
( cd "$FED/try" && PATH="$prefix/bin:/usr/bin:/bin" exec timeout 300 bash -e "$FED/quickstart.sh" ) \
    > "$FED/quickstart.out" 2>&1 &
group=$!
set +m
trap 'kill -9 -- -$group 2>/dev/null; fed_cleanup' EXIT
wait "$group"
status=$?
wait_until 30 eval "! kill -0 -- -$group" || fail "the quick start's nodes did not stop"
if grep -qE 'Sanitizer|runtime error' "$FED/quickstart.out" || [ "$status" != 0 ]; then
    cat "$FED/quickstart.out" >&2
    tail -n 15 "$FED"/try/*/node.log >&2 2>/dev/null
    fail "the quick start failed (exit status $status)"
fi
grep -q "^imi-node [0-9.]* (.*)$" "$FED/quickstart.out" || fail "no imi-node --version line"
grep -q "Guten Tag, France" "$FED/quickstart.out" || fail "FR did not show DE's message"
grep -q "node.started" "$FED/try/fr/node.log" || fail "FR's node did not log"
ok "the quick start, as written, runs two nodes from the installed files and a message crosses"
