#!/usr/bin/env bash
# Information requests between two real nodes (DE requests, FR responds):
# the whole workflow with both copies equal after each step, need-to-know
# (personal data and attachments only after acceptance), access by
# authority and role, forwarding, withdrawal, illegal transitions refused
# without change, a transition made while the peer is down applied once
# when it returns, bad input refused with nothing sent, and a long case
# whose every step both nodes store alike, whether they fold its new event
# alone or all its events.
source "$(dirname "$0")/lib.sh" "$1"

fed_create DE FR
node_start DE
node_start FR
data="$(dirname "$0")/../../scripts/demo"
ctl DE authority import "$data/DE.jsonl" >/dev/null || fail "DE authorities"
ctl FR authority import "$data/FR.jsonl" >/dev/null || fail "FR authorities"
# A German trade office: the services requests' sender (only an authority
# competent for a procedure requests under it).
ctl DE authority import "$(dirname "$0")/data/services-DE.jsonl" >/dev/null || fail "DE trade office"
wait_until 20 knows DE FR:ars-idf && wait_until 20 knows FR DE:lageso && wait_until 20 knows FR DE:trade \
    || fail "directories did not sync"

anna=$(user_session DE anna DE:aek-berlin handler de)       # requests
gerd=$(user_session DE gerd DE:trade handler de)            # requests under services
dora=$(user_session DE dora DE:aek-berlin auditor de)       # reads, no personal data
bert=$(user_session DE bert DE:lageso handler de)           # another authority
kora=$(user_session DE kora DE:lageso coordinator de)       # the German coordinator
pierre=$(user_session FR pierre FR:cnom handler fr)         # responds
claire=$(user_session FR claire FR:ars-idf handler fr)      # forwarded to

future () { date -u -d "+$1 days" +%F; }
# state_of NODE TOKEN ID: the case's state as that node's user sees it.
state_of () { as "$1" "$2" case show "$3" | awk -F ': ' '$1 == "state" { print $2 }'; }
both_in () {    # both_in STATE ID FR_TOKEN [DE_TOKEN]: both copies have reached STATE
    [ "$(state_of DE "${4:-$anna}" "$2")" = "$1" ] && [ "$(state_of FR "$3" "$2")" = "$1" ]
}
# The two copies, as read in English, apart from the lines about the reader
# and what the requester's node holds back (shown last, to the requester only).
copy () {
    as "$1" "$2" case show "$3" --lang en | sed '/^held here/,$d' \
        | grep -v "^direction:\|^overdue:\|^personal data:"
}
same_copies () { [ "$(copy DE "$anna" "$1")" = "$(copy FR "$2" "$1")" ]; }
events_in () { sqlite3 "$FED/$1/data/node.db" "SELECT count(*) FROM case_events WHERE case_id = '$2'"; }
# merged_order STATE ID: the events of case ID as STATE stored their merged
# order (side/n in position order), or "gaps" unless the positions are
# exactly 1..N and no event is void. Each save writes only the events whose
# position changed: a position never written shows here.
merged_order () {
    sqlite3 "$FED/$1/data/node.db" \
        "SELECT CASE WHEN count(*) = count(DISTINCT position) AND min(position) = 1
                      AND max(position) = count(*) AND count(void) = 0
                 THEN (SELECT group_concat(side || '/' || n, ' ') FROM
                         (SELECT side, n FROM case_events WHERE case_id = '$2' ORDER BY position))
                 ELSE 'gaps' END
         FROM case_events WHERE case_id = '$2'"
}

say "the whole exchange"
head -c 1300000 /dev/urandom > "$FED/diploma.pdf"    # several pieces
id=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --reply-by "$(future 20)" --question pq.diploma-authentic --question pq.training-level \
        --subject pq.family-name=Kowalski --subject pq.date-of-birth=1980-04-02 \
        --text "Frau Dr. Kowalski beantragt die Anerkennung als Ärztin." \
        --attach "$FED/diploma.pdf" --send) || fail "anna cannot send a request"
[[ $id =~ ^DE-[0-9a-f]{16}$ ]] || fail "case id: $id"
wait_until 15 both_in sent "$id" "$pierre" || fail "FR did not receive $id"
as FR "$pierre" case show "$id" > "$FED/before.txt"
grep -q "Kowalski\|Ärztin\|diploma.pdf" "$FED/before.txt" && fail "FR sees personal data before accepting"
grep -q "shown once your authority accepts" "$FED/before.txt" || fail "FR is not told why"
grep -q "question pq.diploma-authentic: Le " "$FED/before.txt" || fail "FR does not read the question in French"
[ "$(sqlite3 "$FED/FR/data/node.db" "SELECT count(*) FROM case_attachments")" = 0 ] \
    || fail "the attachment reached FR before acceptance"
expect_error "before your authority accepts" as FR "$pierre" case attachment "$id" diploma.pdf
ok "sent: the request reached FR without its personal data (not even in FR's database)"

as FR "$pierre" case accept "$id" --reply-by "$(future 25)" >/dev/null || fail "pierre accepts"
disclosed () { as FR "$pierre" case show "$id" | grep -q "Kowalski"; }
wait_until 15 disclosed || fail "the personal data did not follow the acceptance"
as FR "$pierre" case attachment "$id" diploma.pdf --out "$FED/got.pdf" || fail "attachment"
cmp -s "$FED/diploma.pdf" "$FED/got.pdf" || fail "the attachment differs"
as FR "$pierre" case show "$id" | grep -q "text \[de, as written\]: Frau Dr. Kowalski" \
    || fail "free text is not shown as written with its language"
ok "accepted: personal data and the attachment disclosed, the attachment intact"

as FR "$pierre" case ask-clarification "$id" --text "Pouvez-vous joindre le relevé de notes ?" \
    >/dev/null || fail "ask for clarification"
wait_until 15 both_in clarification "$id" "$pierre" || fail "clarification state"
as DE "$anna" case clarify "$id" --text "Das Notenblatt ist beigefügt." >/dev/null || fail "clarify"
wait_until 15 both_in accepted "$id" "$pierre" || fail "back to accepted"
as FR "$pierre" case answer "$id" --answer pq.diploma-authentic=yes \
    --answer pq.training-level="$(sed -n 's/^pq.training-level\t\([^\t]*\)\t.*/\1/p' \
        "$(dirname "$0")/../../data/catalogue/answer_options.tsv" | head -1)" \
    --text "Le diplôme est authentique." >/dev/null || fail "answer"
wait_until 15 both_in answered "$id" "$pierre" || fail "answered"
as DE "$anna" case show "$id" | grep -A1 "answer pq.diploma-authentic" | grep -q "= Ja" \
    || fail "DE does not read the answer in German"
as DE "$anna" case close "$id" --timely yes --effort no >/dev/null || fail "close"
wait_until 15 both_in closed "$id" "$pierre" || fail "closed"
wait_until 5 same_copies "$id" "$pierre" || { diff <(copy DE "$anna" "$id") <(copy FR "$pierre" "$id"); fail "the copies differ"; }
[ "$(events_in DE "$id")" = "$(events_in FR "$id")" ] || fail "event counts differ"
order=$(merged_order DE "$id")
[ "$order" != gaps ] && [ "$order" = "$(merged_order FR "$id")" ] \
    || fail "the stored merged orders: DE $order, FR $(merged_order FR "$id")"
ok "clarification, answer, close with ratings: both copies equal ($(events_in DE "$id") events, stored in the same order: $order)"

say "illegal transitions change nothing"
before=$(copy DE "$anna" "$id")
expect_error "it is closed" as FR "$pierre" case accept "$id" --reply-by "$(future 5)"
expect_error "it is closed" as DE "$anna" case withdraw "$id"
expect_error "it is closed" as FR "$pierre" case answer "$id" --text "encore"
expect_error "it is closed" as DE "$anna" case message "$id" --text "Danke"
[ "$(copy DE "$anna" "$id")" = "$before" ] || fail "a refused transition changed the case"
sleep 0.5
same_copies "$id" "$pierre" || fail "a refused transition reached the other side"
ok "refused with the current state named; the case is unchanged on both sides"

say "access by authority and role"
expect_error "no case" as DE "$bert" case show "$id"
expect_error "no case" as DE "$bert" case message "$id" --text x
as DE "$bert" case list | grep -q "$id" && fail "bert lists another authority's case"
expect_error "no case" as FR "$claire" case show "$id"
as DE "$kora" case list | grep -q "$id" || fail "the coordinator does not see the state's cases"
as DE "$dora" case show "$id" > "$FED/auditor.txt" || fail "the auditor cannot read"
grep -q "Kowalski\|Ärztin" "$FED/auditor.txt" && fail "the auditor sees personal data"
expect_error "cannot act" as DE "$dora" case message "$id" --text x
expect_error "not shown to you" as DE "$dora" case attachment "$id" diploma.pdf
expect_error "not logged in" as DE 00 case list
ok "other authorities see nothing, the auditor reads without personal data, the coordinator sees all"

say "withdrawal before acceptance"
w=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
      --question pq.registered --subject pq.family-name=Nowak --send) || fail "second request"
wait_until 15 both_in sent "$w" "$pierre" || fail "FR did not receive $w"
as DE "$anna" case withdraw "$w" >/dev/null || fail "withdraw"
wait_until 15 both_in withdrawn "$w" "$pierre" || fail "withdrawn"
expect_error "it is withdrawn" as FR "$pierre" case accept "$w" --reply-by "$(future 9)"
grep -q Nowak <(sqlite3 "$FED/FR/data/node.db" "SELECT hex(body) FROM case_events" | xxd -r -p) \
    && fail "personal data of a withdrawn request reached FR"
ok "withdrawn before acceptance: FR cannot accept, and never received the personal data"

say "forwarding"
b=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
      --question pq.registered --subject pq.family-name=Meier --send) || fail "request to forward"
wait_until 15 both_in sent "$b" "$pierre" || fail "FR did not receive $b"
as FR "$pierre" case forward "$b" --to FR:ars-idf >/dev/null || fail "forward before acceptance"
wait_until 15 both_in sent "$b" "$claire" || fail "forwarded before acceptance"
as FR "$claire" case show "$b" | grep -q "forwarded" || fail "claire does not see the forward"
grep -q Meier <(sqlite3 "$FED/FR/data/node.db" "SELECT hex(body) FROM case_events" | xxd -r -p) \
    && fail "personal data travelled before any acceptance"
wait_until 15 same_copies "$b" "$claire" || fail "copies differ after forwarding before acceptance"
f=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
      --question pq.registered --subject pq.family-name=Schmidt --send) || fail "third request"
wait_until 15 both_in sent "$f" "$pierre" || fail "FR did not receive $f"
as FR "$pierre" case accept "$f" --reply-by "$(future 10)" >/dev/null || fail "accept before forward"
wait_until 15 eval 'as FR "$pierre" case show "$f" | grep -q Schmidt' || fail "disclosed"
as FR "$pierre" case forward "$f" --to FR:ars-idf --text "Compétence de l'ARS." >/dev/null \
    || fail "forward after acceptance"
expect_error "no case" as FR "$pierre" case show "$f"
as FR "$claire" case show "$f" > "$FED/claire.txt" || fail "claire does not see the forwarded case"
grep -q "forwarded" "$FED/claire.txt" && grep -q "accepted" "$FED/claire.txt" \
    || fail "the history did not follow the case"
grep -q Schmidt "$FED/claire.txt" && fail "claire sees personal data before she accepts"
wait_until 15 eval '[ "$(as DE "$anna" case show "$f" | awk -F ": " "\$1 == \"responder\" { print \$2 }")" = FR:ars-idf ]' \
    || fail "DE does not see the new responder"
# The request's personal data went to FR with the first acceptance: what
# DE writes before the new authority accepts travels at once (the action
# reads that from the disclosure, not the acceptance)
as DE "$anna" case message "$f" --text "Bitte übernehmen." > "$FED/forwarded.txt" \
    || fail "message after the forward"
grep -q "^held" "$FED/forwarded.txt" && fail "held after the disclosure: $(cat "$FED/forwarded.txt")"
as FR "$claire" case accept "$f" --reply-by "$(future 12)" >/dev/null || fail "claire accepts"
as FR "$claire" case show "$f" | grep -q Schmidt || fail "claire does not see the data once she accepted"
as FR "$claire" case answer "$f" --answer pq.registered=no >/dev/null || fail "claire answers"
wait_until 15 both_in answered "$f" "$claire" || fail "answered after forward"
as DE "$anna" case follow-up "$f" --question pq.disciplinary-action >/dev/null || fail "follow-up"
wait_until 15 both_in accepted "$f" "$claire" || fail "follow-up reopens"
as FR "$claire" case message "$f" --text "Réponse sous peu." >/dev/null || fail "message FR"
as DE "$anna" case message "$f" --text "Danke." >/dev/null || fail "message DE"
wait_until 15 same_copies "$f" "$claire" || fail "copies differ after forward"
ok "forwarded after acceptance: history kept, only the new authority sees it, it accepts again"

listed () { as DE "$anna" case list "${@:2}" | awk -F '\t' 'NR > 1 { print $1 }' | sort | tr '\n' ' '; }
[ "$(listed x --state withdrawn)" = "$w " ] || fail "case list --state withdrawn"
[ "$(listed x --direction out --state closed)" = "$id " ] || fail "case list --direction --state"
[ "$(listed x --direction in)" = "" ] || fail "case list --direction in"
[ "$(as FR "$claire" case list --direction in --procedure pq-information-request | wc -l)" = 3 ] \
    || fail "case list --procedure: $(as FR "$claire" case list)"
# --total: one line with the count, for scripts (the rows stop at 1,000).
[ "$(as FR "$claire" case list --direction in --procedure pq-information-request --total)" = "total	2" ] \
    || fail "case list --total: $(as FR "$claire" case list --direction in --total)"
[ "$(as DE "$anna" case list --direction in --total)" = "total	0" ] || fail "case list --total of none"
ok "forwarded before acceptance too; case list filters by state, direction and procedure, and counts"

say "a long case: an event folded alone where it goes last, all of them where not"
# A node folds a new event alone when it goes last in the merged order
# (imi_workflow_last): its own action's, or one applied from the other
# side. It folds all the case's events for an answer it writes (the
# questions asked; the other node folds the answer alone: the two ways
# meet) and for an event of the other side that crossed one of its own
# (both act at once here, five times: places move). After every step both
# nodes must store the same row and places.
fold_row () {
    sqlite3 "$FED/$1/data/node.db" "SELECT state, procedure, requester, responder, lang, urgent,
        proposed_date, agreed_date, sent_ms, received_ms, accepted_ms, answered_ms, closed_ms,
        rating_timely, rating_effort, updated_ms FROM cases WHERE id = '$2'"
}
same_fold () {  # same_fold ID COUNT: both nodes hold COUNT events of ID, folded alike
    [ "$(events_in DE "$1")" = "$2" ] && [ "$(events_in FR "$1")" = "$2" ] \
        && [ "$(fold_row DE "$1")" = "$(fold_row FR "$1")" ] \
        && [ "$(merged_order DE "$1")" != gaps ] \
        && [ "$(merged_order DE "$1")" = "$(merged_order FR "$1")" ]
}
folds () {      # folds COUNT: after a step, case $l has COUNT events, folded alike
    wait_until 15 same_fold "$l" "$1" || fail "case $l after $1 events: DE $(fold_row DE "$l")
        $(merged_order DE "$l"), FR $(fold_row FR "$l") $(merged_order FR "$l")"
}
l=$(as DE "$anna" case new --procedure pq-information-request --to FR:ars-idf \
      --question pq.registered --subject pq.family-name=Lang --send) || fail "a long case"
folds 1
as FR "$claire" case accept "$l" --reply-by "$(future 40)" >/dev/null || fail "accept $l"
folds 3                                             # and the disclosure
as DE "$anna" case message "$l" --text "Eine Frage." >/dev/null || fail "message DE"
folds 4
as FR "$claire" case ask-clarification "$l" --text "Laquelle ?" >/dev/null || fail "ask"
folds 5
as DE "$anna" case clarify "$l" --text "Diese." >/dev/null || fail "clarify"
folds 6
for round in 1 2 3 4 5; do                          # crossing messages
    as DE "$anna" case message "$l" --text "Runde $round." >/dev/null & de_pid=$!
    as FR "$claire" case message "$l" --text "Tour $round." >/dev/null || fail "message FR"
    wait $de_pid || fail "message DE"
    folds $((6 + 2 * round))
done
as FR "$claire" case answer "$l" --answer pq.registered=yes >/dev/null || fail "answer"
folds 17
as DE "$anna" case follow-up "$l" --question pq.disciplinary-action \
    --reply-by "$(future 45)" >/dev/null || fail "follow-up"
folds 18
as FR "$claire" case answer "$l" --answer pq.disciplinary-action=no --text "Aucune." \
    >/dev/null || fail "second answer"
folds 19
as DE "$anna" case close "$l" --timely yes --effort no >/dev/null || fail "close"
folds 20
ok "a case of 20 events, with crossings and answers: both nodes store each step alike"

say "a transition made while the peer is down"
node_stop FR
as DE "$anna" case message "$f" --text "Sind Sie erreichbar?" >/dev/null || fail "message while FR is down"
p=$(as DE "$gerd" case new --procedure services-information-request --to FR:dgccrf \
      --question "$(awk -F '\t' '$1 == "services" && $3 == "question" { print $2; exit }' \
          "$(dirname "$0")/../../data/catalogue/questions.tsv")" --send) \
    || fail "request while FR is down"
node_kill DE                           # and the sender dies before delivering
node_start DE
node_start FR
wait_until 20 both_in sent "$p" "$(user_session FR fred FR:dgccrf handler fr)" "$gerd" \
    || fail "the request made while FR was down did not arrive"
wait_until 20 same_copies "$f" "$claire" || fail "the message made while FR was down did not arrive"
sleep 1
[ "$(events_in DE "$f")" = "$(events_in FR "$f")" ] || fail "an event was applied twice or lost"
ok "delivered and applied once when the peer returned, after a crash of the sender"

say "bad input: clear error, nothing sent"
sent_before=$(sqlite3 "$FED/DE/data/node.db" "SELECT count(*) FROM outbox")
cases_before=$(sqlite3 "$FED/DE/data/node.db" "SELECT count(*) FROM cases")
new () { as DE "$anna" case new --send "$@"; }
expect_error "unknown procedure" new --procedure astrology --to FR:cnom --question pq.registered
expect_error "not an information request" new --procedure pq-alert --to FR:cnom --question pq.registered
expect_error "unknown question" new --procedure pq-information-request --to FR:cnom --question pq.nonsense
expect_error "unknown question" new --procedure pq-information-request --to FR:cnom --question posting.a1-valid
expect_error "in the past" new --procedure pq-information-request --to FR:cnom --question pq.registered --reply-by 2020-01-01
expect_error "not a date" new --procedure pq-information-request --to FR:cnom --question pq.registered --reply-by 2026-02-30
expect_error "pq.date-of-birth" new --procedure pq-information-request --to FR:cnom --question pq.registered --subject pq.date-of-birth=yesterday
expect_error "no authority" new --procedure pq-information-request --to FR:nosuch --question pq.registered
expect_error "not in the federation" new --procedure pq-information-request --to PL:nil --question pq.registered
expect_error "does not handle" new --procedure pq-information-request --to FR:dgccrf --question pq.registered
expect_error "another state" new --procedure pq-information-request --to DE:lageso --question pq.registered
expect_error "at least one question" new --procedure pq-information-request --to FR:cnom
expect_error "text" new --procedure pq-information-request --to FR:cnom --question pq.registered --text "$(head -c 40000 /dev/zero | tr '\0' a)"
head -c $((10 * 1024 * 1024 + 1)) /dev/zero > "$FED/big.bin"
expect_error "limit" new --procedure pq-information-request --to FR:cnom --question pq.registered --attach "$FED/big.bin"
expect_error "takes yes or no" as FR "$claire" case answer "$f" --answer pq.disciplinary-action=maybe
expect_error "was not asked" as FR "$claire" case answer "$f" --answer pq.criminal-sanctions=no
expect_error "not a case id" as DE "$anna" case show nonsense
# A draft whose stored request was lost (the database edited by hand) is
# refused, not sent, and the node goes on.
d=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
      --question pq.registered) || fail "a draft"
as DE "$anna" case show "$d" | grep -q "^state: draft" || fail "not a draft"
node_stop DE
sqlite3 "$FED/DE/data/node.db" "DELETE FROM case_drafts WHERE case_id = '$d'"
node_start DE
anna=$(IMI_PASSWORD="password of anna" ctl DE login anna) || fail "anna logs in again"
expect_error "has no draft to send" as DE "$anna" case send "$d"
as DE "$anna" case discard "$d" >/dev/null || fail "discarding the broken draft"
[ "$(sqlite3 "$FED/DE/data/node.db" "SELECT count(*) FROM outbox")" = "$sent_before" ] || fail "bad input sent something"
[ "$(sqlite3 "$FED/DE/data/node.db" "SELECT count(*) FROM cases")" = "$cases_before" ] || fail "bad input made a case"
ok "unknown procedure/question, bad answer, dates, unknown or incompetent authority, sizes: refused"

say "indicators and the overdue list"
# Worked by hand: FR:cnom received two requests in the period: $id (accepted
# within seconds, answered before the agreed date, rated timely positive and
# effort negative) and $w (withdrawn before acceptance: counted as a request
# and in no indicator). 1: 1/1 = 100 % good; 2: 0.0 days good; 3: 1/1 = 100 %
# good; 4: 0/1 = 0 % good; 5: 1/1 = 100 % poor; overall (2+2+2+2+0)/5 = 1.6 good.
expected="FR:cnom	2	100.0 (good)	0.0 (good)	100.0 (good)	0.0 (good)	100.0 (poor)	good"
[ "$(as FR "$pierre" kpi | sed -n 2p)" = "$expected" ] \
    || fail "indicators of FR:cnom: $(as FR "$pierre" kpi)"
expect_error "coordinator" as FR "$pierre" kpi --by state
ok "indicators of the responding authority from the signed times: $expected"

# Fifteen days later (a drill clock on FR only): $p and $b were never accepted
# (7 days allowed) and $f was not answered by its agreed date (12 days).
node_stop FR
node_config FR "clock_offset_s = $((15 * 86400))"
node_start FR
fabienne=$(user_session FR fabienne FR:cnom coordinator fr)
pierre=$(IMI_PASSWORD="password of pierre" ctl FR login pierre) || fail "pierre logs in again"
as FR "$fabienne" case overdue > "$FED/overdue.txt" || fail "overdue list"
# $p and $b (forwarded, never accepted): 15 - 7 = 8 days late, day 9; $f: 3 days
[ "$(awk -F '\t' 'NR > 1 { print $5 }' "$FED/overdue.txt" | tr '\n' ' ')" = "9 9 3 " ] \
    || fail "the coordinator's overdue list, most overdue first: $(cat "$FED/overdue.txt")"
[ "$(awk -F '\t' 'NR > 1 && NR < 4 { print $1 }' "$FED/overdue.txt" | sort | tr '\n' ' ')" \
  = "$(printf '%s\n' "$p" "$b" | sort | tr '\n' ' ')" ] || fail "overdue: $(cat "$FED/overdue.txt")"
grep -q "^$p	FR:dgccrf	DE:trade	acceptance overdue since .*	9	" "$FED/overdue.txt" \
    || fail "acceptance overdue: $(cat "$FED/overdue.txt")"
grep -q "^$f	FR:ars-idf	DE:aek-berlin	answer overdue since $(future 12)	3	" "$FED/overdue.txt" \
    || fail "answer overdue: $(cat "$FED/overdue.txt")"
[ "$(as FR "$pierre" case overdue | wc -l)" = 1 ] || fail "pierre sees other authorities' overdue cases"
as FR "$fabienne" case list --overdue | grep -q "$p" || fail "case list --overdue"
as FR "$fabienne" case message "$p" --text "Relance : merci d'accepter ou de transmettre." \
    >/dev/null || fail "the coordinator cannot step into an overdue case"
ok "the coordinator's overdue list, most overdue first; the coordinator can act on it"

fed_finish
ok "cases"
