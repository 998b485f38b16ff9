package org.roam6.wire;

/**
 * The code points roam6 uses for the multi-HA paper's extensions (shared/seeds/001). The paper
 * names the M bit, the Multiple-Home-Agents option and the Home Agent Unreachable message but
 * gives no numbers; each default below collides with a later IANA assignment, so each is
 * configurable and both ends must agree:
 *
 * <ul>
 *   <li>{@code mFlag}: Binding Update flag bit for "registering with multiple HAs"; default
 *       0x0800 (RFC 5380 later gave that bit to HMIPv6 MAP registration).
 *   <li>{@code multiHaOptionType}: mobility option type carrying the HA list; default 18, the
 *       RFC 5096 Experimental Mobility Option.
 *   <li>{@code haUnreachableIcmpType}: ICMPv6 type of Home Agent Unreachable; default 154
 *       (IANA gave 154 to FMIPv6, RFC 5568; 200 and 201 are private experimentation).
 * </ul>
 */
public record MobilityExtensions(int mFlag, int multiHaOptionType, int haUnreachableIcmpType) {

    /** 0x0800, option 18, ICMPv6 154. */
    public static final MobilityExtensions DEFAULT = new MobilityExtensions(0x0800, 18, 154);

    public MobilityExtensions {
        if (Integer.bitCount(mFlag) != 1 || (mFlag & 0xffff) != mFlag) {
            throw new IllegalArgumentException("M flag must be one bit of the 16-bit BU flags field, got 0x"
                    + Integer.toHexString(mFlag));
        }
        if ((mFlag & 0xFC00 & ~0x0800) != 0) {
            // A, H, L, K and R are RFC 6275 / RFC 3963 flags; the M bit must not take one of them.
            if (mFlag == 0x8000 || mFlag == 0x4000 || mFlag == 0x2000 || mFlag == 0x1000 || mFlag == 0x0400) {
                throw new IllegalArgumentException("M flag 0x" + Integer.toHexString(mFlag)
                        + " is an RFC 6275/3963 flag (A, H, L, K or R)");
            }
        }
        if (multiHaOptionType < 2 || multiHaOptionType > 255) {
            throw new IllegalArgumentException("Multiple-HA option type must be 2-255, got " + multiHaOptionType);
        }
        if (haUnreachableIcmpType < 0 || haUnreachableIcmpType > 255) {
            throw new IllegalArgumentException("HA Unreachable ICMPv6 type must be 0-255, got " + haUnreachableIcmpType);
        }
        if (haUnreachableIcmpType < 128) {
            throw new IllegalArgumentException("HA Unreachable ICMPv6 type " + haUnreachableIcmpType
                    + " is an error-message type (0-127); use an informational type (128-255)");
        }
    }
}
