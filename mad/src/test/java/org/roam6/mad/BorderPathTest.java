package org.roam6.mad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.PreSharedKeyRr;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.Bytes;
import org.roam6.wire.Checksum;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.RoutingHeaderType2;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingErrorStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;

class BorderPathTest {

    static final Ipv6Address CN = CorrespondentAgentTest.CN;
    static final Ipv6Address HOA = CorrespondentAgentTest.HOA;
    static final Ipv6Address COA = CorrespondentAgentTest.COA;
    static final Ipv6Address BORDER = Ipv6Address.parse("2001:db8:c::1");
    static final Ipv6Address ELSEWHERE = Ipv6Address.parse("2001:db8:b::99");

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    final CorrespondentAgent agent = new CorrespondentAgent(List.of(Ipv6Prefix.parse("2001:db8:c::/64")),
            CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM, Map.of(HOA, CorrespondentAgentTest.PSK), 420, 1000,
            nanos::get, millis::get, new SecureRandom(), CorrespondentAgentTest.EXT);
    final BorderPath path = new BorderPath(agent, CorrespondentAgentTest.EXT, BORDER, 1500,
            new RateLimiter(1000, 1000, new ManualClock()));
    final List<byte[]> out = new ArrayList<>();

    List<byte[]> handle(byte[] packet) {
        out.clear();
        byte[] buf = Arrays.copyOf(packet, packet.length + RoutingHeaderType2.LENGTH);
        path.handle(buf, packet.length, (b, off, len) -> out.add(Arrays.copyOfRange(b, off, off + len)));
        return out;
    }

    static Ipv6Address src(byte[] p) {
        return Ipv6Address.read(p, Ipv6Header.OFF_SOURCE);
    }

    static Ipv6Address dst(byte[] p) {
        return Ipv6Address.read(p, Ipv6Header.OFF_DESTINATION);
    }

    static byte[] udp(int length) {
        byte[] u = new byte[length];
        Bytes.put16(u, 0, 5000);
        Bytes.put16(u, 2, 7000);
        Bytes.put16(u, 4, length);
        for (int i = 8; i < length; i++) {
            u[i] = (byte) i;
        }
        return u;
    }

    /** Registers HOA at COA with the pre-shared key (the two-message mode), through the border as a packet. */
    void bind() {
        byte[] kbm = PreSharedKeyRr.bindingManagementKey(CorrespondentAgentTest.PSK, HOA, COA, CN, 7);
        byte[] bu = CorrespondentAgentTest.bindingUpdate(7, BindingUpdate.FLAG_A, 100, null, kbm, COA);
        byte[] packet = new Ipv6PacketBuilder().source(COA).destination(CN).homeAddressOption(HOA)
                .payload(IpProtocol.MOBILITY, bu).fillChecksum(false).build();
        List<byte[]> sent = handle(packet);
        assertEquals(1, sent.size(), "only the acknowledgement goes out, the BU is the agent's");
        byte[] ba = sent.get(0);
        assertEquals(CN, src(ba), "the BA is sent as the correspondent");
        assertEquals(COA, dst(ba));
        assertEquals(IpProtocol.ROUTING, ba[Ipv6Header.OFF_NEXT_HEADER] & 0xff, "with a Type 2 routing header");
        assertEquals(HOA, Ipv6Address.read(ba, Ipv6Header.LENGTH + RoutingHeaderType2.OFF_HOME_ADDRESS));
        int mh = Ipv6Header.LENGTH + RoutingHeaderType2.LENGTH;
        assertTrue(MobilityHeaderCodec.verifyChecksum(ba, mh, ba.length - mh, CN, HOA));
        MobilityMessage.BindingAcknowledgement ack = (MobilityMessage.BindingAcknowledgement)
                MobilityHeaderCodec.decode(ba, mh, ba.length - mh, CorrespondentAgentTest.EXT).value();
        assertEquals(BindingAckStatus.ACCEPTED, ack.status());
    }

    @Test
    void aHomeTestInitIsAnsweredAsTheCorrespondentAndNeverPassed() {
        byte[] hoti = CorrespondentAgentTest.mh(new MobilityMessage.HomeTestInit(0x77L, List.of()), HOA, CN);
        byte[] packet = new Ipv6PacketBuilder().source(HOA).destination(CN).payload(IpProtocol.MOBILITY, hoti)
                .fillChecksum(false).build();
        List<byte[]> sent = handle(packet);
        assertEquals(1, sent.size());
        byte[] hot = sent.get(0);
        assertEquals(CN, src(hot));
        assertEquals(HOA, dst(hot));
        assertTrue(MobilityHeaderCodec.verifyChecksum(hot, 40, hot.length - 40, CN, HOA));
        assertTrue(MobilityHeaderCodec.decode(hot, 40, hot.length - 40, CorrespondentAgentTest.EXT).value()
                instanceof MobilityMessage.HomeTest ht && ht.homeInitCookie() == 0x77L);
        assertEquals(1, path.count("signalling"));
        assertEquals(0, path.count("passed"));
    }

    @Test
    void aLegacyCareOfTestInitGetsAParameterProblemPointingAtTheNextHeaderField() {
        byte[] coti = CorrespondentAgentTest.mh(new MobilityMessage.CareOfTestInit(0, 0x99L, List.of()), COA, CN);
        byte[] packet = new Ipv6PacketBuilder().source(COA).destination(CN).payload(IpProtocol.MOBILITY, coti)
                .fillChecksum(false).build();
        List<byte[]> sent = handle(packet);
        assertEquals(1, sent.size());
        byte[] pp = sent.get(0);
        assertEquals(CN, src(pp), "from the correspondent, as if it did not know Mobile IPv6");
        assertEquals(COA, dst(pp));
        assertEquals(IpProtocol.ICMPV6, pp[6] & 0xff);
        assertTrue(Icmpv6Codec.checksumValid(CN, COA, pp, 40, pp.length - 40));
        org.roam6.wire.icmp.ParameterProblem m = (org.roam6.wire.icmp.ParameterProblem)
                Icmpv6Codec.decode(pp, 40, pp.length - 40, CorrespondentAgentTest.EXT).value();
        assertEquals(1, m.code());
        assertEquals(Ipv6Header.OFF_NEXT_HEADER, m.pointer());
        assertArrayEquals(packet, m.invokingPacket().toByteArray());
        assertEquals(1, path.count("parameter_problem_sent"));
    }

    @Test
    void withABindingTheHomeAddressOptionBecomesTheSourceAndTheChecksumStaysRight() {
        bind();
        byte[] u = udp(100);
        byte[] packet = new Ipv6PacketBuilder().source(COA).destination(CN).homeAddressOption(HOA)
                .payload(IpProtocol.UDP, u).build();
        List<byte[]> sent = handle(packet);
        assertEquals(1, sent.size());
        byte[] p = sent.get(0);
        assertEquals(HOA, src(p), "the home address is the source the correspondent sees");
        assertEquals(CN, dst(p));
        assertEquals(IpProtocol.UDP, p[Ipv6Header.OFF_NEXT_HEADER] & 0xff, "the Destination Options header is gone");
        assertEquals(40 + 100, p.length);
        assertEquals(100, Bytes.u16(p, Ipv6Header.OFF_PAYLOAD_LENGTH));
        assertTrue(Checksum.verify(HOA, CN, IpProtocol.UDP, p, 40, 100), "the mobile node's checksum holds");
        assertEquals(1, path.count("translated_to_correspondent"));
        assertTrue(agent.bindings().get(0).in_use(), "the binding counts as in use");
    }

    @Test
    void otherDestinationOptionsStayAndTheHomeAddressOptionBecomesPadding() {
        bind();
        byte[] u = udp(40);
        byte[] packet = new Ipv6PacketBuilder().source(COA).destination(CN).homeAddressOption(HOA)
                .payload(IpProtocol.UDP, u).build();
        // make the 4 padding bytes before the option an unknown skippable option (type 0x1e, 2 bytes of data)
        int opts = 40 + 2;
        assertEquals(1, packet[opts] & 0xff, "the builder pads with PadN before the option");
        packet[opts] = 0x1e;
        List<byte[]> sent = handle(packet);
        byte[] p = sent.get(0);
        assertEquals(HOA, src(p));
        assertEquals(IpProtocol.DESTINATION_OPTIONS, p[6] & 0xff, "the header with the other option stays");
        assertEquals(packet.length, p.length);
        assertEquals(-1, BorderPath.findHomeAddressOption(p, 40, 24), "no Home Address option left");
        assertEquals(0x1e, p[opts] & 0xff);
        assertTrue(Checksum.verify(HOA, CN, IpProtocol.UDP, p, 64, 40));
    }

    @Test
    void aHomeAddressOptionWithoutABindingGetsBindingErrorStatus1AndIsDropped() {
        byte[] packet = new Ipv6PacketBuilder().source(COA).destination(CN).homeAddressOption(HOA)
                .payload(IpProtocol.UDP, udp(20)).build();
        List<byte[]> sent = handle(packet);
        assertEquals(1, sent.size(), "the Binding Error only; the packet is not passed");
        byte[] be = sent.get(0);
        assertEquals(CN, src(be));
        assertEquals(COA, dst(be));
        assertTrue(MobilityHeaderCodec.verifyChecksum(be, 40, be.length - 40, CN, COA));
        MobilityMessage.BindingError m = (MobilityMessage.BindingError)
                MobilityHeaderCodec.decode(be, 40, be.length - 40, CorrespondentAgentTest.EXT).value();
        assertEquals(BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION, m.status());
        assertEquals(HOA, m.homeAddress());
        assertEquals(1, path.count("drop_no_binding"));
    }

    @Test
    void aHomeAddressOptionFromAnotherCareOfAddressThanTheBindingsIsRefused() {
        bind();
        byte[] packet = new Ipv6PacketBuilder().source(ELSEWHERE).destination(CN).homeAddressOption(HOA)
                .payload(IpProtocol.UDP, udp(20)).build();
        List<byte[]> sent = handle(packet);
        assertEquals(1, sent.size());
        assertEquals(ELSEWHERE, dst(sent.get(0)), "a Binding Error to the claimed care-of address");
        assertEquals(1, path.count("drop_no_binding"));
    }

    @Test
    void theCorrespondentsPacketsToABoundHomeAddressGoToTheCareOfAddressWithARoutingHeader() {
        bind();
        byte[] u = udp(200);
        byte[] packet = new Ipv6PacketBuilder().source(CN).destination(HOA).payload(IpProtocol.UDP, u).build();
        byte[] p = handle(packet).get(0);
        assertEquals(CN, src(p));
        assertEquals(COA, dst(p));
        assertEquals(IpProtocol.ROUTING, p[6] & 0xff);
        assertEquals(IpProtocol.UDP, p[40] & 0xff);
        assertEquals(2, p[40 + RoutingHeaderType2.OFF_ROUTING_TYPE]);
        assertEquals(1, p[40 + RoutingHeaderType2.OFF_SEGMENTS_LEFT]);
        assertEquals(HOA, Ipv6Address.read(p, 40 + RoutingHeaderType2.OFF_HOME_ADDRESS));
        assertEquals(200 + 24, Bytes.u16(p, 4));
        assertTrue(Checksum.verify(CN, HOA, IpProtocol.UDP, p, 64, 200), "checksum over the home address, unchanged");
        assertEquals(1, path.count("routed_to_care_of"));
    }

    @Test
    void aCorrespondentPacketThatTheRoutingHeaderWouldMakeTooBigGetsPacketTooBig() {
        bind();
        byte[] packet = new Ipv6PacketBuilder().source(CN).destination(HOA).payload(IpProtocol.UDP, udp(1460)).build();
        List<byte[]> sent = handle(packet);
        assertEquals(1, sent.size());
        byte[] ptb = sent.get(0);
        assertEquals(BORDER, src(ptb));
        assertEquals(CN, dst(ptb));
        assertEquals(2, ptb[40] & 0xff, "ICMPv6 Packet Too Big");
        assertEquals(1500 - 24, Bytes.getInt(ptb, 44));
        assertEquals(HOA, Ipv6Address.read(ptb, 48 + Ipv6Header.OFF_DESTINATION),
                "the invoking packet is the correspondent's own, to the home address");
        assertTrue(Icmpv6Codec.checksumValid(BORDER, CN, ptb, 40, ptb.length - 40));
        assertTrue(ptb.length <= 1280);
    }

    @Test
    void withoutABindingEverythingElsePassesUnchanged() {
        byte[] toHoa = new Ipv6PacketBuilder().source(CN).destination(HOA).payload(IpProtocol.UDP, udp(30)).build();
        assertArrayEquals(toHoa, handle(toHoa).get(0));
        byte[] toCn = new Ipv6PacketBuilder().source(HOA).destination(CN).payload(IpProtocol.UDP, udp(30)).build();
        assertArrayEquals(toCn, handle(toCn).get(0));
        byte[] be = CorrespondentAgentTest.mh(new MobilityMessage.BindingError(2, HOA, List.of()), HOA, CN);
        byte[] otherMh = new Ipv6PacketBuilder().source(HOA).destination(CN).payload(IpProtocol.MOBILITY, be)
                .fillChecksum(false).build();
        assertArrayEquals(otherMh, handle(otherMh).get(0), "Mobility Header types other than HoTI, CoTI, BU pass");
        assertEquals(3, path.count("passed"));
    }

    @Test
    void afterDeregistrationTheCorrespondentsPacketsPassAgain() {
        bind();
        byte[] kbm = PreSharedKeyRr.bindingManagementKey(CorrespondentAgentTest.PSK, HOA, HOA, CN, 8);
        byte[] bu = CorrespondentAgentTest.bindingUpdate(8, 0, 0, null, kbm, HOA);
        byte[] packet = new Ipv6PacketBuilder().source(HOA).destination(CN).payload(IpProtocol.MOBILITY, bu)
                .fillChecksum(false).build();
        assertTrue(handle(packet).isEmpty(), "no A flag: nothing sent, nothing passed");
        assertTrue(agent.binding(CN, HOA).isEmpty());
        byte[] toHoa = new Ipv6PacketBuilder().source(CN).destination(HOA).payload(IpProtocol.UDP, udp(30)).build();
        assertArrayEquals(toHoa, handle(toHoa).get(0));
    }

    @Test
    void theListenerHearsOfBindingsStartingAndEnding() {
        List<String> heard = new ArrayList<>();
        agent.setListener(new CorrespondentAgent.BindingListener() {
            @Override
            public void bound(Ipv6Address cn, Ipv6Address hoa, Ipv6Address coa) {
                heard.add("bound " + cn + " " + hoa + " " + coa);
            }

            @Override
            public void unbound(Ipv6Address cn, Ipv6Address hoa) {
                heard.add("unbound " + cn + " " + hoa);
            }
        });
        bind();
        millis.addAndGet(401_000);
        assertEquals(1, agent.expire());
        assertEquals(List.of("bound " + CN + " " + HOA + " " + COA, "unbound " + CN + " " + HOA), heard);
    }

    @Property(tries = 500)
    void arbitraryBytesNeverThrow(@ForAll @Size(max = 200) byte[] bytes) {
        handle(bytes);
        byte[] p = new Ipv6PacketBuilder().source(COA).destination(CN).homeAddressOption(HOA)
                .payload(IpProtocol.UDP, bytes).fillChecksum(false).build();
        if (bytes.length > 0) {
            p[40 + 2 + bytes[0] % 24 & 0x1f] ^= bytes[bytes.length - 1];
        }
        handle(p);
        assertFalse(agent.binding(CN, HOA).isPresent());
    }
}
