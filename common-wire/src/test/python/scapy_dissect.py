#!/usr/bin/python3
"""Dissects IPv6 packets with Scapy and prints what Scapy saw, as JSON Lines.

Input (stdin): one packet per line, hex from the IPv6 fixed header on (blank lines skipped).
Output (stdout): one JSON object per input line, in the same order, with the neutral field names
documented at the top of scapy_build.py, plus:
  "index"                0-based line number of the packet among the non-blank input lines
  "layers"               Scapy class names from IPv6 down (e.g. ["IPv6", "IPv6ExtHdrDestOpt",
                         "MIP6MH_BU"]); the packet carried by a Parameter Problem is not walked
  "checksum_ok"          whether the MH / ICMPv6 checksum verifies with the RFC pseudo-header
                         (RFC 6275 6.1.1: HoA as source with a Home Address option, final
                         destination with a Type 2 routing header), summed by this script over
                         the packet bytes; when Scapy has no MH / ICMPv6 layer (an ICMPv6 type
                         it lacks a class for), over the upper layer the plain header walk finds;
                         null when that is neither MH nor ICMPv6
  "scapy_checksum_ok"    whether Scapy's own in6_chksum() over the dissected layers gives the
                         checksum field's value
  "scapy_checksum_quirk" null when both verdicts agree, else why they differ. Known: Scapy's
                         in6_pseudoheader() takes the Home Address option only when the
                         Destination Options header holds exactly one option; a dissected header
                         also holds the PadN that aligns the HAO (8n+6), so Scapy falls back to
                         the CoA and disagrees with RFC 6275 on every such packet.
  "upper_hex"            the bytes after the extension-header chain as mip6_common.walk_headers
                         finds it (not Scapy): lets a caller compare raw what Scapy has no
                         class for (e.g. ICMPv6 type 154, left as Raw)
  "errors"               list of strings: bytes Scapy left as Raw or Padding, unknown MH type
                         (MIP6MH_Generic), option lengths that disagree with Scapy's fixed layout,
                         an undecodable input line. Empty when Scapy dissected everything.
"""

import json
import struct
import sys
import os

from scapy.all import (IPv6, raw, Raw, Padding, IPerror6, HAO, Pad1, PadN,
                       IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrHopByHop, IPv6ExtHdrFragment,
                       IPv6ExtHdrSegmentRouting,
                       MIP6MH_BRR, MIP6MH_HoTI, MIP6MH_CoTI, MIP6MH_HoT, MIP6MH_CoT,
                       MIP6MH_BU, MIP6MH_BA, MIP6MH_BE, MIP6MH_Generic,
                       MIP6OptBRAdvice, MIP6OptAltCoA, MIP6OptNonceIndices,
                       MIP6OptBindingAuthData, MIP6OptMobNetPrefix, MIP6OptMNID,
                       MIP6OptMsgAuth, MIP6OptReplayProtection,
                       ICMPv6HAADRequest, ICMPv6HAADReply, ICMPv6MPSol, ICMPv6MPAdv,
                       ICMPv6ND_RA, ICMPv6ND_RS, ICMPv6ND_NS, ICMPv6ND_NA, ICMPv6NDOptHAInfo,
                       ICMPv6NDOptPrefixInfo, ICMPv6ParamProblem, ICMPv6EchoRequest, ICMPv6EchoReply)
from scapy.layers.inet6 import in6_chksum, _ICMPv6, _MobilityHeader

sys.dont_write_bytecode = True  # keep src/test/python free of __pycache__
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mip6_common import addr, rfc_checksum_ok, signed16, walk_headers  # noqa: E402

EXT = (IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, IPv6ExtHdrHopByHop, IPv6ExtHdrFragment, IPv6ExtHdrSegmentRouting)


def u16(b):
    return struct.unpack("!H", bytes(b))[0]


def option(o, errors):
    b = raw(o)
    if isinstance(o, Pad1):
        return {"type": 0}
    d = {"type": b[0], "length": b[1], "data": b[2:].hex()}
    if len(b) != 2 + b[1]:
        errors.append("mobility option %d: length field %d but Scapy's layout takes %d bytes"
                      % (b[0], b[1], len(b) - 2))
    if isinstance(o, MIP6OptBRAdvice):
        d["refresh_interval"] = o.rinter
    elif isinstance(o, MIP6OptAltCoA):
        d["address"] = addr(o.acoa)
    elif isinstance(o, MIP6OptNonceIndices):
        d["home_nonce_index"], d["careof_nonce_index"] = o.hni, o.coni
    elif isinstance(o, MIP6OptBindingAuthData):
        d["authenticator"] = o.authenticator.to_bytes(12, "big").hex()
    elif isinstance(o, MIP6OptMobNetPrefix):
        d["prefix_length"], d["prefix"] = o.plen, addr(o.prefix)
    elif isinstance(o, MIP6OptMNID):
        d["subtype"], d["identifier"] = o.subtype, bytes(o.id).hex()
    elif isinstance(o, MIP6OptMsgAuth):
        d["subtype"], d["spi"], d["auth_data"] = o.subtype, o.mspi, bytes(o.authdata).hex()
    elif isinstance(o, MIP6OptReplayProtection):
        d["timestamp"] = o.timestamp
    return d


def mobility(m, e, errors):
    b = raw(m)
    e.update({"upper": "mh", "mh_type": b[2], "mh_len": b[1], "mh_payload_proto": b[0],
              "mh_reserved": b[3], "checksum": u16(b[4:6])})
    if isinstance(m, MIP6MH_Generic):
        errors.append("MH type %d unknown to Scapy (MIP6MH_Generic)" % b[2])
        return
    if isinstance(m, MIP6MH_BRR):
        e["reserved"] = m.res2
    elif isinstance(m, (MIP6MH_HoTI, MIP6MH_CoTI)):
        e["reserved"], e["cookie"] = u16(m.reserved), bytes(m.cookie).hex()
    elif isinstance(m, (MIP6MH_HoT, MIP6MH_CoT)):
        e["nonce_index"], e["cookie"], e["keygen_token"] = m.index, bytes(m.cookie).hex(), bytes(m.token).hex()
    elif isinstance(m, MIP6MH_BU):
        e["seq"], e["flags"], e["lifetime"] = m.seq, (int(m.flags) << 9) | m.reserved, m.mhtime
    elif isinstance(m, MIP6MH_BA):
        e["status"], e["flags"], e["seq"], e["lifetime"] = m.status, (int(m.flags) << 5) | m.res2, m.seq, m.mhtime
    elif isinstance(m, MIP6MH_BE):
        e["status"], e["home_address"] = m.status, addr(m.ha)
    e["options"] = [option(o, errors) for o in m.options]


def nd_options(first):
    """The ND options Scapy chained after an ICMPv6 message (they are payload layers)."""
    opts, prefixes, ha = [], [], None
    o = first
    while o is not None and not isinstance(o, (Raw, Padding)) and o.__class__.__name__ != "NoPayload":
        b = raw(o)
        opts.append({"type": b[0], "length": b[1]})
        if isinstance(o, ICMPv6NDOptPrefixInfo):
            prefixes.append({"prefix": addr(o.prefix), "prefix_length": o.prefixlen,
                             "flags": (o.L << 7) | (o.A << 6) | (o.R << 5) | o.res1,
                             "valid_lifetime": o.validlifetime, "preferred_lifetime": o.preferredlifetime})
        if isinstance(o, ICMPv6NDOptHAInfo):
            ha = o
        o = o.payload if o.payload else None
    return opts, prefixes, ha


def icmpv6(m, e):
    b = raw(m)
    e.update({"upper": "icmpv6", "icmp_type": b[0], "icmp_code": b[1], "checksum": u16(b[2:4])})
    if isinstance(m, ICMPv6HAADRequest):
        e["id"], e["flags"] = m.id, (m.R << 15) | m.res
    elif isinstance(m, ICMPv6HAADReply):
        e["id"], e["flags"] = m.id, (m.R << 15) | m.res
        e["ha_addresses"] = [addr(a) for a in (m.addresses or [])]
    elif isinstance(m, ICMPv6MPSol):
        e["id"], e["reserved"] = m.id, m.res
    elif isinstance(m, ICMPv6MPAdv):
        e["id"], e["flags"] = m.id, (int(m.flags) << 14) | m.res
        e["nd_options"], e["prefixes"], _ = nd_options(m.payload)
    elif isinstance(m, ICMPv6ND_RA):
        e.update({"cur_hop_limit": m.chlim, "flags": b[5], "router_lifetime": m.routerlifetime,
                  "reachable_time": m.reachabletime, "retrans_timer": m.retranstimer})
        e["nd_options"], e["prefixes"], ha = nd_options(m.payload)
        e["ha_pref"] = signed16(ha.pref) if ha is not None else None
        e["ha_lifetime"] = ha.lifetime if ha is not None else None
    elif isinstance(m, ICMPv6ParamProblem):
        e["pointer"] = m.ptr
        e["invoking"] = raw(m.payload).hex()
    elif isinstance(m, ICMPv6ND_NS):
        e["target"] = addr(m.tgt)
        e["nd_options"], _, _ = nd_options(m.payload)
    elif isinstance(m, ICMPv6ND_NA):
        e["flags"], e["target"] = b[4], addr(m.tgt)
        e["nd_options"], _, _ = nd_options(m.payload)
    elif isinstance(m, ICMPv6ND_RS):
        e["reserved"] = m.res
        e["nd_options"], _, _ = nd_options(m.payload)
    elif isinstance(m, (ICMPv6EchoRequest, ICMPv6EchoReply)):
        e["id"], e["seq"], e["data"] = m.id, m.seq, bytes(m.data).hex()


def scapy_checksum_ok(layer, proto):
    """What Scapy itself computes for the dissected layer (checksum field zeroed)."""
    b = bytearray(raw(layer))
    off = 4 if proto == 135 else 2
    field = u16(b[off:off + 2])
    b[off:off + 2] = b"\x00\x00"
    return in6_chksum(proto, layer.underlayer, bytes(b)) == field


def dissect(hexline, index):
    e = {"index": index, "errors": []}
    errors = e["errors"]
    try:
        data = bytes.fromhex(hexline)
    except ValueError as ex:
        errors.append("input is not hex: %s" % ex)
        return e
    p = IPv6(data)
    e.update({"src": addr(p.src), "dst": addr(p.dst), "hlim": p.hlim, "next_headers": [],
              "hoa": None, "rh2": None, "rh2_segleft": None, "upper": None})
    layers = []
    layer = p
    upper = None
    while layer is not None and layer.__class__.__name__ != "NoPayload":
        layers.append(layer.__class__.__name__)
        if isinstance(layer, (Raw, Padding)):
            errors.append("%d bytes left undissected (%s) after %s"
                          % (len(layer.load), layer.__class__.__name__, layers[-2] if len(layers) > 1 else "?"))
            break
        if layer is not p and not isinstance(layer, EXT):
            upper = layer
            break
        if hasattr(layer, "nh"):
            e["next_headers"].append(layer.nh)
        if isinstance(layer, IPv6ExtHdrDestOpt):
            for o in layer.options:
                if isinstance(o, HAO):
                    e["hoa"] = addr(o.hoa)
        if isinstance(layer, IPv6ExtHdrRouting) and layer.type == 2:
            e["rh2"] = addr(layer.addresses[0]) if layer.addresses else None
            e["rh2_segleft"] = layer.segleft
        layer = layer.payload
    if upper is not None:
        # walk the rest of the layers for the report, not into an ICMPv6 error's invoking packet
        rest = upper.payload
        while rest is not None and rest.__class__.__name__ != "NoPayload" and not isinstance(rest, IPerror6):
            layers.append(rest.__class__.__name__)
            if isinstance(rest, (Raw, Padding)) and not isinstance(upper, ICMPv6ParamProblem):
                errors.append("%d bytes left undissected (%s) after %s"
                              % (len(rest.load), rest.__class__.__name__, layers[-2]))
            rest = rest.payload
        if isinstance(rest, IPerror6):
            layers.append("IPerror6")
    e["layers"] = layers
    if isinstance(upper, _MobilityHeader):
        mobility(upper, e, errors)
        proto = 135
    elif isinstance(upper, _ICMPv6):
        icmpv6(upper, e)
        proto = 58
    else:
        proto = None
        if upper is not None:
            errors.append("upper layer %s is neither MH nor ICMPv6" % upper.__class__.__name__)
    if proto is not None:
        e["checksum_ok"] = rfc_checksum_ok(data)
        e["scapy_checksum_ok"] = scapy_checksum_ok(upper, proto)
        e["scapy_checksum_quirk"] = None
        if e["checksum_ok"] != e["scapy_checksum_ok"]:
            dest = [l for l in layers if l == "IPv6ExtHdrDestOpt"]
            why = ("Scapy's in6_pseudoheader uses the HAO only when it is the sole option of the "
                   "Destination Options header; here the header also holds padding, so Scapy "
                   "sums with the IPv6 source (CoA)") if dest and e["hoa"] else \
                "Scapy's pseudo-header differs from RFC 6275 6.1.1 for this packet"
            e["scapy_checksum_quirk"] = why
    else:
        e["checksum_ok"] = rfc_checksum_ok(data)
        e["scapy_checksum_ok"] = None
        e["scapy_checksum_quirk"] = None
    if len(data) >= 40:
        end = min(len(data), 40 + struct.unpack("!H", data[4:6])[0])
        e["upper_hex"] = data[walk_headers(data)["upper_offset"]:end].hex()
    return e


def main():
    index = 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            e = dissect(line, index)
        except Exception as ex:  # Scapy itself failed: report it, go on with the next packet
            e = {"index": index, "errors": ["Scapy raised %s: %s" % (type(ex).__name__, ex)]}
        sys.stdout.write(json.dumps(e, sort_keys=True) + "\n")
        index += 1


if __name__ == "__main__":
    main()
