package org.roam6.it.mnd;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.roam6.it.testbed.JsonLines;
import org.roam6.it.testbed.Testbed;
import org.roam6.it.testbed.TestbedProcess;
import org.roam6.wire.Ipv6Address;

/**
 * The home agent on ha1 and the mobile node on mn as the real daemon processes (the test
 * classpath's {@code HomeAgentMain} and {@code MobileNodeMain}), with the RFC 4285 key both share.
 */
final class Daemons {
    static final String HOA = "2001:db8:1::100";
    static final String KEY = "1000 \"4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b\" sha256";
    static final Duration START = Duration.ofSeconds(30);
    private static final String HAD_MAIN = "org.roam6.had.HomeAgentMain";

    private Daemons() {}

    /** {@code had} on ha1's lan0 serving the home prefix, with Mobile Prefix Advertisements. */
    static TestbedProcess startHomeAgent(Testbed tb, Path dir, Path socket) throws IOException {
        return startHomeAgent(tb, "ha1", 20, dir, socket);
    }

    /** {@code had} on {@code node}'s lan0 (ha1 or ha2) with {@code preference} in the Home Agents List. */
    static TestbedProcess startHomeAgent(Testbed tb, String node, int preference, Path dir, Path socket)
            throws IOException {
        return awaitRunning(launchHomeAgent(tb, node, preference, dir, socket));
    }

    /**
     * As {@link #startHomeAgent(Testbed, String, int, Path, Path)} without waiting for it to run
     * (several start side by side); {@link #awaitRunning} then.
     */
    static TestbedProcess launchHomeAgent(Testbed tb, String node, int preference, Path dir, Path socket)
            throws IOException {
        Path conf = dir.resolve(node + "-had.conf");
        Files.writeString(conf, """
                NodeConfig HA;
                Interface "lan0";
                HaServedPrefix 2001:db8:1::/64;
                HaMaxBindingLife 420;
                MnKey %s %s;
                SendMobPfxAdvs enabled;
                HomeAgentPreference %d;
                TunnelInterface "r6had0";
                AdminSocket "%s";
                MetricsPort 0;
                """.formatted(HOA, KEY, preference, socket));
        return launch(tb, node, HAD_MAIN, conf);
    }

    /**
     * {@code mnd} on mn's eth0 with {@code homeAgent} inside its MnHomeLink block (a
     * {@code HomeAgentAddress} statement, or nothing for DHAAD), route optimisation and Mobile
     * Prefix Solicitations on, one home agent at a time (only ha1 runs {@code had} here).
     */
    static TestbedProcess startMobileNode(Testbed tb, Path dir, Path socket, String homeAgent) throws IOException {
        return startMobileNode(tb, dir, socket, homeAgent, 1);
    }

    /** As above, registering with {@code homeAgents} home agents at once (MnHomeAgents). */
    static TestbedProcess startMobileNode(Testbed tb, Path dir, Path socket, String homeAgent, int homeAgents)
            throws IOException {
        return startMobileNode(tb, dir, socket, homeAgent, homeAgents, 420);
    }

    /** As above, asking the home agents for bindings of {@code haBindingLife} seconds (MnMaxHaBindingLife). */
    static TestbedProcess startMobileNode(Testbed tb, Path dir, Path socket, String homeAgent, int homeAgents,
                                          int haBindingLife) throws IOException {
        Path conf = dir.resolve("mnd.conf");
        Files.writeString(conf, """
                NodeConfig MN;
                MnHomeLink "eth0" {
                    %s
                    HomeAddress %s/64;
                    MnHaKey %s;
                }
                MnMaxHaBindingLife %d;
                MnHomeAgents %d;
                DoRouteOptimizationMN enabled;
                SendMobPfxSols enabled;
                TunnelInterface "r6mn0";
                AdminSocket "%s";
                MetricsPort 0;
                """.formatted(homeAgent, HOA, KEY, haBindingLife, homeAgents, socket));
        return start(tb, "mn", "org.roam6.mnd.MobileNodeMain", conf, "roam6-mnd running");
    }

    private static TestbedProcess start(Testbed tb, String node, String main, Path conf, String running) {
        TestbedProcess p = launch(tb, node, main, conf);
        if (!p.awaitOutput(running, START)) {
            fail(main + " did not start on " + node + ":\n" + p.output());
        }
        return p;
    }

    private static TestbedProcess launch(Testbed tb, String node, String main, Path conf) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return tb.startProcess(node, java, "-cp", System.getProperty("java.class.path"), main,
                "--config", conf.toString());
    }

    /** Waits until a home agent from {@link #launchHomeAgent} says it runs; fails the test otherwise. */
    static TestbedProcess awaitRunning(TestbedProcess homeAgent) {
        if (!homeAgent.awaitOutput("roam6-had running", START)) {
            fail(HAD_MAIN + " did not start on " + homeAgent.node() + ":\n" + homeAgent.output());
        }
        return homeAgent;
    }

    /** The last JSON line of a tool's output (tcpcheck.py, udpstream.py); fails the test without one. */
    static JsonNode lastJson(String output) throws IOException {
        return JsonLines.last(output);
    }

    /** An IPv6 address in roam6's canonical text form. */
    static String norm(String address) {
        return Ipv6Address.parse(address).toString();
    }
}
