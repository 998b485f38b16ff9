#!/usr/bin/python3
# The home agent (and correspondents) in namespace b: sends tunnelled and RH2 packets to the MN, checks what comes back.
import sys, time
from scapy.all import IPv6, ICMPv6EchoRequest, ICMPv6EchoReply, IPv6ExtHdrRouting, IPv6ExtHdrDestOpt, HAO, \
    MIP6MH_BA, AsyncSniffer, send, conf, raw, in6_chksum
conf.verb = 0
HA, COA, HOA, CN, CN_RO, OTHER = sys.argv[1:7]
IFACE = sys.argv[7]
sn = AsyncSniffer(iface=IFACE, filter="ip6")
sn.start()
time.sleep(0.5)
# 1. an echo request from CN through the HA's tunnel
send(IPv6(src=HA, dst=COA) / IPv6(src=CN, dst=HOA, hlim=63) / ICMPv6EchoRequest(id=0x1234, seq=1, data=b"roam6-tunnel"))
time.sleep(0.5)
# 2. an echo request from the HA itself with a Type 2 routing header (as a correspondent in RO would send)
send(IPv6(src=HA, dst=COA) / IPv6ExtHdrRouting(type=2, segleft=1, addresses=[HOA]) / ICMPv6EchoRequest(id=0x1234, seq=2, data=b"roam6-rh2"))
time.sleep(0.5)
# 3. a Binding Acknowledgement with a Type 2 routing header (checksum over HA -> HoA by scapy)
send(IPv6(src=HA, dst=COA) / IPv6ExtHdrRouting(type=2, segleft=1, addresses=[HOA]) / MIP6MH_BA(status=0, seq=7, mhtime=105))
time.sleep(0.5)
# 4. an echo request through the tunnel from a correspondent holding a route-optimised binding
send(IPv6(src=HA, dst=COA) / IPv6(src=CN_RO, dst=HOA, hlim=63) / ICMPv6EchoRequest(id=0x1234, seq=4, data=b"roam6-ro"))
time.sleep(0.5)
# 5. a tunnelled packet from another outer source than the HA: must be dropped
send(IPv6(src=OTHER, dst=COA) / IPv6(src=CN, dst=HOA, hlim=63) / ICMPv6EchoRequest(id=0x1234, seq=5, data=b"spoofed"))
time.sleep(1.0)
pkts = sn.stop()
ok = True
def report(name, cond, detail=""):
    global ok
    ok = ok and cond
    print(("PASS " if cond else "FAIL ") + name + (": " + detail if detail else ""))

replies = {}
ro = None
for p in pkts:
    if IPv6 not in p or p[IPv6].src != COA:
        continue
    o = p[IPv6]
    if o.nh == 41:
        inner = o.payload
        if ICMPv6EchoReply in inner:
            replies[inner[ICMPv6EchoReply].seq] = (o, inner)
    elif IPv6ExtHdrDestOpt in o and ICMPv6EchoReply in o:
        ro = o
for seq, (o, inner) in sorted(replies.items()):
    print("tunnelled reply seq %d: outer %s -> %s hlim %d, inner %s -> %s" % (seq, o.src, o.dst, o.hlim, inner.src, inner.dst))
report("echo reply to the tunnelled request is reverse-tunnelled CoA -> HA, inner HoA -> CN",
       1 in replies and replies[1][0].dst == HA and replies[1][1].src == HOA and replies[1][1].dst == CN)
report("echo reply to the RH2 request (kernel accepted the rebuilt packet, checksum over HA -> HoA) is reverse-tunnelled",
       2 in replies and replies[2][1].src == HOA and replies[2][1].dst == HA)
report("reply to the spoofed tunnel packet: none", 5 not in replies)
report("no reply to CN_RO through the tunnel", 4 not in replies)
if ro is not None:
    hao = [o for o in ro[IPv6ExtHdrDestOpt].options if isinstance(o, HAO)]
    icmp = ro[ICMPv6EchoReply]
    b = bytearray(raw(icmp))
    got = (b[2] << 8) | b[3]
    b[2] = b[3] = 0
    want = in6_chksum(58, IPv6(src=HOA, dst=CN_RO), bytes(b))
    print("route-optimised reply: %s -> %s, HAO %s, ICMPv6 checksum 0x%04x (over HoA -> CN: 0x%04x)" %
          (ro.src, ro.dst, hao[0].hoa if hao else None, got, want))
    report("route-optimised reply CoA -> CN_RO with a Home Address option and a checksum over the HoA",
           ro.dst == CN_RO and bool(hao) and hao[0].hoa == HOA and got == want and icmp.seq == 4)
else:
    report("route-optimised reply CoA -> CN_RO with a Home Address option", False, "none captured")
sys.exit(0 if ok else 1)
