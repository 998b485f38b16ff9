package org.roam6.wire.pcap;

/**
 * The pcap link-layer header types roam6 reads, by their tcpdump.org LINKTYPE_ number (as
 * listed at https://www.tcpdump.org/linktypes.html). Only IPv6 packets are extracted from them.
 */
public enum LinkType {
    /** LINKTYPE_ETHERNET: a 14-byte Ethernet II header, possibly followed by 802.1Q/802.1ad tags. */
    ETHERNET(1),
    /** DLT_RAW as written by some BSD-derived tools instead of LINKTYPE_RAW: raw IPv4 or IPv6. */
    DLT_RAW(12),
    /** LINKTYPE_RAW: raw IPv4 or IPv6, told apart by the version nibble. */
    RAW(101),
    /** LINKTYPE_LINUX_SLL: the 16-byte Linux "cooked" header (tcpdump -i any). */
    LINUX_SLL(113),
    /** LINKTYPE_IPV6: raw IPv6 only (Scapy's choice for bare IPv6 packets). */
    IPV6(229),
    /** LINKTYPE_LINUX_SLL2: the 20-byte Linux "cooked" header, version 2. */
    LINUX_SLL2(276);

    private final int code;

    LinkType(int code) {
        this.code = code;
    }

    /** The LINKTYPE_ number written in the pcap file header. */
    public int code() {
        return code;
    }

    /** The link type with this LINKTYPE_ number, or {@code null} when roam6 does not read it. */
    public static LinkType of(int code) {
        for (LinkType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
