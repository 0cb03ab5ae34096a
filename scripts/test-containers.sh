#!/usr/bin/env bash
# test-containers.sh: the container test (tests/containers/test_containers.sh)
# with what it needs: installs podman, podman-compose, runc and debootstrap
# from Debian (only those missing), makes a Debian 12 base image from the
# mirror if no registry answers (docker/debian-base.sh), then runs the test:
# the image built, the compose federation of three states started, a message
# sent across, the health checks, everything torn down. Needs root. Not part
# of scripts/test.sh's time: several minutes, most of them the image's build
# (docs/testing.md). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "test-containers: run as root (rootful podman)" >&2; exit 1; }

packages=(podman podman-compose runc debootstrap iproute2)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "test-containers: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q "${missing[@]}"
fi

# runc and no default ulimits (crun and podman's default open-files limit fail
# on some hosts, this project's test machine among them: docker/containers.conf).
export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/docker/containers.conf}
if [ -z "${IMI_BASE_IMAGE:-}" ] \
    && ! podman image exists docker.io/library/debian:bookworm-slim \
    && ! timeout 120 podman pull -q docker.io/library/debian:bookworm-slim >/dev/null 2>&1; then
    echo "test-containers: no registry answered: a base image from the Debian mirror"
    docker/debian-base.sh localhost/debian:bookworm
    export IMI_BASE_IMAGE=localhost/debian:bookworm
fi
exec bash tests/containers/test_containers.sh
