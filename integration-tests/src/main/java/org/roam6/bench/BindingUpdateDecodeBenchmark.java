package org.roam6.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.roam6.wire.Decoded;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.WireError;
import org.roam6.wire.mh.BindingUpdate;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityHeader;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.roam6.wire.mh.MobilityOption;
import org.roam6.wire.mh.MobilityOptionType;
import org.roam6.wire.mh.MobilityOptions;

/**
 * A home agent's receive path for a home Binding Update (RFC 6275 9.2, 10.3.1) from the whole
 * IPv6 packet: walk the header chain to the Mobility Header (picking up the Home Address
 * option), validate the header and its options, read Sequence #, flags and Lifetime, and read
 * the Alternate Care-of Address and the Multiple Home Agents addresses.
 *
 * <p>{@link #flyweight} is the hot path and must allocate nothing; {@link #valueLayer} does the
 * same through {@link MobilityHeaderCodec#decode} and its records for comparison;
 * {@link #flyweightWithChecksum} adds the checksum check over the pseudo-header (home address as
 * source), which a receiver does before anything else.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class BindingUpdateDecodeBenchmark {
    private final MobilityExtensions ext = WireFixtures.EXT;
    private final Ipv6Packet walker = new Ipv6Packet();
    private final MobilityHeader mh = new MobilityHeader();
    private final BindingUpdate bu = new BindingUpdate();
    private final MobilityOptions options = new MobilityOptions();
    private byte[] packet;

    @Setup
    public void buildPacket() {
        packet = WireFixtures.homeBindingUpdatePacket();
        // the fixture must take the path measured, not an error path
        if (walker.parse(packet, 0, packet.length) != null || !walker.hasHomeAddressOption()
                || walker.upperLayerProtocol() != IpProtocol.MOBILITY || !walker.upperLayerChecksumValid()) {
            throw new IllegalStateException("fixture is not a valid BU packet with a Home Address option");
        }
        Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(packet, walker.upperLayerOffset(),
                walker.upperLayerLength(), ext);
        if (!(d instanceof Decoded.Ok<MobilityMessage> ok) || !ok.value().equals(WireFixtures.homeBindingUpdate())) {
            throw new IllegalStateException("fixture does not decode to the BU it was built from: " + d);
        }
    }

    @Benchmark
    public void flyweight(Blackhole bh) {
        readBindingUpdate(bh, false);
    }

    @Benchmark
    public void flyweightWithChecksum(Blackhole bh) {
        readBindingUpdate(bh, true);
    }

    private void readBindingUpdate(Blackhole bh, boolean checkChecksum) {
        byte[] b = packet;
        WireError e = walker.parse(b, 0, b.length);
        if (e != null || walker.upperLayerProtocol() != IpProtocol.MOBILITY) {
            throw new IllegalStateException("not a Mobility Header packet: " + e);
        }
        if (checkChecksum && !walker.upperLayerChecksumValid()) {
            throw new IllegalStateException("bad Mobility Header checksum");
        }
        bh.consume(walker.homeAddressHi()); // from the Home Address option
        bh.consume(walker.homeAddressLo());
        e = mh.wrap(b, walker.upperLayerOffset(), walker.upperLayerLength()).validate(ext);
        if (e != null || mh.mhType() != MhType.BINDING_UPDATE) {
            throw new IllegalStateException("not a valid Binding Update: " + e);
        }
        bu.wrap(b, mh.offset());
        bh.consume(bu.sequence());
        bh.consume(bu.flags());
        bh.consume(bu.multipleHomeAgents(ext));
        bh.consume(bu.lifetimeUnits());
        mh.options(options);
        while (options.next()) {
            int type = MobilityOptionType.canonical(options.type(), ext);
            if (type == MobilityOptionType.ALTERNATE_CARE_OF_ADDRESS) {
                bh.consume(options.alternateCareOfAddressHi());
                bh.consume(options.alternateCareOfAddressLo());
            } else if (type == MobilityOptionType.EXPERIMENTAL) { // Multiple Home Agents
                int n = options.homeAgentCount();
                for (int i = 0; i < n; i++) {
                    bh.consume(options.homeAgentHi(i));
                    bh.consume(options.homeAgentLo(i));
                }
            }
        }
    }

    @Benchmark
    public void valueLayer(Blackhole bh) {
        byte[] b = packet;
        WireError e = walker.parse(b, 0, b.length);
        if (e != null || walker.upperLayerProtocol() != IpProtocol.MOBILITY) {
            throw new IllegalStateException("not a Mobility Header packet: " + e);
        }
        bh.consume(walker.homeAddress());
        Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(b, walker.upperLayerOffset(),
                walker.upperLayerLength(), ext);
        if (!(d instanceof Decoded.Ok<MobilityMessage> ok)
                || !(ok.value() instanceof MobilityMessage.BindingUpdate m)) {
            throw new IllegalStateException("not a valid Binding Update: " + d);
        }
        bh.consume(m.sequence());
        bh.consume(m.flags());
        bh.consume(m.multipleHomeAgents(ext));
        bh.consume(m.lifetime());
        for (MobilityOption o : m.options()) {
            if (o instanceof MobilityOption.AlternateCareOfAddress a) {
                bh.consume(a.address());
            } else if (o instanceof MobilityOption.MultipleHomeAgents h) {
                for (Ipv6Address ha : h.homeAgents()) {
                    bh.consume(ha);
                }
            }
        }
    }
}
