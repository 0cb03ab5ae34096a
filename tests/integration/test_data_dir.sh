#!/usr/bin/env bash
# The data directory holds personal data (cases, users, sessions) and the
# node's keys: every file the node keeps there is its user's only (0600),
# and the node refuses a folder that group or others can write or that
# another user owns, saying how to fix it. A database left 0644 by an older
# version is made 0600 at start. Needs root (chown to nobody), as CI runs.
source "$(dirname "$0")/lib.sh" "$1"
[ "$(id -u)" = 0 ] || fail "run as root: the test gives the data directory to nobody"

fed_create DE FR
DATA="$FED/DE/data"
node_start DE
mode () { stat -c %a "$1"; }
for file in node.db node.db-wal node.db-shm node.lock manifest.imi identity.key; do
    [ -f "$DATA/$file" ] || fail "no $file in the data directory"
    [ "$(mode "$DATA/$file")" = 600 ] || fail "$file is mode $(mode "$DATA/$file"), not 600"
done
[ "$(mode "$DATA")" = 700 ] || fail "the data directory is mode $(mode "$DATA"), not 700"
[ -S "$DATA/control.sock" ] || fail "no control socket"
[ "$(mode "$DATA/control.sock")" = 600 ] \
    || fail "the control socket is mode $(mode "$DATA/control.sock"), not 600"
[ "$(mode "$FED/DE/node.log")" = 600 ] || fail "the log is mode $(mode "$FED/DE/node.log")"
ok "node.db, its -wal and -shm, the lock, the manifest, the key, the log and the control socket are 0600"

# A control socket outside the data directory, in a folder others can read:
# the socket itself is the node's user's only.
mkdir -m 755 "$FED/run"
node_config FR "control = ipc://$FED/run/control.sock"
node_start FR
[ "$(mode "$FED/run/control.sock")" = 600 ] \
    || fail "a control socket outside data_dir is mode $(mode "$FED/run/control.sock"), not 600"
node_stop FR
ok "a control socket elsewhere (control = ipc://...) is 0600 too"

# Export an audit bundle: the node's user's only too (LOCAL leaves name users).
ctl DE audit checkpoint >/dev/null || fail "audit checkpoint"
ctl DE audit export "$FED/bundle" >/dev/null || fail "audit export"
[ -z "$(find "$FED/bundle" -perm /077)" ] || fail "bundle files others can read: $(ls -lR "$FED/bundle")"
ok "an audit export is the node's user's only"
node_stop DE

# refused TEXT...: starting DE's node fails at once and says each TEXT.
refused () {
    local output status=0 text
    output=$(cd "$FED/DE" && timeout 20 "$IMI_NODE" node.conf 2>&1) || status=$?
    [ "$status" = 1 ] || fail "the node started (or hung: $status) where it should refuse: $output"
    for text in "$@"; do
        echo "$output" | grep -qF -- "$text" || fail "the refusal does not say '$text': $output"
    done
    echo "   $output"
}
for bad in 777 770 720; do
    chmod "$bad" "$DATA"
    refused "is writable by group or others (mode 0$bad)" "run chmod 700 $DATA"
done
chmod 700 "$DATA"
chown nobody "$DATA"
refused "is owned by nobody, not by this node's user root" "run chown -R root $DATA"
chown root "$DATA"
ok "a data directory others can write, or that another user owns, is refused with the fix"

# A database made by a version before this check: 0644, as the umask gave it.
chmod 644 "$DATA/node.db" "$DATA/manifest.imi"
node_start DE
for file in node.db node.db-wal node.db-shm manifest.imi; do
    [ "$(mode "$DATA/$file")" = 600 ] || fail "$file is still mode $(mode "$DATA/$file") after a start"
done
grep -q "data_dir.mode_fixed path=$DATA/node.db was=0644 now=0600" "$FED/DE/node.log" \
    || fail "the log does not say node.db was made private"
ok "node.db and the manifest left 0644 by an older version are made 0600 at start, and logged"

# A database damaged on disk (bytes overwritten inside pages, its header
# intact) is refused at start, with the reason, and left as it was: a node
# that served from one signed checkpoints over a log it could not read back.
ctl DE authority import "$(dirname "$0")/../../scripts/demo/DE.jsonl" >/dev/null \
    || fail "DE authorities"
node_stop DE
[ ! -s "$DATA/node.db-wal" ] || fail "a clean stop left a WAL behind"
page_size=$(sqlite3 "$DATA/node.db" "PRAGMA page_size")
roots=$(sqlite3 "$DATA/node.db" "SELECT rootpage FROM sqlite_schema WHERE name IN ('dir_feed', 'outbox')")
[ "$(echo $roots | wc -w)" = 2 ] || fail "no root pages for dir_feed and outbox: $roots"
cp "$DATA/node.db" "$FED/node.db.good"
for page in $roots; do          # their b-tree page headers: 8 bytes of 0xff
    printf '\377%.0s' $(seq 8) | dd of="$DATA/node.db" bs=1 seek=$(( (page - 1) * page_size )) \
        conv=notrunc status=none
done
sqlite3 "$DATA/node.db" "PRAGMA quick_check (1)" | grep -qx ok && fail "the damage went unseen by SQLite"
before=$(sha256sum < "$DATA/node.db")
refused "the database is damaged (SQLite quick_check:" "restore it from a backup"
[ "$(sha256sum < "$DATA/node.db")" = "$before" ] || fail "the refused start changed node.db"
cp "$FED/node.db.good" "$DATA/node.db"
node_start DE
ctl DE authority show DE:aek-berlin >/dev/null || fail "DE does not serve from the restored file"
ok "a damaged database is refused at start with the reason; the good copy starts"

fed_finish
ok "nodes stopped cleanly"
