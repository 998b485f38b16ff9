package org.roam6.it.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The home link's Router Advertisements as a Mobile IPv6 node sees them (RFC 6275 7.1, 7.4,
 * 7.5), decoded by tshark from a capture of the home link: the home agents set the H flag and
 * send the Home Agent Information option; the home router does not.
 */
@WithTestbed(captures = false)
class HomeAgentAdvertisementTest {
    private static final int OPT_ADV_INTERVAL = 7;
    private static final int OPT_HOME_AGENT_INFO = 8;
    private static final int OPT_PREFIX_INFO = 3;

    /** One RA: source link-local address mapped to a node, flags and options. */
    record Ra(String source, String hFlag, List<Integer> optionTypes, String haPreference, String haLifetime,
              String routerLifetime, String prefixRFlag, String prefix) {
    }

    private static List<Ra> ras;
    private static Map<String, String> linkLocalOf;

    @BeforeAll
    static void captureTheHomeLink(Testbed tb) {
        TestbedRequirements.requireTool("tshark");
        linkLocalOf = new HashMap<>();
        for (String n : List.of("hr", "ha1", "ha2")) {
            String out = tb.exec(n, "ip", "-6", "-o", "addr", "show", "dev", "lan0", "scope", "link").requireOk().stdout();
            String ll = out.split("\\s+inet6\\s+")[1].split("/")[0];
            linkLocalOf.put(Testbed.parse(ll).getHostAddress(), n);
        }
        // RAs every 0.5-1.5 s: 5 s hold several from each router
        Path pcap = tb.recordPcap("home", Duration.ofSeconds(5), "ra");
        ExecResult r = Commands.run(List.of("tshark", "-r", pcap.toString(), "-Y", "icmpv6.type == 134",
                "-T", "fields", "-E", "separator=|", "-E", "aggregator=,",
                "-e", "ipv6.src", "-e", "icmpv6.nd.ra.flag.h", "-e", "icmpv6.opt.type",
                "-e", "icmpv6.opt.home_agent_preference", "-e", "icmpv6.opt.home_agent_lifetime",
                "-e", "icmpv6.nd.ra.router_lifetime", "-e", "icmpv6.opt.prefix.flag.r",
                "-e", "icmpv6.opt.prefix"), Duration.ofSeconds(60));
        assertTrue(r.ok(), r::describe);
        ras = new ArrayList<>();
        for (String line : r.stdout().strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            List<Integer> types = new ArrayList<>();
            for (String t : f[2].split(",")) {
                if (!t.isBlank()) {
                    types.add(Integer.parseInt(t.strip()));
                }
            }
            String src = Testbed.parse(f[0]).getHostAddress();
            ras.add(new Ra(linkLocalOf.getOrDefault(src, src), f[1], types, f[3], f[4], f[5], f[6], f[7]));
        }
    }

    private static List<Ra> from(String node) {
        List<Ra> out = ras.stream().filter(ra -> ra.source().equals(node)).toList();
        assertFalse(out.isEmpty(), () -> "no RA from " + node + " among " + ras);
        return out;
    }

    @Test
    void homeAgentsSetTheHomeAgentFlag() {
        for (String ha : List.of("ha1", "ha2")) {
            for (Ra ra : from(ha)) {
                assertTrue(ra.hFlag().equals("1") || ra.hFlag().equalsIgnoreCase("true"), () -> ha + ": " + ra);
            }
        }
    }

    @Test
    void homeAgentsSendTheHomeAgentInformationOptionWithTheirPreferenceAndLifetime(Testbed tb) {
        Map<String, String> env = tb.env();
        for (String ha : List.of("ha1", "ha2")) {
            for (Ra ra : from(ha)) {
                assertTrue(ra.optionTypes().contains(OPT_HOME_AGENT_INFO), () -> ha + ": " + ra);
                assertEquals(env.get(Testbed.key(ha) + "_PREFERENCE"), ra.haPreference(), () -> ha + ": " + ra);
                assertEquals(env.get("HA_LIFETIME"), ra.haLifetime(), () -> ha + ": " + ra);
                // a home agent that is not the default router (the home router is)
                assertEquals("0", ra.routerLifetime(), () -> ha + ": " + ra);
            }
        }
    }

    @Test
    void homeAgentsAdvertiseTheirGlobalAddressInThePrefixOption(Testbed tb) {
        for (String ha : List.of("ha1", "ha2")) {
            String own = tb.address(ha).getHostAddress();
            for (Ra ra : from(ha)) {
                assertTrue(ra.optionTypes().contains(OPT_PREFIX_INFO), () -> ha + ": " + ra);
                assertTrue(ra.prefixRFlag().equals("1") || ra.prefixRFlag().equalsIgnoreCase("true"),
                        () -> "R flag (RFC 6275 7.2) from " + ha + ": " + ra);
                // with R set the Prefix field holds the home agent's whole address (RFC 6275 7.2)
                assertEquals(own, Testbed.parse(ra.prefix()).getHostAddress(), () -> ha + ": " + ra);
            }
        }
    }

    @Test
    void everyRouterOnTheHomeLinkSendsTheAdvertisementIntervalOption() {
        for (String n : List.of("hr", "ha1", "ha2")) {
            for (Ra ra : from(n)) {
                assertTrue(ra.optionTypes().contains(OPT_ADV_INTERVAL), () -> n + ": " + ra);
            }
        }
    }

    @Test
    void theHomeRouterIsNoHomeAgent() {
        for (Ra ra : from("hr")) {
            assertTrue(ra.hFlag().equals("0") || ra.hFlag().equalsIgnoreCase("false"), ra::toString);
            assertFalse(ra.optionTypes().contains(OPT_HOME_AGENT_INFO), ra::toString);
            assertFalse(ra.routerLifetime().equals("0"), () -> "the home router is the default router: " + ra);
        }
    }

    @Test
    void advertisementsComeOftenEnoughForFastMovementDetection() {
        // MaxRtrAdvInterval 1.5 s: at least 3 per router in the 5 s capture
        for (String n : List.of("hr", "ha1", "ha2")) {
            assertTrue(from(n).size() >= 3, () -> n + " sent " + from(n).size() + " RAs in 5 s");
        }
    }
}
