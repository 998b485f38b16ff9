package org.roam6.crypto;

import java.util.Objects;
import org.roam6.wire.Ipv6Address;

/**
 * One mobile node's MN-HA security association for the RFC 4285 authentication option: the SPI
 * that names it on the wire, the home address it belongs to, the HMAC variant and the shared key.
 *
 * @param spi         Security Parameter Index (32 bits, compared as an unsigned value)
 * @param homeAddress the mobile node's home address
 * @param algorithm   HMAC variant, {@link MacAlgorithm#MN_HA_DEFAULT} unless configured otherwise
 * @param secret      the shared key, at least {@link #MIN_SECRET_LENGTH} bytes; shared, not copied
 */
public record MnHaKey(int spi, Ipv6Address homeAddress, MacAlgorithm algorithm, byte[] secret) {

    /** Shortest accepted key: 16 bytes (128 bits). */
    public static final int MIN_SECRET_LENGTH = 16;

    public MnHaKey {
        Objects.requireNonNull(homeAddress, "homeAddress");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("MN-HA key for SPI " + Integer.toUnsignedString(spi) + " has "
                    + secret.length + " bytes; at least " + MIN_SECRET_LENGTH + " are needed");
        }
    }

    /** A key with roam6's default algorithm (HMAC-SHA256). */
    public MnHaKey(int spi, Ipv6Address homeAddress, byte[] secret) {
        this(spi, homeAddress, MacAlgorithm.MN_HA_DEFAULT, secret);
    }

    @Override
    public String toString() {
        return "MnHaKey[spi=" + Integer.toUnsignedString(spi) + ", homeAddress=" + homeAddress + ", " + algorithm + "]";
    }
}
