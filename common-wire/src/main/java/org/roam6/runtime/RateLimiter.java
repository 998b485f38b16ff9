package org.roam6.runtime;

import java.time.Duration;

/**
 * A token bucket for what a daemon sends back to untrusted input (Binding Errors, ICMPv6
 * errors, BAs with an error status): DESIGN.md section 4 and RFC 4443 2.4 (f), which asks for
 * exactly this shape, an average rate with a burst. Thread-safe; the clock is injectable.
 *
 * <pre>
 * RateLimiter bindingErrors = new RateLimiter(10, 20, MonotonicClock.SYSTEM); // 10/s, bursts of 20
 * if (bindingErrors.tryAcquire()) { send(be); } else { metrics drop "rate_limited"; }
 * </pre>
 */
public final class RateLimiter {

    private final long nanosPerToken;
    private final long capacityNanos;
    private final MonotonicClock clock;
    /** The credit, in nanoseconds of refill, as of {@link #lastRefill}. */
    private long credit;
    private long lastRefill;

    /**
     * @param perSecond average tokens per second (more than 0, at most 10^9)
     * @param burst     tokens available at once; the bucket starts full
     */
    public RateLimiter(double perSecond, int burst, MonotonicClock clock) {
        if (!(perSecond > 0) || perSecond > 1e9 || burst < 1) {
            throw new IllegalArgumentException("rate " + perSecond + "/s with burst " + burst);
        }
        this.nanosPerToken = Math.max(1, Math.round(1e9 / perSecond));
        this.capacityNanos = Math.multiplyExact(nanosPerToken, (long) burst);
        this.clock = clock;
        this.credit = capacityNanos;
        this.lastRefill = clock.nanoTime();
    }

    /** Takes one token if there is one. */
    public synchronized boolean tryAcquire() {
        long now = clock.nanoTime();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            credit = elapsed >= capacityNanos - credit ? capacityNanos : credit + elapsed;
            lastRefill = now;
        }
        if (credit >= nanosPerToken) {
            credit -= nanosPerToken;
            return true;
        }
        return false;
    }

    /** The time between tokens. */
    public Duration interval() {
        return Duration.ofNanos(nanosPerToken);
    }
}
