package org.roam6.wire.icmp;

import java.util.Objects;
import org.roam6.wire.Octets;

/**
 * An ND option roam6 does not know (RFC 4861 4.6: skipped by receivers), kept raw: its type and
 * the {@code 8 * Length - 2} bytes after the Length field. Encoding pads {@code data} with zeros
 * to a multiple of 8 bytes.
 */
public record UnknownOption(int type, Octets data) implements NdOption {

    public UnknownOption {
        Icmpv6Message.u8("option type", type);
        Objects.requireNonNull(data, "data");
        if (data.length() > 255 * 8 - 2) {
            throw new IllegalArgumentException("option data of " + data.length() + " bytes");
        }
    }
}
