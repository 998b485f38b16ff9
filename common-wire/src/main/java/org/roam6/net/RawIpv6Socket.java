package org.roam6.net;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;
import org.roam6.wire.Ipv6Address;

/**
 * A raw IPv6 socket ({@code socket(AF_INET6, SOCK_RAW, protocol)}, RFC 3542) driven through
 * {@code sendmsg}/{@code recvmsg} with control messages, non-blocking and waited on with poll(2).
 *
 * <p>The socket lives in the network namespace of the thread that opens it (see
 * {@link NetworkNamespace}). Native buffers are allocated once per socket; sending and receiving
 * copy between them and the caller's arrays and allocate nothing else.
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
    private volatile boolean closed;

    private RawIpv6Socket(PacketSocketConfig config, int fd, FdWaiter waiter) {
        this.config = config;
        this.fd = fd;
        this.waiter = waiter;
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

    @Override
    public int receive(byte[] buf, int off, int len, PacketInfo info, long timeoutMillis) throws NetException {
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        synchronized (receiveLock) {
            while (true) {
                if (closed) {
                    return CLOSED;
                }
                int want = Math.min(len, MAX_PACKET);
                fillMsghdr(receiveMem, want, CONTROL_CAPACITY);
                long n = LibC.recvmsg(fd, receiveMem, LibC.MSG_DONTWAIT);
                if (n >= 0) {
                    return deliver(buf, off, (int) n, info);
                }
                int errno = Native.getLastError();
                if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
                    throw new NetException("recvmsg (protocol " + config.protocol() + ")", errno,
                            Errno.whatToFix("recvmsg", errno, "protocol " + config.protocol()));
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 && timeoutMillis > 0 || timeoutMillis <= 0) {
                    return TIMEOUT;
                }
                int r = waiter.await(fd, left);
                if (r == FdWaiter.WOKEN || closed) {
                    return CLOSED;
                }
                if (r == FdWaiter.TIMED_OUT) {
                    return TIMEOUT;
                }
            }
        }
    }

    private int deliver(byte[] buf, int off, int n, PacketInfo info) {
        int flags = receiveMem.getInt(MSGHDR + 48);
        receiveMem.read(DATA, buf, off, n);
        if (info != null) {
            info.reset();
            receiveMem.read(SOCKADDR, sockaddr, 0, ControlMessages.SOCKADDR_IN6_LENGTH);
            info.source(org.roam6.wire.Bytes.getLong(sockaddr, 8), org.roam6.wire.Bytes.getLong(sockaddr, 16));
            int controlLen = (int) Math.min(receiveMem.getLong(MSGHDR + 40), CONTROL_CAPACITY);
            if (controlLen > 0) {
                receiveMem.read(CONTROL, receiveControl, 0, controlLen);
                ControlMessages.parse(receiveControl, 0, controlLen, info);
            }
            info.truncated((flags & LibC.MSG_TRUNC) != 0);
        }
        return n;
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
