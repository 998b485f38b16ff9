package org.roam6.net;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.nio.charset.StandardCharsets;

/**
 * A Linux TUN device opened through {@code /dev/net/tun} with {@code TUNSETIFF}
 * ({@code IFF_TUN | IFF_NO_PI}), non-blocking and waited on with poll(2). A device created here
 * disappears when closed; an existing persistent one ({@code ip tuntap add NAME mode tun}) is
 * attached to. Bring it up and set its MTU with {@link NetworkControl#linkUp}.
 * The device belongs to the network namespace of the thread that opens it.
 */
public final class LinuxTunDevice implements TunDevice {
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_TUN_EXCL = (short) 0x8000;
    /** {@code struct ifreq}: 16 bytes of name, then a 24-byte union whose first short is the flags. */
    static final int IFREQ_LENGTH = 40;
    static final int IFNAMSIZ = 16;
    private static final int MAX_PACKET = 65_535 + 40;

    private final String name;
    private final int fd;
    private final FdWaiter waiter;
    private final boolean skipChatter;
    private final Memory readMem = new Memory(MAX_PACKET);
    private final Memory writeMem = new Memory(MAX_PACKET);
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean closed;
    private long skipped;

    private LinuxTunDevice(String name, int fd, FdWaiter waiter, boolean skipChatter) {
        this.name = name;
        this.fd = fd;
        this.waiter = waiter;
        this.skipChatter = skipChatter;
    }

    /**
     * Opens TUN device {@code name}: creates it, or attaches to an existing persistent one.
     * With {@code exclusive} an existing device of that name is an error (EBUSY).
     */
    public static LinuxTunDevice open(String name, boolean exclusive) throws NetException {
        return open(name, exclusive, true);
    }

    /** As {@link #open(String, boolean)}; {@code skipChatter=false} hands MLD messages to the reader too. */
    public static LinuxTunDevice open(String name, boolean exclusive, boolean skipChatter) throws NetException {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name '" + name + "' must have 1-15 characters");
        }
        int fd = LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw Errno.fail("open /dev/net/tun", name);
        }
        Memory ifr = new Memory(IFREQ_LENGTH);
        ifr.clear();
        ifr.write(0, n, 0, n.length);
        ifr.setShort(IFNAMSIZ, (short) (IFF_TUN | IFF_NO_PI | (exclusive ? IFF_TUN_EXCL : 0)));
        if (LibC.ioctl(fd, LibC.TUNSETIFF, ifr) < 0) {
            NetException e = Errno.fail("ioctl TUNSETIFF " + name, name);
            LibC.close(fd);
            throw e;
        }
        String actual = ifr.getString(0, "US-ASCII");
        try {
            return new LinuxTunDevice(actual, fd, new FdWaiter(), skipChatter);
        } catch (NetException e) {
            LibC.close(fd);
            throw e;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int read(byte[] buf, int off, int len, long timeoutMillis) throws NetException {
        long deadline = System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        synchronized (readLock) {
            while (true) {
                if (closed) {
                    return CLOSED;
                }
                long n = LibC.read(fd, readMem, MAX_PACKET);
                if (n >= 0) {
                    int got = (int) Math.min(n, len);
                    readMem.read(0, buf, off, got);
                    if (skipChatter && KernelChatter.isKernelChatter(buf, off, got)) {
                        skipped++;
                        continue;
                    }
                    return got;
                }
                int errno = Native.getLastError();
                if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
                    throw new NetException("read from TUN " + name, errno, Errno.whatToFix("read", errno, name));
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (timeoutMillis <= 0 || left <= 0) {
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

    @Override
    public void write(byte[] buf, int off, int len) throws NetException {
        if (len > MAX_PACKET) {
            throw new IllegalArgumentException("packet of " + len + " bytes exceeds " + MAX_PACKET);
        }
        synchronized (writeLock) {
            if (closed) {
                throw new NetException("write to closed TUN " + name, 0, "open the device again");
            }
            writeMem.write(0, buf, off, len);
            long n = LibC.write(fd, writeMem, len);
            if (n < 0) {
                throw Errno.fail("write to TUN " + name, name);
            }
        }
    }

    @Override
    public long skipped() {
        synchronized (readLock) {
            return skipped;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        waiter.wake();
        synchronized (readLock) {
            synchronized (writeLock) {
                LibC.close(fd);
                waiter.close();
            }
        }
    }

    @Override
    public String toString() {
        return "LinuxTunDevice[" + name + (closed ? ", closed" : "") + "]";
    }
}
