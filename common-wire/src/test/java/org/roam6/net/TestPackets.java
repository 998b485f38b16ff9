package org.roam6.net;

import org.roam6.wire.Bytes;
import org.roam6.wire.Checksum;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;

/** Packets built by hand (RFC 6275 layouts) for the namespace tests. */
final class TestPackets {
    private TestPackets() {}

    /** A Binding Update (RFC 6275 6.1.7): 6-byte MH header, sequence, flags A|H, lifetime, PadN. 16 bytes. */
    static byte[] bindingUpdate(int sequence) {
        byte[] mh = new byte[16];
        mh[0] = (byte) IpProtocol.NO_NEXT_HEADER; // Payload Proto
        mh[1] = 1;                               // Header Len: (1 + 1) * 8 = 16
        mh[2] = 5;                               // MH Type: BU
        // checksum at 4..5 left 0
        Bytes.put16(mh, 6, sequence);
        Bytes.put16(mh, 8, 0xc000);              // A | H
        Bytes.put16(mh, 10, 100);                // lifetime, 4 s units
        mh[12] = 1;                              // PadN
        mh[13] = 2;
        return mh;
    }

    /** A Destination Options header with a Home Address option (RFC 6275 6.3) at 8n+6. 24 bytes. */
    static byte[] homeAddressOption(Ipv6Address hoa, int nextHeader) {
        byte[] h = new byte[24];
        h[0] = (byte) nextHeader;
        h[1] = 2;           // (2 + 1) * 8 = 24
        h[2] = 1;           // PadN, 2 bytes of data
        h[3] = 2;
        h[6] = (byte) 0xc9; // Home Address option
        h[7] = 16;
        hoa.write(h, 8);
        return h;
    }

    /** A Type 2 Routing Header (RFC 6275 6.4) carrying {@code hoa}, segments left 1. 24 bytes. */
    static byte[] type2RoutingHeader(Ipv6Address hoa, int nextHeader) {
        byte[] h = new byte[24];
        h[0] = (byte) nextHeader;
        h[1] = 2;
        h[2] = 2;
        h[3] = 1;
        hoa.write(h, 8);
        return h;
    }

    /** IPv6 header + {@code parts}, payload length filled. */
    static byte[] packet(Ipv6Address src, Ipv6Address dst, int nextHeader, byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) {
            len += p.length;
        }
        byte[] b = new byte[Ipv6Header.LENGTH + len];
        Ipv6Header.write(b, 0, len, nextHeader, 64, src, dst);
        int o = Ipv6Header.LENGTH;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, b, o, p.length);
            o += p.length;
        }
        return b;
    }

    /** An ICMPv6 Echo Request or Reply (type 128/129) with its checksum. */
    static byte[] echo(int type, Ipv6Address src, Ipv6Address dst, int id, int seq) {
        byte[] icmp = new byte[16];
        icmp[0] = (byte) type;
        Bytes.put16(icmp, 4, id);
        Bytes.put16(icmp, 6, seq);
        Bytes.putLong(icmp, 8, 0x726f616d36000000L | seq);
        Bytes.put16(icmp, 2, Checksum.compute(src, dst, IpProtocol.ICMPV6, icmp, 0, icmp.length, 2));
        return icmp;
    }

    /**
     * The Internet checksum sum over the pseudo-header and {@code len} bytes, computed here word
     * by word without the project's Checksum class: 0 when the checksum in the data is right.
     */
    static int independentChecksum(Ipv6Address src, Ipv6Address dst, int nextHeader, byte[] b, int off, int len) {
        long sum = 0;
        byte[] s = src.toBytes();
        byte[] d = dst.toBytes();
        for (int i = 0; i < 16; i += 2) {
            sum += ((s[i] & 0xff) << 8 | (s[i + 1] & 0xff)) + ((d[i] & 0xff) << 8 | (d[i + 1] & 0xff));
        }
        sum += len + nextHeader;
        for (int i = 0; i < len; i += 2) {
            int hi = b[off + i] & 0xff;
            int lo = i + 1 < len ? b[off + i + 1] & 0xff : 0;
            sum += hi << 8 | lo;
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
