package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.binding.BindingCache;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.Decoded;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.MobilePrefixAdvertisement;
import org.roam6.wire.icmp.MobilePrefixSolicitation;
import org.roam6.wire.icmp.PrefixInformation;

class MobilePrefixResponderTest {
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::99");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::100");
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Prefix HOME2 = Ipv6Prefix.parse("2001:db8:2::/64");

    final ManualClock clock = new ManualClock();
    final BindingCache cache = new BindingCache(16);
    final FakePacketSocket raw = new FakePacketSocket(255, HA);
    final List<PrefixInformation> prefixes = List.of(
            MobilePrefixResponder.homePrefix(HOME, 86400, 14400),
            MobilePrefixResponder.homePrefix(HOME2, 3600, 1800));

    MobilePrefixResponder responder() {
        return new MobilePrefixResponder(raw, null, cache, HA, prefixes, new RateLimiter(10, 20, clock), clock);
    }

    void bind(Ipv6Address hoa, Ipv6Address coa) {
        cache.register(hoa, coa, 1, 0xc000, clock.millis() + Duration.ofSeconds(420).toMillis(), List.of(), List.of());
    }

    /** A whole MPS packet: CoA -> HA with a Home Address option carrying {@code hoa}. */
    static byte[] solicitation(int id, Ipv6Address coa, Ipv6Address hoa) {
        byte[] mps = Icmpv6Codec.encode(new MobilePrefixSolicitation(id), MobilityExtensions.DEFAULT);
        return new Ipv6PacketBuilder().source(coa).destination(HA).hopLimit(64).homeAddressOption(hoa)
                .payload(IpProtocol.ICMPV6, mps).build();
    }

    record Advertisement(Ipv6Packet packet, MobilePrefixAdvertisement message, byte[] bytes) {}

    static Advertisement decode(byte[] b) {
        Ipv6Packet p = new Ipv6Packet();
        assertNull(p.parse(b, 0, b.length));
        assertEquals(IpProtocol.ICMPV6, p.upperLayerProtocol());
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, p.upperLayerOffset(), p.upperLayerLength(), MobilityExtensions.DEFAULT);
        assertTrue(d instanceof Decoded.Ok, () -> "does not decode: " + d);
        return new Advertisement(p, (MobilePrefixAdvertisement) ((Decoded.Ok<Icmpv6Message>) d).value(), b);
    }

    @Test
    void aSolicitationWithAHomeAddressOptionIsAnsweredAtTheCareOfAddressThroughATypeTwoRoutingHeader_rfc6275_10_6()
            throws Exception {
        bind(HOA, COA);
        MobilePrefixResponder r = responder();
        byte[] mps = solicitation(0x7777, COA, HOA);
        assertEquals(MobilePrefixResponder.Outcome.ADVERTISED, r.onSolicitation(mps, 0, mps.length));
        FakePacketSocket.Sent sent = raw.takeSent(0);
        assertEquals(COA, sent.destination());
        Advertisement a = decode(sent.data());
        assertEquals(HA, a.packet().source());
        assertEquals(COA, a.packet().destination());
        assertTrue(a.packet().hasRoutingHeaderType2());
        assertEquals(HOA, a.packet().routingAddress());
        assertEquals(1, a.packet().routingSegmentsLeft());
        assertTrue(a.packet().upperLayerChecksumValid(), "checksum over HA -> HoA");
        assertEquals(0x7777, a.message().identifier());
        assertEquals(false, a.message().managed());
        assertEquals(false, a.message().other());
        assertEquals(prefixes, a.message().prefixes());
        PrefixInformation p = a.message().prefixes().get(0);
        assertEquals(HOME, p.asPrefix());
        assertEquals(86400, p.validLifetime());
        assertEquals(14400, p.preferredLifetime());
        assertTrue(p.onLink() && p.autonomous() && !p.routerAddress());
        assertEquals(1, r.advertised());
    }

    @Test
    void whatAProtocol60SocketReturnsIsAnsweredTheSameWay() throws Exception {
        bind(HOA, COA);
        MobilePrefixResponder r = responder();
        byte[] whole = solicitation(0x1234, COA, HOA);
        byte[] copy = Arrays.copyOfRange(whole, Ipv6Header.LENGTH, whole.length);   // from the Destination Options header on
        assertEquals(MobilePrefixResponder.Outcome.ADVERTISED, r.onDestinationOptionsCopy(copy, 0, copy.length, COA, HA));
        Advertisement a = decode(raw.takeSent(0).data());
        assertEquals(0x1234, a.message().identifier());
        assertEquals(HOA, a.packet().routingAddress());
    }

    @Test
    void aSolicitationWithoutAHomeAddressOptionComesFromTheHomeAddressAndIsAnswered() throws Exception {
        bind(HOA, COA);
        MobilePrefixResponder r = responder();
        byte[] mps = Icmpv6Codec.encode(new MobilePrefixSolicitation(9), MobilityExtensions.DEFAULT);
        assertEquals(MobilePrefixResponder.Outcome.ADVERTISED, r.onPlainSolicitation(mps, 0, mps.length, HOA, HA));
        Advertisement a = decode(raw.takeSent(0).data());
        assertEquals(COA, a.packet().destination());
        assertEquals(HOA, a.packet().routingAddress());
    }

    @Test
    void aMobileNodeWithoutABindingGetsNoAdvertisement_rfc6275_10_6() {
        MobilePrefixResponder r = responder();
        byte[] mps = solicitation(1, COA, HOA);
        assertEquals(MobilePrefixResponder.Outcome.NO_BINDING, r.onSolicitation(mps, 0, mps.length));
        bind(HOA, COA);
        clock.advance(Duration.ofSeconds(421));
        assertEquals(MobilePrefixResponder.Outcome.NO_BINDING, r.onSolicitation(mps, 0, mps.length), "expired binding");
        assertEquals(2, r.noBinding());
        assertTrue(raw.sent().isEmpty());
    }

    @Test
    void aSolicitationFromAnotherCareOfAddressThanTheBindingsIsIgnored_rfc6275_9_3_1() {
        bind(HOA, COA);
        MobilePrefixResponder r = responder();
        byte[] mps = solicitation(1, Ipv6Address.parse("2001:db8:b::5"), HOA);
        assertEquals(MobilePrefixResponder.Outcome.CARE_OF_MISMATCH, r.onSolicitation(mps, 0, mps.length));
        assertTrue(raw.sent().isEmpty());
    }

    @Test
    void malformedSolicitationsAreCountedAndDropped() {
        bind(HOA, COA);
        MobilePrefixResponder r = responder();
        byte[] mps = solicitation(1, COA, HOA);
        byte[] badSum = mps.clone();
        badSum[badSum.length - 1] ^= 1;
        assertEquals(MobilePrefixResponder.Outcome.MALFORMED, r.onSolicitation(badSum, 0, badSum.length), "checksum");
        assertEquals(MobilePrefixResponder.Outcome.MALFORMED, r.onSolicitation(mps, 0, 50), "truncated packet");
        byte[] dhaad = new Ipv6PacketBuilder().source(COA).destination(HA).homeAddressOption(HOA)
                .payload(IpProtocol.ICMPV6, Icmpv6Codec.encode(new org.roam6.wire.icmp.DhaadRequest(1, false),
                        MobilityExtensions.DEFAULT)).build();
        assertEquals(MobilePrefixResponder.Outcome.MALFORMED, r.onSolicitation(dhaad, 0, dhaad.length), "not type 146");
        byte[] shortMps = new byte[] {(byte) 146, 0, 0, 0};
        assertEquals(MobilePrefixResponder.Outcome.MALFORMED, r.onPlainSolicitation(shortMps, 0, 4, HOA, HA), "4 octets");
        assertEquals(4, r.malformed());
        assertTrue(raw.sent().isEmpty());
    }

    @Test
    void advertisementsAreRateLimited() {
        bind(HOA, COA);
        MobilePrefixResponder r = new MobilePrefixResponder(raw, null, cache, HA, prefixes, new RateLimiter(1, 1, clock), clock);
        byte[] mps = solicitation(1, COA, HOA);
        assertEquals(MobilePrefixResponder.Outcome.ADVERTISED, r.onSolicitation(mps, 0, mps.length));
        assertEquals(MobilePrefixResponder.Outcome.RATE_LIMITED, r.onSolicitation(mps, 0, mps.length));
        assertEquals(1, raw.sent().size());
    }

    @Test
    void theReceiverThreadAnswersSolicitationsFromItsIcmpSocket() throws Exception {
        bind(HOA, COA);
        FakePacketSocket icmp = new FakePacketSocket(58, HA);
        try (MobilePrefixResponder r = new MobilePrefixResponder(raw, icmp, cache, HA, prefixes,
                new RateLimiter(10, 20, clock), clock)) {
            r.start();
            icmp.deliver(Icmpv6Codec.encode(new MobilePrefixSolicitation(0x55), MobilityExtensions.DEFAULT), HOA);
            FakePacketSocket.Sent sent = raw.takeSent(5000);
            assertEquals(0x55, decode(sent.data()).message().identifier());
        }
        assertTrue(icmp.isClosed() && raw.isClosed());
    }
}
