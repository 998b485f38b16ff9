package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.roam6.runtime.metrics.Counter;
import org.roam6.runtime.metrics.Metrics;

/** The data plane's own counts reach Prometheus as counters. */
class CounterMirrorTest {

    @Test
    void refreshAddsWhatTheSourceGainedSinceTheLastRefresh() {
        Metrics metrics = new Metrics("roam6_had");
        Counter forward = metrics.counter("tunnelled_packets", "test", "direction").labels("forward");
        AtomicLong source = new AtomicLong(5);
        CounterMirror m = new CounterMirror();
        m.add(source::get, forward);
        assertEquals(0, forward.value(), "nothing before the first refresh");
        m.refresh();
        assertEquals(5, forward.value(), "what was counted before the mirror existed is included");
        source.addAndGet(7);
        m.refresh();
        m.refresh();
        assertEquals(12, forward.value());
        assertTrue(metrics.scrape().contains("roam6_had_tunnelled_packets_total{direction=\"forward\"} 12"),
                metrics::scrape);
    }

    @Test
    void aSourceThatStartsAgainNeverMakesTheCounterGoDown() {
        Metrics metrics = new Metrics("x");
        Counter c = metrics.counter("c", "test");
        AtomicLong source = new AtomicLong(10);
        CounterMirror m = new CounterMirror();
        m.add(source::get, c);
        m.refresh();
        source.set(3); // a part replaced by a new one counting from zero
        m.refresh();
        assertEquals(10, c.value());
        source.set(4);
        m.refresh();
        assertEquals(11, c.value());
    }
}
