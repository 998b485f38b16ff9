package org.roam6.net;

/**
 * Capture of IPv6 packets on one interface through a BPF filter, and injection of packets onto
 * it: the path for packets the kernel would drop before any socket sees them. The link framing
 * is handled here: {@link #receive} gives the IPv6 packet without its Ethernet header, and
 * {@link #inject} adds one. The real one is {@link PcapPacketCapture}; tests of protocol code use
 * {@link org.roam6.net.fake.FakePacketCapture}.
 */
public interface PacketCapture extends AutoCloseable {
    int TIMEOUT = -1;
    int CLOSED = -2;

    /** The interface captured on. */
    String device();

    /**
     * Waits up to {@code timeoutMillis} for a packet that passes the filter, copies the IPv6
     * packet into {@code buf[off, off+len)} and returns its length, or {@link #TIMEOUT} /
     * {@link #CLOSED}. Frames that do not carry IPv6 are skipped.
     */
    int receive(byte[] buf, int off, int len, CaptureInfo info, long timeoutMillis) throws NetException;

    /**
     * Sends the IPv6 packet onto the link. On Ethernet the source is the interface's address and
     * the destination the one learned from captured packets of the packet's destination address
     * (or the multicast mapping); without one learned, this throws naming the address.
     */
    void inject(byte[] buf, int off, int len) throws NetException;

    /** Sends the IPv6 packet in a frame with the given addresses (ignored on links without them). */
    void inject(byte[] buf, int off, int len, MacAddress source, MacAddress destination) throws NetException;

    @Override
    void close();
}
