#!/usr/bin/env bash
# Backup, restore and integrity-check of a node's database
# (docs/operating.md, "Backup and restore").
#   - imictl backup FILE: DE copies its database online while FR sends to it
#     and pings it; the copy opens, passes integrity_check, is 0600, stands
#     alone (no WAL) and holds every row committed before the command; an
#     existing FILE is refused and left as it was.
#   - imictl integrity-check: ok on the running node and on the copy; the
#     findings and a non-zero exit on a damaged copy.
#   - imictl restore FILE: refused while the node runs, for a damaged file,
#     a newer schema, another state's database, another DE's, a database
#     that names no node, a file that is no database, a data_dir of another
#     user (as root; integrity-check too); each time node.db is
#     left as it was and no marker appears. Then the backup is restored over
#     a node killed with SIGKILL: its stale -wal and -shm go, node.db is
#     0600, data_dir/recovery.pending says what was restored and when, and
#     the node starts on it, repairs its link with FR (the marker gone) and
#     holds each of FR's messages once. A node refuses to start on another
#     state's database.
source "$(dirname "$0")/lib.sh" "$1"

fed_create DE FR
DATA="$FED/DE/data"
node_start DE
node_start FR
wait_until 15 connected_to FR DE || fail "FR never connected to DE"
mode () { stat -c %a "$1"; }
received () { ctl_value DE count message-count --from FR; }

# Some history: messages both ways, delivered
ctl DE send FR "from DE" --count 2000 >/dev/null || fail "DE sends"
ctl FR send DE "before" --count 3000 >/dev/null || fail "FR sends"
wait_until 120 eval '[ "$(received)" = 3000 ]' || fail "DE did not receive FR's 3,000 messages"

# Traffic while the backup runs: FR keeps sending; DE is pinged throughout
ctl FR send DE "during" --count 5000 >/dev/null &
sender=$!
wait_until 30 eval '[ "$(received)" -gt 3000 ]' || fail "FR's second batch does not arrive"
before=$(received)
ctl DE backup "$FED/de.backup" > "$FED/backup.out" 2>&1 &
backup=$!
ping_while "$backup" FR DE
wait "$backup" || fail "backup failed: $(cat "$FED/backup.out")"
wait "$sender" || fail "FR's send failed"
echo "backup: $(tr '\n' ' ' < "$FED/backup.out"); $PINGS pings answered during it, longest" \
     "${PING_LONGEST} ms, $PINGS_FAILED failed"
[ "$PINGS_FAILED" = 0 ] || fail "$PINGS_FAILED pings failed during the backup: $(tail -3 "$FED/ping.err")"
grep -qx "backup	$FED/de.backup" "$FED/backup.out" || fail "the answer does not name the file"
bytes=$(awk -F '\t' '$1 == "bytes" { print $2 }' "$FED/backup.out")
[ "$bytes" = "$(stat -c %s "$FED/de.backup")" ] || fail "the answer says $bytes bytes"
version=$(awk -F '\t' '$1 == "schema_version" { print $2 }' "$FED/backup.out")
[ "$version" = "$(sqlite3 "$DATA/node.db" "PRAGMA user_version")" ] \
    || fail "the answer says schema version $version"
[ "$(mode "$FED/de.backup")" = 600 ] || fail "the backup is mode $(mode "$FED/de.backup")"
[ "$(sqlite3 "$FED/de.backup" "PRAGMA integrity_check")" = ok ] || fail "the backup is damaged"
[ "$(sqlite3 "$FED/de.backup" "PRAGMA journal_mode")" = delete ] || fail "the backup is in WAL mode"
held=$(sqlite3 "$FED/de.backup" "SELECT count(*) FROM operator_messages WHERE peer = 'FR'")
[ "$held" -ge "$before" ] || fail "the backup holds $held of FR's messages, $before were committed before it"
ls "$FED" | grep -q 'tmp-' && fail "a temporary file was left beside the backup: $(ls "$FED")"
grep -q "store.backup path=$FED/de.backup bytes=$bytes schema_version=$version" "$FED/DE/node.log" \
    || fail "the log does not record the backup"
ok "a backup under traffic: $held messages of FR (>= the $before committed before), checked, 0600, pings answered"

sum=$(sha256sum < "$FED/de.backup")
expect_error "exists: give a new file's name" ctl DE backup "$FED/de.backup"
[ "$(sha256sum < "$FED/de.backup")" = "$sum" ] || fail "a refused backup changed the file"
expect_error "usage" ctl DE backup
ok "an existing file is refused and left as it was"

# integrity-check reads the database beside the running node
[ "$(ctl DE integrity-check)" = ok ] || fail "integrity-check of the running node's database"
[ "$(ctl DE integrity-check "$FED/de.backup")" = ok ] || fail "integrity-check of the backup"
cp "$FED/de.backup" "$FED/damaged.backup"
page_size=$(sqlite3 "$FED/damaged.backup" "PRAGMA page_size")
for page in $(sqlite3 "$FED/damaged.backup" \
              "SELECT rootpage FROM sqlite_schema WHERE name IN ('inbox', 'outbox')"); do
    printf '\377%.0s' $(seq 8) | dd of="$FED/damaged.backup" bs=1 \
        seek=$(( (page - 1) * page_size )) conv=notrunc status=none
done
if ctl DE integrity-check "$FED/damaged.backup" > "$FED/check.out" 2> "$FED/check.err"; then
    fail "integrity-check passed a damaged copy"
fi
[ -s "$FED/check.out" ] && ! grep -qx ok "$FED/check.out" || fail "no findings: $(cat "$FED/check.out")"
grep -q "is damaged: restore a backup" "$FED/check.err" || fail "no advice: $(cat "$FED/check.err")"
ok "integrity-check: ok on the live database and the backup; $(wc -l < "$FED/check.out") finding(s) and exit 1 on a damaged copy"

# restore: every refusal leaves node.db as it was, and no marker (as root, also
# a data_dir of another user: restore and integrity-check are run as its owner)
output=$(ctl DE restore "$FED/de.backup" 2>&1) && fail "restored under a running node"
echo "$output" | grep -qF "cannot restore while the node runs: stop it first (imictl stop): another imi-node is running" \
    || fail "restore under a running node said: $output"
ctl FR backup "$FED/fr.backup" >/dev/null || fail "FR's backup"
node_kill DE
[ -s "$DATA/node.db-wal" ] || fail "the killed node left no WAL to remove"
sum=$(cat "$DATA/node.db" "$DATA/node.db-wal" | sha256sum)
refused () {
    local output
    output=$(ctl DE restore "$2" 2>&1) && fail "restored $2"
    echo "$output" | grep -qF -- "$1" || fail "restore $2 did not say '$1', but: $output"
    [ "$(cat "$DATA/node.db" "$DATA/node.db-wal" | sha256sum)" = "$sum" ] \
        || fail "a refused restore ($1) changed node.db"
    [ -e "$DATA/recovery.pending" ] && fail "a refused restore ($1) left a marker"
    ls "$DATA" | grep -q 'tmp-' && fail "a refused restore ($1) left a temporary file: $(ls "$DATA")"
    return 0
}
variant () {    # variant NAME SQL: a copy of the backup changed by SQL
    cp "$FED/de.backup" "$FED/$1.backup"
    sqlite3 "$FED/$1.backup" "$2" || fail "making $1"
}
refused "is damaged (SQLite integrity_check:" "$FED/damaged.backup"
variant newer "PRAGMA user_version = $(( version + 1 ))"
refused "has schema version $(( version + 1 )), newer than this build ($version)" "$FED/newer.backup"
refused "is a database of the node of FR, not of this node (DE)" "$FED/fr.backup"
variant other "UPDATE node_keys SET sign_key = randomblob (32)"
refused "never ran with this node's signing key" "$FED/other.backup"
variant unnamed "DELETE FROM node_keys"
refused "does not record which node it belongs to" "$FED/unnamed.backup"
head -c 8192 /dev/urandom > "$FED/noise.backup"
refused "not a database" "$FED/noise.backup"
refused "cannot read $FED/none.backup" "$FED/none.backup"
expect_error "usage: imictl -c CONFIG restore FILE" "$IMICTL" restore "$FED/de.backup"
if [ "$(id -u)" = 0 ]; then    # as CI runs: a data_dir of another user
    chown nobody "$DATA"
    refused "belongs to nobody: run this as nobody (e.g. sudo -u nobody imictl ...), not as root" \
        "$FED/de.backup"
    expect_error "belongs to nobody: run this as nobody" ctl DE integrity-check
    chown root "$DATA"
fi
ok "restore refuses a running node, a damaged file, a newer schema, FR's database, another DE's, an unnamed one, noise, a missing file"

# The backup restored over the killed node
ctl DE restore "$FED/de.backup" > "$FED/restore.out" || fail "restore failed"
grep -qx "restored	$FED/de.backup" "$FED/restore.out" || fail "restore: $(cat "$FED/restore.out")"
grep -qx "schema_version	$version" "$FED/restore.out" || fail "restore: $(cat "$FED/restore.out")"
[ -e "$DATA/node.db-wal" ] || [ -e "$DATA/node.db-shm" ] && fail "the old database's -wal or -shm is still there"
[ "$(mode "$DATA/node.db")" = 600 ] || fail "the restored node.db is mode $(mode "$DATA/node.db")"
[ "$(mode "$DATA/recovery.pending")" = 600 ] || fail "the marker is mode $(mode "$DATA/recovery.pending")"
grep -qxE "restored $FED/de.backup at [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z" \
    "$DATA/recovery.pending" || fail "the marker says: $(cat "$DATA/recovery.pending")"
[ "$(wc -l < "$DATA/recovery.pending")" = 1 ] || fail "the marker is not one line"
ls "$DATA" | grep -q 'tmp-' && fail "restore left a temporary file: $(ls "$DATA")"
node_start DE
[ "$(received)" -ge "$held" ] || fail "the restored node holds $(received) of FR's messages, not $held"
ok "restored over a killed node: stale -wal and -shm gone, node.db 0600, the marker written, the node starts on it"

# The marker makes the node repair its link with FR (imi_recovery): FR sends
# again what the backup lacks, and DE holds each of FR's messages once
once () { [ "$(ctl_value DE distinct message-count --from FR)" = 8000 ] && [ "$(received)" = 8000 ]; }
wait_until 180 once || fail "after the repair DE holds $(received) of FR's 8,000 messages"
[ -e "$DATA/recovery.pending" ] && fail "the marker is still there after the repair"
grep -q "node.restored" "$FED/DE/node.log" || fail "the log does not say the node was restored"
ok "the node took the marker: its link with FR repaired, all 8,000 of FR's messages held once"

# A node refuses to start on another state's database
node_stop DE
cp "$FED/fr.backup" "$DATA/node.db"
rm -f "$DATA/node.db-wal" "$DATA/node.db-shm"
output=$("$IMI_NODE" "$FED/DE/node.conf" 2>&1) && fail "DE started on FR's database"
echo "$output" | grep -qF "this database belongs to the node of FR, not to this node (DE)" \
    || fail "DE on FR's database said: $output"
ok "a node refuses to start on another state's database"

fed_finish
ok "nodes stopped cleanly"
