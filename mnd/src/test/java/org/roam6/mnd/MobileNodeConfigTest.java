package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.crypto.MacAlgorithm;
import org.roam6.runtime.config.ConfigException;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

class MobileNodeConfigTest {

    /** The example of MND-CONTEXT, as the integrator ships it. */
    static final String EXAMPLE = """
            NodeConfig MN;
            MnHomeLink "eth0" {
                HomeAgentAddress 2001:db8:1::11;      # absent or :: -> DHAAD
                HomeAddress 2001:db8:1::100/64;
                MnHaKey 1000 "4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b" sha256;
            }
            MnHaUnprotected disabled;
            MnMaxHaBindingLife 420;
            InitialBindackTimeoutFirstReg 1.5;
            InitialBindackTimeoutReReg 1;
            DoRouteOptimizationMN enabled;
            SendMobPfxSols enabled;
            MnRouterProbes 1;
            MnRouterProbeTimeout 0.5;
            TunnelInterface "r6mn0";
            TunnelMtu 1460;
            PolicyTable 6275;
            AdminSocket "/run/roam6/mnd.sock";
            MetricsPort 9467;
            """;

    static String link(String body) {
        return "NodeConfig MN;\nMnHomeLink \"eth0\" {\n" + body + "}\n";
    }

    @Test
    void everyKeywordOfTheExampleBinds() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf", EXAMPLE);
        assertEquals("eth0", c.homeLinkInterface());
        assertEquals(List.of("eth0"), c.interfaces(), "no Interface: the home link's");
        assertEquals(Ipv6Address.parse("2001:db8:1::11"), c.homeAgentAddress().orElseThrow());
        assertEquals(Ipv6Address.parse("2001:db8:1::100"), c.homeAddress());
        assertEquals(Ipv6Prefix.parse("2001:db8:1::/64"), c.homePrefix());
        assertEquals(1000, c.key().orElseThrow().spi());
        assertEquals(MacAlgorithm.HMAC_SHA256, c.key().orElseThrow().algorithm());
        assertEquals(Bytes.toHex(Bytes.fromHex("4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b")),
                Bytes.toHex(c.key().orElseThrow().secret()));
        assertEquals(c.homeAddress(), c.key().orElseThrow().homeAddress());
        assertFalse(c.unprotected());
        assertEquals(420, c.maxHomeBindingLifetime());
        assertEquals(Duration.ofMillis(1500), c.initialBindackTimeoutFirstReg());
        assertEquals(Duration.ofSeconds(1), c.initialBindackTimeoutReReg());
        assertTrue(c.routeOptimisation());
        assertTrue(c.sendMobilePrefixSolicitations());
        assertEquals(1, c.routerProbes());
        assertEquals(Duration.ofMillis(500), c.routerProbeTimeout());
        assertEquals("r6mn0", c.tunnelInterface());
        assertEquals(1460, c.tunnelMtu());
        assertEquals(6275, c.policyTable());
        assertEquals("/run/roam6/mnd.sock", c.section().string("AdminSocket"));
        assertEquals(9467, c.section().integer("MetricsPort"));
    }

    @Test
    void defaultsFollowUmipAndRoam6() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf",
                link("HomeAddress 2001:db8:1::100/64;\n") + "MnHaUnprotected enabled;\n");
        assertTrue(c.homeAgentAddress().isEmpty(), "no HomeAgentAddress: DHAAD");
        assertTrue(c.key().isEmpty());
        assertTrue(c.unprotected());
        assertEquals(262140, c.maxHomeBindingLifetime());
        assertEquals(420, c.maxCorrespondentBindingLifetime());
        assertEquals(Duration.ofMillis(1500), c.initialBindackTimeoutFirstReg());
        assertEquals(Duration.ofSeconds(1), c.initialBindackTimeoutReReg());
        assertEquals(Duration.ofSeconds(3), c.initialSolicitTimer());
        assertFalse(c.routeOptimisation());
        assertTrue(c.mobilityAgentAware(), "the CoTI says 1 unless told otherwise (paper 003)");
        assertTrue(c.preSharedKeys().isEmpty());
        assertEquals("r6mn0", c.tunnelInterface());
        assertEquals(1460, c.tunnelMtu());
        assertEquals(6275, c.policyTable());
        assertEquals(9467, c.section().integer("MetricsPort"));
    }

    @Test
    void anUnspecifiedHomeAgentAddressMeansDhaad() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf", link("""
                HomeAgentAddress ::;
                HomeAddress 2001:db8:1::100/64;
                MnHaKey 1000 "000102030405060708090a0b0c0d0e0f" sha1;
                """));
        assertTrue(c.homeAgentAddress().isEmpty());
        assertEquals(MacAlgorithm.HMAC_SHA1, c.key().orElseThrow().algorithm());
    }

    @Test
    void umipInterfaceStatementsAreTheAccessInterfaces() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf", EXAMPLE + "Interface \"wlan0\";\nInterface \"eth0\";\n");
        assertEquals(List.of("wlan0", "eth0"), c.interfaces());
    }

    @Test
    void theNodeMustBeAMobileNode() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                EXAMPLE.replace("NodeConfig MN;", "NodeConfig HA;")));
        assertEquals(1, e.position().line());
        assertTrue(e.getMessage().contains("NodeConfig MN"), e.getMessage());
    }

    @Test
    void aSecondHomeLinkIsRefusedWithItsPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                link("HomeAddress 2001:db8:1::100/64;\nMnHaKey 1 \"000102030405060708090a0b0c0d0e0f\";\n")
                        + "MnHomeLink \"eth1\" {\n HomeAddress 2001:db8:2::100/64;\n}\n"));
        assertEquals("mnd.conf", e.position().file());
        assertEquals(6, e.position().line());
        assertTrue(e.getMessage().startsWith("mnd.conf:6:"), e.getMessage());
        assertTrue(e.getMessage().contains("exactly one MnHomeLink"), e.getMessage());
    }

    @Test
    void noHomeLinkIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                "NodeConfig MN;\nMnHaUnprotected enabled;\n"));
        assertTrue(e.getMessage().contains("MnHomeLink"), e.getMessage());
    }

    @Test
    void aHomeAddressOutsideItsHomePrefixIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf", link("""
                HomeAddress 2001:db8:1::100/64;
                HomePrefix 2001:db8:2::/64;
                MnHaKey 1 "000102030405060708090a0b0c0d0e0f";
                """)));
        assertEquals(4, e.position().line(), "points at HomePrefix");
        assertTrue(e.getMessage().contains("outside its home prefix 2001:db8:2::/64"), e.getMessage());
    }

    @Test
    void theSubnetRouterAnycastAddressIsNoHomeAddress() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                link("HomeAddress 2001:db8:1::/64;\n") + "MnHaUnprotected enabled;\n"));
        assertTrue(e.getMessage().contains("Subnet-Router anycast"), e.getMessage());
    }

    @Test
    void neitherKeyNorUnprotectedSaysHowToFixIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                link("HomeAgentAddress 2001:db8:1::11;\nHomeAddress 2001:db8:1::100/64;\n")));
        assertEquals(2, e.position().line(), "points at the MnHomeLink block");
        assertTrue(e.getMessage().contains("MnHaKey <spi>"), e.getMessage());
        assertTrue(e.getMessage().contains("MnKey 2001:db8:1::100"), e.getMessage());
        assertTrue(e.getMessage().contains("MnHaUnprotected enabled"), e.getMessage());
    }

    @Test
    void ipsecIsRefusedInFavourOfRfc4285() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                EXAMPLE + "UseMnHaIPsec enabled;\n"));
        assertEquals(20, e.position().line());
        assertTrue(e.getMessage().contains("RFC 4285"), e.getMessage());
        assertTrue(e.getMessage().contains("MnHaKey"), e.getMessage());
    }

    @Test
    void ipsecDisabledIsAccepted() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf", EXAMPLE + "UseMnHaIPsec disabled;\n");
        assertFalse(c.unprotected());
    }

    @Test
    void theSpiTakesAll32BitsAndNoMore() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf",
                link("HomeAddress 2001:db8:1::100/64;\nMnHaKey 4294967295 \"000102030405060708090a0b0c0d0e0f\";\n"));
        assertEquals("4294967295", Integer.toUnsignedString(c.key().orElseThrow().spi()));
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                link("HomeAddress 2001:db8:1::100/64;\nMnHaKey 4294967296 \"000102030405060708090a0b0c0d0e0f\";\n")));
        assertTrue(e.getMessage().contains("out of range 0..4294967295"), e.getMessage());
        assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                link("HomeAddress 2001:db8:1::100/64;\nMnHaKey 1.5 \"000102030405060708090a0b0c0d0e0f\";\n")));
    }

    @Test
    void aShortKeyIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                link("HomeAddress 2001:db8:1::100/64;\nMnHaKey 1 \"0001020304\";\n")));
        assertEquals(4, e.position().line());
        assertTrue(e.getMessage().contains("5 bytes"), e.getMessage());
    }

    @Test
    void aKeyThatIsNotHexIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                link("HomeAddress 2001:db8:1::100/64;\nMnHaKey 1 \"zz0102030405060708090a0b0c0d0e0f\";\n")));
        assertTrue(e.getMessage().contains("not hex"), e.getMessage());
    }

    @Test
    void aLifetimeShorterThanOneUnitIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                EXAMPLE.replace("MnMaxHaBindingLife 420;", "MnMaxHaBindingLife 3;")));
        assertEquals(8, e.position().line());
    }

    @Test
    void aKernelRoutingTableIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                EXAMPLE.replace("PolicyTable 6275;", "PolicyTable 254;")));
        assertTrue(e.getMessage().contains("254"), e.getMessage());
    }

    @Test
    void aMulticastHomeAgentIsRefused() {
        assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                EXAMPLE.replace("HomeAgentAddress 2001:db8:1::11;", "HomeAgentAddress ff02::1;")));
    }

    @Test
    void aZeroBindackTimeoutIsRefused() {
        assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                EXAMPLE.replace("InitialBindackTimeoutReReg 1;", "InitialBindackTimeoutReReg 0;")));
    }

    @Test
    void theSecurityPostureIsLoudWhenUnprotected() throws Exception {
        try (LogCapture log = new LogCapture("org.roam6.mnd.test.posture")) {
            MobileNodeConfig.parse("mnd.conf", link("HomeAddress 2001:db8:1::100/64;\n") + "MnHaUnprotected enabled;\n")
                    .logSecurityPosture(LoggerFactory.getLogger("org.roam6.mnd.test.posture"));
            List<String> warnings = log.messages(Level.WARN);
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).startsWith("SECURITY: Binding Updates for home address 2001:db8:1::100 are sent"
                    + " WITHOUT authentication"), warnings.get(0));
            log.clear();
            MobileNodeConfig.parse("mnd.conf", EXAMPLE).logSecurityPosture(LoggerFactory.getLogger("org.roam6.mnd.test.posture"));
            assertTrue(log.messages(Level.WARN).isEmpty(), "a keyed node warns of nothing");
            assertEquals(List.of("RFC 4285 MN-HA key for 2001:db8:1::100: SPI 1000, HMAC_SHA256"), log.messages(Level.INFO));
        }
    }

    @Test
    void severalHomeAgentAddressesAreKeptInOrderWithMnHomeAgentsAndTheCodePoints() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf", link("""
                HomeAgentAddress 2001:db8:1::12;
                HomeAgentAddress 2001:db8:1::11;
                HomeAddress 2001:db8:1::100/64;
                MnHaKey 1000 "000102030405060708090a0b0c0d0e0f";
                """) + "MnHomeAgents 3;\nMultiHaFlag 0x0100;\nMultiHaOption 200;\nHaUnreachableType 201;\n");
        assertEquals(List.of(Ipv6Address.parse("2001:db8:1::12"), Ipv6Address.parse("2001:db8:1::11")),
                c.homeAgentAddresses());
        assertEquals(Ipv6Address.parse("2001:db8:1::12"), c.homeAgentAddress().orElseThrow(), "the first");
        assertEquals(3, c.homeAgentCount());
        assertEquals(new MobilityExtensions(0x0100, 200, 201), c.extensions());
    }

    @Test
    void multiHomeAgentDefaultsAreTwoHomeAgentsAndHadsCodePoints() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf", EXAMPLE);
        assertEquals(2, c.homeAgentCount());
        assertEquals(MobilityExtensions.DEFAULT, c.extensions());
        assertEquals(List.of(Ipv6Address.parse("2001:db8:1::11")), c.homeAgentAddresses());
    }

    @Test
    void aHomeAgentGivenTwiceIsRefusedWithItsPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf", link("""
                HomeAgentAddress 2001:db8:1::11;
                HomeAgentAddress 2001:db8:1::11;
                HomeAddress 2001:db8:1::100/64;
                MnHaKey 1000 "000102030405060708090a0b0c0d0e0f";
                """)));
        assertEquals(4, e.position().line());
        assertTrue(e.getMessage().contains("given twice"), e.getMessage());
    }

    @Test
    void mnHomeAgentsOutOfRangeAndAnRfcFlagAsMBitAreRefused() {
        assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf", EXAMPLE + "MnHomeAgents 0;\n"));
        assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf", EXAMPLE + "MnHomeAgents 16;\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                EXAMPLE + "MultiHaFlag 0x8000;\n"));
        assertTrue(e.getMessage().contains("A, H, L, K or R"), e.getMessage());
        assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf", EXAMPLE + "HaUnreachableType 4;\n"));
    }

    @Test
    void mnMobilityAgentAwareDisabledMakesALegacyNode() throws Exception {
        assertFalse(MobileNodeConfig.parse("mnd.conf", EXAMPLE + "MnMobilityAgentAware disabled;\n").mobilityAgentAware());
        assertTrue(MobileNodeConfig.parse("mnd.conf", EXAMPLE + "MnMobilityAgentAware enabled;\n").mobilityAgentAware());
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf",
                EXAMPLE + "MnMobilityAgentAware maybe;\n"));
        assertEquals(20, e.position().line());
    }

    @Test
    void preSharedKeysBindByCorrespondentAddressOrPrefix() throws Exception {
        MobileNodeConfig c = MobileNodeConfig.parse("mnd.conf", EXAMPLE + """
                MnCnPreSharedKey 2001:db8:c::/64 "00112233445566778899aabbccddeeff";
                MnCnPreSharedKey 2001:db8:c::20 "ffeeddccbbaa99887766554433221100ffeeddcc";
                """);
        assertEquals(List.of(Ipv6Prefix.parse("2001:db8:c::20/128"), Ipv6Prefix.parse("2001:db8:c::/64")),
                c.preSharedKeys().prefixes(), "longest first");
        assertEquals("00112233445566778899aabbccddeeff",
                Bytes.toHex(c.preSharedKeys().keyFor(Ipv6Address.parse("2001:db8:c::10"))));
        assertEquals("ffeeddccbbaa99887766554433221100ffeeddcc",
                Bytes.toHex(c.preSharedKeys().keyFor(Ipv6Address.parse("2001:db8:c::20"))));
        assertEquals(null, c.preSharedKeys().keyFor(Ipv6Address.parse("2001:db8:d::10")));
        assertFalse(c.preSharedKeys().toString().contains("0011"), "the keys are never shown");
    }

    static ConfigException refusedPreSharedKey(String line) {
        return assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf", EXAMPLE + line + "\n"));
    }

    @Test
    void aPreSharedKeyThatIsNotHexIsRefusedWithFileAndLine() {
        ConfigException e = refusedPreSharedKey("MnCnPreSharedKey 2001:db8:c::/64 \"zz112233445566778899aabbccddeeff\";");
        assertEquals("mnd.conf", e.position().file());
        assertEquals(20, e.position().line());
        assertTrue(e.getMessage().startsWith("mnd.conf:20:"), e.getMessage());
        assertTrue(e.getMessage().contains("not hex"), e.getMessage());
    }

    @Test
    void aShortPreSharedKeyIsRefused() {
        ConfigException e = refusedPreSharedKey("MnCnPreSharedKey 2001:db8:c::/64 \"00112233445566778899aabbccddee\";");
        assertEquals(20, e.position().line());
        assertTrue(e.getMessage().contains("15 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("at least 16 bytes"), e.getMessage());
    }

    @Test
    void aPreSharedKeyForABadAddressIsRefused() {
        for (String bad : List.of("2001:db8:c:::/64", "2001:zz8::1", "correspondent", "ff02::1", "fe80::1",
                "::", "::/0", "::1", "2001:db8:c::/129", "2001:db8:1::100")) {
            ConfigException e = refusedPreSharedKey("MnCnPreSharedKey " + bad + " \"00112233445566778899aabbccddeeff\";");
            assertEquals(20, e.position().line(), bad + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("mnd.conf:20:"), e.getMessage());
        }
    }

    @Test
    void aSecondPreSharedKeyForTheSameCorrespondentsIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> MobileNodeConfig.parse("mnd.conf", EXAMPLE + """
                MnCnPreSharedKey 2001:db8:c::1/64 "00112233445566778899aabbccddeeff";
                MnCnPreSharedKey 2001:db8:c::/64 "ffeeddccbbaa99887766554433221100";
                """));
        assertEquals(21, e.position().line());
        assertTrue(e.getMessage().contains("a second MnCnPreSharedKey for 2001:db8:c::/64"), e.getMessage());
    }

    @Test
    void theMnHaKeyIsNoPreSharedKey() {
        ConfigException e = refusedPreSharedKey("MnCnPreSharedKey 2001:db8:c::/64 \"4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b\";");
        assertEquals(20, e.position().line());
        assertTrue(e.getMessage().contains("MnHaKey"), e.getMessage());
    }

    @Test
    void thePreSharedKeysAreNamedAtStartAndTheirNeglectIsWarnedOf() throws Exception {
        String keyed = "MnCnPreSharedKey 2001:db8:c::/64 \"00112233445566778899aabbccddeeff\";\n";
        try (LogCapture log = new LogCapture("org.roam6.mnd.test.psk")) {
            MobileNodeConfig.parse("mnd.conf", EXAMPLE + keyed).logSecurityPosture(LoggerFactory.getLogger("org.roam6.mnd.test.psk"));
            assertTrue(log.messages(Level.WARN).isEmpty());
            assertTrue(log.messages(Level.INFO).contains("pre-shared-key Return Routability (Binding Update and"
                    + " Acknowledgement only) with correspondents in [2001:db8:c::/64]"), log.messages(Level.INFO).toString());
            assertFalse(String.join(" ", log.messages(Level.INFO)).contains("0011"), "never the key");
            log.clear();
            MobileNodeConfig.parse("mnd.conf", EXAMPLE + keyed + "MnMobilityAgentAware disabled;\n")
                    .logSecurityPosture(LoggerFactory.getLogger("org.roam6.mnd.test.psk"));
            assertEquals(1, log.messages(Level.WARN).size());
            assertTrue(log.messages(Level.WARN).get(0).contains("MnMobilityAgentAware is disabled"));
        }
    }
}
