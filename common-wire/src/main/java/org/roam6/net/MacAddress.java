package org.roam6.net;

import org.roam6.wire.Ipv6Address;

/** A 48-bit Ethernet address held in the low bits of a long. */
public record MacAddress(long value) {
    public static final int LENGTH = 6;

    public MacAddress {
        if ((value >>> 48) != 0) {
            throw new IllegalArgumentException("a MAC address has 48 bits");
        }
    }

    public static MacAddress read(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < LENGTH; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return new MacAddress(v);
    }

    public void write(byte[] b, int off) {
        for (int i = 0; i < LENGTH; i++) {
            b[off + i] = (byte) (value >>> (8 * (LENGTH - 1 - i)));
        }
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff}. */
    public static MacAddress parse(String s) {
        String[] p = s.split(":");
        if (p.length != LENGTH) {
            throw new IllegalArgumentException("'" + s + "' is not a MAC address (six hex bytes with ':')");
        }
        long v = 0;
        for (String x : p) {
            if (x.isEmpty() || x.length() > 2) {
                throw new IllegalArgumentException("'" + s + "' is not a MAC address");
            }
            v = (v << 8) | Integer.parseInt(x, 16);
        }
        return new MacAddress(v);
    }

    /** The Ethernet address an IPv6 multicast address maps to: 33:33 and its last 32 bits (RFC 2464 section 7). */
    public static MacAddress ofMulticast(Ipv6Address group) {
        return new MacAddress(0x3333_0000_0000L | (group.lo() & 0xffff_ffffL));
    }

    public boolean isMulticast() {
        return ((value >>> 40) & 1) != 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(17);
        for (int i = LENGTH - 1; i >= 0; i--) {
            int o = (int) (value >>> (8 * i)) & 0xff;
            sb.append(Character.forDigit(o >> 4, 16)).append(Character.forDigit(o & 0xf, 16));
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
