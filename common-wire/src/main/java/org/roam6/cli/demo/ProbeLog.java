package org.roam6.cli.demo;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every Echo Request the correspondent's {@code ping -D -O} sent, by sequence number (unwrapped
 * past 65535), with when it was sent and whether and when it was answered. A reply gives the
 * send time as its arrival time minus its round trip; {@code no answer yet} (printed one
 * interval after the probe went out) gives the send time as its print time minus the interval.
 * Thread-safe: the ping reader adds, the demo asks.
 */
public final class ProbeLog {

    /** One probe; {@code replyMicros} is -1 while unanswered. */
    public record Probe(long seq, long sentMicros, long replyMicros) {
        public boolean answered() {
            return replyMicros >= 0;
        }
    }

    /** Probes sent in a time window and how many of them were answered. */
    public record PhaseStats(int sent, int answered) {
        public int lost() {
            return sent - answered;
        }
    }

    private final long intervalMicros;
    private final TreeMap<Long, Probe> probes = new TreeMap<>();
    private long highest = -1;

    /** @param intervalMicros ping's {@code -i} interval */
    public ProbeLog(long intervalMicros) {
        this.intervalMicros = intervalMicros;
    }

    /**
     * Records what one line of {@code ping -D -O} output says (a reply, or a probe with no answer
     * yet); returns the probe a reply answers, empty for any other line.
     */
    public synchronized Optional<Probe> take(String pingLine) {
        Optional<Record> r = PingLine.parse(pingLine);
        if (r.isPresent() && r.get() instanceof PingLine.Reply reply) {
            return Optional.of(reply(reply));
        }
        if (r.isPresent() && r.get() instanceof PingLine.NoAnswerYet n) {
            noAnswerYet(n);
        }
        return Optional.empty();
    }

    /** Records a reply; returns the probe it answers. */
    public synchronized Probe reply(PingLine.Reply r) {
        long seq = unwrap(r.seq());
        Probe before = probes.get(seq);
        long sent = before != null && !before.answered() ? Math.min(before.sentMicros(), r.sentMicros()) : r.sentMicros();
        Probe p = new Probe(seq, sent, r.epochMicros());
        if (before == null || !before.answered()) {
            probes.put(seq, p);
            return p;
        }
        return before; // a duplicate reply: the first one counts
    }

    /** Records a probe that had no answer yet when the next one went out. */
    public synchronized void noAnswerYet(PingLine.NoAnswerYet n) {
        long seq = unwrap(n.seq());
        probes.putIfAbsent(seq, new Probe(seq, n.epochMicros() - intervalMicros, -1));
    }

    /**
     * Whether some probe sent in {@code [fromMicros, beforeMicros)} is unanswered so far: the
     * path broke after {@code fromMicros}.
     */
    public synchronized boolean unansweredBetween(long fromMicros, long beforeMicros) {
        for (Probe p : probes.values()) {
            if (!p.answered() && p.sentMicros() >= fromMicros && p.sentMicros() < beforeMicros) {
                return true;
            }
        }
        return false;
    }

    /**
     * When traffic flowed again after a move at {@code fromMicros}, looking at the probes sent
     * in {@code [fromMicros, toMicros)}: the first probe among them never answered starts the
     * outage, and the answer is the first reply (by arrival) to a probe sent after it; with no
     * unanswered probe at all the path never broke, and the answer is the first reply to a probe
     * sent after {@code fromMicros}. Empty when traffic never came back in the window.
     */
    public synchronized Optional<Probe> restoredAfter(long fromMicros, long toMicros) {
        long outage = Long.MIN_VALUE;
        for (Probe p : probes.values()) {
            if (!p.answered() && p.sentMicros() >= fromMicros && p.sentMicros() < toMicros
                    && (outage == Long.MIN_VALUE || p.sentMicros() < outage)) {
                outage = p.sentMicros();
            }
        }
        Probe best = null;
        for (Probe p : probes.values()) {
            boolean after = outage == Long.MIN_VALUE ? p.sentMicros() >= fromMicros : p.sentMicros() > outage;
            if (p.answered() && after && p.sentMicros() < toMicros
                    && (best == null || p.replyMicros() < best.replyMicros())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Probes sent in {@code [fromMicros, toMicros)}. */
    public synchronized PhaseStats stats(long fromMicros, long toMicros) {
        int sent = 0;
        int answered = 0;
        for (Map.Entry<Long, Probe> e : probes.entrySet()) {
            Probe p = e.getValue();
            if (p.sentMicros() >= fromMicros && p.sentMicros() < toMicros) {
                sent++;
                if (p.answered()) {
                    answered++;
                }
            }
        }
        return new PhaseStats(sent, answered);
    }

    /** Every probe so far. */
    public synchronized PhaseStats total() {
        return stats(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** ping's 16-bit sequence number as the nearest count to the highest one seen. */
    private long unwrap(int seq16) {
        if (highest < 0) {
            highest = seq16;
            return seq16;
        }
        long seq = (highest & ~0xFFFFL) + seq16;
        if (seq < highest - 32768) {
            seq += 65536;
        } else if (seq > highest + 32768) {
            seq -= 65536;
        }
        highest = Math.max(highest, seq);
        return seq;
    }
}
