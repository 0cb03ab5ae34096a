#!/usr/bin/env bash
# Notifications between four real nodes (DE notifies; FR, PL, IT receive)
# and the euro-cash licence register they feed: a broadcast to all reaches
# every node once and adds the entry to every copy of the register; search
# folds diacritics and takes prefixes; a modification updates every copy, a
# withdrawal marks the entry withdrawn everywhere; comments travel both
# ways; steps on a withdrawn or closed notification are refused naming its
# state; who may read and act (auditors: the steps, never the title, text or
# comments); bad input refused with nothing sent.
source "$(dirname "$0")/lib.sh" "$1"

STATES="DE FR PL IT"
fed_create $STATES
for state in $STATES; do node_start "$state"; done
demo="$(dirname "$0")/../../scripts/demo"
data="$(dirname "$0")/data"
for state in DE FR PL; do
    ctl "$state" authority import "$demo/$state.jsonl" >/dev/null || fail "$state authorities"
    ctl "$state" authority import "$data/eurocash-$state.jsonl" >/dev/null || fail "$state euro-cash authority"
done
ctl IT authority import "$data/IT.jsonl" >/dev/null || fail "IT authorities"
for state in $STATES; do
    for key in DE:bundesbank-cash FR:bdf-cash PL:nbp-cash IT:bdi-cash; do
        wait_until 30 knows "$state" "$key" || fail "$state does not know $key"
    done
done

hans=$(user_session DE hans DE:bundesbank-cash handler de)     # notifies
dora=$(user_session DE dora DE:bundesbank-cash auditor de)     # reads only
anna=$(user_session DE anna DE:aek-berlin handler de)          # not euro cash
marie=$(user_session FR marie FR:bdf-cash handler fr)
pierre=$(user_session FR pierre FR:cnom handler fr)            # not euro cash
kasia=$(user_session PL kasia PL:nbp-cash handler pl)
luca=$(user_session IT luca IT:bdi-cash handler it)
declare -A TOKEN=([DE]=$hans [FR]=$marie [PL]=$kasia [IT]=$luca)

outbox () { sqlite3 "$FED/$1/data/node.db" "SELECT count(*) FROM outbox"; }
entries () { sqlite3 "$FED/$1/data/node.db" "SELECT count(*) FROM repository_entries"; }
show_state () { as "$1" "${TOKEN[$1]}" notification show "$2" | awk -F ': ' '$1 == "state" { print $2 }'; }
field () { as "$1" "${TOKEN[$1]}" repository show "$2" | sed -n "s/^.* \\[$3\\]: //p"; }
everywhere () {     # everywhere CMD...: CMD STATE succeeds for every receiving state
    local state
    for state in FR PL IT; do "$@" "$state" || return 1; done
}

say "create and broadcast to all"
id=$(as DE "$hans" notification new --procedure euro-cash-licence-notification --to all \
        --title "Lizenz für grenzüberschreitende Geldtransporte" \
        --text "Die Lizenz wurde erteilt." \
        --entry issuing_state=DE --entry licence=ECT-2024-0001 \
        --entry "company=Geldtransporte Süd GmbH" --entry "address=Königstraße 5, München" \
        --entry valid_from=2024-01-01 --entry valid_to=2028-12-31 --entry status=valid) \
    || fail "hans cannot notify"
[[ $id =~ ^DE-[0-9a-f]{16}$ ]] || fail "notification id: $id"
received () { [ "$(show_state "$1" "$id")" = open ]; }
wait_until 20 everywhere received || fail "not every state received $id"
has_entry () { [ "$(entries "$1")" = 1 ]; }
wait_until 20 everywhere has_entry || fail "the register entry did not reach every node"
for state in $STATES; do
    [ "$(entries "$state")" = 1 ] || fail "$state holds $(entries "$state") entries"
    [ "$(sqlite3 "$FED/$state/data/node.db" "SELECT count(*) FROM notification_events")" = 1 ] \
        || fail "$state applied the creation more than once"
done
ok "every node holds the notification and exactly one register entry"

say "search: diacritics folded, prefixes, filters"
for state in $STATES; do
    as "$state" "${TOKEN[$state]}" repository search munchen | grep -q "^DE/ECT-2024-0001	" \
        || fail "$state: 'munchen' does not find München"
    as "$state" "${TOKEN[$state]}" repository search geldtrans sud | grep -q "ECT-2024-0001" \
        || fail "$state: prefix search"
done
as FR "$marie" repository search KÖNIGSTR --register euro-cash-licences --state DE \
    | grep -q ECT-2024-0001 || fail "filters"
[ "$(as FR "$marie" repository search munchen --state PL | wc -l)" = 1 ] || fail "state filter"
expect_error "unknown register" as FR "$marie" repository search x --register nope
[ "$(field IT DE/ECT-2024-0001 company)" = "Geldtransporte Süd GmbH" ] || fail "show"
ok "search finds the entry on every node"

say "comments travel"
as FR "$marie" notification comment "$id" --text "Bien reçu, merci." >/dev/null || fail "marie comments"
got_comment () { as DE "$hans" notification show "$id" | grep -q "comment by marie (FR:bdf-cash): Bien reçu"; }
wait_until 15 got_comment || fail "the comment did not reach DE"
as DE "$hans" notification comment "$id" --text "Danke." >/dev/null || fail "hans comments"
sender_comment () { as "$1" "${TOKEN[$1]}" notification show "$id" | grep -q "comment by hans.*Danke"; }
wait_until 15 everywhere sender_comment || fail "the sender's comment did not reach everyone"
ok "a recipient's comment reaches the sender; the sender's reaches every recipient"

say "modify: a new version everywhere"
as DE "$hans" notification modify "$id" --entry status=suspended \
    --entry "address=Marienplatz 1, München" >/dev/null || fail "modify"
modified () { [ "$(field "$1" DE/ECT-2024-0001 status)" = suspended ] \
              && as "$1" "${TOKEN[$1]}" notification show "$id" | grep -q "^version: 2"; }
wait_until 15 everywhere modified || fail "the modification did not reach every copy"
for state in $STATES; do
    [ "$(field "$state" DE/ECT-2024-0001 address)" = "Marienplatz 1, München" ] \
        || fail "$state: address not updated"
    as "$state" "${TOKEN[$state]}" repository search marienplatz | grep -q ECT-2024-0001 \
        || fail "$state: the index was not updated"
done
expect_error "cannot change" as DE "$hans" notification modify "$id" --entry licence=ECT-9
ok "version 2 and the changed entry on every node, index updated"

say "access"
expect_error "no notification" as DE "$anna" notification show "$id"
expect_error "no notification" as FR "$pierre" notification show "$id"
as DE "$dora" notification show "$id" > "$FED/auditor.txt" || fail "the auditor cannot read"
grep -q "grenzüberschreitende Geld\|erteilt\|Bien reçu\|Danke" "$FED/auditor.txt" \
    && fail "the auditor reads the title, text or comments: $(cat "$FED/auditor.txt")"
grep -q "comment by marie (FR:bdf-cash)$" "$FED/auditor.txt" || fail "the auditor does not see who commented"
grep -q "not shown to you: role auditor" "$FED/auditor.txt" || fail "the auditor is not told what is hidden"
as DE "$dora" notification list | grep "$id" | grep -q "grenzüberschreitende Geld" && fail "the auditor lists the title"
as DE "$hans" notification list | grep "$id" | grep -q "grenzüberschreitende Geld" || fail "the sender does not list the title"
expect_error "cannot act" as DE "$dora" notification close "$id"
expect_error "only its sender" as FR "$marie" notification close "$id"
expect_error "cannot notify" as DE "$anna" notification new --procedure euro-cash-licence-notification \
    --to FR --title t --text t --entry issuing_state=DE --entry licence=X --entry company=c \
    --entry address=a --entry valid_from=2024-01-01 --entry valid_to=2025-01-01 --entry status=valid
ok "authorities outside the legal area see nothing; auditors read who did what, not the title, text or comments, and cannot act; only the sender closes"

say "bad input: a clear error and nothing sent"
before=$(outbox DE)
new () { as DE "$hans" notification new --procedure euro-cash-licence-notification "$@"; }
base=(--entry issuing_state=DE --entry licence=ECT-2 --entry company=c --entry address=a
      --entry valid_from=2024-01-01)
full=("${base[@]}" --entry valid_to=2025-01-01 --entry status=valid)
expect_error "unknown procedure" as DE "$hans" notification new --procedure no-such --to all --title t --text t
expect_error "not a notification procedure" as DE "$hans" notification new --procedure pq-information-request --to all --title t --text t
expect_error "no field 'colour'" new --to all --title t --text t "${full[@]}" --entry colour=red
expect_error "not a state code" new --to FR,D1 --title t --text t "${full[@]}"
expect_error "not in the federation" new --to FR,ES --title t --text t "${full[@]}"
expect_error "other states" new --to FR,DE --title t --text t "${full[@]}"
expect_error "text is empty" new --to all --title t --text "" "${full[@]}"
head -c 40000 /dev/zero | tr '\0' x > "$FED/huge.txt"
expect_error "at most" new --to all --title t --text "$(cat "$FED/huge.txt")" "${full[@]}"
expect_error "not a date" new --to all --title t --text t "${base[@]}" --entry valid_to=2025-02-30 --entry status=valid
expect_error "before it is valid from" new --to all --title t --text t "${base[@]}" --entry valid_to=2023-01-01 --entry status=valid
expect_error "not one of" new --to all --title t --text t "${base[@]}" --entry valid_to=2025-01-01 --entry status=lost
expect_error "given twice" new --to all --title t --text t "${full[@]}" --entry status=valid
expect_error "own entries" new --to all --title t --text t --entry issuing_state=FR --entry licence=L --entry company=c --entry address=a --entry valid_from=2024-01-01 --entry valid_to=2025-01-01 --entry status=valid
expect_error "needs field" new --to all --title t --text t --entry issuing_state=DE --entry licence=L
expect_error "needs a title" new --to all --text t "${full[@]}"
[ "$(outbox DE)" = "$before" ] || fail "refused input queued messages ($before -> $(outbox DE))"
[ "$(entries DE)" = 1 ] || fail "refused input changed the register"
ok "each refused with its reason; the outbox is unchanged"

say "withdraw marks the entry withdrawn everywhere; then nothing more"
as DE "$hans" notification withdraw "$id" --text "Irrtümlich gemeldet." >/dev/null || fail "withdraw"
withdrawn () { [ "$(show_state "$1" "$id")" = withdrawn ] \
               && [ "$(field "$1" DE/ECT-2024-0001 status)" = withdrawn ]; }
wait_until 15 everywhere withdrawn || fail "the withdrawal did not reach every copy"
[ "$(field DE DE/ECT-2024-0001 status)" = withdrawn ] || fail "DE's copy"
before=$(outbox DE)
expect_error "it is withdrawn" as DE "$hans" notification modify "$id" --title "neu"
expect_error "it is withdrawn" as DE "$hans" notification close "$id"
expect_error "it is withdrawn" as FR "$marie" notification comment "$id" --text "?"
[ "$(outbox DE)" = "$before" ] || fail "a refused step queued a message"
ok "withdrawn on every node, the entry marked withdrawn; further steps refused"

say "close"
c=$(as DE "$hans" notification new --procedure euro-cash-licence-notification --to FR,IT \
       --title "Zweite Lizenz" --text "Zweigstelle in Polen" --entry issuing_state=DE \
       --entry licence=ECT-2 --entry "company=Transport Wartości Łódź GmbH" --entry address=a \
       --entry valid_from=2024-01-01 --entry valid_to=2025-01-01 --entry status=valid) \
    || fail "second notification"
on () { [ "$(show_state "$1" "$c")" = "$2" ]; }
wait_until 15 on FR open && wait_until 15 on IT open || fail "FR and IT did not receive $c"
sleep 0.5
[ "$(sqlite3 "$FED/PL/data/node.db" "SELECT count(*) FROM notifications WHERE id = '$c'")" = 0 ] \
    || fail "PL received a notification not sent to it"
[ "$(entries PL)" = 1 ] || fail "PL's register changed"
as IT "$luca" repository search lodz | grep -q ECT-2 || fail "'lodz' does not find Łódź"
as DE "$hans" notification close "$c" >/dev/null || fail "close"
wait_until 15 on FR closed && wait_until 15 on IT closed || fail "closed"
expect_error "it is closed" as IT "$luca" notification comment "$c" --text "x"
expect_error "it is closed" as DE "$hans" notification withdraw "$c"
ok "sent to chosen states only; closed everywhere; refused after"

fed_finish
ok "test_notifications"
