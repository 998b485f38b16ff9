package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.HomeAgentInformation;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.NdOption;
import org.roam6.wire.icmp.PrefixInformation;
import org.roam6.wire.icmp.RouterAdvertisement;

class HomeAgentListTest {
    static final Ipv6Address OWN = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address LL_A = Ipv6Address.parse("fe80::a");
    static final Ipv6Address LL_B = Ipv6Address.parse("fe80::b");
    static final Ipv6Address LL_C = Ipv6Address.parse("fe80::c");
    static final Ipv6Address HA_A = Ipv6Address.parse("2001:db8:1::a");
    static final Ipv6Address HA_B = Ipv6Address.parse("2001:db8:1::b");
    static final Ipv6Address HA_C = Ipv6Address.parse("2001:db8:1::c");

    final ManualClock clock = new ManualClock();

    HomeAgentList list(int ownPreference) {
        return new HomeAgentList(new HomeAgentList.Own(OWN, ownPreference, 1800, false), clock, new Random(42));
    }

    /** A Router Advertisement with the given flags, router lifetime and options. */
    static byte[] ra(int flags, int routerLifetime, NdOption... options) {
        return Icmpv6Codec.encode(new RouterAdvertisement(64, flags, routerLifetime, 0, 0, List.of(options)),
                MobilityExtensions.DEFAULT);
    }

    static PrefixInformation routerAddress(Ipv6Address a) {
        return new PrefixInformation(64, true, true, true, 86400, 14400, a);
    }

    static byte[] haRa(int preference, int lifetime, Ipv6Address global) {
        return ra(RouterAdvertisement.FLAG_HOME_AGENT, 1800, new HomeAgentInformation(preference, lifetime), routerAddress(global));
    }

    static List<Ipv6Address> learnedAddresses(HomeAgentList l) {
        List<Ipv6Address> out = new ArrayList<>();
        for (HomeAgentEntry e : l.entries()) {
            if (!e.self()) {
                out.addAll(e.globalAddresses());
            }
        }
        return out;
    }

    @Test
    void aHomeAgentAdvertisementCreatesAnEntryKeyedByItsLinkLocalSourceWithTheRouterAddress() {
        HomeAgentList l = list(0);
        byte[] b = haRa(5, 600, HA_A);
        assertEquals(HomeAgentList.Outcome.ADDED, l.onRouterAdvertisement(b, 0, b.length, LL_A, 255));
        HomeAgentEntry e = l.entries().stream().filter(x -> !x.self()).findFirst().orElseThrow();
        assertEquals(LL_A, e.linkLocal());
        assertEquals(List.of(HA_A), e.globalAddresses());
        assertEquals(5, e.preference());
        assertEquals(600, e.lifetimeSeconds());
        assertEquals(1, l.learnedCount());
    }

    @Test
    void onlyPrefixOptionsWithTheRouterAddressFlagGiveGlobalAddresses_rfc6275_10_5_1() {
        HomeAgentList l = list(0);
        byte[] b = ra(RouterAdvertisement.FLAG_HOME_AGENT, 1800,
                new PrefixInformation(64, true, true, false, 86400, 14400, Ipv6Address.parse("2001:db8:1::")),
                routerAddress(HA_A), routerAddress(HA_B));
        l.onRouterAdvertisement(b, 0, b.length, LL_A, 255);
        assertEquals(List.of(HA_A, HA_B), learnedAddresses(l));
    }

    @Test
    void aBarePrefixWithTheRouterAddressFlagIsNotTakenForTheHomeAgentsAddress() {
        HomeAgentList l = list(0);
        byte[] b = ra(RouterAdvertisement.FLAG_HOME_AGENT, 1800,
                new PrefixInformation(64, true, true, true, 86400, 14400, Ipv6Address.parse("2001:db8:1::")),
                routerAddress(HA_A));
        l.onRouterAdvertisement(b, 0, b.length, LL_A, 255);
        assertEquals(List.of(HA_A), learnedAddresses(l));
    }

    @Test
    void withoutHomeAgentInformationThePreferenceIsZeroAndTheLifetimeIsTheRouterLifetime_rfc6275_10_5_1() {
        HomeAgentList l = list(0);
        byte[] b = ra(RouterAdvertisement.FLAG_HOME_AGENT, 90, routerAddress(HA_A));
        l.onRouterAdvertisement(b, 0, b.length, LL_A, 255);
        HomeAgentEntry e = l.entries().stream().filter(x -> !x.self()).findFirst().orElseThrow();
        assertEquals(0, e.preference());
        assertEquals(90, e.lifetimeSeconds());
        clock.advance(Duration.ofSeconds(89));
        assertEquals(1, l.learnedCount());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, l.learnedCount());
    }

    @Test
    void entriesExpireWhenTheHomeAgentLifetimeRunsOutAndARefreshExtendsIt() {
        HomeAgentList l = list(0);
        byte[] b = haRa(1, 100, HA_A);
        l.onRouterAdvertisement(b, 0, b.length, LL_A, 255);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(HomeAgentList.Outcome.UPDATED, l.onRouterAdvertisement(b, 0, b.length, LL_A, 255));
        clock.advance(Duration.ofSeconds(99));
        assertEquals(1, l.learnedCount(), "refreshed at 60 s, so alive until 160 s");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, l.expire() + l.learnedCount(), "gone at 160 s");
        assertEquals(0, l.learnedCount());
        assertEquals(List.of(OWN), l.addresses(false, 10), "this home agent never expires");
    }

    @Test
    void homeAgentLifetimeZeroRemovesTheEntryAndCreatesNone_rfc6275_10_5_1() {
        HomeAgentList l = list(0);
        byte[] zero = haRa(1, 0, HA_A);
        assertEquals(HomeAgentList.Outcome.IGNORED, l.onRouterAdvertisement(zero, 0, zero.length, LL_A, 255));
        assertEquals(0, l.learnedCount());
        byte[] b = haRa(1, 100, HA_A);
        l.onRouterAdvertisement(b, 0, b.length, LL_A, 255);
        assertEquals(HomeAgentList.Outcome.REMOVED, l.onRouterAdvertisement(zero, 0, zero.length, LL_A, 255));
        assertEquals(0, l.learnedCount());
    }

    @Test
    void aRouterAdvertisementWithoutTheHFlagIsIgnoredAndDeletesTheSendersEntry_rfc6275_10_5_1() {
        HomeAgentList l = list(0);
        byte[] plain = ra(0, 1800, new HomeAgentInformation(3, 100), routerAddress(HA_A));
        assertEquals(HomeAgentList.Outcome.IGNORED, l.onRouterAdvertisement(plain, 0, plain.length, LL_A, 255));
        assertEquals(0, l.learnedCount());
        byte[] b = haRa(1, 100, HA_A);
        l.onRouterAdvertisement(b, 0, b.length, LL_A, 255);
        assertEquals(HomeAgentList.Outcome.REMOVED, l.onRouterAdvertisement(plain, 0, plain.length, LL_A, 255));
        assertEquals(0, l.learnedCount());
    }

    @Test
    void malformedAdvertisementsAreCountedAndChangeNothing_rfc4861_6_1_2() {
        HomeAgentList l = list(0);
        byte[] good = haRa(1, 100, HA_A);
        assertEquals(HomeAgentList.Outcome.MALFORMED, l.onRouterAdvertisement(good, 0, good.length, LL_A, 64), "hop limit 64");
        assertEquals(HomeAgentList.Outcome.MALFORMED, l.onRouterAdvertisement(good, 0, good.length, HA_A, 255), "global source");
        assertEquals(HomeAgentList.Outcome.MALFORMED, l.onRouterAdvertisement(good, 0, 12, LL_A, 255), "shorter than 16");
        byte[] zeroLengthOption = good.clone();
        zeroLengthOption[RouterAdvertisement.OFF_OPTIONS + 1] = 0;
        assertEquals(HomeAgentList.Outcome.MALFORMED,
                l.onRouterAdvertisement(zeroLengthOption, 0, zeroLengthOption.length, LL_A, 255), "option length 0");
        byte[] code1 = good.clone();
        code1[1] = 1;
        assertEquals(HomeAgentList.Outcome.MALFORMED, l.onRouterAdvertisement(code1, 0, code1.length, LL_A, 255), "code 1");
        byte[] overrun = good.clone();
        overrun[RouterAdvertisement.OFF_OPTIONS + 1] = 40;
        assertEquals(HomeAgentList.Outcome.MALFORMED, l.onRouterAdvertisement(overrun, 0, overrun.length, LL_A, 255), "option past end");
        assertEquals(6, l.malformed());
        assertEquals(0, l.learnedCount());
        assertFalse(l.lastMalformed().isEmpty());
    }

    @Test
    void higherPreferenceComesFirstAndThisHomeAgentTakesItsConfiguredPlace() {
        HomeAgentList l = list(7);
        for (Object[] x : new Object[][] {{LL_A, HA_A, -3}, {LL_B, HA_B, 20}, {LL_C, HA_C, 10}}) {
            byte[] b = haRa((Integer) x[2], 600, (Ipv6Address) x[1]);
            l.onRouterAdvertisement(b, 0, b.length, (Ipv6Address) x[0], 255);
        }
        assertEquals(List.of(HA_B, HA_C, OWN, HA_A), l.addresses(false, 10));
        List<HomeAgentEntry> e = l.entries();
        assertEquals(List.of(20, 10, 7, -3), e.stream().map(HomeAgentEntry::preference).toList());
        assertTrue(e.get(2).self());
        assertNull(e.get(2).linkLocal());
    }

    @Test
    void equalPreferencesComeInARandomOrderThatASeedMakesReproducible_rfc6275_10_5() {
        byte[] a = haRa(5, 600, HA_A);
        byte[] b = haRa(5, 600, HA_B);
        byte[] c = haRa(9, 600, HA_C);
        List<List<Ipv6Address>> first = new ArrayList<>();
        List<List<Ipv6Address>> second = new ArrayList<>();
        for (List<List<Ipv6Address>> runs : List.of(first, second)) {
            HomeAgentList l = list(5);
            l.onRouterAdvertisement(a, 0, a.length, LL_A, 255);
            l.onRouterAdvertisement(b, 0, b.length, LL_B, 255);
            l.onRouterAdvertisement(c, 0, c.length, LL_C, 255);
            for (int i = 0; i < 30; i++) {
                runs.add(l.addresses(false, 10));
            }
        }
        assertEquals(first, second, "the same seed gives the same orders");
        Set<List<Ipv6Address>> distinct = new HashSet<>(first);
        assertTrue(distinct.size() > 1, "ties are reshuffled between replies: " + distinct);
        for (List<Ipv6Address> order : first) {
            assertEquals(HA_C, order.get(0), "preference 9 is always first");
            assertEquals(Set.of(HA_A, HA_B, OWN), new HashSet<>(order.subList(1, 4)));
        }
    }

    @Test
    void thisHomeAgentIsListedOnceEvenWhenItsOwnAdvertisementsAreHeard() {
        HomeAgentList l = list(0);
        byte[] b = haRa(0, 600, OWN);
        l.onRouterAdvertisement(b, 0, b.length, LL_A, 255);
        assertEquals(List.of(OWN), l.addresses(false, 10));
    }

    @Test
    void theMobileRouterBitOfTheHomeAgentInformationOptionIsKept_rfc3963() {
        HomeAgentList l = new HomeAgentList(new HomeAgentList.Own(OWN, 0, 1800, false), clock, new Random(1));
        byte[] nemo = haRa(1, 600, HA_A);
        int hai = RouterAdvertisement.OFF_OPTIONS;   // the HAI option is first
        assertEquals(HomeAgentInformation.TYPE, nemo[hai]);
        nemo[hai + HomeAgentInformation.OFF_RESERVED] = (byte) HomeAgentList.HAI_FLAG_MOBILE_ROUTER;
        byte[] plain = haRa(2, 600, HA_B);
        l.onRouterAdvertisement(nemo, 0, nemo.length, LL_A, 255);
        l.onRouterAdvertisement(plain, 0, plain.length, LL_B, 255);
        assertEquals(List.of(HA_A), l.addresses(true, 10));
        assertEquals(List.of(HA_B, HA_A, OWN), l.addresses(false, 10));
    }

    @Test
    void aPrefixOptionWithValidLifetimeZeroWithdrawsThatAddress() {
        HomeAgentList l = list(0);
        byte[] b = ra(RouterAdvertisement.FLAG_HOME_AGENT, 600, routerAddress(HA_A), routerAddress(HA_B));
        l.onRouterAdvertisement(b, 0, b.length, LL_A, 255);
        byte[] w = ra(RouterAdvertisement.FLAG_HOME_AGENT, 600, new PrefixInformation(64, true, true, true, 0, 0, HA_B));
        l.onRouterAdvertisement(w, 0, w.length, LL_A, 255);
        assertEquals(List.of(HA_A), learnedAddresses(l));
    }

    @Test
    void theReceiverThreadFeedsTheListFromItsSocket() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, Ipv6Address.parse("fe80::1"));
        try (HomeAgentList l = new HomeAgentList(socket, new HomeAgentList.Own(OWN, 0, 1800, false), clock, new Random(3))) {
            l.start();
            byte[] bad = haRa(1, 600, HA_B);
            socket.deliver(new FakePacketSocket.Incoming(bad, LL_B, Ipv6Address.parse("ff02::1"), 64, null, null));
            byte[] b = haRa(1, 600, HA_A);
            socket.deliver(new FakePacketSocket.Incoming(b, LL_A, Ipv6Address.parse("ff02::1"), 255, null, null));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (l.received() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(2, l.received());
            assertEquals(1, l.malformed());
            assertEquals(List.of(HA_A, OWN), l.addresses(false, 10));
        }
        assertTrue(socket.isClosed());
    }
}
