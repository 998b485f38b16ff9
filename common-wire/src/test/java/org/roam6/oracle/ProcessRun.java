package org.roam6.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external tool with its input and outputs in files (so no pipe can fill up and block),
 * bounded by a timeout after which the process and its children are killed.
 *
 * @param exitCode process exit code
 * @param stdout   the file holding standard output
 * @param stderr   standard error, as text
 */
record ProcessRun(int exitCode, Path stdout, String stderr) {

    static ProcessRun run(List<String> command, Path stdin, Path workDir, Duration timeout) throws IOException {
        Files.createDirectories(workDir);
        Path out = Files.createTempFile(workDir, "stdout-", ".txt");
        Path err = Files.createTempFile(workDir, "stderr-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        } else {
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        Process p = pb.start();
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            throw new IOException("interrupted while running " + command, e);
        }
        if (!done) {
            kill(p);
            throw new IOException(command + " did not finish within " + timeout + "; killed");
        }
        String errText = Files.readString(err, StandardCharsets.UTF_8);
        Files.deleteIfExists(err);
        return new ProcessRun(p.exitValue(), out, errText);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String stdoutText() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
