#!/usr/bin/env bash
# debian-base.sh [IMAGE]: make a Debian 12 base image without a registry.
#
# The Dockerfile starts from docker.io/library/debian:bookworm-slim. Where no
# registry is reachable (this project's test machine) but a Debian mirror is,
# this builds the same kind of image from the mirror: debootstrap a minimal
# bookworm (variant minbase), trim it the way the official slim image is
# trimmed (no manuals, documentation or translations; no apt cache or lists),
# and import it into podman as IMAGE (default localhost/debian:bookworm).
# Then build with --build-arg BASE_IMAGE=IMAGE. Needs root, debootstrap and
# podman; idempotent: an IMAGE that exists already is kept.
set -euo pipefail
image=${1:-localhost/debian:bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if podman image exists "$image"; then
    echo "debian-base: $image exists"
    exit 0
fi
rootfs=$(mktemp -d "${TMPDIR:-/tmp}/imi-rootfs.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT

echo "debian-base: debootstrap bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
cat > "$rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
# What the official slim image keeps out of every package installed later.
cat > "$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
cat > "$rootfs/etc/apt/apt.conf.d/slim-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/*.bin || true"; };
EOF
find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
       "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
       "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
tar -C "$rootfs" -c . | podman import --message "debootstrap bookworm minbase" - "$image" >/dev/null
echo "debian-base: made $image ($(podman image inspect --format '{{.Size}}' "$image") bytes)"
