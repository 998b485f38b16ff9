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
}
