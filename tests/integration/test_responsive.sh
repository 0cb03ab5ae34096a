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

# An operator's large `send` goes in steps of 1,000 messages, each one
# transaction, numbered across the steps: "in Schritten #1" .. "#2500".
ctl DE send FR "in Schritten" --count 2500 > "$FED/send.out" || fail "send of 2500"
grep -qx "queued	2500" "$FED/send.out" || fail "send answered: $(cat "$FED/send.out")"
wait_until 60 eval '[ "$(ctl_value FR count message-count --from DE)" = 2500 ]' \
    || fail "FR applied $(ctl_value FR count message-count --from DE) of 2500 messages"
texts=$(sqlite3 "$FED/FR/data/node.db" "SELECT count(DISTINCT text), min(CAST(substr(text, 15) AS INTEGER)),
    max(CAST(substr(text, 15) AS INTEGER)) FROM operator_messages WHERE text LIKE 'in Schritten #%'")
[ "$texts" = "2500|1|2500" ] || fail "FR's texts: $texts (distinct, first, last)"
ok "a send of 2500 messages went in three steps, numbered 1 to 2500 once each"

# 100,000 messages queued in one turn held DE's loop for seconds (no ping
# answered meanwhile); in steps, every ping is answered.
sent=100000
before=$(ctl DE peers | awk -F '\t' '$1 == "FR" { print $8 }')
ctl DE send FR "viele" --count "$sent" > "$FED/send.out" 2> "$FED/send.err" &
send_pid=$!
ping_while "$send_pid" FR DE
wait "$send_pid" || { cat "$FED/send.err" >&2; fail "the send failed"; }
grep -qx "queued	$sent" "$FED/send.out" || fail "send answered: $(cat "$FED/send.out")"
after=$(ctl DE peers | awk -F '\t' '$1 == "FR" { print $8 }')
[ $(( after - before )) = "$sent" ] || fail "DE's sent_seq went from $before to $after for $sent messages"
say "DE queued $sent messages; FR pinged it $PINGS times meanwhile, longest ping $PING_LONGEST ms"
[ "$PINGS_FAILED" -eq 0 ] || fail "$PINGS_FAILED pings got no answer: $(tail -3 "$FED/ping.err")"
[ "$PING_LONGEST" -lt 3000 ] || fail "the longest ping took $PING_LONGEST ms during the send"
ok "a send of $sent messages went in steps; every ping answered (longest $PING_LONGEST ms)"
fed_finish
ok "nodes stopped cleanly"
