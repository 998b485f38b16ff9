package org.roam6.it.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code testbed.sh down} leaves nothing of a run behind (namespaces, links, radvd, state), also
 * after a crash, and the Java harness tears a run down when its JVM exits without closing it.
 */
@Tag("testbed")
@ExtendWith(TestbedRequirements.class)
class TeardownTest {
    private static final Path STATE_ROOT = Path.of(System.getenv().getOrDefault("ROAM6_TESTBED_STATE", "/run/roam6-testbed"));
    private final TestbedScript script = TestbedScript.locate();
    private final List<String> prefixes = new ArrayList<>();

    @AfterEach
    void removeWhateverATestLeft() {
        for (String p : prefixes) {
            script.down(p);
        }
    }

    private String up() {
        String p = TestbedScript.newPrefix();
        prefixes.add(p);
        ExecResult r = script.up(p);
        assertTrue(r.ok(), r::describe);
        assertEquals(p, r.stdout().strip(), "up prints the prefix");
        return p;
    }

    @Test
    void downRemovesEveryNamespaceRadvdAndTheState() throws Exception {
        String p = up();
        Map<String, String> env = script.env(p);
        List<Long> radvd = radvdPids(p);
        assertEquals(5, radvd.size(), "radvd on hr, ha1, ha2, ara, arb");
        assertEquals(13, namespacesOf(p).size());
        List<Long> inside = pidsIn(namespacesOf(p));
        assertFalse(inside.isEmpty());

        ExecResult down = script.down(p);
        assertTrue(down.ok(), down::describe);
        assertNothingLeftOf(p, radvd);
        assertTrue(inside.stream().noneMatch(TeardownTest::alive), "no process of the run survives");
        assertFalse(Files.exists(Path.of(env.get("TESTBED_STATE_DIR"))));
    }

    @Test
    void downAfterACrashStillRemovesEverything() throws Exception {
        String p = up();
        List<Long> radvd = radvdPids(p);
        Path sd = STATE_ROOT.resolve(p);
        // the crash: one radvd killed, the state file cut in the middle, a pid file lost
        new ProcessBuilder("kill", "-KILL", Long.toString(radvd.get(0))).start().waitFor();
        Path state = sd.resolve("state.env");
        byte[] b = Files.readAllBytes(state);
        Files.write(state, java.util.Arrays.copyOf(b, b.length / 3));
        Files.delete(sd.resolve("radvd-ha1.pid"));

        ExecResult down = script.down(p);
        assertTrue(down.ok(), down::describe);
        assertNothingLeftOf(p, radvd);
    }

    @Test
    void downWithTheStateDirectoryGoneWorksFromTheNamespaceNames() throws Exception {
        String p = up();
        List<Long> radvd = radvdPids(p);
        Commands.run(List.of("rm", "-rf", STATE_ROOT.resolve(p).toString()), Duration.ofSeconds(10)).requireOk();
        assertEquals(13, namespacesOf(p).size());

        ExecResult down = script.down(p);
        assertTrue(down.ok(), down::describe);
        assertNothingLeftOf(p, radvd);
    }

    @Test
    void aFailedUpLeavesNothingBehind() throws Exception {
        String p = TestbedScript.newPrefix();
        prefixes.add(p);
        // a namespace in the way makes up refuse before it builds anything of its own
        Commands.run(List.of("ip", "netns", "add", p + "cn"), Duration.ofSeconds(10)).requireOk();
        ExecResult r = script.up(p);
        assertFalse(r.ok());
        assertTrue(r.stderr().contains("exists"), r::describe);
        assertEquals(List.of(p + "cn"), namespacesOf(p), "up touched nothing");
        assertTrue(script.down(p).ok());
        assertNothingLeftOf(p, List.of());
    }

    @Test
    void gcRemovesRunsWhoseOwnerDiedAndKeepsRunsWhoseOwnerLives() throws Exception {
        Process owner = new ProcessBuilder("sleep", "60").start();
        String dead = TestbedScript.newPrefix();
        prefixes.add(dead);
        assertTrue(script.up(dead, owner.pid()).ok());
        String alive = up(); // owned by this JVM
        List<Long> radvd = radvdPids(dead);
        owner.destroyForcibly().waitFor();

        assertTrue(script.gc().ok());
        assertNothingLeftOf(dead, radvd);
        assertEquals(13, namespacesOf(alive).size(), "a run whose owner lives stays");
    }

    @Test
    void aJvmThatExitsWithoutClosingItsTestbedStillRemovesIt() throws Exception {
        String p = TestbedScript.newPrefix();
        prefixes.add(p);
        Path out = Files.createTempFile("roam6-probe", ".log");
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-D" + TestbedScript.SCRIPT_PROPERTY + "=" + script.path(),
                ShutdownHookProbe.class.getName(), p, Files.createTempDirectory("roam6-probe").toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean exited = jvm.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!exited) {
            jvm.destroyForcibly();
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        assertTrue(exited, "probe JVM exited: " + log);
        assertTrue(log.contains("UP " + p), log);
        assertEquals(0, jvm.exitValue(), log);
        assertNothingLeftOf(p, List.of());
    }

    @Test
    void upRefusesAPrefixThatIsInUse() {
        String p = up();
        ExecResult again = script.up(p);
        assertFalse(again.ok());
        assertEquals(13, namespacesOf(p).size(), "the running testbed is untouched");
        assertTrue(script.env(p).get("MN_ADDR").startsWith("2001:db8:1:"));
    }

    // ------------------------------------------------------------------------------------------

    private static void assertNothingLeftOf(String prefix, List<Long> radvdPids) throws IOException {
        assertEquals(List.of(), namespacesOf(prefix), "namespaces of " + prefix);
        assertFalse(Files.exists(STATE_ROOT.resolve(prefix)), "state dir of " + prefix);
        for (long pid : radvdPids) {
            assertFalse(alive(pid), "radvd " + pid + " of " + prefix);
        }
        // no process anywhere still runs with this run's files (radvd -C <state>/...)
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<String> left = procs.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .map(TeardownTest::cmdline)
                    .filter(c -> c.contains("/" + prefix + "/") || c.contains(prefix + "sw-") || c.contains(prefix + "mn"))
                    .toList();
            assertEquals(List.of(), left, "processes of " + prefix);
        }
        // nor a link in the host namespace carrying its names (all links lived in its namespaces)
        String links = Commands.run(List.of("ip", "-o", "link", "show"), Duration.ofSeconds(10)).requireOk().stdout();
        assertFalse(links.contains(prefix), links);
    }

    private static List<String> namespacesOf(String prefix) {
        String out = Commands.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10)).requireOk().stdout();
        List<String> ns = new ArrayList<>();
        for (String line : out.split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (!name.isEmpty() && name.startsWith(prefix)) {
                ns.add(name);
            }
        }
        return ns;
    }

    private static List<Long> radvdPids(String prefix) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> files = Files.list(STATE_ROOT.resolve(prefix))) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("radvd-.*\\.pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(f).strip()));
            }
        }
        return pids;
    }

    private static List<Long> pidsIn(List<String> namespaces) {
        List<Long> pids = new ArrayList<>();
        for (String ns : namespaces) {
            String out = Commands.run(List.of("ip", "netns", "pids", ns), Duration.ofSeconds(10)).stdout();
            for (String s : out.split("\\s+")) {
                if (s.matches("\\d+")) {
                    pids.add(Long.parseLong(s));
                }
            }
        }
        return pids;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String cmdline(Path procDir) {
        try {
            return new String(Files.readAllBytes(procDir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
