package org.roam6.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final ManualClock clock = new ManualClock();

    private static int drain(RateLimiter r) {
        int n = 0;
        while (r.tryAcquire() && n < 10_000) {
            n++;
        }
        return n;
    }

    @Test
    void startsFullAndAllowsExactlyTheBurst() {
        assertEquals(20, drain(new RateLimiter(10, 20, clock)));
    }

    @Test
    void refillsAtTheRate() {
        RateLimiter r = new RateLimiter(10, 5, clock);
        drain(r);
        clock.advance(Duration.ofMillis(99));
        assertFalse(r.tryAcquire());
        clock.advance(Duration.ofMillis(1));
        assertTrue(r.tryAcquire());
        assertFalse(r.tryAcquire());
        clock.advance(Duration.ofMillis(300));
        assertEquals(3, drain(r));
    }

    @Test
    void neverHoldsMoreThanTheBurstAfterALongQuiet() {
        RateLimiter r = new RateLimiter(10, 5, clock);
        drain(r);
        clock.advance(Duration.ofHours(10));
        assertEquals(5, drain(r));
    }

    @Test
    void sustainedFloodGetsTheAverageRate() {
        RateLimiter r = new RateLimiter(100, 1, clock);
        int sent = 0;
        for (int ms = 0; ms < 10_000; ms++) {
            if (r.tryAcquire()) {
                sent++;
            }
            clock.advance(Duration.ofMillis(1));
        }
        assertEquals(1000, sent);
    }

    @Test
    void refusesNonsenseRates() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1, clock));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0, clock));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(Double.NaN, 1, clock));
    }
}
