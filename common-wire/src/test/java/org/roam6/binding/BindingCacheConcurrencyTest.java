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

    /**
     * Write number {@code count} of home address {@code lo}: the care-of address's high half is
     * the count, everything else a function of the home address and the count.
     */
    static long coaLo(long lo, long count) {
        return Long.rotateLeft(lo * 0xC2B2AE3D27D4EB4FL + count * 0x9E3779B97F4A7C15L, 17);
    }

    static int flags(long lo, long count) {
        return (int) ((lo * 31 + count * 7) & 0xffff);
    }

    /** Whether a view holds one whole write for home address {@code lo}. */
    static boolean whole(long lo, BindingView v) {
        long count = v.careOfHi();
        return v.sequence() == (int) (count & 0xffff)
                && v.careOfLo() == coaLo(lo, count)
                && v.flags() == flags(lo, count);
    }

    private static void write(BindingCache cache, long lo, long count) {
        cache.register(HOME_PREFIX, lo, count, coaLo(lo, count), (int) (count & 0xffff), flags(lo, count),
                1_000_000);
    }

    @Test
    @Timeout(30)
    void readersNeverSeeATornBindingNorMissOneThatIsPresentThroughout() throws Exception {
        // small maximum: churn keys fill it, get refused, and their de-registrations shift the
        // stable bindings back and forth along their probe runs while readers probe
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
                                    + " count " + v.careOfHi());
                        } else if (v.careOfHi() < lastCount[(int) lo]) {
                            failure.compareAndSet(null, "binding " + lo + " went back from write "
                                    + lastCount[(int) lo] + " to " + v.careOfHi());
                        } else {
                            lastCount[(int) lo] = v.careOfHi();
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
        assertTrue(c.shifted() > 1_000, c.toString());
        for (long lo = 1; lo <= STABLE; lo++) {
            assertTrue(cache.contains(HOME_PREFIX, lo));
        }
    }

    @Test
    @Timeout(30)
    void aReaderFollowsABindingThatDeletionsShiftBackAlongItsProbeRun() throws Exception {
        // Each round: a run of RUN bindings with one home slot, then the followed binding at its
        // end; the run is de-registered from its head, so the followed binding moves back one
        // slot per de-registration while readers look it up. Only then does the round end and
        // the followed binding go.
        final int run = 20;
        final int sets = 4;
        BindingCache cache = new BindingCache(64, 0x5eedL);
        long[][] churn = new long[sets][];
        long[] followed = new long[sets];
        for (int k = 0; k < sets; k++) {
            long[] same = BindingCacheTest.keysWithHomeSlot(cache, k * (cache.capacity() / sets), run + 1);
            churn[k] = java.util.Arrays.copyOf(same, run);
            followed[k] = same[run];
        }
        AtomicLong round = new AtomicLong(-1);
        AtomicLong checked = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        long deadline = System.nanoTime() + RUN_NANOS;

        Thread writer = new Thread(() -> {
            for (long r = 0; System.nanoTime() - deadline < 0 && failure.get() == null; r++) {
                int k = (int) (r % sets);
                for (long lo : churn[k]) {
                    write(cache, lo, r);
                }
                write(cache, followed[k], r);
                round.set(r); // the followed binding is in place for the whole round
                for (long lo : churn[k]) {
                    cache.deregister(HOME_PREFIX, lo);
                }
                round.set(-1 - r); // ends the round before the followed binding goes
                cache.deregister(HOME_PREFIX, followed[k]);
            }
        }, "binding-shifter");
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            readers.add(new Thread(() -> {
                BindingView v = new BindingView();
                long n = 0;
                while (System.nanoTime() - deadline < 0 && failure.get() == null) {
                    long r1 = round.get();
                    if (r1 < 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    long lo = followed[(int) (r1 % sets)];
                    boolean found = cache.lookup(HOME_PREFIX, lo, v);
                    long r2 = round.get();
                    if (r1 == r2) {
                        n++;
                        if (!found) {
                            failure.compareAndSet(null, "round " + r1 + ": " + lo + " not found while shifted");
                        } else if (!whole(lo, v) || v.careOfHi() != r1) {
                            failure.compareAndSet(null, "round " + r1 + ": torn or stale " + lo);
                        }
                    }
                }
                checked.addAndGet(n);
            }, "binding-follower-" + t));
        }
        writer.start();
        readers.forEach(Thread::start);
        writer.join(20_000);
        for (Thread t : readers) {
            t.join(20_000);
        }
        assertEquals(null, failure.get());
        BindingCacheCounters c = cache.counters();
        assertTrue(checked.get() > 10_000, checked.get() + " lookups inside rounds");
        assertTrue(c.shifted() > 100_000, c.toString());
        assertEquals(0, cache.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
