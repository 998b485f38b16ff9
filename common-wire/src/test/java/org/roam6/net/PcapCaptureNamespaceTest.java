package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.wire.Bytes;
import org.roam6.wire.Checksum;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;

/** pcap4j capture with a BPF filter on B's veth, and injection back to A. */
@Timeout(60)
class PcapCaptureNamespaceTest {
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

    @Test
    void protochainFilterCapturesMobilityHeadersBehindExtensionHeadersAndNothingElse() throws Exception {
        try (PcapPacketCapture cap = net.inB.call(() -> PcapPacketCapture.open("vb", "ip6 protochain 135", true));
             PacketSocket icmpA = net.inA.call(() -> RawIpv6Socket.open(PacketSocketConfig.of(IpProtocol.ICMPV6)));
             PacketSocket mhA = net.inA.call(() -> RawIpv6Socket.open(PacketSocketConfig.mobilityHeader()))) {
            byte[] echo = TestPackets.echo(128, NamespacePair.A, NamespacePair.B, 1, 1);
            icmpA.send(echo, 0, echo.length, NamespacePair.B);
            byte[] bu = TestPackets.bindingUpdate(21);
            mhA.send(bu, 0, bu.length, NamespacePair.B);
            mhA.send(bu, 0, bu.length, NamespacePair.B, SendOptions.NONE
                    .withDestinationOptions(TestPackets.homeAddressOption(HOA, 0)).withKernelChecksum(false));

            byte[] buf = new byte[4096];
            CaptureInfo info = new CaptureInfo();
            int n = cap.receive(buf, 0, buf.length, info, 3000);
            assertEquals(Ipv6Header.LENGTH + 16, n, "the Ethernet header is stripped; the echo was filtered out");
            Ipv6Header h = new Ipv6Header().wrap(buf, 0, n);
            assertEquals(IpProtocol.MOBILITY, h.nextHeader());
            assertEquals(NamespacePair.A, h.source());
            MacAddress macA = net.inA.call(() -> PcapPacketCapture.hardwareAddress("va"));
            assertEquals(macA, info.source());
            assertEquals(cap.ownAddress(), info.destination());
            assertEquals(Ipv6Header.LENGTH + 16 + 14, info.wireLength());
            assertTrue(info.timestampMicros() > 1_600_000_000_000_000L);

            n = cap.receive(buf, 0, buf.length, info, 3000);
            assertEquals(Ipv6Header.LENGTH + 24 + 16, n, "the BU behind a Home Address option matches protochain too");
            assertEquals(IpProtocol.DESTINATION_OPTIONS, new Ipv6Header().wrap(buf, 0, n).nextHeader());
            assertEquals(macA, cap.learned(NamespacePair.A), "the capture learned A's MAC");
            assertEquals(PacketCapture.TIMEOUT, cap.receive(buf, 0, buf.length, info, 200));
        }
    }

    @Test
    void injectedPacketsReachTheOtherSideWithLearnedAddresses() throws Exception {
        try (PcapPacketCapture cap = net.inB.call(() -> PcapPacketCapture.open("vb", "ip6 protochain 135", true));
             PacketSocket mhA = net.inA.call(() -> RawIpv6Socket.open(PacketSocketConfig.mobilityHeader()))) {
            Ipv6Address unknown = Ipv6Address.parse("2001:db8:1::55");
            byte[] toUnknown = TestPackets.packet(NamespacePair.B, unknown, IpProtocol.MOBILITY, TestPackets.bindingUpdate(1));
            NetException e = assertThrows(NetException.class, () -> cap.inject(toUnknown, 0, toUnknown.length));
            assertTrue(e.whatToFix().contains(unknown.toString()), e.getMessage());

            byte[] bu = TestPackets.bindingUpdate(30);
            mhA.send(bu, 0, bu.length, NamespacePair.B);
            byte[] buf = new byte[4096];
            assertEquals(Ipv6Header.LENGTH + 16, cap.receive(buf, 0, buf.length, null, 3000));
            assertNotNull(cap.learned(NamespacePair.A));

            byte[] ba = TestPackets.bindingUpdate(31);
            ba[2] = 6;
            Bytes.put16(ba, 4, Checksum.compute(NamespacePair.B, NamespacePair.A, 135, ba, 0, ba.length, 4));
            byte[] pkt = TestPackets.packet(NamespacePair.B, NamespacePair.A, IpProtocol.MOBILITY, ba);
            cap.inject(pkt, 0, pkt.length);
            PacketInfo info = new PacketInfo();
            int n = mhA.receive(buf, 0, buf.length, info, 3000);
            assertEquals(16, n, "A's kernel accepted the injected frame and its checksum");
            assertEquals(6, buf[2]);
            assertEquals(NamespacePair.B, info.source());
        }
    }

    @Test
    void aBadFilterIsReportedWithTheExpression() throws Exception {
        NetException e = assertThrows(NetException.class,
                () -> net.inB.call(() -> PcapPacketCapture.open("vb", "ip6 protochain banana", true)));
        assertTrue(e.getMessage().contains("banana"), e.getMessage());
        assertTrue(e.whatToFix().contains("BPF"), e.getMessage());
    }
}
