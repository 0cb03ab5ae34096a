#!/usr/bin/env bash
# A healed network cut carries its backlog within seconds (issue 10, point
# 11). DE and FR run in two network namespaces joined by a veth pair
# (10.77.0.1 and 10.77.0.2 exist inside the namespaces only; nothing touches
# the host's network). nftables in both namespaces drops everything between
# them for 21 s while DE queues messages to FR: long enough for DE's
# reconnect to sit in SYN-SENT under the kernel's SYN backoff (resent 1, 3, 7,
# 15, 31 s after the first) unless the DEALER gives each connect attempt a timeout of its own.
# Prints the time from the heal to the backlog's last receipt; asserts a
# generous bound (a reconnect waiting for the kernel took 13 to 17 s).
# Needs root (CI runs as root) and ip + nft (scripts/setup.sh installs them).
source "$(dirname "$0")/lib.sh" "$1"

CUT_S=21
HEALED_WITHIN_S=10
QUEUED=500

[ "$(id -u)" = 0 ] || fail "this test makes network namespaces and needs root (CI runs as root)"
command -v ip >/dev/null && command -v nft >/dev/null \
    || fail "this test needs ip and nft: scripts/setup.sh installs iproute2 and nftables"

NS_DE="imi-cut-de-$$"
NS_FR="imi-cut-fr-$$"
netns_cleanup () {
    fed_cleanup
    ip netns del "$NS_DE" 2>/dev/null
    ip netns del "$NS_FR" 2>/dev/null
}
trap netns_cleanup EXIT

ip netns add "$NS_DE" && ip netns add "$NS_FR" || fail "cannot make network namespaces"
ip -n "$NS_DE" link add veth-de type veth peer name veth-fr netns "$NS_FR" \
    && ip -n "$NS_DE" addr add 10.77.0.1/24 dev veth-de \
    && ip -n "$NS_FR" addr add 10.77.0.2/24 dev veth-fr \
    && ip -n "$NS_DE" link set lo up && ip -n "$NS_DE" link set veth-de up \
    && ip -n "$NS_FR" link set lo up && ip -n "$NS_FR" link set veth-fr up \
    || fail "cannot set up the veth pair between the namespaces"
# Kernels from 6.5 on retransmit the first SYNs at linear 1 s intervals
# (net.ipv4.tcp_syn_linear_timeouts); Debian 12's 6.1, which nodes run,
# backs off from the first: 1, 2, 4, 8, 16 s. Ask the namespaces (only
# them) for the latter, where the setting exists.
for ns in "$NS_DE" "$NS_FR"; do
    if [ -e /proc/sys/net/ipv4/tcp_syn_linear_timeouts ]; then
        ip netns exec "$ns" sysctl -qw net.ipv4.tcp_syn_linear_timeouts=0 \
            || fail "cannot set tcp_syn_linear_timeouts in $ns"
    fi
done
ok "namespaces $NS_DE (10.77.0.1) and $NS_FR (10.77.0.2) joined by a veth pair"

NODE_HOST[DE]=10.77.0.1 NODE_NETNS[DE]=$NS_DE
NODE_HOST[FR]=10.77.0.2 NODE_NETNS[FR]=$NS_FR
FED_HEARTBEAT_MS=1000           # the default of a node in service
fed_create DE FR
for state in DE FR; do node_start "$state"; done
wait_until 20 connected_to DE FR || fail "DE did not connect to FR"
wait_until 20 connected_to FR DE || fail "FR did not connect to DE"
ok "DE and FR connected across the namespaces"

# Drop on the way in, on both sides, as a cut network loses packets. (A drop
# on the way out would fail the sender's connect() at once with EPERM, which
# libzmq simply retries: no SYN would ever wait for the kernel.)
cut () {
    ip netns exec "$1" nft -f - <<EOF
table inet imi_cut {
    chain in { type filter hook input priority 0; ip saddr $2 drop; }
}
EOF
}
cut "$NS_DE" 10.77.0.2 && cut "$NS_FR" 10.77.0.1 || fail "cannot add the nftables drop rules"
cut_at=$(date +%s)
wait_until 20 eval '! connected_to DE FR' || fail "DE did not notice the cut"
ctl DE send FR "sent during the cut" --count "$QUEUED" >/dev/null || fail "queue $QUEUED"
left=$(( cut_at + CUT_S - $(date +%s) ))
[ "$left" -gt 0 ] && sleep "$left"
ip netns exec "$NS_DE" nft delete table inet imi_cut \
    && ip netns exec "$NS_FR" nft delete table inet imi_cut || fail "cannot remove the drop rules"
healed=$(date +%s%N)
ok "link cut for ${CUT_S} s while DE queued $QUEUED messages to FR, then healed"

receipted () {
    ctl DE peers | awk -F '\t' -v sent="$QUEUED" \
        '$1 == "FR" && $6 == 0 && $9 == sent { found = 1 } END { exit !found }'
}
wait_until 60 receipted || fail "DE's backlog to FR was not receipted within 60 s of the heal"
elapsed_ms=$(( ($(date +%s%N) - healed) / 1000000 ))
echo "backlog of $QUEUED messages receipted ${elapsed_ms} ms after the link healed"
[ "$elapsed_ms" -lt $(( HEALED_WITHIN_S * 1000 )) ] \
    || fail "the backlog took ${elapsed_ms} ms after the heal, more than ${HEALED_WITHIN_S} s"
[ "$(ctl_value FR count message-count --from DE)" = "$QUEUED" ] \
    || fail "FR did not apply $QUEUED messages from DE"
ok "healed link carried its backlog within ${HEALED_WITHIN_S} s"

fed_finish
ok "nodes stopped cleanly"
