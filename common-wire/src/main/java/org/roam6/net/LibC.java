package org.roam6.net;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The few libc calls roam6's packet I/O needs, bound by JNA direct mapping (Linux x86_64).
 * Every call returns -1 on failure; read errno with {@link Native#getLastError()} on the same
 * thread right after the call.
 */
final class LibC {
    private LibC() {}

    static {
        Native.register(LibC.class, "c");
    }

    // socket(2) and friends
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_RAW = 3;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_MARK = 36;
    static final int IPPROTO_IPV6 = 41;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_RAW = 255;
    static final int IPV6_CHECKSUM = 7;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_MULTICAST_LOOP = 19;
    static final int IPV6_V6ONLY = 26;
    static final int IPV6_HDRINCL = 36;
    static final int IPV6_RECVPKTINFO = 49;
    static final int IPV6_PKTINFO = 50;
    static final int IPV6_RECVHOPLIMIT = 51;
    static final int IPV6_HOPLIMIT = 52;
    static final int IPV6_RECVRTHDR = 56;
    static final int IPV6_RTHDR = 57;
    static final int IPV6_RECVDSTOPTS = 58;
    static final int IPV6_DSTOPTS = 59;
    static final int ICMP6_FILTER = 1;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_TRUNC = 0x20;
    static final int MSG_CTRUNC = 0x08;

    // open(2), ioctl(2), poll(2), setns(2)
    static final int O_RDWR = 2;
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int POLLIN = 0x1;
    static final int POLLERR = 0x8;
    static final int POLLHUP = 0x10;
    static final int POLLNVAL = 0x20;
    static final long TUNSETIFF = 0x400454caL;
    static final long SIOCGIFHWADDR = 0x8927L;
    static final int CLONE_NEWNET = 0x40000000;

    static native int socket(int domain, int type, int protocol);

    static native int setsockopt(int fd, int level, int optname, byte[] optval, int optlen);

    static native int getsockopt(int fd, int level, int optname, byte[] optval, int[] optlen);

    static native long sendmsg(int fd, Pointer msghdr, int flags);

    static native long recvmsg(int fd, Pointer msghdr, int flags);

    static native int poll(Pointer fds, long nfds, int timeoutMillis);

    static native int open(String path, int flags);

    static native int close(int fd);

    static native long read(int fd, Pointer buf, long count);

    static native long write(int fd, Pointer buf, long count);

    static native int ioctl(int fd, long request, Pointer arg);

    static native int if_nametoindex(String name);

    static native int setns(int fd, int nstype);

    static native Pointer strerror(int errnum);

    static native int geteuid();

    static String strerrorText(int errno) {
        Pointer p = strerror(errno);
        return p == null ? "errno " + errno : p.getString(0);
    }
}
