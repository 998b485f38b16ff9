package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;

/** RFC 3542 3.2: a set bit blocks the type; words in host order. */
class Icmp6FilterTest {
    @Test
    void passOnlyClearsTheBitsOfTheChosenTypes() {
        Icmp6Filter f = Icmp6Filter.passOnly(1, 4, 145);
        assertTrue(f.passes(1));
        assertTrue(f.passes(4));
        assertTrue(f.passes(145));
        assertFalse(f.passes(128));
        assertFalse(f.passes(0));
        byte[] expected = Bytes.fromHex(
                "edffffff" // word 0: bits 1 and 4 clear, little-endian
                + "ffffffff ffffffff ffffffff"
                + "fffffdff" // word 4: type 145 = 128 + 17, bit 17 clear
                + "ffffffff ffffffff ffffffff");
        assertArrayEquals(expected, f.toBytes());
    }

    @Test
    void typesOutsideOneByteAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Icmp6Filter.passOnly(256));
    }
}
