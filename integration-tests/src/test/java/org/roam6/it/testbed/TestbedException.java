package org.roam6.it.testbed;

/** A testbed operation failed: the script, a command in a namespace, or a bounded wait. */
public final class TestbedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TestbedException(String message) {
        super(message);
    }

    public TestbedException(String message, Throwable cause) {
        super(message, cause);
    }
}
