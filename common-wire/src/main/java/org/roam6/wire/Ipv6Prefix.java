package org.roam6.wire;

/** An IPv6 prefix: the address with the host bits cleared, and the length (0-128). */
public record Ipv6Prefix(Ipv6Address address, int length) {

    public Ipv6Prefix {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("prefix length " + length + " is not 0-128");
        }
        address = mask(address, length);
    }

    /** Parses {@code addr/len}. */
    public static Ipv6Prefix parse(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + s + "' is not a prefix: no '/length'");
        }
        int len;
        try {
            len = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is not a prefix: bad length");
        }
        return new Ipv6Prefix(Ipv6Address.parse(s.substring(0, slash)), len);
    }

    public boolean contains(Ipv6Address a) {
        return mask(a, length).equals(address);
    }

    static Ipv6Address mask(Ipv6Address a, int len) {
        long mh = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
        long ml = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        return new Ipv6Address(a.hi() & mh, a.lo() & ml);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}
