package org.roam6.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Mobility Agent phase: reading mad's {@code show bindings} and {@code show stats} and the
 * mobile node's {@code show bul} entry for the correspondent, the times it measures from the
 * mobile node's log, its verdict (the binding followed to B, TCP intact) and its summary lines.
 */
class RouteOptimisationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CN = "2001:db8:c::10";
    static final String HOA = "2001:db8:1::100";
    static final String COA_A = "2001:db8:a::52:36ff:fe00:1";
    static final String COA_B = "2001:db8:b::52:36ff:fe00:1";
    static final long T0 = Instant.parse("2026-11-23T20:15:00Z").toEpochMilli();
    static final TcpVerdict INTACT = new TcpVerdict(true, 300_000, 299_000, true, true, null, 180.0, null, 1, null);

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    static AgentBinding binding(String coa, int seq) {
        return new AgentBinding(CN, HOA, coa, seq, 420, 419, true);
    }

    /** A phase as it goes when everything works: RR at +2000 ms, BU seq 100 at +2150, BA 3.5 ms later; the move at +10000. */
    static RouteOptimisation followed() {
        RouteOptimisation ro = new RouteOptimisation(CN, HOA);
        ro.started(T0);
        assertTrue(ro.registrationStarted(new MndEvent.CorrespondentRegistrationStarted(Instant.ofEpochMilli(T0 + 2000), CN,
                false)));
        assertTrue(ro.bindingUpdate(new MndEvent.CorrespondentBindingUpdateSent(Instant.ofEpochMilli(T0 + 2150), 100, CN,
                COA_A, 420, 0)));
        ro.bindingOnA(binding(COA_A, 100), T0 + 2180);
        ro.roundTripOnA(3.5);
        ro.moved(T0 + 10_000, COA_B);
        assertTrue(ro.bindingUpdate(new MndEvent.CorrespondentBindingUpdateSent(Instant.ofEpochMilli(T0 + 10_080), 101, CN,
                COA_B, 420, 0)));
        ro.bindingOnB(binding(COA_B, 101), T0 + 10_100);
        ro.roundTripOnB(2.0);
        Handover h = new Handover(5, "a", "b", T0 + 10_000);
        h.firstReply(T0 + 10_104);
        h.probes(new ProbeLog.PhaseStats(600, 590));
        ro.handover(h);
        ro.tcp(INTACT);
        ro.counters(new AgentCounters(1, 5000, 6_200_000, 5200, 6_400_000, 0, 0, 0));
        return ro;
    }

    @Test
    void theAgentsBindingsAnswerGivesTheHomeAddressesBindingAtTheCorrespondent() throws IOException {
        JsonNode rows = json("[{\"cn\":\"2001:db8:c::11\",\"hoa\":\"2001:db8:1::100\",\"coa\":\"2001:db8:a::9\",\"seq\":1,"
                + "\"lifetime_s\":420,\"remaining_s\":400,\"in_use\":false},"
                + "{\"cn\":\"2001:db8:c:0::10\",\"hoa\":\"2001:0db8:1::100\",\"coa\":\"" + COA_A + "\",\"seq\":7,"
                + "\"lifetime_s\":420,\"remaining_s\":419,\"in_use\":true}]");
        AgentBinding b = AgentBinding.find(rows, CN, HOA).orElseThrow();
        assertEquals(COA_A, b.coa());
        assertEquals(7, b.seq());
        assertEquals(420, b.lifetimeS());
        assertTrue(b.inUse());
        assertTrue(b.careOf("2001:db8:a:0:52:36ff:fe00:1"), "addresses compare as addresses");
        assertFalse(b.careOf(COA_B));
        assertTrue(AgentBinding.find(rows, CN, "2001:db8:1::101").isEmpty());
        assertTrue(AgentBinding.find(json("[]"), CN, HOA).isEmpty());
        assertTrue(AgentBinding.find(json("{\"error\":\"x\"}"), CN, HOA).isEmpty());
        assertTrue(AgentBinding.find(json("[{\"cn\":\"" + CN + "\",\"hoa\":\"" + HOA + "\"}]"), CN, HOA).isEmpty(),
                "a row without care-of address and sequence number is no binding");
    }

    @Test
    void theAgentsStatsGiveItsBorderCounters() throws IOException {
        AgentCounters c = AgentCounters.parse(json("{\"bindings\":1,\"border\":{\"translated_to_correspondent\":5000,"
                + "\"routed_to_care_of\":5200,\"translated_to_correspondent_bytes\":6200000,\"routed_to_care_of_bytes\":"
                + "6400000,\"parameter_problem_sent\":2,\"drop_no_binding\":3,\"drop_malformed\":0,\"passed\":9},"
                + "\"signalling\":{\"sent_mh_type_6\":2},\"bound_set_update_failures\":0}"));
        assertEquals(new AgentCounters(1, 5000, 6_200_000, 5200, 6_400_000, 2, 3, 0), c);
        assertThrows(IOException.class, () -> AgentCounters.parse(json("[]")));
        assertThrows(IOException.class, () -> AgentCounters.parse(json("{\"bindings\":1}")));
        assertEquals("5000 packets (6.2 MB)", AgentCounters.packets(5000, 6_200_000));
        assertEquals("999 B", AgentCounters.bytes(999));
        assertEquals("1.5 kB", AgentCounters.bytes(1500));
    }

    @Test
    void theMobileNodesEntryForTheCorrespondentShowsTheAcknowledgedBindingUpdate() throws IOException {
        JsonNode bul = json("[{\"peer\":\"2001:db8:1::12\",\"role\":\"home-agent\",\"seq\":100,\"state\":\"registered\","
                + "\"last_status\":0,\"last_rtt_ms\":1.1},"
                + "{\"peer\":\"" + CN + "\",\"role\":\"correspondent\",\"hoa\":\"" + HOA + "\",\"coa\":\"" + COA_A + "\","
                + "\"seq\":100,\"state\":\"registered\",\"lifetime_s\":420,\"remaining_s\":419,\"retransmissions\":0,"
                + "\"last_status\":0,\"last_rtt_ms\":3.512}]");
        CorrespondentEntry e = CorrespondentEntry.find(bul, CN).orElseThrow();
        assertEquals(100, e.seq());
        assertEquals(3.512, e.lastRttMs(), 1e-9);
        assertTrue(e.acknowledged(100));
        assertFalse(e.acknowledged(101), "the BA must answer the binding's BU");
        CorrespondentEntry testing = CorrespondentEntry.find(json("[{\"peer\":\"" + CN + "\",\"role\":\"correspondent\","
                + "\"seq\":null,\"state\":\"registering\",\"last_status\":null,\"last_rtt_ms\":null}]"), CN).orElseThrow();
        assertEquals(-1, testing.seq());
        assertFalse(testing.acknowledged(-1));
        assertTrue(CorrespondentEntry.find(bul, "2001:db8:1::12").isEmpty(), "a home agent's row is not a correspondent's");
    }

    @Test
    void theReturnRoutabilityTimeRunsFromItsStartToTheAcknowledgementOfTheBindingsUpdate() {
        RouteOptimisation ro = followed();
        assertEquals(153.5, ro.returnRoutabilityToAckMs().getAsDouble(), 1e-9);
        assertEquals(180, ro.returnRoutabilityToAgentMs().getAsLong());
        assertEquals(82.0, ro.moveToAckMs().getAsDouble(), 1e-9);
    }

    @Test
    void theAcknowledgementArrivedItsRoundTripAfterTheBindingUpdatesLastTransmission() {
        RouteOptimisation ro = followed();
        assertEquals(T0 + 2154, ro.ackMillis(100, 3.5));
        assertEquals(-1, ro.ackMillis(99, 3.5), "no such BU logged");
        assertEquals(-1, ro.ackMillis(100, Double.NaN));
    }

    @Test
    void aRetransmittedBindingUpdateCountsFromItsLastTransmission() {
        RouteOptimisation ro = new RouteOptimisation(CN, HOA);
        ro.started(T0);
        ro.registrationStarted(new MndEvent.CorrespondentRegistrationStarted(Instant.ofEpochMilli(T0), CN, false));
        ro.bindingUpdate(new MndEvent.CorrespondentBindingUpdateSent(Instant.ofEpochMilli(T0 + 100), 5, CN, COA_A, 420, 0));
        ro.bindingUpdate(new MndEvent.CorrespondentBindingUpdateSent(Instant.ofEpochMilli(T0 + 1100), 5, CN, COA_A, 420, 1));
        ro.bindingOnA(binding(COA_A, 5), T0 + 1110);
        ro.roundTripOnA(4.0);
        assertEquals(1104.0, ro.returnRoutabilityToAckMs().getAsDouble(), 1e-9);
    }

    @Test
    void eventsBeforeTheRestartOrFromOtherCorrespondentsDoNotCount() {
        RouteOptimisation ro = new RouteOptimisation(CN, HOA);
        MndEvent.CorrespondentRegistrationStarted early =
                new MndEvent.CorrespondentRegistrationStarted(Instant.ofEpochMilli(T0 - 1), CN, false);
        assertFalse(ro.registrationStarted(early), "not started yet");
        ro.started(T0);
        assertFalse(ro.registrationStarted(early), "logged by the daemon before the restart");
        assertFalse(ro.registrationStarted(new MndEvent.CorrespondentRegistrationStarted(Instant.ofEpochMilli(T0 + 5),
                "2001:db8:c::11", false)));
        assertFalse(ro.bindingUpdate(new MndEvent.CorrespondentBindingUpdateSent(Instant.ofEpochMilli(T0 + 5), 3, CN,
                null, 0, 0)), "a de-registration makes no binding");
        assertTrue(ro.registrationStarted(new MndEvent.CorrespondentRegistrationStarted(Instant.ofEpochMilli(T0 + 5),
                "2001:db8:c:0:0::10", false)));
        assertFalse(ro.registrationStarted(new MndEvent.CorrespondentRegistrationStarted(Instant.ofEpochMilli(T0 + 9), CN,
                false)), "the first start counts");
    }

    @Test
    void theBindingFollowingToBWithIntactTcpPasses() {
        RouteOptimisation ro = followed();
        assertTrue(ro.passed());
        assertEquals("", ro.missing());
        String text = String.join("\n", ro.summaryLines());
        assertTrue(text.contains("cn 2001:db8:c::10: return routability + BU -> BA 153.5 ms (in mad's show bindings by +180 ms,"
                + " polled)"), text);
        assertTrue(text.contains("binding on A: care-of " + COA_A + " (seq 100); on B: care-of " + COA_B + " (seq 101)"), text);
        assertTrue(text.contains("move A -> B: gap 104 ms, 10 of 600 probes lost, BA from B 82 ms after the move start"), text);
        assertTrue(text.contains("mad: 5000 packets (6.2 MB) translated to cn, 5200 packets (6.4 MB) routed to the care-of"
                + " address, 0 Parameter Problems"), text);
        assertTrue(text.contains("TCP cn -> MN 300000 bytes intact, MN -> cn 299000 bytes intact"), text);
        assertTrue(text.contains("PASS: the binding followed to B, TCP intact"), text);
        assertFalse(text.contains("home link"), "no count without tshark");
        ro.homeLink(40, 0);
        assertTrue(String.join("\n", ro.summaryLines()).contains(
                "home link (the home agents' ports): 0 frames of the connection while route-optimised (40 before)"));
    }

    @Test
    void aBindingThatStaysOnAFailsThePhaseAndSaysWhy() {
        RouteOptimisation ro = new RouteOptimisation(CN, HOA);
        ro.started(T0);
        ro.bindingOnA(binding(COA_A, 100), T0 + 2180);
        ro.moved(T0 + 10_000, COA_B);
        ro.noBinding("still care-of " + COA_A + " (seq 100) 20 s after the move");
        ro.tcp(INTACT);
        assertFalse(ro.passed());
        assertEquals("the binding did not follow to B: still care-of " + COA_A + " (seq 100) 20 s after the move",
                ro.missing());
        String text = String.join("\n", ro.summaryLines());
        assertTrue(text.contains("on B: none for " + COA_B), text);
        assertTrue(text.contains("FAIL: the binding did not follow"), text);
        assertTrue(text.contains("mad: no counters"), text);
    }

    @Test
    void aHeldDownCorrespondentExplainsTheMissingBindingAndDamagedTcpFailsToo() {
        RouteOptimisation ro = new RouteOptimisation(CN, HOA);
        ro.started(T0);
        assertTrue(ro.heldDown(new MndEvent.CorrespondentHeldDown(Instant.ofEpochMilli(T0 + 300), CN, 60,
                "no_mipv6_support", "ICMPv6 Parameter Problem")));
        ro.tcp(new TcpVerdict(false, 1000, 900, false, true, 17L, 0, null, 0, "connection reset"));
        assertFalse(ro.passed());
        assertEquals("no binding at the agent (the MN held 2001:db8:c::10 down: no_mipv6_support: ICMPv6 Parameter"
                + " Problem); TCP not intact (connection reset)", ro.missing());
    }

    @Test
    void theHomeLinksFramesAreCountedInTheRouteOptimisedWindows() {
        RouteOptimisation ro = followed();
        double a = (T0 + 2180) / 1000.0 + RouteOptimisation.SETTLE_S;
        double move = (T0 + 10_000) / 1000.0;
        double b = (T0 + 10_100) / 1000.0 + RouteOptimisation.SETTLE_S;
        double end = (T0 + 20_000) / 1000.0;
        double[] w = ro.optimisedWindows(T0 + 20_000);
        assertEquals(4, w.length);
        assertEquals(a, w[0], 1e-6);
        assertEquals(move, w[1], 1e-6);
        assertEquals(b, w[2], 1e-6);
        assertEquals(end, w[3], 1e-6);
        String times = String.join("\n", List.of(Double.toString(a - 0.5), Double.toString(a + 1), "not a time", "",
                Double.toString(move + 0.1), Double.toString(b + 2), Double.toString(end + 1)));
        assertEquals(2, RouteOptimisation.countInWindows(times, w), "one on A, one on B; the move's and the late one not");
        assertEquals(1, RouteOptimisation.countBetween(times, T0 / 1000.0, ro.optimisedFrom()));
        assertEquals(0, new RouteOptimisation(CN, HOA).optimisedWindows(T0).length, "no binding, no window");
    }
}
