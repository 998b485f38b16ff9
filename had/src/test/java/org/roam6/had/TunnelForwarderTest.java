package org.roam6.had;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.binding.Binding;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingView;
import org.roam6.net.NetException;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.SendOptions;
import org.roam6.net.TunDevice;
import org.roam6.net.fake.FakeNetworkControl;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.net.fake.FakeTunDevice;
import org.roam6.runtime.ManualClock;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.mh.BindingUpdate;

/** Interception and the forward and reverse tunnels (RFC 6275 10.4.2, 10.4.5; RFC 3963 6.4-6.6) with fakes. */
@Timeout(30)
class TunnelForwarderTest {
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::100");
    static final Ipv6Address OTHER_COA = Ipv6Address.parse("2001:db8:a::666");
    static final Ipv6Address CN = Ipv6Address.parse("2001:db8:c::10");
    static final Ipv6Address MR_HOA = Ipv6Address.parse("2001:db8:1::200");
    static final Ipv6Address MR_COA = Ipv6Address.parse("2001:db8:b::200");
    static final Ipv6Prefix MNP = Ipv6Prefix.parse("2001:db8:77::/48");
    static final Ipv6Address INSIDE_MNP = Ipv6Address.parse("2001:db8:77:5::9");

    BindingCache cache;
    ManualClock clock;
    FakeTunDevice tun;
    FakePacketSocket tunnel;
    FakeNetworkControl control;
    TunnelForwarder forwarder;
    final BindingView view = new BindingView();
    final TunnelForwarder.CareOfDestinations careOf = new TunnelForwarder.CareOfDestinations(16);
    final PacketInfo info = new PacketInfo();

    @BeforeEach
    void setUp() throws NetException {
        cache = new BindingCache(16);
        clock = new ManualClock();
        clock.advance(Duration.ofSeconds(100));
        tun = new FakeTunDevice("r6had0");
        tunnel = new FakePacketSocket(IpProtocol.IPV6, HA);
        control = new FakeNetworkControl("had");
        forwarder = new TunnelForwarder(cache, tun, tunnel, control, clock, HA, TunnelForwarder.DEFAULT_MTU);
    }

    @AfterEach
    void tearDown() {
        forwarder.close();
    }

    /** Registers in the cache and tells the forwarder, as HomeRegistration does. */
    void register(Ipv6Address hoa, Ipv6Address coa, List<Ipv6Prefix> prefixes) {
        long expires = clock.millis() + Duration.ofSeconds(420).toMillis();
        int flags = BindingUpdate.FLAG_A | BindingUpdate.FLAG_H | (prefixes.isEmpty() ? 0 : BindingUpdate.FLAG_R);
        assertTrue(cache.register(hoa, coa, 1, flags, expires, List.of(), prefixes).accepted());
        forwarder.onRegistered(new Binding(hoa, coa, 1, flags, Duration.ofSeconds(420), List.of(), prefixes));
    }

    void deregister(Ipv6Address hoa) {
        cache.deregister(hoa);
        forwarder.onDeregistered(hoa);
    }

    /** An IPv6 packet with {@code payload} bytes of UDP-ish filler and {@code trailing} extra bytes. */
    static byte[] packet(Ipv6Address src, Ipv6Address dst, int payload, int trailing) {
        byte[] p = new byte[Ipv6Header.LENGTH + payload + trailing];
        Ipv6Header.write(p, 0, payload, IpProtocol.UDP, 63, src, dst);
        for (int i = 0; i < payload; i++) {
            p[Ipv6Header.LENGTH + i] = (byte) (i * 7 + 1);
        }
        return p;
    }

    void forward(byte[] p) {
        forwarder.forward(ByteBuffer.wrap(p), view, careOf);
    }

    void reverse(byte[] inner, Ipv6Address outerSource) {
        info.reset();
        info.source(outerSource).destination(HA.hi(), HA.lo(), 3);
        forwarder.reverse(ByteBuffer.wrap(inner), info, view);
    }

    // ---------------------------------------------------------------- TUN and routes

    @Test
    void startBringsTheTunUpWithItsMtuAndTurnsForwardingOn() throws Exception {
        forwarder.start();
        assertEquals(TunnelForwarder.DEFAULT_MTU, control.linkMtu("r6had0"));
        assertEquals("1", control.sysctl("net.ipv6.conf.all.forwarding"), "the kernel must route what the reverse path writes");
        control.close();
        assertEquals("0", control.sysctl("net.ipv6.conf.all.forwarding"), "restored by the undo journal");
    }

    @Test
    void aRegistrationRoutesTheHomeAddressIntoTheTunAndADeregistrationRemovesTheRoute() {
        register(HOA, COA, List.of());
        assertTrue(control.has("route 2001:db8:1::100/128 dev r6had0"), control.state().toString());
        assertEquals(List.of(new Ipv6Prefix(HOA, 128)), forwarder.routedPrefixes());
        deregister(HOA);
        assertFalse(control.has("route 2001:db8:1::100/128 dev r6had0"));
        assertEquals(List.of(), control.installed(), "nothing left in the undo journal");
    }

    @Test
    void aNewCareOfAddressKeepsTheRoute() {
        register(HOA, COA, List.of());
        register(HOA, OTHER_COA, List.of());
        assertEquals(List.of("route 2001:db8:1::100/128 dev r6had0"), control.installed());
    }

    @Test
    void mobileNetworkPrefixesAreRoutedIntoTheTunAndThoseARefreshDropsAreRemoved() {
        Ipv6Prefix second = Ipv6Prefix.parse("2001:db8:78::/64");
        register(MR_HOA, MR_COA, List.of(MNP, second));
        assertTrue(control.has("route 2001:db8:1::200/128 dev r6had0"));
        assertTrue(control.has("route 2001:db8:77::/48 dev r6had0"));
        assertTrue(control.has("route 2001:db8:78::/64 dev r6had0"));
        register(MR_HOA, MR_COA, List.of(second));
        assertFalse(control.has("route 2001:db8:77::/48 dev r6had0"), "RFC 3963: a prefix no longer registered is not routed");
        assertTrue(control.has("route 2001:db8:78::/64 dev r6had0"));
        deregister(MR_HOA);
        assertEquals(List.of(), control.installed());
    }

    @Test
    void aRouteTheKernelRefusesIsCounted() {
        control.failNext(new NetException("ip -6 route replace", 0, "test"));
        register(HOA, COA, List.of());
        assertEquals(1, forwarder.controlFailures());
        assertEquals(List.of(), forwarder.routedPrefixes());
        register(HOA, COA, List.of());
        assertEquals(List.of(new Ipv6Prefix(HOA, 128)), forwarder.routedPrefixes(), "the next registration retries");
    }

    // ---------------------------------------------------------------- forward path

    @Test
    void aPacketForARegisteredHomeAddressIsTunnelledToTheCareOfAddressFromTheHomeAgentWithHopLimit64() throws Exception {
        register(HOA, COA, List.of());
        byte[] p = packet(CN, HOA, 100, 0);
        forward(p);
        FakePacketSocket.Sent s = tunnel.takeSent(0);
        assertNotNull(s);
        assertEquals(COA, s.destination(), "outer destination: the care-of address");
        assertEquals(HA, s.options().source(), "outer source: the home agent address");
        assertEquals(TunnelForwarder.TUNNEL_HOP_LIMIT, s.options().hopLimit());
        assertNull(s.options().destinationOptions(), "no Encapsulation Limit option (RFC 2473 4.1.1), as UMIP");
        assertArrayEquals(p, s.data(), "the payload of the protocol-41 packet is the whole inner packet, unchanged");
        assertEquals(1, forwarder.forwardedPackets());
        assertEquals(p.length, forwarder.forwardedBytes());
    }

    @Test
    void aPacketForAnAddressWithoutBindingIsDroppedAndCounted() {
        register(HOA, COA, List.of());
        forward(packet(CN, Ipv6Address.parse("2001:db8:1::101"), 20, 0));
        assertEquals(0, tunnel.sent().size());
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.FORWARD_NO_BINDING));
        assertEquals(0, forwarder.forwardedPackets());
    }

    @Test
    void aBindingWhoseLifetimeIsOverIsNotUsedEvenBeforeTheExpirySweep() {
        assertTrue(cache.register(HOA, COA, 1, BindingUpdate.FLAG_H, clock.millis() + 1_000L,
                List.of(), List.of()).accepted());
        clock.advance(Duration.ofSeconds(2));
        forward(packet(CN, HOA, 20, 0));
        assertEquals(0, tunnel.sent().size());
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.FORWARD_NO_BINDING));
    }

    @Test
    void aPacketForAnAddressInsideAMobileNetworkPrefixGoesToTheMobileRoutersCareOfAddress() throws Exception {
        register(MR_HOA, MR_COA, List.of(MNP));
        forward(packet(CN, INSIDE_MNP, 20, 0));
        assertEquals(MR_COA, tunnel.takeSent(0).destination());
        forward(packet(CN, Ipv6Address.parse("2001:db8:79::1"), 20, 0));
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.FORWARD_NO_BINDING), "outside every prefix");
    }

    @Test
    void theLongestMobileNetworkPrefixWins() throws Exception {
        Ipv6Address innerRouter = Ipv6Address.parse("2001:db8:1::201");
        Ipv6Address innerCoa = Ipv6Address.parse("2001:db8:b::201");
        register(MR_HOA, MR_COA, List.of(MNP));
        register(innerRouter, innerCoa, List.of(Ipv6Prefix.parse("2001:db8:77:5::/64")));
        forward(packet(CN, INSIDE_MNP, 20, 0));
        assertEquals(innerCoa, tunnel.takeSent(0).destination());
        forward(packet(CN, Ipv6Address.parse("2001:db8:77:6::1"), 20, 0));
        assertEquals(MR_COA, tunnel.takeSent(0).destination());
        deregister(innerRouter);
        forward(packet(CN, INSIDE_MNP, 20, 0));
        assertEquals(MR_COA, tunnel.takeSent(0).destination(), "after de-registration the shorter prefix serves it");
    }

    @Test
    void somethingThatIsNotAnIpv6PacketIsDroppedAsMalformed() {
        register(HOA, COA, List.of());
        byte[] v4 = packet(CN, HOA, 20, 0);
        v4[0] = 0x45;
        forward(v4);
        forward(Arrays.copyOf(packet(CN, HOA, 20, 0), 39));
        assertEquals(2, forwarder.drops(TunnelForwarder.Drop.FORWARD_MALFORMED));
        assertEquals(0, tunnel.sent().size());
    }

    @Test
    void aSendTheSocketRefusesIsCounted() {
        register(HOA, COA, List.of());
        tunnel.close();
        forward(packet(CN, HOA, 20, 0));
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.FORWARD_SEND_FAILED));
        assertEquals(0, forwarder.forwardedPackets());
    }

    // ---------------------------------------------------------------- reverse path

    @Test
    void aReverseTunnelledPacketFromTheHomeAddressAtItsCareOfAddressIsHandedToTheKernel() throws Exception {
        register(HOA, COA, List.of());
        byte[] inner = packet(HOA, CN, 60, 0);
        reverse(inner, COA);
        assertArrayEquals(inner, tun.takeWritten(0));
        assertEquals(1, forwarder.reverseTunnelledPackets());
        assertEquals(inner.length, forwarder.reverseTunnelledBytes());
    }

    @Test
    void bytesBeyondTheInnerPayloadLengthAreNotWritten() throws Exception {
        register(HOA, COA, List.of());
        byte[] inner = packet(HOA, CN, 60, 8);
        reverse(inner, COA);
        assertArrayEquals(Arrays.copyOf(inner, Ipv6Header.LENGTH + 60), tun.takeWritten(0));
    }

    @Test
    void anInnerSourceWithoutBindingIsDroppedAsSpoofed() {
        register(HOA, COA, List.of());
        reverse(packet(Ipv6Address.parse("2001:db8:1::666"), CN, 20, 0), COA);
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.REVERSE_NO_BINDING));
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void theRightHomeAddressFromAnotherCareOfAddressIsDropped() {
        register(HOA, COA, List.of());
        reverse(packet(HOA, CN, 20, 0), OTHER_COA);
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.REVERSE_CARE_OF_MISMATCH),
                "RFC 6275 10.4.5: the inner source must be the home address bound to the outer source");
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void anotherMobileNodesHomeAddressFromThisCareOfAddressIsDropped() {
        register(HOA, COA, List.of());
        register(MR_HOA, MR_COA, List.of());
        reverse(packet(MR_HOA, CN, 20, 0), COA);
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.REVERSE_CARE_OF_MISMATCH));
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void truncatedShortOrNonIpv6InnerPacketsAreDroppedAsMalformed() {
        register(HOA, COA, List.of());
        reverse(Arrays.copyOf(packet(HOA, CN, 20, 0), 30), COA);
        byte[] v4 = packet(HOA, CN, 20, 0);
        v4[0] = 0x45;
        reverse(v4, COA);
        byte[] longer = packet(HOA, CN, 20, 0);
        longer[Ipv6Header.OFF_PAYLOAD_LENGTH + 1] = 21;
        reverse(longer, COA);
        byte[] good = packet(HOA, CN, 20, 0);
        info.reset();
        info.source(COA).truncated(true);
        forwarder.reverse(ByteBuffer.wrap(good), info, view);
        assertEquals(4, forwarder.drops(TunnelForwarder.Drop.REVERSE_MALFORMED));
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void aSourceInsideTheMobileRoutersPrefixIsAcceptedFromItsCareOfAddressOnly() throws Exception {
        register(MR_HOA, MR_COA, List.of(MNP));
        byte[] fromNetwork = packet(INSIDE_MNP, CN, 20, 0);
        reverse(fromNetwork, MR_COA);
        assertArrayEquals(fromNetwork, tun.takeWritten(0), "RFC 3963 6.6: sources in the registered prefixes");
        reverse(fromNetwork, COA);
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.REVERSE_CARE_OF_MISMATCH));
        reverse(packet(Ipv6Address.parse("2001:db8:79::1"), CN, 20, 0), MR_COA);
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.REVERSE_NO_BINDING));
        assertTrue(tun.written().isEmpty());
    }

    @Test
    void afterDeregistrationTheHomeAddressIsNeitherTunnelledNorAcceptedBack() {
        register(HOA, COA, List.of());
        deregister(HOA);
        forward(packet(CN, HOA, 20, 0));
        reverse(packet(HOA, CN, 20, 0), COA);
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.FORWARD_NO_BINDING));
        assertEquals(1, forwarder.drops(TunnelForwarder.Drop.REVERSE_NO_BINDING));
    }

    // ---------------------------------------------------------------- threads and lifecycle

    @Test
    void theLoopsTunnelWhatTheKernelRoutesIntoTheTunAndWriteWhatArrivesTunnelled() throws Exception {
        forwarder.start();
        register(HOA, COA, List.of());
        byte[] toMn = packet(CN, HOA, 30, 0);
        tun.routeIn(toMn);
        FakePacketSocket.Sent s = tunnel.takeSent(5000);
        assertNotNull(s, "tunnelled by the forward thread");
        assertArrayEquals(toMn, s.data());
        byte[] fromMn = packet(HOA, CN, 30, 0);
        tunnel.deliver(fromMn, COA);
        assertArrayEquals(fromMn, tun.takeWritten(5000), "written by the reverse thread");
    }

    @Test
    void closeStopsBothLoopsClosesTheTunAndSocketAndRemovesEveryRoute() throws Exception {
        forwarder.start();
        register(HOA, COA, List.of());
        register(MR_HOA, MR_COA, List.of(MNP));
        forwarder.close();
        assertTrue(forwarder.stopped(), "both threads ended within the bounded join");
        assertTrue(tun.isClosed());
        assertTrue(tunnel.isClosed());
        assertEquals(List.of("sysctl net.ipv6.conf.all.forwarding"), control.installed(),
                "only the sysctl is left, for the control's own close");
        forwarder.onRegistered(new Binding(HOA, COA, 2, 0, Duration.ofSeconds(1), List.of(), List.of()));
        assertEquals(List.of(), forwarder.routedPrefixes(), "a closed forwarder routes nothing");
    }

    @Test
    void theConstructorRefusesAnMtuBelowTheIpv6MinimumAndASocketOfTheWrongProtocol() {
        assertThrows(IllegalArgumentException.class,
                () -> new TunnelForwarder(cache, tun, tunnel, control, clock, HA, 1279));
        assertThrows(IllegalArgumentException.class, () -> new TunnelForwarder(cache, tun,
                new FakePacketSocket(58, HA), control, clock, HA, 1280));
    }

    // ---------------------------------------------------------------- allocation

    /** A socket and TUN that accept packets and allocate nothing, to measure the loops' own allocation. */
    static final class Sink implements PacketSocket, TunDevice {
        long packets;

        @Override
        public int protocol() {
            return IpProtocol.IPV6;
        }

        @Override
        public void send(byte[] buf, int off, int len, Ipv6Address dst, SendOptions options) {
            packets++;
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
        }

        @Override
        public long skipped() {
            return 0;
        }

        @Override
        public void close() {}
    }

    @Test
    void neitherPathAllocatesPerPacket() throws NetException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Sink sink = new Sink();
        TunnelForwarder f = new TunnelForwarder(cache, sink, sink, control, clock, HA, 1500);
        long expires = clock.millis() + Duration.ofSeconds(420).toMillis();
        cache.register(HOA, COA, 1, BindingUpdate.FLAG_H, expires, List.of(), List.of());
        cache.register(MR_HOA, MR_COA, 1, BindingUpdate.FLAG_H | BindingUpdate.FLAG_R, expires, List.of(), List.of(MNP));
        f.onRegistered(new Binding(MR_HOA, MR_COA, 1, 0, Duration.ofSeconds(420), List.of(), List.of(MNP)));
        byte[] toHoa = packet(CN, HOA, 100, 0);
        byte[] toMnp = packet(CN, INSIDE_MNP, 100, 0);
        byte[] fromHoa = packet(HOA, CN, 100, 0);
        byte[] spoofed = packet(CN, CN, 100, 0);
        PacketInfo fromCoa = new PacketInfo().source(COA);
        ByteBuffer toHoaBuf = ByteBuffer.wrap(toHoa);
        ByteBuffer toMnpBuf = ByteBuffer.wrap(toMnp);
        ByteBuffer fromHoaBuf = ByteBuffer.wrap(fromHoa);
        ByteBuffer spoofedBuf = ByteBuffer.wrap(spoofed);
        int rounds = 20_000;
        for (int warm = 0; warm < 2; warm++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < rounds; i++) {
                f.forward(toHoaBuf, view, careOf);
                f.forward(toMnpBuf, view, careOf);
                f.reverse(fromHoaBuf, fromCoa, view);
                f.reverse(spoofedBuf, fromCoa, view);
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (warm == 1) {
                assertTrue(allocated < rounds, allocated + " bytes allocated for " + 4 * rounds + " packets");
            }
        }
        assertEquals(6L * rounds, sink.packets);
        assertEquals(2L * rounds, f.drops(TunnelForwarder.Drop.REVERSE_NO_BINDING));
        f.close();
    }
}
