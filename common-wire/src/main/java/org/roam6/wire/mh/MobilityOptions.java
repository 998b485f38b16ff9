package org.roam6.wire.mh;

import static org.roam6.wire.mh.MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS;
import static org.roam6.wire.mh.MobilityOptionType.BINDING_AUTHORIZATION_DATA;
import static org.roam6.wire.mh.MobilityOptionType.BINDING_REFRESH_ADVICE;
import static org.roam6.wire.mh.MobilityOptionType.EXPERIMENTAL;
import static org.roam6.wire.mh.MobilityOptionType.MOBILE_NETWORK_PREFIX;
import static org.roam6.wire.mh.MobilityOptionType.MOBILE_NODE_IDENTIFIER;
import static org.roam6.wire.mh.MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION;
import static org.roam6.wire.mh.MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION;
import static org.roam6.wire.mh.MobilityOptionType.NONCE_INDICES;
import static org.roam6.wire.mh.MobilityOptionType.PAD1;
import static org.roam6.wire.mh.MobilityOptionType.PADN;

import org.roam6.wire.Bytes;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.WireError;
import org.roam6.wire.WireError.Reason;

/**
 * Iterator flyweight over the Mobility Options of a Mobility Header (RFC 6275 6.2.1): each
 * option is Type (8 bits), Option Length (8 bits, octets of data after these two) and data,
 * except Pad1, which is a single zero octet. {@link #next()} steps over Pad1 and PadN and stops
 * on every other option, known or not; the typed accessors read the option it stands on.
 * Nothing is allocated. Use it only over an options area that {@link #validate} accepted (as
 * {@link MobilityHeader#validate} does).
 *
 * <p>Typed views, with offsets from the option's Type octet:
 * <pre>
 * Binding Refresh Advice (2, 2n)         Alternate Care-of Address (3, 8n+6)
 * +------+------+-------------+          +------+------+------------------------------+
 * | 2    | 2    | Refresh Int |          | 3    | 16   | Alternate Care-of Address    |
 * +------+------+-------------+          +------+------+------------------------------+
 *   0      1      2                        0      1      2 (16 octets)
 *
 * Nonce Indices (4, 2n)                  Binding Authorization Data (5, 8n+2, last)
 * +------+------+---------+---------+    +------+------+-----------------------------+
 * | 4    | 4    | Home NI | CoA NI  |    | 5    | len  | Authenticator (96 bits from |
 * +------+------+---------+---------+    +------+------+  RFC 6275 5.2.6)            |
 *   0      1      2         4              0      1      2
 *
 * Mobile Network Prefix (6, 8n+4; RFC 3963 6.2)
 * +------+------+----------+------------+----------------------------------------+
 * | 6    | 18   | Reserved | Prefix Len | Mobile Network Prefix (16 octets)      |
 * +------+------+----------+------------+----------------------------------------+
 *   0      1      2          3            4
 *
 * MN Identifier (8, no alignment; RFC 4283 3)
 * +------+------+---------+--------------------------------+
 * | 8    | len  | Subtype | Identifier (len - 1 octets)    |   Subtype 1 = NAI
 * +------+------+---------+--------------------------------+
 *   0      1      2         3
 *
 * Mobility Message Authentication (9, 4n+1, last; RFC 4285 5)
 * +------+------+---------+-----------------------+--------------------------------+
 * | 9    | len  | Subtype | Mobility SPI (32 bits)| Authentication Data (len - 5)  |
 * +------+------+---------+-----------------------+--------------------------------+
 *   0      1      2         3                       7           Subtype 1 MN-HA, 2 MN-AAA
 *
 * Mobility Message Replay Protection (10, 8n+2; RFC 4285 6)
 * +------+------+-------------------------------------+
 * | 10   | 8    | Timestamp (64 bits)                 |
 * +------+------+-------------------------------------+
 *   0      1      2
 * </pre>
 *
 * <p>Multiple Home Agents option (roam6's format for the list the multi-HA paper's Binding
 * Update carries with the M bit; type from {@link MobilityExtensions#multiHaOptionType()},
 * default 18; alignment 8n+4, so every address starts on an 8-octet boundary):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Option Type  | Option Length |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                                                               +
 * |                   Home Agent Address [1]                      |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                              ...                              .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Home Agent Address [N]                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * (the first row starts at 8n+4 from the start of the Mobility Header.) Option Length = 2 + 16 * N with
 * N from 1 to 15; Reserved is sent as zero and ignored on receipt; the addresses are every home
 * agent the mobile node registers with, in the mobile node's order of preference.
 */
public final class MobilityOptions {
    /** Offset of the Option Length octet from the option's Type octet. */
    public static final int OFF_LENGTH = 1;
    /** Offset of the option data from the option's Type octet. */
    public static final int OFF_DATA = 2;

    private byte[] buf;
    private int mhStart;
    private int start;
    private int end;
    private int cur;
    private int nextPos;

    /**
     * Wraps the options area {@code start..end} of the Mobility Header that starts at
     * {@code mhStart} and rewinds to before the first option.
     */
    public MobilityOptions wrap(byte[] buf, int mhStart, int start, int end) {
        this.buf = buf;
        this.mhStart = mhStart;
        this.start = start;
        this.end = end;
        rewind();
        return this;
    }

    /** Goes back to before the first option. */
    public MobilityOptions rewind() {
        cur = -1;
        nextPos = start;
        return this;
    }

    /** Moves to the next option other than Pad1/PadN; false when there is none. */
    public boolean next() {
        int p = nextPos;
        while (p < end) {
            int t = buf[p] & 0xff;
            if (t == PAD1) {
                p++;
                continue;
            }
            int l = buf[p + 1] & 0xff;
            if (t == PADN) {
                p += 2 + l;
                continue;
            }
            cur = p;
            nextPos = p + 2 + l;
            return true;
        }
        cur = -1;
        nextPos = end;
        return false;
    }

    /** Rewinds and moves to the first option of {@code type}; false when there is none. */
    public boolean find(int type) {
        rewind();
        while (next()) {
            if (type() == type) {
                return true;
            }
        }
        return false;
    }

    /** Option Type of the current option. */
    public int type() {
        return buf[cur] & 0xff;
    }

    /** Option Length: octets of data after the Type and Length octets. */
    public int length() {
        return buf[cur + OFF_LENGTH] & 0xff;
    }

    /** Index in the buffer of the current option's Type octet. */
    public int offset() {
        return cur;
    }

    /** Index in the buffer of the current option's data. */
    public int valueOffset() {
        return cur + OFF_DATA;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Binding Refresh Advice: Refresh Interval in units of 4 seconds (RFC 6275 6.2.4). */
    public int refreshInterval() {
        return Bytes.u16(buf, cur + 2);
    }

    /** Alternate Care-of Address, first 8 octets (RFC 6275 6.2.5). */
    public long alternateCareOfAddressHi() {
        return Bytes.getLong(buf, cur + 2);
    }

    /** Alternate Care-of Address, last 8 octets. */
    public long alternateCareOfAddressLo() {
        return Bytes.getLong(buf, cur + 10);
    }

    /** Nonce Indices: Home Nonce Index (RFC 6275 6.2.6). */
    public int homeNonceIndex() {
        return Bytes.u16(buf, cur + 2);
    }

    /** Nonce Indices: Care-of Nonce Index. */
    public int careOfNonceIndex() {
        return Bytes.u16(buf, cur + 4);
    }

    /** Binding Authorization Data: index of the Authenticator (RFC 6275 6.2.7). */
    public int authenticatorOffset() {
        return cur + 2;
    }

    /** Mobile Network Prefix: Prefix Length (RFC 3963 6.2). */
    public int mobileNetworkPrefixLength() {
        return buf[cur + 3] & 0xff;
    }

    public long mobileNetworkPrefixHi() {
        return Bytes.getLong(buf, cur + 4);
    }

    public long mobileNetworkPrefixLo() {
        return Bytes.getLong(buf, cur + 12);
    }

    /** MN Identifier: Subtype (RFC 4283 3). */
    public int mobileNodeIdentifierSubtype() {
        return buf[cur + 2] & 0xff;
    }

    /** MN Identifier: index of the Identifier; it has {@code length() - 1} octets. */
    public int mobileNodeIdentifierOffset() {
        return cur + 3;
    }

    /** Mobility Message Authentication: Subtype (RFC 4285 5). */
    public int authenticationSubtype() {
        return buf[cur + 2] & 0xff;
    }

    /** Mobility Message Authentication: Mobility SPI. */
    public long mobilitySpi() {
        return Bytes.u32(buf, cur + 3);
    }

    /** Mobility Message Authentication: index of the Authentication Data. */
    public int authenticationDataOffset() {
        return cur + 7;
    }

    /** Mobility Message Authentication: octets of Authentication Data. */
    public int authenticationDataLength() {
        return length() - 5;
    }

    /** Mobility Message Replay Protection: Timestamp (RFC 4285 6). */
    public long timestamp() {
        return Bytes.getLong(buf, cur + 2);
    }

    /** Multiple Home Agents: number of addresses. */
    public int homeAgentCount() {
        return (length() - MobilityOptionType.MULTIPLE_HOME_AGENTS_FIXED_LENGTH) / 16;
    }

    /** Multiple Home Agents: first 8 octets of address {@code i} (0-based). */
    public long homeAgentHi(int i) {
        return Bytes.getLong(buf, cur + 4 + 16 * i);
    }

    public long homeAgentLo(int i) {
        return Bytes.getLong(buf, cur + 12 + 16 * i);
    }

    /** Offset of the current option from the start of its Mobility Header. */
    public int offsetInHeader() {
        return cur - mhStart;
    }

    /**
     * Checks the options area {@code start..end} of the Mobility Header starting at
     * {@code mhStart}; {@code null} when it is good. Rules: every option fits the area; the
     * known ones have their Option Length and their alignment (relative to {@code mhStart}, see
     * {@link MobilityOptionType}); the once-only ones appear once; Binding Authorization Data
     * is the last option and Mobility Message Authentication options come last (MN-HA before
     * MN-AAA; RFC 4285 5.1, 5.2), padding aside; unknown options are skipped by their length
     * (RFC 6275 6.2.1). Whether an option is valid for the message it sits in is the receiver's
     * business (RFC 6275 says to ignore such options), not this check's. Faults are answered
     * by a silent discard.
     */
    public static WireError validate(byte[] b, int mhStart, int start, int end, MobilityExtensions ext) {
        int seen = 0;
        boolean finalSeen = false;
        int lastAuthSubtype = -1;
        int p = start;
        while (p < end) {
            int t = b[p] & 0xff;
            if (t == PAD1) {
                p++;
                continue;
            }
            if (p + 2 > end) {
                return WireError.discard("Option Type", p, Reason.TRUNCATED,
                        "option type " + t + " at the end of the header has no Option Length octet");
            }
            int l = b[p + 1] & 0xff;
            if (p + 2 + l > end) {
                return WireError.discard("Option Length", p + 1, Reason.BAD_LENGTH,
                        MobilityOptionType.name(t, ext) + " option of length " + l + " runs "
                                + (p + 2 + l - end) + " octets past the end of the Mobility Header");
            }
            if (t == PADN) {
                p += 2 + l;
                continue;
            }
            if (finalSeen) {
                return WireError.discard("Option Type", p, Reason.AUTH_DATA_NOT_LAST,
                        MobilityOptionType.name(t, ext) + " follows Binding Authorization Data, which must be the last option");
            }
            int c = MobilityOptionType.canonical(t, ext);
            if (lastAuthSubtype >= 0 && c != MOBILITY_MESSAGE_AUTHENTICATION) {
                return WireError.discard("Option Type", p, Reason.AUTH_DATA_NOT_LAST,
                        MobilityOptionType.name(t, ext) + " follows Mobility Message Authentication, which must be the last option");
            }
            if (c >= 0) {
                WireError e = checkLength(c, l, p);
                if (e == null) {
                    e = checkAlignment(t, p, mhStart, ext);
                }
                if (e != null) {
                    return e;
                }
                if (c == MOBILITY_MESSAGE_AUTHENTICATION) {
                    int subtype = b[p + 2] & 0xff;
                    if (subtype == lastAuthSubtype) {
                        return WireError.discard("Option Type", p, Reason.DUPLICATE_OPTION,
                                "second Mobility Message Authentication option with subtype " + subtype);
                    }
                    if (subtype < lastAuthSubtype) {
                        return WireError.discard("Subtype", p + 2, Reason.AUTH_DATA_NOT_LAST,
                                "authentication subtype " + subtype + " follows subtype " + lastAuthSubtype
                                        + "; MN-HA must precede MN-AAA, which is last (RFC 4285 5.2)");
                    }
                    lastAuthSubtype = subtype;
                } else if (c != MOBILE_NETWORK_PREFIX) {
                    int bit = 1 << (c == EXPERIMENTAL ? 31 : c);
                    if ((seen & bit) != 0) {
                        return WireError.discard("Option Type", p, Reason.DUPLICATE_OPTION,
                                MobilityOptionType.name(t, ext) + " may appear only once in a message");
                    }
                    seen |= bit;
                }
                if (c == BINDING_AUTHORIZATION_DATA) {
                    finalSeen = true;
                }
            }
            p += 2 + l;
        }
        return null;
    }

    private static WireError checkLength(int c, int l, int p) {
        int fixed;
        boolean exact = true;
        switch (c) {
            case BINDING_REFRESH_ADVICE -> fixed = MobilityOptionType.BINDING_REFRESH_ADVICE_LENGTH;
            case ALTERNATE_CARE_OF_ADDRESS -> fixed = MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS_LENGTH;
            case NONCE_INDICES -> fixed = MobilityOptionType.NONCE_INDICES_LENGTH;
            case MOBILE_NETWORK_PREFIX -> fixed = MobilityOptionType.MOBILE_NETWORK_PREFIX_LENGTH;
            case MOBILITY_MESSAGE_REPLAY_PROTECTION -> fixed = MobilityOptionType.MOBILITY_MESSAGE_REPLAY_PROTECTION_LENGTH;
            case MOBILE_NODE_IDENTIFIER -> {
                fixed = MobilityOptionType.MOBILE_NODE_IDENTIFIER_MIN_LENGTH;
                exact = false;
            }
            case MOBILITY_MESSAGE_AUTHENTICATION -> {
                fixed = MobilityOptionType.MOBILITY_MESSAGE_AUTHENTICATION_MIN_LENGTH;
                exact = false;
            }
            case EXPERIMENTAL -> {
                fixed = MobilityOptionType.MULTIPLE_HOME_AGENTS_FIXED_LENGTH + 16;
                exact = false;
            }
            default -> {
                return null; // Binding Authorization Data: any length
            }
        }
        String name = MobilityOptionType.name(c, MobilityExtensions.DEFAULT);
        if (l < fixed) {
            return WireError.discard("Option Length", p + 1, Reason.OPTION_TOO_SHORT,
                    name + " option has length " + l + ", needs " + (exact ? "" : "at least ") + fixed);
        }
        if (exact && l != fixed) {
            return WireError.discard("Option Length", p + 1, Reason.BAD_LENGTH,
                    name + " option has length " + l + ", must be " + fixed);
        }
        if (c == EXPERIMENTAL && (l - MobilityOptionType.MULTIPLE_HOME_AGENTS_FIXED_LENGTH) % 16 != 0) {
            return WireError.discard("Option Length", p + 1, Reason.BAD_LENGTH,
                    name + " option has length " + l + ", must be 2 + 16 * N");
        }
        return null;
    }

    private static WireError checkAlignment(int t, int p, int mhStart, MobilityExtensions ext) {
        int x = MobilityOptionType.alignmentMultiple(t, ext);
        if (x == 0) {
            return null;
        }
        int y = MobilityOptionType.alignmentOffset(t, ext);
        int at = p - mhStart;
        if (at % x != y) {
            return WireError.discard("Option Type", p, Reason.BAD_ALIGNMENT,
                    MobilityOptionType.name(t, ext) + " option at offset " + at + " of the Mobility Header, must be at " + x + "n+" + y);
        }
        return null;
    }
}
