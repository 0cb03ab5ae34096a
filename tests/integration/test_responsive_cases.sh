#!/usr/bin/env bash
# A node stays responsive through the long commands of its cases and its
# audit log: a retention run over thousands of cases due for deletion, and
# the export of the log they made, while a peer pings it without pause.
#
# DE and FR run CASES requests (tests/bench_cases: send, accept, answer,
# close) and DE sends FR MESSAGES operator messages (a longer log to export),
# then both restart with a drill clock 3 years + 1 day later. DE's
# own retention run starts at once; DE is killed (kill -9) when it has
# deleted some of the cases, which must leave every case either deleted
# whole or untouched. Restarted, DE resumes by itself, and `imictl retention
# run` (which takes over from the node's own run) finishes while FR pings
# DE. In the end every case is deleted exactly once (one retention.deleted
# leaf each in the audit log), no personal data of any case is left, and
# the export, also made while FR pings, verifies with imi-audit. The
# longest ping is printed; the bound asserted is generous (3 s), since these
# machines are shared and noisy.
source "$(dirname "$0")/lib.sh" "$1"
# Under AddressSanitizer a smaller load: the point there is memory errors
cases=3000 messages=100000
[ "$IMI_SANITIZED" = 1 ] && cases=1000 messages=20000
cases=${RESPONSIVE_TEST_CASES:-$cases}
messages=${RESPONSIVE_TEST_MESSAGES:-$messages}     # rounded up to 10,000s
IMI_AUDIT="$IMI_BUILD/imi-audit"
bench="$IMI_TOOLS/bench_cases"
[ -x "$IMI_AUDIT" ] && [ -x "$bench" ] || fail "build imi-audit and tests/bench_cases first"

fed_create DE FR
for state in DE FR; do node_start "$state"; done
data="$(dirname "$0")/../../scripts/demo"
for state in DE FR; do
    ctl "$state" authority import "$data/$state.jsonl" >/dev/null || fail "$state authorities"
done
wait_until 20 knows DE FR:cnom && wait_until 20 knows FR DE:aek-berlin || fail "directories did not sync"
de_token=$(user_session DE requester DE:aek-berlin handler de)
fr_token=$(user_session FR responder FR:cnom handler fr)
IMI_DE_SESSION=$de_token IMI_FR_SESSION=$fr_token "$bench" --cases "$cases" \
    --de "ipc://$FED/DE/data/control.sock" --fr "ipc://$FED/FR/data/control.sock" \
    --to FR:cnom > "$FED/bench.out" 2>&1 || { cat "$FED/bench.out" >&2; fail "bench_cases"; }
ok "DE and FR closed $cases cases"
# A longer log for the export: operator messages, one leaf each at DE (in
# sends of 10,000: one send is one transaction, made in one turn of the loop)
for (( sent = 0; sent < messages; sent += 10000 )); do
    ctl DE send FR "a message for a long audit log" --count 10000 >/dev/null || fail "send"
done

db () { sqlite3 "$FED/DE/data/node.db" "$1"; }
deleted_cases () { db "SELECT count(*) FROM cases WHERE deleted_ms IS NOT NULL"; }
# LOCAL leaves of deletions: appended in each deletion's own transaction
deleted_leaves () { db "SELECT count(*) FROM audit_leaves WHERE instr(leaf, CAST('retention.deleted' AS BLOB)) > 0"; }
# Personal data left in deleted cases: event bodies, attachments, envelopes
left_in_deleted () {
    db "SELECT (SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id
                WHERE c.deleted_ms IS NOT NULL AND e.personal = 1 AND e.erased_ms IS NULL)
             + (SELECT count(*) FROM case_messages m JOIN cases c ON c.id = m.case_id
                WHERE c.deleted_ms IS NOT NULL AND m.erased_ms IS NULL
                AND (m.inbound = 1 OR EXISTS (SELECT 1 FROM outbox o WHERE o.peer = m.peer
                     AND o.seq = m.seq AND o.delivered_ms IS NOT NULL)))"
}
wait_until 300 eval '[ "$(db "SELECT count(*) FROM outbox WHERE delivered_ms IS NULL")" = 0 ]' \
    || fail "DE did not deliver everything"
[ "$(db "SELECT count(*) FROM cases WHERE closed_ms IS NOT NULL")" = "$cases" ] \
    || fail "DE does not hold $cases closed cases"
[ "$(deleted_cases)" = 0 ] || fail "cases deleted before their time"

say "3 years + 1 day later: DE's own retention run, killed halfway"
for state in DE FR; do node_stop "$state"; done
for state in DE FR; do
    node_config "$state" "clock_offset_s = $(( 1097 * 86400 ))"
    node_start "$state"
done
wait_until 60 eval '[ "$(deleted_leaves)" -ge 20 ]' || fail "DE's own run deleted nothing"
node_kill DE
done_before=$(deleted_cases)
[ "$done_before" -lt "$cases" ] || fail "DE's own run finished before the kill: nothing to resume"
[ "$(deleted_leaves)" = "$done_before" ] \
    || fail "killed: $done_before cases marked deleted, $(deleted_leaves) deletions in the log"
[ "$(left_in_deleted)" = 0 ] || fail "killed: deleted cases keep personal data"
ok "killed after $done_before of $cases deletions: each case deleted whole or untouched"

node_start DE
# FR may not have noticed DE's absence: wait until a ping goes through
wait_until 15 ctl FR ping DE || fail "FR cannot ping DE after its restart"
ctl DE retention run > "$FED/run.out" 2> "$FED/run.err" &
run_pid=$!
ping_while "$run_pid" FR DE
wait "$run_pid" || { cat "$FED/run.err" >&2; fail "the retention run failed"; }
say "retention run: $(tr '\t\n' ': ' < "$FED/run.out"); FR pinged DE $PINGS times meanwhile, longest ping $PING_LONGEST ms"
[ "$PINGS_FAILED" -eq 0 ] || fail "$PINGS_FAILED pings got no answer: $(tail -3 "$FED/ping.err")"
[ "$PING_LONGEST" -lt 3000 ] || fail "the longest ping took $PING_LONGEST ms"
[ "$(deleted_cases)" = "$cases" ] || fail "$(deleted_cases) of $cases cases deleted"
[ "$(deleted_leaves)" = "$cases" ] || fail "$(deleted_leaves) deletions in the log for $cases cases"
[ "$(left_in_deleted)" = 0 ] || fail "deleted cases keep personal data"
[ "$(ctl_value DE deleted retention run)" = 0 ] || fail "a second run deleted again"
ok "every case deleted exactly once, nothing personal left; every ping answered"

say "the audit log's export, while FR pings"
POLICY="$FED/policy.conf"
printf 'governance_key = %s\nwitness = FR\nwitness_quorum = 1\n' "$(cat "$FED/governance.pub")" \
    > "$POLICY"
ctl DE audit checkpoint >/dev/null || fail "checkpoint"
wait_until 20 audit_settled DE FR || fail "DE's checkpoint is not cosigned: $(ctl DE audit status)"
leaves=$(ctl DE audit status | awk -F '\t' '$1 == "log" { print $3 }')
ctl DE audit export "$FED/bundle" > "$FED/export.out" 2> "$FED/export.err" &
export_pid=$!
ping_while "$export_pid" FR DE
wait "$export_pid" || { cat "$FED/export.err" >&2; fail "the export failed"; }
say "exported $leaves leaves; FR pinged DE $PINGS times meanwhile, longest ping $PING_LONGEST ms"
[ "$PINGS_FAILED" -eq 0 ] || fail "$PINGS_FAILED pings got no answer: $(tail -3 "$FED/ping.err")"
[ "$PING_LONGEST" -lt 3000 ] || fail "the longest ping took $PING_LONGEST ms"
output=$("$IMI_AUDIT" verify "$FED/bundle" --policy "$POLICY" 2>&1) \
    || fail "the bundle does not verify: $output"
echo "$output" | grep -q "^OK: policy met" || fail "no OK line: $output"
echo "$output" | grep -q "^entries: $leaves\b" || fail "the bundle does not hold $leaves entries: $output"
grep -qx "leaves	$leaves" "$FED/export.out" || fail "export answered: $(cat "$FED/export.out")"
expect_error "new folder" ctl DE audit export "$FED/bundle"
ok "the export verifies ($leaves entries); every ping answered"

fed_finish
ok "nodes stopped cleanly"
