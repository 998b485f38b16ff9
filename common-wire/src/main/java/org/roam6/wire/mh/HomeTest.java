package org.roam6.wire.mh;

import org.roam6.wire.Bytes;

/**
 * Flyweight over a Home Test, MH Type 3 (RFC 6275 6.1.5).
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |       Home Nonce Index        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Home Init Cookie (64 bits)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Home Keygen Token (64 bits)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                        Mobility options                       .
 * </pre>
 */
public final class HomeTest {
    public static final int OFF_HOME_NONCE_INDEX = 6;
    public static final int OFF_HOME_INIT_COOKIE = 8;
    public static final int OFF_HOME_KEYGEN_TOKEN = 16;
    public static final int OFF_OPTIONS = 24;

    private byte[] buf;
    private int off;

    /** Wraps the validated Mobility Header that starts at {@code mhOff}. */
    public HomeTest wrap(byte[] buf, int mhOff) {
        this.buf = buf;
        this.off = mhOff;
        return this;
    }

    public int homeNonceIndex() {
        return Bytes.u16(buf, off + OFF_HOME_NONCE_INDEX);
    }

    public long homeInitCookie() {
        return Bytes.getLong(buf, off + OFF_HOME_INIT_COOKIE);
    }

    public long homeKeygenToken() {
        return Bytes.getLong(buf, off + OFF_HOME_KEYGEN_TOKEN);
    }
}
