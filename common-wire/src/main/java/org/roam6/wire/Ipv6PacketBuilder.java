package org.roam6.wire;

/**
 * Assembles a whole IPv6 packet as Mobile IPv6 sends it: the IPv6 header, an optional Type 2
 * routing header (RFC 6275 6.4), an optional Destination Options header with a Home Address
 * option (RFC 6275 6.3) and an upper-layer message, and fills the upper-layer checksum.
 *
 * <p>Order (RFC 8200 4.1, RFC 6275 6.3: the Home Address option goes after the Routing header):
 * <pre>
 * IPv6 header | Routing header type 2 | Destination Options (PadN, Home Address) | upper layer
 * </pre>
 *
 * The checksum (MH at byte 4, ICMPv6 at 2, UDP at 6, TCP at 16 of the upper layer) uses the
 * pseudo-header of RFC 8200 8.1 with the home address as source when a Home Address option is
 * present and the routing header's address (the final destination) as destination when a Type 2
 * routing header is present (RFC 6275 6.1.1). A UDP checksum that computes to 0 is sent as
 * 0xFFFF (RFC 8200 8.1).
 *
 * <p>A builder is mutable and reusable; {@link #build(byte[], int)} writes into the caller's
 * buffer without allocating. Misuse (no source, a buffer too small) throws, as it is a
 * programming error rather than bad input.
 */
public final class Ipv6PacketBuilder {
    private static final byte[] NO_BYTES = new byte[0];

    private Ipv6Address source;
    private Ipv6Address destination;
    private int hopLimit = 64;
    private int trafficClass;
    private int flowLabel;
    private Ipv6Address homeAddress;
    private Ipv6Address routingAddress;
    private int protocol = IpProtocol.NO_NEXT_HEADER;
    private byte[] payload = NO_BYTES;
    private int payloadOff;
    private int payloadLen;
    private boolean fillChecksum = true;

    /** IPv6 source: the care-of address when a Home Address option is added. */
    public Ipv6PacketBuilder source(Ipv6Address a) {
        this.source = a;
        return this;
    }

    /** IPv6 destination: the care-of address when a Type 2 routing header is added. */
    public Ipv6PacketBuilder destination(Ipv6Address a) {
        this.destination = a;
        return this;
    }

    public Ipv6PacketBuilder hopLimit(int h) {
        if (h < 0 || h > 255) {
            throw new IllegalArgumentException("hop limit " + h);
        }
        this.hopLimit = h;
        return this;
    }

    public Ipv6PacketBuilder trafficClass(int tc) {
        if (tc < 0 || tc > 255) {
            throw new IllegalArgumentException("traffic class " + tc);
        }
        this.trafficClass = tc;
        return this;
    }

    public Ipv6PacketBuilder flowLabel(int fl) {
        if (fl < 0 || fl > 0xfffff) {
            throw new IllegalArgumentException("flow label " + fl);
        }
        this.flowLabel = fl;
        return this;
    }

    /** Adds a Home Address option carrying {@code hoa}; {@code null} removes it. */
    public Ipv6PacketBuilder homeAddressOption(Ipv6Address hoa) {
        this.homeAddress = hoa;
        return this;
    }

    /** Adds a Type 2 routing header carrying {@code hoa}; {@code null} removes it. */
    public Ipv6PacketBuilder routingHeaderType2(Ipv6Address hoa) {
        this.routingAddress = hoa;
        return this;
    }

    /** The upper-layer message (its checksum field is overwritten when filling) and its protocol. */
    public Ipv6PacketBuilder payload(int protocol, byte[] b, int off, int len) {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol);
        }
        this.protocol = protocol;
        this.payload = b;
        this.payloadOff = off;
        this.payloadLen = len;
        return this;
    }

    public Ipv6PacketBuilder payload(int protocol, byte[] b) {
        return payload(protocol, b, 0, b.length);
    }

    /** Whether to fill the upper-layer checksum (default true). */
    public Ipv6PacketBuilder fillChecksum(boolean fill) {
        this.fillChecksum = fill;
        return this;
    }

    /** Total length of the packet {@link #build(byte[], int)} writes. */
    public int length() {
        return Ipv6Header.LENGTH + extensionLength() + payloadLen;
    }

    private int extensionLength() {
        return (routingAddress != null ? RoutingHeaderType2.LENGTH : 0)
                + (homeAddress != null ? DestinationOptions.LENGTH_WITH_HOME_ADDRESS : 0);
    }

    /** Writes the packet at {@code out[off]}; returns its length. */
    public int build(byte[] out, int off) {
        if (source == null || destination == null) {
            throw new IllegalStateException("source and destination are required");
        }
        int total = length();
        if (total - Ipv6Header.LENGTH > 0xffff) {
            throw new IllegalArgumentException("payload of " + (total - Ipv6Header.LENGTH) + " bytes needs a jumbogram");
        }
        if (off < 0 || out.length - off < total) {
            throw new IllegalArgumentException("buffer has " + (out.length - off) + " bytes from " + off + ", packet needs " + total);
        }
        int afterRouting = homeAddress != null ? IpProtocol.DESTINATION_OPTIONS : protocol;
        int first = routingAddress != null ? IpProtocol.ROUTING : afterRouting;
        Ipv6Header.write(out, off, total - Ipv6Header.LENGTH, first, hopLimit, source, destination);
        Bytes.putInt(out, off, (6 << 28) | (trafficClass << 20) | flowLabel);
        int p = off + Ipv6Header.LENGTH;
        if (routingAddress != null) {
            p += RoutingHeaderType2.write(out, p, afterRouting, routingAddress);
        }
        if (homeAddress != null) {
            p += DestinationOptions.writeWithHomeAddress(out, p, protocol, homeAddress);
        }
        System.arraycopy(payload, payloadOff, out, p, payloadLen);
        if (fillChecksum) {
            int field = checksumFieldOffset(protocol);
            if (field >= 0) {
                if (payloadLen < field + 2) {
                    throw new IllegalArgumentException("protocol " + protocol + " payload of " + payloadLen
                            + " bytes cannot hold its checksum at offset " + field);
                }
                Bytes.put16(out, p + field, 0);
                Ipv6Address src = homeAddress != null ? homeAddress : source;
                Ipv6Address dst = routingAddress != null ? routingAddress : destination;
                int c = Checksum.compute(src, dst, protocol, out, p, payloadLen, field);
                if (c == 0 && protocol == IpProtocol.UDP) {
                    c = 0xffff;
                }
                Bytes.put16(out, p + field, c);
            }
        }
        return total;
    }

    public byte[] build() {
        byte[] out = new byte[length()];
        build(out, 0);
        return out;
    }

    /**
     * Offset of the checksum field within an upper-layer header: Mobility Header 4 (RFC 6275
     * 6.1.1), ICMPv6 2 (RFC 4443 2.1), UDP 6 (RFC 768), TCP 16 (RFC 9293); -1 for others.
     */
    public static int checksumFieldOffset(int protocol) {
        switch (protocol) {
            case IpProtocol.MOBILITY:
                return 4;
            case IpProtocol.ICMPV6:
                return 2;
            case IpProtocol.UDP:
                return 6;
            case IpProtocol.TCP:
                return 16;
            default:
                return -1;
        }
    }

    /**
     * IPv6-in-IPv6 encapsulation (RFC 2473 5): writes an outer IPv6 header with Next Header 41,
     * {@code src} to {@code dst}, followed by the inner packet; returns the total length.
     * No Tunnel Encapsulation Limit option is added (as UMIP does).
     */
    public static int encapsulate(Ipv6Address src, Ipv6Address dst, int hopLimit,
                                  byte[] inner, int innerOff, int innerLen, byte[] out, int outOff) {
        if (innerLen > 0xffff) {
            throw new IllegalArgumentException("inner packet of " + innerLen + " bytes needs a jumbogram");
        }
        if (outOff < 0 || out.length - outOff < Ipv6Header.LENGTH + innerLen) {
            throw new IllegalArgumentException("buffer too small for " + (Ipv6Header.LENGTH + innerLen) + " bytes");
        }
        // inner may overlap out (encapsulating in place after leaving 40 bytes of headroom)
        System.arraycopy(inner, innerOff, out, outOff + Ipv6Header.LENGTH, innerLen);
        Ipv6Header.write(out, outOff, innerLen, IpProtocol.IPV6, hopLimit, src, dst);
        return Ipv6Header.LENGTH + innerLen;
    }

    public static byte[] encapsulate(Ipv6Address src, Ipv6Address dst, int hopLimit, byte[] inner) {
        byte[] out = new byte[Ipv6Header.LENGTH + inner.length];
        encapsulate(src, dst, hopLimit, inner, 0, inner.length, out, 0);
        return out;
    }
}
