package org.roam6.had;

import com.sun.jna.Native;
import java.util.List;
import java.util.Objects;
import org.roam6.net.NetException;
import org.roam6.net.NetworkControl;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.ReceiveLoop;
import org.roam6.net.SendOptions;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.RateLimiter;
import org.roam6.wire.Bytes;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.DhaadReply;
import org.roam6.wire.icmp.DhaadRequest;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic Home Agent Address Discovery, the home agent's side (RFC 6275 10.5): answers a Home
 * Agent Address Discovery Request (ICMPv6 144, RFC 6275 6.5) sent to the Mobile IPv6
 * Home-Agents anycast address of the home prefix with a Home Agent Address Discovery Reply
 * (145, RFC 6275 6.6).
 *
 * <ul>
 *   <li>The request comes from the mobile node's care-of address, without a Home Address option
 *       (RFC 6275 11.4.1), so a plain ICMPv6 socket receives it. Only requests to the anycast
 *       address are answered; one that is not a valid DHAAD Request (too short, Code not 0, a
 *       multicast or unspecified source) is dropped and counted.
 *   <li>The reply goes to the request's source, from this home agent's own unicast address on
 *       the home link (never from the anycast address), with the request's Identifier.
 *   <li>It lists the global addresses of the {@link HomeAgentList}, most preferred first, equal
 *       preferences in random order, each address once, as many as fit in the minimum IPv6 MTU
 *       of 1280 octets: {@value #MAX_ADDRESSES} (RFC 6275 10.5).
 *   <li>A request with the R flag (RFC 3963, Modified DHAAD Request) comes from a mobile router:
 *       the reply sets R and lists only home agents that support mobile routers (this one when
 *       its configuration says so, the others by the R bit of their Home Agent Information
 *       option). When none does the reply lists no address, so the mobile router learns it at
 *       once instead of retrying.
 *   <li>Replies are rate-limited ({@link RateLimiter}, DESIGN.md section 4); requests over the
 *       limit are dropped and counted.
 * </ul>
 *
 * <h2>The anycast address on Linux</h2>
 * {@link #open} makes the kernel accept packets to the anycast address with
 * {@code setsockopt(IPV6_JOIN_ANYCAST)} on the responder's own socket
 * ({@link AnycastMembership#SOCKET_JOIN}): the kernel then answers Neighbor Solicitations for it
 * (by its ndisc code without the Override flag, as RFC 4861 7.2.7 wants for anycast), never
 * picks it as a source address, needs no DAD, and forgets it when the socket closes. Several home agents on one link
 * may join the same address. Linux lets a host (forwarding off) join only an anycast address
 * inside a prefix on that interface, which the home prefix is. The alternative,
 * {@link AnycastMembership#INTERFACE_ADDRESS}, adds the address as a /128 with {@code nodad}
 * through {@link NetworkControl} (journaled, removed on close); it also works, but the kernel
 * then treats it as unicast (by its ndisc code, Override set in its Neighbor Advertisements,
 * so with two home agents the router's neighbour entry follows the last answer). Both are
 * exercised by the namespace test (see {@code had/docs/discovery.md}).
 */
public final class DhaadResponder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhaadResponder.class);

    /** The minimum IPv6 MTU (RFC 8200 5) the reply must fit in. */
    public static final int MINIMUM_MTU = 1280;
    /** Addresses that fit: 1280 - 40 (IPv6 header) - 8 (reply header), 16 octets each. */
    public static final int MAX_ADDRESSES = (MINIMUM_MTU - Ipv6Header.LENGTH - DhaadReply.OFF_HOME_AGENTS) / Ipv6Address.LENGTH;
    /** Hop limit of the replies (the default of UMIP's ICMPv6 sender). */
    public static final int REPLY_HOP_LIMIT = 64;
    private static final long RECEIVE_TIMEOUT_MILLIS = 500;

    /** How {@link #open} makes the kernel accept packets to the anycast address. */
    public enum AnycastMembership {
        /** {@code IPV6_JOIN_ANYCAST} on the responder's socket (the default). */
        SOCKET_JOIN,
        /** A /128 address with {@code nodad} on the home interface, through {@link NetworkControl}. */
        INTERFACE_ADDRESS
    }

    /** What one request led to. */
    public enum Outcome { REPLIED, MALFORMED, NOT_ANYCAST, RATE_LIMITED, SEND_FAILED }

    private final PacketSocket socket;
    private final HomeAgentList homeAgents;
    private final Ipv6Address anycast;
    private final Ipv6Address ownAddress;
    private final RateLimiter limiter;
    private final MobilityExtensions extensions = MobilityExtensions.DEFAULT;
    private final byte[] out = new byte[MINIMUM_MTU];
    private Runnable onClose = () -> { };
    private volatile boolean closed;
    private Thread receiver;

    private long replies;
    private long malformed;
    private long notAnycast;
    private long rateLimited;
    private long sendFailures;

    /**
     * @param icmpSocket an ICMPv6 socket passing type 144 that reports each packet's destination
     *                   ({@code IPV6_PKTINFO}); replies are sent on it
     * @param homeAgents the list the replies are made from; its {@link HomeAgentList#own()}
     *                   address is the replies' source
     * @param homePrefix the home prefix whose Home-Agents anycast address is served
     * @param limiter    replies allowed; e.g. {@code new RateLimiter(10, 20, MonotonicClock.SYSTEM)}
     */
    public DhaadResponder(PacketSocket icmpSocket, HomeAgentList homeAgents, Ipv6Prefix homePrefix, RateLimiter limiter) {
        this.socket = Objects.requireNonNull(icmpSocket, "icmpSocket");
        this.homeAgents = Objects.requireNonNull(homeAgents, "homeAgents");
        this.anycast = homeAgentsAnycast(homePrefix);
        this.ownAddress = homeAgents.own().address();
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    /**
     * The real thing on {@code homeInterface}: an ICMPv6 socket passing type 144, the anycast
     * address joined as {@code membership} says, 10 replies per second with bursts of 20.
     * {@link #close()} leaves the anycast address again.
     */
    public static DhaadResponder open(String homeInterface, HomeAgentList homeAgents, Ipv6Prefix homePrefix,
                                      NetworkControl control, AnycastMembership membership) throws NetException {
        Ipv6Address anycast = homeAgentsAnycast(homePrefix);
        RawIpv6Socket s = RawIpv6Socket.open(PacketSocketConfig.icmpv6(DhaadRequest.TYPE));
        try {
            DhaadResponder r = new DhaadResponder(s, homeAgents, homePrefix, new RateLimiter(10, 20, MonotonicClock.SYSTEM));
            if (membership == AnycastMembership.SOCKET_JOIN) {
                joinAnycast(s, anycast, control.interfaceIndex(homeInterface));
            } else {
                control.addAddress(homeInterface, anycast, 128, true);
                r.onClose = () -> {
                    try {
                        control.removeAddress(homeInterface, anycast, 128);
                    } catch (NetException e) {
                        LOG.warn("removing the Home-Agents anycast address {}: {}", anycast, e.getMessage());
                    }
                };
            }
            LOG.info("serving DHAAD on {} at the Home-Agents anycast address {} ({})", homeInterface, anycast, membership);
            return r;
        } catch (NetException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** {@link #open(String, HomeAgentList, Ipv6Prefix, NetworkControl, AnycastMembership)} with {@code SOCKET_JOIN}. */
    public static DhaadResponder open(String homeInterface, HomeAgentList homeAgents, Ipv6Prefix homePrefix,
                                      NetworkControl control) throws NetException {
        return open(homeInterface, homeAgents, homePrefix, control, AnycastMembership.SOCKET_JOIN);
    }

    /** The Home-Agents anycast address of {@code prefix}: {@link DhaadRequest#homeAgentsAnycast}. */
    public static Ipv6Address homeAgentsAnycast(Ipv6Prefix prefix) {
        return DhaadRequest.homeAgentsAnycast(prefix);
    }

    public Ipv6Address anycastAddress() {
        return anycast;
    }

    /** Starts the thread that reads requests from the socket. */
    public synchronized void start() {
        if (receiver != null) {
            return;
        }
        receiver = new ReceiveLoop("had-dhaad", socket, MINIMUM_MTU * 2, RECEIVE_TIMEOUT_MILLIS)
                .pauseAfterFailure(RECEIVE_TIMEOUT_MILLIS).receiving("DHAAD Requests")
                .start(() -> !closed, (buf, off, len, info) -> onRequest(buf, off, len, info.source(), info.destination()));
    }

    /**
     * Handles the ICMPv6 message {@code b[off, off+len)} that arrived from {@code source} to
     * {@code destination} (null when the socket did not report it: then it is taken to be the
     * anycast address). Never throws on bad bytes.
     */
    public synchronized Outcome onRequest(byte[] b, int off, int len, Ipv6Address source, Ipv6Address destination) {
        if (destination != null && !destination.equals(anycast)) {
            notAnycast++;
            return Outcome.NOT_ANYCAST;
        }
        if (source == null || source.isMulticast() || source.isUnspecified()) {
            return malformed("source " + source + " cannot be answered");
        }
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, off, len, extensions);
        if (d instanceof Decoded.Err<Icmpv6Message> e) {
            return malformed(e.error().toString());
        }
        if (!(((Decoded.Ok<Icmpv6Message>) d).value() instanceof DhaadRequest request)) {
            return malformed("ICMPv6 type " + (b[off] & 0xff) + " is not a DHAAD Request");
        }
        if (!limiter.tryAcquire()) {
            rateLimited++;
            return Outcome.RATE_LIMITED;
        }
        int n = writeReply(request, source, out, 0);
        try {
            socket.send(out, 0, n, source, SendOptions.NONE.withSource(ownAddress).withHopLimit(REPLY_HOP_LIMIT));
        } catch (NetException e) {
            sendFailures++;
            LOG.warn("sending a DHAAD Reply to {}: {}", source, e.getMessage());
            return Outcome.SEND_FAILED;
        }
        replies++;
        return Outcome.REPLIED;
    }

    /**
     * Writes the reply to {@code request} from {@code requester} at {@code buf[off]}, checksum
     * filled over this home agent's address and the requester's, and returns its length.
     */
    int writeReply(DhaadRequest request, Ipv6Address requester, byte[] buf, int off) {
        List<Ipv6Address> list = homeAgents.addresses(request.mobileRouter(), MAX_ADDRESSES);
        DhaadReply reply = new DhaadReply(request.identifier(), request.mobileRouter(), list);
        int n = Icmpv6Codec.encode(reply, buf, off, extensions);
        Bytes.put16(buf, off + Icmpv6Message.OFF_CHECKSUM, 0);
        Icmpv6Codec.fillChecksum(ownAddress, requester, buf, off, n);
        return n;
    }

    private Outcome malformed(String why) {
        malformed++;
        LOG.debug("DHAAD Request dropped: {}", why);
        return Outcome.MALFORMED;
    }

    public synchronized long replies() {
        return replies;
    }

    public synchronized long malformed() {
        return malformed;
    }

    public synchronized long notAnycast() {
        return notAnycast;
    }

    public synchronized long rateLimited() {
        return rateLimited;
    }

    public synchronized long sendFailures() {
        return sendFailures;
    }

    /** Stops the receiving thread, closes the socket (leaving a joined anycast address) and undoes an added one. */
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
        onClose.run();
    }

    // ------------------------------------------------------------------ IPV6_JOIN_ANYCAST

    private static void joinAnycast(RawIpv6Socket s, Ipv6Address anycast, int ifindex) throws NetException {
        byte[] mreq = new byte[Ipv6Address.LENGTH + 4];   // struct ipv6_mreq: in6_addr, int ifindex (host order)
        anycast.write(mreq, 0);
        mreq[16] = (byte) ifindex;
        mreq[17] = (byte) (ifindex >>> 8);
        mreq[18] = (byte) (ifindex >>> 16);
        mreq[19] = (byte) (ifindex >>> 24);
        if (AnycastSockopt.setsockopt(s.fd(), AnycastSockopt.IPPROTO_IPV6, AnycastSockopt.IPV6_JOIN_ANYCAST, mreq, mreq.length) != 0) {
            int errno = Native.getLastError();
            throw new NetException("setsockopt(IPV6_JOIN_ANYCAST " + anycast + ", ifindex " + ifindex + ")", errno,
                    "the anycast address must lie in a prefix on the home interface (Linux, for hosts), and joining"
                            + " needs CAP_NET_ADMIN; or use AnycastMembership.INTERFACE_ADDRESS");
        }
    }

    /** The one libc call {@code common-wire}'s socket does not offer (Linux x86_64 values). */
    private static final class AnycastSockopt {
        static final int IPPROTO_IPV6 = 41;
        static final int IPV6_JOIN_ANYCAST = 27;

        static {
            Native.register(AnycastSockopt.class, "c");
        }

        private AnycastSockopt() {}

        static native int setsockopt(int fd, int level, int name, byte[] value, int length);
    }
}
