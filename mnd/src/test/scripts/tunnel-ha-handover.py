#!/usr/bin/python3
# After the handover: tunnelled echo requests to the new CoA; the replies must leave the new CoA.
import sys, time
from scapy.all import IPv6, ICMPv6EchoRequest, ICMPv6EchoReply, IPv6ExtHdrDestOpt, AsyncSniffer, send, conf
conf.verb = 0
HA, COA, COA2, HOA, CN, CN_RO, IFACE = sys.argv[1:8]
sn = AsyncSniffer(iface=IFACE, filter="ip6")
sn.start()
time.sleep(0.5)
send(IPv6(src=HA, dst=COA2) / IPv6(src=CN, dst=HOA, hlim=63) / ICMPv6EchoRequest(id=0x99, seq=11, data=b"after-handover"))
time.sleep(0.3)
send(IPv6(src=HA, dst=COA) / IPv6(src=CN, dst=HOA, hlim=63) / ICMPv6EchoRequest(id=0x99, seq=12, data=b"old-coa"))
time.sleep(0.3)
send(IPv6(src=HA, dst=COA2) / IPv6(src=CN_RO, dst=HOA, hlim=63) / ICMPv6EchoRequest(id=0x99, seq=13, data=b"stale-ro"))
time.sleep(1.0)
pkts = sn.stop()
seen = {}
for p in pkts:
    if IPv6 in p and p[IPv6].nh == 41 and ICMPv6EchoReply in p[IPv6].payload:
        seen[p[IPv6].payload[ICMPv6EchoReply].seq] = (p[IPv6].src, p[IPv6].dst, p[IPv6].payload.dst)
    elif IPv6 in p and IPv6ExtHdrDestOpt in p and ICMPv6EchoReply in p:
        seen[-p[ICMPv6EchoReply].seq] = (p[IPv6].src, p[IPv6].dst, "route-optimised")
print("replies:", seen)
errors = [(p[IPv6].src, p[IPv6].dst, p[IPv6].payload.type, p[IPv6].payload.code) for p in pkts
          if IPv6 in p and p[IPv6].nh == 58 and p[IPv6].payload.type < 128]
print("ICMPv6 errors seen:", errors)
ok = seen.get(11) == (COA2, HA, CN) and 12 not in seen and seen.get(13) == (COA2, HA, CN_RO) and -13 not in seen
print("PASS handover" if ok else "FAIL handover")
sys.exit(0 if ok else 1)
