package org.roam6.crypto;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.roam6.wire.Ipv6Address;

/**
 * A correspondent node's nonces (RFC 6275 5.2.2, 5.2.7): 8 random bytes each, named on the wire
 * by a 16-bit nonce index that counts up modulo 2^16.
 *
 * <p>A new nonce is made when {@link #current()} is asked for one and the current nonce is at
 * least the generation interval old (default 30 s, {@link ReturnRoutabilityTimers#DEFAULT_NONCE_INTERVAL});
 * no timer thread is needed. A nonce stops being accepted {@link ReturnRoutabilityTimers#MAX_NONCE_LIFETIME}
 * (240 s) after it was made, which is no later than 240 s after its first use as 5.2.7 requires.
 * For another {@link ReturnRoutabilityTimers#EXPIRED_NONCE_MEMORY} it is still recognised and
 * reported as {@link Status#EXPIRED}; after that, and for indices never issued, lookups say
 * {@link Status#UNKNOWN}. RFC 6275 answers both with BA status 136, 137 or 138
 * ({@link #bindingAckStatus}); the distinction is for logs and counters.
 *
 * <p>Each nonce records the {@link CorrespondentKey.Kcn} current when it was made, and tokens are
 * computed with that key, so rotating Kcn never invalidates a nonce early.
 *
 * <p>Time comes from an injected monotonic nanosecond clock. Thread-safe (methods synchronise on
 * the table; each is O(1)).
 */
public final class NonceTable {

    /** Length of a nonce in bytes. */
    public static final int NONCE_LENGTH = ReturnRoutability.NONCE_LENGTH;

    /** BA status 136: expired home nonce index (RFC 6275 6.1.8). */
    public static final int STATUS_EXPIRED_HOME_NONCE_INDEX = 136;
    /** BA status 137: expired care-of nonce index (RFC 6275 6.1.8). */
    public static final int STATUS_EXPIRED_CARE_OF_NONCE_INDEX = 137;
    /** BA status 138: expired nonces (RFC 6275 6.1.8). */
    public static final int STATUS_EXPIRED_NONCES = 138;

    /** What a nonce index names now. */
    public enum Status {
        /** Issued and younger than MAX_NONCE_LIFETIME: tokens based on it are accepted. */
        VALID,
        /** Issued, but MAX_NONCE_LIFETIME has passed. */
        EXPIRED,
        /** Never issued by this table, or expired so long ago that it has been forgotten. */
        UNKNOWN
    }

    /**
     * One nonce.
     *
     * @param index        the 16-bit nonce index (0-65535)
     * @param value        the 8 nonce bytes, big-endian in a long
     * @param kcn          the correspondent key in force when the nonce was made
     * @param createdNanos when it was made, on the table's clock
     */
    public record Nonce(int index, long value, CorrespondentKey.Kcn kcn, long createdNanos) {
        /** The home keygen token for {@code homeAddress} from this nonce (RFC 6275 5.2.5). */
        public long homeKeygenToken(Ipv6Address homeAddress) {
            return ReturnRoutability.homeKeygenToken(kcn.key(), homeAddress, value);
        }

        /** The care-of keygen token for {@code careOfAddress} from this nonce (RFC 6275 5.2.5). */
        public long careOfKeygenToken(Ipv6Address careOfAddress) {
            return ReturnRoutability.careOfKeygenToken(kcn.key(), careOfAddress, value);
        }

        @Override
        public String toString() {
            return "Nonce[index=" + index + ", " + kcn + "]"; // the value stays out of logs
        }
    }

    /**
     * The answer to a lookup: the status and, unless {@link Status#UNKNOWN}, the nonce.
     */
    public record Lookup(Status status, Nonce nonce) {
        static final Lookup UNKNOWN = new Lookup(Status.UNKNOWN, null);

        public boolean isValid() {
            return status == Status.VALID;
        }
    }

    private final CorrespondentKey key;
    private final LongSupplier nanoClock;
    private final SecureRandom random;
    private final long intervalNanos;
    private final long lifetimeNanos;
    private final long forgetNanos;
    private final Nonce[] ring;
    private int head = -1;
    private int count;
    private int nextIndex;

    /**
     * @param key        the correspondent key tokens are made with
     * @param nanoClock  monotonic clock in nanoseconds
     * @param interval   how often a new nonce is made; from 1 s up to MAX_NONCE_LIFETIME. Longer
     *                   than 30 s means a token made late in a nonce's turn may be refused before
     *                   MAX_TOKEN_LIFETIME has passed.
     * @param random     source of nonce bytes
     * @param firstIndex the index of the first nonce (taken modulo 2^16)
     */
    public NonceTable(CorrespondentKey key, LongSupplier nanoClock, Duration interval, SecureRandom random,
                      int firstIndex) {
        this.key = Objects.requireNonNull(key);
        this.nanoClock = Objects.requireNonNull(nanoClock);
        this.random = Objects.requireNonNull(random);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0
                || interval.compareTo(ReturnRoutabilityTimers.MAX_NONCE_LIFETIME) > 0) {
            throw new IllegalArgumentException("nonce interval " + interval + " is outside 1 s .. "
                    + ReturnRoutabilityTimers.MAX_NONCE_LIFETIME.toSeconds() + " s");
        }
        this.intervalNanos = interval.toNanos();
        this.lifetimeNanos = ReturnRoutabilityTimers.MAX_NONCE_LIFETIME.toNanos();
        this.forgetNanos = lifetimeNanos + ReturnRoutabilityTimers.EXPIRED_NONCE_MEMORY.toNanos();
        // enough slots for every nonce made within forgetNanos, plus the current one
        this.ring = new Nonce[(int) ((forgetNanos + intervalNanos - 1) / intervalNanos) + 1];
        this.nextIndex = firstIndex & 0xffff;
    }

    /** A table with the default interval and a random first index. */
    public NonceTable(CorrespondentKey key, LongSupplier nanoClock, SecureRandom random) {
        this(key, nanoClock, ReturnRoutabilityTimers.DEFAULT_NONCE_INTERVAL, random, random.nextInt(1 << 16));
    }

    /**
     * The nonce to hand out now (in a Home Test or Care-of Test), making a new one first if there
     * is none yet or the current one is at least one interval old.
     */
    public synchronized Nonce current() {
        long now = nanoClock.getAsLong();
        if (count == 0 || now - ring[head].createdNanos() >= intervalNanos) {
            head = (head + 1) % ring.length;
            ring[head] = new Nonce(nextIndex, random.nextLong(), key.current(), now);
            nextIndex = (nextIndex + 1) & 0xffff;
            if (count < ring.length) {
                count++;
            }
        }
        return ring[head];
    }

    /** What {@code index} (0-65535, from a Nonce Indices option) names now. */
    public synchronized Lookup lookup(int index) {
        Nonce n = find(index);
        if (n == null) {
            return Lookup.UNKNOWN;
        }
        long age = nanoClock.getAsLong() - n.createdNanos();
        if (age >= forgetNanos) {
            return Lookup.UNKNOWN;
        }
        return new Lookup(age >= lifetimeNanos ? Status.EXPIRED : Status.VALID, n);
    }

    /** The status of {@code index} alone; see {@link #lookup(int)}. */
    public Status status(int index) {
        return lookup(index).status();
    }

    private Nonce find(int index) {
        if (count == 0 || index < 0 || index > 0xffff) {
            return null;
        }
        int newest = ring[head].index();
        int back = (newest - index) & 0xffff; // how many nonces ago, modulo 2^16
        if (back >= count) {
            return null;
        }
        return ring[Math.floorMod(head - back, ring.length)];
    }

    /**
     * The Binding Acknowledgement status for a Binding Update's nonce indices (RFC 6275 9.5.1,
     * 6.1.8): 0 when all are valid; 136 when only the home nonce is not, 137 when only the
     * care-of nonce is not, 138 when both are not. Pass {@code careOf = null} for a
     * de-registration, which carries no care-of token.
     */
    public static int bindingAckStatus(Status home, Status careOf) {
        boolean homeBad = home != Status.VALID;
        boolean careOfBad = careOf != null && careOf != Status.VALID;
        if (homeBad && careOfBad) {
            return STATUS_EXPIRED_NONCES;
        }
        if (homeBad) {
            return STATUS_EXPIRED_HOME_NONCE_INDEX;
        }
        return careOfBad ? STATUS_EXPIRED_CARE_OF_NONCE_INDEX : 0;
    }

    /** The generation interval. */
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }
}
