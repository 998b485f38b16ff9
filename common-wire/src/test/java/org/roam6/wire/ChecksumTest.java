package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ChecksumTest {

    /** ICMPv6 echo request ::1 -> ::1, id 0x1234, seq 1, payload "abcd"; checksum from tshark. */
    @Test
    void computesTheIcmpv6ChecksumOfAKnownPacket() {
        Ipv6Address lo = Ipv6Address.parse("::1");
        byte[] icmp = Bytes.fromHex("8000 0000 1234 0001 61626364");
        int c = Checksum.compute(lo, lo, IpProtocol.ICMPV6, icmp, 0, icmp.length, 2);
        Bytes.put16(icmp, 2, c);
        assertTrue(Checksum.verify(lo, lo, IpProtocol.ICMPV6, icmp, 0, icmp.length));
        // independent computation: sum of words by hand
        long sum = 1 + 1 + icmp.length + 58 + 0x8000 + 0x1234 + 0x0001 + 0x6162 + 0x6364;
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        assertEquals((~sum) & 0xffff, c);
    }

    /** RFC 1071: the sum read 8 octets at a time equals the plain sum of 16-bit words. */
    @Property
    void wideSumEqualsTheWordByWordSum(@ForAll @Size(max = 1600) byte[] data,
                                       @ForAll @IntRange(min = 0, max = 9) int skip,
                                       @ForAll long start) {
        int off = Math.min(skip, data.length);
        int len = data.length - off;
        long init = start & 0xffffffffL;
        long reference = init;
        for (int i = 0; i < len; i += 2) {
            int hi = data[off + i] & 0xff;
            int lo = i + 1 < len ? data[off + i + 1] & 0xff : 0;
            reference += (hi << 8) | lo;
        }
        assertEquals(Checksum.fold(reference), Checksum.fold(Checksum.add(init, data, off, len)));
    }
}
