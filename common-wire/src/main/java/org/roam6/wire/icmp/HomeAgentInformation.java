package org.roam6.wire.icmp;

/**
 * Home Agent Information option (RFC 6275 7.4), type 8, length 1: sent in a home agent's
 * Router Advertisement (with the H flag) to give its preference and lifetime as a home agent.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Length     |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Home Agent Preference      |      Home Agent Lifetime      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param preference signed 16-bit; higher is more preferred (default 0)
 * @param lifetime   seconds, 1-65535 (0 must not be sent; RFC 6275 7.4), unsigned 16-bit
 */
public record HomeAgentInformation(int preference, int lifetime) implements NdOption {
    public static final int TYPE = 8;
    public static final int LENGTH = 8;
    public static final int OFF_RESERVED = 2;
    public static final int OFF_PREFERENCE = 4;
    public static final int OFF_LIFETIME = 6;

    public HomeAgentInformation {
        if (preference < Short.MIN_VALUE || preference > Short.MAX_VALUE) {
            throw new IllegalArgumentException("home agent preference " + preference + " is not a signed 16-bit value");
        }
        Icmpv6Message.u16("home agent lifetime", lifetime);
    }
}
