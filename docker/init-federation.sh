#!/bin/bash
# init-federation.sh: the one-shot set-up of docker/compose.yaml's federation,
# run by its `init` service (in the node's image, as root) before the nodes
# start. For a demonstration or a test federation on one host: a real
# federation's governance keeps its key offline, and each state makes its own
# node's keys (docs/operating.md, sections 1 and 2).
#
# It writes, under /federation (the volumes compose mounts there):
#   governance/   governance.key, governance.pub, manifest.imi (the signed
#                 manifest), done (written last)
#   XX/data/      XX's data_dir (its node's /var/lib/imi): identity.key and
#                 identity.pub, made by `imictl init` as the node's user
#   XX/config/    XX's /etc/imi: node.conf and the bootstrap manifest.imi
# for each state XX of IMI_STATES (default "DE FR AT"). Every node listens on
# IMI_PORT (default 7001) inside its container and is reached at
# tcp://xx:IMI_PORT: its compose service is named after its state in lower
# case.
#
# Run again, it changes nothing once `done` exists: the keys are made once.
# A run that stopped half-way left no `done`, so no node has started with its
# keys yet: everything it wrote is made anew.
set -euo pipefail

states=${IMI_STATES:-DE FR AT}
port=${IMI_PORT:-7001}
federation=${IMI_FEDERATION:-imi-compose}
root=/federation
governance=$root/governance
node_user=imi

say () { echo "init-federation: $*"; }
fail () { echo "init-federation: $*" >&2; exit 1; }
# imictl as the node's user, so that the node's files are its own from the start.
as_node () { setpriv --reuid "$node_user" --regid "$node_user" --init-groups "$@"; }

[ "$(id -u)" = 0 ] || fail "run as root (compose: user: root), to give each node's volume to $node_user"
for state in $states; do
    [[ $state =~ ^[A-Z]{2}$ ]] || fail "'$state' is not a state code (two capital letters)"
    for dir in "$root/$state/data" "$root/$state/config"; do
        [ -d "$dir" ] || fail "$dir is not mounted (a volume per state's data and config)"
    done
done
[ -d "$governance" ] || fail "$governance is not mounted"

if [ -f "$governance/done" ]; then
    say "the federation exists already: $(tr '\n' ' ' < "$governance/done")"
    exit 0
fi

say "making federation '$federation' of $states"
find "$governance" -mindepth 1 -delete
imictl governance-keygen "$governance/governance.key" > "$governance/governance.pub"
imictl manifest-new "$governance/manifest.imi" --federation "$federation" >/dev/null
for state in $states; do
    data=$root/$state/data
    find "$data" "$root/$state/config" -mindepth 1 -delete
    chown "$node_user:$node_user" "$data"
    chmod 0700 "$data"
    as_node imictl init --dir "$data" --state "$state" >/dev/null
    imictl manifest-add-node "$governance/manifest.imi" --identity "$data/identity.pub" \
        --endpoint "tcp://${state,,}:$port" >/dev/null
done
imictl manifest-sign "$governance/manifest.imi" --key "$governance/governance.key" >/dev/null

for state in $states; do
    config=$root/$state/config
    install -m 0644 "$governance/manifest.imi" "$config/manifest.imi"
    cat > "$config/node.conf.new" <<EOF
# The node of $state in docker/compose.yaml's federation (docker/init-federation.sh).
state = $state
data_dir = /var/lib/imi
listen = tcp://0.0.0.0:$port
manifest = /etc/imi/manifest.imi
governance_key = $(cat "$governance/governance.pub")
EOF
    chmod 0644 "$config/node.conf.new"
    mv "$config/node.conf.new" "$config/node.conf"
done
echo "federation=$federation states=$states" > "$governance/done"
imictl manifest-show "$governance/manifest.imi"
say "done"
