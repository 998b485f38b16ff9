package org.roam6.cli.demo;

import java.time.Instant;
import java.util.List;

/**
 * What the demo learns from one line of a home agent daemon's log: its peers' liveness and its
 * takeover of a binding when the home agent that intercepted for it died (roam6's several home
 * agents, had/docs/multiha.md). Each event carries the log line's own timestamp.
 */
public sealed interface HadEvent {

    /** When the daemon logged it. */
    Instant at();

    /**
     * {@code peer home agents [<ha>, ...] sent no heartbeat for <misses> x <interval> ms: dead}:
     * the peer monitor found them silent.
     */
    record PeersDead(Instant at, List<String> peers, int misses, int intervalMs) implements HadEvent {
        /** How long the silence had to last: {@code misses x interval}. */
        public int silenceMs() {
            return misses * intervalMs;
        }
    }

    /**
     * {@code home agent <dead> is dead: this home agent now intercepts for <hoa> (care-of <coa>)}:
     * it installed the route and proxy entry for the home address; one Home Agent Unreachable to
     * the care-of address follows at once.
     */
    record TakeOver(Instant at, String deadHomeAgent, String homeAddress, String careOf) implements HadEvent {
    }

    /** {@code peer home agent <ha> is alive again ...}: heartbeats came back. */
    record PeerAlive(Instant at, String peer) implements HadEvent {
    }

    /** {@code Home Agent Unreachable to <coa> for <hoa> not sent: <reason>}. */
    record UnreachableNotSent(Instant at, String careOf, String homeAddress, String reason) implements HadEvent {
    }
}
