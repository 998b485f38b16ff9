package org.roam6.wire;

/**
 * Flyweight over the Fragment header (RFC 8200 4.5; Next Header value 44).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class FragmentHeader {
    public static final int LENGTH = 8;
    public static final int OFF_NEXT_HEADER = 0;
    public static final int OFF_RESERVED = 1;
    public static final int OFF_FRAGMENT_OFFSET = 2;
    public static final int OFF_IDENTIFICATION = 4;
    public static final int M_FLAG = 0x0001;

    private byte[] buf;
    private int off;
    private int limit;

    public FragmentHeader wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.limit = off + len;
        return this;
    }

    /** Returns {@code null} when the 8 bytes are present. */
    public WireError validate() {
        if (limit - off < LENGTH) {
            return WireError.discard("Fragment header", off, WireError.Reason.TRUNCATED,
                    "needs " + LENGTH + " bytes, has " + Math.max(0, limit - off));
        }
        return null;
    }

    public int nextHeader() {
        return buf[off + OFF_NEXT_HEADER] & 0xff;
    }

    /** Offset of this fragment's data in the original packet, in bytes (a multiple of 8). */
    public int fragmentOffset() {
        return Bytes.u16(buf, off + OFF_FRAGMENT_OFFSET) & 0xfff8;
    }

    /** The M flag: more fragments follow. */
    public boolean moreFragments() {
        return (Bytes.u16(buf, off + OFF_FRAGMENT_OFFSET) & M_FLAG) != 0;
    }

    public long identification() {
        return Bytes.u32(buf, off + OFF_IDENTIFICATION);
    }

    /** Writes a Fragment header; {@code fragmentOffset} in bytes, a multiple of 8. Returns 8. */
    public static int write(byte[] b, int off, int nextHeader, int fragmentOffset, boolean more, long identification) {
        if ((fragmentOffset & 7) != 0 || fragmentOffset < 0 || fragmentOffset > 0xfff8) {
            throw new IllegalArgumentException("fragment offset " + fragmentOffset + " is not a multiple of 8 below 65536");
        }
        b[off + OFF_NEXT_HEADER] = (byte) nextHeader;
        b[off + OFF_RESERVED] = 0;
        Bytes.put16(b, off + OFF_FRAGMENT_OFFSET, fragmentOffset | (more ? M_FLAG : 0));
        Bytes.putInt(b, off + OFF_IDENTIFICATION, (int) identification);
        return LENGTH;
    }
}
