package org.roam6.wire.mh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.roam6.wire.Bytes;
import org.roam6.wire.Checksum;
import org.roam6.wire.Decoded;
import org.roam6.wire.IpProtocol;
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
 * Decodes Mobility Headers into {@link MobilityMessage} values and encodes values into a
 * caller's buffer (RFC 6275 6.1, 6.2); computes the MH checksum; locates authenticators for
 * the crypto code.
 *
 * <p>Decoding applies exactly the checks of {@link MobilityHeader#validate(MobilityExtensions)}
 * and drops Pad1/PadN, so {@code decode(encode(m)) == m}. Encoding places each option at its
 * alignment ({@link MobilityOptionType}) with Pad1/PadN in front as needed, pads the header to
 * a multiple of 8 octets, writes Payload Proto 59 and Header Len, and leaves the checksum 0
 * (fill it last with {@link #fillChecksum}, after any authenticator).
 */
public final class MobilityHeaderCodec {
    private MobilityHeaderCodec() {}

    /**
     * Decodes the Mobility Header at {@code b[off..off+len)} (octets past its Header Len are
     * ignored). Malformed input gives an {@link Decoded.Err}; nothing is thrown for it. The
     * checksum is not checked here: see {@link #verifyChecksum}.
     */
    public static Decoded<MobilityMessage> decode(byte[] b, int off, int len, MobilityExtensions ext) {
        Objects.checkFromIndexSize(off, len, b.length);
        MobilityHeader mh = new MobilityHeader().wrap(b, off, len);
        WireError e = mh.validate(ext);
        if (e != null) {
            return Decoded.err(e);
        }
        List<MobilityOption> options = readOptions(mh.options(new MobilityOptions()), ext);
        MobilityMessage m = switch (mh.mhType()) {
            case MhType.BINDING_REFRESH_REQUEST -> new MobilityMessage.BindingRefreshRequest(options);
            case MhType.HOME_TEST_INIT -> new MobilityMessage.HomeTestInit(
                    new HomeTestInit().wrap(b, off).homeInitCookie(), options);
            case MhType.CARE_OF_TEST_INIT -> {
                CareOfTestInit v = new CareOfTestInit().wrap(b, off);
                yield new MobilityMessage.CareOfTestInit(v.reserved(), v.careOfInitCookie(), options);
            }
            case MhType.HOME_TEST -> {
                HomeTest v = new HomeTest().wrap(b, off);
                yield new MobilityMessage.HomeTest(v.homeNonceIndex(), v.homeInitCookie(), v.homeKeygenToken(), options);
            }
            case MhType.CARE_OF_TEST -> {
                CareOfTest v = new CareOfTest().wrap(b, off);
                yield new MobilityMessage.CareOfTest(v.careOfNonceIndex(), v.careOfInitCookie(),
                        v.careOfKeygenToken(), options);
            }
            case MhType.BINDING_UPDATE -> {
                BindingUpdate v = new BindingUpdate().wrap(b, off);
                yield new MobilityMessage.BindingUpdate(v.sequence(), v.flags(), v.lifetimeUnits(), options);
            }
            case MhType.BINDING_ACKNOWLEDGEMENT -> {
                BindingAcknowledgement v = new BindingAcknowledgement().wrap(b, off);
                yield new MobilityMessage.BindingAcknowledgement(v.status(), v.flags(), v.sequence(),
                        v.lifetimeUnits(), options);
            }
            case MhType.BINDING_ERROR -> {
                BindingError v = new BindingError().wrap(b, off);
                yield new MobilityMessage.BindingError(v.status(), v.homeAddress(), options);
            }
            default -> throw new IllegalStateException("validate accepted MH Type " + mh.mhType());
        };
        return Decoded.ok(m);
    }

    /** {@link #decode(byte[], int, int, MobilityExtensions)} with {@link MobilityExtensions#DEFAULT}. */
    public static Decoded<MobilityMessage> decode(byte[] b, int off, int len) {
        return decode(b, off, len, MobilityExtensions.DEFAULT);
    }

    private static List<MobilityOption> readOptions(MobilityOptions it, MobilityExtensions ext) {
        List<MobilityOption> out = new ArrayList<>();
        byte[] b = it.buffer();
        while (it.next()) {
            int t = it.type();
            int v = it.valueOffset();
            int l = it.length();
            out.add(switch (MobilityOptionType.canonical(t, ext)) {
                case MobilityOptionType.BINDING_REFRESH_ADVICE -> new BindingRefreshAdvice(it.refreshInterval());
                case MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS -> new AlternateCareOfAddress(
                        new Ipv6Address(it.alternateCareOfAddressHi(), it.alternateCareOfAddressLo()));
                case MobilityOptionType.NONCE_INDICES -> new NonceIndices(it.homeNonceIndex(), it.careOfNonceIndex());
                case MobilityOptionType.BINDING_AUTHORIZATION_DATA ->
                        new BindingAuthorizationData(Arrays.copyOfRange(b, v, v + l));
                case MobilityOptionType.MOBILE_NETWORK_PREFIX -> new MobileNetworkPrefix(
                        it.mobileNetworkPrefixLength(),
                        new Ipv6Address(it.mobileNetworkPrefixHi(), it.mobileNetworkPrefixLo()));
                case MobilityOptionType.MOBILE_NODE_IDENTIFIER -> new MobileNodeIdentifier(
                        it.mobileNodeIdentifierSubtype(), Arrays.copyOfRange(b, v + 1, v + l));
                case MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION -> new MobilityMessageAuthentication(
                        it.authenticationSubtype(), it.mobilitySpi(),
                        Arrays.copyOfRange(b, it.authenticationDataOffset(), v + l));
                case MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION ->
                        new MobilityMessageReplayProtection(it.timestamp());
                case MobilityOptionType.EXPERIMENTAL -> {
                    int n = it.homeAgentCount();
                    List<Ipv6Address> has = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        has.add(new Ipv6Address(it.homeAgentHi(i), it.homeAgentLo(i)));
                    }
                    yield new MultipleHomeAgents(has);
                }
                default -> new UnknownOption(t, Arrays.copyOfRange(b, v, v + l));
            });
        }
        return out;
    }

    /**
     * Octets {@link #encode} will write for {@code m}: the header padded to a multiple of 8.
     * Throws {@link IllegalArgumentException} when {@code m} cannot be encoded (see there).
     */
    public static int encodedLength(MobilityMessage m, MobilityExtensions ext) {
        return layout(m, null, 0, ext);
    }

    /**
     * Writes {@code m} at {@code out[off..]} and returns its length. Throws
     * {@link IllegalArgumentException} when {@code m} cannot form a valid Mobility Header: more
     * than 2048 octets, options that break the once-only or must-be-last rules, or an
     * {@link UnknownOption} whose type this codec knows; and {@link IndexOutOfBoundsException}
     * when {@code out} is too small.
     */
    public static int encode(MobilityMessage m, byte[] out, int off, MobilityExtensions ext) {
        int len = layout(m, null, 0, ext);
        Objects.checkFromIndexSize(off, len, out.length);
        layout(m, out, off, ext);
        WireError e = new MobilityHeader().wrap(out, off, len).validate(ext);
        if (e != null) {
            throw new IllegalArgumentException("cannot encode " + MhType.name(m.mhType()) + ": " + e);
        }
        return len;
    }

    /** {@link #encode(MobilityMessage, byte[], int, MobilityExtensions)} with the default extensions. */
    public static int encode(MobilityMessage m, byte[] out, int off) {
        return encode(m, out, off, MobilityExtensions.DEFAULT);
    }

    /** Encodes into a new array of exactly the header's length. */
    public static byte[] encode(MobilityMessage m, MobilityExtensions ext) {
        byte[] out = new byte[encodedLength(m, ext)];
        encode(m, out, 0, ext);
        return out;
    }

    /** Lays {@code m} out; writes only when {@code out} is not null. Returns the length. */
    private static int layout(MobilityMessage m, byte[] out, int off, MobilityExtensions ext) {
        int type = m.mhType();
        if (out != null) {
            Arrays.fill(out, off, off + MhType.optionsOffset(type), (byte) 0);
            writeFixed(m, out, off);
        }
        int p = MhType.optionsOffset(type);
        for (MobilityOption o : m.options()) {
            int t = optionType(o, ext);
            int x = MobilityOptionType.alignmentMultiple(t, ext);
            if (x != 0) {
                int y = MobilityOptionType.alignmentOffset(t, ext);
                p = pad(out, off, p, Math.floorMod(y - p, x));
            }
            p += writeOption(o, t, out, out == null ? 0 : off + p);
        }
        p = pad(out, off, p, Math.floorMod(-p, 8));
        if (p > MobilityHeader.MAX_LENGTH) {
            throw new IllegalArgumentException(MhType.name(type) + " needs " + p
                    + " octets, more than the " + MobilityHeader.MAX_LENGTH + " Header Len can describe");
        }
        if (out != null) {
            out[off + MobilityHeader.OFF_PAYLOAD_PROTO] = (byte) IpProtocol.NO_NEXT_HEADER;
            out[off + MobilityHeader.OFF_HEADER_LEN] = (byte) (p / 8 - 1);
            out[off + MobilityHeader.OFF_MH_TYPE] = (byte) type;
        }
        return p;
    }

    /** Writes {@code n} octets of padding (Pad1 for one, PadN otherwise) at header offset {@code p}. */
    private static int pad(byte[] out, int off, int p, int n) {
        if (out != null && n > 0) {
            Arrays.fill(out, off + p, off + p + n, (byte) 0);
            if (n > 1) {
                out[off + p] = (byte) MobilityOptionType.PADN;
                out[off + p + 1] = (byte) (n - 2);
            }
        }
        return p + n;
    }

    private static void writeFixed(MobilityMessage m, byte[] out, int off) {
        if (m instanceof MobilityMessage.HomeTestInit v) {
            Bytes.putLong(out, off + HomeTestInit.OFF_HOME_INIT_COOKIE, v.homeInitCookie());
        } else if (m instanceof MobilityMessage.CareOfTestInit v) {
            Bytes.put16(out, off + CareOfTestInit.OFF_RESERVED, v.reserved());
            Bytes.putLong(out, off + CareOfTestInit.OFF_CARE_OF_INIT_COOKIE, v.careOfInitCookie());
        } else if (m instanceof MobilityMessage.HomeTest v) {
            Bytes.put16(out, off + HomeTest.OFF_HOME_NONCE_INDEX, v.homeNonceIndex());
            Bytes.putLong(out, off + HomeTest.OFF_HOME_INIT_COOKIE, v.homeInitCookie());
            Bytes.putLong(out, off + HomeTest.OFF_HOME_KEYGEN_TOKEN, v.homeKeygenToken());
        } else if (m instanceof MobilityMessage.CareOfTest v) {
            Bytes.put16(out, off + CareOfTest.OFF_CARE_OF_NONCE_INDEX, v.careOfNonceIndex());
            Bytes.putLong(out, off + CareOfTest.OFF_CARE_OF_INIT_COOKIE, v.careOfInitCookie());
            Bytes.putLong(out, off + CareOfTest.OFF_CARE_OF_KEYGEN_TOKEN, v.careOfKeygenToken());
        } else if (m instanceof MobilityMessage.BindingUpdate v) {
            Bytes.put16(out, off + BindingUpdate.OFF_SEQUENCE, v.sequence());
            Bytes.put16(out, off + BindingUpdate.OFF_FLAGS, v.flags());
            Bytes.put16(out, off + BindingUpdate.OFF_LIFETIME, v.lifetime());
        } else if (m instanceof MobilityMessage.BindingAcknowledgement v) {
            Bytes.put8(out, off + BindingAcknowledgement.OFF_STATUS, v.status());
            Bytes.put8(out, off + BindingAcknowledgement.OFF_FLAGS, v.flags());
            Bytes.put16(out, off + BindingAcknowledgement.OFF_SEQUENCE, v.sequence());
            Bytes.put16(out, off + BindingAcknowledgement.OFF_LIFETIME, v.lifetime());
        } else if (m instanceof MobilityMessage.BindingError v) {
            Bytes.put8(out, off + BindingError.OFF_STATUS, v.status());
            v.homeAddress().write(out, off + BindingError.OFF_HOME_ADDRESS);
        }
        // Binding Refresh Request: only its Reserved field, already zero
    }

    private static int optionType(MobilityOption o, MobilityExtensions ext) {
        if (o instanceof BindingRefreshAdvice) {
            return MobilityOptionType.BINDING_REFRESH_ADVICE;
        } else if (o instanceof AlternateCareOfAddress) {
            return MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS;
        } else if (o instanceof NonceIndices) {
            return MobilityOptionType.NONCE_INDICES;
        } else if (o instanceof BindingAuthorizationData) {
            return MobilityOptionType.BINDING_AUTHORIZATION_DATA;
        } else if (o instanceof MobileNetworkPrefix) {
            return MobilityOptionType.MOBILE_NETWORK_PREFIX;
        } else if (o instanceof MobileNodeIdentifier) {
            return MobilityOptionType.MOBILE_NODE_IDENTIFIER;
        } else if (o instanceof MobilityMessageAuthentication) {
            return MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION;
        } else if (o instanceof MobilityMessageReplayProtection) {
            return MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION;
        } else if (o instanceof MultipleHomeAgents) {
            return ext.multiHaOptionType();
        }
        UnknownOption v = (UnknownOption) o;
        if (MobilityOptionType.isKnown(v.type(), ext)) {
            throw new IllegalArgumentException("UnknownOption with type " + v.type()
                    + ", which is the " + MobilityOptionType.name(v.type(), ext) + " option");
        }
        return v.type();
    }

    /** Writes option {@code o} of wire type {@code t} at {@code at} (if {@code out}); returns its size. */
    private static int writeOption(MobilityOption o, int t, byte[] out, int at) {
        byte[] data = null;
        int dataLen;
        if (o instanceof BindingRefreshAdvice) {
            dataLen = MobilityOptionType.BINDING_REFRESH_ADVICE_LENGTH;
        } else if (o instanceof AlternateCareOfAddress) {
            dataLen = MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS_LENGTH;
        } else if (o instanceof NonceIndices) {
            dataLen = MobilityOptionType.NONCE_INDICES_LENGTH;
        } else if (o instanceof BindingAuthorizationData v) {
            data = v.authenticator();
            dataLen = data.length;
        } else if (o instanceof MobileNetworkPrefix) {
            dataLen = MobilityOptionType.MOBILE_NETWORK_PREFIX_LENGTH;
        } else if (o instanceof MobileNodeIdentifier v) {
            data = v.identifier();
            dataLen = 1 + data.length;
        } else if (o instanceof MobilityMessageAuthentication v) {
            data = v.authenticationData();
            dataLen = 5 + data.length;
        } else if (o instanceof MobilityMessageReplayProtection) {
            dataLen = MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION_LENGTH;
        } else if (o instanceof MultipleHomeAgents v) {
            dataLen = MobilityOptionType.MULTIPLE_HOME_AGENTS_FIXED_LENGTH + 16 * v.homeAgents().size();
        } else {
            data = ((UnknownOption) o).data();
            dataLen = data.length;
        }
        if (out == null) {
            return 2 + dataLen;
        }
        out[at] = (byte) t;
        out[at + 1] = (byte) dataLen;
        int d = at + 2;
        if (o instanceof BindingRefreshAdvice v) {
            Bytes.put16(out, d, v.refreshInterval());
        } else if (o instanceof AlternateCareOfAddress v) {
            v.address().write(out, d);
        } else if (o instanceof NonceIndices v) {
            Bytes.put16(out, d, v.homeNonceIndex());
            Bytes.put16(out, d + 2, v.careOfNonceIndex());
        } else if (o instanceof MobileNetworkPrefix v) {
            out[d] = 0;
            out[d + 1] = (byte) v.prefixLength();
            v.prefix().write(out, d + 2);
        } else if (o instanceof MobileNodeIdentifier v) {
            out[d] = (byte) v.subtype();
            System.arraycopy(data, 0, out, d + 1, data.length);
        } else if (o instanceof MobilityMessageAuthentication v) {
            out[d] = (byte) v.subtype();
            Bytes.putInt(out, d + 1, (int) v.spi());
            System.arraycopy(data, 0, out, d + 5, data.length);
        } else if (o instanceof MobilityMessageReplayProtection v) {
            Bytes.putLong(out, d, v.timestamp());
        } else if (o instanceof MultipleHomeAgents v) {
            out[d] = 0;
            out[d + 1] = 0;
            for (int i = 0; i < v.homeAgents().size(); i++) {
                v.homeAgents().get(i).write(out, d + 2 + 16 * i);
            }
        } else {
            // Binding Authorization Data, unknown option: the data as given
            System.arraycopy(data, 0, out, d, data.length);
        }
        return 2 + dataLen;
    }

    /**
     * Computes the checksum of the Mobility Header at {@code b[off..off+len)} ({@code len} = its
     * {@code (Header Len + 1) * 8}) over the IPv6 pseudo-header with next header 135 and writes
     * it (RFC 6275 6.1.1). {@code pseudoSrc} is the Home Address when the packet carries a Home
     * Address option; {@code pseudoDst} the final destination when it carries a Type 2 routing
     * header.
     */
    public static void fillChecksum(byte[] b, int off, int len, Ipv6Address pseudoSrc, Ipv6Address pseudoDst) {
        int c = Checksum.compute(pseudoSrc, pseudoDst, IpProtocol.MOBILITY, b, off, len, MobilityHeader.OFF_CHECKSUM);
        Bytes.put16(b, off + MobilityHeader.OFF_CHECKSUM, c);
    }

    /** True when the checksum of the Mobility Header at {@code b[off..off+len)} verifies. */
    public static boolean verifyChecksum(byte[] b, int off, int len, Ipv6Address pseudoSrc, Ipv6Address pseudoDst) {
        return Checksum.verify(pseudoSrc, pseudoDst, IpProtocol.MOBILITY, b, off, len);
    }

    /**
     * Where an authenticator sits in an encoded Mobility Header, all as indices into the buffer.
     * The authenticated MH data is {@code [headerOffset, authenticatorOffset)} followed, for
     * Binding Authorization Data only, by {@code [trailingOffset(), headerEnd())} (padding after
     * the option, empty for a 12-octet authenticator).
     *
     * @param headerOffset        start of the Mobility Header
     * @param headerLength        its {@code (Header Len + 1) * 8}
     * @param optionOffset        the option's Type octet
     * @param authenticatorOffset first octet of the Authenticator / Authentication Data
     * @param authenticatorLength its octets
     */
    public record AuthenticatorLocation(int headerOffset, int headerLength, int optionOffset,
                                        int authenticatorOffset, int authenticatorLength) {
        /** Octets of the header before the authenticator. */
        public int coveredLength() {
            return authenticatorOffset - headerOffset;
        }

        public int trailingOffset() {
            return authenticatorOffset + authenticatorLength;
        }

        public int headerEnd() {
            return headerOffset + headerLength;
        }
    }

    /**
     * Locates the Binding Authorization Data option in the valid Mobility Header at
     * {@code b[off..off+len)}, or returns {@code null} (no such option, or the header does not
     * validate). RFC 6275 5.2.6 and 6.2.7: the authenticator is computed over Care-of Address,
     * correspondent address and the MH with checksum 0 and without the Authenticator itself;
     * so encode with a zeroed authenticator, compute, write it at {@code authenticatorOffset},
     * then {@link #fillChecksum}.
     */
    public static AuthenticatorLocation bindingAuthorizationData(byte[] b, int off, int len, MobilityExtensions ext) {
        MobilityOptions it = validOptions(b, off, len, ext);
        if (it == null || !it.find(MobilityOptionType.BINDING_AUTHORIZATION_DATA)
                || MobilityOptionType.canonical(it.type(), ext) != MobilityOptionType.BINDING_AUTHORIZATION_DATA) {
            return null;
        }
        return new AuthenticatorLocation(off, mhLength(b, off), it.offset(), it.authenticatorOffset(), it.length());
    }

    /**
     * Locates the Mobility Message Authentication option of {@code subtype} (1 MN-HA, 2 MN-AAA)
     * in the valid Mobility Header at {@code b[off..off+len)}, or returns {@code null}. RFC 4285
     * 5.1: the Authentication Data covers Care-of Address, Home Address and the MH up to and
     * including the Mobility SPI, i.e. {@code [headerOffset, authenticatorOffset)}, with the
     * checksum 0 (encode, compute, write the data, then {@link #fillChecksum}).
     */
    public static AuthenticatorLocation mobilityMessageAuthentication(byte[] b, int off, int len, int subtype,
                                                                      MobilityExtensions ext) {
        MobilityOptions it = validOptions(b, off, len, ext);
        if (it == null) {
            return null;
        }
        while (it.next()) {
            if (MobilityOptionType.canonical(it.type(), ext) == MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION
                    && it.authenticationSubtype() == subtype) {
                return new AuthenticatorLocation(off, mhLength(b, off), it.offset(),
                        it.authenticationDataOffset(), it.authenticationDataLength());
            }
        }
        return null;
    }

    private static MobilityOptions validOptions(byte[] b, int off, int len, MobilityExtensions ext) {
        Objects.checkFromIndexSize(off, len, b.length);
        MobilityHeader mh = new MobilityHeader().wrap(b, off, len);
        if (mh.validate(ext) != null) {
            return null;
        }
        return mh.options(new MobilityOptions());
    }

    private static int mhLength(byte[] b, int off) {
        return ((b[off + MobilityHeader.OFF_HEADER_LEN] & 0xff) + 1) * 8;
    }
}
