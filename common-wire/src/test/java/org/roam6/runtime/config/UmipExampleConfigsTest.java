package org.roam6.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/** Configs written the way UMIP's example mip6d.conf files are, read with the shared keywords. */
class UmipExampleConfigsTest {

    private static final ConfigSchema UMIP = UmipKeywords.schema("mip6d");

    private static ConfigSection load(String name) throws IOException, ConfigException {
        try (InputStream in = UmipExampleConfigsTest.class.getResourceAsStream(name)) {
            return UMIP.load(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void homeAgentConfig() throws Exception {
        ConfigSection c = load("ha.conf");
        assertEquals("HA", c.string("NodeConfig"));
        assertEquals(10, c.integer("DebugLevel"));
        assertEquals(List.of("eth0", "eth1"),
                c.all("Interface").stream().map(e -> e.first(String.class)).collect(java.util.stream.Collectors.toList()));
        assertFalse(c.all("Interface").get(0).hasBlock());
        assertEquals("HA", c.all("Interface").get(1).block().string("IfType"));
        assertEquals(3600, c.integer("HaMaxBindingLife"));
        assertTrue(c.bool("HaAcceptMobRtr"));
        assertEquals(Ipv6Prefix.parse("2001:db8:20::/48"), c.all("HaServedPrefix").get(1).first(Ipv6Prefix.class));
        assertEquals(UmipKeywords.STATUS_PROHIBITED, c.integer("DefaultBindingAclPolicy"));
        assertEquals(3, c.all("BindingAclPolicy").size());
        assertEquals(130, c.all("BindingAclPolicy").get(2).arg(2, Integer.class));
        assertFalse(c.bool("UseMnHaIPsec"));
    }

    @Test
    void mobileNodeConfig() throws Exception {
        ConfigSection c = load("mn.conf");
        assertEquals("MN", c.string("NodeConfig"));
        assertEquals("/var/log/mip6d-mn.log", c.string("DebugLogFile"));
        assertEquals(420, c.integer("MnMaxHaBindingLife"));
        assertEquals(Duration.ofMillis(1500), c.duration("InitialBindackTimeoutFirstReg"));
        assertEquals(Duration.ofSeconds(1), c.duration("InitialBindackTimeoutReReg"));
        assertEquals(Duration.ofMillis(500), c.duration("MnRouterProbeTimeout"));
        assertEquals(2, c.all("Interface").get(1).block().integer("MnIfPreference"));
        ConfigSection home = c.find("MnHomeLink").orElseThrow().block();
        assertEquals(Ipv6Address.parse("2001:db8:1::11"), home.address("HomeAgentAddress"));
        PrefixedAddress hoa = home.get("HomeAddress", PrefixedAddress.class);
        assertEquals(Ipv6Address.parse("2001:db8:1::100"), hoa.address());
        assertEquals(Ipv6Prefix.parse("2001:db8:1::/64"), hoa.prefix());
        assertTrue(home.bool("UseAltCoa"));
        assertFalse(home.bool("IsMobRtr"));
    }

    @Test
    void correspondentNodeConfig() throws Exception {
        ConfigSection c = load("cn.conf");
        assertEquals("CN", c.string("NodeConfig"));
        assertTrue(c.bool("DoRouteOptimizationCN"));
        assertEquals(Duration.ofMillis(1500), c.duration("InitialBindackTimeoutFirstReg"));
    }

    @Test
    void mobileRouterHomeAddressCarriesItsPrefixes() throws Exception {
        ConfigSection home = load("nemo-mr.conf").find("MnHomeLink").orElseThrow().block();
        assertTrue(home.bool("IsMobRtr"));
        ConfigEntry hoa = home.find("HomeAddress").orElseThrow();
        assertEquals(List.of(Ipv6Prefix.parse("2001:db8:10:1::/64"), Ipv6Prefix.parse("2001:db8:10:2::/64")),
                hoa.arg(1, List.class));
    }

    @Test
    void homeLinkWithoutAHomeAddressIsRefused() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> UMIP.load("mn.conf", "NodeConfig MN;\nMnHomeLink \"eth0\" {\n\tHomeAgentAddress 2001:db8:1::11;\n}\n"));
        assertEquals("mn.conf:2:1: no HomeAddress in MnHomeLink \"eth0\", expected HomeAddress <address/length> [(<prefix>, ...)]",
                e.getMessage());
    }
}
