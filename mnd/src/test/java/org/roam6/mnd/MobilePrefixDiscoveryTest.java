package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.MobilePrefixAdvertisement;
import org.roam6.wire.icmp.MobilePrefixSolicitation;
import org.roam6.wire.icmp.PrefixInformation;

class MobilePrefixDiscoveryTest {
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address OTHER_HA = Ipv6Address.parse("2001:db8:1::12");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
    static final Ipv6Address COA_B = Ipv6Address.parse("2001:db8:b::52:36ff:fe00:1");

    final ManualClock clock = new ManualClock();
    final Timers timers = new Timers("test", clock);
    final RecordingSignallingOutput out = new RecordingSignallingOutput();
    final MobilePrefixDiscovery mpd = new MobilePrefixDiscovery(out, timers, HOA, HOME, new Random(3));

    /** The solicitation in a sent packet, after checking how the packet is addressed. */
    private static MobilePrefixSolicitation solicitation(RecordingSignallingOutput.Sent s, Ipv6Address coa) {
        assertEquals(RecordingSignallingOutput.Kind.PACKET, s.kind());
        Ipv6Packet p = new Ipv6Packet();
        assertNull(p.parse(s.bytes(), 0, s.bytes().length));
        assertEquals(coa, p.source());
        assertEquals(HA, p.destination());
        assertEquals(HA, s.destination());
        assertTrue(p.hasHomeAddressOption());
        assertEquals(HOA, p.homeAddress());
        assertEquals(IpProtocol.ICMPV6, p.upperLayerProtocol());
        assertTrue(p.upperLayerChecksumValid(), "ICMPv6 checksum over home address -> home agent");
        return (MobilePrefixSolicitation) Icmpv6Codec.decode(s.bytes(), p.upperLayerOffset(), p.upperLayerLength(),
                MobilityExtensions.DEFAULT).value();
    }

    private static MobilePrefixAdvertisement advertisement(int id, long valid, long preferred) {
        return new MobilePrefixAdvertisement(id, false, false,
                List.of(new PrefixInformation(64, true, true, false, valid, preferred, HOME.address())));
    }

    private int registerAndTakeIdentifier() {
        mpd.registered(HA, COA);
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(1, sent.size());
        return solicitation(sent.get(0), COA).identifier();
    }

    @Test
    void aHomeRegistrationSendsASolicitationFromTheCareOfAddressWithAHomeAddressOption() {
        registerAndTakeIdentifier();
        assertTrue(mpd.soliciting());
    }

    @Test
    void solicitationsAreRetransmittedWithDoublingWaitsCappedAt32s() {
        int id = registerAndTakeIdentifier();
        for (long w : new long[] {3, 6, 12, 24, 32, 32}) {
            clock.advance(Duration.ofSeconds(w).minusMillis(1));
            timers.runDue();
            assertEquals(0, out.all().size(), "nothing before " + w + " s");
            clock.advance(Duration.ofMillis(1));
            timers.runDue();
            List<RecordingSignallingOutput.Sent> sent = out.take();
            assertEquals(1, sent.size(), "a retransmission after " + w + " s");
            assertEquals(id, solicitation(sent.get(0), COA).identifier());
        }
    }

    @Test
    void theMatchingAdvertisementFromTheHomeAgentIsRecordedAndEndsTheSolicitation() {
        int id = registerAndTakeIdentifier();
        mpd.onAdvertisement(advertisement(id, 86_400, 14_400), HA, HOA);
        assertFalse(mpd.soliciting());
        assertEquals(1, mpd.prefixes().size());
        assertEquals(HOME, mpd.prefixes().get(0).prefix());
        assertEquals(14_400, mpd.prefixes().get(0).preferredLifetime());
        clock.advance(Duration.ofSeconds(100));
        timers.runDue();
        assertEquals(0, out.all().size(), "no retransmission after the answer");
        assertEquals(14_300L, mpd.prefixesView().get(0).get("preferred_remaining_s"));
    }

    @Test
    void advertisementsNotFromTheHomeAgentOrNotToTheHomeAddressAreDropped() {
        int id = registerAndTakeIdentifier();
        mpd.onAdvertisement(advertisement(id, 86_400, 14_400), OTHER_HA, HOA);
        mpd.onAdvertisement(advertisement(id, 86_400, 14_400), HA, COA);
        assertEquals(2, mpd.advertisementsDropped());
        assertTrue(mpd.prefixes().isEmpty());
        assertTrue(mpd.soliciting());
    }

    @Test
    void anUnsolicitedAdvertisementFromTheHomeAgentUpdatesThePrefixesButTheSolicitationGoesOn() {
        int id = registerAndTakeIdentifier();
        mpd.onAdvertisement(advertisement((id + 1) & 0xffff, 86_400, 14_400), HA, HOA);
        assertEquals(1, mpd.unsolicitedAccepted());
        assertEquals(1, mpd.prefixes().size());
        assertTrue(mpd.soliciting());
        clock.advance(Duration.ofSeconds(3));
        timers.runDue();
        assertEquals(1, out.take().size());
    }

    @Test
    void aNewSolicitationGoesOutBeforeTheShortestPreferredLifetimeEnds() {
        int id = registerAndTakeIdentifier();
        MobilePrefixAdvertisement mpa = new MobilePrefixAdvertisement(id, false, false, List.of(
                new PrefixInformation(64, true, true, false, 86_400, 1_000, HOME.address()),
                new PrefixInformation(64, true, true, false, 86_400, 200,
                        Ipv6Address.parse("2001:db8:2::")),
                new PrefixInformation(64, true, true, false, PrefixInformation.INFINITY, PrefixInformation.INFINITY,
                        Ipv6Address.parse("2001:db8:3::"))));
        mpd.onAdvertisement(mpa, HA, HOA);
        clock.advance(Duration.ofSeconds(179));
        timers.runDue();
        assertEquals(0, out.all().size());
        clock.advance(Duration.ofSeconds(1));
        timers.runDue();
        List<RecordingSignallingOutput.Sent> sent = out.take();
        assertEquals(1, sent.size(), "at 90 % of the shortest preferred lifetime (200 s)");
        int again = solicitation(sent.get(0), COA).identifier();
        assertTrue(mpd.soliciting());
        mpd.onAdvertisement(advertisement(again, 86_400, 14_400), HA, HOA);
        assertFalse(mpd.soliciting());
    }

    @Test
    void aMovedCareOfAddressDoesNotSolicitAgainButLaterSolicitationsLeaveFromIt() {
        int id = registerAndTakeIdentifier();
        mpd.onAdvertisement(advertisement(id, 1_000, 100), HA, HOA);
        mpd.registered(HA, COA_B);
        assertEquals(0, out.all().size());
        clock.advance(Duration.ofSeconds(90));
        timers.runDue();
        solicitation(out.take().get(0), COA_B);
    }

    @Test
    void aNewHomeAgentIsAskedAtOnceAndStopEndsSoliciting() {
        int id = registerAndTakeIdentifier();
        mpd.onAdvertisement(advertisement(id, 86_400, 14_400), HA, HOA);
        mpd.stop();
        clock.advance(Duration.ofDays(1));
        timers.runDue();
        assertEquals(0, out.all().size());
        mpd.registered(OTHER_HA, COA);
        RecordingSignallingOutput.Sent s = out.take().get(0);
        assertEquals(OTHER_HA, s.destination());
    }

    @Test
    void advertisementsArriveThroughTheIcmpReceiver() {
        MobileNodeIcmp icmp = new MobileNodeIcmp(new FakePacketSocket(58, HOA), MobilityExtensions.DEFAULT);
        mpd.attach(icmp);
        int id = registerAndTakeIdentifier();
        byte[] b = Icmpv6Codec.encode(advertisement(id, 86_400, 14_400), MobilityExtensions.DEFAULT);
        icmp.dispatch(b, 0, b.length, HA, HOA);
        assertFalse(mpd.soliciting());
        assertEquals(1, mpd.prefixes().size());
        icmp.close();
    }

    @Test
    void aHomePrefixGoingAwayIsLoggedAsAWarning() {
        Logger log = (Logger) LoggerFactory.getLogger(MobilePrefixDiscovery.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        log.addAppender(appender);
        try {
            int id = registerAndTakeIdentifier();
            mpd.onAdvertisement(advertisement(id, 86_400, 14_400), HA, HOA);
            assertTrue(appender.list.stream().noneMatch(e -> e.getLevel() == Level.WARN));
            mpd.onAdvertisement(advertisement(id, 0, 0), HA, HOA);
            assertEquals(1, appender.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("going away")).count());
            mpd.onAdvertisement(new MobilePrefixAdvertisement(id, false, false, List.of(new PrefixInformation(64, true,
                    true, false, 86_400, 14_400, Ipv6Address.parse("2001:db8:9::")))), HA, HOA);
            assertEquals(1, appender.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("no longer advertises")).count());
        } finally {
            log.detachAppender(appender);
        }
    }
}
