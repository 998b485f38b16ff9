package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DestinationOptionsTest {
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final String HOA_HEX = "20010db8000100000000000000000100";

    @Test
    void writesPadNThenHomeAddressOptionAtEightNPlusSix() {
        byte[] b = new byte[24];
        assertEquals(24, DestinationOptions.writeWithHomeAddress(b, 0, IpProtocol.MOBILITY, HOA));
        // RFC 6275 6.3 / 8200 4.2: NH, Hdr Ext Len 2, PadN(2 bytes of zero), C9 10, address
        assertArrayEquals(Bytes.fromHex("87 02 01 02 00 00 c9 10" + HOA_HEX), b);
    }

    @Test
    void validatesAndFindsTheHomeAddressOption() {
        byte[] b = Bytes.fromHex("87 02 01 02 00 00 c9 10" + HOA_HEX);
        DestinationOptions d = new DestinationOptions().wrap(b, 0, b.length);
        assertNull(d.validate());
        assertEquals(6, d.homeAddressOptionOffset());
        assertEquals(HOA, new HomeAddressOption().wrap(b, d.homeAddressOptionOffset()).homeAddress());
        assertEquals(IpProtocol.MOBILITY, d.nextHeader());
        assertEquals(24, d.length());
    }

    @Test
    void acceptsFourPad1BeforeTheHomeAddressOption() {
        byte[] b = Bytes.fromHex("87 02 00 00 00 00 c9 10" + HOA_HEX);
        DestinationOptions d = new DestinationOptions().wrap(b, 0, b.length);
        assertNull(d.validate());
        assertEquals(6, d.homeAddressOptionOffset());
    }

    @Test
    void cursorVisitsEveryOption() {
        byte[] b = Bytes.fromHex("87 02 00 01 01 00 c9 10" + HOA_HEX);
        DestinationOptions d = new DestinationOptions().wrap(b, 0, b.length);
        assertNull(d.validate());
        StringBuilder seen = new StringBuilder();
        for (int p = d.firstOption(); p < d.end(); p = d.nextOption(p)) {
            seen.append(d.optionType(p)).append('/').append(d.optionDataLength(p)).append(' ');
        }
        assertEquals("0/0 1/1 201/16 ", seen.toString());
    }

    @Test
    void homeAddressOptionOffEightNPlusSixIsAnAlignmentError() {
        // HAO at header offset 2, PadN filling the last 4 bytes
        byte[] b = Bytes.fromHex("87 02 c9 10" + HOA_HEX + "01 02 00 00");
        WireError e = new DestinationOptions().wrap(b, 0, b.length).validate();
        assertNotNull(e);
        assertEquals(WireError.Reason.BAD_ALIGNMENT, e.reason());
        assertEquals(2, e.offset());
    }

    @Test
    void homeAddressOptionLengthOtherThan16IsRejected() {
        byte[] b = Bytes.fromHex("87 02 01 02 00 00 c9 0e" + HOA_HEX.substring(0, 28) + "01 00");
        WireError e = new DestinationOptions().wrap(b, 0, b.length).validate();
        assertEquals(WireError.Reason.BAD_LENGTH, e.reason());
        assertEquals(7, e.offset());
        assertEquals("Opt Data Len", e.field());
    }

    @Test
    void secondHomeAddressOptionInOneHeaderIsADuplicate() {
        byte[] b = Bytes.fromHex("87 05 01 02 00 00 c9 10" + HOA_HEX + "01 04 00 00 00 00 c9 10" + HOA_HEX);
        WireError e = new DestinationOptions().wrap(b, 0, b.length).validate();
        assertEquals(WireError.Reason.DUPLICATE_OPTION, e.reason());
        assertEquals(30, e.offset());
    }

    @Test
    void unknownOptionWithHighBits00IsSkipped() {
        byte[] b = Bytes.fromHex("3b 00 1e 04 aa bb cc dd");
        assertNull(new DestinationOptions().wrap(b, 0, b.length).validate());
        assertEquals(WireError.Answer.IGNORE, OptionsHeader.unknownOptionAnswer(0x1e, false));
    }

    @Test
    void unknownOptionWithHighBits01IsDiscardedSilently() {
        byte[] b = Bytes.fromHex("3b 00 5e 04 aa bb cc dd");
        WireError e = new DestinationOptions().wrap(b, 0, b.length).validate();
        assertEquals(WireError.Answer.DISCARD, e.answer());
        assertEquals(2, e.offset());
        assertEquals(WireError.Reason.UNKNOWN_TYPE, e.reason());
    }

    @Test
    void unknownOptionWithHighBits10AsksForParameterProblemEvenToMulticast() {
        byte[] b = Bytes.fromHex("3b 00 01 00 9e 02 aa bb");
        WireError e = new DestinationOptions().wrap(b, 0, b.length).validate(true);
        assertEquals(WireError.Answer.PARAMETER_PROBLEM_OPTION, e.answer());
        assertEquals(4, e.offset(), "pointer at the Option Type (RFC 8200 4.2)");
    }

    @Test
    void unknownOptionWithHighBits11AsksForParameterProblemOnlyForUnicast() {
        byte[] b = Bytes.fromHex("3b 00 de 04 aa bb cc dd");
        assertEquals(WireError.Answer.PARAMETER_PROBLEM_OPTION,
                new DestinationOptions().wrap(b, 0, b.length).validate(false).answer());
        assertEquals(WireError.Answer.DISCARD,
                new DestinationOptions().wrap(b, 0, b.length).validate(true).answer());
    }

    @Test
    void optionRunningPastTheHeaderEndIsABadLength() {
        byte[] b = Bytes.fromHex("3b 00 01 05 00 00 00 00 ff ff");
        WireError e = new DestinationOptions().wrap(b, 0, b.length).validate();
        assertEquals(WireError.Reason.BAD_LENGTH, e.reason());
        assertEquals(3, e.offset());
    }

    @Test
    void headerLongerThanTheBytesGivenIsTruncated() {
        byte[] b = Bytes.fromHex("00 00 3b 01 01 04 00 00 00 00");
        WireError e = new DestinationOptions().wrap(b, 2, 8).validate();
        assertEquals(WireError.Reason.TRUNCATED, e.reason());
        assertEquals(3, e.offset(), "offset is relative to the buffer start");
        assertEquals("Hdr Ext Len", e.field());
    }

    @Test
    void hopByHopTreatsHomeAddressOptionAsUnknownAndAcceptsRouterAlert() {
        byte[] ra = Bytes.fromHex("3a 00 05 02 00 00 01 00");
        assertNull(new HopByHopOptions().wrap(ra, 0, ra.length).validate());
        byte[] hao = Bytes.fromHex("87 02 01 02 00 00 c9 10" + HOA_HEX);
        WireError e = new HopByHopOptions().wrap(hao, 0, hao.length).validate();
        assertEquals(WireError.Answer.PARAMETER_PROBLEM_OPTION, e.answer());
        assertEquals(6, e.offset());
    }

    @Test
    void paddingWritesPad1ForOneBytePadNOtherwise() {
        byte[] b = new byte[] {9, 9, 9, 9, 9};
        OptionsHeader.writePadding(b, 0, 1);
        assertEquals(0, b[0]);
        OptionsHeader.writePadding(b, 0, 5);
        assertArrayEquals(Bytes.fromHex("01 03 00 00 00"), b);
    }
}
