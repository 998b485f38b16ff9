package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.roam6.binding.Binding;
import org.roam6.net.MacAddress;
import org.roam6.net.NetException;
import org.roam6.net.fake.FakeNetworkControl;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.NeighborAdvertisement;
import org.roam6.wire.icmp.TargetLinkLayerAddress;
import org.roam6.wire.mh.BindingUpdate;

/** Proxy Neighbor Discovery for home addresses (RFC 6275 10.4.1), driven with fakes and a manual clock. */
class ProxyNeighborTest {
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::100");
    static final MacAddress MAC = MacAddress.parse("02:00:5e:10:00:11");
    static final int IFINDEX = 7;

    FakeNetworkControl control;
    FakePacketSocket icmp;
    ManualClock clock;
    Timers timers;
    ProxyNeighbor proxy;

    @BeforeEach
    void setUp() throws NetException {
        control = new FakeNetworkControl("had");
        icmp = new FakePacketSocket(58, Ipv6Address.parse("fe80::11"));
        clock = new ManualClock();
        timers = new Timers("timers", clock);
        proxy = new ProxyNeighbor(control, icmp, timers, "eth0", IFINDEX, MAC);
        proxy.start();
    }

    @AfterEach
    void tearDown() {
        proxy.close();
        timers.close();
    }

    static Binding binding(Ipv6Address hoa, Ipv6Address coa, int flags) {
        return new Binding(hoa, coa, 1, BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | flags, Duration.ofSeconds(420),
                List.of(), List.<Ipv6Prefix>of());
    }

    /** Moves the clock in steps of at most 100 ms, firing what is due at each, as the timer thread would. */
    void advance(long millis) {
        for (long left = millis; left > 0; left -= 100) {
            clock.advance(Duration.ofMillis(Math.min(100, left)));
            timers.runDue();
        }
    }

    @Test
    void startTurnsOnProxyNdpForwardingAndImmediateProxyAnswersOnTheHomeInterface() {
        assertEquals("1", control.sysctl("net.ipv6.conf.eth0.proxy_ndp"));
        assertEquals("1", control.sysctl("net.ipv6.conf.eth0.forwarding"),
                "the kernel answers for proxied addresses only on a forwarding interface");
        assertEquals("0", control.sysctl("net.ipv6.neigh.eth0.proxy_delay"));
        control.close();
        assertEquals("0", control.sysctl("net.ipv6.conf.eth0.proxy_ndp"), "restored with the control's journal");
    }

    @Test
    void sysctlKeysOfAVlanInterfaceAreWrittenWithSlashes() {
        assertEquals("net/ipv6/conf/eth0.100/proxy_ndp", ProxyNeighbor.sysctlKey("net.ipv6.conf.", "eth0.100", ".proxy_ndp"));
        assertEquals("net.ipv6.conf.eth0.proxy_ndp", ProxyNeighbor.sysctlKey("net.ipv6.conf.", "eth0", ".proxy_ndp"));
    }

    @Test
    void registrationInstallsAProxyEntryForTheHomeAddress() {
        proxy.onRegistered(binding(HOA, COA, 0));
        assertTrue(control.has("proxy neighbour 2001:db8:1::100 dev eth0"), control.state().toString());
        assertEquals(List.of(HOA), proxy.proxiedAddresses());
    }

    @Test
    void registrationSendsAnUnsolicitedAdvertisementWithOverrideSetAndRouterAndSolicitedClear() throws Exception {
        proxy.onRegistered(binding(HOA, COA, 0));
        FakePacketSocket.Sent sent = icmp.takeSent(0);
        assertEquals(ProxyNeighbor.ALL_NODES, sent.destination(), "RFC 6275 10.4.1: to the all-nodes address");
        assertEquals(255, sent.options().hopLimit(), "RFC 4861 7.1.2: hop limit 255");
        assertEquals(IFINDEX, sent.options().interfaceIndex(), "out of the home interface");
        byte[] na = sent.data();
        assertEquals(32, na.length, "24 bytes of NA and one 8-byte Target Link-Layer Address option");
        assertEquals(136, na[0] & 0xff);
        assertEquals(0, na[1]);
        assertEquals(0x20, na[4] & 0xff, "O set; R and S clear");
        assertEquals(0, na[5] | na[6] | na[7], "reserved");
        assertEquals(HOA, Ipv6Address.read(na, 8));
        assertEquals(2, na[24], "option type: Target Link-Layer Address");
        assertEquals(1, na[25], "option length: 8 bytes");
        assertArrayEquals(new byte[] {2, 0, 0x5e, 0x10, 0, 0x11}, java.util.Arrays.copyOfRange(na, 26, 32));
        Icmpv6Message m = Icmpv6Codec.decode(na, 0, na.length, MobilityExtensions.DEFAULT).value();
        assertEquals(new NeighborAdvertisement(false, false, true, HOA,
                List.of(new TargetLinkLayerAddress(Octets.of(new byte[] {2, 0, 0x5e, 0x10, 0, 0x11})))), m);
        assertEquals(1, proxy.advertisementsSent());
    }

    @Test
    void theUnsolicitedAdvertisementIsRepeatedUpToThreeTimesOneRetransTimerApart() {
        proxy.onRegistered(binding(HOA, COA, 0));
        assertEquals(1, icmp.sent().size());
        advance(999);
        assertEquals(1, icmp.sent().size(), "not before RetransTimer");
        advance(1);
        assertEquals(2, icmp.sent().size());
        advance(1000);
        assertEquals(3, icmp.sent().size());
        advance(10_000);
        assertEquals(ProxyNeighbor.UNSOLICITED_ADVERTISEMENTS, icmp.sent().size(), "MAX_NEIGHBOR_ADVERTISEMENT in all");
        assertEquals(0, timers.pending());
    }

    @Test
    void aRefreshOrANewCareOfAddressChangesNothingOnTheHomeLink() {
        proxy.onRegistered(binding(HOA, COA, 0));
        advance(5000);
        int before = icmp.sent().size();
        proxy.onRegistered(binding(HOA, Ipv6Address.parse("2001:db8:b::7"), 0));
        proxy.onRegistered(binding(HOA, COA, 0));
        advance(5000);
        assertEquals(before, icmp.sent().size());
        assertEquals(List.of(HOA), proxy.proxiedAddresses());
    }

    @Test
    void deregistrationRemovesTheProxyEntryAndCancelsPendingAdvertisements() {
        proxy.onRegistered(binding(HOA, COA, 0));
        proxy.onDeregistered(HOA);
        assertFalse(control.has("proxy neighbour 2001:db8:1::100 dev eth0"));
        assertFalse(control.installed().contains("proxy neighbour 2001:db8:1::100 dev eth0"), "journal entry gone too");
        advance(10_000);
        assertEquals(1, icmp.sent().size(), "no advertisement after de-registration");
        assertEquals(List.of(), proxy.proxiedAddresses());
    }

    @Test
    void deregistrationOfAnUnknownHomeAddressIsHarmless() {
        proxy.onDeregistered(HOA);
        assertEquals(0, proxy.controlFailures());
    }

    @Test
    void withTheLFlagTheLinkLocalAddressOfTheSameInterfaceIdentifierIsProxiedAndAdvertisedToo() throws Exception {
        Ipv6Address hoa = Ipv6Address.parse("2001:db8:1::211:22ff:fe33:4455");
        Ipv6Address ll = Ipv6Address.parse("fe80::211:22ff:fe33:4455");
        proxy.onRegistered(binding(hoa, COA, BindingUpdate.FLAG_L));
        assertTrue(control.has("proxy neighbour " + hoa + " dev eth0"));
        assertTrue(control.has("proxy neighbour " + ll + " dev eth0"));
        assertEquals(hoa, Ipv6Address.read(icmp.takeSent(0).data(), 8));
        assertEquals(ll, Ipv6Address.read(icmp.takeSent(0).data(), 8));
        proxy.onRegistered(binding(hoa, COA, 0));
        assertFalse(control.has("proxy neighbour " + ll + " dev eth0"), "L flag cleared on re-registration");
        assertTrue(control.has("proxy neighbour " + hoa + " dev eth0"));
    }

    @Test
    void anEntryTheKernelRefusesIsCountedAndNotAdvertised() {
        control.failNext(new NetException("ip -6 neigh replace proxy", 0, "test"));
        proxy.onRegistered(binding(HOA, COA, 0));
        assertEquals(1, proxy.controlFailures());
        assertEquals(0, icmp.sent().size(), "advertising an address nobody answers for would black-hole it");
        assertEquals(List.of(), proxy.proxiedAddresses());
    }

    @Test
    void aSocketFailureIsCountedAndTheRetransmissionsGoOn() {
        proxy.onRegistered(binding(HOA, COA, 0));
        icmp.close();
        advance(1000);
        assertEquals(1, proxy.advertisementFailures());
        assertTrue(control.has("proxy neighbour 2001:db8:1::100 dev eth0"));
    }

    @Test
    void closeRemovesEveryProxyEntryAndClosesTheSocket() {
        proxy.onRegistered(binding(HOA, COA, 0));
        proxy.onRegistered(binding(Ipv6Address.parse("2001:db8:1::101"), COA, 0));
        proxy.close();
        assertEquals(List.of(), control.state().stream().filter(s -> s.startsWith("proxy")).toList());
        assertTrue(icmp.isClosed());
        advance(10_000);
        assertEquals(2, icmp.sent().size(), "nothing after close");
        proxy.onRegistered(binding(HOA, COA, 0));
        assertFalse(control.has("proxy neighbour 2001:db8:1::100 dev eth0"), "a closed proxy installs nothing");
    }
}
