package org.roam6.net;

/**
 * An operating-system call in packet I/O failed. The message says what was attempted, the
 * system's reason, and {@link #whatToFix()}: one sentence an administrator can act on.
 */
public final class NetException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int errno;
    private final String whatToFix;

    public NetException(String operation, int errno, String whatToFix) {
        super(operation + " failed"
                + (errno != 0 ? ": " + Errno.name(errno) + " (" + Errno.describe(errno) + ")" : "")
                + (whatToFix.isEmpty() ? "" : " -- " + whatToFix));
        this.operation = operation;
        this.errno = errno;
        this.whatToFix = whatToFix;
    }

    public NetException(String operation, String whatToFix, Throwable cause) {
        this(operation, 0, whatToFix);
        initCause(cause);
    }

    /** What was attempted, e.g. {@code "socket(AF_INET6, SOCK_RAW, 135)"}. */
    public String operation() {
        return operation;
    }

    /** The errno value, or 0 when the failure did not come from a system call. */
    public int errno() {
        return errno;
    }

    /** What the administrator should change so the call succeeds. */
    public String whatToFix() {
        return whatToFix;
    }
}
