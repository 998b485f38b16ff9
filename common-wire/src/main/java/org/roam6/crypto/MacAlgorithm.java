package org.roam6.crypto;

import org.bouncycastle.crypto.digests.GeneralDigest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * The HMAC (RFC 2104) variants roam6 computes.
 *
 * <p>Return Routability (RFC 6275 5.2.5, 5.2.6) and the pre-shared-key Kbm derivation always use
 * {@link #HMAC_SHA1}. The RFC 4285 MN-HA authentication option may use either; RFC 4285 5.1
 * names HMAC_SHA1, roam6 defaults to {@link #HMAC_SHA256} ({@link #MN_HA_DEFAULT}).
 */
public enum MacAlgorithm {
    /** HMAC-SHA1: 20-byte MAC, 64-byte block (RFC 2104, RFC 2202). */
    HMAC_SHA1(20, 64, "HmacSHA1"),
    /** HMAC-SHA256: 32-byte MAC, 64-byte block (RFC 2104, RFC 4231). */
    HMAC_SHA256(32, 64, "HmacSHA256");

    /** roam6's default for the RFC 4285 MN-HA authentication option. */
    public static final MacAlgorithm MN_HA_DEFAULT = HMAC_SHA256;

    private final int macLength;
    private final int blockLength;
    private final String jcaName;

    MacAlgorithm(int macLength, int blockLength, String jcaName) {
        this.macLength = macLength;
        this.blockLength = blockLength;
        this.jcaName = jcaName;
    }

    /** Length of the untruncated MAC in bytes (the hash's output length). */
    public int macLength() {
        return macLength;
    }

    /** The hash's block length in bytes. */
    public int blockLength() {
        return blockLength;
    }

    /** The JCA algorithm name, e.g. for {@code javax.crypto.Mac.getInstance}. */
    public String jcaName() {
        return jcaName;
    }

    /** A fresh Bouncy Castle digest for this algorithm's hash. */
    GeneralDigest newDigest() {
        return this == HMAC_SHA1 ? new SHA1Digest() : new SHA256Digest();
    }
}
