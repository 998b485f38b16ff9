#!/usr/bin/python3
"""End-to-end TCP check: one connection, a verifiable byte stream in each direction.

    tcpcheck.py server --bind ADDR --port P [--rate B/s] [--accept-timeout S] [--margin S]
                       [--freebind] [--report FILE] [--corrupt-at OFFSET]
    tcpcheck.py client --connect ADDR --port P --rate B/s --duration S [--connect-timeout S]
                       [--margin S] [--report FILE] [--corrupt-at OFFSET]

Each direction carries a deterministic stream: block i of a direction is
SHA-256(direction || i as 8 bytes big-endian), 32 bytes, blocks back to back, so the receiver
checks every byte the moment it arrives. Both sides send at their rate in small writes and read
and check what they receive. On the wire the stream travels in frames of 1 type byte and a
2-byte length: H (client hello: duration and rate, JSON), D (stream bytes), F (the sender's
final count and SHA-256 of everything it meant to send, JSON), V (the client's verdict on what
it received, JSON).

The end: when the client's duration is over (or it gets SIGTERM/SIGINT) it sends F and stops
sending; the server answers with its own F, which carries its verdict on the client's stream;
the client sends V and half-closes; the server sees the end of the stream and closes.
Each side then prints one JSON line on stdout (and writes it to --report): bytes sent and
received, verified (every byte matched, the count and digest equal what the peer says it sent),
the first mismatching offset, the longest stall between received chunks (ms, with its
wall-clock start) and every stall over 100 ms, the peer's verdict, ok, error.

Exit status: 0 only when both directions arrived complete and intact; 1 otherwise (including
timeouts and a connection that broke); 2 for usage errors. Everything is bounded: the connect
or accept timeout, and an overall deadline of duration + margin (an early stop by a signal
leaves margin for the final exchange). --corrupt-at OFFSET flips one byte of this side's
outgoing stream at that offset (as a bad path would), to show that the peer detects it.
Standard library only; run with /usr/bin/python3.
"""

import argparse
import datetime
import hashlib
import json
import selectors
import signal
import socket
import struct
import sys
import time

STALL_REPORT_MS = 100.0
HEADER = struct.Struct("!cH")
MAX_PAYLOAD = 1024
BLOCK = 32
CLIENT_TO_SERVER = b"c2s"
SERVER_TO_CLIENT = b"s2c"
MAX_STALLS_LISTED = 100


class Stream:
    """The deterministic byte stream of one direction, read forward only."""

    def __init__(self, direction):
        self.direction = direction
        self.block = 0
        self.buf = b""

    def take(self, n):
        while len(self.buf) < n:
            self.buf += hashlib.sha256(self.direction + self.block.to_bytes(8, "big")).digest()
            self.block += 1
        out, self.buf = self.buf[:n], self.buf[n:]
        return out


def wall(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).isoformat(timespec="milliseconds")


class Receiver:
    """Checks the peer's stream as it arrives and measures the gaps between received chunks."""

    def __init__(self, direction):
        self.expected = Stream(direction)
        self.digest = hashlib.sha256()
        self.received = 0
        self.first_mismatch = None
        self.last_arrival = None
        self.longest_stall_ms = 0.0
        self.longest_stall_start = None
        self.stalls = []
        self.stall_count = 0

    def data(self, payload, now):
        if self.last_arrival is not None:
            gap_ms = (now - self.last_arrival) * 1000.0
            if gap_ms > self.longest_stall_ms:
                self.longest_stall_ms = gap_ms
                self.longest_stall_start = wall(self.last_arrival)
            if gap_ms > STALL_REPORT_MS:
                self.stall_count += 1
                if len(self.stalls) < MAX_STALLS_LISTED:
                    self.stalls.append({"start": wall(self.last_arrival), "ms": round(gap_ms, 1)})
        self.last_arrival = now
        want = self.expected.take(len(payload))
        if self.first_mismatch is None and want != payload:
            i = next(k for k in range(len(payload)) if payload[k] != want[k])
            self.first_mismatch = self.received + i
        self.digest.update(payload)
        self.received += len(payload)

    def verdict(self, peer_final):
        """True when every byte matched and count and digest equal the peer's final frame."""
        return (peer_final is not None and self.first_mismatch is None
                and peer_final.get("sent") == self.received
                and peer_final.get("sha256") == self.digest.hexdigest())


class Sender:
    """This side's stream at a steady rate in small writes; never more than half a second of backlog."""

    def __init__(self, direction, rate, corrupt_at):
        self.stream = Stream(direction)
        self.digest = hashlib.sha256()
        self.rate = float(rate)
        self.chunk = max(16, min(MAX_PAYLOAD, int(rate / 100) or 16))
        self.sent = 0
        self.credit = 0.0
        self.last = None
        self.corrupt_at = corrupt_at

    def due(self, now):
        """Stream bytes allowed now (0 when the rate says wait)."""
        if self.last is None:
            self.last = now
        self.credit = min(self.credit + (now - self.last) * self.rate, max(self.rate * 0.5, self.chunk))
        self.last = now
        return self.chunk if self.credit >= self.chunk else 0

    def next_payload(self):
        data = self.stream.take(self.chunk)
        self.digest.update(data)
        if self.corrupt_at is not None and self.sent <= self.corrupt_at < self.sent + len(data):
            k = self.corrupt_at - self.sent
            data = data[:k] + bytes([data[k] ^ 0xFF]) + data[k + 1:]
        self.sent += len(data)
        self.credit -= len(data)
        return data

    def final(self):
        return {"sent": self.sent, "sha256": self.digest.hexdigest()}


class Connection:
    """One side of the check over a connected socket, driven by one selector loop."""

    def __init__(self, role, sock, sender, receiver):
        self.role = role
        self.sock = sock
        self.sender = sender
        self.receiver = receiver
        self.out = bytearray()
        self.inbuf = bytearray()
        self.sending = True           # stream bytes still being produced
        self.peer_final = None        # the peer's F frame
        self.peer_verdict = None      # the peer's verdict on our stream (server: from V; client: in F)
        self.hello = None
        self.eof = False
        self.wr_closed = False
        self.error = None

    def frame(self, kind, payload):
        self.out += HEADER.pack(kind, len(payload)) + payload

    def frame_json(self, kind, obj):
        self.frame(kind, json.dumps(obj, separators=(",", ":")).encode())

    def parse(self, now):
        while len(self.inbuf) >= HEADER.size:
            kind, length = HEADER.unpack_from(self.inbuf)
            if len(self.inbuf) < HEADER.size + length:
                return
            payload = bytes(self.inbuf[HEADER.size:HEADER.size + length])
            del self.inbuf[:HEADER.size + length]
            if kind == b"D":
                self.receiver.data(payload, now)
            elif kind == b"H":
                self.hello = json.loads(payload)
            elif kind == b"F":
                self.peer_final = json.loads(payload)
                self.on_peer_final()
            elif kind == b"V":
                self.peer_verdict = json.loads(payload)
            else:
                raise ValueError("unknown frame type %r" % kind)

    def on_peer_final(self):
        if self.role == "server":
            # the client has finished: stop, send our final with the verdict on its stream
            self.sending = False
            fin = self.sender.final()
            fin.update(received=self.receiver.received, verified=self.receiver.verdict(self.peer_final))
            self.frame_json(b"F", fin)
        else:
            self.peer_verdict = {"received": self.peer_final.get("received"),
                                 "verified": self.peer_final.get("verified")}
            self.frame_json(b"V", {"received": self.receiver.received,
                                   "verified": self.receiver.verdict(self.peer_final)})
            self.want_half_close = True

    want_half_close = False

    def finish_sending(self):
        """Client: the duration is over; send F once."""
        if self.sending:
            self.sending = False
            self.frame_json(b"F", self.sender.final())

    def run(self, deadline, stop_requested=None, margin=0.0):
        """Sends, receives and checks until the end exchange is over, the deadline or an error."""
        sel = selectors.DefaultSelector()
        self.sock.setblocking(False)
        sel.register(self.sock, selectors.EVENT_READ)
        try:
            while True:
                now = time.time()
                if stop_requested is not None and self.sending and stop_requested():
                    deadline = min(deadline, now + margin)
                    self.finish_sending()
                if now >= deadline:
                    self.error = "deadline reached"
                    return
                if self.sending and not self.out and self.sender.due(now):
                    self.frame(b"D", self.sender.next_payload())
                if self.out:
                    try:
                        del self.out[:self.sock.send(self.out)]
                    except (BlockingIOError, InterruptedError):
                        pass
                half_close = self.want_half_close if self.role == "client" else self.eof
                if half_close and not self.out and not self.wr_closed:
                    self.sock.shutdown(socket.SHUT_WR)
                    self.wr_closed = True
                if self.eof and self.wr_closed:
                    return
                if self.eof and self.peer_final is None:
                    self.error = "the peer closed the connection before its final count"
                    return
                events = (0 if self.eof else selectors.EVENT_READ) | (selectors.EVENT_WRITE if self.out else 0)
                if events == 0:
                    # nothing to send, nothing more to read: only the clock moves us on
                    time.sleep(min(0.01, max(0.0, deadline - now)))
                    continue
                sel.modify(self.sock, events)
                for _key, mask in sel.select(timeout=min(0.005 if self.sending else 0.05, max(0.0, deadline - now))):
                    if mask & selectors.EVENT_READ:
                        try:
                            data = self.sock.recv(65536)
                        except (BlockingIOError, InterruptedError):
                            continue
                        if data:
                            self.inbuf += data
                            self.parse(time.time())
                        else:
                            self.eof = True
                            if self.inbuf:
                                raise ValueError("the stream ended inside a frame")
        except (OSError, ValueError) as e:
            self.error = "%s: %s" % (type(e).__name__, e)
        finally:
            sel.close()

    def result(self, extra):
        own_ok = self.receiver.verdict(self.peer_final)
        peer_ok = bool(self.peer_verdict and self.peer_verdict.get("verified"))
        r = {
            "role": self.role,
            "bytes_sent": self.sender.sent,
            "bytes_received": self.receiver.received,
            "verified": own_ok,
            "first_mismatch": self.receiver.first_mismatch,
            "peer_declared_sent": self.peer_final.get("sent") if self.peer_final else None,
            "peer_received": self.peer_verdict.get("received") if self.peer_verdict else None,
            "peer_verified": self.peer_verdict.get("verified") if self.peer_verdict else None,
            "longest_stall_ms": round(self.receiver.longest_stall_ms, 1),
            "longest_stall_start": self.receiver.longest_stall_start,
            "stalls_over_100ms": self.receiver.stall_count,
            "stalls": self.receiver.stalls,
            "error": self.error,
        }
        r.update(extra)
        r["ok"] = own_ok and peer_ok and self.error is None
        return r


def emit(result, report):
    line = json.dumps(result, separators=(",", ":"))
    print(line, flush=True)
    if report:
        with open(report, "w") as f:
            f.write(line + "\n")
    return 0 if result["ok"] else 1


def failure(role, error, report):
    return emit({"role": role, "bytes_sent": 0, "bytes_received": 0, "verified": False,
                 "first_mismatch": None, "peer_declared_sent": None, "peer_received": None,
                 "peer_verified": None, "longest_stall_ms": 0.0, "longest_stall_start": None,
                 "stalls_over_100ms": 0, "stalls": [], "error": error, "ok": False}, report)


class StopFlag:
    def __init__(self):
        self.set = False

    def __call__(self, *_):
        self.set = True

    def requested(self):
        return self.set


def run_client(a):
    stop = StopFlag()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    start = time.time()
    try:
        sock = socket.create_connection((a.connect, a.port), timeout=a.connect_timeout)
    except OSError as e:
        return failure("client", "connect to [%s]:%d: %s" % (a.connect, a.port, e), a.report)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    conn = Connection("client", sock, Sender(CLIENT_TO_SERVER, a.rate, a.corrupt_at), Receiver(SERVER_TO_CLIENT))
    conn.frame_json(b"H", {"duration": a.duration, "rate": a.rate})
    end_of_data = start + a.duration

    def stop_requested():
        return stop.requested() or time.time() >= end_of_data

    conn.run(start + a.duration + a.margin, stop_requested, a.margin)
    sock.close()
    return emit(conn.result({"seconds": round(time.time() - start, 3)}), a.report)


def run_server(a):
    family = socket.AF_INET6 if ":" in a.bind else socket.AF_INET
    try:
        ls = socket.socket(family, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if a.freebind:
            ls.setsockopt(socket.SOL_IP, 15, 1)  # IP_FREEBIND: bind before the address exists
        ls.bind((a.bind, a.port))
        ls.listen(1)
        ls.settimeout(a.accept_timeout)
    except OSError as e:
        return failure("server", "listen on [%s]:%d: %s" % (a.bind, a.port, e), a.report)
    print("tcpcheck: listening on [%s]:%d" % (a.bind, a.port), file=sys.stderr, flush=True)
    try:
        sock, peer = ls.accept()
    except OSError as e:
        return failure("server", "no connection within %ss: %s" % (a.accept_timeout, e), a.report)
    finally:
        ls.close()
    start = time.time()
    print("tcpcheck: connection from [%s]:%d" % peer[:2], file=sys.stderr, flush=True)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    # the hello (first frame) carries the client's duration and rate
    sock.settimeout(a.accept_timeout)
    head = b""
    try:
        while len(head) < HEADER.size:
            chunk = sock.recv(HEADER.size - len(head))
            if not chunk:
                raise OSError("connection closed before the hello")
            head += chunk
        kind, length = HEADER.unpack(head)
        body = b""
        while len(body) < length:
            chunk = sock.recv(length - len(body))
            if not chunk:
                raise OSError("connection closed inside the hello")
            body += chunk
        if kind != b"H":
            raise OSError("first frame is %r, not a hello" % kind)
        hello = json.loads(body)
    except (OSError, ValueError) as e:
        sock.close()
        return failure("server", str(e), a.report)
    rate = a.rate if a.rate is not None else int(hello.get("rate", 10000))
    duration = float(hello.get("duration", 0))
    conn = Connection("server", sock, Sender(SERVER_TO_CLIENT, rate, a.corrupt_at), Receiver(CLIENT_TO_SERVER))
    conn.run(start + duration + a.margin)
    sock.close()
    return emit(conn.result({"seconds": round(time.time() - start, 3)}), a.report)


def positive(kind):
    def parse(s):
        v = kind(s)
        if v <= 0:
            raise argparse.ArgumentTypeError("must be positive")
        return v
    return parse


def main(argv=None):
    p = argparse.ArgumentParser(prog="tcpcheck.py", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("server", help="listen, accept one connection, check it")
    s.add_argument("--bind", required=True)
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--rate", type=positive(int), help="bytes/s to send (default: the client's rate)")
    s.add_argument("--accept-timeout", type=positive(float), default=60.0)
    s.add_argument("--margin", type=positive(float), default=30.0, help="seconds past the client's duration")
    s.add_argument("--freebind", action="store_true", help="listen before the address is configured")
    s.add_argument("--report")
    s.add_argument("--corrupt-at", type=int)
    c = sub.add_parser("client", help="connect, send and check for --duration seconds")
    c.add_argument("--connect", required=True)
    c.add_argument("--port", type=int, required=True)
    c.add_argument("--rate", type=positive(int), required=True, help="bytes/s to send")
    c.add_argument("--duration", type=positive(float), required=True)
    c.add_argument("--connect-timeout", type=positive(float), default=10.0)
    c.add_argument("--margin", type=positive(float), default=30.0, help="seconds allowed for the end")
    c.add_argument("--report")
    c.add_argument("--corrupt-at", type=int)
    a = p.parse_args(argv)
    return run_server(a) if a.mode == "server" else run_client(a)


if __name__ == "__main__":
    sys.exit(main())
