package org.roam6.it.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The standard topology: every node, every link, full reachability, the MN's home address by SLAAC. */
@WithTestbed
class TopologyTest {

    @Test
    void everyNodePingsEveryGlobalAddressOfEveryOtherNode(Testbed tb) {
        Map<String, List<Inet6Address>> targets = new LinkedHashMap<>();
        for (String n : tb.nodes()) {
            targets.put(n, "mn".equals(n) ? List.of(tb.address("mn")) : tb.addresses(n));
        }
        List<String> failures = new ArrayList<>();
        int pings = 0;
        for (String from : tb.nodes()) {
            StringBuilder script = new StringBuilder();
            for (Map.Entry<String, List<Inet6Address>> t : targets.entrySet()) {
                if (t.getKey().equals(from)) {
                    continue;
                }
                for (Inet6Address a : t.getValue()) {
                    pings++;
                    script.append("ping -6 -n -q -c 1 -W 2 ").append(a.getHostAddress())
                            .append(" >/dev/null 2>&1 || echo 'FAIL ").append(t.getKey()).append(' ')
                            .append(a.getHostAddress()).append("'\n");
                }
            }
            ExecResult r = tb.exec(from, Duration.ofSeconds(120), "sh", "-c", script.toString());
            assertTrue(r.ok(), r::describe);
            for (String line : r.stdout().split("\n")) {
                if (line.startsWith("FAIL")) {
                    failures.add(from + " -> " + line.substring(5));
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> "unreachable:\n" + String.join("\n", failures) + "\n" + tb.status());
        assertTrue(pings > 100, "the matrix covers all nodes' addresses, got " + pings);
    }

    @Test
    void mobileNodeGetsItsHomeAddressBySlaacOnItsOnlyInterface(Testbed tb) {
        assertEquals("home", tb.mnLink());
        assertEquals(tb.mnHomeAddress(), tb.address("mn"));
        ExecResult links = tb.exec("mn", "ip", "-o", "link", "show").requireOk();
        List<String> names = new ArrayList<>();
        for (String line : links.stdout().strip().split("\n")) {
            names.add(line.split(":\\s+")[1].replaceAll("@.*", ""));
        }
        assertEquals(List.of("lo", "eth0"), names, "the MN has exactly one interface besides loopback");
        // the address is the kernel's SLAAC (dynamic, i.e. with finite lifetimes), not configured
        ExecResult addr = tb.exec("mn", "ip", "-6", "-o", "addr", "show", "dev", "eth0", "scope", "global")
                .requireOk();
        assertTrue(addr.stdout().contains("dynamic"), addr::describe);
        ExecResult route = tb.exec("mn", "ip", "-6", "route", "show", "default").requireOk();
        assertTrue(route.stdout().contains("proto ra"), () -> "default route learnt from an RA: " + route.stdout());
    }

    @Test
    void routersForwardAndHostsDoNot(Testbed tb) {
        for (String n : tb.nodes()) {
            String v = tb.exec(n, "sysctl", "-n", "net.ipv6.conf.all.forwarding").requireOk().stdout().strip();
            boolean router = !n.equals("mn") && !n.equals("cn");
            assertEquals(router ? "1" : "0", v, "forwarding on " + n);
        }
        assertEquals("2", tb.exec("mn", "sysctl", "-n", "net.ipv6.conf.eth0.accept_ra").requireOk().stdout().strip());
    }

    @Test
    void everyNodeLivesInANamespaceCarryingTheRunPrefix(Testbed tb) {
        String list = Commands.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10)).requireOk().stdout();
        for (String n : tb.nodes()) {
            String ns = tb.namespace(n);
            assertTrue(ns.startsWith(tb.prefix()) && ns.equals(tb.prefix() + n), ns);
            assertTrue(list.contains(ns), ns + " in ip netns list");
        }
        for (String l : tb.links()) {
            LinkInfo li = tb.link(l);
            assertTrue(li.namespace().startsWith(tb.prefix()), li.toString());
            assertFalse(li.prefix().isBlank());
            assertTrue(li.prefix().startsWith("2001:db8:"), "documentation prefixes only: " + li);
        }
    }

    @Test
    void everyLinkIsCapturedIntoItsOwnPcap(Testbed tb) throws Exception {
        // RAs flow on the bridged links all the time; ping over the core links to see them too
        assertTrue(tb.ping("cn", tb.address("hr")));
        assertTrue(tb.ping("ara", tb.address("arb")));
        TestbedProcess.sleep(Duration.ofSeconds(2));
        for (String l : tb.links()) {
            assertTrue(Files.exists(tb.pcap(l)), tb.pcap(l).toString());
            // more than the 24-byte pcap file header: packets were written
            assertTrue(Files.size(tb.pcap(l)) > 24, () -> "packets captured on " + l);
        }
    }
}
