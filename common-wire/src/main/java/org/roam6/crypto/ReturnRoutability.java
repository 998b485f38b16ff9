package org.roam6.crypto;

import org.bouncycastle.crypto.digests.SHA1Digest;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;

/**
 * The Return Routability computations of RFC 6275 5.2: keygen tokens, the binding management key
 * Kbm and the Binding Authorization Data authenticator. Pure functions of their inputs; they use
 * per-thread engines ({@link CryptoEngines}) and allocate nothing except where they return a new
 * array.
 *
 * <p>Nonces and keygen tokens are 8 bytes each and are passed as {@code long}s holding those
 * bytes big-endian (read them with {@link Bytes#getLong}, write with {@link Bytes#putLong}).
 */
public final class ReturnRoutability {
    private ReturnRoutability() {}

    /** Length of a nonce in bytes (RFC 6275 5.2.2). */
    public static final int NONCE_LENGTH = 8;
    /** Length of a keygen token in bytes: First(64, ...) (RFC 6275 5.2.5). */
    public static final int TOKEN_LENGTH = 8;
    /** Length of Kbm in bytes: a SHA-1 digest (RFC 6275 5.2.5). */
    public static final int KBM_LENGTH = 20;
    /** Length of the Binding Authorization Data authenticator: First(96, ...) (RFC 6275 5.2.6). */
    public static final int AUTHENTICATOR_LENGTH = 12;

    /** Offset of the Checksum field from the start of the Mobility Header (RFC 6275 6.1.1). */
    static final int MH_CHECKSUM = 4;

    private static final byte HOME = 0;
    private static final byte CARE_OF = 1;

    /**
     * Home keygen token = First(64, HMAC_SHA1(Kcn, home address | nonce | 0)), the final 0 being
     * one zero octet (RFC 6275 5.2.5).
     */
    public static long homeKeygenToken(byte[] kcn, Ipv6Address homeAddress, long homeNonce) {
        return keygenToken(kcn, homeAddress, homeNonce, HOME);
    }

    /**
     * Care-of keygen token = First(64, HMAC_SHA1(Kcn, care-of address | nonce | 1)), the final 1
     * being one octet of value 1 (RFC 6275 5.2.5).
     */
    public static long careOfKeygenToken(byte[] kcn, Ipv6Address careOfAddress, long careOfNonce) {
        return keygenToken(kcn, careOfAddress, careOfNonce, CARE_OF);
    }

    private static long keygenToken(byte[] kcn, Ipv6Address address, long nonce, byte which) {
        CryptoEngines e = CryptoEngines.get();
        e.hmacSha1.init(kcn, 0, kcn.length).update(address).updateLong(nonce).update(which).doFinal(e.mac, 0);
        return Bytes.getLong(e.mac, 0);
    }

    /** Kbm = SHA1(home keygen token | care-of keygen token), written at {@code out[off]} (RFC 6275 5.2.5). */
    public static void bindingManagementKey(long homeToken, long careOfToken, byte[] out, int off) {
        CryptoEngines e = CryptoEngines.get();
        SHA1Digest sha1 = e.sha1;
        sha1.reset();
        Bytes.putLong(e.small, 0, homeToken);
        Bytes.putLong(e.small, 8, careOfToken);
        sha1.update(e.small, 0, 2 * TOKEN_LENGTH);
        sha1.doFinal(out, off);
    }

    /** Kbm = SHA1(home keygen token | care-of keygen token) as a new array (RFC 6275 5.2.5). */
    public static byte[] bindingManagementKey(long homeToken, long careOfToken) {
        byte[] kbm = new byte[KBM_LENGTH];
        bindingManagementKey(homeToken, careOfToken, kbm, 0);
        return kbm;
    }

    /**
     * Kbm for a de-registration (the care-of address is the home address, lifetime zero):
     * SHA1(home keygen token) alone (RFC 6275 5.2.5), written at {@code out[off]}.
     */
    public static void deregistrationKey(long homeToken, byte[] out, int off) {
        CryptoEngines e = CryptoEngines.get();
        SHA1Digest sha1 = e.sha1;
        sha1.reset();
        Bytes.putLong(e.small, 0, homeToken);
        sha1.update(e.small, 0, TOKEN_LENGTH);
        sha1.doFinal(out, off);
    }

    /** Kbm for a de-registration, SHA1(home keygen token), as a new array. */
    public static byte[] deregistrationKey(long homeToken) {
        byte[] kbm = new byte[KBM_LENGTH];
        deregistrationKey(homeToken, kbm, 0);
        return kbm;
    }

    /**
     * The Binding Authorization Data authenticator (RFC 6275 5.2.6):
     * First(96, HMAC_SHA1(Kbm, care-of address | correspondent node address | MH Data)),
     * written at {@code out[outOff]}.
     *
     * <p>{@code mh[off .. off+len)} is the MH Data: the Mobility Header from its first byte
     * (Payload Proto) up to, not including, the Authenticator field. The caller excludes the
     * authenticator by the range it passes. The Checksum field ({@code mh[off+4..off+5]}) is
     * taken as zero whatever it holds, as 5.2.6 requires, so the buffer need not be altered.
     *
     * @param careOfAddress the care-of address of the binding (the Alternate Care-of Address
     *                      option's address if the BU has one, else the IPv6 source)
     * @param correspondent the correspondent node's address (the BU's destination)
     * @throws IllegalArgumentException if {@code len} is shorter than the MH's first 6 bytes
     */
    public static void authenticator(byte[] kbm, Ipv6Address careOfAddress, Ipv6Address correspondent,
                                     byte[] mh, int off, int len, byte[] out, int outOff) {
        CryptoEngines e = CryptoEngines.get();
        Hmac h = e.hmacSha1.init(kbm, 0, kbm.length).update(careOfAddress).update(correspondent);
        updateWithZeroChecksum(h, e, mh, off, len);
        h.doFinal(e.mac, 0);
        System.arraycopy(e.mac, 0, out, outOff, AUTHENTICATOR_LENGTH);
    }

    /** The Binding Authorization Data authenticator as a new 12-byte array; see the other overload. */
    public static byte[] authenticator(byte[] kbm, Ipv6Address careOfAddress, Ipv6Address correspondent,
                                       byte[] mh, int off, int len) {
        byte[] a = new byte[AUTHENTICATOR_LENGTH];
        authenticator(kbm, careOfAddress, correspondent, mh, off, len, a, 0);
        return a;
    }

    /**
     * True when the 12 bytes at {@code auth[authOff]} are the authenticator for the MH Data
     * {@code mh[off .. off+len)} (compared in constant time, {@link ConstantTime}). Often
     * {@code auth == mh} and {@code authOff == off + len}.
     */
    public static boolean verifyAuthenticator(byte[] kbm, Ipv6Address careOfAddress, Ipv6Address correspondent,
                                              byte[] mh, int off, int len, byte[] auth, int authOff) {
        CryptoEngines e = CryptoEngines.get();
        Hmac h = e.hmacSha1.init(kbm, 0, kbm.length).update(careOfAddress).update(correspondent);
        updateWithZeroChecksum(h, e, mh, off, len);
        h.doFinal(e.mac, 0);
        return ConstantTime.equals(e.mac, 0, auth, authOff, AUTHENTICATOR_LENGTH);
    }

    /** Adds a Mobility Header range to the MAC with its Checksum field taken as zero. */
    static void updateWithZeroChecksum(Hmac h, CryptoEngines e, byte[] mh, int off, int len) {
        if (len < MH_CHECKSUM + 2) {
            throw new IllegalArgumentException("MH data of " + len + " bytes ends before the Checksum field");
        }
        e.small[0] = 0;
        e.small[1] = 0;
        h.update(mh, off, MH_CHECKSUM).update(e.small, 0, 2).update(mh, off + MH_CHECKSUM + 2, len - MH_CHECKSUM - 2);
    }
}
