# A minimal DHAAD responder for SignallingByHand runs (RFC 6275 6.5, 6.6): on a home agent host
# with the Home-Agents anycast address added, leaves the first request unanswered (so the
# retransmission is seen) and answers the second with the two given home agents.
# Usage: python3 dhaad-responder.py <own address> <other home agent>
import socket, sys
ha1, ha2 = sys.argv[1], sys.argv[2]
r = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
r.settimeout(20)
w = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
w.bind((ha1, 0))
seen = 0
while True:
    data, addr = r.recvfrom(2000)
    if data[0] != 144:
        continue
    seen += 1
    print("responder: DHAAD Request %d from %s id %d" % (seen, addr[0], int.from_bytes(data[4:6], "big")), flush=True)
    if seen < 2:
        continue  # let the first one go unanswered: the retransmission must come
    reply = bytes([145, 0, 0, 0]) + data[4:6] + b"\0\0" + socket.inet_pton(socket.AF_INET6, ha1) + socket.inet_pton(socket.AF_INET6, ha2)
    w.sendto(reply, (addr[0], 0))
    print("responder: replied", flush=True)
    break
