package org.roam6.net;

import org.roam6.wire.Bytes;

/**
 * Encoding and parsing of socket control messages ({@code struct cmsghdr}, RFC 3542 section 20)
 * and of {@code struct sockaddr_in6} in Linux x86_64 layout, over plain byte arrays so they are
 * testable without a socket. Integers in these structures are in host order (little-endian);
 * addresses and ports in network order.
 *
 * <pre>
 * struct cmsghdr { size_t cmsg_len; int cmsg_level; int cmsg_type; data[]; }  // 16-byte header
 * struct in6_pktinfo { struct in6_addr ipi6_addr; unsigned int ipi6_ifindex; } // 20 bytes
 * struct sockaddr_in6 { u16 family; u16 port; u32 flowinfo; in6_addr addr; u32 scope_id; } // 28
 * </pre>
 */
public final class ControlMessages {
    private ControlMessages() {}

    public static final int HEADER_LENGTH = 16;
    public static final int OFF_LEN = 0;
    public static final int OFF_LEVEL = 8;
    public static final int OFF_TYPE = 12;
    public static final int PKTINFO_LENGTH = 20;
    public static final int SOCKADDR_IN6_LENGTH = 28;

    /** {@code CMSG_ALIGN}: rounds up to the size of size_t (8). */
    public static int align(int n) {
        return (n + 7) & ~7;
    }

    /** {@code CMSG_SPACE}: bytes a control message with {@code dataLength} bytes takes. */
    public static int space(int dataLength) {
        return HEADER_LENGTH + align(dataLength);
    }

    /** {@code CMSG_LEN}: the value of cmsg_len for {@code dataLength} bytes. */
    public static int length(int dataLength) {
        return HEADER_LENGTH + dataLength;
    }

    /**
     * Writes a control message header at {@code off} for {@code dataLength} bytes of data
     * (which the caller writes at {@code off + HEADER_LENGTH}) and zeroes the padding.
     * Returns the offset of the next message.
     */
    public static int putHeader(byte[] b, int off, int level, int type, int dataLength) {
        putLongLe(b, off + OFF_LEN, length(dataLength));
        putIntLe(b, off + OFF_LEVEL, level);
        putIntLe(b, off + OFF_TYPE, type);
        int end = off + space(dataLength);
        for (int i = off + length(dataLength); i < end; i++) {
            b[i] = 0;
        }
        return end;
    }

    /** Writes an {@code IPV6_PKTINFO} message (source address and interface); returns the next offset. */
    public static int putPacketInfo(byte[] b, int off, long srcHi, long srcLo, int ifindex) {
        int next = putHeader(b, off, LibC.IPPROTO_IPV6, LibC.IPV6_PKTINFO, PKTINFO_LENGTH);
        Bytes.putLong(b, off + HEADER_LENGTH, srcHi);
        Bytes.putLong(b, off + HEADER_LENGTH + 8, srcLo);
        putIntLe(b, off + HEADER_LENGTH + 16, ifindex);
        return next;
    }

    /** Writes an {@code IPV6_HOPLIMIT} message; returns the next offset. */
    public static int putHopLimit(byte[] b, int off, int hopLimit) {
        int next = putHeader(b, off, LibC.IPPROTO_IPV6, LibC.IPV6_HOPLIMIT, 4);
        putIntLe(b, off + HEADER_LENGTH, hopLimit);
        return next;
    }

    /** Writes an {@code IPV6_DSTOPTS} message carrying a whole Destination Options header. */
    public static int putDestinationOptions(byte[] b, int off, byte[] header) {
        int next = putHeader(b, off, LibC.IPPROTO_IPV6, LibC.IPV6_DSTOPTS, header.length);
        System.arraycopy(header, 0, b, off + HEADER_LENGTH, header.length);
        return next;
    }

    /**
     * Parses the control messages in {@code b[off, off+len)} into {@code info}: PKTINFO,
     * HOPLIMIT, DSTOPTS and RTHDR at level IPPROTO_IPV6; others are skipped. Stops at a
     * malformed length rather than reading past the buffer.
     */
    public static void parse(byte[] b, int off, int len, PacketInfo info) {
        int p = off;
        int end = off + len;
        while (p + HEADER_LENGTH <= end) {
            long cmsgLen = getLongLe(b, p + OFF_LEN);
            if (cmsgLen < HEADER_LENGTH || cmsgLen > end - p) {
                return;
            }
            int dataLen = (int) cmsgLen - HEADER_LENGTH;
            int data = p + HEADER_LENGTH;
            int level = getIntLe(b, p + OFF_LEVEL);
            int type = getIntLe(b, p + OFF_TYPE);
            if (level == LibC.IPPROTO_IPV6) {
                switch (type) {
                    case LibC.IPV6_PKTINFO -> {
                        if (dataLen >= PKTINFO_LENGTH) {
                            info.destination(Bytes.getLong(b, data), Bytes.getLong(b, data + 8),
                                    getIntLe(b, data + 16));
                        }
                    }
                    case LibC.IPV6_HOPLIMIT -> {
                        if (dataLen >= 4) {
                            info.hopLimit(getIntLe(b, data));
                        }
                    }
                    case LibC.IPV6_DSTOPTS -> info.destinationOptions(b, data, dataLen);
                    case LibC.IPV6_RTHDR -> info.routingHeader(b, data, dataLen);
                    default -> { }
                }
            }
            p += HEADER_LENGTH + align(dataLen);
        }
    }

    /** Writes a {@code sockaddr_in6} for {@code addr} (port and flow info 0). */
    public static void putSockaddrIn6(byte[] b, int off, long hi, long lo, int scopeId) {
        b[off] = (byte) LibC.AF_INET6;
        b[off + 1] = 0;
        putIntLe(b, off + 4, 0);
        b[off + 2] = 0;
        b[off + 3] = 0;
        Bytes.putLong(b, off + 8, hi);
        Bytes.putLong(b, off + 16, lo);
        putIntLe(b, off + 24, scopeId);
    }

    public static void putIntLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static int getIntLe(byte[] b, int off) {
        return (b[off] & 0xff) | ((b[off + 1] & 0xff) << 8) | ((b[off + 2] & 0xff) << 16)
                | ((b[off + 3] & 0xff) << 24);
    }

    public static void putLongLe(byte[] b, int off, long v) {
        putIntLe(b, off, (int) v);
        putIntLe(b, off + 4, (int) (v >>> 32));
    }

    public static long getLongLe(byte[] b, int off) {
        return (getIntLe(b, off) & 0xffffffffL) | ((long) getIntLe(b, off + 4) << 32);
    }
}
