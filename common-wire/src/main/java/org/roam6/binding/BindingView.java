package org.roam6.binding;

import org.roam6.wire.Ipv6Address;

/**
 * What a {@link BindingCache#lookup} found for one home address: the care-of address as two
 * longs, the sequence number, the Binding Update flags and the end of the lifetime, so the
 * forwarding path can refuse a binding whose lifetime is over before the next
 * {@link BindingCache#expire} sweep removes it (RFC 6275 10.3.1). One instance per
 * forwarding thread, reused for every packet; the cache fills its fields, nothing is allocated.
 * The fields of one filled view always come from one and the same registration (never half of
 * an old and half of a new one).
 */
public final class BindingView {
    long careOfHi;
    long careOfLo;
    int sequence;
    int flags;
    int expiresAtMillis;

    /** Bytes 0-7 of the care-of address (network byte order, as {@link Ipv6Address#hi()}). */
    public long careOfHi() {
        return careOfHi;
    }

    /** Bytes 8-15 of the care-of address. */
    public long careOfLo() {
        return careOfLo;
    }

    /** The Sequence # of the accepted Binding Update, 0-65535 (RFC 6275 6.1.7). */
    public int sequence() {
        return sequence;
    }

    /** The 16 flag bits of the accepted Binding Update (A, H, L, K, ... RFC 6275 6.1.7). */
    public int flags() {
        return flags;
    }

    /** The end of the lifetime on the caller's monotonic millisecond clock, low 32 bits. */
    public int expiresAtMillis() {
        return expiresAtMillis;
    }

    /**
     * Whether the lifetime is over at {@code nowMillis} (the clock the binding was registered
     * with); compared wrap-safely, exact within 24 days of the expiry.
     */
    public boolean expiredAt(long nowMillis) {
        return expiresAtMillis - (int) nowMillis <= 0;
    }

    /** The care-of address as a value (allocates: for the control path, logs and tests). */
    public Ipv6Address careOfAddress() {
        return new Ipv6Address(careOfHi, careOfLo);
    }
}
