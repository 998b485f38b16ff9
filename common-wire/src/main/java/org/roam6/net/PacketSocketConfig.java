package org.roam6.net;

/**
 * How to open a {@link RawIpv6Socket}.
 *
 * @param protocol            next header value; 255 (IPPROTO_RAW) means header-included sends
 * @param checksumOffset      IPV6_CHECKSUM: where the kernel fills and checks the checksum
 *                            (4 for the Mobility Header, RFC 6275 6.1.1), -1 for none. ICMPv6
 *                            sockets always have it at 2 (the kernel insists).
 * @param icmpFilter          ICMP6_FILTER for protocol 58, null to pass every type
 * @param device              SO_BINDTODEVICE interface name, null for all
 * @param packetInfo          IPV6_RECVPKTINFO: report destination and arrival interface
 * @param hopLimit            IPV6_RECVHOPLIMIT
 * @param destinationOptions  IPV6_RECVDSTOPTS: report a Destination Options header before the data
 * @param routingHeader       IPV6_RECVRTHDR: report a Routing header before the data
 * @param mark                SO_MARK for sent packets (0: none); see {@link NetworkControl#OWN_PACKET_MARK}
 * @param receiveBufferBytes  SO_RCVBUF, 0 for the default
 */
public record PacketSocketConfig(int protocol, int checksumOffset, Icmp6Filter icmpFilter, String device,
                                 boolean packetInfo, boolean hopLimit, boolean destinationOptions,
                                 boolean routingHeader, int mark, int receiveBufferBytes) {

    public PacketSocketConfig {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " is not 0..255");
        }
        if (checksumOffset < -1 || checksumOffset % 2 != 0 && checksumOffset != -1) {
            throw new IllegalArgumentException("checksum offset must be even or -1, not " + checksumOffset);
        }
        if (icmpFilter != null && protocol != 58) {
            throw new IllegalArgumentException("an ICMPv6 filter needs protocol 58, not " + protocol);
        }
    }

    /** A socket for {@code protocol} with packet info and hop limit reported, nothing else. */
    public static PacketSocketConfig of(int protocol) {
        return new PacketSocketConfig(protocol, -1, null, null, true, true, false, false, 0, 0);
    }

    /** The Mobility Header socket: protocol 135, kernel checksum at offset 4. */
    public static PacketSocketConfig mobilityHeader() {
        return of(135).withChecksumOffset(4);
    }

    /** An ICMPv6 socket passing only {@code types}. */
    public static PacketSocketConfig icmpv6(int... types) {
        return of(58).withIcmpFilter(Icmp6Filter.passOnly(types));
    }

    /** A header-included socket (protocol 255): the caller builds whole IPv6 packets. */
    public static PacketSocketConfig headerIncluded() {
        return new PacketSocketConfig(255, -1, null, null, false, false, false, false, 0, 0);
    }

    public boolean isHeaderIncluded() {
        return protocol == 255;
    }

    public PacketSocketConfig withChecksumOffset(int off) {
        return new PacketSocketConfig(protocol, off, icmpFilter, device, packetInfo, hopLimit,
                destinationOptions, routingHeader, mark, receiveBufferBytes);
    }

    public PacketSocketConfig withIcmpFilter(Icmp6Filter f) {
        return new PacketSocketConfig(protocol, checksumOffset, f, device, packetInfo, hopLimit,
                destinationOptions, routingHeader, mark, receiveBufferBytes);
    }

    public PacketSocketConfig withDevice(String dev) {
        return new PacketSocketConfig(protocol, checksumOffset, icmpFilter, dev, packetInfo, hopLimit,
                destinationOptions, routingHeader, mark, receiveBufferBytes);
    }

    public PacketSocketConfig withExtensionHeaders(boolean dstopts, boolean rthdr) {
        return new PacketSocketConfig(protocol, checksumOffset, icmpFilter, device, packetInfo, hopLimit,
                dstopts, rthdr, mark, receiveBufferBytes);
    }

    public PacketSocketConfig withMark(int m) {
        return new PacketSocketConfig(protocol, checksumOffset, icmpFilter, device, packetInfo, hopLimit,
                destinationOptions, routingHeader, m, receiveBufferBytes);
    }

    public PacketSocketConfig withReceiveBuffer(int bytes) {
        return new PacketSocketConfig(protocol, checksumOffset, icmpFilter, device, packetInfo, hopLimit,
                destinationOptions, routingHeader, mark, bytes);
    }
}
