package org.roam6.net;

import java.nio.ByteBuffer;
import org.roam6.wire.Ipv6Address;

/**
 * A socket that sends and receives IPv6 payloads of one protocol: the Mobility Header (135),
 * ICMPv6 (58), IPv6-in-IPv6 (41), copies of extension headers (60, 43), or whole packets built
 * by the caller (255). The real one is {@link RawIpv6Socket}; tests of protocol code use
 * {@link org.roam6.net.fake.FakePacketSocket}.
 *
 * <p>What {@link #receive} returns starts after the IPv6 header (for protocols 60 and 43: at the
 * extension header itself); see {@code common-wire/docs/net.md} for what each kind returns.
 * Receive never blocks longer than its timeout, so a daemon's loop can notice it should stop.
 * One thread may receive while others send.
 */
public interface PacketSocket extends AutoCloseable {
    /** {@link #receive} result: nothing arrived within the timeout. */
    int TIMEOUT = -1;
    /** {@link #receive} result: the socket was closed (possibly while waiting). */
    int CLOSED = -2;

    /** {@link #receive} timeout: wait until a packet comes or the socket is closed. */
    long WAIT_FOREVER = Long.MAX_VALUE;

    /** The protocol (next header value) this socket was opened for. */
    int protocol();

    /** Sends {@code buf[off, off+len)} to {@code dst}. */
    default void send(byte[] buf, int off, int len, Ipv6Address dst) throws NetException {
        send(buf, off, len, dst, SendOptions.NONE);
    }

    /** Sends {@code buf[off, off+len)} to {@code dst} with per-packet options. */
    void send(byte[] buf, int off, int len, Ipv6Address dst, SendOptions options) throws NetException;

    /**
     * Waits up to {@code timeoutMillis} (0: do not wait) for a packet, copies it into
     * {@code buf[off, off+len)}, fills {@code info} and returns its length; or returns
     * {@link #TIMEOUT} or {@link #CLOSED}.
     */
    int receive(byte[] buf, int off, int len, PacketInfo info, long timeoutMillis) throws NetException;

    /**
     * The zero-copy send: sends {@code src[position, limit)} to {@code dst} with no per-packet
     * options (the socket's own checksum setting applies) and moves the position to the limit.
     * Returns the length sent, or 0 when the kernel had no buffer space for it ({@code EAGAIN},
     * {@code ENOBUFS}: the packet is dropped, as a router under overload drops it, and the
     * position stays); other failures throw. {@link RawIpv6Socket} sends a direct buffer with one
     * {@code sendto(2)}, copying and allocating nothing; this default (for the fakes) goes through
     * a {@code byte[]}.
     */
    default int send(ByteBuffer src, Destination dst) throws NetException {
        int len = src.remaining();
        SendOptions o = dst.scopeId() == 0 ? SendOptions.NONE : SendOptions.NONE.withInterface(dst.scopeId());
        if (src.hasArray()) {
            send(src.array(), src.arrayOffset() + src.position(), len, dst.address(), o);
        } else {
            byte[] b = new byte[len];
            src.get(src.position(), b);
            send(b, 0, len, dst.address(), o);
        }
        src.position(src.limit());
        return len;
    }

    /**
     * As {@link #send(ByteBuffer, Destination)} to {@code dst} without a scope.
     * {@link RawIpv6Socket} keeps the native address of the last destination, so a loop sending
     * to one peer allocates nothing; prefer a {@link Destination} held per peer.
     */
    default int send(ByteBuffer src, Ipv6Address dst) throws NetException {
        return send(src, Destination.of(dst));
    }

    /**
     * The zero-copy receive: waits up to {@code timeoutMillis} ({@link #WAIT_FOREVER}: until a
     * packet or {@link #close()}; 0: do not wait) for a packet, puts it into {@code dst} at its
     * position (cut to the room there; {@link PacketInfo#truncated()} tells), advances the
     * position, fills {@code info} (may be null) and returns the length; or {@link #TIMEOUT} /
     * {@link #CLOSED} with {@code dst} unchanged. {@link RawIpv6Socket} receives straight into a
     * direct buffer with one {@code recvmsg(2)}, allocating nothing; this default (for the fakes)
     * goes through a {@code byte[]}.
     */
    default int receive(ByteBuffer dst, PacketInfo info, long timeoutMillis) throws NetException {
        if (dst.hasArray()) {
            int n = receive(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining(), info, timeoutMillis);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        byte[] b = new byte[dst.remaining()];
        int n = receive(b, 0, b.length, info, timeoutMillis);
        if (n > 0) {
            dst.put(b, 0, n);
        }
        return n;
    }

    /**
     * Binds the socket to {@code source} (bind(2)): every packet sent without a per-packet source
     * ({@link SendOptions#withSource}), in particular every zero-copy {@link #send(ByteBuffer,
     * Destination)}, leaves with that source address. A bound socket receives only packets
     * addressed to {@code source}. {@code source} must be an address of this host that is not
     * tentative ({@code EADDRNOTAVAIL} otherwise). Not supported by every implementation.
     */
    default void bind(Ipv6Address source) throws NetException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be bound");
    }

    /**
     * Sets the hop limit of every unicast packet sent without a per-packet one
     * ({@link SendOptions#withHopLimit}), {@code IPV6_UNICAST_HOPS}: 0-255, or -1 for the
     * kernel's default (the route's, normally {@code net.ipv6.conf.*.hop_limit}, 64). Not
     * supported by every implementation.
     */
    default void unicastHopLimit(int hopLimit) throws NetException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no settable hop limit");
    }

    /** Closes the socket; a thread waiting in {@link #receive} returns {@link #CLOSED}. */
    @Override
    void close();
}
