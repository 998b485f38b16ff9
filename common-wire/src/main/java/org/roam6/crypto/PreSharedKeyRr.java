package org.roam6.crypto;

import org.roam6.wire.Ipv6Address;

/**
 * Kbm for the two-message, pre-shared-key Return Routability of the Mobility Agent design
 * (paper 003, section III): a mobile node and a mobility agent that share a per-node key skip
 * HoTI/HoT/CoTI/CoT and derive the binding management key from that key and the Binding
 * Update's own fields. The BU then carries an ordinary Binding Authorization Data option
 * (computed with {@link ReturnRoutability#authenticator}) and no Nonce Indices option; the agent
 * answers with a BA. The paper names the idea, not a derivation; this is roam6's:
 *
 * <pre>
 *   Kbm = First(160, HMAC_SHA1(PSK, home address | care-of address | CN address | sequence number))
 * </pre>
 *
 * The HMAC input is exactly 50 bytes: the home address (16 bytes), the care-of address (16),
 * the correspondent node's address (16, the BU's destination, i.e. the node the agent answers
 * for), and the BU's 16-bit Sequence Number (2 bytes, big-endian). First(160, ...) of
 * HMAC-SHA1 is the whole 20-byte MAC, the length Kbm has in RFC 6275.
 *
 * <p>The sequence number makes every BU's key different; replays are refused by the ordinary
 * sequence number check (RFC 6275 9.5.1). A de-registration uses the same formula with the
 * home address as care-of address. The PSK should be used for nothing else (in particular not
 * also as an RFC 4285 MN-HA key) and be at least 16 bytes.
 */
public final class PreSharedKeyRr {
    private PreSharedKeyRr() {}

    /** The shortest pre-shared key accepted, in bytes. */
    public static final int MIN_KEY_LENGTH = 16;

    /** Length of the derived Kbm. */
    public static final int KBM_LENGTH = ReturnRoutability.KBM_LENGTH;

    /** Writes the 20-byte Kbm at {@code out[off]}. */
    public static void bindingManagementKey(byte[] psk, Ipv6Address homeAddress, Ipv6Address careOfAddress,
                                            Ipv6Address correspondent, int sequenceNumber, byte[] out, int off) {
        CryptoEngines.get().hmacSha1.init(psk, 0, psk.length)
                .update(homeAddress).update(careOfAddress).update(correspondent)
                .update16(sequenceNumber & 0xffff)
                .doFinal(out, off);
    }

    /** The 20-byte Kbm as a new array. */
    public static byte[] bindingManagementKey(byte[] psk, Ipv6Address homeAddress, Ipv6Address careOfAddress,
                                              Ipv6Address correspondent, int sequenceNumber) {
        byte[] kbm = new byte[KBM_LENGTH];
        bindingManagementKey(psk, homeAddress, careOfAddress, correspondent, sequenceNumber, kbm, 0);
        return kbm;
    }
}
