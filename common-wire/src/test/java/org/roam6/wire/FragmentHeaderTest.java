package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FragmentHeaderTest {

    @Test
    void writesOffsetInEightByteUnitsWithTheMFlag() {
        byte[] b = new byte[8];
        FragmentHeader.write(b, 0, IpProtocol.UDP, 1448, true, 0xdeadbeefL);
        // 1448 / 8 = 181 = 0x0b5, shifted left 3 = 0x05a8, M = 1
        assertArrayEquals(Bytes.fromHex("11 00 05a9 deadbeef"), b);
    }

    @Test
    void readsTheFields() {
        byte[] b = Bytes.fromHex("3a 00 05a8 00000007");
        FragmentHeader f = new FragmentHeader().wrap(b, 0, 8);
        assertNull(f.validate());
        assertEquals(1448, f.fragmentOffset());
        assertFalse(f.moreFragments());
        assertEquals(7, f.identification());
        assertEquals(58, f.nextHeader());
        assertTrue(new FragmentHeader().wrap(Bytes.fromHex("3a 00 0001 00000007"), 0, 8).moreFragments());
    }

    @Test
    void sevenBytesAreTruncated() {
        assertEquals(WireError.Reason.TRUNCATED, new FragmentHeader().wrap(new byte[7], 0, 7).validate().reason());
    }

    @Test
    void offsetNotAMultipleOfEightIsRefusedOnWrite() {
        assertThrows(IllegalArgumentException.class, () -> FragmentHeader.write(new byte[8], 0, 17, 12, false, 1));
    }
}
