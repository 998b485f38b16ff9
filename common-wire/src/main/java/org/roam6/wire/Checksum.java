package org.roam6.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) with the IPv6 pseudo-header (RFC 8200 section 8.1), as used
 * by ICMPv6 and the Mobility Header (RFC 6275 6.1.1).
 *
 * <p>For the Mobility Header the pseudo-header's source is the Home Address when a Home Address
 * option is present, and its destination is the final destination (the address in a Type 2
 * routing header) when one is present; {@link Ipv6Packet} works those out.
 */
public final class Checksum {
    private Checksum() {}

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * Adds {@code len} bytes at {@code off} as 16-bit big-endian words to {@code sum}.
     *
     * <p>Reads 8 octets per step and adds each as its two 32-bit halves (one's complement sums
     * may be regrouped, RFC 1071 2(B)); the 64-bit accumulator could only overflow after 2^31
     * steps (16 GiB). On a 72-octet Binding Update this is about 3 times faster than one word
     * per step (ChecksumSumBenchmark).
     */
    public static long add(long sum, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        long wide = 0;
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONG_BE.get(b, i);
            wide += (w >>> 32) + (w & 0xffffffffL);
        }
        sum += (wide >>> 48) + ((wide >>> 32) & 0xffff) + ((wide >>> 16) & 0xffff) + (wide & 0xffff);
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        return sum;
    }

    /** Adds an address's eight 16-bit words. */
    public static long add(long sum, Ipv6Address a) {
        return sum + words(a.hi()) + words(a.lo());
    }

    private static long words(long w) {
        return ((w >>> 48) & 0xffff) + ((w >>> 32) & 0xffff) + ((w >>> 16) & 0xffff) + (w & 0xffff);
    }

    /** Folds a sum to 16 bits and complements it. */
    public static int fold(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum) & 0xffff;
    }

    /** Sum of the IPv6 pseudo-header: source, destination, upper-layer length, next header. */
    public static long pseudoHeader(Ipv6Address src, Ipv6Address dst, int upperLength, int nextHeader) {
        long sum = add(add(0, src), dst);
        sum += (upperLength >>> 16) & 0xffff;
        sum += upperLength & 0xffff;
        sum += nextHeader & 0xff;
        return sum;
    }

    /**
     * The checksum of an upper-layer message at {@code off..off+len} with the pseudo-header,
     * computed as if its checksum field (at {@code off + checksumOffset}) were zero.
     */
    public static int compute(Ipv6Address src, Ipv6Address dst, int nextHeader,
                              byte[] b, int off, int len, int checksumOffset) {
        long sum = pseudoHeader(src, dst, len, nextHeader);
        sum = add(sum, b, off, len);
        // remove the checksum field's current content
        int field = Bytes.u16(b, off + checksumOffset);
        sum += (~field) & 0xffff;
        return fold(sum);
    }

    /** True when the message at {@code off..off+len}, checksum field included, sums to 0xffff. */
    public static boolean verify(Ipv6Address src, Ipv6Address dst, int nextHeader,
                                 byte[] b, int off, int len) {
        long sum = pseudoHeader(src, dst, len, nextHeader);
        sum = add(sum, b, off, len);
        return fold(sum) == 0;
    }
}
