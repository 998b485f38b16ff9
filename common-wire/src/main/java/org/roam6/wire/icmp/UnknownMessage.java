package org.roam6.wire.icmp;

import java.util.Objects;
import org.roam6.wire.Octets;

/**
 * An ICMPv6 message of a type roam6 does not decode further: its type, code and the bytes after
 * the checksum. Not an error: RFC 4443 2.4 has unknown informational messages dropped and
 * unknown error messages passed up, which is the caller's choice to make.
 */
public record UnknownMessage(int type, int code, Octets body) implements Icmpv6Message {
    public static final int OFF_BODY = 4;

    public UnknownMessage {
        Icmpv6Message.u8("type", type);
        Icmpv6Message.u8("code", code);
        Objects.requireNonNull(body, "body");
    }
}
