package org.roam6.net;

import java.nio.ByteBuffer;
import org.roam6.wire.Bytes;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Header;

/**
 * Recognises packets the kernel itself sends out of a TUN device that roam6 must not tunnel:
 * Multicast Listener Discovery messages (RFC 2710 / RFC 3810: Query 130, Report 131, Done 132,
 * MLDv2 Report 143), which go to multicast addresses (ff02::16 for MLDv2) behind a Hop-by-Hop
 * header with a Router Alert, and the Router Solicitations (133, to ff02::2) the kernel sends
 * when the device comes up (measured: the first packet read from a new TUN).
 */
public final class KernelChatter {
    private KernelChatter() {}

    public static final int MLD_QUERY = 130;
    public static final int MLD_REPORT = 131;
    public static final int MLD_DONE = 132;
    public static final int MLDV2_REPORT = 143;
    public static final int ROUTER_SOLICITATION = 133;

    /** True for an MLD message or a Router Solicitation to a multicast address. */
    public static boolean isKernelChatter(byte[] buf, int off, int len) {
        int type = multicastIcmpType(buf, off, len);
        return type == MLD_QUERY || type == MLD_REPORT || type == MLD_DONE || type == MLDV2_REPORT
                || type == ROUTER_SOLICITATION;
    }

    /** As {@link #isKernelChatter(byte[], int, int)} for {@code buf[off, off+len)} (absolute indexes). */
    public static boolean isKernelChatter(ByteBuffer buf, int off, int len) {
        if (len < Ipv6Header.LENGTH + 4 || buf.get(off + Ipv6Header.OFF_DESTINATION) != (byte) 0xff
                || (buf.get(off) & 0xf0) != 0x60) {
            return false; // the data-plane case: one byte read
        }
        int next = buf.get(off + Ipv6Header.OFF_NEXT_HEADER) & 0xff;
        int p = off + Ipv6Header.LENGTH;
        int end = off + len;
        if (next == IpProtocol.HOP_BY_HOP) {
            if (p + 8 > end) {
                return false;
            }
            next = buf.get(p) & 0xff;
            p += ((buf.get(p + 1) & 0xff) + 1) * 8;
        }
        if (next != IpProtocol.ICMPV6 || p + 4 > end) {
            return false;
        }
        int type = buf.get(p) & 0xff;
        return type == MLD_QUERY || type == MLD_REPORT || type == MLD_DONE || type == MLDV2_REPORT
                || type == ROUTER_SOLICITATION;
    }

    /** True when {@code buf[off, off+len)} is an IPv6 MLD message to a multicast address. */
    public static boolean isMld(byte[] buf, int off, int len) {
        int type = multicastIcmpType(buf, off, len);
        return type == MLD_QUERY || type == MLD_REPORT || type == MLD_DONE || type == MLDV2_REPORT;
    }

    /** The ICMPv6 type of a packet to a multicast address (after at most a Hop-by-Hop header), or -1. */
    static int multicastIcmpType(byte[] buf, int off, int len) {
        if (len < Ipv6Header.LENGTH + 4 || (buf[off] & 0xf0) != 0x60) {
            return -1;
        }
        if ((buf[off + Ipv6Header.OFF_DESTINATION] & 0xff) != 0xff) {
            return -1;
        }
        int next = Bytes.u8(buf, off + Ipv6Header.OFF_NEXT_HEADER);
        int p = off + Ipv6Header.LENGTH;
        int end = off + len;
        if (next == IpProtocol.HOP_BY_HOP) {
            if (p + 8 > end) {
                return -1;
            }
            next = Bytes.u8(buf, p);
            p += (Bytes.u8(buf, p + 1) + 1) * 8;
        }
        if (next != IpProtocol.ICMPV6 || p + 4 > end) {
            return -1;
        }
        return Bytes.u8(buf, p);
    }
}
