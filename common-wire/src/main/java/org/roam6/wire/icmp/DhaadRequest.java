package org.roam6.wire.icmp;

/**
 * Home Agent Address Discovery Request (RFC 6275 6.5), type 144, code 0: sent by a mobile node
 * to the Mobile IPv6 Home-Agents anycast address of its home subnet prefix.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |            Checksum           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Identifier          |R|          Reserved           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param identifier   matches the reply to the request
 * @param mobileRouter the R flag of RFC 3963 (NEMO): the sender is a mobile router and wants
 *                     home agents that support mobile routers
 */
public record DhaadRequest(int identifier, boolean mobileRouter) implements Icmpv6Message {
    public static final int TYPE = 144;
    public static final int LENGTH = 8;
    public static final int OFF_IDENTIFIER = 4;
    public static final int OFF_RESERVED = 6;
    /** R, the first bit of the Reserved field (RFC 3963, Modified DHAAD Request). */
    public static final int FLAG_MOBILE_ROUTER = 0x8000;

    public DhaadRequest {
        Icmpv6Message.u16("identifier", identifier);
    }
}
