package org.roam6.wire.mh;

import org.roam6.wire.Bytes;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.WireError;
import org.roam6.wire.WireError.Answer;
import org.roam6.wire.WireError.Reason;

/**
 * Flyweight over a Mobility Header (RFC 6275 6.1.1):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Payload Proto |  Header Len   |   MH Type     |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * .                         Message Data                          .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Header Len counts 8-octet units after the first 8 octets. Wrap the header with
 * {@link #wrap}, check it once with {@link #validate}, then read it through this view, the
 * message views ({@link BindingUpdate}, {@link BindingAcknowledgement} ...) and
 * {@link #options}. Reading allocates nothing. All offsets in errors and accessors are indices
 * into the wrapped array.
 */
public final class MobilityHeader {
    public static final int OFF_PAYLOAD_PROTO = 0;
    public static final int OFF_HEADER_LEN = 1;
    public static final int OFF_MH_TYPE = 2;
    public static final int OFF_RESERVED = 3;
    public static final int OFF_CHECKSUM = 4;
    /** Start of the Message Data. */
    public static final int OFF_MESSAGE_DATA = 6;
    /** The shortest Mobility Header: Header Len 0. */
    public static final int MIN_LENGTH = 8;
    /** The longest Mobility Header: Header Len 255. */
    public static final int MAX_LENGTH = 256 * 8;

    private byte[] buf;
    private int off;
    private int limit;

    /** Wraps the {@code len} octets at {@code off}; a Mobility Header starts at {@code off}. */
    public MobilityHeader wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.limit = off + len;
        return this;
    }

    /** {@link #validate(MobilityExtensions)} with {@link MobilityExtensions#DEFAULT}. */
    public WireError validate() {
        return validate(MobilityExtensions.DEFAULT);
    }

    /**
     * Checks the header in the order of RFC 6275 9.2 (the checksum aside, which needs the
     * pseudo-header: see {@link MobilityHeaderCodec#verifyChecksum}); {@code null} when good.
     * <ol>
     *   <li>at least 8 octets, and the {@code (Header Len + 1) * 8} octets Header Len claims
     *       are present (octets after them are allowed): else discard;
     *   <li>MH Type known: else answer Binding Error status 2;
     *   <li>Payload Proto is 59: else discard;
     *   <li>Header Len covers the type's fixed fields: else discard and answer ICMPv6
     *       Parameter Problem pointing at Header Len;
     *   <li>the Mobility Options pass {@link MobilityOptions#validate}: else discard.
     * </ol>
     */
    public WireError validate(MobilityExtensions ext) {
        int avail = limit - off;
        if (avail < MIN_LENGTH) {
            return WireError.discard("Mobility Header", off, Reason.TRUNCATED,
                    "needs at least " + MIN_LENGTH + " octets, has " + avail);
        }
        int length = length();
        if (length > avail) {
            return WireError.discard("Header Len", off + OFF_HEADER_LEN, Reason.TRUNCATED,
                    "Header Len " + headerLen() + " means " + length + " octets, only " + avail + " present");
        }
        int type = mhType();
        if (!MhType.isKnown(type)) {
            return new WireError("MH Type", off + OFF_MH_TYPE, Reason.UNKNOWN_MH_TYPE,
                    "MH Type " + type + " is not known", Answer.BINDING_ERROR_UNRECOGNIZED_MH_TYPE);
        }
        if (payloadProto() != IpProtocol.NO_NEXT_HEADER) {
            // RFC 6275 9.2; the Linux kernel's mip6 answers the same way
            return new WireError("Payload Proto", off + OFF_PAYLOAD_PROTO, Reason.BAD_PAYLOAD_PROTO,
                    "Payload Proto " + payloadProto() + ", must be 59 (no next header)",
                    Answer.PARAMETER_PROBLEM_FIELD);
        }
        int min = MhType.minimumLength(type);
        if (length < min) {
            return new WireError("Header Len", off + OFF_HEADER_LEN, Reason.BAD_LENGTH,
                    MhType.name(type) + " needs Header Len " + (min / 8 - 1) + " or more, got " + headerLen(),
                    Answer.PARAMETER_PROBLEM_FIELD);
        }
        return MobilityOptions.validate(buf, off, off + MhType.optionsOffset(type), off + length, ext);
    }

    public int payloadProto() {
        return buf[off + OFF_PAYLOAD_PROTO] & 0xff;
    }

    public int headerLen() {
        return buf[off + OFF_HEADER_LEN] & 0xff;
    }

    /** Octets in the Mobility Header: {@code (Header Len + 1) * 8}. */
    public int length() {
        return (headerLen() + 1) * 8;
    }

    public int mhType() {
        return buf[off + OFF_MH_TYPE] & 0xff;
    }

    /** The Reserved octet after MH Type (sent as zero, ignored on receipt). */
    public int reserved() {
        return buf[off + OFF_RESERVED] & 0xff;
    }

    public int checksum() {
        return Bytes.u16(buf, off + OFF_CHECKSUM);
    }

    /** Index of the first Mobility Option of this (known) message type. */
    public int optionsStart() {
        return off + MhType.optionsOffset(mhType());
    }

    /** Index just past the Mobility Header. */
    public int end() {
        return off + length();
    }

    /** Points {@code it} at this header's options and returns it. */
    public MobilityOptions options(MobilityOptions it) {
        return it.wrap(buf, off, optionsStart(), end());
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }
}
