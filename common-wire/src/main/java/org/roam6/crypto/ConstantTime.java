package org.roam6.crypto;

/**
 * Comparison of secret values in time that does not depend on where they differ, so that a
 * forger cannot learn an authenticator byte by byte from response times. Every verification in
 * this package goes through here; nothing in it compares secrets with {@code Arrays.equals}.
 */
public final class ConstantTime {
    private ConstantTime() {}

    /**
     * True when the {@code len} bytes at {@code a[aOff]} equal those at {@code b[bOff]}. Reads
     * all {@code len} bytes whatever the outcome; the time depends on {@code len} only.
     */
    public static boolean equals(byte[] a, int aOff, byte[] b, int bOff, int len) {
        int diff = 0;
        for (int i = 0; i < len; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }

    /** True when both arrays have the same length and contents; time depends on the lengths only. */
    public static boolean equals(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        return equals(a, 0, b, 0, a.length);
    }
}
