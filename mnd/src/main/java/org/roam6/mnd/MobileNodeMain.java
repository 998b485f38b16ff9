package org.roam6.mnd;

/**
 * Entry point of {@code roam6-mnd}, the mobile node (RFC 6275 section 11).
 *
 * <p>The daemon itself is not built yet: this entry point says so and exits with status 78
 * (EX_CONFIG in sysexits.h) so that a service manager does not restart it in a loop.
 */
public final class MobileNodeMain {
    private MobileNodeMain() {}

    public static void main(String[] args) {
        System.err.println("roam6-mnd: the mobile node (RFC 6275 section 11) daemon is not implemented yet;"
                + " only the wire library and 'roam6 decode' are available in this version");
        System.exit(78);
    }
}
