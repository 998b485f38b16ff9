package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.wire.Bytes;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Prefix;

/**
 * The zero-copy path (direct buffers, {@link Destination}) between two namespaces: what it
 * carries is byte for byte what the {@code byte[]} path carries, waits end on close, and a
 * steady-state loop allocates nothing.
 */
@Timeout(120)
class FastPathNamespaceTest {
    static final Ipv6Address BEHIND_TUN = Ipv6Address.parse("2001:db8:99::5");
    static final Ipv6Address BEHIND_TUN_2 = Ipv6Address.parse("2001:db8:99::6");
    static final int HEADROOM = 40;
    static NamespacePair net;

    @BeforeAll
    static void setUp() throws NetException {
        net = NamespacePair.create();
    }

    @AfterAll
    static void tearDown() {
        if (net != null) {
            net.close();
        }
    }

    /** A TUN in B behind 2001:db8:99::/64, forwarding on, A routing that prefix via B. */
    private static TunDevice tunInB(String name, CommandNetworkControl ctlA, CommandNetworkControl ctlB) throws Exception {
        TunDevice tun = net.inB.call(() -> LinuxTunDevice.open(name, true));
        ctlB.linkUp(tun.name(), 1400);
        ctlB.addRoute(Ipv6Prefix.parse("2001:db8:99::/64"), tun.name(), null, 0);
        ctlB.setSysctl("net.ipv6.conf.all.forwarding", "1");
        if (ctlA != null) {
            ctlA.addRoute(Ipv6Prefix.parse("2001:db8:99::/64"), "va", NamespacePair.B, 0);
        }
        return tun;
    }

    private static byte[] bytes(ByteBuffer b, int from, int to) {
        byte[] out = new byte[to - from];
        b.get(from, out);
        return out;
    }

    @Test
    void aTunReadIntoADirectBufferGivesTheSameBytesAsTheArrayReadAndLeavesTheHeadroomAlone() throws Exception {
        try (CommandNetworkControl ctlA = new CommandNetworkControl("fpA1", net.a);
             CommandNetworkControl ctlB = new CommandNetworkControl("fpB1", net.b);
             TunDevice tun = tunInB("r6fp0", ctlA, ctlB);
             PacketSocket icmpA = net.inA.call(() -> RawIpv6Socket.open(PacketSocketConfig.icmpv6(129)))) {
            byte[] req = TestPackets.echo(128, NamespacePair.A, BEHIND_TUN, 7, 3);
            icmpA.send(req, 0, req.length, BEHIND_TUN);
            icmpA.send(req, 0, req.length, BEHIND_TUN);
            icmpA.send(req, 0, req.length, BEHIND_TUN);

            byte[] slow = new byte[2048];
            int n = tun.read(slow, 0, slow.length, 3000);
            assertEquals(Ipv6Header.LENGTH + req.length, n);

            ByteBuffer fast = ByteBuffer.allocateDirect(HEADROOM + 65_535);
            for (int i = 0; i < HEADROOM; i++) {
                fast.put(i, (byte) 0xa5);
            }
            fast.position(HEADROOM);
            int m = tun.read(fast, 3000);
            assertEquals(n, m, "the same packet length");
            assertEquals(HEADROOM + m, fast.position(), "the position moved past the packet");
            assertArrayEquals(Arrays.copyOf(slow, n), bytes(fast, HEADROOM, HEADROOM + m),
                    "byte for byte what the array read returned");
            for (int i = 0; i < HEADROOM; i++) {
                assertEquals((byte) 0xa5, fast.get(i), "headroom byte " + i + " untouched");
            }

            // the third with a blocking read (WAIT_FOREVER); a timeout afterwards must still time out
            ByteBuffer blocking = ByteBuffer.allocateDirect(2048);
            assertEquals(n, tun.read(blocking, TunDevice.WAIT_FOREVER));
            assertArrayEquals(Arrays.copyOf(slow, n), bytes(blocking, 0, n));

            int before = fast.position();
            long t0 = System.nanoTime();
            assertEquals(TunDevice.TIMEOUT, tun.read(fast, 300), "nothing more routed into the TUN, and not blocked");
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waited >= 250 && waited < 3000, "waited the timeout: " + waited + " ms");
            assertEquals(before, fast.position(), "a timeout leaves the buffer alone");
            assertEquals(TunDevice.TIMEOUT, tun.read(fast, 0), "0: do not wait");
        }
    }

    @Test
    void aTunWriteFromADirectBufferIsForwardedExactlyLikeTheArrayWrite() throws Exception {
        try (CommandNetworkControl ctlA = new CommandNetworkControl("fpA2", net.a);
             CommandNetworkControl ctlB = new CommandNetworkControl("fpB2", net.b);
             TunDevice tun = tunInB("r6fp1", ctlA, ctlB);
             PacketSocket icmpA = net.inA.call(() -> RawIpv6Socket.open(PacketSocketConfig.icmpv6(129)))) {
            byte[] reply = TestPackets.packet(BEHIND_TUN, NamespacePair.A, IpProtocol.ICMPV6,
                    TestPackets.echo(129, BEHIND_TUN, NamespacePair.A, 9, 1));
            tun.write(reply, 0, reply.length);
            byte[] slow = new byte[2048];
            PacketInfo slowInfo = new PacketInfo();
            int n = icmpA.receive(slow, 0, slow.length, slowInfo, 3000);
            assertEquals(16, n);

            ByteBuffer out = ByteBuffer.allocateDirect(HEADROOM + 2048);
            out.position(HEADROOM).put(reply).flip().position(HEADROOM);
            tun.write(out);
            assertEquals(out.limit(), out.position(), "the position moved to the limit");
            byte[] fast = new byte[2048];
            PacketInfo fastInfo = new PacketInfo();
            assertEquals(n, icmpA.receive(fast, 0, fast.length, fastInfo, 3000));
            assertArrayEquals(Arrays.copyOf(slow, n), Arrays.copyOf(fast, n));
            assertEquals(BEHIND_TUN, fastInfo.source());
            assertEquals(slowInfo.hopLimit(), fastInfo.hopLimit());
            assertEquals(63, fastInfo.hopLimit(), "forwarded once by B");
        }
    }

    @Test
    void aSendFromADirectBufferArrivesByteIdenticalToTheArraySendAndTheDirectReceiveMatchesTheArrayReceive()
            throws Exception {
        try (PacketSocket tx = net.inA.call(() -> RawIpv6Socket.open(PacketSocketConfig.icmpv6(129)));
             PacketSocket rx = net.inB.call(() -> RawIpv6Socket.open(PacketSocketConfig.icmpv6(128)))) {
            byte[] req = TestPackets.echo(128, NamespacePair.A, NamespacePair.B, 4, 2);
            ByteBuffer out = ByteBuffer.allocateDirect(2048);
            out.put(req).flip();
            Destination toB = Destination.of(NamespacePair.B);
            assertEquals(req.length, tx.send(out, toB));
            assertEquals(out.limit(), out.position(), "the position moved to the limit");
            tx.send(req, 0, req.length, NamespacePair.B);

            byte[] slow = new byte[2048];
            PacketInfo slowInfo = new PacketInfo();
            int n = rx.receive(slow, 0, slow.length, slowInfo, 3000);
            ByteBuffer in = ByteBuffer.allocateDirect(2048);
            in.position(8);
            PacketInfo fastInfo = new PacketInfo();
            int m = rx.receive(in, fastInfo, 3000);
            assertEquals(req.length, n);
            assertEquals(n, m);
            assertEquals(8 + m, in.position());
            assertArrayEquals(Arrays.copyOf(slow, n), bytes(in, 8, 8 + m),
                    "the direct-buffer send and receive carry the same bytes as the array ones");
            assertEquals(0, TestPackets.independentChecksum(NamespacePair.A, NamespacePair.B, IpProtocol.ICMPV6,
                    slow, 0, n), "the kernel filled the ICMPv6 checksum on both");
            assertEquals(NamespacePair.A, fastInfo.source());
            assertEquals(slowInfo.source(), fastInfo.source());
            assertEquals(NamespacePair.B, fastInfo.destination());
            assertEquals(slowInfo.interfaceIndex(), fastInfo.interfaceIndex());
            assertEquals(64, fastInfo.hopLimit());
            assertFalse(fastInfo.truncated());

            // a buffer with room for 6 bytes: cut, and said so
            tx.send(req, 0, req.length, NamespacePair.B);
            ByteBuffer small = ByteBuffer.allocateDirect(6);
            assertEquals(6, rx.receive(small, fastInfo, 3000));
            assertTrue(fastInfo.truncated(), "MSG_TRUNC reported");
            assertArrayEquals(Arrays.copyOf(slow, 6), bytes(small, 0, 6));
        }
    }

    @Test
    void aWholePacketSentFromADirectBufferOnAHeaderIncludedSocketArrivesAsBuilt() throws Exception {
        try (PacketSocket tx = net.inA.call(() -> RawIpv6Socket.open(PacketSocketConfig.headerIncluded()));
             PacketSocket rx = net.inB.call(() -> RawIpv6Socket.open(PacketSocketConfig.icmpv6(128)))) {
            byte[] echo = TestPackets.echo(128, NamespacePair.A, NamespacePair.B, 5, 6);
            byte[] packet = TestPackets.packet(NamespacePair.A, NamespacePair.B, IpProtocol.ICMPV6, echo);
            ByteBuffer out = ByteBuffer.allocateDirect(packet.length);
            out.put(packet).flip();
            assertEquals(packet.length, tx.send(out, NamespacePair.B), "the convenience send by address");
            ByteBuffer in = ByteBuffer.allocateDirect(2048);
            PacketInfo info = new PacketInfo();
            int n = rx.receive(in, info, 3000);
            assertEquals(echo.length, n);
            assertArrayEquals(echo, bytes(in, 0, n));
            assertEquals(NamespacePair.A, info.source());
        }
    }

    @Test
    void waitingForeverEndsWhenTheTunOrTheSocketIsClosed() throws Exception {
        TunDevice tun = net.inB.call(() -> LinuxTunDevice.open("r6fp2", true));
        PacketSocket socket = net.inB.call(() -> RawIpv6Socket.open(PacketSocketConfig.icmpv6(129)));
        int[] result = {0, 0};
        Thread reader = new Thread(() -> {
            try {
                result[0] = tun.read(ByteBuffer.allocateDirect(2048), TunDevice.WAIT_FOREVER);
            } catch (NetException e) {
                result[0] = 99;
            }
        });
        Thread receiver = new Thread(() -> {
            try {
                result[1] = socket.receive(ByteBuffer.allocateDirect(2048), null, PacketSocket.WAIT_FOREVER);
            } catch (NetException e) {
                result[1] = 99;
            }
        });
        reader.start();
        receiver.start();
        NamespacePair.sleep(300);
        assertTrue(reader.isAlive() && receiver.isAlive(), "both still waiting");
        assertEquals(0, tun.skipped(), "the counter answers while a reader waits");
        tun.close();
        socket.close();
        reader.join(5000);
        receiver.join(5000);
        assertFalse(reader.isAlive() || receiver.isAlive());
        assertEquals(TunDevice.CLOSED, result[0]);
        assertEquals(PacketSocket.CLOSED, result[1]);
    }

    @Test
    void interruptingAReaderClosesTheTun() throws Exception {
        try (TunDevice tun = net.inB.call(() -> LinuxTunDevice.open("r6fp3", true))) {
            int[] result = {0};
            Thread reader = new Thread(() -> {
                try {
                    ByteBuffer b = ByteBuffer.allocateDirect(2048);
                    Thread.currentThread().interrupt();
                    result[0] = tun.read(b, TunDevice.WAIT_FOREVER);
                } catch (NetException e) {
                    result[0] = 99;
                }
            });
            reader.start();
            reader.join(5000);
            assertFalse(reader.isAlive());
            assertEquals(TunDevice.CLOSED, result[0], "an interrupted JDK channel closes; the read says so");
            assertEquals(TunDevice.CLOSED, tun.read(ByteBuffer.allocateDirect(2048), 0));
        }
        assertFalse(net.runIn(net.b).run(java.util.List.of("ip", "link", "show", "r6fp3"), null).ok(),
                "close() after the interrupt still removes the device");
    }

    /**
     * The data-plane loop in steady state: a send on a header-included socket routed into the TUN,
     * its read, an echo request written into the TUN, the copy an ICMPv6 socket receives, and the
     * kernel's echo reply read back from the TUN; 10,000 rounds after warm-up allocate no byte.
     */
    @Test
    void tenThousandZeroCopySendsReadsWritesAndReceivesAllocateNothing() throws Exception {
        try (CommandNetworkControl ctlB = new CommandNetworkControl("fpB7", net.b);
             TunDevice tun = tunInB("r6fp4", null, ctlB);
             PacketSocket raw = net.inB.call(() -> RawIpv6Socket.open(PacketSocketConfig.headerIncluded()));
             PacketSocket icmp = net.inB.call(() -> RawIpv6Socket.open(PacketSocketConfig.icmpv6(128)))) {
            byte[] udp = new byte[8 + 52];
            Bytes.put16(udp, 0, 4000);
            Bytes.put16(udp, 2, 5000);
            Bytes.put16(udp, 4, udp.length);
            byte[] toTun = TestPackets.packet(NamespacePair.B, BEHIND_TUN_2, IpProtocol.UDP, udp);
            ByteBuffer send = ByteBuffer.allocateDirect(toTun.length);
            send.put(0, toTun);
            byte[] request = TestPackets.packet(BEHIND_TUN, NamespacePair.B, IpProtocol.ICMPV6,
                    TestPackets.echo(128, BEHIND_TUN, NamespacePair.B, 3, 3));
            ByteBuffer write = ByteBuffer.allocateDirect(request.length);
            write.put(0, request);
            ByteBuffer read = ByteBuffer.allocateDirect(65_535);
            ByteBuffer receive = ByteBuffer.allocateDirect(2048);
            PacketInfo info = new PacketInfo();
            Destination d = Destination.of(BEHIND_TUN_2);
            long[] counts = new long[4];

            Runnable round = () -> {
                try {
                    send.clear();
                    counts[0] += raw.send(send, d) == toTun.length ? 1 : 0;
                    read.clear();
                    counts[1] += tun.read(read, 2000) == toTun.length ? 1 : 0;
                    write.clear();
                    tun.write(write);
                    receive.clear();
                    counts[2] += icmp.receive(receive, info, 2000) == request.length - Ipv6Header.LENGTH ? 1 : 0;
                    read.clear();
                    counts[3] += tun.read(read, 2000) == request.length ? 1 : 0;
                } catch (NetException e) {
                    throw new IllegalStateException(e);
                }
            };
            for (int i = 0; i < 3000; i++) {
                round.run();
            }
            assertEquals(3000, counts[0]);
            assertEquals(3000, counts[1], "every packet sent came out of the TUN");
            assertEquals(3000, counts[2], "every echo request written was received");
            assertEquals(3000, counts[3], "every echo reply came out of the TUN");
            assertEquals(BEHIND_TUN, info.source());
            assertEquals(NamespacePair.B, Ipv6Address.read(readBytes(read), Ipv6Header.OFF_SOURCE));

            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocated = Long.MAX_VALUE;
            for (int attempt = 0; attempt < 3 && allocated != 0; attempt++) { // C2 may still be compiling
                Arrays.fill(counts, 0);
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++) {
                    round.run();
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertArrayEquals(new long[] {10_000, 10_000, 10_000, 10_000}, counts,
                        "every round carried all its packets");
            }
            assertEquals(0, allocated, "bytes allocated by 10,000 rounds after warm-up");
        }
    }

    private static byte[] readBytes(ByteBuffer b) {
        return bytes(b, 0, b.position());
    }
}
