package org.roam6.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.runtime.admin.AdminClient;

class DaemonTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Daemon d, String... args) {
        return d.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(String text) throws Exception {
        Path f = dir.resolve("exd.conf");
        Files.writeString(f, text);
        return f;
    }

    private String base() {
        return "NodeConfig HA;\nAdminSocket \"" + dir.resolve("exd.sock") + "\";\nMetricsPort 0;\n";
    }

    @Test
    void checkOfAGoodConfigExitsZero() throws Exception {
        Path f = config(base() + "HaMaxBindingLife 60;\n");
        assertEquals(Daemon.EXIT_OK, run(new ExampleDaemon(), "--check", "--config", f.toString()));
        assertEquals(f + ": good\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkOfABadConfigExitsOneWithTheMessage() throws Exception {
        Path f = config("NodeConfig HA;\nHaMaxBindingLife fourty;\n");
        assertEquals(Daemon.EXIT_FAILURE, run(new ExampleDaemon(), "--check", "-c", f.toString()));
        assertEquals(f + ":2:18: 'fourty' is not a number, expected HaMaxBindingLife <seconds>\n", err());
    }

    @Test
    void badConfigStopsStartUpWithExitCode78() throws Exception {
        Path f = config("NodeConfig HA;\nHaMaxBindingLive 60;\n");
        ExampleDaemon d = new ExampleDaemon();
        assertEquals(Daemon.EXIT_CONFIG, run(d, "--config", f.toString()));
        assertTrue(err().startsWith(f + ":2:1: unknown keyword 'HaMaxBindingLive'"), err());
        assertEquals(List.of(), d.events);
    }

    @Test
    void missingConfigFileIsAConfigError() {
        Path f = dir.resolve("none.conf");
        assertEquals(Daemon.EXIT_CONFIG, run(new ExampleDaemon(), "--config", f.toString()));
        assertTrue(err().startsWith(f + ":1:1: \"" + f + "\" cannot be read"), err());
    }

    @Test
    void composeMayRefuseTheConfigWithExitCode78() throws Exception {
        Path f = config(base() + "FailAt \"compose\";\n");
        assertEquals(Daemon.EXIT_CONFIG, run(new ExampleDaemon(), "--config", f.toString()));
    }

    @Test
    void badCommandLineExitsTwo() {
        assertEquals(Daemon.EXIT_USAGE, run(new ExampleDaemon(), "--bogus"));
        assertTrue(err().startsWith("roam6-exd: Unknown option: '--bogus'"), err());
        assertEquals(Daemon.EXIT_USAGE, run(new ExampleDaemon(), "--log-level", "LOUD", "--check"));
    }

    @Test
    void helpConfigListsTheRuntimeKeywordsToo() {
        assertEquals(Daemon.EXIT_OK, run(new ExampleDaemon(), "--help-config"));
        String listed = out.toString(StandardCharsets.UTF_8);
        assertTrue(listed.contains("AdminSocket \"<path>\";"), listed);
        assertTrue(listed.contains("MetricsPort <port>;   default 0"), listed);
        assertTrue(listed.contains("NodeConfig HA|MN|CN;"), listed);
    }

    @Test
    void partsStartInOrderAnswerOnTheAdminSocketAndStopInReverse() throws Exception {
        Path f = config(base() + "HaMaxBindingLife 60;\n");
        ExampleDaemon d = new ExampleDaemon();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> run(d, "--config", f.toString()));
        assertTrue(d.awaitRunning(Duration.ofSeconds(10)), err());
        assertEquals(List.of("start binding cache", "start mobility socket", "start tunnel"), d.events);
        Path sock = dir.resolve("exd.sock");
        assertEquals(60, AdminClient.call(sock, "show", "what", "life").asInt());
        JsonNode status = AdminClient.call(sock, "status");
        assertEquals("roam6-exd", status.get("daemon").asText());
        assertEquals("[\"timers\",\"binding cache\",\"mobility socket\",\"tunnel\",\"admin socket\"]",
                status.get("parts").toString());
        d.requestStop();
        assertEquals(Daemon.EXIT_OK, exit.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("start binding cache", "start mobility socket", "start tunnel",
                "stop tunnel", "stop mobility socket", "stop binding cache"), d.events);
        assertFalse(Files.exists(sock), "the admin socket is gone");
    }

    @Test
    void failedStartStopsWhatHadStartedAndExitsOne() throws Exception {
        Path f = config(base() + "FailAt \"tunnel\";\n");
        ExampleDaemon d = new ExampleDaemon();
        assertEquals(Daemon.EXIT_FAILURE, run(d, "--config", f.toString()));
        assertEquals(List.of("start binding cache", "start mobility socket",
                "stop mobility socket", "stop binding cache"), d.events);
        assertFalse(d.awaitRunning(Duration.ZERO));
    }

    @Test
    void sigtermStopsThePartsInReverseThroughTheShutdownHook() throws Exception {
        Path f = config(base() + "HaMaxBindingLife 60;\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExampleDaemon.class.getName(), "--config", f.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Path sock = dir.resolve("exd.sock");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            boolean up = false;
            while (!up && System.nanoTime() < deadline && p.isAlive()) {
                try {
                    up = AdminClient.call(sock, "status").has("daemon");
                } catch (org.roam6.runtime.admin.AdminException notYet) {
                    Thread.sleep(50);
                }
            }
            assertTrue(up, "the child daemon came up");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            String log = Files.readString(dir.resolve("child.log"));
            assertEquals(143, p.exitValue(), log);
            int a = log.indexOf("event: stop tunnel");
            int b = log.indexOf("event: stop mobility socket");
            int c = log.indexOf("event: stop binding cache");
            assertTrue(a > 0 && a < b && b < c, log);
            assertTrue(log.contains("roam6-exd stopped"), log);
            assertFalse(Files.exists(sock));
        } finally {
            p.destroyForcibly();
        }
    }
}
