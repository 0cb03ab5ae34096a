#!/usr/bin/env bash
#   fuzz.sh [SECONDS]: run every fuzz target under libFuzzer (with ASan and
#   UBSan) for SECONDS each (default 300), starting from the seed corpora.
#
#   Builds tests/fuzz/fuzz_<name>.c against the protocol sources with clang
#   into build-fuzz/ at the top of the repository, copies
#   tests/fuzz/corpus/<name>/ to build-fuzz/corpus-<name>/ (so the committed
#   corpus only grows by hand) and fuzzes on the copy. Crashes, leaks and
#   timeouts are written to build-fuzz/artifacts-<name>/.
#
#   Adding a find to the corpus: fix the bug, check that
#       build-fuzz/fuzz_<name> build-fuzz/artifacts-<name>/crash-...
#   passes, then copy the file into tests/fuzz/corpus/<name>/ under a
#   readable name and commit it; ctest replays it from then on. To add
#   inputs that reached new code, minimise the grown corpus first:
#       build-fuzz/fuzz_<name> -merge=1 tests/fuzz/corpus/<name> build-fuzz/corpus-<name>
#   (keep the committed corpus under 200 files).
set -euo pipefail

seconds="${1:-300}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build-fuzz"
clang="${CLANG:-$(command -v clang-14 || command -v clang)}"
mkdir -p "$build"

read -r -a flags <<< "$(pkg-config --cflags --libs libsodium msgpack)"
sources=("$root"/common/imi_crypto.c "$root"/common/imi_error.c "$root"/common/imi_keys.c
         "$root"/protocol/*.c)
status=0
for target_source in "$root"/tests/fuzz/fuzz_*.c; do
    target="$(basename "$target_source" .c)"
    name="${target#fuzz_}"
    echo "== $target: building"
    "$clang" -std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
        -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
        -I "$root/common" -I "$root/protocol" -I "$root/tests/fuzz" \
        "$target_source" "${sources[@]}" "${flags[@]}" -o "$build/$target"
    rm -rf "$build/corpus-$name"
    cp -r "$root/tests/fuzz/corpus/$name" "$build/corpus-$name"
    mkdir -p "$build/artifacts-$name"
    echo "== $target: fuzzing for $seconds s"
    if ! "$build/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
            -artifact_prefix="$build/artifacts-$name/" -print_final_stats=1 \
            "$build/corpus-$name"; then
        echo "== $target: FAILED; the input is in $build/artifacts-$name/"
        status=1
    fi
done
exit $status
