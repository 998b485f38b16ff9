package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RoutingHeaderType2Test {
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final String HOA_HEX = "20010db8000100000000000000000100";

    @Test
    void writesTheRfc6275Layout() {
        byte[] b = new byte[24];
        assertEquals(24, RoutingHeaderType2.write(b, 0, IpProtocol.MOBILITY, HOA));
        assertArrayEquals(Bytes.fromHex("87 02 02 01 00000000" + HOA_HEX), b);
    }

    @Test
    void readsAWellFormedHeader() {
        byte[] b = Bytes.fromHex("3a 02 02 01 00000000" + HOA_HEX);
        RoutingHeaderType2 r = new RoutingHeaderType2().wrap(b, 0, b.length);
        assertNull(r.validate());
        assertEquals(HOA, r.homeAddress());
        assertEquals(1, r.segmentsLeft());
        assertEquals(58, r.nextHeader());
    }

    @Test
    void segmentsLeftZeroIsAProcessedHeaderAndAccepted() {
        byte[] b = Bytes.fromHex("3a 02 02 00 00000000" + HOA_HEX);
        assertNull(new RoutingHeaderType2().wrap(b, 0, b.length).validate());
    }

    @Test
    void hdrExtLenOtherThanTwoAsksForParameterProblemAtThatField() {
        byte[] b = Bytes.fromHex("3a 04 02 01 00000000" + HOA_HEX + HOA_HEX);
        WireError e = new RoutingHeaderType2().wrap(b, 0, b.length).validate();
        assertEquals(WireError.Reason.BAD_LENGTH, e.reason());
        assertEquals(1, e.offset());
        assertEquals(WireError.Answer.PARAMETER_PROBLEM_FIELD, e.answer());
    }

    /** RFC 6275 6.4: Segments Left above 1 gets a Parameter Problem code 0 pointing at it. */
    @Test
    void segmentsLeftAboveOneIsABadValueAnsweredWithAParameterProblem() {
        byte[] b = Bytes.fromHex("3a 02 02 02 00000000" + HOA_HEX);
        WireError e = new RoutingHeaderType2().wrap(b, 0, b.length).validate();
        assertEquals(WireError.Reason.BAD_VALUE, e.reason());
        assertEquals("Segments Left", e.field());
        assertEquals(3, e.offset());
        assertEquals(WireError.Answer.PARAMETER_PROBLEM_FIELD, e.answer());
    }

    @Test
    void shortHeaderIsTruncated() {
        byte[] b = Bytes.fromHex("3a 02 02 01 00000000 2001");
        WireError e = new RoutingHeaderType2().wrap(b, 0, b.length).validate();
        assertEquals(WireError.Reason.TRUNCATED, e.reason());
    }

    @Test
    void otherRoutingTypeIsNotAType2Header() {
        byte[] b = Bytes.fromHex("3a 02 00 01 00000000" + HOA_HEX);
        WireError e = new RoutingHeaderType2().wrap(b, 0, b.length).validate();
        assertEquals("Routing Type", e.field());
        assertEquals(2, e.offset());
    }
}
