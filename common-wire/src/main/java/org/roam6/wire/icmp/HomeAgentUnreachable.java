package org.roam6.wire.icmp;

import java.util.List;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;

/**
 * Home Agent Unreachable: the multi-home-agent extension's message (DESIGN.md section 3, paper
 * 001) by which a live home agent tells a mobile node that one or more of its other home agents
 * are dead. The paper names the message but gives no layout; roam6 defines it as an ICMPv6
 * informational message in the style of the DHAAD Reply (RFC 6275 6.6):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |    Code=0     |            Checksum           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Number of Addresses     |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +            Unreachable Home Agent Address [1] (128)           +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                              ...                              .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Unreachable Home Agent Address [n] (128)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 *   <li>Type: {@link MobilityExtensions#haUnreachableIcmpType()}, 154 by default.
 *   <li>Code: 0; a receiver discards other codes.
 *   <li>Number of Addresses: n, at least 1; the message is exactly 8 + 16n bytes.
 *   <li>Reserved: 0 on sending, ignored on receipt.
 *   <li>Addresses: the home agents found dead, in the sender's order.
 * </ul>
 * The sender is a live home agent of the mobile node and protects the message as it protects
 * its other signalling to the mobile node; the checksum is the usual ICMPv6 one (RFC 4443 2.3).
 */
public record HomeAgentUnreachable(List<Ipv6Address> homeAgents) implements Icmpv6Message {
    public static final int OFF_COUNT = 4;
    public static final int OFF_RESERVED = 6;
    public static final int OFF_HOME_AGENTS = 8;
    /** 16-bit count field and the 64 KiB IPv6 payload bound together limit n to this. */
    public static final int MAX_ADDRESSES = (0xffff - 8 - 40) / 16;

    public HomeAgentUnreachable {
        homeAgents = List.copyOf(homeAgents);
        if (homeAgents.isEmpty() || homeAgents.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("Home Agent Unreachable carries 1-" + MAX_ADDRESSES
                    + " addresses, not " + homeAgents.size());
        }
    }
}
