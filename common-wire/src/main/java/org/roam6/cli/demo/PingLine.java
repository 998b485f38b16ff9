package org.roam6.cli.demo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of iputils {@code ping -D -O} output: an Echo Reply
 * ({@code [1732392000.123456] 64 bytes from 2001:db8:1::100: icmp_seq=5 ttl=62 time=0.123 ms})
 * or a probe that had no answer when the next one went out
 * ({@code [1732392000.133456] no answer yet for icmp_seq=6}). Timestamps are the receive (or
 * print) time in microseconds since the epoch. Anything else (the header, errors such as
 * Destination Unreachable, the statistics) gives an empty result.
 */
public final class PingLine {

    /** An Echo Reply: when it arrived, its sequence number as ping prints it (16 bits), its round trip. */
    public record Reply(long epochMicros, int seq, double rttMs) {
        /** When the probe it answers was sent. */
        public long sentMicros() {
            return epochMicros - Math.round(rttMs * 1000.0);
        }
    }

    /** {@code no answer yet for icmp_seq=N}, printed when the probe after N is sent. */
    public record NoAnswerYet(long epochMicros, int seq) {
    }

    private static final Pattern STAMP = Pattern.compile("^\\[(\\d+)\\.(\\d{1,9})\\] (.*)$");
    private static final Pattern REPLY =
            Pattern.compile("^\\d+ bytes from \\S+: icmp_seq=(\\d+)(?: ttl=\\d+)? time=([0-9.]+) ms.*$");
    private static final Pattern NO_ANSWER = Pattern.compile("^no answer yet for icmp_seq=(\\d+)$");

    private PingLine() {
    }

    /** A {@link Reply}, a {@link NoAnswerYet} or nothing. */
    public static Optional<Record> parse(String line) {
        Matcher s = STAMP.matcher(line.strip());
        if (!s.matches()) {
            return Optional.empty();
        }
        String frac = (s.group(2) + "000000").substring(0, 6);
        long micros = Long.parseLong(s.group(1)) * 1_000_000L + Long.parseLong(frac);
        Matcher m;
        if ((m = REPLY.matcher(s.group(3))).matches()) {
            return Optional.of(new Reply(micros, Integer.parseInt(m.group(1)), Double.parseDouble(m.group(2))));
        }
        if ((m = NO_ANSWER.matcher(s.group(3))).matches()) {
            return Optional.of(new NoAnswerYet(micros, Integer.parseInt(m.group(1))));
        }
        return Optional.empty();
    }
}
