package org.roam6.runtime;

/**
 * The time source of timers and rate limiters: monotonic nanoseconds, as
 * {@link System#nanoTime()}. Tests pass a {@link ManualClock} and move time by hand.
 */
@FunctionalInterface
public interface MonotonicClock {

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** The same clock in milliseconds (the unit of the Binding Cache's lifetimes). */
    default long millis() {
        return nanoTime() / 1_000_000L;
    }

    /** The JVM's monotonic clock. */
    MonotonicClock SYSTEM = System::nanoTime;
}
