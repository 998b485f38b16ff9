package org.roam6.net;

import com.sun.jna.Memory;
import com.sun.jna.Native;

/**
 * Waits with poll(2) until a file descriptor is readable, a timeout passes, or {@link #wake()}
 * is called from another thread (through an eventfd), so closing a socket or TUN releases a
 * thread blocked on it at once. Not thread-safe for waiting: one waiter at a time.
 */
final class FdWaiter {
    static final int READY = 1;
    static final int TIMED_OUT = 0;
    static final int WOKEN = -1;

    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;

    private final Memory pollfds = new Memory(16);
    private final Memory counter = new Memory(8);
    private final int eventFd;

    FdWaiter() throws NetException {
        eventFd = EventFd.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (eventFd < 0) {
            throw Errno.fail("eventfd", "");
        }
    }

    /** Waits for {@code fd} to become readable; returns READY, TIMED_OUT or WOKEN. */
    int await(int fd, long timeoutMillis) throws NetException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (true) {
            pollfds.setInt(0, fd);
            pollfds.setShort(4, (short) LibC.POLLIN);
            pollfds.setShort(6, (short) 0);
            pollfds.setInt(8, eventFd);
            pollfds.setShort(12, (short) LibC.POLLIN);
            pollfds.setShort(14, (short) 0);
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
            int n = LibC.poll(pollfds, 2, (int) Math.min(left, Integer.MAX_VALUE));
            if (n < 0) {
                if (Native.getLastError() == Errno.EINTR && System.nanoTime() < deadline) {
                    continue;
                }
                throw Errno.fail("poll", "");
            }
            if (n == 0) {
                return TIMED_OUT;
            }
            if (pollfds.getShort(14) != 0) {
                return WOKEN;
            }
            return READY; // readable, or an error the next read reports
        }
    }

    /** Waits without a time limit for {@code fd} to become readable; returns READY or WOKEN. */
    int awaitForever(int fd) throws NetException {
        while (true) {
            pollfds.setInt(0, fd);
            pollfds.setShort(4, (short) LibC.POLLIN);
            pollfds.setShort(6, (short) 0);
            pollfds.setInt(8, eventFd);
            pollfds.setShort(12, (short) LibC.POLLIN);
            pollfds.setShort(14, (short) 0);
            int n = LibC.poll(pollfds, 2, -1);
            if (n < 0) {
                if (Native.getLastError() == Errno.EINTR) {
                    continue;
                }
                throw Errno.fail("poll", "");
            }
            if (n > 0) {
                return pollfds.getShort(14) != 0 ? WOKEN : READY;
            }
        }
    }

    /** {@link #awaitForever} when {@code forever}, else {@link #await(int, long)}. */
    int await(int fd, long timeoutMillis, boolean forever) throws NetException {
        return forever ? awaitForever(fd) : await(fd, timeoutMillis);
    }

    /** Releases a current or future {@link #await}. */
    void wake() {
        counter.setLong(0, 1);
        LibC.write(eventFd, counter, 8);
    }

    void close() {
        LibC.close(eventFd);
    }

    /** eventfd(2), bound separately so LibC stays the list of socket calls. */
    static final class EventFd {
        static {
            Native.register(EventFd.class, "c");
        }

        static native int eventfd(int initval, int flags);
    }
}
