package org.roam6.net;

/**
 * The {@code struct icmp6_filter} of RFC 3542 section 3.2 for the {@code ICMP6_FILTER} socket
 * option: 256 bits, one per ICMPv6 type, a set bit BLOCKS the type. Linux stores it as eight
 * 32-bit words in host order (little-endian on x86_64).
 */
public final class Icmp6Filter {
    public static final int LENGTH = 32;

    private final int[] words = new int[8];

    private Icmp6Filter() {}

    /** A filter that passes only {@code types} (ICMP6_FILTER_SETBLOCKALL then SETPASS each). */
    public static Icmp6Filter passOnly(int... types) {
        Icmp6Filter f = new Icmp6Filter();
        java.util.Arrays.fill(f.words, -1);
        for (int t : types) {
            if (t < 0 || t > 255) {
                throw new IllegalArgumentException("ICMPv6 type " + t + " is not 0..255");
            }
            f.words[t >>> 5] &= ~(1 << (t & 31));
        }
        return f;
    }

    /** ICMP6_FILTER_WILLPASS. */
    public boolean passes(int type) {
        return (words[type >>> 5] & (1 << (type & 31))) == 0;
    }

    /** The 32 bytes to give setsockopt. */
    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            ControlMessages.putIntLe(b, 4 * i, words[i]);
        }
        return b;
    }
}
