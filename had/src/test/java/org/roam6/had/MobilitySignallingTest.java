package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.had.SignallingFixture.COA;
import static org.roam6.had.SignallingFixture.HA;
import static org.roam6.had.SignallingFixture.HOA;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roam6.net.PacketInfo;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.DestinationOptions;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.icmp.MobilePrefixSolicitation;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.ParameterProblem;
import org.roam6.wire.mh.BindingErrorStatus;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;

/** RFC 6275 9.2 and 9.3: what the home agent answers to malformed and unexpected signalling. */
class MobilitySignallingTest {

    static final int AH = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H;

    @Test
    void badChecksumIsDroppedSilently() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] m = f.bu(1, AH, 10);
        MobilityHeaderCodec.fillChecksum(m, 0, m.length, HOA, HA);
        m[5] ^= 0x40;
        f.deliverDestinationOptions(IpProtocol.MOBILITY, m, COA, HOA);
        assertTrue(f.nothingSent());
        assertEquals(1, f.stats.drops(HomeAgentStats.Drop.BAD_CHECKSUM));
        assertTrue(f.cache.bindings(0).isEmpty());
    }

    @Test
    void checksumOverTheCareOfAddressInsteadOfTheHomeAddressIsBad() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] m = f.bu(1, AH, 10);
        MobilityHeaderCodec.fillChecksum(m, 0, m.length, COA, HA);
        f.deliverDestinationOptions(IpProtocol.MOBILITY, m, COA, HOA);
        assertTrue(f.nothingSent());
        assertEquals(1, f.stats.drops(HomeAgentStats.Drop.BAD_CHECKSUM));
    }

    @Test
    void unknownMhTypeGetsBindingErrorStatus2WithTheHomeAddress() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] m = f.bu(1, AH, 10);
        m[2] = 42;
        f.sendWithHomeAddressOption(m, COA, HOA);
        MobilityMessage.BindingError be = f.nextError(COA);
        assertEquals(BindingErrorStatus.UNRECOGNIZED_MH_TYPE, be.status());
        assertEquals(HOA, be.homeAddress());
        assertEquals(1, f.stats.bindingErrorsSent(2));
    }

    @Test
    void unknownMhTypeWithoutHomeAddressOptionNamesNoHomeAddress() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] m = f.bu(1, AH, 10);
        m[2] = 8;
        f.sendPlain(m, COA);
        MobilityMessage.BindingError be = f.nextError(COA);
        assertEquals(2, be.status());
        assertEquals(Ipv6Address.UNSPECIFIED, be.homeAddress());
    }

    @Test
    void bindingErrorsAreRateLimited() throws Exception {
        SignallingFixture f = new SignallingFixture("", new RateLimiter(1, 2, new ManualClock()));
        byte[] m = f.bu(1, AH, 10);
        m[2] = 42;
        for (int i = 0; i < 5; i++) {
            f.sendWithHomeAddressOption(m, COA, HOA);
        }
        assertEquals(2, f.out.sent().size());
        assertEquals(3, f.stats.drops(HomeAgentStats.Drop.RATE_LIMITED));
    }

    @Test
    void tooShortHeaderLenGetsParameterProblemPointingAtIt() throws Exception {
        SignallingFixture f = new SignallingFixture();
        // a BU needs Header Len 1 (12 octets); this one says 0 and has 8
        byte[] m = Arrays.copyOf(f.bu(1, AH, 10), 8);
        m[1] = 0;
        f.sendWithHomeAddressOption(m, COA, HOA);
        ParameterProblem pp = nextParameterProblem(f);
        assertEquals(ParameterProblem.CODE_ERRONEOUS_HEADER_FIELD, pp.code());
        assertEquals(Ipv6Header.LENGTH + DestinationOptions.LENGTH_WITH_HOME_ADDRESS + 1, pp.pointer());
        // the invoking packet is the BU as it arrived: IPv6 header rebuilt from the packet info
        Ipv6Packet inv = new Ipv6Packet();
        byte[] b = pp.invokingPacket().toByteArray();
        assertEquals(null, inv.parse(b, 0, b.length));
        assertEquals(COA, inv.source());
        assertEquals(HOA, inv.homeAddress());
    }

    @Test
    void badPayloadProtoOnTheMhSocketGetsParameterProblemPointingAtIt() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] m = f.bu(1, AH, 10);
        m[0] = 6;
        f.sendPlain(m, COA);
        ParameterProblem pp = nextParameterProblem(f);
        assertEquals(0, pp.code());
        assertEquals(Ipv6Header.LENGTH, pp.pointer());
        assertEquals(1, f.stats.parameterProblemsSent());
    }

    @Test
    void truncatedMobilityHeaderIsDroppedSilently() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] m = f.bu(1, AH, 10);
        f.sendPlain(Arrays.copyOf(m, m.length - 3), COA);
        assertTrue(f.nothingSent());
        assertEquals(1, f.stats.drops(HomeAgentStats.Drop.MALFORMED));
    }

    @Test
    void otherPacketWithHomeAddressOptionButNoBindingGetsBindingErrorStatus1() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] echo = {(byte) 128, 0, 0, 0, 0, 1, 0, 1};
        f.deliverDestinationOptions(IpProtocol.ICMPV6, echo, COA, HOA);
        MobilityMessage.BindingError be = f.nextError(COA);
        assertEquals(BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION, be.status());
        assertEquals(HOA, be.homeAddress());

        // with a binding from that care-of address: no error
        f.sendWithHomeAddressOption(f.bu(1, BindingUpdate.FLAG_H, 10), COA, HOA);
        f.deliverDestinationOptions(IpProtocol.ICMPV6, echo, COA, HOA);
        assertTrue(f.nothingSent());
        // from another source than the bound care-of address: error again
        f.deliverDestinationOptions(IpProtocol.ICMPV6, echo, SignallingFixture.COA2, HOA);
        assertEquals(1, f.nextError(SignallingFixture.COA2).status());
    }

    @Test
    void mobilePrefixSolicitationBehindHomeAddressOptionOfABoundMobileNodeGoesToTheMobilePrefixResponder_rfc6275_10_6()
            throws Exception {
        SignallingFixture f = new SignallingFixture();
        FakePacketSocket raw = new FakePacketSocket(255, HA);
        MobilePrefixResponder mpr = new MobilePrefixResponder(raw, null, f.cache, HA,
                java.util.List.of(MobilePrefixResponder.homePrefix(Ipv6Prefix.parse("2001:db8:1::/64"), 86400, 14400)),
                new RateLimiter(10, 20, f.clock), f.clock);
        f.signalling.icmpv6BehindHomeAddress(mpr::onDestinationOptionsCopy);
        byte[] whole = new Ipv6PacketBuilder().source(COA).destination(HA).hopLimit(64).homeAddressOption(HOA)
                .payload(IpProtocol.ICMPV6, Icmpv6Codec.encode(new MobilePrefixSolicitation(0x4242), f.ext())).build();
        byte[] mps = Arrays.copyOfRange(whole, Ipv6Header.LENGTH + DestinationOptions.LENGTH_WITH_HOME_ADDRESS, whole.length);

        // no binding yet: RFC 6275 9.3.1's Binding Error, nothing for the responder
        f.deliverDestinationOptions(IpProtocol.ICMPV6, mps, COA, HOA);
        assertEquals(BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION, f.nextError(COA).status());
        assertEquals(0, mpr.advertised() + mpr.noBinding() + mpr.malformed());

        f.sendWithHomeAddressOption(f.bu(1, BindingUpdate.FLAG_H, 10), COA, HOA);
        f.deliverDestinationOptions(IpProtocol.ICMPV6, mps, COA, HOA);
        assertTrue(f.nothingSent(), "no Binding Error for a bound mobile node");
        assertEquals(1, mpr.advertised());
        FakePacketSocket.Sent sent = raw.takeSent(0);
        Ipv6Packet p = new Ipv6Packet();
        assertNull(p.parse(sent.data(), 0, sent.data().length));
        assertEquals(COA, p.destination());
        assertEquals(HOA, p.routingAddress());
        assertTrue(p.upperLayerChecksumValid());
        assertEquals(0, f.stats.drops(HomeAgentStats.Drop.HOME_ADDRESS_OPTION_DATA));
    }

    @Test
    void otherIcmpv6BehindHomeAddressOptionIsCountedByTheResponderNotAnsweredWithBindingError() throws Exception {
        SignallingFixture f = new SignallingFixture();
        FakePacketSocket raw = new FakePacketSocket(255, HA);
        MobilePrefixResponder mpr = new MobilePrefixResponder(raw, null, f.cache, HA,
                java.util.List.of(MobilePrefixResponder.homePrefix(Ipv6Prefix.parse("2001:db8:1::/64"), 86400, 14400)),
                new RateLimiter(10, 20, f.clock), f.clock);
        f.signalling.icmpv6BehindHomeAddress(mpr::onDestinationOptionsCopy);
        f.sendWithHomeAddressOption(f.bu(1, BindingUpdate.FLAG_H, 10), COA, HOA);
        byte[] echo = {(byte) 128, 0, 0, 0, 0, 1, 0, 1};
        f.deliverDestinationOptions(IpProtocol.ICMPV6, echo, COA, HOA);
        assertTrue(f.nothingSent());
        assertEquals(1, mpr.malformed());
        assertEquals(0, mpr.advertised());
        // a Mobility-Header-less upper layer other than ICMPv6 is still dropped here
        f.deliverDestinationOptions(IpProtocol.UDP, new byte[8], COA, HOA);
        assertEquals(1, f.stats.drops(HomeAgentStats.Drop.HOME_ADDRESS_OPTION_DATA));
    }

    @Test
    void messagesAHomeAgentDoesNotTakeAreDropped() throws Exception {
        SignallingFixture f = new SignallingFixture();
        byte[] brr = MobilityHeaderCodec.encode(new MobilityMessage.BindingRefreshRequest(java.util.List.of()), f.ext());
        f.sendPlain(brr, COA);
        assertTrue(f.nothingSent());
        assertEquals(1, f.stats.drops(HomeAgentStats.Drop.UNEXPECTED_MESSAGE));
    }

    @Test
    void randomAndMutatedInputNeverThrowsAndNeverCorruptsTheCache() throws Exception {
        SignallingFixture f = new SignallingFixture();
        Random r = new Random(6275);
        byte[] good = f.bu(1, AH, 10, new org.roam6.wire.mh.MobilityOption.AlternateCareOfAddress(COA));
        for (int i = 0; i < 3000; i++) {
            byte[] m;
            if (i % 2 == 0) {
                m = new byte[r.nextInt(80)];
                r.nextBytes(m);
            } else {
                m = good.clone();
                for (int k = 0; k < 1 + r.nextInt(3); k++) {
                    m[r.nextInt(m.length)] = (byte) r.nextInt(256);
                }
            }
            byte[] copy = new byte[DestinationOptions.LENGTH_WITH_HOME_ADDRESS + m.length];
            DestinationOptions.writeWithHomeAddress(copy, 0, IpProtocol.MOBILITY, HOA);
            System.arraycopy(m, 0, copy, DestinationOptions.LENGTH_WITH_HOME_ADDRESS, m.length);
            if (i % 3 == 0) {
                copy[r.nextInt(DestinationOptions.LENGTH_WITH_HOME_ADDRESS)] = (byte) r.nextInt(256);
            }
            f.signalling.onDestinationOptions(copy, 0, copy.length, SignallingFixture.info(COA));
            f.signalling.onMobilityHeader(m, 0, m.length, SignallingFixture.info(COA));
        }
        assertEquals(0, f.stats.drops(HomeAgentStats.Drop.INTERNAL_ERROR));
        // the cache still answers and holds nothing beyond valid home addresses
        f.cache.bindings(0).forEach(b -> assertTrue(f.config.isHomeAddress(b.homeAddress())));
    }

    @Test
    void receivingThreadsServeBothSockets() throws Exception {
        SignallingFixture f = new SignallingFixture();
        f.signalling.start();
        try {
            byte[] m = f.bu(3, AH, 10);
            MobilityHeaderCodec.fillChecksum(m, 0, m.length, HOA, HA);
            byte[] copy = new byte[24 + m.length];
            DestinationOptions.writeWithHomeAddress(copy, 0, IpProtocol.MOBILITY, HOA);
            System.arraycopy(m, 0, copy, 24, m.length);
            f.dstopts.deliver(new FakePacketSocket.Incoming(copy, COA, HA, 64, null, null));
            FakePacketSocket.Sent s = f.out.takeSent(5000);
            assertTrue(s != null, "BA sent from the receiving thread");
            byte[] dereg = f.bu(4, AH, 0);
            MobilityHeaderCodec.fillChecksum(dereg, 0, dereg.length, HOA, HA);
            f.mh.deliver(new FakePacketSocket.Incoming(dereg, HOA, HA, 64, null, null));
            assertTrue(f.out.takeSent(5000) != null, "BA for the de-registration");
        } finally {
            f.signalling.close();
        }
        assertTrue(f.mh.isClosed() && f.dstopts.isClosed() && f.out.isClosed());
    }

    @Test
    void packetsWithoutDestinationAreIgnored() throws Exception {
        SignallingFixture f = new SignallingFixture();
        PacketInfo info = new PacketInfo();
        info.reset();
        info.source(COA);
        byte[] m = f.bu(1, AH, 10);
        f.signalling.onMobilityHeader(m, 0, m.length, info);
        assertTrue(f.nothingSent());
        assertEquals(1, f.stats.drops(HomeAgentStats.Drop.INCOMPLETE));
    }

    private static ParameterProblem nextParameterProblem(SignallingFixture f) throws Exception {
        Ipv6Packet p = f.nextSent();
        assertEquals(HA, p.source());
        assertEquals(COA, p.destination());
        assertEquals(IpProtocol.ICMPV6, p.upperLayerProtocol());
        Icmpv6Message msg = Icmpv6Codec.decode(p.header().buffer(), p.upperLayerOffset(), p.upperLayerLength(),
                f.ext()).value();
        return (ParameterProblem) msg;
    }
}
