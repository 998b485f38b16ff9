package org.roam6.mnd;

import org.roam6.net.NetException;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.SendOptions;
import org.roam6.wire.Ipv6Address;

/**
 * A bare {@link SignallingOutput} on real raw sockets for the by-hand runs (the daemon's is
 * MobileNodeSignalling): a header-included socket for whole packets, the Mobility Header socket
 * (kernel checksum) and an ICMPv6 socket. Failures are printed and reported as false.
 */
final class RawSignallingOutput implements SignallingOutput, AutoCloseable {
    private final PacketSocket headerIncluded;
    private final PacketSocket mobility;
    private final PacketSocket icmp;

    RawSignallingOutput() throws NetException {
        headerIncluded = RawIpv6Socket.open(PacketSocketConfig.headerIncluded());
        mobility = RawIpv6Socket.open(PacketSocketConfig.mobilityHeader());
        icmp = RawIpv6Socket.open(PacketSocketConfig.icmpv6(255));
    }

    @Override
    public boolean sendPacket(byte[] packet, int off, int len, Ipv6Address destination) {
        return send(headerIncluded, packet, off, len, destination, SendOptions.NONE);
    }

    @Override
    public boolean sendMobilityHeader(byte[] mh, int off, int len, Ipv6Address source, Ipv6Address destination) {
        return send(mobility, mh, off, len, destination, SendOptions.NONE.withSource(source));
    }

    @Override
    public boolean sendIcmpv6(byte[] message, int off, int len, Ipv6Address source, Ipv6Address destination,
                              int interfaceIndex) {
        SendOptions o = SendOptions.NONE.withSource(source);
        return send(icmp, message, off, len, destination, interfaceIndex == 0 ? o : o.withInterface(interfaceIndex));
    }

    private static boolean send(PacketSocket s, byte[] b, int off, int len, Ipv6Address dst, SendOptions o) {
        try {
            s.send(b, off, len, dst, o);
            return true;
        } catch (NetException e) {
            System.out.println("send to " + dst + " failed: " + e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        headerIncluded.close();
        mobility.close();
        icmp.close();
    }
}
