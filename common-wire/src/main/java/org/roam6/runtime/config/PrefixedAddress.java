package org.roam6.runtime.config;

import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * An address with the length of its on-link prefix, as UMIP's {@code HomeAddress
 * 2001:db8:1::100/64}: unlike {@link Ipv6Prefix} the host bits are kept.
 */
public record PrefixedAddress(Ipv6Address address, int length) {

    public PrefixedAddress {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("prefix length " + length + " is not 0-128");
        }
    }

    /** The prefix the address sits in (host bits cleared). */
    public Ipv6Prefix prefix() {
        return new Ipv6Prefix(address, length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
