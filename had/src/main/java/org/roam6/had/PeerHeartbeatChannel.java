package org.roam6.had;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.Ipv6Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side of {@link PeerMonitor}: one Netty datagram channel bound to this home agent's
 * address and {@code HaPeerPort}, which sends a {@link PeerHeartbeat} to every watched peer when
 * {@link #sendHeartbeats()} is called (by the daemon's timer, every probe interval) and hands
 * every valid heartbeat it receives to the monitor.
 *
 * <p>A heartbeat is accepted only from the UDP address and port this channel sends that
 * sender's heartbeats to ({@code [sender]:HaPeerPort} in a daemon): a datagram naming another
 * home agent than its source is counted as {@link #mismatchedSources()} and ignored. The socket
 * is bound with {@code IP_FREEBIND}, so a home agent address still tentative (DAD) at start does
 * not stop the daemon.
 */
public final class PeerHeartbeatChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerHeartbeatChannel.class);

    private final PeerMonitor monitor;
    private final MonotonicClock clock;
    private final Function<Ipv6Address, InetSocketAddress> endpoint;
    private final EventLoopGroup group;
    private final Channel channel;
    private final AtomicInteger sequence = new AtomicInteger();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder mismatchedSources = new LongAdder();

    private PeerHeartbeatChannel(PeerMonitor monitor, MonotonicClock clock,
            Function<Ipv6Address, InetSocketAddress> endpoint, EventLoopGroup group, Channel channel) {
        this.monitor = monitor;
        this.clock = clock;
        this.endpoint = endpoint;
        this.group = group;
        this.channel = channel;
    }

    /** The endpoint of a peer in a daemon: its home agent address, port {@code port}. */
    public static Function<Ipv6Address, InetSocketAddress> atPort(int port) {
        return a -> new InetSocketAddress(inetAddress(a), port);
    }

    /**
     * Binds the channel (in the calling thread's network namespace) and starts receiving.
     *
     * @param monitor where heartbeats go and whose peers are probed
     * @param clock the clock of the monitor's times
     * @param local the address and port to bind: this home agent's address and {@code HaPeerPort}
     * @param endpoint where a peer's heartbeats are sent (and must come from)
     * @throws IOException when the epoll transport is missing or the bind fails
     */
    public static PeerHeartbeatChannel open(PeerMonitor monitor, MonotonicClock clock, InetSocketAddress local,
            Function<Ipv6Address, InetSocketAddress> endpoint) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("the peer heartbeats need Netty's native epoll transport: "
                    + Epoll.unavailabilityCause());
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("peer-heartbeats", true), EpollIoHandler.newFactory());
        PeerHeartbeatChannel[] self = new PeerHeartbeatChannel[1];
        try {
            Channel ch = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.IP_FREEBIND, true)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                            PeerHeartbeatChannel c = self[0];
                            if (c != null) {
                                c.received(p.content(), p.sender());
                            }
                        }
                    })
                    .bind(local).sync().channel();
            self[0] = new PeerHeartbeatChannel(monitor, clock, endpoint, group, ch);
            LOG.info("peer heartbeats on udp [{}]:{}", local.getAddress().getHostAddress(), local.getPort());
            return self[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("interrupted while binding the peer heartbeat socket " + local, e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("cannot bind the peer heartbeat socket " + local + ": " + e, e);
        }
    }

    private void received(ByteBuf content, InetSocketAddress from) {
        int len = content.readableBytes();
        byte[] b = new byte[Math.min(len, PeerHeartbeat.LENGTH)];
        content.getBytes(content.readerIndex(), b);
        PeerHeartbeat h = new PeerHeartbeat().wrap(b, 0, len < PeerHeartbeat.LENGTH ? len : PeerHeartbeat.LENGTH);
        if (h.validate() != null) {
            malformed.increment();
            return;
        }
        Ipv6Address sender = h.sender();
        InetSocketAddress expected = endpoint.apply(sender);
        if (from == null || expected.getPort() != from.getPort()
                || !toIpv6(expected.getAddress()).equals(toIpv6(from.getAddress()))) {
            mismatchedSources.increment();
            return;
        }
        monitor.onHeartbeat(sender, clock.nanoTime());
    }

    /** Sends one heartbeat to every peer the monitor watches; returns how many were handed to the socket. */
    public int sendHeartbeats() {
        int n = 0;
        for (Ipv6Address peer : monitor.peers()) {
            byte[] b = new byte[PeerHeartbeat.LENGTH];
            PeerHeartbeat.write(b, 0, sequence.getAndIncrement(), monitor.self());
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(b), endpoint.apply(peer)))
                    .addListener((ChannelFutureListener) f -> {
                        if (f.isSuccess()) {
                            sent.increment();
                        } else {
                            sendFailures.increment();
                        }
                    });
            n++;
        }
        return n;
    }

    /** The address and port the channel is bound to. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public long sent() {
        return sent.sum();
    }

    /** Heartbeats the kernel refused (no route to the peer, ...). */
    public long sendFailures() {
        return sendFailures.sum();
    }

    /** Datagrams on the port that were not heartbeats of this version. */
    public long malformed() {
        return malformed.sum();
    }

    /** Heartbeats whose sender field did not match the datagram's source (ignored). */
    public long mismatchedSources() {
        return mismatchedSources.sum();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    static InetAddress inetAddress(Ipv6Address a) {
        try {
            return InetAddress.getByAddress(a.toBytes());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e); // 16 bytes are always an address
        }
    }

    /** An IPv4 source (a dual-stack socket) as its IPv4-mapped IPv6 address. */
    static Ipv6Address toIpv6(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            byte[] m = new byte[16];
            m[10] = (byte) 0xff;
            m[11] = (byte) 0xff;
            System.arraycopy(b, 0, m, 12, 4);
            return Ipv6Address.of(m);
        }
        return Ipv6Address.of(b);
    }
}
