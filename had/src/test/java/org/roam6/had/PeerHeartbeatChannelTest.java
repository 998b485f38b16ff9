package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.Ipv6Address;

/**
 * Two home agents' heartbeat channels on the loopback interface (::1, two ports): they hear each
 * other, and one notices the other closing within the probe budget.
 */
@Timeout(20)
class PeerHeartbeatChannelTest {
    static final Ipv6Address HA1 = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HA2 = Ipv6Address.parse("2001:db8:1::12");
    static final InetAddress LOOPBACK = PeerHeartbeatChannel.inetAddress(Ipv6Address.parse("::1"));
    static final Duration INTERVAL = Duration.ofMillis(50);

    /** Where each home agent's heartbeats go: both on ::1, each its own port. */
    final Map<Ipv6Address, InetSocketAddress> endpoints = new ConcurrentHashMap<>();
    final PeerMonitor monitor1 = new PeerMonitor(HA1, INTERVAL, 3);
    final PeerMonitor monitor2 = new PeerMonitor(HA2, INTERVAL, 3);
    PeerHeartbeatChannel channel1;
    PeerHeartbeatChannel channel2;

    @AfterEach
    void tearDown() {
        if (channel1 != null) {
            channel1.close();
        }
        if (channel2 != null) {
            channel2.close();
        }
    }

    void open() throws Exception {
        channel1 = PeerHeartbeatChannel.open(monitor1, MonotonicClock.SYSTEM, new InetSocketAddress(LOOPBACK, 0),
                endpoints::get);
        channel2 = PeerHeartbeatChannel.open(monitor2, MonotonicClock.SYSTEM, new InetSocketAddress(LOOPBACK, 0),
                endpoints::get);
        endpoints.put(HA1, channel1.localAddress());
        endpoints.put(HA2, channel2.localAddress());
        long now = System.nanoTime();
        monitor1.watch(HA2, now);
        monitor2.watch(HA1, now);
    }

    /** Runs probe intervals (both sides unless the second is closed) until {@code done}, at most {@code max}. */
    boolean probeUntil(BooleanSupplier done, Duration max, boolean secondRunning, List<Ipv6Address> deaths)
            throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            channel1.sendHeartbeats();
            deaths.addAll(monitor1.check(System.nanoTime()).died());
            if (secondRunning) {
                channel2.sendHeartbeats();
                monitor2.check(System.nanoTime());
            }
            if (done.getAsBoolean()) {
                return true;
            }
            Thread.sleep(INTERVAL.toMillis());
        }
        return false;
    }

    @Test
    void twoMonitorsHearEachOtherAndOneNoticesTheOtherClosing() throws Exception {
        open();
        List<Ipv6Address> deaths = new java.util.concurrent.CopyOnWriteArrayList<>();
        assertTrue(probeUntil(() -> monitor1.heartbeatsReceived() >= 5 && monitor2.heartbeatsReceived() >= 5,
                Duration.ofSeconds(5), true, deaths), "heartbeats cross on ::1");
        assertTrue(monitor1.isAlive(HA2));
        assertTrue(monitor2.isAlive(HA1));
        assertEquals(List.of(), deaths);
        assertTrue(channel1.sent() >= 5);
        assertEquals(0, channel1.mismatchedSources() + channel1.malformed());

        channel2.close();
        channel2 = null;
        long closed = System.nanoTime();
        assertTrue(probeUntil(() -> !deaths.isEmpty(), Duration.ofSeconds(5), false, deaths), "HA2's silence noticed");
        long tookMillis = (System.nanoTime() - closed) / 1_000_000;
        assertEquals(List.of(HA2), deaths);
        assertFalse(monitor1.isAlive(HA2));
        assertTrue(tookMillis >= 3 * INTERVAL.toMillis() - INTERVAL.toMillis(), "not before the misses: " + tookMillis);
        assertTrue(tookMillis < 2000, "within the probe budget, took " + tookMillis + " ms");
    }

    @Test
    void aHeartbeatNamingAHomeAgentItDoesNotComeFromIsIgnored() throws Exception {
        open();
        byte[] b = new byte[PeerHeartbeat.LENGTH];
        PeerHeartbeat.write(b, 0, 1, HA2); // claims to be HA2, sent from another port
        try (DatagramSocket forger = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            forger.send(new DatagramPacket(b, b.length, channel1.localAddress()));
            forger.send(new DatagramPacket(new byte[] {'n', 'o', 'p', 'e'}, 4, channel1.localAddress()));
        }
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while ((channel1.mismatchedSources() < 1 || channel1.malformed() < 1) && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(1, channel1.mismatchedSources());
        assertEquals(1, channel1.malformed());
        assertEquals(0, monitor1.heartbeatsReceived());
    }
}
