package org.roam6.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a daemon, started in the order added and stopped in the reverse order, as a
 * daemon's {@code main} wires them by hand. A start that fails stops what had started.
 * Stopping is bounded in time: a part that hangs is named in the log and left behind.
 */
public final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    /** Starts a part; may throw. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private record Part(String name, Action start, Action stop) {
    }

    private final List<Part> parts = new ArrayList<>();
    private final List<Part> started = new ArrayList<>();

    /** Adds a part. */
    public synchronized void add(String name, Action start, Action stop) {
        parts.add(new Part(name, start, stop));
    }

    /** Adds a part that is already running and needs only closing. */
    public synchronized void addCloseable(String name, AutoCloseable c) {
        add(name, () -> { }, c::close);
    }

    /** The names of the parts, in start order. */
    public synchronized List<String> names() {
        List<String> out = new ArrayList<>();
        parts.forEach(p -> out.add(p.name));
        return out;
    }

    /**
     * Starts each part in order. When one fails, those already started are stopped (in reverse,
     * within {@code stopBudget}) and the failure is thrown, naming the part.
     */
    public void start(Duration stopBudget) throws Exception {
        List<Part> todo;
        synchronized (this) {
            todo = new ArrayList<>(parts.subList(started.size(), parts.size()));
        }
        for (Part p : todo) {
            try {
                LOG.debug("starting {}", p.name);
                p.start.run();
                synchronized (this) {
                    started.add(p);
                }
            } catch (Exception e) {
                LOG.error("{} failed to start: {}", p.name, e.toString());
                stop(stopBudget);
                throw new Exception("cannot start " + p.name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Stops the started parts in reverse order, each failure logged and passed over. Returns
     * false when {@code budget} ran out before all had stopped.
     */
    public boolean stop(Duration budget) {
        List<Part> todo;
        synchronized (this) {
            todo = new ArrayList<>(started);
            started.clear();
        }
        if (todo.isEmpty()) {
            return true;
        }
        String[] current = {""};
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lifecycle-stop");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> f = ex.submit(() -> {
                for (int i = todo.size() - 1; i >= 0; i--) {
                    Part p = todo.get(i);
                    synchronized (current) {
                        current[0] = p.name;
                    }
                    try {
                        LOG.debug("stopping {}", p.name);
                        p.stop.run();
                    } catch (Exception e) {
                        LOG.warn("{} failed to stop cleanly: {}", p.name, e.toString());
                    }
                }
            });
            f.get(budget.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            synchronized (current) {
                LOG.error("stopping {} did not finish within {} ms; leaving it", current[0], budget.toMillis());
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            LOG.error("stopping failed", e.getCause());
            return false;
        } finally {
            ex.shutdown(); // a hanging part keeps its (daemon) thread; it is not interrupted
        }
    }
}
