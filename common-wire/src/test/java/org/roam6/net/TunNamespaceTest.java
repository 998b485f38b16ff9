package org.roam6.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Prefix;

/** A TUN device in namespace B: the kernel routes into it, and forwards what roam6 writes. */
@Timeout(60)
class TunNamespaceTest {
    static final Ipv6Address BEHIND_TUN = Ipv6Address.parse("2001:db8:99::5");
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

    @Test
    void packetsRoutedIntoTheTunAreReadAndPacketsWrittenAreForwardedWhenForwardingIsOn() throws Exception {
        try (CommandNetworkControl ctlA = new CommandNetworkControl("tunA", net.a);
             CommandNetworkControl ctlB = new CommandNetworkControl("tunB", net.b);
             TunDevice tun = net.inB.call(() -> LinuxTunDevice.open("r6tun0", true));
             PacketSocket icmpA = net.inA.call(() -> RawIpv6Socket.open(PacketSocketConfig.icmpv6(129)))) {
            ctlB.linkUp(tun.name(), 1400);
            ctlB.addRoute(Ipv6Prefix.parse("2001:db8:99::/64"), tun.name(), null, 0);
            ctlB.setSysctl("net.ipv6.conf.all.forwarding", "1");
            ctlA.addRoute(Ipv6Prefix.parse("2001:db8:99::/64"), "va", NamespacePair.B, 0);

            byte[] req = TestPackets.echo(128, NamespacePair.A, BEHIND_TUN, 9, 1);
            icmpA.send(req, 0, req.length, BEHIND_TUN);
            byte[] buf = new byte[2048];
            int n = tun.read(buf, 0, buf.length, 3000);
            assertEquals(Ipv6Header.LENGTH + req.length, n, "a whole IPv6 packet, no packet-information prefix");
            Ipv6Header h = new Ipv6Header().wrap(buf, 0, n);
            assertEquals(NamespacePair.A, h.source());
            assertEquals(BEHIND_TUN, h.destination());
            assertEquals(IpProtocol.ICMPV6, h.nextHeader());
            assertEquals(63, h.hopLimit(), "forwarded once by B");
            assertArrayEquals(req, Arrays.copyOfRange(buf, Ipv6Header.LENGTH, n));

            byte[] reply = TestPackets.packet(BEHIND_TUN, NamespacePair.A, IpProtocol.ICMPV6,
                    TestPackets.echo(129, BEHIND_TUN, NamespacePair.A, 9, 1));
            tun.write(reply, 0, reply.length);
            PacketInfo info = new PacketInfo();
            n = icmpA.receive(buf, 0, buf.length, info, 3000);
            assertEquals(16, n, "the kernel forwarded the written packet to A");
            assertEquals(BEHIND_TUN, info.source());
            assertEquals(63, info.hopLimit());

            ctlB.setSysctl("net.ipv6.conf.all.forwarding", "0");
            tun.write(reply, 0, reply.length);
            assertEquals(PacketSocket.TIMEOUT, icmpA.receive(buf, 0, buf.length, null, 500),
                    "with forwarding=0 the kernel drops it");
        }
        assertFalse(net.runIn(net.b).run(List.of("ip", "link", "show", "r6tun0"), null).ok(),
                "a TUN created by open() disappears on close()");
    }

    @Test
    void aSecondOpenOfABusyTunSaysWhoHoldsIt() throws Exception {
        try (TunDevice tun = net.inB.call(() -> LinuxTunDevice.open("r6tun1", true))) {
            assertEquals("r6tun1", tun.name());
            NetException e = assertThrows(NetException.class, () -> net.inB.call(() -> LinuxTunDevice.open("r6tun1", false)));
            assertEquals(Errno.EBUSY, e.errno());
            assertTrue(e.whatToFix().contains("r6tun1"), e.getMessage());
            assertTrue(e.getMessage().contains("EBUSY"), e.getMessage());
        }
    }

    @Test
    void closingTheTunReleasesAThreadWaitingInRead() throws Exception {
        TunDevice tun = net.inB.call(() -> LinuxTunDevice.open("r6tun2", true));
        int[] result = {0};
        Thread t = new Thread(() -> {
            try {
                result[0] = tun.read(new byte[2048], 0, 2048, 20_000);
            } catch (NetException e) {
                result[0] = 99;
            }
        });
        t.start();
        NamespacePair.sleep(200);
        tun.close();
        t.join(5000);
        assertEquals(TunDevice.CLOSED, result[0]);
    }
}
