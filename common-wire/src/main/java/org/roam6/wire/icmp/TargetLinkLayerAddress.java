package org.roam6.wire.icmp;

import java.util.Objects;
import org.roam6.wire.Octets;

/**
 * Target Link-Layer Address option (RFC 4861 4.6.1), type 2: the target's link-layer address
 * (6 bytes on Ethernet). On decode the address is every byte after Type and Length, padding
 * included; on encode it is zero-padded to a multiple of 8 bytes.
 */
public record TargetLinkLayerAddress(Octets address) implements NdOption {
    public static final int TYPE = 2;
    public static final int OFF_ADDRESS = 2;

    public TargetLinkLayerAddress {
        Objects.requireNonNull(address, "address");
        if (address.length() == 0 || address.length() > 255 * 8 - 2) {
            throw new IllegalArgumentException("link-layer address of " + address.length() + " bytes");
        }
    }
}
