package org.roam6.it.mad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.roam6.cli.demo.ProbeLog;
import org.roam6.it.testbed.Commands;
import org.roam6.it.testbed.Directories;
import org.roam6.it.testbed.ExecResult;
import org.roam6.it.testbed.JsonLines;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;
import org.roam6.it.testbed.TestbedRequirements;
import org.roam6.it.testbed.WithTestbed;
import org.roam6.runtime.admin.AdminClient;
import org.roam6.wire.Ipv6Address;

/**
 * The Mobility Agent (paper 003) on the testbed: {@code roam6-mad} on the border router br
 * answers for link C, the correspondent cn is a plain Linux host with no Mobile IPv6 at all,
 * {@code roam6-had} on ha1, {@code roam6-mnd} on mn (RFC 4285-protected home registration, route
 * optimisation with Binding Acknowledgements asked for). Three runs, each with its own TCP port,
 * a TCP connection from cn to the home address carrying a verified byte stream both ways
 * ({@code deploy/testbed/tcpcheck.py}) for {@link #TCP_SECONDS} s with the mobile node on link A:
 * <ol>
 *   <li>without {@code mad}: cn's kernel answers the Return Routability with Parameter Problems,
 *       everything stays in the home agent's tunnel (the baseline);
 *   <li>with {@code mad}: the agent runs Return Routability and takes the Binding Update as cn,
 *       route optimisation takes over, the mobile node moves to B and the binding at the agent
 *       follows; cn pings the home address 100 times a second throughout;
 *   <li>a legacy mobile node ({@code MnMobilityAgentAware disabled}: Care-of Test Init Reserved
 *       octet 0): the agent's Parameter Problem sends it back to the tunnel.
 * </ol>
 * Measured and printed, not asserted as times: the Return Routability + BU -> BA time from the
 * capture of link A, the home link's frames of each run's connection (in the run with {@code mad}
 * per phase: before route optimisation, route-optimised on A, the move, route-optimised on B)
 * against the baseline, and the handover gap seen by cn's probes. Asserted: the data arrived
 * intact in every run, the home link carried none of the connection's packets while it was route
 * optimised, cn never saw a Mobility Header, a Home Address option or a Type 2 routing header,
 * and stopping {@code mad} leaves nothing behind. Pcaps: {@code target/testbed-pcaps/MobilityAgentScenarioTest/}.
 */
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MobilityAgentScenarioTest {

    static final String PYTHON = "/usr/bin/python3";
    static final Path TCPCHECK = Path.of("../deploy/testbed/tcpcheck.py").toAbsolutePath().normalize();
    static final String HOA = "2001:db8:1::100";
    static final String CN = "2001:db8:c::10";
    static final String KEY = "1000 \"4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b\" sha256";
    static final int TCP_SECONDS = 16;
    static final int RATE = 100_000;
    static final int PORT_BASELINE = 5101;
    static final int PORT_ROUTE_OPTIMISED = 5102;
    static final int PORT_LEGACY = 5103;
    static final int PORT_PRE_SHARED_KEY = 5104;
    static final String PSK = "\"5ca1ab1e0ddba11c0ffee0ddf00dfeed\"";
    static final int METRICS_PORT = 9468;
    static final Duration START = Duration.ofSeconds(30);
    /** Frames in flight when a path changes (sent before the binding, queued, retransmitted) are not counted against it. */
    static final double SETTLE_S = 1.0;

    static Path dir;
    static TestbedProcess had;
    static TestbedProcess mad;
    static TestbedProcess mnd;
    static Path madSocket;
    static Path mndSocket;
    static String coaA;
    static String coaB;
    static String madPolicy;
    static int madLifetime;
    /** When the current run started (epoch seconds): its frames are those captured since. */
    static double runStart;

    /** What the baseline run measured, for the comparison. */
    static long baselineFrames = -1;
    static long baselineBytes = -1;

    @BeforeAll
    static void startTheHomeAgentAndPutTheMobileNodeOnLinkA(Testbed tb) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON);
        TestbedRequirements.requireTool("tshark");
        dir = Files.createTempDirectory("r6mad-it");
        madSocket = dir.resolve("mad.sock");
        mndSocket = dir.resolve("mnd.sock");
        Path conf = dir.resolve("had.conf");
        Files.writeString(conf, """
                NodeConfig HA;
                Interface "lan0";
                HaServedPrefix 2001:db8:1::/64;
                HaMaxBindingLife 420;
                MnKey %s %s;
                TunnelInterface "r6had0";
                AdminSocket "%s";
                MetricsPort 0;
                """.formatted(HOA, KEY, dir.resolve("had.sock")));
        had = launch(tb, "ha1", "org.roam6.had.HomeAgentMain", conf, "roam6-had running");
        coaA = norm(tb.move("a").getHostAddress());
        coaB = norm(tb.mnExpectedAddress("b").getHostAddress());
    }

    @AfterAll
    static void removeTheConfigs() throws IOException {
        Directories.deleteTree(dir);
    }

    static TestbedProcess launch(Testbed tb, String node, String main, Path conf, String running) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TestbedProcess p = tb.startProcess(node, java, "-cp", System.getProperty("java.class.path"), main,
                "--config", conf.toString());
        if (!p.awaitOutput(running, START)) {
            fail(main + " did not start on " + node + ":\n" + p.output());
        }
        return p;
    }

    /** mnd on mn's eth0, registered with ha1 from link A once this returns. */
    static TestbedProcess startMobileNode(Testbed tb, boolean agentAware) throws Exception {
        return startMobileNode(tb, agentAware, "");
    }

    static TestbedProcess startMobileNode(Testbed tb, boolean agentAware, String extra) throws Exception {
        if (mnd != null && mnd.isAlive()) {
            mnd.stop();
        }
        if (!"a".equals(tb.mnLink())) {
            tb.move("a");
        }
        if (mad != null && mad.isAlive() && !AdminClient.call(madSocket, "show", "what", "bindings").isEmpty()) {
            // a run that failed half-way left a binding: each run starts with an agent that holds none
            mad = startMobilityAgent(tb, madPolicy, madLifetime);
        }
        runStart = System.currentTimeMillis() / 1000.0;
        Path conf = dir.resolve("mnd.conf");
        Files.writeString(conf, """
                NodeConfig MN;
                MnHomeLink "eth0" {
                    HomeAgentAddress 2001:db8:1::11;
                    HomeAddress %s/64;
                    MnHaKey %s;
                }
                MnMaxHaBindingLife 420;
                MnHomeAgents 1;
                DoRouteOptimizationMN enabled;
                UseCnBuAck enabled;
                MnMobilityAgentAware %s;
                %s
                TunnelInterface "r6mn0";
                AdminSocket "%s";
                MetricsPort 0;
                """.formatted(HOA, KEY, agentAware ? "enabled" : "disabled", extra, mndSocket));
        TestbedProcess p = launch(tb, "mn", "org.roam6.mnd.MobileNodeMain", conf, "roam6-mnd running");
        if (!p.awaitOutput("status 0 (Binding Update accepted)", START)) {
            fail("mnd did not register with its home agent from link A:\n" + p.output());
        }
        return p;
    }

    static TestbedProcess startMobilityAgent(Testbed tb, String policy) throws IOException {
        return startMobilityAgent(tb, policy, 420);
    }

    static TestbedProcess startMobilityAgent(Testbed tb, String policy, int maxLifetime) throws IOException {
        if (mad != null && mad.isAlive()) {
            mad.stop();
        }
        madPolicy = policy;
        madLifetime = maxLifetime;
        Path conf = dir.resolve("mad.conf");
        Files.writeString(conf, """
                NodeConfig CN;
                Interface "lan0";
                MaServedPrefix 2001:db8:c::/64;
                MaLegacyPolicy %s;
                MaPreSharedKey %s %s;
                MaMaxBindingLife %d;
                AdminSocket "%s";
                MetricsPort %d;
                MetricsAddress ::1;
                """.formatted(policy, HOA, PSK, maxLifetime, madSocket, METRICS_PORT));
        return launch(tb, "br", "org.roam6.mad.MobilityAgentMain", conf, "roam6-mad running");
    }

    /** A tcpcheck server on the home address and its client on cn; returns {client, server}. */
    static TestbedProcess[] startTcp(Testbed tb, int port, int seconds) {
        TestbedProcess server = tb.startProcess("mn", PYTHON, TCPCHECK.toString(), "server", "--bind", HOA,
                "--port", Integer.toString(port), "--accept-timeout", "20");
        assertTrue(server.awaitOutput("listening", Duration.ofSeconds(10)), server::output);
        TestbedProcess client = tb.startProcess("cn", PYTHON, TCPCHECK.toString(), "client", "--connect", HOA,
                "--port", Integer.toString(port), "--rate", Integer.toString(RATE), "--duration", Integer.toString(seconds));
        return new TestbedProcess[] {client, server};
    }

    /** Waits for both ends and asserts both directions complete and intact. */
    static void assertIntact(TestbedProcess[] tcp, int seconds, String run) throws IOException {
        int exit = tcp[0].waitFor(Duration.ofSeconds(seconds + 40));
        tcp[1].waitFor(Duration.ofSeconds(15));
        assertEquals(0, exit, () -> run + ": tcpcheck client:\n" + tcp[0].output() + "\nserver:\n" + tcp[1].output());
        JsonNode c = JsonLines.last(tcp[0].output());
        JsonNode s = JsonLines.last(tcp[1].output());
        System.out.println(run + ": tcpcheck client " + c);
        assertTrue(c.get("ok").asBoolean() && s.get("ok").asBoolean(), run + ": both directions complete and intact");
        assertTrue(c.get("bytes_received").asLong() > RATE && s.get("bytes_received").asLong() > RATE,
                run + ": data flowed both ways");
    }

    @Test
    @Order(1)
    void withoutTheAgentTheCorrespondentRefusesReturnRoutabilityAndEverythingCrossesTheHomeAgent(Testbed tb)
            throws Exception {
        mnd = startMobileNode(tb, true);
        TestbedProcess[] tcp = startTcp(tb, PORT_BASELINE, TCP_SECONDS);
        assertIntact(tcp, TCP_SECONDS, "without mad");
        JsonNode rr = AdminClient.call(mndSocket, "show", "what", "stats").get("correspondents");
        assertTrue(rr.get("no_mipv6_support").asLong() >= 1, () -> "cn's kernel refused the test messages: " + rr);
        assertEquals(0, rr.get("bound").asLong(), rr::toString);
        List<double[]> home = frames(tb, "home", "tcp.port==" + PORT_BASELINE);
        baselineFrames = home.size();
        baselineBytes = (long) home.stream().mapToDouble(f -> f[1]).sum();
        System.out.printf("without mad: the home link carried %d frames, %d bytes of the connection%n",
                baselineFrames, baselineBytes);
        assertTrue(baselineFrames > 2L * TCP_SECONDS, "the connection went through the home agent");
        mnd.stop();
    }

    @Test
    @Order(2)
    void withTheAgentRouteOptimisationTakesOverFollowsAMoveAndTheHomeAgentCarriesNothingMeanwhile(Testbed tb)
            throws Exception {
        mad = startMobilityAgent(tb, "parameter-problem");
        mnd = startMobileNode(tb, true);
        int seconds = TCP_SECONDS;
        TestbedProcess ping = tb.startProcess("cn", "ping", "-6", "-n", "-D", "-O", "-i", "0.01",
                "-w", Integer.toString(seconds + 10), HOA);
        TestbedProcess[] tcp = startTcp(tb, PORT_ROUTE_OPTIMISED, seconds);

        JsonNode onA = awaitBinding(coaA, Duration.ofSeconds(20));
        assertEquals(CN, norm(onA.get("cn").asText()));
        sleep(Duration.ofSeconds(6));
        double moveStart = System.currentTimeMillis() / 1000.0;
        tb.move("b");
        JsonNode onB = awaitBinding(coaB, Duration.ofSeconds(20));
        assertTrue(onB.get("seq").asInt() != onA.get("seq").asInt(), "a new registration from B");
        assertIntact(tcp, seconds, "with mad");
        ping.waitFor(Duration.ofSeconds(seconds + 20));

        // signalling on link A: the first Home Test Init out (through the tunnel) to the first BA from cn
        List<double[]> hoti = frames(tb, "a", "mip6.mhtype==1");
        List<double[]> ba = frames(tb, "a", "mip6.mhtype==6 && ipv6.src==" + CN);
        assertFalse(hoti.isEmpty(), "a Home Test Init left link A");
        assertFalse(ba.isEmpty(), "a BA from " + CN + " (sent by mad) reached link A");
        double roA = ba.get(0)[0];
        double rrMs = (roA - hoti.get(0)[0]) * 1000;
        List<double[]> baB = frames(tb, "b", "mip6.mhtype==6 && ipv6.src==" + CN);
        assertFalse(baB.isEmpty(), "a BA from " + CN + " reached link B");
        double roB = baB.get(0)[0];
        List<double[]> cotiB = frames(tb, "b", "mip6.mhtype==2");
        assertFalse(cotiB.isEmpty(), "a Care-of Test Init from B");
        double rrB = (roB - cotiB.get(0)[0]) * 1000;

        // the home link and the connection: per phase
        List<double[]> home = frames(tb, "home", "tcp.port==" + PORT_ROUTE_OPTIMISED);
        long before = count(home, 0, roA + SETTLE_S);
        long optimisedA = count(home, roA + SETTLE_S, moveStart);
        long handover = count(home, moveStart, roB + SETTLE_S);
        long optimisedB = count(home, roB + SETTLE_S, Double.MAX_VALUE);
        long bytes = (long) home.stream().mapToDouble(f -> f[1]).sum();
        List<double[]> direct = frames(tb, "c", "tcp.port==" + PORT_ROUTE_OPTIMISED);
        System.out.printf("with mad: Return Routability + BU -> BA %.1f ms (first HoTI to first BA on link A, cold daemons);"
                + " after the move %.1f ms (Care-of Test Init to BA on link B; the home token is reused)%n", rrMs, rrB);
        System.out.printf("with mad: the home link carried %d frames, %d bytes of the connection (without mad: %d, %d):"
                        + " %d before route optimisation, %d route-optimised on A, %d during the move, %d route-optimised on B%n",
                home.size(), bytes, baselineFrames, baselineBytes, before, optimisedA, handover, optimisedB);
        if (baselineFrames > 0) {
            System.out.printf("with mad: %.1f %% of the baseline's frames and %.1f %% of its bytes crossed the home link%n",
                    100.0 * home.size() / baselineFrames, 100.0 * bytes / baselineBytes);
        }
        assertEquals(0, optimisedA, "no frame of the connection on the home link while route-optimised on A");
        assertEquals(0, optimisedB, "no frame of the connection on the home link while route-optimised on B");
        assertTrue(direct.size() > home.size(), "most of the connection went the direct way on link C");

        // tshark as the independent judge of the upper-layer checksums of the route-optimised forms
        // (pseudo-header over the home address: RFC 6275 6.3, 6.4): with the Type 2 routing header
        // and the Home Address option on link A, translated by mad on link C. cn's own packets are
        // left out: veth checksum offload leaves them partial in the capture. A checksum that the
        // kernel completed in software can be 0xffff, the other form of zero (Linux writes
        // CSUM_MANGLED_0), which tshark tells apart from a bad one (RFC 1624): both count as right.
        String conn = "tcp.port==" + PORT_ROUTE_OPTIMISED;
        for (String[] form : List.of(new String[] {"a", conn + " && ipv6.routing.type == 2", "with a Type 2 routing header"},
                new String[] {"a", conn + " && ipv6.opt.mipv6.home_address", "with a Home Address option"},
                new String[] {"c", conn + " && ipv6.src == " + HOA, "translated by mad for cn"})) {
            int all = frames(tb, form[0], form[1]).size();
            int good = frames(tb, form[0], form[1] + " && tcp.checksum.status == 1").size();
            int zeroAsFfff = frames(tb, form[0], form[1] + " && tcp.checksum.ffff").size();
            int bad = frames(tb, form[0], form[1] + " && tcp.checksum_bad.expert").size();
            System.out.printf("with mad: tshark on link %s, segments %s: %d, checksum good %d, 0xffff for zero %d, bad %d%n",
                    form[0], form[2], all, good, zeroAsFfff, bad);
            assertTrue(all > 100, "segments " + form[2] + ": " + all);
            assertEquals(0, bad, "no bad checksum among the segments " + form[2]);
            assertEquals(all, good + zeroAsFfff, "every segment " + form[2] + " has a right checksum");
        }

        // cn is a plain host: it never saw Mobile IPv6
        assertEquals(0, frames(tb, "c", "mipv6 || ipv6.routing.type == 2 || ipv6.opt.mipv6.home_address").size(),
                "no Mobility Header, Type 2 routing header or Home Address option on link C");

        // the handover gap, from cn's probes
        ProbeLog probes = probes(ping, 10_000);
        long moveMicros = (long) (moveStart * 1_000_000);
        Optional<ProbeLog.Probe> back = probes.restoredAfter(moveMicros, Long.MAX_VALUE);
        assertTrue(back.isPresent(), "echo replies again after the move");
        System.out.printf("with mad: handover A -> B gap %.0f ms (move start to the first echo reply after it),"
                        + " %d probes lost; BA from B %.0f ms after the move start; probes %s%n",
                (back.get().replyMicros() - moveMicros) / 1000.0, probes.stats(moveMicros, Long.MAX_VALUE).lost(),
                (roB - moveStart) * 1000, probes.total());

        JsonNode stats = AdminClient.call(madSocket, "show", "what", "stats");
        System.out.println("mad stats: " + stats);
        JsonNode border = stats.get("border");
        assertTrue(border.get("translated_to_correspondent").asLong() > 100, border::toString);
        assertTrue(border.get("routed_to_care_of").asLong() > 100, border::toString);
        assertEquals(0, border.get("drop_malformed").asLong(), border::toString);
        JsonNode rr = AdminClient.call(mndSocket, "show", "what", "stats").get("correspondents");
        assertEquals(1, rr.get("bound").asLong(), rr::toString);

        // back home, the mobile node de-registers with the correspondent too: the agent drops the binding
        tb.move("home");
        awaitNoBinding(Duration.ofSeconds(20));
        mnd.stop();
    }

    @Test
    @Order(3)
    void aLegacyMobileNodeGetsTheParameterProblemAndStaysOnTheTunnel(Testbed tb) throws Exception {
        long ppBefore = AdminClient.call(madSocket, "show", "what", "stats").get("border").get("parameter_problem_sent").asLong();
        mnd = startMobileNode(tb, false);
        int seconds = TCP_SECONDS / 2;
        TestbedProcess[] tcp = startTcp(tb, PORT_LEGACY, seconds);
        assertIntact(tcp, seconds, "legacy mobile node");
        JsonNode rr = AdminClient.call(mndSocket, "show", "what", "stats").get("correspondents");
        assertTrue(rr.get("no_mipv6_support").asLong() >= 1, () -> "the agent's Parameter Problem held cn down: " + rr);
        assertEquals(0, rr.get("bound").asLong(), rr::toString);
        long pp = AdminClient.call(madSocket, "show", "what", "stats").get("border").get("parameter_problem_sent").asLong();
        assertTrue(pp > ppBefore, "mad sent the Parameter Problem");
        // on link A: the Care-of Test Init with Reserved octet 0 and the Parameter Problem code 1 from cn's address
        List<double[]> answer = frames(tb, "a", "icmpv6.type==4 && icmpv6.code==1 && ipv6.src==" + CN);
        assertFalse(answer.isEmpty(), "a Parameter Problem code 1 from " + CN + " on link A");
        List<double[]> home = frames(tb, "home", "tcp.port==" + PORT_LEGACY);
        System.out.printf("legacy mobile node: the home link carried %d frames of the connection (%d s)%n",
                home.size(), seconds);
        assertTrue(home.size() > 2L * seconds, "the connection stayed in the home agent's tunnel");
        assertTrue(AdminClient.call(madSocket, "show", "what", "bindings").isEmpty(), "no binding at the agent");
        mnd.stop();
    }

    @Test
    @Order(4)
    void withAPreSharedKeyTheBindingUpdateGoesAtOnceWithoutTestMessages(Testbed tb) throws Exception {
        mnd = startMobileNode(tb, true, "MnCnPreSharedKey " + CN + " " + PSK + ";");
        int seconds = TCP_SECONDS / 2;
        TestbedProcess[] tcp = startTcp(tb, PORT_PRE_SHARED_KEY, seconds);
        awaitBinding(coaA, Duration.ofSeconds(20));
        assertIntact(tcp, seconds, "pre-shared key");
        // on link A: no HoTI/CoTI/HoT/CoT in this run, a BU to cn without a Nonce Indices option, the BA from cn
        assertEquals(0, frames(tb, "a", "mip6.mhtype >= 1 && mip6.mhtype <= 4").size(), "no Return Routability test messages");
        List<double[]> bu = frames(tb, "a", "mip6.mhtype == 5 && ipv6.dst == " + CN);
        assertFalse(bu.isEmpty(), "the BU to cn");
        assertEquals(0, frames(tb, "a", "mip6.mhtype == 5 && ipv6.dst == " + CN + " && mip6.ni.hni").size(),
                "no Nonce Indices option in the two-message mode");
        List<double[]> ba = frames(tb, "a", "mip6.mhtype == 6 && ipv6.src == " + CN + " && mip6.ba.status == 0");
        assertFalse(ba.isEmpty(), "cn's (mad's) BA accepted it");
        System.out.printf("pre-shared key: BU -> BA %.1f ms; the home link carried %d frames of the connection%n",
                (ba.get(0)[0] - bu.get(0)[0]) * 1000, frames(tb, "home", "tcp.port==" + PORT_PRE_SHARED_KEY).size());
        JsonNode rr = AdminClient.call(mndSocket, "show", "what", "stats").get("correspondents");
        assertTrue(rr.get("pre_shared_key_updates_sent").asLong() >= 1, rr::toString);
        // mad's metrics endpoint, read inside br
        ExecResult m = tb.exec("br", PYTHON, "-c", "import urllib.request,sys; sys.stdout.write(urllib.request.urlopen("
                + "'http://[::1]:" + METRICS_PORT + "/metrics', timeout=10).read().decode())");
        assertTrue(m.ok(), m::toString);
        assertTrue(m.stdout().contains("roam6_mad_bindings 1"), m.stdout());
        assertTrue(m.stdout().contains("roam6_mad_packets{what=\"routed_to_care_of\"}"), m.stdout());
        tb.move("home");
        awaitNoBinding(Duration.ofSeconds(20));
        mnd.stop();
    }

    @Test
    @Order(5)
    void aBindingInUseGetsABindingRefreshRequestBeforeItEndsAndIsRenewed(Testbed tb) throws Exception {
        // bindings of 12 s: the agent asks for a refresh once a third is left (RFC 6275 9.5.5),
        // before the mobile node's own refresh at 90 %
        mad = startMobilityAgent(tb, "parameter-problem", 12);
        mnd = startMobileNode(tb, true);
        TestbedProcess ping = tb.startProcess("cn", "ping", "-6", "-n", "-D", "-O", "-i", "0.05", "-w", "30", HOA);
        JsonNode first = awaitBinding(coaA, Duration.ofSeconds(20));
        assertEquals(12, first.get("lifetime_s").asInt(), first::toString);
        JsonNode renewed = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (int i = 0; i < 400 && renewed == null && System.nanoTime() < deadline; i++) {
            for (JsonNode b : AdminClient.call(madSocket, "show", "what", "bindings")) {
                if (b.get("seq").asInt() != first.get("seq").asInt()) {
                    renewed = b;
                }
            }
            sleep(Duration.ofMillis(50));
        }
        assertTrue(renewed != null, "the binding was renewed:\n" + mad.output());
        ping.waitFor(Duration.ofSeconds(40));
        List<double[]> brr = frames(tb, "a", "mip6.mhtype == 0 && ipv6.src == " + CN + " && ipv6.routing.type == 2");
        assertFalse(brr.isEmpty(), "a Binding Refresh Request from cn's address with a Type 2 routing header on link A");
        JsonNode signalling = AdminClient.call(madSocket, "show", "what", "stats").get("signalling");
        assertTrue(signalling.get("sent_mh_type_0").asLong() >= 1, signalling::toString);
        JsonNode rr = AdminClient.call(mndSocket, "show", "what", "stats").get("correspondents");
        assertTrue(rr.get("refresh_requests").asLong() >= 1, rr::toString);
        ProbeLog probes = probes(ping, 50_000);
        long brrMicros = (long) (brr.get(0)[0] * 1_000_000);
        System.out.printf("binding refresh: BRR %.1f s after the first binding's BA, renewed seq %d -> %d,"
                        + " probes lost from the BRR on %d (%s in all)%n",
                brr.get(0)[0] - frames(tb, "a", "mip6.mhtype==6 && ipv6.src==" + CN).get(0)[0],
                first.get("seq").asInt(), renewed.get("seq").asInt(),
                probes.stats(brrMicros, Long.MAX_VALUE).lost(), probes.total());
        assertEquals(0, probes.stats(brrMicros, Long.MAX_VALUE).lost(), "the refresh costs no probe");
        tb.move("home");
        awaitNoBinding(Duration.ofSeconds(20));
        mnd.stop();
    }

    @Test
    @Order(6)
    void stoppingTheAgentLeavesNoTableNoRuleNoRouteAndNoTun(Testbed tb) {
        mad.stop();
        assertFalse(mad.isAlive());
        assertTrue(mad.output().contains("roam6-mad stopped"), mad::output);
        assertFalse(tb.exec("br", "ip", "link", "show", "mad0").ok(), "the TUN is gone");
        assertFalse(tb.exec("br", "ip", "-6", "rule").requireOk().stdout().contains("fwmark"), "the rule is gone");
        assertFalse(tb.exec("br", "ip", "-6", "route", "show", "table", "6275").stdout().contains("mad0"), "the route is gone");
        assertFalse(tb.exec("br", "nft", "list", "table", "ip6", "roam6_mad").ok(), "the nftables table is gone");
        assertEquals("1", tb.exec("br", "sysctl", "-n", "net.ipv6.conf.all.forwarding").requireOk().stdout().trim(),
                "br still forwards (it did before)");
    }

    /** The probes of a {@code ping -D -O} run sending every {@code intervalMicros}. */
    static ProbeLog probes(TestbedProcess ping, long intervalMicros) {
        ProbeLog probes = new ProbeLog(intervalMicros);
        ping.output().lines().forEach(probes::take);
        return probes;
    }

    /** The agent's binding of the home address once its care-of address is {@code coa}. */
    static JsonNode awaitBinding(String coa, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        for (int i = 0; i < 1000 && System.nanoTime() < deadline; i++) {
            last = AdminClient.call(madSocket, "show", "what", "bindings");
            for (JsonNode b : last) {
                if (norm(b.get("hoa").asText()).equals(HOA) && norm(b.get("coa").asText()).equals(coa)) {
                    return b;
                }
            }
            sleep(Duration.ofMillis(50));
        }
        fail("no binding of " + HOA + " to " + coa + " at mad within " + within + "; last: " + last
                + "\nmad:\n" + mad.output() + "\nmnd:\n" + mnd.output());
        return null;
    }

    static void awaitNoBinding(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        for (int i = 0; i < 1000 && System.nanoTime() < deadline; i++) {
            last = AdminClient.call(madSocket, "show", "what", "bindings");
            if (last.isEmpty()) {
                return;
            }
            sleep(Duration.ofMillis(50));
        }
        fail("the agent still holds " + last + " within " + within + " after the return home\nmnd:\n" + mnd.output());
    }

    /** {epoch seconds, frame length} of the frames of a link's capture since the run started that match {@code filter}. */
    static List<double[]> frames(Testbed tb, String link, String filter) {
        sleep(Duration.ofMillis(300)); // tcpdump writes packet by packet; let the last ones land
        ExecResult r = Commands.run(List.of("tshark", "-o", "tcp.check_checksum:TRUE", "-r", tb.pcap(link).toString(), "-Y", filter,
                "-T", "fields", "-E", "separator=|", "-e", "frame.time_epoch", "-e", "frame.len"), Duration.ofSeconds(60));
        assertTrue(r.ok(), () -> "tshark on " + link + ": " + r.stderr());
        List<double[]> out = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            String[] f = line.split("\\|");
            if (f.length == 2 && Double.parseDouble(f[0]) >= runStart) {
                out.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
            }
        }
        return out;
    }

    static long count(List<double[]> frames, double from, double to) {
        return frames.stream().filter(f -> f[0] >= from && f[0] < to).count();
    }

    static String norm(String address) {
        return Ipv6Address.parse(address).toString();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
