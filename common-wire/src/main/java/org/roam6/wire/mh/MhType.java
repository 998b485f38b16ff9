package org.roam6.wire.mh;

/**
 * Mobility Header message types (RFC 6275 6.1.2 - 6.1.9, IANA "Mobility Header Types") and the
 * fixed layout each one has: the offset where its Mobility Options start and the least number
 * of octets its Header Len must cover (RFC 6275 9.2).
 */
public final class MhType {
    private MhType() {}

    /** Binding Refresh Request (RFC 6275 6.1.2). */
    public static final int BINDING_REFRESH_REQUEST = 0;
    /** Home Test Init (RFC 6275 6.1.3). */
    public static final int HOME_TEST_INIT = 1;
    /** Care-of Test Init (RFC 6275 6.1.4). */
    public static final int CARE_OF_TEST_INIT = 2;
    /** Home Test (RFC 6275 6.1.5). */
    public static final int HOME_TEST = 3;
    /** Care-of Test (RFC 6275 6.1.6). */
    public static final int CARE_OF_TEST = 4;
    /** Binding Update (RFC 6275 6.1.7). */
    public static final int BINDING_UPDATE = 5;
    /** Binding Acknowledgement (RFC 6275 6.1.8). */
    public static final int BINDING_ACKNOWLEDGEMENT = 6;
    /** Binding Error (RFC 6275 6.1.9). */
    public static final int BINDING_ERROR = 7;

    /** True for the eight types RFC 6275 defines; a receiver answers any other with BE status 2. */
    public static boolean isKnown(int type) {
        return type >= BINDING_REFRESH_REQUEST && type <= BINDING_ERROR;
    }

    /**
     * Offset of the Mobility Options from the start of the Mobility Header, which is also the
     * least length in octets the message may have. Binding Update and Acknowledgement have 12,
     * so their Header Len is at least 1; -1 for an unknown type.
     */
    public static int optionsOffset(int type) {
        return switch (type) {
            case BINDING_REFRESH_REQUEST -> 8;
            case HOME_TEST_INIT, CARE_OF_TEST_INIT -> 16;
            case HOME_TEST, CARE_OF_TEST -> 24;
            case BINDING_UPDATE, BINDING_ACKNOWLEDGEMENT -> 12;
            case BINDING_ERROR -> 24;
            default -> -1;
        };
    }

    /**
     * The least length in octets of a message of this type, rounded up to the 8-octet units of
     * Header Len: a Header Len below {@code minimumLength(type) / 8 - 1} is the fault RFC 6275
     * 9.2 answers with an ICMPv6 Parameter Problem pointing at Header Len.
     */
    public static int minimumLength(int type) {
        int o = optionsOffset(type);
        return o < 0 ? -1 : (o + 7) & ~7;
    }

    /** Short name as tshark and UMIP print it ({@code "BU"}, {@code "BA"} ...). */
    public static String name(int type) {
        return switch (type) {
            case BINDING_REFRESH_REQUEST -> "BRR";
            case HOME_TEST_INIT -> "HoTI";
            case CARE_OF_TEST_INIT -> "CoTI";
            case HOME_TEST -> "HoT";
            case CARE_OF_TEST -> "CoT";
            case BINDING_UPDATE -> "BU";
            case BINDING_ACKNOWLEDGEMENT -> "BA";
            case BINDING_ERROR -> "BE";
            default -> "MH type " + type;
        };
    }
}
