package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.wire.Bytes;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;

/**
 * Raw IPv6 sockets between two namespaces on this kernel (no Mobile IPv6 support): what each
 * socket kind delivers, from which header on, and which ICMPv6 errors the kernel sends back.
 */
@Timeout(60)
class RawSocketNamespaceTest {
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:99::7");
    static NamespacePair net;

    @BeforeAll
    static void setUp() throws NetException {
        net = NamespacePair.create();
    }

    @AfterAll
    static void tearDown() {
        if (net != null) {
            net.close();
        }
    }

    private static PacketSocket openIn(NetworkNamespace ns, PacketSocketConfig cfg) throws NetException {
        return ns.call(() -> RawIpv6Socket.open(cfg));
    }

    /** An ICMPv6 socket in A that sees only Parameter Problems (type 4) coming back. */
    private static PacketSocket parameterProblemWatcher() throws NetException {
        return openIn(net.inA, PacketSocketConfig.icmpv6(4));
    }

    @Test
    void mobilityHeaderCrossesWithTheChecksumFilledByTheKernel() throws Exception {
        try (PacketSocket tx = openIn(net.inA, PacketSocketConfig.mobilityHeader());
             PacketSocket rx = openIn(net.inB, PacketSocketConfig.mobilityHeader())) {
            byte[] bu = TestPackets.bindingUpdate(4711);
            tx.send(bu, 0, bu.length, NamespacePair.B);
            byte[] buf = new byte[2048];
            PacketInfo info = new PacketInfo();
            int n = rx.receive(buf, 0, buf.length, info, 3000);
            assertEquals(bu.length, n, "the MH socket returns the Mobility Header alone");
            assertEquals(NamespacePair.A, info.source());
            assertEquals(NamespacePair.B, info.destination());
            assertEquals(64, info.hopLimit());
            assertNotEquals(0, Bytes.u16(buf, 4), "kernel filled the checksum");
            assertEquals(0, TestPackets.independentChecksum(NamespacePair.A, NamespacePair.B, 135, buf, 0, n),
                    "checksum over the pseudo-header verifies");
            byte[] expected = bu.clone();
            expected[4] = buf[4];
            expected[5] = buf[5];
            assertArrayEquals(expected, Arrays.copyOf(buf, n));
        }
    }

    @Test
    void aMobilityHeaderWithAWrongChecksumIsDiscardedByTheReceivingKernel() throws Exception {
        try (PacketSocket tx = openIn(net.inA, PacketSocketConfig.mobilityHeader());
             PacketSocket rx = openIn(net.inB, PacketSocketConfig.mobilityHeader())) {
            byte[] bu = TestPackets.bindingUpdate(1);
            Bytes.put16(bu, 4, 0x1234);
            tx.send(bu, 0, bu.length, NamespacePair.B, SendOptions.NONE.withKernelChecksum(false));
            byte[] good = TestPackets.bindingUpdate(2);
            tx.send(good, 0, good.length, NamespacePair.B);
            byte[] buf = new byte[2048];
            int n = rx.receive(buf, 0, buf.length, new PacketInfo(), 3000);
            assertEquals(16, n);
            assertEquals(2, Bytes.u16(buf, 6), "only the BU with the right checksum arrives");
            assertEquals(PacketSocket.TIMEOUT, rx.receive(buf, 0, buf.length, null, 200));
        }
    }

    @Test
    void aBindingUpdateWithAHomeAddressOptionArrivesOnProtocol60FromTheDestinationOptionsOn() throws Exception {
        try (PacketSocket tx = openIn(net.inA, PacketSocketConfig.mobilityHeader());
             PacketSocket mh = openIn(net.inB, PacketSocketConfig.mobilityHeader());
             PacketSocket dst = openIn(net.inB, PacketSocketConfig.of(IpProtocol.DESTINATION_OPTIONS)
                     .withExtensionHeaders(true, true));
             PacketSocket errors = parameterProblemWatcher()) {
            byte[] bu = TestPackets.bindingUpdate(7);
            // RFC 6275 6.1.1: with a Home Address option the pseudo-header source is the HoA
            Bytes.put16(bu, 4, org.roam6.wire.Checksum.compute(HOA, NamespacePair.B, 135, bu, 0, bu.length, 4));
            byte[] hao = TestPackets.homeAddressOption(HOA, 0);
            tx.send(bu, 0, bu.length, NamespacePair.B,
                    SendOptions.NONE.withDestinationOptions(hao).withKernelChecksum(false));

            byte[] buf = new byte[2048];
            PacketInfo info = new PacketInfo();
            int n = dst.receive(buf, 0, buf.length, info, 3000);
            assertEquals(hao.length + bu.length, n, "protocol 60 returns the Destination Options header and what follows");
            assertEquals(IpProtocol.MOBILITY, buf[0] & 0xff, "its Next Header names the Mobility Header");
            assertEquals(0xc9, buf[6] & 0xff);
            assertEquals(HOA, Ipv6Address.read(buf, 8));
            assertArrayEquals(bu, Arrays.copyOfRange(buf, 24, n));
            assertEquals(0, TestPackets.independentChecksum(HOA, NamespacePair.B, 135, buf, 24, bu.length));
            assertEquals(0, info.destinationOptionsLength(),
                    "measured: the copy comes before the kernel parses the header, so no IPV6_DSTOPTS message");
            assertEquals(NamespacePair.A, info.source(), "the source is the care-of address");
            assertEquals(NamespacePair.B, info.destination());
            assertEquals(PacketSocket.TIMEOUT, mh.receive(buf, 0, buf.length, null, 300),
                    "the kernel drops it before the MH socket");
            n = errors.receive(buf, 0, buf.length, info, 2000);
            assertTrue(n >= 8, "without an nftables rule the kernel answers with a Parameter Problem");
            assertEquals(4, buf[0] & 0xff);
            assertEquals(2, buf[1] & 0xff, "code 2: unrecognized IPv6 option");
            assertEquals(Ipv6Header.LENGTH + 6, Bytes.getInt(buf, 4), "pointer at the option type");
        }
    }

    @Test
    void aType2RoutingHeaderPacketArrivesOnProtocol43FromTheRoutingHeaderOn() throws Exception {
        try (PacketSocket raw = openIn(net.inA, PacketSocketConfig.headerIncluded());
             PacketSocket mh = openIn(net.inB, PacketSocketConfig.mobilityHeader());
             PacketSocket rt = openIn(net.inB, PacketSocketConfig.of(IpProtocol.ROUTING).withExtensionHeaders(true, true));
             PacketSocket errors = parameterProblemWatcher()) {
            byte[] ba = TestPackets.bindingUpdate(9);
            ba[2] = 6; // a BA-typed message; only the bytes matter here
            // RFC 6275 6.1.1: with a Type 2 routing header the pseudo-header destination is the HoA
            Bytes.put16(ba, 4, org.roam6.wire.Checksum.compute(NamespacePair.A, HOA, 135, ba, 0, ba.length, 4));
            byte[] rh2 = TestPackets.type2RoutingHeader(HOA, IpProtocol.MOBILITY);
            byte[] pkt = TestPackets.packet(NamespacePair.A, NamespacePair.B, IpProtocol.ROUTING, rh2, ba);
            raw.send(pkt, 0, pkt.length, NamespacePair.B);

            byte[] buf = new byte[2048];
            PacketInfo info = new PacketInfo();
            int n = rt.receive(buf, 0, buf.length, info, 3000);
            assertEquals(0, info.routingHeaderLength(),
                    "measured: the copy comes before the kernel parses the header, so no IPV6_RTHDR message");
            assertEquals(rh2.length + ba.length, n, "protocol 43 returns the Routing header and what follows");
            assertArrayEquals(Arrays.copyOfRange(pkt, Ipv6Header.LENGTH, pkt.length), Arrays.copyOf(buf, n));
            assertEquals(0, TestPackets.independentChecksum(NamespacePair.A, HOA, 135, buf, 24, ba.length));
            assertEquals(NamespacePair.A, info.source());
            assertEquals(NamespacePair.B, info.destination());
            assertEquals(PacketSocket.TIMEOUT, mh.receive(buf, 0, buf.length, null, 300));
            n = errors.receive(buf, 0, buf.length, info, 2000);
            assertTrue(n >= 8, "without an nftables rule the kernel answers with a Parameter Problem");
            assertEquals(4, buf[0] & 0xff);
            assertEquals(0, buf[1] & 0xff, "code 0: erroneous header field");
            assertEquals(Ipv6Header.LENGTH + 2, Bytes.getInt(buf, 4), "pointer at the routing type");
        }
    }

    @Test
    void theNftablesRuleKeepsTheKernelsParameterProblemsFromLeavingTheReceiver() throws Exception {
        try (CommandNetworkControl control = new CommandNetworkControl("rawtest", net.b);
             PacketSocket tx = openIn(net.inA, PacketSocketConfig.mobilityHeader());
             PacketSocket raw = openIn(net.inA, PacketSocketConfig.headerIncluded());
             PacketSocket dst = openIn(net.inB, PacketSocketConfig.of(IpProtocol.DESTINATION_OPTIONS));
             PacketSocket rt = openIn(net.inB, PacketSocketConfig.of(IpProtocol.ROUTING));
             PacketCapture leaving = net.inB.call(() -> PcapPacketCapture.open("vb", "icmp6 and ip6[40] == 4", false));
             PacketSocket errors = parameterProblemWatcher()) {
            control.dropKernelParameterProblems();
            byte[] bu = TestPackets.bindingUpdate(11);
            tx.send(bu, 0, bu.length, NamespacePair.B, SendOptions.NONE
                    .withDestinationOptions(TestPackets.homeAddressOption(HOA, 0)).withKernelChecksum(false));
            byte[] pkt = TestPackets.packet(NamespacePair.A, NamespacePair.B, IpProtocol.ROUTING,
                    TestPackets.type2RoutingHeader(HOA, IpProtocol.MOBILITY), TestPackets.bindingUpdate(12));
            raw.send(pkt, 0, pkt.length, NamespacePair.B);

            byte[] buf = new byte[2048];
            assertEquals(24 + 16, dst.receive(buf, 0, buf.length, null, 3000), "the HAO packet still reaches protocol 60");
            assertEquals(24 + 16, rt.receive(buf, 0, buf.length, null, 3000), "the RH2 packet still reaches protocol 43");
            assertEquals(PacketCapture.TIMEOUT, leaving.receive(buf, 0, buf.length, null, 500),
                    "no Parameter Problem leaves B's interface");
            assertEquals(PacketSocket.TIMEOUT, errors.receive(buf, 0, buf.length, null, 200),
                    "and none reaches A");
            assertEquals(2, control.parameterProblemsDropped(), "the rule dropped the two the kernel made");

            // roam6's own Parameter Problems carry the mark and pass
            try (PacketSocket own = openIn(net.inB, PacketSocketConfig.of(IpProtocol.ICMPV6)
                    .withMark(NetworkControl.OWN_PACKET_MARK))) {
                byte[] pp = new byte[8 + 48];
                pp[0] = 4;
                pp[1] = 1;
                System.arraycopy(pkt, 0, pp, 8, 48);
                own.send(pp, 0, pp.length, NamespacePair.A);
                int n = errors.receive(buf, 0, buf.length, null, 2000);
                assertEquals(pp.length, n, "a marked Parameter Problem is not dropped");
                assertEquals(1, buf[1] & 0xff);
            }
        }
    }

    @Test
    void ipv6InIpv6ArrivesWholeOnProtocol41AndTheKernelSendsNoError() throws Exception {
        try (PacketSocket tx = openIn(net.inA, PacketSocketConfig.of(IpProtocol.IPV6));
             PacketSocket rx = openIn(net.inB, PacketSocketConfig.of(IpProtocol.IPV6));
             PacketSocket errors = openIn(net.inA, PacketSocketConfig.icmpv6(1, 4))) {
            Ipv6Address cn = Ipv6Address.parse("2001:db8:77::1");
            byte[] inner = TestPackets.packet(HOA, cn, IpProtocol.ICMPV6, TestPackets.echo(128, HOA, cn, 1, 1));
            tx.send(inner, 0, inner.length, NamespacePair.B);
            byte[] buf = new byte[2048];
            PacketInfo info = new PacketInfo();
            int n = rx.receive(buf, 0, buf.length, info, 3000);
            assertEquals(inner.length, n, "protocol 41 returns the inner packet");
            assertArrayEquals(inner, Arrays.copyOf(buf, n));
            assertEquals(NamespacePair.A, info.source(), "outer source");
            assertEquals(NamespacePair.B, info.destination(), "outer destination");
            assertEquals(PacketSocket.TIMEOUT, errors.receive(buf, 0, buf.length, null, 300), "no ICMPv6 error back");
        }
    }

    @Test
    void anIcmpFilterPassesOnlyTheChosenTypes() throws Exception {
        try (PacketSocket tx = openIn(net.inA, PacketSocketConfig.of(IpProtocol.ICMPV6));
             PacketSocket rx = openIn(net.inB, PacketSocketConfig.icmpv6(129))) {
            byte[] req = TestPackets.echo(128, NamespacePair.A, NamespacePair.B, 5, 1);
            byte[] rep = TestPackets.echo(129, NamespacePair.A, NamespacePair.B, 5, 2);
            tx.send(req, 0, req.length, NamespacePair.B);
            tx.send(rep, 0, rep.length, NamespacePair.B);
            byte[] buf = new byte[2048];
            assertEquals(16, rx.receive(buf, 0, buf.length, null, 3000));
            assertEquals(129, buf[0] & 0xff, "the echo request (128) was filtered out");
            assertEquals(PacketSocket.TIMEOUT, rx.receive(buf, 0, buf.length, null, 200));
        }
    }

    @Test
    void closingASocketReleasesAThreadWaitingInReceive() throws Exception {
        PacketSocket rx = openIn(net.inB, PacketSocketConfig.mobilityHeader());
        int[] result = {0};
        Thread t = new Thread(() -> {
            try {
                result[0] = rx.receive(new byte[64], 0, 64, null, 20_000);
            } catch (NetException e) {
                result[0] = 99;
            }
        });
        t.start();
        NamespacePair.sleep(200);
        long start = System.nanoTime();
        rx.close();
        t.join(5000);
        assertEquals(PacketSocket.CLOSED, result[0]);
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }

    @Test
    void bindingToAMissingDeviceNamesTheDevice() throws Exception {
        NetException e = org.junit.jupiter.api.Assertions.assertThrows(NetException.class,
                () -> openIn(net.inB, PacketSocketConfig.mobilityHeader().withDevice("nosuch0")));
        assertEquals(Errno.ENODEV, e.errno());
        assertTrue(e.whatToFix().contains("nosuch0"), e.getMessage());
    }

    @Test
    void aBoundSocketSeesOnlyItsDevice() throws Exception {
        // a second veth pair inside B stands for another interface (this kernel has no dummy driver)
        net.runIn(net.b).check("ip", "link", "add", "other7", "type", "veth", "peer", "name", "other7p");
        try (PacketSocket tx = openIn(net.inA, PacketSocketConfig.mobilityHeader());
             PacketSocket onOther = openIn(net.inB, PacketSocketConfig.mobilityHeader().withDevice("other7"));
             PacketSocket onVeth = openIn(net.inB, PacketSocketConfig.mobilityHeader().withDevice("vb"))) {
            byte[] bu = TestPackets.bindingUpdate(3);
            tx.send(bu, 0, bu.length, NamespacePair.B);
            byte[] buf = new byte[64];
            assertEquals(16, onVeth.receive(buf, 0, buf.length, null, 3000));
            assertEquals(PacketSocket.TIMEOUT, onOther.receive(buf, 0, buf.length, null, 200));
        } finally {
            net.runIn(net.b).check("ip", "link", "del", "other7");
        }
    }

    @Test
    void packetInfoChoosesTheSourceAddressAndAForeignSourceIsRefusedByName() throws Exception {
        Ipv6Address second = Ipv6Address.parse("2001:db8:1::11");
        net.runIn(net.a).check("ip", "-6", "addr", "add", second + "/64", "dev", "va", "nodad");
        try (PacketSocket tx = openIn(net.inA, PacketSocketConfig.mobilityHeader());
             PacketSocket rx = openIn(net.inB, PacketSocketConfig.mobilityHeader())) {
            byte[] bu = TestPackets.bindingUpdate(5);
            tx.send(bu, 0, bu.length, NamespacePair.B, SendOptions.NONE.withSource(second));
            byte[] buf = new byte[64];
            PacketInfo info = new PacketInfo();
            assertEquals(16, rx.receive(buf, 0, buf.length, info, 3000));
            assertEquals(second, info.source());
            assertEquals(0, TestPackets.independentChecksum(second, NamespacePair.B, 135, buf, 0, 16),
                    "the kernel's checksum used the chosen source");

            Ipv6Address foreign = Ipv6Address.parse("2001:db8:66::1");
            NetException e = org.junit.jupiter.api.Assertions.assertThrows(NetException.class,
                    () -> tx.send(bu, 0, bu.length, NamespacePair.B, SendOptions.NONE.withSource(foreign)));
            assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("sendmsg"), e.getMessage());
            assertTrue(e.whatToFix().contains("source address"), e.getMessage());
        } finally {
            net.runIn(net.a).check("ip", "-6", "addr", "del", second + "/64", "dev", "va");
        }
    }

    @Test
    void aBoundSocketSendsTheZeroCopyWayFromItsBoundAddressWithItsUnicastHopLimit() throws Exception {
        Ipv6Address second = Ipv6Address.parse("2001:db8:1::5");
        CommandRunner inA = net.runIn(net.a);
        inA.check("ip", "-6", "addr", "add", second + "/64", "dev", "va", "nodad");
        try (PacketSocket tx = openIn(net.inA, PacketSocketConfig.of(IpProtocol.IPV6));
             PacketSocket rx = openIn(net.inB, PacketSocketConfig.of(IpProtocol.IPV6))) {
            NetException foreign = org.junit.jupiter.api.Assertions.assertThrows(NetException.class,
                    () -> tx.bind(Ipv6Address.parse("2001:db8:1::77")));
            assertEquals(Errno.EADDRNOTAVAIL, foreign.errno(), "only an address of this host");
            tx.bind(second);
            tx.unicastHopLimit(23);
            byte[] inner = TestPackets.packet(NamespacePair.B, HOA, 17, new byte[0], new byte[12]);
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(256);
            out.put(inner).flip();
            assertEquals(inner.length, tx.send(out, Destination.of(NamespacePair.B)));
            byte[] buf = new byte[2048];
            PacketInfo info = new PacketInfo();
            int n = rx.receive(buf, 0, buf.length, info, 3000);
            assertEquals(inner.length, n, "protocol 41 returns the inner packet");
            assertArrayEquals(inner, Arrays.copyOf(buf, n));
            assertEquals(second, info.source(), "the kernel wrote the bound source, not the interface's first address");
            assertEquals(23, info.hopLimit(), "and IPV6_UNICAST_HOPS");
            tx.send(inner, 0, inner.length, NamespacePair.B, SendOptions.NONE.withSource(NamespacePair.A).withHopLimit(9));
            n = rx.receive(buf, 0, buf.length, info, 3000);
            assertEquals(inner.length, n);
            assertEquals(NamespacePair.A, info.source(), "a per-packet source still wins");
            assertEquals(9, info.hopLimit());
        } finally {
            inA.check("ip", "-6", "addr", "del", second + "/64", "dev", "va");
        }
    }

    @Test
    void withMulticastLoopOffTheSendingHostDoesNotHearItsOwnMulticast() throws Exception {
        int index = Integer.parseInt(net.runIn(net.a).check("cat", "/sys/class/net/va/ifindex").strip());
        Ipv6Address allNodes = Ipv6Address.parse("ff02::1");
        // an Echo Request to all-nodes; the sockets that listen see only type 128
        byte[] echo = {(byte) 128, 0, 0, 0, 0x12, 0x34, 0, 1};
        try (RawIpv6Socket tx = (RawIpv6Socket) openIn(net.inA, PacketSocketConfig.icmpv6());
             PacketSocket here = openIn(net.inA, PacketSocketConfig.icmpv6(128));
             PacketSocket there = openIn(net.inB, PacketSocketConfig.icmpv6(128))) {
            byte[] buf = new byte[64];
            SendOptions out = SendOptions.NONE.withInterface(index);
            tx.send(echo, 0, echo.length, allNodes, out);
            assertEquals(8, here.receive(buf, 0, buf.length, new PacketInfo(), 3000), "looped back by default");
            assertEquals(8, there.receive(buf, 0, buf.length, new PacketInfo(), 3000));

            tx.multicastLoop(false);
            tx.send(echo, 0, echo.length, allNodes, out);
            assertEquals(8, there.receive(buf, 0, buf.length, new PacketInfo(), 3000), "the link still hears it");
            assertEquals(PacketSocket.TIMEOUT, here.receive(buf, 0, buf.length, new PacketInfo(), 500),
                    "the sending host does not");
        }
    }
}
