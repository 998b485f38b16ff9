package org.roam6.wire.mh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;
import org.roam6.wire.Decoded;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.WireError;
import org.roam6.wire.WireError.Answer;
import org.roam6.wire.WireError.Reason;

/**
 * Each check of {@link MobilityHeader#validate} (RFC 6275 9.2, 6.2.1 and the option rules),
 * asserted on field, offset, reason and answer. Every header sits 4 octets into its buffer, so
 * the offsets below are 4 more than the offsets inside the header.
 */
class MobilityHeaderValidationTest {

    private static final int AT = 4;
    private static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;

    /** The BU options area starts at header offset 12; this is the fixed part of a BU. */
    private static final String BU = "3b %02x 05 00 0000 0001 8000 0001 ";

    private static WireError fault(String hex) {
        byte[] mh = Bytes.fromHex(hex);
        byte[] b = new byte[AT + mh.length];
        System.arraycopy(mh, 0, b, AT, mh.length);
        b[0] = (byte) 0xee;
        WireError e = new MobilityHeader().wrap(b, AT, mh.length).validate(EXT);
        // the value decoder agrees with the flyweight on every buffer
        Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(b, AT, mh.length, EXT);
        assertEquals(e, d.error());
        return e;
    }

    private static void assertFault(String hex, String field, int offsetInHeader, Reason reason, Answer answer) {
        WireError e = fault(hex);
        assertTrue(e != null, "expected " + reason + " but the header validated");
        assertEquals(reason, e.reason(), e::toString);
        assertEquals(field, e.field(), e::toString);
        assertEquals(AT + offsetInHeader, e.offset(), e::toString);
        assertEquals(answer, e.answer(), e::toString);
    }

    /** A BU with these options; Header Len from their length, which must fill 8-octet units. */
    private static String bu(String options) {
        return withHeaderLen(String.format(BU, 0) + options);
    }

    /** A BA with these options, Header Len set likewise. */
    private static String ba(String options) {
        return withHeaderLen("3b 00 06 00 0000 00 00 0000 0000 " + options);
    }

    private static String withHeaderLen(String hex) {
        byte[] b = Bytes.fromHex(hex);
        if (b.length % 8 != 0) {
            throw new IllegalArgumentException("test header of " + b.length + " octets: " + hex);
        }
        b[1] = (byte) (b.length / 8 - 1);
        return Bytes.toHex(b);
    }

    @Test
    void fewerThanEightOctetsAreTruncated() {
        assertFault("3b 00 00 00 0000 00", "Mobility Header", 0, Reason.TRUNCATED, Answer.DISCARD);
        assertFault("", "Mobility Header", 0, Reason.TRUNCATED, Answer.DISCARD);
    }

    @Test
    void headerLenBeyondTheOctetsPresentIsTruncated() {
        assertFault("3b 01 00 00 0000 0000 000000", "Header Len", 1, Reason.TRUNCATED, Answer.DISCARD);
        assertFault("3b ff 05 00 0000 0001 8000 0001 01020000", "Header Len", 1, Reason.TRUNCATED, Answer.DISCARD);
    }

    /** RFC 6275 9.2: unknown MH Type is answered with Binding Error status 2. */
    @Test
    void unknownMhTypeIsAnsweredWithBindingErrorStatus2() {
        assertFault("3b 00 08 00 0000 0000", "MH Type", 2, Reason.UNKNOWN_MH_TYPE, Answer.BINDING_ERROR_UNRECOGNIZED_MH_TYPE);
        assertFault("3b 00 ff 00 0000 0000", "MH Type", 2, Reason.UNKNOWN_MH_TYPE, Answer.BINDING_ERROR_UNRECOGNIZED_MH_TYPE);
    }

    /** RFC 6275 9.2 checks the MH Type before Payload Proto. */
    @Test
    void unknownMhTypeIsReportedBeforeABadPayloadProto() {
        assertFault("06 00 0c 00 0000 0000", "MH Type", 2, Reason.UNKNOWN_MH_TYPE, Answer.BINDING_ERROR_UNRECOGNIZED_MH_TYPE);
    }

    /** RFC 6275 6.1.1 and 9.2: Payload Proto must be 59; otherwise a Parameter Problem code 0 points at it. */
    @Test
    void payloadProtoOtherThan59IsAnsweredWithAParameterProblemAtThatField() {
        assertFault("06 00 00 00 0000 0000", "Payload Proto", 0, Reason.BAD_PAYLOAD_PROTO, Answer.PARAMETER_PROBLEM_FIELD);
        assertFault("00 01 01 00 0000 0000 0102030405060708", "Payload Proto", 0, Reason.BAD_PAYLOAD_PROTO, Answer.PARAMETER_PROBLEM_FIELD);
    }

    /** RFC 6275 9.2: Header Len below the type's length: Parameter Problem at Header Len. */
    @Test
    void headerLenShorterThanTheMessageIsAnsweredWithParameterProblem() {
        assertFault("3b 00 05 00 0000 0001", "Header Len", 1, Reason.BAD_LENGTH, Answer.PARAMETER_PROBLEM_FIELD);
        assertFault("3b 00 06 00 0000 0001", "Header Len", 1, Reason.BAD_LENGTH, Answer.PARAMETER_PROBLEM_FIELD);
        assertFault("3b 00 01 00 0000 0000", "Header Len", 1, Reason.BAD_LENGTH, Answer.PARAMETER_PROBLEM_FIELD);
        assertFault("3b 00 02 00 0000 0000", "Header Len", 1, Reason.BAD_LENGTH, Answer.PARAMETER_PROBLEM_FIELD);
        // HoT, CoT, BE need 24 octets: Header Len 1 is one unit short
        for (int type : new int[] {3, 4, 7}) {
            assertFault(String.format("3b 01 %02x 00 0000 0000 0000000000000000", type),
                    "Header Len", 1, Reason.BAD_LENGTH, Answer.PARAMETER_PROBLEM_FIELD);
        }
    }

    @Test
    void theShortestLegalHeaderOfEachTypeValidates() {
        assertNull(fault("3b 00 00 00 0000 0000"));
        assertNull(fault("3b 01 01 00 0000 0000 0000000000000000"));
        assertNull(fault("3b 01 02 00 0000 0000 0000000000000000"));
        assertNull(fault("3b 02 03 00 0000 0000" + "00".repeat(16)));
        assertNull(fault("3b 02 04 00 0000 0000" + "00".repeat(16)));
        assertNull(fault(bu("0000 0000")));
        assertNull(fault(ba("0000 0000")));
        assertNull(fault("3b 02 07 00 0000 0100" + "00".repeat(16)));
    }

    @Test
    void optionRunningPastTheHeaderIsBadLength() {
        // PadN at 12 claiming 3 octets where 2 remain
        assertFault(bu("0103 0000"), "Option Length", 13, Reason.BAD_LENGTH, Answer.DISCARD);
        // an unknown option claiming 255 octets
        assertFault(bu("c8ff 0000"), "Option Length", 13, Reason.BAD_LENGTH, Answer.DISCARD);
    }

    @Test
    void optionTypeOctetWithoutItsLengthIsTruncated() {
        // Pad1 x3 then a lone type octet at 15, the last octet of the header
        assertFault(bu("000000 02"), "Option Type", 15, Reason.TRUNCATED, Answer.DISCARD);
    }

    /** RFC 6275 6.2.1: options the receiver does not understand are skipped. */
    @Test
    void unknownOptionsAreSkipped() {
        assertNull(fault(bu("c802 abcd")));
        byte[] b = Bytes.fromHex(bu("c802 abcd"));
        MobilityMessage m = MobilityHeaderCodec.decode(b, 0, b.length, EXT).value();
        assertEquals(List.of(new MobilityOption.UnknownOption(0xc8, Bytes.fromHex("abcd"))), m.options());
    }

    @Test
    void alternateCareOfAddressOffItsAlignmentIsRefused() {
        // at 12 = 8n+4 instead of 8n+6
        assertFault(bu("0310 20010db8000000010000000000000100 0100"),
                "Option Type", 12, Reason.BAD_ALIGNMENT, Answer.DISCARD);
    }

    @Test
    void alternateCareOfAddressWithAShortOrLongLengthIsRefused() {
        assertFault(bu("0100 030f 20010db80000000100000000000001 00"),
                "Option Length", 15, Reason.OPTION_TOO_SHORT, Answer.DISCARD);
        assertFault(bu("0100 0311 20010db8000000010000000000000100 01 0105 0000000000"),
                "Option Length", 15, Reason.BAD_LENGTH, Answer.DISCARD);
    }

    @Test
    void secondAlternateCareOfAddressIsADuplicate() {
        String acoa = "0310 20010db8000000010000000000000100";
        assertFault(bu("0100 " + acoa + " 0104 00000000 " + acoa),
                "Option Type", 38, Reason.DUPLICATE_OPTION, Answer.DISCARD);
    }

    @Test
    void bindingRefreshAdviceMustBeTwoAlignedAndTwoLong() {
        assertNull(fault(ba("0202 0010")));
        assertFault(ba("00 0202 0010 0105 0000000000"), "Option Type", 13, Reason.BAD_ALIGNMENT, Answer.DISCARD);
        assertFault(ba("0201 00 00"), "Option Length", 13, Reason.OPTION_TOO_SHORT, Answer.DISCARD);
        assertFault(ba("0202 0010 0202 0010 0102 0000"), "Option Type", 16, Reason.DUPLICATE_OPTION, Answer.DISCARD);
    }

    @Test
    void nonceIndicesMustBeTwoAlignedAndFourLong() {
        assertFault(bu("00 0404 0001 0002 00 0102 0000"), "Option Type", 13, Reason.BAD_ALIGNMENT, Answer.DISCARD);
        assertFault(bu("0402 0001"), "Option Length", 13, Reason.OPTION_TOO_SHORT, Answer.DISCARD);
        assertFault(bu("0404 0001 0002 0404 0001 0002"), "Option Type", 18, Reason.DUPLICATE_OPTION, Answer.DISCARD);
    }

    /** RFC 6275 6.2.7: Binding Authorization Data is the last option, at 8n+2. */
    @Test
    void bindingAuthorizationDataMustBeLastAndAtEightNPlusTwo() {
        String auth = "050c a1a2a3a4a5a6a7a8a9aaabac";
        assertNull(fault(bu("0404 0001 0002 " + auth)));
        assertFault(bu("0104 00000000 " + auth + " 0202 0001 0102 0000"),
                "Option Type", 32, Reason.AUTH_DATA_NOT_LAST, Answer.DISCARD);
        assertFault(bu("0102 0000 " + auth + " 0000"), "Option Type", 16, Reason.BAD_ALIGNMENT, Answer.DISCARD);
        // padding after it is fine
        assertNull(fault(bu("0104 00000000 0504 a1a2a3a4 0106 000000000000")));
    }

    @Test
    void mobileNetworkPrefixMustBeEightNPlusFourAndEighteenLong() {
        String prefix = "0040 20010db800aa0000 0000000000000000";
        assertNull(fault(bu("0612 " + prefix)));
        assertFault(bu("0611 " + prefix.substring(0, prefix.length() - 2) + "00"),
                "Option Length", 13, Reason.OPTION_TOO_SHORT, Answer.DISCARD);
        assertFault(bu("0100 0612 " + prefix + " 0104 00000000"),
                "Option Type", 14, Reason.BAD_ALIGNMENT, Answer.DISCARD);
    }

    @Test
    void mobileNetworkPrefixLengthAbove128IsForTheHomeAgentToRefuseNotTheDecoder() {
        byte[] b = Bytes.fromHex(bu("0612 00ff 20010db800aa0000 0000000000000000"));
        MobilityMessage m = MobilityHeaderCodec.decode(b, 0, b.length, EXT).value();
        assertEquals(255, ((MobilityOption.MobileNetworkPrefix) m.options().get(0)).prefixLength());
    }

    @Test
    void mobileNodeIdentifierNeedsItsSubtype() {
        assertFault(bu("0800 0000"), "Option Length", 13, Reason.OPTION_TOO_SHORT, Answer.DISCARD);
        assertFault(bu("0801 01 0801 01 0104 00000000"), "Option Type", 15, Reason.DUPLICATE_OPTION, Answer.DISCARD);
    }

    /** RFC 4285 5: Subtype and SPI are the fixed part; the option sits at 4n+1 and comes last. */
    @Test
    void mobilityMessageAuthenticationRules() {
        assertNull(fault(bu("00 0905 01 00000100 0102 0000")));
        assertFault(bu("00 0904 01 000001 0103 000000"), "Option Length", 14, Reason.OPTION_TOO_SHORT, Answer.DISCARD);
        assertFault(bu("0100 0905 01 00000100 000000"), "Option Type", 14, Reason.BAD_ALIGNMENT, Answer.DISCARD);
        // something else after it
        assertFault(bu("00 0905 01 00000100 0202 0001"), "Option Type", 20, Reason.AUTH_DATA_NOT_LAST, Answer.DISCARD);
        // MN-AAA before MN-HA
        assertFault(bu("00 0905 02 00000100 00 0905 01 00000100 0102 0000"), "Subtype", 23,
                Reason.AUTH_DATA_NOT_LAST, Answer.DISCARD);
        // two MN-HA
        assertFault(bu("00 0905 01 00000100 00 0905 01 00000100 0102 0000"), "Option Type", 21,
                Reason.DUPLICATE_OPTION, Answer.DISCARD);
    }

    @Test
    void replayProtectionMustBeEightNPlusTwoAndEightLong() {
        assertNull(fault(bu("0104 00000000 0a08 0102030405060708 0102 0000")));
        assertFault(bu("0a08 0102030405060708 0108 0000000000000000"), "Option Type", 12, Reason.BAD_ALIGNMENT, Answer.DISCARD);
        assertFault(bu("0104 00000000 0a07 01020304050607 0103 000000"), "Option Length", 19,
                Reason.OPTION_TOO_SHORT, Answer.DISCARD);
    }

    @Test
    void multipleHomeAgentsOptionLengthMustBeTwoPlusSixteenN() {
        String ha = "20010db80000aaaa0000000000000001";
        assertNull(fault(bu("1212 0000 " + ha)));
        assertFault(bu("1213 0000 " + ha + " 00 0105 0000000000"), "Option Length", 13, Reason.BAD_LENGTH, Answer.DISCARD);
        assertFault(bu("1202 0000"), "Option Length", 13, Reason.OPTION_TOO_SHORT, Answer.DISCARD);
        assertFault(bu("0100 1212 0000 " + ha + " 010c 000000000000000000000000"), "Option Type", 14, Reason.BAD_ALIGNMENT, Answer.DISCARD);
        assertFault(bu("1212 0000 " + ha + " 0102 0000 1212 0000 " + ha),
                "Option Type", 36, Reason.DUPLICATE_OPTION, Answer.DISCARD);
    }

    @Test
    void headerLenFaultWinsOverTheOptionsItWouldCover() {
        // BU with Header Len 0 and garbage: the Header Len fault is reported, not an option fault
        assertFault("3b 00 05 00 0000 ffff", "Header Len", 1, Reason.BAD_LENGTH, Answer.PARAMETER_PROBLEM_FIELD);
    }
}
