package org.roam6.net;

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

    /** Closes the socket; a thread waiting in {@link #receive} returns {@link #CLOSED}. */
    @Override
    void close();
}
