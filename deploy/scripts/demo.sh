#!/usr/bin/env bash
# The main job: installs what roam6 needs, builds it, then runs `roam6 demo` (as root): the mobile
# node roams home -> a -> b -> home on the network-namespace testbed, registered with two home
# agents (had in ha1 and ha2, mnd in mn), while a correspondent pings its home address and a TCP
# connection carries a checked byte stream both ways; then, under a UDP stream to the home
# address, ha1's daemon is killed and ha2 takes over; last, the Mobility Agent (roam6-mad on the
# border router br) answers for the plain Linux correspondent, the MN's daemon (restarted on link
# A) route-optimises a TCP stream through it, moves to B and the agent's binding follows. A live
# timeline (attachment, Binding Updates, Binding Acknowledgements, traffic back, the failover,
# return routability and the agent's binding) and a summary (handover gaps, BU->BA round trips,
# TCP intact or not, the failover outage, the route optimisation's times and counters, where the
# captures are). Arguments go to `roam6 demo` (--rounds N, --dwell S, --keep, --pcap-dir DIR,
# --without-failover, --without-mobility-agent; see `deploy/bin/roam6 demo --help`). Exit 0 when
# TCP arrived intact, every handover completed, the failover passed and the agent's binding
# followed to B with its TCP stream intact.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

"$here/install-deps.sh"
cd "$root"
mvn -B -ntp -q -DskipTests package
exec deploy/bin/roam6 demo "$@"
