package org.roam6.wire;

import java.util.Arrays;

/**
 * An immutable run of bytes with value equality, for the variable-length fields of value records
 * (echo data, the invoking packet of a Parameter Problem, a link-layer address, an option whose
 * type is not known). A record holding a bare {@code byte[]} would compare by identity.
 */
public final class Octets {
    public static final Octets EMPTY = new Octets(new byte[0]);

    private final byte[] bytes;

    private Octets(byte[] owned) {
        this.bytes = owned;
    }

    /** A copy of {@code len} bytes at {@code off}. */
    public static Octets copyOf(byte[] b, int off, int len) {
        return len == 0 ? EMPTY : new Octets(Arrays.copyOfRange(b, off, off + len));
    }

    public static Octets of(byte... b) {
        return copyOf(b, 0, b.length);
    }

    public static Octets fromHex(String hex) {
        return new Octets(Bytes.fromHex(hex));
    }

    public int length() {
        return bytes.length;
    }

    public int get(int i) {
        return bytes[i] & 0xff;
    }

    /** Copies the bytes to {@code out} at {@code off}; returns the number written. */
    public int copyTo(byte[] out, int off) {
        System.arraycopy(bytes, 0, out, off, bytes.length);
        return bytes.length;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Octets other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return Bytes.toHex(bytes);
    }
}
