package org.roam6.wire.icmp;

/**
 * An ICMPv6 message (RFC 4443 2.1) as a value: one record per message roam6 handles, and
 * {@link UnknownMessage} for every other type. {@link Icmpv6Codec} decodes and encodes them;
 * the checksum is not part of the value (it depends on the IPv6 addresses).
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Message Body                          |
 * </pre>
 */
public sealed interface Icmpv6Message
        permits ParameterProblem, EchoRequest, EchoReply, RouterSolicitation, RouterAdvertisement,
                NeighborSolicitation, NeighborAdvertisement, DhaadRequest, DhaadReply,
                MobilePrefixSolicitation, MobilePrefixAdvertisement, HomeAgentUnreachable, UnknownMessage {

    int OFF_TYPE = 0;
    int OFF_CODE = 1;
    int OFF_CHECKSUM = 2;
    /** Type, Code and Checksum. */
    int HEADER_LENGTH = 4;

    /** Checks a 16-bit field of a record. */
    static int u16(String name, int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(name + " " + v + " is not 0-65535");
        }
        return v;
    }

    /** Checks a 32-bit unsigned field of a record. */
    static long u32(String name, long v) {
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException(name + " " + v + " is not 0-4294967295");
        }
        return v;
    }

    /** Checks an 8-bit field of a record. */
    static int u8(String name, int v) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException(name + " " + v + " is not 0-255");
        }
        return v;
    }
}
