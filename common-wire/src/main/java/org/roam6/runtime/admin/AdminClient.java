package org.roam6.runtime.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One request to a daemon's {@link AdminServer}, as {@code roam6 show ...} makes it.
 *
 * <p>Written on the JDK's own Unix domain sockets (JDK 16+), not Netty: a command-line call
 * sends one line and reads one, and needs no event loop or native library to load.
 */
public final class AdminClient {

    /** Largest answer read, in bytes. */
    public static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private AdminClient() {
    }

    /**
     * Sends {@code request} and returns the daemon's {@code result}.
     *
     * @throws AdminException "no daemon listening on PATH (is roam6-had running?)" when nobody
     *                        answers, or the daemon's {@code error} text
     */
    public static JsonNode call(Path socket, JsonNode request) throws AdminException {
        return call(socket, request, DEFAULT_TIMEOUT);
    }

    public static JsonNode call(Path socket, JsonNode request, Duration timeout) throws AdminException {
        String line = exchange(socket, request.toString(), timeout);
        JsonNode reply;
        try {
            reply = AdminJson.mapper().readTree(line);
        } catch (IOException e) {
            throw new AdminException("the daemon on " + socket + " answered something that is not JSON");
        }
        if (reply != null && reply.has("error")) {
            throw new AdminException(reply.get("error").asText());
        }
        if (reply == null || !reply.has("result")) {
            throw new AdminException("the daemon on " + socket + " answered without a result");
        }
        return reply.get("result");
    }

    /** Sends {@code {"cmd": cmd}} with the given string fields (name, value, name, value...). */
    public static JsonNode call(Path socket, String cmd, String... fields) throws AdminException {
        var req = AdminJson.mapper().createObjectNode().put("cmd", cmd);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            req.put(fields[i], fields[i + 1]);
        }
        return call(socket, req);
    }

    /** Sends one raw line and returns the one line answered (without its newline). */
    public static String exchange(Path socket, String requestLine, Duration timeout) throws AdminException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("ermission")) {
                    throw new AdminException("cannot connect to " + socket
                            + ": permission denied (the admin socket is root's)", e);
                }
                throw new AdminException("no daemon listening on " + socket + " (is "
                        + daemonName(socket) + " running?)", e);
            }
            ch.configureBlocking(false);
            ByteBuffer out = ByteBuffer.wrap((requestLine + "\n").getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            try (Selector sel = Selector.open()) {
                SelectionKey key = ch.register(sel, SelectionKey.OP_WRITE);
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AdminException("no answer from " + socket + " within " + timeout.toSeconds() + " s");
                    }
                    sel.select(Math.max(1, left / 1_000_000));
                    if (out.hasRemaining()) {
                        ch.write(out);
                        if (!out.hasRemaining()) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                        continue;
                    }
                    buf.clear();
                    int n = ch.read(buf);
                    if (n < 0) {
                        throw new AdminException("the daemon on " + socket + " closed the connection without an answer");
                    }
                    for (int i = 0; i < n; i++) {
                        byte b = buf.get(i);
                        if (b == '\n') {
                            return in.toString(StandardCharsets.UTF_8);
                        }
                        in.write(b);
                    }
                    if (in.size() > MAX_RESPONSE_BYTES) {
                        throw new AdminException("the answer from " + socket + " exceeds " + MAX_RESPONSE_BYTES + " bytes");
                    }
                }
            }
        } catch (IOException e) {
            throw new AdminException("admin call to " + socket + " failed: " + e.getMessage(), e);
        }
    }

    /** True when something accepts connections on {@code socket}. */
    static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code /run/roam6/had.sock} → {@code roam6-had}. */
    static String daemonName(Path socket) {
        String f = socket.getFileName().toString();
        return "roam6-" + (f.endsWith(".sock") ? f.substring(0, f.length() - 5) : f);
    }
}
