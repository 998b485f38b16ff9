package org.roam6.it.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line testbed, {@code deploy/testbed/testbed.sh}, driven from Java: one method per
 * sub-command, each bounded in time.
 */
public final class TestbedScript {
    /** System property naming the script; defaults to the first deploy/testbed/testbed.sh above the working directory. */
    public static final String SCRIPT_PROPERTY = "roam6.testbed.script";
    static final Duration UP_TIMEOUT = Duration.ofSeconds(90);
    static final Duration DOWN_TIMEOUT = Duration.ofSeconds(60);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(20);

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path script;

    public TestbedScript(Path script) {
        this.script = script;
    }

    /** The script named by {@value #SCRIPT_PROPERTY}, or found above the working directory. */
    public static TestbedScript locate() {
        String configured = System.getProperty(SCRIPT_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(p)) {
                throw new TestbedException(SCRIPT_PROPERTY + "=" + configured + " is not a file");
            }
            return new TestbedScript(p);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("deploy/testbed/testbed.sh");
            if (Files.isRegularFile(p)) {
                return new TestbedScript(p);
            }
        }
        throw new TestbedException("deploy/testbed/testbed.sh not found above " + Path.of("").toAbsolutePath()
                + " (set -D" + SCRIPT_PROPERTY + "=...)");
    }

    /** A fresh run prefix, {@code r6-<6 hex digits>-}, the same form the script generates. */
    public static String newPrefix() {
        byte[] b = new byte[3];
        RANDOM.nextBytes(b);
        return "r6-" + HexFormat.of().formatHex(b) + "-";
    }

    public Path path() {
        return script;
    }

    /** Runs {@code testbed.sh args...} and returns its result whatever the exit status. */
    public ExecResult run(Duration timeout, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        return Commands.run(cmd, timeout);
    }

    /** {@code up --prefix P --owner-pid <this JVM>}: the run is garbage once this JVM is gone. */
    public ExecResult up(String prefix) {
        return run(UP_TIMEOUT, "up", "--prefix", prefix, "--owner-pid", Long.toString(ProcessHandle.current().pid()));
    }

    /** {@code up --prefix P --owner-pid PID}. */
    public ExecResult up(String prefix, long ownerPid) {
        return run(UP_TIMEOUT, "up", "--prefix", prefix, "--owner-pid", Long.toString(ownerPid));
    }

    public ExecResult down(String prefix) {
        return run(DOWN_TIMEOUT, "down", "--prefix", prefix);
    }

    /** Removes every run whose owner process has died. */
    public ExecResult gc() {
        return run(DOWN_TIMEOUT, "gc");
    }

    public ExecResult move(String prefix, String link, MoveMode mode) {
        List<String> args = new ArrayList<>(List.of("move", link, "--prefix", prefix));
        if (mode == MoveMode.CLEAN) {
            args.add("--clean");
        }
        return run(Duration.ofSeconds(40), args.toArray(String[]::new));
    }

    public ExecResult status(String prefix) {
        return run(QUERY_TIMEOUT, "status", "--prefix", prefix);
    }

    public ExecResult list() {
        return run(QUERY_TIMEOUT, "list");
    }

    /** {@code env --prefix P} parsed into an ordered map. */
    public Map<String, String> env(String prefix) {
        return parseEnv(run(QUERY_TIMEOUT, "env", "--prefix", prefix).requireOk().stdout());
    }

    /** Parses {@code KEY='value'} / {@code KEY=value} lines as {@code testbed.sh env} prints them. */
    public static Map<String, String> parseEnv(String text) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || !line.substring(0, eq).matches("[A-Z0-9_]+")) {
                continue;
            }
            String v = line.substring(eq + 1);
            if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
                v = v.substring(1, v.length() - 1);
            }
            env.put(line.substring(0, eq), v);
        }
        return env;
    }
}
