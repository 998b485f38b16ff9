package org.roam6.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One writer registering, refreshing and de-registering while readers look up in tight loops,
 * for a bounded time. Every value is a function of its key and a write counter, so a reader can
 * tell a torn read (care-of address, flags and sequence from different writes, or from another
 * home address's entry) from a whole one.
 */
class BindingCacheConcurrencyTest {
    private static final long HOME_PREFIX = 0x2001_0db8_0001_0000L;
    private static final int STABLE = 16;
    private static final int CHURN = 240;
    private static final int NEVER = 64;
    private static final long RUN_NANOS = 2_000_000_000L;

    /** The care-of address and flags of write number {@code count} of home address {@code lo}. */
    static long coaHi(long lo, long count) {
        return 0x2001_0db8_0077_0000L ^ (count * 0x9E3779B97F4A7C15L) ^ lo;
    }

    static long coaLo(long lo, long count) {
        return Long.rotateLeft(lo * 0xC2B2AE3D27D4EB4FL + count, 17);
    }

    static int flags(long lo, long count) {
        return (int) ((lo * 31 + count * 7) & 0xffff);
    }

    /** Whether a view holds one whole write for home address {@code lo}; expiry carries the count. */
    static boolean whole(long lo, BindingView v) {
        long count = v.expiresAtNanos();
        return v.sequence() == (int) (count & 0xffff)
                && v.careOfHi() == coaHi(lo, count)
                && v.careOfLo() == coaLo(lo, count)
                && v.flags() == flags(lo, count);
    }

    private static void write(BindingCache cache, long lo, long count) {
        cache.register(HOME_PREFIX, lo, coaHi(lo, count), coaLo(lo, count), (int) (count & 0xffff),
                flags(lo, count), count);
    }

    @Test
    @Timeout(30)
    void readersNeverSeeATornBindingNorMissOneThatIsPresentThroughout() throws Exception {
        // small maximum: churn keys fill it, get refused, free entries that other keys reuse, and
        // leave tombstones that force index rebuilds while readers probe
        BindingCache cache = new BindingCache(STABLE + 48);
        for (long lo = 1; lo <= STABLE; lo++) {
            write(cache, lo, 0);
        }
        int readers = 2;
        AtomicLong lookups = new AtomicLong();
        AtomicLong churnHits = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long deadline = System.nanoTime() + RUN_NANOS;

        Thread writer = new Thread(() -> {
            SplittableRandom rnd = new SplittableRandom(1);
            long[] stableCount = new long[STABLE + 1];
            long churnCount = 0;
            await(start);
            while (System.nanoTime() - deadline < 0) {
                for (int n = 0; n < 64; n++) {
                    int r = rnd.nextInt(10);
                    if (r < 4) {
                        int lo = 1 + rnd.nextInt(STABLE);
                        write(cache, lo, ++stableCount[lo]);
                    } else if (r < 7) {
                        write(cache, 1_000 + rnd.nextInt(CHURN), ++churnCount);
                    } else {
                        cache.deregister(HOME_PREFIX, 1_000 + rnd.nextInt(CHURN));
                    }
                }
            }
        }, "binding-writer");
        threads.add(writer);

        for (int t = 0; t < readers; t++) {
            final int seed = t;
            threads.add(new Thread(() -> {
                SplittableRandom rnd = new SplittableRandom(100 + seed);
                BindingView v = new BindingView();
                long[] lastCount = new long[STABLE + 1];
                long n = 0;
                long hits = 0;
                await(start);
                while (System.nanoTime() - deadline < 0 && failure.get() == null) {
                    for (int k = 0; k < 256; k++, n++) {
                        long lo = 1 + rnd.nextInt(STABLE);
                        if (!cache.lookup(HOME_PREFIX, lo, v)) {
                            failure.compareAndSet(null, "binding " + lo + " present throughout was not found");
                        } else if (!whole(lo, v)) {
                            failure.compareAndSet(null, "torn read of " + lo + ": seq " + v.sequence()
                                    + " count " + v.expiresAtNanos());
                        } else if (v.expiresAtNanos() < lastCount[(int) lo]) {
                            failure.compareAndSet(null, "binding " + lo + " went back from write "
                                    + lastCount[(int) lo] + " to " + v.expiresAtNanos());
                        } else {
                            lastCount[(int) lo] = v.expiresAtNanos();
                        }
                        long churn = 1_000 + rnd.nextInt(CHURN);
                        if (cache.lookup(HOME_PREFIX, churn, v)) {
                            hits++;
                            if (!whole(churn, v)) {
                                failure.compareAndSet(null, "torn read of churned " + churn);
                            }
                        }
                        long never = 100_000 + rnd.nextInt(NEVER);
                        if (cache.lookup(HOME_PREFIX, never, v)) {
                            failure.compareAndSet(null, "found " + never + ", never registered");
                        }
                    }
                }
                lookups.addAndGet(3 * n);
                churnHits.addAndGet(hits);
            }, "binding-reader-" + t));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join(20_000);
        }
        assertEquals(null, failure.get());
        BindingCacheCounters c = cache.counters();
        // the run did exercise what it claims to
        assertTrue(lookups.get() > 100_000, lookups.get() + " lookups");
        assertTrue(churnHits.get() > 0, "no churned binding was ever found");
        assertTrue(c.refreshed() > 10_000, c.toString());
        assertTrue(c.refused() > 0, c.toString());
        assertTrue(c.deregistered() > 1_000, c.toString());
        assertTrue(c.rebuilds() > 0, c.toString());
        for (long lo = 1; lo <= STABLE; lo++) {
            assertTrue(cache.contains(HOME_PREFIX, lo));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
