package org.roam6.mnd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The access interface's carrier (link layer up or down): the first sign of movement
 * (RFC 6275 11.5.1 lets the mobile node use "lower-layer" indications). The real source is
 * {@code /sys/class/net/IF/carrier} and {@code carrier_changes}; tests give a fake.
 */
public interface Carrier {
    /** Whether the interface has its carrier now; false when the kernel cannot tell (interface down). */
    boolean up();

    /**
     * How many times the carrier has changed since the interface appeared, or -1 when unknown.
     * A down-and-up too quick for polling shows here as a step of two or more.
     */
    default long changes() {
        return -1;
    }

    /** The carrier of {@code interfaceName} from {@code /sys/class/net}. */
    static Carrier sysfs(String interfaceName) {
        return sysfs(Path.of("/sys/class/net", interfaceName));
    }

    /** The carrier read from a directory laid out as {@code /sys/class/net/IF}. */
    static Carrier sysfs(Path interfaceDirectory) {
        Objects.requireNonNull(interfaceDirectory, "interfaceDirectory");
        Path carrier = interfaceDirectory.resolve("carrier");
        Path changes = interfaceDirectory.resolve("carrier_changes");
        return new Carrier() {
            @Override
            public boolean up() {
                // reading "carrier" of an administratively down interface fails with EINVAL
                return "1".equals(read(carrier));
            }

            @Override
            public long changes() {
                String s = read(changes);
                try {
                    return s == null ? -1 : Long.parseLong(s);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        };
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            return null;
        }
    }
}
