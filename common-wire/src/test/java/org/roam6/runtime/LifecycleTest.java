package org.roam6.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Lifecycle lc = new Lifecycle();

    private void part(String name) {
        lc.add(name, () -> events.add("start " + name), () -> events.add("stop " + name));
    }

    @Test
    void stopsInReverseOfStart() throws Exception {
        part("a");
        part("b");
        lc.start(Duration.ofSeconds(1));
        assertTrue(lc.stop(Duration.ofSeconds(1)));
        assertEquals(List.of("start a", "start b", "stop b", "stop a"), events);
        assertTrue(lc.stop(Duration.ofSeconds(1)), "a second stop has nothing to do");
        assertEquals(4, events.size());
    }

    @Test
    void failingStopDoesNotKeepTheOthersRunning() throws Exception {
        part("a");
        lc.add("b", () -> { }, () -> {
            throw new IllegalStateException("stuck");
        });
        lc.start(Duration.ofSeconds(1));
        assertTrue(lc.stop(Duration.ofSeconds(1)));
        assertEquals(List.of("start a", "stop a"), events);
    }

    @Test
    void failingStartNamesThePartAndStopsTheStartedOnes() {
        part("a");
        lc.add("b", () -> {
            throw new IllegalStateException("no such device");
        }, () -> events.add("stop b"));
        part("c");
        Exception e = assertThrows(Exception.class, () -> lc.start(Duration.ofSeconds(1)));
        assertEquals("cannot start b: no such device", e.getMessage());
        assertEquals(List.of("start a", "stop a"), events);
    }

    @Test
    void hangingStopIsAbandonedWhenTheBudgetRunsOut() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        part("a");
        lc.add("hangs", () -> { }, never::await);
        lc.start(Duration.ofSeconds(1));
        assertFalse(lc.stop(Duration.ofMillis(200)));
        assertEquals(List.of("start a"), events, "the part after the hanging one is left behind");
        never.countDown();
    }

    @Test
    void debugLevelMapsToLogLevels() {
        assertEquals("INFO", Logging.levelFor(0));
        assertEquals("DEBUG", Logging.levelFor(1));
        assertEquals("DEBUG", Logging.levelFor(9));
        assertEquals("TRACE", Logging.levelFor(10));
    }
}
