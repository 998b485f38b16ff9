package org.roam6.wire.icmp;

import java.util.Objects;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * Prefix Information option (RFC 4861 4.6.2), type 3, length 4 (32 bytes), with the Router
 * Address (R) flag of RFC 6275 7.2.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Length     | Prefix Length |L|A|R|Reserved1|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Valid Lifetime                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Preferred Lifetime                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Reserved2                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Prefix (128)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The Prefix field is kept whole, not masked to the prefix length: with the R flag set it holds
 * the router's complete global address (RFC 6275 7.2), which is how a home agent's global
 * address reaches the Home Agents List. {@link #asPrefix()} gives the masked prefix.
 *
 * @param validLifetime     seconds; 0xFFFFFFFF is infinity
 * @param preferredLifetime seconds; 0xFFFFFFFF is infinity
 */
public record PrefixInformation(int prefixLength, boolean onLink, boolean autonomous, boolean routerAddress,
                                long validLifetime, long preferredLifetime, Ipv6Address prefix) implements NdOption {
    public static final int TYPE = 3;
    /** In units of 8 bytes. */
    public static final int LENGTH_UNITS = 4;
    public static final int LENGTH = 32;
    public static final int OFF_PREFIX_LENGTH = 2;
    public static final int OFF_FLAGS = 3;
    public static final int OFF_VALID_LIFETIME = 4;
    public static final int OFF_PREFERRED_LIFETIME = 8;
    public static final int OFF_RESERVED2 = 12;
    public static final int OFF_PREFIX = 16;
    public static final int FLAG_ON_LINK = 0x80;
    public static final int FLAG_AUTONOMOUS = 0x40;
    /** R: the Prefix field holds the router's whole address (RFC 6275 7.2). */
    public static final int FLAG_ROUTER_ADDRESS = 0x20;
    public static final long INFINITY = 0xffffffffL;

    public PrefixInformation {
        Icmpv6Message.u8("prefix length", prefixLength);
        Icmpv6Message.u32("valid lifetime", validLifetime);
        Icmpv6Message.u32("preferred lifetime", preferredLifetime);
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The prefix masked to its length; prefix lengths above 128 are clamped to 128. */
    public Ipv6Prefix asPrefix() {
        return new Ipv6Prefix(prefix, Math.min(prefixLength, 128));
    }
}
