package org.roam6.runtime.metrics;

/**
 * A counter family split by labels, as {@code binding_updates_total{status="accepted"}}.
 * {@link #labels} looks the child up each call: fetch the children once, at set-up, and keep
 * them where the hot path can reach them.
 */
@FunctionalInterface
public interface LabelledCounter {

    /** The counter for these label values, in the order the labels were declared. */
    Counter labels(String... values);
}
