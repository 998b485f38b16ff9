package org.roam6.mnd;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.roam6.net.NetException;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.ReceiveLoop;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.MobilePrefixAdvertisement;
import org.roam6.wire.icmp.ParameterProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mobile node's one ICMPv6 receiver for its signalling: Home Agent Address Discovery
 * Replies (type 145, RFC 6275 6.6, 11.4.1), Mobile Prefix Advertisements (147, RFC 6275 6.8,
 * 11.4.3) and Parameter Problems (4, RFC 4443 3.4; code 1 tells the mobile node that a
 * correspondent does not know the Mobility Header, RFC 6275 11.3.5), and roam6's Home Agent
 * Unreachable (the multi-HA paper, type {@link MobilityExtensions#haUnreachableIcmpType()}, 154
 * by default).
 *
 * <p>It owns a raw ICMPv6 socket whose {@code ICMP6_FILTER} passes only those types (the kernel
 * has verified the checksum of everything a raw ICMPv6 socket returns), and one receiving thread
 * ({@link ReceiveLoop}). Each message is decoded once ({@link Icmpv6Codec}) and handed to the
 * {@link Handler} registered for its type, with the source and the destination the socket
 * reported ({@code IPV6_PKTINFO}; null when missing). A message that does not decode is
 * counted and dropped; one of a type without a handler is counted. Nothing a peer sends makes
 * this class throw.
 *
 * <p>Messages that reach the home address while away (a Mobile Prefix Advertisement with a Type
 * 2 routing header, a Parameter Problem to a Home Test Init that came back through the home
 * agent) arrive here because the data path writes them into the mobile node's TUN as plain
 * packets to the home address.
 */
public final class MobileNodeIcmp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MobileNodeIcmp.class);

    /** The RFC ICMPv6 types the socket passes ({@link #types} adds Home Agent Unreachable's). */
    public static final int[] TYPES = {ParameterProblem.TYPE, DhaadReply.TYPE, MobilePrefixAdvertisement.TYPE};
    private static final long RECEIVE_TIMEOUT_MILLIS = 500;
    private static final int BUFFER = 65_535;

    /** Takes one decoded message; called on the receiving thread. */
    @FunctionalInterface
    public interface Handler {
        void onMessage(Icmpv6Message message, Ipv6Address source, Ipv6Address destination);
    }

    private final PacketSocket socket;
    private final MobilityExtensions extensions;
    private final Map<Integer, Handler> handlers = new ConcurrentHashMap<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder unhandled = new LongAdder();
    private volatile boolean closed;
    private Thread receiver;

    /**
     * @param icmpSocket an ICMPv6 socket (passing at least {@link #types}) reporting destinations
     * @param extensions the configured Mobile IPv6 extensions (for decoding)
     */
    public MobileNodeIcmp(PacketSocket icmpSocket, MobilityExtensions extensions) {
        this.socket = Objects.requireNonNull(icmpSocket, "icmpSocket");
        this.extensions = Objects.requireNonNull(extensions, "extensions");
    }

    /** The types the socket passes: {@link #TYPES} and the configured Home Agent Unreachable type. */
    public static int[] types(MobilityExtensions extensions) {
        int[] t = Arrays.copyOf(TYPES, TYPES.length + 1);
        t[TYPES.length] = extensions.haUnreachableIcmpType();
        return t;
    }

    /** The real one: a raw ICMPv6 socket passing {@link #types}. */
    public static MobileNodeIcmp open(MobilityExtensions extensions) throws NetException {
        return new MobileNodeIcmp(RawIpv6Socket.open(PacketSocketConfig.icmpv6(types(extensions))), extensions);
    }

    /** Sends messages of ICMPv6 {@code type} to {@code handler} (replacing an earlier one). */
    public void register(int type, Handler handler) {
        if (type < 0 || type > 255) {
            throw new IllegalArgumentException("ICMPv6 type " + type);
        }
        handlers.put(type, Objects.requireNonNull(handler, "handler"));
    }

    /** Starts the receiving thread. */
    public synchronized void start() {
        if (receiver != null || closed) {
            return;
        }
        receiver = new ReceiveLoop("mnd-icmp", socket, BUFFER, RECEIVE_TIMEOUT_MILLIS)
                .pauseAfterFailure(RECEIVE_TIMEOUT_MILLIS).receiving("ICMPv6 messages")
                .start(() -> !closed, (buf, off, len, info) ->
                        dispatch(buf, off, len, info.source(), info.hasDestination() ? info.destination() : null));
    }

    /**
     * Decodes the ICMPv6 message {@code b[off, off+len)} from {@code source} to
     * {@code destination} (null if unknown) and hands it to the handler of its type. Never
     * throws for bad bytes.
     */
    public void dispatch(byte[] b, int off, int len, Ipv6Address source, Ipv6Address destination) {
        received.increment();
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, off, len, extensions);
        if (d instanceof Decoded.Err<Icmpv6Message> e) {
            malformed.increment();
            LOG.debug("ICMPv6 message from {} dropped: {}", source, e.error());
            return;
        }
        Icmpv6Message m = d.value();
        Handler h = len > 0 ? handlers.get(b[off] & 0xff) : null;
        if (h == null) {
            unhandled.increment();
            return;
        }
        h.onMessage(m, source, destination);
    }

    public long received() {
        return received.sum();
    }

    /** Messages that did not decode. */
    public long malformed() {
        return malformed.sum();
    }

    /** Messages of a type nobody registered for. */
    public long unhandled() {
        return unhandled.sum();
    }

    /** The counters for {@code show stats}. */
    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received", received());
        m.put("malformed", malformed());
        m.put("unhandled", unhandled());
        return m;
    }

    /** Closes the socket and waits for the receiving thread to end. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        socket.close();
        Thread t;
        synchronized (this) {
            t = receiver;
        }
        ReceiveLoop.join(t, 2 * RECEIVE_TIMEOUT_MILLIS);
    }
}
