package org.roam6.crypto;

import org.roam6.wire.Ipv6Address;

/**
 * The authenticator of the Mobility Message Authentication option (mobility option 9, RFC 4285
 * section 5), subtype 1 (MN-HA), which protects Binding Updates and Acknowledgements between a
 * mobile node and its home agent with a shared key instead of IPsec.
 *
 * <pre>
 *   Mobility Data  = care-of address | home address | MH Data
 *   Authenticator  = First(96, HMAC(MN-HA shared key, Mobility Data))
 * </pre>
 *
 * MH Data is the Mobility Header from its first byte up to and including the option's SPI
 * field, with the Checksum field taken as zero (RFC 4285 5.1). The caller passes that range
 * ({@code mh[off .. off+len)}, ending just after the SPI); the Checksum bytes at
 * {@code mh[off+4..off+5]} are treated as zero whatever they hold.
 *
 * <p><b>Algorithm and length.</b> RFC 4285 5.1 specifies HMAC_SHA1; roam6 defaults to
 * HMAC-SHA256 ({@link MacAlgorithm#MN_HA_DEFAULT}) and supports HMAC_SHA1 for peers that follow
 * the RFC literally. With either hash the authenticator is the <i>first 96 bits</i> (12 bytes)
 * of the MAC, so the option keeps the size RFC 4285 gives it (Option Len 17: subtype 1 + SPI 4
 * + authenticator 12); 96 bits is the truncation RFC 2104 section 5 and RFC 4285 use, and
 * enough against forgery within a binding's lifetime. The algorithm is a per-key setting
 * ({@link MnHaKey#algorithm()}); it is not signalled on the wire.
 *
 * <p>Which addresses: in a Binding Update the care-of address is the one the BU registers (the
 * Alternate Care-of Address option's when present, else the IPv6 source) and the home address
 * the Home Address option's; in a Binding Acknowledgement the care-of address is the IPv6
 * destination and the home address the one in the Type 2 routing header. The caller works them
 * out from the packet.
 */
public final class MnHaAuthentication {
    private MnHaAuthentication() {}

    /** Mobility option type of the Mobility Message Authentication option (RFC 4285 5). */
    public static final int OPTION_TYPE = 9;
    /** Subtype 1: MN-HA authentication (RFC 4285 5.1). */
    public static final int SUBTYPE_MN_HA = 1;
    /** Subtype 2: MN-AAA authentication (RFC 4285 5.2; not computed here). */
    public static final int SUBTYPE_MN_AAA = 2;
    /** Length of the authenticator in bytes: First(96, ...) for both hashes. */
    public static final int AUTHENTICATOR_LENGTH = 12;

    /** BA status MIPV6-ID-MISMATCH (RFC 4285 8): timestamp or identification refused. */
    public static final int STATUS_ID_MISMATCH = 144;
    /** BA status MIPV6-MESG-ID-REQD (RFC 4285 8): the replay protection option is required. */
    public static final int STATUS_MESG_ID_REQUIRED = 145;
    /** BA status MIPV6-AUTH-FAIL (RFC 4285 8): the authenticator did not verify. */
    public static final int STATUS_AUTH_FAIL = 146;

    /** Writes the 12-byte authenticator at {@code out[outOff]}. */
    public static void authenticator(MacAlgorithm algorithm, byte[] key, Ipv6Address careOfAddress,
                                     Ipv6Address homeAddress, byte[] mh, int off, int len,
                                     byte[] out, int outOff) {
        CryptoEngines e = CryptoEngines.get();
        compute(e, algorithm, key, careOfAddress, homeAddress, mh, off, len);
        System.arraycopy(e.mac, 0, out, outOff, AUTHENTICATOR_LENGTH);
    }

    /** The 12-byte authenticator as a new array. */
    public static byte[] authenticator(MacAlgorithm algorithm, byte[] key, Ipv6Address careOfAddress,
                                       Ipv6Address homeAddress, byte[] mh, int off, int len) {
        byte[] a = new byte[AUTHENTICATOR_LENGTH];
        authenticator(algorithm, key, careOfAddress, homeAddress, mh, off, len, a, 0);
        return a;
    }

    /** The authenticator under a configured key (its algorithm and key bytes). */
    public static void authenticator(MnHaKey key, Ipv6Address careOfAddress, Ipv6Address homeAddress,
                                     byte[] mh, int off, int len, byte[] out, int outOff) {
        authenticator(key.algorithm(), key.secret(), careOfAddress, homeAddress, mh, off, len, out, outOff);
    }

    /**
     * True when the 12 bytes at {@code auth[authOff]} are the authenticator of the given
     * Mobility Data; compared in constant time ({@link ConstantTime}).
     */
    public static boolean verify(MacAlgorithm algorithm, byte[] key, Ipv6Address careOfAddress,
                                 Ipv6Address homeAddress, byte[] mh, int off, int len,
                                 byte[] auth, int authOff) {
        CryptoEngines e = CryptoEngines.get();
        compute(e, algorithm, key, careOfAddress, homeAddress, mh, off, len);
        return ConstantTime.equals(e.mac, 0, auth, authOff, AUTHENTICATOR_LENGTH);
    }

    private static void compute(CryptoEngines e, MacAlgorithm algorithm, byte[] key, Ipv6Address careOfAddress,
                                Ipv6Address homeAddress, byte[] mh, int off, int len) {
        Hmac h = e.hmac(algorithm).init(key, 0, key.length).update(careOfAddress).update(homeAddress);
        ReturnRoutability.updateWithZeroChecksum(h, e, mh, off, len);
        h.doFinal(e.mac, 0);
    }
}
