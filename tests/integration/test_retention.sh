#!/usr/bin/env bash
# Retention of personal data (IMI Regulation Art. 14) on two real nodes: a
# complete case (subject fields, free text, an attachment, answers) closed;
# both nodes restarted with a drill clock 6 months + 1 day later: the
# personal data is blocked (a handler no longer sees it, a coordinator sees
# it marked as proof of an exchange); 3 years + 1 day later: deleted on both
# nodes (gone from every table, from the stored envelopes, and from the raw
# bytes of the database file and its WAL), while the case's id and timeline
# remain and the audit bundles exported before and after both verify. Early
# erasure by a coordinator, on a data subject's request, of a withdrawn
# case (gone from the files at once); refused to a handler and for an open
# case.
source "$(dirname "$0")/lib.sh" "$1"
IMI_AUDIT="$IMI_BUILD/imi-audit"
[ -x "$IMI_AUDIT" ] || fail "build imi-audit first ($IMI_AUDIT)"

fed_create DE FR
for state in DE FR; do node_config "$state" "audit_checkpoint_ms = 300"; node_start "$state"; done
demo_directories DE FR

anna=$(user_session DE anna DE:aek-berlin handler de)
kora=$(user_session DE kora DE:lageso coordinator de)
pierre=$(user_session FR pierre FR:cnom handler fr)
fabienne=$(user_session FR fabienne FR:cnom coordinator fr)
login () { IMI_PASSWORD="password of $2" ctl "$1" login "$2" || fail "$2 logs in again"; }

future () { date -u -d "+$1 days" +%F; }
state_of () { as "$1" "$2" case show "$3" | awk -F ': ' '$1 == "state" { print $2 }'; }
both_in () { [ "$(state_of DE "$anna" "$2")" = "$1" ] && [ "$(state_of FR "$pierre" "$2")" = "$1" ]; }
# The timeline: time, side, actor, authority, what (no content lines).
timeline () { as "$1" "$2" case show "$3" --lang en | grep -E '^  [0-9]{4}-'; }
db () { sqlite3 "$FED/$1/data/node.db" "$2"; }
# Does TEXT appear anywhere in STATE's case tables (bodies decoded as bytes)?
holds () {
    local state=$1 text=$2
    { db "$state" "SELECT hex(body) FROM case_events" | xxd -r -p
      db "$state" "SELECT hex(data) FROM case_attachments WHERE data IS NOT NULL" | xxd -r -p
      db "$state" "SELECT hex(request) FROM case_drafts" | xxd -r -p
      db "$state" "SELECT hex(body) FROM case_held" | xxd -r -p
      db "$state" "SELECT name FROM case_attachments"; } | grep -qa "$text"
}
# Do the raw bytes of STATE's database file or its WAL hold TEXT?
on_disk () { grep -qaF -- "$2" "$FED/$1/data/node.db" "$FED/$1/data/node.db-wal" 2>/dev/null; }
undelivered () { [ "$(db "$1" "SELECT count(*) FROM outbox WHERE delivered_ms IS NULL")" != 0 ]; }
POLICY="$FED/policy.conf"
printf 'governance_key = %s\nwitness = DE\nwitness = FR\nwitness_quorum = 1\n' \
    "$(cat "$FED/governance.pub")" > "$POLICY"
export_and_verify () {      # export_and_verify NAME: both nodes' bundles, verified
    ctl DE audit checkpoint >/dev/null && ctl FR audit checkpoint >/dev/null || fail "checkpoint"
    wait_until 20 audit_settled DE FR || fail "DE's checkpoint is not cosigned: $(ctl DE audit status)"
    wait_until 20 audit_settled FR DE || fail "FR's checkpoint is not cosigned: $(ctl FR audit status)"
    local state output
    for state in DE FR; do
        ctl "$state" audit export "$FED/$1-$state" >/dev/null || fail "export $state ($1)"
        output=$("$IMI_AUDIT" verify "$FED/$1-$state" --policy "$POLICY" 2>&1) \
            || fail "the $1 bundle of $state does not verify: $output"
        echo "$output" | grep -q "^OK: policy met" || fail "no OK line ($1, $state): $output"
    done
}
restart_at () {            # restart_at DAYS: both nodes, the same drill clock
    local state
    for state in DE FR; do node_stop "$state"; done
    for state in DE FR; do
        node_config "$state" "audit_checkpoint_ms = 300" "clock_offset_s = $(( $1 * 86400 ))"
        node_start "$state"
    done
    wait_until 15 connected_to DE FR && wait_until 15 connected_to FR DE || fail "reconnect"
    anna=$(login DE anna); kora=$(login DE kora)
    pierre=$(login FR pierre); fabienne=$(login FR fabienne)
}

say "a complete case, closed"
printf 'Zeugnis von Frau Kowalski' > "$FED/diploma.pdf"
id=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --reply-by "$(future 20)" --question pq.diploma-authentic \
        --subject pq.family-name=Kowalski --text "Frau Kowalski beantragt die Anerkennung." \
        --attach "$FED/diploma.pdf" --send) || fail "anna cannot send a request"
wait_until 15 both_in sent "$id" || fail "FR did not receive $id"
as FR "$pierre" case accept "$id" --reply-by "$(future 25)" >/dev/null || fail "accept"
wait_until 15 eval 'as FR "$pierre" case show "$id" | grep -q Kowalski' || fail "not disclosed"
as FR "$pierre" case answer "$id" --answer pq.diploma-authentic=yes \
    --text "Le diplôme de Mme Kowalski est authentique." >/dev/null || fail "answer"
wait_until 15 both_in answered "$id" || fail "answered"
as DE "$anna" case close "$id" --timely yes --effort no >/dev/null || fail "close"
wait_until 15 both_in closed "$id" || fail "closed"
wait_until 15 eval '! undelivered DE && ! undelivered FR' || fail "not all delivered"
for state in DE FR; do holds "$state" Kowalski || fail "$state does not hold the personal data"; done
timeline DE "$anna" "$id" > "$FED/timeline-DE"
timeline FR "$pierre" "$id" > "$FED/timeline-FR"
[ "$(wc -l < "$FED/timeline-DE")" = 5 ] || fail "timeline: $(cat "$FED/timeline-DE")"
ok "closed on both nodes, personal data held by both"

say "early erasure on a data subject's request"
w=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
      --question pq.registered --subject pq.family-name=Nowak --send) || fail "second request"
wait_until 15 both_in sent "$w" || fail "FR did not receive $w"
expect_error "close or withdraw" as DE "$kora" case erase "$w" --reason "request 2025/1"
expect_error "coordinator" as DE "$anna" case erase "$w" --reason "request 2025/1"
as DE "$anna" case withdraw "$w" >/dev/null || fail "withdraw"
wait_until 15 both_in withdrawn "$w" || fail "withdrawn"
holds DE Nowak || fail "DE does not hold the draft's personal data"
expect_error "reason" as DE "$kora" case erase "$w"
as DE "$kora" case erase "$w" --reason "data subject request 2025/1" >/dev/null \
    || fail "the coordinator cannot erase"
holds DE Nowak && fail "the erased case's personal data is still on DE"
on_disk DE Nowak && fail "the erased case's personal data is still in DE's files (old pages, the WAL)"
as DE "$kora" case show "$w" | grep -q "^personal data: deleted on" || fail "not shown deleted"
[ "$(state_of DE "$anna" "$w")" = withdrawn ] || fail "the erased case lost its state"
expect_error "was deleted" as DE "$kora" case erase "$w" --reason "again"
grep -q "retention.erased case=$w reason=data subject request 2025/1" "$FED/DE/node.log" \
    || fail "the erasure is not logged"
ok "a coordinator erases a withdrawn case at once (logged with the request's reference); refused while open, to a handler, without a reason, twice"

say "audit bundles before the clock moves"
export_and_verify before

say "6 months + 1 day later: blocked"
restart_at 185
for state in DE FR; do ctl "$state" retention run > "$FED/run-$state" || fail "retention run $state"; done
grep -q "^deleted	0$" "$FED/run-DE" || fail "deleted too early: $(cat "$FED/run-DE")"
as DE "$anna" case show "$id" > "$FED/handler.txt" || fail "the handler cannot read the case"
grep -q Kowalski "$FED/handler.txt" && fail "the handler still sees blocked personal data"
grep -q "^personal data: blocked since .*: visible only as proof of an exchange, to a coordinator" \
    "$FED/handler.txt" || fail "the handler is not told why: $(cat "$FED/handler.txt")"
why=$(as DE "$anna" --json case show "$id" \
      | python3 -c 'import json, sys; print (json.load (sys.stdin) ["reader"]["withheld_why"])')
[ "$why" = blocked ] || fail "the handler's reader.withheld_why: $why"
expect_error "blocked" as DE "$anna" case attachment "$id" diploma.pdf
as FR "$pierre" case show "$id" | grep -q Kowalski && fail "FR's handler sees blocked data"
for pair in "DE $kora" "FR $fabienne"; do
    set -- $pair
    as "$1" "$2" case show "$id" > "$FED/coordinator.txt" || fail "$1's coordinator"
    grep -q Kowalski "$FED/coordinator.txt" || fail "$1's coordinator does not see blocked data"
    grep -q "^personal data: blocked since .*: visible only as proof of an exchange$" \
        "$FED/coordinator.txt" || fail "not marked blocked for $1's coordinator"
done
as DE "$kora" case show "$id" --translate --lang en \
    | grep -q "^machine translation: not made of blocked personal data$" \
    || fail "blocked data machine-translated (a new copy): $(as DE "$kora" case show "$id" --translate --lang en)"
as DE "$kora" case attachment "$id" diploma.pdf --out "$FED/got.pdf" || fail "coordinator attachment"
cmp -s "$FED/diploma.pdf" "$FED/got.pdf" || fail "the attachment differs"
as DE "$anna" case list | awk -F '\t' -v id="$id" '$1 == id { print $10 }' | grep -qx blocked \
    || fail "the list does not mark the case blocked: $(as DE "$anna" case list)"
for state in DE FR; do
    grep -q "retention.blocked case=$id" "$FED/$state/node.log" || fail "$state did not log it"
done
ok "blocked on both nodes: handlers see the timeline only, coordinators see the data marked as proof"

say "3 years + 1 day later: deleted"
restart_at 1097
for state in DE FR; do ctl "$state" retention run >/dev/null || fail "retention run $state"; done
for state in DE FR; do
    holds "$state" Kowalski && fail "$state still holds the personal data"
    holds "$state" authentique && fail "$state still holds the answer's text"
    for text in Kowalski authentique "Zeugnis von"; do
        on_disk "$state" "$text" && fail "$state's files still hold '$text' (old pages, the WAL)"
    done
    [ "$(db "$state" "SELECT count(*) FROM case_attachments WHERE data IS NOT NULL")" = 0 ] \
        || fail "$state still holds attachment content"
    [ "$(db "$state" "SELECT count(*) FROM case_messages WHERE case_id = '$id' AND erased_ms IS NULL")" = 0 ] \
        || fail "$state kept sealed bodies of the case's envelopes"
    [ "$(db "$state" "SELECT count(*) FROM case_messages WHERE case_id = '$id'")" -ge 5 ] \
        || fail "$state did not track the case's envelopes"
    [ "$(db "$state" "SELECT max(length(envelope)) FROM inbox i JOIN case_messages m ON m.inbound = 1 AND m.peer = i.peer AND m.seq = i.seq WHERE m.case_id = '$id'")" -lt 300 ] \
        || fail "$state: an envelope of the case still has a body"
    grep -q "retention.deleted case=$id" "$FED/$state/node.log" || fail "$state did not log it"
done
timeline DE "$anna" "$id" | diff "$FED/timeline-DE" - || fail "DE's timeline changed"
timeline FR "$pierre" "$id" | diff "$FED/timeline-FR" - || fail "FR's timeline changed"
as DE "$kora" case show "$id" > "$FED/deleted.txt" || fail "case show after deletion"
grep -q "^state: closed$" "$FED/deleted.txt" && grep -q "^rating: timeliness positive, effort negative$" \
    "$FED/deleted.txt" || fail "the case's facts changed: $(cat "$FED/deleted.txt")"
grep -q "^personal data: deleted on" "$FED/deleted.txt" || fail "not shown deleted"
grep -q "question pq.diploma-authentic" "$FED/deleted.txt" || fail "the questions asked are gone"
grep -q Kowalski "$FED/deleted.txt" && fail "the coordinator sees deleted data"
expect_error "deleted" as DE "$kora" case attachment "$id" diploma.pdf
expect_error "deleted" as FR "$fabienne" case attachment "$id" diploma.pdf
as FR "$pierre" case list | awk -F '\t' -v id="$id" '$1 == id { print $3, $10 }' | grep -qx "closed deleted" \
    || fail "FR's list: $(as FR "$pierre" case list)"
grep -q "^deleted	0$" <(ctl DE retention run) || fail "a second run deleted again"
ok "deleted on both nodes: no personal data in any table or envelope; id, timeline, ratings remain"

say "audit bundles after deletion"
export_and_verify after
for state in DE FR; do
    before=$(stat -c %s "$FED/before-$state/leaves")
    cmp -n "$before" "$FED/before-$state/leaves" "$FED/after-$state/leaves" \
        || fail "$state's log was rewritten"
done
ok "both bundles verify before and after; the log only grew"

fed_finish
ok "retention"
