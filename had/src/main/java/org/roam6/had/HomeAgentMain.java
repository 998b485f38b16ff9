package org.roam6.had;

/**
 * Entry point of {@code roam6-had}, the home agent (RFC 6275 section 10).
 *
 * <p>The daemon itself is not built yet: this entry point says so and exits with status 78
 * (EX_CONFIG in sysexits.h) so that a service manager does not restart it in a loop.
 */
public final class HomeAgentMain {
    private HomeAgentMain() {}

    public static void main(String[] args) {
        System.err.println("roam6-had: the home agent (RFC 6275 section 10) daemon is not implemented yet;"
                + " only the wire library and 'roam6 decode' are available in this version");
        System.exit(78);
    }
}
