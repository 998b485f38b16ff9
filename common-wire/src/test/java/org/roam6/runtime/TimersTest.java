package org.roam6.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Timers driven by a manual clock: time moves only when the test moves it. */
class TimersTest {

    private final ManualClock clock = new ManualClock();
    private final Timers timers = new Timers("test-timers", clock);
    private final List<String> fired = new ArrayList<>();

    private Timers.Timer timer(String name) {
        return timers.timer(name, () -> fired.add(name));
    }

    @Test
    void timerFiresOnlyOnceItsDelayHasPassed() {
        Timers.Timer t = timer("InitialBindackTimeoutFirstReg");
        t.schedule(Duration.ofMillis(1500));
        clock.advance(Duration.ofMillis(1499));
        assertEquals(0, timers.runDue());
        assertTrue(t.isPending());
        clock.advance(Duration.ofMillis(1));
        assertEquals(1, timers.runDue());
        assertEquals(List.of("InitialBindackTimeoutFirstReg"), fired);
        assertFalse(t.isPending());
        clock.advance(Duration.ofSeconds(10));
        assertEquals(0, timers.runDue(), "fires once per arming");
    }

    @Test
    void cancelledTimerNeverFires() {
        Timers.Timer t = timer("a");
        t.schedule(Duration.ofSeconds(1));
        assertTrue(t.cancel());
        assertFalse(t.cancel(), "nothing left to cancel");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(0, timers.runDue());
        assertEquals(List.of(), fired);
    }

    @Test
    void reschedulingMovesTheDeadline() {
        Timers.Timer t = timer("refresh");
        t.schedule(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(900));
        t.schedule(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(200));
        assertEquals(0, timers.runDue(), "the first deadline no longer holds");
        assertEquals(Optional.of(Duration.ofMillis(800)), t.remaining());
        clock.advance(Duration.ofMillis(800));
        assertEquals(1, timers.runDue());
    }

    @Test
    void dueTimersFireEarliestFirstAndTiesInArmingOrder() {
        timer("c").schedule(Duration.ofSeconds(3));
        timer("a").schedule(Duration.ofSeconds(1));
        timer("b1").schedule(Duration.ofSeconds(2));
        timer("b2").schedule(Duration.ofSeconds(2));
        assertEquals(List.of("a", "b1", "b2", "c"), timers.armedNames());
        clock.advance(Duration.ofSeconds(5));
        assertEquals(4, timers.runDue());
        assertEquals(List.of("a", "b1", "b2", "c"), fired);
    }

    @Test
    void actionMayRearmItsOwnTimerForExponentialBackOff() {
        // RFC 6275 11.8: the BA wait doubles up to MAX_BINDACK_TIMEOUT (32 s)
        List<Long> at = new ArrayList<>();
        Duration[] wait = {Duration.ofMillis(1500)};
        Timers.Timer[] self = new Timers.Timer[1];
        self[0] = timers.timer("BindAck", () -> {
            at.add(clock.nanoTime() / 1_000_000);
            wait[0] = wait[0].multipliedBy(2);
            if (wait[0].compareTo(Duration.ofSeconds(32)) <= 0) {
                self[0].schedule(wait[0]);
            }
        });
        self[0].schedule(wait[0]);
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofMillis(500));
            timers.runDue();
        }
        assertEquals(List.of(1500L, 4500L, 10500L, 22500L, 46500L), at);
    }

    @Test
    void failingActionIsCountedAndDoesNotStopTheOthers() {
        timers.timer("broken", () -> {
            throw new IllegalStateException("boom");
        }).schedule(Duration.ZERO);
        timer("fine").schedule(Duration.ZERO);
        assertEquals(2, timers.runDue());
        assertEquals(1, timers.failures());
        assertEquals(List.of("fine"), fired);
    }

    @Test
    void closedTimersDropEveryArming() throws Exception {
        Timers.Timer t = timer("x");
        t.schedule(Duration.ofSeconds(1));
        timers.close();
        t.schedule(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(0, timers.runDue());
        assertEquals(0, timers.pending());
    }

    @Test
    void theTimerThreadFiresOnTheSystemClock() throws Exception {
        try (Timers real = new Timers("real-timers", MonotonicClock.SYSTEM)) {
            real.start();
            CountDownLatch done = new CountDownLatch(2);
            List<String> threads = new ArrayList<>();
            real.timer("one", () -> {
                threads.add(Thread.currentThread().getName());
                done.countDown();
            }).schedule(Duration.ofMillis(5));
            real.timer("two", done::countDown).schedule(Duration.ofMillis(1));
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(List.of("real-timers"), threads);
        }
    }
}
