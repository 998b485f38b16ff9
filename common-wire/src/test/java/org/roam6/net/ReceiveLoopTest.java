package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
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

    private final List<PacketSocket> sockets = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    FakePacketSocket socket() {
        FakePacketSocket s = new FakePacketSocket(58, LOCAL);
        sockets.add(s);
        return s;
    }

    Thread started(Thread t) {
        threads.add(t);
        return t;
    }

    @AfterEach
    void closingTheSocketsEndsEveryLoop() throws InterruptedException {
        sockets.forEach(PacketSocket::close);
        for (Thread t : threads) {
            t.join(WAIT);
            assertFalse(t.isAlive(), t.getName() + " still runs after its socket closed");
        }
    }

    @Test
    void handsThePacketsToTheHandlerInTheOrderTheyArrivedWithTheirInfo() throws Exception {
        FakePacketSocket socket = socket();
        LinkedBlockingQueue<Got> got = new LinkedBlockingQueue<>();
        started(ReceiveLoop.start("test-receiver", socket, 64, 50, () -> true, collectInto(got)));
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
    }

    @Test
    void aPacketLongerThanTheBufferArrivesCutToItAndMarkedTruncated() throws Exception {
        FakePacketSocket socket = socket();
        LinkedBlockingQueue<Got> got = new LinkedBlockingQueue<>();
        started(ReceiveLoop.start("test-receiver", socket, 4, 50, () -> true, collectInto(got)));
        socket.deliver(new byte[] {1, 2, 3, 4, 5, 6}, PEER);
        Got g = got.poll(WAIT, TimeUnit.MILLISECONDS);
        assertNotNull(g);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, g.data());
        assertTrue(g.truncated());
    }

    @Test
    void theThreadIsADaemonWithTheGivenNameAndDoesNotStartUntilAsked() throws Exception {
        FakePacketSocket socket = socket();
        Thread t = new ReceiveLoop("had-something", socket, 64, 50).newThread(() -> true, (b, o, l, i) -> { });
        assertTrue(t.isDaemon());
        assertEquals("had-something", t.getName());
        assertEquals(Thread.State.NEW, t.getState());
        started(t).start();
        assertTrue(t.isAlive());
    }

    @Test
    void closingTheSocketEndsTheThreadWhileItWaits() throws Exception {
        FakePacketSocket socket = socket();
        Thread t = started(ReceiveLoop.start("test-receiver", socket, 64, PacketSocket.WAIT_FOREVER, () -> true,
                (b, o, l, i) -> { }));
        Thread.sleep(50);
        assertTrue(t.isAlive());
        socket.close();
        t.join(WAIT);
        assertFalse(t.isAlive(), "the thread ended when its socket closed");
    }

    @Test
    void theThreadEndsWhenTheRunningConditionTurnsFalseWithinOneTimeout() throws Exception {
        FakePacketSocket socket = socket();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread t = started(ReceiveLoop.start("test-receiver", socket, 64, 20, running::get, (b, o, l, i) -> { }));
        Thread.sleep(50);
        assertTrue(t.isAlive());
        running.set(false);
        t.join(WAIT);
        assertFalse(t.isAlive(), "the thread ended without its socket being closed");
        assertFalse(socket.isClosed());
    }

    @Test
    void aFailedReceiveIsSurvivedAfterAPauseAndTheNextPacketStillArrives() throws Exception {
        FakePacketSocket fake = socket();
        FailingFirst socket = new FailingFirst(fake, 2);
        LinkedBlockingQueue<Got> got = new LinkedBlockingQueue<>();
        long started = System.nanoTime();
        Thread t = started(new ReceiveLoop("test-receiver", socket, 64, 50).pauseAfterFailure(30).receiving("test packets")
                .start(() -> true, collectInto(got)));
        fake.deliver(new byte[] {7}, PEER);
        Got g = got.poll(WAIT, TimeUnit.MILLISECONDS);
        assertNotNull(g, "the packet after two failed receives");
        assertArrayEquals(new byte[] {7}, g.data());
        assertEquals(0, socket.failuresLeft.get());
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(elapsedMillis >= 60, "paused 30 ms after each of two failures, took " + elapsedMillis + " ms");
        assertTrue(t.isAlive());
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndTheLoopGoesOnWithTheNextPacket() throws Exception {
        FakePacketSocket socket = socket();
        LinkedBlockingQueue<Got> got = new LinkedBlockingQueue<>();
        ReceiveLoop.Handler collect = collectInto(got);
        Thread t = started(ReceiveLoop.start("test-receiver", socket, 64, 50, () -> true, (buf, off, len, info) -> {
            if (buf[off] == 13) {
                throw new IllegalStateException("a handler bug");
            }
            collect.handle(buf, off, len, info);
        }));
        socket.deliver(new byte[] {13}, PEER);
        socket.deliver(new byte[] {14}, PEER);
        Got g = got.poll(WAIT, TimeUnit.MILLISECONDS);
        assertNotNull(g, "the packet after the one the handler threw on");
        assertArrayEquals(new byte[] {14}, g.data());
        assertTrue(t.isAlive());
    }

    @Test
    void theTimeoutActionRunsOnTheReceivingThreadWhileNothingArrives() throws Exception {
        FakePacketSocket socket = socket();
        AtomicInteger timeouts = new AtomicInteger();
        LinkedBlockingQueue<String> ranOn = new LinkedBlockingQueue<>();
        Thread t = started(new ReceiveLoop("test-receiver", socket, 64, 10).onTimeout(() -> {
            timeouts.incrementAndGet();
            ranOn.add(Thread.currentThread().getName());
        }).start(() -> true, (b, o, l, i) -> { }));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT);
        while (timeouts.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(timeouts.get() >= 3, "timeouts seen: " + timeouts.get());
        assertEquals(List.of("test-receiver"), ranOn.stream().distinct().toList());
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

    @Test
    void joinWaitsForTheLoopToEndAndSkipsNullAndTheCallingThread() throws Exception {
        ReceiveLoop.join(null, 1000);
        long t0 = System.nanoTime();
        ReceiveLoop.join(Thread.currentThread(), 5000); // a close from a handler must not wait on itself
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4), "did not wait on the calling thread");
        Thread worker = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        worker.start();
        ReceiveLoop.join(worker, 5000);
        assertFalse(worker.isAlive(), "joined the loop's thread");
    }
}
