package org.roam6.cli.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The correspondent's probes: {@code ping -6 -n -D -O -i <interval> <target>} in the cn
 * namespace (100 probes per second at 0.01 s), every output line kept in a file and read into a
 * {@link ProbeLog}; each reply is also handed to a listener (the demo's handover tracking).
 */
public final class Pinger implements AutoCloseable {

    private final Process process;
    private final ProbeLog probes;
    private final Thread reader;

    private Pinger(Process process, ProbeLog probes, Consumer<ProbeLog.Probe> onReply, Path log) {
        this.process = process;
        this.probes = probes;
        this.reader = new Thread(() -> read(onReply, log), "demo-ping");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    /** The ping command line run inside the namespace by {@code prefix}. */
    public static List<String> command(String target, double intervalS) {
        return List.of("ping", "-6", "-n", "-D", "-O", "-i", Double.toString(intervalS), target);
    }

    public static Pinger start(List<String> command, double intervalS, Path log, Map<String, String> env,
                               Consumer<ProbeLog.Probe> onReply) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        return new Pinger(pb.start(), new ProbeLog(Math.round(intervalS * 1_000_000)), onReply, log);
    }

    public ProbeLog probes() {
        return probes;
    }

    private void read(Consumer<ProbeLog.Probe> onReply, Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                copy.println(line);
                probes.take(line).ifPresent(onReply);
            }
        } catch (IOException | RuntimeException e) {
            // the process went away; what was read is kept
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGINT-like end: SIGTERM, bounded wait, then SIGKILL; the reader finishes the output. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
            reader.join(2000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
