#!/usr/bin/env bash
# A lost DIR_ENTRIES answer costs a second, not a sync period. DE holds 1,000
# authorities and drops its first 3 answers (test_drop_dir_entries, fault
# injection); FR starts with an empty directory and asks DE one question at a
# time. Each lost answer leaves FR waiting; it asks again after 1 s because
# DE's own frontier showed it ahead (docs/directory.md, "Many servers, one
# asker"), so FR holds DE's whole feed long before the periodic sync
# (directory_sync_ms, set to 10 minutes here) would have asked again.
source "$(dirname "$0")/lib.sh" "$1"
count=1000

"$IMI_TOOLS/imi_gen_directory" --seed 11 --count "$count" --states DE --out "$FED/generated" \
    >/dev/null || fail "generator"
fed_create DE FR
node_config DE "directory_sync_ms = 600000" "test_drop_dir_entries = 3"
node_config FR "directory_sync_ms = 600000"
node_start DE
ctl DE authority import "$FED/generated/DE.jsonl" >/dev/null || fail "DE could not import"
feed_end=$(directory_view DE | awk '$1 == "DE" { print $2 }')
[ "${feed_end:-0}" -ge "$count" ] || fail "DE's feed ends at ${feed_end:-nothing}"

started=$(date +%s)
node_start FR
de_seq () { directory_view FR | awk '$1 == "DE" { print $2 }'; }
wait_until 60 eval '[ "$(de_seq)" = "$feed_end" ]' \
    || fail "FR holds DE's feed up to ${de_seq:-nothing} of $feed_end"
took=$(( $(date +%s) - started ))
dropped=$(grep -c "directory.answer_dropped" "$FED/DE/node.log")
[ "$dropped" = 3 ] || fail "DE dropped $dropped answers, not 3"
say "FR holds DE's $feed_end entries $took s after its start, 3 answers lost on the way"
ok "lost answers were asked for again after a second each, not after the sync period"
fed_finish
ok "nodes stopped cleanly"
