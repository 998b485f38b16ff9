package org.roam6.wire.icmp;

import java.util.List;
import org.roam6.wire.Ipv6Address;

/**
 * Home Agent Address Discovery Reply (RFC 6275 6.6), type 145, code 0: a home agent's answer
 * listing the home agents on the home link, most preferred first (RFC 6275 10.5).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |            Checksum           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Identifier          |R|          Reserved           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Home Agent Addresses (16 bytes each) ...    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param mobileRouter the R flag of RFC 3963: the listed home agents support mobile routers
 */
public record DhaadReply(int identifier, boolean mobileRouter, List<Ipv6Address> homeAgents)
        implements Icmpv6Message {
    public static final int TYPE = 145;
    public static final int OFF_IDENTIFIER = 4;
    public static final int OFF_RESERVED = 6;
    public static final int OFF_HOME_AGENTS = 8;

    public DhaadReply {
        Icmpv6Message.u16("identifier", identifier);
        homeAgents = List.copyOf(homeAgents);
    }
}
