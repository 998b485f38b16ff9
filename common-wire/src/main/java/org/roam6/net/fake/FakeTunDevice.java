package org.roam6.net.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.roam6.net.KernelChatter;
import org.roam6.net.NetException;
import org.roam6.net.TunDevice;

/**
 * An in-memory {@link TunDevice}: {@link #routeIn} plays the kernel routing a packet into the
 * device (what {@link #read} returns, the kernel's MLD and Router Solicitations skipped as the
 * real device does); {@link #written()} is what the code under test handed to the kernel.
 */
public final class FakeTunDevice implements TunDevice {
    private static final byte[] POISON = new byte[0];

    private final String name;
    private final LinkedBlockingQueue<byte[]> toRead = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> written = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private long skipped;

    public FakeTunDevice(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** Queues a packet as if the kernel routed it into the device. */
    public void routeIn(byte[] packet) {
        toRead.add(packet.clone());
    }

    @Override
    public int read(byte[] buf, int off, int len, long timeoutMillis) throws NetException {
        // WAIT_FOREVER (Long.MAX_VALUE) as about 146 years, so the deadline does not overflow
        long deadline = System.nanoTime() + Math.min(Math.max(0, timeoutMillis), Long.MAX_VALUE / 2_000_000L) * 1_000_000L;
        while (!closed) {
            byte[] p;
            try {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                p = left <= 0 ? toRead.poll() : toRead.poll(left, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CLOSED;
            }
            if (p == null) {
                return TIMEOUT;
            }
            if (p == POISON) {
                return CLOSED;
            }
            int n = Math.min(len, p.length);
            System.arraycopy(p, 0, buf, off, n);
            if (KernelChatter.isKernelChatter(buf, off, n)) {
                synchronized (this) {
                    skipped++;
                }
                continue;
            }
            return n;
        }
        return CLOSED;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws NetException {
        if (closed) {
            throw new NetException("write to closed TUN " + name, 0, "open the device again");
        }
        written.add(java.util.Arrays.copyOfRange(buf, off, off + len));
    }

    /** Everything written so far (not removed). */
    public List<byte[]> written() {
        return new ArrayList<>(written);
    }

    /** Waits for the next written packet and removes it; null after the timeout. */
    public byte[] takeWritten(long timeoutMillis) throws InterruptedException {
        return written.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized long skipped() {
        return skipped;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        toRead.add(POISON);
    }
}
