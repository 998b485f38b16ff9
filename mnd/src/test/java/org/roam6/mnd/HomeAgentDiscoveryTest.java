package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.DhaadRequest;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;

class HomeAgentDiscoveryTest {
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
    static final Ipv6Address HA1 = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HA2 = Ipv6Address.parse("2001:db8:1::12");

    final ManualClock clock = new ManualClock();
    final Timers timers = new Timers("test", clock);
    final RecordingSignallingOutput out = new RecordingSignallingOutput();
    final List<List<Ipv6Address>> results = new ArrayList<>();
    final HomeAgentDiscovery dhaad = new HomeAgentDiscovery(out, timers, HOME, results::add, new Random(7));

    @Test
    void theHomeAgentsAnycastAddressOfASlash64EndsInFdffFfffFfffFffe() {
        assertEquals(Ipv6Address.parse("2001:db8:1::fdff:ffff:ffff:fffe"), dhaad.anycastAddress());
        assertEquals(Ipv6Address.parse("2001:db8:1:ff:ffff:ffff:ffff:fffe"),
                HomeAgentDiscovery.homeAgentsAnycast(Ipv6Prefix.parse("2001:db8:1::/56")));
        assertEquals(Ipv6Address.parse("2001:db8:1::ff:fffe"),
                HomeAgentDiscovery.homeAgentsAnycast(Ipv6Prefix.parse("2001:db8:1::/104")));
    }

    @Test
    void theRequestGoesFromTheCareOfAddressToTheAnycastAddress() {
        dhaad.discover(COA);
        RecordingSignallingOutput.Sent s = out.take().get(0);
        assertEquals(RecordingSignallingOutput.Kind.ICMPV6, s.kind());
        assertEquals(COA, s.source());
        assertEquals(dhaad.anycastAddress(), s.destination());
        Icmpv6Message m = Icmpv6Codec.decode(s.bytes(), 0, s.bytes().length, MobilityExtensions.DEFAULT).value();
        assertTrue(m instanceof DhaadRequest r && !r.mobileRouter());
    }

    @Test
    void requestsAreRetransmittedAfter3_6_12sAndTheRoundFailsAfter24sMore() {
        dhaad.discover(COA);
        assertEquals(1, out.take().size());
        int id = -1;
        long[] waits = {3, 6, 12};
        for (long w : waits) {
            clock.advance(Duration.ofSeconds(w).minusMillis(1));
            timers.runDue();
            assertEquals(0, out.all().size(), "nothing before " + w + " s");
            clock.advance(Duration.ofMillis(1));
            timers.runDue();
            List<RecordingSignallingOutput.Sent> sent = out.take();
            assertEquals(1, sent.size(), "a retransmission after " + w + " s");
            DhaadRequest r = (DhaadRequest) Icmpv6Codec.decode(sent.get(0).bytes(), 0, 8, MobilityExtensions.DEFAULT).value();
            if (id >= 0) {
                assertEquals(id, r.identifier(), "retransmissions keep the identifier");
            }
            id = r.identifier();
        }
        assertEquals(4, dhaad.requestsSent());
        clock.advance(Duration.ofSeconds(24).minusMillis(1));
        timers.runDue();
        assertTrue(results.isEmpty());
        clock.advance(Duration.ofMillis(1));
        timers.runDue();
        assertEquals(List.of(List.of()), results, "failure: an empty list");
        assertEquals(0, out.all().size(), "no fifth request");
        assertFalse(dhaad.inProgress());
        assertEquals(1, dhaad.failures());
    }

    @Test
    void aReplyWithTheRequestsIdentifierGivesTheListInOrderAndStopsRetransmission() {
        dhaad.discover(COA);
        int id = identifierOf(out.take().get(0));
        dhaad.onReply(new DhaadReply(id, false, List.of(HA2, HA1)), HA2, COA);
        assertEquals(List.of(List.of(HA2, HA1)), results);
        clock.advance(Duration.ofSeconds(60));
        timers.runDue();
        assertEquals(0, out.all().size());
        assertEquals(1, results.size());
    }

    @Test
    void repliesWithAnotherIdentifierAreIgnoredAndCounted() {
        dhaad.discover(COA);
        int id = identifierOf(out.take().get(0));
        dhaad.onReply(new DhaadReply((id + 1) & 0xffff, false, List.of(HA1)), HA1, COA);
        assertTrue(results.isEmpty());
        assertEquals(1, dhaad.repliesIgnored());
        clock.advance(Duration.ofSeconds(3));
        timers.runDue();
        assertEquals(1, out.take().size(), "still retransmitting");
        dhaad.onReply(new DhaadReply(id, false, List.of(HA1)), HA1, COA);
        assertEquals(List.of(List.of(HA1)), results);
        dhaad.onReply(new DhaadReply(id, false, List.of(HA1)), HA1, COA);
        assertEquals(1, results.size(), "a duplicate after the round is ignored");
        assertEquals(2, dhaad.repliesIgnored());
    }

    @Test
    void aNewRoundReplacesTheOneInProgress() {
        dhaad.discover(COA);
        int first = identifierOf(out.take().get(0));
        clock.advance(Duration.ofSeconds(1));
        Ipv6Address coa2 = Ipv6Address.parse("2001:db8:b::52:36ff:fe00:1");
        dhaad.discover(coa2);
        RecordingSignallingOutput.Sent s = out.take().get(0);
        assertEquals(coa2, s.source());
        int second = identifierOf(s);
        if (first != second) {
            dhaad.onReply(new DhaadReply(first, false, List.of(HA1)), HA1, coa2);
            assertTrue(results.isEmpty(), "the old round's reply does not count");
        }
        clock.advance(Duration.ofSeconds(2));
        timers.runDue();
        assertEquals(0, out.all().size(), "the new round waits its own 3 s");
        clock.advance(Duration.ofSeconds(1));
        timers.runDue();
        assertEquals(1, out.take().size());
    }

    @Test
    void repliesArriveThroughTheIcmpReceiver() {
        MobileNodeIcmp icmp = new MobileNodeIcmp(new FakePacketSocket(58, COA), MobilityExtensions.DEFAULT);
        dhaad.attach(icmp);
        dhaad.discover(COA);
        int id = identifierOf(out.take().get(0));
        byte[] reply = Icmpv6Codec.encode(new DhaadReply(id, false, List.of(HA1, HA2)), MobilityExtensions.DEFAULT);
        icmp.dispatch(reply, 0, reply.length, HA1, COA);
        assertEquals(List.of(List.of(HA1, HA2)), results);
        icmp.dispatch(new byte[] {(byte) 145, 0, 0}, 0, 3, HA1, COA);
        assertEquals(1, icmp.malformed(), "a truncated message is counted, not thrown");
        icmp.close();
    }

    private static int identifierOf(RecordingSignallingOutput.Sent s) {
        return ((DhaadRequest) Icmpv6Codec.decode(s.bytes(), 0, s.bytes().length, MobilityExtensions.DEFAULT).value())
                .identifier();
    }
}
