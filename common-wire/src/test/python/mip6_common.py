"""Helpers shared by scapy_build.py and scapy_dissect.py (no Scapy needed here).

These are deliberately written without Scapy so that the oracles do not check Scapy against
itself: the RFC 6275 checksum and the RFC 6275 section 6.2 / RFC 8200 section 4.2 option
alignment are computed here from the RFC text.
"""

import ipaddress
import struct


def addr(a):
    """RFC 5952 text of an IPv6 address given as text or 16 bytes."""
    if isinstance(a, (bytes, bytearray)):
        return ipaddress.IPv6Address(bytes(a)).compressed
    return ipaddress.IPv6Address(a).compressed


def ones_complement_sum(data):
    if len(data) % 2:
        data = bytes(data) + b"\x00"
    s = 0
    for (w,) in struct.iter_unpack("!H", bytes(data)):
        s += w
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def upper_layer_checksum(src, dst, next_header, upper):
    """RFC 8200 8.1 checksum of `upper` (checksum field zeroed by the caller) for src/dst."""
    pseudo = (ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address(dst).packed
              + struct.pack("!IxxxB", len(upper), next_header))
    return (~ones_complement_sum(pseudo + bytes(upper))) & 0xFFFF


def checksum_verifies(src, dst, next_header, upper):
    """Whether `upper`, checksum field included, sums to 0xFFFF with the pseudo-header."""
    pseudo = (ipaddress.IPv6Address(src).packed + ipaddress.IPv6Address(dst).packed
              + struct.pack("!IxxxB", len(upper), next_header))
    return ones_complement_sum(pseudo + bytes(upper)) == 0xFFFF


def walk_headers(pkt):
    """Walks the IPv6 extension-header chain of raw packet bytes without Scapy.

    Returns dict(next_headers=[...], upper_offset, upper_proto, hoa, rh2, rh2_segleft) where hoa
    is the Home Address option of a Destination Options header and rh2 the address of a
    Type 2 routing header (RFC 6275 6.3 and 6.4); None when absent.
    """
    pkt = bytes(pkt)
    nh = pkt[6]
    off = 40
    chain = []
    hoa = None
    rh2 = None
    rh2_segleft = None
    final_dst = None
    for _ in range(16):
        chain.append(nh)
        if nh not in (0, 43, 60) or off + 2 > len(pkt):
            break
        hlen = (pkt[off + 1] + 1) * 8
        body = pkt[off:off + hlen]
        if nh == 60:
            i = 2
            while i < len(body):
                t = body[i]
                if t == 0:
                    i += 1
                    continue
                if i + 1 >= len(body):
                    break
                ln = body[i + 1]
                if t == 0xC9 and ln == 16 and i + 18 <= len(body):
                    hoa = addr(body[i + 2:i + 18])
                i += 2 + ln
        elif nh == 43 and len(body) >= 8:
            rtype, segleft = body[2], body[3]
            if rtype == 2 and len(body) >= 24:
                rh2 = addr(body[8:24])
                rh2_segleft = segleft
            if segleft and len(body) >= 24:
                final_dst = addr(body[len(body) - 16:len(body)])
        nh = body[0] if body else 59
        off += hlen
    return dict(next_headers=chain, upper_offset=off, upper_proto=chain[-1] if chain else None,
                hoa=hoa, rh2=rh2, rh2_segleft=rh2_segleft, final_dst=final_dst)


def rfc_pseudo_addresses(pkt):
    """Source and destination of the checksum pseudo-header as RFC 6275 6.1.1 and RFC 8200 8.1 say:
    the Home Address option's address as source when present, the final destination (last
    address of a routing header with segments left) as destination."""
    w = walk_headers(pkt)
    src = w["hoa"] or addr(bytes(pkt)[8:24])
    dst = w["final_dst"] or addr(bytes(pkt)[24:40])
    return src, dst, w


def rfc_checksum_ok(pkt):
    """Whether the MH or ICMPv6 checksum of raw packet bytes verifies per the RFCs; None when
    the upper layer is neither."""
    src, dst, w = rfc_pseudo_addresses(pkt)
    if w["upper_proto"] not in (58, 135):
        return None
    upper = bytes(pkt)[w["upper_offset"]:]
    return checksum_verifies(src, dst, w["upper_proto"], upper)


def signed16(v):
    return v - 0x10000 if v & 0x8000 else v
