package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Ipv6AddressTest {

    @Test
    void formatsAsRfc5952() {
        assertEquals("2001:db8::1", Ipv6Address.parse("2001:0db8:0000:0000:0000:0000:0000:0001").toString());
        assertEquals("::", Ipv6Address.parse("::").toString());
        assertEquals("::1", Ipv6Address.parse("::1").toString());
        assertEquals("fe80::", Ipv6Address.parse("fe80::").toString());
        // RFC 5952 4.2.2: a single zero group is not shortened
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Address.parse("2001:db8:0:1:1:1:1:1").toString());
        // RFC 5952 4.2.3: the first of two equal runs is shortened
        assertEquals("2001:db8::1:0:0:1", Ipv6Address.parse("2001:db8:0:0:1:0:0:1").toString());
        assertEquals("::ffff:c000:201", Ipv6Address.parse("::ffff:192.0.2.1").toString());
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : new String[] {"", ":", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "g::1", "1:2:3", "::1:"}) {
            assertThrows(IllegalArgumentException.class, () -> Ipv6Address.parse(bad), bad);
        }
    }

    @Property
    void textRoundTripAgreesWithTheJdk(@ForAll long hi, @ForAll long lo) throws Exception {
        Ipv6Address a = new Ipv6Address(hi, lo);
        assertEquals(a, Ipv6Address.parse(a.toString()));
        assertEquals(a, Ipv6Address.of(InetAddress.getByName(a.toString()).getAddress()));
    }

    @Test
    void prefixMasksHostBits() {
        Ipv6Prefix p = Ipv6Prefix.parse("2001:db8:1:2::5/64");
        assertEquals("2001:db8:1:2::/64", p.toString());
        assertTrue(p.contains(Ipv6Address.parse("2001:db8:1:2:ffff::1")));
        assertEquals("::/0", Ipv6Prefix.parse("2001:db8::/0").toString());
        assertEquals("2001:db8::1/128", Ipv6Prefix.parse("2001:db8::1/128").toString());
    }
}
