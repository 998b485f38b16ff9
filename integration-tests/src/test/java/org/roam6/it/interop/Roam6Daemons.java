package org.roam6.it.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;

/** roam6's daemons in testbed nodes for the interop scenarios, with the configs they are given. */
final class Roam6Daemons {

    static final Duration START = Duration.ofSeconds(30);

    private Roam6Daemons() {
    }

    /** {@code had} on {@code node}'s lan0 serving the home prefix, {@code hoa} accepted unprotected (as UMIP sends). */
    static TestbedProcess homeAgent(Testbed tb, String node, Path dir, Path socket, String hoa) throws IOException {
        Path conf = dir.resolve(node + "-had.conf");
        Files.writeString(conf, """
                NodeConfig HA;
                Interface "lan0";
                HaServedPrefix 2001:db8:1::/64;
                HaMaxBindingLife 420;
                MnUnprotected %s;
                TunnelInterface "r6had0";
                AdminSocket "%s";
                MetricsPort 0;
                """.formatted(hoa, socket));
        return start(tb, node, "org.roam6.had.HomeAgentMain", conf, "roam6-had running");
    }

    /**
     * {@code mnd} on mn's eth0 for home address {@code hoa}, unprotected (UMIP has no RFC 4285),
     * with {@code homeAgentLines} inside MnHomeLink and {@code extra} statements.
     */
    static TestbedProcess mobileNode(Testbed tb, Path dir, Path socket, String hoa, String homeAgentLines,
                                     String extra) throws IOException {
        Path conf = dir.resolve("mnd.conf");
        Files.writeString(conf, """
                NodeConfig MN;
                MnHaUnprotected enabled;
                MnHomeLink "eth0" {
                    %s
                    HomeAddress %s/64;
                }
                %s
                TunnelInterface "r6mn0";
                AdminSocket "%s";
                MetricsPort 0;
                """.formatted(homeAgentLines, hoa, extra, socket));
        return start(tb, "mn", "org.roam6.mnd.MobileNodeMain", conf, "roam6-mnd running");
    }

    /** {@code mad} on br's lan0 answering for link C with {@code policy} for legacy mobile nodes (UMIP is one). */
    static TestbedProcess mobilityAgent(Testbed tb, Path dir, Path socket, String policy) throws IOException {
        Path conf = dir.resolve("mad.conf");
        Files.writeString(conf, """
                NodeConfig CN;
                Interface "lan0";
                MaServedPrefix 2001:db8:c::/64;
                MaLegacyPolicy %s;
                AdminSocket "%s";
                MetricsPort 0;
                """.formatted(policy, socket));
        return start(tb, "br", "org.roam6.mad.MobilityAgentMain", conf, "roam6-mad running");
    }

    private static TestbedProcess start(Testbed tb, String node, String main, Path conf, String running) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        TestbedProcess p = tb.startProcess(node, java, "-cp", System.getProperty("java.class.path"), main,
                "--config", conf.toString());
        if (!p.awaitOutput(running, START)) {
            fail(main + " did not start on " + node + ":\n" + p.output());
        }
        return p;
    }
}
