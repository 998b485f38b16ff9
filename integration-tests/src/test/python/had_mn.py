#!/usr/bin/python3
# The mobile node away from home, played by Scapy (independent of roam6's codecs) for the home
# agent scenario (org.roam6.it.had). One sub-command per exchange; each prints one JSON object
# per line on stdout and exits 0 when it saw what it waited for, 1 otherwise. Every wait is
# bounded by --timeout.
#
#   bu         BU with HAO + Alternate CoA (RFC 6275 6.1.7, 11.7.1) -> the BA (status, RH2, times)
#   mps        Mobile Prefix Solicitation with HAO (RFC 6275 6.7) -> the advertisement
#   dhaad      DHAAD Request to the Home-Agents anycast address (RFC 6275 6.5) -> the reply
#   responder  answer tunnelled echo requests (outer HA->CoA, inner ->HoA) through the reverse tunnel
#   reverse    one reverse-tunnelled echo request with any outer/inner source
#   malformed  a bad BU: badlen (Header Len 0) | unknowntype (MH Type 42) | badsum -> the answer, if any
import argparse
import json
import socket
import struct
import sys
import time

from scapy.all import AsyncSniffer, conf, raw
from scapy.layers.inet6 import (HAO, ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6HAADReply, ICMPv6HAADRequest,
                                ICMPv6MPAdv, ICMPv6MPSol, ICMPv6ParamProblem, IPv6, IPv6ExtHdrDestOpt,
                                IPv6ExtHdrRouting, MIP6MH_BA, MIP6MH_BE, MIP6MH_BU, MIP6OptAltCoA, in6_chksum)
from scapy.packet import Raw

conf.verb = 0
_raw = None


def send(pkt, iface=None):
    """Sends a whole IPv6 packet through the kernel (IPPROTO_RAW: it routes and resolves the next
    hop, and leaves the caller's source address alone, spoofed or not). Scapy 2.5's own layer-3
    sender resolves next hops itself and falls back to broadcast for a default route learnt from
    Router Advertisements."""
    global _raw
    if _raw is None:
        _raw = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_RAW)
    _raw.sendto(raw(pkt), (pkt[IPv6].dst, 0))


def same(a, b):
    """Whether two IPv6 address texts name the same address (Scapy writes 2001:db8:a:0:52:..., others ::)."""
    return socket.inet_pton(socket.AF_INET6, a) == socket.inet_pton(socket.AF_INET6, b)


def out(**kv):
    print(json.dumps(kv), flush=True)


def sniffer(args, lfilter, count=1):
    s = AsyncSniffer(iface=args.iface, lfilter=lfilter, count=count, timeout=args.timeout, store=True)
    s.start()
    # the capture socket is open once the sniffer thread runs; give it a moment
    for _ in range(50):
        if getattr(s, "running", False):
            break
        time.sleep(0.02)
    time.sleep(0.3)
    return s


def rh2(pkt):
    r = pkt.getlayer(IPv6ExtHdrRouting)
    if r is None or r.type != 2:
        return None
    return {"segleft": r.segleft, "addresses": list(r.addresses)}


def bu(args):
    s = sniffer(args, lambda p: p.haslayer(MIP6MH_BA) and same(p[IPv6].src, args.ha))
    pkt = (IPv6(src=args.coa, dst=args.ha)
           / IPv6ExtHdrDestOpt(options=[HAO(hoa=args.hoa)])
           / MIP6MH_BU(seq=args.seq, flags="AH", mhtime=args.life, options=[MIP6OptAltCoA(acoa=args.coa)]))
    sent = time.time()
    send(pkt, iface=args.iface)
    s.join(args.timeout + 1)
    got = s.results or []
    if not got:
        out(ba=False, sent=sent)
        return 1
    ba = got[0]
    m = ba[MIP6MH_BA]
    out(ba=True, status=m.status, seq=m.seq, lifetime=m.mhtime, src=ba[IPv6].src, dst=ba[IPv6].dst, rh2=rh2(ba),
        sent=sent, received=float(ba.time), rtt_ms=round((float(ba.time) - sent) * 1000, 3), hex=raw(ba[IPv6]).hex())
    return 0


def mps(args):
    s = sniffer(args, lambda p: p.haslayer(ICMPv6MPAdv))
    send(IPv6(src=args.coa, dst=args.ha) / IPv6ExtHdrDestOpt(options=[HAO(hoa=args.hoa)]) / ICMPv6MPSol(id=args.id),
         iface=args.iface)
    s.join(args.timeout + 1)
    got = s.results or []
    if not got:
        out(mpa=False)
        return 1
    a = got[0]
    prefixes = []
    p = a[ICMPv6MPAdv].payload
    while p is not None and p.__class__.__name__ == "ICMPv6NDOptPrefixInfo":
        prefixes.append("%s/%d" % (p.prefix, p.prefixlen))
        p = p.payload
    out(mpa=True, id=a[ICMPv6MPAdv].id, src=a[IPv6].src, dst=a[IPv6].dst, rh2=rh2(a), prefixes=prefixes)
    return 0


def dhaad(args):
    s = sniffer(args, lambda p: p.haslayer(ICMPv6HAADReply))
    send(IPv6(src=args.coa, dst=args.anycast) / ICMPv6HAADRequest(id=args.id, R=args.mobile_router), iface=args.iface)
    s.join(args.timeout + 1)
    got = s.results or []
    if not got:
        out(reply=False)
        return 1
    r = got[0]
    out(reply=True, id=r[ICMPv6HAADReply].id, R=r[ICMPv6HAADReply].R, src=r[IPv6].src, dst=r[IPv6].dst,
        addresses=list(r[ICMPv6HAADReply].addresses))
    return 0


def responder(args):
    """Answers tunnelled echo requests for the home address until --count were seen or --timeout."""
    seen = []

    def tunnelled_echo(p):
        if not (p.haslayer(IPv6) and p[IPv6].nh == 41 and same(p[IPv6].src, args.ha) and same(p[IPv6].dst, args.coa)):
            return False
        inner = p[IPv6].payload
        return isinstance(inner, IPv6) and same(inner.dst, args.hoa) and inner.haslayer(ICMPv6EchoRequest)

    def answer(p):
        outer = p[IPv6]
        inner = outer.payload
        req = inner[ICMPv6EchoRequest]
        reply = (IPv6(src=args.coa, dst=args.ha)
                 / IPv6(src=args.hoa, dst=inner.src, hlim=64)
                 / ICMPv6EchoReply(id=req.id, seq=req.seq, data=req.data))
        send(reply, iface=args.iface)
        seen.append(1)
        out(request=True, outer_src=outer.src, outer_dst=outer.dst, outer_hlim=outer.hlim, inner_src=inner.src,
            inner_dst=inner.dst, id=req.id, seq=req.seq, at=float(p.time))

    s = AsyncSniffer(iface=args.iface, lfilter=tunnelled_echo, prn=answer, count=args.count, timeout=args.timeout,
                     store=False)
    s.start()
    time.sleep(0.5)
    out(ready=True)
    s.join(args.timeout + 1)
    out(done=True, answered=len(seen))
    return 0 if len(seen) >= args.count else 1


def reverse(args):
    send(IPv6(src=args.outer_src, dst=args.ha)
         / IPv6(src=args.inner_src, dst=args.dst, hlim=64)
         / ICMPv6EchoRequest(id=args.id, seq=args.seq, data=b"roam6-reverse"), iface=args.iface)
    out(sent=True)
    return 0


def malformed(args):
    ha, coa, hoa = args.ha, args.coa, args.hoa

    def answer(p):
        if not p.haslayer(IPv6) or not same(p[IPv6].src, ha) or not same(p[IPv6].dst, coa):
            return False
        return p.haslayer(ICMPv6ParamProblem) or p.haslayer(MIP6MH_BE) or p.haslayer(MIP6MH_BA)

    s = sniffer(args, answer)
    if args.kind == "badlen":
        # a BU cut to 8 octets with Header Len 0 (a BU needs 1); checksum right for those 8 octets
        mh = bytearray(struct.pack("!BBBBHH", 59, 0, 5, 0, 0, args.seq))
    elif args.kind == "unknowntype":
        mh = bytearray(struct.pack("!BBBBH", 59, 1, 42, 0, 0) + bytes(10))
    else:  # badsum: a good BU whose checksum is then broken
        mh = bytearray(struct.pack("!BBBBHHBBH", 59, 1, 5, 0, 0, args.seq, 0xc0, 0, 10) + bytes(4))
    under = IPv6(src=hoa, dst=ha) / Raw(bytes(mh))
    c = in6_chksum(135, under[Raw], bytes(mh))
    struct.pack_into("!H", mh, 4, c if args.kind != "badsum" else c ^ 0x5555)
    pkt = IPv6(src=coa, dst=ha) / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)], nh=135) / Raw(bytes(mh))
    send(pkt, iface=args.iface)
    s.join(args.timeout + 1)
    got = s.results or []
    if not got:
        out(answer=None)
        return 0
    a = got[0]
    if a.haslayer(ICMPv6ParamProblem):
        pp = a[ICMPv6ParamProblem]
        out(answer="parameter_problem", code=pp.code, pointer=pp.ptr, hlim=a[IPv6].hlim)
    elif a.haslayer(MIP6MH_BE):
        be = a[MIP6MH_BE]
        out(answer="binding_error", status=be.status, ha=be.ha)
    else:
        out(answer="binding_ack", status=a[MIP6MH_BA].status)
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["bu", "mps", "dhaad", "responder", "reverse", "malformed"])
    ap.add_argument("--iface", default="eth0")
    ap.add_argument("--ha")
    ap.add_argument("--hoa")
    ap.add_argument("--coa")
    ap.add_argument("--anycast")
    ap.add_argument("--seq", type=int, default=1)
    ap.add_argument("--life", type=int, default=100)
    ap.add_argument("--id", type=int, default=1)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=5)
    ap.add_argument("--outer-src")
    ap.add_argument("--inner-src")
    ap.add_argument("--dst")
    ap.add_argument("--mobile-router", type=int, default=0, help="the R flag of the DHAAD Request (RFC 3963)")
    ap.add_argument("--kind", choices=["badlen", "unknowntype", "badsum"])
    args = ap.parse_args()
    return {"bu": bu, "mps": mps, "dhaad": dhaad, "responder": responder, "reverse": reverse,
            "malformed": malformed}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
