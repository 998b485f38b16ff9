package org.roam6.mnd;

/**
 * Remembers when each peer address was last reported, so that the data plane tells the daemon
 * about a correspondent at most once per interval: the trigger for the correspondent
 * registration a mobile node may start for a packet that came through its home agent (RFC 6275
 * 11.3.3, 11.7.2), rate-limited as 11.8 asks. A fixed open-addressed table of primitive
 * rows (address as two longs, the time it was last reported), checked without allocating.
 *
 * <p>When the table is half full, entries older than the interval are forgotten; if that frees
 * nothing the table is emptied (a forgotten peer is reported again earlier than the interval:
 * harmless, the daemon ignores a peer it is already busy with). One thread only, not
 * thread-safe: each data-plane thread keeps its own.
 */
final class PeerSightings {
    private final long intervalNanos;
    private final long[] hi;
    private final long[] lo;
    private final long[] lastNanos;
    private final boolean[] used;
    private final int mask;
    private int size;

    /**
     * @param intervalNanos how long a reported peer stays quiet
     * @param capacity      how many peers are remembered at most (rounded up to a power of two,
     *                      the table has twice as many slots)
     */
    PeerSightings(long intervalNanos, int capacity) {
        if (intervalNanos <= 0 || capacity < 1 || capacity > 1 << 20) {
            throw new IllegalArgumentException("interval " + intervalNanos + " ns, capacity " + capacity);
        }
        this.intervalNanos = intervalNanos;
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
        this.hi = new long[slots];
        this.lo = new long[slots];
        this.lastNanos = new long[slots];
        this.used = new boolean[slots];
        this.mask = slots - 1;
    }

    /**
     * True when {@code hi:lo} was not reported within the interval before {@code nowNanos} (or
     * never): the caller reports it now, and it is remembered as reported at {@code nowNanos}.
     */
    boolean shouldReport(long addressHi, long addressLo, long nowNanos) {
        int i = slot(addressHi, addressLo);
        while (used[i]) {
            if (hi[i] == addressHi && lo[i] == addressLo) {
                if (nowNanos - lastNanos[i] < intervalNanos) {
                    return false;
                }
                lastNanos[i] = nowNanos;
                return true;
            }
            i = (i + 1) & mask;
        }
        if (2 * (size + 1) > used.length) {
            forgetOlderThan(nowNanos);
            if (2 * (size + 1) > used.length) {
                clear();
            }
            i = slot(addressHi, addressLo);
            while (used[i]) {
                i = (i + 1) & mask;
            }
        }
        used[i] = true;
        hi[i] = addressHi;
        lo[i] = addressLo;
        lastNanos[i] = nowNanos;
        size++;
        return true;
    }

    /** How many peers are remembered. */
    int size() {
        return size;
    }

    private void forgetOlderThan(long nowNanos) {
        int n = used.length;
        long[] h = hi.clone();
        long[] l = lo.clone();
        long[] t = lastNanos.clone();
        boolean[] u = used.clone();
        clear();
        for (int j = 0; j < n; j++) {
            if (u[j] && nowNanos - t[j] < intervalNanos) {
                int i = slot(h[j], l[j]);
                while (used[i]) {
                    i = (i + 1) & mask;
                }
                used[i] = true;
                hi[i] = h[j];
                lo[i] = l[j];
                lastNanos[i] = t[j];
                size++;
            }
        }
    }

    private void clear() {
        java.util.Arrays.fill(used, false);
        size = 0;
    }

    private int slot(long h, long l) {
        long x = (h ^ Long.rotateLeft(l, 29)) * 0x9e3779b97f4a7c15L;
        return (int) (x >>> 32) & mask;
    }
}
