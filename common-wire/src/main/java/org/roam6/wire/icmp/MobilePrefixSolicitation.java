package org.roam6.wire.icmp;

/**
 * Mobile Prefix Solicitation (RFC 6275 6.7), type 146, code 0: a mobile node away from home asks
 * its home agent for the home link's prefixes.
 *
 * <pre>
 * | Type=146 | Code=0 | Checksum | Identifier (16) | Reserved (16) |
 * </pre>
 */
public record MobilePrefixSolicitation(int identifier) implements Icmpv6Message {
    public static final int TYPE = 146;
    public static final int LENGTH = 8;
    public static final int OFF_IDENTIFIER = 4;
    public static final int OFF_RESERVED = 6;

    public MobilePrefixSolicitation {
        Icmpv6Message.u16("identifier", identifier);
    }
}
