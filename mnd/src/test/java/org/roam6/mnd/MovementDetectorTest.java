package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.icmp.AdvertisementInterval;
import org.roam6.wire.icmp.EchoReply;
import org.roam6.wire.icmp.EchoRequest;
import org.roam6.wire.icmp.HomeAgentInformation;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.NdOption;
import org.roam6.wire.icmp.PrefixInformation;
import org.roam6.wire.icmp.RouterAdvertisement;
import org.roam6.wire.icmp.RouterSolicitation;

/** Movement detection (RFC 6275 11.5.1) against a fake socket, carrier, address table and clock. */
class MovementDetectorTest {
    static final String IF = "eth0";
    static final int IFINDEX = 1; // what FakePacketSocket reports as the arrival interface
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Prefix LINK_A = Ipv6Prefix.parse("2001:db8:a::/64");
    static final Ipv6Prefix LINK_B = Ipv6Prefix.parse("2001:db8:b::/64");
    static final Ipv6Address ROUTER_HOME = Ipv6Address.parse("fe80::1");
    static final Ipv6Address ROUTER_A = Ipv6Address.parse("fe80::a");
    static final Ipv6Address ROUTER_B = Ipv6Address.parse("fe80::b");
    static final Ipv6Address HA1 = Ipv6Address.parse("fe80::11");
    static final Ipv6Address COA_HOME = Ipv6Address.parse("2001:db8:1::52:36ff:fe00:1");
    static final Ipv6Address COA_A = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
    static final Ipv6Address COA_B = Ipv6Address.parse("2001:db8:b::52:36ff:fe00:1");
    static final Ipv6Address LINK_LOCAL = Ipv6Address.parse("fe80::52:36ff:fe00:1");
    static final Ipv6Address ALL_NODES = Ipv6Address.parse("ff02::1");
    static final int OPTIMISTIC = AccessAddresses.Entry.FLAG_OPTIMISTIC | AccessAddresses.Entry.FLAG_TENTATIVE;

    final ManualClock clock = new ManualClock();
    final Timers timers = new Timers("movement-test", clock);
    final FakePacketSocket socket = new FakePacketSocket(58, LINK_LOCAL);
    final FakeAddresses addresses = new FakeAddresses();
    final FakeCarrier carrier = new FakeCarrier();
    final Recorder listener = new Recorder();
    MovementDetector detector;

    @AfterEach
    void closeDetector() {
        if (detector != null) {
            detector.close();
        }
        timers.close();
    }

    // ------------------------------------------------------------------ fakes

    static final class FakeAddresses implements AccessAddresses {
        final List<Entry> entries = new CopyOnWriteArrayList<>();

        @Override
        public List<Entry> addresses() {
            return new ArrayList<>(entries);
        }

        void add(Ipv6Address a, int flags) {
            entries.add(new Entry(a, IFINDEX, 64, a.isLinkLocal() ? Entry.SCOPE_LINK : Entry.SCOPE_GLOBAL, flags, IF));
        }
    }

    static final class FakeCarrier implements Carrier {
        volatile boolean up = true;
        volatile long changes = 1;

        @Override
        public boolean up() {
            return up;
        }

        @Override
        public long changes() {
            return changes;
        }

        void set(boolean u) {
            if (u != up) {
                changes++;
            }
            up = u;
        }
    }

    /** Records what the detector tells, in order. */
    static final class Recorder implements MovementListener {
        final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();

        @Override
        public void onAttached(Attachment attachment) {
            events.add(attachment);
        }

        @Override
        public void onDetached(String interfaceName) {
            events.add("detached " + interfaceName);
        }

        Object next() throws InterruptedException {
            Object e = events.poll(2, TimeUnit.SECONDS);
            assertNotNull(e, "an event");
            return e;
        }

        Attachment nextAttachment() throws InterruptedException {
            Object e = next();
            assertTrue(e instanceof Attachment, "an attachment, got " + e);
            return (Attachment) e;
        }

        void assertNone() {
            assertNull(events.poll(), "no event");
        }
    }

    // ------------------------------------------------------------------ helpers

    MovementDetector detector(int ifindex, RouterProbe probe) {
        detector = new MovementDetector(socket, addresses, carrier, timers, IF, ifindex, HOA, HOME, probe, listener);
        return detector;
    }

    MovementDetector started() {
        detector(IFINDEX, RouterProbe.DEFAULT).startDetection();
        return detector;
    }

    static PrefixInformation autonomous(Ipv6Prefix p) {
        return new PrefixInformation(64, true, true, false, 86400, 14400, p.address());
    }

    static byte[] ra(int flags, NdOption... options) {
        return Icmpv6Codec.encode(new RouterAdvertisement(64, flags, 4, 0, 0, List.of(options)), MobilityExtensions.DEFAULT);
    }

    static byte[] ra(Ipv6Prefix p) {
        return ra(0, autonomous(p), new AdvertisementInterval(1500));
    }

    /** Delivers an ICMPv6 message from {@code source} with {@code hopLimit} and lets the detector handle it. */
    void receive(byte[] icmp, Ipv6Address source, int hopLimit) throws Exception {
        socket.deliver(new FakePacketSocket.Incoming(icmp, source, ALL_NODES, hopLimit, null, null));
        assertTrue(detector.receiveOne(1000), "the detector received the packet");
    }

    void receive(byte[] icmp, Ipv6Address source) throws Exception {
        receive(icmp, source, 255);
    }

    void advance(long millis) {
        // in the carrier poll's steps, as the timer thread would run them
        long left = millis;
        while (left > 0) {
            long step = Math.min(left, 10);
            clock.advance(Duration.ofMillis(step));
            timers.runDue();
            left -= step;
        }
    }

    long counter(String name) {
        Long v = detector.counters().get(name);
        assertNotNull(v, "counter " + name);
        return v;
    }

    /** Sent packets of one ICMPv6 type, oldest first. */
    List<FakePacketSocket.Sent> sent(int type) {
        return socket.sent().stream().filter(s -> (s.data()[0] & 0xff) == type).toList();
    }

    Attachment attachToA() throws Exception {
        addresses.add(COA_A, OPTIMISTIC);
        receive(ra(LINK_A), ROUTER_A);
        return listener.nextAttachment();
    }

    // ------------------------------------------------------------------ start

    @Test
    void startSolicitsRoutersFromTheLinkWithHopLimit255() throws Exception {
        started();
        List<FakePacketSocket.Sent> rs = sent(RouterSolicitation.TYPE);
        assertEquals(1, rs.size());
        FakePacketSocket.Sent s = rs.get(0);
        assertEquals(MovementDetector.ALL_ROUTERS, s.destination());
        assertEquals(255, s.options().hopLimit());
        assertEquals(IFINDEX, s.options().interfaceIndex());
        assertEquals(0, s.data()[1], "code 0");
        assertEquals(8, s.data().length, "no options: the source may be ::, which must not send a link-layer address");
    }

    @Test
    void theFirstValidAdvertisementIsTheInitialAttachment() throws Exception {
        started();
        assertNull(detector.current());
        Attachment a = attachToA();
        assertEquals(new Attachment(IF, IFINDEX, COA_A, LINK_A, ROUTER_A, false, a.detectedAtNanos()), a);
        assertEquals(a, detector.current());
        assertEquals(1, counter("attachments"));
        assertEquals(0, counter("movements"), "the first attachment is no movement");
        listener.assertNone();
    }

    @Test
    void theFirstAttachmentIsReportedEvenAtHome() throws Exception {
        started();
        addresses.add(COA_HOME, OPTIMISTIC);
        receive(ra(HOME), ROUTER_HOME);
        Attachment a = listener.nextAttachment();
        assertTrue(a.atHome());
        assertEquals(HOME, a.prefix());
        assertEquals(COA_HOME, a.careOfAddress());
        assertEquals(0, counter("home_returns"));
    }

    // ------------------------------------------------------------------ moving

    @Test
    void aCarrierLossDetachesAtOnceAndTheNextAdvertisementWithANewPrefixIsANewLink() throws Exception {
        started();
        attachToA();
        carrier.set(false);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        assertEquals("detached " + IF, listener.next());
        assertEquals(1, sent(RouterSolicitation.TYPE).size(), "no solicitation while the carrier is down");

        carrier.set(true);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        assertEquals(2, sent(RouterSolicitation.TYPE).size(), "a solicitation right after the carrier came back");

        addresses.add(COA_B, OPTIMISTIC);
        receive(ra(LINK_B), ROUTER_B);
        Attachment b = listener.nextAttachment();
        assertEquals(LINK_B, b.prefix());
        assertEquals(COA_B, b.careOfAddress());
        assertEquals(ROUTER_B, b.router());
        assertFalse(b.atHome());
        assertEquals(1, counter("movements"));
        assertEquals(1, counter("detachments"));
    }

    @Test
    void aCarrierBounceTooQuickForThePollIsSeenInTheChangeCount() throws Exception {
        started();
        attachToA();
        carrier.set(false);
        carrier.set(true); // within one poll interval
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        assertEquals("detached " + IF, listener.next());
        assertEquals(2, sent(RouterSolicitation.TYPE).size());
        addresses.add(COA_B, OPTIMISTIC);
        receive(ra(LINK_B), ROUTER_B);
        assertEquals(LINK_B, listener.nextAttachment().prefix());
    }

    @Test
    void anAdvertisementFromTheNewLinkHeardBeforeThePollSawTheBounceDecidesTheLink() throws Exception {
        started();
        attachToA();
        advance(20);
        carrier.set(false);
        carrier.set(true);
        addresses.add(COA_B, OPTIMISTIC);
        receive(ra(LINK_B), ROUTER_B); // the new router answered the kernel's solicitation first
        listener.assertNone();
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        assertEquals("detached " + IF, listener.next());
        Attachment b = listener.nextAttachment();
        assertEquals(LINK_B, b.prefix());
        assertEquals(ROUTER_B, b.router());
        advance(1000);
        listener.assertNone();
        assertEquals(0, counter("probe_failures"), "the probe of the old router ended with the detachment");
    }

    @Test
    void anAdvertisementWithAnotherPrefixHeardBeforeTheLastPollIsNotTakenForTheNewLink() throws Exception {
        started();
        attachToA();
        receive(ra(LINK_B), ROUTER_B); // spurious, on the old link
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        carrier.set(false);
        carrier.set(true);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        assertEquals("detached " + IF, listener.next());
        advance(1000);
        listener.assertNone();
    }

    @Test
    void afterACarrierBounceTheSameLinkIsReportedAgainButIsNoMovement() throws Exception {
        started();
        attachToA();
        carrier.set(false);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        carrier.set(true);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        assertEquals("detached " + IF, listener.next());
        receive(ra(LINK_A), ROUTER_A);
        assertEquals(LINK_A, listener.nextAttachment().prefix());
        assertEquals(0, counter("movements"));
    }

    @Test
    void theCareOfAddressIsAwaitedUntilTheKernelFormsIt() throws Exception {
        started();
        long t0 = clock.nanoTime();
        receive(ra(LINK_A), ROUTER_A);
        advance(80);
        listener.assertNone();
        addresses.add(COA_A, AccessAddresses.Entry.FLAG_TENTATIVE); // DAD running, not optimistic: not yet
        advance(20);
        listener.assertNone();
        addresses.entries.clear();
        addresses.add(COA_A, OPTIMISTIC);
        advance(MovementDetector.ADDRESS_POLL_MILLIS);
        Attachment a = listener.nextAttachment();
        assertEquals(COA_A, a.careOfAddress());
        long waited = (a.detectedAtNanos() - t0) / 1_000_000;
        assertTrue(waited >= 100 && waited <= 120, "attached " + waited + " ms after the advertisement");
    }

    @Test
    void withoutAnAddressWithinThreeSecondsTheNextAdvertisementTriesAgain() throws Exception {
        started();
        receive(ra(LINK_A), ROUTER_A);
        addresses.add(COA_A, AccessAddresses.Entry.FLAG_DADFAILED | AccessAddresses.Entry.FLAG_TENTATIVE);
        advance(MovementDetector.ADDRESS_WAIT_MILLIS + 40);
        listener.assertNone();
        assertEquals(1, counter("address_timeouts"));
        assertEquals(0, timers.armedNames().stream().filter(n -> n.startsWith("CareOfAddress")).count(),
                "the wait is bounded");
        addresses.add(COA_A, 0);
        receive(ra(LINK_A), ROUTER_A);
        assertEquals(COA_A, listener.nextAttachment().careOfAddress());
    }

    @Test
    void anAddressOnAnotherInterfaceOrLinkLocalIsNoCareOfAddress() throws Exception {
        started();
        addresses.entries.add(new AccessAddresses.Entry(COA_A, IFINDEX + 1, 64, 0, 0, "eth1"));
        addresses.add(Ipv6Address.parse("fe80::52:36ff:fe00:1"), 0);
        receive(ra(LINK_A), ROUTER_A);
        advance(200);
        listener.assertNone();
    }

    // ------------------------------------------------------------------ home

    @Test
    void returningHomeIsAnAttachmentAtHomeWithTheKernelsAddressOnTheHomePrefix() throws Exception {
        started();
        attachToA();
        carrier.set(false);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        carrier.set(true);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        assertEquals("detached " + IF, listener.next());
        addresses.add(COA_HOME, 0);
        receive(ra(HOME), ROUTER_HOME);
        Attachment h = listener.nextAttachment();
        assertTrue(h.atHome());
        assertEquals(COA_HOME, h.careOfAddress());
        assertEquals(ROUTER_HOME, h.router());
        assertEquals(1, counter("home_returns"));
        assertEquals(1, counter("movements"));
    }

    @Test
    void atHomeWithoutAKernelAddressTheCareOfAddressIsTheHomeAddressAndNothingIsAwaited() throws Exception {
        started();
        receive(ra(HOME), ROUTER_HOME);
        Attachment h = listener.nextAttachment();
        assertTrue(h.atHome());
        assertEquals(HOA, h.careOfAddress());
    }

    @Test
    void aHomeAgentsAdvertisementWithTheRouterAddressFlagShowsTheHomeLink() throws Exception {
        started();
        // radvd on a home agent: router lifetime 0, H flag, Home Agent Information, prefix with R (no A)
        byte[] haRa = Icmpv6Codec.encode(new RouterAdvertisement(64, RouterAdvertisement.FLAG_HOME_AGENT, 0, 0, 0,
                List.of(new PrefixInformation(64, true, false, true, 86400, 14400, Ipv6Address.parse("2001:db8:1::11")),
                        new HomeAgentInformation(20, 1800), new AdvertisementInterval(1500))),
                MobilityExtensions.DEFAULT);
        receive(haRa, HA1);
        Attachment h = listener.nextAttachment();
        assertTrue(h.atHome());
        assertEquals(HOME, h.prefix());
        assertEquals(HA1, h.router());
    }

    @Test
    void aRouterAddressPrefixFromARouterThatIsNoHomeAgentShowsNoLink() throws Exception {
        started();
        receive(ra(0, new PrefixInformation(64, true, false, true, 86400, 14400, Ipv6Address.parse("2001:db8:1::11"))),
                HA1);
        assertEquals(1, counter("ras_valid"));
        listener.assertNone();
    }

    @Test
    void anAdvertisementShowingTheHomePrefixBesideAnotherIsTheHomeLink() throws Exception {
        started();
        receive(ra(0, autonomous(LINK_A), autonomous(HOME)), ROUTER_HOME);
        assertTrue(listener.nextAttachment().atHome());
    }

    // ------------------------------------------------------------------ spurious advertisements

    @Test
    void anAdvertisementRepeatingTheCurrentPrefixChangesNothing() throws Exception {
        started();
        Attachment a = attachToA();
        receive(ra(LINK_A), ROUTER_A);
        receive(ra(0, autonomous(LINK_B), autonomous(LINK_A)), ROUTER_B); // another router on the same link
        listener.assertNone();
        assertEquals(a, detector.current());
        assertEquals(0, counter("probes_sent"));
    }

    @Test
    void aWithdrawnPrefixIsNotShown() throws Exception {
        started();
        addresses.add(COA_A, 0);
        receive(ra(0, new PrefixInformation(64, true, true, false, 0, 0, LINK_A.address())), ROUTER_A);
        listener.assertNone();
    }

    @Test
    void anInvalidAdvertisementWithANewPrefixAfterACarrierBounceDecidesNothing() throws Exception {
        started();
        attachToA();
        carrier.set(false);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        carrier.set(true);
        advance(MovementDetector.CARRIER_POLL_MILLIS);
        assertEquals("detached " + IF, listener.next());
        addresses.add(COA_B, 0);
        receive(ra(LINK_B), ROUTER_B, 64);
        listener.assertNone();
        assertEquals(1, counter("ras_invalid_hop_limit"));
    }

    @Test
    void anAdvertisementFromAnotherInterfaceIsIgnored() throws Exception {
        detector(IFINDEX + 1, RouterProbe.DEFAULT).startDetection();
        addresses.entries.add(new AccessAddresses.Entry(COA_A, IFINDEX + 1, 64, 0, 0, IF));
        receive(ra(LINK_A), ROUTER_A); // the fake reports arrival on IFINDEX
        listener.assertNone();
        assertEquals(1, counter("ras_invalid_wrong_interface"));
        assertEquals(0, counter("ras_valid"));
    }

    @Test
    void aNewPrefixWhileTheCurrentRouterStillAnswersIsSpurious() throws Exception {
        started();
        attachToA();
        addresses.add(COA_B, 0);
        receive(ra(LINK_B), ROUTER_B);
        List<FakePacketSocket.Sent> probes = sent(EchoRequest.TYPE);
        assertEquals(1, probes.size(), "the current router is probed");
        FakePacketSocket.Sent p = probes.get(0);
        assertEquals(ROUTER_A, p.destination());
        assertEquals(IFINDEX, p.options().interfaceIndex(), "a link-local destination needs the interface");
        int id = Bytes.u16(p.data(), EchoRequest.OFF_IDENTIFIER);
        int seq = Bytes.u16(p.data(), EchoRequest.OFF_SEQUENCE);
        advance(200);
        receive(Icmpv6Codec.encode(new EchoReply(id, seq, Octets.EMPTY), MobilityExtensions.DEFAULT), ROUTER_A, 64);
        advance(2000);
        listener.assertNone();
        assertEquals(LINK_A, detector.current().prefix());
        assertEquals(1, counter("ras_spurious"));
        assertEquals(0, counter("probe_failures"));
    }

    @Test
    void anEchoReplyFromAnotherAddressOrWithAnotherIdentifierIsNoAnswer() throws Exception {
        started();
        attachToA();
        addresses.add(COA_B, 0);
        receive(ra(LINK_B), ROUTER_B);
        FakePacketSocket.Sent p = sent(EchoRequest.TYPE).get(0);
        int id = Bytes.u16(p.data(), EchoRequest.OFF_IDENTIFIER);
        int seq = Bytes.u16(p.data(), EchoRequest.OFF_SEQUENCE);
        receive(Icmpv6Codec.encode(new EchoReply(id, seq, Octets.EMPTY), MobilityExtensions.DEFAULT), ROUTER_B, 64);
        receive(Icmpv6Codec.encode(new EchoReply(id ^ 1, seq, Octets.EMPTY), MobilityExtensions.DEFAULT), ROUTER_A, 64);
        advance(RouterProbe.DEFAULT.timeout().toMillis());
        Attachment b = listener.nextAttachment();
        assertEquals(LINK_B, b.prefix());
        assertEquals(1, counter("probe_failures"));
    }

    // ------------------------------------------------------------------ router reachability

    @Test
    void aNewPrefixWhileTheCurrentRouterDoesNotAnswerIsANewLink() throws Exception {
        detector(IFINDEX, new RouterProbe(2, Duration.ofMillis(500))).startDetection();
        attachToA();
        addresses.add(COA_B, 0);
        receive(ra(LINK_B), ROUTER_B);
        advance(500);
        assertEquals(2, sent(EchoRequest.TYPE).size(), "MnRouterProbes 2: a second probe after the first timeout");
        listener.assertNone();
        advance(500);
        Attachment b = listener.nextAttachment();
        assertEquals(LINK_B, b.prefix());
        assertEquals(ROUTER_B, b.router());
        assertEquals(1, counter("probe_failures"));
        assertEquals(1, counter("movements"));
        listener.assertNone();
    }

    @Test
    void aSilentRouterIsProbedAndWhenItDoesNotAnswerTheNextAdvertisementDecides() throws Exception {
        started();
        addresses.add(COA_A, 0);
        receive(ra(0, autonomous(LINK_A), new AdvertisementInterval(1000)), ROUTER_A);
        listener.nextAttachment();
        advance(2990);
        assertEquals(0, sent(EchoRequest.TYPE).size(), "not silent before 3 x 1000 ms");
        advance(10);
        assertEquals(1, sent(EchoRequest.TYPE).size(), "silent after 3 x the Advertisement Interval: probed");
        assertEquals(ROUTER_A, sent(EchoRequest.TYPE).get(0).destination());
        advance(500);
        assertEquals("detached " + IF, listener.next());
        assertEquals(1, counter("probe_failures"));
        assertEquals(2, sent(RouterSolicitation.TYPE).size(), "the link is unknown: routers are asked");
        addresses.add(COA_B, 0);
        receive(ra(LINK_B), ROUTER_B);
        assertEquals(LINK_B, listener.nextAttachment().prefix());
    }

    @Test
    void withoutAnAdvertisementIntervalOptionSilenceIsThreeTimesOneAndAHalfSeconds() throws Exception {
        started();
        addresses.add(COA_A, 0);
        receive(ra(0, autonomous(LINK_A)), ROUTER_A);
        listener.nextAttachment();
        advance(4490);
        assertEquals(0, sent(EchoRequest.TYPE).size());
        advance(10);
        assertEquals(1, sent(EchoRequest.TYPE).size());
    }

    @Test
    void aNewPrefixAfterTheLinkFellSilentIsANewLinkAtOnce() throws Exception {
        started();
        attachToA();
        advance(4500);
        assertEquals(1, sent(EchoRequest.TYPE).size());
        addresses.add(COA_B, 0);
        receive(ra(LINK_B), ROUTER_B);
        assertEquals(LINK_B, listener.nextAttachment().prefix());
        advance(1000);
        listener.assertNone();
        assertEquals(0, counter("probe_failures"), "the probe ended with the move");
    }

    @Test
    void anAdvertisementOfTheCurrentPrefixEndsTheSilenceAndItsProbe() throws Exception {
        started();
        attachToA();
        advance(4500);
        assertEquals(1, sent(EchoRequest.TYPE).size());
        receive(ra(LINK_A), ROUTER_A);
        advance(1000);
        listener.assertNone();
        assertEquals(0, counter("probe_failures"));
    }

    @Test
    void aRouterThatAnswersItsProbeKeepsTheLink() throws Exception {
        started();
        attachToA();
        advance(4500);
        FakePacketSocket.Sent p = sent(EchoRequest.TYPE).get(0);
        receive(Icmpv6Codec.encode(new EchoReply(Bytes.u16(p.data(), EchoRequest.OFF_IDENTIFIER),
                Bytes.u16(p.data(), EchoRequest.OFF_SEQUENCE), Octets.EMPTY), MobilityExtensions.DEFAULT), ROUTER_A, 64);
        advance(1000);
        listener.assertNone();
        assertEquals(LINK_A, detector.current().prefix());
    }

    // ------------------------------------------------------------------ malformed advertisements

    @Test
    void malformedAdvertisementsAreCountedByReasonAndIgnored() throws Exception {
        started();
        addresses.add(COA_A, 0);
        byte[] good = ra(LINK_A);

        byte[] truncatedOption = java.util.Arrays.copyOf(good, RouterAdvertisement.OFF_OPTIONS + 8);
        receive(truncatedOption, ROUTER_A); // the Prefix Information says 32 octets, 8 remain
        receive(good, ROUTER_A, 64);
        receive(good, Ipv6Address.parse("2001:db8:a::1"));
        byte[] code1 = good.clone();
        code1[1] = 1;
        receive(code1, ROUTER_A);
        receive(java.util.Arrays.copyOf(good, 12), ROUTER_A);
        byte[] zeroLengthOption = good.clone();
        zeroLengthOption[RouterAdvertisement.OFF_OPTIONS + 1] = 0;
        receive(zeroLengthOption, ROUTER_A);
        receive(new byte[] {(byte) 134, 0}, ROUTER_A);

        assertEquals(2, counter("ras_invalid_options"));
        assertEquals(1, counter("ras_invalid_hop_limit"));
        assertEquals(1, counter("ras_invalid_source_not_link_local"));
        assertEquals(1, counter("ras_invalid_code"));
        assertEquals(2, counter("ras_invalid_truncated"));
        assertEquals(7, counter("ras_invalid"));
        assertEquals(0, counter("ras_valid"));
        listener.assertNone();
        assertNull(detector.current());

        receive(good, ROUTER_A);
        assertEquals(LINK_A, listener.nextAttachment().prefix());
    }

    // ------------------------------------------------------------------ threads

    @Test
    void theReceivingThreadHandlesAdvertisementsAndCloseStopsEverything() throws Exception {
        detector(IFINDEX, RouterProbe.DEFAULT);
        addresses.add(COA_A, 0);
        detector.start();
        socket.deliver(new FakePacketSocket.Incoming(ra(LINK_A), ROUTER_A, ALL_NODES, 255, null, null));
        assertEquals(LINK_A, listener.nextAttachment().prefix());
        assertTrue(timers.pending() > 0);
        detector.close();
        assertTrue(socket.isClosed());
        assertEquals(0, timers.pending(), "carrier poll and silence timers cancelled");
        Thread[] all = new Thread[Thread.activeCount() + 8];
        int n = Thread.enumerate(all);
        for (int i = 0; i < n; i++) {
            assertFalse("mnd-movement".equals(all[i].getName()), "the receiving thread has ended");
        }
        detector = null;
    }
}
