package org.roam6.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.roam6.crypto.MacAlgorithm;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.crypto.NtpTimestamp;
import org.roam6.crypto.ReturnRoutability;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.icmp.AdvertisementInterval;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.DhaadRequest;
import org.roam6.wire.icmp.EchoRequest;
import org.roam6.wire.icmp.HomeAgentInformation;
import org.roam6.wire.icmp.HomeAgentUnreachable;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.MobilePrefixAdvertisement;
import org.roam6.wire.icmp.MobilePrefixSolicitation;
import org.roam6.wire.icmp.ParameterProblem;
import org.roam6.wire.icmp.PrefixInformation;
import org.roam6.wire.icmp.RouterAdvertisement;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingErrorStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.roam6.wire.mh.MobilityOptionType;

/**
 * A deterministic set of Mobile IPv6 packets built by roam6's encoders, one of each kind a
 * Mobile IPv6 capture holds, with the testbed's addresses (deploy/testbed): home link
 * 2001:db8:1::/64 with home agents ::11 and ::12, the mobile node's home address
 * 2001:db8:1::100 and care-of address 2001:db8:a::100 on foreign link A, correspondent
 * 2001:db8:c::10. Authenticators are computed with {@code org.roam6.crypto} under fixed demo
 * keys; the last packet is malformed on purpose.
 */
final class SamplePackets {
    private SamplePackets() {}

    /** One sample: what it shows, and the IPv6 packet. */
    record Sample(String description, byte[] packet) {}

    static final Ipv6Address HA1 = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HA2 = Ipv6Address.parse("2001:db8:1::12");
    static final Ipv6Address HA1_LINK_LOCAL = Ipv6Address.parse("fe80::11");
    /** Home-agents anycast address of the home prefix (RFC 6275 10.5; interface id fdff:ffff:ffff:fffe). */
    static final Ipv6Address HA_ANYCAST = Ipv6Address.parse("2001:db8:1::fdff:ffff:ffff:fffe");
    static final Ipv6Address HOME_PREFIX = Ipv6Address.parse("2001:db8:1::");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::100");
    static final Ipv6Address CN = Ipv6Address.parse("2001:db8:c::10");
    static final Ipv6Address ALL_NODES = Ipv6Address.parse("ff02::1");

    /** The MN-HA key of the demo (RFC 4285 5.1, HMAC-SHA256 as roam6 defaults); not a secret. */
    static final byte[] MN_HA_KEY = "roam6 demo MN-HA key, not secret".getBytes(StandardCharsets.US_ASCII);
    static final int MN_HA_SPI = 256;
    /** The correspondent's Kcn (RFC 6275 5.2.1); not a secret. */
    static final byte[] KCN = "roam6 demo Kcn, 20 B".getBytes(StandardCharsets.US_ASCII);
    static final long HOME_NONCE = 0x1111_2222_3333_4444L;
    static final long CARE_OF_NONCE = 0x5555_6666_7777_8888L;
    static final int HOME_NONCE_INDEX = 7;
    static final int CARE_OF_NONCE_INDEX = 8;
    static final long HOME_COOKIE = 0x0123_4567_89ab_cdefL;
    static final long CARE_OF_COOKIE = 0xfedc_ba98_7654_3210L;
    static final Instant TIME = Instant.parse("2025-01-01T00:00:00Z");
    /** 105 units of 4 s: 420 s, MAX_RR_BINDING_LIFETIME (RFC 6275 12). */
    static final int LIFETIME_UNITS = 105;

    static List<Sample> build(MobilityExtensions ext) {
        List<Sample> out = new ArrayList<>();
        byte[] homeBu = homeBindingUpdate(ext);
        out.add(new Sample("home BU: HAO, Alternate CoA, Multiple HAs (::11 ::12), M flag, RFC 4285 replay + MN-HA auth", homeBu));
        out.add(new Sample("BA from HA1: Type 2 routing header, RFC 4285 replay + MN-HA auth", bindingAck(ext)));
        long homeToken = ReturnRoutability.homeKeygenToken(KCN, HOA, HOME_NONCE);
        long careOfToken = ReturnRoutability.careOfKeygenToken(KCN, COA, CARE_OF_NONCE);
        byte[] hoti = packet(HOA, CN, null, null, IpProtocol.MOBILITY,
                mh(new MobilityMessage.HomeTestInit(HOME_COOKIE, List.of()), ext));
        out.add(new Sample("HoTI, reverse-tunnelled through HA1 (IPv6-in-IPv6)", Ipv6PacketBuilder.encapsulate(COA, HA1, 64, hoti)));
        out.add(new Sample("CoTI from the care-of address (Mobility-Agent-aware Reserved octet)", packet(COA, CN, null, null,
                IpProtocol.MOBILITY, mh(MobilityMessage.CareOfTestInit.mobilityAgentAware(CARE_OF_COOKIE, List.of()), ext))));
        out.add(new Sample("HoT with the home keygen token", packet(CN, HOA, null, null, IpProtocol.MOBILITY,
                mh(new MobilityMessage.HomeTest(HOME_NONCE_INDEX, HOME_COOKIE, homeToken, List.of()), ext))));
        out.add(new Sample("CoT with the care-of keygen token", packet(CN, COA, null, null, IpProtocol.MOBILITY,
                mh(new MobilityMessage.CareOfTest(CARE_OF_NONCE_INDEX, CARE_OF_COOKIE, careOfToken, List.of()), ext))));
        out.add(new Sample("BU to the CN: HAO, Nonce Indices, Binding Authorization Data (Kbm from the tokens)",
                correspondentBindingUpdate(homeToken, careOfToken, ext)));
        out.add(new Sample("BRR from the CN: Type 2 routing header", packet(CN, COA, null, HOA, IpProtocol.MOBILITY,
                mh(new MobilityMessage.BindingRefreshRequest(List.of()), ext))));
        out.add(new Sample("BE status 1 from the CN (no binding for the HAO)", packet(CN, COA, null, null, IpProtocol.MOBILITY,
                mh(new MobilityMessage.BindingError(BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION, HOA,
                        List.of()), ext))));
        out.add(new Sample("DHAAD Request to the home-agents anycast address", packet(COA, HA_ANYCAST, null, null,
                IpProtocol.ICMPV6, icmp(new DhaadRequest(0x1234, false), ext))));
        out.add(new Sample("DHAAD Reply listing both home agents", packet(HA1, COA, null, null, IpProtocol.ICMPV6,
                icmp(new DhaadReply(0x1234, false, List.of(HA1, HA2)), ext))));
        out.add(new Sample("Mobile Prefix Solicitation with HAO", packet(COA, HA1, HOA, null, IpProtocol.ICMPV6,
                icmp(new MobilePrefixSolicitation(0x4321), ext))));
        out.add(new Sample("Mobile Prefix Advertisement with Type 2 routing header", packet(HA1, COA, null, HOA,
                IpProtocol.ICMPV6, icmp(new MobilePrefixAdvertisement(0x4321, false, false, List.of(
                        new PrefixInformation(64, true, true, false, 86_400, 14_400, HOME_PREFIX))), ext))));
        byte[] ra = new Ipv6PacketBuilder().source(HA1_LINK_LOCAL).destination(ALL_NODES).hopLimit(255)
                .payload(IpProtocol.ICMPV6, icmp(new RouterAdvertisement(64, RouterAdvertisement.FLAG_HOME_AGENT, 1800, 0, 0,
                        List.of(new PrefixInformation(64, true, true, true, 86_400, 14_400, HA1),
                                new AdvertisementInterval(3000), new HomeAgentInformation(20, 30))), ext))
                .build();
        out.add(new Sample("RA from HA1: H flag, prefix with R (HA1's address), Home Agent Information", ra));
        out.add(new Sample("Home Agent Unreachable (ICMPv6 " + ext.haUnreachableIcmpType() + ") from HA2: HA1 is dead",
                packet(HA2, COA, null, null, IpProtocol.ICMPV6, icmp(new HomeAgentUnreachable(List.of(HA1)), ext))));
        byte[] echo = packet(CN, HOA, null, null, IpProtocol.ICMPV6,
                icmp(new EchoRequest(1, 1, Octets.of("roam6".getBytes(StandardCharsets.US_ASCII))), ext));
        out.add(new Sample("Echo Request from the CN, tunnelled by HA1 to the care-of address",
                Ipv6PacketBuilder.encapsulate(HA1, COA, 64, echo)));
        Ipv6Packet walk = new Ipv6Packet();
        if (walk.parse(homeBu, 0, homeBu.length) != null) {
            throw new IllegalStateException("the sample home BU does not walk");
        }
        out.add(new Sample("Parameter Problem code 2 from a kernel without Mobile IPv6, pointing at the home BU's HAO",
                packet(HA1, COA, null, null, IpProtocol.ICMPV6, icmp(new ParameterProblem(
                        ParameterProblem.CODE_UNRECOGNIZED_OPTION, walk.homeAddressOptionOffset(), Octets.of(homeBu)), ext))));
        out.add(new Sample("malformed on purpose: BU whose Alternate CoA option claims 30 octets", malformedBindingUpdate(ext)));
        return out;
    }

    /** RFC 6275 11.7.1 home registration, with the multi-HA extension and RFC 4285 protection. */
    private static byte[] homeBindingUpdate(MobilityExtensions ext) {
        int flags = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_L | ext.mFlag();
        byte[] mh = mh(new MobilityMessage.BindingUpdate(1, flags, LIFETIME_UNITS, List.of(
                new MobilityOption.AlternateCareOfAddress(COA),
                new MobilityOption.MultipleHomeAgents(List.of(HA1, HA2)),
                new MobilityOption.MobilityMessageReplayProtection(NtpTimestamp.fromInstant(TIME)),
                new MobilityOption.MobilityMessageAuthentication(MobilityOptionType.AUTHENTICATION_SUBTYPE_MN_HA,
                        MN_HA_SPI, new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH]))), ext);
        signMnHa(mh, COA, HOA, ext);
        return packet(COA, HA1, HOA, null, IpProtocol.MOBILITY, mh);
    }

    /** RFC 6275 10.3.1 answer, protected as RFC 4285 5.1 says (care-of address = the destination). */
    private static byte[] bindingAck(MobilityExtensions ext) {
        byte[] mh = mh(new MobilityMessage.BindingAcknowledgement(BindingAckStatus.ACCEPTED, 0, 1, LIFETIME_UNITS, List.of(
                new MobilityOption.MobilityMessageReplayProtection(NtpTimestamp.fromInstant(TIME)),
                new MobilityOption.MobilityMessageAuthentication(MobilityOptionType.AUTHENTICATION_SUBTYPE_MN_HA,
                        MN_HA_SPI, new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH]))), ext);
        signMnHa(mh, COA, HOA, ext);
        return packet(HA1, COA, null, HOA, IpProtocol.MOBILITY, mh);
    }

    private static void signMnHa(byte[] mh, Ipv6Address careOf, Ipv6Address home, MobilityExtensions ext) {
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(
                mh, 0, mh.length, MobilityOptionType.AUTHENTICATION_SUBTYPE_MN_HA, ext);
        MnHaAuthentication.authenticator(MacAlgorithm.MN_HA_DEFAULT, MN_HA_KEY, careOf, home,
                mh, at.headerOffset(), at.coveredLength(), mh, at.authenticatorOffset());
    }

    /** RFC 6275 5.2.6: a BU to a correspondent authorised with Kbm = SHA1(home token | care-of token). */
    private static byte[] correspondentBindingUpdate(long homeToken, long careOfToken, MobilityExtensions ext) {
        byte[] mh = mh(new MobilityMessage.BindingUpdate(2, BindingUpdate.FLAG_A, LIFETIME_UNITS, List.of(
                new MobilityOption.NonceIndices(HOME_NONCE_INDEX, CARE_OF_NONCE_INDEX),
                new MobilityOption.BindingAuthorizationData(new byte[ReturnRoutability.AUTHENTICATOR_LENGTH]))), ext);
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.bindingAuthorizationData(mh, 0, mh.length, ext);
        if (at.trailingOffset() != at.headerEnd()) {
            throw new IllegalStateException("Binding Authorization Data does not end the header");
        }
        byte[] kbm = ReturnRoutability.bindingManagementKey(homeToken, careOfToken);
        ReturnRoutability.authenticator(kbm, COA, CN, mh, at.headerOffset(), at.coveredLength(), mh, at.authenticatorOffset());
        return packet(COA, CN, HOA, null, IpProtocol.MOBILITY, mh);
    }

    /** A BU whose Alternate Care-of Address option's length runs past the Mobility Header. */
    private static byte[] malformedBindingUpdate(MobilityExtensions ext) {
        byte[] mh = mh(new MobilityMessage.BindingUpdate(3, BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | BindingUpdate.FLAG_L,
                LIFETIME_UNITS, List.of(new MobilityOption.AlternateCareOfAddress(COA))), ext);
        // fixed part 12 octets, PadN 01 00, then the option at 14: type 3, length 16 -> 30
        if ((mh[14] & 0xff) != MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS) {
            throw new IllegalStateException("Alternate CoA option not at octet 14");
        }
        mh[15] = 30;
        return packet(COA, HA1, HOA, null, IpProtocol.MOBILITY, mh);
    }

    private static byte[] mh(MobilityMessage m, MobilityExtensions ext) {
        return MobilityHeaderCodec.encode(m, ext);
    }

    private static byte[] icmp(Icmpv6Message m, MobilityExtensions ext) {
        return Icmpv6Codec.encode(m, ext);
    }

    /** A packet with the upper-layer checksum filled; {@code hoa}/{@code rh2} add those headers. */
    private static byte[] packet(Ipv6Address src, Ipv6Address dst, Ipv6Address hoa, Ipv6Address rh2, int protocol,
                                 byte[] payload) {
        return new Ipv6PacketBuilder().source(src).destination(dst).homeAddressOption(hoa).routingHeaderType2(rh2)
                .payload(protocol, payload).build();
    }
}
