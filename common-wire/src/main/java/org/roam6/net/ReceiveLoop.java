package org.roam6.net;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiving thread of a daemon's {@link PacketSocket}: receives into one buffer with a
 * bounded timeout (so the thread notices when it should stop), hands each packet to a
 * {@link Handler}, and ends when the socket reports {@link PacketSocket#CLOSED} or the running
 * condition turns false.
 *
 * <ul>
 *   <li>A {@link NetException} from receive is logged, the loop pauses
 *       ({@link #pauseAfterFailure}, {@value #DEFAULT_FAILURE_PAUSE_MILLIS} ms unless set) so a
 *       persistent failure does not spin, and goes on.
 *   <li>A {@link RuntimeException} from the handler is logged with its stack trace and the loop
 *       goes on with the next packet: one bad packet does not stop a daemon's receiver.
 *   <li>{@link #onTimeout} runs each time receive returns {@link PacketSocket#TIMEOUT}, e.g. to
 *       expire entries while the link is quiet.
 * </ul>
 *
 * The thread is a daemon thread with the given name; it does not start until asked. Stopping it
 * is the owner's business: close the socket, then {@link #join} for about twice the timeout.
 */
public final class ReceiveLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveLoop.class);

    /** The pause after a failed receive when {@link #pauseAfterFailure} is not called. */
    public static final long DEFAULT_FAILURE_PAUSE_MILLIS = 100;

    /** Takes one received packet: {@code buf[off, off+len)}, with what the socket reported in {@code info}. */
    @FunctionalInterface
    public interface Handler {
        void handle(byte[] buf, int off, int len, PacketInfo info);
    }

    private final String threadName;
    private final PacketSocket socket;
    private final int bufferSize;
    private final long timeoutMillis;
    private long failurePauseMillis = DEFAULT_FAILURE_PAUSE_MILLIS;
    private Runnable onTimeout = () -> { };
    private String what;

    /**
     * @param threadName    the thread's name, also the prefix of its log lines
     * @param socket        the socket to receive from
     * @param bufferSize    the receive buffer's length (a longer packet arrives truncated)
     * @param timeoutMillis how long one receive waits at most
     */
    public ReceiveLoop(String threadName, PacketSocket socket, int bufferSize, long timeoutMillis) {
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.socket = Objects.requireNonNull(socket, "socket");
        if (bufferSize <= 0) {
            throw new IllegalArgumentException("buffer size " + bufferSize);
        }
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeout " + timeoutMillis);
        }
        this.bufferSize = bufferSize;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Starts a daemon thread named {@code threadName} that receives from {@code socket} into a
     * buffer of {@code bufferSize} octets, waiting up to {@code timeoutMillis} each time, and
     * hands each packet to {@code handler} while {@code running} holds, until the socket closes.
     */
    public static Thread start(String threadName, PacketSocket socket, int bufferSize, long timeoutMillis,
                               BooleanSupplier running, Handler handler) {
        return new ReceiveLoop(threadName, socket, bufferSize, timeoutMillis).start(running, handler);
    }

    /** How long to pause after receive threw, before trying again. */
    public ReceiveLoop pauseAfterFailure(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("pause " + millis);
        }
        this.failurePauseMillis = millis;
        return this;
    }

    /** What runs on the receiving thread each time a receive times out with nothing. */
    public ReceiveLoop onTimeout(Runnable action) {
        this.onTimeout = Objects.requireNonNull(action, "action");
        return this;
    }

    /** What the socket receives, in words ("Router Advertisements"), for the log lines. */
    public ReceiveLoop receiving(String what) {
        this.what = what;
        return this;
    }

    /** The receiving thread, a daemon, not yet started. */
    public Thread newThread(BooleanSupplier running, Handler handler) {
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(handler, "handler");
        Thread t = new Thread(() -> run(running, handler), threadName);
        t.setDaemon(true);
        return t;
    }

    /** {@link #newThread} started. */
    public Thread start(BooleanSupplier running, Handler handler) {
        Thread t = newThread(running, handler);
        t.start();
        return t;
    }

    /**
     * Waits up to {@code millis} for a loop's thread to end, after its owner closed the socket;
     * does nothing for {@code null} or for the calling thread itself (a close from a handler).
     * An interrupt while waiting ends the wait and is kept on the calling thread.
     */
    public static void join(Thread loop, long millis) {
        if (loop == null || loop == Thread.currentThread()) {
            return;
        }
        try {
            loop.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run(BooleanSupplier running, Handler handler) {
        byte[] buf = new byte[bufferSize];
        PacketInfo info = new PacketInfo();
        while (running.getAsBoolean()) {
            int n;
            try {
                n = socket.receive(buf, 0, buf.length, info, timeoutMillis);
            } catch (NetException e) {
                if (what == null) {
                    LOG.warn("{}: receive failed: {}", threadName, e.getMessage());
                } else {
                    LOG.warn("{}: receiving {}: {}", threadName, what, e.getMessage());
                }
                pause();
                continue;
            }
            if (n == PacketSocket.CLOSED) {
                return;
            }
            try {
                if (n == PacketSocket.TIMEOUT) {
                    onTimeout.run();
                } else if (n >= 0) {
                    handler.handle(buf, 0, n, info);
                }
            } catch (RuntimeException e) {
                LOG.error("{}: handling {} failed", threadName,
                        n == PacketSocket.TIMEOUT ? "a receive timeout" : "a packet of " + n + " octets", e);
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(failurePauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
