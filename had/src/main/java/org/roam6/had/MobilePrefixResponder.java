package org.roam6.had;

import java.util.List;
import java.util.Objects;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingView;
import org.roam6.net.NetException;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.ReceiveLoop;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.Decoded;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Packet;
import org.roam6.wire.Ipv6PacketBuilder;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.WireError;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.MobilePrefixAdvertisement;
import org.roam6.wire.icmp.MobilePrefixSolicitation;
import org.roam6.wire.icmp.NdOption;
import org.roam6.wire.icmp.PrefixInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mobile Prefix Discovery, the home agent's side (RFC 6275 10.6, 11.4.3 seen from the home
 * agent): answers a Mobile Prefix Solicitation (ICMPv6 146, RFC 6275 6.7) with a Mobile Prefix
 * Advertisement (147, RFC 6275 6.8) carrying the home prefixes as Prefix Information options.
 *
 * <h2>How solicitations arrive</h2>
 * A mobile node away from home sends the solicitation from its care-of address with a Home
 * Address option (RFC 6275 11.4.3). A kernel without Mobile IPv6 drops such a packet before any
 * ICMPv6 socket sees it (common-wire/docs/net.md); the copy a raw protocol-60 socket gets is the
 * way in. The home agent's Mobility Header receiver already reads that socket, so it hands the
 * ICMPv6 ones here:
 * <ul>
 *   <li>{@link #onDestinationOptionsCopy} takes exactly what a protocol-60 socket returns (from
 *       the Destination Options header on) and the source and destination its
 *       {@link PacketInfo} reported;
 *   <li>{@link #onSolicitation} takes a whole IPv6 packet, IPv6 header first (from a capture, or
 *       rebuilt);
 *   <li>{@link #onPlainSolicitation} takes a bare ICMPv6 message from the responder's own ICMPv6
 *       socket (type 146 only), the path of a solicitation without a Home Address option, e.g.
 *       one reverse-tunnelled from the home address and written into the TUN by the home agent.
 * </ul>
 *
 * <h2>Checks</h2>
 * The packet must be a Mobile Prefix Solicitation with a valid ICMPv6 checksum (pseudo-header
 * source = the home address when a Home Address option is present, RFC 6275 6.3), Code 0 and
 * at least 8 octets; otherwise it is dropped and counted. The home address (from the option, or
 * the source without one) must have an unexpired binding in the {@link BindingCache}, and with a
 * Home Address option the packet's source must be that binding's care-of address (RFC 6275
 * 9.3.1): otherwise the solicitation is ignored and counted (the Binding Error that RFC 6275
 * 9.3.1 asks for a Home Address option without a binding is the Mobility Header receiver's to
 * send). Answers are rate-limited.
 *
 * <h2>The advertisement</h2>
 * From this home agent's address to the binding's care-of address with a Type 2 routing header
 * carrying the home address (RFC 6275 6.4, 10.6.2), built whole by {@link Ipv6PacketBuilder}
 * (checksum over the home agent's address and the home address) and sent on a header-included
 * socket, since the kernel does not send Type 2 routing headers itself. The Identifier is the
 * solicitation's; M and O are clear; the options are the configured home prefixes with their
 * configured lifetimes.
 *
 * <p>Not done here: unsolicited advertisements when the home prefixes change (RFC 6275 10.6.1),
 * as roam6's home prefixes come from the configuration and do not change while it runs; and the
 * IPsec protection RFC 6275 10.6 asks for, which roam6 does not have.
 */
public final class MobilePrefixResponder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MobilePrefixResponder.class);

    /** Hop limit of the advertisements. */
    public static final int HOP_LIMIT = 64;
    /** Valid lifetime of a home prefix when the configuration gives none (radvd's default, 1 day). */
    public static final long DEFAULT_VALID_LIFETIME = 86_400;
    /** Preferred lifetime of a home prefix when the configuration gives none (radvd's default, 4 hours). */
    public static final long DEFAULT_PREFERRED_LIFETIME = 14_400;
    private static final long RECEIVE_TIMEOUT_MILLIS = 500;
    private static final int BUFFER = 65_535 + Ipv6Header.LENGTH;

    /** What one solicitation led to. */
    public enum Outcome { ADVERTISED, MALFORMED, NO_BINDING, CARE_OF_MISMATCH, RATE_LIMITED, SEND_FAILED }

    private final PacketSocket headerIncluded;
    private final PacketSocket icmpSocket;
    private final BindingCache bindings;
    private final Ipv6Address ownAddress;
    private final List<PrefixInformation> prefixes;
    private final RateLimiter limiter;
    private final MonotonicClock clock;
    private final MobilityExtensions extensions = MobilityExtensions.DEFAULT;
    private final Ipv6Packet walker = new Ipv6Packet();
    private final Ipv6PacketBuilder builder = new Ipv6PacketBuilder();
    private final BindingView view = new BindingView();
    private final byte[] rebuilt = new byte[BUFFER];
    private final byte[] message;
    private final byte[] out;
    private volatile boolean closed;
    private Thread receiver;

    private long advertised;
    private long malformed;
    private long noBinding;
    private long careOfMismatch;
    private long rateLimited;
    private long sendFailures;

    /**
     * @param headerIncluded a header-included socket (protocol 255) the advertisements go out on
     * @param icmpSocket     an ICMPv6 socket passing type 146 for {@link #start()}, or null when
     *                       solicitations only arrive through the on* methods
     * @param bindings       the home agent's binding cache
     * @param ownAddress     this home agent's address, the advertisements' source
     * @param homePrefixes   the Prefix Information options to send (see {@link #homePrefix})
     * @param limiter        advertisements allowed
     * @param clock          the clock of the binding cache's expiry times
     */
    public MobilePrefixResponder(PacketSocket headerIncluded, PacketSocket icmpSocket, BindingCache bindings,
                                 Ipv6Address ownAddress, List<PrefixInformation> homePrefixes, RateLimiter limiter,
                                 MonotonicClock clock) {
        this.headerIncluded = Objects.requireNonNull(headerIncluded, "headerIncluded");
        this.icmpSocket = icmpSocket;
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.ownAddress = Objects.requireNonNull(ownAddress, "ownAddress");
        this.prefixes = List.copyOf(homePrefixes);
        if (prefixes.isEmpty()) {
            throw new IllegalArgumentException("no home prefix to advertise");
        }
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.clock = Objects.requireNonNull(clock, "clock");
        int mpaLength = Icmpv6Codec.encodedLength(new MobilePrefixAdvertisement(0, false, false, List.copyOf(prefixes)));
        this.message = new byte[mpaLength];
        this.out = new byte[Ipv6Header.LENGTH + 24 + mpaLength];
    }

    /**
     * The real thing: a header-included socket for the advertisements, an ICMPv6 socket passing
     * type 146 for solicitations without a Home Address option, the system clock, and 10
     * advertisements per second with bursts of 20.
     */
    public static MobilePrefixResponder open(BindingCache bindings, Ipv6Address ownAddress,
                                             List<PrefixInformation> homePrefixes) throws NetException {
        RawIpv6Socket raw = RawIpv6Socket.open(PacketSocketConfig.headerIncluded());
        try {
            RawIpv6Socket icmp = RawIpv6Socket.open(PacketSocketConfig.icmpv6(MobilePrefixSolicitation.TYPE));
            return new MobilePrefixResponder(raw, icmp, bindings, ownAddress, homePrefixes,
                    new RateLimiter(10, 20, MonotonicClock.SYSTEM), MonotonicClock.SYSTEM);
        } catch (NetException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * A home prefix as a Prefix Information option for the advertisement: on-link (L) and
     * autonomous (A) set, as on the home link, R clear (RFC 6275 6.8, RFC 4861 4.6.2).
     */
    public static PrefixInformation homePrefix(Ipv6Prefix prefix, long validLifetime, long preferredLifetime) {
        if (preferredLifetime > validLifetime) {
            throw new IllegalArgumentException("preferred lifetime " + preferredLifetime + " exceeds valid lifetime " + validLifetime);
        }
        return new PrefixInformation(prefix.length(), true, true, false, validLifetime, preferredLifetime, prefix.address());
    }

    /** Starts the thread that reads solicitations without a Home Address option. */
    public synchronized void start() {
        if (icmpSocket == null) {
            throw new IllegalStateException("no ICMPv6 socket: solicitations come through onSolicitation");
        }
        if (receiver != null) {
            return;
        }
        receiver = new ReceiveLoop("had-mobile-prefix", icmpSocket, BUFFER, RECEIVE_TIMEOUT_MILLIS)
                .pauseAfterFailure(RECEIVE_TIMEOUT_MILLIS).receiving("Mobile Prefix Solicitations")
                .start(() -> !closed, (buf, off, len, info) -> onPlainSolicitation(buf, off, len, info.source(), info.destination()));
    }

    /**
     * Handles a whole IPv6 packet {@code packet[off, off+len)} (IPv6 header first) that should
     * carry a Mobile Prefix Solicitation, normally behind a Home Address option. Never throws on
     * bad bytes.
     */
    public synchronized Outcome onSolicitation(byte[] packet, int off, int len) {
        WireError e = walker.parse(packet, off, len);
        if (e != null) {
            return malformed(e.toString());
        }
        if (walker.upperLayerProtocol() != IpProtocol.ICMPV6 || walker.isFragment()) {
            return malformed("upper layer " + walker.upperLayerProtocol() + (walker.isFragment() ? " (fragment)" : "")
                    + " is not a whole ICMPv6 message");
        }
        if (!walker.upperLayerChecksumValid()) {
            return malformed("ICMPv6 checksum");
        }
        int icmpOff = walker.upperLayerOffset();
        int icmpLen = walker.upperLayerLength();
        Ipv6Address source = walker.source();
        if (walker.hasHomeAddressOption()) {
            return answer(packet, icmpOff, icmpLen, walker.homeAddress(), source);
        }
        return answer(packet, icmpOff, icmpLen, source, null);
    }

    /**
     * Handles what a raw protocol-60 socket returned, {@code b[off, off+len)} from the
     * Destination Options header on, with the {@code source} (the care-of address) and
     * {@code destination} its {@link PacketInfo} reported: rebuilds the IPv6 header in front and
     * calls {@link #onSolicitation}.
     */
    public synchronized Outcome onDestinationOptionsCopy(byte[] b, int off, int len, Ipv6Address source,
                                                         Ipv6Address destination) {
        if (source == null || destination == null || len < 0 || len > rebuilt.length - Ipv6Header.LENGTH
                || off < 0 || off + len > b.length) {
            return malformed("destination-options copy without addresses or of impossible length " + len);
        }
        Ipv6Header.write(rebuilt, 0, len, IpProtocol.DESTINATION_OPTIONS, HOP_LIMIT, source, destination);
        System.arraycopy(b, off, rebuilt, Ipv6Header.LENGTH, len);
        return onSolicitation(rebuilt, 0, Ipv6Header.LENGTH + len);
    }

    /**
     * Handles a bare ICMPv6 message from an ICMPv6 socket (no Home Address option: the source is
     * the home address; the kernel has checked the checksum).
     */
    public synchronized Outcome onPlainSolicitation(byte[] b, int off, int len, Ipv6Address source, Ipv6Address destination) {
        if (source == null) {
            return malformed("no source address");
        }
        return answer(b, off, len, source, null);
    }

    /**
     * @param careOf the packet's source when it carried a Home Address option, else null
     */
    private Outcome answer(byte[] b, int off, int len, Ipv6Address homeAddress, Ipv6Address careOf) {
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, off, len, extensions);
        if (d instanceof Decoded.Err<Icmpv6Message> err) {
            return malformed(err.error().toString());
        }
        if (!(((Decoded.Ok<Icmpv6Message>) d).value() instanceof MobilePrefixSolicitation mps)) {
            return malformed("ICMPv6 type " + (b[off] & 0xff) + " is not a Mobile Prefix Solicitation");
        }
        if (!bindings.lookup(homeAddress.hi(), homeAddress.lo(), view) || view.expiredAt(clock.millis())) {
            noBinding++;
            LOG.debug("Mobile Prefix Solicitation from {}: no binding", homeAddress);
            return Outcome.NO_BINDING;
        }
        Ipv6Address boundCareOf = view.careOfAddress();
        if (careOf != null && !careOf.equals(boundCareOf)) {
            careOfMismatch++;
            LOG.debug("Mobile Prefix Solicitation for {} from {}, but the binding's care-of address is {}",
                    homeAddress, careOf, boundCareOf);
            return Outcome.CARE_OF_MISMATCH;
        }
        if (!limiter.tryAcquire()) {
            rateLimited++;
            return Outcome.RATE_LIMITED;
        }
        int n = writeAdvertisement(mps.identifier(), homeAddress, boundCareOf, out, 0);
        try {
            headerIncluded.send(out, 0, n, boundCareOf);
        } catch (NetException e) {
            sendFailures++;
            LOG.warn("sending a Mobile Prefix Advertisement to {} at {}: {}", homeAddress, boundCareOf, e.getMessage());
            return Outcome.SEND_FAILED;
        }
        advertised++;
        return Outcome.ADVERTISED;
    }

    /** Writes the whole advertisement packet (IPv6, RH2, ICMPv6) at {@code buf[off]}; returns its length. */
    int writeAdvertisement(int identifier, Ipv6Address homeAddress, Ipv6Address careOf, byte[] buf, int off) {
        List<NdOption> options = List.copyOf(prefixes);
        int m = Icmpv6Codec.encode(new MobilePrefixAdvertisement(identifier, false, false, options), message, 0, extensions);
        return builder.source(ownAddress).destination(careOf).hopLimit(HOP_LIMIT).routingHeaderType2(homeAddress)
                .payload(IpProtocol.ICMPV6, message, 0, m).build(buf, off);
    }

    private Outcome malformed(String why) {
        malformed++;
        LOG.debug("Mobile Prefix Solicitation dropped: {}", why);
        return Outcome.MALFORMED;
    }

    public synchronized long advertised() {
        return advertised;
    }

    public synchronized long malformed() {
        return malformed;
    }

    public synchronized long noBinding() {
        return noBinding;
    }

    public synchronized long careOfMismatch() {
        return careOfMismatch;
    }

    public synchronized long rateLimited() {
        return rateLimited;
    }

    public synchronized long sendFailures() {
        return sendFailures;
    }

    /** Stops the receiving thread and closes both sockets. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (icmpSocket != null) {
            icmpSocket.close();
        }
        headerIncluded.close();
        Thread t;
        synchronized (this) {
            t = receiver;
        }
        ReceiveLoop.join(t, 2 * RECEIVE_TIMEOUT_MILLIS);
    }
}
