package org.roam6.runtime.admin;

/** An admin call that did not produce a result: nobody listening, or the daemon's error answer. */
public final class AdminException extends Exception {

    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
        super(message);
    }

    public AdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
