package org.roam6.mad;

/**
 * Entry point of {@code roam6-mad}, the correspondent Mobility Agent.
 *
 * <p>The daemon itself is not built yet: this entry point says so and exits with status 78
 * (EX_CONFIG in sysexits.h) so that a service manager does not restart it in a loop.
 */
public final class MobilityAgentMain {
    private MobilityAgentMain() {}

    public static void main(String[] args) {
        System.err.println("roam6-mad: the correspondent Mobility Agent daemon is not implemented yet;"
                + " only the wire library and 'roam6 decode' are available in this version");
        System.exit(78);
    }
}
