package org.roam6.mnd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roam6.mnd.HomeRegistrationFixture.COA_A;
import static org.roam6.mnd.HomeRegistrationFixture.EXT;
import static org.roam6.mnd.HomeRegistrationFixture.HA;
import static org.roam6.mnd.HomeRegistrationFixture.HOA;
import static org.roam6.mnd.HomeRegistrationFixture.SECRET;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.roam6.net.PacketInfo;
import org.roam6.net.SendOptions;
import org.roam6.net.fake.FakeNetwork;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;

class MobileNodeSignallingTest {

    static final Ipv6Address CN = Ipv6Address.parse("2001:db8:c::10");

    /** The signalling with fake sockets, wired to a fixture's list and a recording correspondent part. */
    static final class Rig {
        final FakeNetwork network = new FakeNetwork();
        final FakePacketSocket mh = network.socket(IpProtocol.MOBILITY, HOA);
        final FakePacketSocket raw = new FakePacketSocket(255, COA_A);
        final FakePacketSocket icmp = new FakePacketSocket(IpProtocol.ICMPV6, COA_A);
        final MobileNodeStats stats = new MobileNodeStats();
        final MobileNodeSignalling signalling = new MobileNodeSignalling(mh, raw, icmp, stats, EXT);
        final List<String> correspondent = new CopyOnWriteArrayList<>();
        final CorrespondentSignalling cs = (m, s, d) -> correspondent.add(m.getClass().getSimpleName() + " " + s + " " + d);
        final HomeRegistrationFixture f;

        Rig() throws Exception {
            f = new HomeRegistrationFixture();
        }

        void feed(byte[] b, Ipv6Address from) {
            PacketInfo info = new PacketInfo().source(from);
            info.destination(HOA.hi(), HOA.lo(), 3);
            signalling.onMobilityHeader(b, 0, b.length, info);
        }
    }

    private static Rig started() throws Exception {
        Rig r = new Rig();
        r.signalling.dispatchTo(r.f.bul, r.cs);
        return r;
    }

    @Test
    void anAckFromTheHomeAgentReachesTheBindingUpdateList() throws Exception {
        Rig r = started();
        r.f.bul.onAttached(HomeRegistrationFixture.away(COA_A));
        HomeRegistrationFixture.SentUpdate u = r.f.lastUpdate();
        r.feed(r.f.ackHeader(0, u.bu().sequence(), 105, u.timestamp(), COA_A, SECRET, List.of()), HA);
        assertEquals(BindingUpdateList.State.REGISTERED, r.f.bul.state());
        assertTrue(r.correspondent.isEmpty());
    }

    @Test
    void refreshRequestsAndErrorsFromTheHomeAgentReachTheList() throws Exception {
        Rig r = started();
        r.f.bul.onAttached(HomeRegistrationFixture.away(COA_A));
        r.f.acknowledge(0, 105);
        int sent = r.f.out.sent.size();
        r.feed(MobilityHeaderCodec.encode(new MobilityMessage.BindingRefreshRequest(List.of()), EXT), HA);
        assertEquals(sent + 1, r.f.out.sent.size(), "BRR: a BU at once");
        r.feed(MobilityHeaderCodec.encode(new MobilityMessage.BindingError(2, HOA, List.of()), EXT), HA);
        assertEquals(1, r.f.stats.bindingErrors(2));
        assertTrue(r.correspondent.isEmpty());
    }

    @Test
    void everythingElseGoesToTheCorrespondentPart() throws Exception {
        Rig r = started();
        r.feed(MobilityHeaderCodec.encode(new MobilityMessage.BindingAcknowledgement(0, 0, 5, 10, List.of()), EXT), CN);
        r.feed(MobilityHeaderCodec.encode(new MobilityMessage.HomeTest(1, 2, 3, List.of()), EXT), CN);
        r.feed(MobilityHeaderCodec.encode(new MobilityMessage.BindingRefreshRequest(List.of()), EXT), CN);
        r.feed(MobilityHeaderCodec.encode(new MobilityMessage.HomeTest(1, 2, 3, List.of()), EXT), HA);
        assertEquals(List.of("BindingAcknowledgement " + CN + " " + HOA, "HomeTest " + CN + " " + HOA,
                "BindingRefreshRequest " + CN + " " + HOA, "HomeTest " + HA + " " + HOA), r.correspondent);
        assertEquals(0, r.f.stats.bindingAcks(0));
    }

    @Test
    void malformedAndIncompleteHeadersAreCountedAndDropped() throws Exception {
        Rig r = started();
        byte[] bad = MobilityHeaderCodec.encode(new MobilityMessage.BindingRefreshRequest(List.of()), EXT);
        bad[0] = 6; // Payload Proto must be 59
        r.feed(bad, HA);
        r.feed(new byte[] {59, 9, 6, 0}, HA);
        r.feed(new byte[0], HA);
        assertEquals(3, r.stats.drops(MobileNodeStats.Drop.MALFORMED));
        PacketInfo noDestination = new PacketInfo().source(HA);
        byte[] brr = MobilityHeaderCodec.encode(new MobilityMessage.BindingRefreshRequest(List.of()), EXT);
        r.signalling.onMobilityHeader(brr, 0, brr.length, noDestination);
        assertEquals(1, r.stats.drops(MobileNodeStats.Drop.INCOMPLETE));
        assertTrue(r.correspondent.isEmpty());
    }

    @Test
    void randomBytesNeverEscapeAsExceptions() throws Exception {
        Rig r = started();
        java.util.Random random = new java.util.Random(6275);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            if (b.length > 0) {
                b[0] = 59;
            }
            r.feed(b, random.nextBoolean() ? HA : CN);
        }
        assertEquals(0, r.stats.drops(MobileNodeStats.Drop.INTERNAL_ERROR));
    }

    @Test
    void packetsMobilityHeadersAndIcmpv6LeaveOnTheirSockets() throws Exception {
        Rig r = new Rig();
        byte[] packet = {0x60, 0, 0, 0, 0, 0, 59, 64};
        assertTrue(r.signalling.sendPacket(packet, 0, packet.length, HA));
        FakePacketSocket.Sent p = r.raw.sent().get(0);
        assertArrayEquals(packet, p.data());
        assertEquals(HA, p.destination());
        assertEquals(SendOptions.NONE, p.options());

        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingRefreshRequest(List.of()), EXT);
        assertTrue(r.signalling.sendMobilityHeader(mh, 0, mh.length, HOA, HA));
        FakePacketSocket.Sent m = r.mh.sent().get(0);
        assertEquals(HOA, m.options().source());
        assertTrue(m.options().kernelChecksum(), "the kernel fills the checksum");

        byte[] na = {(byte) 136, 0, 0, 0};
        assertTrue(r.signalling.sendIcmpv6(na, 0, na.length, HOA, Ipv6Address.parse("ff02::1"), 2));
        FakePacketSocket.Sent i = r.icmp.sent().get(0);
        assertEquals(2, i.options().interfaceIndex());
        assertEquals(255, i.options().hopLimit(), "Neighbor Discovery needs hop limit 255");
        assertEquals(HOA, i.options().source());
        assertTrue(r.signalling.sendIcmpv6(na, 0, na.length, COA_A, HA, 0));
        assertEquals(-1, r.icmp.sent().get(1).options().hopLimit());
    }

    @Test
    void aRefusedSendIsCountedAndAnsweredWithFalse() throws Exception {
        Rig r = new Rig();
        r.raw.close();
        assertFalse(r.signalling.sendPacket(new byte[40], 0, 40, HA));
        assertEquals(1, r.stats.drops(MobileNodeStats.Drop.SEND_FAILED));
    }

    @Test
    void theReceiveThreadCarriesADeregistrationRoundTripAndStopsOnClose() throws Exception {
        Rig r = new Rig();
        FakePacketSocket haSocket = r.network.socket(IpProtocol.MOBILITY, HA);
        List<String> events = new CopyOnWriteArrayList<>();
        BindingUpdateList bul = new BindingUpdateList(r.f.config, r.signalling, r.f.timers, r.f.wall,
                new java.util.Random(1), r.stats, new HomeRegistrationListener() {
                    @Override
                    public void onDeregistered(Ipv6Address ha) {
                        events.add("deregistered " + ha);
                    }
                });
        r.signalling.start(bul, r.cs);
        try {
            bul.onAttached(HomeRegistrationFixture.home());
            PacketInfo info = new PacketInfo();
            byte[] buf = new byte[2048];
            int n = haSocket.receive(buf, 0, buf.length, info, 2000);
            assertTrue(n > 0, "the home agent got the de-registration");
            assertEquals(HOA, info.source());
            MobilityMessage.BindingUpdate got = (MobilityMessage.BindingUpdate)
                    ((org.roam6.wire.Decoded.Ok<MobilityMessage>) MobilityHeaderCodec.decode(buf, 0, n, EXT)).value();
            assertEquals(0, got.lifetime());
            long ts = ((org.roam6.wire.mh.MobilityOption.MobilityMessageReplayProtection) got.options().get(1)).timestamp();
            byte[] ba = r.f.ackHeader(0, got.sequence(), 0, ts, HOA, SECRET, List.of());
            haSocket.send(ba, 0, ba.length, HOA, SendOptions.NONE);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (bul.state() != BindingUpdateList.State.IDLE && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(BindingUpdateList.State.IDLE, bul.state());
        } finally {
            r.signalling.close();
        }
        assertTrue(r.mh.isClosed() && r.raw.isClosed() && r.icmp.isClosed());
        assertEquals(List.of("deregistered " + HA), events);
    }
}
