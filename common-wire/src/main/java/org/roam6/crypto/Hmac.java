package org.roam6.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.GeneralDigest;
import org.bouncycastle.util.Memoable;
import org.roam6.wire.Bytes;
import org.roam6.wire.Ipv6Address;

/**
 * HMAC (RFC 2104) over a reusable Bouncy Castle digest, keyed and run without allocating.
 *
 * <p><b>Why not {@code javax.crypto.Mac}.</b> The JDK's {@code Mac} is the obvious choice and
 * roam6 uses it as a test oracle, but on the signalling hot path (one HMAC per keygen token,
 * one per Binding Update authenticator, with a different key almost every time: Kbm changes per
 * binding, MN-HA keys per mobile node) it allocates on every use: each new key needs a
 * {@code SecretKeySpec} (a copy of the key) and {@code init} copies it again, and
 * {@code Mac.doFinal(byte[], int)} computes into a fresh array and copies it out. Bouncy
 * Castle's own {@code HMac} avoids the output copy but still allocates in {@code init} (a
 * {@code KeyParameter} and two digest copies for the pad states). Bouncy Castle's digests
 * implement {@link Memoable#reset(Memoable)}, which copies one digest's state <i>into an
 * existing</i> digest; with it this class keeps the inner and outer pad states in digests made
 * once, so that {@link #init} and {@link #doFinal} allocate nothing. An instance is not
 * thread-safe: callers get one per thread from {@link CryptoEngines}.
 *
 * <p>After {@link #doFinal} the instance is ready for another message under the same key.
 */
public final class Hmac {
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5c;

    private final MacAlgorithm algorithm;
    private final GeneralDigest digest;
    private final Memoable innerState;
    private final Memoable outerState;
    private final byte[] pad;
    private final byte[] inner;
    private final byte[] scratch = new byte[Ipv6Address.LENGTH];
    private boolean keyed;

    public Hmac(MacAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.digest = algorithm.newDigest();
        this.innerState = digest.copy();
        this.outerState = digest.copy();
        this.pad = new byte[algorithm.blockLength()];
        this.inner = new byte[algorithm.macLength()];
    }

    public MacAlgorithm algorithm() {
        return algorithm;
    }

    /** Length of the full MAC in bytes. */
    public int macLength() {
        return algorithm.macLength();
    }

    /** Keys the HMAC with {@code len} bytes of {@code key} at {@code off} (RFC 2104 section 2). */
    public Hmac init(byte[] key, int off, int len) {
        int block = pad.length;
        if (len > block) {
            digest.reset();
            digest.update(key, off, len);
            digest.doFinal(pad, 0);
            Arrays.fill(pad, algorithm.macLength(), block, (byte) 0);
        } else {
            System.arraycopy(key, off, pad, 0, len);
            Arrays.fill(pad, len, block, (byte) 0);
        }
        for (int i = 0; i < block; i++) {
            pad[i] ^= OPAD;
        }
        digest.reset();
        digest.update(pad, 0, block);
        outerState.reset(digest);
        for (int i = 0; i < block; i++) {
            pad[i] ^= (byte) (OPAD ^ IPAD);
        }
        digest.reset();
        digest.update(pad, 0, block);
        innerState.reset(digest);
        Arrays.fill(pad, (byte) 0);
        keyed = true;
        return this;
    }

    /** Keys the HMAC with the whole of {@code key}. */
    public Hmac init(byte[] key) {
        return init(key, 0, key.length);
    }

    public Hmac update(byte[] b, int off, int len) {
        requireKey();
        digest.update(b, off, len);
        return this;
    }

    public Hmac update(byte b) {
        requireKey();
        digest.update(b);
        return this;
    }

    /** Adds the address's 16 bytes in network order. */
    public Hmac update(Ipv6Address a) {
        requireKey();
        a.write(scratch, 0);
        digest.update(scratch, 0, Ipv6Address.LENGTH);
        return this;
    }

    /** Adds the 8 bytes of {@code v}, big-endian. */
    public Hmac updateLong(long v) {
        requireKey();
        Bytes.putLong(scratch, 0, v);
        digest.update(scratch, 0, 8);
        return this;
    }

    /** Adds the 2 bytes of {@code v}, big-endian. */
    public Hmac update16(int v) {
        requireKey();
        Bytes.put16(scratch, 0, v);
        digest.update(scratch, 0, 2);
        return this;
    }

    /**
     * Writes the full MAC ({@link #macLength()} bytes) at {@code out[off]} and returns its length.
     * The instance stays keyed for the next message.
     */
    public int doFinal(byte[] out, int off) {
        requireKey();
        digest.doFinal(inner, 0);
        digest.reset(outerState);
        digest.update(inner, 0, inner.length);
        int n = digest.doFinal(out, off);
        digest.reset(innerState);
        return n;
    }

    /** Forgets the message so far; the key stays. */
    public void reset() {
        requireKey();
        digest.reset(innerState);
    }

    private void requireKey() {
        if (!keyed) {
            throw new IllegalStateException("HMAC used before init");
        }
    }
}
