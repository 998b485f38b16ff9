package org.roam6.mnd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.roam6.wire.Ipv6Address;

/** A {@link SignallingOutput} that records what is sent, for the protocol tests. */
final class RecordingSignallingOutput implements SignallingOutput {
    enum Kind { PACKET, MOBILITY_HEADER, ICMPV6 }

    /** One message as sent; {@code source} is null for whole packets (it is in the bytes). */
    record Sent(Kind kind, byte[] bytes, Ipv6Address source, Ipv6Address destination, int interfaceIndex) {}

    private final List<Sent> sent = new ArrayList<>();
    private boolean refuse;

    /** Makes every later send report failure (and still records it). */
    void refuse(boolean r) {
        this.refuse = r;
    }

    @Override
    public synchronized boolean sendPacket(byte[] packet, int off, int len, Ipv6Address destination) {
        sent.add(new Sent(Kind.PACKET, Arrays.copyOfRange(packet, off, off + len), null, destination, 0));
        return !refuse;
    }

    @Override
    public synchronized boolean sendMobilityHeader(byte[] mh, int off, int len, Ipv6Address source, Ipv6Address destination) {
        sent.add(new Sent(Kind.MOBILITY_HEADER, Arrays.copyOfRange(mh, off, off + len), source, destination, 0));
        return !refuse;
    }

    @Override
    public synchronized boolean sendIcmpv6(byte[] message, int off, int len, Ipv6Address source, Ipv6Address destination,
                                           int interfaceIndex) {
        sent.add(new Sent(Kind.ICMPV6, Arrays.copyOfRange(message, off, off + len), source, destination, interfaceIndex));
        return !refuse;
    }

    synchronized List<Sent> all() {
        return List.copyOf(sent);
    }

    /** Everything sent so far, and forgets it. */
    synchronized List<Sent> take() {
        List<Sent> out = List.copyOf(sent);
        sent.clear();
        return out;
    }
}
