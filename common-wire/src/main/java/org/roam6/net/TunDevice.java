package org.roam6.net;

/**
 * A TUN device carrying whole IPv6 packets (no packet-information prefix): what the kernel routes
 * into the device comes out of {@link #read}, and what is {@link #write written} enters the
 * kernel as if received on the device. The real one is {@link LinuxTunDevice}; tests of
 * protocol code use {@link org.roam6.net.fake.FakeTunDevice}.
 */
public interface TunDevice extends AutoCloseable {
    /** {@link #read} result: nothing within the timeout. */
    int TIMEOUT = -1;
    /** {@link #read} result: the device was closed. */
    int CLOSED = -2;

    /** The interface name. */
    String name();

    /**
     * Waits up to {@code timeoutMillis} for a packet routed into the device, copies it into
     * {@code buf[off, off+len)} and returns its length, or {@link #TIMEOUT} / {@link #CLOSED}.
     * The kernel's own MLD reports and Router Solicitations are skipped (see {@link KernelChatter}).
     */
    int read(byte[] buf, int off, int len, long timeoutMillis) throws NetException;

    /** Hands one whole IPv6 packet to the kernel. */
    void write(byte[] buf, int off, int len) throws NetException;

    /** How many packets {@link #read} skipped as the kernel's own chatter. */
    long skipped();

    @Override
    void close();
}
