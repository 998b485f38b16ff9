package org.roam6.cli.demo;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code roam6 demo [--rounds N] [--dwell S] [--keep] [--pcap-dir DIR] [--without-failover]
 * [--without-mobility-agent]}: Mobile IPv6 at work on
 * the network-namespace testbed (see {@link Demo}).
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Roams a mobile node home -> a -> b -> home on a network-namespace testbed with two home agents",
            "(ha1, ha2) and the mobile node daemon, while a correspondent pings its home address and a TCP connection",
            "carries a checked byte stream both ways; shows a live timeline of each handover and a summary.",
            "Then, with the MN on link A registered with both home agents, a UDP stream at 1000 packets/s and",
            "SIGKILL of ha1's home agent: ha2 takes over. Last, route optimisation through the Mobility Agent:",
            "roam6-mad on the border router br answers for the plain Linux correspondent, the MN (its daemon",
            "restarted on link A) binds there under a TCP stream, moves to B and the binding follows. Needs root.",
            "Exit 0 when TCP arrived intact, every handover completed, delivery resumed after the failover with",
            "ha2 holding the binding, and the Mobility Agent's binding followed to B with its TCP stream intact."},
        usageHelpWidth = 110)
public final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Rounds of home -> a -> b -> home, 3 handovers each (default ${DEFAULT-VALUE}); "
                    + "the failover phase adds a move to link A.")
    int rounds;

    @Option(names = "--dwell", paramLabel = "S", defaultValue = "6",
            description = "Seconds on each link (default ${DEFAULT-VALUE}).")
    double dwell;

    @Option(names = "--keep", description = "Leave the testbed and the daemons up at the end, for inspection.")
    boolean keep;

    @Option(names = "--pcap-dir", paramLabel = "DIR",
            description = "Where the captures of each link go (default: in the demo's directory under /tmp).")
    Path pcapDir;

    @Option(names = "--tcp-rate", paramLabel = "BYTES", defaultValue = "20000",
            description = "Bytes per second each way of the TCP check (default ${DEFAULT-VALUE}).")
    int tcpRate;

    @Option(names = "--without-mnd",
            description = "Rehearse without the mobile node daemon: the traffic goes to the MN's home SLAAC "
                    + "address and breaks while it is away (the demo then fails, as it should).")
    boolean withoutMnd;

    @Option(names = "--without-failover",
            description = "Skip the home agent failover phase after the rounds (the MN on link A, a UDP stream at "
                    + "1000 packets/s, SIGKILL of ha1's home agent, ha2 takes over).")
    boolean withoutFailover;

    @Option(names = "--without-mobility-agent",
            description = "Skip the last phase, route optimisation through the Mobility Agent (roam6-mad on br answering "
                    + "for the correspondent; the MN's daemon restarted on link A, then a move to B under TCP).")
    boolean withoutMobilityAgent;

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || rounds > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be 1 to 100");
        }
        if (!(dwell >= 1 && dwell <= 600)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dwell must be 1 to 600 seconds");
        }
        if (tcpRate < 100 || tcpRate > 10_000_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tcp-rate must be 100 to 10000000");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            Roam6Home home = Roam6Home.locate(System.getenv("ROAM6_HOME"), codeSource());
            return new Demo(new DemoOptions(rounds, dwell, keep, pcapDir, tcpRate, withoutMnd, withoutFailover,
                    withoutMobilityAgent), home, out).run();
        } catch (DemoException e) {
            out.flush();
            spec.commandLine().getErr().println("roam6 demo: " + e.getMessage());
            return 1;
        }
    }

    private static Path codeSource() {
        try {
            return Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
