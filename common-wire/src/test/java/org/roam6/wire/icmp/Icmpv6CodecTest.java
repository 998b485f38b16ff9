package org.roam6.wire.icmp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.WireError;

class Icmpv6CodecTest {
    static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;
    static final Ipv6Address HA1 = Ipv6Address.parse("2001:db8:1::1");
    static final Ipv6Address HA2 = Ipv6Address.parse("2001:db8:1::2");
    static final String HA1_HEX = "20010db8000100000000000000000001";
    static final String HA2_HEX = "20010db8000100000000000000000002";
    static final Octets MAC = Octets.fromHex("001122334455");

    /** Encodes to exactly {@code hex} and decodes {@code hex} back to {@code m}. */
    private static void assertWire(Icmpv6Message m, String hex, MobilityExtensions ext) {
        byte[] expected = Bytes.fromHex(hex);
        assertEquals(Bytes.toHex(expected), Bytes.toHex(Icmpv6Codec.encode(m, ext)));
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(expected, 0, expected.length, ext);
        assertTrue(d.isOk(), () -> "decode failed: " + d.error());
        assertEquals(m, d.value());
    }

    private static void assertWire(Icmpv6Message m, String hex) {
        assertWire(m, hex, EXT);
    }

    private static WireError error(String hex) {
        return error(hex, EXT);
    }

    private static WireError error(String hex, MobilityExtensions ext) {
        byte[] b = Bytes.fromHex(hex);
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, 0, b.length, ext);
        assertFalse(d.isOk(), () -> "decoded to " + d.value());
        return d.error();
    }

    // ---------------------------------------------------------------- RFC 6275 section 6

    @Test
    void dhaadRequestIsType144WithIdentifierAndNemoRFlag() {
        assertWire(new DhaadRequest(0x1234, true), "90 00 0000 1234 8000");
        assertWire(new DhaadRequest(0x1234, false), "90 00 0000 1234 0000");
    }

    @Test
    void dhaadReplyListsHomeAgentAddressesAfterTheIdentifier() {
        assertWire(new DhaadReply(0x1234, false, List.of(HA1, HA2)), "91 00 0000 1234 0000" + HA1_HEX + HA2_HEX);
        assertWire(new DhaadReply(7, true, List.of()), "91 00 0000 0007 8000");
    }

    @Test
    void dhaadReplyWithAPartialAddressIsABadLength() {
        WireError e = error("91 00 0000 1234 0000" + HA1_HEX + "20010db8");
        assertEquals(WireError.Reason.BAD_LENGTH, e.reason());
        assertEquals(24, e.offset());
    }

    @Test
    void mobilePrefixSolicitationIsType146() {
        assertWire(new MobilePrefixSolicitation(0xabcd), "92 00 0000 abcd 0000");
    }

    @Test
    void mobilePrefixAdvertisementCarriesMOFlagsAndPrefixInformationWithTheRFlag() {
        PrefixInformation pi = new PrefixInformation(64, true, true, true, 86400, 14400, HA1);
        assertWire(new MobilePrefixAdvertisement(0xabcd, true, false, List.of(pi)),
                "93 00 0000 abcd 8000" + "03 04 40 e0 00015180 00003840 00000000" + HA1_HEX);
        assertWire(new MobilePrefixAdvertisement(1, false, true, List.of()), "93 00 0000 0001 4000");
    }

    @Test
    void prefixWithTheRouterAddressFlagKeepsTheWholeAddress() {
        PrefixInformation pi = new PrefixInformation(64, true, false, true, 1, 1, HA1);
        assertEquals(HA1, pi.prefix());
        assertEquals(Ipv6Prefix.parse("2001:db8:1::/64"), pi.asPrefix());
    }

    // ---------------------------------------------------------------- Home Agent Unreachable

    @Test
    void homeAgentUnreachableHasACountThenTheAddresses() {
        assertWire(new HomeAgentUnreachable(List.of(HA1, HA2)), "9a 00 0000 0002 0000" + HA1_HEX + HA2_HEX);
    }

    @Test
    void homeAgentUnreachableTakesItsTypeFromTheExtensions() {
        MobilityExtensions ext = new MobilityExtensions(0x0800, 18, 200);
        assertWire(new HomeAgentUnreachable(List.of(HA1)), "c8 00 0000 0001 0000" + HA1_HEX, ext);
        // with the default extensions type 200 is just an unknown message
        byte[] b = Bytes.fromHex("c8 00 0000 0001 0000" + HA1_HEX);
        assertInstanceOf(UnknownMessage.class, Icmpv6Codec.decode(b, 0, b.length, EXT).value());
    }

    @Test
    void homeAgentUnreachableWithoutAddressesIsRefused() {
        WireError e = error("9a 00 0000 0000 0000");
        assertEquals(WireError.Reason.BAD_VALUE, e.reason());
        assertEquals(4, e.offset());
        assertThrows(IllegalArgumentException.class, () -> new HomeAgentUnreachable(List.of()));
    }

    @Test
    void homeAgentUnreachableCountMustMatchTheAddresses() {
        WireError few = error("9a 00 0000 0002 0000" + HA1_HEX);
        assertEquals(WireError.Reason.TRUNCATED, few.reason());
        assertEquals("Number of Addresses", few.field());
        WireError many = error("9a 00 0000 0001 0000" + HA1_HEX + HA2_HEX);
        assertEquals(WireError.Reason.BAD_LENGTH, many.reason());
        assertEquals(4, many.offset());
    }

    @Test
    void homeAgentUnreachableWithANonZeroCodeIsRefused() {
        WireError e = error("9a 01 0000 0001 0000" + HA1_HEX);
        assertEquals("Code", e.field());
        assertEquals(1, e.offset());
    }

    // ---------------------------------------------------------------- Neighbor Discovery

    @Test
    void routerAdvertisementCarriesTheHomeAgentFlagAndHomeAgentInformation() {
        PrefixInformation pi = new PrefixInformation(64, true, true, true, 0xffffffffL, 604800, HA1);
        RouterAdvertisement ra = new RouterAdvertisement(64, RouterAdvertisement.FLAG_HOME_AGENT, 1800, 0, 0,
                List.of(new SourceLinkLayerAddress(MAC), new MtuOption(1500), new AdvertisementInterval(3000),
                        new HomeAgentInformation(-1, 3600), pi));
        assertWire(ra, "86 00 0000 40 20 0708 00000000 00000000"
                + "01 01 001122334455"
                + "05 01 0000 000005dc"
                + "07 01 0000 00000bb8"
                + "08 01 0000 ffff 0e10"
                + "03 04 40 e0 ffffffff 00093a80 00000000" + HA1_HEX);
        assertTrue(ra.homeAgent());
        assertFalse(ra.managed());
        assertEquals(new HomeAgentInformation(-1, 3600), ra.homeAgentInformation().orElseThrow());
        assertEquals(List.of(pi), ra.prefixes());
    }

    @Test
    void routerAdvertisementKeepsFlagBitsItDoesNotName() {
        // M, O, H and the RFC 4191 high preference (01 in bits 3-4)
        assertWire(new RouterAdvertisement(255, 0xe8, 0, 30000, 1000, List.of()),
                "86 00 0000 ff e8 0000 00007530 000003e8");
    }

    @Test
    void routerSolicitationHasFourReservedBytesThenOptions() {
        assertWire(new RouterSolicitation(List.of(new SourceLinkLayerAddress(MAC))), "85 00 0000 00000000 01 01 001122334455");
    }

    @Test
    void neighborSolicitationCarriesTheTarget() {
        assertWire(new NeighborSolicitation(HA1, List.of(new SourceLinkLayerAddress(MAC))),
                "87 00 0000 00000000" + HA1_HEX + "01 01 001122334455");
    }

    @Test
    void neighborAdvertisementCarriesRouterSolicitedOverrideFlags() {
        assertWire(new NeighborAdvertisement(true, true, true, HA1, List.of(new TargetLinkLayerAddress(MAC))),
                "88 00 0000 e0000000" + HA1_HEX + "02 01 001122334455");
        assertWire(new NeighborAdvertisement(false, false, true, HA2, List.of()), "88 00 0000 20000000" + HA2_HEX);
    }

    @Test
    void unknownNdOptionIsKeptRaw() {
        Decoded<Icmpv6Message> d = decode("85 00 0000 00000000 18 01 aabbccddeeff 01 01 001122334455");
        RouterSolicitation rs = (RouterSolicitation) d.value();
        assertEquals(List.of(new UnknownOption(24, Octets.fromHex("aabbccddeeff")), new SourceLinkLayerAddress(MAC)),
                rs.options());
    }

    @Test
    void ndOptionOfLengthZeroIsRefused() {
        WireError e = error("86 00 0000 40 00 0708 00000000 00000000 01 00 001122334455");
        assertEquals(WireError.Reason.BAD_LENGTH, e.reason(), "RFC 4861 4.6");
        assertEquals(17, e.offset());
        assertEquals("Length", e.field());
    }

    @Test
    void ndOptionRunningPastTheEndIsTruncatedAtItsLength() {
        WireError e = error("86 00 0000 40 00 0708 00000000 00000000 05 01 0000 000005dc 03 04 40 e0 00000000");
        assertEquals(WireError.Reason.TRUNCATED, e.reason());
        assertEquals(25, e.offset());
    }

    @Test
    void lastByteWithoutALengthIsTruncated() {
        WireError e = error("85 00 0000 00000000 01");
        assertEquals(WireError.Reason.TRUNCATED, e.reason());
        assertEquals(8, e.offset());
    }

    @Test
    void knownOptionOfTheWrongLengthIsRefused() {
        WireError pi = error("93 00 0000 0001 0000 03 01 40 e0 00000000");
        assertEquals(WireError.Reason.BAD_LENGTH, pi.reason());
        assertEquals(9, pi.offset());
        WireError hai = error("86 00 0000 40 20 0708 00000000 00000000 08 02 0000 0000 0e10 0000000000000000");
        assertEquals(17, hai.offset());
        assertEquals(WireError.Reason.BAD_LENGTH, hai.reason());
    }

    @Test
    void ndMessageWithNonZeroCodeIsRefused() {
        WireError e = error("86 01 0000 40 00 0708 00000000 00000000");
        assertEquals(WireError.Reason.BAD_VALUE, e.reason());
        assertEquals(1, e.offset());
    }

    @Test
    void shortFixedPartIsTruncated() {
        WireError e = error("87 00 0000 00000000 20010db8");
        assertEquals(WireError.Reason.TRUNCATED, e.reason());
        assertEquals(0, e.offset());
        assertEquals(WireError.Reason.TRUNCATED, error("90 00 00").reason());
    }

    @Test
    void errorOffsetsCountFromTheBufferStart() {
        byte[] msg = Bytes.fromHex("86 00 0000 40 00 0708 00000000 00000000 01 00 001122334455");
        byte[] b = new byte[msg.length + 30];
        System.arraycopy(msg, 0, b, 30, msg.length);
        assertEquals(47, Icmpv6Codec.decode(b, 30, msg.length, EXT).error().offset());
    }

    // ---------------------------------------------------------------- RFC 4443

    @Test
    void echoRequestAndReplyCarryIdentifierSequenceAndData() {
        assertWire(new EchoRequest(0x1234, 1, Octets.fromHex("61626364")), "80 00 0000 1234 0001 61626364");
        assertWire(new EchoReply(0x1234, 1, Octets.EMPTY), "81 00 0000 1234 0001");
    }

    @Test
    void parameterProblemKeepsCodePointerAndInvokingPacket() {
        assertWire(new ParameterProblem(ParameterProblem.CODE_UNRECOGNIZED_OPTION, 0x2e, Octets.fromHex("6000000000283c40")),
                "04 02 0000 0000002e 6000000000283c40");
    }

    @Test
    void otherTypesDecodeAsUnknownMessages() {
        assertWire(new UnknownMessage(1, 3, Octets.fromHex("00000000 6000")), "01 03 0000 00000000 6000");
        assertWire(new UnknownMessage(155, 0, Octets.EMPTY), "9b 00 0000");
    }

    @Test
    void checksumIsFilledAndVerifiedOverThePseudoHeader() {
        Ipv6Address lo = Ipv6Address.parse("::1");
        byte[] b = Icmpv6Codec.encode(new EchoRequest(0x1234, 1, Octets.fromHex("61626364")), EXT);
        Icmpv6Codec.fillChecksum(lo, lo, b, 0, b.length);
        long sum = 1 + 1 + b.length + 58 + 0x8000 + 0x1234 + 0x0001 + 0x6162 + 0x6364;
        sum = (sum & 0xffff) + (sum >>> 16);
        assertEquals((int) (~sum & 0xffff), Bytes.u16(b, 2));
        assertTrue(Icmpv6Codec.checksumValid(lo, lo, b, 0, b.length));
        b[9] ^= 1;
        assertFalse(Icmpv6Codec.checksumValid(lo, lo, b, 0, b.length));
    }

    @Test
    void encodeWritesAtAnOffsetAndReturnsTheLength() {
        byte[] out = new byte[64];
        java.util.Arrays.fill(out, (byte) 0x55);
        int n = Icmpv6Codec.encode(new DhaadRequest(9, false), out, 10, EXT);
        assertEquals(8, n);
        assertArrayEquals(Bytes.fromHex("90 00 0000 0009 0000"), java.util.Arrays.copyOfRange(out, 10, 18));
        assertEquals(0x55, out[9]);
        assertEquals(0x55, out[18]);
    }

    @Test
    void homeAgentPreferenceIsSigned() {
        Decoded<Icmpv6Message> d = decode("86 00 0000 40 20 0708 00000000 00000000 08 01 0000 8000 0001");
        assertEquals(new HomeAgentInformation(-32768, 1),
                ((RouterAdvertisement) d.value()).homeAgentInformation().orElseThrow());
        assertNotNull(d.value());
    }

    private static Decoded<Icmpv6Message> decode(String hex) {
        byte[] b = Bytes.fromHex(hex);
        return Icmpv6Codec.decode(b, 0, b.length, EXT);
    }
}
