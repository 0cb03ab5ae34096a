#!/usr/bin/env bash
# Attachments on alerts between five real nodes (DE warns FR PL IT ES): a
# file of more than 1 MiB (several CASE_PART pieces) reaches every
# recipient state's node before the alert, which assembles and checks it;
# each state's competent authority fetches it byte for byte; a correction
# adds a file; the auditor sees none; bad input (over the limit, empty,
# too many, on an action that carries none) is refused with a clear error
# and nothing sent; pieces that do not match the event's hash (PL, through
# tests/tools/imi_probe with PL's real identity) make the event refused.
source "$(dirname "$0")/lib.sh" "$1"
PROBE="$IMI_TOOLS/imi_probe"

STATES="DE FR PL IT ES"
RECIPIENTS="FR PL IT ES"
fed_create $STATES
data="$(dirname "$0")/data"
echo "attachment_max_bytes = 3000000" >> "$FED/DE/node.conf"
for state in $STATES; do
    node_start "$state"
    ctl "$state" authority import "$data/alerts-$state.jsonl" >/dev/null || fail "$state authorities"
done

anna=$(user_session DE anna DE:medical handler de)          # sends
dora=$(user_session DE dora DE:medical auditor de)          # reads, no personal data
declare -A handler
for state in $RECIPIENTS; do
    handler[$state]=$(user_session "$state" "h-${state,,}" "$state:medical" handler en)
done
audrey=$(user_session FR audrey FR:medical auditor fr)

day () { date -u -d "$1 days" +%F; }
db () { sqlite3 "$FED/$1/data/node.db" "$2"; }
outbox () { db DE "SELECT count(*) FROM outbox"; }
everywhere () {     # every recipient node holds version $2 of alert $1
    local node
    for node in $RECIPIENTS; do
        [ "$(db "$node" "SELECT version FROM alerts WHERE id = '$1'")" = "$2" ] || return 1
    done
}
ok_date="pq-alert.decision-date=$(day -1)"

head -c 1500000 /dev/urandom > "$FED/Beschluss.pdf"           # 6 pieces of 256 KiB
printf 'Register extract\n' > "$FED/extract.txt"
sha=$(sha256sum "$FED/Beschluss.pdf" | cut -d ' ' -f 1)

say "an alert with a multi-piece attachment to all states"
id=$(as DE "$anna" alert new --procedure pq-alert --to all --field "$ok_date" \
        --field pq-alert.family-name=Kowalski --text "Approbation widerrufen." \
        --attach "$FED/Beschluss.pdf") || fail "anna cannot issue an alert with an attachment"
wait_until 30 everywhere "$id" 1 || fail "the alert did not reach every state"
for state in $RECIPIENTS; do
    as "$state" "${handler[$state]}" alert show "$id" > "$FED/show-$state.txt" || fail "$state show"
    grep -q "attachment Beschluss.pdf: 1500000 bytes, sha256 $sha" "$FED/show-$state.txt" \
        || fail "$state does not list the attachment: $(cat "$FED/show-$state.txt")"
    as "$state" "${handler[$state]}" alert attachment "$id" Beschluss.pdf --out "$FED/got-$state.pdf" \
        || fail "$state cannot fetch it"
    cmp -s "$FED/Beschluss.pdf" "$FED/got-$state.pdf" || fail "$state got different bytes"
    [ "$(db "$state" "SELECT count(*) FROM case_parts")" = 0 ] || fail "$state kept the pieces"
done
as FR "${handler[FR]}" alert attachment "$id" "$sha" --out "$FED/by-hash.pdf" || fail "by hash"
cmp -s "$FED/Beschluss.pdf" "$FED/by-hash.pdf" || fail "by hash: different bytes"
as DE "$anna" alert attachment "$id" Beschluss.pdf --out "$FED/own.pdf" || fail "the sender"
cmp -s "$FED/Beschluss.pdf" "$FED/own.pdf" || fail "the sender's copy differs"
pieces () { db "$1" "SELECT count(*) FROM inbox WHERE peer = 'DE' AND type = 10 AND rejected IS NULL"; }
for state in $RECIPIENTS; do     # CASE_PART is type 10; 256 KiB pieces
    [ "$(pieces "$state")" = 6 ] || fail "$state took $(pieces "$state") pieces, not 6"
done
ok "1.5 MB in 6 pieces reached FR PL IT ES; each competent authority fetched it byte for byte (by name and by hash)"

say "a correction adds a file"
as DE "$anna" alert correct "$id" --text "Auszug beigefügt." --attach "$FED/extract.txt" >/dev/null \
    || fail "correct with an attachment"
wait_until 30 everywhere "$id" 2 || fail "the correction did not reach every state"
as PL "${handler[PL]}" alert attachment "$id" extract.txt --out "$FED/extract-PL.txt" || fail "PL fetch"
cmp -s "$FED/extract.txt" "$FED/extract-PL.txt" || fail "PL got a different extract"
ok "a correction's attachment arrives too"

say "who may not"
expect_error "not shown to you" as DE "$dora" alert attachment "$id" Beschluss.pdf
expect_error "not shown to you" as FR "$audrey" alert attachment "$id" Beschluss.pdf
as DE "$dora" alert show "$id" | grep -q "Beschluss.pdf" && fail "the auditor sees the file name"
expect_error "has no attachment 'nothing.pdf'" as FR "${handler[FR]}" alert attachment "$id" nothing.pdf
ok "auditors fetch nothing and see no file names; an unknown name is refused"

say "bad input: a clear error, nothing sent"
before=$(outbox)
alerts_before=$(db DE "SELECT count(*) FROM alerts")
head -c 3000001 /dev/zero > "$FED/big.bin"
: > "$FED/empty.bin"
expect_error "big.bin is 3000001 bytes; the limit is 3000000" as DE "$anna" alert new \
    --procedure pq-alert --to FR --field "$ok_date" --text x --attach "$FED/big.bin"
expect_error "empty.bin is empty" as DE "$anna" alert new \
    --procedure pq-alert --to FR --field "$ok_date" --text x --attach "$FED/empty.bin"
many=()
for n in $(seq 17); do echo "$n" > "$FED/f$n.txt"; many+=(--attach "$FED/f$n.txt"); done
expect_error "at most 16 attachments" as DE "$anna" alert new \
    --procedure pq-alert --to FR --field "$ok_date" --text x "${many[@]}"
expect_error "the limit is 3000000" as DE "$anna" alert correct "$id" --attach "$FED/big.bin"
expect_error "carries only a text" as DE "$anna" alert withdraw "$id" --attach "$FED/extract.txt"
expect_error "already has attachment" as DE "$anna" alert correct "$id" --attach "$FED/extract.txt"
expect_error "files are attached when issuing or correcting" as FR "${handler[FR]}" alert show "$id" \
    --attach "$FED/extract.txt"
[ "$(outbox)" = "$before" ] || fail "bad input was sent ($before, now $(outbox))"
[ "$(db DE "SELECT count(*) FROM alerts")" = "$alerts_before" ] || fail "bad input was stored"
[ "$(db DE "SELECT count(*) FROM alert_attachments")" = 2 ] || fail "bad input stored a file"
ok "over the limit, empty, 17 files, on a withdrawal, the same file again: refused, outbox unchanged"

say "hostile: pieces that do not match the event"
# PL's node stops; the probe speaks with PL's identity on PL's link to DE.
# The event (tests/fuzz/corpus/alert/issue-attachment) names wyrok.pdf,
# "hello"; the first piece holds "HELLO" under that hash.
corpus="$(cd "$(dirname "$0")/../fuzz/corpus" && pwd)"
node_stop PL
seq=$(db DE "SELECT next_in_seq FROM links WHERE peer = 'PL'")
send_as_pl () {     # send_as_pl WHAT FILE --part|--alert: one sequenced message from PL to DE
    local what=$1 file=$2; shift 2
    "$PROBE" --identity "$FED/PL/data" --target "$FED/DE/data" \
        --endpoint "tcp://127.0.0.1:${NODE_PORT[DE]}" --wait 10000 \
        send-case "$file" --seq "$seq" "$@" >"$FED/probe.out" 2>&1 \
        || fail "$what: probe exit $?: $(cat "$FED/probe.out")"
    seq=$((seq + 1))
}
forged=PL-00000000000000a1
rejected_before=$(counter DE rejected_malformed)
send_as_pl "a piece with other content" "$corpus/case/part-alert-wrong" --part
send_as_pl "the event naming the file" "$corpus/alert/issue-attachment" --alert
wait_until 10 eval '[ "$(counter DE rejected_malformed)" -ge $((rejected_before + 1)) ]' \
    || fail "the event was not refused"
reason=$(db DE "SELECT rejected FROM inbox WHERE peer = 'PL' AND seq = $((seq - 1))")
echo "$reason" | grep -q "alert $forged: attachment wyrok.pdf did not arrive whole" \
    || fail "reason: $reason"
[ "$(db DE "SELECT count(*) FROM alerts WHERE id = '$forged'")" = 0 ] || fail "the alert was kept"
[ "$(db DE "SELECT count(*) FROM alert_attachments WHERE alert_id = '$forged'")" = 0 ] \
    || fail "the file was kept"
send_as_pl "the right piece" "$corpus/case/part-alert" --part
send_as_pl "the event again" "$corpus/alert/issue-attachment" --alert
wait_until 10 eval '[ "$(db DE "SELECT state FROM alerts WHERE id = '"'$forged'"'")" = issued ]' \
    || fail "the event with the right piece was not applied: $(db DE "SELECT rejected FROM inbox WHERE peer = 'PL' AND seq = $((seq - 1))")"
[ "$(db DE "SELECT data FROM alert_attachments WHERE alert_id = '$forged'")" = hello ] \
    || fail "the file stored is not the one named"
[ "$(counter DE rejected_malformed)" = $((rejected_before + 1)) ] || fail "more rejections"
ok "an event whose pieces hash otherwise is refused (nothing kept); with the right piece it is applied"

fed_finish
ok "test_alert_attachments passed"
