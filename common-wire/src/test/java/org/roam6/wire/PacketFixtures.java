package org.roam6.wire;

/** Hand-written packets from the RFC layouts, and a checksum computed without {@link Checksum}. */
final class PacketFixtures {
    private PacketFixtures() {}

    static final String COA = "20010db8000200000000000000000001";
    static final String HA = "20010db8000100000000000000000001";
    static final String HOA = "20010db8000100000000000000000100";
    static final Ipv6Address COA_ADDR = Ipv6Address.parse("2001:db8:2::1");
    static final Ipv6Address HA_ADDR = Ipv6Address.parse("2001:db8:1::1");
    static final Ipv6Address HOA_ADDR = Ipv6Address.parse("2001:db8:1::100");

    /** Binding Update (RFC 6275 6.1.7): seq 0x1234, A|H, lifetime 0x100, PadN to 16 bytes; checksum 0. */
    static final String BU = "3b 01 05 00 0000 1234 c000 0100 01 02 00 00";
    /** Binding Acknowledgement (RFC 6275 6.1.8): status 0, seq 0x1234, lifetime 0x100; checksum 0. */
    static final String BA = "3b 01 06 00 0000 00 00 1234 0100 01 02 00 00";

    /** BU from CoA to HA with a Home Address option (RFC 6275 11.7.1), checksum field 0. */
    static byte[] buWithHomeAddressOption() {
        return Bytes.fromHex("6000 0000 0028 3c40" + COA + HA
                + "87 02 01 02 00 00 c9 10" + HOA
                + BU);
    }

    /** BA from HA to CoA with a Type 2 routing header (RFC 6275 10.3.1), checksum field 0. */
    static byte[] baWithRoutingHeader() {
        return Bytes.fromHex("6000 0000 0028 2b40" + HA + COA
                + "87 02 02 01 00000000" + HOA
                + BA);
    }

    /** Internet checksum over the pseudo-header and {@code msg}, written out long-hand. */
    static int independentChecksum(byte[] src, byte[] dst, int nextHeader, byte[] msg, int off, int len) {
        long sum = 0;
        for (int i = 0; i < 16; i += 2) {
            sum += ((src[i] & 0xff) << 8) + (src[i + 1] & 0xff);
            sum += ((dst[i] & 0xff) << 8) + (dst[i + 1] & 0xff);
        }
        sum += len >>> 16;
        sum += len & 0xffff;
        sum += nextHeader;
        for (int i = 0; i < len; i += 2) {
            int hi = msg[off + i] & 0xff;
            int lo = i + 1 < len ? msg[off + i + 1] & 0xff : 0;
            sum += (hi << 8) + lo;
        }
        while (sum > 0xffff) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
