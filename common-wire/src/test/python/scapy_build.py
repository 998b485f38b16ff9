#!/usr/bin/python3
"""Builds a corpus of Mobile IPv6 packets with Scapy and prints it as JSON Lines on stdout.

Run with Debian's Scapy 2.5: /usr/bin/python3 scapy_build.py > corpus.jsonl

Each line is one packet:
  "name"   unique, readable name, e.g. "bu/flags=c000/opts=altcoa/hao"
  "hex"    the whole packet from the IPv6 fixed header on, lower-case hex; checksums computed by
           Scapy and checked here against an RFC computation (the script fails if they differ)
  "expect" flat dict of field values, in the neutral names below (shared with scapy_dissect.py)

Neutral field names ("expect" here, the dissection in scapy_dissect.py):
  IPv6 and extension headers (every packet)
    src, dst        IPv6 fixed header addresses, RFC 5952 text
    hlim            hop limit
    next_headers    list of the header types after the fixed header, in order: the fixed header's
                    Next Header, then each extension header's (e.g. [60, 135], [43, 135], [58])
    hoa             address of the Home Address option (dest. option 201) or null
    rh2             address of the Type 2 Routing Header or null
    rh2_segleft     Segments Left of that routing header or null
    upper           "mh" or "icmpv6"
    checksum        the MH / ICMPv6 Checksum field (int); it verifies with the pseudo-header of
                    RFC 6275 6.1.1: source = HoA with a Home Address option, destination = the
                    final destination (the HoA) with a Type 2 routing header
  Mobility Header (RFC 6275 6.1), upper == "mh"
    mh_type, mh_len (Header Len, 8-octet units after the first 8), mh_payload_proto (59),
    mh_reserved (the byte after MH Type)
    BRR (0):       reserved (16-bit)
    HoTI/CoTI (1/2): reserved (16-bit; CoTI first byte 1 = Mobility-Agent-aware MN), cookie (hex)
    HoT/CoT (3/4): nonce_index, cookie (hex), keygen_token (hex)
    BU (5):        seq, flags (16-bit word: A 0x8000 H 0x4000 L 0x2000 K 0x1000 M 0x0800
                   R 0x0400 P 0x0200, low 9 bits reserved), lifetime (4-second units)
    BA (6):        status, flags (8-bit: K 0x80 R 0x40 P 0x20, low 5 bits reserved), seq,
                   lifetime (4-second units)
    BE (7):        status, home_address
    options        every mobility option in wire order, Pad1 and PadN included:
                   {"type": int, "length": int (absent for Pad1), "data": hex of the body} plus
                   2 BRA: refresh_interval          3 Alternate CoA: address
                   4 Nonce Indices: home_nonce_index, careof_nonce_index
                   5 Binding Authorization Data: authenticator (hex)
                   6 Mobile Network Prefix: prefix_length, prefix
                   8 MN Identifier: subtype, identifier (hex)
                   9 Mobility Message Authentication: subtype, spi, auth_data (hex)
                   10 Replay Protection: timestamp (64-bit int)
                   any other type (18 experimental, 200 unknown): data only
  ICMPv6, upper == "icmpv6"
    icmp_type, icmp_code
    144 DHAAD Request:   id, flags (16-bit word after id; R 0x8000, RFC 3963)
    145 DHAAD Reply:     id, flags, ha_addresses (list)
    146 MPS:             id, reserved (16-bit)
    147 MPA:             id, flags (16-bit: M 0x8000, O 0x4000), nd_options, prefixes
    134 RA:              cur_hop_limit, flags (8-bit: M 0x80 O 0x40 H 0x20 Prf 0x18 P 0x04),
                         router_lifetime, reachable_time, retrans_timer, nd_options, prefixes,
                         ha_pref (signed, RFC 6275 7.4) and ha_lifetime (seconds) of the Home
                         Agent Information option, null when it is absent
    4 Parameter Problem: pointer, invoking (hex of the invoking packet carried)
    135 NS:              target, nd_options
    136 NA:              flags (8-bit: R 0x80 S 0x40 O 0x20), target, nd_options
    nd_options     [{"type": int, "length": int (8-octet units)}] in wire order
    prefixes       Prefix Information options: [{"prefix", "prefix_length",
                   "flags" (8-bit: L 0x80 A 0x40 R 0x20), "valid_lifetime", "preferred_lifetime"}]

Known Scapy 2.5 faults worked around here (both would make malformed packets):
  MIP6OptNonceIndices defaults olen to 16; RFC 6275 6.2.6 says 4. We pass olen=4.
  MIP6OptBindingAuthData defaults olen to 16 with a 96-bit authenticator; RFC 6275 6.2.7 says
  12 for that authenticator. We pass olen=12.
"""

import json
import struct
import sys

from scapy.all import (IPv6, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, HAO, raw,
                       MIP6MH_BRR, MIP6MH_HoTI, MIP6MH_CoTI, MIP6MH_HoT, MIP6MH_CoT,
                       MIP6MH_BU, MIP6MH_BA, MIP6MH_BE,
                       MIP6OptBRAdvice, MIP6OptAltCoA, MIP6OptNonceIndices,
                       MIP6OptBindingAuthData, MIP6OptMobNetPrefix, MIP6OptMNID,
                       MIP6OptMsgAuth, MIP6OptReplayProtection, MIP6OptUnknown,
                       ICMPv6HAADRequest, ICMPv6HAADReply, ICMPv6MPSol, ICMPv6MPAdv,
                       ICMPv6ND_RA, ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6NDOptHAInfo,
                       ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr, ICMPv6NDOptDstLLAddr,
                       ICMPv6ParamProblem)

sys.dont_write_bytecode = True  # keep src/test/python free of __pycache__
sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
from mip6_common import addr, rfc_pseudo_addresses, upper_layer_checksum  # noqa: E402

HA = "2001:db8:1::1"
HA2 = "2001:db8:1::2"
HA3 = "2001:db8:4::1"
HOA = "2001:db8:1::100"
COA = "2001:db8:2::100"
CN = "2001:db8:3::5"
HA_ANYCAST = "2001:db8:1:0:fdff:ffff:ffff:fffe"
HOME_LL_ROUTER = "fe80::1"
MAC = "02:00:00:00:00:01"


class ExperimentalOption8n6(MIP6OptUnknown):
    """Option 18 laid out as a list of IPv6 addresses, aligned 8n+6 like the Alternate CoA."""
    x = 8
    y = 6


# ---------------------------------------------------------------- mobility options
# Each builder returns (scapy option, expect dict, alignment x, alignment y, wire length).

def o_bra(interval):
    return (MIP6OptBRAdvice(rinter=interval),
            {"type": 2, "length": 2, "data": struct.pack("!H", interval).hex(),
             "refresh_interval": interval}, 2, 0, 4)


def o_altcoa(a):
    b = __import__("ipaddress").IPv6Address(a).packed
    return (MIP6OptAltCoA(acoa=a),
            {"type": 3, "length": 16, "data": b.hex(), "address": addr(a)}, 8, 6, 18)


def o_ni(h, c):
    return (MIP6OptNonceIndices(olen=4, hni=h, coni=c),
            {"type": 4, "length": 4, "data": struct.pack("!HH", h, c).hex(),
             "home_nonce_index": h, "careof_nonce_index": c}, 2, 0, 6)


def o_bad(auth12):
    return (MIP6OptBindingAuthData(olen=12, authenticator=int.from_bytes(auth12, "big")),
            {"type": 5, "length": 12, "data": auth12.hex(), "authenticator": auth12.hex()}, 8, 2, 14)


def o_mnp(plen, prefix):
    p = __import__("ipaddress").IPv6Address(prefix).packed
    return (MIP6OptMobNetPrefix(plen=plen, prefix=prefix),
            {"type": 6, "length": 18, "data": (b"\x00" + bytes([plen]) + p).hex(),
             "prefix_length": plen, "prefix": addr(prefix)}, 8, 4, 20)


def o_mnid(nai):
    return (MIP6OptMNID(subtype=1, id=nai),
            {"type": 8, "length": 1 + len(nai), "data": (b"\x01" + nai).hex(),
             "subtype": 1, "identifier": nai.hex()}, 0, 0, 3 + len(nai))


def o_auth(subtype, spi, data):
    return (MIP6OptMsgAuth(subtype=subtype, mspi=spi, authdata=data),
            {"type": 9, "length": 5 + len(data), "data": (bytes([subtype]) + struct.pack("!I", spi) + data).hex(),
             "subtype": subtype, "spi": spi, "auth_data": data.hex()}, 4, 1, 7 + len(data))


def o_replay(ts):
    return (MIP6OptReplayProtection(timestamp=ts),
            {"type": 10, "length": 8, "data": struct.pack("!Q", ts).hex(), "timestamp": ts}, 8, 2, 10)


def o_raw(otype, data, aligned=False):
    cls = ExperimentalOption8n6 if aligned else MIP6OptUnknown
    return (cls(otype=otype, odata=data),
            {"type": otype, "length": len(data), "data": data.hex()},
            8 if aligned else 0, 6 if aligned else 0, 2 + len(data))


def pad_expect(n):
    if n == 1:
        return [{"type": 0}]
    if n >= 2:
        return [{"type": 1, "length": n - 2, "data": "00" * (n - 2)}]
    return []


def laid_out(fixed_len, opts):
    """Expected option list with the padding RFC 6275 6.2 / 6.1 calls for: each option at its
    xn+y alignment from the start of the Mobility Header, the message a multiple of 8 octets."""
    out = []
    pos = fixed_len
    for _, exp, x, y, ln in opts:
        if x:
            delta = (y - pos) % x
            out += pad_expect(delta)
            pos += delta
        out.append(exp)
        pos += ln
    out += pad_expect((8 - pos % 8) % 8)
    return out, pos + (8 - pos % 8) % 8


# ---------------------------------------------------------------- packet assembly

CORPUS = []


def emit(name, pkt, expect):
    b = raw(pkt)
    src, dst, w = rfc_pseudo_addresses(b)
    upper = bytearray(b[w["upper_offset"]:])
    ck_off = 4 if w["upper_proto"] == 135 else 2
    got = struct.unpack("!H", upper[ck_off:ck_off + 2])[0]
    upper[ck_off:ck_off + 2] = b"\x00\x00"
    want = upper_layer_checksum(src, dst, w["upper_proto"], upper)
    if got != want:
        sys.exit("scapy_build: %s: Scapy's checksum 0x%04x differs from the RFC's 0x%04x" % (name, got, want))
    e = {"src": addr(b[8:24]), "dst": addr(b[24:40]), "hlim": b[7],
         "next_headers": w["next_headers"], "hoa": w["hoa"], "rh2": w["rh2"],
         "rh2_segleft": w["rh2_segleft"], "checksum": want}
    e.update(expect)
    if any(c["name"] == name for c in CORPUS):
        sys.exit("scapy_build: duplicate name " + name)
    CORPUS.append({"name": name, "hex": b.hex(), "expect": e})


def wrap(msg, mode, src, dst, proto):
    """Puts an MH or ICMPv6 message into IPv6 as `mode` says and returns (packet, header expect).

    plain: src -> dst.  hao: CoA -> dst with a Home Address option carrying src (RFC 6275 6.3).
    rh2: src -> CoA with a Type 2 routing header carrying dst, the HoA (RFC 6275 6.4)."""
    if mode == "plain":
        return IPv6(src=src, dst=dst) / msg, [proto]
    if mode == "hao":
        return IPv6(src=COA, dst=dst) / IPv6ExtHdrDestOpt(options=[HAO(hoa=src)]) / msg, [60, proto]
    if mode == "rh2":
        return IPv6(src=src, dst=COA) / IPv6ExtHdrRouting(type=2, segleft=1, addresses=[dst]) / msg, [43, proto]
    raise ValueError(mode)


def mh(name, msg, mode, src, dst, fixed_len, opts, fields):
    options, total = laid_out(fixed_len, opts)
    msg.options = [o[0] for o in opts]
    pkt, chain = wrap(msg, mode, src, dst, 135)
    e = {"upper": "mh", "mh_type": msg.mhtype, "mh_len": total // 8 - 1, "mh_payload_proto": 59,
         "mh_reserved": 0, "options": options}
    e.update(fields)
    emit(name + "/" + mode, pkt, e)
    assert CORPUS[-1]["expect"]["next_headers"] == chain, (name, chain)


def opt_name(opts):
    return "+".join(o[1]["type"].__str__() for o in opts) or "none"


AUTH12 = bytes(range(0xA0, 0xAC))
NAI = b"mn1@example.org"
HMAC_SHA256_96 = bytes(range(0x10, 0x1C))
TWO_HAS = __import__("ipaddress").IPv6Address(HA2).packed + __import__("ipaddress").IPv6Address(HA3).packed


def build_mh():
    # Binding Refresh Request (6.1.2): CN or HA to the MN, at home (plain) or away (RH2).
    for mode in ("plain", "rh2"):
        for opts in ([], [o_raw(200, b"\x01\x02\x03")]):
            mh("brr/opts=" + opt_name(opts), MIP6MH_BRR(res2=0), mode, CN, HOA, 8, opts,
               {"reserved": 0})

    # HoTI / CoTI (6.1.3, 6.1.4): no extension header; HoTI is reverse-tunnelled from the HoA.
    for cookie in (bytes(range(1, 9)), b"\xff" * 8):
        mh("hoti/cookie=" + cookie.hex(), MIP6MH_HoTI(cookie=cookie), "plain", HOA, CN, 16, [],
           {"reserved": 0, "cookie": cookie.hex()})
    for reserved in (0x0000, 0x0100):
        cookie = bytes(range(0x21, 0x29))
        mh("coti/reserved=%04x" % reserved, MIP6MH_CoTI(reserved=struct.pack("!H", reserved), cookie=cookie),
           "plain", COA, CN, 16, [], {"reserved": reserved, "cookie": cookie.hex()})

    # HoT / CoT (6.1.5, 6.1.6)
    for cls, typ, dst in ((MIP6MH_HoT, "hot", HOA), (MIP6MH_CoT, "cot", COA)):
        for index in (0, 0xBEEF):
            cookie, token = bytes(range(0x31, 0x39)), bytes(range(0x41, 0x49))
            mh("%s/index=%d" % (typ, index), cls(index=index, cookie=cookie, token=token), "plain", CN, dst,
               24, [], {"nonce_index": index, "cookie": cookie.hex(), "keygen_token": token.hex()})

    # Binding Update (6.1.7): home registrations (A|H ...) to the HA, RR registrations to a CN.
    bu_option_sets = [
        [],
        [o_altcoa(COA)],
        [o_altcoa(COA), o_mnp(64, "2001:db8:99::")],
        [o_mnp(64, "2001:db8:99::"), o_mnp(48, "2001:db8:aa::")],
        [o_mnid(NAI), o_auth(1, 0x100, HMAC_SHA256_96)],
        [o_replay(0xDEADBEEF01020304), o_auth(1, 0x100, HMAC_SHA256_96)],
        [o_altcoa(COA), o_raw(18, TWO_HAS)],
        [o_raw(18, TWO_HAS, aligned=True)],
        [o_raw(200, b"\xde\xad\xbe\xef\x00")],
    ]
    home_flags = (0xC000, 0xE000, 0xD000, 0xC400, 0xC800, 0xCC00)
    seqs = (0, 1, 0x7FFF, 0xFFFF)
    n = 0
    for flags in home_flags:
        for opts in bu_option_sets:
            for mode in ("hao", "plain"):
                seq, lifetime = seqs[n % 4], (105, 0, 0xFFFF)[n % 3]
                n += 1
                bu = MIP6MH_BU(seq=seq, flags=flags >> 9, reserved=flags & 0x1FF, mhtime=lifetime)
                mh("bu/flags=%04x/opts=%s/seq=%d/life=%d" % (flags, opt_name(opts), seq, lifetime), bu, mode,
                   HOA, HA, 12, opts, {"seq": seq, "flags": flags, "lifetime": lifetime})
    # To a correspondent: Nonce Indices then Binding Authorization Data (must be last, 6.2.7).
    for flags in (0x0000, 0x8000):
        for opts in ([o_ni(1, 2), o_bad(AUTH12)], [o_altcoa(COA), o_ni(0xFFFF, 0), o_bad(AUTH12)], []):
            for mode in ("hao", "plain"):
                bu = MIP6MH_BU(seq=42, flags=flags >> 9, reserved=0, mhtime=60)
                mh("bu-cn/flags=%04x/opts=%s" % (flags, opt_name(opts)), bu, mode, HOA, CN, 12, opts,
                   {"seq": 42, "flags": flags, "lifetime": 60})

    # Binding Acknowledgement (6.1.8): to the MN at home (plain) or away (RH2).
    for status in (0, 1) + tuple(range(128, 140)):
        for mode in ("rh2", "plain"):
            ba = MIP6MH_BA(status=status, flags=0, res2=0, seq=7, mhtime=0 if status >= 128 else 105)
            mh("ba/status=%d" % status, ba, mode, HA, HOA, 12, [],
               {"status": status, "flags": 0, "seq": 7, "lifetime": 0 if status >= 128 else 105})
    for flags in (0x80, 0x40, 0xC0):
        for opts in ([o_bra(100)], [o_bra(100), o_bad(AUTH12)], [o_auth(1, 0x100, HMAC_SHA256_96)],
                     [o_mnp(64, "2001:db8:99::")]):
            for mode in ("rh2", "plain"):
                ba = MIP6MH_BA(status=0, flags=flags >> 5, res2=0, seq=0xFFFF, mhtime=0xFFFF)
                mh("ba/flags=%02x/opts=%s" % (flags, opt_name(opts)), ba, mode, HA, HOA, 12, opts,
                   {"status": 0, "flags": flags, "seq": 0xFFFF, "lifetime": 0xFFFF})

    # Binding Error (6.1.9): sent to the source of the offending packet, the CoA for status 1.
    for status, dst in ((1, COA), (2, HOA)):
        for mode in ("plain", "rh2"):
            if status == 1 and mode == "rh2":
                continue
            be = MIP6MH_BE(status=status, ha=HOA)
            mh("be/status=%d" % status, be, mode, CN, dst, 24, [], {"status": status, "home_address": HOA})


# ---------------------------------------------------------------- ICMPv6

def icmp(name, msg, mode, src, dst, fields):
    pkt, chain = wrap(msg, mode, src, dst, 58)
    e = {"upper": "icmpv6"}
    e.update(fields)
    emit(name + "/" + mode, pkt, e)
    assert CORPUS[-1]["expect"]["next_headers"] == chain, (name, chain)


def prefix_opt(prefix, plen, flags, valid, preferred):
    o = ICMPv6NDOptPrefixInfo(prefix=prefix, prefixlen=plen, L=flags >> 7 & 1, A=flags >> 6 & 1,
                              R=flags >> 5 & 1, validlifetime=valid, preferredlifetime=preferred)
    return o, {"prefix": addr(prefix), "prefix_length": plen, "flags": flags,
               "valid_lifetime": valid, "preferred_lifetime": preferred}


def build_icmp():
    # DHAAD (RFC 6275 6.5, 6.6; R bit RFC 3963 4.2)
    for r in (0, 1):
        icmp("dhaad-request/r=%d" % r, ICMPv6HAADRequest(id=0x1234, R=r), "plain", COA, HA_ANYCAST,
             {"icmp_type": 144, "icmp_code": 0, "id": 0x1234, "flags": r << 15})
    for has in ([], [HA], [HA, HA2, HA3]):
        icmp("dhaad-reply/n=%d" % len(has), ICMPv6HAADReply(id=0xABCD, R=0, addresses=has), "plain", HA, COA,
             {"icmp_type": 145, "icmp_code": 0, "id": 0xABCD, "flags": 0,
              "ha_addresses": [addr(a) for a in has]})

    # Mobile Prefix Solicitation / Advertisement (6.7, 6.8): MPS with a HAO, MPA with an RH2.
    for mode in ("hao", "plain"):
        icmp("mps", ICMPv6MPSol(id=0x0102), mode, HOA, HA,
             {"icmp_type": 146, "icmp_code": 0, "id": 0x0102, "reserved": 0})
    for flags, prefixes in ((0x8000, [("2001:db8:1::", 64, 0xE0, 86400, 14400)]),
                            (0x4000, [("2001:db8:1::", 64, 0xC0, 86400, 14400),
                                      ("2001:db8:5::", 64, 0x40, 0xFFFFFFFF, 0xFFFFFFFF)])):
        built = [prefix_opt(*p) for p in prefixes]
        msg = ICMPv6MPAdv(id=0x0102, flags=flags >> 14, res=0)
        for o, _ in built:
            msg = msg / o
        for mode in ("rh2", "plain"):
            icmp("mpa/flags=%04x/n=%d" % (flags, len(prefixes)), msg.copy(), mode, HA, HOA,
                 {"icmp_type": 147, "icmp_code": 0, "id": 0x0102, "flags": flags,
                  "nd_options": [{"type": 3, "length": 4}] * len(prefixes),
                  "prefixes": [b for _, b in built]})

    # Router Advertisement with the H bit and the Home Agent Information option (7.1, 7.4).
    for pref, lifetime, hflag in ((0, 1800, 1), (10, 600, 1), (-1, 65535, 1), (None, None, 0)):
        flags = (hflag << 5) | (1 << 3)  # H, Prf 01 (high, RFC 4191 2.2: Scapy's default)
        o, pexp = prefix_opt("2001:db8:1::1", 64, 0xE0, 86400, 14400)
        msg = ICMPv6ND_RA(chlim=64, H=hflag, prf=1, routerlifetime=1800, reachabletime=0, retranstimer=0) \
            / ICMPv6NDOptSrcLLAddr(lladdr=MAC) / o
        nd = [{"type": 1, "length": 1}, {"type": 3, "length": 4}]
        if pref is not None:
            msg = msg / ICMPv6NDOptHAInfo(pref=pref & 0xFFFF, lifetime=lifetime)
            nd.append({"type": 8, "length": 1})
        icmp("ra/h=%d/pref=%s" % (hflag, pref), msg, "plain", HOME_LL_ROUTER, "ff02::1",
             {"icmp_type": 134, "icmp_code": 0, "cur_hop_limit": 64, "flags": flags, "router_lifetime": 1800,
              "reachable_time": 0, "retrans_timer": 0, "nd_options": nd, "prefixes": [pexp],
              "ha_pref": pref, "ha_lifetime": lifetime})

    # Parameter Problem (RFC 4443 3.4) answering what a kernel without MIPv6 rejects:
    # code 2 at the Home Address option type, code 0 at the Type 2 RH Routing Type field,
    # code 1 for a legacy CoTI answered by a Mobility Agent (DESIGN section 3).
    bu = raw(IPv6(src=COA, dst=HA) / IPv6ExtHdrDestOpt(options=[HAO(hoa=HOA)])
             / MIP6MH_BU(seq=1, flags=0x60, mhtime=105, options=[MIP6OptAltCoA(acoa=COA)]))
    ba = raw(IPv6(src=HA, dst=COA) / IPv6ExtHdrRouting(type=2, segleft=1, addresses=[HOA])
             / MIP6MH_BA(status=0, flags=0, seq=1, mhtime=105))
    coti = raw(IPv6(src=COA, dst=CN) / MIP6MH_CoTI(cookie=b"\x01" * 8))
    for code, ptr, invoking, src, dst in ((2, 46, bu, HA, COA), (0, 42, ba, COA, HA), (1, 6, coti, CN, COA)):
        icmp("param-problem/code=%d" % code, ICMPv6ParamProblem(code=code, ptr=ptr) / invoking, "plain", src, dst,
             {"icmp_type": 4, "icmp_code": code, "pointer": ptr, "invoking": invoking.hex()})

    # Neighbour Solicitation / proxy Neighbour Advertisement for a HoA on the home link.
    icmp("ns", ICMPv6ND_NS(tgt=HOA) / ICMPv6NDOptSrcLLAddr(lladdr=MAC), "plain", "fe80::2", "ff02::1:ff00:100",
         {"icmp_type": 135, "icmp_code": 0, "target": HOA, "nd_options": [{"type": 1, "length": 1}]})
    icmp("na-proxy", ICMPv6ND_NA(R=1, S=0, O=1, tgt=HOA) / ICMPv6NDOptDstLLAddr(lladdr=MAC), "plain", HA, "ff02::1",
         {"icmp_type": 136, "icmp_code": 0, "flags": 0xA0, "target": HOA, "nd_options": [{"type": 2, "length": 1}]})


def main():
    build_mh()
    build_icmp()
    out = sys.stdout
    for c in CORPUS:
        out.write(json.dumps(c, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
