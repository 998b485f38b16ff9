package org.roam6.had;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.roam6.runtime.metrics.Counter;

/**
 * Prometheus counters that follow counts a part keeps itself: the data plane and discovery
 * classes count in plain {@code LongAdder}s on their hot paths and know nothing of
 * {@code Metrics}. {@link #refresh()} adds to each counter what its source gained since the
 * last refresh; the daemon runs it on a timer (every {@value #REFRESH_SECONDS} s), so a scrape
 * lags the source by at most that. A source that goes down (a part replaced) is taken as a
 * fresh start, never as a negative increment.
 */
final class CounterMirror {

    /** How often the daemon refreshes the mirrored counters. */
    static final int REFRESH_SECONDS = 1;

    private static final class Entry {
        final LongSupplier source;
        final Counter target;
        long last;

        Entry(LongSupplier source, Counter target) {
            this.source = source;
            this.target = target;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Mirrors {@code source} into {@code target} from now on (what {@code source} had counted already included). */
    synchronized void add(LongSupplier source, Counter target) {
        entries.add(new Entry(source, target));
    }

    /** Brings every counter up to its source. */
    synchronized void refresh() {
        for (Entry e : entries) {
            long now = e.source.getAsLong();
            if (now > e.last) {
                e.target.inc(now - e.last);
            }
            e.last = now;
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
