package org.roam6.net;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.roam6.wire.Ipv6Address;

/**
 * A raw IPv6 socket ({@code socket(AF_INET6, SOCK_RAW, protocol)}, RFC 3542) driven through
 * {@code sendmsg}/{@code recvmsg} with control messages, non-blocking and waited on with poll(2).
 *
 * <p>The socket lives in the network namespace of the thread that opens it (see
 * {@link NetworkNamespace}). Native buffers are allocated once per socket; sending and receiving
 * copy between them and the caller's arrays and allocate nothing else.
 *
 * <p>The zero-copy path for a data plane: {@link #send(ByteBuffer, Destination)} is one
 * {@code sendto(2)} from a direct buffer to a sockaddr built once per {@link Destination}, and
 * {@link #receive(ByteBuffer, PacketInfo, long)} one {@code recvmsg(2)} into a direct buffer
 * with the {@code msghdr} filled through a direct-buffer view (no JNI call per field). Both are
 * JNA direct-mapped calls with raw addresses ({@link LibCByAddress}) and allocate nothing.
 */
public final class RawIpv6Socket implements PacketSocket {
    private static final int MSGHDR = 0;
    private static final int IOV = 64;
    private static final int SOCKADDR = 80;
    private static final int CONTROL = 112;
    private static final int CONTROL_CAPACITY = 2 * PacketInfo.MAX_EXTENSION_HEADER + 256;
    private static final int DATA = CONTROL + CONTROL_CAPACITY;
    /** Room for the largest IPv6 packet without jumbograms. */
    public static final int MAX_PACKET = 65_535 + 40;

    private final PacketSocketConfig config;
    private final int fd;
    private final FdWaiter waiter;
    private final Object sendLock = new Object();
    private final Object receiveLock = new Object();
    private final Memory sendMem = new Memory(DATA + MAX_PACKET);
    private final Memory receiveMem = new Memory(DATA + MAX_PACKET);
    private final byte[] sendControl = new byte[CONTROL_CAPACITY];
    private final byte[] receiveControl = new byte[CONTROL_CAPACITY];
    private final byte[] sockaddr = new byte[32];
    /** receiveMem seen as a buffer in host order: the msghdr is filled without JNI calls. */
    private final ByteBuffer receiveView = receiveMem.getByteBuffer(0, DATA + MAX_PACKET).order(ByteOrder.nativeOrder());
    private final long receiveBase = Pointer.nativeValue(receiveMem);
    private final DirectBufferAddress sendAddress = new DirectBufferAddress();
    private final DirectBufferAddress receiveAddress = new DirectBufferAddress();
    private Destination lastDestination;
    private volatile boolean closed;

    private RawIpv6Socket(PacketSocketConfig config, int fd, FdWaiter waiter) {
        this.config = config;
        this.fd = fd;
        this.waiter = waiter;
        receiveView.putLong(MSGHDR, receiveBase + SOCKADDR);      // msg_name
        receiveView.putLong(MSGHDR + 16, receiveBase + IOV);      // msg_iov
        receiveView.putLong(MSGHDR + 24, 1);                      // msg_iovlen
        receiveView.putLong(MSGHDR + 32, receiveBase + CONTROL);  // msg_control
    }

    /** Opens the socket in the calling thread's network namespace and applies {@code config}. */
    public static RawIpv6Socket open(PacketSocketConfig config) throws NetException {
        int proto = config.protocol();
        int fd = LibC.socket(LibC.AF_INET6, LibC.SOCK_RAW | LibC.SOCK_NONBLOCK | LibC.SOCK_CLOEXEC, proto);
        if (fd < 0) {
            throw Errno.fail("socket(AF_INET6, SOCK_RAW, " + proto + ")", "protocol " + proto);
        }
        try {
            if (config.checksumOffset() >= 0 && proto != LibC.IPPROTO_ICMPV6) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_CHECKSUM, config.checksumOffset(), "IPV6_CHECKSUM");
            }
            if (config.icmpFilter() != null) {
                byte[] f = config.icmpFilter().toBytes();
                check(LibC.setsockopt(fd, LibC.IPPROTO_ICMPV6, LibC.ICMP6_FILTER, f, f.length), "ICMP6_FILTER", "");
            }
            if (config.device() != null) {
                byte[] name = (config.device() + "\0").getBytes(StandardCharsets.US_ASCII);
                check(LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length),
                        "setsockopt SO_BINDTODEVICE " + config.device(), config.device());
            }
            if (config.isHeaderIncluded()) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_HDRINCL, 1, "IPV6_HDRINCL");
            }
            if (config.packetInfo()) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
            }
            if (config.hopLimit()) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
            }
            if (config.destinationOptions()) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVDSTOPTS, 1, "IPV6_RECVDSTOPTS");
            }
            if (config.routingHeader()) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_RECVRTHDR, 1, "IPV6_RECVRTHDR");
            }
            if (config.mark() != 0) {
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_MARK, config.mark(), "SO_MARK");
            }
            if (config.receiveBufferBytes() > 0) {
                setInt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, config.receiveBufferBytes(), "SO_RCVBUF");
            }
            return new RawIpv6Socket(config, fd, new FdWaiter());
        } catch (NetException e) {
            LibC.close(fd);
            throw e;
        }
    }

    private static void setInt(int fd, int level, int name, int value, String what) throws NetException {
        byte[] v = new byte[4];
        ControlMessages.putIntLe(v, 0, value);
        check(LibC.setsockopt(fd, level, name, v, 4), "setsockopt " + what + "=" + value, what);
    }

    private static void check(int rc, String operation, String subject) throws NetException {
        if (rc < 0) {
            throw Errno.fail(operation, subject);
        }
    }

    @Override
    public int protocol() {
        return config.protocol();
    }

    public PacketSocketConfig config() {
        return config;
    }

    /** The file descriptor, for diagnostics. */
    public int fd() {
        return fd;
    }

    /**
     * bind(2) to {@code source} with a {@code sockaddr_in6} (the one a {@link Destination} builds);
     * see {@link PacketSocket#bind}. A link-local source would need a scope: refused here.
     */
    @Override
    public void bind(Ipv6Address source) throws NetException {
        if (source.isLinkLocal() || source.isMulticast()) {
            throw new IllegalArgumentException("bind needs a global or unique-local unicast address, not " + source);
        }
        Destination local = Destination.of(source);
        synchronized (sendLock) {
            if (closed) {
                throw new NetException("bind on a closed socket", 0, "open a new socket");
            }
            int rc = LibCByAddress.bind(fd, local.sockaddrAddress(), ControlMessages.SOCKADDR_IN6_LENGTH);
            int errno = rc < 0 ? Native.getLastError() : 0;
            java.lang.ref.Reference.reachabilityFence(local);
            if (rc < 0) {
                throw new NetException("bind (protocol " + config.protocol() + ") to " + source, errno,
                        Errno.whatToFix("bind", errno, source.toString()));
            }
        }
    }

    /** {@code IPV6_UNICAST_HOPS}; see {@link PacketSocket#unicastHopLimit}. */
    @Override
    public void unicastHopLimit(int hopLimit) throws NetException {
        if (hopLimit < -1 || hopLimit > 255) {
            throw new IllegalArgumentException("hop limit " + hopLimit + " is not -1..255");
        }
        synchronized (sendLock) {
            if (closed) {
                throw new NetException("setsockopt on a closed socket", 0, "open a new socket");
            }
            setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_UNICAST_HOPS, hopLimit, "IPV6_UNICAST_HOPS");
        }
    }

    /**
     * {@code IPV6_MULTICAST_LOOP}: whether multicast this socket sends is also delivered to this
     * host (the kernel's default: yes). Off for Neighbor Advertisements a node sends on another's
     * behalf or about itself: looped back, the host's own Neighbor Discovery takes the target
     * link-layer address in, and a home agent that advertised a home address with its own MAC
     * (RFC 6275 10.4.1) went on sending to itself after the mobile node had come home.
     */
    public void multicastLoop(boolean loop) throws NetException {
        synchronized (sendLock) {
            if (closed) {
                throw new NetException("setsockopt on a closed socket", 0, "open a new socket");
            }
            setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_LOOP, loop ? 1 : 0, "IPV6_MULTICAST_LOOP");
        }
    }

    @Override
    public void send(byte[] buf, int off, int len, Ipv6Address dst, SendOptions options) throws NetException {
        if (len > MAX_PACKET) {
            throw new IllegalArgumentException("packet of " + len + " bytes exceeds " + MAX_PACKET);
        }
        SendOptions o = options == null ? SendOptions.NONE : options;
        synchronized (sendLock) {
            if (closed) {
                throw new NetException("send on a closed socket", 0, "open a new socket");
            }
            int scope = dst.isLinkLocal() || dst.isMulticast() ? o.interfaceIndex() : 0;
            ControlMessages.putSockaddrIn6(sockaddr, 0, dst.hi(), dst.lo(), scope);
            sendMem.write(SOCKADDR, sockaddr, 0, ControlMessages.SOCKADDR_IN6_LENGTH);
            sendMem.write(DATA, buf, off, len);
            int c = 0;
            if (o.source() != null || o.interfaceIndex() != 0) {
                Ipv6Address s = o.source() == null ? Ipv6Address.UNSPECIFIED : o.source();
                c = ControlMessages.putPacketInfo(sendControl, c, s.hi(), s.lo(), o.interfaceIndex());
            }
            if (o.hopLimit() >= 0) {
                c = ControlMessages.putHopLimit(sendControl, c, o.hopLimit());
            }
            if (o.destinationOptions() != null) {
                c = ControlMessages.putDestinationOptions(sendControl, c, o.destinationOptions());
            }
            if (c > 0) {
                sendMem.write(CONTROL, sendControl, 0, c);
            }
            fillMsghdr(sendMem, len, c);
            boolean toggle = !o.kernelChecksum() && config.checksumOffset() >= 0
                    && config.protocol() != LibC.IPPROTO_ICMPV6;
            if (toggle) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_CHECKSUM, -1, "IPV6_CHECKSUM");
            }
            long n = LibC.sendmsg(fd, sendMem, 0);
            NetException failure = n < 0 ? Errno.fail("sendmsg (protocol " + config.protocol() + ") to " + dst, dst.toString()) : null;
            if (toggle) {
                setInt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_CHECKSUM, config.checksumOffset(), "IPV6_CHECKSUM");
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static void fillMsghdr(Memory m, int dataLen, int controlLen) {
        m.setPointer(MSGHDR, m.share(SOCKADDR));
        m.setInt(MSGHDR + 8, ControlMessages.SOCKADDR_IN6_LENGTH);
        m.setPointer(MSGHDR + 16, m.share(IOV));
        m.setLong(MSGHDR + 24, 1);
        m.setPointer(MSGHDR + 32, controlLen > 0 ? m.share(CONTROL) : null);
        m.setLong(MSGHDR + 40, controlLen);
        m.setInt(MSGHDR + 48, 0);
        m.setPointer(IOV, m.share(DATA));
        m.setLong(IOV + 8, dataLen);
    }

    /**
     * Sends {@code src[position, limit)} to {@code dst} with one {@code sendto(2)}; see
     * {@link PacketSocket#send(ByteBuffer, Destination)}. A direct buffer is sent from where it
     * lies, with nothing copied and nothing allocated; a heap buffer goes the {@code byte[]} way.
     */
    @Override
    public int send(ByteBuffer src, Destination dst) throws NetException {
        if (!src.isDirect()) {
            return PacketSocket.super.send(src, dst);
        }
        int pos = src.position();
        int len = src.limit() - pos;
        synchronized (sendLock) {
            if (closed) {
                throw new NetException("send on a closed socket", 0, "open a new socket");
            }
            long n = LibCByAddress.sendto(fd, sendAddress.of(src) + pos, len, 0, dst.sockaddrAddress(),
                    ControlMessages.SOCKADDR_IN6_LENGTH);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == Errno.EAGAIN || errno == Errno.ENOBUFS) {
                    return 0;
                }
                throw new NetException("sendto (protocol " + config.protocol() + ") to " + dst, errno,
                        Errno.whatToFix("sendmsg", errno, dst.address().toString()));
            }
            src.position(src.limit());
            return (int) n;
        }
    }

    /** As {@link #send(ByteBuffer, Destination)}; the native address of the last {@code dst} is kept. */
    @Override
    public int send(ByteBuffer src, Ipv6Address dst) throws NetException {
        Destination d = lastDestination;
        if (d == null || d.address().hi() != dst.hi() || d.address().lo() != dst.lo()) {
            d = Destination.of(dst);
            lastDestination = d;
        }
        return send(src, d);
    }

    @Override
    public int receive(byte[] buf, int off, int len, PacketInfo info, long timeoutMillis) throws NetException {
        synchronized (receiveLock) {
            int n = receiveAt(receiveBase + DATA, Math.min(len, MAX_PACKET), info, timeoutMillis);
            if (n > 0) {
                receiveView.get(DATA, buf, off, n);
            }
            return n;
        }
    }

    /**
     * Receives into {@code dst} at its position with one {@code recvmsg(2)}; see
     * {@link PacketSocket#receive(ByteBuffer, PacketInfo, long)}. A direct buffer is filled where it
     * lies and nothing is allocated; a heap buffer goes the {@code byte[]} way.
     */
    @Override
    public int receive(ByteBuffer dst, PacketInfo info, long timeoutMillis) throws NetException {
        if (!dst.isDirect()) {
            return PacketSocket.super.receive(dst, info, timeoutMillis);
        }
        synchronized (receiveLock) {
            int pos = dst.position();
            int n = receiveAt(receiveAddress.of(dst) + pos, dst.limit() - pos, info, timeoutMillis);
            if (n > 0) {
                dst.position(pos + n);
            }
            return n;
        }
    }

    /** The receive loop: recvmsg into {@code address}, waiting with poll while the socket is empty. */
    private int receiveAt(long address, int capacity, PacketInfo info, long timeoutMillis) throws NetException {
        boolean forever = timeoutMillis == WAIT_FOREVER;
        long deadline = forever ? 0 : System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        while (true) {
            if (closed) {
                return CLOSED;
            }
            receiveView.putInt(MSGHDR + 8, ControlMessages.SOCKADDR_IN6_LENGTH); // msg_namelen
            receiveView.putLong(MSGHDR + 40, CONTROL_CAPACITY);                  // msg_controllen
            receiveView.putInt(MSGHDR + 48, 0);                                  // msg_flags
            receiveView.putLong(IOV, address);
            receiveView.putLong(IOV + 8, capacity);
            long n = LibCByAddress.recvmsg(fd, receiveBase, LibC.MSG_DONTWAIT);
            if (n >= 0) {
                deliver(info);
                return (int) n;
            }
            int errno = Native.getLastError();
            if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
                throw new NetException("recvmsg (protocol " + config.protocol() + ")", errno,
                        Errno.whatToFix("recvmsg", errno, "protocol " + config.protocol()));
            }
            long left = forever ? 0 : (deadline - System.nanoTime()) / 1_000_000L;
            if (!forever && (timeoutMillis <= 0 || left <= 0)) {
                return TIMEOUT;
            }
            int r = waiter.await(fd, left, forever);
            if (r == FdWaiter.WOKEN || closed) {
                return CLOSED;
            }
            if (r == FdWaiter.TIMED_OUT) {
                return TIMEOUT;
            }
        }
    }

    private void deliver(PacketInfo info) {
        if (info == null) {
            return;
        }
        info.reset();
        receiveView.order(ByteOrder.BIG_ENDIAN);
        info.source(receiveView.getLong(SOCKADDR + 8), receiveView.getLong(SOCKADDR + 16));
        receiveView.order(ByteOrder.nativeOrder());
        int controlLen = (int) Math.min(receiveView.getLong(MSGHDR + 40), CONTROL_CAPACITY);
        if (controlLen > 0) {
            receiveView.get(CONTROL, receiveControl, 0, controlLen);
            ControlMessages.parse(receiveControl, 0, controlLen, info);
        }
        info.truncated((receiveView.getInt(MSGHDR + 48) & LibC.MSG_TRUNC) != 0);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        waiter.wake();
        synchronized (receiveLock) {
            synchronized (sendLock) {
                LibC.close(fd);
                waiter.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RawIpv6Socket[protocol " + config.protocol() + ", fd " + fd + (closed ? ", closed" : "") + "]";
    }
}
