package org.roam6.it.udpstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/testbed/udpstream.py}, the fixed-rate UDP stream for measuring outages (a home
 * agent's failure, a handover), with both ends on loopback: every packet sent arrives and is
 * counted once; packets a path drops are counted as lost and show as one outage that names the
 * sequence numbers on both sides of it.
 */
class UdpStreamTest {

    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of("../deploy/testbed/udpstream.py").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void needsPython() {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), "needs " + PYTHON);
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " exists");
    }

    /** A receiver on ::1 for 3 s and a sender of 1000 packets/s for 1.5 s with {@code senderArgs}. */
    JsonNode[] stream(String... senderArgs) throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path rx = dir.resolve("rx.json");
        Path tx = dir.resolve("tx.json");
        Process receiver = new ProcessBuilder(PYTHON, SCRIPT.toString(), "receive", "--bind", "::1",
                "--port", Integer.toString(port), "--duration", "3", "--report", rx.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rx.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.readString(dir.resolve("rx.out")).contains("receiving") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> cmd = new ArrayList<>(List.of(PYTHON, SCRIPT.toString(), "send", "--to", "::1",
                    "--port", Integer.toString(port), "--rate", "1000", "--duration", "1.5", "--report", tx.toString()));
            cmd.addAll(List.of(senderArgs));
            Process sender = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("tx.out").toFile()).start();
            assertTrue(sender.waitFor(20, TimeUnit.SECONDS), "the sender ends");
            assertEquals(0, sender.exitValue(), () -> read(dir.resolve("tx.out")));
            assertTrue(receiver.waitFor(20, TimeUnit.SECONDS), "the receiver ends");
            assertEquals(0, receiver.exitValue(), () -> read(dir.resolve("rx.out")));
            return new JsonNode[] {JSON.readTree(Files.readString(tx)), JSON.readTree(Files.readString(rx))};
        } finally {
            receiver.destroyForcibly();
        }
    }

    @Test
    void everyPacketSentArrivesOnceAndNoneIsLost() throws Exception {
        JsonNode[] r = stream();
        JsonNode tx = r[0];
        JsonNode rx = r[1];
        assertEquals(1500, tx.get("sent").asInt());
        assertEquals(1500, rx.get("received").asInt(), rx::toString);
        assertEquals(1499, rx.get("highest_seq").asInt());
        assertEquals(0, rx.get("lost").asInt());
        assertEquals(0, rx.get("duplicates").asInt());
    }

    @Test
    void packetsADropsAreLostAndShowAsOneOutageAcrossTheirSequenceNumbers() throws Exception {
        JsonNode[] r = stream("--skip", "500:649");
        JsonNode rx = r[1];
        assertEquals(150, r[0].get("skipped").asInt());
        assertEquals(1350, rx.get("received").asInt(), rx::toString);
        assertEquals(150, rx.get("lost").asInt());
        JsonNode gap = null;
        for (JsonNode o : rx.get("outages")) {
            if (o.get("after_seq").asInt() == 499) {
                gap = o;
            }
        }
        assertTrue(gap != null, "an outage after 499: " + rx);
        assertEquals(650, gap.get("resumed_seq").asInt());
        assertEquals(150, gap.get("missing").asInt());
        assertTrue(gap.get("ms").asDouble() > 100, "about 150 ms at 1000 packets/s: " + gap);
        assertTrue(rx.get("longest_outage_ms").asDouble() >= gap.get("ms").asDouble());
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
