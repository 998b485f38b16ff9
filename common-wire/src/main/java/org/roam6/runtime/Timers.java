package org.roam6.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol timers of one daemon, fired one at a time on a single thread, in the manner of
 * wireguard-go's {@code timers.go}: each state machine creates its timers once, named as RFC 6275
 * section 12 names them ({@code "InitialBindackTimeoutFirstReg 2001:db8:1::100"}), and arms,
 * re-arms or cancels them as the protocol moves.
 *
 * <pre>
 * Timer bindAck = timers.timer("BindAck " + hoa, this::retransmitBindingUpdate);
 * bindAck.schedule(Duration.ofMillis(1500));   // arm, or move an armed timer
 * bindAck.cancel();                            // BA arrived
 * </pre>
 *
 * <p>Real daemons {@link #start()} the thread; tests build with a {@link ManualClock}, never
 * start it, and call {@link #runDue()} after moving the clock, so no test sleeps. Actions run
 * without any lock held (they may arm timers); an action that throws is logged and counted and
 * never stops the others.
 */
public final class Timers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Timers.class);

    private final String threadName;
    private final MonotonicClock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final TreeSet<Timer> armed = new TreeSet<>(Timers::order);
    private final AtomicLong failures = new AtomicLong();
    private long nextSequence;
    private Thread thread;
    private boolean closed;

    /** Timers on {@code clock}; nothing fires until {@link #start()} or {@link #runDue()}. */
    public Timers(String threadName, MonotonicClock clock) {
        this.threadName = threadName;
        this.clock = clock;
    }

    private static int order(Timer a, Timer b) {
        int c = Long.compare(a.deadline - b.deadline, 0);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    }

    /** A new, unarmed timer that runs {@code action} when it fires. */
    public Timer timer(String name, Runnable action) {
        return new Timer(name, action);
    }

    public MonotonicClock clock() {
        return clock;
    }

    /** Starts the timer thread (a daemon thread named as given). */
    public void start() {
        lock.lock();
        try {
            if (thread != null || closed) {
                throw new IllegalStateException("timers already started or closed");
            }
            thread = new Thread(this::loop, threadName);
            thread.setDaemon(true);
            thread.start();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the thread; armed timers never fire. Waits up to a second for a running action. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            armed.forEach(x -> x.armed = false);
            armed.clear();
            changed.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many timer actions have thrown. */
    public long failures() {
        return failures.get();
    }

    /** How many timers are armed. */
    public int pending() {
        lock.lock();
        try {
            return armed.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fires, in the calling thread, every timer due by the clock's present time, earliest first
     * (timers armed for the same instant in the order they were armed). A timer an action arms
     * for a time already reached fires in the same call. Returns how many fired.
     */
    public int runDue() {
        int fired = 0;
        while (true) {
            Timer due;
            lock.lock();
            try {
                if (armed.isEmpty() || armed.first().deadline - clock.nanoTime() > 0) {
                    return fired;
                }
                due = armed.pollFirst();
                due.armed = false;
            } finally {
                lock.unlock();
            }
            fire(due);
            fired++;
        }
    }

    private void fire(Timer t) {
        try {
            t.action.run();
        } catch (RuntimeException | Error e) {
            failures.incrementAndGet();
            LOG.error("timer {} failed", t.name, e);
        }
    }

    private void loop() {
        while (true) {
            lock.lock();
            try {
                while (!closed) {
                    if (armed.isEmpty()) {
                        changed.await();
                        continue;
                    }
                    long wait = armed.first().deadline - clock.nanoTime();
                    if (wait <= 0) {
                        break;
                    }
                    changed.awaitNanos(wait);
                }
                if (closed) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            runDue();
        }
    }

    /** The names of the armed timers, earliest first (for the admin socket). */
    public List<String> armedNames() {
        lock.lock();
        try {
            List<String> out = new ArrayList<>();
            armed.forEach(t -> out.add(t.name));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** One named timer. Arming an armed timer moves it; it fires at most once per arming. */
    public final class Timer {
        private final String name;
        private final Runnable action;
        private long deadline;
        private long sequence;
        private boolean armed;

        private Timer(String name, Runnable action) {
            this.name = name;
            this.action = action;
        }

        public String name() {
            return name;
        }

        /** Arms the timer to fire {@code delay} from now, replacing any earlier arming. */
        public void schedule(Duration delay) {
            long d = delay.isNegative() ? 0 : delay.toNanos();
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                if (armed) {
                    Timers.this.armed.remove(this);
                }
                deadline = clock.nanoTime() + d;
                sequence = nextSequence++;
                armed = true;
                Timers.this.armed.add(this);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Disarms the timer; true when it was armed (and so will now not fire). */
        public boolean cancel() {
            lock.lock();
            try {
                if (!armed) {
                    return false;
                }
                Timers.this.armed.remove(this);
                armed = false;
                changed.signalAll();
                return true;
            } finally {
                lock.unlock();
            }
        }

        public boolean isPending() {
            lock.lock();
            try {
                return armed;
            } finally {
                lock.unlock();
            }
        }

        /** Time left before it fires; zero when due, empty when not armed. */
        public java.util.Optional<Duration> remaining() {
            lock.lock();
            try {
                if (!armed) {
                    return java.util.Optional.empty();
                }
                long left = Math.max(0, deadline - clock.nanoTime());
                return java.util.Optional.of(Duration.ofNanos(left));
            } finally {
                lock.unlock();
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

}
