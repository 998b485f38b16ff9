package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.EchoRequest;
import org.roam6.wire.icmp.HomeAgentUnreachable;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;

class MobileNodeIcmpTest {
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");

    record Got(Icmpv6Message message, Ipv6Address source, Ipv6Address destination) {}

    @Test
    void theReceivingThreadDispatchesByTypeWithSourceAndDestinationAndEndsOnClose() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, COA);
        MobileNodeIcmp icmp = new MobileNodeIcmp(socket, MobilityExtensions.DEFAULT);
        BlockingQueue<Got> got = new ArrayBlockingQueue<>(4);
        icmp.register(DhaadReply.TYPE, (m, s, d) -> got.add(new Got(m, s, d)));
        icmp.start();
        DhaadReply reply = new DhaadReply(7, false, List.of(HA));
        socket.deliver(new FakePacketSocket.Incoming(Icmpv6Codec.encode(new EchoRequest(1, 2, org.roam6.wire.Octets.EMPTY),
                MobilityExtensions.DEFAULT), HA, COA, 64, null, null));
        socket.deliver(new FakePacketSocket.Incoming(new byte[] {(byte) 145, 0}, HA, COA, 64, null, null));
        socket.deliver(new FakePacketSocket.Incoming(Icmpv6Codec.encode(reply, MobilityExtensions.DEFAULT),
                HA, COA, 64, null, null));
        Got g = got.poll(5, TimeUnit.SECONDS);
        assertEquals(new Got(reply, HA, COA), g);
        assertEquals(1, icmp.unhandled(), "an Echo Request has no handler");
        assertEquals(1, icmp.malformed(), "a two-byte message does not decode");
        assertEquals(3, icmp.received());
        long t0 = System.nanoTime();
        icmp.close();
        assertTrue(socket.isClosed());
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Test
    void homeAgentUnreachableOfTheConfiguredTypePassesTheFilterAndReachesItsHandler() throws Exception {
        MobilityExtensions ext = new MobilityExtensions(0x0800, 18, 201);
        int[] types = MobileNodeIcmp.types(ext);
        assertTrue(java.util.Arrays.stream(types).anyMatch(t -> t == 201), java.util.Arrays.toString(types));
        assertTrue(java.util.Arrays.stream(MobileNodeIcmp.types(MobilityExtensions.DEFAULT)).anyMatch(t -> t == 154));
        FakePacketSocket socket = new FakePacketSocket(58, COA);
        MobileNodeIcmp icmp = new MobileNodeIcmp(socket, ext);
        List<Got> got = new java.util.ArrayList<>();
        icmp.register(ext.haUnreachableIcmpType(), (m, s, d) -> got.add(new Got(m, s, d)));
        HomeAgentUnreachable u = new HomeAgentUnreachable(List.of(HA));
        byte[] b = Icmpv6Codec.encode(u, ext);
        assertEquals(201, b[0] & 0xff);
        Ipv6Address ha2 = Ipv6Address.parse("2001:db8:1::12");
        icmp.dispatch(b, 0, b.length, ha2, COA);
        assertEquals(List.of(new Got(u, ha2, COA)), got);
        icmp.close();
    }
}
