package org.roam6.wire.icmp;

import java.util.Objects;
import org.roam6.wire.Octets;

/**
 * Echo Reply (RFC 4443 4.2), type 129, code 0.
 *
 * <pre>
 * | Type=129 | Code=0 | Checksum | Identifier (16) | Sequence Number (16) | Data ...
 * </pre>
 */
public record EchoReply(int identifier, int sequence, Octets data) implements Icmpv6Message {
    public static final int TYPE = 129;
    public static final int OFF_IDENTIFIER = 4;
    public static final int OFF_SEQUENCE = 6;
    public static final int OFF_DATA = 8;

    public EchoReply {
        Icmpv6Message.u16("identifier", identifier);
        Icmpv6Message.u16("sequence", sequence);
        Objects.requireNonNull(data, "data");
    }
}
