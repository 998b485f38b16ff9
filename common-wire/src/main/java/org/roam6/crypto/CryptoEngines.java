package org.roam6.crypto;

import org.bouncycastle.crypto.digests.SHA1Digest;

/**
 * The per-thread HMAC and hash instances and scratch space the crypto functions share, made once
 * per thread so that computing a token, a key or an authenticator allocates nothing. A function
 * takes what it needs from {@link #get()}, uses it to the end and calls no other function that
 * uses the same engine meanwhile.
 */
final class CryptoEngines {
    private static final ThreadLocal<CryptoEngines> PER_THREAD = ThreadLocal.withInitial(CryptoEngines::new);

    final Hmac hmacSha1 = new Hmac(MacAlgorithm.HMAC_SHA1);
    final Hmac hmacSha256 = new Hmac(MacAlgorithm.HMAC_SHA256);
    final SHA1Digest sha1 = new SHA1Digest();
    /** Room for the longest MAC (SHA-256). */
    final byte[] mac = new byte[32];
    /** Room for small inputs (tokens, a zeroed checksum). */
    final byte[] small = new byte[16];

    private CryptoEngines() {}

    static CryptoEngines get() {
        return PER_THREAD.get();
    }

    Hmac hmac(MacAlgorithm algorithm) {
        return algorithm == MacAlgorithm.HMAC_SHA1 ? hmacSha1 : hmacSha256;
    }
}
