package org.roam6.wire;

/**
 * An IPv6 address held as two longs (network byte order: {@code hi} is bytes 0-7).
 * Used as a key without allocation on hot paths and as a value everywhere else.
 * {@link #toString()} gives the RFC 5952 text form.
 */
public record Ipv6Address(long hi, long lo) implements Comparable<Ipv6Address> {

    public static final int LENGTH = 16;
    public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);

    /** Reads 16 bytes at {@code off}. The caller has checked the bounds. */
    public static Ipv6Address read(byte[] b, int off) {
        return new Ipv6Address(Bytes.getLong(b, off), Bytes.getLong(b, off + 8));
    }

    /** Writes the 16 bytes at {@code off}. */
    public void write(byte[] b, int off) {
        Bytes.putLong(b, off, hi);
        Bytes.putLong(b, off + 8, lo);
    }

    public byte[] toBytes() {
        byte[] b = new byte[LENGTH];
        write(b, 0);
        return b;
    }

    public static Ipv6Address of(byte[] sixteen) {
        if (sixteen.length != LENGTH) {
            throw new IllegalArgumentException("an IPv6 address has 16 bytes, not " + sixteen.length);
        }
        return read(sixteen, 0);
    }

    /** The 16-bit group {@code i} (0-7). */
    public int group(int i) {
        long w = i < 4 ? hi : lo;
        return (int) (w >>> (48 - 16 * (i & 3))) & 0xffff;
    }

    public boolean isUnspecified() {
        return hi == 0 && lo == 0;
    }

    public boolean isMulticast() {
        return (hi >>> 56) == 0xff;
    }

    public boolean isLinkLocal() {
        return (hi >>> 54) == (0xfe80L >>> 6);
    }

    /**
     * Parses the text form (RFC 4291 2.2: hex groups, one {@code ::}, an optional embedded
     * dotted IPv4 tail). Throws {@link IllegalArgumentException} naming what is wrong.
     */
    public static Ipv6Address parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty IPv6 address");
        }
        int pct = s.indexOf('%');
        if (pct >= 0) {
            s = s.substring(0, pct);
        }
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        int i = 0;
        int len = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (len == 2) {
                return UNSPECIFIED;
            }
        } else if (s.startsWith(":")) {
            throw bad(s, "starts with a single ':'");
        }
        while (i < len) {
            if (n == 8) {
                throw bad(s, "more than 8 groups");
            }
            int end = i;
            while (end < len && s.charAt(end) != ':') {
                end++;
            }
            String part = s.substring(i, end);
            if (part.indexOf('.') >= 0) {
                if (end != len || n > 6) {
                    throw bad(s, "IPv4 tail not at the end");
                }
                int v4 = parseIpv4(s, part);
                groups[n++] = v4 >>> 16;
                groups[n++] = v4 & 0xffff;
                i = end;
                break;
            }
            if (part.isEmpty() || part.length() > 4) {
                throw bad(s, "group '" + part + "' is not 1-4 hex digits");
            }
            int v = 0;
            for (int k = 0; k < part.length(); k++) {
                int d = Character.digit(part.charAt(k), 16);
                if (d < 0) {
                    throw bad(s, "'" + part.charAt(k) + "' is not a hex digit");
                }
                v = (v << 4) | d;
            }
            groups[n++] = v;
            if (end == len) {
                i = end;
                break;
            }
            // at ':'
            if (end + 1 < len && s.charAt(end + 1) == ':') {
                if (gap >= 0) {
                    throw bad(s, "more than one '::'");
                }
                gap = n;
                i = end + 2;
            } else if (end + 1 == len) {
                throw bad(s, "ends with a single ':'");
            } else {
                i = end + 1;
            }
        }
        int[] full = new int[8];
        if (gap >= 0) {
            if (n == 8) {
                throw bad(s, "'::' stands for no group");
            }
            int tail = n - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        } else {
            if (n != 8) {
                throw bad(s, "has " + n + " groups, needs 8");
            }
            full = groups;
        }
        long h = 0;
        long l = 0;
        for (int k = 0; k < 4; k++) {
            h = (h << 16) | full[k];
            l = (l << 16) | full[k + 4];
        }
        return new Ipv6Address(h, l);
    }

    private static int parseIpv4(String whole, String part) {
        String[] q = part.split("\\.", -1);
        if (q.length != 4) {
            throw bad(whole, "IPv4 tail '" + part + "' needs 4 parts");
        }
        int v = 0;
        for (String p : q) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                throw bad(whole, "IPv4 tail part '" + p + "'");
            }
            int o = Integer.parseInt(p);
            if (o > 255) {
                throw bad(whole, "IPv4 tail part " + o + " > 255");
            }
            v = (v << 8) | o;
        }
        return v;
    }

    private static IllegalArgumentException bad(String s, String why) {
        return new IllegalArgumentException("'" + s + "' is not an IPv6 address: " + why);
    }

    /** RFC 5952 form: lower case, no leading zeros, the longest run (>= 2) of zero groups as ::. */
    @Override
    public String toString() {
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (group(k) == 0) {
                int j = k;
                while (j < 8 && group(j) == 0) {
                    j++;
                }
                if (j - k > bestLen) {
                    bestStart = k;
                    bestLen = j - k;
                }
                k = j;
            } else {
                k++;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(k)));
        }
        return sb.toString();
    }

    @Override
    public int compareTo(Ipv6Address o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }
}
