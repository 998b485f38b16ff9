package org.roam6.net;

import org.roam6.wire.Ipv6Address;

/**
 * What the kernel told about a received packet besides its bytes: the source (from the socket
 * address), and from control messages the destination and arrival interface
 * ({@code IPV6_PKTINFO}), the hop limit ({@code IPV6_HOPLIMIT}), and copies of a Destination
 * Options header ({@code IPV6_DSTOPTS}) and Routing header ({@code IPV6_RTHDR}) that preceded
 * the data. One instance is reused for every receive, so reading it allocates nothing except
 * the {@link Ipv6Address} accessors; absent fields read as 0 / -1 / empty.
 */
public final class PacketInfo {
    /** Largest extension header a control message can carry ((255 + 1) * 8 bytes). */
    public static final int MAX_EXTENSION_HEADER = 2048;

    private long sourceHi;
    private long sourceLo;
    private long destinationHi;
    private long destinationLo;
    private boolean hasDestination;
    private int interfaceIndex;
    private int hopLimit = -1;
    private boolean truncated;
    private final byte[] destinationOptions = new byte[MAX_EXTENSION_HEADER];
    private int destinationOptionsLength;
    private final byte[] routingHeader = new byte[MAX_EXTENSION_HEADER];
    private int routingHeaderLength;

    /** Clears every field; receive calls it before filling. */
    public void reset() {
        sourceHi = sourceLo = destinationHi = destinationLo = 0;
        hasDestination = false;
        interfaceIndex = 0;
        hopLimit = -1;
        truncated = false;
        destinationOptionsLength = 0;
        routingHeaderLength = 0;
    }

    public Ipv6Address source() {
        return new Ipv6Address(sourceHi, sourceLo);
    }

    public long sourceHi() {
        return sourceHi;
    }

    public long sourceLo() {
        return sourceLo;
    }

    /** The packet's destination address, or null when no {@code IPV6_PKTINFO} came. */
    public Ipv6Address destination() {
        return hasDestination ? new Ipv6Address(destinationHi, destinationLo) : null;
    }

    public boolean hasDestination() {
        return hasDestination;
    }

    /** Arrival interface index from {@code IPV6_PKTINFO}, 0 when absent. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** Hop limit from {@code IPV6_HOPLIMIT}, -1 when absent. */
    public int hopLimit() {
        return hopLimit;
    }

    /** True when the packet was longer than the caller's buffer (the rest is lost). */
    public boolean truncated() {
        return truncated;
    }

    /** The Destination Options header bytes (next header, length, options); see the length. */
    public byte[] destinationOptions() {
        return destinationOptions;
    }

    public int destinationOptionsLength() {
        return destinationOptionsLength;
    }

    /** The Routing header bytes (next header, length, type, segments left, data). */
    public byte[] routingHeader() {
        return routingHeader;
    }

    public int routingHeaderLength() {
        return routingHeaderLength;
    }

    // setters used by the socket implementations and fakes

    public PacketInfo source(long hi, long lo) {
        sourceHi = hi;
        sourceLo = lo;
        return this;
    }

    public PacketInfo source(Ipv6Address a) {
        return source(a.hi(), a.lo());
    }

    public PacketInfo destination(long hi, long lo, int ifindex) {
        destinationHi = hi;
        destinationLo = lo;
        hasDestination = true;
        interfaceIndex = ifindex;
        return this;
    }

    public PacketInfo hopLimit(int h) {
        hopLimit = h;
        return this;
    }

    public PacketInfo truncated(boolean t) {
        truncated = t;
        return this;
    }

    public PacketInfo destinationOptions(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_EXTENSION_HEADER);
        System.arraycopy(b, off, destinationOptions, 0, n);
        destinationOptionsLength = n;
        return this;
    }

    public PacketInfo routingHeader(byte[] b, int off, int len) {
        int n = Math.min(len, MAX_EXTENSION_HEADER);
        System.arraycopy(b, off, routingHeader, 0, n);
        routingHeaderLength = n;
        return this;
    }

    @Override
    public String toString() {
        return "PacketInfo[src=" + source() + ", dst=" + destination() + ", if=" + interfaceIndex
                + ", hlim=" + hopLimit + ", dstopts=" + destinationOptionsLength
                + ", rthdr=" + routingHeaderLength + (truncated ? ", truncated" : "") + "]";
    }
}
