package org.roam6.mnd;

import org.roam6.wire.Ipv6Address;

/**
 * The data path's side of route optimisation (RFC 6275 11.3.1, 11.3.2): once a correspondent
 * holds a binding for the home address, packets to it leave the care-of address directly with a
 * Home Address option, and its packets with a Type 2 routing header are accepted; when the
 * binding goes, both return to the reverse tunnel. {@link MobileNodeTunnel} is the real one.
 */
public interface RouteOptimisedPath {
    /** Packets to {@code correspondent} go directly from {@code careOfAddress} with a Home Address option. */
    void enable(Ipv6Address correspondent, Ipv6Address careOfAddress);

    /** Packets to {@code correspondent} go through the home agent again. */
    void disable(Ipv6Address correspondent);
}
