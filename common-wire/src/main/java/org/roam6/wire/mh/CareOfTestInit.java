package org.roam6.wire.mh;

import org.roam6.wire.Bytes;

/**
 * Flyweight over a Care-of Test Init, MH Type 2 (RFC 6275 6.1.4).
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Care-of Init Cookie (64 bits)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                        Mobility Options                       .
 * </pre>
 * The Reserved field stays readable because the Mobility Agent scheme (paper 003) uses its
 * first octet: 1 marks a mobile node that knows Mobility Agents, 0 a legacy one.
 */
public final class CareOfTestInit {
    public static final int OFF_RESERVED = 6;
    public static final int OFF_CARE_OF_INIT_COOKIE = 8;
    public static final int OFF_OPTIONS = 16;

    private byte[] buf;
    private int off;

    /** Wraps the validated Mobility Header that starts at {@code mhOff}. */
    public CareOfTestInit wrap(byte[] buf, int mhOff) {
        this.buf = buf;
        this.off = mhOff;
        return this;
    }

    /** The 16-bit Reserved field. */
    public int reserved() {
        return Bytes.u16(buf, off + OFF_RESERVED);
    }

    /** The first octet of Reserved: the Mobility-Agent-aware flag of paper 003. */
    public int reservedFirstOctet() {
        return buf[off + OFF_RESERVED] & 0xff;
    }

    public long careOfInitCookie() {
        return Bytes.getLong(buf, off + OFF_CARE_OF_INIT_COOKIE);
    }
}
