package org.roam6.mad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.runtime.config.ConfigException;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

class MobilityAgentConfigTest {

    static final String GOOD = """
            NodeConfig CN;
            Interface "lan0";
            MaServedPrefix 2001:db8:c::/64;
            MaServedPrefix 2001:db8:d::/64;
            MaPreSharedKey 2001:db8:1::100 "00112233445566778899aabbccddeeff";
            """;

    @Test
    void aGoodConfigGivesPrefixesKeysAndThePapersDefaults() throws Exception {
        MobilityAgentConfig c = MobilityAgentConfig.parse("mad.conf", GOOD);
        assertEquals("lan0", c.interfaceName());
        assertEquals(List.of(Ipv6Prefix.parse("2001:db8:c::/64"), Ipv6Prefix.parse("2001:db8:d::/64")), c.servedPrefixes());
        assertEquals(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM, c.legacyPolicy());
        assertEquals(420, c.maxBindingLifetime());
        assertArrayEquals(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88, (byte) 0x99,
                (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff},
                c.preSharedKeys().get(Ipv6Address.parse("2001:db8:1::100")));
    }

    @Test
    void legacyRouteOptimisationCanBeAllowed() throws Exception {
        assertEquals(CorrespondentAgent.LegacyPolicy.ALLOW,
                MobilityAgentConfig.parse("mad.conf", GOOD + "MaLegacyPolicy allow;\n").legacyPolicy());
    }

    @Test
    void mistakesNameTheirLine() {
        assertLine(3, "NodeConfig CN;\nMaServedPrefix 2001:db8:c::/64;\nMaPreSharedKey 2001:db8:1::100 \"0011\";\n"
                + "Interface \"x\";\n");
        assertLine(1, "NodeConfig HA;\nInterface \"x\";\nMaServedPrefix 2001:db8:c::/64;\n");
        assertLine(6, GOOD + "MaPreSharedKey 2001:db8:1::200 \"zz112233445566778899aabbccddeeff\";\n");
        assertLine(6, GOOD + "MaPreSharedKey 2001:db8:1::100 \"ffeeddccbbaa99887766554433221100\";\n");
        assertLine(6, GOOD + "MaMaxBindingLife 421;\n");
        assertLine(6, GOOD + "MaLegacyPolicy sometimes;\n");
    }

    static void assertLine(int line, String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> MobilityAgentConfig.parse("mad.conf", text));
        assertTrue(e.getMessage().contains("mad.conf:" + line + ":"), () -> "line " + line + " named in: " + e.getMessage());
    }

    @Test
    void withoutServedPrefixesTheConfigIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> MobilityAgentConfig.parse("mad.conf", "NodeConfig CN;\nInterface \"lan0\";\n"));
        assertTrue(e.getMessage().contains("MaServedPrefix"), e.getMessage());
    }

    @Test
    void checkSaysGoodOrBadAndABadConfigStopsStartUp(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.conf"), GOOD);
        Path bad = Files.writeString(dir.resolve("bad.conf"), "NodeConfig CN;\nInterface \"lan0\";\n");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream e = new java.io.PrintStream(err, true);
        assertEquals(0, new MobilityAgentDaemon().run(System.out, e, "--check", "--config", good.toString()));
        assertEquals(1, new MobilityAgentDaemon().run(System.out, e, "--check", "--config", bad.toString()));
        assertTrue(err.toString().contains("MaServedPrefix"), err.toString());
        assertEquals(org.roam6.runtime.Daemon.EXIT_CONFIG,
                new MobilityAgentDaemon().run(System.out, e, "--config", bad.toString()));
    }

    @Test
    void theExampleConfigIsGood() throws Exception {
        MobilityAgentConfig c = MobilityAgentConfig.load(Path.of("..", "deploy", "mad.conf.example"));
        assertEquals("lan0", c.interfaceName());
        assertEquals(List.of(Ipv6Prefix.parse("2001:db8:c::/64")), c.servedPrefixes());
        assertEquals(CorrespondentAgent.LegacyPolicy.PARAMETER_PROBLEM, c.legacyPolicy());
        assertEquals("mad0", c.tunnelInterface());
        assertEquals(1500, c.linkMtu());
    }
}
