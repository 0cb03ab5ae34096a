#!/usr/bin/env bash
# Case events from a peer that has no business sending them: a member state
# (PL, through tests/tools/imi_probe with PL's real identity) replays the
# events of a DE-FR case as its own, opens a case in DE's name, answers a
# case that does not exist, and sends malformed bodies. DE records and
# receipts each as rejected (the link goes on), its cases do not change,
# and it keeps serving.
source "$(dirname "$0")/lib.sh" "$1"
PROBE="$IMI_TOOLS/imi_probe"
corpus="$(cd "$(dirname "$0")/../fuzz/corpus/case" && pwd)"

fed_create DE FR PL
node_start DE
node_start FR
demo_directories DE FR
anna=$(user_session DE anna DE:aek-berlin handler de)
pierre=$(user_session FR pierre FR:cnom handler fr)

id=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --question pq.registered --send) || fail "request"
state_is () { as "$1" "$2" case show "$id" | grep -qx "state: $3"; }
wait_until 15 state_is FR "$pierre" sent || fail "FR did not receive $id"
as FR "$pierre" case accept "$id" --reply-by "$(date -u -d '+9 days' +%F)" >/dev/null || fail "accept"
wait_until 15 state_is DE "$anna" accepted || fail "DE did not see the acceptance"
before=$(as DE "$anna" case show "$id")
cases_before=$(sqlite3 "$FED/DE/data/node.db" "SELECT count(*) FROM cases")

# Bodies of real events of this case, as the nodes stored them.
sqlite3 "$FED/FR/data/node.db" "SELECT hex(body) FROM case_events WHERE case_id = '$id' AND side = 1" \
    | xxd -r -p > "$FED/accept.body"
sqlite3 "$FED/DE/data/node.db" "SELECT hex(body) FROM case_events WHERE case_id = '$id' AND side = 0 AND n = 1" \
    | xxd -r -p > "$FED/send.body"
head -c 300 /dev/urandom > "$FED/garbage.body"

seq=0
send_as_pl () {     # send_as_pl WHAT FILE [--part]: one sequenced message from PL to DE
    local what=$1 file=$2; shift 2
    seq=$((seq + 1))
    "$PROBE" --identity "$FED/PL/data" --target "$FED/DE/data" \
        --endpoint "tcp://127.0.0.1:${NODE_PORT[DE]}" --wait 10000 \
        send-case "$file" --seq "$seq" "$@" >"$FED/probe.out" 2>&1 \
        || fail "$what: probe exit $?: $(cat "$FED/probe.out")"
    grep -qx connected "$FED/probe.out" || fail "$what: probe did not connect"
}
rejected_before=$(counter DE rejected_malformed)
send_as_pl "PL replays FR's acceptance" "$FED/accept.body"
send_as_pl "PL replays DE's own request" "$FED/send.body"
send_as_pl "PL opens a case in DE's name" "$corpus/event-request"
send_as_pl "PL accepts a case that does not exist" "$corpus/event-accept"
send_as_pl "a body that is not a case event" "$FED/garbage.body"
send_as_pl "a case event truncated" "$corpus/event-truncated"
send_as_pl "PL opens a case that asks nothing" \
    "$(dirname "$0")/data/case-send-no-questions.msgpack"
send_as_pl "a piece of an attachment no event names" "$corpus/part-single" --part
wait_until 10 eval '[ "$(counter DE rejected_malformed)" -ge $((rejected_before + 7)) ]' \
    || fail "rejected: $(counter DE rejected_malformed), expected $((rejected_before + 7))"
sleep 0.3
[ "$(counter DE rejected_malformed)" = $((rejected_before + 7)) ] || fail "more rejections than sent"
reasons=$(sqlite3 "$FED/DE/data/node.db" "SELECT rejected FROM inbox WHERE peer = 'PL' ORDER BY seq")
echo "$reasons" | grep -q "PL may not write side 1 events" || fail "reasons: $reasons"
echo "$reasons" | grep -q "PL may not write side 0 events" || fail "reasons: $reasons"
echo "$reasons" | grep -q "is not a new request to us" || fail "reasons: $reasons"
echo "$reasons" | grep -q "at least one question" || fail "reasons: $reasons"
ok "seven forged or malformed case events from PL: each recorded as rejected with its reason"

[ "$(as DE "$anna" case show "$id")" = "$before" ] || fail "the case changed"
[ "$(sqlite3 "$FED/DE/data/node.db" "SELECT count(*) FROM cases")" = "$cases_before" ] \
    || fail "a forged event made a case"
as DE "$anna" case message "$id" --text "Noch da." >/dev/null || fail "DE no longer acts"
wait_until 15 eval 'as FR "$pierre" case show "$id" | grep -q "Noch da."' \
    || fail "the link to FR stopped"
ok "DE's cases unchanged; DE still acts and delivers"

fed_finish
ok "cases hostile"
