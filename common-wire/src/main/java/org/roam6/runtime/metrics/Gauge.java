package org.roam6.runtime.metrics;

/** A value that goes up and down (bindings held, peers alive). */
public interface Gauge {

    void set(double value);

    void inc();

    void dec();

    double value();
}
