package org.roam6.wire.mh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.WireError;
import org.roam6.wire.mh.MobilityOption.AlternateCareOfAddress;
import org.roam6.wire.mh.MobilityOption.BindingAuthorizationData;
import org.roam6.wire.mh.MobilityOption.BindingRefreshAdvice;
import org.roam6.wire.mh.MobilityOption.MobileNetworkPrefix;
import org.roam6.wire.mh.MobilityOption.MobileNodeIdentifier;
import org.roam6.wire.mh.MobilityOption.MobilityMessageAuthentication;
import org.roam6.wire.mh.MobilityOption.MobilityMessageReplayProtection;
import org.roam6.wire.mh.MobilityOption.MultipleHomeAgents;
import org.roam6.wire.mh.MobilityOption.NonceIndices;
import org.roam6.wire.mh.MobilityOption.UnknownOption;

/**
 * Properties of the Mobility Header codec: values survive encode then decode; no octet string
 * makes the decoder or the flyweights throw; the flyweight validate and the value decoder
 * agree on every buffer.
 */
class MobilityHeaderPropertiesTest {

    private static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;

    // ---- round trip -------------------------------------------------------------------------

    @Property(tries = 2000)
    void decodeOfEncodeGivesTheMessageBack(@ForAll("messages") MobilityMessage m) {
        byte[] out = new byte[MobilityHeader.MAX_LENGTH + 16];
        int len = MobilityHeaderCodec.encode(m, out, 16, EXT);
        assertEquals(0, len % 8, "the header fills whole 8-octet units");
        assertEquals(len, (out[17] & 0xff) * 8 + 8);
        assertEquals(59, out[16]);
        Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(out, 16, len, EXT);
        assertTrue(d.isOk(), () -> "decode failed: " + d.error());
        assertEquals(m, d.value());
        assertEquals(m.hashCode(), d.value().hashCode());
    }

    @Property(tries = 500)
    void encodingIsCanonical(@ForAll("messages") MobilityMessage m) {
        byte[] first = MobilityHeaderCodec.encode(m, EXT);
        byte[] second = MobilityHeaderCodec.encode(MobilityHeaderCodec.decode(first, 0, first.length, EXT).value(), EXT);
        assertArrayEquals(first, second);
    }

    @Provide
    Arbitrary<MobilityMessage> messages() {
        Arbitrary<List<MobilityOption>> opts = optionLists();
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<Integer> u8 = Arbitraries.integers().between(0, 0xff);
        Arbitrary<Long> u64 = Arbitraries.longs();
        return Arbitraries.oneOf(List.of(
                opts.map(MobilityMessage.BindingRefreshRequest::new),
                Combinators.combine(u64, opts).as(MobilityMessage.HomeTestInit::new),
                Combinators.combine(u16, u64, opts).as(MobilityMessage.CareOfTestInit::new),
                Combinators.combine(u16, u64, u64, opts).as(MobilityMessage.HomeTest::new),
                Combinators.combine(u16, u64, u64, opts).as(MobilityMessage.CareOfTest::new),
                Combinators.combine(u16, u16, u16, opts).as(MobilityMessage.BindingUpdate::new),
                Combinators.combine(u8, u8, u16, u16, opts).as(MobilityMessage.BindingAcknowledgement::new),
                Combinators.combine(u8, addresses(), opts).as(MobilityMessage.BindingError::new)));
    }

    private static Arbitrary<Ipv6Address> addresses() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::new);
    }

    private static Arbitrary<byte[]> octets(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    /**
     * Option lists that obey the rules: once-only options at most once, Mobile Network Prefix
     * up to three times, unknown options anywhere, and at the end either Binding Authorization
     * Data or Mobility Message Authentication (MN-HA, MN-AAA or both in that order), or neither.
     */
    private static Arbitrary<List<MobilityOption>> optionLists() {
        Arbitrary<Integer> u16 = Arbitraries.integers().between(0, 0xffff);
        Arbitrary<MobilityOption> bra = u16.map(BindingRefreshAdvice::new);
        Arbitrary<MobilityOption> acoa = addresses().map(AlternateCareOfAddress::new);
        Arbitrary<MobilityOption> nonces = Combinators.combine(u16, u16).as(NonceIndices::new);
        Arbitrary<MobilityOption> mnid = Combinators.combine(Arbitraries.integers().between(0, 255), octets(0, 40))
                .as(MobileNodeIdentifier::new);
        Arbitrary<MobilityOption> replay = Arbitraries.longs().map(MobilityMessageReplayProtection::new);
        Arbitrary<MobilityOption> multiHa = addresses().list().ofMinSize(1).ofMaxSize(15).map(MultipleHomeAgents::new);
        Arbitrary<MobilityOption> mnp = Combinators.combine(Arbitraries.integers().between(0, 255), addresses())
                .as(MobileNetworkPrefix::new);
        Arbitrary<MobilityOption> unknown = Combinators.combine(
                Arbitraries.integers().between(2, 255).filter(t -> !MobilityOptionType.isKnown(t, EXT)),
                octets(0, 30)).as(UnknownOption::new);

        Arbitrary<List<MobilityOption>> onceOnly = Combinators.combine(
                bra.optional(), acoa.optional(), nonces.optional(), mnid.optional(), replay.optional(),
                multiHa.optional()).as((a, b, c, d, e, f) -> {
                    List<MobilityOption> l = new ArrayList<>();
                    a.ifPresent(l::add);
                    b.ifPresent(l::add);
                    c.ifPresent(l::add);
                    d.ifPresent(l::add);
                    e.ifPresent(l::add);
                    f.ifPresent(l::add);
                    return l;
                });
        Arbitrary<List<MobilityOption>> repeatable = Arbitraries.oneOf(mnp, unknown).list().ofMaxSize(3);
        Arbitrary<Long> spi = Arbitraries.longs().between(0, 0xffffffffL);
        Arbitrary<List<MobilityOption>> tail = Arbitraries.oneOf(List.of(
                Arbitraries.just(List.<MobilityOption>of()),
                octets(0, 40).map(a -> List.<MobilityOption>of(new BindingAuthorizationData(a))),
                Combinators.combine(spi, octets(0, 32)).as((s, a) ->
                        List.<MobilityOption>of(new MobilityMessageAuthentication(1, s, a))),
                Combinators.combine(spi, octets(0, 32), spi, octets(0, 32)).as((s1, a1, s2, a2) ->
                        List.<MobilityOption>of(new MobilityMessageAuthentication(1, s1, a1),
                                new MobilityMessageAuthentication(2, s2, a2)))));
        return Combinators.combine(onceOnly, repeatable, tail, Arbitraries.longs()).as((once, rep, t, seed) -> {
            List<MobilityOption> body = new ArrayList<>(once);
            body.addAll(rep);
            java.util.Collections.shuffle(body, new java.util.Random(seed));
            body.addAll(t);
            return body;
        });
    }

    // ---- untrusted bytes ---------------------------------------------------------------------

    /** Decodes at an offset inside a larger array; asserts no throw and validate/decode agreement. */
    private static WireError decodeSafely(byte[] mh, MobilityExtensions ext) {
        byte[] b = new byte[mh.length + 6];
        System.arraycopy(mh, 0, b, 3, mh.length);
        MobilityHeader view = new MobilityHeader().wrap(b, 3, mh.length);
        WireError e = view.validate(ext);
        Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(b, 3, mh.length, ext);
        assertNotNull(d);
        assertEquals(e, d.error(), "flyweight and value decoder agree");
        if (e != null) {
            assertTrue(e.offset() >= 3 && e.offset() <= 3 + Math.max(mh.length, 1), () -> "offset inside the buffer: " + e);
            return e;
        }
        // a valid header: every option read stays inside it, and the value re-encodes
        MobilityOptions it = view.options(new MobilityOptions());
        while (it.next()) {
            assertTrue(it.valueOffset() + it.length() <= view.end());
            readTypedFields(it, ext);
        }
        byte[] again = MobilityHeaderCodec.encode(d.value(), ext);
        assertEquals(d.value(), MobilityHeaderCodec.decode(again, 0, again.length, ext).value());
        return null;
    }

    private static String outcome(WireError e) {
        return e == null ? "valid" : e.reason().name();
    }

    private static long readTypedFields(MobilityOptions it, MobilityExtensions ext) {
        long sink = 0;
        switch (MobilityOptionType.canonical(it.type(), ext)) {
            case MobilityOptionType.BINDING_REFRESH_ADVICE -> sink += it.refreshInterval();
            case MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS -> sink += it.alternateCareOfAddressHi() + it.alternateCareOfAddressLo();
            case MobilityOptionType.NONCE_INDICES -> sink += it.homeNonceIndex() + it.careOfNonceIndex();
            case MobilityOptionType.MOBILE_NETWORK_PREFIX -> sink += it.mobileNetworkPrefixLength() + it.mobileNetworkPrefixLo();
            case MobilityOptionType.MOBILE_NODE_IDENTIFIER -> sink += it.mobileNodeIdentifierSubtype();
            case MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION -> sink += it.mobilitySpi() + it.authenticationDataLength();
            case MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION -> sink += it.timestamp();
            case MobilityOptionType.EXPERIMENTAL -> {
                for (int i = 0; i < it.homeAgentCount(); i++) {
                    sink += it.homeAgentHi(i) + it.homeAgentLo(i);
                }
            }
            default -> sink += it.length();
        }
        return sink;
    }

    @Property(tries = 3000)
    void randomOctetsNeverThrow(@ForAll @Size(max = 80) byte[] mh) {
        decodeSafely(mh, EXT);
    }

    /** Random octets behind a plausible first word, so the option parser is reached often. */
    @Property(tries = 3000)
    void randomOptionAreasNeverThrow(@ForAll @IntRange(min = 0, max = 7) int type,
                                     @ForAll @IntRange(min = 0, max = 6) int headerLen,
                                     @ForAll @Size(min = 56, max = 56) byte[] rest,
                                     @ForAll @IntRange(min = 0, max = 56) int cut) {
        byte[] mh = new byte[8 + rest.length - cut];
        mh[0] = 59;
        mh[1] = (byte) headerLen;
        mh[2] = (byte) type;
        System.arraycopy(rest, 0, mh, 8, mh.length - 8);
        // bias option types toward the known ones
        for (int i = 8; i < mh.length; i += 5) {
            mh[i] = (byte) Math.floorMod(mh[i], 20);
        }
        Statistics.label("outcome").collect(outcome(decodeSafely(mh, EXT)));
        decodeSafely(mh, new MobilityExtensions(0x0200, 3, 200));
        Statistics.label("outcome").coverage(c -> {
            c.check("valid").percentage(p -> p > 2);
            c.check("BAD_LENGTH").percentage(p -> p > 2);
            c.check("BAD_ALIGNMENT").percentage(p -> p > 0.1);
        });
    }

    /** Valid encodings, then one mutation: truncation, a new Header Len, an option length, any octet. */
    @Property(tries = 3000)
    void mutatedValidHeadersNeverThrow(@ForAll("messages") MobilityMessage m,
                                       @ForAll @IntRange(min = 0, max = 3) int mutation,
                                       @ForAll @IntRange(min = 0, max = 4095) int where,
                                       @ForAll @IntRange(min = 0, max = 255) int value) {
        byte[] b = MobilityHeaderCodec.encode(m, EXT);
        switch (mutation) {
            case 0 -> b = Arrays.copyOf(b, where % (b.length + 1));
            case 1 -> b[1] = (byte) value;
            case 2 -> {
                // overwrite the length octet of some option (an octet following a non-zero type)
                int start = MhType.optionsOffset(m.mhType());
                if (start + 1 < b.length) {
                    int p = start + where % (b.length - start - 1);
                    b[p + 1] = (byte) value;
                }
            }
            default -> b[where % b.length] = (byte) value;
        }
        Statistics.label("outcome").collect(outcome(decodeSafely(b, EXT)));
        Statistics.label("outcome").coverage(c -> {
            c.check("valid").percentage(p -> p > 10);
            c.check("TRUNCATED").percentage(p -> p > 5);
        });
    }
}
