package org.roam6.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code roam6 demo} was asked to do.
 *
 * @param rounds      rounds of home -> a -> b -> home (3 handovers each)
 * @param dwellS      seconds on each link
 * @param keep        leave the testbed and the daemons up at the end
 * @param pcapDir     where the captures go (null: a directory in the demo's work directory)
 * @param tcpRate     bytes per second each way of the TCP check
 * @param withoutMnd  a rehearsal without the mobile node daemon: traffic goes to the MN's own
 *                    home SLAAC address, which is unreachable while it is away
 * @param withoutFailover skip the home agent failover phase after the rounds (it needs the
 *                    mobile node daemon, so a rehearsal without it has none either)
 * @param withoutMobilityAgent skip the last phase, route optimisation through the Mobility Agent
 *                    ({@code roam6-mad} on br; it needs the mobile node daemon too)
 */
public record DemoOptions(int rounds, double dwellS, boolean keep, Path pcapDir, int tcpRate, boolean withoutMnd,
                          boolean withoutFailover, boolean withoutMobilityAgent) {

    /** Without the failover phase's option (it runs unless {@code withoutMnd}), nor the Mobility Agent's. */
    public DemoOptions(int rounds, double dwellS, boolean keep, Path pcapDir, int tcpRate, boolean withoutMnd) {
        this(rounds, dwellS, keep, pcapDir, tcpRate, withoutMnd, false, false);
    }

    /** Without the Mobility Agent phase's option (it runs unless {@code withoutMnd}). */
    public DemoOptions(int rounds, double dwellS, boolean keep, Path pcapDir, int tcpRate, boolean withoutMnd,
                       boolean withoutFailover) {
        this(rounds, dwellS, keep, pcapDir, tcpRate, withoutMnd, withoutFailover, false);
    }

    /** The home agent failover phase runs: the mobile node daemon runs and it was not skipped. */
    public boolean failover() {
        return !withoutMnd && !withoutFailover;
    }

    /** The route optimisation phase through the Mobility Agent runs: the mobile node daemon runs and it was not skipped. */
    public boolean mobilityAgent() {
        return !withoutMnd && !withoutMobilityAgent;
    }

    /** The links the MN visits: a, b, home per round (it starts at home). */
    public List<String> moves() {
        List<String> m = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            m.addAll(List.of("a", "b", "home"));
        }
        return m;
    }
}
