package org.roam6.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where roam6 lives: a source tree (with {@code deploy/bin}, {@code deploy/testbed}) or an
 * installed tree (with {@code bin}, {@code testbed}). {@code ROAM6_HOME} wins, as in the
 * launchers; otherwise the nearest ancestor of the running code (the jar in
 * {@code common-wire/target} or {@code lib}, or the classes directory) that holds the testbed.
 */
public record Roam6Home(Path root) {

    private static final int MAX_LEVELS = 6;

    /** Finds the root; {@code envHome} may be null, {@code codeSource} is where the running classes are. */
    public static Roam6Home locate(String envHome, Path codeSource) throws DemoException {
        if (envHome != null && !envHome.isBlank()) {
            Path p = Path.of(envHome).toAbsolutePath().normalize();
            if (!isRoot(p)) {
                throw new DemoException("ROAM6_HOME=" + envHome + " holds no testbed (deploy/testbed/testbed.sh)");
            }
            return new Roam6Home(p);
        }
        Path p = codeSource == null ? null : codeSource.toAbsolutePath().normalize();
        for (int i = 0; p != null && i < MAX_LEVELS; i++, p = p.getParent()) {
            if (isRoot(p)) {
                return new Roam6Home(p);
            }
        }
        throw new DemoException("cannot find roam6's files (deploy/testbed/testbed.sh) above " + codeSource
                + "; set ROAM6_HOME");
    }

    static boolean isRoot(Path p) {
        return Files.isRegularFile(p.resolve("deploy/testbed/testbed.sh")) || Files.isRegularFile(p.resolve("testbed/testbed.sh"));
    }

    public Path testbedScript() {
        return first("deploy/testbed/testbed.sh", "testbed/testbed.sh");
    }

    public Path tcpcheck() {
        return first("deploy/testbed/tcpcheck.py", "testbed/tcpcheck.py");
    }

    public Path udpstream() {
        return first("deploy/testbed/udpstream.py", "testbed/udpstream.py");
    }

    /** A daemon launcher such as {@code roam6-had}. */
    public Path launcher(String name) {
        return first("deploy/bin/" + name, "bin/" + name);
    }

    private Path first(String... candidates) {
        for (String c : List.of(candidates)) {
            if (Files.exists(root.resolve(c))) {
                return root.resolve(c);
            }
        }
        return root.resolve(candidates[0]);
    }
}
