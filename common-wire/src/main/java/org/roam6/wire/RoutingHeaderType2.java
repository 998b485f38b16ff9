package org.roam6.wire;

/**
 * Flyweight over the Type 2 Routing header (RFC 6275 6.4), which carries a mobile node's home
 * address to its care-of address; the node takes the packet as addressed to the home address.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  | Hdr Ext Len=2 | Routing Type=2|Segments Left=1|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Home Address (128 bits)                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * {@link #validate} requires Routing Type 2, Hdr Ext Len 2 and Segments Left 1 as sent, or 0
 * once the receiver has processed the header (RFC 8200 4.4: a Routing header with Segments Left
 * 0 has been consumed and the address moved into the IPv6 destination).
 */
public final class RoutingHeaderType2 {
    public static final int ROUTING_TYPE = 2;
    public static final int LENGTH = 24;
    public static final int HDR_EXT_LEN = 2;
    public static final int OFF_NEXT_HEADER = 0;
    public static final int OFF_HDR_EXT_LEN = 1;
    public static final int OFF_ROUTING_TYPE = 2;
    public static final int OFF_SEGMENTS_LEFT = 3;
    public static final int OFF_RESERVED = 4;
    public static final int OFF_HOME_ADDRESS = 8;

    private byte[] buf;
    private int off;
    private int limit;

    public RoutingHeaderType2 wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.limit = off + len;
        return this;
    }

    /** Returns {@code null} when the header is a well-formed Type 2 routing header. */
    public WireError validate() {
        if (limit - off < 4) {
            return WireError.discard("Routing header", off, WireError.Reason.TRUNCATED,
                    "needs at least 4 bytes, has " + Math.max(0, limit - off));
        }
        if (routingType() != ROUTING_TYPE) {
            return WireError.discard("Routing Type", off + OFF_ROUTING_TYPE, WireError.Reason.BAD_VALUE,
                    "routing type " + routingType() + ", expected 2");
        }
        if (hdrExtLen() != HDR_EXT_LEN) {
            // RFC 8200 4.4 answers a bad Hdr Ext Len with Parameter Problem code 0 pointing at it
            return new WireError("Hdr Ext Len", off + OFF_HDR_EXT_LEN, WireError.Reason.BAD_LENGTH,
                    "Type 2 routing header Hdr Ext Len " + hdrExtLen() + ", must be 2 (RFC 6275 6.4)",
                    WireError.Answer.PARAMETER_PROBLEM_FIELD);
        }
        if (limit - off < LENGTH) {
            return WireError.discard("Hdr Ext Len", off + OFF_HDR_EXT_LEN, WireError.Reason.TRUNCATED,
                    "Type 2 routing header needs " + LENGTH + " bytes, has " + (limit - off));
        }
        if (segmentsLeft() > 1) {
            return new WireError("Segments Left", off + OFF_SEGMENTS_LEFT, WireError.Reason.BAD_VALUE,
                    "segments left " + segmentsLeft() + " with one address (RFC 6275 6.4: 1)",
                    WireError.Answer.PARAMETER_PROBLEM_FIELD);
        }
        return null;
    }

    public int nextHeader() {
        return buf[off + OFF_NEXT_HEADER] & 0xff;
    }

    public int hdrExtLen() {
        return buf[off + OFF_HDR_EXT_LEN] & 0xff;
    }

    public int routingType() {
        return buf[off + OFF_ROUTING_TYPE] & 0xff;
    }

    public int segmentsLeft() {
        return buf[off + OFF_SEGMENTS_LEFT] & 0xff;
    }

    public Ipv6Address homeAddress() {
        return Ipv6Address.read(buf, off + OFF_HOME_ADDRESS);
    }

    public long homeAddressHi() {
        return Bytes.getLong(buf, off + OFF_HOME_ADDRESS);
    }

    public long homeAddressLo() {
        return Bytes.getLong(buf, off + OFF_HOME_ADDRESS + 8);
    }

    /** Writes a Type 2 routing header with Segments Left 1; returns {@link #LENGTH}. */
    public static int write(byte[] b, int off, int nextHeader, Ipv6Address homeAddress) {
        b[off + OFF_NEXT_HEADER] = (byte) nextHeader;
        b[off + OFF_HDR_EXT_LEN] = HDR_EXT_LEN;
        b[off + OFF_ROUTING_TYPE] = ROUTING_TYPE;
        b[off + OFF_SEGMENTS_LEFT] = 1;
        Bytes.putInt(b, off + OFF_RESERVED, 0);
        homeAddress.write(b, off + OFF_HOME_ADDRESS);
        return LENGTH;
    }
}
