package org.roam6.bench.dataplane;

/**
 * What a relay loop did: packets tunnelled, send failures, packets skipped (the kernel's own
 * multicast chatter on the TUN). Written by the loop thread only; read once when the relay stops.
 */
final class RelayCounters {
    long relayed;
    long errors;
    long skipped;

    @Override
    public String toString() {
        return "relayed " + relayed + " errors " + errors + " skipped " + skipped;
    }
}
