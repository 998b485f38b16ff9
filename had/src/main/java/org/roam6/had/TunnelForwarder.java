package org.roam6.had;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.roam6.binding.Binding;
import org.roam6.binding.BindingCache;
import org.roam6.binding.BindingView;
import org.roam6.net.Destination;
import org.roam6.net.LinuxTunDevice;
import org.roam6.net.NetException;
import org.roam6.net.NetworkControl;
import org.roam6.net.PacketInfo;
import org.roam6.net.PacketSocket;
import org.roam6.net.PacketSocketConfig;
import org.roam6.net.RawIpv6Socket;
import org.roam6.net.TunDevice;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.IpProtocol;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.Ipv6Header;
import org.roam6.wire.Ipv6Prefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The home agent's tunnels (RFC 6275 10.4.2 and 10.4.5, RFC 2473; NEMO: RFC 3963 6.4-6.6):
 * packets for a registered home address (or a mobile network prefix) are intercepted and
 * tunnelled IPv6-in-IPv6 to the care-of address, and packets the mobile node reverse-tunnels to
 * the home agent are checked and handed to the kernel to route on.
 *
 * <h2>Interception</h2>
 * The home agent owns a TUN device ({@code TunnelInterface}, default {@value #DEFAULT_TUNNEL_INTERFACE}).
 * Each registered home address gets a {@code /128} route into it, each mobile network prefix of
 * the binding a route of its own; the proxy neighbour entries of {@link ProxyNeighbor} bring the
 * home link's packets to this host and these routes bring them to the TUN.
 *
 * <h2>Forward path (one thread)</h2>
 * Reads a packet from the TUN, looks its destination up in the {@link BindingCache} (lock-free,
 * allocation-free) or, when it is not a home address, in the table of mobile network prefixes
 * (longest match, then the cache by the mobile router's home address), and sends it on a raw
 * socket of protocol 41 to the care-of address with source the home agent address and hop
 * limit {@value #TUNNEL_HOP_LIMIT}, no Encapsulation Limit option (as UMIP's tunnels). The kernel
 * writes the outer header: measured, a protocol-41 socket fragments an outer packet larger than
 * the path MTU (RFC 2473 7.1 asks the entry point to), where a header-included socket fails with
 * EMSGSIZE; so the packet is sent straight from the buffer it was read into, with no headroom
 * needed for an outer header. The loop uses the zero-copy calls of {@code org.roam6.net}: one
 * blocking {@link TunDevice#read(ByteBuffer, long)} into a direct buffer and one
 * {@link PacketSocket#send(ByteBuffer, Destination) sendto(2)} from it, with no control
 * messages: the socket is bound to the home agent address (the outer source) and its
 * {@code IPV6_UNICAST_HOPS} set to {@value #TUNNEL_HOP_LIMIT} once, by the constructor. The
 * {@link Destination} (native {@code sockaddr_in6}) of each care-of address is made the first
 * time a packet goes to it and kept ({@link CareOfDestinations}). A packet for an address with no
 * live binding is dropped and counted ({@link Drop#FORWARD_NO_BINDING}).
 *
 * <h2>Reverse path (one thread)</h2>
 * Receives on the same protocol-41 socket (one blocking {@link PacketSocket#receive(ByteBuffer,
 * PacketInfo, long)} into a direct buffer): the kernel gives the inner packet, and the outer
 * source (the care-of address) in {@link PacketInfo}. Being bound to the home agent address, the
 * socket sees only packets tunnelled to that address (where a mobile node reverse-tunnels: the
 * address it registered with, RFC 6275 11.3.1). The inner source must be a home address
 * whose binding has that very care-of address, or (NEMO) lie in a mobile network prefix of such
 * a binding (RFC 6275 10.4.5; RFC 3963 6.6); then the inner packet is written into the TUN and
 * the kernel routes it ({@code net.ipv6.conf.all.forwarding=1}, set by {@link #start()}).
 * Everything else is dropped and counted by reason.
 *
 * <h2>MTU</h2>
 * The TUN's MTU is what a packet may have before the 40-byte outer header:
 * {@value #DEFAULT_MTU} by default (an Ethernet path, 1500 - 40, as Linux's ip6tnl). Larger
 * packets get a Packet Too Big from the kernel before they reach the TUN; a path to the care-of
 * address narrower than MTU + 40 costs outer fragmentation, not loss.
 *
 * <p>Neither loop allocates per packet: one direct buffer, one {@link PacketInfo} and one
 * {@link BindingView} per thread, and a {@link Destination} made once per care-of address, not
 * per packet. {@link #close()} releases both blocking waits at once.
 */
public final class TunnelForwarder implements BindingListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelForwarder.class);

    /** The TUN device's name when the configuration names none ({@code TunnelInterface}). */
    public static final String DEFAULT_TUNNEL_INTERFACE = "r6had0";
    /** The TUN MTU by default: 1500 (Ethernet) minus the 40-byte outer header. */
    public static final int DEFAULT_MTU = 1460;
    /** Hop limit of the outer header (UMIP's tunnels use the kernel default, 64). */
    public static final int TUNNEL_HOP_LIMIT = 64;
    /** How long {@link #close()} waits for each thread to end. */
    static final long STOP_MILLIS = 2000;
    private static final int BUFFER = 65_535 + Ipv6Header.LENGTH;
    private static final String FORWARDING = "net.ipv6.conf.all.forwarding";

    /** Why a packet was dropped; {@link #direction()} and {@link #reason()} are metric labels. */
    public enum Drop {
        /** Forward: the destination is neither a home address nor a mobile network prefix with a live binding. */
        FORWARD_NO_BINDING("forward", "no_binding"),
        /** Forward: what came out of the TUN is not an IPv6 packet. */
        FORWARD_MALFORMED("forward", "malformed"),
        /** Forward: the tunnel socket refused the packet (no route to the care-of address, ...). */
        FORWARD_SEND_FAILED("forward", "send_failed"),
        /** Reverse: the inner source has no live binding and lies in no mobile network prefix. */
        REVERSE_NO_BINDING("reverse", "no_binding"),
        /** Reverse: the inner source's binding has another care-of address than the outer source (spoofing). */
        REVERSE_CARE_OF_MISMATCH("reverse", "care_of_mismatch"),
        /** Reverse: the inner packet is truncated, too short or not IPv6. */
        REVERSE_MALFORMED("reverse", "malformed"),
        /** Reverse: the TUN refused the packet. */
        REVERSE_WRITE_FAILED("reverse", "write_failed");

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

    private final BindingCache cache;
    private final TunDevice tun;
    private final PacketSocket tunnel;
    private final NetworkControl control;
    private final MonotonicClock clock;
    private final Ipv6Address homeAgentAddress;
    private final int mtu;

    private final LongAdder forwardedPackets = new LongAdder();
    private final LongAdder forwardedBytes = new LongAdder();
    private final LongAdder reversePackets = new LongAdder();
    private final LongAdder reverseBytes = new LongAdder();
    private final LongAdder[] drops = new LongAdder[Drop.values().length];
    private final LongAdder controlFailures = new LongAdder();

    /** Home address to the prefixes routed into the TUN for it ({@code /128} first); guarded by this. */
    private final Map<Ipv6Address, List<Ipv6Prefix>> routed = new HashMap<>();
    /** Home address to its mobile network prefixes; guarded by this, published through {@link #networks}. */
    private final Map<Ipv6Address, List<Ipv6Prefix>> mobileNetworks = new HashMap<>();
    private volatile MobileNetworks networks = MobileNetworks.EMPTY;

    private volatile boolean running;
    private boolean started;
    private boolean closed;
    private Thread forwardThread;
    private Thread reverseThread;

    /**
     * @param cache            the home agent's binding cache, read by both loops
     * @param tun              the TUN device; owned from now on, closed by {@link #close()}
     * @param tunnel           a raw socket of protocol 41 (send and receive); owned from now on,
     *                         bound to {@code homeAgentAddress} and given the hop limit here
     * @param control          installs the routes and the forwarding sysctl (shared with the daemon)
     * @param clock            the clock the binding cache's expiry times are on
     * @param homeAgentAddress the outer source of tunnelled packets (an address of this host)
     * @param mtu              the TUN's MTU, at least 1280
     * @throws NetException when the socket cannot be bound to {@code homeAgentAddress} (not an
     *     address of this host, or still tentative) or refuses the hop limit
     */
    public TunnelForwarder(BindingCache cache, TunDevice tun, PacketSocket tunnel, NetworkControl control,
            MonotonicClock clock, Ipv6Address homeAgentAddress, int mtu) throws NetException {
        this.cache = Objects.requireNonNull(cache, "cache");
        this.tun = Objects.requireNonNull(tun, "tun");
        this.tunnel = Objects.requireNonNull(tunnel, "tunnel");
        this.control = Objects.requireNonNull(control, "control");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.homeAgentAddress = Objects.requireNonNull(homeAgentAddress, "homeAgentAddress");
        if (tunnel.protocol() != IpProtocol.IPV6) {
            throw new IllegalArgumentException("the tunnel socket must be of protocol 41, not " + tunnel.protocol());
        }
        if (mtu < 1280 || mtu > 65_535) {
            throw new IllegalArgumentException("tunnel MTU " + mtu + " is not 1280-65535 (RFC 8200 section 5)");
        }
        this.mtu = mtu;
        tunnel.bind(homeAgentAddress);
        tunnel.unicastHopLimit(TUNNEL_HOP_LIMIT);
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    /**
     * Opens the real I/O in the calling thread's network namespace: the TUN device
     * {@code tunnelInterface} (exclusively: a device of that name held by another process is an
     * error) and a raw socket of protocol 41, bound to {@code homeAgentAddress}.
     */
    public static TunnelForwarder open(BindingCache cache, NetworkControl control, MonotonicClock clock,
            String tunnelInterface, Ipv6Address homeAgentAddress, int mtu) throws NetException {
        TunDevice tun = LinuxTunDevice.open(tunnelInterface, true);
        PacketSocket s = null;
        try {
            s = RawIpv6Socket.open(PacketSocketConfig.of(IpProtocol.IPV6));
            return new TunnelForwarder(cache, tun, s, control, clock, homeAgentAddress, mtu);
        } catch (NetException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            tun.close();
            throw e;
        }
    }

    /** Brings the TUN up with the MTU, sets {@code forwarding=1} and starts both loops. */
    public synchronized void start() throws NetException {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        control.linkUp(tun.name(), mtu);
        control.setSysctl(FORWARDING, "1");
        running = true;
        forwardThread = new Thread(this::forwardLoop, "had-tunnel-forward");
        reverseThread = new Thread(this::reverseLoop, "had-tunnel-reverse");
        forwardThread.setDaemon(true);
        reverseThread.setDaemon(true);
        forwardThread.start();
        reverseThread.start();
        started = true;
        LOG.info("tunnelling through {} (MTU {}) from {}", tun.name(), mtu, homeAgentAddress);
    }

    // ---------------------------------------------------------------- control path

    /**
     * Routes the binding's home address ({@code /128}) and its mobile network prefixes into the
     * TUN; on a refresh, routes for prefixes the binding no longer has are removed.
     */
    @Override
    public synchronized void onRegistered(Binding binding) {
        if (closed) {
            return;
        }
        Ipv6Address hoa = binding.homeAddress();
        List<Ipv6Prefix> prefixes = binding.mobileNetworkPrefixes();
        if (!prefixes.equals(mobileNetworks.getOrDefault(hoa, List.of()))) {
            if (prefixes.isEmpty()) {
                mobileNetworks.remove(hoa);
            } else {
                mobileNetworks.put(hoa, prefixes);
            }
            networks = MobileNetworks.of(mobileNetworks);
        }
        Set<Ipv6Prefix> wanted = new LinkedHashSet<>();
        wanted.add(new Ipv6Prefix(hoa, 128));
        wanted.addAll(prefixes);
        List<Ipv6Prefix> have = routed.getOrDefault(hoa, List.of());
        List<Ipv6Prefix> now = new ArrayList<>();
        for (Ipv6Prefix p : have) {
            if (wanted.contains(p)) {
                now.add(p);
            } else {
                removeRoute(p);
            }
        }
        for (Ipv6Prefix p : wanted) {
            if (!have.contains(p)) {
                try {
                    control.addRoute(p, tun.name(), null, 0);
                    now.add(p);
                } catch (NetException e) {
                    controlFailures.increment();
                    LOG.warn("cannot route {} into {}: {}", p, tun.name(), e.getMessage());
                }
            }
        }
        routed.put(hoa, now);
    }

    /** Removes the routes of {@code homeAddress} and its mobile network prefixes. */
    @Override
    public synchronized void onDeregistered(Ipv6Address homeAddress) {
        List<Ipv6Prefix> have = routed.remove(homeAddress);
        if (have != null) {
            have.forEach(this::removeRoute);
        }
        if (mobileNetworks.remove(homeAddress) != null) {
            networks = MobileNetworks.of(mobileNetworks);
        }
    }

    private void removeRoute(Ipv6Prefix p) {
        try {
            control.removeRoute(p, tun.name(), 0);
        } catch (NetException e) {
            controlFailures.increment();
            LOG.warn("cannot remove the route {} into {}: {}", p, tun.name(), e.getMessage());
        }
    }

    /** The prefixes routed into the TUN now, sorted. */
    public synchronized List<Ipv6Prefix> routedPrefixes() {
        List<Ipv6Prefix> all = new ArrayList<>();
        routed.values().forEach(all::addAll);
        all.sort((a, b) -> {
            int c = a.address().compareTo(b.address());
            return c != 0 ? c : Integer.compare(a.length(), b.length());
        });
        return all;
    }

    // ---------------------------------------------------------------- forward path

    private void forwardLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        BindingView view = new BindingView();
        CareOfDestinations careOf = new CareOfDestinations(cache.maxBindings());
        while (running) {
            buf.clear();
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
                buf.flip();
                forward(buf, view, careOf);
            }
        }
    }

    /**
     * Tunnels one packet read from the TUN, {@code packet[0, limit)}; package-private so tests can
     * drive it directly.
     */
    void forward(ByteBuffer packet, BindingView view, CareOfDestinations careOf) {
        int n = packet.limit();
        if (n < Ipv6Header.LENGTH || (packet.get(0) & 0xf0) != 0x60) {
            drops[Drop.FORWARD_MALFORMED.ordinal()].increment();
            return;
        }
        long dHi = packet.getLong(Ipv6Header.OFF_DESTINATION);
        long dLo = packet.getLong(Ipv6Header.OFF_DESTINATION + 8);
        if (!liveBinding(dHi, dLo, view)) {
            drops[Drop.FORWARD_NO_BINDING.ordinal()].increment();
            return;
        }
        Destination coa = careOf.of(view.careOfHi(), view.careOfLo());
        packet.position(0);
        try {
            if (tunnel.send(packet, coa) == n) {
                forwardedPackets.increment();
                forwardedBytes.add(n);
            } else {
                drops[Drop.FORWARD_SEND_FAILED.ordinal()].increment(); // no buffer space: dropped
            }
        } catch (NetException e) {
            drops[Drop.FORWARD_SEND_FAILED.ordinal()].increment();
            LOG.debug("tunnelling to {}: {}", coa, e.getMessage());
        }
    }

    /**
     * Fills {@code view} with the live binding that serves {@code hi:lo}: its own (a home
     * address) or, for an address inside a mobile network prefix, the mobile router's.
     */
    private boolean liveBinding(long hi, long lo, BindingView view) {
        long now = clock.millis();
        if (cache.lookup(hi, lo, view)) {
            return !view.expiredAt(now);
        }
        MobileNetworks nets = networks;
        int row = nets.find(hi, lo);
        return row >= 0 && cache.lookup(nets.homeAddressHi(row), nets.homeAddressLo(row), view)
                && !view.expiredAt(now);
    }

    /**
     * The forward loop's {@link Destination} per care-of address (one thread, not thread-safe): an
     * open-addressed table checked after the last one used, so a {@code Destination} is made the
     * first time a care-of address is tunnelled to, i.e. once per binding change, never per
     * packet. The table grows up to twice the binding cache's size; when that fills with care-of
     * addresses of old bindings it is emptied and refilled as packets come.
     */
    static final class CareOfDestinations {
        private final int maxEntries;
        private Destination[] table = new Destination[64];
        private int size;
        private Destination last;

        CareOfDestinations(int maxBindings) {
            this.maxEntries = Math.max(64, maxBindings * 2);
        }

        Destination of(long hi, long lo) {
            Destination d = last;
            if (d != null && d.address().hi() == hi && d.address().lo() == lo) {
                return d;
            }
            Destination[] t = table;
            int mask = t.length - 1;
            int i = slot(hi, lo, mask);
            while ((d = t[i]) != null) {
                if (d.address().hi() == hi && d.address().lo() == lo) {
                    last = d;
                    return d;
                }
                i = (i + 1) & mask;
            }
            d = Destination.of(new Ipv6Address(hi, lo));
            if (2 * (size + 1) > t.length) {
                if (size + 1 > maxEntries) {
                    table = new Destination[t.length];
                    size = 0;
                } else {
                    table = new Destination[t.length * 2];
                    size = 0;
                    for (Destination old : t) {
                        if (old != null) {
                            put(old);
                        }
                    }
                }
            }
            put(d);
            last = d;
            return d;
        }

        /** How many care-of addresses are kept. */
        int size() {
            return size;
        }

        private void put(Destination d) {
            Destination[] t = table;
            int mask = t.length - 1;
            int i = slot(d.address().hi(), d.address().lo(), mask);
            while (t[i] != null) {
                i = (i + 1) & mask;
            }
            t[i] = d;
            size++;
        }

        private static int slot(long hi, long lo, int mask) {
            long h = (hi ^ Long.rotateLeft(lo, 29)) * 0x9e3779b97f4a7c15L;
            return (int) (h >>> 32) & mask;
        }
    }

    // ---------------------------------------------------------------- reverse path

    private void reverseLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        PacketInfo info = new PacketInfo();
        BindingView view = new BindingView();
        while (running) {
            buf.clear();
            int n;
            try {
                n = tunnel.receive(buf, info, PacketSocket.WAIT_FOREVER);
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
                buf.flip();
                reverse(buf, info, view);
            }
        }
    }

    /**
     * Checks one reverse-tunnelled inner packet, {@code packet[0, limit)} (RFC 6275 10.4.5), and
     * hands it to the kernel; package-private so tests can drive it directly.
     */
    void reverse(ByteBuffer packet, PacketInfo info, BindingView view) {
        int n = packet.limit();
        if (info.truncated() || n < Ipv6Header.LENGTH || (packet.get(0) & 0xf0) != 0x60) {
            drops[Drop.REVERSE_MALFORMED.ordinal()].increment();
            return;
        }
        int length = Ipv6Header.LENGTH + (packet.getShort(Ipv6Header.OFF_PAYLOAD_LENGTH) & 0xffff);
        if (length > n) {
            drops[Drop.REVERSE_MALFORMED.ordinal()].increment();
            return;
        }
        long sHi = packet.getLong(Ipv6Header.OFF_SOURCE);
        long sLo = packet.getLong(Ipv6Header.OFF_SOURCE + 8);
        if (!liveBinding(sHi, sLo, view)) {
            drops[Drop.REVERSE_NO_BINDING.ordinal()].increment();
            return;
        }
        if (view.careOfHi() != info.sourceHi() || view.careOfLo() != info.sourceLo()) {
            drops[Drop.REVERSE_CARE_OF_MISMATCH.ordinal()].increment();
            return;
        }
        packet.limit(length).position(0);
        try {
            tun.write(packet);
            reversePackets.increment();
            reverseBytes.add(length);
        } catch (NetException e) {
            drops[Drop.REVERSE_WRITE_FAILED.ordinal()].increment();
            LOG.debug("writing into {}: {}", tun.name(), e.getMessage());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- counters

    /** Packets tunnelled to care-of addresses (forward path). */
    public long forwardedPackets() {
        return forwardedPackets.sum();
    }

    /** Bytes of the inner packets tunnelled to care-of addresses (without the 40-byte outer header). */
    public long forwardedBytes() {
        return forwardedBytes.sum();
    }

    /** Reverse-tunnelled packets accepted and handed to the kernel. */
    public long reverseTunnelledPackets() {
        return reversePackets.sum();
    }

    /** Bytes of the inner packets accepted from reverse tunnels. */
    public long reverseTunnelledBytes() {
        return reverseBytes.sum();
    }

    /** Packets dropped for {@code reason}. */
    public long drops(Drop reason) {
        return drops[reason.ordinal()].sum();
    }

    /** Routes that could not be installed or removed. */
    public long controlFailures() {
        return controlFailures.sum();
    }

    /** The TUN device's name. */
    public String tunnelInterface() {
        return tun.name();
    }

    public int mtu() {
        return mtu;
    }

    public Ipv6Address homeAgentAddress() {
        return homeAgentAddress;
    }

    // ---------------------------------------------------------------- stop

    /**
     * Removes every route, stops both loops (each within {@value #STOP_MILLIS} ms: closing the
     * TUN and the socket releases a waiting read at once) and closes the TUN, which makes the
     * device disappear. The forwarding sysctl goes back when the {@link NetworkControl} is closed.
     */
    @Override
    public void close() {
        Thread f;
        Thread r;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (List<Ipv6Prefix> l : routed.values()) {
                l.forEach(this::removeRoute);
            }
            routed.clear();
            mobileNetworks.clear();
            networks = MobileNetworks.EMPTY;
            running = false;
            f = forwardThread;
            r = reverseThread;
        }
        tun.close();
        tunnel.close();
        join(f);
        join(r);
    }

    private static void join(Thread t) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            LOG.warn("{} did not stop within {} ms", t.getName(), STOP_MILLIS);
        }
    }

    /** Whether both loops have ended (after {@link #close()}). */
    public boolean stopped() {
        Thread f;
        Thread r;
        synchronized (this) {
            f = forwardThread;
            r = reverseThread;
        }
        return !running && (f == null || !f.isAlive()) && (r == null || !r.isAlive());
    }

    /**
     * The mobile network prefixes of all bindings as an immutable table, longest prefixes first,
     * so the first match is the longest (RFC 3963 6.4: packets for a mobile network go to the
     * mobile router's care-of address). Rows of six longs: prefix, mask, home address.
     */
    private static final class MobileNetworks {
        static final MobileNetworks EMPTY = new MobileNetworks(new long[0]);
        private static final int ROW = 6;

        private final long[] rows;

        private MobileNetworks(long[] rows) {
            this.rows = rows;
        }

        static MobileNetworks of(Map<Ipv6Address, List<Ipv6Prefix>> byHomeAddress) {
            List<Map.Entry<Ipv6Prefix, Ipv6Address>> all = new ArrayList<>();
            byHomeAddress.forEach((hoa, l) -> l.forEach(p -> all.add(Map.entry(p, hoa))));
            all.sort((a, b) -> Integer.compare(b.getKey().length(), a.getKey().length()));
            long[] rows = new long[all.size() * ROW];
            int i = 0;
            for (Map.Entry<Ipv6Prefix, Ipv6Address> e : all) {
                Ipv6Prefix p = e.getKey();
                int len = p.length();
                rows[i] = p.address().hi();
                rows[i + 1] = p.address().lo();
                rows[i + 2] = len == 0 ? 0 : len >= 64 ? -1L : -1L << (64 - len);
                rows[i + 3] = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
                rows[i + 4] = e.getValue().hi();
                rows[i + 5] = e.getValue().lo();
                i += ROW;
            }
            return new MobileNetworks(rows);
        }

        /** The row of the longest prefix holding {@code hi:lo}, or -1. */
        int find(long hi, long lo) {
            long[] t = rows;
            for (int i = 0; i < t.length; i += ROW) {
                if ((hi & t[i + 2]) == t[i] && (lo & t[i + 3]) == t[i + 1]) {
                    return i;
                }
            }
            return -1;
        }

        long homeAddressHi(int row) {
            return rows[row + 4];
        }

        long homeAddressLo(int row) {
            return rows[row + 5];
        }

        @Override
        public String toString() {
            return "MobileNetworks" + Arrays.toString(rows);
        }
    }
}
