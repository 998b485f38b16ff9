package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

class PreviousLinkTest {

    /** /proc/net/ipv6_route of the testbed's mobile node at home (RA-learnt prefix and default route). */
    static final String AT_HOME = """
            20010db8000100000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 004c0001     eth0
            fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000007c4b2bfffeac866d 00000400 00000001 00000000 00450003     eth0
            00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000003 00000000 80200001       lo
            20010db800010000005236fffe000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000003 00000000 80200001     eth0
            ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000004 00000000 00000001     eth0
            00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
            """;
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address HOME_ROUTER = Ipv6Address.parse("fe80::7c4b:2bff:feac:866d");
    static final Attachment ON_A = new Attachment("eth0", 2, Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1"),
            Ipv6Prefix.parse("2001:db8:a::/64"), Ipv6Address.parse("fe80::a"), false, 0);

    private final PreviousLink link = new PreviousLink(null, HOME, HOA);

    @Test
    void onlyRoutesLearntFromRouterAdvertisementsCount() {
        List<PreviousLink.KernelRoute> routes = PreviousLink.parse(AT_HOME);
        assertEquals(7, routes.size());
        List<PreviousLink.KernelRoute> learnt = routes.stream().filter(PreviousLink.KernelRoute::learnt).toList();
        assertEquals(2, learnt.size());
        assertEquals(HOME, learnt.get(0).destination());
        assertFalse(learnt.get(0).isDefault());
        assertTrue(learnt.get(1).isDefault());
        assertEquals(HOME_ROUTER, learnt.get(1).gateway());
        assertEquals("eth0", learnt.get(1).device());
    }

    @Test
    void leavingHomeForgetsTheHomeRouterThePrefixAndTheSlaacAddressButNotTheHomeAddress() {
        List<PreviousLink.KernelRoute> old = PreviousLink.parse(AT_HOME).stream()
                .filter(PreviousLink.KernelRoute::learnt).toList();
        List<String> lines = link.commands(ON_A, old,
                List.of(Ipv6Address.parse("2001:db8:1::52:36ff:fe00:1"), HOA));
        assertEquals(List.of(
                "route del 2001:db8:1::/64 dev eth0",
                "route del default via fe80::7c4b:2bff:feac:866d dev eth0",
                "addr del 2001:db8:1:0:52:36ff:fe00:1/64 dev eth0",
                "neigh flush dev eth0"), lines);
    }

    @Test
    void theNewLinksRouterAndPrefixStay() {
        List<PreviousLink.KernelRoute> old = List.of(
                new PreviousLink.KernelRoute(ON_A.prefix(), Ipv6Address.parse("::"), 0x004c0001, "eth0"),
                new PreviousLink.KernelRoute(Ipv6Prefix.parse("::/0"), ON_A.router(), 0x00450003, "eth0"));
        assertEquals(List.of("route del 2001:db8:1::/64 dev eth0", "neigh flush dev eth0"),
                link.commands(ON_A, old, List.of()));
    }

    @Test
    void backHomeTheHomePrefixRouteIsKeptAndNoAddressGoes() {
        Attachment home = new Attachment("eth0", 2, HOA, HOME, Ipv6Address.parse("fe80::1"), true, 0);
        List<PreviousLink.KernelRoute> old = List.of(
                new PreviousLink.KernelRoute(ON_A.prefix(), Ipv6Address.parse("::"), 0x004c0001, "eth0"),
                new PreviousLink.KernelRoute(HOME, Ipv6Address.parse("::"), 0x004c0001, "eth0"),
                new PreviousLink.KernelRoute(Ipv6Prefix.parse("::/0"), ON_A.router(), 0x00450003, "eth0"));
        assertEquals(List.of("route del 2001:db8:a::/64 dev eth0", "route del default via fe80::a dev eth0",
                        "neigh flush dev eth0"),
                link.commands(home, old, List.of(Ipv6Address.parse("2001:db8:1::52:36ff:fe00:1"))));
    }
}
