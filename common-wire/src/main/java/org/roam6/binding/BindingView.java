package org.roam6.binding;

import org.roam6.wire.Ipv6Address;

/**
 * What a {@link BindingCache#lookup} found for one home address: the care-of address as two
 * longs, the sequence number and the Binding Update flags (the lifetime stays with the control
 * path: {@link BindingCache#binding}, {@link BindingCache#expire}). One instance per
 * forwarding thread, reused for every packet; the cache fills its fields, nothing is allocated.
 * The fields of one filled view always come from one and the same registration (never half of
 * an old and half of a new one).
 */
public final class BindingView {
    long careOfHi;
    long careOfLo;
    int sequence;
    int flags;

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

    /** The care-of address as a value (allocates: for the control path, logs and tests). */
    public Ipv6Address careOfAddress() {
        return new Ipv6Address(careOfHi, careOfLo);
    }
}
