package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roam6.runtime.ManualClock;
import org.roam6.wire.Ipv6Address;

/** The clock-driven core of HA-to-HA liveness (had/docs/multiha.md), without sockets. */
class PeerMonitorTest {
    static final Ipv6Address SELF = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address PEER = Ipv6Address.parse("2001:db8:1::12");
    static final Ipv6Address OTHER = Ipv6Address.parse("2001:db8:1::13");

    final ManualClock clock = new ManualClock();
    final PeerMonitor monitor = new PeerMonitor(SELF, Duration.ofMillis(100), 3);

    /** One probe interval passes; returns what the check at its end reports. */
    PeerMonitor.Changes interval() {
        clock.advance(Duration.ofMillis(100));
        return monitor.check(clock.nanoTime());
    }

    @Test
    void theDefaultsDetectADeadPeerWellWithinASecond() {
        assertEquals(Duration.ofMillis(100), PeerMonitor.DEFAULT_INTERVAL);
        assertEquals(3, PeerMonitor.DEFAULT_MISSES);
        assertEquals(5475, PeerMonitor.DEFAULT_PORT);
        assertTrue(PeerMonitor.DEFAULT_INTERVAL.multipliedBy(PeerMonitor.DEFAULT_MISSES + 1).toMillis() < 1000);
    }

    @Test
    void aNewlyWatchedPeerIsAliveForMissesIntervalsThenDeadWithoutHeartbeats() {
        monitor.watch(PEER, clock.nanoTime());
        assertTrue(monitor.isAlive(PEER));
        for (int i = 0; i < 3; i++) {
            assertTrue(interval().isEmpty(), "still within 3 intervals at " + (i + 1));
            assertTrue(monitor.isAlive(PEER));
        }
        assertEquals(List.of(PEER), interval().died(), "dead after more than 3 intervals unheard");
        assertFalse(monitor.isAlive(PEER));
        assertTrue(interval().isEmpty(), "a death is reported once");
        assertEquals(1, monitor.deaths());
        assertEquals(1, monitor.deadCount());
    }

    @Test
    void withTheDaemonsFirstContactGraceAPeerNeverHeardLivesTwoSecondsButOnceHeardOnlyMissesIntervals() {
        PeerMonitor daemons = new PeerMonitor(SELF, Duration.ofMillis(100), 3, PeerMonitor.FIRST_CONTACT);
        daemons.watch(PEER, clock.nanoTime());
        daemons.watch(OTHER, clock.nanoTime());
        daemons.onHeartbeat(OTHER, clock.nanoTime());
        clock.advance(Duration.ofMillis(400));
        assertEquals(List.of(OTHER), daemons.check(clock.nanoTime()).died(), "heard once: 3 intervals of silence");
        clock.advance(PeerMonitor.FIRST_CONTACT.minusMillis(400));
        assertTrue(daemons.check(clock.nanoTime()).isEmpty(), "never heard: alive for the whole grace");
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(PEER), daemons.check(clock.nanoTime()).died(), "never heard after the grace: dead");
    }

    @Test
    void aHeartbeatEveryIntervalKeepsAPeerAlive() {
        monitor.watch(PEER, clock.nanoTime());
        for (int i = 0; i < 50; i++) {
            monitor.onHeartbeat(PEER, clock.nanoTime());
            assertTrue(interval().isEmpty());
        }
        assertTrue(monitor.isAlive(PEER));
        assertEquals(50, monitor.heartbeatsReceived());
    }

    @Test
    void missesIntervalsWithoutAHeartbeatAfterTheLastOneMakeAPeerDead() {
        monitor.watch(PEER, clock.nanoTime());
        interval();
        monitor.onHeartbeat(PEER, clock.nanoTime());
        interval();
        interval();
        assertTrue(interval().isEmpty(), "exactly 3 intervals since the last heartbeat: alive");
        assertEquals(List.of(PEER), interval().died());
    }

    @Test
    void aDeadPeerIsAliveAgainOnItsNextHeartbeatReportedOnce() {
        monitor.watch(PEER, clock.nanoTime());
        for (int i = 0; i < 4; i++) {
            interval();
        }
        assertFalse(monitor.isAlive(PEER));
        assertTrue(monitor.onHeartbeat(PEER, clock.nanoTime()));
        assertTrue(monitor.isAlive(PEER), "alive at once");
        PeerMonitor.Changes c = interval();
        assertEquals(List.of(PEER), c.revived());
        assertEquals(List.of(), c.died());
        assertTrue(interval().isEmpty(), "reported once");
        assertEquals(1, monitor.revivals());
    }

    @Test
    void heartbeatsFromHomeAgentsNoBindingListsAreIgnored() {
        assertFalse(monitor.onHeartbeat(OTHER, clock.nanoTime()));
        assertEquals(1, monitor.unknownSenders());
        assertEquals(0, monitor.heartbeatsReceived());
        assertEquals(List.of(), monitor.peers());
    }

    @Test
    void aPeerIsForgottenOnlyWhenTheLastBindingListingItGoes() {
        monitor.watch(PEER, clock.nanoTime());
        monitor.watch(PEER, clock.nanoTime());
        monitor.watch(OTHER, clock.nanoTime());
        assertEquals(List.of(PEER, OTHER), monitor.peers());
        monitor.unwatch(PEER);
        assertEquals(List.of(PEER, OTHER), monitor.peers());
        monitor.unwatch(PEER);
        assertEquals(List.of(OTHER), monitor.peers());
        assertTrue(monitor.isAlive(PEER), "an address nobody watches has no evidence against it");
    }

    @Test
    void thisHomeAgentIsNeverAPeerAndAlwaysAlive() {
        monitor.watch(SELF, clock.nanoTime());
        assertEquals(List.of(), monitor.peers());
        for (int i = 0; i < 10; i++) {
            assertTrue(interval().isEmpty());
        }
        assertTrue(monitor.isAlive(SELF));
    }

    @Test
    void theViewListsEachPeerAliveOrDeadAndWhenLastHeard() {
        monitor.watch(PEER, clock.nanoTime());
        monitor.watch(OTHER, clock.nanoTime());
        monitor.onHeartbeat(PEER, clock.nanoTime());
        for (int i = 0; i < 4; i++) {
            interval();
        }
        List<Map<String, Object>> v = monitor.view(clock.nanoTime());
        assertEquals(2, v.size());
        assertEquals(PEER.toString(), v.get(0).get("address"));
        assertEquals(false, v.get(0).get("alive"));
        assertEquals(400L, v.get(0).get("last_heard_ms"));
        assertEquals(1L, v.get(0).get("heartbeats"));
        assertEquals(OTHER.toString(), v.get(1).get("address"));
        assertNull(v.get(1).get("last_heard_ms"), "never heard");
    }

    @Test
    void anIntervalOfZeroOrNoMissesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PeerMonitor(SELF, Duration.ZERO, 3));
        assertThrows(IllegalArgumentException.class, () -> new PeerMonitor(SELF, Duration.ofMillis(100), 0));
    }
}
