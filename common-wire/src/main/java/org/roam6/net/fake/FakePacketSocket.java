package org.roam6.net.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.roam6.net.NetException;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.SendOptions;
import org.roam6.wire.Ipv6Address;

/**
 * An in-memory {@link PacketSocket} for tests of protocol code: what the code sends is recorded
 * ({@link #sent()}, {@link #takeSent}); what the test {@link #deliver}s is what receive returns.
 * Sockets made by a {@link FakeNetwork} also pass packets to each other.
 *
 * <p>A {@link #bind bound} source and a {@link #unicastHopLimit socket hop limit} are what the
 * kernel would write into the header of a packet sent without per-packet ones, so they show in
 * {@link Sent#options()} as if given per packet (and reach the receiving fake socket).
 */
public final class FakePacketSocket implements PacketSocket {
    /** One packet as the code under test sent it. */
    public record Sent(byte[] data, Ipv6Address destination, SendOptions options) {}

    /** One packet waiting to be received, with what the kernel would report about it. */
    public record Incoming(byte[] data, Ipv6Address source, Ipv6Address destination, int hopLimit,
                           byte[] destinationOptions, byte[] routingHeader) {}

    private static final Incoming POISON = new Incoming(new byte[0], null, null, 0, null, null);

    private final int protocol;
    private final Ipv6Address local;
    private final FakeNetwork network;
    private final LinkedBlockingQueue<Incoming> inbound = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private volatile Ipv6Address boundSource;
    private volatile int unicastHopLimit = -1;

    /** A standalone socket: sends are only recorded. */
    public FakePacketSocket(int protocol, Ipv6Address local) {
        this(protocol, local, null);
    }

    FakePacketSocket(int protocol, Ipv6Address local, FakeNetwork network) {
        this.protocol = protocol;
        this.local = local;
        this.network = network;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    /** The address this socket's host owns. */
    public Ipv6Address local() {
        return local;
    }

    @Override
    public void send(byte[] buf, int off, int len, Ipv6Address dst, SendOptions options) throws NetException {
        if (closed) {
            throw new NetException("send on a closed socket", 0, "open a new socket");
        }
        byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
        SendOptions o = options == null ? SendOptions.NONE : options;
        Ipv6Address bound = boundSource;
        if (o.source() == null && bound != null) {
            o = o.withSource(bound);
        }
        int hops = unicastHopLimit;
        if (o.hopLimit() < 0 && hops >= 0) {
            o = o.withHopLimit(hops);
        }
        sent.add(new Sent(copy, dst, o));
        if (network != null) {
            network.route(this, copy, dst, o);
        }
    }

    /** Records {@code source} as the source of packets sent without one (no check that the host owns it). */
    @Override
    public void bind(Ipv6Address source) throws NetException {
        if (closed) {
            throw new NetException("bind on a closed socket", 0, "open a new socket");
        }
        boundSource = java.util.Objects.requireNonNull(source, "source");
    }

    /** The address given to {@link #bind}, or null. */
    public Ipv6Address boundSource() {
        return boundSource;
    }

    @Override
    public void unicastHopLimit(int hopLimit) throws NetException {
        if (hopLimit < -1 || hopLimit > 255) {
            throw new IllegalArgumentException("hop limit " + hopLimit + " is not -1..255");
        }
        unicastHopLimit = hopLimit;
    }

    /** Queues a packet for {@link #receive}, as if from {@code source} to this socket's address, hop limit 64. */
    public void deliver(byte[] data, Ipv6Address source) {
        deliver(new Incoming(data.clone(), source, local, 64, null, null));
    }

    public void deliver(Incoming packet) {
        inbound.add(packet);
    }

    @Override
    public int receive(byte[] buf, int off, int len, PacketInfo info, long timeoutMillis) throws NetException {
        if (closed) {
            return CLOSED;
        }
        Incoming p;
        try {
            p = timeoutMillis <= 0 ? inbound.poll() : inbound.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CLOSED;
        }
        if (p == null) {
            return TIMEOUT;
        }
        if (p == POISON || closed) {
            return CLOSED;
        }
        int n = Math.min(len, p.data().length);
        System.arraycopy(p.data(), 0, buf, off, n);
        if (info != null) {
            info.reset();
            if (p.source() != null) {
                info.source(p.source());
            }
            if (p.destination() != null) {
                info.destination(p.destination().hi(), p.destination().lo(), 1);
            }
            info.hopLimit(p.hopLimit());
            if (p.destinationOptions() != null) {
                info.destinationOptions(p.destinationOptions(), 0, p.destinationOptions().length);
            }
            if (p.routingHeader() != null) {
                info.routingHeader(p.routingHeader(), 0, p.routingHeader().length);
            }
            info.truncated(n < p.data().length);
        }
        return n;
    }

    /** Everything sent so far, oldest first (not removed). */
    public List<Sent> sent() {
        return new ArrayList<>(sent);
    }

    /** Waits up to {@code timeoutMillis} for the next sent packet and removes it; null if none. */
    public Sent takeSent(long timeoutMillis) throws InterruptedException {
        return sent.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        inbound.add(POISON);
        if (network != null) {
            network.remove(this);
        }
    }
}
