package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.wire.Ipv6Address;

/** The shared receiving thread of the daemons' sockets. */
class ReceiveLoopTest {
    static final Ipv6Address LOCAL = Ipv6Address.parse("2001:db8:1::1");
    static final Ipv6Address PEER = Ipv6Address.parse("2001:db8:2::10");
    static final long WAIT = 5_000;

    /** One packet as the handler saw it, copied out of the loop's buffer. */
    record Got(byte[] data, Ipv6Address source, boolean truncated, String thread) {}

    static ReceiveLoop.Handler collectInto(LinkedBlockingQueue<Got> got) {
        return (buf, off, len, info) -> got.add(new Got(Arrays.copyOfRange(buf, off, off + len), info.source(),
                info.truncated(), Thread.currentThread().getName()));
    }

    static void stop(Thread t, PacketSocket socket) throws InterruptedException {
        socket.close();
        t.join(WAIT);
    }

    @Test
    void handsThePacketsToTheHandlerInTheOrderTheyArrivedWithTheirInfo() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, LOCAL);
        LinkedBlockingQueue<Got> got = new LinkedBlockingQueue<>();
        Thread t = ReceiveLoop.start("test-receiver", socket, 64, 50, () -> true, collectInto(got));
        try {
            for (int i = 1; i <= 3; i++) {
                socket.deliver(new byte[] {(byte) i, (byte) (10 * i)}, PEER);
            }
            for (int i = 1; i <= 3; i++) {
                Got g = got.poll(WAIT, TimeUnit.MILLISECONDS);
                assertNotNull(g, "packet " + i);
                assertArrayEquals(new byte[] {(byte) i, (byte) (10 * i)}, g.data());
                assertEquals(PEER, g.source());
                assertEquals("test-receiver", g.thread());
            }
        } finally {
            stop(t, socket);
        }
    }

    @Test
    void aPacketLongerThanTheBufferArrivesCutToItAndMarkedTruncated() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, LOCAL);
        LinkedBlockingQueue<Got> got = new LinkedBlockingQueue<>();
        Thread t = ReceiveLoop.start("test-receiver", socket, 4, 50, () -> true, collectInto(got));
        try {
            socket.deliver(new byte[] {1, 2, 3, 4, 5, 6}, PEER);
            Got g = got.poll(WAIT, TimeUnit.MILLISECONDS);
            assertNotNull(g);
            assertArrayEquals(new byte[] {1, 2, 3, 4}, g.data());
            assertTrue(g.truncated());
        } finally {
            stop(t, socket);
        }
    }

    @Test
    void theThreadIsADaemonWithTheGivenNameAndDoesNotStartUntilAsked() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, LOCAL);
        Thread t = new ReceiveLoop("had-something", socket, 64, 50).newThread(() -> true, (b, o, l, i) -> { });
        assertTrue(t.isDaemon());
        assertEquals("had-something", t.getName());
        assertEquals(Thread.State.NEW, t.getState());
        t.start();
        stop(t, socket);
        assertFalse(t.isAlive());
    }

    @Test
    void closingTheSocketEndsTheThreadWhileItWaits() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, LOCAL);
        Thread t = ReceiveLoop.start("test-receiver", socket, 64, PacketSocket.WAIT_FOREVER, () -> true,
                (b, o, l, i) -> { });
        Thread.sleep(50);
        assertTrue(t.isAlive());
        stop(t, socket);
        assertFalse(t.isAlive(), "the thread ended when its socket closed");
    }

    @Test
    void theThreadEndsWhenTheRunningConditionTurnsFalseWithinOneTimeout() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, LOCAL);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread t = ReceiveLoop.start("test-receiver", socket, 64, 20, running::get, (b, o, l, i) -> { });
        try {
            Thread.sleep(50);
            assertTrue(t.isAlive());
            running.set(false);
            t.join(WAIT);
            assertFalse(t.isAlive(), "the thread ended without its socket being closed");
            assertFalse(socket.isClosed());
        } finally {
            stop(t, socket);
        }
    }

    @Test
    void aFailedReceiveIsSurvivedAfterAPauseAndTheNextPacketStillArrives() throws Exception {
        FakePacketSocket fake = new FakePacketSocket(58, LOCAL);
        FailingFirst socket = new FailingFirst(fake, 2);
        LinkedBlockingQueue<Got> got = new LinkedBlockingQueue<>();
        long started = System.nanoTime();
        Thread t = new ReceiveLoop("test-receiver", socket, 64, 50).pauseAfterFailure(30).receiving("test packets")
                .start(() -> true, collectInto(got));
        try {
            fake.deliver(new byte[] {7}, PEER);
            Got g = got.poll(WAIT, TimeUnit.MILLISECONDS);
            assertNotNull(g, "the packet after two failed receives");
            assertArrayEquals(new byte[] {7}, g.data());
            assertEquals(0, socket.failuresLeft.get());
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(elapsedMillis >= 60, "paused 30 ms after each of two failures, took " + elapsedMillis + " ms");
            assertTrue(t.isAlive());
        } finally {
            stop(t, socket);
        }
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndTheLoopGoesOnWithTheNextPacket() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, LOCAL);
        LinkedBlockingQueue<Got> got = new LinkedBlockingQueue<>();
        ReceiveLoop.Handler collect = collectInto(got);
        Thread t = ReceiveLoop.start("test-receiver", socket, 64, 50, () -> true, (buf, off, len, info) -> {
            if (buf[off] == 13) {
                throw new IllegalStateException("a handler bug");
            }
            collect.handle(buf, off, len, info);
        });
        try {
            socket.deliver(new byte[] {13}, PEER);
            socket.deliver(new byte[] {14}, PEER);
            Got g = got.poll(WAIT, TimeUnit.MILLISECONDS);
            assertNotNull(g, "the packet after the one the handler threw on");
            assertArrayEquals(new byte[] {14}, g.data());
            assertTrue(t.isAlive());
        } finally {
            stop(t, socket);
        }
    }

    @Test
    void theTimeoutActionRunsOnTheReceivingThreadWhileNothingArrives() throws Exception {
        FakePacketSocket socket = new FakePacketSocket(58, LOCAL);
        AtomicInteger timeouts = new AtomicInteger();
        LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
        Thread t = new ReceiveLoop("test-receiver", socket, 64, 10).onTimeout(() -> {
            timeouts.incrementAndGet();
            threads.add(Thread.currentThread().getName());
        }).start(() -> true, (b, o, l, i) -> { });
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
            while (timeouts.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(timeouts.get() >= 3, "timeouts seen: " + timeouts.get());
            assertEquals(List.of("test-receiver"), threads.stream().distinct().toList());
        } finally {
            stop(t, socket);
        }
    }

    /** A socket whose first receives throw, as a real socket's recvmsg may fail. */
    static final class FailingFirst implements PacketSocket {
        final FakePacketSocket inner;
        final AtomicInteger failuresLeft;

        FailingFirst(FakePacketSocket inner, int failures) {
            this.inner = inner;
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public int protocol() {
            return inner.protocol();
        }

        @Override
        public void send(byte[] buf, int off, int len, Ipv6Address dst, SendOptions options) throws NetException {
            inner.send(buf, off, len, dst, options);
        }

        @Override
        public int receive(byte[] buf, int off, int len, PacketInfo info, long timeoutMillis) throws NetException {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new NetException("recvmsg", 105, "nothing: a test failure");
            }
            return inner.receive(buf, off, len, info, timeoutMillis);
        }

        @Override
        public void close() {
            inner.close();
        }
    }
}
