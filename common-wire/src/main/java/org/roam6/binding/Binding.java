package org.roam6.binding;

import java.time.Duration;
import java.util.List;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * One Binding Cache entry as a value (RFC 6275 9.1, 10.1): what {@code show bindings} prints and
 * what an expiry sweep reports. Built on the control path; the forwarding path reads the cache
 * through a {@link BindingView} instead.
 *
 * @param homeAddress the home address, the key of the entry
 * @param careOfAddress the registered care-of address
 * @param sequence the Sequence # of the last accepted Binding Update (0-65535)
 * @param flags the Binding Update flags of that registration (16 bits)
 * @param lifetimeRemaining the time left before the entry expires, zero once it has
 * @param homeAgents the home agents the mobile node registers with (multi-HA, empty without)
 * @param mobileNetworkPrefixes the mobile network prefixes the HA routes to it (NEMO, RFC 3963)
 */
public record Binding(
        Ipv6Address homeAddress,
        Ipv6Address careOfAddress,
        int sequence,
        int flags,
        Duration lifetimeRemaining,
        List<Ipv6Address> homeAgents,
        List<Ipv6Prefix> mobileNetworkPrefixes) {

    public Binding {
        homeAgents = List.copyOf(homeAgents);
        mobileNetworkPrefixes = List.copyOf(mobileNetworkPrefixes);
    }
}
