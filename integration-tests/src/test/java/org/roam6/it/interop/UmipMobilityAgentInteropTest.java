package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.it.interop.InteropChecks.await;
import static org.roam6.it.interop.InteropChecks.awaitCount;
import static org.roam6.it.interop.InteropChecks.awaitRows;
import static org.roam6.it.interop.InteropChecks.norm;
import static org.roam6.it.interop.InteropChecks.tail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.roam6.it.testbed.Directories;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;
import org.roam6.it.testbed.WithTestbed;
import org.roam6.runtime.admin.AdminClient;

/**
 * Interop scenario 4: UMIP's mobile node (mip6d in the guest, home address 2001:db8:1::101,
 * route optimisation on) with roam6's home agent ({@code had} in ha1) and roam6's Mobility Agent
 * ({@code mad} on br) in front of the plain correspondent cn. UMIP knows nothing of Mobility
 * Agents: its Care-of Test Init says 0 in the Reserved field.
 * <ol>
 *   <li>With {@code MaLegacyPolicy allow}: the correspondent's pings, tunnelled by had, make
 *       UMIP start route optimisation; {@code mad} answers the Return Routability and takes the
 *       Binding Update as cn; the echo traffic then goes directly (a Type 2 routing header and a
 *       Home Address option on link A, plain packets on link C, none on the home link).
 *   <li>With the default {@code MaLegacyPolicy parameter-problem} (a fresh {@code mad}): the
 *       agent answers UMIP's Care-of Test Init with an ICMPv6 Parameter Problem code 1 pointing
 *       at the Mobility Header's Next Header; UMIP takes cn for a node without Mobile IPv6 and
 *       keeps the traffic in had's tunnel.
 * </ol>
 */
@RequiresMip6d
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UmipMobilityAgentInteropTest {

    static final String HA = "2001:db8:1::11";
    static final String HOA = "2001:db8:1::101";
    static final String CN = "2001:db8:c::10";
    static final String MIP6D = """
            NodeConfig MN;
            DebugLevel 10;
            Interface "eth0";
            UseMnHaIPsec disabled;
            KeyMngMobCapability disabled;
            DoRouteOptimizationMN enabled;
            DoRouteOptimizationCN disabled;
            UseCnBuAck enabled;
            MnRouterProbes 1;
            MnHomeLink "eth0" {
                HomeAgentAddress 2001:db8:1::11;
                HomeAddress 2001:db8:1::101/64;
            }
            """;

    static UmipGuest guest;
    static TestbedProcess had;
    static TestbedProcess mad;
    static Path dir;
    static Path hadSocket;
    static Path madSocket;
    static final List<String> results = new ArrayList<>();
    static final String COA = norm("2001:db8:a:0:52:36ff:fe00:101");

    @BeforeAll
    static void hadHomeAgentMadAgentUmipMobileNodeOnLinkA(Testbed tb) throws Exception {
        dir = Files.createTempDirectory("r6umipma");
        hadSocket = dir.resolve("had.sock");
        madSocket = dir.resolve("mad.sock");
        had = Roam6Daemons.homeAgent(tb, "ha1", dir, hadSocket, HOA);
        mad = Roam6Daemons.mobilityAgent(tb, dir, madSocket, "allow");
        guest = UmipGuest.boot(tb, GuestImage.build(Mip6dBinary.require()), "umip-ma", "home", "02:52:36:00:01:01");
        InteropChecks.startUmipMobileNodeAtHome(guest, MIP6D, HOA);
        guest.move("a");
        assertTrue(await(() -> hadBinding(COA), Duration.ofSeconds(40)),
                () -> "UMIP registered with had from A: " + tail(guest.mip6dLog()));
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (guest != null) {
            guest.close();
        }
        if (mad != null) {
            mad.stop();
        }
        if (had != null) {
            had.stop();
        }
        System.out.println("UMIP with mad: " + String.join("; ", results));
        if (dir != null) {
            Directories.deleteTree(dir);
        }
    }

    static boolean hadBinding(String careOf) {
        try {
            for (JsonNode b : AdminClient.call(hadSocket, "show", "what", "bindings")) {
                if (norm(b.path("hoa").asText()).equals(norm(HOA)) && careOf.equals(norm(b.path("coa").asText()))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode madBindings() {
        try {
            return AdminClient.call(madSocket, "show", "what", "bindings");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode madStats() {
        try {
            return AdminClient.call(madSocket, "show", "what", "stats");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Pings the home address from cn for a while (UMIP starts route optimisation on tunnelled traffic). */
    static TestbedProcess pingFromCn(Testbed tb, int seconds) {
        return tb.startProcess("cn", "ping", "-6", "-n", "-i", "0.2", "-w", Integer.toString(seconds), HOA);
    }

    @Test
    @Order(1)
    void withLegacyRouteOptimisationAllowedUmipRegistersWithTheAgentAndTrafficGoesDirect(Testbed tb) throws Exception {
        TestbedProcess ping = pingFromCn(tb, 40);
        boolean bound = await(() -> {
            for (JsonNode b : madBindings()) {
                if (norm(b.path("hoa").asText()).equals(norm(HOA)) && COA.equals(norm(b.path("coa").asText()))) {
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(40));
        assertTrue(bound, () -> "mad holds UMIP's binding: " + madBindings() + "\nmad:\n" + tail(mad.output())
                + "\nUMIP:\n" + tail(guest.mip6dLog()));
        JsonNode b = madBindings().get(0);
        assertEquals(CN, norm(b.path("cn").asText()));
        // UMIP's list has the correspondent's entry, acknowledged by mad's BA
        assertTrue(await(() -> guest.console("bul").contains("CN address") && UmipConsole.parse(guest.console("bul"))
                .entries().stream().anyMatch(e -> CN.equals(e.peer()) && e.status() != null && e.status().startsWith("ack ready")), Duration.ofSeconds(20)),
                () -> "UMIP's bul: " + guest.console("bul"));
        double mark = System.currentTimeMillis() / 1000.0 + 1;
        Thread.sleep(4000);
        ping.waitFor(Duration.ofSeconds(50));
        // on the wire: UMIP's CoTI (Reserved 0) answered with a CoT, a BU answered with an accepted BA from cn's address
        List<String[]> coti = awaitRows(tb.pcap("a"), "mip6.mhtype == 2 && ipv6.dst == " + CN, "mip6.coti.cookie");
        assertFalse(coti.isEmpty(), "UMIP's Care-of Test Init to cn");
        assertTrue(madStats().get("signalling").path("sent_mh_type_4").asLong() >= 1, "mad's Care-of Test answered it");
        List<String[]> ba = awaitRows(tb.pcap("a"), "mip6.mhtype == 6 && ipv6.src == " + CN, "mip6.ba.status");
        assertEquals("0", ba.get(0)[0], "mad accepted UMIP's BU");
        // the echo traffic directly: requests to the care-of address with a Type 2 routing header,
        // replies from it with a Home Address option, plain on link C, and none on the home link after the binding
        assertTrue(awaitCount(tb.pcap("a"), "icmpv6.type == 128 && ipv6.routing.type == 2 && ipv6.dst == " + COA) > 5,
                "echo requests reach UMIP with a Type 2 routing header");
        assertTrue(awaitCount(tb.pcap("a"), "icmpv6.type == 129 && ipv6.opt.mipv6.home_address == " + HOA) > 5,
                "UMIP's echo replies leave with a Home Address option");
        assertTrue(awaitCount(tb.pcap("c"), "icmpv6.type == 129 && ipv6.src == " + HOA + " && !ipv6.opt.mipv6.home_address") > 5,
                "cn gets plain echo replies from the home address");
        assertEquals(0, awaitCountAfter(tb, "home", "icmpv6.type == 129 || icmpv6.type == 128", mark),
                "no echo on the home link once route-optimised");
        JsonNode border = madStats().get("border");
        results.add("allow: mad bound UMIP's home address, translated " + border.get("translated_to_correspondent")
                + " and routed " + border.get("routed_to_care_of") + " packets");
        assertTrue(border.get("translated_to_correspondent").asLong() > 5, border::toString);
        assertTrue(border.get("routed_to_care_of").asLong() > 5, border::toString);
    }

    @Test
    @Order(2)
    void underTheDefaultPolicyTheAgentsParameterProblemSendsUmipBackToTheTunnel(Testbed tb) throws Exception {
        mad.stop();
        mad = Roam6Daemons.mobilityAgent(tb, dir, madSocket, "parameter-problem");
        double mark = System.currentTimeMillis() / 1000.0;
        // the fresh agent has no binding: UMIP's next packets with a Home Address option get a
        // Binding Error, UMIP runs the tests again, and its CoTI (Reserved 0) gets the Parameter Problem
        TestbedProcess ping = pingFromCn(tb, 30);
        assertTrue(await(() -> madStats().get("border").get("parameter_problem_sent").asLong() > 0, Duration.ofSeconds(40)),
                () -> "mad sent a Parameter Problem: " + madStats() + "\nUMIP:\n" + tail(guest.mip6dLog()));
        Thread.sleep(6000);
        ping.waitFor(Duration.ofSeconds(40));
        assertTrue(madBindings().isEmpty(), () -> "no binding at mad: " + madBindings());
        assertTrue(awaitCount(tb.pcap("a"), "icmpv6.type == 4 && icmpv6.code == 1 && ipv6.src == " + CN) > 0,
                "the Parameter Problem from cn's address reached UMIP");
        assertTrue(guest.mip6dLog().contains("CN doesn't implement MH handling"),
                () -> "UMIP took cn for a node without Mobile IPv6:\n" + tail(guest.mip6dLog()));
        // the echo traffic is back in had's tunnel: requests tunnelled to the care-of address, replies reverse-tunnelled
        assertTrue(awaitCountAfter(tb, "home", "icmpv6.type == 128 && ipv6.nxt == 41", mark + 8) > 5,
                "echo requests go through had's tunnel again");
        JsonNode stats = madStats();
        results.add("parameter-problem: mad sent " + stats.get("border").get("parameter_problem_sent")
                + " Parameter Problem(s) and " + stats.get("border").get("binding_error_sent")
                + " Binding Error(s); UMIP fell back to the tunnel");
    }

    /** Frames of a link's capture matching {@code filter} after {@code fromEpoch} seconds. */
    static long awaitCountAfter(Testbed tb, String link, String filter, double fromEpoch) {
        try {
            Thread.sleep(500); // tcpdump writes packet by packet; let the last ones land
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String[]> rows = Tshark.rows(tb.pcap(link), filter, "frame.time_epoch");
        return rows.stream().filter(r -> Double.parseDouble(r[0]) >= fromEpoch).count();
    }
}
