#!/usr/bin/env bash
# Bad input from the command line, config files and key files: every error
# names what is wrong, exits non-zero, and changes nothing.
source "$(dirname "$0")/lib.sh" "$1"

expect_error "usage: imi-node " "$IMI_NODE"
expect_error "nowhere.conf does not exist" "$IMI_NODE" "$FED/nowhere.conf"
expect_error "unknown command 'frobnicate'" "$IMICTL" frobnicate
expect_error "must be a whole number" "$IMICTL" --count many send FR hi
expect_error "give its config with -c" "$IMICTL" peers
ok "command-line errors are named"

# --version: "PROGRAM RELEASE (REVISION)", the release CMakeLists.txt's, the
# revision the source tree's commit (git describe, "-dirty" if it had
# changes when built), or "unknown" outside a git checkout.
source_dir=$(cd "$(dirname "$0")/../.." && pwd -P)
release=$(sed -n 's/^project(federated_imi VERSION \([0-9.]*\) .*/\1/p' "$source_dir/CMakeLists.txt")
commit=unknown
if [ "$(git -C "$source_dir" rev-parse --show-toplevel 2>/dev/null)" = "$source_dir" ]; then
    commit=$(git -C "$source_dir" describe --always)
fi
for program in imi-node imictl imi-audit; do
    version=$("$IMI_BUILD/$program" --version) || fail "$program --version failed"
    case "$version" in
        "$program $release ($commit)"|"$program $release ($commit-dirty)") ;;
        *) fail "$program --version says '$version', not '$program $release ($commit)'" ;;
    esac
done
ok "--version names the release ($release) and the revision ($commit)"

fed_create DE FR
conf="$FED/DE/node.conf"
cp "$conf" "$FED/good.conf"
echo "listn = tcp://127.0.0.1:1" >> "$conf"
expect_error "unknown setting 'listn'" "$IMI_NODE" "$conf"
cp "$FED/good.conf" "$conf"; echo "window = lots" >> "$conf"
expect_error "window" "$IMI_NODE" "$conf"
cp "$FED/good.conf" "$conf"; sed -i 's/^governance_key = .*/governance_key = 1234/' "$conf"
expect_error "governance_key.*not 64 hex" "$IMI_NODE" "$conf"
cp "$FED/good.conf" "$conf"; sed -i 's/^state = DE/state = FR/' "$conf"
expect_error "identity in .* is for DE" "$IMI_NODE" "$conf"
cp "$FED/good.conf" "$conf"
ok "config errors name the file, line or setting"

chmod 644 "$FED/DE/data/identity.key"
expect_error "chmod 600" "$IMI_NODE" "$conf"
chmod 600 "$FED/DE/data/identity.key"
mv "$FED/DE/data/identity.key" "$FED/DE/data/identity.key.moved"
expect_error "imictl -c CONFIG init" "$IMI_NODE" "$conf"
mv "$FED/DE/data/identity.key.moved" "$FED/DE/data/identity.key"
expect_error "exists" "$IMICTL" -c "$conf" init
ok "missing, too open and existing key files are named"

cp "$FED/manifest.imi" "$FED/manifest.good"
head -c 40 "$FED/manifest.good" > "$FED/manifest.imi"
expect_error "no valid federation manifest" "$IMI_NODE" "$conf"
grep -q "manifest.refused" "$FED/DE/node.log" || fail "the refusal was not logged"
expect_error "not a valid manifest" "$IMICTL" manifest-show "$FED/manifest.imi"
cp "$FED/manifest.good" "$FED/manifest.imi"
expect_error "does not verify\|trusted" "$IMICTL" manifest-verify "$FED/manifest.imi" \
    --governance-key 0000000000000000000000000000000000000000000000000000000000000000
"$IMICTL" manifest-verify "$FED/manifest.imi" --governance-key "$(cat "$FED/governance.pub")" \
    | grep -q "valid, version 1" || fail "manifest-verify of a good manifest"
ok "corrupt and wrongly signed manifests are refused"

expect_error "no node is running" "$IMICTL" -c "$conf" peers
expect_error "no node is running" "$IMICTL" -c "$conf" health
node_start DE
[ "$(ctl_value DE healthy health)" = no ] || fail "health of a node whose only peer is down"
[ "$(ctl_value DE peers_connected health)" = 0 ] || fail "health counts FR as connected"
expect_error "another imi-node is running" "$IMI_NODE" "$conf"
expect_error "not a peer of this node" ctl DE ping XX
expect_error "usage: imictl.*send STATE TEXT" ctl DE send FR
# FR never started: unreachable, shown as such, and its messages wait.
ctl DE send FR "for later" >/dev/null || fail "queueing for an unreachable peer"
expect_error "not connected" ctl DE ping FR
ctl DE peers | awk -F '\t' '$1 == "FR" && $3 == "no" && $6 == 1 { ok = 1 } END { exit !ok }' \
    || fail "peers does not show FR unreachable with 1 queued"
ok "a second node on the same data_dir, unknown peers and unreachable peers are reported"

# A node that dies while imictl waits for its answer: imictl says so at once
# (the answer would never come), not after its 60-second time-out.
kill -STOP "${NODE_PID[DE]}"
start=$(date +%s)
ctl DE --timeout 60000 status > "$FED/stopped.out" 2>&1 &
waiting=$!
sleep 0.5
node_kill DE
wait "$waiting" && fail "imictl succeeded against a node that died"
grep -q "closed the connection before answering" "$FED/stopped.out" \
    || fail "imictl said: $(cat "$FED/stopped.out")"
[ $(( $(date +%s) - start )) -lt 30 ] || fail "imictl waited for its time-out"
# The killed node left its socket file behind: nothing listens there now.
[ -S "$FED/DE/data/control.sock" ] || fail "the killed node's socket file is gone"
start=$(date +%s)
expect_error "refused the connection" ctl DE --timeout 60000 status
[ $(( $(date +%s) - start )) -lt 30 ] || fail "imictl waited for its time-out on a dead socket"
node_start DE
ok "imictl reports at once a node that stops before answering, or is not running"

fed_finish
ok "node stopped cleanly"
