package org.roam6.mnd;

import java.util.Objects;
import org.roam6.net.NetException;
import org.roam6.net.NetworkControl;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.ReceiveLoop;
import org.roam6.net.SendOptions;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.roam6.wire.mh.MobilityMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mobile node's Mobility Header I/O on a kernel without Mobile IPv6 (MND-CONTEXT "How packets
 * move"), and the real {@link SignallingOutput}:
 * <ul>
 *   <li>Receiving: one raw protocol-135 socket with the kernel checksum at offset 4, so only
 *       messages whose checksum verified arrive (Binding Acknowledgements from the home agent
 *       reach it as plain packets home agent -> home address, after the daemon has taken the Type
 *       2 routing header off and written them into its TUN). Each is decoded
 *       ({@link MobilityHeaderCodec}); a malformed one is counted, logged at debug and dropped.
 *       From the home agents in use, BA, BRR and BE go to the {@link BindingUpdateList}; every
 *       other message (HoT, CoT, and anything from a correspondent) to
 *       {@link CorrespondentSignalling}.
 *   <li>Sending: whole packets built by the caller (a BU with a Home Address option, a Mobile
 *       Prefix Solicitation) on a header-included socket; Mobility Headers without a Home Address
 *       option on the protocol-135 socket with a per-packet source, the kernel filling the
 *       checksum; ICMPv6 on a raw ICMPv6 socket that receives nothing (all types blocked). The
 *       sockets that send are marked {@link NetworkControl#OWN_PACKET_MARK}.
 * </ul>
 * Nothing a peer sends makes a method here throw; a send the kernel refuses is logged, counted
 * ({@link MobileNodeStats.Drop#SEND_FAILED}) and answered with false.
 */
public final class MobileNodeSignalling implements SignallingOutput, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MobileNodeSignalling.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 250;
    private static final int BUFFER = 65_535 + Ipv6Header.LENGTH;
    /** Hop limit of ICMPv6 sent out of a given interface: Neighbor Discovery insists on 255 (RFC 4861 7.1.2). */
    static final int LINK_HOP_LIMIT = 255;

    private final PacketSocket mobility;
    private final PacketSocket headerIncluded;
    private final PacketSocket icmpv6;
    private final MobileNodeStats stats;
    private final MobilityExtensions ext;
    private volatile BindingUpdateList homeRegistration;
    private volatile CorrespondentSignalling correspondents = CorrespondentSignalling.NONE;
    private volatile boolean running;
    private Thread receiver;

    /**
     * @param mobility a protocol-135 socket with the kernel checksum at 4 (receives, and sends MH without HAO)
     * @param headerIncluded a header-included (protocol 255) socket
     * @param icmpv6 a raw ICMPv6 socket (for sending)
     * @param stats counts what is dropped
     * @param ext the multi-HA code points
     */
    public MobileNodeSignalling(PacketSocket mobility, PacketSocket headerIncluded, PacketSocket icmpv6,
                                MobileNodeStats stats, MobilityExtensions ext) {
        this.mobility = Objects.requireNonNull(mobility, "mobility");
        this.headerIncluded = Objects.requireNonNull(headerIncluded, "headerIncluded");
        this.icmpv6 = Objects.requireNonNull(icmpv6, "icmpv6");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.ext = Objects.requireNonNull(ext, "ext");
    }

    /** Opens the three raw sockets (needs CAP_NET_RAW) in the calling thread's network namespace. */
    public static MobileNodeSignalling open(MobileNodeStats stats, MobilityExtensions ext) throws NetException {
        RawIpv6Socket mh = RawIpv6Socket.open(PacketSocketConfig.mobilityHeader().withMark(NetworkControl.OWN_PACKET_MARK));
        RawIpv6Socket raw = null;
        try {
            raw = RawIpv6Socket.open(PacketSocketConfig.headerIncluded().withMark(NetworkControl.OWN_PACKET_MARK));
            // every type blocked: this socket only sends
            RawIpv6Socket icmp = RawIpv6Socket.open(PacketSocketConfig.icmpv6()
                    .withMark(NetworkControl.OWN_PACKET_MARK));
            // its multicast (the home address's Neighbor Advertisements) is not for this host
            icmp.multicastLoop(false);
            return new MobileNodeSignalling(mh, raw, icmp, stats, ext);
        } catch (NetException | RuntimeException e) {
            mh.close();
            if (raw != null) {
                raw.close();
            }
            throw e;
        }
    }

    /**
     * Starts the receiving thread (it inherits the caller's network namespace), dispatching to
     * {@code homeRegistration} and {@code correspondents}.
     */
    public synchronized void start(BindingUpdateList homeRegistration, CorrespondentSignalling correspondents) {
        if (receiver != null) {
            throw new IllegalStateException("already started");
        }
        dispatchTo(homeRegistration, correspondents);
        running = true;
        receiver = new ReceiveLoop("mnd-mh", mobility, BUFFER, RECEIVE_TIMEOUT_MILLIS).receiving("Mobility Headers")
                .start(() -> running, this::onMobilityHeader);
    }

    /** Where received messages go ({@link #start} sets it; tests feed {@link #onMobilityHeader} directly). */
    void dispatchTo(BindingUpdateList homeRegistration, CorrespondentSignalling correspondents) {
        this.homeRegistration = Objects.requireNonNull(homeRegistration, "homeRegistration");
        this.correspondents = Objects.requireNonNull(correspondents, "correspondents");
    }

    /**
     * One Mobility Header from the protocol-135 socket ({@code buf[off, off+len)}, checksum
     * verified by the kernel); public for tests that feed packets without a thread.
     */
    public void onMobilityHeader(byte[] buf, int off, int len, PacketInfo info) {
        try {
            if (!info.hasDestination() || info.truncated()) {
                stats.drop(MobileNodeStats.Drop.INCOMPLETE);
                return;
            }
            Ipv6Address source = info.source();
            Decoded<MobilityMessage> d = MobilityHeaderCodec.decode(buf, off, len, ext);
            if (d instanceof Decoded.Err<MobilityMessage> e) {
                LOG.debug("malformed Mobility Header from {}: {}", source, e.error());
                stats.drop(MobileNodeStats.Drop.MALFORMED);
                return;
            }
            MobilityMessage m = ((Decoded.Ok<MobilityMessage>) d).value();
            BindingUpdateList bul = homeRegistration;
            if (bul != null && bul.isHomeAgent(source)) {
                if (m instanceof MobilityMessage.BindingAcknowledgement ba) {
                    bul.onBindingAck(ba, buf, off, len, source);
                    return;
                }
                if (m instanceof MobilityMessage.BindingRefreshRequest) {
                    bul.onBindingRefreshRequest(source);
                    return;
                }
                if (m instanceof MobilityMessage.BindingError be) {
                    bul.onBindingError(be, source);
                    return;
                }
            }
            correspondents.onMobilityMessage(m, source, info.destination());
        } catch (RuntimeException e) {
            stats.drop(MobileNodeStats.Drop.INTERNAL_ERROR);
            LOG.error("internal error while handling a Mobility Header", e);
        }
    }

    @Override
    public boolean sendPacket(byte[] packet, int off, int len, Ipv6Address destination) {
        return send(headerIncluded, packet, off, len, destination, SendOptions.NONE);
    }

    @Override
    public boolean sendMobilityHeader(byte[] mh, int off, int len, Ipv6Address source, Ipv6Address destination) {
        return send(mobility, mh, off, len, destination, SendOptions.NONE.withSource(source));
    }

    /** As the interface says; out of a given interface the hop limit is 255 (Neighbor Discovery needs it). */
    @Override
    public boolean sendIcmpv6(byte[] message, int off, int len, Ipv6Address source, Ipv6Address destination,
                              int interfaceIndex) {
        SendOptions o = SendOptions.NONE.withSource(source);
        if (interfaceIndex != 0) {
            o = o.withInterface(interfaceIndex).withHopLimit(LINK_HOP_LIMIT);
        }
        return send(icmpv6, message, off, len, destination, o);
    }

    private boolean send(PacketSocket socket, byte[] b, int off, int len, Ipv6Address to, SendOptions o) {
        try {
            socket.send(b, off, len, to, o);
            return true;
        } catch (NetException e) {
            LOG.warn("sending to {} failed: {}", to, e.getMessage());
            stats.drop(MobileNodeStats.Drop.SEND_FAILED);
            return false;
        }
    }

    /** Stops the receiver and closes the sockets. */
    @Override
    public synchronized void close() {
        running = false;
        mobility.close();
        ReceiveLoop.join(receiver, 2 * RECEIVE_TIMEOUT_MILLIS + 1000);
        receiver = null;
        headerIncluded.close();
        icmpv6.close();
    }
}
