package org.roam6.wire.mh;

import org.roam6.wire.Bytes;

/**
 * Flyweight over a Binding Refresh Request, MH Type 0 (RFC 6275 6.1.2): after the common
 * header a 16-bit Reserved field, then options from offset 8.
 * <pre>
 *                                 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *                                 |          Reserved             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                        Mobility options                       .
 * </pre>
 */
public final class BindingRefreshRequest {
    public static final int OFF_RESERVED = 6;
    public static final int OFF_OPTIONS = 8;

    private byte[] buf;
    private int off;

    /** Wraps the validated Mobility Header that starts at {@code mhOff}. */
    public BindingRefreshRequest wrap(byte[] buf, int mhOff) {
        this.buf = buf;
        this.off = mhOff;
        return this;
    }

    public int reserved() {
        return Bytes.u16(buf, off + OFF_RESERVED);
    }
}
