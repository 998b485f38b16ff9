package org.roam6.wire.icmp;

import java.util.List;
import java.util.Objects;
import org.roam6.wire.Ipv6Address;

/**
 * Neighbor Solicitation (RFC 4861 4.3), type 135, code 0. A home agent defends an away mobile
 * node's home address by answering these (proxy ND, RFC 6275 10.4.1).
 *
 * <pre>
 * | Type=135 | Code=0 | Checksum | Reserved (32) | Target Address (128) | Options ...
 * </pre>
 */
public record NeighborSolicitation(Ipv6Address target, List<NdOption> options) implements Icmpv6Message {
    public static final int TYPE = 135;
    public static final int OFF_RESERVED = 4;
    public static final int OFF_TARGET = 8;
    public static final int OFF_OPTIONS = 24;

    public NeighborSolicitation {
        Objects.requireNonNull(target, "target");
        options = List.copyOf(options);
    }
}
