#!/bin/bash
# MobileNodeTunnel by hand in two namespaces of its own (mnd/docs/tunnel.md, "By hand in namespaces"):
# a = the mobile node away (CoA on va, TunnelNamespaceMain), b = the home agent and correspondents
# (Scapy: tunnel-ha.py, then tunnel-ha-handover.py after a handover to a second CoA).
# Needs root, /usr/bin/python3 with Scapy, and `mvn -pl common-wire,mnd -am test-compile` done.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
WT=$(cd "$HERE/../../../.." && pwd)
P=r6t-$(printf '%04x' $((RANDOM % 65536)))
A=$P-a; B=$P-b
WORK=$(mktemp -d /tmp/$P.XXXX)
cleanup() { [ -n "${JPID:-}" ] && kill "$JPID" 2>/dev/null; ip netns del $A 2>/dev/null; ip netns del $B 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM
(cd "$WT" && mvn -q -B -o -pl common-wire dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null) || exit 1
CP=$WT/mnd/target/test-classes:$WT/mnd/target/classes:$WT/common-wire/target/classes:$(cat "$WORK/cp.txt")
HOA=2001:db8:1::100 HA=2001:db8:1::11 COA=2001:db8:a::100 COA2=2001:db8:a::200
CN=2001:db8:c::10 CN_RO=2001:db8:c::20 OTHER=2001:db8:a::1
ip netns add $A; ip netns add $B
ip link add va netns $A type veth peer name vb netns $B
ip -n $A link set lo up; ip -n $B link set lo up
ip -n $A link set va up; ip -n $B link set vb up
ip -n $A -6 addr add $COA/64 dev va nodad
ip -n $A -6 addr add $COA2/64 dev va nodad
ip -n $B -6 addr add $OTHER/64 dev vb nodad
ip -n $A -6 route add default via $OTHER dev va
touch "$WORK/mn.out"
echo "namespaces $A $B"
ip netns exec $A timeout 40 java -cp "$CP" org.roam6.mnd.TunnelNamespaceMain $HOA 2001:db8:1::/64 $COA $HA va 14 \
    $CN_RO $COA2 "$WORK/handover" > "$WORK/mn.out" 2>&1 &
JPID=$!
for i in $(seq 1 100); do grep -q READY "$WORK/mn.out" && break; sleep 0.1; done
echo "--- mn state"; ip -n $A -6 rule; ip -n $A -6 route show table 6275; ip -n $A -6 addr show dev r6mn0 | grep inet6
echo "--- ha"
ip netns exec $B timeout 30 /usr/bin/python3 "$HERE/tunnel-ha.py" $HA $COA $HOA $CN $CN_RO $OTHER vb
HARC=$?
touch "$WORK/handover"
for i in $(seq 1 50); do grep -q HANDOVER "$WORK/mn.out" && break; sleep 0.1; done
echo "--- ha after the handover"
ip netns exec $B timeout 30 /usr/bin/python3 "$HERE/tunnel-ha-handover.py" $HA $COA $COA2 $HOA $CN $CN_RO vb
HARC2=$?
wait $JPID; JPID=
echo "--- mn output"; cat "$WORK/mn.out"
echo "--- after close"; ip -n $A -6 rule | grep -c 6275; ip -n $A link show r6mn0 2>&1 | head -1
[ $HARC = 0 ] && [ $HARC2 = 0 ] && echo "ALL PASS" || { echo "FAILED ($HARC, $HARC2)"; exit 1; }
