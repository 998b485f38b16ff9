package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roam6.wire.Ipv6Address;

class MacAddressTest {
    @Test
    void parsesPrintsAndWritesSixBytes() {
        MacAddress m = MacAddress.parse("02:00:5e:10:00:0a");
        assertEquals("02:00:5e:10:00:0a", m.toString());
        byte[] b = new byte[8];
        m.write(b, 1);
        assertEquals(m, MacAddress.read(b, 1));
        assertEquals(0x02, b[1]);
        assertFalse(m.isMulticast());
    }

    @Test
    void multicastGroupsMapTo3333AndTheLast32Bits() {
        // RFC 2464 section 7
        MacAddress m = MacAddress.ofMulticast(Ipv6Address.parse("ff02::1:ff00:2"));
        assertEquals("33:33:ff:00:00:02", m.toString());
        assertTrue(m.isMulticast());
    }

    @Test
    void malformedTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:5e:10:00"));
        assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("02:00:5e:10:00:100"));
    }
}
