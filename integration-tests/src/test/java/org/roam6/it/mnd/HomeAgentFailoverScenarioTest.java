package org.roam6.it.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.roam6.it.testbed.Directories;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;
import org.roam6.it.testbed.WithTestbed;
import org.roam6.runtime.admin.AdminClient;

/**
 * Several home agents at once (DESIGN.md section 3, paper 001; had/docs/multiha.md): ha1 and ha2
 * both run {@code had}, the mobile node on link A registers with both (M bit, Multiple Home
 * Agents option), ha1 intercepts; the correspondent streams UDP to the home address at 1000
 * packets/s ({@code deploy/testbed/udpstream.py}) and ha1's daemon is killed with SIGKILL. ha2
 * notices the silence of ha1's heartbeats, takes over interception, sends the mobile node the
 * Home Agent Unreachable, and the mobile node moves its tunnel to ha2: delivery resumes, ha2
 * still holds the binding. Five runs, each with fresh daemons; the outage (the longest gap in
 * arrivals around the kill) and the packets lost are printed with min/median/max, not asserted
 * as times.
 */
@WithTestbed
class HomeAgentFailoverScenarioTest {

    static final String PYTHON = "/usr/bin/python3";
    static final Path UDPSTREAM = Path.of("../deploy/testbed/udpstream.py").toAbsolutePath().normalize();
    static final Duration STEP = Duration.ofSeconds(30);
    static final int RUNS = 5;
    static final int PORT = 47000;
    static Path dir;

    @BeforeAll
    static void theMobileNodeIsOnLinkA(Testbed tb) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON);
        assertTrue(Files.isRegularFile(UDPSTREAM), UDPSTREAM + " exists");
        dir = Files.createTempDirectory("r6failover");
        tb.move("a");
    }

    @AfterAll
    static void removeTheConfigs() throws Exception {
        Directories.deleteTree(dir);
    }

    record Run(double outageMs, int lost) {}

    @Test
    void whenTheInterceptingHomeAgentIsKilledTheOtherTakesOverAndDeliveryResumes(Testbed tb) throws Exception {
        String ha1 = Daemons.norm(tb.address("ha1").getHostAddress());
        String ha2 = Daemons.norm(tb.address("ha2").getHostAddress());
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= RUNS; i++) {
            runs.add(oneRun(tb, i, ha1, ha2));
        }
        System.out.println("run  outage ms  packets lost (1000 packets/s, SIGKILL of the intercepting home agent)");
        for (int i = 0; i < runs.size(); i++) {
            System.out.printf("%3d  %9.1f  %d%n", i + 1, runs.get(i).outageMs(), runs.get(i).lost());
        }
        System.out.printf("outage ms min/median/max: %s%n",
                MobileNodeScenarioTest.stats(runs.stream().mapToDouble(Run::outageMs).toArray()));
        System.out.printf("packets lost min/median/max: %s%n",
                MobileNodeScenarioTest.stats(runs.stream().mapToDouble(Run::lost).toArray()));
    }

    private Run oneRun(Testbed tb, int run, String ha1, String ha2) throws Exception {
        Path runDir = Files.createDirectories(dir.resolve("run" + run));
        Path ha2Socket = runDir.resolve("ha2.sock");
        Path mndSocket = runDir.resolve("mnd.sock");
        TestbedProcess first = Daemons.startHomeAgent(tb, "ha1", 20, runDir, runDir.resolve("ha1.sock"));
        TestbedProcess second = Daemons.startHomeAgent(tb, "ha2", 10, runDir, ha2Socket);
        TestbedProcess mnd = Daemons.startMobileNode(tb, runDir, mndSocket,
                "HomeAgentAddress " + ha1 + ";\n    HomeAgentAddress " + ha2 + ";", 2);
        try {
            awaitBothRegistered(mndSocket, ha1, ha2);
            TestbedProcess receiver = tb.startProcess("mn", PYTHON, UDPSTREAM.toString(), "receive", "--bind",
                    Daemons.HOA, "--port", Integer.toString(PORT), "--duration", "7");
            assertTrue(receiver.awaitOutput("receiving", Duration.ofSeconds(10)), receiver::output);
            TestbedProcess sender = tb.startProcess("cn", PYTHON, UDPSTREAM.toString(), "send", "--to", Daemons.HOA,
                    "--port", Integer.toString(PORT), "--rate", "1000", "--duration", "5");
            Thread.sleep(2000);
            Instant kill = Instant.now();
            ProcessHandle.of(first.pid()).ifPresent(h -> {   // SIGKILL, as kill -9
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            });
            assertTrue(sender.waitFor(Duration.ofSeconds(20)) == 0, sender::output);
            assertTrue(receiver.waitFor(Duration.ofSeconds(20)) == 0, receiver::output);
            JsonNode rx = Daemons.lastJson(receiver.output());

            // the survivor took over: it still holds the binding, the mobile node tunnels through it
            JsonNode bindings = AdminClient.call(ha2Socket, "show", "what", "bindings");
            assertEquals(1, bindings.size(), bindings::toString);
            assertEquals(Daemons.HOA, bindings.get(0).get("hoa").asText());
            JsonNode stats = AdminClient.call(ha2Socket, "show", "what", "stats");
            assertEquals(1, stats.get("takeovers").asLong(), stats::toString);
            assertEquals(1, stats.get("home_agent_unreachable_sent").asLong(), stats::toString);
            JsonNode mn = AdminClient.call(mndSocket, "show", "what", "stats");
            assertEquals(1, mn.get("ha_unreachable").get("accepted").asLong(), mn::toString);

            // delivery resumed after the kill: the outage around it ended before the stream did
            double outage = 0;
            long killMillis = kill.toEpochMilli();
            for (JsonNode o : rx.get("outages")) {
                long start = Instant.parse(o.get("start").asText()).toEpochMilli();
                if (start >= killMillis - 100 && start <= killMillis + 1000) {
                    outage = Math.max(outage, o.get("ms").asDouble());
                }
            }
            assertTrue(rx.get("highest_seq").asInt() >= 4900, "packets after the kill arrived: " + rx);
            assertTrue(outage > 0, "the kill shows as an outage: " + rx);
            return new Run(outage, rx.get("lost").asInt());
        } finally {
            mnd.stop();
            second.stop();
            first.stop();
            // what SIGKILL left in ha1's kernel (its undo journal never ran)
            tb.exec("ha1", "ip", "-6", "neigh", "del", "proxy", Daemons.HOA, "dev", "lan0");
            tb.exec("ha1", "nft", "delete", "table", "ip6", "roam6_had");
        }
    }

    private static void awaitBothRegistered(Path mndSocket, String ha1, String ha2) throws Exception {
        long deadline = System.nanoTime() + STEP.toNanos();
        JsonNode bul = null;
        for (int i = 0; i < 300 && System.nanoTime() < deadline; i++) {
            bul = AdminClient.call(mndSocket, "show", "what", "bul");
            int registered = 0;
            for (JsonNode e : bul) {
                String peer = Daemons.norm(e.get("peer").asText());
                if ((peer.equals(ha1) || peer.equals(ha2)) && e.get("state").asText().equals("registered")) {
                    registered++;
                }
            }
            if (registered == 2) {
                Thread.sleep(500); // heartbeats between the two home agents start with their bindings
                return;
            }
            Thread.sleep(100);
        }
        fail("the mobile node did not register with both home agents: " + bul);
    }
}
