package org.roam6.binding;

/**
 * The cache's counters at one instant (taken under the writer lock, so they agree with each other).
 *
 * @param size bindings held now
 * @param maxBindings the configured maximum
 * @param created registrations that created an entry
 * @param refreshed registrations that updated an existing entry
 * @param refused registrations refused because the cache was full (BA status 130)
 * @param deregistered entries removed by {@link BindingCache#deregister}
 * @param expired entries removed by {@link BindingCache#expire}
 * @param shifted bindings moved one or more slots back to close the hole a removal left
 */
public record BindingCacheCounters(
        int size,
        int maxBindings,
        long created,
        long refreshed,
        long refused,
        long deregistered,
        long expired,
        long shifted) {
}
