package org.roam6.wire.icmp;

import java.util.List;

/**
 * Router Solicitation (RFC 4861 4.1), type 133, code 0: four reserved bytes, then options
 * (Source Link-Layer Address).
 */
public record RouterSolicitation(List<NdOption> options) implements Icmpv6Message {
    public static final int TYPE = 133;
    public static final int OFF_RESERVED = 4;
    public static final int OFF_OPTIONS = 8;

    public RouterSolicitation {
        options = List.copyOf(options);
    }
}
