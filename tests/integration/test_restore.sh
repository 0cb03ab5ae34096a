#!/usr/bin/env bash
# A node restored from a backup loses nothing a peer still holds (issue 13):
# DE is backed up, exchanges messages with FR both ways, is killed and
# restored from the backup, and queues new messages before FR is back in
# reach. Then: every message of both ways is applied exactly once on each
# side, DE's new messages follow the last one FR applied (no sequence
# conflict), and both outboxes drain. Also: a node whose database is gone
# refuses to start unless told to --recover.
source "$(dirname "$0")/lib.sh" "$1"

fed_create DE FR
# Checkpoints every 300 ms, so that FR cosigns some of DE's lost branch.
for state in DE FR; do node_config "$state" "audit_checkpoint_ms = 300"; done
for state in DE FR; do node_start "$state"; done
wait_until 15 connected_to DE FR || fail "DE did not connect to FR"
wait_until 15 connected_to FR DE || fail "FR did not connect to DE"

# $1 has had everything it sent to $2 receipted, $3 messages in all.
all_receipted () {
    ctl "$1" peers | awk -F '\t' -v peer="$2" -v sent="$3" \
        '$1 == peer && $6 == 0 && $8 == sent && $9 == sent { found = 1 } END { exit !found }'
}
# $2 applied exactly $3 distinct messages from $1, each once.
applied_once () {
    [ "$(ctl_value "$2" count message-count --from "$1")" = "$3" ] \
    && [ "$(ctl_value "$2" distinct message-count --from "$1")" = "$3" ]
}

demo_directories DE FR
ctl DE authority import "$(dirname "$0")/data/eurocash-DE.jsonl" >/dev/null || fail "DE euro cash"
ctl FR authority import "$(dirname "$0")/data/eurocash-FR.jsonl" >/dev/null || fail "FR euro cash"
wait_until 20 knows FR DE:bundesbank-cash && wait_until 20 knows DE FR:bdf-cash || fail "no sync"
anna=$(user_session DE anna DE:aek-berlin handler de)
hans=$(user_session DE hans DE:bundesbank-cash handler de)
marie=$(user_session FR marie FR:bdf-cash handler fr)
pierre=$(user_session FR pierre FR:cnom handler fr)
future () { date -u -d "+$1 days" +%F; }
# The two copies of case $1 as their users read them in English (without
# the lines about the reader and what the requester's node holds back).
copy () {
    as "$1" "$2" case show "$3" --lang en | sed '/^held here/,$d' \
        | grep -v "^direction:\|^overdue:\|^personal data:"
}
same_copies () { [ "$(copy DE "$anna" "$1")" = "$(copy FR "$pierre" "$1")" ]; }
state_of () { as "$1" "$2" case show "$3" | awk -F ': ' '$1 == "state" { print $2 }'; }

ctl DE send FR "before the backup, DE" --count 30 >/dev/null || fail "send DE -> FR"
ctl FR send DE "before the backup, FR" --count 40 >/dev/null || fail "send FR -> DE"
wait_until 20 all_receipted DE FR 30 || fail "DE -> FR not receipted"
wait_until 20 all_receipted FR DE 40 || fail "FR -> DE not receipted"
# Five of DE's are still undelivered when the backup is taken: FR is away.
node_stop FR
ctl DE send FR "queued at the backup, DE" --count 5 >/dev/null || fail "queue DE -> FR"
ctl DE backup "$FED/DE-backup.db" >/dev/null || fail "backup"
# The last of DE's numbers to FR the backup holds (35, or more if the
# directory queued pushes of its own).
backup_sent=$(sqlite3 "$FED/DE-backup.db" "SELECT next_out_seq - 1 FROM links WHERE peer = 'FR'")
node_start FR
ok "backup of DE taken with 70 messages exchanged and 5 queued"

ctl DE send FR "after the backup, DE" --count 200 >/dev/null || fail "send DE -> FR"
ctl FR send DE "after the backup, FR" --count 150 >/dev/null || fail "send FR -> DE"
wait_until 30 all_receipted DE FR 235 || fail "DE -> FR not receipted after the backup"
wait_until 30 all_receipted FR DE 190 || fail "FR -> DE not receipted after the backup"
ok "after the backup: 200 more from DE and 150 more from FR, all receipted"

# A case that lives only after the backup: DE's request, FR's acceptance,
# and the personal data and attachment DE then disclosed.
head -c 400000 /dev/urandom > "$FED/diploma.pdf"    # two pieces
id=$(as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --reply-by "$(future 20)" --question pq.diploma-authentic \
        --subject pq.family-name=Kowalski --text "Frau Dr. Kowalski beantragt die Anerkennung." \
        --attach "$FED/diploma.pdf" --send) || fail "anna cannot send a request"
wait_until 15 eval '[ "$(state_of FR "$pierre" "$id")" = sent ]' || fail "FR did not get $id"
as FR "$pierre" case accept "$id" --reply-by "$(future 25)" >/dev/null || fail "pierre accepts"
disclosed () { as FR "$pierre" case show "$id" | grep -q "Kowalski"; }
wait_until 15 disclosed || fail "the personal data did not follow the acceptance"
wait_until 15 same_copies "$id" || fail "the copies of $id differ before the restore"
# An alert and a notification of DE's, also only after the backup.
alert=$(as DE "$anna" alert new --procedure pq-alert --to FR \
        --field pq-alert.family-name=Kowalski --field pq-alert.profession=Ärztin \
        --field pq-alert.decision-type=prohibition --field "pq-alert.decision-date=$(date -u -d '-1 day' +%F)" \
        --text "Approbation widerrufen.") || fail "anna cannot issue an alert"
notice=$(as DE "$hans" notification new --procedure euro-cash-licence-notification --to FR \
        --title "Lizenz" --text "Die Lizenz wurde erteilt." \
        --entry issuing_state=DE --entry licence=ECT-2024-0009 --entry "company=Süd GmbH" \
        --entry "address=Königstraße 5, München" --entry valid_from=2024-01-01 \
        --entry valid_to=2028-12-31 --entry status=valid) || fail "hans cannot notify"
# A directory change of DE's: Berlin's chamber moves to Potsdam.
head -1 "$(dirname "$0")/../../scripts/demo/DE.jsonl" | sed 's/"city":"Berlin"/"city":"Potsdam"/' > "$FED/moved.json"
ctl DE authority update "$FED/moved.json" >/dev/null || fail "DE cannot change its authority"
wait_until 15 eval 'ctl FR authority show DE:aek-berlin | grep -q Potsdam' || fail "FR did not get the move"
alert_view () { as DE "$anna" alert show "$alert" --lang en | grep -v "^acknowledged"; }
notice_view () { as DE "$hans" notification show "$notice" --lang en; }
wait_until 15 eval 'as FR "$marie" notification show "$notice" >/dev/null 2>&1' || fail "FR did not get $notice"
alert_before=$(alert_view) && notice_before=$(notice_view) || fail "DE cannot show its alert or notification"
sent_de=$(ctl DE peers | awk -F '\t' '$1 == "FR" { print $8 }')
sent_fr=$(ctl FR peers | awk -F '\t' '$1 == "DE" { print $8 }')
wait_until 30 all_receipted DE FR "$sent_de" || fail "DE -> FR not receipted after the case"
wait_until 30 all_receipted FR DE "$sent_fr" || fail "FR -> DE not receipted after the case"
ok "case $id sent by DE, accepted by FR, disclosed: $sent_de messages DE -> FR, $sent_fr FR -> DE"
# FR, DE's witness, holds a checkpoint of the branch DE is about to lose.
log_size () { ctl "$1" audit status | awk -F '\t' '$1 == "log" { print $3 }'; }
cosigned_size () {   # the size of $1's latest checkpoint, if $2 cosigned it
    ctl "$1" audit status | awk -F '\t' -v w="$2" '$1 == "checkpoint" && $5 ~ w { print $3 }'
}
lost_size=$(log_size DE)
wait_until 20 eval '[ "$(cosigned_size DE FR)" = "$lost_size" ]' \
    || fail "FR did not cosign DE's checkpoint at $lost_size: $(ctl DE audit status | tr '\n' ' ')"

# The disaster: DE dies, its database is replaced by the backup.
node_kill DE
rm -f "$FED/DE/data/node.db" "$FED/DE/data/node.db-wal" "$FED/DE/data/node.db-shm"
node_stop FR
refusal=$(cd "$FED/DE" && timeout 10 "$IMI_NODE" node.conf 2>&1) && fail "DE started without its database"
echo "$refusal" | grep -q "node.db is missing or empty, but this node has run before" \
    || fail "DE does not say why it refuses to start: $refusal"
[ ! -e "$FED/DE/data/node.db" ] || fail "the refused start created a database"
ok "a node whose database is gone refuses to start, saying how to recover"

# Restored the way an operator without the repair would (the file copied
# back): DE's new messages clash with the ones FR applied after the backup.
# Both sides say so in their health, and nothing is taken for delivered.
cp "$FED/DE-backup.db" "$FED/DE/data/node.db"
node_start FR
node_start DE
ctl DE send FR "after the restore, DE" --count 25 >/dev/null || fail "send after restore"
# The link is held at the first of DE's numbers after what the backup
# holds: FR's receipts sent again for later batches do not move it.
conflict_after_backup () {
    ctl DE health | grep -q "^degraded	link_conflict	FR at our seq $(( backup_sent + 1 )):"
}
wait_until 20 conflict_after_backup \
    || fail "DE's health does not show the conflict: $(ctl DE health | tr '\n' ' ')"
wait_until 20 eval 'ctl FR health | grep -q "^degraded	peer_conflict	"' \
    || fail "FR's health does not show the conflict: $(ctl FR health | tr '\n' ' ')"
ok "restored without the repair: both nodes' health names the sequence conflict"

# Put right: DE stopped, FR away, DE started once with --recover (as the
# health line says). Its 25 messages that clashed are kept and numbered
# after FR's last; what it queues now waits for the repair too. (The path
# through imictl restore and its marker: test_backup, test_containers.)
node_stop DE
node_stop FR
node_start DE --recover
ctl DE send FR "after the repair began, DE" --count 5 >/dev/null || fail "send during repair"
grep -q "node.restored" "$FED/DE/node.log" || fail "DE did not log its restore"
[ ! -e "$FED/DE/data/recovery.pending" ] || fail "the marker was left behind"
ctl DE health | grep -q "^degraded	link_repair	FR: restored" \
    || fail "DE's health does not show the repair: $(ctl DE health | tr '\n' ' ')"
node_start FR
wait_until 60 all_receipted DE FR $(( sent_de + 30 )) || fail "DE -> FR did not all arrive after the repair"
wait_until 60 all_receipted FR DE "$sent_fr" || fail "FR -> DE did not all arrive again after the repair"
applied_once DE FR 265 || fail "FR applied DE's messages more or less than once: $(ctl FR message-count --from DE | tr '\n' ' ')"
applied_once FR DE 190 || fail "DE did not apply each of FR's exactly once: $(ctl DE message-count --from FR | tr '\n' ' ')"
[ "$(counter FR rejected_sequence_conflict)" = 0 ] || fail "FR saw sequence conflicts"
lost=$(( sent_de - backup_sent ))
[ "$(counter DE recovery_returned)" = "$lost" ] \
    || fail "DE got back $(counter DE recovery_returned) of its $lost lost messages"
[ "$(counter DE recovery_lost)" = 0 ] || fail "DE could not restore $(counter DE recovery_lost) of its own"
[ "$(counter FR recovery_resends)" = 1 ] || fail "FR did not send again once"
grep -q "link.repaired state=FR returned=$lost renumbered=30 shift=$lost" "$FED/DE/node.log" \
    || fail "DE did not log the repair: $(grep link.repaired "$FED/DE/node.log")"
ok "restored: FR's lost ones applied again by DE once, DE's 30 new ones numbered after the $sent_de FR holds"

wait_until 30 same_copies "$id" || fail "the copies of $id differ after the repair:
$(diff <(copy DE "$anna" "$id") <(copy FR "$pierre" "$id"))"
[ "$(state_of DE "$anna" "$id")" = accepted ] || fail "DE's copy of $id is not accepted"
as DE "$anna" case attachment "$id" diploma.pdf --out "$FED/back.pdf" || fail "DE lost the attachment"
cmp -s "$FED/diploma.pdf" "$FED/back.pdf" || fail "DE's attachment differs"
as DE "$anna" case answer "$id" --answer pq.diploma-authentic=yes >/dev/null 2>&1 \
    && fail "DE's requester could answer its own request"
as FR "$pierre" case answer "$id" --answer pq.diploma-authentic=yes >/dev/null || fail "FR answers"
wait_until 15 eval '[ "$(state_of DE "$anna" "$id")" = answered ]' || fail "DE did not get the answer"
ok "case $id is back in DE's copy as FR holds it (accepted, attachment intact), and goes on"
[ "$(alert_view)" = "$alert_before" ] || fail "DE's alert differs after the repair:
$(diff <(echo "$alert_before") <(alert_view))"
[ "$(notice_view)" = "$notice_before" ] || fail "DE's notification differs after the repair:
$(diff <(echo "$notice_before") <(notice_view))"
ok "DE's alert $alert and notification $notice, made after the backup, are back as they were"
wait_until 30 eval 'ctl DE authority show DE:aek-berlin | grep -q Potsdam' \
    || fail "DE lost its own directory change: $(ctl DE authority show DE:aek-berlin)"
ctl DE authority update "$FED/moved.json" >/dev/null || fail "DE cannot publish after the repair"
[ "$(counter FR directory_forks)" = 0 ] || fail "FR saw a fork of DE's directory feed"
ok "DE's own directory change after the backup came back from FR's feed; no fork"

ctl DE health | grep -q "^healthy	yes" || fail "DE is not healthy after the repair: $(ctl DE health | tr '\n' ' ')"
ok "DE healthy after the repair"

# The audit log: DE's went on from the backup's size, and says so in its
# checkpoints; FR, which cosigned the lost branch up to $lost_size, takes
# the new one and keeps the old as evidence.
restored_at=$(sqlite3 "$FED/DE/data/node.db" "SELECT max (at_size) FROM audit_restores")
[ -n "$restored_at" ] && [ "$restored_at" -lt "$lost_size" ] || fail "DE's restore is not recorded"
new_branch () { local size; size=$(cosigned_size DE FR); [ -n "$size" ] && [ "$size" -gt "$restored_at" ]; }
wait_until 20 new_branch || fail "FR does not cosign DE's log after the restore: $(ctl DE audit status | tr '\n' ' ')"
grep -q "audit.restore_witnessed origin=DE .* restored_at=$restored_at lost_branch_size=$lost_size" \
    "$FED/FR/node.log" || fail "FR did not log that it took DE's restored log"
[ "$(sqlite3 "$FED/FR/data/node.db" "SELECT count (*) FROM audit_witnessed WHERE origin = 'DE' AND via = 'restored' AND size = $lost_size")" = 1 ] \
    || fail "FR does not keep the lost branch's checkpoint as evidence"
# Exported once its latest checkpoint is cosigned (one is signed every 300 ms).
wait_until 20 audit_settled DE FR || fail "FR does not cosign DE's latest: $(ctl DE audit status | tr '\n' ' ')"
ctl DE audit export "$FED/bundle-DE" >/dev/null || fail "export DE"
{
    echo "governance_key = $(cat "$FED/governance.pub")"
    echo "witness = FR"
    echo "witness_quorum = 1"
} > "$FED/policy.conf"
verified=$("$IMI_BUILD/imi-audit" verify "$FED/bundle-DE" --policy "$FED/policy.conf" 2>&1) \
    || fail "DE's bundle does not verify after the restore: $verified"
echo "$verified" | grep -q "restored from a backup at size $restored_at" \
    || fail "imi-audit does not name the restore: $verified"
wait_until 20 audit_settled FR DE || fail "DE does not cosign FR's log: $(ctl FR audit status | tr '\n' ' ')"
ctl FR audit export "$FED/bundle-FR" >/dev/null || fail "export FR"
sed -i 's/^witness = FR$/witness = DE/' "$FED/policy.conf"
verified=$("$IMI_BUILD/imi-audit" verify "$FED/bundle-FR" --policy "$FED/policy.conf" 2>&1) \
    || fail "FR's bundle does not verify after the repair: $verified"
ok "DE's log went on from $restored_at (the backup), FR cosigned it and keeps the lost branch to $lost_size; both bundles verify, DE's names the restore"

fed_finish
ok "nodes stopped cleanly"
