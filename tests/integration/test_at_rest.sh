#!/usr/bin/env bash
# What the database files hold at rest (issue 11: need-to-know, erasure):
# the raw bytes of each node's node.db and node.db-wal, searched for a
# request's personal data (subject fields, free texts, attachment contents,
# machine translations of the texts).
# - Before the responder accepts: the request's subject fields, text and
#   file, a message with a text and a file written meanwhile, and a
#   withdrawal's text all stay on the requester's node (held back, shown
#   there as such); the responder's files hold none of it, and never do for
#   a request withdrawn before acceptance.
# - On acceptance the held message follows the disclosure.
# - After both coordinators erase the closed case (and the requester's the
#   withdrawn one): neither node's files hold any of it, translations
#   included, in the database file or in the WAL.
# Every leak (and every check of holding back) is collected and reported
# at the end, so that a run on code without the fixes names all of them.
source "$(dirname "$0")/lib.sh" "$1"

fed_create DE FR
standin_port=$(free_port)
for state in DE FR; do
    node_config "$state" "translate_backend = http" \
        "translate_url = http://127.0.0.1:$standin_port/translate"
    node_start "$state"
done
"$IMI_TOOLS/imi_mt_standin" "$standin_port" > "$FED/standin.log" 2>&1 &
standin=$!
trap 'kill "$standin" 2>/dev/null; fed_cleanup' EXIT     # a failure must not wait for it
wait_until 5 grep -q listening "$FED/standin.log" || fail "the translation stand-in did not start"
demo_directories DE FR

anna=$(user_session DE anna DE:aek-berlin handler de)
kora=$(user_session DE kora DE:aek-berlin coordinator de)
pierre=$(user_session FR pierre FR:cnom handler fr)
fabienne=$(user_session FR fabienne FR:cnom coordinator fr)

future () { date -u -d "+$1 days" +%F; }
state_of () { as "$1" "$2" case show "$3" | awk -F ': ' '$1 == "state" { print $2 }'; }
both_in () { [ "$(state_of DE "$anna" "$2")" = "$1" ] && [ "$(state_of FR "$pierre" "$2")" = "$1" ]; }
db () { sqlite3 "$FED/$1/data/node.db" "$2"; }
delivered () { [ "$(db "$1" "SELECT count(*) FROM outbox WHERE delivered_ms IS NULL")" = 0 ]; }
LEAKS=()
# scan WHEN STATE WORD...: each WORD (any case) in the raw bytes of STATE's
# database file or its WAL is a leak.
scan () {
    local when=$1 state=$2 word file; shift 2
    for word in "$@"; do
        for file in "$FED/$state/data/node.db" "$FED/$state/data/node.db-wal"; do
            [ -f "$file" ] || continue
            if grep -qaiF -- "$word" "$file"; then
                LEAKS+=("$when: $(basename "$file") of $state holds '$word'")
            fi
        done
    done
}
# Sanity: the scan sees what a node does hold.
holds () { grep -qaiF -- "$2" "$FED/$1/data/node.db" "$FED/$1/data/node.db-wal" 2>/dev/null; }

say "a request with personal data, then a message with a file, before acceptance"
printf 'ZEUGNIS-NR-4821-AKTE %.0s' $(seq 200) > "$FED/diploma.pdf"
printf 'ANLAGE-GEBURTSURKUNDE-7730 %.0s' $(seq 200) > "$FED/birth.pdf"
id=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --reply-by "$(future 20)" --question pq.diploma-authentic \
        --subject pq.family-name=Wieczorek --subject pq.date-of-birth=1979-03-14 \
        --text "Frau Wieczorek wohnt in der Lindenstrasse 5 in Berlin." \
        --attach "$FED/diploma.pdf" --send) || fail "anna cannot send a request"
wait_until 15 both_in sent "$id" || fail "FR did not receive $id"
out=$(as DE "$anna" case message "$id" --text "Nachtrag: Geburtsname Wieczorek-Lis." \
        --attach "$FED/birth.pdf") || fail "anna cannot write a message before acceptance"
echo "$out" | grep -q "^held: " || LEAKS+=("the message before acceptance was not said to be held: $out")
as DE "$anna" case show "$id" > "$FED/anna.txt" || fail "anna reads her case"
sed -n '/^held here until FR:cnom accepts (then sent):$/,$p' "$FED/anna.txt" | grep -q "Nachtrag" \
    || LEAKS+=("the requester is not shown what is held back: $(cat "$FED/anna.txt")")
as DE "$anna" case show "$id" --translate --lang en | grep -q "NACHTRAG" \
    || fail "anna cannot have what is held back translated: $(as DE "$anna" case show "$id" --translate --lang en)"
wait_until 15 delivered DE || fail "DE did not deliver"
as FR "$pierre" case show "$id" --translate > "$FED/pierre.txt" || fail "pierre reads the request"
grep -qi "wieczorek\|nachtrag" "$FED/pierre.txt" && LEAKS+=("pierre reads personal data before accepting")
holds DE wieczorek && holds DE ANLAGE-GEBURTSURKUNDE-7730 || fail "the scan does not see DE's own data"
scan "before acceptance" FR Wieczorek 1979-03-14 Lindenstrasse ZEUGNIS-NR-4821-AKTE \
    Nachtrag ANLAGE-GEBURTSURKUNDE-7730 diploma.pdf birth.pdf
ok "before acceptance: scanned FR's node.db and WAL for the request's personal data"

say "a request withdrawn before acceptance, with a message and a reason"
w=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
      --question pq.registered --subject pq.family-name=Sobczak --send) || fail "second request"
wait_until 15 both_in sent "$w" || fail "FR did not receive $w"
as DE "$anna" case message "$w" --text "Herr Sobczak hat uns angerufen." >/dev/null \
    || fail "message on $w"
as DE "$anna" case withdraw "$w" --text "Herr Sobczak ist nach Krakau verzogen." >/dev/null \
    || fail "anna cannot withdraw with a reason"
wait_until 15 both_in withdrawn "$w" || fail "not withdrawn on both nodes"
wait_until 15 delivered DE || fail "DE did not deliver"
as DE "$anna" case show "$w" | sed -n '/^held here, never sent (FR:cnom did not accept):$/,$p' \
    | grep -q "Krakau" || LEAKS+=("the withdrawal's text is not shown as never sent: $(as DE "$anna" case show "$w")")
as FR "$pierre" case show "$w" | grep -q "withdrew the request" || fail "FR does not see the withdrawal"
scan "withdrawn before acceptance" FR Sobczak angerufen Krakau
ok "withdrawn before acceptance: scanned FR for the subject, the message and the reason"

say "acceptance: the held message follows the disclosure"
as FR "$pierre" case accept "$id" --reply-by "$(future 25)" >/dev/null || fail "pierre accepts"
wait_until 15 eval 'as FR "$pierre" case show "$id" | grep -q "Nachtrag: Geburtsname"' \
    || fail "the held message did not follow the acceptance: $(as FR "$pierre" case show "$id")"
as FR "$pierre" case show "$id" > "$FED/accepted.txt"
grep -q "personal data pq.family-name (.*): Wieczorek" "$FED/accepted.txt" || fail "no disclosure"
[ "$(grep -n "disclosed the personal data\|wrote$" "$FED/accepted.txt" | cut -d: -f2- | sed 's/.*) //')" \
  = "$(printf 'disclosed the personal data of the request\nwrote')" ] \
    || LEAKS+=("the message did not follow the disclosure: $(grep "^  2" "$FED/accepted.txt")")
grep -q "requester anna (DE:aek-berlin) wrote" "$FED/accepted.txt" || fail "the message lost its author"
as FR "$pierre" case attachment "$id" birth.pdf --out "$FED/got.pdf" || fail "the held file"
cmp -s "$FED/birth.pdf" "$FED/got.pdf" || fail "the held file differs"
as DE "$anna" case show "$id" | grep -q "^held here" && fail "DE still shows something held back"
[ "$(db DE "SELECT count(*) FROM case_held WHERE case_id = '$id'" 2>&1)" = 0 ] \
    || LEAKS+=("DE kept the held rows (or has none)")
ok "accepted: the disclosure, then the message by anna with its file, intact"

say "the exchange goes on, translated on both nodes, and closes"
as FR "$pierre" case answer "$id" --answer pq.diploma-authentic=yes \
    --text "Mme Wieczorek est inscrite au tableau de l'ordre." >/dev/null || fail "answer"
wait_until 15 both_in answered "$id" || fail "answered"
as FR "$pierre" case show "$id" --translate | grep -q "LINDENSTRASSE" || fail "FR translates"
as DE "$anna" case show "$id" --translate | grep -q "INSCRITE AU TABLEAU" || fail "DE translates"
as DE "$anna" case close "$id" --timely yes --effort yes >/dev/null || fail "close"
wait_until 15 both_in closed "$id" || fail "closed"
wait_until 15 eval 'delivered DE && delivered FR' || fail "not all delivered"
for state in DE FR; do
    [ "$(db "$state" "SELECT count(*) FROM translations WHERE text LIKE '%WIECZOREK%'")" -ge 1 ] \
        || fail "$state has no translation to look for"
    holds "$state" WIECZOREK || fail "the scan does not see $state's data"
done
ok "closed; both nodes hold the personal data and machine translations of it"

say "erasure on both nodes"
as DE "$kora" case erase "$id" --reason "data subject request 2025/7" >/dev/null || fail "DE erases"
as FR "$fabienne" case erase "$id" --reason "demande 2025/7" >/dev/null || fail "FR erases"
as DE "$kora" case erase "$w" --reason "data subject request 2025/8" >/dev/null || fail "DE erases $w"
for state in DE FR; do
    [ "$(db "$state" "SELECT count(*) FROM translations")" = 0 ] \
        || LEAKS+=("after erasure: $state's translation cache: $(db "$state" "SELECT text FROM translations")")
    scan "after erasure" "$state" Wieczorek 1979-03-14 Lindenstrasse ZEUGNIS-NR-4821-AKTE \
        Nachtrag ANLAGE-GEBURTSURKUNDE-7730 "inscrite au tableau" Sobczak angerufen Krakau
done
ok "after erasure: scanned both nodes' node.db and WAL for texts, fields, files, translations"

kill "$standin"; wait "$standin" 2>/dev/null
if [ ${#LEAKS[@]} -gt 0 ]; then
    printf 'LEAK: %s\n' "${LEAKS[@]}" >&2
    fail "${#LEAKS[@]} leaks"
fi
fed_finish
ok "at rest"
