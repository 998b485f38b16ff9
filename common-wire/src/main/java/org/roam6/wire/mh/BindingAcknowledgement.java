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

    /** Octets of a Binding Acknowledgement without options: 12 and a PadN of 2. */
    public static final int LENGTH_WITHOUT_OPTIONS = 16;

    /**
     * Writes a whole Binding Acknowledgement without options at {@code out[off..off+16)}
     * (Header Len 1, a PadN of length 2 filling octets 12-15, checksum 0) and returns 16; allocates nothing.
     * Fill the checksum with {@link MobilityHeaderCodec#fillChecksum} afterwards.
     */
    public static int writeWithoutOptions(byte[] out, int off, int status, int flags, int sequence, int lifetimeUnits) {
        out[off + MobilityHeader.OFF_PAYLOAD_PROTO] = (byte) org.roam6.wire.IpProtocol.NO_NEXT_HEADER;
        out[off + MobilityHeader.OFF_HEADER_LEN] = 1;
        out[off + MobilityHeader.OFF_MH_TYPE] = (byte) MhType.BINDING_ACKNOWLEDGEMENT;
        out[off + MobilityHeader.OFF_RESERVED] = 0;
        Bytes.put16(out, off + MobilityHeader.OFF_CHECKSUM, 0);
        Bytes.put8(out, off + OFF_STATUS, status);
        Bytes.put8(out, off + OFF_FLAGS, flags);
        Bytes.put16(out, off + OFF_SEQUENCE, sequence);
        Bytes.put16(out, off + OFF_LIFETIME, lifetimeUnits);
        out[off + 12] = (byte) MobilityOptionType.PADN;
        out[off + 13] = 2; // PadN data: octets 14 and 15
        Bytes.put16(out, off + 14, 0);
        return LENGTH_WITHOUT_OPTIONS;
    }
}
