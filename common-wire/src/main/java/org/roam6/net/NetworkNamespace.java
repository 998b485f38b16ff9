package org.roam6.net;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A thread that lives in a named network namespace ({@code /run/netns/NAME}, as made by
 * {@code ip netns add}). setns(2) changes the namespace of the calling thread only; sockets, TUN
 * devices and capture handles opened on this thread belong to that namespace for their whole
 * life and may then be used from any thread. Everything else in the JVM stays where it was.
 *
 * <pre>{@code
 * try (NetworkNamespace ns = NetworkNamespace.enter("r6n-ha")) {
 *     PacketSocket mh = ns.call(() -> RawIpv6Socket.open(PacketSocketConfig.mobilityHeader()));
 * }
 * }</pre>
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final String NETNS_DIR = "/run/netns/";

    private final String name;
    private final ExecutorService thread;

    private NetworkNamespace(String name, ExecutorService thread) {
        this.name = name;
        this.thread = thread;
    }

    /** Starts a thread and moves it into namespace {@code name}. */
    public static NetworkNamespace enter(String name) throws NetException {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("namespace name '" + name + "'");
        }
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
        NetworkNamespace ns = new NetworkNamespace(name, ex);
        try {
            ns.call(() -> {
                String path = NETNS_DIR + name;
                int fd = LibC.open(path, LibC.O_RDONLY | LibC.O_CLOEXEC);
                if (fd < 0) {
                    throw Errno.fail("open " + path, name);
                }
                int rc = LibC.setns(fd, LibC.CLONE_NEWNET);
                NetException failure = rc < 0 ? Errno.fail("setns " + path, name) : null;
                LibC.close(fd);
                if (failure != null) {
                    throw failure;
                }
                return null;
            });
        } catch (NetException e) {
            ex.shutdownNow();
            throw e;
        }
        return ns;
    }

    public String name() {
        return name;
    }

    /**
     * Runs {@code task} on the namespace's thread and returns its result; a {@link NetException}
     * from the task comes out as itself, other failures wrapped in one.
     */
    public <T> T call(Callable<T> task) throws NetException {
        Future<T> f = thread.submit(task);
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof NetException ne) {
                throw ne;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new NetException("task in namespace " + name, "see the cause", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new NetException("task in namespace " + name, "interrupted", e);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new NetException("task in namespace " + name, "it took more than 60 s", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
