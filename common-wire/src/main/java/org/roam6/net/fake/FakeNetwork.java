package org.roam6.net.fake;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roam6.net.SendOptions;
import org.roam6.wire.Ipv6Address;

/**
 * Joins {@link FakePacketSocket}s: a packet sent to an address reaches every open socket of the
 * same protocol whose host owns that address, with the sender's address (or the source chosen
 * in {@link SendOptions}) as source, hop limit 64 (or the one chosen) and a Destination Options
 * header from the options reported as {@code IPV6_DSTOPTS}. No kernel quirks are imitated: it is
 * for protocol logic, the namespace tests prove the real wiring.
 */
public final class FakeNetwork {
    private final List<FakePacketSocket> sockets = new CopyOnWriteArrayList<>();

    /** Opens a socket for {@code protocol} on a host that owns {@code local}. */
    public FakePacketSocket socket(int protocol, Ipv6Address local) {
        FakePacketSocket s = new FakePacketSocket(protocol, local, this);
        sockets.add(s);
        return s;
    }

    void route(FakePacketSocket from, byte[] data, Ipv6Address dst, SendOptions o) {
        Ipv6Address src = o.source() != null ? o.source() : from.local();
        int hop = o.hopLimit() >= 0 ? o.hopLimit() : 64;
        for (FakePacketSocket s : sockets) {
            if (s != from && s.protocol() == from.protocol() && s.local().equals(dst) && !s.isClosed()) {
                s.deliver(new FakePacketSocket.Incoming(data.clone(), src, dst, hop,
                        o.destinationOptions() == null ? null : o.destinationOptions().clone(), null));
            }
        }
    }

    void remove(FakePacketSocket s) {
        sockets.remove(s);
    }
}
