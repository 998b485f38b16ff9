package org.roam6.wire.mh;

/**
 * Binding Acknowledgement status values (RFC 6275 6.1.8; IANA "Status Codes"). Values below 128
 * mean the Binding Update was accepted; 128 and above mean it was rejected.
 */
public final class BindingAckStatus {
    private BindingAckStatus() {}

    public static final int ACCEPTED = 0;
    public static final int ACCEPTED_PREFIX_DISCOVERY_NECESSARY = 1;
    public static final int REASON_UNSPECIFIED = 128;
    public static final int ADMINISTRATIVELY_PROHIBITED = 129;
    public static final int INSUFFICIENT_RESOURCES = 130;
    public static final int HOME_REGISTRATION_NOT_SUPPORTED = 131;
    public static final int NOT_HOME_SUBNET = 132;
    public static final int NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE = 133;
    public static final int DUPLICATE_ADDRESS_DETECTION_FAILED = 134;
    /** The BA carries the last sequence number the receiver accepted (RFC 6275 9.5.1). */
    public static final int SEQUENCE_NUMBER_OUT_OF_WINDOW = 135;
    public static final int EXPIRED_HOME_NONCE_INDEX = 136;
    public static final int EXPIRED_CARE_OF_NONCE_INDEX = 137;
    public static final int EXPIRED_NONCES = 138;
    public static final int REGISTRATION_TYPE_CHANGE_DISALLOWED = 139;
    /** RFC 3963 6.6: the home agent does not allow this mobile node to act as a mobile router. */
    public static final int MOBILE_ROUTER_OPERATION_NOT_PERMITTED = 140;
    /** RFC 3963 6.6: a Mobile Network Prefix option carries an invalid prefix. */
    public static final int INVALID_PREFIX = 141;
    /** RFC 3963 6.6: the mobile router is not authorised for a prefix it registers. */
    public static final int NOT_AUTHORIZED_FOR_PREFIX = 142;
    /** RFC 3963 6.6: the home agent could not set up forwarding for the mobile network. */
    public static final int FORWARDING_SETUP_FAILED = 143;
    /** RFC 4285 8, MIPV6-ID-MISMATCH: the replay protection timestamp was refused. */
    public static final int MIPV6_ID_MISMATCH = 144;
    /** RFC 4285 8, MIPV6-MESG-ID-REQD: the Mobility Message Replay Protection option is required. */
    public static final int MIPV6_MESG_ID_REQD = 145;
    /** RFC 4285 8, MIPV6-AUTH-FAIL: the Mobility Message Authentication option did not verify. */
    public static final int MIPV6_AUTH_FAIL = 146;

    /** True when the status says the Binding Update was accepted (below 128). */
    public static boolean isAccepted(int status) {
        return status >= 0 && status < 128;
    }

    /** The status in RFC 6275 words, or {@code "status N"} for a value it does not define. */
    public static String name(int status) {
        return switch (status) {
            case ACCEPTED -> "Binding Update accepted";
            case ACCEPTED_PREFIX_DISCOVERY_NECESSARY -> "Accepted but prefix discovery necessary";
            case REASON_UNSPECIFIED -> "Reason unspecified";
            case ADMINISTRATIVELY_PROHIBITED -> "Administratively prohibited";
            case INSUFFICIENT_RESOURCES -> "Insufficient resources";
            case HOME_REGISTRATION_NOT_SUPPORTED -> "Home registration not supported";
            case NOT_HOME_SUBNET -> "Not home subnet";
            case NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE -> "Not home agent for this mobile node";
            case DUPLICATE_ADDRESS_DETECTION_FAILED -> "Duplicate Address Detection failed";
            case SEQUENCE_NUMBER_OUT_OF_WINDOW -> "Sequence number out of window";
            case EXPIRED_HOME_NONCE_INDEX -> "Expired home nonce index";
            case EXPIRED_CARE_OF_NONCE_INDEX -> "Expired care-of nonce index";
            case EXPIRED_NONCES -> "Expired nonces";
            case REGISTRATION_TYPE_CHANGE_DISALLOWED -> "Registration type change disallowed";
            case MOBILE_ROUTER_OPERATION_NOT_PERMITTED -> "Mobile Router Operation not permitted";
            case INVALID_PREFIX -> "Invalid Prefix";
            case NOT_AUTHORIZED_FOR_PREFIX -> "Not Authorized for Prefix";
            case FORWARDING_SETUP_FAILED -> "Forwarding Setup failed";
            case MIPV6_ID_MISMATCH -> "MIPV6-ID-MISMATCH";
            case MIPV6_MESG_ID_REQD -> "MIPV6-MESG-ID-REQD";
            case MIPV6_AUTH_FAIL -> "MIPV6-AUTH-FAIL";
            default -> "status " + status;
        };
    }
}
