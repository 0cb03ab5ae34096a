#!/usr/bin/env bash
# make-fixture.sh RELEASE_BUILD_DIR VERSION: make the upgrade fixture
# tests/data/upgrade/VERSION/ with the programs of a release, so that
# tests/integration/test_upgrade.sh can start the current node on a
# database that release wrote (issue 13: "a database written by the
# previous release is migrated and passes its checks").
#
# How 0.1.0 was made (main at a7956bf8863273b88f6f4d375790839cf67ab130,
# schema version 12), from the root of this repository:
#     git worktree add --detach /tmp/imi-0.1.0 a7956bf8863273b88f6f4d375790839cf67ab130
#     (cd /tmp/imi-0.1.0 && cmake -S . -B build && cmake --build build -j 2)
#     tests/data/upgrade/make-fixture.sh /tmp/imi-0.1.0/build 0.1.0
#     git worktree remove /tmp/imi-0.1.0
#
# It runs a two-node federation (DE, FR) with that release (this tree's
# tests/integration/lib.sh drives it: it needs only imi-node and imictl),
# exchanges operator messages both ways, registers each state's
# authorities (scripts/demo), runs an information request to its end and
# leaves a second one accepted, sends an alert (acknowledged), a
# notification that feeds a register, has FR cosign a checkpoint of DE's
# log, stops both cleanly, and keeps DE's side:
#     node.conf           DE's config (the test sets its listen port and catalogue_dir)
#     governance.pub      the federation's governance key (for the audit policy)
#     data/node.db        after a clean stop: no -wal
#     data/identity.key, data/identity.pub, data/manifest.imi
#     facts               what the test expects to find, "key<TAB>value" lines
# The users' passwords are "password of NAME" (lib.sh's user_session).
set -u
here=$(cd "$(dirname "$0")" && pwd)
release_build=${1:?usage: make-fixture.sh RELEASE_BUILD_DIR VERSION}
version=${2:?usage: make-fixture.sh RELEASE_BUILD_DIR VERSION}
source "$here/../../integration/lib.sh" "$release_build"
out="$here/$version"
[ -e "$out" ] && fail "$out exists: remove it first"

fed_create DE FR
node_start DE
node_start FR
wait_until 15 connected_to DE FR && wait_until 15 connected_to FR DE || fail "no link"
demo="$here/../../../scripts/demo"
for state in DE FR; do
    ctl "$state" authority import "$demo/$state.jsonl" >/dev/null || fail "$state authorities"
    ctl "$state" authority import "$here/../../integration/data/eurocash-$state.jsonl" >/dev/null \
        || fail "$state euro-cash authorities"
done
ctl DE send FR "Guten Tag" --count 3 >/dev/null || fail "DE sends"
ctl FR send DE "Bonjour" --count 2 >/dev/null || fail "FR sends"
knows () { ctl "$1" authority show "$2" >/dev/null 2>&1; }
wait_until 15 knows FR DE:bundesbank-cash && wait_until 15 knows DE FR:cnom \
    || fail "the directories did not converge"

anna=$(user_session DE anna DE:aek-berlin handler de)
pierre=$(user_session FR pierre FR:cnom handler fr)
hans=$(user_session DE hans DE:bundesbank-cash handler de)
is_state () { as "$1" "$2" case show "$3" | grep -qx "state: $4"; }
new_case () {
    as DE "$anna" case new --procedure pq-information-request --to FR:cnom \
        --reply-by "$(date -u -d '+21 days' +%F)" --question pq.diploma-authentic \
        --subject pq.family-name="$1" --subject pq.given-names=Maria \
        --text "Antrag auf Approbation ($1)." --send || fail "case of $1"
}
closed=$(new_case Kowalska)
open=$(new_case Nowak)
for id in "$closed" "$open"; do
    wait_until 15 is_state FR "$pierre" "$id" sent || fail "$id did not reach FR"
    as FR "$pierre" case accept "$id" --reply-by "$(date -u -d '+14 days' +%F)" >/dev/null \
        || fail "accept $id"
done
wait_until 15 eval 'as FR "$pierre" case show "$open" | grep -q Nowak' || fail "disclosure"
as FR "$pierre" case answer "$closed" --answer pq.diploma-authentic=yes \
    --text "Le diplôme est authentique." >/dev/null || fail "answer"
wait_until 15 is_state DE "$anna" "$closed" answered || fail "the answer did not reach DE"
as DE "$anna" case close "$closed" --timely yes --effort yes >/dev/null || fail "close"
wait_until 15 is_state FR "$pierre" "$closed" closed || fail "the close did not reach FR"

alert=$(as DE "$anna" alert new --procedure pq-alert --to all \
        --field pq-alert.family-name=Schmidt --field pq-alert.profession=Ärztin \
        --field pq-alert.decision-type=prohibition \
        --field "pq-alert.decision-date=$(date -u -d '-1 day' +%F)" \
        --text "Approbation widerrufen.") || fail "alert"
wait_until 15 eval 'as FR "$pierre" alert show "$alert" >/dev/null 2>&1' || fail "alert at FR"
as FR "$pierre" alert ack "$alert" >/dev/null || fail "ack"
wait_until 15 eval 'as DE "$anna" alert show "$alert" | grep -q FR:cnom' || fail "ack at DE"

notification=$(as DE "$hans" notification new --procedure euro-cash-licence-notification \
        --to all --title "Lizenz für Geldtransporte" --text "Die Lizenz wurde erteilt." \
        --entry issuing_state=DE --entry licence=ECT-2026-0042 \
        --entry "company=Geldtransporte Süd GmbH" --entry "address=Königstraße 5, München" \
        --entry valid_from=2026-01-01 --entry valid_to=2030-12-31 --entry status=valid) \
    || fail "notification"
receipted () { ctl "$1" peers | awk -F '\t' -v p="$2" '$1 == p && $6 == 0 { ok = 1 } END { exit !ok }'; }
wait_until 15 receipted DE FR && wait_until 15 receipted FR DE || fail "outboxes not empty"

ctl DE audit checkpoint >/dev/null || fail "checkpoint"
wait_until 30 audit_settled DE FR || fail "FR did not cosign DE's checkpoint"
fed_finish
[ ! -s "$FED/DE/data/node.db-wal" ] || fail "DE's clean stop left a WAL"

mkdir -p "$out/data"
for file in node.db identity.key identity.pub manifest.imi; do
    cp "$FED/DE/data/$file" "$out/data/$file" || fail "copy $file"
done
cp "$FED/governance.pub" "$out/governance.pub"
grep -v '^listen\|^manifest\|^catalogue_dir' "$FED/DE/node.conf" > "$out/node.conf"
echo "listen = tcp://127.0.0.1:PORT" >> "$out/node.conf"
db="$FED/DE/data/node.db"
{
    printf 'release\t%s\n' "$version"
    printf 'schema_version\t%s\n' "$(sqlite3 "$db" "PRAGMA user_version")"
    printf 'case_closed\t%s\n' "$closed"
    printf 'case_open\t%s\n' "$open"
    printf 'alert\t%s\n' "$alert"
    printf 'notification\t%s\n' "$notification"
    printf 'operator_messages\t%s\n' "$(sqlite3 "$db" "SELECT count(*) FROM operator_messages")"
    printf 'authorities\t%s\n' "$(sqlite3 "$db" "SELECT count(*) FROM authorities")"
    printf 'audit_leaves\t%s\n' "$(sqlite3 "$db" "SELECT count(*) FROM audit_leaves")"
} > "$out/facts"
echo "wrote $out:"
cat "$out/facts"
