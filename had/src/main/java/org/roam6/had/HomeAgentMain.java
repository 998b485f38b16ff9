package org.roam6.had;

/**
 * Entry point of {@code roam6-had}, the home agent (RFC 6275 section 10):
 * {@code roam6-had [--config FILE] [--check] [--log-level LEVEL] [--help-config]}.
 */
public final class HomeAgentMain {
    private HomeAgentMain() {}

    public static void main(String[] args) {
        HomeAgentDaemon.main(args);
    }
}
