package org.roam6.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class Ipv6PacketPropertiesTest {

    record Spec(Ipv6Address src, Ipv6Address dst, Ipv6Address hoa, Ipv6Address rh2, int protocol, byte[] payload) {}

    @Provide
    Arbitrary<Ipv6Address> addresses() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::new);
    }

    @Provide
    Arbitrary<Spec> specs() {
        Arbitrary<Integer> protocols = Arbitraries.of(IpProtocol.MOBILITY, IpProtocol.ICMPV6, IpProtocol.UDP,
                IpProtocol.TCP, IpProtocol.NO_NEXT_HEADER, IpProtocol.IPV6, IpProtocol.ESP);
        Arbitrary<byte[]> payloads = Arbitraries.bytes().array(byte[].class).ofMinSize(20).ofMaxSize(300);
        return Combinators.combine(addresses(), addresses(), addresses().injectNull(0.4), addresses().injectNull(0.4),
                protocols, payloads).as(Spec::new);
    }

    private static byte[] build(Spec s) {
        return new Ipv6PacketBuilder().source(s.src()).destination(s.dst()).homeAddressOption(s.hoa())
                .routingHeaderType2(s.rh2()).payload(s.protocol(), s.payload()).build();
    }

    @Property
    void walkerRecoversWhatTheBuilderPutIn(@ForAll("specs") Spec s) {
        byte[] b = build(s);
        Ipv6Packet w = new Ipv6Packet();
        assertNull(w.parse(b, 0, b.length));
        assertEquals(s.protocol(), w.upperLayerProtocol());
        assertEquals(s.payload().length, w.upperLayerLength());
        assertEquals(b.length - s.payload().length, w.upperLayerOffset());
        assertEquals(s.hoa(), w.homeAddress());
        assertEquals(s.rh2(), w.routingAddress());
        assertEquals(s.src(), w.source());
        assertEquals(s.dst(), w.destination());
        assertEquals(s.hoa() != null ? s.hoa() : s.src(), w.pseudoSource());
        assertEquals(s.rh2() != null ? s.rh2() : s.dst(), w.pseudoDestination());
        int field = Ipv6PacketBuilder.checksumFieldOffset(s.protocol());
        if (field >= 0) {
            assertTrue(w.upperLayerChecksumValid());
            byte[] zeroed = b.clone();
            Bytes.put16(zeroed, w.upperLayerOffset() + field, 0);
            int expected = PacketFixtures.independentChecksum(w.pseudoSource().toBytes(), w.pseudoDestination().toBytes(),
                    s.protocol(), zeroed, w.upperLayerOffset(), w.upperLayerLength());
            if (expected == 0 && s.protocol() == IpProtocol.UDP) {
                expected = 0xffff;
            }
            assertEquals(expected, Bytes.u16(b, w.upperLayerOffset() + field));
        } else {
            // bytes of protocols without a known checksum go out untouched
            assertEquals(Bytes.toHex(s.payload()), Bytes.toHex(b, w.upperLayerOffset(), w.upperLayerLength()));
        }
    }

    @Property
    void randomBytesNeverThrow(@ForAll @Size(max = 200) byte[] b, @ForAll boolean looksLikeIpv6) {
        if (looksLikeIpv6 && b.length >= 40) {
            b[0] = 0x60;
            Bytes.put16(b, 4, b.length - 40);
        }
        checkNeverThrows(b, 0, b.length);
    }

    @Property
    void truncatedPacketsNeverThrowAndAreNeverAccepted(@ForAll("specs") Spec s, @ForAll @IntRange(min = 0, max = 1000) int cut) {
        byte[] b = build(s);
        int len = cut % b.length;
        WireError e = new Ipv6Packet().parse(b, 0, len);
        assertTrue(e != null, "a packet cut to " + len + " of " + b.length + " bytes decoded");
    }

    @Property
    void mutatedPacketsNeverThrow(@ForAll("specs") Spec s, @ForAll @IntRange(min = 0, max = 10_000) int where,
                                  @ForAll byte value, @ForAll @IntRange(min = 1, max = 4) int flips) {
        byte[] b = build(s);
        int[] lengthBytes = {4, 5, 41, 65};
        for (int i = 0; i < flips; i++) {
            int at = i % 2 == 0 ? (where + i * 7) % b.length : lengthBytes[(where + i) % lengthBytes.length] % b.length;
            b[at] = (byte) (b[at] ^ (value == 0 ? 1 : value));
        }
        checkNeverThrows(b, 0, b.length);
    }

    private static void checkNeverThrows(byte[] b, int off, int len) {
        Ipv6Packet w = new Ipv6Packet();
        WireError e = w.parse(b, off, len);
        if (e == null) {
            // a packet that walked has its upper layer inside the bytes given
            assertTrue(w.upperLayerOffset() >= off + 40);
            assertTrue(w.upperLayerOffset() + w.upperLayerLength() <= off + len);
            assertTrue(w.upperLayerLength() >= 0);
            w.pseudoSource();
            w.pseudoDestination();
            w.upperLayerChecksumValid();
        } else {
            assertTrue(e.offset() >= off && e.offset() <= off + len, "offset " + e.offset() + " outside 0.." + len);
        }
    }
}
