package org.roam6.wire;

/**
 * A reusable walker over a whole IPv6 packet: it validates the IPv6 header (RFC 8200 3), walks
 * the extension-header chain (RFC 8200 4) to the upper layer, and records what Mobile IPv6 needs
 * on the way: the Home Address option (RFC 6275 6.3), the Type 2 routing header (RFC 6275 6.4)
 * and any Fragment header (RFC 8200 4.5).
 *
 * <p>Headers walked: Hop-by-Hop Options (0, only right after the IPv6 header, RFC 8200 4.1),
 * Destination Options (60), Routing (43; type 2 is checked, other types are skipped when
 * Segments Left is 0 and refused otherwise, RFC 8200 4.4), Fragment (44; a non-first fragment
 * ends the walk since the rest of the chain is in another fragment) and Authentication Header
 * (51, skipped by its Payload Len, RFC 4302 2.2). Any other Next Header value is the upper layer,
 * including ESP (50), IPv6-in-IPv6 (41) and No Next Header (59).
 *
 * <p>{@link #parse} allocates nothing and returns {@code null} when the packet is good, or the
 * {@link WireError} with its offset relative to the start of {@code b}. After a good parse the
 * int/long accessors are valid until the next parse; only the {@link Ipv6Address} accessors
 * allocate.
 *
 * <p>The upper-layer checksum pseudo-header (RFC 8200 8.1, RFC 6275 6.1.1): its source is the
 * home address when a Home Address option is present, and its destination is the final
 * destination, which is the Type 2 routing header's address while Segments Left is still 1 (as
 * sent, or as captured on the wire) and the IPv6 destination once the header has been processed
 * (Segments Left 0).
 */
public final class Ipv6Packet {
    private final Ipv6Header header = new Ipv6Header();
    private final HopByHopOptions hopByHop = new HopByHopOptions();
    private final DestinationOptions destOptions = new DestinationOptions();
    private final RoutingHeaderType2 routing2 = new RoutingHeaderType2();
    private final FragmentHeader fragment = new FragmentHeader();

    private byte[] buf;
    private int off;
    private int end;
    private int upperProtocol;
    private int upperOffset;
    private int homeAddressOption;
    private int routingHeader2;
    private int fragmentHeader;
    private int headerCount;

    /**
     * Walks the packet at {@code b[off..off+len)}. Bytes after the IPv6 payload length (link
     * padding) are ignored. Returns {@code null} when good.
     */
    public WireError parse(byte[] b, int off, int len) {
        this.buf = b;
        this.off = off;
        this.homeAddressOption = -1;
        this.routingHeader2 = -1;
        this.fragmentHeader = -1;
        this.upperProtocol = -1;
        this.upperOffset = -1;
        this.headerCount = 0;
        if (b == null || off < 0 || len < 0 || off + len > b.length || off + len < 0) {
            return WireError.discard("IPv6 header", Math.max(off, 0), WireError.Reason.TRUNCATED,
                    "buffer range off=" + off + " len=" + len + " is outside the buffer");
        }
        header.wrap(b, off, len);
        WireError e = header.validate();
        if (e != null) {
            return e;
        }
        end = off + Ipv6Header.LENGTH + header.payloadLength();
        boolean multicast = (b[off + Ipv6Header.OFF_DESTINATION] & 0xff) == 0xff;
        int nextHeader = header.nextHeader();
        int nextHeaderField = off + Ipv6Header.OFF_NEXT_HEADER;
        int p = off + Ipv6Header.LENGTH;
        // each header takes at least 8 bytes, so this ends within payloadLength / 8 turns
        while (true) {
            switch (nextHeader) {
                case IpProtocol.HOP_BY_HOP: {
                    if (p != off + Ipv6Header.LENGTH) {
                        return WireError.discard("Next Header", nextHeaderField, WireError.Reason.BAD_VALUE,
                                "Hop-by-Hop Options header not right after the IPv6 header (RFC 8200 4.1)");
                    }
                    hopByHop.wrap(b, p, end - p);
                    e = hopByHop.validate(multicast);
                    if (e != null) {
                        return e;
                    }
                    nextHeaderField = p;
                    nextHeader = hopByHop.nextHeader();
                    p = hopByHop.end();
                    break;
                }
                case IpProtocol.DESTINATION_OPTIONS: {
                    destOptions.wrap(b, p, end - p);
                    e = destOptions.validate(multicast);
                    if (e != null) {
                        return e;
                    }
                    int hao = destOptions.homeAddressOptionOffset();
                    if (hao >= 0) {
                        if (homeAddressOption >= 0) {
                            return WireError.discard("Option Type", hao, WireError.Reason.DUPLICATE_OPTION,
                                    "second Home Address option in the packet (RFC 6275 6.3)");
                        }
                        homeAddressOption = hao;
                    }
                    nextHeaderField = p;
                    nextHeader = destOptions.nextHeader();
                    p = destOptions.end();
                    break;
                }
                case IpProtocol.ROUTING: {
                    if (end - p < 8) {
                        return WireError.discard("Routing header", p, WireError.Reason.TRUNCATED,
                                "needs at least 8 bytes, has " + (end - p));
                    }
                    int type = b[p + RoutingHeaderType2.OFF_ROUTING_TYPE] & 0xff;
                    int length = ((b[p + RoutingHeaderType2.OFF_HDR_EXT_LEN] & 0xff) + 1) * 8;
                    if (type == RoutingHeaderType2.ROUTING_TYPE) {
                        routing2.wrap(b, p, end - p);
                        e = routing2.validate();
                        if (e != null) {
                            return e;
                        }
                        if (routingHeader2 >= 0) {
                            return WireError.discard("Next Header", nextHeaderField, WireError.Reason.DUPLICATE_OPTION,
                                    "second Type 2 routing header (RFC 6275 6.4 allows one)");
                        }
                        routingHeader2 = p;
                    } else {
                        if (length > end - p) {
                            return WireError.discard("Hdr Ext Len", p + 1, WireError.Reason.TRUNCATED,
                                    "routing header of " + length + " bytes but only " + (end - p) + " remain");
                        }
                        if ((b[p + RoutingHeaderType2.OFF_SEGMENTS_LEFT] & 0xff) != 0) {
                            // RFC 8200 4.4: Parameter Problem code 0 pointing at the Routing Type
                            return WireError.discard("Routing Type", p + RoutingHeaderType2.OFF_ROUTING_TYPE,
                                    WireError.Reason.BAD_VALUE, "unrecognised routing type " + type
                                            + " with segments left " + (b[p + 3] & 0xff));
                        }
                    }
                    nextHeaderField = p;
                    nextHeader = b[p] & 0xff;
                    p += length;
                    break;
                }
                case IpProtocol.FRAGMENT: {
                    fragment.wrap(b, p, end - p);
                    e = fragment.validate();
                    if (e != null) {
                        return e;
                    }
                    if (fragmentHeader >= 0) {
                        return WireError.discard("Next Header", nextHeaderField, WireError.Reason.BAD_VALUE,
                                "second Fragment header");
                    }
                    fragmentHeader = p;
                    nextHeaderField = p;
                    nextHeader = fragment.nextHeader();
                    p += FragmentHeader.LENGTH;
                    if (fragment.fragmentOffset() != 0) {
                        headerCount++;
                        return finish(nextHeader, p);
                    }
                    break;
                }
                case IpProtocol.AH: {
                    if (end - p < 8) {
                        return WireError.discard("Authentication Header", p, WireError.Reason.TRUNCATED,
                                "needs at least 8 bytes, has " + (end - p));
                    }
                    int length = ((b[p + 1] & 0xff) + 2) * 4;
                    if (length > end - p) {
                        return WireError.discard("Payload Len", p + 1, WireError.Reason.TRUNCATED,
                                "Authentication Header of " + length + " bytes but only " + (end - p) + " remain");
                    }
                    nextHeaderField = p;
                    nextHeader = b[p] & 0xff;
                    p += length;
                    break;
                }
                default:
                    return finish(nextHeader, p);
            }
            headerCount++;
        }
    }

    private WireError finish(int protocol, int p) {
        upperProtocol = protocol;
        upperOffset = p;
        return null;
    }

    /** The IPv6 header view of the last parse. */
    public Ipv6Header header() {
        return header;
    }

    /** Next Header value of the upper layer (or of the first header not walked, e.g. ESP). */
    public int upperLayerProtocol() {
        return upperProtocol;
    }

    /** Absolute offset in the buffer of the upper-layer header. */
    public int upperLayerOffset() {
        return upperOffset;
    }

    /** Bytes from the upper-layer header to the end of the IPv6 payload. */
    public int upperLayerLength() {
        return end - upperOffset;
    }

    /** Number of extension headers walked. */
    public int extensionHeaderCount() {
        return headerCount;
    }

    /** Absolute offset just past the IPv6 payload. */
    public int end() {
        return end;
    }

    public boolean hasHomeAddressOption() {
        return homeAddressOption >= 0;
    }

    /** Absolute offset of the Home Address option's type byte, or -1. */
    public int homeAddressOptionOffset() {
        return homeAddressOption;
    }

    public long homeAddressHi() {
        return Bytes.getLong(buf, homeAddressOption + HomeAddressOption.OFF_HOME_ADDRESS);
    }

    public long homeAddressLo() {
        return Bytes.getLong(buf, homeAddressOption + HomeAddressOption.OFF_HOME_ADDRESS + 8);
    }

    /** The address in the Home Address option, or {@code null} when there is none. */
    public Ipv6Address homeAddress() {
        return homeAddressOption < 0 ? null : new Ipv6Address(homeAddressHi(), homeAddressLo());
    }

    public boolean hasRoutingHeaderType2() {
        return routingHeader2 >= 0;
    }

    /** Absolute offset of the Type 2 routing header, or -1. */
    public int routingHeaderType2Offset() {
        return routingHeader2;
    }

    public int routingSegmentsLeft() {
        return buf[routingHeader2 + RoutingHeaderType2.OFF_SEGMENTS_LEFT] & 0xff;
    }

    public long routingAddressHi() {
        return Bytes.getLong(buf, routingHeader2 + RoutingHeaderType2.OFF_HOME_ADDRESS);
    }

    public long routingAddressLo() {
        return Bytes.getLong(buf, routingHeader2 + RoutingHeaderType2.OFF_HOME_ADDRESS + 8);
    }

    /** The address in the Type 2 routing header, or {@code null} when there is none. */
    public Ipv6Address routingAddress() {
        return routingHeader2 < 0 ? null : new Ipv6Address(routingAddressHi(), routingAddressLo());
    }

    public boolean isFragment() {
        return fragmentHeader >= 0;
    }

    /** Absolute offset of the Fragment header, or -1. */
    public int fragmentHeaderOffset() {
        return fragmentHeader;
    }

    /** Fragment offset in bytes; 0 when there is no Fragment header. */
    public int fragmentOffset() {
        return fragmentHeader < 0 ? 0 : Bytes.u16(buf, fragmentHeader + FragmentHeader.OFF_FRAGMENT_OFFSET) & 0xfff8;
    }

    public boolean moreFragments() {
        return fragmentHeader >= 0
                && (Bytes.u16(buf, fragmentHeader + FragmentHeader.OFF_FRAGMENT_OFFSET) & FragmentHeader.M_FLAG) != 0;
    }

    public long fragmentIdentification() {
        return fragmentHeader < 0 ? 0 : Bytes.u32(buf, fragmentHeader + FragmentHeader.OFF_IDENTIFICATION);
    }

    /** True when the upper layer is whole: no fragment, or a lone fragment with offset 0 and no M. */
    public boolean upperLayerComplete() {
        return fragmentHeader < 0 || (fragmentOffset() == 0 && !moreFragments());
    }

    public Ipv6Address source() {
        return header.source();
    }

    public Ipv6Address destination() {
        return header.destination();
    }

    /** Pseudo-header source, high 64 bits: the home address when an HAO is present (RFC 6275 6.1.1). */
    public long pseudoSourceHi() {
        return homeAddressOption >= 0 ? homeAddressHi() : header.sourceHi();
    }

    public long pseudoSourceLo() {
        return homeAddressOption >= 0 ? homeAddressLo() : header.sourceLo();
    }

    /** Pseudo-header destination, high 64 bits: the final destination (RFC 8200 8.1). */
    public long pseudoDestinationHi() {
        return routingPending() ? routingAddressHi() : header.destinationHi();
    }

    public long pseudoDestinationLo() {
        return routingPending() ? routingAddressLo() : header.destinationLo();
    }

    private boolean routingPending() {
        return routingHeader2 >= 0 && routingSegmentsLeft() > 0;
    }

    public Ipv6Address pseudoSource() {
        return new Ipv6Address(pseudoSourceHi(), pseudoSourceLo());
    }

    public Ipv6Address pseudoDestination() {
        return new Ipv6Address(pseudoDestinationHi(), pseudoDestinationLo());
    }

    /**
     * Whether the upper layer's checksum verifies against the pseudo-header above. False when the
     * protocol has no checksum known to {@link Ipv6PacketBuilder#checksumFieldOffset}, the upper
     * layer is only part of a fragmented packet, or it is too short to hold its checksum field.
     * A UDP checksum of 0 (none) does not verify (RFC 8200 8.1 makes it mandatory).
     */
    public boolean upperLayerChecksumValid() {
        int field = Ipv6PacketBuilder.checksumFieldOffset(upperProtocol);
        int len = upperLayerLength();
        if (field < 0 || !upperLayerComplete() || len < field + 2) {
            return false;
        }
        if (upperProtocol == IpProtocol.UDP && Bytes.u16(buf, upperOffset + field) == 0) {
            return false;
        }
        long sum = words(pseudoSourceHi()) + words(pseudoSourceLo())
                + words(pseudoDestinationHi()) + words(pseudoDestinationLo())
                + (len >>> 16) + (len & 0xffff) + upperProtocol;
        sum = Checksum.add(sum, buf, upperOffset, len);
        return Checksum.fold(sum) == 0;
    }

    private static long words(long w) {
        return ((w >>> 48) & 0xffff) + ((w >>> 32) & 0xffff) + ((w >>> 16) & 0xffff) + (w & 0xffff);
    }
}
