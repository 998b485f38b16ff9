package org.roam6.had;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.roam6.binding.Binding;
import org.roam6.binding.BindingCache;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.crypto.MnHaKey;
import org.roam6.crypto.NtpTimestamp;
import org.roam6.crypto.ReplayProtection;
import org.roam6.net.PacketInfo;
import org.roam6.net.fake.FakePacketSocket;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.Bytes;
import org.roam6.wire.DestinationOptions;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

/**
 * A home agent's signalling with in-memory sockets and clocks: tests hand it packets as the
 * kernel would (a Mobility Header from socket 135, or a copy from the Destination Options header
 * on from socket 60) and read back the whole packets it sent.
 */
final class SignallingFixture {
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address COA = Ipv6Address.parse("2001:db8:a::5");
    static final Ipv6Address COA2 = Ipv6Address.parse("2001:db8:b::5");
    /** MnUnprotected. */
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    /** Has an MnKey. */
    static final Ipv6Address HOA_KEYED = Ipv6Address.parse("2001:db8:1::101");
    /** Neither key nor MnUnprotected. */
    static final Ipv6Address HOA_UNKNOWN = Ipv6Address.parse("2001:db8:1::102");
    /** A mobile router authorised for 2001:db8:10::/48. */
    static final Ipv6Address MR = Ipv6Address.parse("2001:db8:1::200");
    /** Denied by the access list. */
    static final Ipv6Address HOA_DENIED = Ipv6Address.parse("2001:db8:1::300");
    /** MnUnprotected but outside the home prefix. */
    static final Ipv6Address HOA_FOREIGN = Ipv6Address.parse("2001:db8:9::1");
    static final int SPI = 1000;
    static final byte[] SECRET = Bytes.fromHex("00112233445566778899aabbccddeeff0102030405060708");
    static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    static final String CONFIG = """
            NodeConfig HA;
            Interface "lan0";
            HaServedPrefix 2001:db8:1::/64;
            HaMaxBindingLife 420;
            HaAcceptMobRtr enabled;
            MnUnprotected 2001:db8:1::100;
            MnUnprotected 2001:db8:1::200;
            MnUnprotected 2001:db8:1::300;
            MnUnprotected 2001:db8:9::1;
            MnKey 2001:db8:1::101 1000 "00112233445566778899aabbccddeeff0102030405060708" sha256;
            BindingAclPolicy 2001:db8:1::300 deny;
            BindingAclPolicy 2001:db8:1::200 (2001:db8:10::/48) allow;
            """;

    final ManualClock clock = new ManualClock();
    final HomeAgentConfig config;
    final BindingCache cache;
    final HomeRegistration registration;
    final HomeAgentStats stats = new HomeAgentStats();
    final FakePacketSocket mh = new FakePacketSocket(IpProtocol.MOBILITY, HA);
    final FakePacketSocket dstopts = new FakePacketSocket(IpProtocol.DESTINATION_OPTIONS, HA);
    final FakePacketSocket out = new FakePacketSocket(255, HA);
    final MobilitySignalling signalling;
    final List<String> events = new ArrayList<>();
    final MnHaKey key;

    SignallingFixture() throws Exception {
        this("");
    }

    SignallingFixture(String extraConfig) throws Exception {
        this(extraConfig, new RateLimiter(1e6, 1_000_000, new ManualClock()));
    }

    SignallingFixture(String extraConfig, RateLimiter limiter) throws Exception {
        this(limiter, CONFIG + extraConfig);
    }

    /** With this whole config text instead of {@link #CONFIG}. */
    static SignallingFixture withConfig(String wholeConfig) throws Exception {
        return new SignallingFixture(new RateLimiter(1e6, 1_000_000, new ManualClock()), wholeConfig);
    }

    private SignallingFixture(RateLimiter limiter, String wholeConfig) throws Exception {
        config = HomeAgentConfig.parse("had.conf", wholeConfig);
        cache = new BindingCache(config.maxBindings());
        Clock wall = Clock.fixed(NOW, ZoneOffset.UTC);
        registration = new HomeRegistration(config, cache, new ReplayProtection(wall, ReplayProtection.DEFAULT_WINDOW),
                wall, clock);
        registration.addBindingListener(new BindingListener() {
            @Override
            public void onRegistered(Binding b) {
                events.add("registered " + b.homeAddress() + " at " + b.careOfAddress());
            }

            @Override
            public void onDeregistered(Ipv6Address hoa) {
                events.add("deregistered " + hoa);
            }
        });
        signalling = new MobilitySignalling(mh, dstopts, out, registration, stats, limiter);
        key = config.keys().bySpi(SPI);
    }

    MobilityExtensions ext() {
        return config.extensions();
    }

    /** A Binding Update Mobility Header (checksum 0). */
    byte[] bu(int seq, int flags, int lifetimeUnits, MobilityOption... options) {
        return MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(seq, flags, lifetimeUnits, List.of(options)),
                ext());
    }

    /** A Binding Update authenticated with the MN-HA key (RFC 4285) for {@code coa} and {@code hoa}. */
    byte[] authenticatedBu(int seq, int flags, int lifetimeUnits, Ipv6Address hoa, Ipv6Address coa, long timestamp,
                           byte[] secret, MobilityOption... options) {
        List<MobilityOption> opts = new ArrayList<>(List.of(options));
        opts.add(new MobilityOption.MobilityMessageReplayProtection(timestamp));
        opts.add(new MobilityOption.MobilityMessageAuthentication(MnHaAuthentication.SUBTYPE_MN_HA, SPI,
                new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH]));
        byte[] m = MobilityHeaderCodec.encode(new MobilityMessage.BindingUpdate(seq, flags, lifetimeUnits, opts), ext());
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(m, 0, m.length,
                MnHaAuthentication.SUBTYPE_MN_HA, ext());
        MnHaAuthentication.authenticator(key.algorithm(), secret, coa, hoa, m, 0, at.coveredLength(), m,
                at.authenticatorOffset());
        return m;
    }

    static long timestamp(long secondsFromNow) {
        return NtpTimestamp.fromInstant(NOW.plusSeconds(secondsFromNow));
    }

    /** As it comes from socket 60: Destination Options with the Home Address option, then the MH (checksum filled). */
    void sendWithHomeAddressOption(byte[] mobilityHeader, Ipv6Address source, Ipv6Address hoa) {
        byte[] m = mobilityHeader.clone();
        MobilityHeaderCodec.fillChecksum(m, 0, m.length, hoa, HA);
        deliverDestinationOptions(IpProtocol.MOBILITY, m, source, hoa);
    }

    void deliverDestinationOptions(int nextHeader, byte[] payload, Ipv6Address source, Ipv6Address hoa) {
        byte[] copy = new byte[DestinationOptions.LENGTH_WITH_HOME_ADDRESS + payload.length];
        DestinationOptions.writeWithHomeAddress(copy, 0, nextHeader, hoa);
        System.arraycopy(payload, 0, copy, DestinationOptions.LENGTH_WITH_HOME_ADDRESS, payload.length);
        signalling.onDestinationOptions(copy, 0, copy.length, info(source));
    }

    /** As it comes from socket 135 (the kernel has checked the checksum). */
    void sendPlain(byte[] mobilityHeader, Ipv6Address source) {
        signalling.onMobilityHeader(mobilityHeader, 0, mobilityHeader.length, info(source));
    }

    static PacketInfo info(Ipv6Address source) {
        PacketInfo info = new PacketInfo();
        info.reset();
        info.source(source).destination(HA.hi(), HA.lo(), 2).hopLimit(64);
        return info;
    }

    /** The next packet sent, parsed; asserts it is a whole, well-formed IPv6 packet with a valid checksum. */
    Ipv6Packet nextSent() throws InterruptedException {
        FakePacketSocket.Sent s = out.takeSent(0);
        assertTrue(s != null, "a packet was sent");
        Ipv6Packet p = new Ipv6Packet();
        assertNull(p.parse(s.data(), 0, s.data().length), "the sent packet parses");
        assertEquals(p.destination(), s.destination(), "sent to the packet's destination");
        assertTrue(p.upperLayerChecksumValid(), "upper-layer checksum verifies");
        return p;
    }

    /** The next BA: asserts HA as source, {@code to} as destination, the RH2 with {@code hoa}. */
    MobilityMessage.BindingAcknowledgement nextAck(Ipv6Address to, Ipv6Address hoa) throws InterruptedException {
        Ipv6Packet p = nextSent();
        assertEquals(HA, p.source());
        assertEquals(to, p.destination());
        if (to.equals(hoa)) {
            assertTrue(!p.hasRoutingHeaderType2(), "no RH2 to the home address itself");
        } else {
            assertTrue(p.hasRoutingHeaderType2(), "BA carries a Type 2 routing header");
            assertEquals(1, p.routingSegmentsLeft());
            assertEquals(hoa, p.routingAddress());
        }
        assertEquals(IpProtocol.MOBILITY, p.upperLayerProtocol());
        // the checksum's pseudo-header runs HA -> HoA (RFC 6275 6.1.1)
        byte[] b = java.util.Arrays.copyOfRange(p.header().buffer(), p.upperLayerOffset(),
                p.upperLayerOffset() + p.upperLayerLength());
        assertTrue(MobilityHeaderCodec.verifyChecksum(b, 0, b.length, HA, hoa), "MH checksum over HA -> HoA");
        return (MobilityMessage.BindingAcknowledgement) MobilityHeaderCodec.decode(b, 0, b.length, ext()).value();
    }

    MobilityMessage.BindingError nextError(Ipv6Address to) throws InterruptedException {
        Ipv6Packet p = nextSent();
        assertEquals(HA, p.source());
        assertEquals(to, p.destination());
        byte[] b = java.util.Arrays.copyOfRange(p.header().buffer(), p.upperLayerOffset(),
                p.upperLayerOffset() + p.upperLayerLength());
        return (MobilityMessage.BindingError) MobilityHeaderCodec.decode(b, 0, b.length, ext()).value();
    }

    boolean nothingSent() {
        return out.sent().isEmpty();
    }
}
