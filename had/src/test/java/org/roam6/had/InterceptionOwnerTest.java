package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roam6.binding.Binding;
import org.roam6.binding.BindingCache;
import org.roam6.net.MacAddress;
import org.roam6.net.NetException;
import org.roam6.net.fake.FakeNetworkControl;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.net.fake.FakeTunDevice;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.HomeAgentUnreachable;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.mh.BindingUpdate;

/**
 * Which home agent intercepts for a mobile node registered with several, and the takeover when
 * the owner dies (DESIGN.md section 3, paper 001; had/docs/multiha.md), with the real tunnel and
 * proxy parts over fakes and a manual clock.
 */
class InterceptionOwnerTest {
    static final Ipv6Address HA1 = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HA2 = Ipv6Address.parse("2001:db8:1::12");
    static final Ipv6Address HA3 = Ipv6Address.parse("2001:db8:1::13");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address HOA2 = Ipv6Address.parse("2001:db8:1::101");
    static final Ipv6Address HOA3 = Ipv6Address.parse("2001:db8:1::102");
    static final Ipv6Address PLAIN_HOA = Ipv6Address.parse("2001:db8:1::200");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::100");
    static final Ipv6Address COA2 = Ipv6Address.parse("2001:db8:a::101");
    static final Ipv6Address COA3 = Ipv6Address.parse("2001:db8:a::102");
    static final int M = MobilityExtensions.DEFAULT.mFlag();

    ManualClock clock;
    Timers timers;
    FakeNetworkControl control;
    TunnelForwarder tunnels;
    ProxyNeighbor proxy;
    PeerMonitor monitor;
    FakePacketSocket icmp;
    HomeAgentStats stats;
    InterceptionOwner owner;

    /** Builds this home agent as {@code self}. */
    void homeAgent(Ipv6Address self) throws NetException {
        clock = new ManualClock();
        timers = new Timers("timers", clock);
        control = new FakeNetworkControl("had");
        tunnels = new TunnelForwarder(new BindingCache(16), new FakeTunDevice("r6had0"),
                new FakePacketSocket(IpProtocol.IPV6, self), control, clock, self, TunnelForwarder.DEFAULT_MTU);
        proxy = new ProxyNeighbor(control, new FakePacketSocket(58, Ipv6Address.parse("fe80::1")), timers, "eth0", 2,
                MacAddress.parse("02:00:00:00:00:01"));
        proxy.start();
        monitor = new PeerMonitor(self, Duration.ofMillis(100), 3);
        icmp = new FakePacketSocket(58, self);
        stats = new HomeAgentStats();
        // the daemon's order: route then proxy on registration, proxy then route on removal
        BindingListener dataPlane = new BindingListener() {
            @Override
            public void onRegistered(Binding b) {
                tunnels.onRegistered(b);
                proxy.onRegistered(b);
            }

            @Override
            public void onDeregistered(Ipv6Address hoa) {
                proxy.onDeregistered(hoa);
                tunnels.onDeregistered(hoa);
            }
        };
        owner = new InterceptionOwner(self, dataPlane, monitor, clock, icmp, MobilityExtensions.DEFAULT, stats);
    }

    @AfterEach
    void tearDown() {
        if (owner != null) {
            owner.close();
            proxy.close();
            tunnels.close();
            timers.close();
        }
    }

    static Binding binding(Ipv6Address hoa, Ipv6Address coa, List<Ipv6Address> homeAgents) {
        int flags = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | (homeAgents.isEmpty() ? 0 : M);
        return new Binding(hoa, coa, 1, flags, Duration.ofSeconds(420), homeAgents, List.<Ipv6Prefix>of());
    }

    boolean intercepted(Ipv6Address hoa) {
        boolean route = control.has("route " + hoa + "/128 dev r6had0");
        boolean proxied = control.has("proxy neighbour " + hoa + " dev eth0");
        assertEquals(route, proxied, "route and proxy entry go together for " + hoa);
        assertEquals(route, owner.intercepts(hoa));
        return route;
    }

    /** One probe interval as the daemon's timer runs it: heartbeats from {@code heard}, then the check. */
    void interval(Ipv6Address... heard) {
        for (Ipv6Address a : heard) {
            monitor.onHeartbeat(a, clock.nanoTime());
        }
        clock.advance(Duration.ofMillis(100));
        timers.runDue();
        owner.onPeersDied(monitor.check(clock.nanoTime()).died());
    }

    /** The Home Agent Unreachable messages sent so far, decoded, with where they went. */
    record Unreachable(Ipv6Address to, Ipv6Address from, int type, List<Ipv6Address> homeAgents) {}

    List<Unreachable> unreachableSent() {
        return icmp.sent().stream().map(s -> {
            Icmpv6Message m = Icmpv6Codec.decode(s.data(), 0, s.data().length, MobilityExtensions.DEFAULT).value();
            return new Unreachable(s.destination(), s.options().source(), s.data()[0] & 0xff,
                    ((HomeAgentUnreachable) m).homeAgents());
        }).toList();
    }

    @Test
    void theOwnerIsTheFirstHomeAgentOfTheListThatIsAliveThisOneAlwaysAlive() {
        Set<Ipv6Address> alive = Set.of(HA2, HA3);
        assertEquals(HA2, InterceptionOwner.owner(List.of(HA2, HA1, HA3), HA1, alive::contains), "list order");
        assertEquals(HA1, InterceptionOwner.owner(List.of(HA1, HA2), HA1, a -> false), "self is always alive");
        assertEquals(HA3, InterceptionOwner.owner(List.of(HA1, HA3, HA2), HA2, alive::contains), "dead HA1: the next");
        assertEquals(HA2, InterceptionOwner.owner(List.of(HA1, HA3), HA2, a -> false), "none alive: this one");
        assertEquals(HA2, InterceptionOwner.owner(List.of(), HA2, a -> true), "no list: this one");
    }

    @Test
    void onlyTheOwnerInstallsTheRouteAndTheProxyEntry() throws Exception {
        homeAgent(HA1);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        assertTrue(intercepted(HOA), "HA1 is first");
        tearDown();

        homeAgent(HA2);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        assertFalse(intercepted(HOA), "HA2 keeps the binding but does not intercept");
        assertEquals(HA1, owner.ownerOf(HOA));
        assertEquals(List.of(HA1), monitor.peers(), "HA1 is probed");
        assertTrue(control.state().isEmpty(), control.state().toString());
    }

    @Test
    void aBindingWithoutAHomeAgentListIsInterceptedAsAPlainRfc6275Binding() throws Exception {
        homeAgent(HA2);
        owner.onRegistered(binding(PLAIN_HOA, COA, List.of()));
        assertTrue(intercepted(PLAIN_HOA));
        assertEquals(List.of(), monitor.peers(), "no peers to probe");
        owner.onRefreshed(binding(PLAIN_HOA, COA, List.of()));
        assertTrue(intercepted(PLAIN_HOA));
        owner.onDeregistered(PLAIN_HOA);
        assertFalse(control.has("route " + PLAIN_HOA + "/128 dev r6had0"));
        assertFalse(control.has("proxy neighbour " + PLAIN_HOA + " dev eth0"));
    }

    @Test
    void theOwnersDeathMakesTheNextLiveHomeAgentInterceptAndSendOneHomeAgentUnreachablePerBinding() throws Exception {
        homeAgent(HA2);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        owner.onRegistered(binding(HOA2, COA2, List.of(HA1, HA2, HA3)));
        owner.onRegistered(binding(HOA3, COA3, List.of(HA3, HA2)));
        owner.onRegistered(binding(PLAIN_HOA, COA, List.of()));
        assertTrue(intercepted(PLAIN_HOA));
        for (int i = 0; i < 3; i++) {
            interval(HA3);
            assertFalse(intercepted(HOA), "HA1 unheard for " + (i + 1) + " intervals is not dead yet");
        }
        interval(HA3);
        assertFalse(monitor.isAlive(HA1));
        assertTrue(intercepted(HOA), "taken over");
        assertTrue(intercepted(HOA2), "taken over");
        assertFalse(intercepted(HOA3), "HA3 is alive and still owns its binding");
        assertTrue(intercepted(PLAIN_HOA), "untouched");
        assertEquals(List.of(new Unreachable(COA, HA2, 154, List.of(HA1)), new Unreachable(COA2, HA2, 154, List.of(HA1))),
                unreachableSent().stream().sorted((a, b) -> a.to().compareTo(b.to())).toList());
        assertEquals(2, stats.takeovers());
        assertEquals(2, stats.homeAgentUnreachableMessagesSent());
        assertEquals(2L, stats.snapshot().get("takeovers"));

        for (int i = 0; i < 10; i++) {
            interval(HA3);
        }
        assertEquals(2, icmp.sent().size(), "one message per affected binding, not one per interval");
        assertEquals(2, stats.takeovers());
    }

    @Test
    void theTakeoverAdvertisesTheHomeAddressWithOverride() throws Exception {
        homeAgent(HA2);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        long before = proxy.advertisementsSent();
        for (int i = 0; i < 4; i++) {
            interval();
        }
        assertTrue(proxy.advertisementsSent() > before,
                "the proxy's registration path sends the unsolicited Neighbor Advertisements (RFC 6275 10.4.1)");
    }

    @Test
    void aHomeAgentNotNextInLineWaitsAndThenListsEveryDeadHomeAgent() throws Exception {
        homeAgent(HA3);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2, HA3)));
        for (int i = 0; i < 4; i++) {
            interval(HA2);
        }
        assertFalse(monitor.isAlive(HA1));
        assertFalse(intercepted(HOA), "HA2 is alive and takes over, not HA3");
        assertEquals(HA2, owner.ownerOf(HOA));
        assertTrue(icmp.sent().isEmpty());
        for (int i = 0; i < 4; i++) {
            interval();
        }
        assertTrue(intercepted(HOA), "HA2 died as well");
        assertEquals(List.of(new Unreachable(COA, HA3, 154, List.of(HA1, HA2))), unreachableSent());
    }

    @Test
    void aPeerComingBackTakesNothingBackUntilTheMobileNodeRegistersAgain() throws Exception {
        homeAgent(HA2);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        for (int i = 0; i < 4; i++) {
            interval();
        }
        assertTrue(intercepted(HOA));
        for (int i = 0; i < 5; i++) {
            interval(HA1);
        }
        assertTrue(monitor.isAlive(HA1));
        assertTrue(intercepted(HOA), "HA1's return does not withdraw anything here");
        assertEquals(HA2, owner.ownerOf(HOA));

        owner.onRefreshed(binding(HOA, COA, List.of(HA1, HA2)));
        assertFalse(intercepted(HOA), "the next Binding Update makes HA1 the owner again: HA2 withdraws");
        assertEquals(HA1, owner.ownerOf(HOA));
        assertTrue(control.state().isEmpty(), control.state().toString());
        assertEquals(1, icmp.sent().size(), "nothing more sent");
    }

    @Test
    void aRegistrationMadeWhileTheFirstHomeAgentIsDeadIsInterceptedAtOnce() throws Exception {
        homeAgent(HA2);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        for (int i = 0; i < 4; i++) {
            interval();
        }
        owner.onRegistered(binding(HOA2, COA2, List.of(HA1, HA2)));
        assertTrue(intercepted(HOA2));
        assertEquals(1, icmp.sent().size(), "only the binding taken over is told; the new one already knows");
    }

    @Test
    void aMoveOfABindingThisHomeAgentDoesNotOwnStaysUninstalledAndFollowsTheNewCareOfAddress() throws Exception {
        homeAgent(HA2);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        owner.onRegistered(binding(HOA, COA2, List.of(HA1, HA2)));
        assertFalse(intercepted(HOA));
        for (int i = 0; i < 4; i++) {
            interval();
        }
        assertTrue(intercepted(HOA));
        assertEquals(COA2, unreachableSent().get(0).to(), "sent to the care-of address of the last registration");
    }

    @Test
    void aBindingThatDropsTheMBitIsInterceptedAndItsPeersForgotten() throws Exception {
        homeAgent(HA2);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        assertFalse(intercepted(HOA));
        owner.onRefreshed(binding(HOA, COA, List.of()));
        assertTrue(intercepted(HOA));
        assertEquals(List.of(), monitor.peers());
    }

    @Test
    void deregistrationForgetsThePeersAndRemovesOnlyWhatWasInstalled() throws Exception {
        homeAgent(HA2);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        owner.onRegistered(binding(HOA2, COA2, List.of(HA2, HA3)));
        assertTrue(intercepted(HOA2));
        owner.onDeregistered(HOA);
        assertEquals(List.of(HA3), monitor.peers());
        assertEquals(0, tunnels.controlFailures() + proxy.controlFailures(), "nothing removed that was not there");
        owner.onDeregistered(HOA2);
        assertEquals(List.of(), monitor.peers());
        assertTrue(control.state().isEmpty(), control.state().toString());
        for (int i = 0; i < 10; i++) {
            interval();
        }
        assertTrue(icmp.sent().isEmpty(), "a forgotten peer's death concerns nobody");
    }

    @Test
    void aListNotNamingThisHomeAgentIsReadWithItLast() throws Exception {
        homeAgent(HA3);
        owner.onRegistered(binding(HOA, COA, List.of(HA1, HA2)));
        assertFalse(intercepted(HOA));
        for (int i = 0; i < 4; i++) {
            interval();
        }
        assertTrue(intercepted(HOA));
        assertEquals(List.of(HA1, HA2), unreachableSent().get(0).homeAgents());
    }
}
