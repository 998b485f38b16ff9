package org.roam6.crypto;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.roam6.wire.Ipv6Address;

/**
 * Replay protection with timestamps for RFC 4285-protected registrations (RFC 4285 section 6):
 * a receiver accepts a message's 64-bit NTP timestamp ({@link NtpTimestamp}) only if it lies
 * within a window around the receiver's own clock (default 7 s, as RFC 4285 suggests) and is
 * strictly greater than the last timestamp accepted from the same mobile node.
 *
 * <p>Call {@link #check} only after the message's authenticator has verified: an accepted
 * timestamp becomes the new floor, and a forged message must not be able to move it.
 *
 * <p>The window is checked first, then the per-node order: a replay of a message older than the
 * window is reported as {@link Verdict#TOO_OLD}, a replay within it as {@link Verdict#REPLAYED}.
 * A home agent answers any refusal with BA status 144, MIPV6-ID-MISMATCH, and puts its own time
 * in the reply's replay protection option so the mobile node can correct its clock (RFC 4285 6).
 *
 * <p>Thread-safe. State is one entry per mobile node; {@link #forget} removes it (e.g. when its
 * binding is deleted).
 */
public final class ReplayProtection {

    /** The default acceptance window, 7 s (RFC 4285 section 6). */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(7);

    /** Why a timestamp was refused, or that it was accepted. */
    public enum Verdict {
        ACCEPTED,
        /** Earlier than the receiver's clock by more than the window. */
        TOO_OLD,
        /** Later than the receiver's clock by more than the window. */
        TOO_NEW,
        /** Within the window, but not later than the last timestamp accepted from this node. */
        REPLAYED;

        public boolean isAccepted() {
            return this == ACCEPTED;
        }

        /** The Binding Acknowledgement status a home agent answers with: 0 or 144 (RFC 4285 8). */
        public int bindingAckStatus() {
            return this == ACCEPTED ? 0 : MnHaAuthentication.STATUS_ID_MISMATCH;
        }
    }

    private static final class Last {
        private long timestamp;
        private boolean any;
    }

    private final Clock clock;
    private final long windowUnits;
    private final ConcurrentHashMap<Ipv6Address, Last> last = new ConcurrentHashMap<>();

    /**
     * @param clock  the receiver's wall clock (NTP timestamps are wall-clock time)
     * @param window how far a timestamp may be from the clock either way; positive
     */
    public ReplayProtection(Clock clock, Duration window) {
        this.clock = Objects.requireNonNull(clock);
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("replay window must be positive, not " + window);
        }
        this.windowUnits = NtpTimestamp.units(window);
    }

    /** A checker with the 7 s default window on the system clock. */
    public ReplayProtection() {
        this(Clock.systemUTC(), DEFAULT_WINDOW);
    }

    /**
     * Decides on the timestamp of a message from {@code mobileNode} (its home address) and, when
     * it is accepted, records it as the last accepted one.
     */
    public Verdict check(Ipv6Address mobileNode, long ntpTimestamp) {
        long now = NtpTimestamp.now(clock);
        long skew = NtpTimestamp.difference(ntpTimestamp, now);
        if (skew < -windowUnits) {
            return Verdict.TOO_OLD;
        }
        if (skew > windowUnits) {
            return Verdict.TOO_NEW;
        }
        Last l = last.computeIfAbsent(mobileNode, k -> new Last());
        synchronized (l) {
            if (l.any && NtpTimestamp.difference(ntpTimestamp, l.timestamp) <= 0) {
                return Verdict.REPLAYED;
            }
            l.timestamp = ntpTimestamp;
            l.any = true;
        }
        return Verdict.ACCEPTED;
    }

    /** The last timestamp accepted from {@code mobileNode}, if any. */
    public OptionalLong lastAccepted(Ipv6Address mobileNode) {
        Last l = last.get(mobileNode);
        if (l == null) {
            return OptionalLong.empty();
        }
        synchronized (l) {
            return l.any ? OptionalLong.of(l.timestamp) : OptionalLong.empty();
        }
    }

    /** Drops the state kept for {@code mobileNode}. */
    public void forget(Ipv6Address mobileNode) {
        last.remove(mobileNode);
    }
}
