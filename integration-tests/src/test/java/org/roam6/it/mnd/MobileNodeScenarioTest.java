package org.roam6.it.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;
import org.roam6.it.testbed.TestbedRequirements;
import org.roam6.it.testbed.WithTestbed;
import org.roam6.runtime.admin.AdminClient;

/**
 * The mobile node daemon ({@code org.roam6.mnd.MobileNodeMain}) and the home agent daemon
 * ({@code org.roam6.had.HomeAgentMain}), both the real processes, on the testbed: the mobile node
 * starts at home and moves home -> A -> B -> A -> B -> home (five handovers) while the
 * correspondent pings the home address 100 times a second and a TCP connection between the
 * correspondent and the home address carries a verified byte stream both ways
 * ({@code deploy/testbed/tcpcheck.py}). RFC 6275 11.5 (movement, return home), 11.7.1 (home
 * registration), 10.4 (the tunnels). Registrations are protected with RFC 4285 (HMAC-SHA256).
 *
 * <p>Measured and printed (not asserted as times): each handover's BU -> BA round trip as the
 * mobile node logs it, and the handover gap, from the start of the layer-2 move to the first
 * echo reply after the outage it caused, with the probes lost. Pcaps of every link:
 * {@code target/testbed-pcaps/MobileNodeScenarioTest/}.
 */
@WithTestbed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MobileNodeScenarioTest {

    static final String PYTHON = "/usr/bin/python3";
    static final Path TCPCHECK = Path.of("../deploy/testbed/tcpcheck.py").toAbsolutePath().normalize();
    static final String HOA = Daemons.HOA;
    static final List<String> ROUTE = List.of("a", "b", "a", "b", "home");
    static final Duration DWELL = Duration.ofSeconds(4);
    static final Duration STEP = Duration.ofSeconds(30);
    static final double PING_INTERVAL_S = 0.01;
    static final int TCP_PORT = 5001;
    static final Pattern BA_LINE = Pattern.compile(
            "BA seq (\\d+) from (\\S+): status (\\d+) \\(([^)]*)\\), lifetime (\\d+) s, round trip ([0-9.]+) ms");
    static final Pattern BU_LINE = Pattern.compile("BU seq (\\d+) sent to (\\S+): (care-of address (\\S+),|de-registration)");

    static Path dir;
    static Path mndSocket;
    static Path hadSocket;
    static TestbedProcess had;
    static TestbedProcess mnd;
    static String ha;
    static final List<Handover> handovers = new ArrayList<>();

    /** One move and what it cost. */
    record Handover(String from, String to, long moveStartMicros, int buSeq, double roundTripMs, double gapMs,
                    int lost) {}

    @BeforeAll
    static void startTheHomeAgentAndTheMobileNodeAtHome(Testbed tb) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON);
        assertTrue(Files.isRegularFile(TCPCHECK), TCPCHECK + " exists");
        assertEquals("home", tb.mnLink(), "the mobile node starts at home");
        ha = Daemons.norm(tb.address("ha1").getHostAddress());
        dir = Files.createTempDirectory("r6mnd-it");
        hadSocket = dir.resolve("had.sock");
        mndSocket = dir.resolve("mnd.sock");
        had = Daemons.startHomeAgent(tb, dir, hadSocket);
        mnd = Daemons.startMobileNode(tb, dir, mndSocket, "HomeAgentAddress " + ha + ";");
    }

    @AfterAll
    static void removeTheConfigs() throws IOException {
        Directories.deleteTree(dir);
    }

    @Test
    @Order(1)
    void atHomeTheHomeAddressIsOnTheHomeLinkAndOnTheTunAndAnswers(Testbed tb) throws Exception {
        assertTrue(mnd.awaitOutput("attached to the home link 2001:db8:1::/64", STEP), mnd::output);
        JsonNode status = AdminClient.call(mndSocket, "status");
        List<String> parts = new ArrayList<>();
        status.get("parts").forEach(p -> parts.add(p.asText()));
        assertEquals(List.of("timers", "kernel Parameter Problem filter", "tunnel", "mobility signalling",
                "movement detection", "admin socket"), parts);
        assertTrue(tb.exec("mn", "ip", "-6", "addr", "show", "dev", "r6mn0").requireOk().stdout().contains(HOA + "/128"));
        assertTrue(tb.exec("mn", "ip", "-6", "addr", "show", "dev", "eth0").requireOk().stdout().contains(HOA + "/64"));
        assertFalse(tb.exec("mn", "ip", "-6", "rule").requireOk().stdout().contains(HOA), "no policy rule at home");
        assertTrue(tb.awaitPing("cn", tb.cnAddress(), Testbed.parse(HOA), Duration.ofSeconds(10)), "the correspondent reaches the HoA");
    }

    @Test
    @Order(2)
    void tcpAndPingSurviveFiveHandoversWithEachMoveRegisteredAndTheReturnHomeDeregistered(Testbed tb)
            throws Exception {
        // ping -D (timestamps) -O (report unanswered probes), 100 probes a second, bounded by -w
        int seconds = (int) (ROUTE.size() * (DWELL.toSeconds() + 4) + 20);
        TestbedProcess ping = tb.startProcess("cn", "ping", "-6", "-n", "-D", "-O", "-i", Double.toString(PING_INTERVAL_S),
                "-w", Integer.toString(seconds), HOA);
        TestbedProcess server = tb.startProcess("mn", PYTHON, TCPCHECK.toString(), "server", "--bind", HOA,
                "--port", Integer.toString(TCP_PORT), "--accept-timeout", "20");
        assertTrue(server.awaitOutput("listening", Duration.ofSeconds(10)), server::output);
        int tcpSeconds = (int) (ROUTE.size() * (DWELL.toSeconds() + 3) + 6);
        TestbedProcess client = tb.startProcess("cn", PYTHON, TCPCHECK.toString(), "client", "--connect", HOA,
                "--port", Integer.toString(TCP_PORT), "--rate", "200000", "--duration", Integer.toString(tcpSeconds));
        sleep(DWELL);

        String from = "home";
        for (String to : ROUTE) {
            int logMark = mnd.output().length();
            long start = System.currentTimeMillis() * 1000;
            tb.move(to);
            // the registration (away) or de-registration (home) this move caused, accepted
            String ba = awaitAfter(logMark, BA_LINE, m -> m.group(3).equals("0"), STEP);
            assertTrue(ba != null, () -> "no accepted BA after the move to " + to + ":\n" + mnd.output().substring(logMark));
            Matcher bu = BU_LINE.matcher(mnd.output().substring(logMark));
            assertTrue(bu.find(), "a BU after the move");
            if (to.equals("home")) {
                assertEquals("de-registration", bu.group(3));
            } else {
                assertEquals(Daemons.norm(tb.mnExpectedAddress(to).getHostAddress()), Daemons.norm(bu.group(4)), "BU from the new CoA");
            }
            Matcher m = BA_LINE.matcher(ba);
            assertTrue(m.find());
            handovers.add(new Handover(from, to, start, Integer.parseInt(m.group(1)), Double.parseDouble(m.group(6)),
                    Double.NaN, 0));
            sleep(DWELL);
            from = to;
        }
        int tcpExit = client.waitFor(Duration.ofSeconds(tcpSeconds + 30));
        server.waitFor(Duration.ofSeconds(15));
        ping.stop();

        // delivery resumed after every move, measured from the correspondent's probes
        ProbeLog probes = new ProbeLog((long) (PING_INTERVAL_S * 1_000_000));
        ping.output().lines().forEach(probes::take);
        List<Handover> measured = new ArrayList<>();
        for (int i = 0; i < handovers.size(); i++) {
            Handover h = handovers.get(i);
            long end = i + 1 < handovers.size() ? handovers.get(i + 1).moveStartMicros() : Long.MAX_VALUE;
            Optional<ProbeLog.Probe> back = probes.restoredAfter(h.moveStartMicros(), end);
            assertTrue(back.isPresent(), "echo replies again after the move " + h.from() + " -> " + h.to());
            ProbeLog.PhaseStats phase = probes.stats(h.moveStartMicros(), end);
            measured.add(new Handover(h.from(), h.to(), h.moveStartMicros(), h.buSeq(), h.roundTripMs(),
                    (back.get().replyMicros() - h.moveStartMicros()) / 1000.0, phase.lost()));
        }
        handovers.clear();
        handovers.addAll(measured);
        report(measured, probes);

        // the TCP connection survived every move with its data intact, both ways
        JsonNode c = Daemons.lastJson(client.output());
        JsonNode s = Daemons.lastJson(server.output());
        System.out.println("tcpcheck client: " + c);
        System.out.println("tcpcheck server: " + s);
        assertEquals(0, tcpExit, () -> "tcpcheck client:\n" + client.output() + "\nserver:\n" + server.output());
        assertTrue(c.get("ok").asBoolean() && s.get("ok").asBoolean(), "both directions complete and intact");
        assertTrue(c.get("bytes_received").asLong() > 100_000 && s.get("bytes_received").asLong() > 100_000,
                "data flowed both ways");
    }

    @Test
    @Order(3)
    void theCapturesShowBuAndBaOnEachForeignLinkAndTheDeregistrationOnTheHomeLink(Testbed tb) {
        TestbedRequirements.requireTool("tshark");
        assertFalse(handovers.isEmpty(), "the handovers ran");
        for (Handover h : handovers) {
            String link = h.to();
            List<String[]> rows = mobility(tb, link);
            boolean bu = rows.stream().anyMatch(r -> r[0].equals("5") && r[1].equals(Integer.toString(h.buSeq())));
            boolean ba = rows.stream().anyMatch(r -> r[0].equals("6") && r[3].equals(Integer.toString(h.buSeq())));
            assertTrue(bu, "BU seq " + h.buSeq() + " in the capture of link " + link);
            assertTrue(ba, "BA seq " + h.buSeq() + " in the capture of link " + link);
            if (link.equals("home")) {
                assertTrue(rows.stream().anyMatch(r -> r[0].equals("5") && r[1].equals(Integer.toString(h.buSeq()))
                        && r[2].equals("0")), "the de-registration (lifetime 0) on the home link");
            }
        }
    }

    @Test
    @Order(4)
    void theCorrespondentWithoutMobileIpv6AnsweredReturnRoutabilityWithParameterProblemsSoTrafficStayedInTheTunnel(
            Testbed tb) throws Exception {
        // RFC 6275 11.3.1: a correspondent that does not know the Mobility Header answers the
        // Home/Care-of Test Init with an ICMPv6 Parameter Problem (code 1); the mobile node
        // keeps using the reverse tunnel for it
        JsonNode stats = AdminClient.call(mndSocket, "show", "what", "stats");
        JsonNode rr = stats.get("correspondents");
        assertTrue(rr.get("care_of_test_inits_sent").asLong() >= 1, rr::toString);
        assertTrue(rr.get("no_mipv6_support").asLong() >= 1, rr::toString);
        assertEquals(0, rr.get("bound").asLong(), rr::toString);
        JsonNode tunnel = stats.get("tunnel");
        assertTrue(tunnel.get("tunnelled_out").asLong() > 1000, tunnel::toString);
        assertTrue(tunnel.get("tunnelled_in").asLong() > 1000, tunnel::toString);
        assertTrue(tunnel.get("rh2_in").asLong() >= ROUTE.size() - 1, "the BAs came in with a Type 2 routing header");
        assertEquals(0, tunnel.get("route_optimised_out").asLong(), tunnel::toString);
        // RFC 6275 11.4.2: after each registration a Mobile Prefix Solicitation; the home agent's
        // advertisement came back to the home address and was taken in
        assertTrue(stats.get("mobile_prefix").get("solicitations_sent").asLong() >= 1, stats::toString);
        assertEquals("2001:db8:1::/64", stats.get("home_prefixes").get(0).get("prefix").asText(), stats::toString);
        System.out.println("mnd stats: " + stats);
    }

    @Test
    @Order(5)
    void backHomeTheHomeAgentHoldsNoBindingAndTheListSaysDeregistered(Testbed tb) throws Exception {
        JsonNode bindings = AdminClient.call(hadSocket, "show", "what", "bindings");
        assertEquals(0, bindings.size(), bindings::toString);
        JsonNode bul = AdminClient.call(mndSocket, "show", "what", "bul");
        assertEquals("home-agent", bul.get(0).get("role").asText(), bul::toString);
        assertEquals(ha, Daemons.norm(bul.get(0).get("peer").asText()));
        assertEquals("idle", bul.get(0).get("state").asText(), bul::toString);
        assertFalse(tb.exec("mn", "ip", "-6", "rule").requireOk().stdout().contains(HOA), "no policy rule at home");
    }

    @Test
    @Order(6)
    void sigtermLeavesNoTunNoRuleAndNoNftablesTableBehind(Testbed tb) {
        mnd.stop();
        assertFalse(mnd.isAlive());
        assertTrue(mnd.output().contains("stopped") || !mnd.output().contains("Exception"), mnd::output);
        assertFalse(tb.exec("mn", "ip", "link", "show", "r6mn0").ok(), "the TUN is gone");
        assertFalse(tb.exec("mn", "ip", "-6", "rule").requireOk().stdout().contains("6275"), "the rule is gone");
        assertFalse(tb.exec("mn", "nft", "list", "table", "ip6", "roam6_mnd").ok(), "the nftables table is gone");
    }

    /** Prints the handover table: per move and min/median/max. */
    private static void report(List<Handover> hs, ProbeLog probes) {
        System.out.println("handover            BU->BA ms   gap ms   probes lost");
        for (Handover h : hs) {
            System.out.printf("%-6s -> %-6s   %9.3f   %6.0f   %d%n", h.from(), h.to(), h.roundTripMs(), h.gapMs(), h.lost());
        }
        System.out.printf("BU->BA ms min/median/max: %s%n", stats(hs.stream().mapToDouble(Handover::roundTripMs).toArray()));
        System.out.printf("gap ms min/median/max: %s%n", stats(hs.stream().mapToDouble(Handover::gapMs).toArray()));
        System.out.printf("probes: %s%n", probes.total());
    }

    static String stats(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        return "%.1f / %.1f / %.1f".formatted(s[0], median, s[s.length - 1]);
    }

    /** {mhtype, bu.seqnr, bu.lifetime, ba.seqnr} of every Mobility Header in a link's capture. */
    private static List<String[]> mobility(Testbed tb, String link) {
        List<String[]> rows = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (int i = 0; i < 20 && System.nanoTime() < deadline; i++) {
            ExecResult r = Commands.run(List.of("tshark", "-r", tb.pcap(link).toString(), "-Y", "mipv6",
                    "-T", "fields", "-E", "separator=|", "-e", "mip6.mhtype", "-e", "mip6.bu.seqnr",
                    "-e", "mip6.bu.lifetime", "-e", "mip6.ba.seqnr"), Duration.ofSeconds(30));
            rows.clear();
            for (String line : r.stdout().split("\n")) {
                String[] f = line.split("\\|", -1);
                if (f.length == 4) {
                    rows.add(f);
                }
            }
            if (!rows.isEmpty()) {
                break;
            }
            sleep(Duration.ofMillis(500));
        }
        return rows;
    }

    /** The first line of mnd's output after {@code mark} matching {@code p} and {@code accept}, waiting up to {@code within}. */
    private static String awaitAfter(int mark, Pattern p, java.util.function.Predicate<Matcher> accept, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (int i = 0; i < 10_000 && System.nanoTime() < deadline; i++) {
            String out = mnd.output();
            if (out.length() > mark) {
                for (String line : out.substring(mark).split("\n")) {
                    Matcher m = p.matcher(line);
                    if (m.find() && accept.test(m)) {
                        return line;
                    }
                }
            }
            sleep(Duration.ofMillis(20));
        }
        return null;
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
