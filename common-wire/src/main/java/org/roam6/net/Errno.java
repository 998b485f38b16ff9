package org.roam6.net;

import com.sun.jna.Native;

/**
 * Linux errno values seen by packet I/O, and the advice roam6 gives for each in context.
 * {@link #fail} reads errno on the calling thread; call it right after the failing call.
 */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMSGSIZE = 90;
    public static final int EPROTONOSUPPORT = 93;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETDOWN = 100;
    public static final int ENOBUFS = 105;
    public static final int ENETUNREACH = 101;
    public static final int EHOSTUNREACH = 113;

    /** The symbolic name, e.g. {@code "EPERM"}, or {@code "errno N"}. */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EBUSY -> "EBUSY";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case EMSGSIZE -> "EMSGSIZE";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case EADDRINUSE -> "EADDRINUSE";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            case ENETDOWN -> "ENETDOWN";
            case ENOBUFS -> "ENOBUFS";
            case ENETUNREACH -> "ENETUNREACH";
            case EHOSTUNREACH -> "EHOSTUNREACH";
            default -> "errno " + errno;
        };
    }

    /** The C library's text for the error. */
    public static String describe(int errno) {
        try {
            return LibC.strerrorText(errno);
        } catch (LinkageError e) {
            return name(errno);
        }
    }

    /** Builds the exception for a failed call from the errno just set on this thread. */
    static NetException fail(String operation, String subject) {
        int errno = Native.getLastError();
        return new NetException(operation, errno, whatToFix(operation, errno, subject));
    }

    /**
     * The advice for {@code errno} from {@code operation} ({@code socket}, {@code open},
     * {@code TUNSETIFF}, {@code SO_BINDTODEVICE}, {@code bind}, {@code sendmsg}, {@code setns}
     * ...); {@code subject} names the device, address or namespace involved.
     */
    public static String whatToFix(String operation, int errno, String subject) {
        String op = operation.toLowerCase(java.util.Locale.ROOT);
        boolean privilege = errno == EPERM || errno == EACCES;
        if (op.startsWith("socket") && privilege) {
            return "raw sockets need root or CAP_NET_RAW (run as root or setcap cap_net_raw,cap_net_admin+ep)";
        }
        if (op.startsWith("socket") && (errno == EPROTONOSUPPORT || errno == EAFNOSUPPORT)) {
            return "this kernel has no IPv6 (load the ipv6 module or boot without ipv6.disable=1)";
        }
        if (op.contains("/dev/net/tun")) {
            if (errno == ENOENT || errno == ENODEV) {
                return "no /dev/net/tun: load the tun module (modprobe tun)";
            }
            if (privilege) {
                return "opening /dev/net/tun needs root or CAP_NET_ADMIN (run as root or setcap cap_net_raw,cap_net_admin+ep)";
            }
        }
        if (op.contains("tunsetiff")) {
            if (errno == EBUSY) {
                return "TUN device '" + subject + "' is held by another process or is not a TUN device: stop it or choose another name";
            }
            if (privilege) {
                return "creating TUN device '" + subject + "' needs root or CAP_NET_ADMIN";
            }
            if (errno == EINVAL) {
                return "'" + subject + "' exists and is not a TUN device with these flags: delete it (ip link del " + subject + ") or choose another name";
            }
        }
        if (op.contains("so_bindtodevice")) {
            if (errno == ENODEV) {
                return "no interface named '" + subject + "' in this network namespace (check ip link)";
            }
            if (privilege) {
                return "binding to a device needs root or CAP_NET_RAW";
            }
        }
        if (op.contains("setns") || op.contains("/run/netns")) {
            if (errno == ENOENT) {
                return "no network namespace '" + subject + "' (create it with ip netns add " + subject + ")";
            }
            if (privilege) {
                return "entering a network namespace needs root or CAP_SYS_ADMIN";
            }
        }
        if (op.startsWith("sendmsg") && errno == EINVAL) {
            return "the source address chosen for " + subject + " is not assigned to an interface here,"
                    + " or a control message is malformed: check SendOptions";
        }
        if (op.startsWith("pcap")) {
            return "capturing on '" + subject + "' needs root or CAP_NET_RAW and an interface of that name that is up";
        }
        return switch (errno) {
            case EADDRINUSE -> "'" + subject + "' is already in use by another socket or daemon: stop it or configure another address";
            case EADDRNOTAVAIL -> "address " + subject + " is not assigned to an interface here: add it (ip -6 addr add) or fix the configuration";
            case ENETUNREACH, EHOSTUNREACH -> "no route to " + subject + ": add a route (ip -6 route) or check the link";
            case ENETDOWN -> "the interface towards " + subject + " is down: ip link set <dev> up";
            case EMSGSIZE -> "the packet to " + subject + " is larger than the link MTU: lower the MTU of the sender or raise the link's";
            case ENODEV -> "no interface '" + subject + "' (check ip link)";
            case EPERM, EACCES -> "permission denied for " + subject + ": run as root or with CAP_NET_RAW and CAP_NET_ADMIN, or check nftables rules that reject it";
            default -> "";
        };
    }
}
