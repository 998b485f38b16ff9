package org.roam6.runtime.metrics;

/** A gauge family split by labels; see {@link LabelledCounter}. */
@FunctionalInterface
public interface LabelledGauge {

    Gauge labels(String... values);
}
