package org.roam6.wire.mh;

/** Binding Error status values (RFC 6275 6.1.9). */
public final class BindingErrorStatus {
    private BindingErrorStatus() {}

    /** A packet carried a Home Address option for which the receiver has no binding (9.3.1). */
    public static final int UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION = 1;
    /** The receiver does not know the MH Type of a Mobility Header it got (9.2). */
    public static final int UNRECOGNIZED_MH_TYPE = 2;

    public static String name(int status) {
        return switch (status) {
            case UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION -> "Unknown binding for Home Address destination option";
            case UNRECOGNIZED_MH_TYPE -> "Unrecognized MH Type value";
            default -> "status " + status;
        };
    }
}
