package org.roam6.bench.dataplane;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;

/**
 * The forward tunnel with the copies taken out, as the C reference does it: one native buffer
 * with {@link #OUTER} bytes of headroom, a blocking {@code read(2)} from the TUN straight into
 * it behind the headroom, the payload length written into the prebuilt outer header through a
 * direct {@link ByteBuffer} view (no JNI call), and one {@code sendto(2)} of the whole buffer.
 * Two native calls per packet, no copy through the Java heap, no poll, no allocation.
 *
 * <p>This is the prototype of a zero-copy path for {@code org.roam6.net} (see the data-plane
 * section of integration-tests/README.md): it opens the TUN itself because
 * {@code LinuxTunDevice} offers neither its descriptor nor a read into native memory.
 */
final class DirectForwardTunnel implements ForwardTunnel {
    private static final int SOCKADDR_IN6 = 28;

    private final int tunFd;
    private final int socketFd;
    private final Encapsulation encapsulation;
    private final Memory packet = new Memory(OUTER + MAX_PACKET);
    /** JNA hands out views in native order; IPv6 fields are big-endian. */
    private final ByteBuffer view = packet.getByteBuffer(0, OUTER + MAX_PACKET).order(ByteOrder.BIG_ENDIAN);
    private final Memory sockaddr = new Memory(SOCKADDR_IN6);
    private final long packetAddress = Pointer.nativeValue(packet);
    private final long sockaddrAddress = Pointer.nativeValue(sockaddr);

    DirectForwardTunnel(String tunName, Ipv6Address outerSource, Ipv6Address careOf, Encapsulation encapsulation) {
        this.encapsulation = encapsulation;
        this.tunFd = openTun(tunName);
        this.socketFd = DirectCalls.socket(DirectCalls.AF_INET6, DirectCalls.SOCK_RAW | DirectCalls.SOCK_CLOEXEC,
                encapsulation == Encapsulation.HDRINCL ? DirectCalls.IPPROTO_RAW : DirectCalls.IPPROTO_IPV6);
        if (socketFd < 0) {
            int errno = Native.getLastError();
            DirectCalls.close(tunFd);
            throw new IllegalStateException("raw socket: errno " + errno + " (needs root or CAP_NET_RAW)");
        }
        byte[] header = new byte[OUTER];
        Ipv6Header.write(header, 0, 0, IpProtocol.IPV6, HOP_LIMIT, outerSource, careOf);
        packet.write(0, header, 0, OUTER);
        byte[] sa = new byte[SOCKADDR_IN6];
        sa[0] = DirectCalls.AF_INET6; // sin6_family, little-endian short
        careOf.write(sa, 8);          // sin6_addr; port, flow info and scope stay 0
        sockaddr.write(0, sa, 0, SOCKADDR_IN6);
    }

    private static int openTun(String name) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= DirectCalls.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name '" + name + "' must have 1-15 characters");
        }
        int fd = DirectCalls.open("/dev/net/tun", DirectCalls.O_RDWR | DirectCalls.O_CLOEXEC); // blocking reads
        if (fd < 0) {
            throw new IllegalStateException("open /dev/net/tun: errno " + Native.getLastError());
        }
        Memory ifr = new Memory(40);
        ifr.clear();
        ifr.write(0, n, 0, n.length);
        ifr.setShort(DirectCalls.IFNAMSIZ, (short) (DirectCalls.IFF_TUN | DirectCalls.IFF_NO_PI));
        if (DirectCalls.ioctl(fd, DirectCalls.TUNSETIFF, ifr) < 0) {
            int errno = Native.getLastError();
            DirectCalls.close(fd);
            throw new IllegalStateException("ioctl TUNSETIFF " + name + ": errno " + errno);
        }
        return fd;
    }

    @Override
    public void run(RelayCounters c, BooleanSupplier running) {
        boolean hdrincl = encapsulation == Encapsulation.HDRINCL;
        long inner = packetAddress + OUTER;
        while (running.getAsBoolean()) {
            long n = DirectCalls.read(tunFd, inner, MAX_PACKET);
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == DirectCalls.EINTR) {
                    continue;
                }
                throw new IllegalStateException("read from TUN: errno " + errno);
            }
            // the kernel's own MLD reports and Router Solicitations go to multicast: skip them
            if (n < Ipv6Header.LENGTH || view.get(OUTER + Ipv6Header.OFF_DESTINATION) == (byte) 0xff) {
                c.skipped++;
                continue;
            }
            long r;
            if (hdrincl) {
                view.putShort(Ipv6Header.OFF_PAYLOAD_LENGTH, (short) n);
                r = DirectCalls.sendto(socketFd, packetAddress, OUTER + n, 0, sockaddrAddress, SOCKADDR_IN6);
            } else {
                r = DirectCalls.sendto(socketFd, inner, n, 0, sockaddrAddress, SOCKADDR_IN6);
            }
            if (r < 0) {
                c.errors++;
            } else {
                c.relayed++;
            }
        }
    }

    @Override
    public void close() {
        DirectCalls.close(socketFd);
        DirectCalls.close(tunFd);
    }
}
