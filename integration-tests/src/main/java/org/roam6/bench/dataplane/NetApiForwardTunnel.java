package org.roam6.bench.dataplane;

import java.util.function.BooleanSupplier;
import org.roam6.net.LinuxTunDevice;
import org.roam6.net.NetException;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.TunDevice;
import org.roam6.wire.Bytes;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;

/**
 * The forward tunnel through {@code org.roam6.net} as a daemon would use it:
 * {@link LinuxTunDevice#read} into a {@code byte[]} with {@link #OUTER} bytes of headroom, then
 * {@link RawIpv6Socket#send}. Each call copies between the array and the object's native buffer
 * (read: packet out; send: packet, sockaddr and msghdr in), and the TUN is non-blocking with
 * poll(2) when empty. Nothing is allocated per packet.
 */
final class NetApiForwardTunnel implements ForwardTunnel {
    /** TUN read timeout: how often the loop looks at {@code running} while idle. */
    private static final long READ_TIMEOUT_MILLIS = 200;

    private final TunDevice tun;
    private final RawIpv6Socket socket;
    private final Encapsulation encapsulation;
    private final Ipv6Address careOf;
    private final byte[] buf = new byte[OUTER + MAX_PACKET];

    NetApiForwardTunnel(String tunName, Ipv6Address outerSource, Ipv6Address careOf, Encapsulation encapsulation)
            throws NetException {
        this.encapsulation = encapsulation;
        this.careOf = careOf;
        this.tun = LinuxTunDevice.open(tunName, false);
        try {
            this.socket = RawIpv6Socket.open(encapsulation == Encapsulation.HDRINCL
                    ? PacketSocketConfig.headerIncluded()
                    : new PacketSocketConfig(IpProtocol.IPV6, -1, null, null, false, false, false, false, 0, 0));
        } catch (NetException e) {
            tun.close();
            throw e;
        }
        Ipv6Header.write(buf, 0, 0, IpProtocol.IPV6, HOP_LIMIT, outerSource, careOf);
    }

    @Override
    public void run(RelayCounters c, BooleanSupplier running) throws NetException {
        while (running.getAsBoolean()) {
            int n = tun.read(buf, OUTER, MAX_PACKET, READ_TIMEOUT_MILLIS);
            if (n == TunDevice.CLOSED) {
                return;
            }
            if (n < Ipv6Header.LENGTH) {
                continue; // timeout (the kernel's chatter is skipped inside read and counted there)
            }
            try {
                if (encapsulation == Encapsulation.HDRINCL) {
                    Bytes.put16(buf, Ipv6Header.OFF_PAYLOAD_LENGTH, n);
                    socket.send(buf, 0, OUTER + n, careOf);
                } else {
                    socket.send(buf, OUTER, n, careOf);
                }
                c.relayed++;
            } catch (NetException e) {
                c.errors++; // ENOBUFS under overload: drop, as the kernel would
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
