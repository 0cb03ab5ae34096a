#!/usr/bin/env bash
# How a node answers a peer that lacks much of the directory, and what it
# counts when entries it holds come back (docs/directory.md, PROTOCOL.md
# §9.2, §9.4), with a real node (DE) and a peer played by imi_probe under
# FR's identity:
#   - a DIR_ENTRIES answer holds at most 96 KB of entries (their own bytes,
#     without the body's framing, as imi_dirsync counts them; the loop that
#     asked applies it in one go), however much the peer lacks; "more" says
#     there is more, and the peer pages on by sending its frontier again,
#     until it holds DE's whole feed, every entry once, in order;
#   - entries DE holds byte for byte, pushed back to it, are counted as
#     duplicates (directory_duplicates), neither applied nor rejected.
source "$(dirname "$0")/lib.sh" "$1"
PROBE="$IMI_TOOLS/imi_probe"
count=${DIRECTORY_ANSWERS_TEST_AUTHORITIES:-1000}
cap=$(( 96 * 1024 ))

"$IMI_TOOLS/imi_gen_directory" --seed 7 --count "$count" --states DE --out "$FED/generated" \
    >/dev/null || fail "generator"
fed_create DE FR
node_start DE
ctl DE authority import "$FED/generated/DE.jsonl" >/dev/null || fail "DE could not import"
feed_end=$(directory_view DE | awk '$1 == "DE" { print $2 }')
feed_bytes=$(sqlite3 "$FED/DE/data/node.db" "SELECT sum(length(entry)) FROM dir_feed")
[ "$feed_bytes" -gt $(( 3 * cap )) ] || fail "DE's feed ($feed_bytes bytes) is too small to page"

as_fr () {
    "$PROBE" --identity "$FED/FR/data" --target "$FED/DE/data" \
        --endpoint "tcp://127.0.0.1:${NODE_PORT[DE]}" --wait 10000 "$@" >"$FED/probe.out" 2>&1 \
        || fail "probe as FR: exit $?: $(cat "$FED/probe.out")"
}
# field NAME: NAME=VALUE of the probe's reply line
field () { tr ' ' '\n' < "$FED/probe.out" | awk -F= -v name="$1" '$1 == name { print $2 }'; }

say "FR lacks DE's whole feed ($feed_end entries, $feed_bytes bytes) and pages through it"
held=0 hash="" pages=0 largest=0
while :; do
    as_fr send-frontier "DE:$held${hash:+:$hash}"
    grep -q "^reply dir_entries .* signature=valid" "$FED/probe.out" \
        || fail "no signed DIR_ENTRIES answer after DE:$held: $(cat "$FED/probe.out")"
    bytes=$(field entry_bytes)
    [ "$bytes" -le "$cap" ] || fail "an answer of $bytes bytes of entries, over the cap of $cap"
    [ "$bytes" -gt "$largest" ] && largest=$bytes
    [ "$(field first)" = "DE:$(( held + 1 ))" ] \
        || fail "after DE:$held the answer begins at $(field first)"
    held=$(field last); held=${held#DE:}
    hash=$(field last_hash)
    pages=$(( pages + 1 ))
    [ "$(field more)" = true ] || break
    [ "$pages" -lt 1000 ] || fail "no end to the pages"
done
[ "$held" = "$feed_end" ] || fail "the last page ends at DE:$held, the feed at DE:$feed_end"
ok "$pages answers of at most $largest bytes of entries (cap $cap), each from the frontier sent, the last without more"

say "DE's own entries pushed back to it"
for seq in 1 2 3; do
    sqlite3 "$FED/DE/data/node.db" "SELECT hex(entry) FROM dir_feed WHERE origin = 'DE' AND seq = $seq" \
        | xxd -r -p > "$FED/de$seq.entry"
done
duplicates=$(counter DE directory_duplicates)
applied=$(counter DE directory_applied)
as_fr send-entries --push "$FED/de1.entry" "$FED/de2.entry" "$FED/de3.entry"
grep -q "^reply receipt .* covers_sent=yes" "$FED/probe.out" || fail "no receipt: $(cat "$FED/probe.out")"
[ "$(counter DE directory_duplicates)" = $(( duplicates + 3 )) ] \
    || fail "directory_duplicates went from $duplicates to $(counter DE directory_duplicates)"
[ "$(counter DE directory_applied)" = "$applied" ] || fail "held entries applied again"
[ "$(counter DE rejected_directory_entry)" = 0 ] || fail "held entries rejected"
ok "3 held entries counted as duplicates, neither applied nor rejected"

fed_finish
ok "node stopped cleanly"
