package org.roam6.mad;

/**
 * Entry point of {@code roam6-mad}, the correspondent Mobility Agent (paper 003):
 * {@code roam6-mad [--config FILE] [--check] [--log-level LEVEL] [--help-config]}.
 */
public final class MobilityAgentMain {
    private MobilityAgentMain() {}

    public static void main(String[] args) {
        MobilityAgentDaemon.main(args);
    }
}
