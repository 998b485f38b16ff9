package org.roam6.it.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The ready mip6d binary the interop tests run in the guest: from the system property
 * {@code roam6.mip6d}, else the environment variable {@code ROAM6_MIP6D}. roam6 ships no UMIP
 * code and builds none: the user builds mip6d (UMIP, e.g. s-vincent/umip, with
 * {@code --enable-vt}) and names it. Without one the interop tests are skipped.
 */
public final class Mip6dBinary {

    public static final String PROPERTY = "roam6.mip6d";
    public static final String ENV = "ROAM6_MIP6D";
    public static final String HOW = "the UMIP interop tests need a ready mip6d binary (UMIP built with --enable-vt): "
            + "run 'deploy/bin/roam6 interop --mip6d /path/to/mip6d', or give -D" + PROPERTY
            + "=/path/to/mip6d to Maven, or set " + ENV;

    private Mip6dBinary() {
    }

    /** The configured path, if any (not checked). */
    public static Optional<Path> configured() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv(ENV);
        }
        return p == null || p.isBlank() ? Optional.empty() : Optional.of(Path.of(p.trim()).toAbsolutePath());
    }

    /**
     * The binary, or the test is skipped with {@link #HOW}. A path that is given but is no
     * executable file fails the test: that is a mistake to report, not a reason to skip.
     */
    public static Path require() {
        Optional<Path> p = configured();
        assumeTrue(p.isPresent(), HOW);
        Path path = p.get();
        if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
            throw new IllegalStateException(PROPERTY + "=" + path + " is not an executable file; " + HOW);
        }
        return path;
    }
}
