package org.roam6.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The demo's testbed through {@code deploy/testbed/testbed.sh} (see deploy/testbed/README.md):
 * {@code up}, {@code move} at layer 2 (without {@code --clean}: the MN keeps what it learnt, as
 * a real host does), {@code down}; every call bounded in time, its stderr appended to a log.
 */
public final class TestbedControl {

    static final Duration UP_TIMEOUT = Duration.ofSeconds(90);
    static final int MOVE_TIMEOUT_S = 20;
    static final Duration DOWN_TIMEOUT = Duration.ofSeconds(60);

    private final Path script;
    private final String prefix;
    private final Path log;
    private final Path workDir;
    private final Map<String, String> env;
    private volatile Process running;

    public TestbedControl(Path script, String prefix, Path workDir, Map<String, String> env) {
        this.script = script;
        this.prefix = prefix;
        this.workDir = workDir;
        this.log = workDir.resolve("testbed.log");
        this.env = env;
    }

    public String prefix() {
        return prefix;
    }

    /** The namespace of a node of this run, e.g. {@code r6-1a2b3c-mn}. */
    public String namespace(String node) {
        return prefix + node;
    }

    /** {@code ip netns exec <namespace> command...}. */
    public List<String> inNamespace(String node, List<String> command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", namespace(node)));
        c.addAll(command);
        return c;
    }

    /** Builds the topology; {@code ownerPid} (or null) lets {@code testbed.sh gc} remove it after a crash. */
    public void up(Long ownerPid) throws IOException, InterruptedException, DemoException {
        List<String> args = new ArrayList<>(List.of("up", "--prefix", prefix));
        if (ownerPid != null) {
            args.addAll(List.of("--owner-pid", Long.toString(ownerPid)));
        }
        run(args, UP_TIMEOUT, "up");
    }

    /** Moves the MN to {@code link} (home, a, b); returns its address there. */
    public String move(String link) throws IOException, InterruptedException, DemoException {
        return run(List.of("move", link, "--prefix", prefix, "--timeout", Integer.toString(MOVE_TIMEOUT_S)),
                Duration.ofSeconds(MOVE_TIMEOUT_S + 10), "move").strip();
    }

    /**
     * Removes the run (processes in its namespaces, namespaces, state); true when it went cleanly.
     * A testbed.sh command still running (an {@code up} interrupted by Ctrl-C) is stopped first,
     * so that it cannot build after the removal.
     */
    public boolean down() {
        Process p = running;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            run(List.of("down", "--prefix", prefix), DOWN_TIMEOUT, "down");
            return true;
        } catch (IOException | DemoException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String run(List<String> args, Duration timeout, String what)
            throws IOException, InterruptedException, DemoException {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(args);
        Path out = workDir.resolve("testbed-" + what + ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        running = p;
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new DemoException("testbed.sh " + what + " took longer than " + timeout.toSeconds() + " s (see " + log + ")");
        }
        if (p.exitValue() != 0) {
            throw new DemoException("testbed.sh " + String.join(" ", args) + " failed (exit " + p.exitValue()
                    + "): " + lastLine(log));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static String lastLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1) + " (see " + file + ")";
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
