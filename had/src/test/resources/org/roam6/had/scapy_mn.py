# The mobile node, played by Scapy (an oracle independent of roam6's codecs): sends a home
# Binding Update with a Home Address option and an Alternate Care-of Address option to the home
# agent and prints the Binding Acknowledgement that comes back, as hex, or "NO BA".
# usage: scapy_mn.py IFACE HA HOA COA SEQ LIFETIME_UNITS
import sys
import time
from scapy.all import conf, send, raw, AsyncSniffer
from scapy.layers.inet6 import IPv6, IPv6ExtHdrDestOpt, HAO, MIP6MH_BU, MIP6OptAltCoA, MIP6MH_BA

conf.verb = 0
iface, ha, hoa, coa, seq, life = sys.argv[1:7]
sniffer = AsyncSniffer(iface=iface, lfilter=lambda p: p.haslayer(MIP6MH_BA), count=1, timeout=8)
sniffer.start()
time.sleep(0.5)
bu = (IPv6(src=coa, dst=ha)
      / IPv6ExtHdrDestOpt(options=[HAO(hoa=hoa)])
      / MIP6MH_BU(seq=int(seq), flags="AH", mhtime=int(life), options=[MIP6OptAltCoA(acoa=coa)]))
send(bu, iface=iface)
sniffer.join(9)
got = sniffer.results or []
if not got:
    print("NO BA")
    sys.exit(1)
ba = got[0]
print("STATUS", ba[MIP6MH_BA].status)
print("HEX", raw(ba[IPv6]).hex())
