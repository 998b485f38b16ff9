package org.roam6.had;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.concurrent.atomic.LongAdder;
import org.roam6.binding.Binding;
import org.roam6.net.NetException;
import org.roam6.net.PacketSocket;
import org.roam6.net.SendOptions;
import org.roam6.runtime.MonotonicClock;
import org.roam6.wire.Ipv6Address;
import org.roam6.wire.MobilityExtensions;
import org.roam6.wire.icmp.HomeAgentUnreachable;
import org.roam6.wire.icmp.Icmpv6Codec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which home agent intercepts for a mobile node registered with several (DESIGN.md section 3,
 * paper 001; had/docs/multiha.md), in front of the data plane's {@link BindingListener} (the
 * /128 route and the proxy neighbour entry, RFC 6275 10.4.1).
 *
 * <ul>
 *   <li>A binding without a home agent list (no M bit: a plain RFC 6275 mobile node) is passed
 *       to the data plane as it comes: this home agent intercepts.
 *   <li>A binding with a list: the owner is the first home agent in the list that
 *       {@link PeerMonitor} holds alive, this one always alive ({@link #owner}); a list that does
 *       not name this home agent is read with it appended. Only the owner installs the route and
 *       the proxy entry; the others keep the binding, ready to take over.
 *   <li>Ownership is recomputed on each Binding Update (a new registration, a move, a refresh):
 *       a home agent that is no longer the owner withdraws its proxy entry and route; the new
 *       owner installs them.
 *   <li>When peers die ({@link #onPeersDied}), every binding whose owner was one of them gets
 *       the first home agent in its list still alive as owner; when that is this home agent it
 *       takes over at once: route and proxy entry installed (the data plane's registration
 *       path, which also sends the unsolicited Neighbor Advertisements with Override), and one
 *       ICMPv6 Home Agent Unreachable sent to the mobile node's care-of address from this home
 *       agent's address, listing the dead home agents of its list.
 *   <li>A peer coming back takes nothing back by itself: the owner stays until the mobile
 *       node's next Binding Update.
 * </ul>
 *
 * <p>Thread-safe: Binding Updates come from the signalling thread (under {@link HomeRegistration}'s
 * lock), deaths from the timer thread.
 */
public final class InterceptionOwner implements BindingListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InterceptionOwner.class);

    /** What this home agent knows of one binding. */
    private static final class Tracked {
        Binding binding;
        /** The binding's list as read here (this home agent appended when absent); empty without M. */
        List<Ipv6Address> homeAgents;
        /** Who intercepts, as this home agent believes. */
        Ipv6Address owner;
        /** Whether this home agent has the route and proxy entry installed. */
        boolean intercepting;
    }

    private final Ipv6Address self;
    private final BindingListener dataPlane;
    private final PeerMonitor peers;
    private final MonotonicClock clock;
    private final PacketSocket icmp;
    private final MobilityExtensions ext;
    private final HomeAgentStats stats;
    private final Map<Ipv6Address, Tracked> bindings = new HashMap<>();
    private final LongAdder takeoverFailures = new LongAdder();
    private boolean closed;

    /**
     * @param self this home agent's address
     * @param dataPlane the route and proxy entry part, told only while this home agent intercepts
     * @param peers the liveness of the other home agents; this object watches the peers of its bindings
     * @param clock the monotonic clock the monitor's times are on
     * @param icmp an ICMPv6 socket to send Home Agent Unreachable on (the kernel fills the
     *     checksum); owned by this object from now on and closed by {@link #close()}
     * @param ext the multi-HA code points (the message's ICMPv6 type)
     * @param stats where takeovers and messages are counted
     */
    public InterceptionOwner(Ipv6Address self, BindingListener dataPlane, PeerMonitor peers, MonotonicClock clock,
            PacketSocket icmp, MobilityExtensions ext, HomeAgentStats stats) {
        this.self = Objects.requireNonNull(self, "self");
        this.dataPlane = Objects.requireNonNull(dataPlane, "dataPlane");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.icmp = Objects.requireNonNull(icmp, "icmp");
        this.ext = Objects.requireNonNull(ext, "ext");
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /**
     * The home agent that intercepts for a mobile node registered with {@code homeAgents}: the
     * first one that is {@code self} or {@code alive}; {@code self} when the list is empty or
     * none before it in the list is alive (a list without {@code self} is read with it appended).
     */
    public static Ipv6Address owner(List<Ipv6Address> homeAgents, Ipv6Address self, Predicate<Ipv6Address> alive) {
        for (Ipv6Address a : homeAgents) {
            if (a.equals(self) || alive.test(a)) {
                return a;
            }
        }
        return self;
    }

    @Override
    public synchronized void onRegistered(Binding binding) {
        follow(binding, true);
    }

    @Override
    public synchronized void onRefreshed(Binding binding) {
        follow(binding, false);
    }

    /** A Binding Update for {@code b} was accepted: recompute the owner, install or withdraw. */
    private void follow(Binding b, boolean moved) {
        if (closed) {
            return;
        }
        Ipv6Address hoa = b.homeAddress();
        Tracked t = bindings.get(hoa);
        boolean known = t != null;
        if (!known) {
            t = new Tracked();
            t.homeAgents = List.of();
            // a refresh of a binding not seen before: it was registered before this part ran, plainly
            t.intercepting = !moved;
            bindings.put(hoa, t);
        }
        List<Ipv6Address> list = readList(b.homeAgents());
        long now = clock.nanoTime();
        for (Ipv6Address a : list) {
            peers.watch(a, now); // before unwatching the old list: a peer in both keeps its state
        }
        for (Ipv6Address a : t.homeAgents) {
            peers.unwatch(a);
        }
        t.binding = b;
        t.homeAgents = list;
        Ipv6Address owner = owner(list, self, peers::isAlive);
        Ipv6Address before = t.owner;
        t.owner = owner;
        if (owner.equals(self)) {
            if (moved || !t.intercepting) {
                t.intercepting = true;
                if (known && before != null && !before.equals(self)) {
                    LOG.info("{}: this home agent intercepts again (was {})", hoa, before);
                }
                dataPlane.onRegistered(b); // a failure fails the registration (and comes back as onDeregistered)
            }
        } else if (t.intercepting) {
            t.intercepting = false;
            LOG.info("{}: {} is the first live home agent in its list; withdrawing the proxy entry and route", hoa,
                    owner);
            dataPlane.onDeregistered(hoa);
        }
    }

    /** The binding's list, with this home agent appended when absent; empty without M. */
    private List<Ipv6Address> readList(List<Ipv6Address> homeAgents) {
        if (homeAgents.isEmpty()) {
            return List.of();
        }
        List<Ipv6Address> out = new ArrayList<>(homeAgents.size() + 1);
        for (Ipv6Address a : homeAgents) {
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        if (!out.contains(self)) {
            out.add(self);
        }
        return List.copyOf(out);
    }

    @Override
    public synchronized void onDeregistered(Ipv6Address homeAddress) {
        Tracked t = bindings.remove(homeAddress);
        if (t != null) {
            for (Ipv6Address a : t.homeAgents) {
                peers.unwatch(a);
            }
        }
        if (t == null || t.intercepting) {
            dataPlane.onDeregistered(homeAddress);
        }
    }

    /**
     * Peers found dead ({@link PeerMonitor#check}): every binding whose owner was one of them
     * gets a new owner, the first live home agent of its list; where that is this home agent it
     * takes over (route and proxy entry, then one Home Agent Unreachable to the care-of
     * address naming the dead home agents of the list). Returns the number of takeovers.
     */
    public synchronized int onPeersDied(List<Ipv6Address> dead) {
        if (closed || dead.isEmpty()) {
            return 0;
        }
        int takeovers = 0;
        for (Tracked t : bindings.values()) {
            if (t.owner == null || !dead.contains(t.owner)) {
                continue;
            }
            Ipv6Address owner = owner(t.homeAgents, self, peers::isAlive);
            Ipv6Address previous = t.owner;
            t.owner = owner;
            if (!owner.equals(self) || t.intercepting) {
                continue;
            }
            Binding b = t.binding;
            try {
                dataPlane.onRegistered(b);
            } catch (RuntimeException e) {
                takeoverFailures.increment();
                LOG.warn("taking over interception for {} from {} failed: {}", b.homeAddress(), previous, e.toString());
                continue;
            }
            t.intercepting = true;
            takeovers++;
            stats.takeover();
            LOG.warn("home agent {} is dead: this home agent now intercepts for {} (care-of {})", previous,
                    b.homeAddress(), b.careOfAddress());
            List<Ipv6Address> unreachable = new ArrayList<>();
            for (Ipv6Address a : t.homeAgents) {
                if (!a.equals(self) && !peers.isAlive(a)) {
                    unreachable.add(a);
                }
            }
            sendUnreachable(b, unreachable);
        }
        return takeovers;
    }

    /** One ICMPv6 Home Agent Unreachable (common-wire {@link HomeAgentUnreachable}) to the care-of address. */
    private void sendUnreachable(Binding b, List<Ipv6Address> dead) {
        HomeAgentUnreachable m = new HomeAgentUnreachable(dead);
        byte[] buf = new byte[Icmpv6Codec.encodedLength(m)];
        int len = Icmpv6Codec.encode(m, buf, 0, ext);
        try {
            icmp.send(buf, 0, len, b.careOfAddress(), SendOptions.NONE.withSource(self));
            stats.homeAgentUnreachableSent();
        } catch (NetException e) {
            stats.drop(HomeAgentStats.Drop.SEND_FAILED);
            LOG.warn("Home Agent Unreachable to {} for {} not sent: {}", b.careOfAddress(), b.homeAddress(),
                    e.getMessage());
        }
    }

    /** Whether this home agent intercepts for {@code homeAddress} now. */
    public synchronized boolean intercepts(Ipv6Address homeAddress) {
        Tracked t = bindings.get(homeAddress);
        return t != null && t.intercepting;
    }

    /** Who intercepts for {@code homeAddress}, as this home agent believes; null when it has no binding. */
    public synchronized Ipv6Address ownerOf(Ipv6Address homeAddress) {
        Tracked t = bindings.get(homeAddress);
        return t == null ? null : t.owner == null ? self : t.owner;
    }

    /** Takeovers the data plane refused (logged; the mobile node's next Binding Update tries again). */
    public long takeoverFailures() {
        return takeoverFailures.sum();
    }

    /** Closes the ICMPv6 socket; the data plane's own close removes what it installed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        icmp.close();
    }
}
