package org.roam6.wire.icmp;

import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

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
    /** The anycast identifier of the Mobile IPv6 Home-Agents address (RFC 2526 3, RFC 6275 10.5). */
    public static final int HOME_AGENTS_ANYCAST_ID = 0x7e;

    /**
     * The Mobile IPv6 Home-Agents anycast address of {@code prefix} (RFC 2526 2, 3; RFC 6275
     * 10.5): for a /64 (EUI-64 interface identifiers) the interface identifier is
     * {@code fdff:ffff:ffff:fffe} (the universal/local bit 0); for other lengths every bit after
     * the prefix is 1 except the 7-bit anycast identifier 0x7e. Prefixes longer than /121 have no
     * room for one.
     */
    public static Ipv6Address homeAgentsAnycast(Ipv6Prefix prefix) {
        int n = prefix.length();
        if (n > 121) {
            throw new IllegalArgumentException("prefix " + prefix + " is longer than /121: no room for RFC 2526 anycast addresses");
        }
        long hi = prefix.address().hi();
        long lo = prefix.address().lo();
        if (n == 64) {
            return new Ipv6Address(hi, 0xfdffffffffffff80L | HOME_AGENTS_ANYCAST_ID);
        }
        long hostHi = n >= 64 ? 0 : (n == 0 ? -1L : -1L >>> n);
        long hostLo = n >= 64 ? -1L >>> (n - 64) : -1L;
        long idMask = 0x7fL;
        return new Ipv6Address(hi | hostHi, ((lo | hostLo) & ~idMask) | HOME_AGENTS_ANYCAST_ID);
    }

    public static final int LENGTH = 8;
    public static final int OFF_IDENTIFIER = 4;
    public static final int OFF_RESERVED = 6;
    /** R, the first bit of the Reserved field (RFC 3963, Modified DHAAD Request). */
    public static final int FLAG_MOBILE_ROUTER = 0x8000;

    public DhaadRequest {
        Icmpv6Message.u16("identifier", identifier);
    }
}
