#!/usr/bin/env bash
# Alerts between five real nodes (DE warns FR PL IT ES): an alert to all
# states reaches each state's authorities competent for the procedure
# exactly once and no others (an authority competent for the whole legal
# area or for the alert procedure gets it; one competent in the area for
# another procedure only does not), the coordinator sees it; only an
# authority competent for the procedure may issue one; corrections and the
# withdrawal reach them too; acknowledgements are tracked at the sender
# (who, when, which version); the 3-day deadline of pq-alert is shown;
# actions on withdrawn and closed alerts are refused; bad input is refused
# with a clear error and nothing sent.
source "$(dirname "$0")/lib.sh" "$1"

STATES="DE FR PL IT ES"
RECIPIENTS="FR PL IT ES"
fed_create $STATES
data="$(dirname "$0")/data"
for state in $STATES; do
    node_start "$state"
    ctl "$state" authority import "$data/alerts-$state.jsonl" >/dev/null || fail "$state authorities"
done

anna=$(user_session DE anna DE:medical handler de)          # sends
dora=$(user_session DE dora DE:medical auditor de)          # reads, no personal data
pierre=$(user_session FR pierre FR:medical handler fr)      # competent (whole area)
nina=$(user_session FR nina FR:nursing handler fr)          # competent (names pq-alert)
luc=$(user_session FR luc FR:labour handler fr)             # not competent
denis=$(user_session FR denis FR:dental handler fr)         # the area, another procedure
coco=$(user_session FR coco FR:labour coordinator fr)       # FR's coordinator
declare -A handler=([FR]=$pierre)
for state in PL IT ES; do
    handler[$state]=$(user_session "$state" "h-${state,,}" "$state:medical" handler en)
done

day () { date -u -d "$1 days" +%F; }
db () { sqlite3 "$FED/$1/data/node.db" "$2"; }
outbox () { db DE "SELECT count(*) FROM outbox"; }
field () { as "$1" "$2" alert show "$3" --lang en | awk -F ': ' -v key="$4" '$1 == key { print $2 }'; }
# every recipient node holds version V of alert ID in state S
everywhere () {
    local id=$1 version=$2 state=$3 node
    for node in $RECIPIENTS; do
        [ "$(db "$node" "SELECT version || ' ' || state FROM alerts WHERE id = '$id'")" \
            = "$version $state" ] || return 1
    done
}

say "an alert to all states"
id=$(as DE "$anna" alert new --procedure pq-alert --to all \
        --field pq-alert.family-name=Kowalski --field pq-alert.profession=Ärztin \
        --field pq-alert.decision-type=prohibition --field "pq-alert.decision-date=$(day -1)" \
        --text "Approbation widerrufen; Berufsverbot.") || fail "anna cannot issue an alert"
[[ $id =~ ^DE-[0-9a-f]{16}$ ]] || fail "alert id: $id"
wait_until 20 everywhere "$id" 1 issued || fail "the alert did not reach every state"
for node in $RECIPIENTS; do
    [ "$(db "$node" "SELECT group_concat (authority, ' ') FROM (SELECT authority FROM alert_recipients WHERE alert_id = '$id' ORDER BY authority)")" \
        = "$node:medical $node:nursing" ] || fail "$node routed it to: $(db "$node" "SELECT group_concat (authority) FROM alert_recipients")"
    [ "$(db "$node" "SELECT count(*) FROM alert_events WHERE alert_id = '$id'")" = 1 ] \
        || fail "$node holds the issue more than once"
done
[ "$(db DE "SELECT count(*) FROM alert_recipients")" = 0 ] || fail "the sender routed its own alert"
ok "reached FR PL IT ES once each, routed to the two competent authorities of each, not to labour nor to dental (pq-information-request only)"

as FR "$pierre" alert list | grep -q "$id" || fail "pierre does not list it"
as FR "$nina" alert list | grep -q "$id" || fail "nina does not list it"
as FR "$coco" alert list | grep -q "$id" || fail "the coordinator does not see it"
as FR "$luc" alert list | grep -q "$id" && fail "a non-competent authority lists it"
expect_error "no alert" as FR "$luc" alert show "$id"
expect_error "no alert" as FR "$luc" alert ack "$id"
as FR "$denis" alert list | grep -q "$id" && fail "an authority competent for another procedure lists it"
expect_error "no alert" as FR "$denis" alert show "$id"
expect_error "no alert" as FR "$denis" alert attachment "$id" x
as FR "$pierre" alert show "$id" > "$FED/fr.txt"
grep -q "field pq-alert.decision-type: Type de décision = Interdiction d'exercer" "$FED/fr.txt" \
    || fail "FR does not read the fields in French: $(cat "$FED/fr.txt")"
grep -q "text \[de, as written\]: Approbation widerrufen" "$FED/fr.txt" || fail "free text"
ok "handlers of competent authorities and the coordinator see it, in their language; labour and dental do not"

[ "$(field DE "$anna" "$id" "sent in time")" = "yes (1 day after the decision; the limit is 3)" ] \
    || fail "deadline: $(field DE "$anna" "$id" "sent in time")"
late=$(as DE "$anna" alert new --procedure pq-alert --to FR \
          --field "pq-alert.decision-date=$(day -5)" --text "Spät.") || fail "late alert"
[ "$(field DE "$anna" "$late" "sent in time")" = "no (5 days after the decision; the limit is 3)" ] \
    || fail "late deadline: $(field DE "$anna" "$late" "sent in time")"
as DE "$anna" alert list | awk -F '\t' -v id="$late" '$1 == id { print $8 }' | grep -qx no \
    || fail "the list does not show the late one"
ok "pq-alert: sent within 3 days of the decision shown (yes, and no for a late one)"

say "acknowledgements travel back"
as FR "$pierre" alert ack "$id" >/dev/null || fail "pierre acknowledges"
as FR "$nina" alert ack "$id" >/dev/null || fail "nina acknowledges"
for state in PL IT ES; do
    as "$state" "${handler[$state]}" alert ack "$id" >/dev/null || fail "$state acknowledges"
done
acks () { [ "$(db DE "SELECT count(*) FROM alert_acks WHERE alert_id = '$id' AND version = $1")" = "$2" ]; }
wait_until 20 acks 1 5 || fail "the sender has $(db DE "SELECT count(*) FROM alert_acks") acknowledgements"
as DE "$anna" alert show "$id" | grep -q "FR:nursing: acknowledged version 1 by nina at 20" \
    || fail "the sender does not show who acknowledged when"
as FR "$coco" alert show "$id" | grep -q "FR:medical: acknowledged version 1 by pierre" \
    || fail "the coordinator does not see FR's acknowledgements"
expect_error "recipients acknowledge" as DE "$anna" alert ack "$id"
ok "5 authorities acknowledged; the sender shows who and when"

say "a correction"
as DE "$anna" alert correct "$id" --field pq-alert.family-name=Kowalski \
    --field pq-alert.decision-type=restriction --field "pq-alert.decision-date=$(day -1)" \
    --field "pq-alert.restriction-duration=2 Jahre" >/dev/null || fail "correct"
wait_until 20 everywhere "$id" 2 corrected || fail "the correction did not reach every state"
as PL "${handler[PL]}" alert show "$id" --lang en | grep -q "Duration of the restriction or prohibition = 2 Jahre" \
    || fail "PL does not show the correction"
expect_error "only the sender" as FR "$pierre" alert correct "$id" --text "nein"
as FR "$pierre" alert ack "$id" >/dev/null || fail "pierre acknowledges the correction"
wait_until 20 acks 2 1 || fail "the acknowledgement of version 2 did not arrive"
ok "the correction reached every state; a new acknowledgement names version 2"

say "withdrawal, then nothing more"
as DE "$anna" alert withdraw "$id" --text "Entscheidung aufgehoben." >/dev/null || fail "withdraw"
wait_until 20 everywhere "$id" 3 withdrawn || fail "the withdrawal did not reach every state"
before=$(outbox)
expect_error "it is withdrawn" as DE "$anna" alert correct "$id" --text "doch"
expect_error "it is withdrawn" as DE "$anna" alert close "$id"
expect_error "it is withdrawn" as DE "$anna" alert withdraw "$id"
expect_error "it is withdrawn" as IT "${handler[IT]}" alert ack "$id"
[ "$(outbox)" = "$before" ] || fail "a refused action was sent"
ok "withdrawn everywhere; correct, close, withdraw and acknowledge refused, naming the state"

closed=$(as DE "$anna" alert new --procedure pq-alert --to FR --to PL \
            --field "pq-alert.decision-date=$(day 0)" --text "Kurz.") || fail "second alert"
as DE "$anna" alert close "$closed" >/dev/null || fail "close"
wait_until 20 eval '[ "$(db PL "SELECT state FROM alerts WHERE id = '"'$closed'"'")" = closed ]' \
    || fail "PL does not see it closed"
[ "$(db IT "SELECT count(*) FROM alerts WHERE id = '$closed'")" = 0 ] || fail "IT got an alert for FR and PL"
expect_error "it is closed" as DE "$anna" alert correct "$closed" --text "x"
expect_error "it is closed" as FR "$pierre" alert ack "$closed"
ok "closed; further actions refused; a state not chosen never got it"

say "roles"
as DE "$dora" alert show "$id" > "$FED/auditor.txt" || fail "the auditor cannot read"
grep -q "Kowalski\|aufgehoben" "$FED/auditor.txt" && fail "the auditor sees personal data"
expect_error "cannot act" as DE "$dora" alert new --procedure pq-alert --to FR \
    --field "pq-alert.decision-date=$(day 0)" --text x
ok "the auditor reads without personal data and cannot act"

say "who may issue: an authority competent for the alert procedure"
nora=$(user_session DE nora DE:nursing handler de)          # names pq-alert
lena=$(user_session DE lena DE:labour handler de)           # another legal area
dirk=$(user_session DE dirk DE:dental handler de)           # the area, another procedure
before=$(outbox)
alerts=$(db DE "SELECT count(*) FROM alerts")
expect_error "only an authority competent for pq-alert may issue it: authority DE:labour does not handle procedure pq-alert" \
    as DE "$lena" alert new --procedure pq-alert --to FR --field "pq-alert.decision-date=$(day 0)" --text x
expect_error "authority DE:dental does not handle procedure pq-alert" \
    as DE "$dirk" alert new --procedure pq-alert --to all --field "pq-alert.decision-date=$(day 0)" --text x
[ "$(outbox)" = "$before" ] || fail "a refused issue was sent"
[ "$(db DE "SELECT count(*) FROM alerts")" = "$alerts" ] || fail "a refused issue was stored"
as DE "$nora" alert new --procedure pq-alert --to FR --field "pq-alert.decision-date=$(day 0)" \
    --text "Von der Pflege." >/dev/null || fail "an authority naming pq-alert cannot issue it"
ok "labour (another area) and dental (another procedure) are refused, nothing stored or sent; nursing (names pq-alert) issues"

say "bad input: a clear error, nothing sent"
before=$(outbox)
ok_date="pq-alert.decision-date=$(day 0)"
expect_error "not an alert procedure" as DE "$anna" alert new --procedure no-such --to all --field "$ok_date" --text x
expect_error "not an alert procedure" as DE "$anna" alert new --procedure pq-information-request --to all --field "$ok_date" --text x
expect_error "which procedure" as DE "$anna" alert new --to all --field "$ok_date" --text x
expect_error "not in the federation" as DE "$anna" alert new --procedure pq-alert --to SE --field "$ok_date" --text x
expect_error "not a state code" as DE "$anna" alert new --procedure pq-alert --to fr --field "$ok_date" --text x
expect_error "not to DE" as DE "$anna" alert new --procedure pq-alert --to DE --field "$ok_date" --text x
expect_error "to which states" as DE "$anna" alert new --procedure pq-alert --field "$ok_date" --text x
expect_error "the text is empty" as DE "$anna" alert new --procedure pq-alert --to FR --field "$ok_date" --text ""
expect_error "needs a procedure, recipient states and a text" as DE "$anna" alert new --procedure pq-alert --to FR --field "$ok_date"
expect_error "at most 32768" as DE "$anna" alert new --procedure pq-alert --to FR --field "$ok_date" \
    --text "$(head -c 40000 /dev/zero | tr '\0' x)"
expect_error "unknown field" as DE "$anna" alert new --procedure pq-alert --to FR --field "$ok_date" --field pq.family-name=X --text x
expect_error "takes one of: prohibition" as DE "$anna" alert new --procedure pq-alert --to FR --field "$ok_date" --field pq-alert.decision-type=maybe --text x
expect_error "is required" as DE "$anna" alert new --procedure pq-alert --to FR --text x
expect_error "in the future" as DE "$anna" alert new --procedure pq-alert --to FR --field "pq-alert.decision-date=$(day 2)" --text x
expect_error "not an alert id" as DE "$anna" alert close nonsense
expect_error "no alert" as DE "$anna" alert close DE-0000000000000000
[ "$(outbox)" = "$before" ] || fail "bad input was sent ($before, now $(outbox))"
[ "$(db DE "SELECT count(*) FROM alerts")" = 4 ] || fail "bad input was stored"
ok "unknown procedure, state or recipients, own state, empty or huge text, bad fields: refused, outbox unchanged"

say "exactly once"
for node in $RECIPIENTS; do
    [ "$(db "$node" "SELECT count(*) FROM alert_events WHERE alert_id = '$id'")" = 3 ] \
        || fail "$node holds $(db "$node" "SELECT count(*) FROM alert_events WHERE alert_id = '$id'") events of $id"
done
[ "$(db DE "SELECT count(*) FROM alert_acks WHERE alert_id = '$id'")" = 5 ] || fail "acknowledgement rows"
ok "each recipient holds each of the 3 steps once; the sender one row per acknowledging authority"

fed_finish
ok "test_alerts passed"
