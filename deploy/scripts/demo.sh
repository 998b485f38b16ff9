#!/usr/bin/env bash
# The main job: builds roam6, writes a capture of Mobile IPv6 packets built by roam6's encoders
# (a Binding Update with a Home Address option, Alternate CoA and Multiple-HA options, a Binding
# Acknowledgement with a Type 2 routing header, DHAAD, Home Agent Unreachable, ...) and decodes it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

"$here/install-deps.sh"
cd "$root"
mvn -B -ntp -q -DskipTests package

out="${ROAM6_DEMO_DIR:-$root/target/demo}"
mkdir -p "$out"
deploy/bin/roam6 samples "$out/roam6-samples.pcap"
# the last sample is malformed on purpose, so decode exits 3 ("some packet did not decode")
echo "== roam6 decode --pcap $out/roam6-samples.pcap"
deploy/bin/roam6 decode --pcap "$out/roam6-samples.pcap" || [ $? -eq 3 ]
echo "== roam6 decode --json (first three packets)"
deploy/bin/roam6 decode --json --pcap "$out/roam6-samples.pcap" | head -3 || [ $? -eq 3 ]
echo "== tshark's view of the same capture"
tshark -r "$out/roam6-samples.pcap" 2>/dev/null || true
