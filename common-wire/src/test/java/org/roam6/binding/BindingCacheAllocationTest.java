package org.roam6.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The forwarding path allocates nothing: 100 000 lookups (hits, misses, probes through
 * collisions and tombstones) after warm-up leave the thread's allocated-bytes counter unchanged.
 */
class BindingCacheAllocationTest {
    private static final long HOME_PREFIX = 0x2001_0db8_0001_0000L;
    private static final int LOOKUPS = 100_000;
    private static final int KEYS = 4_096;

    @Test
    void lookupsAllocateNothingOnceCompiled() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "no per-thread allocation counter");
        threads.setThreadAllocatedMemoryEnabled(true);

        BindingCache cache = new BindingCache(KEYS);
        for (long lo = 0; lo < KEYS; lo++) {
            cache.register(HOME_PREFIX, lo, 0x2001_0db8_0077_0000L, lo, (int) lo & 0xffff, 0, 1_000);
        }
        for (long lo = 0; lo < KEYS; lo += 3) {
            cache.deregister(HOME_PREFIX, lo); // tombstones on the chains
        }
        BindingView view = new BindingView();
        long sink = 0;
        for (int round = 0; round < 30; round++) {
            sink += lookups(cache, view);
        }
        // A JIT compilation finishing inside the measured loop can show up as bytes on this
        // thread's counter; a lookup that allocates would show up in every attempt (>= 1.6 MB).
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3 && fewest != 0; attempt++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            sink += lookups(cache, view);
            long after = threads.getCurrentThreadAllocatedBytes();
            fewest = Math.min(fewest, after - before);
        }
        assertEquals(0, fewest, "bytes allocated by " + LOOKUPS + " lookups");
        assertTrue(sink > 0);
    }

    private static long lookups(BindingCache cache, BindingView view) {
        long sum = 0;
        for (int n = 0; n < LOOKUPS; n++) {
            long lo = (n * 2_654_435_761L) & (2 * KEYS - 1); // half of them miss
            if (cache.lookup(HOME_PREFIX, lo, view)) {
                sum += view.careOfLo() + view.sequence();
            } else {
                sum++;
            }
        }
        return sum;
    }
}
