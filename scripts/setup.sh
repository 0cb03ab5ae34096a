#!/usr/bin/env bash
# setup.sh [BUILD_DIR [cmake options...]]
# Installs the Debian 12 packages the project needs (only those missing),
# then configures and builds into BUILD_DIR (default: build). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libzmq3-dev libczmq-dev libsodium-dev
          libsqlite3-dev libmsgpack-dev libjansson-dev libcurl4-openssl-dev
          # the HTTP API (node/http): libmicrohttpd with GnuTLS
          libmicrohttpd-dev sqlite3 xxd procps
          # sign-in through an OpenID Connect provider (node/http/imi_oidc): the
          # ID token's JOSE; and the provider test_oidc runs (started by the test)
          librhonabwy-dev glewlwyd
          # the search's word forms: Snowball stemmers
          libstemmer-dev
          # HTTP clients of the tests and the demo, and their TLS certificate
          curl openssl
          # network cuts between namespaces (test_reconnect_netns): ip netns, nft drops
          iproute2 nftables
          # the conformance peer (tests/conformance/imi_peer.py), run by /usr/bin/python3
          python3 python3-zmq python3-nacl python3-msgpack
          # test_oidc's man in the middle (oidc_mitm.py): it signs ID tokens
          python3-jwt python3-cryptography
          # the HTTP tests' checks against docs/openapi.json (openapi_check.py)
          python3-jsonschema
          # machine translation of free text (imi_translate): Apertium and its pairs
          apertium apertium-eng-spa apertium-fr-es apertium-es-pt apertium-es-ro
          apertium-spa-ita apertium-swe-dan apertium-swe-nor apertium-dan-nor
          apertium-isl-eng apertium-hbs-eng
          # the web application's tests in a real browser (tests/browser), each
          # person's browser in their language (its date inputs so: chromium-l10n)
          chromium chromium-l10n)
# Node.js runs the browser tests: Debian 12's Node 18 is enough for the
# pinned playwright-core 1.61.1 (docs/web.md); installed only where none is.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The browser tests' npm packages, as the lockfile pins them (again only
# when the lockfile changed since).
browser=tests/browser
if [ ! "$browser/node_modules/.package-lock.json" -nt "$browser/package-lock.json" ]; then
    echo "setup: npm ci in $browser"
    (cd "$browser" && npm ci --no-audit --no-fund --loglevel=error)
fi

build=${1:-build}
shift || true
cmake -S . -B "$build" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
