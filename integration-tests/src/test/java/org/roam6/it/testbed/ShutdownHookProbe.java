package org.roam6.it.testbed;

import java.nio.file.Path;

/**
 * A JVM that brings a testbed up, starts a process in it and exits without closing it: only the
 * shutdown hook can remove it. Run by {@link TeardownTest}; args: prefix, artefact directory.
 */
public final class ShutdownHookProbe {
    private ShutdownHookProbe() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        Testbed tb = Testbed.up("probe", args[0], TestbedScript.locate(), dir.resolve("pcaps"), dir.resolve("logs"));
        tb.startProcess("cn", "sleep", "600");
        tb.startCaptures();
        System.out.println("UP " + tb.prefix());
        System.exit(0);
    }
}
