#!/usr/bin/python3
"""A fixed-rate UDP stream and what arrived of it: outages and loss at a home agent failure or a
handover.

    udpstream.py receive --bind ADDR --port P --duration S [--outage-ms MS] [--report FILE]
    udpstream.py send    --to ADDR --port P --rate PPS --duration S [--size BYTES]
                         [--skip FIRST:LAST] [--report FILE]

Each datagram carries a 64-bit sequence number and the sender's wall-clock send time in
nanoseconds (both big-endian), padded to --size octets. The sender paces by an absolute
schedule (packet i leaves at start + i/rate), so a slow loop catches up instead of drifting.
--skip FIRST:LAST leaves those sequence numbers out (as a path that drops them would), to show
that the receiver counts them.

The receiver stops --duration seconds after its start and prints one JSON line: packets
received, the highest sequence number seen, lost (sequence numbers below it that never came),
duplicates, reordered, and every outage: a gap between two consecutive arrivals longer than
--outage-ms (default 20), with its start (wall clock, ISO 8601), its length in ms and the
sequence numbers missing across it; the longest outage in ms. The sender prints the packets it
sent. Exit status 0 when the receiver got at least one packet (1 otherwise, 2 for usage errors).
Standard library only; run with /usr/bin/python3.
"""

import argparse
import datetime
import json
import socket
import struct
import sys
import time

HEADER = struct.Struct("!QQ")


def iso(ns):
    return datetime.datetime.fromtimestamp(ns / 1e9, datetime.timezone.utc).isoformat(timespec="milliseconds")


def emit(result, report):
    line = json.dumps(result, separators=(",", ":"))
    print(line, flush=True)
    if report:
        with open(report, "w") as f:
            f.write(line + "\n")


def receive(a):
    sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.bind((a.bind, a.port))
    print("udpstream: receiving on [%s]:%d" % (a.bind, a.port), file=sys.stderr, flush=True)
    deadline = time.monotonic() + a.duration
    seen = set()
    received = duplicates = reordered = 0
    highest = -1
    last_arrival = None
    last_seq = None
    outages = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        sock.settimeout(min(left, 0.5))
        try:
            data = sock.recv(65535)
        except socket.timeout:
            continue
        now = time.time_ns()
        if len(data) < HEADER.size:
            continue
        seq, _sent = HEADER.unpack_from(data)
        if seq in seen:
            duplicates += 1
            continue
        seen.add(seq)
        received += 1
        if seq < highest:
            reordered += 1
        if last_arrival is not None and (now - last_arrival) / 1e6 > a.outage_ms:
            outages.append({"start": iso(last_arrival), "ms": round((now - last_arrival) / 1e6, 1),
                            "after_seq": last_seq, "resumed_seq": seq,
                            "missing": max(0, seq - last_seq - 1) if last_seq is not None else 0})
        last_arrival = now
        last_seq = seq
        highest = max(highest, seq)
    lost = (highest + 1 - received) if highest >= 0 else 0
    emit({"role": "receiver", "received": received, "highest_seq": highest, "lost": lost,
          "duplicates": duplicates, "reordered": reordered, "outage_threshold_ms": a.outage_ms,
          "outages": outages, "longest_outage_ms": max((o["ms"] for o in outages), default=0.0)}, a.report)
    return 0 if received > 0 else 1


def send(a):
    skip = None
    if a.skip:
        try:
            first, last = (int(x) for x in a.skip.split(":"))
        except ValueError:
            print("udpstream: --skip takes FIRST:LAST", file=sys.stderr)
            return 2
        skip = (first, last)
    sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    size = max(a.size, HEADER.size)
    pad = bytes(size - HEADER.size)
    interval = 1.0 / a.rate
    count = int(a.rate * a.duration)
    start = time.monotonic()
    sent = skipped = failed = 0
    for seq in range(count):
        due = start + seq * interval
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        if skip and skip[0] <= seq <= skip[1]:
            skipped += 1
            continue
        try:
            sock.sendto(HEADER.pack(seq, time.time_ns()) + pad, (a.to, a.port))
            sent += 1
        except OSError:
            failed += 1  # e.g. no route during a handover: the packet is lost, as on a link
    emit({"role": "sender", "sent": sent, "skipped": skipped, "send_failures": failed,
          "rate": a.rate, "seconds": round(time.monotonic() - start, 3)}, a.report)
    return 0


def main(argv):
    p = argparse.ArgumentParser(prog="udpstream.py", description="a fixed-rate UDP stream and its outages")
    sub = p.add_subparsers(dest="mode", required=True)
    r = sub.add_parser("receive")
    r.add_argument("--bind", required=True)
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--duration", type=float, required=True)
    r.add_argument("--outage-ms", type=float, default=20.0)
    r.add_argument("--report")
    s = sub.add_parser("send")
    s.add_argument("--to", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--rate", type=float, required=True)
    s.add_argument("--duration", type=float, required=True)
    s.add_argument("--size", type=int, default=64)
    s.add_argument("--skip")
    s.add_argument("--report")
    a = p.parse_args(argv)
    if a.mode == "receive":
        if a.duration <= 0 or a.outage_ms <= 0:
            p.error("--duration and --outage-ms must be positive")
        return receive(a)
    if a.rate <= 0 or a.duration <= 0 or a.rate * a.duration > 10_000_000:
        p.error("--rate and --duration must be positive and give at most 10 million packets")
    return send(a)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
