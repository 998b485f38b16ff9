package org.roam6.wire.mh;

import org.roam6.wire.Bytes;
import org.roam6.wire.MobilityExtensions;

/**
 * Flyweight over a Binding Update, MH Type 5 (RFC 6275 6.1.7, RFC 3963 4.1 for R, the
 * multi-HA paper for M).
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |          Sequence #           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |A|H|L|K|M|R|      Reserved     |           Lifetime            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                        Mobility options                       .
 * </pre>
 * The flags are read as one 16-bit field so the configurable M bit
 * ({@link MobilityExtensions#mFlag()}, default {@link #DEFAULT_FLAG_M}) is an ordinary mask.
 * Lifetime counts units of 4 seconds.
 */
public final class BindingUpdate {
    public static final int OFF_SEQUENCE = 6;
    public static final int OFF_FLAGS = 8;
    public static final int OFF_LIFETIME = 10;
    public static final int OFF_OPTIONS = 12;

    /** Acknowledge: the receiver answers with a Binding Acknowledgement. */
    public static final int FLAG_A = 0x8000;
    /** Home Registration: the receiver is asked to be the home agent. */
    public static final int FLAG_H = 0x4000;
    /** Link-Local Address Compatibility: the interface identifier is also in the link-local address. */
    public static final int FLAG_L = 0x2000;
    /** Key Management Mobility Capability: IKE SAs survive movement. */
    public static final int FLAG_K = 0x1000;
    /** Default M bit: the mobile node registers with multiple home agents (multi-HA paper). */
    public static final int DEFAULT_FLAG_M = 0x0800;
    /** Mobile Router (RFC 3963 4.1). */
    public static final int FLAG_R = 0x0400;
    /** Seconds per Lifetime unit. */
    public static final int LIFETIME_UNIT_SECONDS = 4;

    private byte[] buf;
    private int off;

    /** Wraps the validated Mobility Header that starts at {@code mhOff}. */
    public BindingUpdate wrap(byte[] buf, int mhOff) {
        this.buf = buf;
        this.off = mhOff;
        return this;
    }

    public int sequence() {
        return Bytes.u16(buf, off + OFF_SEQUENCE);
    }

    /** The 16-bit flags-and-Reserved field. */
    public int flags() {
        return Bytes.u16(buf, off + OFF_FLAGS);
    }

    public boolean hasFlag(int mask) {
        return (flags() & mask) != 0;
    }

    /** True when the M bit as {@code ext} defines it is set. */
    public boolean multipleHomeAgents(MobilityExtensions ext) {
        return hasFlag(ext.mFlag());
    }

    /** Lifetime in units of 4 seconds. */
    public int lifetimeUnits() {
        return Bytes.u16(buf, off + OFF_LIFETIME);
    }

    public int lifetimeSeconds() {
        return lifetimeUnits() * LIFETIME_UNIT_SECONDS;
    }
}
