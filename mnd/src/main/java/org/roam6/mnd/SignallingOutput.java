package org.roam6.mnd;

import org.roam6.wire.Ipv6Address;

/**
 * How the mobile node's protocol parts send their messages ({@link MobileNodeSignalling} is the
 * real one; tests record what is sent). Each returns false when the kernel refused the packet
 * (counted and logged by the implementation), never throws for a network failure.
 */
public interface SignallingOutput {
    /**
     * Sends a whole IPv6 packet {@code packet[off, off+len)} that the caller built (IPv6 header,
     * extension headers such as the Home Address option, upper-layer checksum computed over the
     * right pseudo-header): Binding Updates and Mobile Prefix Solicitations from the care-of
     * address with a Home Address option (RFC 6275 11.7.1, 11.4.2).
     */
    boolean sendPacket(byte[] packet, int off, int len, Ipv6Address destination);

    /**
     * Sends a Mobility Header message {@code mh[off, off+len)} (checksum field ignored: the kernel
     * computes it) from {@code source} to {@code destination}. From the home address while away,
     * the kernel's policy route leads it into the mobile node's TUN and so through the reverse
     * tunnel (Home Test Init, RFC 6275 11.6.1); from the care-of address it goes out directly
     * (Care-of Test Init); from the home address at home it goes out on the home link (the
     * de-registration, RFC 6275 11.5.5).
     */
    boolean sendMobilityHeader(byte[] mh, int off, int len, Ipv6Address source, Ipv6Address destination);

    /**
     * Sends an ICMPv6 message {@code message[off, off+len)} (checksum computed by the kernel) from
     * {@code source} to {@code destination}, out of interface {@code interfaceIndex} when it is
     * not 0 (needed for link-local and multicast destinations).
     */
    boolean sendIcmpv6(byte[] message, int off, int len, Ipv6Address source, Ipv6Address destination,
                       int interfaceIndex);
}
