#!/usr/bin/env bash
# Upgrades (issue 13, item 5; docs/operating.md, "Upgrades and rollback"):
#   - the node of this build starts on DE's data directory as release 0.1.0
#     left it (tests/data/upgrade/0.1.0, made by make-fixture.sh there),
#     migrates it (each migration logged) or finds it current, and the
#     database passes integrity-check;
#   - what 0.1.0 held is all there, through imictl: the directory (its
#     search index rebuilt at the start, typos forgiven), the
#     operator messages, a closed and an open information request, an
#     alert with FR's acknowledgement, a notification and its register
#     entry;
#   - its audit log, exported by this build, verifies with imi-audit,
#     including FR's cosignature made under 0.1.0;
#   - a database of a newer schema than this build's is refused at start,
#     left as it was, with a message that says what to do.
source "$(dirname "$0")/lib.sh" "$1"
IMI_AUDIT="$IMI_BUILD/imi-audit"
FIXTURE="$(cd "$(dirname "$0")/../data/upgrade/0.1.0" && pwd)"
fact () { awk -F '\t' -v key="$1" '$1 == key { print $2 }' "$FIXTURE/facts"; }

DATA="$FED/DE/data"
mkdir -p "$FED/DE"
cp -r "$FIXTURE/data" "$DATA"
chmod 700 "$DATA"
chmod 600 "$DATA"/*
NODE_PORT[DE]=$(free_port)
sed "s/PORT/${NODE_PORT[DE]}/" "$FIXTURE/node.conf" > "$FED/DE/node.conf"
# The source tree's catalogue (0.1.0's default; now the installed one), and no
# checkpoint of its own while the test runs: the latest is FR's cosigned one
{
    echo "catalogue_dir = $IMI_CATALOGUE"
    echo "audit_checkpoint_ms = 3600000"
} >> "$FED/DE/node.conf"
old=$(fact schema_version)
[ "$(sqlite3 "$DATA/node.db" "PRAGMA user_version")" = "$old" ] || fail "the fixture is not at $old"

node_start DE
new=$(sqlite3 "$DATA/node.db" "PRAGMA user_version")
[ "$new" -ge "$old" ] || fail "schema version $new after the start, $old before"
for version in $(seq $(( old + 1 )) "$new"); do
    grep -q "store.migrated version=$version " "$FED/DE/node.log" \
        || fail "migration $version is not in the log"
done
[ "$(ctl DE integrity-check)" = ok ] || fail "integrity-check after the upgrade"
ok "release $(fact release)'s database (schema $old) migrated to $new and passes integrity-check"

# What 0.1.0 held, through imictl
[ "$(ctl DE authority list --limit 100 | tail -n +2 | wc -l)" = "$(fact authorities)" ] \
    || fail "the directory lost authorities"
ctl DE authority show FR:cnom >/dev/null || fail "FR's authority is gone"
# Migration 20 emptied the search index; the start rebuilt it from the directory
grep -q "search.reindexed authorities=$(fact authorities) " "$FED/DE/node.log" \
    || fail "the search index was not rebuilt: $(grep search "$FED/DE/node.log")"
ctl DE search medecins | grep -q "^FR:cnom" || fail "search after the upgrade: $(ctl DE search medecins)"
ctl DE search medecnis | grep -q "^FR:cnom" || fail "a typo after the upgrade: $(ctl DE search medecnis)"
[ "$(ctl_value DE count message-count --from FR)" = "$(fact operator_messages)" ] \
    || fail "operator messages lost"
ctl DE messages --from FR | grep -q "Bonjour" || fail "FR's messages do not show"
anna=$(IMI_PASSWORD="password of anna" ctl DE login anna) || fail "anna cannot log in"
hans=$(IMI_PASSWORD="password of hans" ctl DE login hans) || fail "hans cannot log in"
closed=$(fact case_closed)
open=$(fact case_open)
as DE "$anna" case show "$closed" | grep -qx "state: closed" || fail "the closed case"
as DE "$anna" case show "$open" > "$FED/open.out" || fail "the open case"
grep -qx "state: accepted" "$FED/open.out" && grep -q Nowak "$FED/open.out" \
    || fail "the open case: $(cat "$FED/open.out")"
[ "$(as DE "$anna" case list --total)" = "total	2" ] || fail "case list: $(as DE "$anna" case list --total)"
as DE "$anna" alert show "$(fact alert)" | grep -q "FR:cnom" || fail "the alert's acknowledgement"
as DE "$hans" notification show "$(fact notification)" | grep -q "Geldtransporte" \
    || fail "the notification"
as DE "$hans" repository search munchen | grep -q ECT-2026-0042 || fail "the register entry"
ok "the directory, operator messages, both cases, the alert, the notification and its register entry are all there"

ctl DE audit export "$FED/bundle" >/dev/null || fail "audit export"
{
    echo "governance_key = $(cat "$FIXTURE/governance.pub")"
    echo "witness = FR"
} > "$FED/policy.conf"
output=$("$IMI_AUDIT" verify "$FED/bundle" --policy "$FED/policy.conf" 2>&1) \
    || fail "imi-audit verify: $output"
echo "$output" | grep -q "^OK: policy met" || fail "no OK line: $output"
ok "the audit log of release $(fact release), exported by this build, verifies with FR's cosignature"

# A database from a newer release is refused, untouched, with what to do
node_stop DE
sqlite3 "$DATA/node.db" "PRAGMA user_version = $(( new + 1 ))"
sum=$(sha256sum < "$DATA/node.db")
output=$("$IMI_NODE" "$FED/DE/node.conf" 2>&1) && fail "the node started on a newer database"
echo "$output" | grep -qF "database schema version $(( new + 1 )) is newer than this build ($new): a later release wrote it; run that release, or restore a backup taken before the upgrade (imictl restore)" \
    || fail "the refusal said: $output"
[ "$(sha256sum < "$DATA/node.db")" = "$sum" ] || fail "the refused start changed node.db"
ok "a database of a newer schema is refused at start, unchanged: $(echo "$output" | tail -n 1)"

fed_finish
ok "node stopped cleanly"
