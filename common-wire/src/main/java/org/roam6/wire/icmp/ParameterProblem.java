package org.roam6.wire.icmp;

import java.util.Objects;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Octets;
import org.roam6.wire.WireError;

/**
 * Parameter Problem (RFC 4443 3.4), type 4: the offending packet could not be processed.
 * Mobile IPv6 sends it for an unrecognised Home Address option or a bad Mobility Header length
 * (RFC 6275 9.2, 9.3.1), and the Mobility Agent uses code 1 towards legacy mobile nodes.
 *
 * <pre>
 * | Type=4 | Code | Checksum | Pointer (32) | as much of the invoking packet as fits ...
 * </pre>
 *
 * @param code           0 erroneous header field, 1 unrecognised Next Header, 2 unrecognised
 *                       IPv6 option (RFC 4443 3.4; later codes exist and are kept as is)
 * @param pointer        offset in the invoking packet of the error
 * @param invokingPacket the start of the packet that caused the error
 */
public record ParameterProblem(int code, long pointer, Octets invokingPacket) implements Icmpv6Message {
    public static final int TYPE = 4;
    public static final int CODE_ERRONEOUS_HEADER_FIELD = 0;
    public static final int CODE_UNRECOGNIZED_NEXT_HEADER = 1;
    public static final int CODE_UNRECOGNIZED_OPTION = 2;
    public static final int OFF_POINTER = 4;
    public static final int OFF_INVOKING_PACKET = 8;

    /** An error message must fit the IPv6 minimum MTU (RFC 4443 2.4 (c)). */
    public static final int MAX_INVOKING_PACKET = 1280 - Ipv6Header.LENGTH - OFF_INVOKING_PACKET;

    public ParameterProblem {
        Icmpv6Message.u8("code", code);
        Icmpv6Message.u32("pointer", pointer);
        Objects.requireNonNull(invokingPacket, "invokingPacket");
    }

    /**
     * The Parameter Problem a receiver sends for {@code error}, found while decoding the packet
     * at {@code packet[off..off+len)} (the whole IPv6 packet, so the pointer counts from its
     * first byte), or {@code null} when the error's answer is not a Parameter Problem. Code 2
     * for {@link WireError.Answer#PARAMETER_PROBLEM_OPTION}, code 0 for
     * {@link WireError.Answer#PARAMETER_PROBLEM_FIELD}; the invoking packet is cut to
     * {@link #MAX_INVOKING_PACKET} bytes.
     */
    public static ParameterProblem answering(WireError error, byte[] packet, int off, int len) {
        int code;
        switch (error.answer()) {
            case PARAMETER_PROBLEM_OPTION:
                code = CODE_UNRECOGNIZED_OPTION;
                break;
            case PARAMETER_PROBLEM_FIELD:
                code = CODE_ERRONEOUS_HEADER_FIELD;
                break;
            default:
                return null;
        }
        return new ParameterProblem(code, error.offset() - off,
                Octets.copyOf(packet, off, Math.min(len, MAX_INVOKING_PACKET)));
    }
}
