package org.roam6.wire.mh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Bytes;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.MobilityOption.AlternateCareOfAddress;
import org.roam6.wire.mh.MobilityOption.BindingAuthorizationData;
import org.roam6.wire.mh.MobilityOption.BindingRefreshAdvice;
import org.roam6.wire.mh.MobilityOption.MobileNetworkPrefix;
import org.roam6.wire.mh.MobilityOption.MobileNodeIdentifier;
import org.roam6.wire.mh.MobilityOption.MobilityMessageAuthentication;
import org.roam6.wire.mh.MobilityOption.MobilityMessageReplayProtection;
import org.roam6.wire.mh.MobilityOption.MultipleHomeAgents;
import org.roam6.wire.mh.MobilityOption.NonceIndices;
import org.roam6.wire.mh.MobilityOption.UnknownOption;

/** Byte-exact encodings of every message and option, written by hand from the RFC figures. */
class MobilityHeaderCodecTest {

    private static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;
    private static final Ipv6Address COA = Ipv6Address.parse("2001:db8:0:1::100");
    private static final Ipv6Address HA = Ipv6Address.parse("2001:db8:0:aaaa::1");
    private static final Ipv6Address HA2 = Ipv6Address.parse("2001:db8:0:aaaa::2");
    private static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:0:aaaa::1234");

    /** Encodes {@code m}, checks the bytes, and checks that they decode back to {@code m}. */
    private static byte[] assertWire(MobilityMessage m, String hex) {
        byte[] expected = Bytes.fromHex(hex);
        byte[] out = new byte[expected.length + 8];
        Arrays.fill(out, (byte) 0x5a); // the encoder must overwrite every octet it claims
        int len = MobilityHeaderCodec.encode(m, out, 3, EXT);
        assertEquals(expected.length, len, "encoded length");
        assertEquals(Bytes.toHex(expected), Bytes.toHex(out, 3, len));
        assertEquals(len, MobilityHeaderCodec.encodedLength(m, EXT));
        Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(expected, 0, expected.length, EXT);
        assertTrue(d.isOk(), () -> "decode failed: " + d.error());
        assertEquals(m, d.value());
        return expected;
    }

    @Test
    void bindingRefreshRequestIsEightOctetsWithHeaderLenZero() {
        assertWire(new MobilityMessage.BindingRefreshRequest(List.of()), "3b 00 00 00 0000 0000");
    }

    @Test
    void homeTestInitCarriesTheHomeInitCookieAtOffset8() {
        assertWire(new MobilityMessage.HomeTestInit(0x0102030405060708L, List.of()),
                "3b 01 01 00 0000 0000 0102030405060708");
    }

    @Test
    void careOfTestInitKeepsTheMobilityAgentAwareOctetOfReserved() {
        MobilityMessage.CareOfTestInit coti = MobilityMessage.CareOfTestInit.mobilityAgentAware(0x1122334455667788L, List.of());
        byte[] b = assertWire(coti, "3b 01 02 00 0000 0100 1122334455667788");
        assertEquals(1, new CareOfTestInit().wrap(b, 0).reservedFirstOctet());
        assertEquals(1, coti.reservedFirstOctet());
        assertEquals(0, new MobilityMessage.CareOfTestInit(0, 1, List.of()).reservedFirstOctet());
    }

    @Test
    void homeTestCarriesNonceIndexCookieAndKeygenToken() {
        byte[] b = assertWire(new MobilityMessage.HomeTest(0x0203, 0x0102030405060708L, 0xf1f2f3f4f5f6f7f8L, List.of()),
                "3b 02 03 00 0000 0203 0102030405060708 f1f2f3f4f5f6f7f8");
        HomeTest v = new HomeTest().wrap(b, 0);
        assertEquals(0x0203, v.homeNonceIndex());
        assertEquals(0xf1f2f3f4f5f6f7f8L, v.homeKeygenToken());
    }

    @Test
    void careOfTestCarriesNonceIndexCookieAndKeygenToken() {
        byte[] b = assertWire(new MobilityMessage.CareOfTest(0xfffe, -1L, 0x0a0b0c0d0e0f1011L, List.of()),
                "3b 02 04 00 0000 fffe ffffffffffffffff 0a0b0c0d0e0f1011");
        CareOfTest v = new CareOfTest().wrap(b, 0);
        assertEquals(0xfffe, v.careOfNonceIndex());
        assertEquals(-1L, v.careOfInitCookie());
        assertEquals(0x0a0b0c0d0e0f1011L, v.careOfKeygenToken());
    }

    @Test
    void bindingErrorCarriesStatusAndHomeAddress() {
        byte[] b = assertWire(new MobilityMessage.BindingError(BindingErrorStatus.UNRECOGNIZED_MH_TYPE, HOA, List.of()),
                "3b 02 07 00 0000 02 00 20010db80000aaaa0000000000001234");
        assertEquals(HOA, new BindingError().wrap(b, 0).homeAddress());
    }

    /**
     * A mobile node's home registration as UMIP sends it (A, H, L, lifetime 420 s, Alternate CoA).
     * The expected octets, checksum included, are Scapy 2.5.0's {@code raw(IPv6(src=CoA,
     * dst=HA)/MIP6MH_BU(seq=0x1234, flags="AHL", mhtime=105, options=[MIP6OptAltCoA(acoa=CoA)]))}:
     * a PadN of length 0 puts the option at offset 14 = 8n+6.
     */
    @Test
    void homeBindingUpdateMatchesScapyWithAlternateCareOfAddressAt8nPlus6() {
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(0x1234,
                BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_L, 105,
                List.of(new AlternateCareOfAddress(COA)));
        String scapy = "3b03050092ce1234e00000690100031020010db8000000010000000000000100";
        byte[] b = assertWire(bu, scapy.replace("92ce", "0000"));
        MobilityHeaderCodec.fillChecksum(b, 0, b.length, COA, HA);
        assertEquals(scapy, Bytes.toHex(b));
        assertTrue(MobilityHeaderCodec.verifyChecksum(b, 0, b.length, COA, HA));
        b[20] ^= 1;
        assertFalse(MobilityHeaderCodec.verifyChecksum(b, 0, b.length, COA, HA));
    }

    /** Scapy 2.5.0's {@code MIP6MH_BA(status=0, seq=0x1234, mhtime=105)} from HA to CoA. */
    @Test
    void bindingAcknowledgementMatchesScapyWithTrailingPadN() {
        MobilityMessage.BindingAcknowledgement ba = new MobilityMessage.BindingAcknowledgement(
                BindingAckStatus.ACCEPTED, 0, 0x1234, 105, List.of());
        String scapy = "3b010600a3a900001234006901020000";
        byte[] b = assertWire(ba, scapy.replace("a3a9", "0000"));
        MobilityHeaderCodec.fillChecksum(b, 0, b.length, HA, COA);
        assertEquals(scapy, Bytes.toHex(b));
    }

    @Test
    void bindingAcknowledgementWithRefreshAdviceAndFlags() {
        // status 135 with K and R; Binding Refresh Advice at 12 (2n), PadN 2 to end at 16
        byte[] b = assertWire(new MobilityMessage.BindingAcknowledgement(BindingAckStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW,
                        BindingAcknowledgement.FLAG_K | BindingAcknowledgement.FLAG_R, 0x00ff, 0x0200,
                        List.of(new BindingRefreshAdvice(0x0096))),
                "3b 01 06 00 0000 87 c0 00ff 0200 0202 0096");
        BindingAcknowledgement v = new BindingAcknowledgement().wrap(b, 0);
        assertEquals(135, v.status());
        assertTrue(v.hasFlag(BindingAcknowledgement.FLAG_K));
        assertTrue(v.hasFlag(BindingAcknowledgement.FLAG_R));
        assertEquals(0x00ff, v.sequence());
        assertEquals(0x0200, v.lifetimeUnits());
    }

    /**
     * A correspondent registration (RFC 6275 5.2.6): Nonce Indices at 12 (2n) and Binding
     * Authorization Data right after it at 18 = 8n+2, ending the header at 32.
     */
    @Test
    void correspondentBindingUpdateWithNonceIndicesAndAuthorizationData() {
        byte[] auth = Bytes.fromHex("a1a2a3a4a5a6a7a8a9aaabac");
        byte[] b = assertWire(new MobilityMessage.BindingUpdate(7, BindingUpdate.FLAG_A, 16,
                        List.of(new NonceIndices(0x0102, 0x0304), new BindingAuthorizationData(auth))),
                "3b 03 05 00 0000 0007 8000 0010 0404 0102 0304 050c a1a2a3a4a5a6a7a8a9aaabac");
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.bindingAuthorizationData(b, 0, b.length, EXT);
        assertEquals(new MobilityHeaderCodec.AuthenticatorLocation(0, 32, 18, 20, 12), at);
        assertEquals(20, at.coveredLength());
        assertEquals(at.headerEnd(), at.trailingOffset());
        assertNull(MobilityHeaderCodec.mobilityMessageAuthentication(b, 0, b.length, 1, EXT));
    }

    @Test
    void authorizationDataLocationSupportsEncodeThenFill() {
        // encode with a zeroed authenticator, fill it in place, and read it back
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(9, BindingUpdate.FLAG_A, 16,
                List.of(new NonceIndices(1, 2), new BindingAuthorizationData(new byte[12])));
        byte[] b = new byte[64];
        int len = MobilityHeaderCodec.encode(bu, b, 8, EXT);
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.bindingAuthorizationData(b, 8, len, EXT);
        assertEquals(8 + 20, at.authenticatorOffset());
        byte[] authenticator = Bytes.fromHex("0102030405060708090a0b0c");
        System.arraycopy(authenticator, 0, b, at.authenticatorOffset(), at.authenticatorLength());
        MobilityMessage.BindingUpdate back = (MobilityMessage.BindingUpdate) MobilityHeaderCodec.decode(b, 8, len, EXT).value();
        assertArrayEquals(authenticator, ((BindingAuthorizationData) back.options().get(1)).authenticator());
    }

    /** NEMO (RFC 3963): R flag and a Mobile Network Prefix at 12 = 8n+4, no padding needed. */
    @Test
    void mobileRouterBindingUpdateWithMobileNetworkPrefix() {
        byte[] b = assertWire(new MobilityMessage.BindingUpdate(1,
                        BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_R, 105,
                        List.of(new MobileNetworkPrefix(64, Ipv6Address.parse("2001:db8:aa::")))),
                "3b 03 05 00 0000 0001 c400 0069 0612 0040 20010db800aa0000 0000000000000000");
        MobilityOptions it = new MobilityHeader().wrap(b, 0, b.length).options(new MobilityOptions());
        assertTrue(it.find(MobilityOptionType.MOBILE_NETWORK_PREFIX));
        assertEquals(64, it.mobileNetworkPrefixLength());
        assertEquals(0x20010db800aa0000L, it.mobileNetworkPrefixHi());
    }

    @Test
    void mobileNetworkPrefixMayRepeat() {
        assertWire(new MobilityMessage.BindingUpdate(2, BindingUpdate.FLAG_R, 1,
                        List.of(new MobileNetworkPrefix(48, Ipv6Address.parse("2001:db8:1::")),
                                new MobileNetworkPrefix(48, Ipv6Address.parse("2001:db8:2::")))),
                "3b 06 05 00 0000 0002 0400 0001"
                        + " 0612 0030 20010db800010000 0000000000000000"
                        + " 0102 0000"
                        + " 0612 0030 20010db800020000 0000000000000000");
    }

    /**
     * The multi-HA paper's Binding Update: M bit (default 0x0800) and the Multiple Home Agents
     * option in type 18: Reserved then the addresses, option at 12 = 8n+4, addresses at 16 and 32.
     */
    @Test
    void multiHomeAgentBindingUpdateCarriesMBitAndHomeAgentList() {
        byte[] b = assertWire(new MobilityMessage.BindingUpdate(3,
                        BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.DEFAULT_FLAG_M, 105,
                        List.of(new MultipleHomeAgents(List.of(HA, HA2)))),
                "3b 05 05 00 0000 0003 c800 0069 1222 0000"
                        + " 20010db80000aaaa0000000000000001 20010db80000aaaa0000000000000002");
        BindingUpdate v = new BindingUpdate().wrap(b, 0);
        assertTrue(v.multipleHomeAgents(EXT));
        MobilityOptions it = new MobilityHeader().wrap(b, 0, b.length).options(new MobilityOptions());
        assertTrue(it.find(EXT.multiHaOptionType()));
        assertEquals(2, it.homeAgentCount());
        assertEquals(HA2.lo(), it.homeAgentLo(1));
        assertEquals(HA2.hi(), it.homeAgentHi(1));
    }

    @Test
    void multipleHomeAgentsFollowsTheConfiguredTypeAndMBit() {
        MobilityExtensions ext = new MobilityExtensions(0x0200, 200, 201);
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(3, BindingUpdate.FLAG_A | 0x0200, 1,
                List.of(new MultipleHomeAgents(List.of(HA))));
        byte[] b = MobilityHeaderCodec.encode(bu, ext);
        assertEquals("3b0305000000000382000001c8120000" + "20010db80000aaaa0000000000000001", Bytes.toHex(b));
        assertEquals(bu, MobilityHeaderCodec.decode(b, 0, b.length, ext).value());
        assertTrue(new BindingUpdate().wrap(b, 0).multipleHomeAgents(ext));
        assertFalse(new BindingUpdate().wrap(b, 0).multipleHomeAgents(EXT));
        // with the default extensions, type 200 is just an unknown option
        MobilityMessage plain = MobilityHeaderCodec.decode(b, 0, b.length, EXT).value();
        assertEquals(new UnknownOption(200, Arrays.copyOfRange(b, 14, 32)), plain.options().get(0));
    }

    /**
     * RFC 4283 MN Identifier (no alignment) at 12, Replay Protection (RFC 4285 6) at 34 = 8n+2
     * after a PadN of 5, MN-HA authentication (RFC 4285 5) at 45 = 4n+1 after a Pad1; the
     * header then ends on 64 with no trailing padding.
     */
    @Test
    void bindingUpdateWithRfc4285AuthenticationAndRfc4283Identifier() {
        byte[] data = Bytes.fromHex("d0d1d2d3d4d5d6d7d8d9dadb");
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(0x0a0b,
                BindingUpdate.FLAG_A | BindingUpdate.FLAG_H, 105, List.of(
                MobileNodeIdentifier.nai("mn@example.org"),
                new MobilityMessageReplayProtection(0xe1e2e3e4e5e6e7e8L),
                new MobilityMessageAuthentication(MobilityOptionType.AUTHENTICATION_SUBTYPE_MN_HA, 0x00000100L, data)));
        byte[] b = assertWire(bu, "3b 07 05 00 0000 0a0b c000 0069"
                + " 080f 01 6d6e406578616d706c652e6f7267"
                + " 0103 000000"
                + " 0a08 e1e2e3e4e5e6e7e8"
                + " 00"
                + " 0911 01 00000100 d0d1d2d3d4d5d6d7d8d9dadb");
        MobilityHeaderCodec.AuthenticatorLocation at =
                MobilityHeaderCodec.mobilityMessageAuthentication(b, 0, b.length, 1, EXT);
        assertEquals(new MobilityHeaderCodec.AuthenticatorLocation(0, 64, 45, 52, 12), at);
        // RFC 4285 5: MH data up to and including the Mobility SPI
        assertEquals(52, at.coveredLength());
        assertNull(MobilityHeaderCodec.mobilityMessageAuthentication(b, 0, b.length, 2, EXT));
        assertNull(MobilityHeaderCodec.bindingAuthorizationData(b, 0, b.length, EXT));
        assertEquals("mn@example.org", ((MobileNodeIdentifier) bu.options().get(0)).identifierText());
    }

    @Test
    void mnHaAndMnAaaAuthenticationMayBothCloseTheMessage() {
        assertWire(new MobilityMessage.BindingAcknowledgement(0, 0, 1, 1, List.of(
                        new MobilityMessageAuthentication(1, 0x101, new byte[3]),
                        new MobilityMessageAuthentication(2, 0xffffffffL, new byte[0]))),
                "3b 03 06 00 0000 00 00 0001 0001"
                        + " 00 0908 01 00000101 000000"
                        + " 0100 0905 02 ffffffff");
    }

    @Test
    void unknownOptionsKeepTheirBytesAndTakeNoAlignment() {
        assertWire(new MobilityMessage.BindingRefreshRequest(List.of(new UnknownOption(0x7f, Bytes.fromHex("aabbcc")))),
                "3b 01 00 00 0000 0000 7f03 aabbcc 010100");
    }

    @Test
    void paddingOptionsAreDroppedOnDecode() {
        // Pad1, PadN with non-zero content, then an Alternate CoA at 8n+6 inside a BU
        byte[] b = Bytes.fromHex("3b 03 05 00 0000 0001 8000 0001 00 00 031020010db8000000010000000000000100");
        // BU options start at 12: Pad1, Pad1, Alternate CoA at 14
        MobilityMessage m = MobilityHeaderCodec.decode(b, 0, b.length, EXT).value();
        assertEquals(List.of(new AlternateCareOfAddress(COA)), m.options());
    }

    @Test
    void bytesAfterHeaderLenAreNotPartOfTheMessage() {
        byte[] b = Bytes.fromHex("3b 00 00 00 0000 0000 ffffffff");
        Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(b, 0, b.length, EXT);
        assertEquals(new MobilityMessage.BindingRefreshRequest(List.of()), d.value());
    }

    @Test
    void encoderRefusesOptionsAfterBindingAuthorizationData() {
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(1, 0, 1, List.of(
                new BindingAuthorizationData(new byte[12]), new NonceIndices(1, 2)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MobilityHeaderCodec.encode(bu, new byte[64], 0, EXT));
        assertTrue(e.getMessage().contains("AUTH_DATA_NOT_LAST"), e.getMessage());
    }

    @Test
    void encoderRefusesASecondAlternateCareOfAddress() {
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(1, 0, 1, List.of(
                new AlternateCareOfAddress(COA), new AlternateCareOfAddress(HA)));
        assertThrows(IllegalArgumentException.class, () -> MobilityHeaderCodec.encode(bu, EXT));
    }

    @Test
    void encoderRefusesAnUnknownOptionWithAKnownType() {
        MobilityMessage.BindingRefreshRequest brr = new MobilityMessage.BindingRefreshRequest(
                List.of(new UnknownOption(MobilityOptionType.NONCE_INDICES, new byte[4])));
        assertThrows(IllegalArgumentException.class, () -> MobilityHeaderCodec.encode(brr, EXT));
    }

    @Test
    void encoderRefusesMoreThan2048Octets() {
        List<MobilityOption> many = java.util.Collections.nCopies(130,
                new MobileNetworkPrefix(64, Ipv6Address.parse("2001:db8::")));
        MobilityMessage.BindingUpdate bu = new MobilityMessage.BindingUpdate(1, 0, 1, many);
        assertThrows(IllegalArgumentException.class, () -> MobilityHeaderCodec.encodedLength(bu, EXT));
    }

    @Test
    void encoderRefusesABufferTooSmall() {
        assertThrows(IndexOutOfBoundsException.class, () -> MobilityHeaderCodec.encode(
                new MobilityMessage.BindingRefreshRequest(List.of()), new byte[7], 0, EXT));
    }

    @Test
    void valuesCompareOctetStringsByContent() {
        assertEquals(new BindingAuthorizationData(new byte[] {1, 2}), new BindingAuthorizationData(new byte[] {1, 2}));
        assertEquals(new UnknownOption(9 + 100, new byte[] {3}).hashCode(), new UnknownOption(109, new byte[] {3}).hashCode());
        byte[] given = {1, 2, 3};
        MobileNodeIdentifier id = new MobileNodeIdentifier(1, given);
        given[0] = 9;
        assertEquals(1, id.identifier()[0], "the record copies its input");
        id.identifier()[1] = 9;
        assertEquals(2, id.identifier()[1], "the record hands out copies");
    }

    @Test
    void valueConstructorsRefuseOutOfRangeFields() {
        assertThrows(IllegalArgumentException.class, () -> new MobilityMessage.BindingUpdate(0x10000, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MobilityMessage.BindingAcknowledgement(256, 0, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MultipleHomeAgents(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MultipleHomeAgents(java.util.Collections.nCopies(16, HA)));
        assertThrows(IllegalArgumentException.class, () -> new UnknownOption(1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new MobilityMessageAuthentication(1, -1, new byte[0]));
    }

    @Test
    void bindingUpdateFlyweightReadsEveryField() {
        byte[] b = Bytes.fromHex("3b03050092ce1234e00000690100031020010db8000000010000000000000100");
        MobilityHeader mh = new MobilityHeader().wrap(b, 0, b.length);
        assertNull(mh.validate());
        assertEquals(MhType.BINDING_UPDATE, mh.mhType());
        assertEquals(32, mh.length());
        assertEquals(0x92ce, mh.checksum());
        BindingUpdate bu = new BindingUpdate().wrap(b, 0);
        assertEquals(0x1234, bu.sequence());
        assertEquals(0xe000, bu.flags());
        assertTrue(bu.hasFlag(BindingUpdate.FLAG_L));
        assertFalse(bu.hasFlag(BindingUpdate.FLAG_K));
        assertFalse(bu.multipleHomeAgents(EXT));
        assertEquals(105, bu.lifetimeUnits());
        assertEquals(420, bu.lifetimeSeconds());
        MobilityOptions it = mh.options(new MobilityOptions());
        assertTrue(it.next());
        assertEquals(MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS, it.type());
        assertEquals(14, it.offsetInHeader());
        assertEquals(COA, new Ipv6Address(it.alternateCareOfAddressHi(), it.alternateCareOfAddressLo()));
        assertFalse(it.next());
    }

    @Test
    void allocationFreeBindingAcknowledgementWriterMatchesTheCodec() {
        byte[] out = new byte[24];
        Arrays.fill(out, (byte) 0x77);
        int n = BindingAcknowledgement.writeWithoutOptions(out, 4, 135, BindingAcknowledgement.FLAG_K, 0xbeef, 0);
        byte[] viaCodec = MobilityHeaderCodec.encode(new MobilityMessage.BindingAcknowledgement(135, 0x80, 0xbeef, 0,
                List.of()), EXT);
        assertEquals(Bytes.toHex(viaCodec), Bytes.toHex(out, 4, n));
        assertNull(new MobilityHeader().wrap(out, 4, n).validate());
    }

    @Test
    void allocationFreeBindingErrorWriterMatchesTheCodec() {
        byte[] out = new byte[30];
        Arrays.fill(out, (byte) 0x77);
        int n = BindingError.writeWithoutOptions(out, 2, 1, HOA.hi(), HOA.lo());
        assertEquals(Bytes.toHex(MobilityHeaderCodec.encode(new MobilityMessage.BindingError(1, HOA, List.of()), EXT)),
                Bytes.toHex(out, 2, n));
    }

    @Test
    void statusNamesFollowTheRfc() {
        assertEquals("Sequence number out of window", BindingAckStatus.name(135));
        assertEquals("Registration type change disallowed", BindingAckStatus.name(139));
        assertTrue(BindingAckStatus.isAccepted(BindingAckStatus.ACCEPTED_PREFIX_DISCOVERY_NECESSARY));
        assertFalse(BindingAckStatus.isAccepted(BindingAckStatus.REASON_UNSPECIFIED));
        assertEquals("Unrecognized MH Type value", BindingErrorStatus.name(2));
        assertEquals("BA", MhType.name(6));
    }
}
