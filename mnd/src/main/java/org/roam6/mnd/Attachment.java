package org.roam6.mnd;

import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * Where the mobile node is attached now, as movement detection (RFC 6275 11.5.1) concludes it:
 * the access interface, the care-of address the kernel formed there (SLAAC) on the link's
 * prefix, the router that advertised it, and whether this is the home link (the prefix is the
 * home prefix; then the care-of address is not used and the home address is).
 *
 * @param interfaceName the access interface, e.g. {@code eth0}
 * @param interfaceIndex its index
 * @param careOfAddress the global address on {@code prefix} (on the home link: the address the
 *     kernel formed there, which may be the home address itself)
 * @param prefix the advertised on-link prefix the care-of address belongs to
 * @param router the link-local address of the router whose Router Advertisement showed the link
 * @param atHome true when {@code prefix} is the home prefix
 * @param detectedAtNanos {@link org.roam6.runtime.MonotonicClock#nanoTime()} when the attachment was concluded
 */
public record Attachment(String interfaceName, int interfaceIndex, Ipv6Address careOfAddress, Ipv6Prefix prefix,
                         Ipv6Address router, boolean atHome, long detectedAtNanos) {
}
