package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.roam6.net.CommandNetworkControl;
import org.roam6.net.CommandRunner;
import org.roam6.net.NetException;
import org.roam6.net.NetworkNamespace;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.SendOptions;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.Checksum;
import org.roam6.wire.DestinationOptions;
import org.roam6.wire.HomeAddressOption;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingAcknowledgement;
import org.roam6.wire.mh.MhType;

/**
 * {@link MobileNodeTunnel} on real kernels: the mobile node away in one namespace (care-of
 * address on {@code core1}, the TUN, the policy rule), and in the other a home agent and
 * correspondents played by raw sockets: tunnelled and Type 2 routing header packets are sent to
 * the care-of address, and what the mobile node's kernel answers is checked where it arrives.
 *
 * <pre>
 *  mn [core1 2001:db8:a::100, ::200] r6mn0 (TUN, HoA 2001:db8:1::100/128) ---- [core0 2001:db8:a::1] ha (lo: HA, CN, CN_RO)
 * </pre>
 *
 * Needs root; skipped with the reason otherwise, failed when {@code CI=true} and not root.
 * The tests run in order on one tunnel (away, handover, at home, close).
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MobileNodeTunnelNamespaceTest {
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Prefix HOME = Ipv6Prefix.parse("2001:db8:1::/64");
    static final Ipv6Address HA_CORE = Ipv6Address.parse("2001:db8:a::1");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::100");
    static final Ipv6Address COA2 = Ipv6Address.parse("2001:db8:a::200");
    static final Ipv6Address CN = Ipv6Address.parse("2001:db8:c::10");
    static final Ipv6Address CN_RO = Ipv6Address.parse("2001:db8:c::20");
    static final long WAIT = 3000;

    static String mnName;
    static String haName;
    static NetworkNamespace inMn;
    static NetworkNamespace inHa;
    static Thread hook;
    static CommandNetworkControl control;
    static MobileNodeTunnel tunnel;
    static PacketSocket mh;
    static PacketSocket ha41;
    static PacketSocket haRaw;
    static PacketSocket ha60;

    @BeforeAll
    static void setUp() throws Exception {
        boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        if (!root && "true".equals(System.getenv("CI"))) {
            fail("CI=true but not root: the namespace tests need root (network namespaces, TUN, raw sockets)");
        }
        assumeTrue(root, "needs root (network namespaces, TUN, raw sockets)");
        String prefix = "r6mt" + ProcessHandle.current().pid()
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        mnName = prefix + "m";
        haName = prefix + "h";
        CommandRunner host = new CommandRunner(null, 10_000);
        hook = new Thread(() -> delete(mnName, haName), "delete-" + prefix);
        Runtime.getRuntime().addShutdownHook(hook);
        for (String n : List.of(mnName, haName)) {
            host.check("ip", "netns", "add", n);
            CommandRunner in = new CommandRunner(n, 10_000);
            in.check("sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0");
            in.check("sysctl", "-q", "-w", "net.ipv6.conf.default.accept_dad=0");
            in.check("sysctl", "-q", "-w", "net.ipv6.icmp.ratelimit=0");
            in.check("ip", "link", "set", "lo", "up");
        }
        host.check("ip", "-n", mnName, "link", "add", "core1", "type", "veth", "peer", "name", "core0", "netns", haName);
        CommandRunner mnCmd = new CommandRunner(mnName, 10_000);
        CommandRunner haCmd = new CommandRunner(haName, 10_000);
        mnCmd.check("ip", "-6", "addr", "add", COA + "/64", "dev", "core1", "nodad");
        mnCmd.check("ip", "-6", "addr", "add", COA2 + "/64", "dev", "core1", "nodad");
        haCmd.check("ip", "-6", "addr", "add", HA_CORE + "/64", "dev", "core0", "nodad");
        for (Ipv6Address a : List.of(HA, CN, CN_RO)) {
            haCmd.check("ip", "-6", "addr", "add", a + "/128", "dev", "lo");
        }
        mnCmd.check("ip", "link", "set", "core1", "up");
        haCmd.check("ip", "link", "set", "core0", "up");
        mnCmd.check("ip", "-6", "route", "add", "default", "via", HA_CORE.toString(), "dev", "core1");
        inMn = NetworkNamespace.enter(mnName);
        inHa = NetworkNamespace.enter(haName);
        control = new CommandNetworkControl("mnd-tunnel-test", mnName);
        tunnel = inMn.call(() -> MobileNodeTunnel.open(control, MobileNodeTunnel.DEFAULT_TUNNEL_INTERFACE,
                MobileNodeTunnel.DEFAULT_MTU, HOA, HOME, "core1", MobileNodeTunnel.DEFAULT_POLICY_TABLE,
                MobileNodeTunnel.DEFAULT_RULE_PRIORITY, MonotonicClock.SYSTEM));
        mh = inMn.call(() -> RawIpv6Socket.open(PacketSocketConfig.mobilityHeader()));
        ha41 = inHa.call(() -> RawIpv6Socket.open(PacketSocketConfig.of(IpProtocol.IPV6)));
        haRaw = inHa.call(() -> RawIpv6Socket.open(PacketSocketConfig.headerIncluded()));
        ha60 = inHa.call(() -> RawIpv6Socket.open(PacketSocketConfig.of(IpProtocol.DESTINATION_OPTIONS)));
    }

    @AfterAll
    static void tearDown() {
        for (AutoCloseable c : new AutoCloseable[] {tunnel, mh, ha41, haRaw, ha60, control, inMn, inHa}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort: the namespaces go anyway
                }
            }
        }
        if (mnName != null) {
            delete(mnName, haName);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down
            }
        }
    }

    private static void delete(String... names) {
        CommandRunner host = new CommandRunner(null, 10_000);
        for (String n : names) {
            try {
                host.run(List.of("ip", "netns", "del", n), null);
            } catch (NetException ignored) {
                // gone already
            }
        }
    }

    // ---------------------------------------------------------------- packets

    static byte[] echo(int type, Ipv6Address src, Ipv6Address dst, int seq, Ipv6Address routingTo) {
        byte[] m = new byte[8 + 16];
        m[0] = (byte) type;
        m[4] = 0x52;
        m[5] = 0x36;
        m[6] = (byte) (seq >> 8);
        m[7] = (byte) seq;
        for (int i = 8; i < m.length; i++) {
            m[i] = (byte) i;
        }
        Ipv6PacketBuilder b = new Ipv6PacketBuilder().source(src).destination(dst).hopLimit(64).payload(IpProtocol.ICMPV6, m);
        if (routingTo != null) {
            b.routingHeaderType2(routingTo);
        }
        return b.build();
    }

    /** Sends {@code inner} tunnelled from {@code outerSource} to {@code careOf}, as the home agent does. */
    static void tunnelFromHomeAgent(byte[] inner, Ipv6Address outerSource, Ipv6Address careOf) throws NetException {
        ha41.send(inner, 0, inner.length, careOf, SendOptions.NONE.withSource(outerSource));
    }

    /** The first packet on {@code s} that {@code keep} accepts within {@link #WAIT}, as {@code [data, info.source]}; null if none. */
    static byte[] receive(PacketSocket s, PacketInfo info, Predicate<byte[]> keep) throws NetException {
        byte[] buf = new byte[70_000];
        long deadline = System.nanoTime() + WAIT * 1_000_000L;
        while (true) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return null;
            }
            int n = s.receive(buf, 0, buf.length, info, left);
            if (n > 0) {
                byte[] p = Arrays.copyOf(buf, n);
                if (keep.test(p)) {
                    return p;
                }
            }
        }
    }

    static boolean isEchoReply(byte[] inner, int seq) {
        return inner.length >= 48 && inner[6] == IpProtocol.ICMPV6 && (inner[40] & 0xff) == 129
                && (((inner[46] & 0xff) << 8) | (inner[47] & 0xff)) == seq;
    }

    static Ipv6Address addressAt(byte[] b, int off) {
        return Ipv6Address.read(b, off);
    }

    // ---------------------------------------------------------------- away

    @Test
    @Order(1)
    void awayTheKernelSendsEverythingFromTheHomeAddressIntoTheTun() throws Exception {
        tunnel.away(COA, HA);
        CommandRunner mnCmd = new CommandRunner(mnName, 10_000);
        String rules = mnCmd.check("ip", "-6", "rule");
        assertTrue(rules.contains("from " + HOA + " lookup 6275"), rules);
        String table = mnCmd.check("ip", "-6", "route", "show", "table", "6275");
        assertTrue(table.contains("default dev r6mn0"), table);
        String addrs = mnCmd.check("ip", "-6", "addr", "show", "dev", "r6mn0");
        assertTrue(addrs.contains(HOA + "/128"), addrs);
    }

    @Test
    @Order(2)
    void anEchoRequestTunnelledByTheHomeAgentIsAnsweredThroughTheReverseTunnel() throws Exception {
        tunnelFromHomeAgent(echo(128, CN, HOA, 1, null), HA, COA);
        PacketInfo info = new PacketInfo();
        byte[] inner = receive(ha41, info, p -> isEchoReply(p, 1));
        assertNotNull(inner, "no reverse-tunnelled echo reply: the kernel did not take the packet written into the TUN?");
        assertEquals(COA, info.source(), "outer source: the care-of address");
        assertEquals(HA, info.destination(), "outer destination: the home agent");
        assertEquals(HOA, addressAt(inner, Ipv6Header.OFF_SOURCE));
        assertEquals(CN, addressAt(inner, Ipv6Header.OFF_DESTINATION));
        assertTrue(counted(tunnel::tunnelledIn, 1));
        assertTrue(counted(tunnel::tunnelledOut, 1));
    }

    @Test
    @Order(3)
    void aBindingAcknowledgementWithATypeTwoRoutingHeaderReachesTheMobilityHeaderSocketAsHomeAgentToHomeAddress()
            throws Exception {
        byte[] ba = new byte[BindingAcknowledgement.LENGTH_WITHOUT_OPTIONS];
        BindingAcknowledgement.writeWithoutOptions(ba, 0, BindingAckStatus.ACCEPTED, 0, 4242, 105);
        byte[] p = new Ipv6PacketBuilder().source(HA).destination(COA).hopLimit(64).routingHeaderType2(HOA)
                .payload(IpProtocol.MOBILITY, ba).build();
        haRaw.send(p, 0, p.length, COA);
        PacketInfo info = new PacketInfo();
        byte[] got = receive(mh, info, m -> m.length >= 16 && m[2] == MhType.BINDING_ACKNOWLEDGEMENT
                && new BindingAcknowledgement().wrap(m, 0).sequence() == 4242);
        assertNotNull(got, "the kernel did not deliver the rebuilt BA (checksum over HA -> HoA) to the MH socket");
        assertEquals(HA, info.source());
        assertEquals(HOA, info.destination());
        assertTrue(counted(tunnel::rh2In, 1));
    }

    @Test
    @Order(4)
    void anEchoRequestWithATypeTwoRoutingHeaderIsAnsweredFromTheHomeAddress() throws Exception {
        byte[] p = echo(128, HA, COA, 3, HOA);
        haRaw.send(p, 0, p.length, COA);
        PacketInfo info = new PacketInfo();
        byte[] inner = receive(ha41, info, q -> isEchoReply(q, 3));
        assertNotNull(inner, "no answer to the request rebuilt from the Type 2 routing header");
        assertEquals(HOA, addressAt(inner, Ipv6Header.OFF_SOURCE));
        assertEquals(HA, addressAt(inner, Ipv6Header.OFF_DESTINATION));
    }

    @Test
    @Order(5)
    void aCorrespondentWithABindingIsAnsweredDirectlyWithAHomeAddressOption() throws Exception {
        tunnel.enable(CN_RO, COA);
        long before = tunnel.routeOptimisedOut();
        tunnelFromHomeAgent(echo(128, CN_RO, HOA, 5, null), HA, COA);
        PacketInfo info = new PacketInfo();
        // protocol 60 gives the packet from the Destination Options header on
        byte[] got = receive(ha60, info, q -> q.length >= DestinationOptions.LENGTH_WITH_HOME_ADDRESS + 8
                && (q[DestinationOptions.LENGTH_WITH_HOME_ADDRESS] & 0xff) == 129);
        assertNotNull(got, "no route-optimised echo reply");
        assertEquals(COA, info.source(), "from the care-of address");
        assertEquals(CN_RO, info.destination());
        assertEquals(IpProtocol.ICMPV6, got[0]);
        assertEquals(HomeAddressOption.TYPE, got[HomeAddressOption.ALIGN_OFFSET] & 0xff);
        assertEquals(HOA, addressAt(got, HomeAddressOption.ALIGN_OFFSET + HomeAddressOption.OFF_HOME_ADDRESS));
        int icmp = DestinationOptions.LENGTH_WITH_HOME_ADDRESS;
        assertTrue(Checksum.verify(HOA, CN_RO, IpProtocol.ICMPV6, got, icmp, got.length - icmp),
                "the kernel's checksum over HoA -> CN holds (RFC 6275 6.1.1)");
        assertTrue(counted(tunnel::routeOptimisedOut, before + 1));
        assertEquals(before + 1, tunnel.routeOptimisedOut());
    }

    @Test
    @Order(6)
    void aTunnelledPacketFromAnotherSourceThanTheHomeAgentIsDropped() throws Exception {
        long before = tunnel.drops(MobileNodeTunnel.Drop.IN_NOT_HOME_AGENT);
        tunnelFromHomeAgent(echo(128, CN, HOA, 6, null), HA_CORE, COA);
        long deadline = System.nanoTime() + WAIT * 1_000_000L;
        while (tunnel.drops(MobileNodeTunnel.Drop.IN_NOT_HOME_AGENT) == before && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(before + 1, tunnel.drops(MobileNodeTunnel.Drop.IN_NOT_HOME_AGENT));
    }

    @Test
    @Order(7)
    void afterAHandoverTheTunnelRunsFromTheNewCareOfAddress() throws Exception {
        tunnel.away(COA2, HA);
        tunnelFromHomeAgent(echo(128, CN, HOA, 7, null), HA, COA2);
        PacketInfo info = new PacketInfo();
        byte[] inner = receive(ha41, info, p -> isEchoReply(p, 7));
        assertNotNull(inner, "no reply after the handover");
        assertEquals(COA2, info.source(), "the socket was bound again to the new care-of address");
        // the correspondent's binding still holds the old care-of address: through the home agent
        tunnelFromHomeAgent(echo(128, CN_RO, HOA, 8, null), HA, COA2);
        inner = receive(ha41, info, p -> isEchoReply(p, 8));
        assertNotNull(inner, "a stale route-optimised binding must fall back to the tunnel");
        assertEquals(COA2, info.source());
    }

    @Test
    @Order(8)
    void atHomeTheRuleGoesAndTheHomeAddressIsOnTheAccessInterface() throws Exception {
        tunnel.atHome();
        CommandRunner mnCmd = new CommandRunner(mnName, 10_000);
        String rules = mnCmd.check("ip", "-6", "rule");
        assertFalse(rules.contains("lookup 6275"), rules);
        String addrs = mnCmd.check("ip", "-6", "addr", "show", "dev", "core1");
        assertTrue(addrs.contains(HOA + "/64"), addrs);
    }

    @Test
    @Order(9)
    void closeRemovesTheTunAndTheJournalTheAddress() throws Exception {
        tunnel.close();
        assertTrue(tunnel.stopped());
        CommandRunner mnCmd = new CommandRunner(mnName, 10_000);
        assertFalse(mnCmd.run(List.of("ip", "link", "show", "r6mn0"), null).ok(), "the TUN is gone");
        control.close();
        String addrs = mnCmd.check("ip", "-6", "addr", "show", "dev", "core1");
        assertFalse(addrs.contains(HOA.toString()), addrs);
    }

    /**
     * Whether {@code counter} reaches {@code atLeast} within {@link #WAIT}: the data-plane threads
     * count after the send or write returned, so the answer can arrive before the count.
     */
    private static boolean counted(java.util.function.LongSupplier counter, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT * 1_000_000L;
        while (counter.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return counter.getAsLong() >= atLeast;
    }
}
