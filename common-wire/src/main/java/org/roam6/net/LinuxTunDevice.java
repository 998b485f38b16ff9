package org.roam6.net;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Linux TUN device opened through {@code /dev/net/tun} with {@code TUNSETIFF}
 * ({@code IFF_TUN | IFF_NO_PI}), non-blocking and waited on with poll(2). A device created here
 * disappears when closed; an existing persistent one ({@code ip tuntap add NAME mode tun}) is
 * attached to. Bring it up and set its MTU with {@link NetworkControl#linkUp}.
 * The device belongs to the network namespace of the thread that opens it.
 *
 * <p>Packets move through two JDK {@link FileChannel}s on the device's open file (one for reads,
 * one for writes, so a reader and a writer never share a lock; see {@link DescriptorAdoption}):
 * one system call through the JDK's JNI per packet, cheaper than a JNA call. The zero-copy
 * {@link #read(ByteBuffer, long)} and {@link #write(ByteBuffer)} with a direct buffer copy
 * nothing and allocate nothing; the {@code byte[]} methods copy once through a native buffer of
 * the device. A read with a timeout tries the device first (non-blocking) and polls, with the
 * close-wakeup eventfd, only when it is empty; a read with {@link #WAIT_FOREVER} switches the
 * descriptor to blocking and makes one {@code read(2)} per packet, which {@link #close()} releases.
 *
 * <p>As with every JDK channel, interrupting a thread inside {@code read} or {@code write} closes
 * the device: the call returns {@link #CLOSED} or throws, and the device is closed.
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
    private final RandomAccessFile readFile;
    private final FileChannel readChannel;
    private final RandomAccessFile writeFile;
    private final FileChannel writeChannel;
    private final ByteBuffer readBuf = ByteBuffer.allocateDirect(MAX_PACKET);
    private final ByteBuffer writeBuf = ByteBuffer.allocateDirect(MAX_PACKET);
    private final Object readLock = new Object();
    private final Object writeLock = new Object();
    private volatile boolean closed;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    /** Whether the device's O_NONBLOCK is off (reads with WAIT_FOREVER); under readLock. */
    private boolean blockingReads;
    /** Descriptors and eventfd closed; changes only under both locks. */
    private boolean released;
    /** Written by the reader under readLock; read without it, so a reader waiting forever blocks no one. */
    private volatile long skipped;

    private LinuxTunDevice(String name, int fd, FdWaiter waiter, boolean skipChatter,
                           RandomAccessFile readFile, RandomAccessFile writeFile) {
        this.name = name;
        this.fd = fd;
        this.waiter = waiter;
        this.skipChatter = skipChatter;
        this.readFile = readFile;
        this.readChannel = readFile.getChannel();
        this.writeFile = writeFile;
        this.writeChannel = writeFile.getChannel();
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
        RandomAccessFile r = null;
        RandomAccessFile w = null;
        try {
            r = DescriptorAdoption.adopt(fd, "TUN " + actual);
            w = DescriptorAdoption.adopt(fd, "TUN " + actual);
            return new LinuxTunDevice(actual, fd, new FdWaiter(), skipChatter, r, w);
        } catch (NetException e) {
            closeQuietly(r);
            closeQuietly(w);
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
        synchronized (readLock) {
            readBuf.clear();
            int n = receive(readBuf, timeoutMillis);
            if (n < 0) {
                return n;
            }
            int got = Math.min(n, len);
            readBuf.get(0, buf, off, got);
            return got;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} ({@link #WAIT_FOREVER}: until a packet or {@link #close()})
     * for a packet and puts it into {@code dst} at its position; see {@link TunDevice#read(ByteBuffer, long)}.
     * With a direct buffer this is one {@code read(2)} straight into {@code dst} and allocates
     * nothing. With {@link #WAIT_FOREVER} that read blocks in the kernel (the C relay's loop; meant
     * for a dedicated data-plane thread); with a timeout it does not, and poll(2) waits when the
     * device is empty. Switching between the two costs one pair of fcntl(2) calls.
     */
    @Override
    public int read(ByteBuffer dst, long timeoutMillis) throws NetException {
        if (!dst.hasRemaining()) {
            throw new IllegalArgumentException("no room in " + dst);
        }
        synchronized (readLock) {
            return receive(dst, timeoutMillis);
        }
    }

    private int receive(ByteBuffer dst, long timeoutMillis) throws NetException {
        boolean forever = timeoutMillis == WAIT_FOREVER;
        long deadline = forever ? 0 : System.nanoTime() + Math.max(0, timeoutMillis) * 1_000_000L;
        int start = dst.position();
        if (forever != blockingReads) {
            readsBlock(forever);
        }
        while (true) {
            if (closed) {
                return CLOSED;
            }
            int n;
            try {
                n = readChannel.read(dst);
            } catch (ClosedChannelException e) { // also ClosedByInterruptException and AsynchronousCloseException
                closeAfterInterrupt();
                return CLOSED;
            } catch (IOException e) {
                throw new NetException("read from TUN " + name, "the device failed: " + e.getMessage(), e);
            }
            if (n > 0) {
                if (skipChatter && KernelChatter.isKernelChatter(dst, start, n)) {
                    skipped++;
                    dst.position(start);
                    continue;
                }
                return n;
            }
            if (n < 0) {
                return CLOSED; // end of file: the device is gone
            }
            if (forever) {
                continue; // a blocking read came back empty: try again
            }
            long left = forever ? 0 : (deadline - System.nanoTime()) / 1_000_000L;
            if (!forever && (timeoutMillis <= 0 || left <= 0)) {
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

    /**
     * Switches O_NONBLOCK of the device's open file: off while reads wait forever (one blocking
     * {@code read(2)} per packet, released by {@link #close()} through the JDK channel's close,
     * which signals the blocked thread), on for reads with a timeout (read, then poll(2) only when
     * empty). Writes are unaffected: a TUN's socket buffer is unlimited, so a write never waits.
     */
    private void readsBlock(boolean block) throws NetException {
        int flags = LibCByAddress.fcntl(fd, LibCByAddress.F_GETFL, 0);
        if (flags < 0 || LibCByAddress.fcntl(fd, LibCByAddress.F_SETFL,
                block ? flags & ~LibC.O_NONBLOCK : flags | LibC.O_NONBLOCK) < 0) {
            throw Errno.fail("fcntl O_NONBLOCK on TUN " + name, name);
        }
        blockingReads = block;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws NetException {
        if (len > MAX_PACKET) {
            throw new IllegalArgumentException("packet of " + len + " bytes exceeds " + MAX_PACKET);
        }
        synchronized (writeLock) {
            writeBuf.clear();
            writeBuf.put(0, buf, off, len).limit(len);
            send(writeBuf);
        }
    }

    /**
     * Hands {@code src[position, limit)} to the kernel as one packet and moves the position to the
     * limit. With a direct buffer this is one {@code write(2)} from {@code src} and allocates nothing.
     */
    @Override
    public void write(ByteBuffer src) throws NetException {
        if (src.remaining() > MAX_PACKET) {
            throw new IllegalArgumentException("packet of " + src.remaining() + " bytes exceeds " + MAX_PACKET);
        }
        synchronized (writeLock) {
            send(src);
        }
    }

    private void send(ByteBuffer src) throws NetException {
        if (closed) {
            throw new NetException("write to closed TUN " + name, 0, "open the device again");
        }
        int len = src.remaining();
        try {
            int n = writeChannel.write(src);
            if (n != len) {
                throw new NetException("write to TUN " + name, 0, "the kernel took " + n + " of " + len + " bytes");
            }
        } catch (ClosedChannelException e) {
            closeAfterInterrupt();
            throw new NetException("write to closed TUN " + name, "open the device again", e);
        } catch (IOException e) {
            throw new NetException("write to TUN " + name, "the kernel refused the packet: " + e.getMessage(), e);
        }
    }

    /**
     * A channel was closed under us (its thread was interrupted): the device counts as closed from
     * now on; the owner's {@link #close()} releases the rest. Called holding a lock, so the
     * eventfd cannot be released meanwhile.
     */
    private void closeAfterInterrupt() {
        closed = true;
        if (!released) {
            waiter.wake();
        }
    }

    @Override
    public long skipped() {
        return skipped;
    }

    @Override
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        waiter.wake(); // releases a reader in poll
        closeQuietly(readFile); // releases a reader blocked in read(2) (WAIT_FOREVER): the JDK signals it
        synchronized (readLock) {
            synchronized (writeLock) {
                released = true;
                closeQuietly(writeFile);
                LibC.close(fd);
                waiter.close();
            }
        }
    }

    private static void closeQuietly(RandomAccessFile f) {
        if (f != null) {
            try {
                f.close();
            } catch (IOException ignored) {
                // closing: nothing left to do
            }
        }
    }

    @Override
    public String toString() {
        return "LinuxTunDevice[" + name + (closed ? ", closed" : "") + "]";
    }
}
