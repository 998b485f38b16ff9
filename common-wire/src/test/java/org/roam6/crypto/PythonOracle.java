package org.roam6.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the independent reference implementation {@code oracle.py} (Debian's /usr/bin/python3 with
 * hashlib, hmac and ipaddress) on a batch of calls and returns one hex string per call.
 */
final class PythonOracle {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Object[]> calls = new ArrayList<>();

    /** Queues {@code function(args...)}; returns its position in the answer list. */
    int call(String function, Object... args) {
        Object[] c = new Object[args.length + 1];
        c[0] = function;
        System.arraycopy(args, 0, c, 1, args.length);
        calls.add(c);
        return calls.size() - 1;
    }

    /** Runs the queued calls in one python process; skips the test if python is absent. */
    List<String> run() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON),
                "/usr/bin/python3 is absent: skipping the comparison with the independent Python computation");
        String script;
        try (InputStream in = PythonOracle.class.getResourceAsStream("oracle.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", script).redirectErrorStream(false).start();
        StringBuilder input = new StringBuilder();
        for (Object[] c : calls) {
            input.append(JSON.writeValueAsString(Arrays.asList(c))).append('\n');
        }
        // write in a separate thread so a large batch cannot dead-lock on full pipes
        Thread writer = new Thread(() -> {
            try (OutputStream out = p.getOutputStream()) {
                out.write(input.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process died; reported below through its exit code
            }
        });
        writer.start();
        byte[] stdout = p.getInputStream().readAllBytes();
        byte[] stderr = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        writer.join(10_000);
        assertEquals(0, p.exitValue(), () -> "python failed: " + new String(stderr, StandardCharsets.UTF_8));
        List<String> lines = new String(stdout, StandardCharsets.UTF_8).lines().toList();
        assertEquals(calls.size(), lines.size(), "one answer per call");
        return lines;
    }
}
