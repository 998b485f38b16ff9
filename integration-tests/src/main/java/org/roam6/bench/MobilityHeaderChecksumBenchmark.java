package org.roam6.bench;

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
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.mh.MobilityHeaderCodec;

/**
 * The Mobility Header checksum (RFC 6275 6.1.1) over the 72-octet home Binding Update of
 * {@link WireFixtures#homeBindingUpdate()}, with the home address as pseudo-header source: filling
 * it (sender), verifying it from addresses (receiver that has them), and verifying it through
 * {@link Ipv6Packet#upperLayerChecksumValid()} on the walked packet (receiver from the wire).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class MobilityHeaderChecksumBenchmark {
    private final Ipv6Address homeAddress = WireFixtures.HOME_ADDRESS;
    private final Ipv6Address homeAgent = WireFixtures.HOME_AGENT;
    private final Ipv6Packet walker = new Ipv6Packet();
    private byte[] packet;
    private int mhOffset;
    private int mhLength;

    @Setup
    public void buildPacket() {
        packet = WireFixtures.homeBindingUpdatePacket();
        if (walker.parse(packet, 0, packet.length) != null || walker.upperLayerProtocol() != IpProtocol.MOBILITY) {
            throw new IllegalStateException("fixture is not a Mobility Header packet");
        }
        mhOffset = walker.upperLayerOffset();
        mhLength = walker.upperLayerLength();
        if (!verifyFromAddresses() || !verifyWalkedPacket()) {
            throw new IllegalStateException("fixture checksum does not verify");
        }
    }

    /** Rewrites the checksum in place (the same value each time, so the packet stays valid). */
    @Benchmark
    public byte[] fill() {
        MobilityHeaderCodec.fillChecksum(packet, mhOffset, mhLength, homeAddress, homeAgent);
        return packet;
    }

    @Benchmark
    public boolean verifyFromAddresses() {
        return MobilityHeaderCodec.verifyChecksum(packet, mhOffset, mhLength, homeAddress, homeAgent);
    }

    /** The walk is done once in set-up; this measures only the checksum over the walked packet. */
    @Benchmark
    public boolean verifyWalkedPacket() {
        return walker.upperLayerChecksumValid();
    }
}
