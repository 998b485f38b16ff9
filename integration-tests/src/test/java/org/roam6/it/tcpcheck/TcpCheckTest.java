package org.roam6.it.tcpcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/testbed/tcpcheck.py}, the end-to-end TCP check of {@code roam6 demo} and the
 * mobility scenarios, with both ends on loopback: an intact exchange is reported as intact by
 * both sides with matching counts, one corrupted byte in either direction is found at its offset
 * and fails both exit statuses, a pause of the peer is reported as a stall, a signal ends the
 * client early and cleanly, and a refused connection fails at once.
 */
class TcpCheckTest {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("../deploy/testbed/tcpcheck.py").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPython() {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON);
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " exists");
    }

    record Run(int serverExit, JsonNode server, int clientExit, JsonNode client) {
    }

    /** Runs a server and a client on ::1; extra arguments per side; bounded by the process timeouts. */
    Run exchange(List<String> serverArgs, List<String> clientArgs, ClientAction during) throws Exception {
        int port = freePort();
        Path serverOut = dir.resolve("server.json");
        Path clientOut = dir.resolve("client.json");
        List<String> s = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), "server", "--bind", "::1",
                "--port", Integer.toString(port), "--accept-timeout", "10", "--margin", "10"));
        s.addAll(serverArgs);
        Process server = new ProcessBuilder(s).redirectOutput(serverOut.toFile())
                .redirectError(dir.resolve("server.err").toFile()).start();
        try {
            waitForListening(dir.resolve("server.err"));
            List<String> c = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), "client", "--connect", "::1",
                    "--port", Integer.toString(port), "--margin", "10"));
            c.addAll(clientArgs);
            Process client = new ProcessBuilder(c).redirectOutput(clientOut.toFile())
                    .redirectError(dir.resolve("client.err").toFile()).start();
            try {
                during.accept(client, server);
                assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client ends within its bound");
                assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server ends within its bound");
                return new Run(server.exitValue(), oneJsonLine(serverOut), client.exitValue(), oneJsonLine(clientOut));
            } finally {
                client.destroyForcibly();
            }
        } finally {
            server.destroyForcibly();
        }
    }

    interface ClientAction {
        void accept(Process client, Process server) throws Exception;
    }

    static final ClientAction NOTHING = (c, s) -> { };

    @Test
    void anIntactExchangeIsIntactForBothSidesWithMatchingCounts() throws Exception {
        Run r = exchange(List.of(), List.of("--rate", "40000", "--duration", "1.5"), NOTHING);
        assertEquals(0, r.clientExit(), r.client().toString());
        assertEquals(0, r.serverExit(), r.server().toString());
        for (JsonNode side : List.of(r.client(), r.server())) {
            assertTrue(side.get("ok").asBoolean());
            assertTrue(side.get("verified").asBoolean());
            assertTrue(side.get("peer_verified").asBoolean());
            assertTrue(side.get("first_mismatch").isNull());
            assertTrue(side.get("error").isNull());
        }
        long c2s = r.client().get("bytes_sent").asLong();
        long s2c = r.server().get("bytes_sent").asLong();
        assertEquals(c2s, r.server().get("bytes_received").asLong());
        assertEquals(s2c, r.client().get("bytes_received").asLong());
        // 40000 B/s for 1.5 s, in small writes: about 60000 bytes, not a burst of everything at once
        assertTrue(c2s > 40_000 && c2s <= 62_000, "client sent " + c2s);
        assertTrue(s2c > 40_000 && s2c <= 62_000, "server sent " + s2c);
        assertEquals(0, r.client().get("stalls_over_100ms").asInt(), r.client().toString());
    }

    @Test
    void aCorruptedByteFromTheServerIsFoundAtItsOffsetByTheClient() throws Exception {
        Run r = exchange(List.of("--corrupt-at", "1234"), List.of("--rate", "20000", "--duration", "1"), NOTHING);
        assertEquals(1, r.clientExit());
        assertEquals(1, r.serverExit(), "the server learns the client's verdict and fails too");
        assertFalse(r.client().get("verified").asBoolean());
        assertEquals(1234, r.client().get("first_mismatch").asLong());
        assertEquals(r.server().get("bytes_sent").asLong(), r.client().get("bytes_received").asLong(),
                "the count is complete; only the content is wrong");
        assertTrue(r.server().get("verified").asBoolean(), "the other direction is intact");
        assertFalse(r.server().get("peer_verified").asBoolean());
    }

    @Test
    void aCorruptedByteFromTheClientIsFoundAtItsOffsetByTheServer() throws Exception {
        Run r = exchange(List.of(), List.of("--rate", "20000", "--duration", "1", "--corrupt-at", "0"), NOTHING);
        assertEquals(1, r.clientExit());
        assertEquals(1, r.serverExit());
        assertFalse(r.server().get("verified").asBoolean());
        assertEquals(0, r.server().get("first_mismatch").asLong());
        assertFalse(r.client().get("peer_verified").asBoolean());
        assertTrue(r.client().get("verified").asBoolean());
    }

    @Test
    void aPausedPeerShowsAsAStallWithItsLength() throws Exception {
        Run r = exchange(List.of(), List.of("--rate", "20000", "--duration", "2"), (client, server) -> {
            Thread.sleep(600);
            signal("STOP", server.pid());
            Thread.sleep(400);
            signal("CONT", server.pid());
        });
        assertEquals(0, r.clientExit(), r.client().toString());
        double longest = r.client().get("longest_stall_ms").asDouble();
        assertTrue(longest >= 350 && longest < 2000, "longest stall " + longest + " ms");
        assertTrue(r.client().get("stalls_over_100ms").asInt() >= 1);
        JsonNode stall = r.client().get("stalls").get(0);
        assertNotNull(stall.get("start").asText());
        assertTrue(stall.get("ms").asDouble() >= 350);
        assertTrue(r.client().get("longest_stall_start").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"));
    }

    @Test
    void sigtermEndsTheClientEarlyWithACompleteExchange() throws Exception {
        long t0 = System.nanoTime();
        Run r = exchange(List.of(), List.of("--rate", "20000", "--duration", "60"), (client, server) -> {
            Thread.sleep(800);
            client.destroy();
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 10, "ended after " + seconds + " s, not after the 60 s duration");
        assertEquals(0, r.clientExit(), r.client().toString());
        assertEquals(0, r.serverExit(), r.server().toString());
        assertTrue(r.client().get("bytes_sent").asLong() > 5_000);
    }

    @Test
    void aRefusedConnectionFailsAtOnceWithTheReason() throws Exception {
        int port = freePort();
        Path out = dir.resolve("refused.json");
        Process client = new ProcessBuilder(PYTHON, SCRIPT.toString(), "client", "--connect", "::1", "--port",
                Integer.toString(port), "--rate", "1000", "--duration", "5").redirectOutput(out.toFile()).start();
        assertTrue(client.waitFor(15, TimeUnit.SECONDS));
        assertEquals(1, client.exitValue());
        JsonNode j = oneJsonLine(out);
        assertFalse(j.get("ok").asBoolean());
        assertTrue(j.get("error").asText().contains("refused"), j.toString());
    }

    static void signal(String sig, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start();
        assertTrue(p.waitFor(5, TimeUnit.SECONDS));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void waitForListening(Path err) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.exists(err) && Files.readString(err, StandardCharsets.UTF_8).contains("listening")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not listen within 5 s");
    }

    static JsonNode oneJsonLine(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(1, lines.size(), "one JSON line: " + lines);
        return JSON.readTree(lines.get(0));
    }
}
