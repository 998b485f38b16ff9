package org.roam6.runtime.config;

/**
 * A config file that cannot be used: the daemon does not start (DESIGN.md section 4).
 *
 * <p>The message always reads {@code FILE:LINE:COL: <what was found>, expected <what was
 * expected>}, for example
 * {@code had.conf:7:18: 'fourty' is not a number, expected HaMaxBindingLife <seconds>}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final SourcePosition position;
    private final String found;
    private final String expected;

    public ConfigException(SourcePosition position, String found, String expected) {
        super(position + ": " + found + ", expected " + expected);
        this.position = position;
        this.found = found;
        this.expected = expected;
    }

    /** Where the offending token starts. */
    public SourcePosition position() {
        return position;
    }

    /** What the parser or binder found there, e.g. {@code 'fourty' is not a number}. */
    public String found() {
        return found;
    }

    /** What would have been right there, e.g. {@code HaMaxBindingLife <seconds>}. */
    public String expected() {
        return expected;
    }
}
