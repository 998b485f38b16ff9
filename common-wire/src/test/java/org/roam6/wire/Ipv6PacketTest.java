package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.wire.PacketFixtures.COA;
import static org.roam6.wire.PacketFixtures.COA_ADDR;
import static org.roam6.wire.PacketFixtures.HA;
import static org.roam6.wire.PacketFixtures.HA_ADDR;
import static org.roam6.wire.PacketFixtures.HOA;
import static org.roam6.wire.PacketFixtures.HOA_ADDR;

import org.junit.jupiter.api.Test;

class Ipv6PacketTest {
    final Ipv6Packet walker = new Ipv6Packet();

    @Test
    void findsTheMobilityHeaderAfterAHomeAddressOption() {
        byte[] b = PacketFixtures.buWithHomeAddressOption();
        assertNull(walker.parse(b, 0, b.length));
        assertEquals(IpProtocol.MOBILITY, walker.upperLayerProtocol());
        assertEquals(64, walker.upperLayerOffset());
        assertEquals(16, walker.upperLayerLength());
        assertEquals(HOA_ADDR, walker.homeAddress());
        assertEquals(46, walker.homeAddressOptionOffset());
        assertFalse(walker.hasRoutingHeaderType2());
        assertEquals(1, walker.extensionHeaderCount());
    }

    @Test
    void pseudoSourceIsTheHomeAddressWhenAHomeAddressOptionIsPresent() {
        byte[] b = PacketFixtures.buWithHomeAddressOption();
        assertNull(walker.parse(b, 0, b.length));
        assertEquals(COA_ADDR, walker.source());
        assertEquals(HOA_ADDR, walker.pseudoSource(), "RFC 6275 6.1.1");
        assertEquals(HA_ADDR, walker.pseudoDestination());
    }

    @Test
    void pseudoDestinationIsTheRoutingHeaderAddressWhileSegmentsLeftIsOne() {
        byte[] b = PacketFixtures.baWithRoutingHeader();
        assertNull(walker.parse(b, 0, b.length));
        assertEquals(HOA_ADDR, walker.routingAddress());
        assertEquals(1, walker.routingSegmentsLeft());
        assertEquals(COA_ADDR, walker.destination());
        assertEquals(HOA_ADDR, walker.pseudoDestination(), "RFC 8200 8.1: the final destination");
        assertEquals(HA_ADDR, walker.pseudoSource());
        assertNull(walker.homeAddress());
    }

    @Test
    void pseudoDestinationIsTheIpv6DestinationOnceTheRoutingHeaderIsProcessed() {
        byte[] b = PacketFixtures.baWithRoutingHeader();
        b[40 + 3] = 0; // segments left 0: the node has swapped the addresses
        assertNull(walker.parse(b, 0, b.length));
        assertEquals(COA_ADDR, walker.pseudoDestination());
    }

    @Test
    void walksHopByHopDestOptsRoutingFragmentAndAuthenticationHeaders() {
        byte[] b = Bytes.fromHex("6000 0000 0068 0040" + COA + HA
                + "3c 00 05 02 00 00 01 00"             // HbH, Router Alert -> DO
                + "2b 00 1e 04 aa bb cc dd"             // DO, unknown skippable option -> RH
                + "2c 02 02 01 00000000" + HOA          // RH2 -> Fragment
                + "33 00 0000 00000001"                 // first fragment, no M -> AH
                + "3c 04 0000 00000100 00000001 000000000000000000000000" // AH of 24 bytes -> DO
                + "3a 02 01 02 00 00 c9 10" + HOA       // DO with HAO -> ICMPv6
                + "80 00 0000 0001 0002");
        assertNull(walker.parse(b, 0, b.length));
        assertEquals(IpProtocol.ICMPV6, walker.upperLayerProtocol());
        assertEquals(136, walker.upperLayerOffset());
        assertEquals(8, walker.upperLayerLength());
        assertEquals(6, walker.extensionHeaderCount());
        assertEquals(HOA_ADDR, walker.homeAddress());
        assertEquals(HOA_ADDR, walker.routingAddress());
        assertTrue(walker.isFragment());
        assertEquals(1, walker.fragmentIdentification());
        assertTrue(walker.upperLayerComplete());
    }

    @Test
    void nonFirstFragmentEndsTheWalk() {
        byte[] b = Bytes.fromHex("6000 0000 0010 2c40" + COA + HA + "3a 00 0011 00000009" + "0102030405060708");
        assertNull(walker.parse(b, 0, b.length));
        assertEquals(IpProtocol.ICMPV6, walker.upperLayerProtocol());
        assertEquals(48, walker.upperLayerOffset());
        assertEquals(16, walker.fragmentOffset());
        assertTrue(walker.moreFragments());
        assertEquals(9, walker.fragmentIdentification());
        assertFalse(walker.upperLayerComplete());
        assertFalse(walker.upperLayerChecksumValid());
    }

    @Test
    void hopByHopAfterAnotherHeaderIsRefusedAtTheNextHeaderField() {
        byte[] b = Bytes.fromHex("6000 0000 0010 3c40" + COA + HA + "00 00 01 04 00000000" + "3b 00 01 04 00000000");
        WireError e = walker.parse(b, 0, b.length);
        assertNotNull(e);
        assertEquals("Next Header", e.field());
        assertEquals(40, e.offset());
    }

    @Test
    void unknownRoutingTypeWithSegmentsLeftZeroIsSkipped() {
        byte[] b = Bytes.fromHex("6000 0000 0020 2b40" + COA + HA + "3b 02 00 00 00000000" + HOA + "0000000000000000");
        assertNull(walker.parse(b, 0, b.length));
        assertEquals(IpProtocol.NO_NEXT_HEADER, walker.upperLayerProtocol());
        assertFalse(walker.hasRoutingHeaderType2());
        assertEquals(64, walker.upperLayerOffset());
    }

    @Test
    void unknownRoutingTypeWithSegmentsLeftIsRefusedAtTheRoutingType() {
        byte[] b = Bytes.fromHex("6000 0000 0018 2b40" + COA + HA + "3b 02 00 01 00000000" + HOA);
        WireError e = walker.parse(b, 0, b.length);
        assertEquals("Routing Type", e.field());
        assertEquals(42, e.offset());
    }

    @Test
    void twoHomeAddressOptionsInDifferentHeadersAreADuplicate() {
        byte[] b = Bytes.fromHex("6000 0000 0030 3c40" + COA + HA
                + "3c 02 01 02 00 00 c9 10" + HOA
                + "3b 02 01 02 00 00 c9 10" + HOA);
        WireError e = walker.parse(b, 0, b.length);
        assertEquals(WireError.Reason.DUPLICATE_OPTION, e.reason());
        assertEquals(64 + 6, e.offset());
    }

    @Test
    void payloadLengthBeyondTheBytesIsTruncated() {
        byte[] b = PacketFixtures.buWithHomeAddressOption();
        WireError e = walker.parse(b, 0, b.length - 1);
        assertEquals(WireError.Reason.TRUNCATED, e.reason());
        assertEquals("Payload Length", e.field());
    }

    @Test
    void extensionHeaderPastThePayloadLengthIsTruncatedEvenWithBytesAfterIt() {
        byte[] b = PacketFixtures.buWithHomeAddressOption();
        b[5] = 16; // payload length 16: the 24-byte Destination Options header does not fit
        WireError e = walker.parse(b, 0, b.length);
        assertEquals(WireError.Reason.TRUNCATED, e.reason());
        assertEquals(41, e.offset());
    }

    @Test
    void errorOffsetsCountFromTheBufferStart() {
        byte[] p = PacketFixtures.buWithHomeAddressOption();
        p[46 + 1] = 14; // HAO length 14
        byte[] b = new byte[p.length + 10];
        System.arraycopy(p, 0, b, 10, p.length);
        WireError e = walker.parse(b, 10, p.length);
        assertEquals(10 + 47, e.offset());
    }

    @Test
    void linkPaddingAfterThePayloadIsIgnored() {
        byte[] p = PacketFixtures.buWithHomeAddressOption();
        byte[] b = java.util.Arrays.copyOf(p, p.length + 6);
        assertNull(walker.parse(b, 0, b.length));
        assertEquals(16, walker.upperLayerLength());
        assertEquals(p.length, walker.end());
    }

    @Test
    void notVersion6IsRefused() {
        byte[] b = PacketFixtures.buWithHomeAddressOption();
        b[0] = 0x45;
        assertEquals(WireError.Reason.BAD_VERSION, walker.parse(b, 0, b.length).reason());
    }

    @Test
    void aReusedWalkerForgetsThePreviousPacket() {
        byte[] a = PacketFixtures.buWithHomeAddressOption();
        byte[] b = PacketFixtures.baWithRoutingHeader();
        assertNull(walker.parse(a, 0, a.length));
        assertNull(walker.parse(b, 0, b.length));
        assertFalse(walker.hasHomeAddressOption());
        assertTrue(walker.hasRoutingHeaderType2());
    }

    @Test
    void tunnelledPacketIsAnUpperLayerOfProtocol41() {
        byte[] inner = PacketFixtures.buWithHomeAddressOption();
        byte[] outer = Ipv6PacketBuilder.encapsulate(HA_ADDR, COA_ADDR, 64, inner);
        assertNull(walker.parse(outer, 0, outer.length));
        assertEquals(IpProtocol.IPV6, walker.upperLayerProtocol());
        assertEquals(40, walker.upperLayerOffset());
        assertEquals(inner.length, walker.upperLayerLength());
        assertNull(walker.parse(outer, walker.upperLayerOffset(), walker.upperLayerLength()));
        assertEquals(HOA_ADDR, walker.homeAddress());
    }
}
