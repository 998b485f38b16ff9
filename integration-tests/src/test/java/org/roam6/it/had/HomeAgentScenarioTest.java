package org.roam6.it.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.roam6.it.testbed.Commands;
import org.roam6.it.testbed.Directories;
import org.roam6.it.testbed.ExecResult;
import org.roam6.it.testbed.MoveMode;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;
import org.roam6.it.testbed.TestbedRequirements;
import org.roam6.it.testbed.WithTestbed;
import org.roam6.runtime.admin.AdminClient;
import org.roam6.runtime.admin.AdminJson;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;

/**
 * The home agent daemon ({@code org.roam6.had.HomeAgentMain}, the real process) on the testbed's
 * ha1, and a mobile node away from home on link A played by Scapy
 * ({@code src/test/python/had_mn.py}), step by step (RFC 6275 10.3-10.6, 9.2, 9.3.1):
 * registration with a BA through a Type 2 routing header; the correspondent's echo to the home
 * address intercepted and tunnelled to the care-of address; the reverse-tunnelled reply counted
 * by the correspondent's ping; spoofed inner sources dropped; Mobile Prefix Discovery and DHAAD;
 * malformed BUs answered as RFC 6275 9.2 says with the daemon staying up; de-registration ending
 * interception; SIGTERM leaving no nftables table, TUN or proxy entry behind. The steps share one
 * daemon and run in order. Pcaps of every link: {@code target/testbed-pcaps/HomeAgentScenarioTest/}.
 */
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HomeAgentScenarioTest {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("src/test/python/had_mn.py").toAbsolutePath();
    static final String HOA = "2001:db8:1::100";
    /** A home address nobody registered: a reverse-tunnelled packet from it is spoofed. */
    static final String UNBOUND_HOA = "2001:db8:1::200";
    /** A care-of address on link A that is not the registered one. */
    static final String OTHER_COA = "2001:db8:a::99";
    static final int METRICS_PORT = 19466;
    static final Duration STEP = Duration.ofSeconds(30);

    static Path dir;
    static Path socket;
    static TestbedProcess daemon;
    static String ha;
    static String coa;
    static String cn;
    static String proxyNdpBefore;
    static int sequence = 10;

    @BeforeAll
    static void startTheHomeAgentWithTheMobileNodeOnLinkA(Testbed tb) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON + " with Scapy");
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " exists");
        ha = norm(tb.address("ha1").getHostAddress());
        cn = norm(tb.cnAddress().getHostAddress());
        coa = norm(tb.move("a", MoveMode.CLEAN).getHostAddress());
        assertEquals(norm(tb.mnExpectedAddress("a").getHostAddress()), coa, "the MN's SLAAC address on link A");
        // `move --clean` also drops the on-link route of the home prefix learnt at home: with it
        // the MN would look for its home agent on link A
        assertFalse(tb.exec("mn", "ip", "-6", "route", "show", "2001:db8:1::/64").requireOk().stdout().contains("eth0"),
                "no on-link home prefix on link A");
        proxyNdpBefore = tb.exec("ha1", "sysctl", "-n", "net.ipv6.conf.lan0.proxy_ndp").requireOk().stdout().strip();

        dir = Files.createTempDirectory("r6had-it");
        socket = dir.resolve("had.sock");
        Path conf = dir.resolve("had.conf");
        Files.writeString(conf, """
                NodeConfig HA;
                Interface "lan0";
                HaServedPrefix 2001:db8:1::/64;
                HaMaxBindingLife 420;
                MnUnprotected %s;
                SendMobPfxAdvs enabled;
                HomeAgentPreference 20;
                HomeAgentLifetime 1800;
                TunnelInterface "r6had0";
                AdminSocket "%s";
                MetricsPort %d;
                """.formatted(HOA, socket, METRICS_PORT));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        daemon = tb.startProcess("ha1", java, "-cp", System.getProperty("java.class.path"),
                "org.roam6.had.HomeAgentMain", "--config", conf.toString());
        if (!daemon.awaitOutput("roam6-had running", STEP)) {
            fail("the home agent did not start:\n" + daemon.output());
        }
    }

    @AfterAll
    static void removeTheConfig() throws IOException {
        Directories.deleteTree(dir);
    }

    @Test
    @Order(1)
    void theDaemonRunsEveryPartInOrderWithItsAddressFoundOnTheHomeLink(Testbed tb) throws Exception {
        JsonNode status = AdminClient.call(socket, "status");
        List<String> parts = new ArrayList<>();
        status.get("parts").forEach(p -> parts.add(p.asText()));
        assertEquals(List.of("timers", "metrics endpoint", "kernel Parameter Problem filter", "tunnel forwarder",
                "proxy neighbour discovery", "peer monitor", "home agents list", "DHAAD responder", "mobile prefix responder",
                "mobility signalling", "binding lifetime sweep", "binding refresh requests", "metrics refresh",
                "admin socket"), parts);
        assertTrue(daemon.output().contains("home agent address " + ha + " (found on lan0)"), daemon::output);
        tb.exec("ha1", "nft", "list", "table", "ip6", "roam6_had").requireOk();
        assertTrue(tb.exec("ha1", "ip", "link", "show", "r6had0").requireOk().stdout().contains("UP"));
        assertEquals("1", tb.exec("ha1", "sysctl", "-n", "net.ipv6.conf.lan0.proxy_ndp").requireOk().stdout().strip());
        // the Home-Agents anycast address is joined on the home link (RFC 6275 10.5)
        String anycast = tb.exec("ha1", "cat", "/proc/net/anycast6").requireOk().stdout();
        assertTrue(anycast.contains("20010db800010000fdfffffffffffffe"), "anycast joined:\n" + anycast);
    }

    @Test
    @Order(2)
    void bindingUpdateWithHomeAddressAndAlternateCareOfGetsAcceptedBaThroughType2RoutingHeader(Testbed tb)
            throws Exception {
        int seq = sequence++;
        JsonNode ba = scapyOne(tb, "bu", "--ha", ha, "--hoa", HOA, "--coa", coa, "--seq", Integer.toString(seq),
                "--life", "100");
        assertTrue(ba.get("ba").asBoolean(), ba::toString);
        assertEquals(0, ba.get("status").asInt());
        assertEquals(seq, ba.get("seq").asInt());
        assertEquals(100, ba.get("lifetime").asInt());
        assertEquals(ha, norm(ba.get("src").asText()));
        assertEquals(coa, norm(ba.get("dst").asText()));
        assertEquals(1, ba.get("rh2").get("segleft").asInt());
        assertEquals(HOA, norm(ba.get("rh2").get("addresses").get(0).asText()));
        // the same BA through roam6's walker: the MH checksum is over HA -> HoA (RFC 6275 6.1.1)
        byte[] bytes = Bytes.fromHex(ba.get("hex").asText());
        Ipv6Packet p = new Ipv6Packet();
        assertNull(p.parse(bytes, 0, bytes.length));
        assertTrue(p.upperLayerChecksumValid(), "MH checksum over HA -> HoA");
        MobilityMessage.BindingAcknowledgement m = (MobilityMessage.BindingAcknowledgement)
                MobilityHeaderCodec.decode(bytes, p.upperLayerOffset(), p.upperLayerLength()).value();
        assertEquals(seq, m.sequence());
        System.out.printf("BU -> BA round trip seen by the Scapy MN: %.3f ms%n", ba.get("rtt_ms").asDouble());
        buToBaInTheCapture(tb, seq);

        JsonNode bindings = AdminClient.call(socket, "show", "what", "bindings");
        assertEquals(1, bindings.size(), bindings::toString);
        assertEquals(HOA, bindings.get(0).get("hoa").asText());
        assertEquals(coa, bindings.get(0).get("coa").asText());
        assertEquals(400, bindings.get(0).get("lifetime_s").asInt());
        // interception set up: /128 into the TUN, proxy entry on the home link (RFC 6275 10.4.1)
        assertTrue(tb.exec("ha1", "ip", "-6", "route", "show", HOA + "/128").requireOk().stdout().contains("dev r6had0"));
        assertTrue(tb.exec("ha1", "ip", "-6", "neigh", "show", "proxy").requireOk().stdout().contains(HOA));
    }

    /** The BU and its BA in the capture of link A: both there, the BA after the BU. */
    private static void buToBaInTheCapture(Testbed tb, int seq) {
        TestbedRequirements.requireTool("tshark");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String bu = null;
        String baTime = null;
        for (int i = 0; i < 50 && System.nanoTime() < deadline && (bu == null || baTime == null); i++) {
            ExecResult r = Commands.run(List.of("tshark", "-r", tb.pcap("a").toString(), "-Y", "mipv6",
                    "-T", "fields", "-E", "separator=|", "-e", "frame.time_epoch", "-e", "mip6.mhtype",
                    "-e", "mip6.bu.seqnr", "-e", "mip6.ba.seqnr"), Duration.ofSeconds(20));
            for (String line : r.stdout().split("\n")) {
                String[] f = line.split("\\|", -1);
                if (f.length < 4) {
                    continue;
                }
                if (f[1].equals("5") && f[2].equals(Integer.toString(seq))) {
                    bu = f[0];
                } else if (f[1].equals("6") && f[3].equals(Integer.toString(seq))) {
                    baTime = f[0];
                }
            }
            if (bu == null || baTime == null) {
                sleep(100);
            }
        }
        assertNotNull(bu, "the BU is in the capture of link A");
        assertNotNull(baTime, "the BA is in the capture of link A");
        double ms = (Double.parseDouble(baTime) - Double.parseDouble(bu)) * 1000;
        System.out.printf("BU -> BA on link A (capture): %.3f ms%n", ms);
        assertTrue(ms > 0 && ms < 2000, "BA " + ms + " ms after the BU");
    }

    @Test
    @Order(3)
    void echoToTheHomeAddressArrivesEncapsulatedAndTheReverseTunnelledReplyReachesTheCorrespondent(Testbed tb)
            throws Exception {
        JsonNode before = AdminClient.call(socket, "show", "what", "stats").get("tunnel");
        TestbedProcess mn = tb.startProcess("mn", PYTHON, SCRIPT.toString(), "responder", "--ha", ha, "--hoa", HOA,
                "--coa", coa, "--count", "3", "--timeout", "20");
        assertTrue(mn.awaitOutput("\"ready\"", Duration.ofSeconds(15)), mn::output);
        ExecResult ping = tb.exec("cn", STEP, "ping", "-6", "-n", "-c", "3", "-i", "0.5", "-W", "3", HOA);
        mn.waitFor(Duration.ofSeconds(25));
        mn.stop();
        assertTrue(ping.ok(), ping::describe);
        Matcher rx = Pattern.compile("(\\d+) received").matcher(ping.stdout());
        assertTrue(rx.find(), ping.stdout());
        int received = Integer.parseInt(rx.group(1));
        assertTrue(received >= 1, ping.stdout());
        List<JsonNode> requests = jsonLines(mn.output()).stream().filter(j -> j.has("request")).toList();
        assertTrue(requests.size() >= received, mn.output());
        for (JsonNode r : requests) {
            // RFC 6275 10.4.2 / RFC 2473: outer HA -> CoA, inner the packet as the CN sent it
            assertEquals(ha, norm(r.get("outer_src").asText()));
            assertEquals(coa, norm(r.get("outer_dst").asText()));
            assertEquals(HOA, norm(r.get("inner_dst").asText()));
            assertEquals(cn, norm(r.get("inner_src").asText()));
        }
        JsonNode after = awaitStats(s -> s.get("tunnel").get("reverse_tunnelled_packets").asLong()
                >= before.get("reverse_tunnelled_packets").asLong() + received);
        assertTrue(after.get("tunnel").get("forwarded_packets").asLong()
                >= before.get("forwarded_packets").asLong() + requests.size(), after::toString);
        System.out.println("CN ping through the home agent: " + ping.stdout().lines()
                .filter(l -> l.contains("received") || l.contains("rtt")).toList());
    }

    @Test
    @Order(4)
    void spoofedInnerSourcesAreDroppedAndNeverReachTheCorrespondent(Testbed tb) throws Exception {
        JsonNode before = AdminClient.call(socket, "show", "what", "stats").get("tunnel").get("drops").get("reverse");
        // ICMPv6 echo requests with our identifiers arriving at the CN (type at 40, id at 44: no extension header)
        TestbedProcess dump = tb.startProcess("cn", "timeout", "8", "tcpdump", "-i", "lan0", "-n", "-l",
                "icmp6 and ip6[40] == 128 and (ip6[44:2] == 0x5300 or ip6[44:2] == 0x5301 or ip6[44:2] == 0x5302)");
        assertTrue(dump.awaitOutput("listening on", Duration.ofSeconds(10)), dump::output);
        // the control: a good reverse-tunnelled packet does arrive
        scapyOne(tb, "reverse", "--ha", ha, "--outer-src", coa, "--inner-src", HOA, "--dst", cn, "--id", "21248");
        // RFC 6275 10.4.5: inner source not a home address bound to the outer source
        scapyOne(tb, "reverse", "--ha", ha, "--outer-src", coa, "--inner-src", UNBOUND_HOA, "--dst", cn, "--id", "21249");
        scapyOne(tb, "reverse", "--ha", ha, "--outer-src", OTHER_COA, "--inner-src", HOA, "--dst", cn, "--id", "21250");
        dump.waitFor(Duration.ofSeconds(15));
        String seen = dump.output();
        assertTrue(seen.contains("id 21248"), "the genuine packet reached the CN:\n" + seen);
        assertFalse(seen.contains("id 21249"), "spoofed inner source reached the CN:\n" + seen);
        assertFalse(seen.contains("id 21250"), "packet from a foreign care-of address reached the CN:\n" + seen);
        JsonNode after = awaitStats(s -> {
            JsonNode r = s.get("tunnel").get("drops").get("reverse");
            return r.get("no_binding").asLong() >= before.get("no_binding").asLong() + 1
                    && r.get("care_of_mismatch").asLong() >= before.get("care_of_mismatch").asLong() + 1;
        });
        System.out.println("reverse-tunnel drops: " + after.get("tunnel").get("drops").get("reverse"));
    }

    @Test
    @Order(5)
    void mobilePrefixSolicitationBehindTheHomeAddressOptionGetsAnAdvertisementAtTheCareOfAddress(Testbed tb)
            throws Exception {
        JsonNode mpa = scapyOne(tb, "mps", "--ha", ha, "--hoa", HOA, "--coa", coa, "--id", "4711");
        assertTrue(mpa.get("mpa").asBoolean(), mpa::toString);
        assertEquals(4711, mpa.get("id").asInt());
        assertEquals(ha, norm(mpa.get("src").asText()));
        assertEquals(coa, norm(mpa.get("dst").asText()));
        assertEquals(HOA, norm(mpa.get("rh2").get("addresses").get(0).asText()));
        assertEquals("2001:db8:1::/64", mpa.get("prefixes").get(0).asText());
        assertEquals(1, AdminClient.call(socket, "show", "what", "stats").get("mobile_prefix").get("advertised").asLong());
    }

    @Test
    @Order(6)
    void dhaadRequestToTheHomeAgentsAnycastAddressListsBothHomeAgentsByPreference(Testbed tb) throws Exception {
        String anycast = tb.env().get("HA_ANYCAST");
        assertNotNull(anycast, "testbed env HA_ANYCAST");
        JsonNode reply = scapyOne(tb, "dhaad", "--coa", coa, "--anycast", anycast, "--id", "4242");
        assertTrue(reply.get("reply").asBoolean(), reply::toString);
        assertEquals(4242, reply.get("id").asInt());
        assertEquals(ha, norm(reply.get("src").asText()), "from ha1's unicast address, not the anycast one");
        assertEquals(coa, norm(reply.get("dst").asText()));
        List<String> addresses = new ArrayList<>();
        reply.get("addresses").forEach(a -> addresses.add(norm(a.asText())));
        // ha1 (this daemon, preference 20) before ha2 (radvd, preference 10): RFC 6275 10.5
        assertEquals(List.of(ha, norm(tb.address("ha2").getHostAddress())), addresses);
        JsonNode agents = AdminClient.call(socket, "show", "what", "home-agents");
        assertTrue(agents.size() >= 2, agents::toString);

        // RFC 3963's R flag: a mobile router asks; neither home agent serves mobile routers
        // (HaAcceptMobRtr disabled here, no R bit in ha2's Home Agent Information option)
        JsonNode forRouters = scapyOne(tb, "dhaad", "--coa", coa, "--anycast", anycast, "--id", "4243",
                "--mobile-router", "1");
        assertTrue(forRouters.get("reply").asBoolean(), forRouters::toString);
        assertEquals(1, forRouters.get("R").asInt());
        assertEquals(0, forRouters.get("addresses").size(), forRouters::toString);
    }

    @Test
    @Order(7)
    void malformedBindingUpdatesGetTheAnswersOfRfc6275Section9_2AndTheDaemonStaysUp(Testbed tb) throws Exception {
        JsonNode badLen = scapyOne(tb, "malformed", "--kind", "badlen", "--ha", ha, "--hoa", HOA, "--coa", coa,
                "--timeout", "3");
        assertEquals("parameter_problem", badLen.get("answer").asText(), badLen::toString);
        assertEquals(0, badLen.get("code").asInt());
        assertEquals(40 + 24 + 1, badLen.get("pointer").asInt(), "points at the Header Len field");

        JsonNode unknown = scapyOne(tb, "malformed", "--kind", "unknowntype", "--ha", ha, "--hoa", HOA, "--coa", coa,
                "--timeout", "3");
        assertEquals("binding_error", unknown.get("answer").asText(), unknown::toString);
        assertEquals(2, unknown.get("status").asInt());
        assertEquals(HOA, norm(unknown.get("ha").asText()));

        JsonNode badSum = scapyOne(tb, "malformed", "--kind", "badsum", "--ha", ha, "--hoa", HOA, "--coa", coa,
                "--timeout", "2");
        assertTrue(badSum.get("answer").isNull(), "silence for a bad checksum: " + badSum);

        assertTrue(daemon.isAlive(), daemon::output);
        assertEquals("roam6-had", AdminClient.call(socket, "status").get("daemon").asText());
        JsonNode stats = AdminClient.call(socket, "show", "what", "stats");
        assertTrue(stats.get("drops").get("bad_checksum").asLong() >= 1, stats::toString);
        assertTrue(stats.get("parameter_problems_sent").asLong() >= 1, stats::toString);
        assertTrue(stats.get("binding_errors_sent").get("2").asLong() >= 1, stats::toString);
        assertEquals(1, AdminClient.call(socket, "show", "what", "bindings").size(), "the binding is untouched");
    }

    @Test
    @Order(8)
    void deRegistrationIsAcknowledgedAndEndsInterception(Testbed tb) throws Exception {
        int seq = sequence++;
        JsonNode ba = scapyOne(tb, "bu", "--ha", ha, "--hoa", HOA, "--coa", coa, "--seq", Integer.toString(seq),
                "--life", "0");
        assertEquals(0, ba.get("status").asInt(), ba::toString);
        assertEquals(0, ba.get("lifetime").asInt());
        assertEquals(0, AdminClient.call(socket, "show", "what", "bindings").size());
        assertFalse(tb.exec("ha1", "ip", "-6", "neigh", "show", "proxy").requireOk().stdout().contains(HOA),
                "proxy entry gone");
        assertTrue(tb.exec("ha1", "ip", "-6", "route", "show", HOA + "/128").requireOk().stdout().isBlank(),
                "route into the TUN gone");

        long forwarded = AdminClient.call(socket, "show", "what", "stats").get("tunnel").get("forwarded_packets").asLong();
        TestbedProcess mn = tb.startProcess("mn", PYTHON, SCRIPT.toString(), "responder", "--ha", ha, "--hoa", HOA,
                "--coa", coa, "--count", "1", "--timeout", "8");
        assertTrue(mn.awaitOutput("\"ready\"", Duration.ofSeconds(15)), mn::output);
        ExecResult ping = tb.exec("cn", STEP, "ping", "-6", "-n", "-c", "2", "-i", "0.5", "-W", "1", HOA);
        mn.waitFor(Duration.ofSeconds(12));
        mn.stop();
        assertFalse(ping.ok(), "the CN's ping must not be answered any more: " + ping.describe());
        assertTrue(jsonLines(mn.output()).stream().noneMatch(j -> j.has("request")), mn.output());
        assertEquals(forwarded,
                AdminClient.call(socket, "show", "what", "stats").get("tunnel").get("forwarded_packets").asLong());
    }

    @Test
    @Order(9)
    void metricsCarryTheTunnelDiscoveryAndSignallingCounters(Testbed tb) {
        String[] wanted = {
            "roam6_had_tunnelled_packets_total{direction=\"forward\"}",
            "roam6_had_tunnelled_packets_total{direction=\"reverse\"}",
            "roam6_had_tunnelled_bytes_total{direction=\"forward\"}",
            "roam6_had_tunnel_drops_total{direction=\"reverse\",reason=\"no_binding\"} 1",
            "roam6_had_tunnel_drops_total{direction=\"reverse\",reason=\"care_of_mismatch\"} 1",
            "roam6_had_dhaad_replies_total 2",
            "roam6_had_mobile_prefix_advertisements_total 1",
            "roam6_had_binding_acks_total{status=\"0\"} 2",
            "roam6_had_parameter_problems_total 1",
            "roam6_had_bindings 0",
        };
        String text = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < 50 && System.nanoTime() < deadline; i++) {
            text = tb.exec("ha1", Duration.ofSeconds(10), "curl", "-s", "http://127.0.0.1:" + METRICS_PORT + "/metrics")
                    .stdout();
            String t = text;
            if (Stream.of(wanted).allMatch(t::contains)) {
                return;
            }
            sleep(300);
        }
        String t = text;
        fail("missing " + Stream.of(wanted).filter(w -> !t.contains(w)).toList() + " in\n"
                + text.lines().filter(l -> l.startsWith("roam6_had")).toList());
    }

    @Test
    @Order(10)
    void sigtermStopsTheDaemonCleanlyLeavingNoTableTunOrProxyEntry(Testbed tb) {
        ProcessHandle.of(daemon.pid()).ifPresent(ProcessHandle::destroy);
        int exit = daemon.waitFor(STEP);
        assertEquals(143, exit, () -> "exit status after SIGTERM\n" + daemon.output());
        String log = daemon.output();
        assertTrue(log.contains("roam6-had stopped"), log);
        assertFalse(log.contains("did not stop in time"), log);
        assertFalse(tb.exec("ha1", "nft", "list", "table", "ip6", "roam6_had").ok(), "nftables table removed");
        assertFalse(tb.exec("ha1", "ip", "link", "show", "r6had0").ok(), "TUN device gone");
        assertTrue(tb.exec("ha1", "ip", "-6", "neigh", "show", "proxy").requireOk().stdout().isBlank());
        assertEquals(proxyNdpBefore,
                tb.exec("ha1", "sysctl", "-n", "net.ipv6.conf.lan0.proxy_ndp").requireOk().stdout().strip(),
                "proxy_ndp back to what it was");
        assertFalse(tb.exec("ha1", "cat", "/proc/net/anycast6").requireOk().stdout().contains("20010db800010000fdfffffffffffffe"),
                "the Home-Agents anycast address left");
    }

    // ------------------------------------------------------------------ helpers

    /** Runs one had_mn.py sub-command in the MN's namespace and returns its last JSON line. */
    static JsonNode scapyOne(Testbed tb, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        cmd.addAll(List.of(args));
        ExecResult r = tb.exec("mn", STEP, cmd.toArray(String[]::new));
        List<JsonNode> lines = jsonLines(r.stdout());
        if (lines.isEmpty()) {
            fail("no answer from " + String.join(" ", args) + ": " + r.describe());
        }
        return lines.get(lines.size() - 1);
    }

    static List<JsonNode> jsonLines(String out) throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("{")) {
                l.add(AdminJson.mapper().readTree(line));
            }
        }
        return l;
    }

    /** {@code show stats} once {@code done} holds (polled, at most 5 s); fails otherwise. */
    static JsonNode awaitStats(Predicate<JsonNode> done) throws Exception {
        JsonNode s = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        for (int i = 0; i < 100; i++) {
            s = AdminClient.call(socket, "show", "what", "stats");
            if (done.test(s) || System.nanoTime() > deadline) {
                break;
            }
            sleep(100);
        }
        JsonNode last = s;
        assertTrue(done.test(last), () -> "show stats: " + last);
        return last;
    }

    /** The canonical text form of an IPv6 address (Scapy and Java may write it differently). */
    static String norm(String address) {
        return Ipv6Address.parse(address).toString();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
