package org.roam6.wire;

/**
 * What is wrong with a packet that did not decode: the field, the byte offset of the problem
 * (relative to the start of the buffer the decoder was given), the reason, and what a receiver
 * should do about it as RFC 6275 prescribes.
 *
 * <p>Decoders return this as a value; they never throw on malformed input (DESIGN.md section 4).
 *
 * @param field  name of the field at fault, in the RFC's words (e.g. {@code "Header Len"})
 * @param offset byte offset of that field in the buffer given to the decoder
 * @param reason the kind of fault
 * @param detail a short human-readable explanation
 * @param answer what a receiver must send back, if anything
 */
public record WireError(String field, int offset, Reason reason, String detail, Answer answer) {

    /** Kinds of fault a decoder reports. */
    public enum Reason {
        /** Fewer bytes than the header or message needs. */
        TRUNCATED,
        /** A length field disagrees with the bytes present or with the fixed size of the item. */
        BAD_LENGTH,
        /** An option does not sit at the alignment its definition requires. */
        BAD_ALIGNMENT,
        /** Mobility Header Payload Proto is not 59 (RFC 6275 6.1.1). */
        BAD_PAYLOAD_PROTO,
        /** A mobility or destination option is shorter than its fixed part. */
        OPTION_TOO_SHORT,
        /** An option that may appear only once appears again. */
        DUPLICATE_OPTION,
        /** Binding Authorization Data is not the last option (RFC 6275 6.2.7). */
        AUTH_DATA_NOT_LAST,
        /** MH Type this implementation does not know (RFC 6275 9.2). */
        UNKNOWN_MH_TYPE,
        /** A checksum does not verify. */
        BAD_CHECKSUM,
        /** IP version is not 6. */
        BAD_VERSION,
        /** A field holds a value the specification forbids. */
        BAD_VALUE,
        /** An ICMPv6 type or code this decoder does not handle. */
        UNKNOWN_TYPE
    }

    /** What a receiver answers to a packet with this fault. */
    public enum Answer {
        /** Silently discard (RFC 6275 9.2: length, checksum, payload proto faults). */
        DISCARD,
        /** Binding Error with status 2, unrecognised MH type (RFC 6275 9.2). */
        BINDING_ERROR_UNRECOGNIZED_MH_TYPE,
        /**
         * ICMPv6 Parameter Problem code 0 (erroneous header field) whose pointer is the error's
         * offset: Header Len and Payload Proto of a Mobility Header (RFC 6275 9.2), Hdr Ext Len and
         * Segments Left of a Type 2 routing header (RFC 6275 6.4).
         */
        PARAMETER_PROBLEM_FIELD,
        /** ICMPv6 Parameter Problem code 2 (unrecognised option with the high bits 10/11). */
        PARAMETER_PROBLEM_OPTION,
        /** Ignore the offending element but process the rest. */
        IGNORE
    }

    /** A fault whose answer is to discard the packet. */
    public static WireError discard(String field, int offset, Reason reason, String detail) {
        return new WireError(field, offset, reason, detail, Answer.DISCARD);
    }

    @Override
    public String toString() {
        return reason + " at offset " + offset + " (" + field + "): " + detail;
    }
}
