package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.DhaadRequest;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.RouterAdvertisement;

class DhaadResponderTest {
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Address OWN = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address OTHER = Ipv6Address.parse("2001:db8:1::12");
    static final Ipv6Address ANYCAST = Ipv6Address.parse("2001:db8:1:0:fdff:ffff:ffff:fffe");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::100");

    final ManualClock clock = new ManualClock();
    final FakePacketSocket socket = new FakePacketSocket(58, ANYCAST);

    HomeAgentList list(int ownPreference, boolean ownNemo) {
        return new HomeAgentList(new HomeAgentList.Own(OWN, ownPreference, 1800, ownNemo), clock, new Random(7));
    }

    DhaadResponder responder(HomeAgentList l) {
        return new DhaadResponder(socket, l, HOME, new RateLimiter(10, 20, clock));
    }

    static void learn(HomeAgentList l, int n, int preference, Ipv6Address global, boolean nemo) {
        byte[] b = HomeAgentListTest.haRa(preference, 600, global);
        if (nemo) {
            b[RouterAdvertisement.OFF_OPTIONS + 2] = (byte) HomeAgentList.HAI_FLAG_MOBILE_ROUTER;
        }
        Ipv6Address ll = new Ipv6Address(0xfe80000000000000L, n);
        assertEquals(HomeAgentList.Outcome.ADDED, l.onRouterAdvertisement(b, 0, b.length, ll, 255));
    }

    static byte[] request(int id, boolean mobileRouter) {
        return Icmpv6Codec.encode(new DhaadRequest(id, mobileRouter), MobilityExtensions.DEFAULT);
    }

    static DhaadReply decodeReply(byte[] b) {
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, 0, b.length, MobilityExtensions.DEFAULT);
        assertTrue(d instanceof Decoded.Ok, () -> "reply does not decode: " + d);
        return (DhaadReply) ((Decoded.Ok<Icmpv6Message>) d).value();
    }

    @Test
    void theHomeAgentsAnycastAddressOfASlash64EndsInFdffFfffFfffFffe_rfc2526() {
        assertEquals(ANYCAST, DhaadResponder.homeAgentsAnycast(HOME));
        assertEquals(Ipv6Address.parse("2001:db8:1:ffff:ffff:ffff:ffff:fffe"),
                DhaadResponder.homeAgentsAnycast(Ipv6Prefix.parse("2001:db8:1::/48")), "non-EUI-64: all ones but the id");
        assertEquals(Ipv6Address.parse("2001:db8:1::ff:fffe"),
                DhaadResponder.homeAgentsAnycast(Ipv6Prefix.parse("2001:db8:1::/104")));
        assertThrows(IllegalArgumentException.class, () -> DhaadResponder.homeAgentsAnycast(Ipv6Prefix.parse("2001:db8::/124")));
    }

    @Test
    void theReplyGoesFromThisHomeAgentsUnicastAddressToTheRequesterWithTheIdentifierAndTheListByPreference_rfc6275_10_5()
            throws Exception {
        HomeAgentList l = list(10, false);
        learn(l, 0x12, 20, OTHER, false);
        DhaadResponder r = responder(l);
        byte[] req = request(0xbeef, false);
        assertEquals(DhaadResponder.Outcome.REPLIED, r.onRequest(req, 0, req.length, COA, ANYCAST));
        FakePacketSocket.Sent sent = socket.takeSent(0);
        assertEquals(COA, sent.destination());
        assertEquals(OWN, sent.options().source(), "never the anycast address");
        DhaadReply reply = decodeReply(sent.data());
        assertEquals(0xbeef, reply.identifier());
        assertEquals(false, reply.mobileRouter());
        assertEquals(List.of(OTHER, OWN), reply.homeAgents());
        assertTrue(Icmpv6Codec.checksumValid(OWN, COA, sent.data(), 0, sent.data().length), "checksum over HA -> requester");
        assertEquals(DhaadReply.TYPE, sent.data()[0] & 0xff);
        assertEquals(1, r.replies());
    }

    @Test
    void aMobileRouterIsToldOnlyOfHomeAgentsThatSupportMobileRouters_rfc3963() throws Exception {
        HomeAgentList l = list(30, true);
        learn(l, 0x12, 20, OTHER, false);
        learn(l, 0x13, 10, Ipv6Address.parse("2001:db8:1::13"), true);
        DhaadResponder r = responder(l);
        byte[] req = request(1, true);
        r.onRequest(req, 0, req.length, COA, ANYCAST);
        DhaadReply reply = decodeReply(socket.takeSent(0).data());
        assertTrue(reply.mobileRouter());
        assertEquals(List.of(OWN, Ipv6Address.parse("2001:db8:1::13")), reply.homeAgents());
    }

    @Test
    void withoutNemoSupportAMobileRouterGetsAnEmptyList() throws Exception {
        HomeAgentList l = list(30, false);
        learn(l, 0x12, 20, OTHER, false);
        DhaadResponder r = responder(l);
        byte[] req = request(2, true);
        assertEquals(DhaadResponder.Outcome.REPLIED, r.onRequest(req, 0, req.length, COA, ANYCAST));
        assertEquals(List.of(), decodeReply(socket.takeSent(0).data()).homeAgents());
    }

    @Test
    void theReplyHoldsNoMoreAddressesThanFitInTheMinimumMtu_rfc6275_10_5() throws Exception {
        HomeAgentList l = list(0, false);
        List<Ipv6Address> expectedTop = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            Ipv6Address a = new Ipv6Address(0x20010db800010000L, 0x1000 + i);
            learn(l, i, 1000 - i, a, false);   // distinct preferences: a fixed order
            expectedTop.add(a);
        }
        DhaadResponder r = responder(l);
        byte[] req = request(3, false);
        r.onRequest(req, 0, req.length, COA, ANYCAST);
        byte[] data = socket.takeSent(0).data();
        assertEquals(77, DhaadResponder.MAX_ADDRESSES);
        assertTrue(40 + data.length <= 1280, "IPv6 packet of " + (40 + data.length) + " bytes");
        assertEquals(expectedTop.subList(0, 77), decodeReply(data).homeAgents(), "the most preferred are kept");
    }

    @Test
    void requestsNotSentToTheAnycastAddressAreNotAnswered() {
        DhaadResponder r = responder(list(0, false));
        byte[] req = request(4, false);
        assertEquals(DhaadResponder.Outcome.NOT_ANYCAST, r.onRequest(req, 0, req.length, COA, OWN));
        assertEquals(1, r.notAnycast());
        assertTrue(socket.sent().isEmpty());
    }

    @Test
    void malformedRequestsAreCountedAndDropped() {
        DhaadResponder r = responder(list(0, false));
        byte[] req = request(5, false);
        assertEquals(DhaadResponder.Outcome.MALFORMED, r.onRequest(req, 0, 6, COA, ANYCAST), "truncated");
        byte[] code = req.clone();
        code[1] = 3;
        assertEquals(DhaadResponder.Outcome.MALFORMED, r.onRequest(code, 0, code.length, COA, ANYCAST), "code 3");
        byte[] echo = req.clone();
        echo[0] = (byte) 128;
        assertEquals(DhaadResponder.Outcome.MALFORMED, r.onRequest(echo, 0, echo.length, COA, ANYCAST), "not type 144");
        assertEquals(DhaadResponder.Outcome.MALFORMED,
                r.onRequest(req, 0, req.length, Ipv6Address.parse("ff02::1"), ANYCAST), "multicast source");
        assertEquals(4, r.malformed());
        assertTrue(socket.sent().isEmpty());
    }

    @Test
    void repliesAreRateLimited() {
        DhaadResponder r = new DhaadResponder(socket, list(0, false), HOME, new RateLimiter(1, 2, clock));
        byte[] req = request(6, false);
        assertEquals(DhaadResponder.Outcome.REPLIED, r.onRequest(req, 0, req.length, COA, ANYCAST));
        assertEquals(DhaadResponder.Outcome.REPLIED, r.onRequest(req, 0, req.length, COA, ANYCAST));
        assertEquals(DhaadResponder.Outcome.RATE_LIMITED, r.onRequest(req, 0, req.length, COA, ANYCAST));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(DhaadResponder.Outcome.REPLIED, r.onRequest(req, 0, req.length, COA, ANYCAST));
        assertEquals(1, r.rateLimited());
        assertEquals(3, socket.sent().size());
    }

    @Test
    void theReceiverThreadAnswersRequestsFromItsSocket() throws Exception {
        HomeAgentList l = list(0, false);
        try (DhaadResponder r = responder(l)) {
            r.start();
            socket.deliver(new FakePacketSocket.Incoming(request(0x4242, false), COA, ANYCAST, 64, null, null));
            FakePacketSocket.Sent sent = socket.takeSent(5000);
            assertEquals(0x4242, decodeReply(sent.data()).identifier());
        }
        assertTrue(socket.isClosed());
    }
}
