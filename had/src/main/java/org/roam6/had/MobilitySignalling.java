package org.roam6.had;

import java.util.ArrayList;
import java.util.List;
import org.roam6.binding.BindingView;
import org.roam6.net.NetException;
import org.roam6.net.NetworkControl;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.ReceiveLoop;
import org.roam6.net.SendOptions;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.DestinationOptions;
import org.roam6.wire.HomeAddressOption;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.WireError;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.ParameterProblem;
import org.roam6.wire.mh.BindingAckStatus;
import org.roam6.wire.mh.BindingErrorStatus;
import org.roam6.wire.mh.MhType;
import org.roam6.wire.mh.MobilityHeader;
import org.roam6.wire.mh.MobilityHeaderCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home agent's Mobility Header I/O (RFC 6275 9.2, 9.3, 10.3) on a kernel without Mobile
 * IPv6 (common-wire/docs/net.md):
 * <ul>
 *   <li>Mobility Headers without extension headers arrive on a protocol-135 socket; the kernel
 *       has checked their checksum (IPV6_CHECKSUM 4).
 *   <li>Binding Updates behind a Home Address option never reach that socket: the kernel drops
 *       them (and would send a Parameter Problem, which {@link NetworkControl#dropKernelParameterProblems}
 *       silences). A protocol-60 socket gets a copy from the Destination Options header on; the
 *       addresses come from {@link PacketInfo}, the header chain is walked here, and the MH
 *       checksum is verified here with the home address as pseudo-source (RFC 6275 6.1.1).
 *       Any other packet with a Home Address option and no binding for it is answered with a
 *       Binding Error status 1 (RFC 6275 9.3.1); ICMPv6 from a bound mobile node (a Mobile
 *       Prefix Solicitation) goes to the {@link #icmpv6BehindHomeAddress} handler.
 *   <li>Answers (BA with a Type 2 routing header, Binding Error, Parameter Problem) are whole
 *       packets sent on a header-included socket marked {@link NetworkControl#OWN_PACKET_MARK};
 *       {@link BindingRefresh} sends its Binding Refresh Requests there too ({@link #sendPacket}).
 * </ul>
 * Faults get RFC 6275 9.2's answers: a bad checksum or length is dropped silently, an unknown MH
 * Type gets a Binding Error status 2, a bad Payload Proto or too short Header Len an ICMPv6
 * Parameter Problem code 0 pointing at the field. Binding Errors, Parameter Problems and BAs
 * refusing a BU go through one {@link RateLimiter}. Nothing a peer sends makes these methods
 * throw.
 */
public final class MobilitySignalling implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MobilitySignalling.class);
    private static final int RECEIVE_TIMEOUT_MILLIS = 250;
    private static final int BUFFER = 65_535 + Ipv6Header.LENGTH;

    private final PacketSocket mobility;
    private final PacketSocket destinationOptions;
    private final PacketSocket sender;
    private final HomeRegistration registration;
    private final HomeAgentStats stats;
    private final RateLimiter errors;
    private final MobilityExtensions ext;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile HomeAddressIcmpv6 icmpv6;

    /**
     * Takes an ICMPv6 message that a bound mobile node sent behind a Home Address option (a
     * Mobile Prefix Solicitation, RFC 6275 11.4.3), exactly as the protocol-60 socket returned it:
     * {@code b[off, off+len)} from the Destination Options header on, with the outer source (the
     * care-of address) and destination. {@link MobilePrefixResponder#onDestinationOptionsCopy} is one.
     */
    @FunctionalInterface
    public interface HomeAddressIcmpv6 {
        void onDestinationOptionsCopy(byte[] b, int off, int len, Ipv6Address source, Ipv6Address destination);
    }

    /**
     * @param mobility a protocol-135 socket with the kernel checksum at 4 (may be null: not read)
     * @param destinationOptions a protocol-60 socket with packet info (may be null: not read)
     * @param sender a header-included socket marked {@link NetworkControl#OWN_PACKET_MARK}
     * @param registration decides on Binding Updates
     * @param stats counts what happens
     * @param errors limits answers to untrusted input (BE, Parameter Problem, refusing BAs)
     */
    public MobilitySignalling(PacketSocket mobility, PacketSocket destinationOptions, PacketSocket sender,
                              HomeRegistration registration, HomeAgentStats stats, RateLimiter errors) {
        this.mobility = mobility;
        this.destinationOptions = destinationOptions;
        this.sender = sender;
        this.registration = registration;
        this.stats = stats;
        this.errors = errors;
        this.ext = registration.extensions();
    }

    /** Opens the three raw sockets (needs CAP_NET_RAW) in the calling thread's network namespace. */
    public static MobilitySignalling open(HomeRegistration registration, HomeAgentStats stats, RateLimiter errors)
            throws NetException {
        RawIpv6Socket mh = RawIpv6Socket.open(PacketSocketConfig.mobilityHeader());
        RawIpv6Socket dst = null;
        try {
            dst = RawIpv6Socket.open(PacketSocketConfig.of(IpProtocol.DESTINATION_OPTIONS));
            RawIpv6Socket out = RawIpv6Socket.open(PacketSocketConfig.headerIncluded()
                    .withMark(NetworkControl.OWN_PACKET_MARK));
            return new MobilitySignalling(mh, dst, out, registration, stats, errors);
        } catch (NetException | RuntimeException e) {
            mh.close();
            if (dst != null) {
                dst.close();
            }
            throw e;
        }
    }

    /**
     * Hands ICMPv6 messages behind a Home Address option of a bound mobile node (care-of address
     * = the packet's source) to {@code handler} instead of dropping them; without a binding they
     * still get Binding Error status 1 (RFC 6275 9.3.1). Null stops handing them over.
     */
    public MobilitySignalling icmpv6BehindHomeAddress(HomeAddressIcmpv6 handler) {
        this.icmpv6 = handler;
        return this;
    }

    /** Starts one receiving thread per socket (they inherit the caller's network namespace). */
    public synchronized void start() {
        running = true;
        if (mobility != null) {
            threads.add(receiver("had-mh", mobility).newThread(() -> running, this::onMobilityHeader));
        }
        if (destinationOptions != null) {
            threads.add(receiver("had-dstopts", destinationOptions).newThread(() -> running, this::onDestinationOptions));
        }
        threads.forEach(Thread::start);
    }

    private static ReceiveLoop receiver(String name, PacketSocket socket) {
        return new ReceiveLoop(name, socket, BUFFER, RECEIVE_TIMEOUT_MILLIS);
    }

    /** A Mobility Header from the protocol-135 socket (no extension headers, checksum checked by the kernel). */
    public void onMobilityHeader(byte[] buf, int off, int len, PacketInfo info) {
        try {
            if (!info.hasDestination() || info.truncated()) {
                stats.drop(HomeAgentStats.Drop.INCOMPLETE);
                return;
            }
            mobilityHeader(buf, off, len, off, IpProtocol.MOBILITY, info, null);
        } catch (RuntimeException e) {
            internalError(e);
        }
    }

    /**
     * A copy from the protocol-60 socket: a packet from its Destination Options header on, the
     * addresses in {@code info}.
     */
    public void onDestinationOptions(byte[] buf, int off, int len, PacketInfo info) {
        try {
            if (!info.hasDestination() || info.truncated()) {
                stats.drop(HomeAgentStats.Drop.INCOMPLETE);
                return;
            }
            DestinationOptions d = new DestinationOptions().wrap(buf, off, len);
            WireError e = d.validate(info.destination().isMulticast());
            if (e != null) {
                if (e.answer() == WireError.Answer.PARAMETER_PROBLEM_OPTION
                        || e.answer() == WireError.Answer.PARAMETER_PROBLEM_FIELD) {
                    parameterProblem(e, buf, off, len, IpProtocol.DESTINATION_OPTIONS, info);
                } else {
                    stats.drop(HomeAgentStats.Drop.MALFORMED);
                }
                return;
            }
            int hao = d.homeAddressOptionOffset();
            if (hao < 0) {
                return; // nothing Mobile IPv6 about it: the kernel delivers it
            }
            Ipv6Address hoa = new HomeAddressOption().wrap(buf, hao).homeAddress();
            int mhOff = d.end();
            if (d.nextHeader() == IpProtocol.MOBILITY) {
                mobilityHeader(buf, mhOff, off + len - mhOff, off, IpProtocol.DESTINATION_OPTIONS, info, hoa);
                return;
            }
            // RFC 6275 9.3.1: a Home Address option needs a binding with the source as care-of address
            if (registration.hasBinding(hoa, info.source(), new BindingView())) {
                HomeAddressIcmpv6 h = icmpv6;
                if (d.nextHeader() == IpProtocol.ICMPV6 && h != null) {
                    h.onDestinationOptionsCopy(buf, off, len, info.source(), info.destination());
                    return;
                }
                stats.drop(HomeAgentStats.Drop.HOME_ADDRESS_OPTION_DATA);
            } else {
                bindingError(info, BindingErrorStatus.UNKNOWN_BINDING_FOR_HOME_ADDRESS_OPTION, hoa);
            }
        } catch (RuntimeException e) {
            internalError(e);
        }
    }

    /**
     * @param mhOff where the Mobility Header starts
     * @param copyOff where what the socket gave starts (the MH itself, or the Destination Options header)
     * @param firstHeader the Next Header of the IPv6 header that carried the copy
     * @param hoa the Home Address option's address, or null
     */
    private void mobilityHeader(byte[] buf, int mhOff, int mhLen, int copyOff, int firstHeader, PacketInfo info,
                                Ipv6Address hoa) {
        Ipv6Address source = info.source();
        Ipv6Address destination = info.destination();
        MobilityHeader mh = new MobilityHeader().wrap(buf, mhOff, mhLen);
        int copyLen = mhOff + mhLen - copyOff;
        if (mhLen < MobilityHeader.MIN_LENGTH || mh.length() > mhLen) {
            stats.drop(HomeAgentStats.Drop.MALFORMED);
            return;
        }
        // RFC 6275 9.2: the checksum first; the kernel checked it on the protocol-135 socket
        if (hoa != null && !MobilityHeaderCodec.verifyChecksum(buf, mhOff, mh.length(), hoa, destination)) {
            stats.drop(HomeAgentStats.Drop.BAD_CHECKSUM);
            return;
        }
        WireError e = mh.validate(ext);
        if (e != null) {
            switch (e.answer()) {
                case BINDING_ERROR_UNRECOGNIZED_MH_TYPE -> bindingError(info, BindingErrorStatus.UNRECOGNIZED_MH_TYPE, hoa);
                case PARAMETER_PROBLEM_FIELD, PARAMETER_PROBLEM_OPTION ->
                        parameterProblem(e, buf, copyOff, copyLen, firstHeader, info);
                default -> stats.drop(HomeAgentStats.Drop.MALFORMED);
            }
            return;
        }
        if (mh.mhType() != MhType.BINDING_UPDATE) {
            stats.drop(HomeAgentStats.Drop.UNEXPECTED_MESSAGE);
            return;
        }
        HomeRegistration.Decision d = registration.handle(buf, mhOff, mh.length(), source, destination, hoa);
        if (d.change() == HomeRegistration.Change.DISCARDED) {
            LOG.debug("BU from {} discarded: {}", source, d.reason());
            stats.drop(HomeAgentStats.Drop.DISCARDED);
            return;
        }
        stats.bindingUpdate(d.status());
        if (d.status() >= BindingAckStatus.REASON_UNSPECIFIED) {
            LOG.info("BU from {} for {} refused with {} ({}): {}", source, d.homeAddress(), d.status(),
                    BindingAckStatus.name(d.status()), d.reason());
        } else {
            LOG.debug("BU from {} for {}: {}, care-of {}, {} s", source, d.homeAddress(), d.reason(),
                    d.careOfAddress(), d.lifetimeSeconds());
        }
        HomeRegistration.BindingAck ack = d.ack();
        if (ack == null) {
            return;
        }
        if (ack.status() >= BindingAckStatus.REASON_UNSPECIFIED && !errors.tryAcquire()) {
            stats.drop(HomeAgentStats.Drop.RATE_LIMITED);
            return;
        }
        byte[] out = new byte[2048];
        int n = ack.write(out, 0, ext);
        if (send(out, n, ack.destination())) {
            stats.bindingAckSent(ack.status());
        }
    }

    private void bindingError(PacketInfo info, int status, Ipv6Address hoa) {
        if (!errors.tryAcquire()) {
            stats.drop(HomeAgentStats.Drop.RATE_LIMITED);
            return;
        }
        Ipv6Address to = info.source();
        if (!HomeRegistration.isUnicastRoutable(to)) {
            stats.drop(HomeAgentStats.Drop.MALFORMED);
            return;
        }
        byte[] out = new byte[128];
        int n = HomeRegistration.writeBindingError(info.destination(), to, status, hoa, out, 0);
        if (send(out, n, to)) {
            stats.bindingErrorSent(status);
        }
    }

    /**
     * An ICMPv6 Parameter Problem about the packet whose bytes after the IPv6 header are
     * {@code buf[copyOff, copyOff+copyLen)}; the IPv6 header is rebuilt from {@code info}.
     */
    private void parameterProblem(WireError e, byte[] buf, int copyOff, int copyLen, int firstHeader, PacketInfo info) {
        Ipv6Address to = info.source();
        if (!HomeRegistration.isUnicastRoutable(to) || info.destination().isMulticast()) {
            stats.drop(HomeAgentStats.Drop.MALFORMED); // RFC 4443 2.4 (e)
            return;
        }
        if (!errors.tryAcquire()) {
            stats.drop(HomeAgentStats.Drop.RATE_LIMITED);
            return;
        }
        int invokingLen = Math.min(Ipv6Header.LENGTH + copyLen, Ipv6Header.LENGTH + 0xffff);
        byte[] invoking = new byte[invokingLen];
        Ipv6Header.write(invoking, 0, copyLen, firstHeader, info.hopLimit() >= 0 ? info.hopLimit() : 64, to,
                info.destination());
        System.arraycopy(buf, copyOff, invoking, Ipv6Header.LENGTH, invokingLen - Ipv6Header.LENGTH);
        WireError at = new WireError(e.field(), Ipv6Header.LENGTH + e.offset() - copyOff, e.reason(), e.detail(),
                e.answer());
        ParameterProblem pp = ParameterProblem.answering(at, invoking, 0, invokingLen);
        if (pp == null) {
            stats.drop(HomeAgentStats.Drop.MALFORMED);
            return;
        }
        byte[] icmp = Icmpv6Codec.encode(pp, ext);
        byte[] packet = new Ipv6PacketBuilder().source(info.destination()).destination(to).hopLimit(255)
                .payload(IpProtocol.ICMPV6, icmp).build();
        if (send(packet, packet.length, to)) {
            stats.parameterProblemSent();
        }
    }

    /**
     * Sends a whole IPv6 packet {@code packet[0, len)} that the home agent itself initiates (a
     * Binding Refresh Request) on the header-included socket the answers use; a failure is
     * logged and counted as {@link HomeAgentStats.Drop#SEND_FAILED}. Returns whether it went out.
     */
    public boolean sendPacket(byte[] packet, int len, Ipv6Address to) {
        return send(packet, len, to);
    }

    private boolean send(byte[] packet, int len, Ipv6Address to) {
        try {
            sender.send(packet, 0, len, to, SendOptions.NONE);
            return true;
        } catch (NetException e) {
            LOG.warn("sending to {} failed: {}", to, e.getMessage());
            stats.drop(HomeAgentStats.Drop.SEND_FAILED);
            return false;
        }
    }

    private void internalError(RuntimeException e) {
        stats.drop(HomeAgentStats.Drop.INTERNAL_ERROR);
        LOG.error("internal error while handling a signalling packet", e);
    }

    /** Stops the receivers and closes the sockets. */
    @Override
    public synchronized void close() {
        running = false;
        if (mobility != null) {
            mobility.close();
        }
        if (destinationOptions != null) {
            destinationOptions.close();
        }
        for (Thread t : threads) {
            ReceiveLoop.join(t, 2000);
        }
        threads.clear();
        sender.close();
    }
}
