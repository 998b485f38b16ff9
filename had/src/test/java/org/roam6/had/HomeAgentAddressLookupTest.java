package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.runtime.config.ConfigException;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/** How had finds its own address on the home link (RFC 6275 7.2, 10.5) without {@code HomeAgentAddress}. */
class HomeAgentAddressLookupTest {

    static final List<Ipv6Prefix> HOME = List.of(Ipv6Prefix.parse("2001:db8:1::/64"));

    /** {@code ip -j -6 addr show dev lan0 scope global} on the testbed's ha1, plus a SLAAC and a tentative address. */
    static final String IP_JSON = """
            [{"ifindex":2,"ifname":"lan0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,\
            "addr_info":[\
            {"family":"inet6","local":"2001:db8:1:0:a8bb:ccff:fedd:ee01","prefixlen":64,"scope":"global","dynamic":true,\
            "mngtmpaddr":true,"valid_life_time":299,"preferred_life_time":119},\
            {"family":"inet6","local":"2001:db8:1::5","prefixlen":64,"scope":"global","tentative":true,\
            "valid_life_time":4294967295,"preferred_life_time":4294967295},\
            {"family":"inet6","local":"2001:db8:9::1","prefixlen":64,"scope":"global","nodad":true,\
            "valid_life_time":4294967295,"preferred_life_time":4294967295},\
            {"family":"inet6","local":"2001:db8:1::11","prefixlen":64,"scope":"global","nodad":true,\
            "valid_life_time":4294967295,"preferred_life_time":4294967295},{}]}]
            """;

    @Test
    void parsesEveryIpv6AddressWithItsState() {
        List<HomeAgentAddressLookup.InterfaceAddress> a = HomeAgentAddressLookup.parse(IP_JSON);
        assertEquals(4, a.size());
        assertEquals(Ipv6Address.parse("2001:db8:1:0:a8bb:ccff:fedd:ee01"), a.get(0).address());
        assertTrue(a.get(0).usable() && !a.get(0).permanent(), "SLAAC: usable, not permanent");
        assertTrue(!a.get(1).usable(), "tentative is not usable");
        assertTrue(a.get(3).usable() && a.get(3).permanent());
        assertEquals(64, a.get(3).prefixLength());
    }

    @Test
    void theConfiguredAddressInTheHomePrefixWinsOverSlaacAndTentativeAndForeignOnes() {
        List<Ipv6Address> inPrefix = new ArrayList<>();
        Ipv6Address chosen = HomeAgentAddressLookup.choose(HomeAgentAddressLookup.parse(IP_JSON), HOME, inPrefix);
        assertEquals(Ipv6Address.parse("2001:db8:1::11"), chosen);
        assertEquals(List.of(Ipv6Address.parse("2001:db8:1::11"), Ipv6Address.parse("2001:db8:1:0:a8bb:ccff:fedd:ee01")),
                inPrefix, "candidates in order of preference; tentative and out-of-prefix ones left out");
    }

    @Test
    void noAddressInTheHomePrefixGivesNone() {
        List<Ipv6Address> inPrefix = new ArrayList<>();
        assertNull(HomeAgentAddressLookup.choose(HomeAgentAddressLookup.parse(IP_JSON),
                List.of(Ipv6Prefix.parse("2001:db8:7::/64")), inPrefix));
        assertTrue(inPrefix.isEmpty());
        assertTrue(HomeAgentAddressLookup.parse("").isEmpty());
        assertTrue(HomeAgentAddressLookup.parse("not json").isEmpty());
    }

    @Test
    void homeAgentAddressKeywordIsUsedAsIs() throws Exception {
        HomeAgentConfig c = HomeAgentConfig.parse("had.conf", """
                NodeConfig HA; Interface "no-such-if0"; HaServedPrefix 2001:db8:1::/64; HomeAgentAddress 2001:db8:1::11;
                """);
        // the interface is never asked: a runner that would fail is not run
        assertEquals(Ipv6Address.parse("2001:db8:1::11"), HomeAgentAddressLookup.resolve(c, null));
    }

    @Test
    void homeAgentAddressOutsideTheHomePrefixIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf", """
                NodeConfig HA; Interface "lan0"; HaServedPrefix 2001:db8:1::/64; HomeAgentAddress 2001:db8:2::11;
                """));
        assertTrue(e.getMessage().contains("HomeAgentAddress"), e.getMessage());
        assertThrows(ConfigException.class, () -> HomeAgentConfig.parse("had.conf", """
                NodeConfig HA; Interface "lan0"; HaServedPrefix 2001:db8:1::/64; HomeAgentAddress fe80::1;
                """));
    }

    @Test
    void aHomeInterfaceThatCannotBeReadIsAConfigErrorNamingTheInterface() throws Exception {
        HomeAgentConfig c = HomeAgentConfig.parse("had.conf", """
                NodeConfig HA; Interface "r6-no-such-if"; HaServedPrefix 2001:db8:1::/64;
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> HomeAgentAddressLookup.resolve(c, new org.roam6.net.CommandRunner(null, 5_000)));
        assertTrue(e.getMessage().contains("r6-no-such-if"), e.getMessage());
        assertTrue(e.getMessage().contains("HomeAgentAddress"), e.getMessage());
    }
}
