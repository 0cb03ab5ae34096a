#!/usr/bin/env bash
# A node stays responsive while its operator imports IMI's whole directory:
# DE imports 12,500 authorities while FR pings it without pause. The import
# runs in steps between turns of DE's loop, so every ping is answered, FR
# never sees DE disconnected, and imictl gets "progress" answers instead of
# waiting in silence. The longest ping is printed; the bound asserted is
# generous (the peer time-out), since these machines are shared and noisy.
source "$(dirname "$0")/lib.sh" "$1"
count=${RESPONSIVE_TEST_AUTHORITIES:-12500}

"$IMI_TOOLS/imi_gen_directory" --seed 5 --count "$count" --states DE --out "$FED/generated" \
    >/dev/null || fail "generator"
[ "$(wc -l < "$FED/generated/DE.jsonl")" = "$count" ] || fail "the generator did not make $count authorities"
fed_create DE FR
node_start DE
node_start FR
wait_until 20 sh -c "\"$IMICTL\" -c \"$FED/FR/node.conf\" ping DE >/dev/null" || fail "FR cannot ping DE"

ctl DE authority import "$FED/generated/DE.jsonl" > "$FED/import.out" 2> "$FED/import.err" &
import_pid=$!
# One long command at a time: a second import is refused, saying what runs.
sleep 0.5
expect_error "authority-import is running" ctl DE authority import "$FED/generated/DE.jsonl"
ping_while "$import_pid" FR DE
pings=$PINGS; failed=$PINGS_FAILED; longest=$PING_LONGEST
wait "$import_pid" || { cat "$FED/import.err" >&2; fail "the import failed"; }
grep -qx "imported	$count" "$FED/import.out" || fail "import answered: $(cat "$FED/import.out")"
say "DE imported $count authorities; FR pinged it $pings times meanwhile, longest ping ${longest} ms"
[ "$failed" -eq 0 ] || fail "$failed pings got no answer: $(tail -3 "$FED/ping.err")"
[ "$pings" -ge 3 ] || fail "too few pings during the import ($pings) to say anything"
[ "$longest" -lt 5000 ] || fail "the longest ping took ${longest} ms, beyond the peer time-out"
ok "every ping was answered during the import (longest ${longest} ms); a second import was refused meanwhile"

grep -q "peer.disconnected state=DE" "$FED/FR/node.log" \
    && fail "FR saw DE disconnected during the import"
ok "FR never saw DE disconnected"

# imictl kept the import alive with progress answers, not one long silence.
ctl DE --timeout 3000 directory status >/dev/null || fail "DE does not answer after the import"
de_seq () { directory_view "$1" | awk '$1 == "DE" { print $2 }'; }
expected=$(de_seq DE)
[ "${expected:-0}" -ge "$count" ] || fail "DE's feed ends at seq ${expected:-none}"
wait_until 120 eval '[ "$(de_seq FR)" = "$expected" ]' || fail "FR did not receive DE's feed (at $(de_seq FR) of $expected)"
# An import is announced, and FR pulls it: DE stores no copy per peer.
pushes=$(sqlite3 "$FED/FR/data/node.db" "SELECT count(*) FROM inbox WHERE type = 6")
[ "$pushes" = 0 ] || fail "DE pushed its import to FR in $pushes DIR_PUSH messages"
ok "FR holds DE's whole feed (seq $expected), pulled after DE's announcements"
fed_finish
ok "nodes stopped cleanly"
