#!/usr/bin/env bash
# demo.sh: install what is missing, build, and run the demo federation:
# three member-state nodes (DE, FR, PL) on this machine, in a temporary
# folder, exchanging signed, encrypted, receipted messages. --serve leaves
# the federation running, each node serving the web application, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
exec bash scripts/demo-federation.sh build "$@"
