package org.roam6.mnd;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.roam6.net.Destination;
import org.roam6.net.LinuxTunDevice;
import org.roam6.net.NetException;
import org.roam6.net.NetworkControl;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.ReceiveLoop;
import org.roam6.net.SendOptions;
import org.roam6.net.TunDevice;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.DestinationOptions;
import org.roam6.wire.HomeAddressOption;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.OptionsHeader;
import org.roam6.wire.RoutingHeaderType2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mobile node's data plane without kernel Mobile IPv6 (RFC 6275 11.3): the home address
 * lives on a TUN device, and what the kernel routes into it while the node is away leaves
 * through the reverse tunnel to the home agent (11.3.1) or, for a correspondent holding a
 * binding, directly from the care-of address with a Home Address option (6.3, 11.3.1);
 * packets tunnelled by the home agent (10.4.2, 11.3.3) and packets with a Type 2 routing
 * header (6.4, 11.3.3) come back in through the TUN.
 *
 * <h2>Addresses and routes</h2>
 * {@link #start()} brings the TUN up with its MTU and puts the home address on it as a
 * {@code /128} without duplicate address detection, for good: sockets bound to the home address
 * survive every movement. {@link #atHome()} puts the home address on the access interface too
 * (with the home prefix's length) and removes the policy rule; {@link #away} removes it from
 * the access interface and installs, once, {@code default dev TUN} in table {@code policyTable}
 * and the rule {@code from HoA/128 lookup policyTable priority rulePriority}: everything the host
 * sends from the home address then comes out of the TUN.
 *
 * <h2>Out (thread {@code mnd-tunnel-out})</h2>
 * One blocking {@link TunDevice#read(ByteBuffer, long)} into a direct buffer, behind
 * {@value #HEADROOM} octets of headroom. A packet whose source is not the home address is
 * dropped. When its destination holds a route-optimised binding for the current care-of
 * address ({@link #enable}), the IPv6 header (and a Hop-by-Hop Options and a Routing header
 * right after it) move forward into the headroom, a Destination Options header with the Home
 * Address option takes the place they left (RFC 6275 6.3: after a Routing header, before a
 * Fragment header and the upper layer), the source becomes the care-of address and the packet
 * goes out whole on a header-included socket: the upper-layer checksum stays as the kernel
 * computed it over the home address, which is the pseudo-header source the correspondent uses
 * (6.1.1, 9.3.1). Otherwise it is sent as it is on a raw socket of protocol 41 to the home agent,
 * the kernel writing the outer header (source the care-of address, to which the socket is
 * bound, RFC 6275 11.3.1; a packet too large for the path is fragmented as RFC 2473 7.1 asks).
 *
 * <h2>In (threads {@code mnd-tunnel-in} and {@code mnd-rh2-in})</h2>
 * The protocol-41 socket gives the inner packet and, in {@link PacketInfo}, the outer source and
 * destination: accepted when they are the home agent and the current care-of address and the
 * inner destination is the home address (RFC 6275 11.3.3: a tunnelled packet is accepted from the
 * home agent only), then written into the TUN from the same buffer: the kernel
 * delivers it to the socket bound to the home address. A raw socket of protocol 43 gets a copy
 * of every packet with a Routing header, from that header on (the kernel itself drops a Type 2
 * header with a Parameter Problem, silenced by {@link NetworkControl#dropKernelParameterProblems()}).
 * A Type 2 routing header with Segments Left 1 and the home address, to the current care-of
 * address (or to the home address at home), is processed as the mobile node does (RFC 6275
 * 6.4, 11.3.3): the IPv6 header is rebuilt in front of what followed the routing header, source
 * the outer source, destination the home address, Next Header the routing header's, and the
 * packet is written into the TUN. A Binding Acknowledgement from the home agent thus reaches the
 * Mobility Header socket as a plain packet HA -> HoA, its checksum checked by the kernel over
 * exactly the RFC's pseudo-header. Other routing types are not the mobile node's business and
 * are ignored.
 *
 * <h2>Return Routability trigger</h2>
 * {@link #onTunnelledTo} and {@link #onTunnelledFrom} are told the correspondent of packets
 * going through the reverse tunnel and coming from the home agent's tunnel, at most once per
 * correspondent per {@value #SIGHTING_INTERVAL_SECONDS} s, so the daemon may start the
 * correspondent registration (RFC 6275 11.3.3, 11.7.2; the rate limit of 11.8). The home agent
 * itself, multicast and link-local peers, and Mobility Header packets (the Return Routability
 * messages themselves) are not reported. Called on the data-plane threads: keep the work short.
 *
 * <p>The out loop allocates nothing per packet: a direct buffer, the {@link Destination} of the
 * home agent made by {@link #away} and those of correspondents by {@link #enable}, read through
 * volatile immutable snapshots. The two in loops allocate only the {@link Ipv6Address} that
 * {@link PacketInfo#destination()} returns (32 octets a packet; PacketInfo has no primitive
 * accessor for the destination). {@link #close()} closes the
 * TUN and the sockets, which releases every blocking wait, and joins the threads; what was
 * installed through the {@link NetworkControl} stays for its undo journal to remove.
 */
public final class MobileNodeTunnel implements RouteOptimisedPath, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MobileNodeTunnel.class);

    /** The TUN device's name when the configuration names none ({@code TunnelInterface}). */
    public static final String DEFAULT_TUNNEL_INTERFACE = "r6mn0";
    /** The TUN MTU by default: an Ethernet path (1500) minus the 40-octet outer header. */
    public static final int DEFAULT_MTU = 1460;
    /** The routing table of the policy rule by default ({@code PolicyTable}). */
    public static final int DEFAULT_POLICY_TABLE = 6275;
    /** The policy rule's priority by default (before the main table's 32766). */
    public static final int DEFAULT_RULE_PRIORITY = 1000;
    /** Hop limit of the outer header of tunnelled packets (the kernel default, as UMIP's tunnels). */
    public static final int TUNNEL_HOP_LIMIT = 64;
    /** How often at most a correspondent is reported to {@link #onTunnelledTo} / {@link #onTunnelledFrom}. */
    public static final int SIGHTING_INTERVAL_SECONDS = 5;
    /** Room in front of a packet read from the TUN for the Destination Options header of a route-optimised send. */
    static final int HEADROOM = DestinationOptions.LENGTH_WITH_HOME_ADDRESS;
    /** Where a routing-header copy is received, so that the rebuilt IPv6 header ends where the routing header ends. */
    static final int RH2_OFFSET = Ipv6Header.LENGTH - RoutingHeaderType2.LENGTH;
    /** How long {@link #close()} waits for each thread. */
    static final long STOP_MILLIS = 2000;
    /** The protocol-41 receive wakes this often to retry binding to a care-of address that was not yet usable. */
    static final long BIND_RETRY_MILLIS = 250;
    private static final int BUFFER = 65_535 + Ipv6Header.LENGTH + HEADROOM;
    private static final int SIGHTINGS_CAPACITY = 256;
    private static final Ipv6Prefix DEFAULT_ROUTE = new Ipv6Prefix(Ipv6Address.UNSPECIFIED, 0);

    /** Why a packet was dropped; {@link #direction()} and {@link #reason()} are metric labels. */
    public enum Drop {
        /** Out: what came out of the TUN is not a whole IPv6 packet. */
        OUT_MALFORMED("out", "malformed"),
        /** Out: the source is not the home address (only the home address goes through the tunnel). */
        OUT_SOURCE_NOT_HOME_ADDRESS("out", "source_not_home_address"),
        /** Out: a packet in the TUN while the node is at home or not placed yet. */
        OUT_NOT_AWAY("out", "not_away"),
        /** Out: the socket refused the packet (no route, no buffer space, too big for the link). */
        OUT_SEND_FAILED("out", "send_failed"),
        /** In: the inner packet is truncated, too short or not IPv6. */
        IN_MALFORMED("in", "malformed"),
        /** In: a tunnelled packet while the node is at home or not placed yet. */
        IN_NOT_AWAY("in", "not_away"),
        /** In: the outer source is not the home agent. */
        IN_NOT_HOME_AGENT("in", "outer_source_not_home_agent"),
        /** In: the outer destination is not the current care-of address. */
        IN_NOT_CARE_OF("in", "outer_destination_not_care_of"),
        /** In: the inner destination is not the home address (another address, or multicast). */
        IN_NOT_HOME_ADDRESS("in", "inner_destination_not_home_address"),
        /** In: the TUN refused the packet. */
        IN_WRITE_FAILED("in", "write_failed"),
        /** RH2: the Type 2 routing header or what follows it is truncated or malformed. */
        RH2_MALFORMED("rh2", "malformed"),
        /** RH2: Segments Left is not 1 (RFC 6275 6.4). */
        RH2_SEGMENTS_LEFT("rh2", "segments_left"),
        /** RH2: the routing header's address is not the home address (RFC 6275 11.3.3). */
        RH2_NOT_HOME_ADDRESS("rh2", "not_home_address"),
        /** RH2: the packet was not sent to the current care-of address (at home: the home address). */
        RH2_NOT_CARE_OF("rh2", "destination_not_care_of"),
        /** RH2: the TUN refused the packet. */
        RH2_WRITE_FAILED("rh2", "write_failed");

        private final String direction;
        private final String reason;

        Drop(String direction, String reason) {
            this.direction = direction;
            this.reason = reason;
        }

        public String direction() {
            return direction;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * Where the node is, as one immutable value swapped atomically: away (care-of address, home
     * agent, and what the out loop needs to send there) or at home; null before the first
     * placement.
     */
    private record Placement(boolean away, Ipv6Address careOf, Ipv6Address homeAgent,
                             Destination homeAgentDestination, SendOptions fromCareOf) {
        static final Placement AT_HOME = new Placement(false, null, null, null, null);

        static Placement away(Ipv6Address careOf, Ipv6Address homeAgent) {
            return new Placement(true, careOf, homeAgent, Destination.of(homeAgent),
                    SendOptions.NONE.withSource(careOf).withHopLimit(TUNNEL_HOP_LIMIT));
        }
    }

    private final TunDevice tun;
    private final PacketSocket tunnel;
    private final PacketSocket routing;
    private final PacketSocket headerIncluded;
    private final NetworkControl control;
    private final MonotonicClock clock;
    private final Ipv6Address homeAddress;
    private final long hoaHi;
    private final long hoaLo;
    private final Ipv6Prefix homePrefix;
    private final String accessInterface;
    private final int policyTable;
    private final int rulePriority;
    private final int mtu;

    /** The home agents in use other than the placement's, as hi/lo pairs ({@link #homeAgents}). */
    private volatile long[] otherHomeAgents = new long[0];
    private final LongAdder tunnelledOut = new LongAdder();
    private final LongAdder tunnelledIn = new LongAdder();
    private final LongAdder routeOptimisedOut = new LongAdder();
    private final LongAdder rh2In = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder otherRoutingIgnored = new LongAdder();
    private final LongAdder controlFailures = new LongAdder();
    private final LongAdder[] drops = new LongAdder[Drop.values().length];

    private volatile Ipv6Address announcedCareOf;
    private volatile Placement placement;
    /** The care-of address the protocol-41 socket is bound to (the outer source of every tunnelled packet). */
    private volatile Ipv6Address boundCareOf;
    private long lastBindAttemptNanos;
    private volatile RouteOptimisedBindings routeOptimised = RouteOptimisedBindings.EMPTY;
    /** Correspondent to the care-of address its binding holds; guarded by this, published through {@link #routeOptimised}. */
    private final Map<Ipv6Address, Ipv6Address> bindings = new HashMap<>();
    private volatile Consumer<Ipv6Address> onTunnelledTo = a -> { };
    private volatile Consumer<Ipv6Address> onTunnelledFrom = a -> { };

    private boolean policyInstalled;
    private volatile boolean running;
    private boolean started;
    private boolean closed;
    private Thread outThread;
    private Thread inThread;
    private Thread rh2Thread;

    /**
     * @param tun             the TUN device; owned from now on, closed by {@link #close()}
     * @param tunnel          a raw socket of protocol 41 (reverse tunnel out, tunnelled packets in); owned
     * @param routing         a raw socket of protocol 43 reporting the destination and hop limit
     *                        (copies of packets with a Routing header); owned
     * @param headerIncluded  a header-included socket (protocol 255) for route-optimised sends; owned
     * @param control         installs the address, the route and the rule (the daemon's, shared)
     * @param clock           the clock of the Return Routability trigger's rate limit
     * @param homeAddress     the mobile node's home address
     * @param homePrefix      the home prefix (its length is the home address's on the home link)
     * @param accessInterface the interface the node attaches with, e.g. {@code eth0}
     * @param policyTable     the routing table of the policy rule, 1-2^32-1 other than 253-255
     * @param rulePriority    the policy rule's priority, 1-32765 (before the main table)
     * @param mtu             the TUN's MTU, 1280-65535
     */
    public MobileNodeTunnel(TunDevice tun, PacketSocket tunnel, PacketSocket routing, PacketSocket headerIncluded,
                            NetworkControl control, MonotonicClock clock, Ipv6Address homeAddress,
                            Ipv6Prefix homePrefix, String accessInterface, int policyTable, int rulePriority,
                            int mtu) throws NetException {
        this.tun = Objects.requireNonNull(tun, "tun");
        this.tunnel = Objects.requireNonNull(tunnel, "tunnel");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.headerIncluded = Objects.requireNonNull(headerIncluded, "headerIncluded");
        this.control = Objects.requireNonNull(control, "control");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.homeAddress = Objects.requireNonNull(homeAddress, "homeAddress");
        this.homePrefix = Objects.requireNonNull(homePrefix, "homePrefix");
        this.accessInterface = Objects.requireNonNull(accessInterface, "accessInterface");
        if (tunnel.protocol() != IpProtocol.IPV6) {
            throw new IllegalArgumentException("the tunnel socket must be of protocol 41, not " + tunnel.protocol());
        }
        if (routing.protocol() != IpProtocol.ROUTING) {
            throw new IllegalArgumentException("the routing-header socket must be of protocol 43, not " + routing.protocol());
        }
        if (headerIncluded.protocol() != 255) {
            throw new IllegalArgumentException("the route-optimised socket must be header-included (255), not "
                    + headerIncluded.protocol());
        }
        if (!homePrefix.contains(homeAddress)) {
            throw new IllegalArgumentException("home address " + homeAddress + " is not in the home prefix " + homePrefix);
        }
        if (homeAddress.isMulticast() || homeAddress.isLinkLocal() || homeAddress.isUnspecified()) {
            throw new IllegalArgumentException("home address " + homeAddress + " is not a global unicast address");
        }
        if (mtu < 1280 || mtu > 65_535) {
            throw new IllegalArgumentException("tunnel MTU " + mtu + " is not 1280-65535 (RFC 8200 section 5)");
        }
        if (policyTable < 1 || policyTable >= 253 && policyTable <= 255) {
            throw new IllegalArgumentException("policy table " + policyTable + " is not a free routing table");
        }
        if (rulePriority < 1 || rulePriority > 32765) {
            throw new IllegalArgumentException("rule priority " + rulePriority + " is not 1-32765");
        }
        this.hoaHi = homeAddress.hi();
        this.hoaLo = homeAddress.lo();
        this.policyTable = policyTable;
        this.rulePriority = rulePriority;
        this.mtu = mtu;
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
        tunnel.unicastHopLimit(TUNNEL_HOP_LIMIT);
    }

    /**
     * Opens the real I/O in the calling thread's network namespace and {@link #start()}s: the TUN
     * device {@code tunName} (exclusively), raw sockets of protocols 41 and 43 and a
     * header-included one.
     */
    public static MobileNodeTunnel open(NetworkControl net, String tunName, int mtu, Ipv6Address homeAddress,
                                        Ipv6Prefix homePrefix, String accessInterface, int policyTable,
                                        int rulePriority, MonotonicClock clock) throws NetException {
        TunDevice tun = LinuxTunDevice.open(tunName, true);
        PacketSocket s41 = null;
        PacketSocket s43 = null;
        PacketSocket raw = null;
        MobileNodeTunnel t;
        try {
            s41 = RawIpv6Socket.open(PacketSocketConfig.of(IpProtocol.IPV6));
            s43 = RawIpv6Socket.open(PacketSocketConfig.of(IpProtocol.ROUTING));
            raw = RawIpv6Socket.open(PacketSocketConfig.headerIncluded());
            t = new MobileNodeTunnel(tun, s41, s43, raw, net, clock, homeAddress, homePrefix,
                    accessInterface, policyTable, rulePriority, mtu);
        } catch (NetException | RuntimeException e) {
            for (PacketSocket s : new PacketSocket[] {s41, s43, raw}) {
                if (s != null) {
                    s.close();
                }
            }
            tun.close();
            throw e;
        }
        try {
            t.start();
        } catch (NetException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Brings the TUN up with its MTU, puts the home address on it ({@code /128}, nodad) and starts the three loops. */
    public synchronized void start() throws NetException {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        control.linkUp(tun.name(), mtu);
        control.addAddress(tun.name(), homeAddress, 128, true);
        running = true;
        outThread = new Thread(this::outLoop, "mnd-tunnel-out");
        inThread = new Thread(this::inLoop, "mnd-tunnel-in");
        rh2Thread = new Thread(this::rh2Loop, "mnd-rh2-in");
        for (Thread t : new Thread[] {outThread, inThread, rh2Thread}) {
            t.setDaemon(true);
            t.start();
        }
        started = true;
        LOG.info("home address {} on {} (MTU {})", homeAddress, tun.name(), mtu);
    }

    // ---------------------------------------------------------------- placement

    /**
     * The node is on its home link (RFC 6275 11.5.5): the policy rule and its table's default
     * route go, the home address is put on the access interface with the home prefix's length
     * (nodad; nothing happens when the kernel has it already), and nothing is tunnelled any more.
     */
    public synchronized void atHome() {
        if (closed) {
            return;
        }
        placement = Placement.AT_HOME;
        if (policyInstalled) {
            try {
                control.removeSourceRule(new Ipv6Prefix(homeAddress, 128), policyTable, rulePriority);
                control.removeRoute(DEFAULT_ROUTE, tun.name(), policyTable);
                policyInstalled = false;
            } catch (NetException e) {
                controlFailures.increment();
                LOG.warn("cannot remove the policy rule for {}: {}", homeAddress, e.getMessage());
            }
        }
        try {
            control.addAddress(accessInterface, homeAddress, homePrefix.length(), true);
        } catch (NetException e) {
            controlFailures.increment();
            LOG.warn("cannot put the home address {} on {}: {}", homeAddress, accessInterface, e.getMessage());
        }
        LOG.debug("at home: {} on {}, not tunnelling", homeAddress, accessInterface);
    }

    /**
     * The node is away at {@code careOf}, registered (or registering) with {@code homeAgent}
     * (RFC 6275 11.3.1): from now on packets from the home address are tunnelled from
     * {@code careOf} to {@code homeAgent}. The first time (and after {@link #atHome()}) the rule
     * and route are installed and the home address leaves the access interface; a new care-of
     * address (a handover) only swaps the addresses, atomically for the data plane.
     */
    public synchronized void away(Ipv6Address careOf, Ipv6Address homeAgent) {
        Objects.requireNonNull(careOf, "careOf");
        Objects.requireNonNull(homeAgent, "homeAgent");
        if (closed) {
            return;
        }
        Placement before = placement;
        placement = Placement.away(careOf, homeAgent);
        bindToCareOf(true);
        if (!policyInstalled) {
            try {
                control.addRoute(DEFAULT_ROUTE, tun.name(), null, policyTable);
                control.addSourceRule(new Ipv6Prefix(homeAddress, 128), policyTable, rulePriority);
                policyInstalled = true;
            } catch (NetException e) {
                controlFailures.increment();
                LOG.warn("cannot route packets from {} into {}: {}", homeAddress, tun.name(), e.getMessage());
            }
        }
        if (before == null || !before.away()) {
            try {
                control.removeAddress(accessInterface, homeAddress, homePrefix.length());
            } catch (NetException e) {
                controlFailures.increment();
                LOG.warn("cannot remove the home address {} from {}: {}", homeAddress, accessInterface, e.getMessage());
            }
        }
        LOG.debug("away: tunnelling from {} to {}", careOf, homeAgent);
    }

    /**
     * Binds the protocol-41 socket to the current care-of address (Linux lets a raw socket be
     * bound again), so tunnelled packets leave with it as their outer source and only packets to
     * it are received. A care-of address not usable yet (tentative) is retried by the in loop.
     */
    private synchronized void bindToCareOf(boolean now) {
        Placement p = placement;
        if (p == null || !p.away() || p.careOf().equals(boundCareOf) || closed) {
            return;
        }
        long t = clock.nanoTime();
        if (!now && t - lastBindAttemptNanos < TimeUnit.MILLISECONDS.toNanos(BIND_RETRY_MILLIS)) {
            return;
        }
        lastBindAttemptNanos = t;
        try {
            tunnel.bind(p.careOf());
            boundCareOf = p.careOf();
        } catch (NetException e) {
            LOG.debug("cannot bind the tunnel socket to {} yet: {}", p.careOf(), e.getMessage());
        }
    }

    /** True when the node is away (tunnelling). */
    /**
     * The care-of address a Binding Update has just been sent from, before its acknowledgement
     * moves the tunnel there ({@link #away}): that acknowledgement comes to it with a Type 2
     * routing header (RFC 6275 6.1.8, 11.3.3: "one of the mobile node's care-of addresses"), so
     * packets with a Type 2 routing header to this address are taken in as well. Null forgets it.
     */
    public void announceCareOf(Ipv6Address careOf) {
        announcedCareOf = careOf;
    }

    public boolean isAway() {
        Placement p = placement;
        return p != null && p.away();
    }

    /** The care-of address tunnelled from, or null when not away. */
    public Ipv6Address careOfAddress() {
        Placement p = placement;
        return p != null && p.away() ? p.careOf() : null;
    }

    /** The home agent tunnelled to, or null when not away. */
    public Ipv6Address homeAgentAddress() {
        Placement p = placement;
        return p != null && p.away() ? p.homeAgent() : null;
    }

    // ---------------------------------------------------------------- route optimisation

    /** Packets to {@code correspondent} leave {@code careOfAddress} directly with a Home Address option. */
    @Override
    public synchronized void enable(Ipv6Address correspondent, Ipv6Address careOfAddress) {
        Objects.requireNonNull(correspondent, "correspondent");
        Objects.requireNonNull(careOfAddress, "careOfAddress");
        if (!careOfAddress.equals(bindings.put(correspondent, careOfAddress))) {
            routeOptimised = RouteOptimisedBindings.of(bindings);
        }
    }

    /** Packets to {@code correspondent} go through the home agent again. */
    @Override
    public synchronized void disable(Ipv6Address correspondent) {
        if (bindings.remove(correspondent) != null) {
            routeOptimised = RouteOptimisedBindings.of(bindings);
        }
    }

    /** The correspondents with a route-optimised binding, and the care-of address each holds. */
    public synchronized Map<Ipv6Address, Ipv6Address> routeOptimisedBindings() {
        return Map.copyOf(bindings);
    }

    /**
     * Told the destination of packets reverse-tunnelled to a correspondent (at most once per
     * correspondent per {@value #SIGHTING_INTERVAL_SECONDS} s), on the out thread.
     */
    public void onTunnelledTo(Consumer<Ipv6Address> c) {
        this.onTunnelledTo = Objects.requireNonNull(c, "c");
    }

    /**
     * Told the source of packets that came through the home agent's tunnel (at most once per
     * correspondent per {@value #SIGHTING_INTERVAL_SECONDS} s), on the in thread.
     */
    public void onTunnelledFrom(Consumer<Ipv6Address> c) {
        this.onTunnelledFrom = Objects.requireNonNull(c, "c");
    }

    // ---------------------------------------------------------------- out

    private void outLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        OutState state = new OutState();
        while (running) {
            buf.clear().position(HEADROOM);
            int n;
            try {
                n = tun.read(buf, TunDevice.WAIT_FOREVER);
            } catch (NetException e) {
                if (running) {
                    LOG.warn("reading {}: {}", tun.name(), e.getMessage());
                    pause();
                }
                continue;
            }
            if (n == TunDevice.CLOSED) {
                break;
            }
            if (n >= 0) {
                outbound(buf, HEADROOM, n, state);
            }
        }
    }

    /** What the out loop keeps between packets (one thread). */
    static final class OutState {
        final PeerSightings sightings = new PeerSightings(TimeUnit.SECONDS.toNanos(SIGHTING_INTERVAL_SECONDS),
                SIGHTINGS_CAPACITY);
        byte[] scratch;
    }

    /**
     * Sends one packet read from the TUN, {@code buf[start, start+n)} with at least
     * {@value #HEADROOM} octets in front of it; package-private so tests can drive it directly.
     */
    void outbound(ByteBuffer buf, int start, int n, OutState state) {
        if (n < Ipv6Header.LENGTH || (buf.get(start) & 0xf0) != 0x60) {
            drop(Drop.OUT_MALFORMED);
            return;
        }
        int length = Ipv6Header.LENGTH + (buf.getShort(start + Ipv6Header.OFF_PAYLOAD_LENGTH) & 0xffff);
        if (length > n) {
            drop(Drop.OUT_MALFORMED);
            return;
        }
        if (buf.getLong(start + Ipv6Header.OFF_SOURCE) != hoaHi || buf.getLong(start + Ipv6Header.OFF_SOURCE + 8) != hoaLo) {
            drop(Drop.OUT_SOURCE_NOT_HOME_ADDRESS);
            return;
        }
        Placement p = placement;
        if (p == null || !p.away()) {
            drop(Drop.OUT_NOT_AWAY);
            return;
        }
        long dHi = buf.getLong(start + Ipv6Header.OFF_DESTINATION);
        long dLo = buf.getLong(start + Ipv6Header.OFF_DESTINATION + 8);
        RouteOptimisedBindings ro = routeOptimised;
        int row = ro.find(dHi, dLo);
        // a Mobility Header from the home address (the Home Test Init) always goes through the home
        // agent (RFC 6275 11.6.1), even to a correspondent with a binding: a correspondent drops a
        // Home Test Init with a Home Address option (9.4.1), so a refresh would never get its home token
        if (row >= 0 && ro.careOfHi(row) == p.careOf().hi() && ro.careOfLo(row) == p.careOf().lo()
                && buf.get(start + Ipv6Header.OFF_NEXT_HEADER) != (byte) IpProtocol.MOBILITY) {
            sendRouteOptimised(buf, start, length, p, ro.destination(row));
        } else {
            tunnelToHomeAgent(buf, start, length, p, state);
            if (shouldReport(dHi, dLo, p) && buf.get(start + Ipv6Header.OFF_NEXT_HEADER) != (byte) IpProtocol.MOBILITY
                    && state.sightings.shouldReport(dHi, dLo, clock.nanoTime())) {
                tell(onTunnelledTo, dHi, dLo);
            }
        }
    }

    private void tunnelToHomeAgent(ByteBuffer buf, int start, int length, Placement p, OutState state) {
        buf.limit(start + length).position(start);
        try {
            int sent;
            if (p.careOf().equals(boundCareOf)) {
                sent = tunnel.send(buf, p.homeAgentDestination());
            } else {
                // the socket is not bound to this care-of address yet: the source goes with the packet
                if (state.scratch == null) {
                    state.scratch = new byte[BUFFER];
                }
                buf.get(start, state.scratch, 0, length);
                tunnel.send(state.scratch, 0, length, p.homeAgent(), p.fromCareOf());
                sent = length;
            }
            if (sent == length) {
                tunnelledOut.increment();
                bytesOut.add(length);
            } else {
                drop(Drop.OUT_SEND_FAILED);
            }
        } catch (NetException e) {
            drop(Drop.OUT_SEND_FAILED);
            LOG.debug("tunnelling to {}: {}", p.homeAgent(), e.getMessage());
        }
    }

    /**
     * Rebuilds {@code buf[start, start+length)} in place as RFC 6275 6.3 and 11.3.1 send it from
     * the care-of address: the IPv6 header (and a Hop-by-Hop Options and a Routing header after
     * it) move {@value #HEADROOM} octets forward, a Destination Options header with the Home
     * Address option fills the gap, the source becomes the care-of address. The upper-layer
     * checksum is left alone (its pseudo-header source is the home address either way).
     */
    private void sendRouteOptimised(ByteBuffer buf, int start, int length, Placement p, Destination correspondent) {
        if (start < HEADROOM || length + HEADROOM - Ipv6Header.LENGTH > 0xffff) {
            drop(Drop.OUT_SEND_FAILED);
            return;
        }
        int end = start + length;
        int nextHeaderField = start + Ipv6Header.OFF_NEXT_HEADER;
        int insertAt = start + Ipv6Header.LENGTH;
        int nextHeader = buf.get(nextHeaderField) & 0xff;
        if (nextHeader == IpProtocol.HOP_BY_HOP) {
            if (insertAt + 2 > end) {
                drop(Drop.OUT_MALFORMED);
                return;
            }
            nextHeaderField = insertAt;
            nextHeader = buf.get(insertAt) & 0xff;
            insertAt += ((buf.get(insertAt + 1) & 0xff) + 1) * 8;
        }
        if (nextHeader == IpProtocol.ROUTING) {
            if (insertAt + 2 > end) {
                drop(Drop.OUT_MALFORMED);
                return;
            }
            nextHeaderField = insertAt;
            nextHeader = buf.get(insertAt) & 0xff;
            insertAt += ((buf.get(insertAt + 1) & 0xff) + 1) * 8;
        }
        if (insertAt > end) {
            drop(Drop.OUT_MALFORMED);
            return;
        }
        int newStart = start - HEADROOM;
        // headers before the insertion point are whole multiples of 8 octets: move them forward
        for (int i = start; i < insertAt; i += 8) {
            buf.putLong(i - HEADROOM, buf.getLong(i));
        }
        buf.put(nextHeaderField - HEADROOM, (byte) IpProtocol.DESTINATION_OPTIONS);
        int d = insertAt - HEADROOM;
        buf.put(d + OptionsHeader.OFF_NEXT_HEADER, (byte) nextHeader);
        buf.put(d + OptionsHeader.OFF_HDR_EXT_LEN, (byte) (DestinationOptions.LENGTH_WITH_HOME_ADDRESS / 8 - 1));
        // PadN of 2 data octets puts the option at 8n+6 (RFC 6275 6.3), as DestinationOptions.writeWithHomeAddress
        buf.put(d + 2, (byte) 1).put(d + 3, (byte) 2).put(d + 4, (byte) 0).put(d + 5, (byte) 0);
        buf.put(d + HomeAddressOption.ALIGN_OFFSET + HomeAddressOption.OFF_TYPE, (byte) HomeAddressOption.TYPE);
        buf.put(d + HomeAddressOption.ALIGN_OFFSET + HomeAddressOption.OFF_LENGTH, (byte) HomeAddressOption.DATA_LENGTH);
        buf.putLong(d + HomeAddressOption.ALIGN_OFFSET + HomeAddressOption.OFF_HOME_ADDRESS, hoaHi);
        buf.putLong(d + HomeAddressOption.ALIGN_OFFSET + HomeAddressOption.OFF_HOME_ADDRESS + 8, hoaLo);
        buf.putShort(newStart + Ipv6Header.OFF_PAYLOAD_LENGTH, (short) (length + HEADROOM - Ipv6Header.LENGTH));
        buf.putLong(newStart + Ipv6Header.OFF_SOURCE, p.careOf().hi());
        buf.putLong(newStart + Ipv6Header.OFF_SOURCE + 8, p.careOf().lo());
        int total = length + HEADROOM;
        buf.limit(newStart + total).position(newStart);
        try {
            if (headerIncluded.send(buf, correspondent) == total) {
                routeOptimisedOut.increment();
                bytesOut.add(total);
            } else {
                drop(Drop.OUT_SEND_FAILED);
            }
        } catch (NetException e) {
            drop(Drop.OUT_SEND_FAILED);
            LOG.debug("sending route-optimised to {}: {}", correspondent, e.getMessage());
        }
    }

    /** Whether a peer is a correspondent worth telling the daemon about: not a home agent, not multicast or link-local. */
    private boolean shouldReport(long hi, long lo, Placement p) {
        if ((hi >>> 56) == 0xff || (hi >>> 54) == (0xfe80L >>> 6) || hi == 0 && (lo == 0 || lo == 1)) {
            return false;
        }
        return !(hi == p.homeAgent().hi() && lo == p.homeAgent().lo()) && !otherHomeAgent(hi, lo, otherHomeAgents);
    }

    private static boolean otherHomeAgent(long hi, long lo, long[] others) {
        for (int i = 0; i < others.length; i += 2) {
            if (others[i] == hi && others[i + 1] == lo) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every home agent the node is registered with (roam6's multi-HA): packets tunnelled by any
     * of them are taken, not only by the one {@link #away} sends through (which of them
     * intercepts the home address's traffic on the home link is theirs to settle), and none of
     * them is reported as a correspondent.
     */
    public void homeAgents(List<Ipv6Address> homeAgents) {
        long[] a = new long[2 * homeAgents.size()];
        for (int i = 0; i < homeAgents.size(); i++) {
            a[2 * i] = homeAgents.get(i).hi();
            a[2 * i + 1] = homeAgents.get(i).lo();
        }
        otherHomeAgents = a;
    }

    private static void tell(Consumer<Ipv6Address> c, long hi, long lo) {
        try {
            c.accept(new Ipv6Address(hi, lo));
        } catch (RuntimeException e) {
            LOG.error("telling about the correspondent {} failed", new Ipv6Address(hi, lo), e);
        }
    }

    // ---------------------------------------------------------------- in: tunnelled by the home agent

    private void inLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        PacketInfo info = new PacketInfo();
        PeerSightings sightings = new PeerSightings(TimeUnit.SECONDS.toNanos(SIGHTING_INTERVAL_SECONDS), SIGHTINGS_CAPACITY);
        while (running) {
            if (!Objects.equals(careOfAddress(), boundCareOf)) {
                bindToCareOf(false);
            }
            buf.clear();
            int n;
            try {
                n = tunnel.receive(buf, info, BIND_RETRY_MILLIS);
            } catch (NetException e) {
                if (running) {
                    LOG.warn("receiving tunnelled packets: {}", e.getMessage());
                    pause();
                }
                continue;
            }
            if (n == PacketSocket.CLOSED) {
                break;
            }
            if (n >= 0) {
                inbound(buf, n, info, sightings);
            }
        }
    }

    /**
     * Checks one packet the protocol-41 socket gave, the inner packet {@code buf[0, n)} with the
     * outer addresses in {@code info}, and writes it into the TUN; package-private for tests.
     */
    void inbound(ByteBuffer buf, int n, PacketInfo info, PeerSightings sightings) {
        if (info.truncated() || n < Ipv6Header.LENGTH || (buf.get(0) & 0xf0) != 0x60) {
            drop(Drop.IN_MALFORMED);
            return;
        }
        int length = Ipv6Header.LENGTH + (buf.getShort(Ipv6Header.OFF_PAYLOAD_LENGTH) & 0xffff);
        if (length > n) {
            drop(Drop.IN_MALFORMED);
            return;
        }
        Placement p = placement;
        if (p == null || !p.away()) {
            drop(Drop.IN_NOT_AWAY);
            return;
        }
        if ((info.sourceHi() != p.homeAgent().hi() || info.sourceLo() != p.homeAgent().lo())
                && !otherHomeAgent(info.sourceHi(), info.sourceLo(), otherHomeAgents)) {
            drop(Drop.IN_NOT_HOME_AGENT);
            return;
        }
        if (!info.hasDestination() || !p.careOf().equals(info.destination())) {
            drop(Drop.IN_NOT_CARE_OF);
            return;
        }
        if (buf.getLong(Ipv6Header.OFF_DESTINATION) != hoaHi || buf.getLong(Ipv6Header.OFF_DESTINATION + 8) != hoaLo) {
            drop(Drop.IN_NOT_HOME_ADDRESS);
            return;
        }
        buf.limit(length).position(0);
        try {
            tun.write(buf);
            tunnelledIn.increment();
            bytesIn.add(length);
        } catch (NetException e) {
            drop(Drop.IN_WRITE_FAILED);
            LOG.debug("writing into {}: {}", tun.name(), e.getMessage());
            return;
        }
        long sHi = buf.getLong(Ipv6Header.OFF_SOURCE);
        long sLo = buf.getLong(Ipv6Header.OFF_SOURCE + 8);
        if (shouldReport(sHi, sLo, p) && buf.get(Ipv6Header.OFF_NEXT_HEADER) != (byte) IpProtocol.MOBILITY
                && sightings.shouldReport(sHi, sLo, clock.nanoTime())) {
            tell(onTunnelledFrom, sHi, sLo);
        }
    }

    // ---------------------------------------------------------------- in: Type 2 routing header

    private void rh2Loop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        PacketInfo info = new PacketInfo();
        while (running) {
            buf.clear().position(RH2_OFFSET);
            int n;
            try {
                n = routing.receive(buf, info, PacketSocket.WAIT_FOREVER);
            } catch (NetException e) {
                if (running) {
                    LOG.warn("receiving routing headers: {}", e.getMessage());
                    pause();
                }
                continue;
            }
            if (n == PacketSocket.CLOSED) {
                break;
            }
            if (n >= 0) {
                routingHeader(buf, n, info);
            }
        }
    }

    /**
     * Processes one copy the protocol-43 socket gave, {@code buf[RH2_OFFSET, RH2_OFFSET+n)} from
     * the Routing header on, as the mobile node processes a Type 2 routing header (RFC 6275 6.4,
     * 11.3.3), and writes the rebuilt packet {@code buf[0, 40+payload)} into the TUN;
     * package-private so tests can drive it directly.
     */
    void routingHeader(ByteBuffer buf, int n, PacketInfo info) {
        int rh = RH2_OFFSET;
        if (n >= RoutingHeaderType2.OFF_ROUTING_TYPE + 1
                && (buf.get(rh + RoutingHeaderType2.OFF_ROUTING_TYPE) & 0xff) != RoutingHeaderType2.ROUTING_TYPE) {
            otherRoutingIgnored.increment(); // type 0 is deprecated, others belong to no one here
            return;
        }
        if (info.truncated() || n < RoutingHeaderType2.LENGTH
                || (buf.get(rh + RoutingHeaderType2.OFF_HDR_EXT_LEN) & 0xff) != RoutingHeaderType2.HDR_EXT_LEN) {
            drop(Drop.RH2_MALFORMED);
            return;
        }
        if ((buf.get(rh + RoutingHeaderType2.OFF_SEGMENTS_LEFT) & 0xff) != 1) {
            drop(Drop.RH2_SEGMENTS_LEFT);
            return;
        }
        if (buf.getLong(rh + RoutingHeaderType2.OFF_HOME_ADDRESS) != hoaHi
                || buf.getLong(rh + RoutingHeaderType2.OFF_HOME_ADDRESS + 8) != hoaLo) {
            drop(Drop.RH2_NOT_HOME_ADDRESS);
            return;
        }
        Placement p = placement;
        Ipv6Address to = p != null && p.away() ? p.careOf() : homeAddress;
        Ipv6Address next = announcedCareOf;
        if (!info.hasDestination() || !(to.equals(info.destination()) || info.destination().equals(next))) {
            drop(Drop.RH2_NOT_CARE_OF);
            return;
        }
        int nextHeader = buf.get(rh + RoutingHeaderType2.OFF_NEXT_HEADER) & 0xff;
        int payload = n - RoutingHeaderType2.LENGTH;
        int hopLimit = info.hopLimit() >= 0 ? info.hopLimit() : TUNNEL_HOP_LIMIT;
        // the new IPv6 header ends where the routing header ended; its destination (octets 24-39)
        // lies over the routing header's home address, which is the same 16 octets
        buf.putInt(0, 6 << 28);
        buf.putShort(Ipv6Header.OFF_PAYLOAD_LENGTH, (short) payload);
        buf.put(Ipv6Header.OFF_NEXT_HEADER, (byte) nextHeader);
        buf.put(Ipv6Header.OFF_HOP_LIMIT, (byte) hopLimit);
        buf.putLong(Ipv6Header.OFF_SOURCE, info.sourceHi());
        buf.putLong(Ipv6Header.OFF_SOURCE + 8, info.sourceLo());
        buf.putLong(Ipv6Header.OFF_DESTINATION, hoaHi);
        buf.putLong(Ipv6Header.OFF_DESTINATION + 8, hoaLo);
        int total = Ipv6Header.LENGTH + payload;
        buf.limit(total).position(0);
        try {
            tun.write(buf);
            rh2In.increment();
            bytesIn.add(total);
        } catch (NetException e) {
            drop(Drop.RH2_WRITE_FAILED);
            LOG.debug("writing into {}: {}", tun.name(), e.getMessage());
        }
    }

    private void drop(Drop reason) {
        drops[reason.ordinal()].increment();
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- counters

    /** Packets reverse-tunnelled to the home agent. */
    public long tunnelledOut() {
        return tunnelledOut.sum();
    }

    /** Packets accepted from the home agent's tunnel and handed to the kernel. */
    public long tunnelledIn() {
        return tunnelledIn.sum();
    }

    /** Packets sent directly to correspondents with a Home Address option. */
    public long routeOptimisedOut() {
        return routeOptimisedOut.sum();
    }

    /** Packets with a Type 2 routing header processed and handed to the kernel. */
    public long rh2In() {
        return rh2In.sum();
    }

    /** Octets sent: inner packets tunnelled, route-optimised packets with their Home Address option. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Octets handed to the kernel: inner packets and rebuilt routing-header packets. */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Packets dropped for {@code reason}. */
    public long drops(Drop reason) {
        return drops[reason.ordinal()].sum();
    }

    /** Copies of packets with a routing header of another type than 2, left to the kernel. */
    public long otherRoutingHeadersIgnored() {
        return otherRoutingIgnored.sum();
    }

    /** Address, route or rule changes the kernel refused. */
    public long controlFailures() {
        return controlFailures.sum();
    }

    /**
     * Every counter by name: {@code tunnelled_out, tunnelled_in, route_optimised_out, rh2_in,
     * bytes_out, bytes_in, routing_other_ignored, control_failures} and
     * {@code dropped_<direction>_<reason>} for each {@link Drop}.
     */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tunnelled_out", tunnelledOut());
        m.put("tunnelled_in", tunnelledIn());
        m.put("route_optimised_out", routeOptimisedOut());
        m.put("rh2_in", rh2In());
        m.put("bytes_out", bytesOut());
        m.put("bytes_in", bytesIn());
        m.put("routing_other_ignored", otherRoutingHeadersIgnored());
        m.put("control_failures", controlFailures());
        for (Drop d : Drop.values()) {
            m.put("dropped_" + d.direction() + "_" + d.reason(), drops(d));
        }
        return m;
    }

    /** The TUN device's name. */
    public String tunnelInterface() {
        return tun.name();
    }

    public int mtu() {
        return mtu;
    }

    public Ipv6Address homeAddress() {
        return homeAddress;
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops the three loops (closing the TUN and the sockets releases their waits at once) and
     * waits for each up to {@value #STOP_MILLIS} ms; the TUN device disappears with its
     * descriptor. The address, route and rule stay for the {@link NetworkControl}'s undo journal.
     */
    @Override
    public void close() {
        Thread[] threads;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = false;
            threads = new Thread[] {outThread, inThread, rh2Thread};
        }
        tun.close();
        tunnel.close();
        routing.close();
        headerIncluded.close();
        for (Thread t : threads) {
            ReceiveLoop.join(t, STOP_MILLIS);
            if (t != null && t.isAlive()) {
                LOG.warn("{} did not stop within {} ms", t.getName(), STOP_MILLIS);
            }
        }
    }

    /** Whether every loop has ended (after {@link #close()}). */
    public synchronized boolean stopped() {
        for (Thread t : new Thread[] {outThread, inThread, rh2Thread}) {
            if (t != null && t.isAlive()) {
                return false;
            }
        }
        return !running;
    }

    /**
     * The route-optimised bindings as an immutable open-addressed table for the out loop:
     * correspondent address, the care-of address its binding holds, and its {@link Destination}.
     */
    static final class RouteOptimisedBindings {
        static final RouteOptimisedBindings EMPTY = new RouteOptimisedBindings(new long[8], new long[2], new Destination[2]);

        /** Rows of four longs: correspondent hi, lo, care-of hi, lo. */
        private final long[] rows;
        private final long[] used;
        private final Destination[] destinations;
        private final int mask;

        private RouteOptimisedBindings(long[] rows, long[] used, Destination[] destinations) {
            this.rows = rows;
            this.used = used;
            this.destinations = destinations;
            this.mask = destinations.length - 1;
        }

        static RouteOptimisedBindings of(Map<Ipv6Address, Ipv6Address> byCorrespondent) {
            int slots = Integer.highestOneBit(Math.max(1, byCorrespondent.size()) * 4 - 1) * 2;
            long[] rows = new long[slots * 4];
            long[] used = new long[slots];
            Destination[] d = new Destination[slots];
            int mask = slots - 1;
            byCorrespondent.forEach((cn, coa) -> {
                int i = slot(cn.hi(), cn.lo(), mask);
                while (used[i] != 0) {
                    i = (i + 1) & mask;
                }
                used[i] = 1;
                rows[4 * i] = cn.hi();
                rows[4 * i + 1] = cn.lo();
                rows[4 * i + 2] = coa.hi();
                rows[4 * i + 3] = coa.lo();
                d[i] = Destination.of(cn);
            });
            return new RouteOptimisedBindings(rows, used, d);
        }

        /** The row of correspondent {@code hi:lo}, or -1. */
        int find(long hi, long lo) {
            int i = slot(hi, lo, mask);
            while (used[i] != 0) {
                if (rows[4 * i] == hi && rows[4 * i + 1] == lo) {
                    return i;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }

        long careOfHi(int row) {
            return rows[4 * row + 2];
        }

        long careOfLo(int row) {
            return rows[4 * row + 3];
        }

        Destination destination(int row) {
            return destinations[row];
        }

        private static int slot(long hi, long lo, int mask) {
            long h = (hi ^ Long.rotateLeft(lo, 29)) * 0x9e3779b97f4a7c15L;
            return (int) (h >>> 32) & mask;
        }
    }
}
