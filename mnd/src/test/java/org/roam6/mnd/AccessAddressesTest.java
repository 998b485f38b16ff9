package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/** Reading the kernel's addresses from /proc/net/if_inet6 and choosing the care-of address. */
class AccessAddressesTest {
    /** Lines as this machine's kernel wrote them (a container's eth0 and lo). */
    static final String HOST = """
            fe8000000000000000fc00fffe000001 04 40 20 80     eth0
            fd000000000000000000000000000002 04 40 00 82     eth0
            00000000000000000000000000000001 01 80 10 80       lo
            """;

    /**
     * The mobile node's table in the testbed a few milliseconds after it came onto link B with
     * its old addresses flushed: the new SLAAC address is optimistic (tentative + optimistic).
     */
    static final String MOBILE_NODE_ON_B = """
            00000000000000000000000000000001 01 80 10 80       lo
            20010db8000b0000005236fffe000001 02 40 00 44     eth0
            fe80000000000000005236fffe000001 02 40 20 80     eth0
            """;

    /** The same a little later, with the addresses of earlier links kept (no flush). */
    static final String MOBILE_NODE_AFTER_MOVES = """
            20010db8000a0000005236fffe000001 02 40 00 00     eth0
            20010db800010000005236fffe000001 02 40 00 00     eth0
            00000000000000000000000000000001 01 80 10 80       lo
            fe80000000000000005236fffe000001 02 40 20 80     eth0
            20010db8000b0000005236fffe000001 02 40 00 00     eth0
            """;

    static final Ipv6Prefix LINK_A = Ipv6Prefix.parse("2001:db8:a::/64");

    @Test
    void parsesTheKernelsLines() {
        List<AccessAddresses.Entry> e = AccessAddresses.parse(HOST);
        assertEquals(3, e.size());
        assertEquals(new AccessAddresses.Entry(Ipv6Address.parse("fe80::fc:ff:fe00:1"), 4, 64,
                AccessAddresses.Entry.SCOPE_LINK, AccessAddresses.Entry.FLAG_PERMANENT, "eth0"), e.get(0));
        assertEquals(new AccessAddresses.Entry(Ipv6Address.parse("fd00::2"), 4, 64, AccessAddresses.Entry.SCOPE_GLOBAL,
                AccessAddresses.Entry.FLAG_PERMANENT | AccessAddresses.Entry.FLAG_NODAD, "eth0"), e.get(1));
        assertEquals(new AccessAddresses.Entry(Ipv6Address.parse("::1"), 1, 128, AccessAddresses.Entry.SCOPE_HOST,
                AccessAddresses.Entry.FLAG_PERMANENT, "lo"), e.get(2));
    }

    @Test
    void theOptimisticAddressTheKernelFormedOnANewLinkIsTheCareOfAddress() {
        List<AccessAddresses.Entry> e = AccessAddresses.parse(MOBILE_NODE_ON_B);
        assertEquals(0x44, e.get(1).flags());
        assertEquals(Ipv6Address.parse("2001:db8:b::52:36ff:fe00:1"),
                AccessAddresses.find(e, 2, Ipv6Prefix.parse("2001:db8:b::/64")));
        assertNull(AccessAddresses.find(e, 2, LINK_A));
        assertNull(AccessAddresses.find(e, 2, Ipv6Prefix.parse("fe80::/64")), "a link-local address is no care-of address");
    }

    @Test
    void eachLinksAddressIsFoundByItsPrefixAmongThoseOfEarlierLinks() {
        List<AccessAddresses.Entry> e = AccessAddresses.parse(MOBILE_NODE_AFTER_MOVES);
        for (String link : List.of("1", "a", "b")) {
            assertEquals(Ipv6Address.parse("2001:db8:" + link + "::52:36ff:fe00:1"),
                    AccessAddresses.find(e, 2, Ipv6Prefix.parse("2001:db8:" + link + "::/64")));
        }
        assertNull(AccessAddresses.find(e, 3, LINK_A), "another interface index");
    }

    @Test
    void skipsLinesThatAreNoAddressAndReadsWideFields() {
        List<AccessAddresses.Entry> e = AccessAddresses.parse("""
                garbage
                20010db8000a0000005236fffe000001 1a4 40 00 100 eth0
                zz010db8000a0000005236fffe000001 02 40 00 00 eth0
                20010db8000a0000005236fffe000001 02 40 00
                """);
        assertEquals(1, e.size());
        assertEquals(0x1a4, e.get(0).interfaceIndex());
        assertEquals(0x100, e.get(0).flags(), "flags wider than a byte (IFA_F_MANAGETEMPADDR)");
    }

    @Test
    void readsAFileInTheProcFormat(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("if_inet6");
        Files.writeString(f, HOST);
        assertEquals(AccessAddresses.parse(HOST), AccessAddresses.procfs(f).addresses());
    }

    @Test
    void optimisticCountsTentativeAloneDoesNotDadFailedNever() {
        assertTrue(entry(0).usable());
        assertTrue(entry(0x44).usable(), "tentative + optimistic (RFC 4429)");
        assertFalse(entry(0x40).usable(), "tentative");
        assertFalse(entry(0x48).usable(), "tentative + DAD failed");
        assertFalse(entry(0x4c).usable(), "optimistic but DAD failed");
        assertFalse(entry(0x08).usable(), "DAD failed");
    }

    @Test
    void theCareOfAddressIsAUsableGlobalAddressOnThePrefixOnTheInterfacePreferredFirst() {
        Ipv6Address deprecated = Ipv6Address.parse("2001:db8:a::2");
        Ipv6Address good = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
        List<AccessAddresses.Entry> table = List.of(
                new AccessAddresses.Entry(Ipv6Address.parse("2001:db8:a::9"), 3, 64, 0, 0, "eth1"),
                new AccessAddresses.Entry(Ipv6Address.parse("2001:db8:a::8"), 2, 64, 0, 0x40, "eth0"),
                new AccessAddresses.Entry(Ipv6Address.parse("2001:db8:b::1"), 2, 64, 0, 0, "eth0"),
                new AccessAddresses.Entry(deprecated, 2, 64, 0, AccessAddresses.Entry.FLAG_DEPRECATED, "eth0"),
                new AccessAddresses.Entry(good, 2, 64, 0, 0x44, "eth0"));
        assertEquals(good, AccessAddresses.find(table, 2, LINK_A));
        assertEquals(deprecated, AccessAddresses.find(table.subList(0, 4), 2, LINK_A), "deprecated when nothing better");
        assertNull(AccessAddresses.find(table.subList(0, 3), 2, LINK_A));
    }

    static AccessAddresses.Entry entry(int flags) {
        return new AccessAddresses.Entry(Ipv6Address.parse("2001:db8:a::1"), 2, 64, 0, flags, "eth0");
    }
}
