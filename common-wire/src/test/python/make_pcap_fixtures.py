#!/usr/bin/python3
"""Writes the pcap fixtures of src/test/resources/oracle/ with Scapy, tcpdump and editcap.

Run from common-wire: /usr/bin/python3 src/test/python/make_pcap_fixtures.py src/test/resources/oracle
The fixtures are committed so that PcapReader's tests need none of these tools; pcap-fixtures.json
lists, per file, its link type, byte order, timestamp resolution and the records it holds:
{"ipv6": hex} for an IPv6 packet, {"not_ipv6": true} for another frame, with the timestamp in
nanoseconds since the epoch.
"""

import json
import os
import subprocess
import sys

from scapy.all import (Ether, Dot1Q, Dot1AD, IPv6, IP, UDP, ICMPv6EchoRequest, IPv6ExtHdrDestOpt, HAO,
                       MIP6MH_BU, MIP6OptAltCoA, CookedLinux, CookedLinuxV2, ARP, raw, RawPcapWriter)

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)

BU = raw(IPv6(src="2001:db8:2::100", dst="2001:db8:1::1") / IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8:1::100")])
         / MIP6MH_BU(seq=1, flags=0x60, mhtime=105, options=[MIP6OptAltCoA(acoa="2001:db8:2::100")]))
ECHO = raw(IPv6(src="2001:db8::1", dst="2001:db8::2", hlim=7) / ICMPv6EchoRequest(id=7, seq=1, data=b"roam6"))
V4 = raw(IP(src="192.0.2.1", dst="192.0.2.2") / UDP(sport=1, dport=2))
T0 = 1700000000  # seconds


def write(name, linktype, frames, endianness="", nano=False):
    """frames: list of (frame bytes, ipv6 bytes or None)."""
    path = os.path.join(out_dir, name)
    w = RawPcapWriter(path, linktype=linktype, endianness=endianness, nano=nano)
    w.write_header(None)
    recs = []
    for i, (frame, ip6) in enumerate(frames):
        sec, frac = T0 + i, (123456789 if nano else 123456) + i
        w.write_packet(frame, sec=sec, usec=frac)
        ns = sec * 10**9 + (frac if nano else frac * 1000)
        recs.append({"ipv6": ip6.hex(), "ts_ns": ns} if ip6 is not None else {"not_ipv6": True, "ts_ns": ns})
    w.close()
    return name, {"linktype": linktype, "big_endian": endianness == ">", "nano": nano, "records": recs}



fixtures = dict([
    write("scapy-ethernet.pcap", 1, [
        (raw(Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02", type=0x86DD) / BU), BU),
        (raw(Ether(src="02:00:00:00:00:01", dst="ff:ff:ff:ff:ff:ff") / ARP()), None),
        (raw(Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02") / Dot1Q(vlan=5, type=0x86DD) / ECHO), ECHO),
        (raw(Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02", type=0x88A8) / Dot1AD(vlan=9, type=0x8100)
             / Dot1Q(vlan=5, type=0x86DD) / BU), BU),
        (raw(Ether(src="02:00:00:00:00:01", dst="02:00:00:00:00:02", type=0x0800) / V4), None),
    ]),
    write("scapy-raw101.pcap", 101, [(BU, BU), (V4, None), (ECHO, ECHO)]),
    write("scapy-ipv6-229.pcap", 229, [(ECHO, ECHO), (BU, BU)]),
    write("scapy-sll.pcap", 113, [(raw(CookedLinux(pkttype=0, proto=0x86DD) / BU), BU),
                                  (raw(CookedLinux(pkttype=4, proto=0x0800) / V4), None)]),
    write("scapy-sll2.pcap", 276, [(raw(CookedLinuxV2(proto=0x86DD) / ECHO), ECHO),
                                   (raw(CookedLinuxV2(proto=0x0806) / ARP()), None)]),
    write("scapy-bigendian-nano.pcap", 1, [(raw(Ether(type=0x86DD) / BU), BU), (raw(Ether(type=0x86DD) / ECHO), ECHO)],
          endianness=">", nano=True),
])

# Rewritten by the capture tools themselves: tcpdump (libpcap's writer) and editcap (wiretap's).
src = os.path.join(out_dir, "scapy-ethernet.pcap")
subprocess.run(["tcpdump", "-r", src, "-w", os.path.join(out_dir, "tcpdump-ethernet.pcap")], check=True,
               stderr=subprocess.DEVNULL, timeout=60)
fixtures["tcpdump-ethernet.pcap"] = dict(fixtures["scapy-ethernet.pcap"])
subprocess.run(["editcap", "-F", "nsecpcap", src, os.path.join(out_dir, "editcap-ethernet-nsec.pcap")], check=True,
               timeout=60)
fixtures["editcap-ethernet-nsec.pcap"] = dict(fixtures["scapy-ethernet.pcap"], nano=True)

with open(os.path.join(out_dir, "pcap-fixtures.json"), "w") as f:
    json.dump(fixtures, f, indent=1, sort_keys=True)
    f.write("\n")
