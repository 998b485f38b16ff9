package org.roam6.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hex text as {@code roam6 decode} reads it. */
class HexInputTest {

    @Test
    void spacesTabsColonsAndEitherCaseAreAccepted() throws Exception {
        byte[] want = {0x60, 0x00, (byte) 0xab, (byte) 0xCD};
        assertArrayEquals(want, HexInput.parse("6000abcd"));
        assertArrayEquals(want, HexInput.parse("  60 00\tAB:cd  "));
        assertArrayEquals(want, HexInput.parse("6000:ABCD"));
    }

    @Test
    void blankAndCommentTextHoldsNoPacket() {
        assertTrue(HexInput.isEmptyOrComment(""));
        assertTrue(HexInput.isEmptyOrComment(" \t "));
        assertTrue(HexInput.isEmptyOrComment("  # BU from the MN"));
        assertFalse(HexInput.isEmptyOrComment("60"));
    }

    @Test
    void nonHexCharacterIsReportedAtItsOneBasedColumn() {
        HexInput.NotHex e = assertThrows(HexInput.NotHex.class, () -> HexInput.parse("60 0x00"));
        assertEquals(5, e.column);
        assertEquals("'x' is not a hex digit", e.getMessage());
    }

    @Test
    void digitsOfOtherScriptsAreNotHex() {
        // U+0661 ARABIC-INDIC DIGIT ONE: Character.digit accepts it, a packet dump must not
        HexInput.NotHex e = assertThrows(HexInput.NotHex.class, () -> HexInput.parse("6\u0661"));
        assertEquals(2, e.column);
    }

    @Test
    void oddDigitCountNamesTheUnpairedDigit() {
        HexInput.NotHex e = assertThrows(HexInput.NotHex.class, () -> HexInput.parse("60 0"));
        assertEquals(4, e.column);
    }
}
