package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The closing summary: per-handover table, spreads, TCP verdict and the pass rule. */
class DemoReportTest {

    static final String HA1 = "2001:db8:1::11";
    static final String HA2 = "2001:db8:1::12";

    static final TcpVerdict INTACT = new TcpVerdict(true, 120_000, 119_800, true, true, null, 412.0,
            "2026-11-23T20:10:00.000+00:00", 3, null);

    static Handover completed(int n, String from, String to, int seq, double rtt, long gap) {
        long start = 1_000_000L * n;
        Handover h = new Handover(n, from, to, start);
        h.attached("2001:db8:a::/64");
        h.bindingUpdate(HA1, seq, to.equals("home"));
        assertTrue(h.bindingAck(HA1, seq, 0, "Binding Update accepted", rtt));
        assertTrue(h.firstReply(start + gap));
        h.probes(new ProbeLog.PhaseStats(600, 600 - (int) (gap / 10)));
        return h;
    }

    @Test
    void completeHandoversAndIntactTcpPass() {
        DemoReport r = new DemoReport(List.of(completed(1, "home", "a", 10, 2.9, 355),
                completed(2, "a", "b", 11, 3.1, 300), completed(3, "b", "home", 12, 1.5, 410)), INTACT, "/tmp/p");
        assertTrue(r.passed());
        String text = String.join("\n", r.lines());
        assertTrue(text.contains("min 300 ms  median 355 ms  max 410 ms"), text);
        assertTrue(text.contains("min 1.5 ms  median 2.9 ms  max 3.1 ms"), text);
        assertTrue(text.contains("home -> a"), text);
        assertTrue(text.contains("35 of 600"), text);
        assertTrue(text.contains("correspondent -> MN 120000 bytes intact, MN -> correspondent 119800 bytes intact"), text);
        assertTrue(text.contains("PASS: 3 of 3 handovers complete"), text);
    }

    @Test
    void aHandoverWithoutAcknowledgementFailsTheDemoAndSaysWhy() {
        Handover stuck = new Handover(2, "a", "b", 5_000);
        stuck.attached("2001:db8:b::/64");
        stuck.bindingUpdate(HA1, 11, false);
        assertFalse(stuck.bindingAck(HA1, 10, 0, "Binding Update accepted", 1.0), "a BA for another BU does not count");
        DemoReport r = new DemoReport(List.of(completed(1, "home", "a", 10, 2.9, 355), stuck), INTACT, "/tmp/p");
        assertFalse(r.passed());
        String text = String.join("\n", r.lines());
        assertTrue(text.contains("INCOMPLETE: no Binding Acknowledgement for seq 11"), text);
        assertTrue(text.contains("FAIL: 1 of 2 handovers complete"), text);
    }

    @Test
    void aRejectedBindingUpdateIsNotACompleteHandoverEvenWithTraffic() {
        Handover h = new Handover(1, "home", "a", 0);
        h.bindingUpdate(HA1, 5, false);
        assertTrue(h.bindingAck(HA1, 5, 135, "Sequence number out of window", 1.0));
        assertTrue(h.firstReply(900));
        assertFalse(h.complete());
        assertEquals("Binding Update rejected, status 135 (Sequence number out of window)", h.missing());
    }

    @Test
    void withTwoHomeAgentsAHandoverNeedsEveryBindingAcknowledgementAndShowsTheFirstHomeAgentsRoundTrip() {
        Handover h = new Handover(1, "home", "a", 0);
        h.attached("2001:db8:a::/64");
        h.bindingUpdate(HA1, 40000, false);
        h.bindingUpdate(HA2, 1200, false);
        h.bindingUpdate(HA1, 40001, false); // a later BU to the same home agent is not this move's first
        assertFalse(h.bindingAck(HA2, 40000, 0, "Binding Update accepted", 1.0), "ha2's BA must carry ha2's seq");
        assertTrue(h.bindingAck(HA2, 1200, 0, "Binding Update accepted", 4.5));
        assertTrue(h.firstReply(300));
        assertFalse(h.complete(), "ha1 has not answered yet");
        assertEquals("no Binding Acknowledgement from 2001:db8:1::11 for seq 40000", h.missing());
        assertTrue(h.roundTripMs().isEmpty(), "the round trip is the first home agent's");
        assertTrue(h.bindingAck(HA1, 40000, 0, "Binding Update accepted", 2.4));
        assertTrue(h.complete());
        assertEquals(40000, h.buSeq());
        assertEquals(2.4, h.roundTripMs().getAsDouble(), 1e-9);
        assertEquals(List.of(HA1, HA2), h.registrations().stream().map(Handover.Registration::peer).toList());
        h.probes(new ProbeLog.PhaseStats(600, 570));
        String text = String.join("\n", new DemoReport(List.of(h), INTACT, "/tmp/p").lines());
        assertTrue(text.contains("BAs"), text);
        assertTrue(text.contains("1  home -> a       40000        2.4   2/2       300      30 of 600  ok"), text);
    }

    @Test
    void aSecondHomeAgentsRefusalMakesTheHandoverIncomplete() {
        Handover h = new Handover(2, "a", "b", 0);
        h.bindingUpdate(HA1, 7, false);
        h.bindingUpdate(HA2, 9, false);
        assertTrue(h.bindingAck(HA1, 7, 0, "Binding Update accepted", 1.0));
        assertTrue(h.bindingAck(HA2, 9, 129, "Administratively prohibited", 1.0));
        assertTrue(h.firstReply(100));
        assertFalse(h.complete());
        assertEquals(1, h.accepted());
        assertEquals(2, h.homeAgents());
        assertEquals("Binding Update rejected from 2001:db8:1::12, status 129 (Administratively prohibited)", h.missing());
    }

    @Test
    void damagedTcpFailsTheDemoEvenWhenEveryHandoverCompleted() {
        TcpVerdict damaged = new TcpVerdict(false, 120_000, 119_800, false, true, 4242L, 412.0, null, 3, null);
        DemoReport r = new DemoReport(List.of(completed(1, "home", "a", 10, 2.9, 355)), damaged, "/tmp/p");
        assertFalse(r.passed());
        String text = String.join("\n", r.lines());
        assertTrue(text.contains("MN -> correspondent 119800 bytes NOT intact"), text);
        assertTrue(text.contains("first wrong byte at offset 4242"), text);
    }

    @Test
    void theMobilityAgentPhaseJoinsTheVerdictAndTheSummary() {
        List<Handover> ok = List.of(completed(1, "home", "a", 10, 2.9, 355));
        RouteOptimisation passed = RouteOptimisationTest.followed();
        DemoReport r = new DemoReport(ok, INTACT, null, passed, "/tmp/p");
        assertTrue(r.passed());
        String text = String.join("\n", r.lines());
        assertTrue(text.contains("mobility agent roam6-mad on br"), text);
        assertTrue(text.contains("PASS: 1 of 1 handovers complete, TCP intact, route optimisation via mad passed"), text);
        RouteOptimisation stuck = new RouteOptimisation(RouteOptimisationTest.CN, RouteOptimisationTest.HOA);
        stuck.tcp(INTACT);
        DemoReport failed = new DemoReport(ok, INTACT, null, stuck, "/tmp/p");
        assertFalse(failed.passed(), "no binding at the agent fails the demo");
        assertTrue(String.join("\n", failed.lines()).contains("route optimisation via mad FAILED"));
        assertFalse(String.join("\n", new DemoReport(ok, INTACT, "/tmp/p").lines()).contains("mobility agent"));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, DemoReport.median(List.of(1.0, 2.0, 3.0, 10.0)), 1e-9);
        assertEquals(3.0, DemoReport.median(List.of(1.0, 3.0, 10.0)), 1e-9);
        assertEquals("no values", DemoReport.spread(List.of(), "%.0f"));
    }

    @Test
    void tcpcheckJsonReadsIntoAVerdict() throws Exception {
        TcpVerdict v = TcpVerdict.parse("{\"role\":\"client\",\"bytes_sent\":99000,\"bytes_received\":99500,"
                + "\"verified\":true,\"first_mismatch\":null,\"peer_verified\":true,\"longest_stall_ms\":355.5,"
                + "\"longest_stall_start\":\"2026-11-23T20:12:51.382+00:00\",\"stalls_over_100ms\":2,\"stalls\":[],"
                + "\"error\":null,\"ok\":true}");
        assertEquals(new TcpVerdict(true, 99000, 99500, true, true, null, 355.5, "2026-11-23T20:12:51.382+00:00", 2, null), v);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> TcpVerdict.parse("[1,2]"));
    }
}
