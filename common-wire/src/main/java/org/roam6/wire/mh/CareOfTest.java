package org.roam6.wire.mh;

import org.roam6.wire.Bytes;

/**
 * Flyweight over a Care-of Test, MH Type 4 (RFC 6275 6.1.6).
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |      Care-of Nonce Index      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Care-of Init Cookie (64 bits)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Care-of Keygen Token (64 bits)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                        Mobility Options                       .
 * </pre>
 */
public final class CareOfTest {
    public static final int OFF_CARE_OF_NONCE_INDEX = 6;
    public static final int OFF_CARE_OF_INIT_COOKIE = 8;
    public static final int OFF_CARE_OF_KEYGEN_TOKEN = 16;
    public static final int OFF_OPTIONS = 24;

    private byte[] buf;
    private int off;

    /** Wraps the validated Mobility Header that starts at {@code mhOff}. */
    public CareOfTest wrap(byte[] buf, int mhOff) {
        this.buf = buf;
        this.off = mhOff;
        return this;
    }

    public int careOfNonceIndex() {
        return Bytes.u16(buf, off + OFF_CARE_OF_NONCE_INDEX);
    }

    public long careOfInitCookie() {
        return Bytes.getLong(buf, off + OFF_CARE_OF_INIT_COOKIE);
    }

    public long careOfKeygenToken() {
        return Bytes.getLong(buf, off + OFF_CARE_OF_KEYGEN_TOKEN);
    }
}
