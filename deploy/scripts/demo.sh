#!/usr/bin/env bash
# The main job: installs what roam6 needs, builds it, then runs `roam6 demo` (as root): the mobile
# node roams home -> a -> b -> home on the network-namespace testbed with the home agent and the
# mobile node daemon, while a correspondent pings its home address and a TCP connection carries a
# checked byte stream both ways; a live timeline of each handover (attachment, Binding Update,
# Binding Acknowledgement, traffic back) and a summary (handover gaps, BU->BA round trips, TCP
# intact or not, where the captures are). Arguments go to `roam6 demo` (--rounds N, --dwell S,
# --keep, --pcap-dir DIR; see `deploy/bin/roam6 demo --help`). Exit 0 when TCP arrived intact and
# every handover completed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

"$here/install-deps.sh"
cd "$root"
mvn -B -ntp -q -DskipTests package
exec deploy/bin/roam6 demo "$@"
