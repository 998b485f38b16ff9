package org.roam6.wire.mh;

import org.roam6.wire.MobilityExtensions;

/**
 * Mobility option types (RFC 6275 6.2; IANA "Mobility Options") with the alignment and length
 * rules roam6 applies to each.
 *
 * <p>Alignment is written {@code xn+y}: the option's Type octet sits {@code y} octets past a
 * multiple of {@code x}, counted from the start of the Mobility Header (which itself starts on
 * an 8-octet boundary in the packet). {@code x == 0} means no requirement.
 *
 * <table>
 *   <caption>Option rules</caption>
 *   <tr><th>type</th><th>option</th><th>alignment</th><th>Option Length</th><th>how often</th></tr>
 *   <tr><td>0</td><td>Pad1</td><td>none</td><td>(no length octet)</td><td>any</td></tr>
 *   <tr><td>1</td><td>PadN</td><td>none</td><td>0-255</td><td>any</td></tr>
 *   <tr><td>2</td><td>Binding Refresh Advice</td><td>2n</td><td>2</td><td>once</td></tr>
 *   <tr><td>3</td><td>Alternate Care-of Address</td><td>8n+6</td><td>16</td><td>once</td></tr>
 *   <tr><td>4</td><td>Nonce Indices</td><td>2n</td><td>4</td><td>once</td></tr>
 *   <tr><td>5</td><td>Binding Authorization Data</td><td>8n+2</td><td>any</td><td>once, last</td></tr>
 *   <tr><td>6</td><td>Mobile Network Prefix (RFC 3963)</td><td>8n+4</td><td>18</td><td>repeatable</td></tr>
 *   <tr><td>8</td><td>Mobile Node Identifier (RFC 4283)</td><td>none</td><td>at least 1</td><td>once</td></tr>
 *   <tr><td>9</td><td>Mobility Message Authentication (RFC 4285)</td><td>4n+1</td><td>at least 5</td>
 *       <td>once per subtype, last (MN-HA before MN-AAA)</td></tr>
 *   <tr><td>10</td><td>Mobility Message Replay Protection (RFC 4285)</td><td>8n+2</td><td>8</td><td>once</td></tr>
 *   <tr><td>18*</td><td>Multiple Home Agents (roam6, see {@link MobilityOptions})</td><td>8n+4</td>
 *       <td>2 + 16 * N, N = 1..15</td><td>once</td></tr>
 * </table>
 *
 * <p>* The Multiple Home Agents type comes from {@link MobilityExtensions#multiHaOptionType()};
 * when configured to one of the types above it takes that type's place. Any other type is
 * unknown: it has no alignment rule and is skipped by its Option Length (RFC 6275 6.2.1).
 * Where the RFCs give no alignment (MN Identifier) roam6 follows Scapy and Wireshark: none.
 */
public final class MobilityOptionType {
    private MobilityOptionType() {}

    public static final int PAD1 = 0;
    public static final int PADN = 1;
    public static final int BINDING_REFRESH_ADVICE = 2;
    public static final int ALTERNATE_CARE_OF_ADDRESS = 3;
    public static final int NONCE_INDICES = 4;
    public static final int BINDING_AUTHORIZATION_DATA = 5;
    public static final int MOBILE_NETWORK_PREFIX = 6;
    public static final int MOBILE_NODE_IDENTIFIER = 8;
    public static final int MOBILITY_MESSAGE_AUTHENTICATION = 9;
    public static final int MOBILITY_MESSAGE_REPLAY_PROTECTION = 10;
    /** RFC 5096 Experimental Mobility Option; roam6's default for the Multiple Home Agents option. */
    public static final int EXPERIMENTAL = 18;

    /** Option Length of Binding Refresh Advice: the 16-bit Refresh Interval. */
    public static final int BINDING_REFRESH_ADVICE_LENGTH = 2;
    public static final int ALTERNATE_CARE_OF_ADDRESS_LENGTH = 16;
    public static final int NONCE_INDICES_LENGTH = 4;
    /** Reserved, Prefix Length, Mobile Network Prefix (RFC 3963 6.2). */
    public static final int MOBILE_NETWORK_PREFIX_LENGTH = 18;
    public static final int MOBILITY_MESSAGE_REPLAY_PROTECTION_LENGTH = 8;
    /** Subtype (RFC 4283 3): the least Option Length of an MN Identifier option. */
    public static final int MOBILE_NODE_IDENTIFIER_MIN_LENGTH = 1;
    /** Subtype and Mobility SPI (RFC 4285 5): the fixed part of the authentication option. */
    public static final int MOBILITY_MESSAGE_AUTHENTICATION_MIN_LENGTH = 5;
    /** The Reserved field ahead of the home agent addresses. */
    public static final int MULTIPLE_HOME_AGENTS_FIXED_LENGTH = 2;
    /** 15 addresses: the most a one-octet Option Length can carry. */
    public static final int MULTIPLE_HOME_AGENTS_MAX_ADDRESSES = 15;

    /** MN Identifier subtype 1: Network Access Identifier (RFC 4283 3, RFC 4282). */
    public static final int MN_IDENTIFIER_SUBTYPE_NAI = 1;
    /** Authentication subtype 1: MN-HA (RFC 4285 5.1). */
    public static final int AUTHENTICATION_SUBTYPE_MN_HA = 1;
    /** Authentication subtype 2: MN-AAA (RFC 4285 5.2). */
    public static final int AUTHENTICATION_SUBTYPE_MN_AAA = 2;

    /** Whether {@code type} is one this implementation parses (the rest are skipped). */
    public static boolean isKnown(int type, MobilityExtensions ext) {
        return canonical(type, ext) >= 0;
    }

    /**
     * Maps a wire type to the constant whose rules apply: the type itself for RFC options,
     * {@link #EXPERIMENTAL} for the configured Multiple Home Agents type (which wins when it
     * collides with an RFC type), -1 for an unknown type.
     */
    public static int canonical(int type, MobilityExtensions ext) {
        if (type == ext.multiHaOptionType()) {
            return EXPERIMENTAL;
        }
        return switch (type) {
            case PAD1, PADN, BINDING_REFRESH_ADVICE, ALTERNATE_CARE_OF_ADDRESS, NONCE_INDICES,
                 BINDING_AUTHORIZATION_DATA, MOBILE_NETWORK_PREFIX, MOBILE_NODE_IDENTIFIER,
                 MOBILITY_MESSAGE_AUTHENTICATION, MOBILITY_MESSAGE_REPLAY_PROTECTION -> type;
            default -> -1;
        };
    }

    /** The {@code x} of the option's {@code xn+y} alignment, 0 when it has none. */
    public static int alignmentMultiple(int type, MobilityExtensions ext) {
        return switch (canonical(type, ext)) {
            case BINDING_REFRESH_ADVICE, NONCE_INDICES -> 2;
            case MOBILITY_MESSAGE_AUTHENTICATION -> 4;
            case ALTERNATE_CARE_OF_ADDRESS, BINDING_AUTHORIZATION_DATA, MOBILE_NETWORK_PREFIX,
                 MOBILITY_MESSAGE_REPLAY_PROTECTION, EXPERIMENTAL -> 8;
            default -> 0;
        };
    }

    /** The {@code y} of the option's {@code xn+y} alignment. */
    public static int alignmentOffset(int type, MobilityExtensions ext) {
        return switch (canonical(type, ext)) {
            case ALTERNATE_CARE_OF_ADDRESS -> 6;
            case BINDING_AUTHORIZATION_DATA, MOBILITY_MESSAGE_REPLAY_PROTECTION -> 2;
            case MOBILE_NETWORK_PREFIX, EXPERIMENTAL -> 4;
            case MOBILITY_MESSAGE_AUTHENTICATION -> 1;
            default -> 0;
        };
    }

    /** Short name in the RFCs' words. */
    public static String name(int type, MobilityExtensions ext) {
        return switch (canonical(type, ext)) {
            case PAD1 -> "Pad1";
            case PADN -> "PadN";
            case BINDING_REFRESH_ADVICE -> "Binding Refresh Advice";
            case ALTERNATE_CARE_OF_ADDRESS -> "Alternate Care-of Address";
            case NONCE_INDICES -> "Nonce Indices";
            case BINDING_AUTHORIZATION_DATA -> "Binding Authorization Data";
            case MOBILE_NETWORK_PREFIX -> "Mobile Network Prefix";
            case MOBILE_NODE_IDENTIFIER -> "Mobile Node Identifier";
            case MOBILITY_MESSAGE_AUTHENTICATION -> "Mobility Message Authentication";
            case MOBILITY_MESSAGE_REPLAY_PROTECTION -> "Mobility Message Replay Protection";
            case EXPERIMENTAL -> "Multiple Home Agents";
            default -> "mobility option " + type;
        };
    }
}
