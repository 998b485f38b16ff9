package org.roam6.had;

import java.util.List;
import java.util.Objects;
import org.roam6.wire.Ipv6Address;

/**
 * One entry of the Home Agents List (RFC 6275 10.1, 10.5.1): a home agent on the home link,
 * known by the link-local source address of its Router Advertisements, with the global addresses
 * it announced in Prefix Information options with the Router Address (R) flag (RFC 6275 7.2),
 * its preference and its lifetime as a home agent (RFC 6275 7.4).
 *
 * @param linkLocal           the key: the Router Advertisement's source, or null for this home
 *                            agent's own entry (which is configured, not learned)
 * @param globalAddresses     global addresses, in the order they were first announced
 * @param preference          signed 16-bit, higher is more preferred (RFC 6275 7.4)
 * @param lifetimeSeconds     the lifetime the entry was last given, in seconds
 * @param expiresAtNanos      when the entry expires, on the list's monotonic clock; for the own
 *                            entry {@link Long#MAX_VALUE} (it lives as long as the daemon)
 * @param mobileRouterSupport the home agent supports mobile routers (RFC 3963: the R bit of the
 *                            Home Agent Information option)
 * @param self                this is the home agent running this list
 */
public record HomeAgentEntry(Ipv6Address linkLocal, List<Ipv6Address> globalAddresses, int preference,
                             int lifetimeSeconds, long expiresAtNanos, boolean mobileRouterSupport,
                             boolean self) {
    public HomeAgentEntry {
        Objects.requireNonNull(globalAddresses, "globalAddresses");
        globalAddresses = List.copyOf(globalAddresses);
        if (!self) {
            Objects.requireNonNull(linkLocal, "linkLocal");
        }
    }

    /** Whether the entry's lifetime is over at {@code nowNanos} (wrap-safe comparison). */
    public boolean expiredAt(long nowNanos) {
        return !self && nowNanos - expiresAtNanos >= 0;
    }
}
