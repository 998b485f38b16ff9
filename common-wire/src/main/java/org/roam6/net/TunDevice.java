package org.roam6.net;

import java.nio.ByteBuffer;

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

    /** {@link #read} timeout: wait until a packet comes or the device is closed. */
    long WAIT_FOREVER = Long.MAX_VALUE;

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

    /**
     * The zero-copy read: waits up to {@code timeoutMillis} ({@link #WAIT_FOREVER}: until a
     * packet comes or {@link #close()} is called; 0: do not wait) for a packet, puts it into
     * {@code dst} at its position, advances the position by its length and returns the length, or
     * {@link #TIMEOUT} / {@link #CLOSED} with {@code dst} unchanged. {@code dst} should have room
     * for the device's MTU. {@link LinuxTunDevice} reads straight into a direct buffer without
     * allocating; this default (for the fakes) goes through a {@code byte[]}.
     */
    default int read(ByteBuffer dst, long timeoutMillis) throws NetException {
        if (dst.hasArray()) {
            int n = read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining(), timeoutMillis);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        byte[] b = new byte[dst.remaining()];
        int n = read(b, 0, b.length, timeoutMillis);
        if (n > 0) {
            dst.put(b, 0, n);
        }
        return n;
    }

    /**
     * The zero-copy write: hands {@code src[position, limit)}, one whole IPv6 packet, to the kernel
     * and moves the position to the limit. {@link LinuxTunDevice} writes a direct buffer without
     * copying or allocating; this default (for the fakes) goes through a {@code byte[]}.
     */
    default void write(ByteBuffer src) throws NetException {
        if (src.hasArray()) {
            write(src.array(), src.arrayOffset() + src.position(), src.remaining());
        } else {
            byte[] b = new byte[src.remaining()];
            src.get(src.position(), b);
            write(b, 0, b.length);
        }
        src.position(src.limit());
    }

    /** How many packets {@link #read} skipped as the kernel's own chatter. */
    long skipped();

    @Override
    void close();
}
