package org.roam6.mnd;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.roam6.crypto.MnHaAuthentication;
import org.roam6.crypto.MnHaKey;
import org.roam6.runtime.ManualClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.BindingAcknowledgement;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;

/**
 * A {@link BindingUpdateList} on a {@link ManualClock}, with what it sends and tells recorded,
 * and Binding Acknowledgements built as roam6's home agent builds them (had's
 * {@code HomeRegistration.BindingAck.write}: replay protection, then the MN-HA authenticator over
 * care-of address, home address and the MH up to the SPI).
 */
final class HomeRegistrationFixture {
    static final Ipv6Address HA = Ipv6Address.parse("2001:db8:1::11");
    static final Ipv6Address HA2 = Ipv6Address.parse("2001:db8:1::12");
    static final Ipv6Address HOA = Ipv6Address.parse("2001:db8:1::100");
    static final Ipv6Address COA_A = Ipv6Address.parse("2001:db8:a::52:36ff:fe00:1");
    static final Ipv6Address COA_B = Ipv6Address.parse("2001:db8:b::52:36ff:fe00:1");
    static final Ipv6Address ROUTER = Ipv6Address.parse("fe80::1");
    static final byte[] SECRET = org.roam6.wire.Bytes.fromHex("4a6f8e0b2d1c3f5e7a9b8c0d1e2f3a4b");
    static final int SPI = 1000;
    static final MobilityExtensions EXT = MobilityExtensions.DEFAULT;

    static final String KEYED = MobileNodeConfigTest.EXAMPLE;
    static final String UNPROTECTED = """
            NodeConfig MN;
            MnHomeLink "eth0" {
                HomeAgentAddress 2001:db8:1::11;
                HomeAddress 2001:db8:1::100/64;
            }
            MnHaUnprotected enabled;
            MnMaxHaBindingLife 420;
            """;

    /** A wall clock that moves with the manual monotonic clock. */
    static final class FollowingClock extends Clock {
        private final ManualClock clock;
        private final Instant origin = Instant.parse("2026-11-23T20:00:00Z");

        FollowingClock(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return origin.plusNanos(clock.nanoTime());
        }
    }

    /** What the list sent, in order. */
    record Out(String kind, byte[] bytes, Ipv6Address source, Ipv6Address destination, long atNanos) {}

    final class RecordingOutput implements SignallingOutput {
        final List<Out> sent = new ArrayList<>();
        boolean refuse;

        @Override
        public boolean sendPacket(byte[] packet, int off, int len, Ipv6Address destination) {
            sent.add(new Out("packet", Arrays.copyOfRange(packet, off, off + len), null, destination, clock.nanoTime()));
            return !refuse;
        }

        @Override
        public boolean sendMobilityHeader(byte[] mh, int off, int len, Ipv6Address source, Ipv6Address destination) {
            sent.add(new Out("mh", Arrays.copyOfRange(mh, off, off + len), source, destination, clock.nanoTime()));
            return !refuse;
        }

        @Override
        public boolean sendIcmpv6(byte[] message, int off, int len, Ipv6Address source, Ipv6Address destination,
                                  int interfaceIndex) {
            sent.add(new Out("icmpv6", Arrays.copyOfRange(message, off, off + len), source, destination,
                    clock.nanoTime()));
            return !refuse;
        }
    }

    final class RecordingListener implements HomeRegistrationListener {
        final List<String> events = new ArrayList<>();
        /** onPrimaryHomeAgent, as "primary <ha> <coa>". */
        final List<String> primaries = new ArrayList<>();
        /** onHomeAgentLost, each call's list. */
        final List<List<Ipv6Address>> lost = new ArrayList<>();
        long lastRoundTripNanos = -1;

        @Override
        public void onPrimaryHomeAgent(Ipv6Address ha, Ipv6Address coa) {
            primaries.add("primary " + ha + " " + coa);
        }

        @Override
        public void onHomeAgentLost(List<Ipv6Address> dead) {
            lost.add(dead);
        }

        @Override
        public void onRegistered(Ipv6Address ha, Ipv6Address coa, int lifetimeSeconds, long roundTripNanos) {
            events.add("registered " + ha + " " + coa + " " + lifetimeSeconds);
            lastRoundTripNanos = roundTripNanos;
        }

        @Override
        public void onDeregistered(Ipv6Address ha) {
            events.add("deregistered " + ha);
        }

        @Override
        public void onRegistrationFailed(Ipv6Address ha, int status) {
            events.add("failed " + ha + " " + status);
        }

        @Override
        public void onHomeAgentSilent(Ipv6Address ha) {
            events.add("silent " + ha);
        }
    }

    /** A Binding Update as the list sent it, taken apart. */
    record SentUpdate(Out out, Ipv6Address ipSource, Ipv6Address ipDestination, Ipv6Address homeAddressOption,
                      byte[] mh, int mhOff, int mhLen, MobilityMessage.BindingUpdate bu) {
        Ipv6Address alternateCareOf() {
            for (MobilityOption o : bu.options()) {
                if (o instanceof MobilityOption.AlternateCareOfAddress a) {
                    return a.address();
                }
            }
            return null;
        }

        long timestamp() {
            for (MobilityOption o : bu.options()) {
                if (o instanceof MobilityOption.MobilityMessageReplayProtection r) {
                    return r.timestamp();
                }
            }
            throw new AssertionError("no replay protection option");
        }
    }

    final ManualClock clock = new ManualClock();
    final Timers timers = new Timers("test-timers", clock);
    final FollowingClock wall = new FollowingClock(clock);
    final RecordingOutput out = new RecordingOutput();
    final RecordingListener listener = new RecordingListener();
    final MobileNodeStats stats = new MobileNodeStats();
    final MobileNodeConfig config;
    final BindingUpdateList bul;
    final MnHaKey key;

    HomeRegistrationFixture(String configText, int firstSequence) throws Exception {
        config = MobileNodeConfig.parse("mnd.conf", configText);
        key = config.key().orElse(null);
        RandomGenerator fixed = new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                return firstSequence;
            }
        };
        bul = new BindingUpdateList(config, out, timers, wall, fixed, stats, listener);
    }

    HomeRegistrationFixture() throws Exception {
        this(KEYED, 1000);
    }

    static Attachment away(Ipv6Address coa) {
        return new Attachment("eth0", 2, coa, new Ipv6Prefix(coa, 64), ROUTER, false, 0);
    }

    static Attachment home() {
        return new Attachment("eth0", 2, HOA, Ipv6Prefix.parse("2001:db8:1::/64"), ROUTER, true, 0);
    }

    void advance(Duration d) {
        clock.advance(d);
        timers.runDue();
    }

    void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }

    /** The last thing sent, taken apart as a Binding Update. */
    SentUpdate lastUpdate() {
        return update(out.sent.get(out.sent.size() - 1));
    }

    static SentUpdate update(Out o) {
        if (o.kind().equals("packet")) {
            Ipv6Packet p = new Ipv6Packet();
            if (p.parse(o.bytes(), 0, o.bytes().length) != null) {
                throw new AssertionError("the BU packet does not parse");
            }
            if (p.upperLayerProtocol() != IpProtocol.MOBILITY) {
                throw new AssertionError("not a Mobility Header");
            }
            int off = p.upperLayerOffset();
            int len = p.upperLayerLength();
            return new SentUpdate(o, p.source(), p.destination(),
                    p.hasHomeAddressOption() ? p.homeAddress() : null, o.bytes(), off, len, decodeBu(o.bytes(), off, len));
        }
        return new SentUpdate(o, o.source(), o.destination(), null, o.bytes(), 0, o.bytes().length,
                decodeBu(o.bytes(), 0, o.bytes().length));
    }

    private static MobilityMessage.BindingUpdate decodeBu(byte[] b, int off, int len) {
        var d = MobilityHeaderCodec.decode(b, off, len, EXT);
        if (d instanceof org.roam6.wire.Decoded.Ok<MobilityMessage> ok
                && ok.value() instanceof MobilityMessage.BindingUpdate bu) {
            return bu;
        }
        throw new AssertionError("not a valid Binding Update: " + d);
    }

    /**
     * The Mobility Header of a BA as had writes it: with a key, the replay protection option with
     * {@code timestamp} and the authenticator over {@code coa}, HOA and the MH up to the SPI.
     */
    byte[] ackHeader(int status, int seq, int lifetimeUnits, long timestamp, Ipv6Address coa, byte[] secret,
                     List<MobilityOption> more) {
        List<MobilityOption> options = new ArrayList<>(more);
        if (secret == null) {
            return MobilityHeaderCodec.encode(new MobilityMessage.BindingAcknowledgement(status, 0, seq, lifetimeUnits,
                    options), EXT);
        }
        options.add(new MobilityOption.MobilityMessageReplayProtection(timestamp));
        options.add(new MobilityOption.MobilityMessageAuthentication(MnHaAuthentication.SUBTYPE_MN_HA, SPI,
                new byte[MnHaAuthentication.AUTHENTICATOR_LENGTH]));
        byte[] mh = MobilityHeaderCodec.encode(new MobilityMessage.BindingAcknowledgement(status, 0, seq, lifetimeUnits,
                options), EXT);
        MobilityHeaderCodec.AuthenticatorLocation at = MobilityHeaderCodec.mobilityMessageAuthentication(mh, 0,
                mh.length, MnHaAuthentication.SUBTYPE_MN_HA, EXT);
        MnHaAuthentication.authenticator(key.algorithm(), secret, coa, HOA, mh, 0, at.coveredLength(), mh,
                at.authenticatorOffset());
        return mh;
    }

    /** Feeds a BA answering the last BU sent, as the home agent would (same seq, timestamp, key). */
    void acknowledge(int status, int lifetimeUnits, MobilityOption... more) {
        SentUpdate u = lastUpdate();
        deliver(ackHeader(status, u.bu().sequence(), lifetimeUnits, key == null ? 0 : u.timestamp(),
                u.ipSource(), key == null ? null : SECRET, List.of(more)), HA);
    }

    /** Feeds a BA from {@code ha} answering the last BU sent to it (same seq, timestamp, key). */
    void acknowledgeFrom(Ipv6Address ha, int status, int lifetimeUnits) {
        SentUpdate u = lastUpdateTo(ha);
        deliver(ackHeader(status, u.bu().sequence(), lifetimeUnits, key == null ? 0 : u.timestamp(),
                u.ipSource(), key == null ? null : SECRET, List.of()), ha);
    }

    /** The last Binding Update sent to {@code ha}. */
    SentUpdate lastUpdateTo(Ipv6Address ha) {
        for (int i = out.sent.size() - 1; i >= 0; i--) {
            if (out.sent.get(i).destination().equals(ha)) {
                return update(out.sent.get(i));
            }
        }
        throw new AssertionError("nothing sent to " + ha);
    }

    /** How many messages went to {@code ha}. */
    long sentTo(Ipv6Address ha) {
        return out.sent.stream().filter(o -> o.destination().equals(ha)).count();
    }

    void deliver(byte[] mh, Ipv6Address from) {
        var d = MobilityHeaderCodec.decode(mh, 0, mh.length, EXT);
        MobilityMessage.BindingAcknowledgement ba = (MobilityMessage.BindingAcknowledgement)
                ((org.roam6.wire.Decoded.Ok<MobilityMessage>) d).value();
        bul.onBindingAck(ba, mh, 0, mh.length, from);
    }

    static int flagsOf(MobilityMessage.BindingUpdate bu) {
        return bu.flags();
    }

    static final int BA_LENGTH = BindingAcknowledgement.LENGTH_WITHOUT_OPTIONS;
}
