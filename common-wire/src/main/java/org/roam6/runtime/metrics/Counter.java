package org.roam6.runtime.metrics;

/** A count that only goes up (BUs received, packets dropped). Cheap enough for a hot path. */
public interface Counter {

    void inc();

    void inc(long n);

    long value();
}
