package org.roam6.wire.icmp;

import java.util.List;
import java.util.Objects;
import org.roam6.wire.Ipv6Address;

/**
 * Neighbor Advertisement (RFC 4861 4.4), type 136, code 0.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|S|O|                     Reserved                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Target Address (128)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Options ...
 * </pre>
 */
public record NeighborAdvertisement(boolean router, boolean solicited, boolean override, Ipv6Address target,
                                    List<NdOption> options) implements Icmpv6Message {
    public static final int TYPE = 136;
    public static final int OFF_FLAGS = 4;
    public static final int OFF_TARGET = 8;
    public static final int OFF_OPTIONS = 24;
    public static final int FLAG_ROUTER = 0x80;
    public static final int FLAG_SOLICITED = 0x40;
    public static final int FLAG_OVERRIDE = 0x20;

    public NeighborAdvertisement {
        Objects.requireNonNull(target, "target");
        options = List.copyOf(options);
    }
}
