package org.roam6.wire.mh;

import org.roam6.wire.Bytes;

/**
 * Flyweight over a Home Test Init, MH Type 1 (RFC 6275 6.1.3).
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Home Init Cookie (64 bits)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                        Mobility Options                       .
 * </pre>
 */
public final class HomeTestInit {
    public static final int OFF_RESERVED = 6;
    public static final int OFF_HOME_INIT_COOKIE = 8;
    public static final int OFF_OPTIONS = 16;

    private byte[] buf;
    private int off;

    /** Wraps the validated Mobility Header that starts at {@code mhOff}. */
    public HomeTestInit wrap(byte[] buf, int mhOff) {
        this.buf = buf;
        this.off = mhOff;
        return this;
    }

    public int reserved() {
        return Bytes.u16(buf, off + OFF_RESERVED);
    }

    public long homeInitCookie() {
        return Bytes.getLong(buf, off + OFF_HOME_INIT_COOKIE);
    }
}
