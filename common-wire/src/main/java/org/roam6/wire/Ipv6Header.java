package org.roam6.wire;

/**
 * Flyweight over the fixed IPv6 header (RFC 8200 section 3).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |           Flow Label                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Source Address (128 bits)                    |
 * |               Destination Address (128 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Wrap it with {@link #wrap}, check it once with {@link #validate}, then read fields; nothing
 * is copied or allocated to read a field except the {@link Ipv6Address} accessors.
 */
public final class Ipv6Header {
    public static final int LENGTH = 40;
    public static final int OFF_VERSION = 0;
    public static final int OFF_PAYLOAD_LENGTH = 4;
    public static final int OFF_NEXT_HEADER = 6;
    public static final int OFF_HOP_LIMIT = 7;
    public static final int OFF_SOURCE = 8;
    public static final int OFF_DESTINATION = 24;

    private byte[] buf;
    private int off;
    private int limit;

    public Ipv6Header wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.limit = off + len;
        return this;
    }

    /**
     * Checks the version and that the payload length fits the bytes given (trailing bytes beyond
     * it, such as Ethernet padding, are allowed). Returns {@code null} when the header is good.
     */
    public WireError validate() {
        if (limit - off < LENGTH) {
            return WireError.discard("IPv6 header", off, WireError.Reason.TRUNCATED,
                    "needs " + LENGTH + " bytes, has " + (limit - off));
        }
        int version = (buf[off] & 0xff) >>> 4;
        if (version != 6) {
            return WireError.discard("Version", off, WireError.Reason.BAD_VERSION,
                    "version " + version + ", expected 6");
        }
        if (LENGTH + payloadLength() > limit - off) {
            return WireError.discard("Payload Length", off + OFF_PAYLOAD_LENGTH, WireError.Reason.TRUNCATED,
                    "payload length " + payloadLength() + " but only " + (limit - off - LENGTH) + " bytes follow");
        }
        return null;
    }

    public int version() {
        return (buf[off] & 0xff) >>> 4;
    }

    public int trafficClass() {
        return (Bytes.u16(buf, off) >>> 4) & 0xff;
    }

    public int flowLabel() {
        return Bytes.getInt(buf, off) & 0xfffff;
    }

    public int payloadLength() {
        return Bytes.u16(buf, off + OFF_PAYLOAD_LENGTH);
    }

    public int nextHeader() {
        return Bytes.u8(buf, off + OFF_NEXT_HEADER);
    }

    public int hopLimit() {
        return Bytes.u8(buf, off + OFF_HOP_LIMIT);
    }

    public Ipv6Address source() {
        return Ipv6Address.read(buf, off + OFF_SOURCE);
    }

    public Ipv6Address destination() {
        return Ipv6Address.read(buf, off + OFF_DESTINATION);
    }

    public long sourceHi() {
        return Bytes.getLong(buf, off + OFF_SOURCE);
    }

    public long sourceLo() {
        return Bytes.getLong(buf, off + OFF_SOURCE + 8);
    }

    public long destinationHi() {
        return Bytes.getLong(buf, off + OFF_DESTINATION);
    }

    public long destinationLo() {
        return Bytes.getLong(buf, off + OFF_DESTINATION + 8);
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    /** Writes a header at {@code off}: version 6, the given fields, flow label and class 0. */
    public static void write(byte[] b, int off, int payloadLength, int nextHeader, int hopLimit,
                             Ipv6Address src, Ipv6Address dst) {
        Bytes.putInt(b, off, 6 << 28);
        Bytes.put16(b, off + OFF_PAYLOAD_LENGTH, payloadLength);
        b[off + OFF_NEXT_HEADER] = (byte) nextHeader;
        b[off + OFF_HOP_LIMIT] = (byte) hopLimit;
        src.write(b, off + OFF_SOURCE);
        dst.write(b, off + OFF_DESTINATION);
    }
}
