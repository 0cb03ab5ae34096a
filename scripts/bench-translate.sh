#!/usr/bin/env bash
# bench-translate.sh [BUILD_DIR] [SENTENCES] [SOURCE TARGET]: machine
# translation throughput, sentences per second, through the node (imictl
# translate: control socket, the loop, the worker thread, Apertium, the
# cache write) beside calling `apertium -u MODE` directly, one process per
# sentence, in the same run; then the same sentences again (every one a
# cache hit). Prints figures; asserts nothing (a benchmark, not a test).
#
# Each sentence is distinct (numbered), so the first pass misses the cache.
# Both sides pay one process start per sentence (imictl, or apertium); the
# imictl start alone is measured too (imictl health), to read the overhead.
# Defaults: 40 sentences, fr es (a direct pair; fr en goes through es).
set -u
build=${1:-build}
count=${2:-40}
source_lang=${3:-fr}
target_lang=${4:-es}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../tests/integration/lib.sh" "$build"
command -v apertium >/dev/null || fail "apertium is not installed (scripts/setup.sh)"
mode=$(apertium -l | awk -v s="$source_lang" -v t="$target_lang" '$1 == s "-" t { print $1 }')

fed_create FR
echo "log_level = warn" >> "$FED/FR/node.conf"
node_start FR
sentence () { echo "Le dossier numéro $1 est complet et la demande a été envoyée le $(( $1 % 28 + 1 )) mai."; }
now_ms () { echo $(( $(date +%s%N) / 1000000 )); }
rate () { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.1f", n * 1000 / (ms > 0? ms: 1) }'; }

if [ -n "$mode" ]; then
    start=$(now_ms)
    for i in $(seq 1 "$count"); do
        printf '%s' "$(sentence "$i")" | apertium -u "$mode" >/dev/null || fail "apertium $mode"
    done
    direct_ms=$(( $(now_ms) - start ))
else
    direct_ms=0
fi
start=$(now_ms)
for i in $(seq 1 "$count"); do
    ctl FR translate "$source_lang" "$target_lang" "$(sentence "$i")" >/dev/null || fail "translate $i"
done
service_ms=$(( $(now_ms) - start ))
start=$(now_ms)
for i in $(seq 1 "$count"); do
    ctl FR translate "$source_lang" "$target_lang" "$(sentence "$i")" >/dev/null || fail "cached $i"
done
cached_ms=$(( $(now_ms) - start ))
start=$(now_ms)
for i in $(seq 1 "$count"); do ctl FR health >/dev/null || fail "health"; done
imictl_ms=$(( $(now_ms) - start ))

echo "sentences: $count, $source_lang -> $target_lang ($(ctl FR translate "$source_lang" "$target_lang" "$(sentence 1)" | sed -n 's/.*machine translation \[[^,]*, \([^]]*\)\].*/\1/p'))"
if [ -n "$mode" ]; then
    echo "apertium -u $mode directly:   $(rate "$count" "$direct_ms") sentences/s ($direct_ms ms)"
else
    echo "apertium directly:            no direct mode $source_lang-$target_lang (the node pivots)"
fi
echo "through the node (imictl):   $(rate "$count" "$service_ms") sentences/s ($service_ms ms)"
[ -n "$mode" ] && echo "ratio node / direct:         $(awk -v d="$direct_ms" -v s="$service_ms" 'BEGIN { printf "%.2f", d / s }')"
echo "cached, through the node:    $(rate "$count" "$cached_ms") sentences/s ($cached_ms ms)"
echo "imictl start alone (health): $(rate "$count" "$imictl_ms") calls/s ($imictl_ms ms)"
fed_finish
