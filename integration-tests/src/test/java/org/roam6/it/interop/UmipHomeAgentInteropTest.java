package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.it.interop.InteropChecks.await;
import static org.roam6.it.interop.InteropChecks.awaitCount;
import static org.roam6.it.interop.InteropChecks.awaitRows;
import static org.roam6.it.interop.InteropChecks.isFalse;
import static org.roam6.it.interop.InteropChecks.lastJson;
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
 * Interop scenario 2: roam6's mobile node ({@code mnd} in mn) with UMIP's home agent (mip6d in
 * the guest on the home link, 2001:db8:1::13, announcing itself with its own radvd: UMIP refuses
 * registrations with status 132 until it has heard a Router Advertisement with the H flag).
 * Registration from link A, both views compared (mnd's {@code show bul} and UMIP's {@code bc}),
 * ping and a checked TCP stream from the correspondent through UMIP's tunnel, a handover to B,
 * the return home with de-registration. Then issue 7's interop point: {@code mnd} with two home
 * agents (UMIP's and roam6's {@code had} in ha1) sends UMIP a Binding Update with the M bit and
 * the Multiple Home Agents option, which UMIP, a plain RFC 6275 home agent, accepts. Unprotected
 * Binding Updates on both sides (UMIP {@code UseMnHaIPsec disabled}, mnd {@code MnHaUnprotected}).
 */
@RequiresMip6d
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UmipHomeAgentInteropTest {

    static final String HA = "2001:db8:1::13";
    static final String HOA = "2001:db8:1::100";
    static final String PYTHON = "/usr/bin/python3";
    static final Path TCPCHECK = Path.of("../deploy/testbed/tcpcheck.py").toAbsolutePath().normalize();
    static final String RADVD = """
            interface eth0 {
              AdvSendAdvert on;
              MinRtrAdvInterval 0.5;
              MaxRtrAdvInterval 1.5;
              AdvIntervalOpt on;
              AdvDefaultLifetime 0;
              AdvHomeAgentFlag on;
              AdvHomeAgentInfo on;
              HomeAgentPreference 30;
              HomeAgentLifetime 30;
              prefix 2001:db8:1::13/64 {
                AdvOnLink on;
                AdvAutonomous on;
                AdvRouterAddr on;
              };
            };
            """;
    static final String MIP6D = """
            NodeConfig HA;
            DebugLevel 10;
            Interface "eth0";
            UseMnHaIPsec disabled;
            KeyMngMobCapability disabled;
            """;

    static UmipGuest guest;
    static TestbedProcess mnd;
    static TestbedProcess had;
    static Path dir;
    static Path mndSocket;
    static final List<String> timings = new ArrayList<>();
    static long started;

    @BeforeAll
    static void umipIsTheHomeAgentAndMndTheMobileNode(Testbed tb) throws Exception {
        started = System.nanoTime();
        dir = Files.createTempDirectory("r6umipha");
        mndSocket = dir.resolve("mnd.sock");
        guest = UmipGuest.boot(tb, GuestImage.build(Mip6dBinary.require()), "umip-ha", "home", "02:52:36:00:01:02");
        guest.writeShared("radvd.conf", RADVD);
        guest.run("""
                echo 1 > /proc/sys/net/ipv6/conf/all/forwarding
                ip link set eth0 up
                ip -6 addr add 2001:db8:1::13/64 dev eth0 nodad
                ip -6 route add default via 2001:db8:1::1
                radvd -C /share/radvd.conf -p /tmp/radvd.pid -m logfile -l /share/radvd.log &
                sleep 2
                """).requireOk();
        guest.startMip6d(MIP6D);
        assertTrue(tb.awaitPing("hr", tb.address("hr"), InetAddress.getByName(HA), Duration.ofSeconds(10)),
                "the home router reaches UMIP's home agent");
        mnd = Roam6Daemons.mobileNode(tb, dir, mndSocket, HOA, "HomeAgentAddress " + HA + ";",
                "MnHomeAgents 1;\nDoRouteOptimizationMN disabled;");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (mnd != null) {
            mnd.stop();
        }
        if (had != null) {
            had.stop();
        }
        if (guest != null) {
            guest.close();
        }
        System.out.println("UMIP home agent interop: " + String.join("; ", timings) + "; run "
                + (System.nanoTime() - started) / 1_000_000_000 + " s");
        if (dir != null) {
            Directories.deleteTree(dir);
        }
    }

    @Test
    @Order(1)
    void fromLinkAUmipAcceptsTheBindingUpdateAndBothViewsAgree(Testbed tb) throws Exception {
        String coa = norm(tb.move("a").getHostAddress());
        JsonNode row = awaitRow(HA, "registered", coa);
        UmipConsole.Entry e = awaitUmipEntry(coa);
        assertEquals("registered", e.status());
        assertTrue(e.flags().startsWith("AH"), "home registration, acknowledged: " + e.flags());
        assertEquals(row.get("seq").asInt(), e.sequence(), "the same Sequence # on both sides");
        assertTrue(Math.abs(row.get("lifetime_s").asInt() - e.lifetime()) <= 4,
                () -> "granted lifetime: mnd " + row + ", UMIP " + e);
        // on the wire (tshark): mnd's BU without the M bit, UMIP's BA status 0
        List<String[]> bu = awaitRows(tb.pcap("a"), "mipv6 && mip6.mhtype == 5 && ipv6.dst == " + HA,
                "mip6.bu.seqnr", "mip6.bu.m_flag", "mip6.bu.h_flag");
        assertTrue(bu.stream().anyMatch(r -> r[0].equals(Integer.toString(e.sequence())) && isFalse(r[1])
                && !isFalse(r[2])), "BU seq " + e.sequence() + " with H and without M");
        assertBaAccepted(tb.pcap("a"), e.sequence());
        timings.add("BU->BA from A " + row.path("last_rtt_ms").asText("?") + " ms");
    }

    @Test
    @Order(2)
    void theCorrespondentReachesTheHomeAddressThroughUmipsTunnel(Testbed tb) throws Exception {
        assertTrue(tb.awaitPing("cn", tb.cnAddress(), InetAddress.getByName(HOA), Duration.ofSeconds(15)),
                "cn -> home address through UMIP's tunnel");
        TestbedProcess server = tb.startProcess("mn", PYTHON, TCPCHECK.toString(), "server", "--bind", HOA,
                "--port", "47100", "--accept-timeout", "20");
        assertTrue(server.awaitOutput("listening", Duration.ofSeconds(10)), server::output);
        TestbedProcess client = tb.startProcess("cn", PYTHON, TCPCHECK.toString(), "client", "--connect", HOA,
                "--port", "47100", "--rate", "100000", "--duration", "5");
        int rc = client.waitFor(Duration.ofSeconds(60));
        server.waitFor(Duration.ofSeconds(15));
        JsonNode c = lastJson(client.output());
        JsonNode s = lastJson(server.output());
        System.out.println("tcpcheck through UMIP's tunnel: client " + c + " server " + s);
        assertEquals(0, rc, client::output);
        assertTrue(c.get("ok").asBoolean() && s.get("ok").asBoolean(), "both directions intact");
        assertTrue(c.get("bytes_received").asLong() > 50_000 && s.get("bytes_received").asLong() > 50_000);
        String coa = norm(tb.mnAddress().orElseThrow().getHostAddress());
        assertTrue(awaitCount(tb.pcap("home"), "ipv6.src == " + HA + " && ipv6.dst == " + coa + " && ipv6.nxt == 41") > 10,
                "UMIP tunnels to the care-of address (IPv6-in-IPv6 on the home link)");
        assertTrue(awaitCount(tb.pcap("home"), "ipv6.src == " + coa + " && ipv6.dst == " + HA + " && ipv6.nxt == 41") > 10,
                "mnd reverse-tunnels to UMIP");
    }

    @Test
    @Order(3)
    void aHandoverToBMovesUmipsBinding(Testbed tb) throws Exception {
        String coa = norm(tb.move("b").getHostAddress());
        JsonNode row = awaitRow(HA, "registered", coa);
        assertEquals(coa, awaitUmipEntry(coa).careOf());
        assertBaAccepted(tb.pcap("b"), row.get("seq").asInt());
        assertTrue(tb.awaitPing("cn", tb.cnAddress(), InetAddress.getByName(HOA), Duration.ofSeconds(15)));
        timings.add("BU->BA from B " + row.path("last_rtt_ms").asText("?") + " ms");
    }

    @Test
    @Order(4)
    void backHomeTheMobileNodeDeregistersAndUmipForgetsTheBinding(Testbed tb) throws Exception {
        tb.move("home");
        JsonNode row = awaitRow(HA, "idle", null);
        assertTrue(await(() -> UmipConsole.parse(guest.console("bc")).of(HOA) == null, Duration.ofSeconds(20)),
                () -> "UMIP's cache still holds the home address: " + guest.console("bc"));
        List<String[]> ba = awaitRows(tb.pcap("home"), "mipv6 && mip6.mhtype == 6 && ipv6.src == " + HA
                + " && mip6.ba.seqnr == " + row.get("seq").asInt(), "mip6.ba.status", "mip6.ba.lifetime");
        assertEquals("0", ba.get(0)[0], "de-registration accepted");
        assertTrue(tb.awaitPing("cn", tb.cnAddress(), InetAddress.getByName(HOA), Duration.ofSeconds(15)),
                "the home address at home");
        timings.add("de-registration BU->BA " + row.path("last_rtt_ms").asText("?") + " ms");
    }

    /**
     * Issue 7, interop with plain peers: a BU with the M bit and the Multiple Home Agents option
     * (mnd with MnHomeAgents 2: UMIP first, roam6's had in ha1 second) is accepted by UMIP, which
     * ignores the flag and the option. UMIP does not take part in the home agents' heartbeats, so
     * had, not hearing it within the first-contact grace, counts it dead, takes over interception
     * and tells the mobile node, which then keeps had only (documented in had/docs/multiha.md):
     * a plain home agent can hold a binding beside roam6's, not share interception.
     */
    @Test
    @Order(5)
    void aBindingUpdateWithTheMBitAndTheHomeAgentsListIsAcceptedByUmip(Testbed tb) throws Exception {
        mnd.stop();
        Path hadSocket = dir.resolve("had.sock");
        had = Roam6Daemons.homeAgent(tb, "ha1", dir, hadSocket, HOA);
        mnd = Roam6Daemons.mobileNode(tb, dir, mndSocket, HOA,
                "HomeAgentAddress " + HA + ";\n    HomeAgentAddress 2001:db8:1::11;",
                "MnHomeAgents 2;\nDoRouteOptimizationMN disabled;");
        String coa = norm(tb.move("a").getHostAddress());
        UmipConsole.Entry e = awaitUmipEntry(coa);
        assertEquals("registered", e.status());
        List<String[]> bu = awaitRows(tb.pcap("a"), "mipv6 && mip6.mhtype == 5 && ipv6.dst == " + HA
                + " && mip6.bu.seqnr == " + e.sequence(), "mip6.bu.m_flag", "mip6.em.data", "mip6.mobility_opt.len");
        System.out.println("the BU UMIP accepted: M flag " + bu.get(0)[0] + ", experimental option (type 18) "
                + bu.get(0)[1] + ", option lengths " + bu.get(0)[2]);
        assertFalse(isFalse(bu.get(0)[0]), "the BU to UMIP carries the M bit");
        // tshark calls type 18 (RFC 5096) "Experimental" and shows its first 32 octets: Reserved,
        // UMIP's address, the start of had's; Option Length 34 = 2 + 16 x 2 home agents
        String data = bu.get(0)[1].replace(":", "").toLowerCase(java.util.Locale.ROOT);
        String expected = "0000" + "20010db8000100000000000000000013" + "20010db8000100000000000000000011";
        assertTrue(data.length() >= 60 && expected.startsWith(data.substring(0, Math.min(data.length(), expected.length()))),
                "the Multiple Home Agents option lists UMIP then had: " + bu.get(0)[1]);
        assertTrue(List.of(bu.get(0)[2].split(",")).contains("34"), "option length 34: " + bu.get(0)[2]);
        assertBaAccepted(tb.pcap("a"), e.sequence());
        // had: the binding with both home agents listed, then UMIP counted dead (no heartbeats)
        assertTrue(await(() -> {
            try {
                JsonNode stats = AdminClient.call(hadSocket, "show", "what", "stats");
                return stats.path("takeovers").asLong() >= 1;
            } catch (Exception x) {
                return false;
            }
        }, Duration.ofSeconds(20)), "had takes over from the home agent that sends no heartbeats");
        JsonNode bul = awaitRow("2001:db8:1::11", "registered", coa);
        assertNotNull(bul);
        mnd.stop();
    }

    // ------------------------------------------------------------------------------------------

    static JsonNode awaitRow(String peer, String state, String careOf) throws Exception {
        JsonNode[] found = new JsonNode[1];
        boolean ok = await(() -> {
            try {
                for (JsonNode r : AdminClient.call(mndSocket, "show", "what", "bul")) {
                    if (norm(r.path("peer").asText()).equals(norm(peer)) && state.equals(r.path("state").asText())
                            && (careOf == null || careOf.equals(norm(r.path("coa").asText())))) {
                        found[0] = r;
                        return true;
                    }
                }
            } catch (Exception x) {
                return false;
            }
            return false;
        }, Duration.ofSeconds(30));
        assertTrue(ok, () -> "mnd's list has no " + state + " entry for " + peer + " " + careOf + ": " + bulText());
        return found[0];
    }

    static String bulText() {
        try {
            return AdminClient.call(mndSocket, "show", "what", "bul").toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    static UmipConsole.Entry awaitUmipEntry(String careOf) {
        UmipConsole.Entry[] e = new UmipConsole.Entry[1];
        boolean ok = await(() -> {
            e[0] = UmipConsole.parse(guest.console("bc")).of(HOA);
            // "dad" while UMIP checks the home address on the home link, then "registered"
            return e[0] != null && careOf.equals(e[0].careOf()) && "registered".equals(e[0].status());
        }, Duration.ofSeconds(30));
        assertTrue(ok, () -> "UMIP's bc has no binding of " + HOA + " to " + careOf + ":\n" + guest.console("bc")
                + "\n" + tail(guest.mip6dLog()));
        return e[0];
    }

    static void assertBaAccepted(Path pcap, int seq) {
        List<String[]> ba = awaitRows(pcap, "mipv6 && mip6.mhtype == 6 && ipv6.src == " + HA + " && mip6.ba.seqnr == " + seq,
                "mip6.ba.status");
        assertEquals("0", ba.get(0)[0], "UMIP's BA for seq " + seq);
    }
}
