package org.roam6.wire.icmp;

/**
 * MTU option (RFC 4861 4.6.4), type 5, length 1: 16 reserved bits, then the link MTU (32 bits).
 */
public record MtuOption(long mtu) implements NdOption {
    public static final int TYPE = 5;
    public static final int LENGTH = 8;
    public static final int OFF_RESERVED = 2;
    public static final int OFF_MTU = 4;

    public MtuOption {
        Icmpv6Message.u32("MTU", mtu);
    }
}
