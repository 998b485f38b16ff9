package org.roam6.net.fake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.roam6.net.NetException;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.SendOptions;
import org.roam6.net.TunDevice;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Prefix;

/** The in-memory fakes behave like the real interfaces promise. */
class FakesTest {
    static final Ipv6Address MN = Ipv6Address.parse("2001:db8:2::10");
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::1");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::99");

    @Test
    void aFakeNetworkDeliversToTheSocketOwningTheDestinationWithTheChosenSourceAndOptions() throws Exception {
        FakeNetwork net = new FakeNetwork();
        try (FakePacketSocket mn = net.socket(135, MN);
             FakePacketSocket ha = net.socket(135, HA);
             FakePacketSocket haIcmp = net.socket(58, HA)) {
            byte[] hao = new byte[24];
            hao[1] = 2;
            byte[] msg = {59, 0, 5, 0, 0, 0, 0, 1};
            mn.send(msg, 0, msg.length, HA, SendOptions.NONE.withDestinationOptions(hao).withHopLimit(9));
            byte[] buf = new byte[64];
            PacketInfo info = new PacketInfo();
            assertEquals(8, ha.receive(buf, 0, buf.length, info, 1000));
            assertEquals(MN, info.source());
            assertEquals(HA, info.destination());
            assertEquals(9, info.hopLimit());
            assertEquals(24, info.destinationOptionsLength());
            assertEquals(PacketSocket.TIMEOUT, haIcmp.receive(buf, 0, buf.length, info, 0), "other protocol");
            assertEquals(1, mn.sent().size());
            assertEquals(HA, mn.takeSent(0).destination());
        }
    }

    @Test
    void aBoundFakeSocketSendsFromItsBoundSourceWithItsHopLimitUnlessThePacketSaysOtherwise() throws Exception {
        FakeNetwork net = new FakeNetwork();
        Ipv6Address a = Ipv6Address.parse("2001:db8:1::1");
        Ipv6Address bound = Ipv6Address.parse("2001:db8:1::11");
        Ipv6Address b = Ipv6Address.parse("2001:db8:1::2");
        FakePacketSocket tx = net.socket(41, a);
        FakePacketSocket rx = net.socket(41, b);
        tx.bind(bound);
        tx.unicastHopLimit(17);
        java.nio.ByteBuffer data = java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3});
        assertEquals(3, tx.send(data, org.roam6.net.Destination.of(b)));
        FakePacketSocket.Sent s = tx.takeSent(0);
        assertEquals(bound, s.options().source(), "the kernel would write the bound source");
        assertEquals(17, s.options().hopLimit());
        PacketInfo info = new PacketInfo();
        byte[] buf = new byte[8];
        assertEquals(3, rx.receive(buf, 0, buf.length, info, 1000));
        assertEquals(bound, info.source());
        assertEquals(17, info.hopLimit());
        tx.send(buf, 0, 3, b, SendOptions.NONE.withSource(a).withHopLimit(5));
        s = tx.takeSent(0);
        assertEquals(a, s.options().source(), "a per-packet source wins over the bound one");
        assertEquals(5, s.options().hopLimit());
        assertThrows(IllegalArgumentException.class, () -> tx.unicastHopLimit(256));
    }

    @Test
    void closingAFakeSocketReleasesAWaitingReceiver() throws Exception {
        FakePacketSocket s = new FakePacketSocket(135, HA);
        int[] r = {0};
        Thread t = new Thread(() -> {
            try {
                r[0] = s.receive(new byte[8], 0, 8, null, 10_000);
            } catch (NetException e) {
                r[0] = 99;
            }
        });
        t.start();
        Thread.sleep(50);
        s.close();
        t.join(2000);
        assertEquals(PacketSocket.CLOSED, r[0]);
        assertThrows(NetException.class, () -> s.send(new byte[1], 0, 1, MN));
    }

    @Test
    void aFakeTunSkipsKernelChatterAndRecordsWrites() throws Exception {
        try (FakeTunDevice tun = new FakeTunDevice("tun0")) {
            byte[] rs = new byte[48];
            Ipv6Header.write(rs, 0, 8, 58, 255, Ipv6Address.parse("fe80::1"), Ipv6Address.parse("ff02::2"));
            rs[40] = (byte) 133;
            byte[] data = new byte[48];
            Ipv6Header.write(data, 0, 8, 59, 64, HA, HOA);
            tun.routeIn(rs);
            tun.routeIn(data);
            byte[] buf = new byte[100];
            assertEquals(48, tun.read(buf, 0, buf.length, 1000));
            assertEquals(59, buf[6]);
            assertEquals(1, tun.skipped());
            assertEquals(TunDevice.TIMEOUT, tun.read(buf, 0, buf.length, 10));
            tun.write(data, 0, 48);
            assertArrayEquals(data, tun.takeWritten(0));
            assertNull(tun.takeWritten(0));
        }
    }

    @Test
    void aFakeCaptureReturnsArrivalsAndRecordsInjections() throws Exception {
        try (FakePacketCapture cap = new FakePacketCapture("eth0")) {
            byte[] p = new byte[40];
            Ipv6Header.write(p, 0, 0, 59, 64, MN, HA);
            cap.arrive(p);
            byte[] buf = new byte[64];
            assertEquals(40, cap.receive(buf, 0, buf.length, null, 100));
            cap.inject(p, 0, 40);
            assertEquals(1, cap.injected().size());
            assertNull(cap.injected().get(0).destination());
        }
    }

    @Test
    void fakeNetworkControlRecordsStateAndCloseRemovesItAndRestoresSysctls() throws Exception {
        FakeNetworkControl ctl = new FakeNetworkControl("ha one");
        ctl.setSysctl("net.ipv6.conf.all.forwarding", "1");
        ctl.addProxyNeighbour(HOA, "eth0");
        ctl.addRoute(new Ipv6Prefix(HOA, 128), "ha0", null, 0);
        ctl.dropKernelParameterProblems();
        ctl.linkUp("ha0", 1400);
        assertEquals("roam6_ha_one", ctl.nftablesTable());
        assertTrue(ctl.has("route 2001:db8:1::99/128 dev ha0"));
        assertTrue(ctl.has("nftables table ip6 roam6_ha_one"));
        assertEquals(1400, ctl.linkMtu("ha0"));
        assertEquals(List.of("sysctl net.ipv6.conf.all.forwarding", "proxy neighbour 2001:db8:1::99 dev eth0",
                "route 2001:db8:1::99/128 dev ha0", "nftables table ip6 roam6_ha_one"), ctl.installed());
        ctl.removeProxyNeighbour(HOA, "eth0");
        assertFalse(ctl.has("proxy neighbour 2001:db8:1::99 dev eth0"));
        ctl.close();
        assertEquals(List.of(), ctl.installed());
        assertTrue(ctl.state().isEmpty());
        assertEquals("0", ctl.sysctl("net.ipv6.conf.all.forwarding"));
    }

    @Test
    void fakeNetworkControlCanFailTheNextChange() {
        FakeNetworkControl ctl = new FakeNetworkControl("x");
        ctl.failNext(new NetException("ip -6 route replace", 0, "test"));
        assertThrows(NetException.class, () -> ctl.addRoute(new Ipv6Prefix(HOA, 128), "ha0", null, 0));
        assertEquals(List.of(), ctl.installed());
    }
}
