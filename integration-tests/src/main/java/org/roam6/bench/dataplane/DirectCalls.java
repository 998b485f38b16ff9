package org.roam6.bench.dataplane;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls of {@link DirectForwardTunnel}, bound by JNA direct mapping
 * ({@link Native#register}). Buffers go in as raw addresses ({@code long}), which the x86_64
 * calling convention passes exactly as a pointer, so JNA converts no argument object per call.
 * Each returns -1 on failure; errno from {@link Native#getLastError()}.
 */
final class DirectCalls {
    private DirectCalls() {}

    static {
        Native.register(DirectCalls.class, "c");
    }

    static final int AF_INET6 = 10;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_RAW = 255;
    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final long TUNSETIFF = 0x400454caL;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final int IFNAMSIZ = 16;
    static final int EINTR = 4;

    static native int open(String path, int flags);

    static native int ioctl(int fd, long request, Pointer arg);

    static native int socket(int domain, int type, int protocol);

    static native int close(int fd);

    static native long read(int fd, long buf, long count);

    static native long sendto(int fd, long buf, long len, int flags, long addr, int addrlen);
}
