package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.mnd.MobileNodeTunnel.Drop;
import org.roam6.net.NetException;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.SendOptions;
import org.roam6.net.TunDevice;
import org.roam6.net.fake.FakeNetworkControl;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.net.fake.FakeTunDevice;
import org.roam6.runtime.ManualClock;
import org.roam6.wire.Checksum;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.RoutingHeaderType2;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingAcknowledgement;
import org.roam6.wire.mh.MobilityHeaderCodec;

/** The mobile node's data plane (RFC 6275 6.3, 6.4, 11.3) with fakes: nothing here needs root. */
@Timeout(30)
class MobileNodeTunnelTest {
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
    static final Ipv6Address COA_B = Ipv6Address.parse("2001:db8:b::52:36ff:fe00:1");
    static final Ipv6Address CN = Ipv6Address.parse("2001:db8:c::10");
    static final Ipv6Address CN2 = Ipv6Address.parse("2001:db8:c::20");
    static final Ipv6Address STRANGER = Ipv6Address.parse("2001:db8:66::6");
    static final String TUN = "r6mn0";
    static final String ETH = "eth0";
    static final long WAIT = 2000;

    ManualClock clock;
    FakeTunDevice tun;
    FakePacketSocket s41;
    FakePacketSocket s43;
    FakePacketSocket raw;
    FakeNetworkControl control;
    MobileNodeTunnel tunnel;
    final List<Ipv6Address> toldTo = new CopyOnWriteArrayList<>();
    final List<Ipv6Address> toldFrom = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws NetException {
        clock = new ManualClock();
        clock.advance(Duration.ofSeconds(100));
        tun = new FakeTunDevice(TUN);
        s41 = new FakePacketSocket(IpProtocol.IPV6, COA);
        s43 = new FakePacketSocket(IpProtocol.ROUTING, COA);
        raw = new FakePacketSocket(255, COA);
        control = new FakeNetworkControl("mnd");
        tunnel = new MobileNodeTunnel(tun, s41, s43, raw, control, clock, HOA, HOME, ETH,
                MobileNodeTunnel.DEFAULT_POLICY_TABLE, MobileNodeTunnel.DEFAULT_RULE_PRIORITY, MobileNodeTunnel.DEFAULT_MTU);
        tunnel.onTunnelledTo(toldTo::add);
        tunnel.onTunnelledFrom(toldFrom::add);
        tunnel.start();
    }

    @AfterEach
    void tearDown() {
        tunnel.close();
    }

    // ---------------------------------------------------------------- packets

    /** A UDP datagram with a correct checksum over {@code src -> dst}. */
    static byte[] udp(Ipv6Address src, Ipv6Address dst, int payload) {
        byte[] u = new byte[8 + payload];
        u[0] = (byte) 0xc3;
        u[1] = 0x50;
        u[2] = 0x00;
        u[3] = 0x35;
        u[4] = (byte) (u.length >> 8);
        u[5] = (byte) u.length;
        for (int i = 0; i < payload; i++) {
            u[8 + i] = (byte) (i * 13 + 5);
        }
        return new Ipv6PacketBuilder().source(src).destination(dst).hopLimit(64).payload(IpProtocol.UDP, u).build();
    }

    /** A Binding Acknowledgement as the home agent sends it to a mobile node away: HA -> CoA, Type 2 routing header with the HoA. */
    static byte[] bindingAckWithRoutingHeader(Ipv6Address careOf) {
        byte[] mh = new byte[BindingAcknowledgement.LENGTH_WITHOUT_OPTIONS];
        BindingAcknowledgement.writeWithoutOptions(mh, 0, BindingAckStatus.ACCEPTED, 0, 7, 105);
        return new Ipv6PacketBuilder().source(HA).destination(careOf).hopLimit(64).routingHeaderType2(HOA)
                .payload(IpProtocol.MOBILITY, mh).build();
    }

    /** What the protocol-43 socket gives for {@code packet}: from the routing header on. */
    static FakePacketSocket.Incoming routingCopy(byte[] packet, Ipv6Address outerDestination) {
        Ipv6Header h = new Ipv6Header().wrap(packet, 0, packet.length);
        return new FakePacketSocket.Incoming(Arrays.copyOfRange(packet, Ipv6Header.LENGTH, packet.length),
                h.source(), outerDestination, h.hopLimit(), null, null);
    }

    static FakePacketSocket.Incoming tunnelled(byte[] inner, Ipv6Address outerSource, Ipv6Address outerDestination) {
        return new FakePacketSocket.Incoming(inner, outerSource, outerDestination, 63, null, null);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(2);
        }
    }

    void awaitDrop(Drop reason, long count) throws InterruptedException {
        await(() -> tunnel.drops(reason) == count, reason + " = " + count + " (is " + tunnel.drops(reason) + ")");
    }

    // ---------------------------------------------------------------- TUN, addresses, rules

    @Test
    void startBringsTheTunUpWithItsMtuAndPutsTheHomeAddressOnItAsA128() {
        assertEquals(MobileNodeTunnel.DEFAULT_MTU, control.linkMtu(TUN));
        assertTrue(control.has("address " + HOA + "/128 dev " + TUN), control.state().toString());
        assertTrue(s41.sent().isEmpty() && raw.sent().isEmpty(), "nothing is sent before placement");
    }

    @Test
    void atHomePutsTheHomeAddressOnTheAccessInterfaceWithTheHomePrefixLengthAndNoRule() {
        tunnel.atHome();
        assertTrue(control.has("address " + HOA + "/64 dev " + ETH), control.state().toString());
        assertFalse(control.state().stream().anyMatch(l -> l.startsWith("rule ")), control.state().toString());
        assertFalse(tunnel.isAway());
    }

    @Test
    void awayRoutesEverythingFromTheHomeAddressIntoTheTunAndTakesItOffTheAccessInterface() {
        tunnel.atHome();
        tunnel.away(COA, HA);
        assertTrue(control.has("rule from " + HOA + "/128 table 6275 priority 1000"), control.state().toString());
        assertTrue(control.has("route ::/0 dev " + TUN + " table 6275"), control.state().toString());
        assertFalse(control.has("address " + HOA + "/64 dev " + ETH), "RFC 6275 11.5.5 reversed: the HoA leaves the link");
        assertTrue(control.has("address " + HOA + "/128 dev " + TUN), "the TUN keeps the home address");
        assertEquals(COA, s41.boundSource(), "the tunnel socket's outer source is the care-of address");
        assertEquals(COA, tunnel.careOfAddress());
        assertEquals(HA, tunnel.homeAgentAddress());
    }

    @Test
    void aHandoverSwapsTheAddressesWithoutInstallingTheRuleAgain() throws Exception {
        tunnel.away(COA, HA);
        List<String> before = control.installed();
        tunnel.away(COA_B, HA);
        assertEquals(before, control.installed(), "one rule and one route, installed once");
        assertEquals(COA_B, s41.boundSource());
        tun.routeIn(udp(HOA, CN, 10));
        FakePacketSocket.Sent s = s41.takeSent(WAIT);
        assertNotNull(s);
        assertEquals(COA_B, s.options().source(), "tunnelled from the new care-of address");
        assertEquals(HA, s.destination());
    }

    @Test
    void comingHomeRemovesTheRuleAndItsRouteAndGoingAwayAgainReinstallsThem() {
        tunnel.away(COA, HA);
        tunnel.atHome();
        assertFalse(control.has("rule from " + HOA + "/128 table 6275 priority 1000"));
        assertFalse(control.has("route ::/0 dev " + TUN + " table 6275"));
        assertTrue(control.has("address " + HOA + "/64 dev " + ETH));
        tunnel.away(COA_B, HA);
        assertTrue(control.has("rule from " + HOA + "/128 table 6275 priority 1000"));
        assertTrue(control.has("route ::/0 dev " + TUN + " table 6275"));
        assertFalse(control.has("address " + HOA + "/64 dev " + ETH));
    }

    @Test
    void closeStopsTheLoopsAndClosesTheTunAndSocketsAndTheJournalRemovesTheRest() {
        tunnel.away(COA, HA);
        tunnel.close();
        assertTrue(tunnel.stopped());
        assertTrue(tun.isClosed());
        assertTrue(s41.isClosed() && s43.isClosed() && raw.isClosed());
        assertFalse(control.installed().isEmpty(), "left for the undo journal");
        control.close();
        assertTrue(control.state().isEmpty(), control.state().toString());
    }

    @Test
    void aControlFailureIsCountedNotThrown() {
        control.failNext(new NetException("ip rule add", 1, "test"));
        tunnel.away(COA, HA);
        assertEquals(1, tunnel.controlFailures());
        assertTrue(tunnel.isAway());
    }

    @Test
    void argumentsThatCannotWorkAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MobileNodeTunnel(new FakeTunDevice("x"),
                new FakePacketSocket(IpProtocol.IPV6, COA), new FakePacketSocket(IpProtocol.ROUTING, COA),
                new FakePacketSocket(255, COA), control, clock, HOA, Ipv6Prefix.parse("2001:db8:2::/64"), ETH,
                6275, 1000, 1460), "home address outside the home prefix");
        assertThrows(IllegalArgumentException.class, () -> new MobileNodeTunnel(new FakeTunDevice("x"),
                new FakePacketSocket(IpProtocol.IPV6, COA), new FakePacketSocket(IpProtocol.ROUTING, COA),
                new FakePacketSocket(255, COA), control, clock, HOA, HOME, ETH, 6275, 1000, 1000), "MTU below 1280");
        assertThrows(IllegalArgumentException.class, () -> new MobileNodeTunnel(new FakeTunDevice("x"),
                new FakePacketSocket(IpProtocol.MOBILITY, COA), new FakePacketSocket(IpProtocol.ROUTING, COA),
                new FakePacketSocket(255, COA), control, clock, HOA, HOME, ETH, 6275, 1000, 1460), "not protocol 41");
        assertThrows(IllegalArgumentException.class, () -> new MobileNodeTunnel(new FakeTunDevice("x"),
                new FakePacketSocket(IpProtocol.IPV6, COA), new FakePacketSocket(IpProtocol.ROUTING, COA),
                new FakePacketSocket(255, COA), control, clock, HOA, HOME, ETH, 254, 1000, 1460), "the main table");
    }

    // ---------------------------------------------------------------- out: reverse tunnel

    @Test
    void aPacketFromTheHomeAddressIsTunnelledToTheHomeAgentUnchanged() throws Exception {
        tunnel.away(COA, HA);
        byte[] inner = udp(HOA, CN, 100);
        tun.routeIn(inner);
        FakePacketSocket.Sent s = s41.takeSent(WAIT);
        assertNotNull(s, "nothing tunnelled");
        assertArrayEquals(inner, s.data(), "the payload of the protocol-41 socket is exactly the inner packet");
        assertEquals(HA, s.destination());
        assertEquals(COA, s.options().source(), "outer source: the care-of address (RFC 6275 11.3.1)");
        assertEquals(MobileNodeTunnel.TUNNEL_HOP_LIMIT, s.options().hopLimit());
        await(() -> tunnel.tunnelledOut() == 1, "counted");
        assertEquals(inner.length, tunnel.bytesOut());
        assertTrue(raw.sent().isEmpty(), "no route-optimised send without a binding");
    }

    /** A protocol-41 socket whose bind fails until told otherwise, as for a care-of address still tentative. */
    static final class TentativeSocket implements PacketSocket {
        final FakePacketSocket inner = new FakePacketSocket(IpProtocol.IPV6, COA);
        volatile boolean usable;
        volatile Ipv6Address bound;

        @Override
        public int protocol() {
            return IpProtocol.IPV6;
        }

        @Override
        public void send(byte[] buf, int off, int len, Ipv6Address dst, SendOptions options) throws NetException {
            inner.send(buf, off, len, dst, options);
        }

        @Override
        public int receive(byte[] buf, int off, int len, PacketInfo info, long timeoutMillis) throws NetException {
            return inner.receive(buf, off, len, info, timeoutMillis);
        }

        @Override
        public void bind(Ipv6Address source) throws NetException {
            if (!usable) {
                throw new NetException("bind (protocol 41) to " + source, 99, "EADDRNOTAVAIL");
            }
            bound = source;
            inner.bind(source);
        }

        @Override
        public void unicastHopLimit(int hopLimit) throws NetException {
            inner.unicastHopLimit(hopLimit);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void aCareOfAddressNotUsableForBindYetIsSentAsPerPacketSourceAndBoundLater() throws Exception {
        tunnel.close();
        TentativeSocket tentative = new TentativeSocket();
        tun = new FakeTunDevice(TUN);
        tunnel = new MobileNodeTunnel(tun, tentative, s43, raw, control, clock, HOA, HOME, ETH, 6275, 1000, 1460);
        tunnel.start();
        tunnel.away(COA, HA);
        assertNull(tentative.bound);
        byte[] inner = udp(HOA, CN, 30);
        tun.routeIn(inner);
        FakePacketSocket.Sent s = tentative.inner.takeSent(WAIT);
        assertNotNull(s, "tunnelled even before the bind works");
        assertArrayEquals(inner, s.data());
        assertEquals(COA, s.options().source(), "the care-of address given with the packet");
        assertEquals(MobileNodeTunnel.TUNNEL_HOP_LIMIT, s.options().hopLimit());
        tentative.usable = true;
        clock.advance(Duration.ofMillis(MobileNodeTunnel.BIND_RETRY_MILLIS));
        await(() -> COA.equals(tentative.bound), "bound by the in loop's retry");
    }

    @Test
    void aPacketFromAnotherSourceIsDroppedAndCounted() throws Exception {
        tunnel.away(COA, HA);
        tun.routeIn(udp(STRANGER, CN, 10));
        awaitDrop(Drop.OUT_SOURCE_NOT_HOME_ADDRESS, 1);
        assertTrue(s41.sent().isEmpty());
    }

    @Test
    void nothingIsTunnelledAtHome() throws Exception {
        tunnel.atHome();
        tun.routeIn(udp(HOA, CN, 10));
        awaitDrop(Drop.OUT_NOT_AWAY, 1);
        assertTrue(s41.sent().isEmpty());
    }

    @Test
    void whatIsNotAWholeIpv6PacketIsDroppedAsMalformed() throws Exception {
        tunnel.away(COA, HA);
        byte[] p = udp(HOA, CN, 10);
        tun.routeIn(Arrays.copyOf(p, 30));
        byte[] v4 = p.clone();
        v4[0] = 0x45;
        tun.routeIn(v4);
        tun.routeIn(Arrays.copyOf(p, p.length - 1)); // payload length says one octet more
        awaitDrop(Drop.OUT_MALFORMED, 3);
        assertTrue(s41.sent().isEmpty());
    }

    @Test
    void theDaemonIsToldOfACorrespondentReachedThroughTheTunnelAtMostOncePerFiveSeconds() throws Exception {
        Ipv6Address cn3 = Ipv6Address.parse("2001:db8:c::30");
        Ipv6Address cn4 = Ipv6Address.parse("2001:db8:c::40");
        tunnel.away(COA, HA);
        for (int i = 0; i < 3; i++) {
            tun.routeIn(udp(HOA, CN, 10));
        }
        tun.routeIn(udp(HOA, CN2, 10));
        await(() -> toldTo.size() == 2, "two told");
        assertEquals(List.of(CN, CN2), toldTo);
        clock.advance(Duration.ofMillis(4999));
        tun.routeIn(udp(HOA, CN, 10));
        tun.routeIn(udp(HOA, cn3, 10)); // a marker: the out thread is past the packet before it
        await(() -> toldTo.size() == 3, "the marker told");
        assertEquals(List.of(CN, CN2, cn3), toldTo, "within 5 s: not again");
        clock.advance(Duration.ofMillis(1));
        tun.routeIn(udp(HOA, CN, 10));
        tun.routeIn(udp(HOA, cn4, 10));
        await(() -> toldTo.size() == 5, "five told");
        assertEquals(List.of(CN, CN2, cn3, CN, cn4), toldTo, "5 s later: again");
    }

    @Test
    void packetsToTheHomeAgentAndMobilityHeadersDoNotTriggerReturnRoutability() throws Exception {
        tunnel.away(COA, HA);
        tun.routeIn(udp(HOA, HA, 10));
        byte[] hoti = new byte[16];
        hoti[1] = 1;
        hoti[2] = 1; // MH type 1, Home Test Init
        tun.routeIn(new Ipv6PacketBuilder().source(HOA).destination(CN).payload(IpProtocol.MOBILITY, hoti).build());
        tun.routeIn(udp(HOA, CN2, 10)); // a marker
        await(() -> !toldTo.isEmpty(), "the marker told");
        assertEquals(3, tunnel.tunnelledOut(), "all tunnelled");
        assertEquals(List.of(CN2), toldTo);
    }

    // ---------------------------------------------------------------- out: route optimisation

    @Test
    void aPacketToACorrespondentWithABindingLeavesTheCareOfAddressWithAHomeAddressOption() throws Exception {
        tunnel.away(COA, HA);
        tunnel.enable(CN, COA);
        byte[] original = udp(HOA, CN, 50);
        tun.routeIn(original);
        FakePacketSocket.Sent s = raw.takeSent(WAIT);
        assertNotNull(s, "nothing sent route-optimised");
        assertEquals(CN, s.destination());
        Ipv6Packet p = new Ipv6Packet();
        assertNull(p.parse(s.data(), 0, s.data().length));
        assertEquals(COA, p.source(), "source: the care-of address");
        assertEquals(CN, p.destination());
        assertTrue(p.hasHomeAddressOption());
        assertEquals(HOA, p.homeAddress());
        assertEquals(IpProtocol.UDP, p.upperLayerProtocol());
        assertTrue(p.upperLayerChecksumValid(), "the kernel's checksum over the HoA holds (RFC 6275 6.1.1 pseudo-source)");
        byte[] expected = new Ipv6PacketBuilder().source(COA).destination(CN).hopLimit(64).homeAddressOption(HOA)
                .payload(IpProtocol.UDP, original, Ipv6Header.LENGTH, original.length - Ipv6Header.LENGTH)
                .fillChecksum(false).build();
        assertArrayEquals(expected, s.data(), "IPv6 header | Destination Options (PadN, Home Address) | UDP");
        await(() -> tunnel.routeOptimisedOut() == 1, "counted");
        assertEquals(original.length + 24, tunnel.bytesOut());
        assertTrue(s41.sent().isEmpty(), "not through the home agent");
        assertTrue(toldTo.isEmpty(), "already route-optimised: no trigger");
    }

    @Test
    void aHomeTestInitGoesThroughTheHomeAgentEvenToACorrespondentWithABinding() throws Exception {
        tunnel.away(COA, HA);
        tunnel.enable(CN, COA);
        byte[] hoti = MobilityHeaderCodec.encode(new MobilityMessage.HomeTestInit(0x1234L, List.of()),
                MobilityExtensions.DEFAULT);
        MobilityHeaderCodec.fillChecksum(hoti, 0, hoti.length, HOA, CN);
        byte[] packet = new Ipv6PacketBuilder().source(HOA).destination(CN).payload(IpProtocol.MOBILITY, hoti)
                .fillChecksum(false).build();
        tun.routeIn(packet);
        await(() -> tunnel.tunnelledOut() == 1, "tunnelled to the home agent (RFC 6275 11.6.1)");
        assertTrue(raw.sent().isEmpty(), "not sent directly with a Home Address option (RFC 6275 9.4.1 drops it)");
        assertEquals(0, tunnel.routeOptimisedOut());
    }

    @Test
    void theDestinationOptionsHeaderGoesAfterAHopByHopOptionsHeader() throws Exception {
        tunnel.away(COA, HA);
        tunnel.enable(CN, COA);
        byte[] u = udp(HOA, CN, 20);
        int ulen = u.length - Ipv6Header.LENGTH;
        byte[] p = new byte[u.length + 8];
        Ipv6Header.write(p, 0, ulen + 8, IpProtocol.HOP_BY_HOP, 64, HOA, CN);
        p[40] = (byte) IpProtocol.UDP;
        p[41] = 0;
        p[42] = 1; // PadN
        p[43] = 4;
        System.arraycopy(u, Ipv6Header.LENGTH, p, 48, ulen);
        tun.routeIn(p);
        FakePacketSocket.Sent s = raw.takeSent(WAIT);
        assertNotNull(s);
        byte[] out = s.data();
        assertEquals(p.length + 24, out.length);
        assertEquals(IpProtocol.HOP_BY_HOP, out[6], "Hop-by-Hop stays right after the IPv6 header (RFC 8200 4.1)");
        assertEquals(IpProtocol.DESTINATION_OPTIONS, out[40], "then the Destination Options header");
        assertEquals(IpProtocol.UDP, out[48]);
        Ipv6Packet parsed = new Ipv6Packet();
        assertNull(parsed.parse(out, 0, out.length));
        assertEquals(HOA, parsed.homeAddress());
        assertEquals(COA, parsed.source());
        assertTrue(parsed.upperLayerChecksumValid());
        assertArrayEquals(Arrays.copyOfRange(p, 48, p.length), Arrays.copyOfRange(out, 72, out.length), "upper layer untouched");
    }

    @Test
    void aBindingForAnOldCareOfAddressIsNotUsedAfterAHandover() throws Exception {
        tunnel.away(COA, HA);
        tunnel.enable(CN, COA);
        tunnel.away(COA_B, HA);
        tun.routeIn(udp(HOA, CN, 10));
        assertNotNull(s41.takeSent(WAIT), "through the home agent until the correspondent holds the new care-of address");
        assertTrue(raw.sent().isEmpty());
        tunnel.enable(CN, COA_B);
        tun.routeIn(udp(HOA, CN, 10));
        FakePacketSocket.Sent s = raw.takeSent(WAIT);
        assertNotNull(s);
        assertEquals(COA_B, new Ipv6Header().wrap(s.data(), 0, s.data().length).source());
    }

    @Test
    void disablingSendsThroughTheHomeAgentAgain() throws Exception {
        tunnel.away(COA, HA);
        tunnel.enable(CN, COA);
        tunnel.enable(CN2, COA);
        tunnel.disable(CN);
        tun.routeIn(udp(HOA, CN, 10));
        assertNotNull(s41.takeSent(WAIT));
        tun.routeIn(udp(HOA, CN2, 10));
        assertNotNull(raw.takeSent(WAIT), "the other binding stays");
        assertEquals(java.util.Map.of(CN2, COA), tunnel.routeOptimisedBindings());
    }

    // ---------------------------------------------------------------- in: the home agent's tunnel

    @Test
    void aTunnelledPacketFromTheHomeAgentToTheCareOfAddressIsWrittenIntoTheTun() throws Exception {
        tunnel.away(COA, HA);
        byte[] inner = udp(CN, HOA, 80);
        s41.deliver(tunnelled(inner, HA, COA));
        byte[] w = tun.takeWritten(WAIT);
        assertArrayEquals(inner, w);
        await(() -> tunnel.tunnelledIn() == 1, "counted");
        assertEquals(inner.length, tunnel.bytesIn());
        await(() -> !toldFrom.isEmpty(), "told");
        assertEquals(List.of(CN), toldFrom, "a correspondent talking through the home agent");
    }

    @Test
    void linkPaddingAfterTheInnerPacketIsNotWritten() throws Exception {
        tunnel.away(COA, HA);
        byte[] inner = udp(CN, HOA, 20);
        s41.deliver(tunnelled(Arrays.copyOf(inner, inner.length + 6), HA, COA));
        assertArrayEquals(inner, tun.takeWritten(WAIT));
    }

    @Test
    void aTunnelledPacketFromAnotherSourceThanTheHomeAgentIsDropped() throws Exception {
        tunnel.away(COA, HA);
        s41.deliver(tunnelled(udp(CN, HOA, 10), STRANGER, COA));
        awaitDrop(Drop.IN_NOT_HOME_AGENT, 1);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void withSeveralHomeAgentsAPacketTunnelledByAnyOfThemIsTaken() throws Exception {
        Ipv6Address ha2 = Ipv6Address.parse("2001:db8:1::12");
        tunnel.away(COA, HA);
        tunnel.homeAgents(List.of(HA, ha2));
        byte[] inner = udp(CN, HOA, 30);
        s41.deliver(tunnelled(inner, ha2, COA));
        assertArrayEquals(inner, tun.takeWritten(WAIT), "from the second home agent");
        s41.deliver(tunnelled(udp(CN, HOA, 10), STRANGER, COA));
        awaitDrop(Drop.IN_NOT_HOME_AGENT, 1);
        tunnel.homeAgents(List.of(HA));
        s41.deliver(tunnelled(udp(CN, HOA, 10), ha2, COA));
        awaitDrop(Drop.IN_NOT_HOME_AGENT, 2);
    }

    @Test
    void aTunnelledPacketToAnotherAddressThanTheCareOfAddressIsDropped() throws Exception {
        tunnel.away(COA, HA);
        s41.deliver(tunnelled(udp(CN, HOA, 10), HA, COA_B));
        awaitDrop(Drop.IN_NOT_CARE_OF, 1);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void anInnerPacketNotForTheHomeAddressIsDroppedMulticastToo() throws Exception {
        tunnel.away(COA, HA);
        s41.deliver(tunnelled(udp(CN, STRANGER, 10), HA, COA));
        s41.deliver(tunnelled(udp(CN, Ipv6Address.parse("ff02::1"), 10), HA, COA));
        awaitDrop(Drop.IN_NOT_HOME_ADDRESS, 2);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void aMalformedInnerPacketIsDropped() throws Exception {
        tunnel.away(COA, HA);
        byte[] inner = udp(CN, HOA, 10);
        s41.deliver(tunnelled(Arrays.copyOf(inner, 39), HA, COA));
        s41.deliver(tunnelled(Arrays.copyOf(inner, inner.length - 2), HA, COA));
        byte[] v4 = inner.clone();
        v4[0] = 0x45;
        s41.deliver(tunnelled(v4, HA, COA));
        awaitDrop(Drop.IN_MALFORMED, 3);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void tunnelledPacketsAreNotAcceptedAtHome() throws Exception {
        tunnel.away(COA, HA);
        tunnel.atHome();
        s41.deliver(tunnelled(udp(CN, HOA, 10), HA, COA));
        awaitDrop(Drop.IN_NOT_AWAY, 1);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void afterAHandoverOnlyTheNewCareOfAddressIsAccepted() throws Exception {
        tunnel.away(COA, HA);
        tunnel.away(COA_B, HA);
        s41.deliver(tunnelled(udp(CN, HOA, 10), HA, COA));
        awaitDrop(Drop.IN_NOT_CARE_OF, 1);
        s41.deliver(tunnelled(udp(CN, HOA, 10), HA, COA_B));
        assertNotNull(tun.takeWritten(WAIT));
    }

    // ---------------------------------------------------------------- in: Type 2 routing header

    @Test
    void aBindingAcknowledgementWithATypeTwoRoutingHeaderIsRebuiltAsHomeAgentToHomeAddress() throws Exception {
        tunnel.away(COA, HA);
        byte[] ba = bindingAckWithRoutingHeader(COA);
        s43.deliver(routingCopy(ba, COA));
        byte[] w = tun.takeWritten(WAIT);
        assertNotNull(w, "nothing written into the TUN");
        byte[] mh = Arrays.copyOfRange(ba, Ipv6Header.LENGTH + RoutingHeaderType2.LENGTH, ba.length);
        byte[] expected = new Ipv6PacketBuilder().source(HA).destination(HOA).hopLimit(64)
                .payload(IpProtocol.MOBILITY, mh).fillChecksum(false).build();
        assertArrayEquals(expected, w, "IPv6 header HA -> HoA, next header 135, then the MH as it came");
        Ipv6Packet p = new Ipv6Packet();
        assertNull(p.parse(w, 0, w.length));
        assertFalse(p.hasRoutingHeaderType2());
        assertTrue(p.upperLayerChecksumValid(), "the home agent's checksum (over HA -> HoA) holds for the rebuilt packet");
        assertTrue(Checksum.verify(HA, HOA, IpProtocol.MOBILITY, w, Ipv6Header.LENGTH, w.length - Ipv6Header.LENGTH));
        assertTrue(MobilityHeaderCodec.decode(w, Ipv6Header.LENGTH, w.length - Ipv6Header.LENGTH) instanceof org.roam6.wire.Decoded.Ok);
        await(() -> tunnel.rh2In() == 1, "counted");
    }

    @Test
    void theRebuiltPacketKeepsTheHopLimitItArrivedWith() throws Exception {
        tunnel.away(COA, HA);
        byte[] ba = bindingAckWithRoutingHeader(COA);
        FakePacketSocket.Incoming c = routingCopy(ba, COA);
        s43.deliver(new FakePacketSocket.Incoming(c.data(), c.source(), c.destination(), 57, null, null));
        byte[] w = tun.takeWritten(WAIT);
        assertNotNull(w);
        assertEquals(57, w[Ipv6Header.OFF_HOP_LIMIT] & 0xff);
    }

    @Test
    void atHomeATypeTwoRoutingHeaderToTheHomeAddressIsAccepted() throws Exception {
        tunnel.atHome();
        s43.deliver(routingCopy(bindingAckWithRoutingHeader(HOA), HOA));
        assertNotNull(tun.takeWritten(WAIT));
        s43.deliver(routingCopy(bindingAckWithRoutingHeader(COA), COA));
        awaitDrop(Drop.RH2_NOT_CARE_OF, 1);
    }

    @Test
    void theAcknowledgementOfABindingUpdateFromANewCareOfAddressIsTakenInBeforeTheTunnelMovesThere() throws Exception {
        tunnel.away(COA, HA);
        // RFC 6275 11.3.3: the BA comes to the care-of address the BU was sent from, which the
        // tunnel only moves to once that BA has been accepted
        tunnel.announceCareOf(COA_B);
        s43.deliver(routingCopy(bindingAckWithRoutingHeader(COA_B), COA_B));
        assertNotNull(tun.takeWritten(WAIT));
        assertEquals(0, tunnel.drops(Drop.RH2_NOT_CARE_OF));
        tunnel.announceCareOf(null);
        s43.deliver(routingCopy(bindingAckWithRoutingHeader(COA_B), COA_B));
        awaitDrop(Drop.RH2_NOT_CARE_OF, 1);
    }

    @Test
    void aTypeTwoRoutingHeaderToAnotherAddressThanTheCareOfAddressIsDropped() throws Exception {
        tunnel.away(COA, HA);
        s43.deliver(routingCopy(bindingAckWithRoutingHeader(COA_B), COA_B));
        awaitDrop(Drop.RH2_NOT_CARE_OF, 1);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void aTypeTwoRoutingHeaderWithAnotherHomeAddressIsDropped() throws Exception {
        tunnel.away(COA, HA);
        byte[] ba = bindingAckWithRoutingHeader(COA);
        STRANGER.write(ba, Ipv6Header.LENGTH + RoutingHeaderType2.OFF_HOME_ADDRESS);
        s43.deliver(routingCopy(ba, COA));
        awaitDrop(Drop.RH2_NOT_HOME_ADDRESS, 1);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void aTypeTwoRoutingHeaderWithSegmentsLeftOtherThanOneIsDropped() throws Exception {
        tunnel.away(COA, HA);
        for (int sl : new int[] {0, 2}) {
            byte[] ba = bindingAckWithRoutingHeader(COA);
            ba[Ipv6Header.LENGTH + RoutingHeaderType2.OFF_SEGMENTS_LEFT] = (byte) sl;
            s43.deliver(routingCopy(ba, COA));
        }
        awaitDrop(Drop.RH2_SEGMENTS_LEFT, 2);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void aMalformedTypeTwoRoutingHeaderIsDropped() throws Exception {
        tunnel.away(COA, HA);
        byte[] ba = bindingAckWithRoutingHeader(COA);
        byte[] wrongLength = ba.clone();
        wrongLength[Ipv6Header.LENGTH + RoutingHeaderType2.OFF_HDR_EXT_LEN] = 4;
        s43.deliver(routingCopy(wrongLength, COA));
        s43.deliver(routingCopy(Arrays.copyOf(ba, Ipv6Header.LENGTH + 20), COA));
        awaitDrop(Drop.RH2_MALFORMED, 2);
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void otherRoutingTypesAreIgnoredNotCountedAsErrors() throws Exception {
        tunnel.away(COA, HA);
        byte[] ba = bindingAckWithRoutingHeader(COA);
        ba[Ipv6Header.LENGTH + RoutingHeaderType2.OFF_ROUTING_TYPE] = 4; // segment routing
        s43.deliver(routingCopy(ba, COA));
        await(() -> tunnel.otherRoutingHeadersIgnored() == 1, "ignored");
        for (Drop d : Drop.values()) {
            assertEquals(0, tunnel.drops(d), d.toString());
        }
        assertTrue(tun.written().isEmpty());
    }

    // ---------------------------------------------------------------- counters

    @Test
    void theCountersAreNamedForTheMetrics() throws Exception {
        tunnel.away(COA, HA);
        tun.routeIn(udp(HOA, CN, 10));
        await(() -> tunnel.tunnelledOut() == 1, "tunnelled");
        var c = tunnel.counters();
        assertEquals(1L, c.get("tunnelled_out"));
        assertEquals(58L, c.get("bytes_out"));
        assertEquals(0L, c.get("tunnelled_in"));
        assertEquals(0L, c.get("route_optimised_out"));
        assertEquals(0L, c.get("rh2_in"));
        assertEquals(0L, c.get("dropped_rh2_segments_left"));
        assertEquals(0L, c.get("dropped_out_source_not_home_address"));
        assertEquals(8 + Drop.values().length, c.size());
    }

    // ---------------------------------------------------------------- hot path

    /** Counts what is sent or written; receives and reads nothing. */
    static final class Sink implements PacketSocket, TunDevice {
        final int protocol;
        long packets;
        long octets;

        Sink(int protocol) {
            this.protocol = protocol;
        }

        @Override
        public int protocol() {
            return protocol;
        }

        @Override
        public void send(byte[] buf, int off, int len, Ipv6Address dst, SendOptions options) {
            packets++;
            octets += len;
        }

        @Override
        public void bind(Ipv6Address source) {}

        @Override
        public void unicastHopLimit(int hopLimit) {}

        @Override
        public int receive(byte[] buf, int off, int len, PacketInfo i, long timeoutMillis) {
            return PacketSocket.CLOSED;
        }

        @Override
        public String name() {
            return "sink0";
        }

        @Override
        public int read(byte[] buf, int off, int len, long timeoutMillis) {
            return TunDevice.CLOSED;
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            packets++;
            octets += len;
        }

        @Override
        public long skipped() {
            return 0;
        }

        @Override
        public void close() {}
    }

    @Test
    void theOutPathAllocatesNothingPerPacketAndTheInPathsOnlyTheDestinationPacketInfoGives() throws NetException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Sink tunSink = new Sink(0);
        Sink s41Sink = new Sink(IpProtocol.IPV6);
        Sink s43Sink = new Sink(IpProtocol.ROUTING);
        Sink rawSink = new Sink(255);
        MobileNodeTunnel t = new MobileNodeTunnel(tunSink, s41Sink, s43Sink, rawSink, control, clock, HOA, HOME, ETH,
                6275, 1000, 1460);
        t.away(COA, HA);
        t.enable(CN2, COA);
        byte[] toCn = udp(HOA, CN, 100);
        byte[] toCn2 = udp(HOA, CN2, 100);
        byte[] inner = udp(CN, HOA, 100);
        byte[] ba = bindingAckWithRoutingHeader(COA);
        byte[] rh = Arrays.copyOfRange(ba, Ipv6Header.LENGTH, ba.length);
        ByteBuffer out = ByteBuffer.allocate(MobileNodeTunnel.HEADROOM + 200);
        ByteBuffer in = ByteBuffer.allocate(200);
        ByteBuffer rh2 = ByteBuffer.allocate(200);
        PacketInfo fromHa = new PacketInfo().source(HA).destination(COA.hi(), COA.lo(), 2).hopLimit(64);
        MobileNodeTunnel.OutState state = new MobileNodeTunnel.OutState();
        PeerSightings sightings = new PeerSightings(5_000_000_000L, 16);
        int rounds = 20_000;
        for (int warm = 0; warm < 3; warm++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < rounds; i++) {
                out.clear().put(MobileNodeTunnel.HEADROOM, toCn);
                t.outbound(out, MobileNodeTunnel.HEADROOM, toCn.length, state);
                out.clear().put(MobileNodeTunnel.HEADROOM, toCn2);
                t.outbound(out, MobileNodeTunnel.HEADROOM, toCn2.length, state);
            }
            long outAllocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < rounds; i++) {
                in.clear().put(0, inner);
                t.inbound(in, inner.length, fromHa, sightings);
                rh2.clear().put(MobileNodeTunnel.RH2_OFFSET, rh);
                t.routingHeader(rh2, rh.length, fromHa);
            }
            long inAllocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (warm == 2) {
                assertTrue(outAllocated < rounds, outAllocated + " bytes allocated for " + 2 * rounds + " packets out");
                // PacketInfo gives the destination only as an Ipv6Address (32 octets): the one allocation left
                assertTrue(inAllocated <= 2L * rounds * 32 + rounds,
                        inAllocated + " bytes allocated for " + 2 * rounds + " packets in");
            }
        }
        assertEquals(3L * rounds, s41Sink.packets);
        assertEquals(3L * rounds, rawSink.packets);
        assertEquals(6L * rounds, tunSink.packets);
        for (Drop d : Drop.values()) {
            assertEquals(0, t.drops(d), d.toString());
        }
        t.close();
    }
}
