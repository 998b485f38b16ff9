package org.roam6.mnd;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.roam6.net.NetException;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.ReceiveLoop;
import org.roam6.net.SendOptions;
import org.roam6.runtime.MonotonicClock;
import org.roam6.runtime.Timers;
import org.roam6.wire.Decoded;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Prefix;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.Octets;
import org.roam6.wire.icmp.AdvertisementInterval;
import org.roam6.wire.icmp.EchoReply;
import org.roam6.wire.icmp.EchoRequest;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.roam6.wire.icmp.Icmpv6Message;
import org.roam6.wire.icmp.NdOption;
import org.roam6.wire.icmp.PrefixInformation;
import org.roam6.wire.icmp.RouterAdvertisement;
import org.roam6.wire.icmp.RouterSolicitation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Movement detection of the mobile node (RFC 6275 11.5.1): from Router Advertisements on the
 * access interface, its carrier and the kernel's addresses, decides when the mobile node is on a
 * new link (and its new care-of address), back on the home link, or without a link, and tells a
 * {@link MovementListener}.
 *
 * <h2>Inputs</h2>
 * <ul>
 *   <li>Router Advertisements from a raw ICMPv6 socket bound to the interface (types 134 and
 *       129). Each is validated as RFC 4861 6.1.2 says: link-local source, hop limit 255, Code 0,
 *       at least 16 octets, options of non-zero length that fit (the kernel checks the
 *       checksum). Invalid ones are counted by reason ({@code ras_invalid_<reason>}) and ignored.
 *       The prefixes an advertisement shows are its Prefix Information options with the A flag
 *       (a valid lifetime above 0), and, from a home agent (H flag), on-link /64 prefixes with the
 *       R flag (RFC 6275 7.2: a home agent's own global address).
 *   <li>The carrier, polled every {@value #CARRIER_POLL_MILLIS} ms; a step of two or more in the
 *       kernel's carrier change count is a down-and-up too quick for the poll.
 *   <li>The kernel's addresses ({@link AccessAddresses}): the care-of address is the usable global
 *       address stateless autoconfiguration formed on the new prefix (optimistic counts,
 *       tentative or failed does not).
 * </ul>
 *
 * <h2>Decisions</h2>
 * <ul>
 *   <li>At start, after a carrier loss and after the current router failed its probe, the link
 *       is unknown: a Router Solicitation goes to ff02::2 (hop limit 255) and the next valid
 *       advertisement with a prefix decides the link. Its home prefix wins if it shows it
 *       (then {@link Attachment#atHome()}, the care-of address being the kernel's address on
 *       the home prefix, else the home address); otherwise its first prefix, and the
 *       detector waits, polling every {@value #ADDRESS_POLL_MILLIS} ms for at most
 *       {@value #ADDRESS_WAIT_MILLIS} ms, for the kernel's address on it, then reports
 *       {@link MovementListener#onAttached}. Without an address in that time the link stays
 *       unknown and the next advertisement tries again.
 *   <li>Attached: an advertisement showing the current prefix, from any router, proves the link
 *       (the router's interval is noted). One with only other prefixes is a new link only if the
 *       link has been silent for three Advertisement Intervals (RFC 6275 7.3; 1.5 s when the
 *       router sends no such option), or if the current router then fails its reachability
 *       probe ({@link RouterProbe}, Echo Requests to its link-local address). While the router
 *       answers it is spurious and changes nothing.
 *   <li>Silence for three intervals starts the probe by itself; a failed probe with no other
 *       router heard makes the link unknown and reports {@link MovementListener#onDetached}.
 *   <li>Carrier down: {@link MovementListener#onDetached} at once, link unknown; carrier up: a
 *       Router Solicitation. When the poll finds that the carrier went down and up since it last
 *       looked, an advertisement with another prefix heard since then (it came over the new
 *       link, before the poll noticed) decides the link at once.
 * </ul>
 * Every attachment after the link was unknown is reported, also when it is the same prefix as
 * before (the listener has been told of the detachment); {@code movements} counts only those to
 * a prefix other than the previous attachment's, {@code home_returns} those back home from away.
 *
 * <h2>Threads</h2>
 * One receiving thread (advertisements and echo replies) and the timer thread of the given
 * {@link Timers} (carrier poll, address wait, silence and probe timers) change the state, each
 * under this object's lock, and call the listener under it, so events arrive in order.
 * {@link #current()} and {@link #counters()} take no lock.
 */
public final class MovementDetector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MovementDetector.class);

    /** RFC 4861 6.1.2: Neighbor Discovery messages arrive with the hop limit they were sent with, 255. */
    public static final int ND_HOP_LIMIT = 255;
    /** All-routers link-local multicast, where Router Solicitations go (RFC 4861 6.3.7). */
    public static final Ipv6Address ALL_ROUTERS = Ipv6Address.parse("ff02::2");
    public static final long CARRIER_POLL_MILLIS = 50;
    public static final long ADDRESS_POLL_MILLIS = 20;
    public static final long ADDRESS_WAIT_MILLIS = 3000;
    /** The interval assumed for a router that sends no Advertisement Interval option (MaxRtrAdvInterval of the testbed, UMIP's). */
    public static final long DEFAULT_ADVERTISEMENT_INTERVAL_MILLIS = 1500;
    /** How many intervals without an advertisement make a link silent (RFC 6275 11.5.1). */
    public static final int SILENT_INTERVALS = 3;
    private static final long RECEIVE_TIMEOUT_MILLIS = 200;
    private static final int RECEIVE_BUFFER = 65_535;
    private static final int HOME_PREFIX_LENGTH_FOR_R_FLAG = 64;

    /** Why an advertisement was not valid (RFC 4861 6.1.2); the counter is {@code ras_invalid_<name>}. */
    enum Invalid {
        SOURCE_NOT_LINK_LOCAL, HOP_LIMIT, CODE, TRUNCATED, OPTIONS, WRONG_INTERFACE, TOO_LONG;

        String counter() {
            return "ras_invalid_" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private enum LinkState { UNKNOWN, ATTACHING, ATTACHED }

    /** What one valid advertisement showed. */
    private record Heard(Ipv6Address router, List<Ipv6Prefix> prefixes, long intervalMillis) {}

    private final PacketSocket socket;
    private final AccessAddresses addresses;
    private final Carrier carrier;
    private final Timers timers;
    private final MonotonicClock clock;
    private final String interfaceName;
    private final int interfaceIndex;
    private final Ipv6Prefix homePrefix;
    private final Ipv6Address homeAddress;
    private final RouterProbe probe;
    private final MovementListener listener;
    private final MobilityExtensions extensions = MobilityExtensions.DEFAULT;
    private final int echoIdentifier = ThreadLocalRandom.current().nextInt(0x10000);

    private final Timers.Timer carrierPoll;
    private final Timers.Timer addressWait;
    private final Timers.Timer linkSilence;
    private final Timers.Timer probeTimeout;

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    // state, under this object's lock
    private LinkState state = LinkState.UNKNOWN;
    private boolean carrierUp;
    private long carrierChanges = -1;
    /** The attachment being made (ATTACHING): the advertisement that decided it and when the wait began. */
    private Heard pending;
    private Ipv6Prefix pendingPrefix;
    private long pendingSinceNanos;
    /** The link's routers were silent for three intervals (ATTACHED). */
    private boolean silent;
    /** The Advertisement Interval of the router last heard on the current link. */
    private long linkIntervalMillis = DEFAULT_ADVERTISEMENT_INTERVAL_MILLIS;
    /** Echo Requests sent in the running probe, 0 when none runs. */
    private int probesSent;
    private int probeSequence;
    /** An advertisement with another prefix, heard while attached; moves there if the probe fails. */
    private Heard candidate;
    private Ipv6Prefix candidatePrefix;
    private long candidateHeardNanos;
    /** When the carrier was last read. */
    private long carrierPolledNanos;
    private volatile Attachment current;
    private Attachment previous;
    private volatile boolean closed;
    private boolean started;
    private Thread receiver;

    /**
     * @param socket         a raw ICMPv6 socket on the access interface passing Router
     *                       Advertisements and Echo Replies, reporting the hop limit
     * @param addresses      the kernel's addresses
     * @param carrier        the access interface's carrier
     * @param timers         the daemon's timers (their clock is the detector's clock); started by the owner
     * @param interfaceName  the access interface, e.g. {@code eth0}
     * @param interfaceIndex its index
     * @param homeAddress    the home address
     * @param homePrefix     the home link's prefix
     * @param probe          MnRouterProbes and MnRouterProbeTimeout
     * @param listener       told of attachments and detachments
     */
    public MovementDetector(PacketSocket socket, AccessAddresses addresses, Carrier carrier, Timers timers,
                            String interfaceName, int interfaceIndex, Ipv6Address homeAddress, Ipv6Prefix homePrefix,
                            RouterProbe probe, MovementListener listener) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.carrier = Objects.requireNonNull(carrier, "carrier");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.clock = timers.clock();
        this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
        this.interfaceIndex = interfaceIndex;
        this.homeAddress = Objects.requireNonNull(homeAddress, "homeAddress");
        this.homePrefix = Objects.requireNonNull(homePrefix, "homePrefix");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.listener = Objects.requireNonNull(listener, "listener");
        carrierPoll = timers.timer("Carrier " + interfaceName, this::pollCarrier);
        addressWait = timers.timer("CareOfAddress " + interfaceName, this::pollAddress);
        linkSilence = timers.timer("RouterSilence " + interfaceName, this::onLinkSilent);
        probeTimeout = timers.timer("MnRouterProbeTimeout " + interfaceName, this::onProbeTimeout);
        for (String c : List.of("ras_valid", "ras_invalid", "ras_spurious", "attachments", "movements",
                "home_returns", "detachments", "probes_sent", "probe_failures", "address_timeouts",
                "rs_sent", "rs_failures")) {
            counters.put(c, new AtomicLong());
        }
        for (Invalid i : Invalid.values()) {
            counters.put(i.counter(), new AtomicLong());
        }
    }

    /**
     * The real detector on {@code interfaceName}: a raw ICMPv6 socket bound to it passing types
     * 134 and 129, {@code /proc/net/if_inet6}, {@code /sys/class/net/IF/carrier}.
     */
    public static MovementDetector open(String interfaceName, Ipv6Address homeAddress, Ipv6Prefix homePrefix,
                                        RouterProbe probe, Timers timers, MovementListener listener)
            throws NetException, SocketException {
        NetworkInterface nif = NetworkInterface.getByName(interfaceName);
        if (nif == null) {
            throw new SocketException("no interface " + interfaceName);
        }
        RawIpv6Socket s = RawIpv6Socket.open(
                PacketSocketConfig.icmpv6(RouterAdvertisement.TYPE, EchoReply.TYPE).withDevice(interfaceName));
        return new MovementDetector(s, AccessAddresses.procfs(), Carrier.sysfs(interfaceName), timers,
                interfaceName, nif.getIndex(), homeAddress, homePrefix, probe, listener);
    }

    /** Reads the carrier, sends a Router Solicitation, starts the carrier poll and the receiving thread. */
    public void start() {
        synchronized (this) {
            startDetection();
            receiver = new ReceiveLoop("mnd-movement", socket, RECEIVE_BUFFER, RECEIVE_TIMEOUT_MILLIS)
                    .pauseAfterFailure(RECEIVE_TIMEOUT_MILLIS).receiving("Router Advertisements")
                    .start(() -> !closed, this::onPacket);
        }
    }

    /** {@link #start()} without the receiving thread: packets come through {@link #receiveOne}. */
    synchronized void startDetection() {
        if (started || closed) {
            throw new IllegalStateException("movement detector already started or closed");
        }
        started = true;
        carrierUp = carrier.up();
        carrierChanges = carrier.changes();
        carrierPolledNanos = clock.nanoTime();
        if (carrierUp) {
            sendRouterSolicitation();
        }
        carrierPoll.schedule(Duration.ofMillis(CARRIER_POLL_MILLIS));
    }

    /** Receives one packet from the socket and handles it on the calling thread; false when none came. */
    boolean receiveOne(long timeoutMillis) throws NetException {
        byte[] buf = new byte[RECEIVE_BUFFER];
        PacketInfo info = new PacketInfo();
        int n = socket.receive(buf, 0, buf.length, info, timeoutMillis);
        if (n < 0) {
            return false;
        }
        onPacket(buf, 0, n, info);
        return true;
    }

    /** Stops the timers of the detector, closes the socket and waits for the receiving thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            carrierPoll.cancel();
            addressWait.cancel();
            linkSilence.cancel();
            probeTimeout.cancel();
            t = receiver;
        }
        socket.close();
        ReceiveLoop.join(t, 2 * RECEIVE_TIMEOUT_MILLIS + 1000);
    }

    /** The last attachment reported, or null before the first (kept while detached). */
    public Attachment current() {
        return current;
    }

    /** The counters, by name, at this moment. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new java.util.TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private void count(String name) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    // ------------------------------------------------------------------ receiving

    /** One packet from the socket: a Router Advertisement or an Echo Reply. */
    void onPacket(byte[] b, int off, int len, PacketInfo info) {
        if (len < Icmpv6Message.HEADER_LENGTH) {
            invalid(Invalid.TRUNCATED, info, "ICMPv6 message of " + len + " octets");
            return;
        }
        int type = b[off] & 0xff;
        if (type == EchoReply.TYPE) {
            onEchoReply(b, off, len, info);
        } else if (type == RouterAdvertisement.TYPE) {
            onRouterAdvertisement(b, off, len, info);
        }
    }

    private void onRouterAdvertisement(byte[] b, int off, int len, PacketInfo info) {
        Ipv6Address source = info.source();
        if (info.truncated()) {
            invalid(Invalid.TOO_LONG, info, "longer than " + RECEIVE_BUFFER + " octets");
            return;
        }
        if (info.interfaceIndex() != 0 && info.interfaceIndex() != interfaceIndex) {
            invalid(Invalid.WRONG_INTERFACE, info, "arrived on interface " + info.interfaceIndex());
            return;
        }
        if (!source.isLinkLocal()) {
            invalid(Invalid.SOURCE_NOT_LINK_LOCAL, info, "source is not link-local");
            return;
        }
        if (info.hopLimit() != ND_HOP_LIMIT) {
            invalid(Invalid.HOP_LIMIT, info, "hop limit " + info.hopLimit());
            return;
        }
        if ((b[off + Icmpv6Message.OFF_CODE] & 0xff) != 0) {
            invalid(Invalid.CODE, info, "code " + (b[off + Icmpv6Message.OFF_CODE] & 0xff));
            return;
        }
        if (len < RouterAdvertisement.OFF_OPTIONS) {
            invalid(Invalid.TRUNCATED, info, len + " octets");
            return;
        }
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, off, len, extensions);
        if (!d.isOk() || !(d.value() instanceof RouterAdvertisement ra)) {
            invalid(Invalid.OPTIONS, info, !d.isOk() ? d.error().toString() : "not a Router Advertisement");
            return;
        }
        count("ras_valid");
        onValidAdvertisement(new Heard(source, prefixes(ra), advertisementInterval(ra)));
    }

    private void invalid(Invalid reason, PacketInfo info, String detail) {
        count("ras_invalid");
        count(reason.counter());
        LOG.debug("invalid Router Advertisement from {} on {}: {}", info.source(), interfaceName, detail);
    }

    /** The prefixes an advertisement shows for this link, in its order. */
    private static List<Ipv6Prefix> prefixes(RouterAdvertisement ra) {
        List<Ipv6Prefix> out = new ArrayList<>();
        for (NdOption o : ra.options()) {
            if (o instanceof PrefixInformation pi && pi.validLifetime() > 0 && pi.prefixLength() <= 128) {
                boolean slaac = pi.autonomous();
                boolean homeAgentAddress = ra.homeAgent() && pi.onLink() && pi.routerAddress()
                        && pi.prefixLength() == HOME_PREFIX_LENGTH_FOR_R_FLAG;
                Ipv6Prefix p = pi.asPrefix();
                if ((slaac || homeAgentAddress) && !p.address().isLinkLocal() && !out.contains(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static long advertisementInterval(RouterAdvertisement ra) {
        for (NdOption o : ra.options()) {
            if (o instanceof AdvertisementInterval ai && ai.intervalMillis() > 0) {
                return ai.intervalMillis();
            }
        }
        return DEFAULT_ADVERTISEMENT_INTERVAL_MILLIS;
    }

    private synchronized void onValidAdvertisement(Heard ra) {
        if (closed) {
            return;
        }
        switch (state) {
            case UNKNOWN -> {
                if (!ra.prefixes().isEmpty()) {
                    decide(ra, choose(ra.prefixes()));
                }
            }
            case ATTACHING -> {
                // the decision is made; the address wait ends it either way
            }
            case ATTACHED -> {
                Attachment a = current;
                if (ra.prefixes().contains(a.prefix())) {
                    heard(ra.intervalMillis());
                    endProbe();
                    if (candidate != null) {
                        candidate = null;
                        candidatePrefix = null;
                        spurious("the link's prefix " + a.prefix() + " was advertised again by " + ra.router());
                    }
                } else if (ra.prefixes().isEmpty()) {
                    if (ra.router().equals(a.router())) {
                        heard(ra.intervalMillis());
                    }
                } else if (silent) {
                    LOG.debug("{} advertised {} after the link of {} fell silent", ra.router(), ra.prefixes(), a.prefix());
                    leaveAndDecide(ra, choose(ra.prefixes()));
                } else {
                    candidate = ra;
                    candidatePrefix = choose(ra.prefixes());
                    candidateHeardNanos = clock.nanoTime();
                    if (probe.probes() == 0) {
                        spurious(ra.router() + " advertised " + ra.prefixes() + " while the link of " + a.prefix()
                                + " is not silent (no probes configured)");
                        candidate = null;
                    } else if (probesSent == 0) {
                        startProbe();
                    }
                }
            }
        }
    }

    private Ipv6Prefix choose(List<Ipv6Prefix> prefixes) {
        return prefixes.contains(homePrefix) ? homePrefix : prefixes.get(0);
    }

    private void spurious(String why) {
        count("ras_spurious");
        LOG.debug("no movement: {}", why);
    }

    /** The link is heard from: the silence timer starts again. */
    private void heard(long intervalMillis) {
        silent = false;
        linkIntervalMillis = intervalMillis;
        linkSilence.schedule(Duration.ofMillis(SILENT_INTERVALS * intervalMillis));
    }

    // ------------------------------------------------------------------ deciding

    private void leaveAndDecide(Heard ra, Ipv6Prefix prefix) {
        endProbe();
        linkSilence.cancel();
        silent = false;
        decide(ra, prefix);
    }

    /** The link is the one {@code ra} advertises with {@code prefix}: attach at once or wait for the address. */
    private void decide(Heard ra, Ipv6Prefix prefix) {
        pending = ra;
        pendingPrefix = prefix;
        pendingSinceNanos = clock.nanoTime();
        state = LinkState.ATTACHING;
        if (prefix.equals(homePrefix)) {
            Ipv6Address own = lookUp(prefix);
            attach(own != null ? own : homeAddress, true);
        } else {
            pollAddress();
        }
    }

    private synchronized void pollAddress() {
        if (closed || state != LinkState.ATTACHING) {
            return;
        }
        Ipv6Address coa = lookUp(pendingPrefix);
        if (coa != null) {
            attach(coa, false);
            return;
        }
        long waited = (clock.nanoTime() - pendingSinceNanos) / 1_000_000L;
        if (waited >= ADDRESS_WAIT_MILLIS) {
            count("address_timeouts");
            LOG.warn("no address on {} appeared on {} within {} ms; waiting for the next Router Advertisement",
                    pendingPrefix, interfaceName, ADDRESS_WAIT_MILLIS);
            state = LinkState.UNKNOWN;
            pending = null;
            pendingPrefix = null;
            return;
        }
        addressWait.schedule(Duration.ofMillis(ADDRESS_POLL_MILLIS));
    }

    private Ipv6Address lookUp(Ipv6Prefix prefix) {
        try {
            return AccessAddresses.find(addresses.addresses(), interfaceIndex, prefix);
        } catch (IOException e) {
            LOG.warn("reading the addresses of {}: {}", interfaceName, e.toString());
            return null;
        }
    }

    private void attach(Ipv6Address coa, boolean atHome) {
        addressWait.cancel();
        Attachment a = new Attachment(interfaceName, interfaceIndex, coa, pendingPrefix, pending.router(), atHome,
                clock.nanoTime());
        long interval = pending.intervalMillis();
        pending = null;
        pendingPrefix = null;
        state = LinkState.ATTACHED;
        candidate = null;
        candidatePrefix = null;
        current = a;
        heard(interval);
        count("attachments");
        if (previous != null && !previous.prefix().equals(a.prefix())) {
            count("movements");
            if (atHome && !previous.atHome()) {
                count("home_returns");
            }
        }
        previous = a;
        if (atHome) {
            LOG.info("attached to the home link {}: router {}", a.prefix(), a.router());
        } else {
            LOG.info("attached to link {}: care-of address {}, router {}", a.prefix(), a.careOfAddress(), a.router());
        }
        listener.onAttached(a);
    }

    /** The link is gone: tell the listener, forget the link, and ask routers. */
    private void detach() {
        state = LinkState.UNKNOWN;
        pending = null;
        pendingPrefix = null;
        candidate = null;
        candidatePrefix = null;
        silent = false;
        addressWait.cancel();
        linkSilence.cancel();
        endProbe();
        count("detachments");
        LOG.info("detached from {}", interfaceName);
        listener.onDetached(interfaceName);
    }

    // ------------------------------------------------------------------ carrier

    private synchronized void pollCarrier() {
        if (closed) {
            return;
        }
        boolean up = carrier.up();
        long changes = carrier.changes();
        boolean bounced = up && carrierUp && changes >= 0 && carrierChanges >= 0 && changes - carrierChanges >= 2;
        // an advertisement with another prefix heard since the last poll came over the new link
        Heard fresh = bounced && candidate != null && candidateHeardNanos - carrierPolledNanos >= 0 ? candidate : null;
        Ipv6Prefix freshPrefix = candidatePrefix;
        if (!up && carrierUp || bounced) {
            detach();
        }
        if (up && (!carrierUp || bounced)) {
            LOG.debug("carrier of {} is up{}", interfaceName, bounced ? " again (a quick down and up)" : "");
            sendRouterSolicitation();
        }
        carrierUp = up;
        carrierChanges = changes;
        carrierPolledNanos = clock.nanoTime();
        if (fresh != null) {
            decide(fresh, freshPrefix);
        }
        carrierPoll.schedule(Duration.ofMillis(CARRIER_POLL_MILLIS));
    }

    /** A Router Solicitation to ff02::2 (RFC 4861 6.3.7), hop limit 255, source chosen by the kernel. */
    private void sendRouterSolicitation() {
        byte[] rs = Icmpv6Codec.encode(new RouterSolicitation(List.of()), extensions);
        try {
            socket.send(rs, 0, rs.length, ALL_ROUTERS,
                    SendOptions.NONE.withInterface(interfaceIndex).withHopLimit(ND_HOP_LIMIT));
            count("rs_sent");
        } catch (NetException e) {
            count("rs_failures");
            LOG.debug("Router Solicitation on {}: {}", interfaceName, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ router reachability

    private synchronized void onLinkSilent() {
        if (closed || state != LinkState.ATTACHED) {
            return;
        }
        silent = true;
        LOG.debug("no Router Advertisement for {} on {} for {} intervals", current.prefix(), interfaceName, SILENT_INTERVALS);
        if (probe.probes() == 0) {
            routerLost();
        } else if (probesSent == 0) {
            startProbe();
        }
    }

    private void startProbe() {
        probesSent = 0;
        sendProbe();
    }

    private void sendProbe() {
        Ipv6Address router = current.router();
        probeSequence = (probeSequence + 1) & 0xffff;
        byte[] echo = Icmpv6Codec.encode(new EchoRequest(echoIdentifier, probeSequence, Octets.EMPTY), extensions);
        probesSent++;
        count("probes_sent");
        try {
            socket.send(echo, 0, echo.length, router, SendOptions.NONE.withInterface(interfaceIndex));
        } catch (NetException e) {
            LOG.debug("probe of {} on {}: {}", router, interfaceName, e.getMessage());
        }
        probeTimeout.schedule(probe.timeout());
    }

    private void endProbe() {
        probesSent = 0;
        probeTimeout.cancel();
    }

    private synchronized void onProbeTimeout() {
        if (closed || state != LinkState.ATTACHED || probesSent == 0) {
            return;
        }
        if (probesSent < probe.probes()) {
            sendProbe();
            return;
        }
        endProbe();
        count("probe_failures");
        LOG.debug("router {} on {} did not answer {} probes", current.router(), interfaceName, probe.probes());
        routerLost();
    }

    /** The current router is gone: move to the candidate link, or to none. */
    private void routerLost() {
        if (candidate != null) {
            leaveAndDecide(candidate, candidatePrefix);
        } else {
            detach();
            if (carrierUp) {
                sendRouterSolicitation();
            }
        }
    }

    private synchronized void onEchoReply(byte[] b, int off, int len, PacketInfo info) {
        if (closed || probesSent == 0 || state != LinkState.ATTACHED) {
            return;
        }
        Decoded<Icmpv6Message> d = Icmpv6Codec.decode(b, off, len, extensions);
        if (!d.isOk() || !(d.value() instanceof EchoReply r) || r.identifier() != echoIdentifier
                || r.sequence() != probeSequence || !info.source().equals(current.router())) {
            return;
        }
        endProbe();
        heard(linkIntervalMillis);
        if (candidate != null) {
            spurious(candidate.router() + " advertised " + candidate.prefixes() + " while " + current.router()
                    + " still answers");
            candidate = null;
            candidatePrefix = null;
        }
    }

}
