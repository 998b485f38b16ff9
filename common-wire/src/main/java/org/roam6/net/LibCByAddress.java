package org.roam6.net;

import com.sun.jna.Native;

/**
 * The libc calls of the zero-copy path, bound by JNA direct mapping with every buffer passed as
 * a raw address ({@code long}): on x86_64 a {@code long} travels exactly as a pointer, so JNA
 * converts no argument object per call (a {@code Pointer} argument costs a lookup of its peer).
 * Kept apart from {@link LibC} because direct mapping binds one native function per method name.
 * Every call returns -1 on failure; read errno with {@link Native#getLastError()} right after.
 */
final class LibCByAddress {
    private LibCByAddress() {}

    static {
        Native.register(LibCByAddress.class, "c");
    }

    static final int MFD_CLOEXEC = 1;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;

    /** sendto(2): one datagram from {@code buf}, to the sockaddr at {@code addr}. */
    static native long sendto(int fd, long buf, long len, int flags, long addr, int addrlen);

    /** bind(2) to the sockaddr at {@code addr}. */
    static native int bind(int fd, long addr, int addrlen);

    /** recvmsg(2) with the msghdr at {@code msghdr}. */
    static native long recvmsg(int fd, long msghdr, int flags);

    /** memfd_create(2): an anonymous file whose /proc/self/fd link names {@code name}. */
    static native int memfd_create(String name, int flags);

    /** fcntl(2) with an int argument (F_GETFL, F_SETFL). */
    static native int fcntl(int fd, int cmd, int arg);

    /** dup3(2): makes {@code newfd} refer to {@code oldfd}'s open file description. */
    static native int dup3(int oldfd, int newfd, int flags);
}
