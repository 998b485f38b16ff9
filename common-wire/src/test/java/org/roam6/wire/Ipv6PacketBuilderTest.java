package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.wire.PacketFixtures.COA_ADDR;
import static org.roam6.wire.PacketFixtures.HA_ADDR;
import static org.roam6.wire.PacketFixtures.HOA_ADDR;

import org.junit.jupiter.api.Test;

class Ipv6PacketBuilderTest {

    @Test
    void buildsABindingUpdateWithAHomeAddressOptionByteForByte() {
        byte[] built = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR).hopLimit(64)
                .homeAddressOption(HOA_ADDR).payload(IpProtocol.MOBILITY, Bytes.fromHex(PacketFixtures.BU)).build();
        byte[] expected = PacketFixtures.buWithHomeAddressOption();
        int checksum = PacketFixtures.independentChecksum(HOA_ADDR.toBytes(), HA_ADDR.toBytes(),
                IpProtocol.MOBILITY, expected, 64, 16);
        Bytes.put16(expected, 64 + 4, checksum);
        assertArrayEquals(expected, built);
    }

    @Test
    void mobilityHeaderChecksumCoversTheHomeAddressNotTheCareOfAddress() {
        byte[] b = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR)
                .homeAddressOption(HOA_ADDR).payload(IpProtocol.MOBILITY, Bytes.fromHex(PacketFixtures.BU)).build();
        assertTrue(Checksum.verify(HOA_ADDR, HA_ADDR, IpProtocol.MOBILITY, b, 64, 16));
        assertFalse(Checksum.verify(COA_ADDR, HA_ADDR, IpProtocol.MOBILITY, b, 64, 16));
    }

    @Test
    void buildsABindingAcknowledgementWithARoutingHeaderChecksummedToTheHomeAddress() {
        byte[] built = new Ipv6PacketBuilder().source(HA_ADDR).destination(COA_ADDR)
                .routingHeaderType2(HOA_ADDR).payload(IpProtocol.MOBILITY, Bytes.fromHex(PacketFixtures.BA)).build();
        byte[] expected = PacketFixtures.baWithRoutingHeader();
        Bytes.put16(expected, 64 + 4, PacketFixtures.independentChecksum(HA_ADDR.toBytes(), HOA_ADDR.toBytes(),
                IpProtocol.MOBILITY, expected, 64, 16));
        assertArrayEquals(expected, built);
    }

    @Test
    void putsTheRoutingHeaderBeforeTheHomeAddressDestinationOptions() {
        Ipv6Address peerHoa = Ipv6Address.parse("2001:db8:9::9");
        byte[] b = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR)
                .homeAddressOption(HOA_ADDR).routingHeaderType2(peerHoa)
                .payload(IpProtocol.ICMPV6, Bytes.fromHex("80 00 0000 0001 0002 61626364")).build();
        assertEquals(IpProtocol.ROUTING, b[6]);
        assertEquals(IpProtocol.DESTINATION_OPTIONS, b[40]);
        assertEquals(IpProtocol.ICMPV6, b[64]);
        Ipv6Packet w = new Ipv6Packet();
        assertNull(w.parse(b, 0, b.length));
        assertEquals(88, w.upperLayerOffset());
        assertEquals(HOA_ADDR, w.pseudoSource());
        assertEquals(peerHoa, w.pseudoDestination());
        assertTrue(w.upperLayerChecksumValid());
        assertEquals(PacketFixtures.independentChecksum(HOA_ADDR.toBytes(), peerHoa.toBytes(), IpProtocol.ICMPV6,
                withZeroChecksum(b, 88, 2), 88, 12), Bytes.u16(b, 88 + 2));
    }

    @Test
    void fillsTcpChecksumAtSixteen() {
        byte[] tcp = new byte[20];
        Bytes.put16(tcp, 0, 1234);
        Bytes.put16(tcp, 2, 80);
        tcp[12] = 0x50;
        byte[] b = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR).payload(IpProtocol.TCP, tcp).build();
        assertEquals(PacketFixtures.independentChecksum(COA_ADDR.toBytes(), HA_ADDR.toBytes(), IpProtocol.TCP, tcp, 0, 20),
                Bytes.u16(b, 40 + 16));
    }

    @Test
    void udpChecksumThatComputesToZeroIsSentAsAllOnes() {
        byte[] udp = Bytes.fromHex("1234 5678 000c 0000 0000 0000");
        // make the data word equal to the checksum of the rest, so the full sum is 0xffff
        int c = PacketFixtures.independentChecksum(COA_ADDR.toBytes(), HA_ADDR.toBytes(), IpProtocol.UDP, udp, 0, 12);
        Bytes.put16(udp, 8, c);
        byte[] b = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR).payload(IpProtocol.UDP, udp).build();
        assertEquals(0xffff, Bytes.u16(b, 40 + 6), "RFC 8200 8.1");
        Ipv6Packet w = new Ipv6Packet();
        assertNull(w.parse(b, 0, b.length));
        assertTrue(w.upperLayerChecksumValid());
    }

    @Test
    void leavesUnknownProtocolsUntouched() {
        byte[] esp = Bytes.fromHex("00000001 00000002 aabbccdd");
        byte[] b = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR).payload(IpProtocol.ESP, esp).build();
        assertArrayEquals(esp, java.util.Arrays.copyOfRange(b, 40, b.length));
    }

    @Test
    void writesIntoACallerBufferAtAnOffset() {
        Ipv6PacketBuilder pb = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR)
                .homeAddressOption(HOA_ADDR).payload(IpProtocol.MOBILITY, Bytes.fromHex(PacketFixtures.BU));
        byte[] out = new byte[200];
        assertEquals(80, pb.build(out, 7));
        assertArrayEquals(pb.build(), java.util.Arrays.copyOfRange(out, 7, 87));
    }

    @Test
    void setsTrafficClassAndFlowLabel() {
        byte[] b = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR).trafficClass(0xb8).flowLabel(0x12345).build();
        assertArrayEquals(Bytes.fromHex("6b812345 0000 3b40"), java.util.Arrays.copyOf(b, 8));
    }

    @Test
    void refusesABufferTooSmallAndAPayloadTooShortForItsChecksum() {
        Ipv6PacketBuilder pb = new Ipv6PacketBuilder().source(COA_ADDR).destination(HA_ADDR);
        assertThrows(IllegalArgumentException.class, () -> pb.build(new byte[39], 0));
        pb.payload(IpProtocol.MOBILITY, new byte[5]);
        assertThrows(IllegalArgumentException.class, pb::build);
        pb.fillChecksum(false);
        assertEquals(45, pb.build().length);
    }

    @Test
    void encapsulatesIpv6InIpv6() {
        byte[] inner = PacketFixtures.buWithHomeAddressOption();
        byte[] out = Ipv6PacketBuilder.encapsulate(HA_ADDR, COA_ADDR, 63, inner);
        assertArrayEquals(Bytes.fromHex("6000 0000 0050 293f" + PacketFixtures.HA + PacketFixtures.COA),
                java.util.Arrays.copyOf(out, 40));
        assertArrayEquals(inner, java.util.Arrays.copyOfRange(out, 40, out.length));
    }

    @Test
    void encapsulatesInPlaceWithHeadroom() {
        byte[] inner = PacketFixtures.buWithHomeAddressOption();
        byte[] buf = new byte[40 + inner.length];
        System.arraycopy(inner, 0, buf, 40, inner.length);
        Ipv6PacketBuilder.encapsulate(HA_ADDR, COA_ADDR, 64, buf, 40, inner.length, buf, 0);
        assertArrayEquals(inner, java.util.Arrays.copyOfRange(buf, 40, buf.length));
        assertEquals(IpProtocol.IPV6, buf[6]);
    }

    private static byte[] withZeroChecksum(byte[] b, int off, int field) {
        byte[] c = b.clone();
        Bytes.put16(c, off + field, 0);
        return c;
    }
}
