package org.roam6.cli.demo;

/** A reason the demo cannot go on, worded for the person running it. */
public final class DemoException extends Exception {

    private static final long serialVersionUID = 1L;

    public DemoException(String message) {
        super(message);
    }
}
