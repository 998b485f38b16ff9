package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.MacAlgorithm;
import org.roam6.runtime.config.ConfigException;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;

class HomeAgentConfigTest {

    static final String MINIMAL = "NodeConfig HA;\nInterface \"lan0\";\nHaServedPrefix 2001:db8:1::/64;\n";

    @Test
    void defaultsOfAMinimalConfig() throws Exception {
        HomeAgentConfig c = HomeAgentConfig.parse("had.conf", MINIMAL);
        assertEquals("lan0", c.interfaceName());
        assertEquals(List.of(Ipv6Prefix.parse("2001:db8:1::/64")), c.homePrefixes());
        assertEquals("r6had0", c.tunnelInterface());
        assertEquals(0, c.homeAgentPreference());
        assertEquals(1800, c.homeAgentLifetime());
        assertEquals(262140, c.maxBindingLifetime());
        assertEquals(100_000, c.maxBindings());
        assertEquals(MobilityExtensions.DEFAULT, c.extensions());
        assertFalse(c.acceptMobileRouters());
        assertEquals(0, c.accessList().status(Ipv6Address.parse("2001:db8:1::5")), "UMIP's default: allow");
    }

    @Test
    void roam6KeywordsBind() throws Exception {
        HomeAgentConfig c = HomeAgentConfig.parse("had.conf", MINIMAL + """
                TunnelInterface "ha0";
                HomeAgentPreference -5;
                HomeAgentLifetime 600;
                MaxBindings 10;
                MultiHaFlag 0x0200; MultiHaOption 200; HaUnreachableType 200;
                MnKey 2001:db8:1::100 4294967295 "000102030405060708090a0b0c0d0e0f" sha1;
                MnUnprotected 2001:db8:1::200;
                """);
        assertEquals("ha0", c.tunnelInterface());
        assertEquals(-5, c.homeAgentPreference());
        assertEquals(600, c.homeAgentLifetime());
        assertEquals(10, c.maxBindings());
        assertEquals(new MobilityExtensions(0x0200, 200, 200), c.extensions());
        assertEquals(MacAlgorithm.HMAC_SHA1, c.keys().bySpi(-1).algorithm());
        assertEquals(Ipv6Address.parse("2001:db8:1::100"), c.keys().bySpi(-1).homeAddress());
        assertTrue(c.unprotected().contains(Ipv6Address.parse("2001:db8:1::200")));
    }

    @Test
    void aShortKeyIsAConfigErrorWithItsPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf",
                MINIMAL + "MnKey 2001:db8:1::100 1 \"0011\";\n"));
        assertEquals("had.conf:4:1", e.position().toString());
        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
    }

    @Test
    void nodeConfigMustBeHa() {
        ConfigException e = assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf",
                MINIMAL.replace("NodeConfig HA", "NodeConfig MN")));
        assertTrue(e.getMessage().contains("expected NodeConfig HA"), e.getMessage());
    }

    @Test
    void aHomePrefixIsRequired() {
        ConfigException e = assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf",
                "NodeConfig HA;\nInterface \"lan0\";\n"));
        assertTrue(e.getMessage().contains("HaServedPrefix"), e.getMessage());
    }

    @Test
    void ipsecIsRefusedPointingToMnKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf",
                MINIMAL + "UseMnHaIPsec enabled;\n"));
        assertTrue(e.getMessage().contains("MnKey"), e.getMessage());
    }

    @Test
    void mFlagThatIsAnRfcFlagIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf",
                MINIMAL + "MultiHaFlag 0x4000;\n"));
        assertTrue(e.getMessage().contains("A, H, L, K or R"), e.getMessage());
    }

    @Test
    void peerProbingDefaultsToPort5475Every100MsDeadAfter3() throws Exception {
        HomeAgentConfig c = HomeAgentConfig.parse("had.conf", MINIMAL);
        assertEquals(5475, c.peerPort());
        assertEquals(java.time.Duration.ofMillis(100), c.peerProbeInterval());
        assertEquals(3, c.peerProbeMisses());
        c = HomeAgentConfig.parse("had.conf", MINIMAL + "HaPeerPort 6000; HaPeerProbeInterval 250; HaPeerProbeMisses 5;\n");
        assertEquals(6000, c.peerPort());
        assertEquals(java.time.Duration.ofMillis(250), c.peerProbeInterval());
        assertEquals(5, c.peerProbeMisses());
    }

    @Test
    void aPeerProbeIntervalBelow10MsOrNoMissesIsAConfigError() {
        assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf", MINIMAL + "HaPeerProbeInterval 5;\n"));
        assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf", MINIMAL + "HaPeerProbeMisses 0;\n"));
        assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf", MINIMAL + "HaPeerPort 0;\n"));
    }

    @Test
    void theExampleConfigIsGood() throws Exception {
        Path example = Path.of("..", "deploy", "had.conf.example");
        HomeAgentConfig c = HomeAgentConfig.load(example);
        assertEquals("lan0", c.interfaceName());
        assertTrue(c.isHomeAddress(Ipv6Address.parse("2001:db8:1::52:36ff:fe00:1")));
        assertTrue(Files.readString(example).contains("MnUnprotected"));
        assertEquals(5475, c.peerPort());
    }
}
