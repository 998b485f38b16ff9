package org.roam6.bench.dataplane;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;

/**
 * {@link DirectForwardTunnel} with the TUN read taken off JNA: the device is opened by the JDK
 * ({@link RandomAccessFile}, so reads go through the JDK's own JNI code, much cheaper per call
 * than a JNA direct-mapped call), attached with one JNA {@code ioctl(TUNSETIFF)} on the same
 * descriptor, and read with {@link FileChannel#read} into a direct buffer behind
 * {@link #OUTER} bytes of headroom. The send stays one JNA {@code sendto(2)} per packet, the
 * same system call as the C reference. No copy through the Java heap, no allocation per packet.
 */
final class ChannelForwardTunnel implements ForwardTunnel {
    private static final int SOCKADDR_IN6 = 28;

    private final RandomAccessFile tunFile;
    private final FileChannel tun;
    private final int socketFd;
    private final Encapsulation encapsulation;
    private final ByteBuffer packet = ByteBuffer.allocateDirect(OUTER + MAX_PACKET).order(ByteOrder.BIG_ENDIAN);
    private final long packetAddress = Pointer.nativeValue(Native.getDirectBufferPointer(packet));
    private final Memory sockaddr = new Memory(SOCKADDR_IN6);
    private final long sockaddrAddress = Pointer.nativeValue(sockaddr);

    ChannelForwardTunnel(String tunName, Ipv6Address outerSource, Ipv6Address careOf, Encapsulation encapsulation)
            throws IOException {
        this.encapsulation = encapsulation;
        byte[] n = tunName.getBytes(StandardCharsets.US_ASCII);
        if (n.length == 0 || n.length >= DirectCalls.IFNAMSIZ) {
            throw new IllegalArgumentException("interface name '" + tunName + "' must have 1-15 characters");
        }
        Set<Integer> before = tunDescriptors();
        this.tunFile = new RandomAccessFile("/dev/net/tun", "rw"); // O_RDWR, blocking
        Set<Integer> after = tunDescriptors();
        after.removeAll(before);
        if (after.size() != 1) {
            tunFile.close();
            throw new IOException("cannot tell which descriptor is the new /dev/net/tun: " + after);
        }
        int fd = after.iterator().next();
        Memory ifr = new Memory(40);
        ifr.clear();
        ifr.write(0, n, 0, n.length);
        ifr.setShort(DirectCalls.IFNAMSIZ, (short) (DirectCalls.IFF_TUN | DirectCalls.IFF_NO_PI));
        if (DirectCalls.ioctl(fd, DirectCalls.TUNSETIFF, ifr) < 0) {
            int errno = Native.getLastError();
            tunFile.close();
            throw new IOException("ioctl TUNSETIFF " + tunName + ": errno " + errno);
        }
        this.tun = tunFile.getChannel();
        this.socketFd = DirectCalls.socket(DirectCalls.AF_INET6, DirectCalls.SOCK_RAW | DirectCalls.SOCK_CLOEXEC,
                encapsulation == Encapsulation.HDRINCL ? DirectCalls.IPPROTO_RAW : DirectCalls.IPPROTO_IPV6);
        if (socketFd < 0) {
            int errno = Native.getLastError();
            tunFile.close();
            throw new IOException("raw socket: errno " + errno + " (needs root or CAP_NET_RAW)");
        }
        byte[] header = new byte[OUTER];
        Ipv6Header.write(header, 0, 0, IpProtocol.IPV6, HOP_LIMIT, outerSource, careOf);
        packet.put(0, header);
        byte[] sa = new byte[SOCKADDR_IN6];
        sa[0] = DirectCalls.AF_INET6;
        careOf.write(sa, 8);
        sockaddr.write(0, sa, 0, SOCKADDR_IN6);
    }

    /** The descriptors of this process open on /dev/net/tun. */
    private static Set<Integer> tunDescriptors() throws IOException {
        Set<Integer> fds = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.readSymbolicLink(p).toString().equals("/dev/net/tun")) {
                        fds.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // closed while listing (the listing's own descriptor): not ours
                }
            }
        }
        return fds;
    }

    @Override
    public void run(RelayCounters c, BooleanSupplier running) throws IOException {
        boolean hdrincl = encapsulation == Encapsulation.HDRINCL;
        long inner = packetAddress + OUTER;
        while (running.getAsBoolean()) {
            packet.limit(OUTER + MAX_PACKET).position(OUTER);
            int n = tun.read(packet);
            if (n < Ipv6Header.LENGTH || packet.get(OUTER + Ipv6Header.OFF_DESTINATION) == (byte) 0xff) {
                c.skipped++; // the kernel's own MLD reports and Router Solicitations (multicast)
                continue;
            }
            long r;
            if (hdrincl) {
                packet.putShort(Ipv6Header.OFF_PAYLOAD_LENGTH, (short) n);
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
        try {
            tunFile.close();
        } catch (IOException e) {
            // closing at exit: nothing to do
        }
    }
}
