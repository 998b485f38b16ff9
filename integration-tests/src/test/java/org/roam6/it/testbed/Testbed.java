package org.roam6.it.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running mobility testbed (deploy/testbed/testbed.sh): network namespaces named
 * {@code <prefix><node>}, the nodes' addresses, commands and long-running processes inside them,
 * per-link captures, and moving the mobile node between links.
 *
 * <p>Teardown is certain: {@link #close()} stops every process this object started, stops the
 * captures (so the pcaps are complete) and runs {@code testbed.sh down}; a JVM shutdown hook does
 * the same if the JVM ends first; and {@link #up} first removes runs whose owner JVM has died
 * ({@code testbed.sh gc}) and any stale run with the same prefix.
 */
public final class Testbed implements AutoCloseable {
    /** System property: a fixed run prefix instead of a random {@code r6-xxxxxx-}. */
    public static final String PREFIX_PROPERTY = "roam6.testbed.prefix";
    /** System property: root directory for per-link pcaps (default target/testbed-pcaps). */
    public static final String PCAP_PROPERTY = "roam6.testbed.pcaps";
    /** System property: root directory for process logs (default target/testbed-logs). */
    public static final String LOG_PROPERTY = "roam6.testbed.logs";
    /** Default time limit of {@link #exec(String, String...)}. */
    public static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final String prefix;
    private final TestbedScript script;
    private final Path pcapDir;
    private final Path logDir;
    private final Map<String, String> env;
    private final List<TestbedProcess> processes = new CopyOnWriteArrayList<>();
    private final List<TestbedProcess> captures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger processCounter = new AtomicInteger();
    private final Thread shutdownHook;
    private volatile Duration lastMove = Duration.ZERO;
    private final Duration upDuration;

    private Testbed(String name, String prefix, TestbedScript script, Path pcapDir, Path logDir,
                    Map<String, String> env, Duration upDuration) {
        this.name = name;
        this.prefix = prefix;
        this.script = script;
        this.pcapDir = pcapDir;
        this.logDir = logDir;
        this.env = Map.copyOf(env);
        this.upDuration = upDuration;
        this.shutdownHook = new Thread(this::teardownQuietly, "testbed-down-" + prefix);
    }

    /**
     * Brings a testbed up for {@code name} (used for the pcap and log directories) with the
     * prefix from {@value #PREFIX_PROPERTY} or a fresh random one.
     */
    public static Testbed up(String name) {
        String prefix = System.getProperty(PREFIX_PROPERTY);
        return up(name, prefix == null || prefix.isBlank() ? TestbedScript.newPrefix() : prefix,
                TestbedScript.locate(),
                Path.of(System.getProperty(PCAP_PROPERTY, "target/testbed-pcaps")).resolve(name),
                Path.of(System.getProperty(LOG_PROPERTY, "target/testbed-logs")).resolve(name));
    }

    /** Brings a testbed up with everything explicit. The shutdown hook is in place before {@code up} runs. */
    public static Testbed up(String name, String prefix, TestbedScript script, Path pcapDir, Path logDir) {
        try {
            Files.createDirectories(pcapDir);
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // stale runs: any whose owner JVM is gone, and a leftover with our prefix
        script.gc();
        script.down(prefix);
        Thread earlyHook = new Thread(() -> script.down(prefix), "testbed-down-early-" + prefix);
        Runtime.getRuntime().addShutdownHook(earlyHook);
        Testbed tb;
        try {
            long t0 = System.nanoTime();
            ExecResult up = script.up(prefix);
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            if (!up.ok()) {
                script.down(prefix);
                throw new TestbedException("testbed up failed: " + up.describe());
            }
            tb = new Testbed(name, prefix, script, pcapDir, logDir, script.env(prefix), took);
            Runtime.getRuntime().addShutdownHook(tb.shutdownHook);
        } catch (RuntimeException e) {
            script.down(prefix);
            throw e;
        } finally {
            removeHook(earlyHook);
        }
        return tb;
    }

    public String name() {
        return name;
    }

    public String prefix() {
        return prefix;
    }

    public TestbedScript script() {
        return script;
    }

    /** Wall time of {@code testbed.sh up} as seen from Java. */
    public Duration upDuration() {
        return upDuration;
    }

    /** The variables {@code testbed.sh env} printed at start-up. */
    public Map<String, String> env() {
        return env;
    }

    /** The variables as of now (the MN's link and address change with {@link #move}). */
    public Map<String, String> freshEnv() {
        return script.env(prefix);
    }

    public List<String> nodes() {
        return words(env.get("TESTBED_NODES"));
    }

    public List<String> links() {
        return words(env.get("TESTBED_LINKS"));
    }

    public List<String> homeAgents() {
        return words(env.get("HOME_AGENTS"));
    }

    /** The namespace of a node ({@code mn}, {@code ha1}, ...) or a switch ({@code sw-home}, ...). */
    public String namespace(String node) {
        String ns = env.get("NODE_" + key(node) + "_NS");
        if (ns != null) {
            return ns;
        }
        if (node.startsWith("sw-") && env.containsKey("LINK_" + key(node.substring(3)) + "_NS")) {
            return env.get("LINK_" + key(node.substring(3)) + "_NS");
        }
        throw new IllegalArgumentException("no node or switch '" + node + "' in testbed " + prefix);
    }

    /** The node's main global address (its address on its LAN; for the MN its current address). */
    public Inet6Address address(String node) {
        if ("mn".equals(node)) {
            return mnAddress().orElseThrow(() -> new TestbedException("the MN has no global address"));
        }
        return parse(require("NODE_" + key(node) + "_ADDR"));
    }

    /** Every static global address of the node (none for the MN, whose addresses come from SLAAC). */
    public List<Inet6Address> addresses(String node) {
        List<Inet6Address> out = new ArrayList<>();
        for (String w : words(env.get("NODE_" + key(node) + "_ADDRS"))) {
            out.add(parse(w.substring(w.indexOf('=') + 1)));
        }
        return out;
    }

    public LinkInfo link(String link) {
        String k = "LINK_" + key(link) + "_";
        return new LinkInfo(link, require(k + "KIND"), require(k + "PREFIX"), require(k + "NS"), require(k + "IF"),
                words(env.get(k + "NODES")));
    }

    /** The link the MN is on now. */
    public String mnLink() {
        return freshEnv().get("MN_LINK");
    }

    /** The MN's global address on its current link, if it has one now. */
    public Optional<Inet6Address> mnAddress() {
        String a = freshEnv().get("MN_ADDR");
        return a == null || a.isBlank() ? Optional.empty() : Optional.of(parse(a));
    }

    /** The address SLAAC gives the MN on the home link (home prefix + the MN's EUI-64 interface id). */
    public Inet6Address mnHomeAddress() {
        return parse(require("MN_HOME_ADDR"));
    }

    /** The address SLAAC gives the MN on {@code link}: the link's /64 and the MN's interface id. */
    public Inet6Address mnExpectedAddress(String link) {
        String p = link(link).prefix();
        return parse(p.substring(0, p.indexOf("::/64")) + require("MN_IID"));
    }

    public Inet6Address cnAddress() {
        return parse(require("CN_ADDR"));
    }

    /** Runs a command in the node's namespace with the default time limit. */
    public ExecResult exec(String node, String... command) {
        return exec(node, EXEC_TIMEOUT, command);
    }

    /** Runs a command in the node's namespace; it is killed when {@code timeout} runs out. */
    public ExecResult exec(String node, Duration timeout, String... command) {
        return Commands.run(inNamespace(node, command), timeout);
    }

    /** One ICMPv6 echo from {@code node} to {@code target} (ping -6 -c 1 -W 2). */
    public boolean ping(String node, InetAddress target) {
        return exec(node, Duration.ofSeconds(10), "ping", "-6", "-n", "-q", "-c", "1", "-W", "2",
                target.getHostAddress()).ok();
    }

    /** One echo with a given source address. */
    public boolean ping(String node, InetAddress source, InetAddress target) {
        return exec(node, Duration.ofSeconds(10), "ping", "-6", "-n", "-q", "-c", "1", "-W", "2",
                "-I", source.getHostAddress(), target.getHostAddress()).ok();
    }

    /** Pings until one echo is answered or {@code within} has passed; true if answered. */
    public boolean awaitPing(String node, InetAddress source, InetAddress target, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (int i = 0; i < 1000; i++) {
            if (ping(node, source, target)) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            TestbedProcess.sleep(Duration.ofMillis(200));
        }
        return false;
    }

    /**
     * Starts a long-running command in the node's namespace; its output goes to a log file under
     * the log directory. It is stopped at {@link #close()} (and by {@code down} in any case).
     */
    public TestbedProcess startProcess(String node, String... command) {
        String base = Path.of(command[0]).getFileName().toString();
        return startProcess(node, logDir.resolve(node + "-" + base + "-" + processCounter.incrementAndGet() + ".log"),
                command);
    }

    private TestbedProcess startProcess(String node, Path log, String... command) {
        if (closed.get()) {
            throw new IllegalStateException("testbed " + prefix + " is closed");
        }
        try {
            Process p = new ProcessBuilder(inNamespace(node, command))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            TestbedProcess tp = new TestbedProcess(node, Arrays.asList(command), p, log);
            processes.add(tp);
            return tp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command) + " in " + node, e);
        }
    }

    /** Moves the MN to {@code link} at layer 2 only and returns its new address there. */
    public Inet6Address move(String link) {
        return move(link, MoveMode.LAYER2);
    }

    /** Moves the MN to {@code link} (home, a or b); waits until it has an address there and returns it. */
    public Inet6Address move(String link, MoveMode mode) {
        long t0 = System.nanoTime();
        ExecResult r = script.move(prefix, link, mode).requireOk();
        lastMove = Duration.ofNanos(System.nanoTime() - t0);
        String[] lines = r.stdout().strip().split("\n");
        return parse(lines[lines.length - 1].strip());
    }

    /** Wall time of the last {@link #move} (detach, attach, until the MN has its new address). */
    public Duration lastMoveDuration() {
        return lastMove;
    }

    /**
     * Starts tcpdump on every link's capture point, writing {@code <pcapDir>/<link>.pcap}, and
     * waits (bounded) until each is listening.
     */
    public void startCaptures() {
        List<TestbedProcess> started = new ArrayList<>();
        for (String l : links()) {
            started.add(startCapture(l, pcap(l), logDir.resolve("tcpdump-" + l + ".log")));
        }
        for (TestbedProcess tp : started) {
            if (!tp.awaitOutput("listening on", Duration.ofSeconds(10))) {
                throw new TestbedException("tcpdump did not start: " + tp + "\n" + tp.output());
            }
        }
        captures.addAll(started);
    }

    /** The pcap file of a link's running capture. */
    public Path pcap(String link) {
        return pcapDir.resolve(link + ".pcap");
    }

    public Path pcapDir() {
        return pcapDir;
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * Records a separate, complete pcap of a link for {@code duration} into
     * {@code <pcapDir>/<link>-<label>.pcap} and returns it once tcpdump has exited.
     */
    public Path recordPcap(String link, Duration duration, String label) {
        Path out = pcapDir.resolve(link + "-" + label + ".pcap");
        TestbedProcess tp = startCapture(link, out, logDir.resolve("tcpdump-" + link + "-" + label + ".log"));
        if (!tp.awaitOutput("listening on", Duration.ofSeconds(10))) {
            tp.stop();
            throw new TestbedException("tcpdump did not start: " + tp + "\n" + tp.output());
        }
        TestbedProcess.sleep(duration);
        tp.stop();
        processes.remove(tp);
        return out;
    }

    private TestbedProcess startCapture(String link, Path file, Path log) {
        LinkInfo li = link(link);
        List<String> cmd = List.of("ip", "netns", "exec", li.namespace(),
                "tcpdump", "-i", li.captureInterface(), "-n", "-U", "-s", "0", "-Z", "root",
                "-w", file.toAbsolutePath().toString());
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            TestbedProcess tp = new TestbedProcess("link:" + link, cmd, p, log);
            processes.add(tp);
            return tp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start tcpdump on " + link, e);
        }
    }

    /** {@code testbed.sh status} output. */
    public String status() {
        return script.status(prefix).stdout();
    }

    /**
     * Stops every process started here (captures last, so they see everything), then removes
     * the whole run with {@code testbed.sh down}. Idempotent.
     *
     * @throws TestbedException when {@code down} reports that something remained
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ExecResult down;
        try {
            down = teardown();
        } finally {
            removeHook(shutdownHook);
        }
        if (!down.ok()) {
            throw new TestbedException("testbed down failed: " + down.describe());
        }
    }

    private ExecResult teardown() {
        List<TestbedProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        for (TestbedProcess tp : reversed) {
            if (!captures.contains(tp)) {
                tp.stop();
            }
        }
        for (TestbedProcess tp : captures) {
            tp.stop();
        }
        return script.down(prefix);
    }

    private void teardownQuietly() {
        if (closed.compareAndSet(false, true)) {
            try {
                teardown();
            } catch (RuntimeException e) {
                System.err.println("testbed " + prefix + ": teardown in shutdown hook failed: " + e);
            }
        }
    }

    private List<String> inNamespace(String node, String... command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        cmd.addAll(Arrays.asList(command));
        return cmd;
    }

    private String require(String key) {
        String v = env.get(key);
        if (v == null) {
            throw new TestbedException("testbed env has no " + key);
        }
        return v;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is already running the hooks
        }
    }

    static String key(String name) {
        return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    /** Parses an IPv6 literal (no name lookup happens for literals). */
    public static Inet6Address parse(String literal) {
        try {
            InetAddress a = InetAddress.getByName(literal);
            if (a instanceof Inet6Address a6) {
                return a6;
            }
            throw new TestbedException("not an IPv6 address: " + literal);
        } catch (UnknownHostException e) {
            throw new TestbedException("not an IPv6 address: " + literal, e);
        }
    }

    @Override
    public String toString() {
        return "Testbed[" + prefix + " for " + name + "]";
    }
}
