package org.roam6.net.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.roam6.net.CaptureInfo;
import org.roam6.net.MacAddress;
import org.roam6.net.NetException;
import org.roam6.net.PacketCapture;

/**
 * An in-memory {@link PacketCapture}: {@link #arrive} queues an IPv6 packet as if captured (the
 * test applies the filter it means), {@link #injected()} records what the code sent.
 */
public final class FakePacketCapture implements PacketCapture {
    /** An injected packet; MACs null when the code let the capture choose. */
    public record Injected(byte[] packet, MacAddress source, MacAddress destination) {}

    private static final byte[] POISON = new byte[0];

    private final String device;
    private final LinkedBlockingQueue<byte[]> arrivals = new LinkedBlockingQueue<>();
    private final List<Injected> injected = new ArrayList<>();
    private volatile boolean closed;

    public FakePacketCapture(String device) {
        this.device = device;
    }

    @Override
    public String device() {
        return device;
    }

    public void arrive(byte[] ipv6Packet) {
        arrivals.add(ipv6Packet.clone());
    }

    @Override
    public int receive(byte[] buf, int off, int len, CaptureInfo info, long timeoutMillis) throws NetException {
        if (closed) {
            return CLOSED;
        }
        byte[] p;
        try {
            p = timeoutMillis <= 0 ? arrivals.poll() : arrivals.poll(timeoutMillis, TimeUnit.MILLISECONDS);
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
        if (info != null) {
            info.set(null, null, System.currentTimeMillis() * 1000, p.length);
        }
        return n;
    }

    @Override
    public synchronized void inject(byte[] buf, int off, int len) throws NetException {
        inject(buf, off, len, null, null);
    }

    @Override
    public synchronized void inject(byte[] buf, int off, int len, MacAddress source, MacAddress destination) throws NetException {
        if (closed) {
            throw new NetException("inject on closed capture " + device, 0, "open the capture again");
        }
        injected.add(new Injected(java.util.Arrays.copyOfRange(buf, off, off + len), source, destination));
    }

    public synchronized List<Injected> injected() {
        return new ArrayList<>(injected);
    }

    @Override
    public void close() {
        closed = true;
        arrivals.add(POISON);
    }
}
