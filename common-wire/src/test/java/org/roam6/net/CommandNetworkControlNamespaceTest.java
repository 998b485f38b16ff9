package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/** Everything a daemon installs is there while it runs and gone after close() or SIGTERM. */
@Timeout(90)
class CommandNetworkControlNamespaceTest {
    static NamespacePair net;

    @BeforeAll
    static void setUp() throws NetException {
        net = NamespacePair.create();
    }

    @AfterAll
    static void tearDown() {
        if (net != null) {
            net.close();
        }
    }

    private static String inB(String... cmd) throws NetException {
        return net.runIn(net.b).check(cmd);
    }

    @Test
    void closeRemovesAddressesRoutesRulesNeighboursTheNftablesTableAndRestoresSysctls() throws Exception {
        String forwardingBefore = inB("sysctl", "-n", "net.ipv6.conf.all.forwarding");
        String proxyBefore = inB("sysctl", "-n", "net.ipv6.conf.vb.proxy_ndp");
        Ipv6Address hoa = Ipv6Address.parse("2001:db8:1::99");
        try (TunDevice tun = net.inB.call(() -> LinuxTunDevice.open("r6ha0", true))) {
            CommandNetworkControl ctl = new CommandNetworkControl("ha-test", net.b);
            ctl.linkUp(tun.name(), 1400);
            ctl.addAddress("vb", Ipv6Address.parse("2001:db8:5::1"), 64, true);
            ctl.addRoute(new Ipv6Prefix(hoa, 128), tun.name(), null, 0);
            ctl.addRoute(Ipv6Prefix.parse("::/0"), tun.name(), null, 100);
            ctl.addSourceRule(new Ipv6Prefix(hoa, 128), 100, 1000);
            ctl.addProxyNeighbour(hoa, "vb");
            ctl.setSysctl("net.ipv6.conf.vb.proxy_ndp", "1");
            ctl.setSysctl("net.ipv6.conf.all.forwarding", "1");
            ctl.setSysctl("net.ipv6.conf.all.forwarding", "1");
            ctl.dropKernelParameterProblems();
            assertEquals(tun.name().length() > 0, ctl.interfaceIndex(tun.name()) > 0);

            assertTrue(inB("ip", "-6", "addr", "show", "dev", "vb").contains("2001:db8:5::1/64"));
            assertTrue(inB("ip", "-6", "route", "show").contains("2001:db8:1::99 dev r6ha0"));
            assertTrue(inB("ip", "-6", "route", "show", "table", "100").contains("default dev r6ha0"));
            assertTrue(inB("ip", "-6", "rule", "show").contains("1000:\tfrom 2001:db8:1::99 lookup 100"));
            assertTrue(inB("ip", "-6", "neigh", "show", "proxy").contains("2001:db8:1::99 dev vb proxy"));
            assertEquals("1", inB("sysctl", "-n", "net.ipv6.conf.vb.proxy_ndp"));
            assertEquals("1", inB("sysctl", "-n", "net.ipv6.conf.all.forwarding"));
            assertTrue(inB("nft", "list", "tables").contains("table ip6 roam6_ha_test"));
            assertEquals(List.of(
                    "address 2001:db8:5::1/64 dev vb",
                    "route 2001:db8:1::99/128 dev r6ha0",
                    "route ::/0 dev r6ha0 table 100",
                    "rule from 2001:db8:1::99/128 table 100 priority 1000",
                    "proxy neighbour 2001:db8:1::99 dev vb",
                    "sysctl net.ipv6.conf.vb.proxy_ndp",
                    "sysctl net.ipv6.conf.all.forwarding",
                    "nftables table ip6 roam6_ha_test"), ctl.installed());

            ctl.close();

            assertEquals(List.of(), ctl.installed());
            assertFalse(inB("ip", "-6", "addr", "show", "dev", "vb").contains("2001:db8:5::1"));
            assertFalse(inB("ip", "-6", "route", "show").contains("2001:db8:1::99"));
            assertEquals("", inB("ip", "-6", "route", "show", "table", "100"));
            assertFalse(inB("ip", "-6", "rule", "show").contains("lookup 100"));
            assertEquals("", inB("ip", "-6", "neigh", "show", "proxy"));
            assertEquals(proxyBefore, inB("sysctl", "-n", "net.ipv6.conf.vb.proxy_ndp"));
            assertEquals(forwardingBefore, inB("sysctl", "-n", "net.ipv6.conf.all.forwarding"));
            assertFalse(inB("nft", "list", "tables").contains("roam6_ha_test"));
        }
    }

    @Test
    void aTableWithSetsAndAMarkRuleAreInstalledUpdatedAndRemoved() throws Exception {
        CommandNetworkControl ctl = new CommandNetworkControl("marks", net.b);
        ctl.installTable("  set bound { type ipv6_addr . ipv6_addr; }\n"
                + "  chain prerouting {\n    type filter hook prerouting priority mangle; policy accept;\n"
                + "    ip6 saddr . ip6 daddr @bound meta mark set 0x00000042\n  }\n");
        ctl.addMarkRule(0x42, 4242, 4242);
        ctl.addSetElement("bound", "2001:db8:c::10 . 2001:db8:1::100");
        String table = inB("nft", "list", "table", "ip6", "roam6_marks");
        assertTrue(table.contains("2001:db8:c::10 . 2001:db8:1::100"), table);
        assertTrue(table.contains("parameter-problem"), "the Parameter Problem rule is in the same table: " + table);
        assertTrue(inB("ip", "-6", "rule", "show").contains("4242:\tfrom all fwmark 0x42 lookup 4242"));
        ctl.removeSetElement("bound", "2001:db8:c::10 . 2001:db8:1::100");
        ctl.removeSetElement("bound", "2001:db8:c::10 . 2001:db8:1::100"); // already gone: not an error
        assertFalse(inB("nft", "list", "table", "ip6", "roam6_marks").contains("2001:db8:1::100"));
        assertThrows(IllegalArgumentException.class, () -> ctl.addSetElement("bound", "x; flush ruleset"));
        ctl.close();
        assertFalse(inB("nft", "list", "tables").contains("roam6_marks"));
        assertFalse(inB("ip", "-6", "rule", "show").contains("fwmark 0x42"));
    }

    @Test
    void removeTakesBackOneEntryEarly() throws Exception {
        try (CommandNetworkControl ctl = new CommandNetworkControl("early", net.b)) {
            Ipv6Address hoa = Ipv6Address.parse("2001:db8:1::98");
            ctl.addProxyNeighbour(hoa, "vb");
            ctl.addRoute(Ipv6Prefix.parse("2001:db8:43::/64"), "vb", null, 0);
            ctl.removeProxyNeighbour(hoa, "vb");
            assertEquals(List.of("route 2001:db8:43::/64 dev vb"), ctl.installed());
            assertEquals("", inB("ip", "-6", "neigh", "show", "proxy"));
        }
    }

    @Test
    void aFailingCommandSaysWhatToFix() {
        try (CommandNetworkControl ctl = new CommandNetworkControl("bad", net.b)) {
            NetException e = org.junit.jupiter.api.Assertions.assertThrows(NetException.class,
                    () -> ctl.addRoute(Ipv6Prefix.parse("2001:db8:44::/64"), "nosuch0", null, 0));
            assertTrue(e.getMessage().contains("ip -6 route replace 2001:db8:44::/64 dev nosuch0"), e.getMessage());
            assertTrue(e.whatToFix().contains("interface does not exist"), e.getMessage());
            assertEquals(List.of(), ctl.installed());
        }
    }

    @Test
    void sigtermToADaemonRemovesWhatItInstalled() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                InstallAndWait.class.getName(), net.b).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean ready = false;
            while ((line = out.readLine()) != null) {
                if (line.equals("ready")) {
                    ready = true;
                    break;
                }
            }
            assertTrue(ready, "the child installed its state");
            assertTrue(inB("nft", "list", "tables").contains("roam6_sigterm"));
            assertTrue(inB("ip", "-6", "route", "show").contains("2001:db8:42::/64"));
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the child exits on SIGTERM");
        } finally {
            p.destroyForcibly();
        }
        assertFalse(inB("nft", "list", "tables").contains("roam6_sigterm"));
        assertFalse(inB("ip", "-6", "route", "show").contains("2001:db8:42::"));
        assertEquals("", inB("ip", "-6", "neigh", "show", "proxy"));
    }
}
