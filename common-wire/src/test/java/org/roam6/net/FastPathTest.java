package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.net.fake.FakeTunDevice;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;

/** The parts of the zero-copy path that need no privileges: layouts, the chatter filter, the fakes. */
class FastPathTest {
    static final Ipv6Address A = Ipv6Address.parse("2001:db8:1::1");
    static final Ipv6Address B = Ipv6Address.parse("2001:db8:1::2");

    @Test
    void aDestinationHoldsTheSockaddrIn6TheKernelExpects() {
        Destination d = Destination.of(Ipv6Address.parse("fe80::1:2"), 7);
        byte[] sa = new Pointer(d.sockaddrAddress()).getByteArray(0, ControlMessages.SOCKADDR_IN6_LENGTH);
        byte[] expected = new byte[ControlMessages.SOCKADDR_IN6_LENGTH];
        ControlMessages.putSockaddrIn6(expected, 0, d.address().hi(), d.address().lo(), 7);
        assertArrayEquals(expected, sa, "family 10 little-endian, port 0, flow 0, address, scope id 7");
        assertEquals(10, sa[0]);
        assertEquals(7, d.scopeId());
        assertEquals("fe80::1:2%7", d.toString());
        assertEquals(0, Destination.of(B).scopeId());
        assertThrows(IllegalArgumentException.class, () -> Destination.of(B, -1));
    }

    @Test
    void theBufferChatterFilterAgreesWithTheArrayOneOnChatterOrdinaryPacketsAndNoise() {
        Ipv6Address mldv2 = Ipv6Address.parse("ff02::16");
        Ipv6Address routers = Ipv6Address.parse("ff02::2");
        byte[] hbh = {58, 0, 5, 2, 0, 0, 1, 0}; // Router Alert, then ICMPv6
        byte[][] packets = {
            TestPackets.packet(A, mldv2, IpProtocol.HOP_BY_HOP, hbh, new byte[] {(byte) 143, 0, 0, 0, 0, 0, 0, 0}),
            TestPackets.packet(A, routers, IpProtocol.ICMPV6, new byte[] {(byte) 133, 0, 0, 0, 0, 0, 0, 0}),
            TestPackets.packet(A, routers, IpProtocol.ICMPV6, new byte[] {(byte) 128, 0, 0, 0, 0, 0, 0, 0}),
            TestPackets.packet(A, B, IpProtocol.ICMPV6, new byte[] {(byte) 133, 0, 0, 0, 0, 0, 0, 0}),
            TestPackets.packet(A, B, IpProtocol.UDP, new byte[20]),
        };
        boolean[] chatter = {true, true, false, false, false};
        for (int i = 0; i < packets.length; i++) {
            assertEquals(chatter[i], agreeing(packets[i], 0, packets[i].length), "packet " + i);
        }
        Random r = new Random(6275);
        for (int i = 0; i < 5000; i++) {
            byte[] p = packets[r.nextInt(2)].clone();
            int flips = r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                p[r.nextInt(p.length)] = (byte) r.nextInt(256);
            }
            agreeing(p, 0, r.nextInt(p.length + 1));
        }
    }

    /** Both filters' answer, at an offset inside a larger direct buffer, asserted equal. */
    private static boolean agreeing(byte[] p, int off, int len) {
        ByteBuffer b = ByteBuffer.allocateDirect(p.length + 11);
        b.put(11, p);
        boolean arrays = KernelChatter.isKernelChatter(p, off, len);
        assertEquals(arrays, KernelChatter.isKernelChatter(b, 11 + off, len), () -> Arrays.toString(p) + " len " + len);
        return arrays;
    }

    @Test
    void theFakeTunReadsAndWritesBuffersLikeTheRealOne() throws NetException {
        FakeTunDevice tun = new FakeTunDevice("fake0");
        byte[] p = TestPackets.packet(A, B, IpProtocol.UDP, new byte[12]);
        tun.routeIn(p);
        tun.routeIn(p);
        ByteBuffer direct = ByteBuffer.allocateDirect(100).position(40);
        assertEquals(p.length, tun.read(direct, 1000));
        assertEquals(40 + p.length, direct.position());
        byte[] got = new byte[p.length];
        direct.get(40, got);
        assertArrayEquals(p, got);
        ByteBuffer heap = ByteBuffer.allocate(100).position(3);
        assertEquals(p.length, tun.read(heap, 1000));
        assertArrayEquals(p, Arrays.copyOfRange(heap.array(), 3, 3 + p.length));
        assertEquals(TunDevice.TIMEOUT, tun.read(heap, 0));
        assertEquals(3 + p.length, heap.position(), "a timeout leaves the buffer alone");

        direct.flip().position(40);
        tun.write(direct);
        assertEquals(direct.limit(), direct.position());
        assertArrayEquals(p, tun.written().get(0));
        tun.close();
        assertEquals(TunDevice.CLOSED, tun.read(heap, TunDevice.WAIT_FOREVER));
    }

    @Test
    void theFakeSocketSendsAndReceivesBuffersLikeTheRealOne() throws NetException {
        FakePacketSocket s = new FakePacketSocket(IpProtocol.ICMPV6, A);
        ByteBuffer out = ByteBuffer.allocateDirect(64);
        out.put(new byte[] {(byte) 128, 0, 0, 0, 1, 2, 3, 4}).flip();
        assertEquals(8, s.send(out, Destination.of(B)));
        assertEquals(8, out.position());
        FakePacketSocket.Sent sent = s.sent().get(0);
        assertArrayEquals(new byte[] {(byte) 128, 0, 0, 0, 1, 2, 3, 4}, sent.data());
        assertEquals(B, sent.destination());
        Ipv6Address linkLocal = Ipv6Address.parse("fe80::2");
        out.position(0);
        s.send(out, Destination.of(linkLocal, 3));
        assertEquals(3, s.sent().get(1).options().interfaceIndex(), "the scope id travels as the interface");

        s.deliver(new FakePacketSocket.Incoming(new byte[] {9, 8, 7}, B, A, 64, null, null));
        ByteBuffer in = ByteBuffer.allocateDirect(16).position(2);
        PacketInfo info = new PacketInfo();
        assertEquals(3, s.receive(in, info, 1000));
        assertEquals(5, in.position());
        assertEquals(8, in.get(3));
        assertEquals(B, info.source());
        assertEquals(PacketSocket.TIMEOUT, s.receive(in, info, 0));
    }
}
