package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The home agent daemon's failover log lines the demo's timeline reads (texts as had logs them). */
class HadLogLineTest {

    static final String DAEMON = "2026-11-23T20:11:02.517Z WARN  [had-timers] org.roam6.had.HomeAgentDaemon - ";
    static final String OWNER = "2026-11-23T20:11:02.519Z WARN  [had-timers] o.roam6.had.InterceptionOwner - ";

    @Test
    void silentPeersGiveTheirAddressesAndTheSilenceTheyNeeded() {
        HadEvent.PeersDead d = assertInstanceOf(HadEvent.PeersDead.class, HadLogLine.parse(
                DAEMON + "peer home agents [2001:db8:1::11] sent no heartbeat for 3 x 100 ms: dead").orElseThrow());
        assertEquals(Instant.parse("2026-11-23T20:11:02.517Z"), d.at());
        assertEquals(List.of("2001:db8:1::11"), d.peers());
        assertEquals(3, d.misses());
        assertEquals(100, d.intervalMs());
        assertEquals(300, d.silenceMs());
    }

    @Test
    void severalSilentPeersAreAllListed() {
        HadEvent.PeersDead d = assertInstanceOf(HadEvent.PeersDead.class, HadLogLine.parse(
                DAEMON + "peer home agents [2001:db8:1::11, 2001:db8:1::13] sent no heartbeat for 5 x 50 ms: dead")
                .orElseThrow());
        assertEquals(List.of("2001:db8:1::11", "2001:db8:1::13"), d.peers());
        assertEquals(250, d.silenceMs());
    }

    @Test
    void aTakeoverNamesTheDeadHomeAgentTheHomeAddressAndTheCareOfAddress() {
        HadEvent.TakeOver t = assertInstanceOf(HadEvent.TakeOver.class, HadLogLine.parse(OWNER
                + "home agent 2001:db8:1::11 is dead: this home agent now intercepts for 2001:db8:1::100"
                + " (care-of 2001:db8:a:0:52:36ff:fe00:1)").orElseThrow());
        assertEquals(Instant.parse("2026-11-23T20:11:02.519Z"), t.at());
        assertEquals("2001:db8:1::11", t.deadHomeAgent());
        assertEquals("2001:db8:1::100", t.homeAddress());
        assertEquals("2001:db8:a:0:52:36ff:fe00:1", t.careOf());
    }

    @Test
    void aRevivedPeerAndAnUnsentUnreachableAreRecognised() {
        assertEquals("2001:db8:1::11", assertInstanceOf(HadEvent.PeerAlive.class, HadLogLine.parse(DAEMON
                + "peer home agent 2001:db8:1::11 is alive again (it takes bindings back only at their next Binding Update)")
                .orElseThrow()).peer());
        HadEvent.UnreachableNotSent n = assertInstanceOf(HadEvent.UnreachableNotSent.class, HadLogLine.parse(OWNER
                + "Home Agent Unreachable to 2001:db8:a::1 for 2001:db8:1::100 not sent: Network is unreachable")
                .orElseThrow());
        assertEquals("2001:db8:a::1", n.careOf());
        assertEquals("Network is unreachable", n.reason());
    }

    @Test
    void otherLinesAndMalformedListsGiveNothing() {
        assertTrue(HadLogLine.parse(DAEMON + "peer heartbeats on udp [2001:db8:1::12]:5475").isEmpty());
        assertTrue(HadLogLine.parse(DAEMON + "peer home agents [] sent no heartbeat for 3 x 100 ms: dead").isEmpty());
        assertTrue(HadLogLine.parse(DAEMON + "peer home agents [a, , b] sent no heartbeat for 3 x 100 ms: dead").isEmpty());
        assertTrue(HadLogLine.parse(DAEMON + "peer home agents [::1] sent no heartbeat for 99999999999 x 100 ms: dead")
                .isEmpty());
        assertTrue(HadLogLine.parse("home agent 2001:db8:1::11 is dead: this home agent now intercepts for x (care-of y)")
                .isEmpty(), "not a log line: no timestamp, level or logger");
        assertTrue(HadLogLine.parse("").isEmpty());
    }
}
