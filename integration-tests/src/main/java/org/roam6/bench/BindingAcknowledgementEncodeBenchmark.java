package org.roam6.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.RoutingHeaderType2;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingAcknowledgement;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;

/**
 * A home agent's answer to a home registration (RFC 6275 10.3.1, 6.1.8): a Binding
 * Acknowledgement from the home agent to the care-of address with a Type 2 routing header
 * carrying the home address (RFC 6275 6.4), its checksum over the home agent's address and the
 * home address (the final destination), written into one reusable buffer of 80 octets
 * (40 IPv6 + 24 routing header + 16 BA).
 *
 * <ul>
 *   <li>{@link #flyweightWriters}: the static writers, the allocation-free path;
 *   <li>{@link #builderWithFlyweightMessage}: the BA written by the flyweight into a scratch
 *       buffer, the packet around it by a reused {@link Ipv6PacketBuilder} (which copies the
 *       payload and fills the checksum);
 *   <li>{@link #valueLayer}: a {@link MobilityMessage.BindingAcknowledgement} record encoded by
 *       {@link MobilityHeaderCodec#encode}, then the same builder.
 * </ul>
 * Each invocation answers the next sequence number, so no two packets are the same.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class BindingAcknowledgementEncodeBenchmark {
    private static final int HOP_LIMIT = 64;
    private static final int PACKET_LENGTH = Ipv6Header.LENGTH + RoutingHeaderType2.LENGTH
            + BindingAcknowledgement.LENGTH_WITHOUT_OPTIONS;

    private final MobilityExtensions ext = WireFixtures.EXT;
    private final Ipv6Address homeAgent = WireFixtures.HOME_AGENT;
    private final Ipv6Address careOfAddress = WireFixtures.CARE_OF_ADDRESS;
    private final Ipv6Address homeAddress = WireFixtures.HOME_ADDRESS;
    private final int lifetime = WireFixtures.BU_LIFETIME;
    private final byte[] out = new byte[2048];
    private final byte[] mhScratch = new byte[256];
    private final Ipv6PacketBuilder builder = new Ipv6PacketBuilder();
    private int sequence;

    @Setup
    public void checkEncodersAgree() {
        // all three paths must write the same valid packet, or the comparison is meaningless
        sequence = WireFixtures.BU_SEQUENCE;
        int n = flyweightWriters();
        byte[] a = java.util.Arrays.copyOf(out, n);
        sequence = WireFixtures.BU_SEQUENCE;
        byte[] b = java.util.Arrays.copyOf(out, builderWithFlyweightMessage());
        sequence = WireFixtures.BU_SEQUENCE;
        byte[] c = java.util.Arrays.copyOf(out, valueLayer());
        if (n != PACKET_LENGTH || !java.util.Arrays.equals(a, b) || !java.util.Arrays.equals(a, c)) {
            throw new IllegalStateException("the BA encoders disagree");
        }
        Ipv6Packet p = new Ipv6Packet();
        if (p.parse(a, 0, n) != null || p.upperLayerProtocol() != IpProtocol.MOBILITY
                || !p.hasRoutingHeaderType2() || !p.upperLayerChecksumValid()) {
            throw new IllegalStateException("the BA packet does not parse with a valid checksum");
        }
        sequence = 0;
    }

    private int nextSequence() {
        int s = sequence;
        sequence = (s + 1) & 0xffff;
        return s;
    }

    /** Returns the packet length; the packet is in {@code out}, which the state keeps alive. */
    @Benchmark
    public int flyweightWriters() {
        byte[] b = out;
        int rh = Ipv6Header.LENGTH;
        int mh = rh + RoutingHeaderType2.write(b, rh, IpProtocol.MOBILITY, homeAddress);
        int mhLength = BindingAcknowledgement.writeWithoutOptions(b, mh, BindingAckStatus.ACCEPTED, 0,
                nextSequence(), lifetime);
        Ipv6Header.write(b, 0, RoutingHeaderType2.LENGTH + mhLength, IpProtocol.ROUTING, HOP_LIMIT,
                homeAgent, careOfAddress);
        MobilityHeaderCodec.fillChecksum(b, mh, mhLength, homeAgent, homeAddress);
        return mh + mhLength;
    }

    @Benchmark
    public int builderWithFlyweightMessage() {
        int n = BindingAcknowledgement.writeWithoutOptions(mhScratch, 0, BindingAckStatus.ACCEPTED, 0,
                nextSequence(), lifetime);
        return builder.source(homeAgent)
                .destination(careOfAddress)
                .hopLimit(HOP_LIMIT)
                .routingHeaderType2(homeAddress)
                .payload(IpProtocol.MOBILITY, mhScratch, 0, n)
                .build(out, 0);
    }

    @Benchmark
    public int valueLayer() {
        int n = MobilityHeaderCodec.encode(new MobilityMessage.BindingAcknowledgement(BindingAckStatus.ACCEPTED, 0,
                nextSequence(), lifetime, List.of()), mhScratch, 0, ext);
        return builder.source(homeAgent)
                .destination(careOfAddress)
                .hopLimit(HOP_LIMIT)
                .routingHeaderType2(homeAddress)
                .payload(IpProtocol.MOBILITY, mhScratch, 0, n)
                .build(out, 0);
    }
}
