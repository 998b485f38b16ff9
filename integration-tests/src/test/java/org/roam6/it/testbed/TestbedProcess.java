package org.roam6.it.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A long-running command in a testbed namespace (a daemon, tcpdump, a ping loop). Its standard
 * output and error go to {@link #log()}. The owning {@link Testbed} stops it at teardown.
 */
public final class TestbedProcess implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(3);
    private final String node;
    private final List<String> command;
    private final Process process;
    private final Path log;

    TestbedProcess(String node, List<String> command, Process process, Path log) {
        this.node = node;
        this.command = List.copyOf(command);
        this.process = process;
        this.log = log;
    }

    public String node() {
        return node;
    }

    public List<String> command() {
        return command;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The file holding the process's standard output and error. */
    public Path log() {
        return log;
    }

    /** Everything the process has written so far. */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (polling, bounded by {@code timeout}) until the output contains {@code needle}. */
    public boolean awaitOutput(String needle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < 10_000; i++) {
            if (output().contains(needle)) {
                return true;
            }
            if (System.nanoTime() > deadline || !isAlive()) {
                return output().contains(needle);
            }
            sleep(Duration.ofMillis(50));
        }
        return false;
    }

    /** Waits at most {@code timeout} for the process to exit; returns its status, or -1 if still running. */
    public int waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, then SIGKILL after a grace period (descendants too). Idempotent. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (waitFor(GRACE) == -1 && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(GRACE);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return node + ":" + String.join(" ", command) + " (pid " + pid() + ")";
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestbedException("interrupted", e);
        }
    }
}
