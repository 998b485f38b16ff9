package org.roam6.bench.dataplane;

/** Who writes the outer IPv6 header of a tunnelled packet. */
enum Encapsulation {
    /**
     * The relay writes it into the 40 bytes reserved in front of the packet and sends the whole
     * packet on a header-included socket (IPPROTO_RAW, 255); only the payload length changes per
     * packet.
     */
    HDRINCL,
    /** The relay sends the inner packet on a raw protocol-41 socket and the kernel adds the header. */
    RAW41;

    static Encapsulation parse(String s) {
        return switch (s) {
            case "hdrincl" -> HDRINCL;
            case "raw41" -> RAW41;
            default -> throw new IllegalArgumentException("encapsulation must be hdrincl or raw41, not " + s);
        };
    }
}
