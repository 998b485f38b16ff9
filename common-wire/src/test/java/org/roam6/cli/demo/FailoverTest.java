package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The failover phase's reading of udpstream.py's results and of the survivor's and the mobile
 * node's log events, its verdict (delivery resumed and the survivor holds the binding) and its
 * lines in the timeline and the summary.
 */
class FailoverTest {

    static final String HA1 = "2001:db8:1::11";
    static final String HA2 = "2001:db8:1::12";
    static final Instant KILL = Instant.parse("2026-11-23T20:11:02.200Z");

    /** A receiver's line: 6000 sent, the kill's outage of 371.4 ms from 02.199 and a short one later. */
    static final String RECEIVED = "{\"role\":\"receiver\",\"received\":5631,\"highest_seq\":5999,\"lost\":369,"
            + "\"duplicates\":0,\"reordered\":0,\"outage_threshold_ms\":20.0,\"outages\":["
            + "{\"start\":\"2026-11-23T20:11:02.199+00:00\",\"ms\":371.4,\"after_seq\":2199,\"resumed_seq\":2569,"
            + "\"missing\":369},"
            + "{\"start\":\"2026-11-23T20:11:05.000+00:00\",\"ms\":25.0,\"after_seq\":4999,\"resumed_seq\":5000,"
            + "\"missing\":0}],\"longest_outage_ms\":371.4}";

    static Failover failover() {
        return new Failover("ha1", HA1, "ha2", HA2, 1000, 6000);
    }

    static Failover passed() throws IOException {
        Failover f = failover();
        f.killed(KILL.toEpochMilli());
        assertTrue(f.tookOver(new HadEvent.TakeOver(KILL.plusMillis(352), HA1, "2001:db8:1::100", "2001:db8:a::1")));
        assertTrue(f.unreachable(new MndEvent.HomeAgentUnreachable(KILL.plusMillis(355), HA2, List.of(HA1))));
        assertTrue(f.primary(new MndEvent.PrimaryHomeAgent(KILL.plusMillis(356), HA2, HA1)));
        f.stream(UdpStream.parseReceived(RECEIVED), 6000);
        f.survivorBinding("2001:db8:a::1");
        return f;
    }

    @Test
    void theReceiversLineReadsIntoOutagesAndLoss() throws IOException {
        UdpStream.Received r = UdpStream.parseReceived(RECEIVED);
        assertEquals(5631, r.received());
        assertEquals(5999, r.highestSeq());
        assertEquals(369, r.lost());
        assertEquals(20.0, r.thresholdMs(), 1e-9);
        assertEquals(2, r.outages().size());
        UdpStream.Outage o = r.outages().get(0);
        assertEquals(Instant.parse("2026-11-23T20:11:02.199Z"), o.start());
        assertEquals(Instant.parse("2026-11-23T20:11:02.570400Z"), o.end());
        assertEquals(2569, o.resumedSeq());
        assertEquals(369, o.missing());
        assertEquals(5998, UdpStream.parseSent("{\"role\":\"sender\",\"sent\":5998,\"skipped\":0,\"send_failures\":2,"
                + "\"rate\":1000.0,\"seconds\":6.001}"));
    }

    @Test
    void linesThatAreNotTheRightSidesResultAreRefused() {
        assertThrows(IOException.class, () -> UdpStream.parseReceived("{\"role\":\"sender\",\"sent\":5}"));
        assertThrows(IOException.class, () -> UdpStream.parseReceived("{\"role\":\"receiver\",\"received\":1}"));
        assertThrows(IOException.class, () -> UdpStream.parseReceived("{\"role\":\"receiver\",\"received\":1,"
                + "\"outages\":[{\"start\":\"yesterday\",\"ms\":5}]}"));
        assertThrows(IOException.class, () -> UdpStream.parseSent(RECEIVED));
        assertThrows(IOException.class, () -> UdpStream.parseSent("[]"));
    }

    @Test
    void theKillsOutageIsTheLongestThatBeganNearIt() throws IOException {
        UdpStream.Received r = UdpStream.parseReceived(RECEIVED);
        assertEquals(371.4, r.longestAround(KILL, 200, 2000).orElseThrow().ms(), 1e-9);
        assertEquals(25.0, r.longestAround(KILL.plusSeconds(3), 200, 2000).orElseThrow().ms(), 1e-9,
                "an outage long before the instant does not count");
        assertTrue(r.longestAround(KILL.minusSeconds(10), 200, 2000).isEmpty());
    }

    @Test
    void deliveryResumedAndTheSurvivorsBindingPass() throws IOException {
        Failover f = passed();
        assertTrue(f.deliveryResumed());
        assertTrue(f.passed());
        assertEquals("", f.missing());
        assertEquals("delivery resumed: outage 371 ms, 369 packets lost", f.deliveryText());
        String text = String.join("\n", f.summaryLines());
        assertTrue(text.contains("SIGKILL of ha1's home agent 2001:db8:1::11: ha2 takes over +352 ms, MN told +355 ms,"
                + " tunnel to ha2 +356 ms"), text);
        assertTrue(text.contains("UDP 1000 packets/s: outage 371 ms, 369 of 6000 packets lost, delivery resumed"), text);
        assertTrue(text.contains("ha2 holds the binding (care-of 2001:db8:a::1): PASS"), text);
    }

    @Test
    void withoutTheSurvivorsBindingTheFailoverFails() throws IOException {
        Failover f = failover();
        f.killed(KILL.toEpochMilli());
        f.stream(UdpStream.parseReceived(RECEIVED), 6000);
        f.noSurvivorBinding("no binding of 2001:db8:1::100 in []");
        assertTrue(f.deliveryResumed());
        assertFalse(f.passed());
        assertEquals("ha2 holds no binding: no binding of 2001:db8:1::100 in []", f.missing());
        assertTrue(String.join("\n", f.summaryLines()).contains("FAIL: ha2 holds no binding"));
    }

    @Test
    void aStreamThatNeverCameBackIsNoResumedDelivery() throws IOException {
        Failover f = failover();
        f.killed(KILL.toEpochMilli());
        f.stream(UdpStream.parseReceived("{\"role\":\"receiver\",\"received\":2200,\"highest_seq\":2199,\"lost\":0,"
                + "\"duplicates\":0,\"reordered\":0,\"outage_threshold_ms\":20.0,\"outages\":[],"
                + "\"longest_outage_ms\":0.0}"), 6000);
        f.survivorBinding("2001:db8:a::1");
        assertFalse(f.deliveryResumed());
        assertFalse(f.passed());
        assertEquals("delivery did not resume (last sequence number received 2199 of 5999)", f.missing());
        assertEquals("delivery did NOT resume: no outage over 20 ms, 0 packets lost", f.deliveryText());
    }

    @Test
    void noStreamResultFailsAndSaysWhy() {
        Failover f = failover();
        f.killed(KILL.toEpochMilli());
        f.streamFailed("receiver exit -1");
        f.survivorBinding("2001:db8:a::1");
        assertFalse(f.passed());
        assertEquals("no stream result: receiver exit -1", f.missing());
        assertTrue(String.join("\n", f.summaryLines()).contains("UDP stream: no result (receiver exit -1)"));
    }

    @Test
    void onlyEventsAfterTheKillAboutTheDeadHomeAgentCountAndOnlyTheFirst() {
        Failover f = failover();
        HadEvent.TakeOver take = new HadEvent.TakeOver(KILL.plusMillis(300), HA1, "2001:db8:1::100", "2001:db8:a::1");
        assertFalse(f.tookOver(take), "before the kill a takeover is not the failover's");
        f.killed(KILL.toEpochMilli());
        assertFalse(f.tookOver(new HadEvent.TakeOver(KILL.plusMillis(300), HA2, "2001:db8:1::100", "2001:db8:a::1")));
        assertFalse(f.peersDead(new HadEvent.PeersDead(KILL.plusMillis(300), List.of(HA2), 3, 100)));
        assertTrue(f.peersDead(new HadEvent.PeersDead(KILL.plusMillis(300), List.of(HA1), 3, 100)));
        assertFalse(f.peersDead(new HadEvent.PeersDead(KILL.plusMillis(400), List.of(HA1), 3, 100)));
        assertTrue(f.tookOver(take));
        assertFalse(f.tookOver(take));
        assertFalse(f.unreachable(new MndEvent.HomeAgentUnreachable(KILL.plusMillis(310), HA1, List.of(HA2))),
                "from the dead one, about the survivor: not the failover's");
        assertTrue(f.unreachable(new MndEvent.HomeAgentUnreachable(KILL.plusMillis(310), HA2, List.of(HA1))));
        assertFalse(f.primary(new MndEvent.PrimaryHomeAgent(KILL.plusMillis(311), HA1, HA2)));
        assertTrue(f.primary(new MndEvent.PrimaryHomeAgent(KILL.plusMillis(311), HA2, HA1)));
        String text = String.join("\n", f.summaryLines());
        assertTrue(text.contains("ha2 takes over +300 ms, MN told +310 ms, tunnel to ha2 +311 ms"), text);
    }

    @Test
    void theSummaryGainsTheFailoverAndItsVerdictDecidesTheResult() throws IOException {
        List<Handover> handovers = List.of(DemoReportTest.completed(1, "home", "a", 10, 2.9, 355));
        DemoReport ok = new DemoReport(handovers, DemoReportTest.INTACT, passed(), "/tmp/p");
        assertTrue(ok.passed());
        String text = String.join("\n", ok.lines());
        assertTrue(text.contains("  failover       SIGKILL of ha1's home agent"), text);
        assertTrue(text.indexOf("failover") < text.indexOf("captures"), text);
        assertTrue(text.contains("PASS: 1 of 1 handovers complete, TCP intact, failover passed"), text);

        Failover lost = failover();
        lost.killed(KILL.toEpochMilli());
        lost.streamFailed("receiver exit 1");
        DemoReport failed = new DemoReport(handovers, DemoReportTest.INTACT, lost, "/tmp/p");
        assertFalse(failed.passed());
        assertTrue(String.join("\n", failed.lines()).contains("FAIL: 1 of 1 handovers complete, TCP intact, failover FAILED"));

        DemoReport without = new DemoReport(handovers, DemoReportTest.INTACT, null, "/tmp/p");
        assertTrue(without.passed());
        assertFalse(String.join("\n", without.lines()).contains("failover"));
    }

    @Test
    void theSurvivorsBindingAndTheMobileNodesRegistrationsAreReadFromTheAdminViews() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("2001:db8:a:0:52:36ff:fe00:1", Demo.bindingOf(json.readTree(
                "[{\"hoa\":\"2001:db8:1:0:0:0:0:100\",\"coa\":\"2001:db8:a:0:52:36ff:fe00:1\",\"seq\":7}]"),
                "2001:db8:1::100").orElseThrow());
        assertTrue(Demo.bindingOf(json.readTree("[{\"hoa\":\"2001:db8:1::101\",\"coa\":\"x\"}]"), "2001:db8:1::100").isEmpty());
        assertTrue(Demo.bindingOf(json.readTree("{}"), "2001:db8:1::100").isEmpty());
        String bul = "[{\"peer\":\"2001:db8:1::11\",\"role\":\"home-agent\",\"state\":\"registered\"},"
                + "{\"peer\":\"2001:db8:1::12\",\"role\":\"home-agent\",\"state\":\"registering\"}]";
        assertTrue(Demo.registeredWith(json.readTree(bul), HA1));
        assertFalse(Demo.registeredWith(json.readTree(bul), HA2), "still registering");
        assertFalse(Demo.registeredWith(json.readTree(bul), "2001:db8:1::13"));
    }
}
