package org.roam6.crypto;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The 64-bit timestamp of the Mobility Message Replay Protection option (RFC 4285 section 6), in
 * NTP format (RFC 5905 6): seconds since 1900-01-01 00:00 UTC in the high 32 bits, the binary
 * fraction of a second in the low 32 bits. Held in a {@code long} with those bits.
 *
 * <p>The seconds field wraps in 2036 (NTP era 1). {@link #toInstant} reads a seconds value with
 * the top bit clear as era 1 (2036-2104) and one with it set as era 0 (1968-2036), as RFC 4330
 * section 3 suggests; comparisons ({@link #difference}) work across the wrap.
 */
public final class NtpTimestamp {
    private NtpTimestamp() {}

    /** Seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch). */
    public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The timestamp of {@code t}: fraction = floor(nanos * 2^32 / 10^9). */
    public static long fromInstant(Instant t) {
        long seconds = (t.getEpochSecond() + SECONDS_1900_TO_1970) & 0xffffffffL;
        long fraction = ((long) t.getNano() << 32) / NANOS_PER_SECOND;
        return (seconds << 32) | fraction;
    }

    /** The instant a timestamp names, rounded to the nearest nanosecond. */
    public static Instant toInstant(long ntp) {
        long seconds = ntp >>> 32;
        if ((seconds & 0x8000_0000L) == 0) {
            seconds += 1L << 32; // era 1, from 2036-02-07
        }
        long nanos = ((ntp & 0xffffffffL) * NANOS_PER_SECOND + (1L << 31)) >>> 32;
        return Instant.ofEpochSecond(seconds - SECONDS_1900_TO_1970, nanos);
    }

    /** The timestamp of {@code clock}'s current instant. */
    public static long now(Clock clock) {
        return fromInstant(clock.instant());
    }

    /** The whole seconds field. */
    public static long seconds(long ntp) {
        return ntp >>> 32;
    }

    /** The fraction field. */
    public static long fraction(long ntp) {
        return ntp & 0xffffffffL;
    }

    /**
     * {@code a - b} in units of 2^-32 s, correct while the two are less than 68 years apart,
     * also across the 2036 wrap.
     */
    public static long difference(long a, long b) {
        return a - b;
    }

    /** A duration in units of 2^-32 s (rounded down). */
    public static long units(Duration d) {
        return (d.getSeconds() << 32) + (((long) d.getNano() << 32) / NANOS_PER_SECOND);
    }

    /**
     * Timestamps for the messages one sender sends: the clock's time, but always greater than the
     * last one given out, so that two messages in the same clock tick are not taken for a replay.
     * Thread-safe.
     */
    public static final class Source {
        private final Clock clock;
        private long last;
        private boolean any;

        public Source(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
        }

        /** The next timestamp: now, or one unit after the previous one if the clock has not moved on. */
        public synchronized long next() {
            long t = now(clock);
            if (any && difference(t, last) <= 0) {
                t = last + 1;
            }
            last = t;
            any = true;
            return t;
        }
    }
}
