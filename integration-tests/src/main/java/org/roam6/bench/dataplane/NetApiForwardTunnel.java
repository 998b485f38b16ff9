package org.roam6.bench.dataplane;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.roam6.net.Destination;
import org.roam6.net.LinuxTunDevice;
import org.roam6.net.NetException;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.TunDevice;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;

/**
 * The forward tunnel through {@code org.roam6.net} as a daemon would use it, on the library's
 * zero-copy path: one direct buffer with {@link #OUTER} bytes of headroom, the outer header
 * written into it once, {@link TunDevice#read(ByteBuffer, long)} with {@link TunDevice#WAIT_FOREVER}
 * straight behind the headroom (one blocking {@code read(2)} through the JDK's FileChannel), the payload
 * length patched in, and {@link PacketSocket#send(ByteBuffer, Destination)} (one JNA
 * {@code sendto(2)} to a sockaddr built once). Nothing is copied through the Java heap and
 * nothing is allocated per packet. {@code running} is looked at between packets; an idle relay
 * waits in the read until {@link #close()} or the end of the JVM, like the direct and channel
 * variants.
 */
final class NetApiForwardTunnel implements ForwardTunnel {
    private final TunDevice tun;
    private final PacketSocket socket;
    private final Encapsulation encapsulation;
    private final Destination careOf;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(OUTER + MAX_PACKET); // big-endian

    NetApiForwardTunnel(String tunName, Ipv6Address outerSource, Ipv6Address careOf, Encapsulation encapsulation)
            throws NetException {
        this.encapsulation = encapsulation;
        this.careOf = Destination.of(careOf);
        this.tun = LinuxTunDevice.open(tunName, false);
        try {
            this.socket = RawIpv6Socket.open(encapsulation == Encapsulation.HDRINCL
                    ? PacketSocketConfig.headerIncluded()
                    : new PacketSocketConfig(IpProtocol.IPV6, -1, null, null, false, false, false, false, 0, 0));
        } catch (NetException e) {
            tun.close();
            throw e;
        }
        byte[] header = new byte[OUTER];
        Ipv6Header.write(header, 0, 0, IpProtocol.IPV6, HOP_LIMIT, outerSource, careOf);
        buf.put(0, header);
    }

    @Override
    public void run(RelayCounters c, BooleanSupplier running) throws NetException {
        boolean hdrincl = encapsulation == Encapsulation.HDRINCL;
        while (running.getAsBoolean()) {
            buf.limit(buf.capacity()).position(OUTER);
            // waits until a packet comes or close() (the kernel's chatter is skipped inside read)
            int n = tun.read(buf, TunDevice.WAIT_FOREVER);
            if (n == TunDevice.CLOSED) {
                return;
            }
            if (n < Ipv6Header.LENGTH) {
                continue; // not an IPv6 packet
            }
            if (hdrincl) {
                buf.putShort(Ipv6Header.OFF_PAYLOAD_LENGTH, (short) n);
                buf.flip(); // [0, OUTER + n)
            } else {
                buf.flip().position(OUTER);
            }
            if (socket.send(buf, careOf) > 0) {
                c.relayed++;
            } else {
                c.errors++; // no buffer space (EAGAIN, ENOBUFS): dropped, as the kernel would
            }
        }
    }

    /** Packets the TUN read skipped as the kernel's own chatter. */
    long skipped() {
        return tun.skipped();
    }

    @Override
    public void close() {
        socket.close();
        tun.close();
    }
}
