package org.roam6.wire.mh;

import org.roam6.wire.Bytes;

/**
 * Flyweight over a Binding Acknowledgement, MH Type 6 (RFC 6275 6.1.8, RFC 3963 4.2 for R).
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |    Status     |K|R|  Reserved |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Sequence #          |           Lifetime            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                        Mobility options                       .
 * </pre>
 * Status values are in {@link BindingAckStatus}; Lifetime counts units of 4 seconds.
 */
public final class BindingAcknowledgement {
    public static final int OFF_STATUS = 6;
    public static final int OFF_FLAGS = 7;
    public static final int OFF_SEQUENCE = 8;
    public static final int OFF_LIFETIME = 10;
    public static final int OFF_OPTIONS = 12;

    /** Key Management Mobility Capability. */
    public static final int FLAG_K = 0x80;
    /** Mobile Router (RFC 3963 4.2). */
    public static final int FLAG_R = 0x40;

    private byte[] buf;
    private int off;

    /** Wraps the validated Mobility Header that starts at {@code mhOff}. */
    public BindingAcknowledgement wrap(byte[] buf, int mhOff) {
        this.buf = buf;
        this.off = mhOff;
        return this;
    }

    public int status() {
        return buf[off + OFF_STATUS] & 0xff;
    }

    /** The octet holding K, R and Reserved. */
    public int flags() {
        return buf[off + OFF_FLAGS] & 0xff;
    }

    public boolean hasFlag(int mask) {
        return (flags() & mask) != 0;
    }

    public int sequence() {
        return Bytes.u16(buf, off + OFF_SEQUENCE);
    }

    /** Lifetime in units of 4 seconds. */
    public int lifetimeUnits() {
        return Bytes.u16(buf, off + OFF_LIFETIME);
    }
}
