package org.roam6.cli.demo;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Follows a growing log file like {@code tail -f}, handing each complete line to a consumer on
 * its own thread (a line still being written waits for its newline). Polls every
 * {@link #POLL_MS} ms; {@link #close} reads what is left and stops.
 */
public final class LogTail implements AutoCloseable {

    static final long POLL_MS = 40;

    private final Path file;
    private final Consumer<String> lines;
    private final Thread thread;
    private final StringBuilder partial = new StringBuilder();
    private final byte[] buf = new byte[8192];
    private long position;
    private volatile boolean stop;

    public LogTail(Path file, Consumer<String> lines) {
        this.file = file;
        this.lines = lines;
        this.thread = new Thread(this::loop, "tail-" + file.getFileName());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (!stop) {
            readNew();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                break;
            }
        }
    }

    private synchronized void readNew() {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (f.length() < position) {
                position = 0; // truncated: start again
            }
            f.seek(position);
            int n;
            while ((n = f.read(buf)) > 0) {
                position += n;
                partial.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return;
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            try {
                lines.accept(line);
            } catch (RuntimeException e) {
                // one bad line must not stop the tail
            }
        }
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readNew();
    }
}
