package org.roam6.it.testbed;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a command run to completion (or killed at its time limit) in a testbed
 * namespace or by the testbed script.
 *
 * @param command  the command as run, for messages
 * @param exitCode the exit status; -1 when the command was killed at its time limit
 * @param stdout   everything the command wrote to standard output
 * @param stderr   everything the command wrote to standard error
 * @param timedOut true when the time limit ran out and the command was killed
 * @param elapsed  wall time from start to exit
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr,
                         boolean timedOut, Duration elapsed) {

    public ExecResult {
        command = List.copyOf(command);
    }

    /** True when the command exited with status 0 within its time limit. */
    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** Returns this result when {@link #ok()}, otherwise throws with the command and its output. */
    public ExecResult requireOk() {
        if (!ok()) {
            throw new TestbedException(describe());
        }
        return this;
    }

    /** The command, its status and its output, for failure messages. */
    public String describe() {
        return String.join(" ", command)
                + (timedOut ? " timed out after " + elapsed.toMillis() + " ms" : " exited " + exitCode)
                + (stdout.isBlank() ? "" : "\n--- stdout ---\n" + stdout.strip())
                + (stderr.isBlank() ? "" : "\n--- stderr ---\n" + stderr.strip());
    }
}
