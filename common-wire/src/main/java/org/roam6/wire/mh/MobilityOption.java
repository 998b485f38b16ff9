package org.roam6.wire.mh;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;

/**
 * A Mobility Option as a value (RFC 6275 6.2 and the RFCs named on each record). Padding has
 * no value: {@link MobilityHeaderCodec} drops Pad1/PadN when decoding and derives them when
 * encoding. Records holding octet strings copy them in and out and compare them by content.
 */
public sealed interface MobilityOption {

    /** Binding Refresh Advice (RFC 6275 6.2.4): Refresh Interval in units of 4 seconds. */
    record BindingRefreshAdvice(int refreshInterval) implements MobilityOption {
        public BindingRefreshAdvice {
            requireRange("Refresh Interval", refreshInterval, 0xffff);
        }
    }

    /** Alternate Care-of Address (RFC 6275 6.2.5). */
    record AlternateCareOfAddress(Ipv6Address address) implements MobilityOption {
        public AlternateCareOfAddress {
            requireNonNull("Alternate Care-of Address", address);
        }
    }

    /** Nonce Indices (RFC 6275 6.2.6). */
    record NonceIndices(int homeNonceIndex, int careOfNonceIndex) implements MobilityOption {
        public NonceIndices {
            requireRange("Home Nonce Index", homeNonceIndex, 0xffff);
            requireRange("Care-of Nonce Index", careOfNonceIndex, 0xffff);
        }
    }

    /**
     * Binding Authorization Data (RFC 6275 6.2.7): the Authenticator, 12 octets as RFC 6275
     * 5.2.6 computes it (any length up to 255 is carried).
     */
    record BindingAuthorizationData(byte[] authenticator) implements MobilityOption {
        public BindingAuthorizationData {
            authenticator = copyOf("Authenticator", authenticator, 255);
        }

        @Override
        public byte[] authenticator() {
            return authenticator.clone();
        }

        /** Octets of Authenticator. */
        public int length() {
            return authenticator.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BindingAuthorizationData other && Arrays.equals(authenticator, other.authenticator);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(authenticator);
        }

        @Override
        public String toString() {
            return "BindingAuthorizationData[authenticator=" + Bytes.toHex(authenticator) + "]";
        }
    }

    /**
     * Mobile Network Prefix (RFC 3963 6.2). The Prefix Length is kept as received (0-255): a
     * length above 128 is for the home agent to refuse with Binding Acknowledgement status 141
     * (RFC 3963 6.6), not a malformed header.
     */
    record MobileNetworkPrefix(int prefixLength, Ipv6Address prefix) implements MobilityOption {
        public MobileNetworkPrefix {
            requireRange("Prefix Length", prefixLength, 0xff);
            requireNonNull("Mobile Network Prefix", prefix);
        }

        public static MobileNetworkPrefix of(Ipv6Prefix p) {
            return new MobileNetworkPrefix(p.length(), p.address());
        }

        /** The prefix as a value; throws {@link IllegalArgumentException} when the length exceeds 128. */
        public Ipv6Prefix toPrefix() {
            return new Ipv6Prefix(prefix, prefixLength);
        }
    }

    /** Mobile Node Identifier (RFC 4283 3): Subtype (1 = NAI) and Identifier. */
    record MobileNodeIdentifier(int subtype, byte[] identifier) implements MobilityOption {
        public MobileNodeIdentifier {
            requireRange("Subtype", subtype, 0xff);
            identifier = copyOf("Identifier", identifier, 254);
        }

        /** An NAI identifier (subtype 1) from its text, in UTF-8 (RFC 4282). */
        public static MobileNodeIdentifier nai(String nai) {
            return new MobileNodeIdentifier(MobilityOptionType.MN_IDENTIFIER_SUBTYPE_NAI,
                    nai.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] identifier() {
            return identifier.clone();
        }

        /** The Identifier read as UTF-8 text. */
        public String identifierText() {
            return new String(identifier, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MobileNodeIdentifier other && subtype == other.subtype
                    && Arrays.equals(identifier, other.identifier);
        }

        @Override
        public int hashCode() {
            return 31 * subtype + Arrays.hashCode(identifier);
        }

        @Override
        public String toString() {
            return "MobileNodeIdentifier[subtype=" + subtype + ", identifier=" + Bytes.toHex(identifier) + "]";
        }
    }

    /**
     * Mobility Message Authentication (RFC 4285 5): Subtype (1 MN-HA, 2 MN-AAA), Mobility SPI
     * (unsigned 32 bits) and Authentication Data.
     */
    record MobilityMessageAuthentication(int subtype, long spi, byte[] authenticationData)
            implements MobilityOption {
        public MobilityMessageAuthentication {
            requireRange("Subtype", subtype, 0xff);
            if (spi < 0 || spi > 0xffffffffL) {
                throw new IllegalArgumentException("Mobility SPI " + spi + " is not a 32-bit unsigned value");
            }
            authenticationData = copyOf("Authentication Data", authenticationData, 250);
        }

        @Override
        public byte[] authenticationData() {
            return authenticationData.clone();
        }

        /** Octets of Authentication Data. */
        public int authenticationDataLength() {
            return authenticationData.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MobilityMessageAuthentication other && subtype == other.subtype
                    && spi == other.spi && Arrays.equals(authenticationData, other.authenticationData);
        }

        @Override
        public int hashCode() {
            return (31 * subtype + Long.hashCode(spi)) * 31 + Arrays.hashCode(authenticationData);
        }

        @Override
        public String toString() {
            return "MobilityMessageAuthentication[subtype=" + subtype + ", spi=" + spi
                    + ", authenticationData=" + Bytes.toHex(authenticationData) + "]";
        }
    }

    /** Mobility Message Replay Protection (RFC 4285 6): a 64-bit timestamp (NTP format). */
    record MobilityMessageReplayProtection(long timestamp) implements MobilityOption {}

    /**
     * Multiple Home Agents (roam6's format for the multi-HA paper; see {@link MobilityOptions}):
     * every home agent the mobile node registers with, 1 to 15 addresses.
     */
    record MultipleHomeAgents(List<Ipv6Address> homeAgents) implements MobilityOption {
        public MultipleHomeAgents {
            homeAgents = List.copyOf(homeAgents);
            if (homeAgents.isEmpty() || homeAgents.size() > MobilityOptionType.MULTIPLE_HOME_AGENTS_MAX_ADDRESSES) {
                throw new IllegalArgumentException("Multiple Home Agents carries 1 to "
                        + MobilityOptionType.MULTIPLE_HOME_AGENTS_MAX_ADDRESSES + " addresses, not " + homeAgents.size());
            }
        }
    }

    /**
     * An option this implementation does not parse, kept whole so it can be passed on or
     * logged; RFC 6275 6.2.1 says a receiver skips it.
     */
    record UnknownOption(int type, byte[] data) implements MobilityOption {
        public UnknownOption {
            if (type < 2 || type > 255) {
                throw new IllegalArgumentException("option type " + type + " is padding or out of 2-255");
            }
            data = copyOf("Option Data", data, 255);
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnknownOption other && type == other.type && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "UnknownOption[type=" + type + ", data=" + Bytes.toHex(data) + "]";
        }
    }

    private static void requireRange(String field, int v, int max) {
        if (v < 0 || v > max) {
            throw new IllegalArgumentException(field + " " + v + " is not in 0-" + max);
        }
    }

    private static void requireNonNull(String field, Object v) {
        if (v == null) {
            throw new IllegalArgumentException(field + " is null");
        }
    }

    private static byte[] copyOf(String field, byte[] v, int max) {
        if (v == null) {
            throw new IllegalArgumentException(field + " is null");
        }
        if (v.length > max) {
            throw new IllegalArgumentException(field + " has " + v.length + " octets, at most " + max + " fit");
        }
        return v.clone();
    }
}
