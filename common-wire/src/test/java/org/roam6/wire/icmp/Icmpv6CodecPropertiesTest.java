package org.roam6.wire.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.WireError;

class Icmpv6CodecPropertiesTest {
    static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;
    static final Set<Integer> DECODED_TYPES = Set.of(4, 128, 129, 133, 134, 135, 136, 144, 145, 146, 147,
            EXT.haUnreachableIcmpType());
    static final Set<Integer> KNOWN_OPTIONS = Set.of(1, 2, 3, 5, 7, 8);

    Arbitrary<Ipv6Address> addresses() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::new);
    }

    Arbitrary<Integer> u16() {
        return Arbitraries.integers().between(0, 0xffff);
    }

    Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xffffffffL);
    }

    Arbitrary<Octets> octets(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max).map(Octets::of);
    }

    /** Data of 8n-2 bytes: what a decoder gives back for an option of length n. */
    Arbitrary<Octets> optionData() {
        return Arbitraries.integers().between(1, 4).flatMap(n -> octets(8 * n - 2, 8 * n - 2));
    }

    Arbitrary<NdOption> options() {
        return Arbitraries.oneOf(
                optionData().map(SourceLinkLayerAddress::new),
                optionData().map(TargetLinkLayerAddress::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.of(true, false),
                        Arbitraries.of(true, false), Arbitraries.of(true, false), u32(), u32(), addresses())
                        .as(PrefixInformation::new),
                u32().map(MtuOption::new),
                u32().map(AdvertisementInterval::new),
                Combinators.combine(Arbitraries.integers().between(-32768, 32767), u16()).as(HomeAgentInformation::new),
                Combinators.combine(Arbitraries.integers().between(0, 255).filter(t -> !KNOWN_OPTIONS.contains(t)),
                        optionData()).as(UnknownOption::new));
    }

    Arbitrary<List<NdOption>> optionLists() {
        return options().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<Icmpv6Message> messages() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 255), u32(), octets(0, 64)).as(ParameterProblem::new),
                Combinators.combine(u16(), u16(), octets(0, 64)).as(EchoRequest::new),
                Combinators.combine(u16(), u16(), octets(0, 64)).as(EchoReply::new),
                optionLists().map(RouterSolicitation::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 255),
                        u16(), u32(), u32(), optionLists()).as(RouterAdvertisement::new),
                Combinators.combine(addresses(), optionLists()).as(NeighborSolicitation::new),
                Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false),
                        addresses(), optionLists()).as(NeighborAdvertisement::new),
                Combinators.combine(u16(), Arbitraries.of(true, false)).as(DhaadRequest::new),
                Combinators.combine(u16(), Arbitraries.of(true, false), addresses().list().ofMaxSize(6)).as(DhaadReply::new),
                u16().map(MobilePrefixSolicitation::new),
                Combinators.combine(u16(), Arbitraries.of(true, false), Arbitraries.of(true, false), optionLists())
                        .as(MobilePrefixAdvertisement::new),
                addresses().list().ofMinSize(1).ofMaxSize(6).map(HomeAgentUnreachable::new),
                Combinators.combine(Arbitraries.integers().between(0, 255).filter(t -> !DECODED_TYPES.contains(t)),
                        Arbitraries.integers().between(0, 255), octets(0, 64)).as(UnknownMessage::new));
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
    void decodeOfEncodeGivesTheMessageBack(@ForAll("messages") Icmpv6Message m, @ForAll @IntRange(max = 16) int at) {
        byte[] out = new byte[at + Icmpv6Codec.encodedLength(m) + 5];
        int n = Icmpv6Codec.encode(m, out, at, EXT);
        assertEquals(Icmpv6Codec.encodedLength(m), n);
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(out, at, n, EXT);
        assertTrue(d.isOk(), () -> m + " did not decode: " + d.error());
        assertEquals(m, d.value());
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
    void randomBytesGiveAValueOrAnErrorNeverAnException(@ForAll @Size(max = 120) byte[] b,
                                                        @ForAll("decodedTypes") int type) {
        if (b.length > 0) {
            b[0] = (byte) type;
        }
        if (b.length > 1 && type != ParameterProblem.TYPE) {
            b[1] = 0;
        }
        check(b, 0, b.length);
    }

    @Provide
    Arbitrary<Integer> decodedTypes() {
        return Arbitraries.oneOf(Arbitraries.of(DECODED_TYPES.toArray(new Integer[0])), Arbitraries.integers().between(0, 255));
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.MIXIN)
    void truncatedAndMutatedEncodingsNeverThrow(@ForAll("messages") Icmpv6Message m,
                                                @ForAll @IntRange(max = 100_000) int where,
                                                @ForAll byte value, @ForAll boolean truncate) {
        byte[] b = Icmpv6Codec.encode(m, EXT);
        int len = b.length;
        if (truncate) {
            len = where % (b.length + 1);
        } else if (b.length > 4) {
            int at = 4 + where % (b.length - 4);
            b[at] = value;
            // also hit what is most likely an option Length byte
            int opt = 8 + (where % 3) * 8 + 1;
            if (opt < b.length) {
                b[opt] = (byte) (value & 0x07);
            }
        }
        check(b, 0, len);
    }

    private static void check(byte[] b, int off, int len) {
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, off, len, EXT);
        assertNotNull(d);
        if (!d.isOk()) {
            WireError e = d.error();
            assertNotNull(e);
            assertTrue(e.offset() >= off && e.offset() <= off + len, e::toString);
        } else {
            assertNotNull(d.value());
        }
    }
}
