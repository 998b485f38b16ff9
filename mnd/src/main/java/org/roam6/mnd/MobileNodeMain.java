package org.roam6.mnd;

/** Entry point of {@code roam6-mnd}, the mobile node (RFC 6275 section 11): see {@link MobileNodeDaemon}. */
public final class MobileNodeMain {
    private MobileNodeMain() {}

    public static void main(String[] args) {
        System.exit(new MobileNodeDaemon().run(args));
    }
}
