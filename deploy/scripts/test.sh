#!/usr/bin/env bash
# The test command: installs what the tests need, then builds roam6 and runs every test,
# including the Scapy/tshark oracle tests and the network-namespace tests (which need root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

"$here/install-deps.sh"

cd "$root"
# CI=true makes oracle and namespace tests fail (not skip) when a tool is missing.
export CI="${CI:-true}"
mvn -B -ntp verify "$@"
