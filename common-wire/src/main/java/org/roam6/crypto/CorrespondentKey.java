package org.roam6.crypto;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The correspondent node's secret key Kcn (RFC 6275 5.2.1): 20 random bytes, never sent
 * anywhere, from which the keygen tokens are made.
 *
 * <p>RFC 6275 5.2.7 lets a correspondent regenerate Kcn; tokens made with the old key must
 * still verify while their nonces are valid. {@link #rotate()} makes a new current key and keeps
 * the one before as {@link #previous()} for {@link ReturnRoutabilityTimers#MAX_NONCE_LIFETIME}
 * after the rotation. {@link NonceTable} also records in each nonce the key it was issued under,
 * so tokens are always recomputed with the right key, however often the key rotates.
 *
 * <p>Thread-safe: the state is one immutable snapshot behind a volatile field; readers never lock.
 */
public final class CorrespondentKey {

    /** Length of Kcn in bytes (RFC 6275 5.2.1). */
    public static final int LENGTH = 20;

    /**
     * One generation of Kcn.
     *
     * @param generation   counts rotations from 0
     * @param key          the 20 key bytes; shared, callers must not modify them
     * @param createdNanos when it was made, on the clock the owner was given
     */
    public record Kcn(int generation, byte[] key, long createdNanos) {
        @Override
        public String toString() {
            return "Kcn[generation=" + generation + "]"; // never print the key
        }
    }

    private record State(Kcn current, Kcn previous, long previousRetiresAt) {}

    private final SecureRandom random;
    private final LongSupplier nanoClock;
    private final long keepPreviousNanos;
    private volatile State state;

    /**
     * @param random    source of key bytes
     * @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} in a daemon)
     */
    public CorrespondentKey(SecureRandom random, LongSupplier nanoClock) {
        this.random = Objects.requireNonNull(random);
        this.nanoClock = Objects.requireNonNull(nanoClock);
        this.keepPreviousNanos = ReturnRoutabilityTimers.MAX_NONCE_LIFETIME.toNanos();
        this.state = new State(generate(0), null, 0);
    }

    /** A key with the system's strong random source and {@code System.nanoTime()}. */
    public static CorrespondentKey create() {
        return new CorrespondentKey(new SecureRandom(), System::nanoTime);
    }

    private Kcn generate(int generation) {
        byte[] k = new byte[LENGTH];
        random.nextBytes(k);
        return new Kcn(generation, k, nanoClock.getAsLong());
    }

    /** The key new tokens are made with. */
    public Kcn current() {
        return state.current;
    }

    /**
     * The key before the current one, while it may still back valid nonces (up to
     * MAX_NONCE_LIFETIME after the rotation that replaced it); null otherwise.
     */
    public Kcn previous() {
        State s = state;
        if (s.previous == null || nanoClock.getAsLong() - s.previousRetiresAt >= 0) {
            return null;
        }
        return s.previous;
    }

    /** The key of the given generation if it is the current one or a still-kept previous one. */
    public Kcn byGeneration(int generation) {
        State s = state;
        if (s.current.generation == generation) {
            return s.current;
        }
        Kcn p = previous();
        return p != null && p.generation == generation ? p : null;
    }

    /** Makes a new current key; the old one becomes {@link #previous()}. Returns the new key. */
    public synchronized Kcn rotate() {
        State s = state;
        Kcn next = generate(s.current.generation + 1);
        state = new State(next, s.current, nanoClock.getAsLong() + keepPreviousNanos);
        return next;
    }

    /** How long a replaced key is kept. */
    public Duration previousKeyRetention() {
        return Duration.ofNanos(keepPreviousNanos);
    }
}
