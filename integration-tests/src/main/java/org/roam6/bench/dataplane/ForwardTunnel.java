package org.roam6.bench.dataplane;

/**
 * The home agent's forward tunnel reduced to its packet path (DESIGN.md section 2, RFC 6275
 * 10.4.2): take a packet the kernel routed into the TUN, put an outer IPv6 header with next
 * header 41 (RFC 2473 section 3) in front of it and send it to the care-of address.
 */
interface ForwardTunnel extends AutoCloseable {
    /** Outer header length: one IPv6 header, no extension headers (RFC 2473 section 3). */
    int OUTER = 40;
    /** The largest packet read from the TUN. */
    int MAX_PACKET = 65_535;
    /** Outer hop limit (the same as the C reference). */
    int HOP_LIMIT = 64;

    /** Relays packets until {@code running} reads false or the device closes. */
    void run(RelayCounters counters, java.util.function.BooleanSupplier running) throws Exception;

    @Override
    void close();
}
