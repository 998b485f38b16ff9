package org.roam6.wire.mh;

import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;

/**
 * Flyweight over a Binding Error, MH Type 7 (RFC 6275 6.1.9).
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |     Status    |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * +                          Home Address                         +
 * |                          (16 octets)                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                        Mobility Options                       .
 * </pre>
 * Status values are in {@link BindingErrorStatus}.
 */
public final class BindingError {
    public static final int OFF_STATUS = 6;
    public static final int OFF_RESERVED = 7;
    public static final int OFF_HOME_ADDRESS = 8;
    public static final int OFF_OPTIONS = 24;

    private byte[] buf;
    private int off;

    /** Wraps the validated Mobility Header that starts at {@code mhOff}. */
    public BindingError wrap(byte[] buf, int mhOff) {
        this.buf = buf;
        this.off = mhOff;
        return this;
    }

    public int status() {
        return buf[off + OFF_STATUS] & 0xff;
    }

    public long homeAddressHi() {
        return Bytes.getLong(buf, off + OFF_HOME_ADDRESS);
    }

    public long homeAddressLo() {
        return Bytes.getLong(buf, off + OFF_HOME_ADDRESS + 8);
    }

    /** The Home Address as a value (allocates). */
    public Ipv6Address homeAddress() {
        return Ipv6Address.read(buf, off + OFF_HOME_ADDRESS);
    }

    /** Octets of a Binding Error without options. */
    public static final int LENGTH_WITHOUT_OPTIONS = 24;

    /**
     * Writes a whole Binding Error without options at {@code out[off..off+24)} (Header Len 2,
     * checksum 0) and returns 24; allocates nothing. RFC 6275 9.3.3: the Home Address is the one
     * from the offending packet's Home Address option, or unspecified.
     */
    public static int writeWithoutOptions(byte[] out, int off, int status, long homeAddressHi, long homeAddressLo) {
        out[off + MobilityHeader.OFF_PAYLOAD_PROTO] = (byte) org.roam6.wire.IpProtocol.NO_NEXT_HEADER;
        out[off + MobilityHeader.OFF_HEADER_LEN] = 2;
        out[off + MobilityHeader.OFF_MH_TYPE] = (byte) MhType.BINDING_ERROR;
        out[off + MobilityHeader.OFF_RESERVED] = 0;
        Bytes.put16(out, off + MobilityHeader.OFF_CHECKSUM, 0);
        Bytes.put8(out, off + OFF_STATUS, status);
        out[off + OFF_RESERVED] = 0;
        Bytes.putLong(out, off + OFF_HOME_ADDRESS, homeAddressHi);
        Bytes.putLong(out, off + OFF_HOME_ADDRESS + 8, homeAddressLo);
        return LENGTH_WITHOUT_OPTIONS;
    }
}
