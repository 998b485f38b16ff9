package org.roam6.wire.icmp;

import java.util.List;
import java.util.Optional;

/**
 * Router Advertisement (RFC 4861 4.2), type 134, code 0, with the Home Agent (H) flag of
 * RFC 6275 7.1: a home agent sets it on the home link, and lists itself in the Home Agents List
 * of the others with the Home Agent Information option (RFC 6275 7.4).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Cur Hop Limit |M|O|H|Reserved |       Router Lifetime         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Reachable Time                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Retrans Timer                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Options ...
 * </pre>
 *
 * @param flags the whole flags byte, so bits defined elsewhere (RFC 4191 preference, RFC 4389
 *              proxy) survive a decode and re-encode; see {@link #FLAG_HOME_AGENT} and friends
 */
public record RouterAdvertisement(int curHopLimit, int flags, int routerLifetime, long reachableTime,
                                  long retransTimer, List<NdOption> options) implements Icmpv6Message {
    public static final int TYPE = 134;
    public static final int OFF_CUR_HOP_LIMIT = 4;
    public static final int OFF_FLAGS = 5;
    public static final int OFF_ROUTER_LIFETIME = 6;
    public static final int OFF_REACHABLE_TIME = 8;
    public static final int OFF_RETRANS_TIMER = 12;
    public static final int OFF_OPTIONS = 16;
    /** M: addresses from DHCPv6 (RFC 4861 4.2). */
    public static final int FLAG_MANAGED = 0x80;
    /** O: other configuration from DHCPv6 (RFC 4861 4.2). */
    public static final int FLAG_OTHER = 0x40;
    /** H: the sending router is also a home agent on this link (RFC 6275 7.1). */
    public static final int FLAG_HOME_AGENT = 0x20;

    public RouterAdvertisement {
        Icmpv6Message.u8("cur hop limit", curHopLimit);
        Icmpv6Message.u8("flags", flags);
        Icmpv6Message.u16("router lifetime", routerLifetime);
        Icmpv6Message.u32("reachable time", reachableTime);
        Icmpv6Message.u32("retrans timer", retransTimer);
        options = List.copyOf(options);
    }

    public boolean managed() {
        return (flags & FLAG_MANAGED) != 0;
    }

    public boolean other() {
        return (flags & FLAG_OTHER) != 0;
    }

    public boolean homeAgent() {
        return (flags & FLAG_HOME_AGENT) != 0;
    }

    /** The Home Agent Information option, if the advertisement carries one. */
    public Optional<HomeAgentInformation> homeAgentInformation() {
        for (NdOption o : options) {
            if (o instanceof HomeAgentInformation h) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The Prefix Information options, in order. */
    public List<PrefixInformation> prefixes() {
        return options.stream().filter(PrefixInformation.class::isInstance).map(PrefixInformation.class::cast).toList();
    }
}
