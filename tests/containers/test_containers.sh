#!/usr/bin/env bash
# test_containers.sh: the node's container image and the compose federation
# (docker/), run under podman as an operator would run them. Builds the image
# from docker/Dockerfile, checks what it runs as and holds, starts
# docker/compose.yaml's federation of DE, FR and AT with podman-compose (the
# one-shot init, then the nodes), pins the network bridge's MAC address
# (Debian 12's netavark lets it change: see below), waits until each node's
# container health check passes, sends an operator message from DE to FR and
# finds it in FR's inbox and receipted at DE, restarts FR (the message is
# still there: data on the volume), backs up DE's volume, sends one more
# message, restores the volume and repairs the links as docs/operating.md says,
# stops AT and sees DE's health check fail with the reason, and tears
# everything down (containers, volumes, network, the image's tag).
#
# Where podman or podman-compose is not installed (CI), it prints a SKIP line
# and exits 0 (IMI_SKIP_STATUS under ctest). scripts/test-containers.sh
# installs them and runs it. Needs root (rootful podman). Several minutes:
# the image's build is most of it (docs/testing.md).
#
# Environment: IMI_BASE_IMAGE (the Debian 12 image to build from; default the
# registry's debian:bookworm-slim if held or reachable, else
# localhost/debian:bookworm made by docker/debian-base.sh), CONTAINERS_CONF
# (default docker/containers.conf: runc, no default ulimits), IMI_KEEP=1
# (leave the federation running, to look at it).
set -u
cd "$(dirname "$0")/../.."
source_dir=$PWD

skip () { echo "SKIP: $*"; exit "${IMI_SKIP_STATUS:-0}"; }
command -v podman >/dev/null || skip "podman not installed (run scripts/test-containers.sh)"
command -v podman-compose >/dev/null || skip "podman-compose not installed (run scripts/test-containers.sh)"
[ "$(id -u)" = 0 ] || skip "podman is installed but this test runs rootful podman: run it as root"
command -v ip >/dev/null && command -v nsenter >/dev/null \
    || { echo "FAIL: this test needs ip (iproute2) and nsenter (util-linux)" >&2; exit 1; }

export CONTAINERS_CONF=${CONTAINERS_CONF:-$source_dir/docker/containers.conf}
work=$(mktemp -d "${TMPDIR:-/tmp}/imi-containers.XXXXXX")
project=imi-test-$$
image=localhost/imi-node:test-$$
compose_file=$source_dir/docker/compose.yaml

say () { echo "== $*"; }
ok () { echo "ok - $*"; }
fail () {
    echo "FAIL: $*" >&2
    local name
    for name in $(podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$project" 2>/dev/null); do
        echo "---- last log lines of $name ----" >&2
        podman logs --tail 15 "$name" 2>&1 | grep -v 'connect to syslog' >&2
    done
    echo "---- last lines of podman-compose's output ----" >&2
    tail -n 15 "$work/compose.log" >&2 2>/dev/null
    exit 1
}
wait_until () {
    local seconds=$1; shift
    local deadline=$(( $(date +%s) + seconds ))
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -ge "$deadline" ] && return 1
        sleep 0.5
    done
}

# podman-compose prints every podman command it runs, and podman without
# systemd complains that it cannot schedule health checks: both go to a log,
# shown on failure.
compose () {
    IMI_IMAGE=$image podman-compose -p "$project" -f "$compose_file" "$@" >>"$work/compose.log" 2>&1
}
container () { echo "${project}_$1_1"; }
ctl () {
    local service=$1; shift
    podman exec "$(container "$service")" imictl -c /etc/imi/node.conf --raw "$@"
}

# The volumes the project's containers mount, named or anonymous (an image's
# VOLUME not mounted by the compose file would make one, which `down -v`
# leaves behind): gathered before the teardown, checked gone after it.
project_volumes () {
    local name
    for name in $(podman ps -a --format '{{.Names}}' --filter "label=io.podman.compose.project=$project"); do
        podman inspect --format '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}' "$name"
    done 2>/dev/null
}
# Everything the project made, whatever state the test stopped in.
teardown () {
    compose down -v
    podman rm -f -v $(podman ps -a -q --filter "label=io.podman.compose.project=$project") >/dev/null 2>&1
    podman volume rm -f $(podman volume ls -q --filter "label=io.podman.compose.project=$project") >/dev/null 2>&1
    podman network rm -f "${project}_federation" >/dev/null 2>&1
    podman rmi "$image" >/dev/null 2>&1
    rm -rf "$work"
}
left_over () {
    local volume
    podman ps -a -q --filter "label=io.podman.compose.project=$project"
    for volume in $1; do podman volume exists "$volume" && echo "volume $volume"; done
    podman network exists "${project}_federation" && echo "network ${project}_federation"
    podman image exists "$image" && echo "image $image"
}
if [ "${IMI_KEEP:-0}" = 1 ]; then
    trap 'echo "kept project $project (podman ps -a); its podman-compose output: $work/compose.log" >&2' EXIT
else
    trap teardown EXIT
fi

say "the base image"
base=${IMI_BASE_IMAGE:-}
if [ -z "$base" ]; then
    if podman image exists docker.io/library/debian:bookworm-slim \
        || timeout 120 podman pull -q docker.io/library/debian:bookworm-slim >/dev/null 2>&1; then
        base=docker.io/library/debian:bookworm-slim
    elif podman image exists localhost/debian:bookworm; then
        base=localhost/debian:bookworm
    else
        fail "no Debian 12 base image: the registry did not answer and localhost/debian:bookworm" \
             "does not exist (docker/debian-base.sh makes it; scripts/test-containers.sh runs it)"
    fi
fi
podman image exists "$base" || fail "base image $base not found"
ok "building from $base"

say "building the image (docker/Dockerfile)"
started=$(date +%s)
# nice: the compiler stays behind the suite's timed tests running beside it.
nice -n 10 podman build --format docker --network=host --build-arg "BASE_IMAGE=$base" \
    -t "$image" -f docker/Dockerfile . >"$work/build.log" 2>&1 \
    || { tail -n 30 "$work/build.log" >&2; fail "podman build failed"; }
size=$(podman image inspect --format '{{.Size}}' "$image")
ok "built $image in $(( $(date +%s) - started )) s: $(( size / 1000000 )) MB"

[ "$(podman image inspect --format '{{.Config.User}}' "$image")" = imi ] \
    || fail "the image does not run as its user imi"
podman image inspect --format '{{json .Config.Healthcheck}}' "$image" | grep -q 'imictl -c /etc/imi/node.conf' \
    || fail "the image has no health check running imictl health"
[ "$(podman run --rm --no-healthcheck --entrypoint id "$image" -u)" = 10001 ] || fail "the image's user is not uid 10001"
tools=$(podman run --rm --no-healthcheck --entrypoint /bin/sh "$image" -c 'command -v cc; command -v cmake; ls /usr/include' 2>/dev/null)
[ -z "$tools" ] || fail "the runtime image holds build tools or headers: $tools"
version=$(podman run --rm --no-healthcheck "$image" --version 2>/dev/null)
[[ $version == "imi-node "* ]] || fail "imi-node --version in the image printed '$version'"
ok "runs as imi (uid 10001), health check imictl health, no compiler or headers; $version"

say "the federation (docker/compose.yaml): init, then DE, FR, AT"
compose up --no-build init || fail "podman-compose up init"
status=$(podman inspect --format '{{.State.ExitCode}}' "$(container init)")
[ "$status" = 0 ] || fail "init exited with status $status"
compose up --no-build -d || fail "podman-compose up -d"
ok "init made the keys, the signed manifest and the configs; the nodes started"

# Debian 12's netavark (1.4) leaves the bridge's MAC address to the kernel,
# which gives a bridge the lowest of its ports' addresses: it changes whenever
# a container joins or leaves the network, and the containers' ARP entries for
# the gateway, where aardvark-dns answers, go stale. Name lookups then time
# out for up to a minute, and a node resolving a peer's name (libzmq does it
# on the I/O thread that serves all of the node's sockets) answers no one
# meanwhile: peers see it silent, imictl gets no answer. Later netavark
# releases pin the address (containers/netavark#833); here it is pinned once
# the nodes are up, and the entries the nodes learnt before are dropped.
bridge=$(podman network inspect --format '{{.NetworkInterface}}' "${project}_federation") \
    || fail "no network ${project}_federation"
ip link set dev "$bridge" address "$(cat "/sys/class/net/$bridge/address")" \
    || fail "cannot pin the MAC address of $bridge"
for service in de fr at; do
    nsenter -t "$(podman inspect --format '{{.State.Pid}}' "$(container "$service")")" -n \
        ip neigh flush dev eth0 || fail "cannot flush $service's ARP entries"
done
ok "the bridge $bridge keeps its MAC address $(cat "/sys/class/net/$bridge/address")"

# Podman schedules health checks with systemd timers; without systemd (this
# machine, most CI) nothing runs them, so the test runs each check itself, as
# a monitor would, until it passes.
healthy () { podman healthcheck run "$(container "$1")"; }
for service in de fr at; do
    wait_until 60 healthy "$service" || fail "$service's health check did not pass within 60 s"
    [ "$(podman inspect --format '{{.State.Health.Status}}' "$(container "$service")")" = healthy ] \
        || fail "$service's container is not marked healthy"
done
ok "every node's health check passes (imictl health: every peer connected)"

say "an operator message from DE to FR"
text="Grüße aus Berlin, test $$"
ctl de send FR "$text" >/dev/null || fail "imictl send"
received () { ctl fr messages --from DE | awk -F '\t' -v text="$text" '$2 == "DE" && $6 == text { found = 1 } END { exit !found }'; }
wait_until 20 received || fail "FR did not receive DE's message"
receipted () { ctl de peers | awk -F '\t' '$1 == "FR" && $8 == 1 && $9 == 1 { found = 1 } END { exit !found }'; }
wait_until 20 receipted || fail "DE holds no receipt from FR"
ok "FR received it; DE holds FR's signed receipt"

say "FR restarted: what it received is on its volume"
podman restart -t 15 "$(container fr)" >/dev/null 2>&1 || fail "podman restart"
wait_until 30 ctl fr status || fail "FR did not answer after its restart"
received || fail "FR lost DE's message in its restart"
wait_until 60 healthy fr || fail "FR's health check did not pass after its restart"
ok "FR still holds the message, healthy again"

say "init again: the federation exists, nothing is made anew"
identity=$(podman exec "$(container de)" cat /var/lib/imi/identity.pub)
compose up --no-build init || fail "podman-compose up init, again"
[ "$(podman exec "$(container de)" cat /var/lib/imi/identity.pub)" = "$identity" ] \
    || fail "init made DE's keys anew"
ok "DE's identity is the same"

say "DE's volume backed up, then restored after DE sent more, as docs/operating.md says"
podman stop -t 30 "$(container de)" >/dev/null 2>&1 || fail "podman stop DE"
podman volume export "${project}_de-data" > "$work/de-data.tar" || fail "podman volume export"
podman start "$(container de)" >/dev/null 2>&1 || fail "podman start DE"
for file in identity.key node.db manifest.imi; do
    tar --numeric-owner -tvf "$work/de-data.tar" \
        | awk -v file="$file" '$6 == file || $6 == "./" file { found = ($2 == "10001/10001") } END { exit !found }' \
        || fail "the backup has no $file of the node's user: $(tar -tvf "$work/de-data.tar")"
done
wait_until 60 healthy de || fail "DE's health check did not pass after its backup"
ok "the archive holds DE's keys, database and manifest, owned by the node's user"

# DE sends a second message after the backup, then loses its database: the
# restored copy knows only the first. The repair (docs/delivery.md, "Restore
# from a backup") gets the second back from FR, and the next one is number 3.
receipted_up_to () { ctl de peers | awk -F '\t' -v n="$1" '$1 == "FR" && $8 == n && $9 == n { found = 1 } END { exit !found }'; }
ctl de send FR "Nach der Sicherung, test $$" >/dev/null || fail "imictl send, after the backup"
wait_until 20 receipted_up_to 2 || fail "DE's second message was not receipted"
volume_shell () {
    podman run --rm --no-healthcheck -v "${project}_de-data:/var/lib/imi" --entrypoint /bin/sh "$image" -c "$1"
}
podman stop -t 30 "$(container de)" >/dev/null 2>&1 || fail "podman stop DE"
volume_shell 'find /var/lib/imi -mindepth 1 -delete' \
    && podman volume import "${project}_de-data" "$work/de-data.tar" \
    && volume_shell "echo 'restored from de-data.tar by test_containers' > /var/lib/imi/recovery.pending" \
    || fail "restoring DE's volume"
podman start "$(container de)" >/dev/null 2>&1 || fail "podman start DE, restored"
wait_until 90 healthy de || fail "DE's health check did not pass after its restore"
wait_until 20 receipted_up_to 2 || fail "DE does not hold its second message again"
ctl de send FR "Nach der Wiederherstellung, test $$" >/dev/null || fail "imictl send, after the restore"
wait_until 20 receipted_up_to 3 || fail "DE's third message was not receipted as number 3"
from_de=$(ctl fr messages --from DE | awk -F '\t' '$2 == "DE" { print $3 }' | sort -n | tr '\n' ' ')
[ "$from_de" = "1 2 3 " ] || fail "FR holds DE's messages numbered '$from_de', not 1 2 3"
podman logs "$(container de)" 2>&1 | grep -q 'link.repaired.*FR' || fail "DE's log has no link.repaired for FR"
ok "restored and repaired: DE holds its second message again, its third is number 3, FR has each once"

say "AT stopped: DE's health check fails, saying why"
podman stop -t 15 "$(container at)" >/dev/null 2>&1 || fail "podman stop"
health_log () { podman inspect --format '{{json .State.Health.Log}}' "$(container de)"; }
unhealthy_at () { ! podman healthcheck run "$(container de)" && health_log | grep -q 'peers_unreachable[^"]*AT'; }
wait_until 60 unhealthy_at \
    || fail "DE's health check did not fail naming AT unreachable; its log: $(health_log)"
podman start "$(container at)" >/dev/null 2>&1 || fail "podman start"
wait_until 60 healthy de || fail "DE's health check did not pass again with AT back"
wait_until 60 healthy at || fail "AT's health check did not pass after its start"
ok "unhealthy with peers_unreachable AT in its health log; healthy again with AT back"
podman ps --filter "label=io.podman.compose.project=$project" --format '   {{.Names}}  {{.Status}}'

say "teardown: containers, volumes, network"
if [ "${IMI_KEEP:-0}" != 1 ]; then
    volumes=$(project_volumes)
    teardown
    trap - EXIT
    rest=$(left_over "$volumes")
    [ -z "$rest" ] || fail "left over: $rest"
    ok "nothing of $project is left"
fi
echo "PASS"
